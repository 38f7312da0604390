import XCTest
@testable import TendCore

final class JSONTests: XCTestCase {
    func testRoundTripKeepsEveryValue() throws {
        let v: JSON = ["s": "a\"b\\c\nd\té", "n": 12.5, "i": -3, "b": true, "z": nil, "a": [1, "x", ["k": false]]]
        XCTAssertEqual(try JSON.parse(v.text), v)
        XCTAssertEqual(try JSON.parse(v.pretty), v)
    }

    func testKeysAreWrittenSorted() {
        let v: JSON = ["b": 1, "a": 2, "c": 3]
        XCTAssertEqual(v.text, #"{"a":2,"b":1,"c":3}"#)
    }

    func testControlCharactersAreEscapedSoALineStaysOneLine() {
        let text = JSON.string("x\u{1B}]0;evil\u{07}\r\ny\u{2028}").text
        XCTAssertFalse(text.contains("\n"))
        XCTAssertFalse(text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x2028 })
        XCTAssertEqual(try JSON.parse(text), .string("x\u{1B}]0;evil\u{07}\r\ny\u{2028}"))
    }

    func testSurrogatePairsDecode() throws {
        XCTAssertEqual(try JSON.parse(#""\ud83d\ude00 \u00e9""#), .string("😀 é"))
    }

    func testMalformedInputIsAnErrorWithAPosition() {
        for bad in [#"{"a":1"#, #"{"a" 1}"#, "[1,]", #""unterminated"#, "tru", "{} x", "01x", #"{"a":"\q"}"#, ""] {
            XCTAssertThrowsError(try JSON.parse(bad), bad) { e in
                XCTAssertTrue(e is JSONError, "\(bad): \(e)")
            }
        }
    }

    func testDeepNestingIsRefusedNotACrash() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        XCTAssertThrowsError(try JSON.parse(deep))
    }
}
