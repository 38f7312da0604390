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
                // Two columns apart, so one column's total never runs into the next one's title.
                drawColumn(m, col, index: i, in: Rect(x: r.x + i * w, y: r.y, width: w - 2, height: r.height), &g)
            }
        } else {
            // Tabs: every column's name and count; the selected one drawn below.
            var x = r.x
            for (i, col) in cols.enumerated() {
                let label = " \(col.kind.shortTitle) \(col.cards.count) "
                let end = g.put(label, x: x, y: r.y, role: i == m.sel.boardColumn ? .selection : .muted)
                g.hits.append(Hit(x: x, y: r.y, width: end - x, target: .boardColumn(i)))
                x = end + 1
            }
            if !m.showLookers { g.put("z lookers", x: x + 1, y: r.y, role: .muted) }
            let i = min(m.sel.boardColumn, cols.count - 1)
            drawColumn(
                m, cols[i], index: i, in: Rect(x: r.x, y: r.y + 1, width: r.width, height: r.height - 1), &g)
        }
    }

    static func drawColumn(_ m: Model, _ col: Board.Column, index: Int, in r: Rect, _ g: inout Grid) {
        let head = "\(col.kind.title) · \(col.cards.count)"
        let x = g.put(head, x: r.x, y: r.y, role: .title, limit: r.width)
        let total = m.shown(col.totals.text(first: m.settings.currency))
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
            for row in 0..<perCard {
                g.hits.append(Hit(x: r.x, y: y + row, width: r.width, target: .boardCard(column: index, row: i)))
            }
            let money = card.cents > 0 ? m.shown(Money.format(card.cents, card.currency)) : ""
            let nameW = r.width - TextWidth.width(money) - 2
            g.put(card.name + (card.company.isEmpty ? "" : " · \(card.company)"), x: r.x + 1, y: y, limit: nameW)
            g.put(money, x: r.x + r.width - TextWidth.width(money), y: y, role: .money)
            g.put(card.detail, x: r.x + 3, y: y + 1, role: card.overdue ? .overdue : .muted, limit: r.width - 3)
            if i == selected && index == m.sel.boardColumn {
                g.paint(.selection, x: r.x, y: y, width: r.width)
            }
            g.highlight(m.listFilter, in: card.name, x: r.x + 1, y: y, limit: nameW)
        }
    }
}
