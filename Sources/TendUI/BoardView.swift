import TendCore

/// The pipeline: columns side by side when they fit, else one at a time with tabs.
enum BoardView {
    static let minColumn = 30

    static func draw(_ m: Model, in r: Rect, _ g: inout Grid) {
        let cols = m.boardColumns
        guard !cols.isEmpty else { return }
        let fits = r.width / minColumn >= cols.count
        if fits {
            let w = r.width / cols.count
            for (i, col) in cols.enumerated() {
                drawColumn(m, col, index: i, in: Rect(x: i * w, y: r.y, width: w - 1, height: r.height), &g)
            }
        } else {
            // Tabs: every column's name and count; the selected one drawn below.
            var x = 0
            for (i, col) in cols.enumerated() {
                let label = " \(col.kind.shortTitle) \(col.cards.count) "
                x = g.put(label, x: x, y: r.y, role: i == m.sel.boardColumn ? .selection : .muted) + 1
            }
            if !m.showLookers { g.put("z lookers", x: x + 1, y: r.y, role: .muted) }
            let i = min(m.sel.boardColumn, cols.count - 1)
            drawColumn(m, cols[i], index: i, in: Rect(x: 0, y: r.y + 1, width: r.width, height: r.height - 1), &g)
        }
    }

    static func drawColumn(_ m: Model, _ col: Board.Column, index: Int, in r: Rect, _ g: inout Grid) {
        let currency = col.cards.first?.currency ?? m.settings.currency
        let head = "\(col.kind.title) · \(col.cards.count)"
        let x = g.put(head, x: r.x, y: r.y, role: .title, limit: r.width)
        let total = Money.format(col.totalCents, currency)
        if x + 2 + TextWidth.width(total) <= r.x + r.width {
            g.put(total, x: r.x + r.width - TextWidth.width(total), y: r.y, role: .money)
        }
        let selected = m.sel.boardRows[col.kind.index]
        let perCard = 2
        let visible = max(1, (r.height - 1) / perCard)
        let top = scrollOffset(selected: selected, rows: visible, count: col.cards.count)
        if col.cards.isEmpty { g.put("(none)", x: r.x + 1, y: r.y + 1, role: .muted) }
        for (n, card) in col.cards[top...].prefix(visible).enumerated() {
            let y = r.y + 1 + n * perCard
            let i = top + n
            let money = card.cents > 0 ? Money.format(card.cents, card.currency) : ""
            let nameW = r.width - TextWidth.width(money) - 2
            g.put(card.name + (card.company.isEmpty ? "" : " · \(card.company)"), x: r.x + 1, y: y, limit: nameW)
            g.put(money, x: r.x + r.width - TextWidth.width(money), y: y, role: .money)
            g.put(card.detail, x: r.x + 3, y: y + 1, role: card.overdue ? .overdue : .muted, limit: r.width - 3)
            if i == selected && index == m.sel.boardColumn {
                g.paint(.selection, x: r.x, y: y, width: r.width)
            }
        }
    }
}

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

/// `?`: every binding from the key table, the same table that handles the keys.
enum HelpView {
    static func lines() -> [(String, String)] {
        KeyMap.bindings.map { b in
            let scope =
                b.screens.isEmpty
                ? "" : " (" + b.screens.sorted { $0.rawValue < $1.rawValue }.map(\.title).joined(separator: ", ") + ")"
            return (b.keys.map(\.description).joined(separator: " "), b.help + scope)
        } + [
            ("", ""), ("call screen", "1–6 outcome · n note first · Enter accepts the next step or type a date"),
            ("notes", "lines starting with * become promises; @fri @3d @2026-12-01 set the date"),
        ]
    }

    static func draw(scroll: Int, in r: Rect, _ g: inout Grid) {
        g.put("Keys", x: 1, y: r.y, role: .title)
        let all = lines()
        let top = min(scroll, max(0, all.count - (r.height - 1)))
        for (n, (keys, help)) in all[top...].prefix(r.height - 1).enumerated() {
            g.put(keys, x: 2, y: r.y + 1 + n, role: .key, limit: 14)
            g.put(help, x: 18, y: r.y + 1 + n)
        }
    }
}
