import TendCore

/// One contact, scrollable; the cursor line is what `x` acts on.
enum ContactView {
    static func draw(_ m: Model, in r: Rect, _ g: inout Grid) {
        let lines = ContactDoc.lines(m)
        // A long document keeps its last row for where the view is, apart from the text.
        let rows = lines.count > r.height ? r.height - 1 : r.height
        let top = scrollOffset(selected: m.sel.detail, rows: rows, count: lines.count)
        for (n, line) in lines[top...].prefix(rows).enumerated() {
            let y = r.y + n
            var x = 1
            for (text, role) in line.parts { x = g.put(text, x: x, y: y, role: role) }
            if top + n == m.sel.detail { g.paint(.selection, x: 0, y: y, width: r.width) }
        }
        if lines.count > r.height {
            let keys = "\(KeyMap.key(.down))/\(KeyMap.key(.up))"
            let more = "lines \(top + 1)–\(min(lines.count, top + rows)) of \(lines.count) · \(keys) scroll"
            g.put(more, x: r.width - TextWidth.width(more) - 1, y: r.y + rows, role: .muted)
        }
    }
}
