import Foundation
import TendCore

/// The weekly review: one checklist, section by section, with progress and the closing summary.
enum ReviewView {
    static func draw(_ m: Model, in r: Rect, _ g: inout Grid) {
        let review = m.review
        let done = review.handledCount, total = review.items.count
        var x = g.put("Weekly review · \(review.week) · ", x: 1, y: r.y, role: .title)
        x = g.put("\(done) of \(total)", x: x, y: r.y, role: done == total ? .today : .warning)
        if total > 0 && done == total { g.put("  done ✓", x: x, y: r.y, role: .today) }

        // Rows: section headings, items, then the summary.
        var rows: [(text: [(String, Role)], item: Int?)] = []
        func tick(_ it: Review.Item) -> String {
            m.shown(it.handled.map { "✓ \(ReviewAction(rawValue: $0).label)" } ?? (it.overdue ? "!" : "·"))
        }
        // The status column as wide as its widest entry: no ten blank columns before every name.
        let tickW = review.items.map { TextWidth.width(tick($0)) }.max() ?? 1
        // Names in a column (up to 24 wide), so what each item is about lines up after them.
        let nameW = min(24, review.items.map { TextWidth.width(m.shown($0.name)) }.max() ?? 10)
        var last: Review.Section?
        for (i, it) in review.items.enumerated() {
            if it.section != last {
                let n = review.items(in: it.section)
                rows.append(
                    (
                        [
                            (
                                "\(it.section.title) (\(n.filter { $0.handled != nil }.count)/\(n.count)) · "
                                    + "\(keys(it.section))",
                                .title
                            )
                        ], nil
                    ))
                last = it.section
            }
            rows.append(
                (
                    [
                        (" \(tick(it).padded(tickW)) ", it.handled != nil ? .muted : it.overdue ? .overdue : .normal),
                        (m.shown(it.name).padded(nameW) + "  ", it.handled != nil ? .muted : .normal),
                        (it.text, it.handled != nil ? .muted : .normal),
                        ("  " + it.detail, .muted),
                    ], i
                ))
        }
        if total == 0 {
            rows.append(([("Nothing to review this week: every promise kept, every contact planned.", .muted)], nil))
        }
        rows.append(([("", .normal)], nil))
        rows.append(([("This week so far", .title)], nil))
        let summary = ReviewSummary.build(
            m.state, rep: m.rep, since: m.clock.today.weekStart, settings: m.settings, clock: m.clock)
        for line in review.sessionLines + summary.lines { rows.append(([("  " + line, .normal)], nil)) }

        let body = Rect(x: 0, y: r.y + 1, width: r.width, height: r.height - 1)
        let selRow = rows.firstIndex { $0.item == m.sel.review } ?? 0
        let top = scrollOffset(selected: selRow, rows: body.height, count: rows.count)
        for (n, row) in rows[top...].prefix(body.height).enumerated() {
            var x = 1
            for (text, role) in row.text { x = g.put(text, x: x, y: body.y + n, role: role) }
            if let i = row.item, i == m.sel.review { g.paint(.selection, x: 0, y: body.y + n, width: r.width) }
            if let i = row.item {
                g.hits.append(Hit(x: 0, y: body.y + n, width: r.width, target: .reviewItem(i)))
                let nameX = 1 + TextWidth.width(m.shown(row.text[0].0))
                g.highlight(m.listFilter, in: review.items[i].name, x: nameX, y: body.y + n, limit: r.width - nameX)
            }
        }
    }

    /// A section's keys, read from the key table so a remapped key shows as it is bound.
    static func keys(_ s: Review.Section) -> String {
        actions(s).map { "\(KeyMap.key($0.0)) \($0.1)" }.joined(separator: "  ")
    }

    /// What each section's items take, with the word the section header uses.
    static func actions(_ s: Review.Section) -> [(Action, String)] {
        switch s {
        case .promises: return [(.done, "done"), (.setNext, "move"), (.drop, "drop")]
        case .silentQuotes: return [(.followUp, "follow up"), (.escalate, "escalate"), (.won, "won"), (.lost, "lost")]
        case .noNextStep: return [(.setNext, "plan"), (.nurture, "nurture"), (.rest, "no follow-up")]
        case .dueSoon: return [(.setNext, "plan"), (.seen, "seen")]
        }
    }
}
