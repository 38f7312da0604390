import ArgumentParser
import Foundation
import TendCore

extension Tend {
    struct Today: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "today",
            abstract: "Today's agenda: overdue, due now, today, contacts with no next step, and what is coming up.",
            discussion: """
                Items another rep touched inside the guard window are marked with who and when.
                Examples:
                  tend today
                  tend today --all --json
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONOption
        @Flag(help: "Every rep's agenda, not just yours.") var all = false

        func run() throws {
            // One rep's agenda shows that rep's promises only: the others' are left in the snapshot.
            let ctx = try Context.make(global, agendaOnly: !all)
            let agenda = Agenda.build(ctx.state, rep: all ? nil : ctx.rep, settings: ctx.settings, clock: ctx.clock)
            if output.json {
                printJSON([
                    "rep": all ? .null : .string(ctx.rep), "day": .string(agenda.day.iso),
                    "now": .string(ctx.clock.now.iso),
                    "items": .array(agenda.items.map(JSONView.agendaItem)),
                ])
                return
            }
            print(
                AgendaText.render(
                    agenda, title: "Today for \(all ? "everyone" : ctx.rep)", clock: ctx.clock, me: ctx.rep,
                    showOwner: all))
        }
    }
}

/// The agenda as text, for `tend today` and `tend demo`.
enum AgendaText {
    static let marks: [AgendaItem.Section: String] = [
        .newLead: "+", .overdue: "!", .awayOverdue: "!", .now: "»", .today: "•", .noNextStep: "?", .upcoming: "·",
    ]

    static func render(_ agenda: Agenda, title: String, clock: Clock, me: String, showOwner: Bool) -> String {
        // Every line made safe to print as it is added; a row is made of safe cells already.
        let zone = zoneName(clock.timeZone)
        var lines = [safe("\(title) · \(agenda.day.friendly) \(clock.time(of: clock.now)) \(zone)")]
        if let away = agenda.awayLine { lines.append(safe("Away: \(away)")) }
        if agenda.items.isEmpty {
            lines += ["", "Nothing due. Add contacts with `tend add`, or try `tend demo`."]
        }
        var table = Table(columns: [
            .init(width: 1), .init(width: 10), .init(width: 24, flex: true), .init(width: 26, flex: true),
            .init(width: 7), .init(width: 10, align: .right),
        ])
        func cells(_ i: AgendaItem) -> [String] {
            var who = i.name + (i.company.isEmpty ? "" : " · \(i.company)")
            if showOwner { who = "[\(i.owner)] " + who }
            return [
                marks[i.section]!, when(i, today: agenda.day), who, i.why + (i.theirTime.map { " · \($0)" } ?? ""),
                i.channel?.rawValue ?? "", i.atStakeCents > 0 ? Money.format(i.atStakeCents, i.currency) : "",
            ]
        }
        // Each row's cells made, cleaned and measured once, for the widths and for the row.
        let rows = agenda.items.map { Table.Cells(cells($0)) }
        table.widen(toFit: rows)
        for section in AgendaItem.Section.allCases {
            let items = agenda.items
            let inSection = items.indices.filter { items.whole[items.position($0)].section == section }
            guard !inSection.isEmpty else { continue }
            lines.append("")
            lines.append(safe("\(section.title) (\(inSection.count))"))
            for k in inSection {
                let i = agenda.items[k]
                lines.append(table.row(rows[k]))
                if let c = i.claimed {
                    lines.append(
                        safe("             claimed: \(c.sentence(contactName: i.name, me: me, now: clock.now))"))
                }
                if let g = i.guarded {
                    let by = g.last.rep == me ? "you" : g.last.rep
                    lines.append(
                        safe(
                            "             guard: \(by) \(g.last.channel.verb) \(Duration.ago(minutes: g.minutesAgo)) "
                                + "(\(g.last.outcome.rawValue)); retry after \(clock.describe(g.retryAfter))"))
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `Europe/Berlin`; `UTC` rather than Foundation's `GMT` for the zone people set as TZ=UTC.
    static func zoneName(_ zone: TimeZone) -> String {
        if ["UTC", "Etc/UTC", "GMT", "Etc/GMT"].contains(zone.identifier) { return "UTC" }
        return zone.identifier
    }

    static func when(_ i: AgendaItem, today: Day) -> String {
        i.due?.short(today: today, time: i.time) ?? ""
    }
}
