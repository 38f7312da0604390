/// What a terminal must repaint to go from one frame to the next: the frame diff, pure, so it is
/// tested here rather than through ncurses (ratatui's Buffer::diff).
extension Grid {
    /// One cell to paint at (x, y). A continuation (the right half of a wide character) is never
    /// listed: painting its wide character paints it.
    public struct Change: Equatable, Sendable {
        public var x: Int
        public var y: Int
        public var cell: Cell
    }

    /// The cells that differ from `previous`, row by row; every cell when there is no previous frame
    /// or its size differs (a resize), which the caller answers by clearing the screen first.
    ///
    /// A cell is listed when it changed, or when it is (or was) a wide character whose right half
    /// changed: a wide character that becomes two narrow ones (or back) changes what the left cell
    /// covers, and a terminal sent only the right half would leave half of the old glyph on screen.
    public func changes(since previous: Grid?) -> [Change] {
        let full = previous.map { $0.width != width || $0.height != height } ?? true
        var out: [Change] = []
        for y in 0..<height {
            for x in 0..<width {
                let cell = self[x, y]
                if cell.continuation { continue }
                if !full, let p = previous, p[x, y] == cell, !rightHalfChanged(x, y, p) { continue }
                out.append(Change(x: x, y: y, cell: cell))
            }
        }
        return out
    }

    /// The cell right of (x, y) is or was the second half of a wide character at (x, y), and changed.
    func rightHalfChanged(_ x: Int, _ y: Int, _ p: Grid) -> Bool {
        guard x + 1 < width else { return false }
        let now = self[x + 1, y], before = p[x + 1, y]
        return now != before && (now.continuation || before.continuation)
    }

    /// Whether painting `changes(since: previous)` needs a cleared screen first.
    public func needsFullRepaint(since previous: Grid?) -> Bool {
        previous.map { $0.width != width || $0.height != height } ?? true
    }
}
