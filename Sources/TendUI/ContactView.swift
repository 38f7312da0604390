import TendCore

/// One contact, scrollable; the cursor line is what `x` acts on.
enum ContactView {
    static func draw(_ m: Model, in r: Rect, _ g: inout Grid) {
        let lines = ContactDoc.lines(m)
        let top = scrollOffset(selected: m.sel.detail, rows: r.height, count: lines.count)
        for (n, line) in lines[top...].prefix(r.height).enumerated() {
            let y = r.y + n
            var x = 1
            for (text, role) in line.parts { x = g.put(text, x: x, y: y, role: role) }
            if top + n == m.sel.detail { g.paint(.selection, x: 0, y: y, width: r.width) }
        }
        if lines.count > r.height {
            let more = "\(top + 1)–\(min(lines.count, top + r.height))/\(lines.count)"
            g.put(more, x: r.width - TextWidth.width(more), y: r.y, role: .muted)
        }
    }
}
