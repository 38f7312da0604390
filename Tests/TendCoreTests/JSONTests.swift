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
        // Alone among plain text (the path that appends a string whole), the separators still go.
        XCTAssertEqual(JSON.string("Zoë\u{2028}next\u{2029}").text, #""Zoë\u2028next\u2029""#)
        XCTAssertEqual(JSON.string("Zoë – “ok”").text, "\"Zoë – “ok”\"", "other text is written as it is")
        XCTAssertEqual(JSON.string("a\"b\\").text, #""a\"b\\""#)
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

    func testNumbersFollowTheJSONGrammarExactly() throws {
        for good in ["0", "-0", "7", "-12", "1.5", "0.5", "1e3", "1E+3", "2.5e-2", "10"] {
            XCTAssertNoThrow(try JSON.parse(good), good)
        }
        // (text, the 1-based byte the error names: where the number goes wrong)
        let bad: [(String, Int)] = [
            ("01", 2), ("1.", 3), ("00.5", 2), (".5", 1), ("-", 2), ("1e", 3), ("1.e3", 3),
            ("+1", 1), (#"{"v":01}"#, 7), ("[1.]", 4),
        ]
        for (text, byte) in bad {
            XCTAssertThrowsError(try JSON.parse(text), text) { e in
                XCTAssertEqual((e as? JSONError)?.offset, byte - 1, "\(text): \(e)")
                XCTAssertTrue("\(e)".hasSuffix("at byte \(byte)"), "\(text): \(e)")
            }
        }
    }

    func testAnEventLineWithALeadingZeroVersionIsMalformedWithItsByte() {
        let line = #"{"v":01,"id":"e1","at":"2026-11-23T09:00:00.000Z","rep":"ann","type":"note"}"#
        XCTAssertThrowsError(try Event.parse(line: Array(line.utf8))) { e in
            XCTAssertTrue("\(e)".contains("no leading zeros at byte 7"), "\(e)")
        }
    }

    /// One view written against `JSONFields` twice: into a `JSON` value, and straight into bytes.
    private func view<F: JSONFields>(_ f: inout F, _ n: Int) {
        f.field("a_number", Double(n) * 1.5)
        f.field("cents", Double(840_000 + n))
        f.object("empty", Optional(0)) { _, _ in }
        f.field("escaped", "\"q\" \\ \t\n\u{1} \u{7F} \u{2028}\u{2029} € ✓")
        f.object("nested", Optional(n)) { f, n in
            f.field("deep", strings: n == 0 ? [] : ["x", "y\"z"])
            f.null("none")
        }
        f.object("no_object", Int?.none) { _, _ in }
        f.field("tags", strings: [])
        f.field("text", n == 1 ? nil : "plain")
    }

    func testTheByteWriterGivesThePrettyBytesOfTheSameValue() {
        for count in [0, 1, 3] {
            var built: [JSON] = []
            for n in 0..<count {
                var b = JSONObjectBuilder()
                view(&b, n)
                built.append(b.json)
            }
            var streamed: [UInt8] = []
            PrettyJSONWriter.streamArray(0..<count, each: { self.view(&$0, $1) }, write: { streamed += $0 })
            XCTAssertEqual(String(decoding: streamed, as: UTF8.self), JSON.array(built).pretty, "\(count) elements")
        }
    }

    /// Written on two threads, a batch at a time: the same bytes as one writer's, in order, for
    /// every way the elements fall into batches and halves (none, one, a batch short, exact, one
    /// over, odd halves).
    func testTheTwoThreadWriterGivesTheOneWritersBytes() {
        let batch = 8
        for count in [0, 1, 7, 15, 16, 17, 24, 33, 100] {
            var one: [UInt8] = [], two: [UInt8] = []
            PrettyJSONWriter.streamArray(0..<count, each: { self.view(&$0, $1) }, write: { one += $0 })
            var pieces = 0
            PrettyJSONWriter.streamArray(
                Array(0..<count), sideBySide: batch, each: { self.view(&$0, $1) },
                write: {
                    two += $0
                    pieces += 1
                })
            XCTAssertEqual(String(decoding: two, as: UTF8.self), String(decoding: one, as: UTF8.self), "\(count)")
            if count >= 2 * batch {
                XCTAssertEqual(pieces, 1 + 2 * ((count + batch - 1) / batch), "a batch's halves at a time: \(count)")
            }
        }
    }
}
