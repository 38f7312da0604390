import TendCore
import XCTest

@testable import TendUI

/// Every screen rendered from the demo team at a pinned clock, compared as text, at the smallest
/// layout (80×24) and a roomier one (120×40).
final class ViewTests: XCTestCase {
    func testTodayAt80x24() { assertGolden(Demo.model().render(80, 24), "today-80x24") }
    func testTodayAt120x40() { assertGolden(Demo.model().render(120, 40), "today-120x40") }

    func testAnEmptyBookTeachesTheFirstStepsWithTheirCommands() {
        let empty = Model(state: State(), settings: Settings(), rep: "ann", clock: Demo.clock, idSeed: 1)
        let text = empty.render(80, 24).text
        XCTAssertTrue(text.contains("nobody is in the book yet"), text)
        XCTAssertTrue(text.contains(":add \"Dana Wu\""), text)
        XCTAssertTrue(text.contains(":import contacts.vcf"), text)
        XCTAssertTrue(text.contains("then run: tend demo"), text)
        XCTAssertFalse(text.contains("Nothing due"), "not an empty agenda")
        XCTAssertTrue(Demo.model().render(80, 24).text.contains("Overdue"), "a book with people shows the agenda")
    }

    func testTodaySaysWhoIsAwayAboveTheList() {
        let away = Event(
            id: "zz-away", at: Demo.clock.now, rep: "bob", type: "rep.away",
            fields: Change.away(AwayPeriod(from: Demo.clock.today, to: Demo.clock.today.adding(days: 4))).fields)
        var state = Demo.state
        state.apply(away)
        let m = Model(state: state, settings: Settings(), rep: "ann", clock: Demo.clock, idSeed: 7)
        let g = m.render(80, 24)
        XCTAssertEqual(g.lines[2].trimmingCharacters(in: .whitespaces), "Away: bob until Fri 2026-11-27")
        XCTAssertTrue(g.lines[3].hasPrefix("Overdue ("), g.text)
    }

    func testAWideTerminalShowsTheSelectedContactBesideTheListAndFollowsTheCursor() {
        var m = Demo.model()
        m.width = 200
        m.select("Zoë Müller")
        let wide = m.render(200, 50)
        assertGolden(wide, "today-200x50-pane")
        let pane = wide.lines.map { String($0.split(separator: "│", maxSplits: 1).dropFirst().first ?? "") }
        XCTAssertTrue(pane[2].contains("Zoë Müller · Müller Logistik"), pane[2])
        XCTAssertTrue(pane.contains { $0.contains("email bounced 5× — fix the address") }, "how they answer")
        XCTAssertTrue(pane.contains { $0.contains("Waiting on them") }, "promises both ways")
        XCTAssertTrue(pane.contains { $0.contains("asked for references in their industry") }, "whole notes")
        m.press(action: .down)
        let next = m.agenda.items[m.sel.today].name
        XCTAssertTrue(m.render(200, 50).lines[2].contains(next), "the pane follows the cursor to \(next)")
        m.press(action: .togglePane)
        XCTAssertFalse(m.render(200, 50).text.contains("│"), "i hides it")
        XCTAssertEqual(m.message?.text, "side pane off")
        XCTAssertFalse(Demo.model().render(120, 40).text.contains("│"), "below 140 columns: one list as before")
        var board = Demo.model()
        board.press(action: .board)
        XCTAssertTrue(board.render(160, 40).lines[2].contains("│ Olaf Berg"), "the Board too")
    }

    func testANarrowTodayCutsTextNeverAmountsAndKeepsItsSectionHeadings() {
        var m = Demo.model()
        let g = m.render(50, 14)
        XCTAssertTrue(g.text.contains("€12,000") && g.text.contains("€4,000"), g.text)
        XCTAssertFalse(g.text.contains("€4,0…"), "numbers are never cut")
        m.select("Tom Becker")
        let scrolled = m.render(80, 24).lines
        let first = try? XCTUnwrap(scrolled.dropFirst(2).first)
        XCTAssertTrue(first?.hasPrefix("Overdue") == true || first?.hasPrefix("Today") == true, "\(first ?? "")")
        XCTAssertTrue(m.render(80, 24).lines[0].contains("4 Stats"), "every tab shows at 80 columns")
    }

    func testBoardAt80x24ShowsOneColumnWithTabs() {
        var m = Demo.model()
        m.press(action: .board)
        let g = m.render(80, 24)
        assertGolden(g, "board-80x24")
        XCTAssertTrue(
            g.lines[2].contains("Prospects") && g.lines[2].contains("Quotes") && g.lines[2].contains("Check-ins"))
    }

    func testBoardAt120x40ShowsColumnsSideBySideAndLookersOnZ() {
        var m = Demo.model()
        m.press(action: .board)
        assertGolden(m.render(120, 40), "board-120x40")
        m.press(action: .toggleLookers)
        let g = m.render(120, 40)
        XCTAssertTrue(g.lines[2].contains("Lookers · "), g.lines[2])
        XCTAssertTrue(g.lines[2].contains("Quotes awaiting answer · "), g.lines[2])
    }

    func testContactAt80x24And120x40() {
        var m = Demo.model()
        m.select("Zoë Müller")
        m.press(.enter)
        assertGolden(m.render(80, 24), "contact-80x24")
        assertGolden(m.render(120, 40), "contact-120x40")
    }

    func testANoticeFromTheStoreIsABannerUnderTheTitle() {
        var m = Demo.model()
        let plain = m.render(80, 24)
        m.notices = ["log/bob.jsonl:12: dated 2036-01-01 09:00, 9 years ahead of this machine's clock; held", "second"]
        let g = m.render(80, 24)
        XCTAssertEqual(g.lines[2], "! log/bob.jsonl:12: dated 2036-01-01 09:00, 9 years ahead… (+1 more: tend check)")
        XCTAssertEqual(g[0, 2].role, .warning)
        XCTAssertEqual(g.lines[3], plain.lines[2], "the screen moves down a row, nothing else changes")
    }

    func testBadgesCarryTheirRoleAndASymbol() {
        let g = Demo.model().render(120, 40)
        func row(_ prefix: String) -> Int? { g.lines.firstIndex { $0.hasPrefix(prefix) } }
        let overdue = try! XCTUnwrap(row("! "))
        XCTAssertEqual(g.role(of: "!", inRow: overdue), .overdue)
        let today = try! XCTUnwrap(row("• "))
        XCTAssertEqual(g.role(of: "•", inRow: today), .today)
        let none = try! XCTUnwrap(row("? "))
        XCTAssertEqual(g.role(of: "?", inRow: none), Role.noNextStep)
        let future = try! XCTUnwrap(row("· "))
        XCTAssertEqual(g.role(of: "·", inRow: future), .future)
    }

    func testAGuardedItemIsDimmedWithWhoAndWhenNeverHidden() throws {
        let g = Demo.model().render(120, 40)
        let y = try XCTUnwrap(g.lines.firstIndex { $0.contains("Dana Wu") })
        XCTAssertTrue(g.lines[y].contains("bob · 30m ago"), g.lines[y])
        XCTAssertEqual(g.role(of: "Dana Wu", inRow: y), .guarded)
    }

    func testWideNamesKeepTheColumnsAligned() throws {
        let g = Demo.model().render(80, 24)
        let wide = try XCTUnwrap(g.lines.first { $0.contains("李雷") })
        let plain = try XCTUnwrap(g.lines.first { $0.contains("Tom Becker") })
        // The why column starts at the same display column on both rows.
        func col(_ line: String, _ needle: String) -> Int {
            TextWidth.width(String(line[..<line.range(of: needle)!.lowerBound]))
        }
        XCTAssertEqual(col(wide, "quote follow-up"), col(plain, "confirm seats"))
    }

    func testHelpIsGeneratedFromTheKeyTable() {
        var m = Demo.model()
        m.press(action: .help)
        let text = m.render(120, 60).text
        for b in KeyMap.bindings { XCTAssertTrue(text.contains(b.help), "help lists \(b.action)") }
    }

    func testTinyTerminalsGetAMessageNotACrash() {
        XCTAssertTrue(Demo.model().render(10, 3).lines[0].hasPrefix("Tend need"))
    }

    func testTextFromTheStoreNeverReachesTheGridRaw() {
        var g = Grid(width: 40, height: 1)
        g.put("Evil\u{1B}]0;pwned\u{07}\u{1B}[2J Corp", x: 0, y: 0)
        XCTAssertFalse(g.cells.contains { $0.text.unicodeScalars.contains { $0.value < 0x20 } })
        XCTAssertEqual(g.lines[0], "Evil\\e]0;pwned\\u{7}\\e[2J Corp")
    }
}
