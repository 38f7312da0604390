import TendCore
import XCTest

@testable import TendUI

/// The frame diff: what the terminal is sent to go from one Grid to the next.
final class GridDiffTests: XCTestCase {
    func grid(_ rows: [String], width: Int = 8) -> Grid {
        var g = Grid(width: width, height: rows.count)
        for (y, r) in rows.enumerated() { g.put(r, x: 0, y: y) }
        return g
    }

    func cells(_ changes: [Grid.Change]) -> [String] { changes.map { "\($0.x),\($0.y)=\($0.cell.text)" } }

    func testTheSameFrameSendsNothingAndOneChangedCellSendsOne() {
        let a = grid(["Dana Wu", "Zoë"])
        XCTAssertEqual(a.changes(since: a), [])
        var b = a
        b.put("x", x: 2, y: 1)
        XCTAssertEqual(cells(b.changes(since: a)), ["2,1=x"])
        XCTAssertFalse(b.needsFullRepaint(since: a))
    }

    func testNoPreviousFrameOrAResizeRepaintsEverything() {
        let a = grid(["ab"], width: 3)
        XCTAssertTrue(a.needsFullRepaint(since: nil))
        XCTAssertEqual(a.changes(since: nil).count, 3)
        let wider = grid(["ab"], width: 4)
        XCTAssertTrue(wider.needsFullRepaint(since: a))
        XCTAssertEqual(cells(wider.changes(since: a)), ["0,0=a", "1,0=b", "2,0= ", "3,0= "])
    }

    func testAWideCharacterIsSentOnceAndItsNeighbourWhenItsRightHalfChanges() {
        let narrow = grid(["ab  "], width: 4)
        let wide = grid(["李b"], width: 4)  // 李 takes columns 0 and 1, b moves to column 2
        let sent = wide.changes(since: narrow)
        XCTAssertEqual(cells(sent), ["0,0=李", "2,0=b"], "the continuation cell is never sent on its own")
        // Back to narrow: the cell left of the old right half is repainted with it.
        XCTAssertEqual(cells(narrow.changes(since: wide)), ["0,0=a", "1,0=b", "2,0= "])
    }

    func testACombiningMarkTravelsWithItsBaseCell() {
        let plain = grid(["Zoe"], width: 4)
        let marked = grid(["Zoe\u{308}"], width: 4)  // e + combining diaeresis: one cell
        XCTAssertEqual(marked.changes(since: plain).map(\.cell.text), ["e\u{308}"])
        XCTAssertEqual(marked.changes(since: plain).map(\.x), [2])
    }
}
