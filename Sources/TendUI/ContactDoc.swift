import TendCore

/// What `x` acts on when its line is selected on the contact screen.
public enum DocTarget: Equatable, Sendable {
    case nextStep(String)
    case promise(String)
}

/// One line of the contact screen: styled pieces, and what the line stands for.
public struct DocLine: Equatable, Sendable {
    public var parts: [(String, Role)]
    public var target: DocTarget?

    init(_ parts: [(String, Role)], target: DocTarget? = nil) {
        self.parts = parts
        self.target = target
    }

    init(_ text: String, _ role: Role = .normal, target: DocTarget? = nil) {
        self.init([(text, role)], target: target)
    }

    public static func == (a: DocLine, b: DocLine) -> Bool {
        a.target == b.target && a.parts.map(\.0) == b.parts.map(\.0) && a.parts.map(\.1) == b.parts.map(\.1)
    }
}

/// The contact screen as a document: profile, next step, deals, promises by side, and the timeline
/// of every touch by every rep, newest first. The cursor moves over its lines.
public enum ContactDoc {
    public static func lines(_ m: Model) -> [DocLine] { lines(m, id: m.contact, width: m.width) }

    /// The document of contact `id`, its notes wrapped to `width` columns.
    public static func lines(_ m: Model, id: String?, width: Int) -> [DocLine] {
        guard let id, let c = m.state.contacts[id] else { return [DocLine("No contact selected.", .muted)] }
        var out: [DocLine] = []
        profile(m, c, &out)
        nextStep(m, c, &out)
        deals(m, c, &out)
        promises(m, c, &out)
        timeline(m, c, width: width, &out)
        return out
    }

    /// Who they are and how they answer.
    static func profile(_ m: Model, _ c: Contact, _ out: inout [DocLine]) {
        let s = m.state, id = c.id
        out.append(
            DocLine([
                (c.name, .title), (c.company.isEmpty ? "" : " · \(c.company)", .normal),
                ("  \(s.stage(of: id).rawValue) · owner \(c.owner) · \(id)", .muted),
            ]))
        if let stop = s.stopMark(id) {
            out.append(DocLine("  do not contact: " + stop.sentence(contactName: c.name, clock: m.clock), .overdue))
        }
        if let claim = s.activeClaim(id, now: m.clock.now), claim.rep != m.rep {
            out.append(DocLine("  " + claim.sentence(contactName: c.name, me: m.rep, now: m.clock.now), .claimed))
        }
        let answered = s.channelStats(id).summary
        if !c.phones.isEmpty {
            out.append(DocLine([("phone     ", .muted), (c.phones.joined(separator: ", "), .normal)]))
        }
        if !c.emails.isEmpty {
            out.append(DocLine([("email     ", .muted), (c.emails.joined(separator: ", "), .normal)]))
        }
        let prefers = (c.prefers?.rawValue ?? "—") + (c.bestTime.isEmpty ? "" : " · best \(c.bestTime)")
        out.append(
            DocLine([
                ("prefers   ", .muted), (prefers, .normal), (answered.isEmpty ? "" : "   answers: \(answered)", .muted),
            ]))
        if !c.needs.isEmpty { out.append(DocLine([("needs     ", .muted), (c.needs, .normal)])) }
        if !c.tags.isEmpty { out.append(DocLine([("tags      ", .muted), (c.tags.joined(separator: ", "), .normal)])) }
    }

    /// The one next step, or that there is none.
    static func nextStep(_ m: Model, _ c: Contact, _ out: inout [DocLine]) {
        let s = m.state, id = c.id, today = m.clock.today
        out.append(DocLine(""))
        if let n = s.nextSteps[id] {
            let role: Role = n.due < today ? .overdue : n.due == today ? .today : .future
            let when = n.due.friendly + (n.time.map { " \($0)" } ?? "")
            out.append(
                DocLine(
                    [
                        ("Next step ", .title), (when, role), ("  \(n.summary)", .normal),
                        (n.channel.map { " · \($0.rawValue)" } ?? "", .muted),
                    ], target: .nextStep(id)))
        } else {
            out.append(
                DocLine([
                    ("Next step ", .title),
                    (
                        s.isActive(id) ? "? none planned — s plans one" : "none",
                        s.isActive(id) ? Role.noNextStep : .muted
                    ),
                ]))
        }
    }

    /// What they may buy, newest first.
    static func deals(_ m: Model, _ c: Contact, _ out: inout [DocLine]) {
        let s = m.state, id = c.id, today = m.clock.today
        let deals = s.deals(of: id)
        if !deals.isEmpty {
            out.append(DocLine(""))
            out.append(DocLine("Deals", .title))
            for d in deals.reversed() {
                var detail = "\(d.stage.rawValue)"
                if d.stage == .quoted, let sent = d.quoteSent {
                    detail += " \(sent.monthDay), \(sent.days(until: today))d ago"
                }
                if d.stage == .won, let u = d.used { detail += " · first use \(u.monthDay)" }
                if !d.reason.isEmpty { detail += " · \(d.reason)" }
                out.append(
                    DocLine([
                        ("  \(d.title)  ", .normal), (Money.format(d.atStakeCents, d.currency), .money),
                        (d.value.breakdown.map { " (\($0))" } ?? "", .muted), ("  \(detail)", .muted),
                    ]))
            }
        }
    }

    /// Open promises, ours and theirs.
    static func promises(_ m: Model, _ c: Contact, _ out: inout [DocLine]) {
        let s = m.state, id = c.id, today = m.clock.today
        let open = s.openCommitments(of: id)
        for (kind, title) in [(CommitmentKind.weOwe, "We owe"), (.waitingOn, "Waiting on them")] {
            let ps = open.filter { $0.kind == kind }
            guard !ps.isEmpty else { continue }
            out.append(DocLine(""))
            out.append(DocLine(title, .title))
            for p in ps {
                let role: Role = p.due < today ? .overdue : p.due == today ? .today : .future
                out.append(
                    DocLine(
                        [
                            ("  \(p.due.weekdayName) \(p.due.monthDay)  ", role), (p.text, .normal),
                            ("  \(p.rep)", .muted),
                        ],
                        target: .promise(p.id)))
            }
        }
    }

    /// Every touch and note by every rep, newest first, notes whole.
    static func timeline(_ m: Model, _ c: Contact, width: Int, _ out: inout [DocLine]) {
        let s = m.state, id = c.id
        struct Entry { var at: Timestamp; var id: String; var line: DocLine; var note: String }
        var entries = (s.touches[id] ?? []).map { t in
            Entry(
                at: t.at, id: t.id,
                line: DocLine([
                    ("  \(stamp(m, t.at))  ", .muted), (t.rep, .key),
                    ("  \(t.channel.rawValue) · \(t.outcome.rawValue)", t.outcome.isConversation ? .today : .normal),
                ]),
                note: t.note)
        }
        entries += (s.notes[id] ?? []).map { n in
            Entry(
                at: n.at, id: n.id,
                line: DocLine([("  \(stamp(m, n.at))  ", .muted), (n.rep, .key), ("  note", .normal)]), note: n.text)
        }
        entries.sort { ($0.at, $0.id) > ($1.at, $1.id) }
        out.append(DocLine(""))
        out.append(DocLine("Timeline (\(entries.count), newest first)", .title))
        if entries.isEmpty { out.append(DocLine("  nothing yet · c calls, a writes a note", .muted)) }
        for e in entries {
            out.append(e.line)
            // Whole notes, wrapped to the screen: nothing said on a call is cut off.
            for line in e.note.split(separator: "\n", omittingEmptySubsequences: true) {
                for part in TextWidth.wrap(String(line), to: max(10, width - 8)) {
                    out.append(DocLine("      " + part, .normal))
                }
            }
        }
    }

    static func stamp(_ m: Model, _ t: Timestamp) -> String {
        "\(m.clock.day(of: t).iso) \(m.clock.time(of: t))"
    }
}
