import ArgumentParser
import TendCore

extension Tend {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a contact: profile, deals, next step, open promises and every touch by every rep.",
            discussion: """
                Examples:
                  tend show "Dana Wu"
                  tend show k3x --json
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONOption
        @Argument(help: "Contact: id prefix or name.", completion: ShellCompletion.contacts) var contact: String

        func run() throws {
            let ctx = try Context.make(global)
            let c = try ctx.contact(contact)
            if output.json {
                printJSON(json(c, ctx.state))
            } else {
                print(text(c, ctx).map(safe).joined(separator: "\n"))
            }
        }

        /// `--json`: the contact with its deals, promises, timeline and channel figures.
        func json(_ c: Contact, _ s: State) -> JSON {
            let deals = s.deals(of: c.id)
            let timeline = Timeline.entries(of: c.id, in: s)
            var o = JSONView.contact(c, in: s).object!
            o["deals"] = .array(deals.map(JSONView.deal))
            o["commitments"] = .array(
                s.commitments.values.filter { $0.contact == c.id }
                    .sorted { ($0.due, $0.id) < ($1.due, $1.id) }.map(JSONView.commitment))
            o["timeline"] = .array(timeline.map(\.json))
            let channels = s.channelStats(c.id)
            o["channels"] = .object(
                Dictionary(
                    uniqueKeysWithValues: channels.counts.map {
                        (
                            $0.key.rawValue,
                            [
                                "attempts": .number(Double($0.value.attempts)),
                                "answered": .number(Double($0.value.answered)),
                            ] as JSON
                        )
                    }))
            o["suggested_channel"] = channels.channel(prefers: c.prefers).map { .string($0.rawValue) } ?? .null
            return .object(o)
        }

        /// The profile, next step, deals, promises by side and the timeline, as lines.
        func text(_ c: Contact, _ ctx: Context) -> [String] {
            var out: [String] = []
            profile(c, ctx.state, ctx.clock, &out)
            plans(c, ctx, &out)
            history(c, ctx, &out)
            return out
        }

        /// Name, company, channels and how they answer.
        func profile(_ c: Contact, _ s: State, _ clock: Clock, _ out: inout [String]) {
            out.append(
                "\(c.name)" + (c.company.isEmpty ? "" : " · \(c.company)")
                    + "  (\(c.id), \(s.stage(of: c.id).rawValue), owner \(c.owner))")
            if !c.timeZone.isEmpty {
                out.append("  tz       \(c.timeZone)" + (clock.theirTime(c.timeZone).map { " (\($0))" } ?? ""))
            }
            if let stop = s.stopMark(c.id) {
                out.append("  DO NOT CONTACT: \(stop.sentence(contactName: c.name, clock: clock))")
            }
            if !c.phones.isEmpty { out.append("  phone    \(c.phones.joined(separator: ", "))") }
            if !c.emails.isEmpty { out.append("  email    \(c.emails.joined(separator: ", "))") }
            if let p = c.prefers {
                out.append("  prefers  \(p.rawValue)" + (c.bestTime.isEmpty ? "" : ", \(c.bestTime)"))
            } else if !c.bestTime.isEmpty {
                out.append("  best     \(c.bestTime)")
            }
            if !c.needs.isEmpty { out.append("  needs    \(c.needs)") }
            let channels = s.channelStats(c.id)
            if channels.attempts > 0 {
                out.append(
                    "  answers  \(channels.summary)"
                        + (channels.best.map {
                            c.prefers == nil || c.prefers == $0
                                ? " → \($0.rawValue)" : " → \($0.rawValue) (prefers \(c.prefers!.rawValue))"
                        } ?? ""))
            }
            if !c.tags.isEmpty { out.append("  tags     \(c.tags.joined(separator: ", "))") }
        }

        /// The next step, deals and open promises.
        func plans(_ c: Contact, _ ctx: Context, _ out: inout [String]) {
            let s = ctx.state
            let deals = s.deals(of: c.id)
            let open = s.openCommitments(of: c.id)
            out.append("")
            if let n = s.nextSteps[c.id] {
                let time = n.time.map { " \($0)" } ?? "", channel = n.channel.map { " · \($0.rawValue)" } ?? ""
                out.append("Next step: \(n.summary) · \(n.due.friendly)\(time)\(channel)")
            } else {
                out.append(s.isActive(c.id) ? "Next step: none planned (`tend next \(c.id) DATE`)" : "Next step: none")
            }

            if !deals.isEmpty {
                out.append("")
                out.append("Deals")
                for d in deals.reversed() {
                    let value = Money.format(d.value.totalCents, d.currency)
                    var line = "  \(d.id)  \(d.title) · \(d.stage.rawValue) · \(value)"
                    if let b = d.value.breakdown { line += " (\(b))" }
                    if d.stage == .quoted, let sent = d.quoteSent {
                        line +=
                            " · quoted \(Money.format(d.atStakeCents, d.currency)) on \(sent.iso), "
                            + "\(s.daysSilent(d, clock: ctx.clock) ?? 0) days silent"
                        if let e = d.quoteExpires { line += ", expires \(e.iso)" }
                    }
                    if let u = d.used, d.stage == .won { line += " · first use \(u.iso)" }
                    if !d.reason.isEmpty { line += " · \(d.reason)" }
                    out.append(line)
                }
            }

            for (kind, title) in [(CommitmentKind.weOwe, "We owe"), (.waitingOn, "Waiting on them")] {
                let ps = open.filter { $0.kind == kind }
                guard !ps.isEmpty else { continue }
                out.append("")
                out.append(title)
                for p in ps {
                    let late = p.due < ctx.today ? "  ! overdue" : ""
                    out.append("  \(p.id)  \(p.text) · due \(p.due.friendly) · \(p.rep)\(late)")
                }
            }
        }

        /// Every touch and note, newest first.
        func history(_ c: Contact, _ ctx: Context, _ out: inout [String]) {
            let timeline = Timeline.entries(of: c.id, in: ctx.state)
            out.append("")
            out.append("Timeline (\(timeline.count), newest first)")
            if timeline.isEmpty { out.append("  nothing yet") }
            for e in timeline {
                let day = ctx.clock.day(of: e.at), time = ctx.clock.time(of: e.at)
                out.append("  \(day.iso) \(time)  \(e.rep)  \(e.headline)")
                if !e.text.isEmpty { out.append("      \(e.text)") }
            }
        }
    }
}

/// A contact's history: touches and notes by every rep, newest first.
enum Timeline {
    struct Entry {
        var id: String
        var at: Timestamp
        var rep: String
        var headline: String
        var text: String
        var json: JSON

        init(touch t: Touch) {
            id = t.id; at = t.at; rep = t.rep
            headline = "\(t.channel.rawValue) · \(t.outcome.rawValue)"
            text = t.note
            json = [
                "kind": "touch", "id": .string(t.id), "at": .string(t.at.iso), "rep": .string(t.rep),
                "channel": .string(t.channel.rawValue), "outcome": .string(t.outcome.rawValue), "note": .string(t.note),
            ]
        }

        init(note n: Note) {
            id = n.id; at = n.at; rep = n.rep
            headline = "note"
            text = n.text
            json = [
                "kind": "note", "id": .string(n.id), "at": .string(n.at.iso), "rep": .string(n.rep),
                "note": .string(n.text),
            ]
        }
    }

    static func entries(of contact: String, in s: State) -> [Entry] {
        let all = (s.touches[contact] ?? []).map(Entry.init(touch:)) + (s.notes[contact] ?? []).map(Entry.init(note:))
        return all.sorted { ($0.at, $0.id) > ($1.at, $1.id) }
    }
}
