/// Dates as people type them: `today tomorrow yesterday mon..sun 3d 2w -3d 2026-12-01 "2026-12-01 14:30"`.
///
/// Weekday names mean the next such day strictly after today ("fri" on a Friday is a week out),
/// because a follow-up is planned forward. A time of day may follow any of them: `fri 14:30`.
public enum DateInput {
    public static let help = "today, tomorrow, mon..sun, 3d, 2w, -3d, 2026-12-01 or \"2026-12-01 14:30\""

    public struct Error: Swift.Error, Equatable, CustomStringConvertible, Sendable {
        public var input: String
        public init(input: String) { self.input = input }
        public var description: String { "bad date \"\(input)\": expected \(DateInput.help)" }
    }

    public static func parse(_ text: String, today: Day) throws -> (day: Day, time: LocalTime?) {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard (1...2).contains(words.count) else { throw Error(input: text) }
        var time: LocalTime?
        if words.count == 2 {
            guard let t = LocalTime.parse(words[1]) else { throw Error(input: text) }
            time = t
        }
        guard let day = parseDay(words[0].lowercased(), today: today) else { throw Error(input: text) }
        return (day, time)
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
