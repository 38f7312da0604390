import TendCore

/// Plain-text columns that line up with wide characters (李雷) and accents (Zoë): widths are
/// counted in terminal columns, not characters. Every cell is made safe to print.
struct Table {
    enum Align { case left, right }
    struct Column {
        var width: Int
        var align: Align = .left
    }

    var columns: [Column]

    func row(_ cells: [String]) -> String {
        var out = ""
        for (i, col) in columns.enumerated() {
            let text = TextWidth.truncate(safe(i < cells.count ? cells[i] : ""), to: col.width)
            let pad = String(repeating: " ", count: max(0, col.width - TextWidth.width(text)))
            out += col.align == .left ? text + pad : pad + text
            if i < columns.count - 1 { out += "  " }
        }
        while out.hasSuffix(" ") { out.removeLast() }
        return out
    }
}
