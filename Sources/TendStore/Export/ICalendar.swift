import TendCore

/// `tend export --format ics`: every next step and open promise as a calendar entry (RFC 5545).
///
/// VEVENTs by default, because Google Calendar and most phones ignore VTODO; `todos` gives a VTODO feed
/// (Thunderbird). Made for a subscribed calendar: each entry's UID comes from Tend's own ids, so a new
/// export updates entries rather than duplicating them, and LAST-MODIFIED/SEQUENCE move when one changes.
public enum ICalendar {
    public struct Options: Sendable {
        public var todos = false
        /// Which rep's follow-ups: nil for the whole team.
        public var rep: String?
        public var name = "Tend follow-ups"
        /// A timed entry's reminder, minutes before; 0 for none.
        public var alarmMinutes = 10
        public init(todos: Bool = false, rep: String? = nil, alarmMinutes: Int = 10) {
            self.todos = todos
            self.rep = rep
            self.alarmMinutes = alarmMinutes
            if let rep { name = "Tend follow-ups (\(rep))" }
        }
    }

    public static func text(_ s: State, clock: Clock, options: Options) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tend//Tend follow-ups//EN", "CALSCALE:GREGORIAN",
            "X-WR-CALNAME:" + escape(options.name),
        ]
        for c in s.contactsByName {
            if let step = s.nextSteps[c.id], options.rep == nil || c.owner == options.rep {
                lines += entry(
                    uid: "next-\(c.id)@tend", modified: step.setAt, day: step.due, time: step.time, clock: clock,
                    summary: "\(verb(step.channel ?? c.prefers)) \(who(c)): \(step.summary)",
                    description: details(
                        c, s,
                        why: step.reason == .planned
                            ? "Next step, planned by \(step.setBy)"
                            : "\(step.reason.label.prefix(1).uppercased() + step.reason.label.dropFirst()), planned "
                                + "by \(step.setBy)"
                    ),
                    todo: options.todos, alarmMinutes: options.alarmMinutes)
            }
            for p in s.openCommitments(of: c.id) where options.rep == nil || p.rep == options.rep {
                let summary = p.kind == .weOwe ? "Promised \(who(c)): \(p.text)" : "Waiting on \(who(c)): \(p.text)"
                let why = p.kind == .weOwe ? "\(p.rep) promised this" : "\(c.name) promised this to \(p.rep)"
                lines += entry(
                    uid: "promise-\(p.id)@tend", modified: p.updated, day: p.due, time: nil, clock: clock,
                    summary: summary, description: details(c, s, why: why), todo: options.todos,
                    alarmMinutes: options.alarmMinutes)
            }
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    static func entry(
        uid: String, modified: Timestamp, day: Day, time: LocalTime?, clock: Clock,
        summary: String, description: String, todo: Bool, alarmMinutes: Int
    ) -> [String] {
        let kind = todo ? "VTODO" : "VEVENT"
        // Without a METHOD, DTSTAMP is when the entry was last revised (RFC 5545 3.8.7.2): the same
        // book exports the same bytes. SEQUENCE must grow with each revision and only then: a step
        // set again unchanged keeps its time (`NextStep.sameContent`), so seconds since 2020 do,
        // and fit the 32-bit integer calendars store until 2088.
        var out = [
            "BEGIN:\(kind)", "UID:\(uid)", "DTSTAMP:\(utc(modified))", "LAST-MODIFIED:\(utc(modified))",
            "SEQUENCE:\(max(0, (modified.ms - 1_577_836_800_000) / 1000))",
        ]
        if let time {
            let start = clock.instant(day, time)
            out += todo ? ["DUE:\(utc(start))"] : ["DTSTART:\(utc(start))", "DURATION:PT15M"]
        } else {
            out +=
                todo
                ? ["DUE;VALUE=DATE:\(compact(day))"]
                : [
                    "DTSTART;VALUE=DATE:\(compact(day))", "DTEND;VALUE=DATE:\(compact(day.adding(days: 1)))",
                    "TRANSP:TRANSPARENT",
                ]
        }
        if todo { out.append("STATUS:NEEDS-ACTION") }
        out += ["SUMMARY:" + escape(summary), "DESCRIPTION:" + escape(description)]
        // A reminder before a timed call or meeting (a day-long entry has no moment to remind of).
        if time != nil, alarmMinutes > 0 {
            out += [
                "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + escape(summary), "TRIGGER:-PT\(alarmMinutes)M",
                "END:VALARM",
            ]
        }
        out.append("END:\(kind)")
        return out
    }

    static func who(_ c: Contact) -> String { c.company.isEmpty ? c.name : "\(c.name) (\(c.company))" }

    static func verb(_ channel: Channel?) -> String {
        switch channel {
        case .email?: return "Email"
        case .meeting?: return "Meet"
        case .sms?: return "Text"
        case .other?: return "Follow up with"
        case .call?, nil: return "Call"
        }
    }

    static func details(_ c: Contact, _ s: State, why: String) -> String {
        var d = [why]
        if let deal = s.mainDeal(of: c.id) {
            d.append("Deal: \(deal.title), \(deal.stage.rawValue), \(Money.format(deal.atStakeCents, deal.currency))")
        }
        if !c.phones.isEmpty { d.append("Phone: " + c.phones.joined(separator: ", ")) }
        if !c.emails.isEmpty { d.append("Email: " + c.emails.joined(separator: ", ")) }
        if !c.bestTime.isEmpty { d.append("Best time: \(c.bestTime)") }
        d.append("Tend: tend show \(c.id)")
        return d.joined(separator: "\n")
    }

    static func utc(_ t: Timestamp) -> String {
        // 2026-11-23T09:00:00.000Z → 20261123T090000Z
        let iso = t.iso
        return iso.prefix(19).filter { $0 != "-" && $0 != ":" } + "Z"
    }

    static func compact(_ d: Day) -> String { d.iso.filter { $0 != "-" } }

    /// TEXT escaping (3.3.11): backslash, `;`, `,`, newline; other control characters dropped.
    static func escape(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case _ where u.value < 0x20 || u.value == 0x7F: continue
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Lines longer than 75 octets continue on the next line after a space (3.1), never splitting a
    /// UTF-8 character.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var out = "", count = 0
        for u in line.unicodeScalars {
            let n = String(u).utf8.count
            if count + n > 75 {
                out += "\r\n "
                count = 1
            }
            out.unicodeScalars.append(u)
            count += n
        }
        return out
    }
}
