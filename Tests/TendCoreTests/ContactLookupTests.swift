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

    func testAmbiguousNamesListTheCandidates() throws {
        XCTAssertThrowsError(try find("dana")) { e in
            let text = "\(e)"
            XCTAssertTrue(text.contains("matches 2 contacts"), text)
            XCTAssertTrue(text.contains("k3x9p2 Dana Wu") && text.contains("k3y111 Dana Smith"), text)
            let smith = text.range(of: "Dana Smith"), wu = text.range(of: "Dana Wu")
            XCTAssertLessThan(smith!.lowerBound, wu!.lowerBound, "by name: \(text)")
        }
        // Same name twice: by id; an id prefix first, then names holding the words.
        book.contact("a00001", "Dana Wu")
        XCTAssertThrowsError(try find("Dana Wu")) { e in
            XCTAssertTrue("\(e)".contains("a00001 Dana Wu, k3x9p2 Dana Wu"), "\(e)")
        }
        book.contact("dan001", "Someone Else")
        book.contact("dan002", "Another One")
        XCTAssertThrowsError(try find("dan")) { e in
            XCTAssertTrue(
                "\(e)".contains(
                    "matches 5 contacts: dan002 Another One, dan001 Someone Else, k3y111 Dana Smith, a00001 Dana Wu, "
                        + "k3x9p2 Dana Wu;"), "\(e)")
        }
    }

    func testWordsAreLookedForInTheNameAndTheCompany() throws {
        var c = book.contact("p00001", "Åsa Berg")
        c.company = "Fjord  Print"
        book.apply(.addContact(c))
        var d = book.contact("p00002", "Asa Berg")
        d.company = "Holm Logistik"
        book.apply(.addContact(d))
        XCTAssertEqual(try find("asa fjord"), "p00001", "an accent in the name, two spaces in the company")
        XCTAssertEqual(try find("berg  print"), "p00001")
        XCTAssertEqual(try find("ASA HOLM"), "p00002")
        XCTAssertThrowsError(try find("asa berg"), "both are Asa Berg, accents aside")
        XCTAssertEqual(try find("müller"), "m00000", "a word with an accent, in a name with one")
    }

    /// The fold told from ASCII bytes is Foundation's, for every ASCII character in a name.
    func testTheASCIIFoldIsFoundationsFold() {
        for byte in UInt8(0)..<0x80 {
            let s = "  Ab\(Character(Unicode.Scalar(byte)))cD  e\tF "
            let foundation = s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
                .split(whereSeparator: \.isWhitespace).joined(separator: " ")
            XCTAssertEqual(ContactLookup.foldASCII(s), foundation, "byte \(byte)")
        }
        XCTAssertNil(ContactLookup.foldASCII("Zoë"), "not ASCII: Foundation folds it")
        XCTAssertEqual(ContactLookup.fold("  Zoë   MÜLLER "), "zoe muller")
    }

    func testUnknownNamesSuggestCloseOnes() {
        XCTAssertThrowsError(try find("Dnaa")) { e in
            XCTAssertTrue("\(e)".contains("unknown contact \"Dnaa\""), "\(e)")
            XCTAssertTrue("\(e)".contains("Dana Wu"), "\(e)")
        }
        XCTAssertThrowsError(try find("nobody at all"))
        XCTAssertThrowsError(try find("  ")) { e in
            XCTAssertEqual("\(e)", "no contact given: name one by its id (or its first 3 characters) or its name")
        }
        XCTAssertThrowsError(try find("K3")) { e in
            XCTAssertTrue("\(e)".contains("(an id is found by its first 3 characters or more)"), "\(e)")
        }
        var c = book.contact("w00001", "Dana Weiss")
        c.company = "Acme"
        book.apply(.addContact(c))
        XCTAssertThrowsError(try find("Dnaa")) { e in
            XCTAssertTrue("\(e)".contains("Dana Weiss · Acme (w00001)"), "a namesake told apart by company: \(e)")
        }
    }
}
