import Foundation
import TendCore

/// Plain-text columns that line up with wide characters (李雷) and accents (Zoë): widths are
/// counted in terminal columns, not characters. Every cell is made safe to print.
///
/// Cut to fit only on a terminal (its width, or `COLUMNS`): piped output is never cut, so a
/// script gets whole names. The `flex` columns share what the terminal has beyond the others'
/// widths; numbers (right-aligned columns) are never cut.
struct Table {
    enum Align { case left, right }
    struct Column {
        var width: Int
        var align: Align = .left
        /// Takes a share of a wide terminal's spare columns.
        var flex = false
    }

    var columns: [Column]
    /// Whether cells are cut to their width.
    var cuts: Bool

    init(columns: [Column], width: Int? = OutputWidth.columns) {
        self.columns = columns
        cuts = width != nil
        guard let width else { return }
        let used = columns.map(\.width).reduce(0, +) + 2 * (columns.count - 1)
        let flex = columns.indices.filter { columns[$0].flex }
        guard !flex.isEmpty else { return }
        if width >= used {
            let spare = width - used
            for (k, i) in flex.enumerated() {
                self.columns[i].width += spare / flex.count + (k < spare % flex.count ? 1 : 0)
            }
        } else {
            // Narrower than the layout: the flexible columns give way, down to 8 columns each.
            var deficit = used - width
            while deficit > 0, let i = flex.max(by: { self.columns[$0].width < self.columns[$1].width }),
                self.columns[i].width > 8
            {
                self.columns[i].width -= 1
                deficit -= 1
            }
        }
    }

    /// A row's cells made safe to print, each with its width: measured and cleaned once (a long
    /// agenda did each three times: for the widths, for the row, and again for the line).
    struct Cells {
        var text: [String]
        var widths: [Int]

        init(_ cells: [String]) {
            text = cells.map(safe)
            widths = text.map(TextWidth.width)
        }
    }

    /// Piped (nothing is cut): each column as wide as its widest cell in `rows`, so whole names
    /// still line up. On a terminal the widths stay as fitted to it.
    mutating func widen(toFit rows: [Cells]) {
        guard !cuts else { return }
        for i in columns.indices where columns[i].align == .left {
            let widest = rows.map { i < $0.widths.count ? $0.widths[i] : 0 }.max() ?? 0
            columns[i].width = max(columns[i].width, widest)
        }
    }

    /// `n` spaces, cut from one long run (`String(repeating:count:)` builds a new string each time).
    static func blanks(_ n: Int) -> Substring {
        n <= blank.utf8.count ? Substring(blank.utf8.prefix(n)) : Substring(String(repeating: " ", count: n))
    }
    private static let blank = String(repeating: " ", count: 256)

    func row(_ cells: [String]) -> String { row(Cells(cells)) }

    func row(_ cells: Cells) -> String {
        var out = ""
        out.reserveCapacity(columns.reduce(16) { $0 + $1.width + 2 })
        // Padding is held back until text follows it: a line never ends in spaces.
        var spaces = 0
        for (i, col) in columns.enumerated() {
            var text = i < cells.text.count ? cells.text[i] : ""
            var width = i < cells.widths.count ? cells.widths[i] : 0
            if cuts && col.align == .left && width > col.width {
                text = TextWidth.truncate(text, to: col.width)
                width = TextWidth.width(text)
            }
            let pad = max(0, col.width - width)
            if col.align == .right { spaces += pad }
            if !text.isEmpty {
                out += Table.blanks(spaces)
                out += text
                spaces = 0
            }
            if col.align == .left { spaces += pad }
            if i < columns.count - 1 { spaces += 2 }
        }
        while out.utf8.last == 0x20 { out.removeLast() }  // a cell's own trailing spaces
        return out
    }
}

/// How wide text output may be: the terminal's columns (`COLUMNS` first, as shells set it), or
/// nil when stdout is not a terminal and `COLUMNS` is not set (never cut).
enum OutputWidth {
    static let columns: Int? = {
        if let c = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), c >= 20 { return c }
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 { return Int(size.ws_col) }
        return 80
    }()
}
