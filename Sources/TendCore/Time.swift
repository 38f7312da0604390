import Foundation

/// An instant: milliseconds since 1970-01-01T00:00:00Z. Events are ordered by it.
public struct Timestamp: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var ms: Int64
    public init(ms: Int64) { self.ms = ms }
    public init(_ date: Date) { ms = Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    public var date: Date { Date(timeIntervalSince1970: Double(ms) / 1000) }
    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.ms < b.ms }
    public func adding(minutes: Int) -> Timestamp { Timestamp(ms: ms + Int64(minutes) * 60_000) }
    public func adding(hours: Int) -> Timestamp { adding(minutes: hours * 60) }

    /// `2026-11-23T09:00:00.000Z`: the form written to logs.
    public var iso: String {
        let secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let millis = Int(ms - secs * 1000)
        let days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400
        let rem = Int(secs - days * 86400)
        let d = Day(daysSinceEpoch: Int(days))
        guard (0...9999).contains(d.year) else {
            return "\(d.iso)T\(pad(rem / 3600)):\(pad(rem / 60 % 60)):\(pad(rem % 60)).\(pad(millis, 3))Z"
        }
        // Written digit by digit: every event line and every listing carries a few of these.
        return String(unsafeUninitializedCapacity: 24) { b in
            d.writeISO(into: b)
            b[10] = UInt8(ascii: "T"); writeDigits(rem / 3600, 2, b, 11)
            b[13] = 0x3A; writeDigits(rem / 60 % 60, 2, b, 14); b[16] = 0x3A; writeDigits(rem % 60, 2, b, 17)
            b[19] = 0x2E; writeDigits(millis, 3, b, 20); b[23] = UInt8(ascii: "Z")
            return 24
        }
    }

    public var description: String { iso }

    /// Parses `2026-11-23T09:00:00Z`, with optional `.sss` fraction and `±hh:mm` offset.
    public static func parseISO(_ text: String) -> Timestamp? {
        var text = text
        return text.withUTF8 { parseISO(bytes: $0) }
    }

    /// `parseISO` of UTF-8 bytes: every event of a replay has one, read from the line in place.
    public static func parseISO(bytes u: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        if let t = parseWritten(u) { return t }
        func num(_ from: Int, _ len: Int) -> Int? { digits(u, from, len) }
        guard u.count >= 19, let day = Day.read(u), u[10] == 84 || u[10] == 116 || u[10] == 32,
            let h = num(11, 2), u[13] == 58, let mi = num(14, 2), u[16] == 58, let s = num(17, 2), h < 24, mi < 60,
            s < 61
        else { return nil }
        var i = 19
        var millis = 0
        if i < u.count, u[i] == 46 {
            i += 1
            var scale = 100
            let start = i
            while i < u.count, u[i] >= 48, u[i] <= 57 {
                millis += Int(u[i] - 48) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        var offset = 0
        guard i < u.count else { return nil }  // a zone is required: a bare local time is ambiguous
        if u[i] == 90 || u[i] == 122 {
            i += 1
        } else if u[i] == 43 || u[i] == 45 {
            guard let oh = num(i + 1, 2), i + 3 < u.count, u[i + 3] == 58, let om = num(i + 4, 2) else { return nil }
            offset = (oh * 60 + om) * (u[i] == 45 ? -1 : 1)
            i += 6
        } else {
            return nil
        }
        guard i == u.count else { return nil }
        let secs = Int64(day.daysSinceEpoch) * 86400 + Int64(h * 3600 + mi * 60 + s) - Int64(offset * 60)
        return Timestamp(ms: secs * 1000 + Int64(millis))
    }
}

/// `2026-11-23T09:00:00.000Z`, exactly as `Timestamp.iso` writes it (every line of every log), in
/// straight-line code: each digit's value checked at once. Nil for any other form, which the
/// general reading then tries.
@inline(__always) private func parseWritten(_ u: UnsafeBufferPointer<UInt8>) -> Timestamp? {
    guard u.count == 24, u[4] == 0x2D, u[7] == 0x2D, u[10] == 0x54, u[13] == 0x3A, u[16] == 0x3A, u[19] == 0x2E,
        u[23] == 0x5A
    else { return nil }
    // A byte below '0' wraps round to 208 and up: one test per digit, none branching.
    let p = u.baseAddress!
    @inline(__always) func at(_ k: Int) -> Int { Int(p[k] &- 48) }
    let y0 = at(0), y1 = at(1), y2 = at(2), y3 = at(3), m0 = at(5), m1 = at(6), d0 = at(8), d1 = at(9)
    let h0 = at(11), h1 = at(12), n0 = at(14), n1 = at(15), s0 = at(17), s1 = at(18), f0 = at(20), f1 = at(21)
    let f2 = at(22)
    let worst = max(max(max(y0, y1), max(y2, y3)), max(max(m0, m1), max(d0, d1)), max(max(h0, h1), max(n0, n1)))
    guard max(worst, max(max(s0, s1), max(max(f0, f1), f2))) < 10 else { return nil }
    let h = h0 * 10 + h1, mi = n0 * 10 + n1, s = s0 * 10 + s1, millis = f0 * 100 + f1 * 10 + f2
    guard h < 24, mi < 60, s < 61,
        let date = Day(year: y0 * 1000 + y1 * 100 + y2 * 10 + y3, month: m0 * 10 + m1, day: d0 * 10 + d1)
    else { return nil }
    let secs = Int64(date.daysSinceEpoch) * 86400 + Int64(h * 3600 + mi * 60 + s)
    return Timestamp(ms: secs * 1000 + Int64(millis))
}

/// The number written in `len` ASCII digits at `from` of `u`; nil when one is not a digit or `u`
/// ends first. The date parsers' one reading of digits: a sign or a space is not a digit.
@inline(__always) func digits(_ u: UnsafeBufferPointer<UInt8>, _ from: Int, _ len: Int) -> Int? {
    guard from >= 0, from + len <= u.count else { return nil }
    var v = 0
    for k in from..<from + len {
        let c = u[k]
        guard c >= 48, c <= 57 else { return nil }
        v = v * 10 + Int(c - 48)
    }
    return v
}

/// `n` (0 ≤ n < 10^width) as `width` digits at `at`.
@inline(__always) private func writeDigits(_ n: Int, _ width: Int, _ b: UnsafeMutableBufferPointer<UInt8>, _ at: Int) {
    var n = n
    for i in stride(from: at + width - 1, through: at, by: -1) {
        b[i] = UInt8(truncatingIfNeeded: 0x30 + n % 10)
        n /= 10
    }
}

private func pad(_ n: Int, _ width: Int = 2) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

/// A calendar day with no time zone: due dates of next steps and promises are days in the rep's
/// calendar, so a 23- or 25-hour day can neither drop nor double one.
public struct Day: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= Day.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(daysSinceEpoch z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    public func adding(days n: Int) -> Day { Day(daysSinceEpoch: daysSinceEpoch + n) }
    public func days(until other: Day) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    /// 1 = Monday … 7 = Sunday (ISO 8601).
    public var weekday: Int { ((daysSinceEpoch % 7 + 7 + 3) % 7) + 1 }

    public static func < (a: Day, b: Day) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    /// The Monday of this day's ISO week, and its Sunday.
    public var weekStart: Day { adding(days: 1 - weekday) }
    public var weekEnd: Day { adding(days: 7 - weekday) }

    /// `2026-W48`: the ISO 8601 week (weeks start on Monday; week 1 holds the year's first Thursday).
    public var isoWeek: String {
        let thursday = adding(days: 4 - weekday)
        let jan1 = Day(year: thursday.year, month: 1, day: 1)!
        let week = jan1.days(until: thursday) / 7 + 1
        return "\(thursday.year)-W\(week < 10 ? "0" : "")\(week)"
    }

    public var iso: String {
        guard (0...9999).contains(year) else { return "\(pad(year, 4))-\(pad(month))-\(pad(day))" }
        return String(unsafeUninitializedCapacity: 10) { b in
            writeISO(into: b)
            return 10
        }
    }

    /// `2026-11-23` into the first 10 bytes of `b`, for a year in 0–9999.
    func writeISO(into b: UnsafeMutableBufferPointer<UInt8>) {
        writeDigits(year, 4, b, 0); b[4] = 0x2D; writeDigits(month, 2, b, 5); b[7] = 0x2D; writeDigits(day, 2, b, 8)
    }
    public var description: String { iso }

    static let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    public var weekdayName: String { Day.weekdayNames[weekday - 1] }

    /// `Fri 2026-11-27`
    public var friendly: String { "\(weekdayName) \(iso)" }

    /// `11-27`: the month and day, where the year goes without saying.
    public var monthDay: String { "\(pad(month))-\(pad(day))" }

    /// For a list's "when" column (10 wide): `today` (or the time), `Fri 11-27` near today, and the
    /// full date more than half a year away, where a month-day alone would name the wrong year.
    public func short(today: Day, time: LocalTime? = nil) -> String {
        if self == today { return time?.description ?? "today" }
        if abs(today.days(until: self)) > 180 { return iso }
        return "\(weekdayName) \(monthDay)" + (time.map { " \($0)" } ?? "")
    }

    /// Parses `2026-12-01`: ASCII digits only.
    public static func parseISO(_ s: String) -> Day? {
        var s = s
        return s.withUTF8 { $0.count == 10 ? read($0) : nil }
    }

    /// `2026-12-01` at the start of `u` (a date, or a timestamp's date): what both parsers read.
    static func read(_ u: UnsafeBufferPointer<UInt8>) -> Day? {
        guard u.count >= 10, u[4] == 0x2D, u[7] == 0x2D, let y = digits(u, 0, 4), let m = digits(u, 5, 2),
            let d = digits(u, 8, 2)
        else { return nil }
        return Day(year: y, month: m, day: d)
    }
}

/// A wall-clock time of day in the rep's zone.
public struct LocalTime: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let hour: Int
    public let minute: Int
    public init?(hour: Int, minute: Int) {
        guard (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }
    public var minutes: Int { hour * 60 + minute }
    public static func < (a: LocalTime, b: LocalTime) -> Bool { a.minutes < b.minutes }
    public var description: String { "\(pad(hour)):\(pad(minute))" }

    /// Parses `14:30` or `9:05`: ASCII digits only.
    public static func parse(_ s: String) -> LocalTime? {
        var s = s
        return s.withUTF8 { u in
            let colon = u.count - 3
            guard colon == 1 || colon == 2, u[colon] == 0x3A, let h = digits(u, 0, colon),
                let m = digits(u, colon + 1, 2)
            else { return nil }
            return LocalTime(hour: h, minute: m)
        }
    }
}

/// The time zone and "now" the core works in. TendCore never reads the wall clock: whoever calls
/// it says what time it is, which is how tests pin the clock and cross daylight-saving days.
public struct Clock: Sendable {
    public var now: Timestamp
    public var timeZone: TimeZone

    public init(now: Timestamp, timeZone: TimeZone) {
        self.now = now
        self.timeZone = timeZone
    }

    /// The calendar day an instant falls on in this zone.
    public func day(of t: Timestamp) -> Day {
        let secs = Double(t.ms) / 1000
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: secs))
        let local = Int64(floor(secs)) + Int64(offset)
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        return Day(daysSinceEpoch: Int(days))
    }

    /// The wall-clock time of an instant in this zone.
    public func time(of t: Timestamp) -> LocalTime {
        let secs = Double(t.ms) / 1000
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: secs))
        let local = Int64(floor(secs)) + Int64(offset)
        let rem = Int(((local % 86400) + 86400) % 86400)
        return LocalTime(hour: rem / 3600, minute: rem / 60 % 60)!
    }

    public var today: Day { day(of: now) }

    /// The instant a day's wall-clock time names. A time skipped by a spring-forward gap resolves
    /// to the instant after the gap; a repeated autumn time resolves to its first occurrence.
    public func instant(_ day: Day, _ time: LocalTime = LocalTime(hour: 0, minute: 0)!) -> Timestamp {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        let comps = DateComponents(year: day.year, month: day.month, day: day.day, hour: time.hour, minute: time.minute)
        if let d = cal.date(from: comps) { return Timestamp(d) }
        let utc = Int64(day.daysSinceEpoch) * 86_400_000 + Int64(time.minutes) * 60_000
        return Timestamp(ms: utc)
    }

    /// `13:05` for a moment today, else `Tue 2026-11-24 13:05`: how a retry time or a due time reads.
    public func describe(_ t: Timestamp) -> String {
        day(of: t) == today ? time(of: t).description : "\(day(of: t).friendly) \(time(of: t))"
    }

    /// The first instant of the day after `day` in this zone: days are 23, 24 or 25 hours long.
    public func endOfDay(_ day: Day) -> Timestamp { instant(day.adding(days: 1)) }
}

/// Time zone names as people and files give them: an IANA name (`Europe/Lisbon`), checked.
public enum TimeZoneName {
    /// The name, if it names a zone this machine knows (vCard `TZ` may also be an offset like
    /// `-05:00`, which names no place: not kept).
    public static func valid(_ name: String) -> String? {
        let n = name.trimmingCharacters(in: .whitespaces)
        guard n.contains("/"), TimeZone(identifier: n) != nil else { return nil }
        return n
    }
}

extension Clock {
    /// "14:05 there" for a contact in another zone than the clock's, nil when it is the same.
    public func theirTime(_ zone: String) -> String? {
        guard !zone.isEmpty, let tz = TimeZone(identifier: zone),
            tz.secondsFromGMT(for: now.date) != timeZone.secondsFromGMT(for: now.date)
        else { return nil }
        return "\(Clock(now: now, timeZone: tz).time(of: now)) there"
    }
}
