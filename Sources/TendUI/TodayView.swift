import TendCore

/// The morning list: overdue, due now, today, no next step, coming up.
enum TodayView {
    static let badges: [AgendaItem.Section: (String, Role)] = [
        .newLead: ("+", .today), .overdue: ("!", .overdue), .awayOverdue: ("!", .overdue), .now: ("»", .today),
        .today: ("•", .today),
        .noNextStep: ("?", Role.noNextStep), .upcoming: ("·", .future),
    ]

    /// Rows: section headings (nil item) and items.
    static func rows(_ items: Rows<AgendaItem>) -> [(heading: String?, item: Int?)] {
        // One pass to count, one to lay out, reading only each item's section: this runs on every
        // frame, and an agenda for the whole team has 15,000 items.
        // Counted by the section's place in `allCases`, not hashed per item. The rows are built
        // with their labels: an unlabelled tuple array was converted to this one element by
        // element, through a dynamic cast each.
        let sections = AgendaItem.Section.allCases
        var counts = [Int](repeating: 0, count: sections.count)
        let whole = items.whole
        for i in items.indices { counts[sections.firstIndex(of: whole[items.position(i)].section)!] += 1 }
        var rows: [(heading: String?, item: Int?)] = []
        rows.reserveCapacity(items.count + counts.count)
        var last: AgendaItem.Section?
        for i in items.indices {
            let section = whole[items.position(i)].section
            if section != last {
                rows.append(("\(section.title) (\(counts[sections.firstIndex(of: section)!]))", nil))
                last = section
            }
            rows.append((nil, i))
        }
        return rows
    }

    /// An empty book: what to do first, each with the command that does it, instead of an empty agenda.
    static var firstRun: [(String, Role)] {
        let then =
            "Then: \(KeyMap.key(.call)) calls the selected contact, \(KeyMap.key(.addNote)) writes a note, "
            + "\(KeyMap.key(.help)) lists every key."
        return [
            ("Welcome to Tend: nobody is in the book yet. Three ways to start:", .title),
            ("", .normal),
            ("  Add someone        :add \"Dana Wu\" --company Acme --phone \"+49 30 555 0100\"", .normal),
            ("  Import a file      :import contacts.vcf   (a vCard or CSV export)", .normal),
            ("  Try the demo team  quit (\(KeyMap.key(.quit))), then run: tend demo", .normal),
            ("", .normal),
            (then, .muted),
        ]
    }

    static func drawFirstRun(in r: Rect, _ g: inout Grid) {
        for (n, (text, role)) in firstRun.prefix(max(0, r.height - 1)).enumerated() {
            g.put(text, x: 2, y: r.y + 1 + n, role: role, limit: r.width - 3)
        }
    }

    static func draw(_ m: Model, in area: Rect, _ g: inout Grid) {
        var r = area
        // Who is away heads the list, for the whole team: their contacts wait, or someone covers.
        if let away = m.agenda.awayLine, r.height > 4 {
            g.put("Away: " + away, x: 0, y: r.y, role: .muted, limit: r.width)
            r = Rect(x: r.x, y: r.y + 1, width: r.width, height: r.height - 1)
        }
        let items = m.agenda.items
        if items.isEmpty {
            if m.state.contacts.isEmpty {
                drawFirstRun(in: r, &g)
            } else if m.listFilter.isOn {
                // The filter hid every row: that is not "nothing due".
                g.put(
                    "No row matches /\(m.listFilter.text). Esc clears the filter.", x: 2, y: r.y + 1,
                    role: .muted, limit: max(0, r.width - 2))
            } else {
                g.put(
                    "Nothing due. Add contacts with :add NAME, or press 2 for the board.", x: 2, y: r.y + 1,
                    role: .muted)
            }
            return
        }
        let rows = rows(items)
        let selRow = rows.firstIndex { $0.item == m.sel.today } ?? 0
        var top = scrollOffset(selected: selRow, rows: r.height, count: rows.count)
        // A list scrolled just past a heading shows the heading: rows never float without their section.
        if top > 0, rows[top - 1].heading != nil, selRow < top - 1 + r.height { top -= 1 }
        // Columns: badge, when, who, why, channel or guard, value. The rest of the width goes to who and why.
        // At 80 columns the channel column is narrow and the guard badge short ("bob 30m").
        // The value column fits the widest amount on screen: text is cut, numbers never are.
        let shown = rows[top...].prefix(r.height).compactMap(\.item).map { items[$0] }.filter { $0.atStakeCents > 0 }
        let widest =
            shown.map { i -> Int in
                let money = Money.format(i.atStakeCents, i.currency)
                return TextWidth.width(m.shown(money))
            }.max() ?? 0
        // A narrow terminal gives up the channel column before it would cut an amount.
        // The when column fits a time on another day (`Fri 11-27 14:30`) when one is on screen.
        let timed = rows[top...].prefix(r.height).compactMap(\.item).contains { i in
            items[i].time != nil && items[i].due != m.clock.today
        }
        let whenW = timed && r.width >= 64 ? 15 : 10
        let viaW = r.width < 64 ? 0 : r.width < 100 ? 8 : 17, valW = max(8, widest)
        // Wide screens get a "last touch" column instead of ever wider gaps.
        let lastW = r.width >= 150 ? 44 : 0
        let flex = max(20, r.width - 2 - whenW - viaW - valW - 4 - (lastW > 0 ? lastW + 1 : 0))
        let whoW = min(flex / 2, 40), whyW = min(flex - whoW - 1, 56)
        for (n, row) in rows[top...].prefix(r.height).enumerated() {
            let y = r.y + n
            if let h = row.heading {
                g.put(h, x: 0, y: y, role: .title)
                continue
            }
            let it = items[row.item!]
            g.hits.append(Hit(x: r.x, y: y, width: r.width, target: .todayItem(row.item!)))
            let (badge, role) = badges[it.section]!
            let textRole: Role = it.claimed != nil ? .claimed : it.guarded != nil ? .guarded : .normal
            g.put(badge, x: 0, y: y, role: role)
            var x = 2
            let when = it.due.map { shortDay($0, time: it.time, today: m.clock.today) } ?? ""
            g.put(when, x: x, y: y, role: role, limit: whenW)
            x += whenW + 1
            let who =
                it.name + (it.company.isEmpty ? "" : " · \(it.company)") + (m.filter == .mine ? "" : " [\(it.owner)]")
            g.put(who, x: x, y: y, role: textRole, limit: whoW)
            x += whoW + 1
            let why = it.why + (it.theirTime.map { " · \($0)" } ?? "")
            g.put(why, x: x, y: y, role: it.section == .noNextStep ? Role.noNextStep : textRole, limit: whyW)
            x += whyW + 1
            if let claim = it.claimed {
                g.put(viaW > 8 ? claim.badge : "\(claim.rep) calling", x: x, y: y, role: .claimed, limit: viaW)
            } else if let hit = it.guarded {
                let badge = viaW > 8 ? hit.badge : "\(hit.last.rep) \(Duration.short(minutes: hit.minutesAgo))"
                g.put(badge, x: x, y: y, role: .guarded, limit: viaW)
            } else {
                g.put(it.channel?.rawValue ?? "", x: x, y: y, role: .muted, limit: viaW)
            }
            x += viaW > 0 ? viaW + 1 : 0
            if it.atStakeCents > 0 {
                let formatted = Money.format(it.atStakeCents, it.currency)
                let money = m.shown(formatted)  // placed by the width it shows at
                g.put(money, x: x + max(0, valW - TextWidth.width(money)), y: y, role: .money, limit: valW)
            }
            x += valW + 2
            if lastW > 0, let hit = it.guarded {
                let retry = m.clock.describe(hit.retryAfter)
                g.put(
                    "retry after \(retry) · \(hit.last.channel.rawValue) \(hit.last.outcome.rawValue)", x: x, y: y,
                    role: .guarded, limit: lastW)
            } else if lastW > 0, let t = m.state.touches[it.contact]?.last {
                let ago = Duration.age(of: t.at, clock: m.clock)
                g.put(
                    "last: \(t.rep) \(t.channel.rawValue) · \(t.outcome.rawValue) · \(ago) ago", x: x, y: y,
                    role: .muted, limit: lastW)
            }
            if row.item == m.sel.today && m.screen == .today { g.paint(.selection, x: 2, y: y, width: r.width - 2) }
            g.highlight(m.listFilter, in: who, x: r.x + 2 + whenW + 1, y: y, limit: whoW)
        }
    }
}

extension String {
    func padded(_ w: Int) -> String { TextWidth.fit(self, w) }
}
