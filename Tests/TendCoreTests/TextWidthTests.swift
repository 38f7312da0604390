import XCTest

@testable import TendCore

final class TextWidthTests: XCTestCase {
    func testWideAndCombiningCharacters() {
        XCTAssertEqual(TextWidth.width("李雷"), 4)
        XCTAssertEqual(TextWidth.width("Zoë"), 3)
        XCTAssertEqual(TextWidth.width("Zoe\u{308}"), 3, "a combining diaeresis takes no column")
        XCTAssertEqual(TextWidth.width("😀"), 2)
        XCTAssertEqual(TextWidth.fit("李雷李雷", 5), "李雷…")
        XCTAssertEqual(TextWidth.fit("李雷李雷", 6), "李雷… ", "a wide character that does not fit leaves a blank")
        XCTAssertEqual(TextWidth.width(TextWidth.fit("李雷李雷", 5)), 5)
        // Told from the bytes (below U+0300) or scalar by scalar: the same count either way.
        XCTAssertEqual(TextWidth.width("Zoë Müller ßøł"), 14)
        XCTAssertEqual(TextWidth.width("Zoë\u{301}€"), 4, "a mark after Latin, then a sign beyond U+02FF")
        XCTAssertEqual(TextWidth.width(""), 0)
    }

    func testPlainTextIsHandedBackAndEveryControlStillCaught() {
        XCTAssertEqual(TextWidth.safe("Zoë Müller · Łódź"), "Zoë Müller · Łódź")
        for hidden in ["a\u{85}b", "a\u{A0}b\u{9B}", "x\u{61C}y", "x\u{200F}y", "x\u{2066}y", "x\u{FEFF}y", "\u{7F}"] {
            XCTAssertNotEqual(TextWidth.safe(hidden), hidden, "\(hidden.unicodeScalars.map { $0.value })")
        }
    }

    func testEscapeSequencesAreShownNotSent() {
        let s = TextWidth.safe("A\u{1B}]0;pwned\u{07}B\u{1B}[2J\u{202E}C\nD")
        XCTAssertFalse(s.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x202E })
        XCTAssertEqual(s, "A\\e]0;pwned\\u{7}B\\e[2J\\u{202e}C⏎ D")
    }

    func testZeroWidthCharactersAreShownSoANameCannotHideTextOrPassForAnother() {
        let s = TextWidth.safe("Dana\u{200B}Wu\u{200C}\u{200D}\u{2060}\u{FEFF}!")
        XCTAssertEqual(s, "Dana\\u{200b}Wu\\u{200c}\\u{200d}\\u{2060}\\u{feff}!")
        XCTAssertNotEqual(
            TextWidth.safe("Dana\u{200B} Wu"), TextWidth.safe("Dana Wu"), "two names that look alike read apart")
    }
}

final class WrapTests: XCTestCase {
    func testWrapsAtSpacesCountsWideCharactersAndBreaksOverlongWords() {
        XCTAssertEqual(
            TextWidth.wrap("she wants two seats and a demo", to: 10), ["she wants", "two seats", "and a demo"])
        XCTAssertEqual(TextWidth.wrap("李雷李雷李雷 ok", to: 8), ["李雷李雷", "李雷 ok"])
        XCTAssertEqual(TextWidth.wrap("abcdefghij", to: 4), ["abcd", "efgh", "ij"])
        XCTAssertEqual(TextWidth.wrap("", to: 5), [""])
        XCTAssertEqual(TextWidth.wrap("李", to: 1), ["李"], "never loops on a character wider than the line")
        for line in TextWidth.wrap(String(repeating: "Zoë Müller 李雷 ", count: 40), to: 23) {
            XCTAssertLessThanOrEqual(TextWidth.width(line), 23, line)
        }
    }
}

final class TruncateMiddleTests: XCTestCase {
    func testTheEndOfAMessageStaysInView() {
        let msg =
            "data dir /home/ann/.local/share/tend can be read by others (mode 755); run: chmod 700 /home/ann/.local/share/tend"
        let cut = TextWidth.truncateMiddle(msg, to: 60)
        XCTAssertLessThanOrEqual(TextWidth.width(cut), 60)
        XCTAssertTrue(cut.hasPrefix("data dir"), cut)
        XCTAssertTrue(cut.hasSuffix("chmod 700 /home/ann/.local/share/tend"), cut)
        XCTAssertTrue(cut.contains("…"))
        XCTAssertEqual(TextWidth.truncateMiddle("short", to: 60), "short")
        XCTAssertTrue(
            TextWidth.truncateMiddle("x" + String(repeating: "a", count: 100) + "END", to: 20, keepingEnd: 18)
                .hasSuffix("END"))
    }
}
