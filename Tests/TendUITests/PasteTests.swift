import TendCore
import XCTest

@testable import TendUI

/// Bracketed paste: a paste is text for the field that has the keyboard, never keys.
final class PasteTests: XCTestCase {
    func paste(_ m: inout Model, _ text: String) -> [Effect] { Update.update(&m, .paste(text)) }

    func testAPastedNoteKeepsItsLinesAndNoneOfItsLettersActAsKeys() throws {
        var m = Demo.model()
        m.select("Dana Wu")
        m.press(action: .addNote)
        let text = "spoke with Dana\r\rshe wants 2 seats\r* send the quote @fri\r* they: confirm start date @wed"
        XCTAssertEqual(paste(&m, text), [], "nothing written, no screen switched, no editor opened")
        guard case .call(let flow) = m.mode else { return XCTFail("still on the note: \(m.mode)") }
        XCTAssertEqual(
            flow.note.lines,
            ["spoke with Dana", "", "she wants 2 seats", "* send the quote @fri", "* they: confirm start date @wed"])
        XCTAssertEqual(m.screen, .today, "the `2` in the paste did not switch screens")
        XCTAssertNotNil(m.press(.ctrl("d")).first { if case .append = $0 { return true } else { return false } })
    }

    func testAPasteIntoAOneLineFieldBecomesOneLineAndControlCharactersGo() {
        var m = Demo.model()
        m.press(action: .search)
        _ = paste(&m, "Zo\u{1B}ë\nMüller")
        guard case .search(let input, _) = m.mode else { return XCTFail("\(m.mode)") }
        XCTAssertEqual(input.text, "Zoë Müller")
        XCTAssertEqual(m.agenda.items[m.sel.today].name, "Zoë Müller", "the search ran on the pasted text")
    }

    func testAPasteOutsideAFieldIsRefusedAndDoesNothing() {
        var m = Demo.model()
        let before = m.sel
        XCTAssertEqual(paste(&m, "2e a q"), [])
        XCTAssertEqual(m.mode, .normal)
        XCTAssertEqual(m.screen, .today)
        XCTAssertEqual(m.sel, before)
        XCTAssertEqual(m.quit, false)
        XCTAssertTrue(m.message?.text.contains("pasted text ignored") == true)
    }

    func testAnEmptyNoteEndsOnEnterAndSavesNothing() {
        var m = Demo.model()
        m.press(action: .addNote)
        XCTAssertEqual(m.press(.enter), [])
        XCTAssertEqual(m.mode, .normal)
        XCTAssertEqual(m.message?.text, "empty note: nothing saved")
    }
}

/// Long text on screen: the note field wraps as it is typed, and the timeline shows whole notes.
final class LongTextTests: XCTestCase {
    let long =
        "She wants two seats from January, asks whether the Munich office can join later in the spring, "
        + "and needs the invoice to name the cost centre 4711 exactly"

    func testTheNoteFieldWrapsWordWiseAndKeepsTheCaretInView() {
        var m = Demo.model()
        m.select("Dana Wu")
        m.press(action: .addNote)
        m.type(long)
        m.width = 50
        let screen = m.render(50, 20).text
        for word in ["She", "Munich", "spring,", "centre", "4711", "exactly▌"] {
            XCTAssertTrue(screen.contains(word), "\(word) is on screen:\n\(screen)")
        }
    }

    func testTheTimelineShowsAWholeLongNoteWrapped() throws {
        var m = Demo.model()
        m.select("Dana Wu")
        m.press(action: .addNote)
        m.type(long)
        guard case .append(let planned, _)? = m.press(.ctrl("d")).last else { return XCTFail("no save") }
        var state = m.state
        for (i, p) in planned.enumerated() {
            let c = p.change
            state.apply(
                Event(
                    id: "long\(i)", at: Timestamp(ms: m.clock.now.ms + Int64(i)), rep: "ann", type: c.type,
                    fields: c.fields))
        }
        _ = Update.update(&m, .appended(ids: ["long0"], purpose: .user(label: "noted"), state: state))
        m.press(action: .open)
        m.width = 60
        let screen = m.render(60, 40).text
        let words = screen.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        XCTAssertTrue(
            words.contains(long.split(separator: " ").joined(separator: " ")), "every word, in order:\n\(screen)")
        for line in screen.split(separator: "\n") where line.contains("Munich") || line.contains("4711") {
            XCTAssertFalse(line.contains("…"), "nothing cut: \(line)")
        }
    }
}

/// A terminal that is not UTF-8 gets ASCII, laid out as the UTF-8 screen is.
final class ASCIIScreenTests: XCTestCase {
    func testEveryScreenIsASCIIWithNamesTransliteratedAndTheTabBarWhole() {
        var m = Demo.model()
        m.ascii = true
        for screen in ["1", "2", "3", "4"] {
            m.press(.char(Character(screen)))
            let text = m.render(100, 30).text
            XCTAssertTrue(text.unicodeScalars.allSatisfy { $0.isASCII }, "screen \(screen):\n\(text)")
            XCTAssertTrue(text.contains("1 Today") && text.contains("4 Stats"), "the tab bar:\n\(text)")
        }
        m.press(.char("1"))
        let today = m.render(100, 30).text
        XCTAssertTrue(today.contains("Zoe Muller"), today)
        XCTAssertTrue(today.contains("EUR8,400"), today)
    }
}
