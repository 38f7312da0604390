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
