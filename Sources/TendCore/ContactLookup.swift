import Foundation

/// Finds the contact a person means: by id prefix or by name, never by guessing between two.
public enum ContactLookup {
    public enum Failure: Error, Equatable, CustomStringConvertible, Sendable {
        case unknown(query: String, suggestions: [Contact])
        case ambiguous(query: String, matches: [Contact])

        public var description: String {
            switch self {
            case .unknown(let q, let s):
                if q.trimmingCharacters(in: .whitespaces).isEmpty {
                    return "no contact given: name one by its id (or its first 3 characters) or its name"
                }
                let hint =
                    s.isEmpty
                    ? "see `tend list`"
                    : "did you mean "
                        + s.map { "\($0.name)\($0.company.isEmpty ? "" : " · \($0.company)") (\($0.id))" }
                        .joined(separator: ", ")
                let short = q.count < 3 ? " (an id is found by its first 3 characters or more)" : ""
                return "unknown contact \"\(q)\": no id or name matches\(short); \(hint)"
            case .ambiguous(let q, let m):
                let shown = m.prefix(8).map { c in "\(c.id) \(c.name)" + (c.company.isEmpty ? "" : " (\(c.company))") }
                let more = m.count > 8 ? ", … \(m.count - 8) more" : ""
                return "\"\(q)\" matches \(m.count) contacts: \(shown.joined(separator: ", "))\(more); use the id"
            }
        }
    }

    /// In order: exact id, unique id prefix, exact name, then names containing every word typed.
    /// Case and accents are ignored in names ("zoe" finds Zoë).
    public static func find(_ query: String, in state: State) throws -> Contact {
        let q = query.trimmingCharacters(in: .whitespaces)
        guard !q.isEmpty else { throw Failure.unknown(query: query, suggestions: []) }
        if let c = state.contacts[q] { return c }
        // An id merged into another contact (`tend merge`) names the one it lives on as.
        if state.mergedInto[q] != nil, let c = state.contacts[state.resolved(q)] { return c }
        // One pass, each name folded once; only what matches is sorted, by name as `contactsByName`
        // (sorting and folding all ten thousand of a big team took a name lookup 80 ms).
        let prefix = q.count >= 3 ? q.lowercased() : nil
        let key = fold(q)
        let words = key.split(separator: " ")
        var byPrefix: [Contact] = [], exact: [Contact] = [], partial: [Contact] = []
        // By position, reading the three fields asked about: a contact is copied only when it matches.
        let all = state.contacts.values
        for i in all.indices {
            if let prefix, all[i].id.hasPrefix(prefix) { byPrefix.append(all[i]) }
            let name = fold(all[i].name), company = fold(all[i].company)
            if name == key { exact.append(all[i]) }
            let both = company.isEmpty ? name : name + " " + company
            if words.allSatisfy({ contains(both, $0) }) { partial.append(all[i]) }
        }
        if byPrefix.count == 1 { return byPrefix[0] }
        if exact.count == 1 { return exact[0] }
        if exact.count > 1 { throw Failure.ambiguous(query: q, matches: State.byName(exact)) }
        let prefixed = Set(byPrefix.map(\.id))
        let candidates = State.byName(byPrefix) + State.byName(partial.filter { !prefixed.contains($0.id) })
        if candidates.count == 1 { return candidates[0] }
        if candidates.count > 1 { throw Failure.ambiguous(query: q, matches: candidates) }
        throw Failure.unknown(query: q, suggestions: suggestions(for: key, in: state.contactsByName))
    }

    /// Whether folded `text` holds `word`: as bytes when both are ASCII (the same answer, without
    /// Foundation's search), else as Foundation compares them.
    static func contains(_ text: String, _ word: Substring) -> Bool {
        var text = text, word = word
        let fast = text.withUTF8 { t in
            word.withUTF8 { w -> Bool? in
                guard isASCII(t), isASCII(w) else { return nil }
                guard w.count <= t.count else { return false }
                if w.isEmpty { return true }
                for start in 0...(t.count - w.count) where t[start] == w[0] {
                    if memcmp(t.baseAddress! + start, w.baseAddress!, w.count) == 0 { return true }
                }
                return false
            }
        }
        return fast ?? text.contains(word)
    }

    static func isASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool { b.allSatisfy { $0 < 0x80 } }

    /// The names whose whole or any word starts with what is typed, accents and case ignored:
    /// what completion offers (`da` → Dana Wu, `z` → Fatima Zahra, Zoë Müller).
    public static func names(_ names: [String], startingWith typed: String) -> [String] {
        let w = fold(typed)
        return names.filter { name in
            let f = fold(name)
            return f.hasPrefix(w) || f.split(separator: " ").contains { $0.hasPrefix(w) }
        }
    }

    /// Case and accents dropped, runs of white space as one space, none at the ends.
    public static func fold(_ s: String) -> String {
        if let ascii = foldASCII(s) { return ascii }
        let folded = s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        // Most accented names fold to ASCII ("Álvarez"): their spaces are then told from bytes too.
        return foldASCII(folded) ?? folded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// `fold` of an ASCII string, told from its bytes (nil for any other): the same answer as
    /// Foundation's folding (`ContactLookupTests` compares every ASCII character), at a fraction of
    /// the cost of going through it for each of ten thousand names.
    static func foldASCII(_ s: String) -> String? {
        var s = s
        return s.withUTF8 { b -> String? in
            guard isASCII(b) else { return nil }
            return String(unsafeUninitializedCapacity: b.count) { out in
                var n = 0, space = false
                for byte in b {
                    if byte == 0x20 || (0x09...0x0D).contains(byte) {
                        space = n > 0
                        continue
                    }
                    if space {
                        out[n] = 0x20
                        n += 1
                        space = false
                    }
                    out[n] = (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
                    n += 1
                }
                return n
            }
        }
    }

    /// Names within a small edit distance of a word typed: for typos like "Dnaa".
    static func suggestions(for key: String, in all: [Contact]) -> [Contact] {
        let typed = key.split(separator: " ").map(String.init)
        let scored = all.map { c -> (Contact, Int) in
            let words = fold(c.name).split(separator: " ").map(String.init)
            let hits = typed.filter { t in words.contains { w in editDistance(t, w) <= max(1, t.count / 4) } }.count
            return (c, hits)
        }
        // Most words matched first: "Dnaa Wu" means Dana Wu before Dana Smith.
        return scored.filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }.prefix(5).map(\.0)
    }

    /// Edit distance counting a swap of neighbours as one edit (optimal string alignment):
    /// "Dnaa" is one slip away from "Dana".
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
