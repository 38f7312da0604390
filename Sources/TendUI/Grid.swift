import TendCore

/// What a cell means; the theme decides how that looks (colour, or attributes without colour).
public enum Role: String, CaseIterable, Sendable {
    case normal, header, title, selection, muted, key
    case overdue, today, future
    /// No next step planned (the theme key is `none`).
    case noNextStep = "none"
    case guarded, claimed, money, warning, error
    /// What a `/` filter matched, highlighted in the row.
    case match
}

/// One terminal cell: a character (with any combining marks) and its role. A wide character fills
/// its cell and marks the next one as its continuation.
public struct Cell: Equatable, Sendable {
    public var text: String
    public var role: Role
    /// The right half of a wide character: painted by the cell before it.
    public var continuation = false

    public static let blank = Cell(text: " ", role: .normal)
}

/// A screen as values: views draw into it, tests read it as text, the terminal paints its changes.
public struct Grid: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// A terminal that is not UTF-8: every text put is transliterated to ASCII first (`ASCIIText`).
    public var ascii = false
    /// What the drawn rows and tabs stand for, for the mouse (`Mouse`).
    public var hits: [Hit] = []

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes `text` from (x, y), at most `limit` columns (to the right edge by default), made safe
    /// (no control characters reach the terminal) and cut with `…` when too long. Returns the column after it.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: Role = .normal, limit: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return x }
        let room = min(limit ?? (width - x), width - x)
        guard room > 0 else { return x }
        // Only what can show is escaped and measured: a 1 MB note costs no more than a short one.
        var clipped = text.utf8.count > room * 8 ? String(text.prefix(room * 2 + 1)) : text
        if ascii { clipped = ASCIIText.of(TextWidth.safe(clipped)) }
        var safe = TextWidth.truncate(TextWidth.safe(clipped), to: room)
        if ascii { safe = safe.replacingOccurrences(of: "…", with: "~") }
        var col = x
        for ch in safe {
            let w = ch.unicodeScalars.reduce(0) { $0 + TextWidth.width($1) }
            if w == 0 {
                // A combining mark on its own joins the previous cell.
                if col > x { self[col - 1, y].text += String(ch) }
                continue
            }
            guard col + w <= x + room, col >= 0 else { break }
            self[col, y] = Cell(text: String(ch), role: role)
            if w == 2 { self[col + 1, y] = Cell(text: "", role: role, continuation: true) }
            col += w
        }
        return col
    }

    /// Sets the role of a run of cells (a selection bar, a dimmed row) without changing their text.
    /// Highlights where `filter` matched `text`, drawn at column `x` and cut at `limit` columns.
    mutating func highlight(_ filter: ListFilter, in text: String, x: Int, y: Int, limit: Int) {
        guard let (offset, w) = filter.match(in: ascii ? ASCIIText.of(text) : text), offset < limit else { return }
        paint(.match, x: x + offset, y: y, width: min(w, limit - offset))
    }

    public mutating func paint(_ role: Role, x: Int = 0, y: Int, width w: Int? = nil) {
        guard y >= 0, y < height else { return }
        for col in max(0, x)..<min(width, x + (w ?? width)) { self[col, y].role = role }
    }

    /// Fills a row with blanks of a role.
    public mutating func fill(_ role: Role, y: Int) {
        guard y >= 0, y < height else { return }
        for col in 0..<width { self[col, y] = Cell(text: " ", role: role) }
    }

    /// The screen as text, one string per row, trailing blanks trimmed (as `tmux capture-pane -p` does).
    public var lines: [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width where !self[x, y].continuation { s += self[x, y].text }
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
    }

    public var text: String { lines.joined(separator: "\n") }

    /// The role of the first cell of `needle` in row `y`, for tests that check a badge's colour.
    public func role(of needle: String, inRow y: Int) -> Role? {
        let line = lines[y]
        guard let r = line.range(of: needle) else { return nil }
        let col = TextWidth.width(String(line[..<r.lowerBound]))
        var x = 0, visible = 0
        while x < width {
            if !self[x, y].continuation {
                if visible == col { return self[x, y].role }
                visible += TextWidth.width(self[x, y].text)
            }
            x += 1
        }
        return nil
    }
}
