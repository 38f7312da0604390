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

    /// Integers are read without making their text: the same value as `Double(text)`, sign of
    /// zero included, and longer ones (or fractions, exponents) by the general path.
    func testIntegersReadInPlaceAreTheNumbersTheTextSays() throws {
        for text in [
            "0", "-0", "7", "-12", "123456789012345", "-999999999999999", "1234567890123456",
            "12345678901234567890", "1.5", "1e3", "-0.0", "9007199254740993",
        ] {
            guard case .number(let n) = try JSON.parse(text) else { return XCTFail(text) }
            let want = try XCTUnwrap(Double(text))
            XCTAssertEqual(n, want, text)
            XCTAssertEqual(n.sign, want.sign, text)
        }
        // Inside a line, followed by what ends a number.
        guard case .array(let a) = try JSON.parse("[1,-2 ,30]"), case .object(let o) = try JSON.parse(#"{"v":1}"#)
        else { return XCTFail() }
        XCTAssertEqual(a, [.number(1), .number(-2), .number(30)])
        XCTAssertEqual(o["v"], .number(1))
    }

    /// Where a string's plain run ends, read eight bytes at a time, is where a byte-by-byte scan
    /// ends: a quote, a backslash or a control byte at every place of a word, after any prefix,
    /// and bytes of accented letters (0x80 and up), which end nothing.
    func testThePlainRunOfAStringEndsWhereAByteScanEndsIt() {
        func byByte(_ b: [UInt8], _ from: Int) -> Int {
            var j = from
            while j < b.count, b[j] != 0x22, b[j] != 0x5C, b[j] >= 0x20 { j += 1 }
            return j
        }
        let fill: [UInt8] = Array("aZ9 ~éü€".utf8)
        for stop: UInt8 in [0x22, 0x5C, 0x00, 0x0A, 0x1F, 0x7F, 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x80, 0xFF] {
            for length in 0..<40 {
                for at in 0...length {
                    var b = (0..<length).map { fill[$0 % fill.count] }
                    if at < length { b[at] = stop }
                    for from in [0, 1, 7] where from <= length {
                        let found = b.withUnsafeBufferPointer { JSONParser($0).plainEnd(from: from) }
                        XCTAssertEqual(found, byByte(b, from), "stop \(stop) at \(at) of \(length) from \(from)")
                    }
                }
            }
        }
    }

    /// An event's envelope keys are told from their bytes, and the same event is read when a key
    /// or the time is written with escapes, or a key twice (the last wins).
    func testAnEventReadsTheSameWhateverWayItsKeysAndTimeAreWritten() throws {
        let plain =
            #"{"v":1,"id":"e1","at":"2026-11-23T09:00:00.000Z","rep":"ann","type":"note","contact":"c1","text":"hi"}"#
        let escaped =
            #"{"\u0076":1,"i\u0064":"e1","\u0061t":"2026-11-23T09:00:00.000\u005A","rep":"ann","type":"note","contact":"c1","t\u0065xt":"hi"}"#
        XCTAssertTrue(escaped.contains(#"\u0061t"#), "the line holds its escapes")
        let twice =
            #"{"v":1,"id":"e1","at":"2020-01-01T00:00:00Z","rep":"bob","type":"note","contact":"c1","text":"hi","at":"2026-11-23T09:00:00.000Z","rep":"ann"}"#
        let a = try Event.parse(line: Array(plain.utf8))
        XCTAssertEqual(a.at, Timestamp.parseISO("2026-11-23T09:00:00Z"))
        XCTAssertEqual(a.fields["text"], .string("hi"))
        XCTAssertEqual(try Event.parse(line: Array(escaped.utf8)), a)
        XCTAssertEqual(try Event.parse(line: Array(twice.utf8)), a)
        for (line, message) in [
            (plain.replacingOccurrences(of: #""2026-11-23T09:00:00.000Z""#, with: "20261123"), "missing or bad \"at\""),
            (plain.replacingOccurrences(of: "2026-11-23T09", with: "2026-11-23X09"), "missing or bad \"at\""),
            (plain.replacingOccurrences(of: #""at":"#, with: #""At":"#), "missing or bad \"at\""),
            (#"{"v":1,"id":"e1","at":"2026-11-23T09:00:00.000Z"#, "unterminated string"),
        ] {
            XCTAssertThrowsError(try Event.parse(line: Array(line.utf8)), line) { e in
                XCTAssertTrue("\(e)".contains(message), "\(line): \(e)")
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
