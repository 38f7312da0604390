/// Dates as people type them: `today tomorrow yesterday mon..sun next thu 3d 2w -3d in 3 days
/// 2026-12-01`, then optionally a time (`fri 14:30`), or a time alone (`14:30`, today).
///
/// Weekday names mean the next such day strictly after today ("fri" on a Friday is a week out),
/// because a follow-up is planned forward; `next thu` says the same. Every accepted form is
/// listed here once (`help`, `dayHelp`), and `--help` and `?` show these strings.
public enum DateInput {
    public static let help =
        "today, tomorrow, mon..sun, next thu, 3d, 2w, -3d, in 3 days, next week, 2026-12-01, "
        + "each with a time (fri 14:30), or a time alone (14:30, today)"
    /// For what is due on a day (a promise): no time.
    public static let dayHelp = "today, tomorrow, mon..sun, next thu, 3d, 2w, in 3 days, next week, 2026-12-01"

    public struct Error: Swift.Error, Equatable, CustomStringConvertible, Sendable {
        public var input: String
        public init(input: String) { self.input = input }
        public var description: String { "bad date \"\(input)\": expected \(DateInput.help)" }
    }

    public static func parse(_ text: String, today: Day) throws -> (day: Day, time: LocalTime?) {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let found = leading(words, today: today), found.words == words.count else { throw Error(input: text) }
        return (found.day, found.time)
    }

    /// The date (and time) at the start of `words`, and how many words it took: the longest form
    /// that reads (`next thu 14:30` is three words). Nil when the first words are no date.
    public static func leading(_ words: [String], today: Day) -> (day: Day, time: LocalTime?, words: Int)? {
        let w = words.map { $0.lowercased() }
        guard let first = w.first else { return nil }
        var day: Day?, used = 0
        if let t = LocalTime.parse(first) { return (today, t, 1) }
        if first == "in", w.count >= 3, let n = Int(w[1]) ?? (w[1] == "a" || w[1] == "an" ? 1 : nil), n >= 0 {
            switch w[2] {
            case "day", "days": (day, used) = (today.adding(days: n), 3)
            case "week", "weeks": (day, used) = (today.adding(days: 7 * n), 3)
            default: break
            }
        } else if first == "next", w.count >= 2 {
            if w[1] == "week" {
                (day, used) = (today.adding(days: 8 - today.weekday), 2)  // Monday next week
            } else if weekdays[w[1]] != nil {
                (day, used) = (parseDay(w[1], today: today), 2)
            }
        } else if let d = parseDay(first, today: today) {
            (day, used) = (d, 1)
        }
        guard let day else { return nil }
        if used < w.count, let t = LocalTime.parse(w[used]) { return (day, t, used + 1) }
        return (day, nil, used)
    }

    /// A date with no time allowed.
    public static func day(_ text: String, today: Day) throws -> Day {
        let (d, t) = try parse(text, today: today)
        guard t == nil else { throw Error(input: text) }
        return d
    }

    static let weekdays: [String: Int] = [
        "mon": 1, "monday": 1, "tue": 2, "tues": 2, "tuesday": 2, "wed": 3, "wednesday": 3,
        "thu": 4, "thur": 4, "thurs": 4, "thursday": 4, "fri": 5, "friday": 5,
        "sat": 6, "saturday": 6, "sun": 7, "sunday": 7,
    ]

    /// `mon` / `monday` → 1 … `sun` → 7.
    public static func weekday(named name: String) -> Int? { weekdays[name.lowercased()] }

    static func parseDay(_ w: String, today: Day) -> Day? {
        switch w {
        case "today": return today
        case "tomorrow", "tmr": return today.adding(days: 1)
        case "yesterday": return today.adding(days: -1)
        default: break
        }
        if let wd = weekdays[w] {
            let ahead = (wd - today.weekday + 7) % 7
            return today.adding(days: ahead == 0 ? 7 : ahead)
        }
        if let d = Day.parseISO(w) { return d }
        // Relative: 3d, +3d, -3d, 2w.
        var body = Substring(w)
        var sign = 1
        if body.first == "+" {
            body = body.dropFirst()
        } else if body.first == "-" {
            sign = -1; body = body.dropFirst()
        }
        guard let unit = body.last, unit == "d" || unit == "w", body.count >= 2, body.count <= 5,
            let n = Int(body.dropLast()), n >= 0
        else { return nil }
        return today.adding(days: sign * n * (unit == "w" ? 7 : 1))
    }
}

/// `fri`, `3d call back`, `2026-12-01 14:30 demo`: a date, an optional time, then what.
public enum NextStepInput {
    public static func parse(_ text: String, today: Day) throws -> NextStep {
        let words = text.split(separator: " ").map(String.init)
        guard let found = DateInput.leading(words, today: today) else {
            throw DateInput.Error(input: words.first ?? text)
        }
        return NextStep(due: found.day, time: found.time, what: words.dropFirst(found.words).joined(separator: " "))
    }
}
