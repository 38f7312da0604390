import CSV
import Foundation
import TendCore

/// `tend export --format csv`: one row per deal (a contact without a deal gets one row), in columns a
/// spreadsheet user reads without help, which `tend import` reads back unchanged.
public enum CSVExport {
    public static let header = [
        "Name", "Company", "Email", "Phone", "Owner", "Stage", "Deal", "Value", "Currency", "Quote sent",
        "Close date", "Lost reason", "Last touch", "Last outcome", "Next follow-up", "Next step", "Tags",
        "Last note", "Tend ID",
    ]

    public static func rows(_ s: State, clock: Clock, include: (Contact) -> Bool = { _ in true }) -> [[String]] {
        var rows: [[String]] = []
        for c in s.contactsByName where include(c) {
            let last = s.touches[c.id]?.last
            let step = s.nextSteps[c.id]
            let person = [
                c.name, c.company, c.emails.joined(separator: ", "), c.phones.joined(separator: "; "), c.owner,
            ]
            let lastDay: String = last.map { clock.day(of: $0.at).iso } ?? ""
            let lastOutcome: String = last.map { "\($0.channel.rawValue) \($0.outcome.rawValue)" } ?? ""
            var due = ""
            if let step { due = step.due.iso + (step.time.map { " \($0.description)" } ?? "") }
            let after: [String] = [
                lastDay, lastOutcome, due, step?.summary ?? "",
                c.tags.joined(separator: ", "),
                s.notes[c.id]?.last?.text ?? "",
                c.id,
            ]
            let deals = s.deals(of: c.id)
            if deals.isEmpty { rows.append(person + Array(repeating: "", count: 7) + after) }
            for d in deals {
                rows.append(
                    person + [
                        d.stage.rawValue, d.title, number(d.value.totalCents), d.currency,
                        d.quoteSent?.iso ?? "", d.stage == .won ? d.used?.iso ?? "" : "",
                        d.stage == .lost || d.stage == .nurture ? d.reason : "",
                    ] + after)
            }
        }
        return rows
    }

    /// The CSV text, CRLF line ends (RFC 4180) and a final line end. A cell that a spreadsheet would run
    /// as a formula is written with a leading `'` (`defuse`), which `tend import` takes off again.
    public static func text(_ s: State, clock: Clock, include: (Contact) -> Bool = { _ in true }) throws -> String {
        let stream = OutputStream.toMemory()
        let w = try CSVWriter(stream: stream, newline: .crlf)
        try w.write(row: header)
        for r in rows(s, clock: clock, include: include) {
            w.beginNewRow()
            try w.write(row: r.map(defuse))
        }
        stream.close()
        let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\r\n"
    }

    /// `8400.00`: a number every spreadsheet reads, whatever its locale's grouping.
    static func number(_ cents: Int64) -> String {
        let frac = String(cents % 100)
        return "\(cents / 100).\(frac.count == 1 ? "0" + frac : frac)"
    }

    /// A cell a spreadsheet would run as a formula — starting with `=`, `+`, `-`, `@`, a tab or a
    /// carriage return (OWASP's CSV-injection list) — gets a leading `'`, which Excel, LibreOffice
    /// and Google Sheets show as text. Except a phone number alone (`+49 30 1234`, `-` and `()` `.`
    /// `/` allowed), which they show as text anyway and a phone needs unchanged. A cell that starts
    /// with `'` itself gets one too, so `restore` can take off exactly what was added.
    static func defuse(_ cell: String) -> String {
        guard let f = cell.unicodeScalars.first else { return cell }
        switch f {
        case "'": return "'" + cell
        case "=", "@", "\t", "\r": return "'" + cell
        case "+", "-": return isPhoneNumber(cell) ? cell : "'" + cell
        default: return cell
        }
    }

    /// Undoes `defuse` on import: `restore(defuse(x)) == x` for every text.
    static func restore(_ cell: String) -> String {
        guard cell.hasPrefix("'") else { return cell }
        let rest = String(cell.dropFirst())
        return defuse(rest) == cell ? rest : cell
    }

    /// Digits, spaces and `+-()./` only, with at least one digit.
    static func isPhoneNumber(_ cell: String) -> Bool {
        var digits = 0
        for u in cell.unicodeScalars {
            switch u {
            case "0"..."9": digits += 1
            case "+", "-", " ", "(", ")", ".", "/": continue
            default: return false
            }
        }
        return digits > 0
    }
}
