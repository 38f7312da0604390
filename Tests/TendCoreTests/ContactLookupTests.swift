import XCTest

@testable import TendCore

final class ContactLookupTests: XCTestCase {
    var book = Book()

    override func setUp() {
        book = Book()
        book.contact("k3x9p2", "Dana Wu")
        book.contact("k3y111", "Dana Smith")
        book.contact("m00000", "Zoë Müller")
        book.contact("q11111", "李雷")
    }

    func find(_ q: String) throws -> String { try ContactLookup.find(q, in: book.state).id }

    func testByIdPrefixExactNameOrWords() throws {
        XCTAssertEqual(try find("k3x"), "k3x9p2")
        XCTAssertEqual(try find("dana wu"), "k3x9p2")
        XCTAssertEqual(try find("wu"), "k3x9p2")
        XCTAssertEqual(try find("zoe muller"), "m00000", "accents and case are ignored")
        XCTAssertEqual(try find("李雷"), "q11111")
    }

    func testAmbiguousNamesListTheCandidates() {
        XCTAssertThrowsError(try find("dana")) { e in
            let text = "\(e)"
            XCTAssertTrue(text.contains("matches 2 contacts"), text)
            XCTAssertTrue(text.contains("k3x9p2 Dana Wu") && text.contains("k3y111 Dana Smith"), text)
        }
    }

    func testUnknownNamesSuggestCloseOnes() {
        XCTAssertThrowsError(try find("Dnaa")) { e in
            XCTAssertTrue("\(e)".contains("unknown contact \"Dnaa\""), "\(e)")
            XCTAssertTrue("\(e)".contains("Dana Wu"), "\(e)")
        }
        XCTAssertThrowsError(try find("nobody at all"))
    }
}
