import TendCore
import XCTest

@testable import TendUI

/// Clicks land on what the last frame drew there (its hit map), as the rep saw it.
final class MouseTests: XCTestCase {
    func frame(_ m: inout Model, _ w: Int = 80, _ h: Int = 24) -> Grid {
        let g = m.render(w, h)
        m.hits = g.hits
        return g
    }

    func click(_ m: inout Model, on text: String, in g: Grid, _ kind: MouseEvent.Kind = .click) throws {
        let y = try XCTUnwrap(g.lines.firstIndex { $0.contains(text) }, "\(text) is on screen")
        let col = try XCTUnwrap(g.lines[y].range(of: text)).lowerBound
        let x = TextWidth.width(String(g.lines[y][..<col]))
        _ = Update.update(&m, .mouse(MouseEvent(kind, x: x + 1, y: y)))
    }

    func testAClickSelectsARowADoubleClickOpensItAndTheWheelMoves() throws {
        var m = Demo.model()
        var g = frame(&m)
        try click(&m, on: "Tom Becker", in: g)
        XCTAssertEqual(m.agenda.items[m.sel.today].name, "Tom Becker")
        XCTAssertEqual(m.screen, .today)
        try click(&m, on: "José Álvarez", in: g, .doubleClick)
        XCTAssertEqual(m.screen, .contact)
        XCTAssertEqual(m.state.contacts[m.contact!]?.name, "José Álvarez")
        m.press(.escape)
        g = frame(&m)
        let before = m.sel.today
        _ = Update.update(&m, .mouse(MouseEvent(.wheelDown, x: 10, y: 5)))
        XCTAssertEqual(m.sel.today, before + 3, "the wheel moves three rows")
        _ = Update.update(&m, .mouse(MouseEvent(.wheelUp, x: 10, y: 5)))
        XCTAssertEqual(m.sel.today, before)
    }

    func testAClickOnATabSwitchesAndOnABoardCardSelectsIt() throws {
        var m = Demo.model()
        var g = frame(&m, 120, 40)
        try click(&m, on: "2 Board", in: g)
        XCTAssertEqual(m.screen, .board)
        g = frame(&m, 120, 40)
        try click(&m, on: "Zoë Müller", in: g)
        XCTAssertEqual(Update.selectedContact(m).flatMap { m.state.contacts[$0]?.name }, "Zoë Müller")
        g = frame(&m, 80, 24)
        try click(&m, on: "Check-ins", in: g)
        XCTAssertEqual(m.boardColumns[m.sel.boardColumn].kind, .checkIns, "at 80 columns the tabs are clickable")
    }

    func testTheFiguresStripCountsTheDayAndEachFigureJumpsToItsList() throws {
        var m = Demo.model()
        let overdue = m.agenda.items(in: .overdue).count
        let g = frame(&m, 120, 40)
        XCTAssertTrue(g.lines[1].hasPrefix(" O \(overdue) overdue  T "), g.lines[1])
        XCTAssertTrue(g.lines[1].contains("S 1 silent €8,400"), "silent quotes with what is at stake: \(g.lines[1])")
        XCTAssertEqual(g[1, 1].role, .key, "each figure shows its key")
        m.press(action: .jumpSilent)
        XCTAssertEqual(m.screen, .review)
        XCTAssertEqual(m.review.items[m.sel.review].section, .silentQuotes)
        m.press(action: .jumpCheckIns)
        XCTAssertEqual(m.screen, .board)
        XCTAssertEqual(m.boardColumns[m.sel.boardColumn].kind, .checkIns)
        m.press(action: .jumpOverdue)
        XCTAssertEqual(m.screen, .today)
        XCTAssertEqual(m.agenda.items[m.sel.today].section, .overdue)
        m.sel.today = m.agenda.items.count - 1
        let g2 = frame(&m, 120, 40)
        try click(&m, on: "today", in: g2)
        XCTAssertEqual(m.agenda.items[m.sel.today].section, .today, "a click on a figure jumps too")
        XCTAssertFalse(Demo.model().render(80, 14).lines[1].contains("overdue"), "short terminals keep the row")
    }

    func testAClickNeverActsWhileSomethingIsBeingTyped() throws {
        var m = Demo.model()
        let g = frame(&m)
        m.press(action: .addNote)
        let mode = m.mode
        try click(&m, on: "Tom Becker", in: g, .doubleClick)
        XCTAssertEqual(m.mode, mode, "the note keeps the keyboard")
        XCTAssertEqual(m.screen, .today)
    }
}
