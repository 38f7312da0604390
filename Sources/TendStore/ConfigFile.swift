import Foundation
import TendCore

/// Reads `config.toml`: team settings over the defaults. A missing file is the defaults; a broken
/// one is an error naming file, line and key, because a silently ignored guard window is how two
/// reps end up calling the same person an hour apart.
///
///     currency = "EUR"
///     theme = "light"
///     rep = "ann"           # who works on this machine (else $TEND_REP, else $USER)
///     working_days = ["mon", "tue", "wed", "thu", "fri"]
///     [guard]
///     window_hours = 4
///     max_per_day = 2
///     claim_minutes = 15
///     [cadence]
///     quote_followups = [1, 3, 7, 14]
///     checkin_after_days = 7
///     nurture_first_days = 3
///     nurture_every_days = 30
///     [calendar]
///     holidays = ["2026-12-25", "2026-12-26"]
///     alarm_minutes = 10
///     [clock]
///     max_ahead_minutes = 5
public enum ConfigFile {
    public static let name = "config.toml"

    public static func load(dir: String) throws -> Settings {
        let path = dir + "/" + name
        guard FileManager.default.fileExists(atPath: path) else { return Settings() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw StoreError("\(path): not UTF-8 text") }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String = name) throws -> Settings {
        let table: [String: MiniTOML.Value]
        do {
            table = try MiniTOML.parse(text, file: file)
        } catch let e as MiniTOML.Error {
            throw StoreError(e.description)
        }
        var s = Settings()
        let reader = Reader(file: file)
        try readTop(table, into: &s, reader)
        try readSections(table, into: &s, reader)
        return s
    }

    /// Whole numbers with a floor, with errors naming the file and key.
    struct Reader {
        let file: String
        func place(_ key: String) -> String { "\(file): \(key)" }
        func int(_ t: [String: MiniTOML.Value]?, _ key: String, _ path: String, min: Int) throws -> Int? {
            guard let v = t?[key] else { return nil }
            guard let n = v.int, n >= min else {
                throw StoreError("\(place(path)) must be a whole number ≥ \(min), not \(v.description)")
            }
            return n
        }
    }

    /// currency, rep, theme, working_days.
    static func readTop(_ table: [String: MiniTOML.Value], into s: inout Settings, _ r: Reader) throws {
        let place = r.place
        if let v = table["currency"] {
            guard let c = v.string, (3...4).contains(c.count) else {
                throw StoreError("\(place("currency")) must be a code like \"EUR\"")
            }
            s.currency = c.uppercased()
        }
        if let v = table["rep"] {
            guard let r = v.string, DataDir.validRep(r) else {
                throw StoreError("\(place("rep")) must be a rep name (letters, digits and -_.)")
            }
            s.rep = r
        }
        if let v = table["theme"] {
            guard let t = v.string, !t.isEmpty else {
                throw StoreError("\(place("theme")) must be a theme name or path")
            }
            s.theme = t
        }
        if let v = table["working_days"] {
            guard let a = v.array else {
                throw StoreError("\(place("working_days")) must be a list like [\"mon\", \"fri\"]")
            }
            var days = Set<Int>()
            for item in a {
                guard let name = item.string?.lowercased(), let d = DateInput.weekday(named: name) else {
                    throw StoreError("\(place("working_days")): unknown day \(item.description); use mon..sun")
                }
                days.insert(d)
            }
            guard !days.isEmpty else { throw StoreError("\(place("working_days")) must name at least one day") }
            s.workingDays = days
        }
    }

    /// [guard], [cadence], [review], [clock].
    static func readSections(_ table: [String: MiniTOML.Value], into s: inout Settings, _ reader: Reader) throws {
        let place = reader.place
        let g = table["guard"]?.table
        if let h = try reader.int(g, "window_hours", "guard.window_hours", min: 0) {
            s.guardRule.windowMinutes = h * 60
        }
        if let m = try reader.int(g, "window_minutes", "guard.window_minutes", min: 0) { s.guardRule.windowMinutes = m }
        if let n = try reader.int(g, "max_per_day", "guard.max_per_day", min: 0) { s.guardRule.maxPerDay = n }
        if let n = try reader.int(g, "claim_minutes", "guard.claim_minutes", min: 1) { s.guardRule.claimMinutes = n }
        let c = table["cadence"]?.table
        if let v = c?["quote_followups"] {
            guard let a = v.array, !a.isEmpty, a.allSatisfy({ ($0.int ?? 0) > 0 }) else {
                throw StoreError("\(place("cadence.quote_followups")) must be a list of days like [1, 3, 7, 14]")
            }
            s.cadence.quoteFollowUps = a.compactMap(\.int).sorted()
        }
        if let v = c?["lead_attempt_days"] {
            guard let a = v.array, !a.isEmpty, a.allSatisfy({ ($0.int ?? -1) >= 0 }) else {
                throw StoreError(
                    "\(place("cadence.lead_attempt_days")) must be a list of days like [0, 1, 3, 5, 8, 13]")
            }
            s.cadence.leadAttemptDays = a.compactMap(\.int).sorted()
        }
        if let n = try reader.int(c, "prospect_follow_up_days", "cadence.prospect_follow_up_days", min: 1) {
            s.cadence.prospectFollowUpDays = n
        }
        let r = table["review"]?.table
        if let n = try reader.int(r, "silent_quote_days", "review.silent_quote_days", min: 1) { s.silentQuoteDays = n }
        if let n = try reader.int(r, "touched_within_days", "review.touched_within_days", min: 1) {
            s.touchedWithinDays = n
        }
        if let n = try reader.int(c, "checkin_after_days", "cadence.checkin_after_days", min: 0) {
            s.cadence.checkInDays = n
        }
        if let n = try reader.int(c, "nurture_first_days", "cadence.nurture_first_days", min: 0) {
            s.cadence.nurtureFirstDays = n
        }
        if let n = try reader.int(c, "nurture_every_days", "cadence.nurture_every_days", min: 1) {
            s.cadence.nurtureEveryDays = n
        }
        let calendar = table["calendar"]?.table
        if let v = calendar?["holidays"] {
            guard let a = v.array else {
                throw StoreError("\(place("calendar.holidays")) must be a list of dates like [\"2026-12-25\"]")
            }
            for item in a {
                guard let text = item.string, let d = Day.parseISO(text) else {
                    throw StoreError(
                        "\(place("calendar.holidays")): \(item.description) is not a date like \"2026-12-25\"")
                }
                s.holidays.insert(d)
            }
        }
        if let n = try reader.int(calendar, "alarm_minutes", "calendar.alarm_minutes", min: 0) { s.alarmMinutes = n }
        let clock = table["clock"]?.table
        if let n = try reader.int(clock, "max_ahead_minutes", "clock.max_ahead_minutes", min: 0) {
            s.maxAheadMinutes = n
        }
    }
}
