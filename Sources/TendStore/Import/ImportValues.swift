import TendCore

/// Cells as exports write them, read into Tend's types: dates in the usual spellings (and Excel's
/// day numbers), amounts with either decimal mark, stages by their names in Pipedrive and HubSpot.
public enum ImportValues {
    static let dateHelp = "expected 2026-12-01, 01.12.2026, 12/01/2026 or an Excel day number"

    /// `2026-12-01`, `2026-12-01 14:30`, `2026-12-01T14:30:00Z`, `01.12.2026`, `12/01/2026` (US month
    /// first, unless the first number is over 12), `2026/12/01`, `45631` (Excel), or a word like `fri`.
    static func day(_ text: String, today: Day) -> Day? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let n = Int(t), (20_000...80_000).contains(n) {
            return Day(year: 1899, month: 12, day: 30)!.adding(days: n)  // Excel's day 0, leap-year bug included
        }
        let datePart = String(t.prefix { $0 != " " && $0 != "T" })
        if let d = Day.parseISO(datePart) { return d }
        for sep: Character in [".", "/", "-"] {
            let p = datePart.split(separator: sep).map(String.init)
            guard p.count == 3, let a = Int(p[0]), let b = Int(p[1]), let c = Int(p[2]) else { continue }
            if p[0].count == 4 { return Day(year: a, month: b, day: c) }
            let year = c < 100 ? 2000 + c : c
            if sep == "." || a > 12 { return Day(year: year, month: b, day: a) }
            return Day(year: year, month: a, day: b)
        }
        return try? DateInput.day(t, today: today)
    }

    /// `8400`, `8,400.50`, `8.400,50`, `€ 8 400`, `EUR 8400`: cents, or nil.
    static func cents(_ text: String) -> Int64? {
        var t = String(
            text.unicodeScalars.filter { !$0.properties.isWhitespace && !"€$£¥".unicodeScalars.contains($0) })
        while let f = t.first, f.isLetter { t.removeFirst() }
        while let l = t.last, l.isLetter { t.removeLast() }
        if let comma = t.lastIndex(of: ","), let dot = t.lastIndex(of: ".") {
            // Both marks: the later one is the decimal point.
            t =
                comma > dot
                ? t.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
                : t.replacingOccurrences(of: ",", with: "")
        } else if let comma = t.lastIndex(of: ","), t.distance(from: comma, to: t.endIndex) <= 3,
            t.filter({ $0 == "," }).count == 1
        {
            t = t.replacingOccurrences(of: ",", with: ".")  // `8400,50`
        }
        return Money.cents(t)
    }

    /// A stage from Tend's own names, Pipedrive's pipeline stages plus status, or HubSpot's deal stages.
    static func stage(_ text: String, status: String) -> Stage {
        switch status.lowercased() {
        case "won": return .won
        case "lost": return .lost
        default: break
        }
        let s = text.lowercased().replacingOccurrences(of: " ", with: "")
        if let exact = Stage(rawValue: s) { return exact }
        if s.contains("won") { return .won }
        if s.contains("lost") { return .lost }
        if s.contains("nurtur") { return .nurture }
        if ["quote", "proposal", "contract", "negotiat", "decisionmaker"].contains(where: s.contains) {
            return .quoted
        }
        if s.isEmpty || s.contains("lead") || s == "new" { return s.isEmpty ? .prospect : .lead }
        return .prospect
    }

    /// Yes in the ways exports say it: `1`, `true`, `yes`, `done`.
    static func isYes(_ text: String) -> Bool { ["1", "true", "yes", "done", "y", "x"].contains(text.lowercased()) }

    /// Digits only, and only the last nine compared, so `+49 30 1234567` and `030 1234567` match.
    /// A phone as a key for "the same person": its digits, the last nine (so `+49 30 1234567` is
    /// `030 1234567`); nil under seven digits.
    public static func phoneKey(_ phone: String) -> String? {
        let digits = phone.filter(\.isASCII).filter(\.isNumber)
        // Under seven digits a number is an extension or a typo, not a person: never a key.
        return digits.count >= 7 ? String(digits.suffix(9)) : nil
    }

    /// An email as a key for "the same person": trimmed, lower case; nil when it is no address.
    public static func emailKey(_ email: String) -> String? {
        let e = email.trimmingCharacters(in: .whitespaces).lowercased()
        return e.contains("@") ? e : nil
    }
}
