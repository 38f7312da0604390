import XCTest

@testable import TendCore

/// A filter's rows as positions in the whole list read as the array of those rows would.
final class RowsTests: XCTestCase {
    let whole = ["a", "b", "c", "d", "e"]

    func testPickedRowsReadAsTheArrayOfThoseRows() {
        let picked = Rows(whole, picked: [1, 3, 4])
        let copied = ["b", "d", "e"]
        XCTAssertEqual(Array(picked), copied)
        XCTAssertEqual(picked.count, 3)
        XCTAssertEqual(picked[1], "d")
        XCTAssertEqual(picked.position(1), 3, "row 1 is the whole list's fourth")
        XCTAssertEqual(picked.map { $0.uppercased() }, copied.map { $0.uppercased() })
        XCTAssertEqual(picked.firstIndex { $0 > "c" }, copied.firstIndex { $0 > "c" })
        XCTAssertNil(picked.firstIndex { $0 == "a" }, "a row not picked is not found")
        XCTAssertEqual(picked, Rows(copied), "equal as rows, however they are held")
        XCTAssertNotEqual(picked, Rows(whole))
    }

    func testWithoutPickedRowsEveryRowIsShown() {
        let all = Rows(whole)
        XCTAssertEqual(Array(all), whole)
        XCTAssertEqual((0..<5).map(all.position), [0, 1, 2, 3, 4])
        XCTAssertTrue(Rows(whole, picked: []).isEmpty)
        let literal: Rows<String> = ["x"]
        XCTAssertEqual(Array(literal), ["x"])
    }
}
