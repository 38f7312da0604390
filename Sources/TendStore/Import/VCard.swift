import Foundation

/// vCard 2.1, 3.0 and 4.0 (RFC 6350) as phones and address books export them, read into records.
///
/// Handles what real exports contain: folded lines, `\,` escapes, several EMAIL/TEL with a preferred
/// one, Apple/Google `item1.` groups with an `X-ABLabel`, 2.1 quoted-printable with `=` soft breaks,
/// empty placeholders (`ADR:;;;;;;`), group cards (skipped), several cards per file.
public enum VCard {
    /// A property value longer than this is a broken file, not a note.
    public static let maxValue = 64 * 1024

    public struct Result: Sendable {
        public var records: [ImportRecord] = []
        /// Cards that are not people (contact groups), by line.
        public var skipped: [ImportProblem] = []
    }

    public static func parse(_ text: String) throws -> Result {
        var result = Result()
        var problems: [ImportProblem] = []
        var card: [(line: Int, prop: Property)]?
        var cardLine = 0
        for (line, raw) in logicalLines(text) {
            if raw.utf8.count > maxValue {
                problems.append(ImportProblem(line: line, "a line longer than \(maxValue / 1024) KB"))
                card = nil
                continue
            }
            guard let p = Property(raw) else {
                if card != nil && !raw.trimmingCharacters(in: .whitespaces).isEmpty {
                    problems.append(
                        ImportProblem(line: line, "not a vCard property (expected NAME:value): \(raw.prefix(40))"))
                }
                continue
            }
            switch (p.name, p.value.uppercased()) {
            case ("BEGIN", "VCARD"):
                if card != nil { problems.append(ImportProblem(line: cardLine, "BEGIN:VCARD without END:VCARD")) }
                card = []
                cardLine = line
            case ("END", "VCARD"):
                guard let props = card else {
                    problems.append(ImportProblem(line: line, "END:VCARD without BEGIN:VCARD"))
                    continue
                }
                switch record(props, line: cardLine) {
                case .person(let r): result.records.append(r)
                case .group(let name):
                    result.skipped.append(ImportProblem(line: cardLine, "group card \"\(name)\" (not a person)"))
                case .bad(let message): problems.append(ImportProblem(line: cardLine, message))
                }
                card = nil
            default:
                if card != nil { card!.append((line, p)) }
            }
        }
        if card != nil {
            problems.append(
                ImportProblem(line: cardLine, "BEGIN:VCARD without END:VCARD (the file ends inside this card)"))
        }
        if !problems.isEmpty { throw ImportError(problems) }
        if result.records.isEmpty && result.skipped.isEmpty {
            throw ImportError([ImportProblem(line: 1, "no BEGIN:VCARD found: is this a vCard file?")])
        }
        return result
    }

    /// Unfolds lines (RFC 6350 3.2: a line break followed by a space or tab continues the line) and
    /// joins quoted-printable soft breaks (a line ending in `=`), keeping each line's first line number.
    /// Line ends: LF, CRLF, CR, and the CR CR LF some iPhone exports write (one line end, not two,
    /// or a folded PHOTO line would be cut off from its card).
    static func logicalLines(_ text: String) -> [(Int, String)] {
        let physical = text.replacingOccurrences(of: "\r\r\n", with: "\n").replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        var out: [(Int, String)] = []
        var softBreak = false
        for (i, l) in physical.enumerated() {
            let s = String(l)
            if let last = out.last, softBreak {
                out[out.count - 1] = (last.0, String(last.1.dropLast()) + s)
            } else if let last = out.last, let c = s.first, c == " " || c == "\t" {
                out[out.count - 1] = (last.0, last.1 + s.dropFirst())
            } else {
                out.append((i + 1, s))
            }
            let current = out.last!.1
            softBreak =
                current.hasSuffix("=") && current.uppercased().contains("QUOTED-PRINTABLE")
                && current.firstIndex(of: ":").map { current.uppercased()[..<$0].contains("QUOTED-PRINTABLE") } == true
        }
        return out
    }

    enum Card {
        case person(ImportRecord)
        case group(String)
        case bad(String)
    }

    static func record(_ props: [(line: Int, prop: Property)], line: Int) -> Card {
        var r = ImportRecord(line: line)
        var labels: [String: String] = [:]  // group → X-ABLabel
        for (_, p) in props where p.name == "X-ABLABEL" {
            if let g = p.group { labels[g] = stripAppleLabel(p.text) }
        }
        var fn = "", fnPref = Int.max, n: [String] = [], org = ""
        var phones: [(String, Bool)] = [], emails: [(String, Bool)] = []
        for (_, p) in props {
            let label = p.group.flatMap { labels[$0] }
            switch p.name {
            case "FN":
                // vCard 4.0 may give several (ALTID, one per language): the most preferred, else the first.
                let pref = p.preference ?? 100
                if !p.text.trimmingCharacters(in: .whitespaces).isEmpty, fn.isEmpty || pref < fnPref {
                    (fn, fnPref) = (p.text, pref)
                }
            case "N": n = p.components
            case "UID": r.add(.uid, p.text)
            case "TZ": r.add(.timeZone, p.text)
            case "ORG":
                // `Acme GmbH;Sales;EMEA`: the organisation, its departments kept beside it.
                let parts = p.components.filter { !$0.isEmpty }
                org = parts.first ?? ""
                r.add(.company, parts.count > 1 ? "\(org) (\(parts.dropFirst().joined(separator: ", ")))" : org)
            case "TITLE": r.add(.title, p.text)
            case "NOTE": r.add(.notes, p.text)
            case "TEL", "EMAIL":
                let v = p.text.trimmingCharacters(in: .whitespaces)
                guard !v.isEmpty else { continue }
                let value = p.name == "TEL" && v.lowercased().hasPrefix("tel:") ? String(v.dropFirst(4)) : v
                if p.name == "TEL" {
                    phones.append((value, p.isPreferred))
                } else {
                    emails.append((value, p.isPreferred))
                }
                if let label { r.extras.append((label, value)) }
            case "CATEGORIES": for c in p.components(separator: ",") { r.add(.tag, c) }
            // What `tend export --format vcf` adds so a round trip through a phone loses nothing.
            case "X-TEND-ID": r.add(.id, p.text)
            case "X-TEND-OWNER": r.add(.owner, p.text)
            case "X-TEND-PREFERS": r.add(.prefers, p.text)
            case "X-TEND-BEST-TIME": r.add(.bestTime, p.text)
            case "X-TEND-NEEDS": r.add(.needs, p.text)
            case "X-ADDRESSBOOKSERVER-KIND", "KIND":
                if p.text.lowercased() == "group" { return .group(fn) }
            case "BEGIN", "END", "VERSION", "PRODID", "REV", "X-ABLABEL", "PHOTO", "LOGO", "SOUND", "KEY":
                break
            default:
                let text = p.components.filter { !$0.isEmpty }.joined(separator: ", ")
                if !text.isEmpty && !p.name.hasPrefix("X-") { r.extras.append((p.name.capitalized, text)) }
            }
        }
        // Preferred first (4.0 PREF=1, 3.0 TYPE=pref, 2.1 bare PREF); the rest in file order.
        for (v, _) in emails.filter(\.1) + emails.filter({ !$0.1 }) { r.add(.email, v) }
        for (v, _) in phones.filter(\.1) + phones.filter({ !$0.1 }) { r.add(.phone, v) }
        if fn.trimmingCharacters(in: .whitespaces).isEmpty {
            // 2.1 cards may carry only N: Family;Given;Additional;Prefix;Suffix.
            let given = n.count > 1 ? n[1] : "", family = n.first ?? ""
            let prefix = n.count > 3 ? n[3] : "", suffix = n.count > 4 ? n[4] : ""
            fn = [prefix, given, family, suffix].filter { !$0.isEmpty }.joined(separator: " ")
        }
        if fn.trimmingCharacters(in: .whitespaces).isEmpty {
            // Phones export email-only and number-only cards: name them as a phone shows them.
            let fallback = [("ORG", org), ("EMAIL", r.first(.email)), ("TEL", r.first(.phone))].first { !$0.1.isEmpty }
            guard let (source, name) = fallback else { return .bad("card has no name, organisation, email or phone") }
            fn = name
            r.namedFrom = source
        }
        r.add(.name, fn)
        return .person(r)
    }

    /// Apple writes standard labels as `_$!<Mobile>!$_`.
    static func stripAppleLabel(_ s: String) -> String {
        if s.hasPrefix("_$!<") && s.hasSuffix(">!$_") { return String(s.dropFirst(4).dropLast(4)) }
        return s
    }
}

/// One content line: `[group.]NAME[;params]:value`.
struct Property {
    var group: String?
    var name: String
    var params: [String] = []
    var value: String

    init?(_ line: String) {
        // The value starts at the first `:` outside a quoted parameter value.
        var quoted = false
        var colon: String.Index?
        for i in line.indices {
            if line[i] == "\"" { quoted.toggle() } else if line[i] == ":" && !quoted { colon = i; break }
        }
        guard let colon else { return nil }
        var head = line[..<colon].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        guard var n = head.first, !n.isEmpty else { return nil }
        head.removeFirst()
        if let dot = n.firstIndex(of: ".") {
            group = String(n[..<dot]).lowercased()
            n = String(n[n.index(after: dot)...])
        }
        name = n.uppercased()
        // RFC 6350 allows letters, digits and `-`; Outlook writes `X-WAB-WEDDING_ANNIVERSARY`.
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
        params = head.map { $0.uppercased() }
        value = String(line[line.index(after: colon)...])
        if params.contains(where: { $0 == "QUOTED-PRINTABLE" || $0 == "ENCODING=QUOTED-PRINTABLE" }) {
            value = Property.decodeQuotedPrintable(value).replacingOccurrences(of: "\r\n", with: "\n")
        }
    }

    /// `PREF=n` (vCard 4.0: 1 is the most preferred), if given.
    var preference: Int? {
        params.lazy.compactMap { $0.hasPrefix("PREF=") ? Int($0.dropFirst(5)) : nil }.first
    }

    var isPreferred: Bool {
        params.contains { p in
            p == "PREF" || p == "PREF=1"
                || (p.hasPrefix("TYPE=")
                    && p.dropFirst(5).split(separator: ",").contains {
                        $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) == "PREF"
                    })
        }
    }

    /// The value with escapes undone, as one text.
    var text: String { Property.unescape(value, splittingOn: nil)[0] }

    /// A structured value (`N`, `ORG`, `ADR`) split on unescaped `;`.
    var components: [String] { components(separator: ";") }

    func components(separator: Character) -> [String] {
        Property.unescape(value, splittingOn: separator).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Undoes `\\ \, \; \n`, splitting on `separator` where it is not escaped (never, when nil).
    static func unescape(_ s: String, splittingOn separator: Character?) -> [String] {
        var parts: [String] = [], current = "", escaped = false
        for ch in s {
            if escaped {
                current.append(ch == "n" || ch == "N" ? "\n" : ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else if ch == separator {
                parts.append(current)
                current = ""
            } else {
                current.append(ch)
            }
        }
        parts.append(current)
        return parts
    }

    /// `=C3=BC` → `ü`: bytes first, then UTF-8 (Latin-1 when the bytes are not UTF-8), so a character
    /// whose bytes straddled a soft break comes out whole.
    static func decodeQuotedPrintable(_ s: String) -> String {
        var bytes: [UInt8] = []
        let u = Array(s.utf8)
        var i = 0
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 65...70: return c - 55
            case 97...102: return c - 87
            default: return nil
            }
        }
        while i < u.count {
            if u[i] == UInt8(ascii: "="), i + 2 < u.count, let h = hex(u[i + 1]), let l = hex(u[i + 2]) {
                bytes.append(h << 4 | l)
                i += 3
            } else if u[i] == UInt8(ascii: "=") && i == u.count - 1 {
                i += 1  // a soft break left at the very end
            } else {
                bytes.append(u[i])
                i += 1
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? String(bytes.map { Character(Unicode.Scalar($0)) })
    }
}
