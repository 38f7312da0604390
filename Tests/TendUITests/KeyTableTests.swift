import Foundation
import TendCore
import XCTest

@testable import TendUI

/// The key table: stable names for config files, every binding doing something (or saying why
/// not) when pressed, and each screen's keys listed so clashes are visible.
final class KeyTableTests: XCTestCase {
    func testEveryActionHasAStableSnakeCaseName() {
        XCTAssertEqual(
            Action.allCases.map(\.configName),
            [
                "down", "up", "left", "right", "top", "bottom", "page_down", "page_up",
                "next_screen", "previous_screen", "today", "board", "review", "stats",
                "open", "back", "toggle_lookers", "toggle_pane", "stage_forward", "stage_back", "cycle_rep",
                "search", "search_next", "search_previous",
                "call", "log_touch", "add_note", "add_promise", "done", "set_next", "edit", "undo", "copy",
                "help", "command", "quit", "redraw",
                "drop", "follow_up", "escalate", "won", "lost", "nurture", "rest", "seen",
                "jump_overdue", "jump_today", "jump_promises", "jump_silent", "jump_check_ins", "jump_calling",
            ])
        XCTAssertEqual(
            ModeAction.allCases.map(\.configName),
            [
                "scroll_down", "scroll_up", "scroll_page_down", "scroll_page_up", "close_help",
                "confirm_yes", "confirm_no", "answer_won", "answer_lost", "answer_nurture",
                "reopen_yes", "reopen_no",
                "pick_channel", "pick_outcome", "write_note", "finish_note", "back_or_cancel", "save_call",
                "do_not_contact",
                "submit", "toggle_whose", "cancel",
            ])
        XCTAssertEqual(
            Set(KeyMode.allCases.map(\.rawValue)), ["normal", "help", "confirm", "answer", "reopen", "call", "prompt"])
    }

    /// What a key press can change, as text: two equal fingerprints mean the key did nothing.
    func fingerprint(_ m: Model) -> String {
        "\(m.screen) \(m.mode) \(m.sel) \(m.message?.text ?? "-") \(m.filter) \(m.showLookers) \(m.quit) \(m.contact ?? "-")"
    }

    func testEveryBindingOnEveryScreenDoesSomethingOrSaysWhy() {
        for screen in Screen.allCases {
            for b in KeyMap.bindings where b.screens.isEmpty || b.screens.contains(screen) {
                // Esc goes back from a contact; elsewhere there is nowhere to go back to, and a
                // stray Esc stays silent, as in every terminal tool.
                if b.action == .back && screen != .contact { continue }
                for key in b.keys where KeyMap.action(for: key, on: screen) == b.action {
                    var m = Demo.model()
                    m.sel.today = 6
                    // A screen key is pressed from another screen; everything else on its own.
                    let start = Screen.tabs.first {
                        $0.tabKey.flatMap { KeyMap.action(for: $0, on: .today) } == b.action
                    }
                    if screen == .contact {
                        m.press(.enter)
                    } else if let tab = screen.tabKey {
                        if start == screen { m.press(screen == .today ? .char("2") : .char("1")) } else { m.press(tab) }
                    }
                    // Cursors mid-list, so up and down both have somewhere to go.
                    m.sel.boardRows = [2, 2, 2, 2]
                    m.sel.review = 2
                    m.sel.detail = 3
                    m.sel.stats = 2
                    m.message = nil
                    let before = fingerprint(m)
                    let effects = m.press(key)
                    XCTAssertTrue(
                        !effects.isEmpty || fingerprint(m) != before,
                        "\(key) (\(b.action.configName)) on \(screen) neither did anything nor said why")
                }
            }
        }
    }

    func testEveryModeKeyIsHandledFromTheTable() {
        // help: j scrolls, Esc closes
        var m = Demo.model()
        m.press(action: .help)
        m.press(KeyMap.bindings(in: .help).first { $0.action == .scrollDown }!.keys[0])
        XCTAssertEqual(m.mode, .help(scroll: 1))
        m.press(KeyMap.bindings(in: .help).first { $0.action == .closeHelp }!.keys[0])
        XCTAssertEqual(m.mode, .normal)
        // every mode's footer shows keys its table binds
        for mode in KeyMode.allCases where mode != .normal {
            XCTAssertFalse(KeyMap.bindings(in: mode).isEmpty, "\(mode) has keys")
            for b in KeyMap.bindings(in: mode) {
                XCTAssertEqual(
                    KeyMap.action(for: b.keys[0], in: mode), b.action, "\(mode): \(b.keys[0]) is \(b.action)")
            }
        }
    }

    /// Each screen's bindings, printed; keys bound twice on one screen are listed. The three-moments
    /// issue (#16) removes the ones that remain, and then this list must be empty.
    func testEachScreensBindingsAreListedWithTheirClashes() {
        var clashes: [String] = []
        for screen in Screen.allCases {
            var byKey: [String: [String]] = [:]
            for b in KeyMap.bindings where b.screens.isEmpty || b.screens.contains(screen) {
                for k in b.keys { byKey[k.description, default: []].append(b.action.configName) }
            }
            print(
                "\(screen): "
                    + byKey.keys.sorted().map { "\($0)=\(byKey[$0]!.joined(separator: "|"))" }.joined(separator: " "))
            for (k, actions) in byKey.sorted(by: { $0.key < $1.key }) where actions.count > 1 {
                clashes.append("\(screen) \(k): \(actions.joined(separator: ", "))")
            }
        }
        XCTAssertEqual(
            clashes,
            [], "no key means two things on one screen: resolve the clash")
    }

    func testAPageKeyMovesAScreenfulOfTheTerminal() {
        var m = Demo.model()
        m.pageRows = View.pageRows(height: 24)
        m.press(action: .pageDown)
        XCTAssertEqual(m.sel.today, min(19, m.agenda.items.count - 1))
    }
    func testAKeyThatDoesNotApplyHereSaysWhereItDoes() {
        var m = Demo.model()
        m.press(.char("w"))
        XCTAssertEqual(m.message?.text, "w is \"the quote is won\" on Review (3) only · ? lists the keys")
        m.press(.char("Q"))
        XCTAssertEqual(m.message?.text, "Q does nothing here · ? lists the keys")
    }
}

extension Screen {
    /// The key that opens a tab screen.
    var tabKey: Key? { self == .contact ? nil : .char(Character(String(rawValue))) }
}

/// The README's key list is the key table: regenerated with `TEND_RECORD=1`.
final class READMEKeyListTests: XCTestCase {
    func testTheREADMEKeyListIsGeneratedFromTheKeyTable() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../README.md")
        let readme = try String(contentsOf: url, encoding: .utf8)
        let begin = "<!-- keys: generated from KeyMap by READMEKeyListTests; TEND_RECORD=1 swift test rewrites it -->\n"
        let end = "<!-- end of keys -->"
        guard let a = readme.range(of: begin), let b = readme.range(of: end, range: a.upperBound..<readme.endIndex)
        else { return XCTFail("README.md has no generated key list between its markers") }
        let listed = String(readme[a.upperBound..<b.lowerBound])
        if ProcessInfo.processInfo.environment["TEND_RECORD"] == "1" {
            try (readme[..<a.upperBound] + KeyList.markdown() + readme[b.lowerBound...]).write(
                to: url, atomically: true, encoding: .utf8)
        }
        XCTAssertEqual(listed, KeyList.markdown(), "the README's key list differs from the key table")
        XCTAssertTrue(listed.contains("| `L` | log an email, meeting or message | Today, Board, Contact |"), listed)
    }
}
