import Foundation

/// Finds the contact a person means: by id prefix or by name, never by guessing between two.
public enum ContactLookup {
    public enum Failure: Error, Equatable, CustomStringConvertible, Sendable {
        case unknown(query: String, suggestions: [Contact])
        case ambiguous(query: String, matches: [Contact])

        public var description: String {
            switch self {
            case .unknown(let q, let s):
                let hint =
                    s.isEmpty
                    ? "see `tend list`" : "did you mean " + s.map { "\($0.name) (\($0.id))" }.joined(separator: ", ")
                return "unknown contact \"\(q)\": no id or name matches; \(hint)"
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
        let all = state.contactsByName
        let byPrefix = q.count >= 3 ? all.filter { $0.id.hasPrefix(q.lowercased()) } : []
        if byPrefix.count == 1 { return byPrefix[0] }
        let key = fold(q)
        let exact = all.filter { fold($0.name) == key }
        if exact.count == 1 { return exact[0] }
        if exact.count > 1 { throw Failure.ambiguous(query: q, matches: exact) }
        let words = key.split(separator: " ")
        let partial = all.filter { c in
            let name = fold(c.name + " " + c.company)
            return words.allSatisfy { name.contains($0) }
        }
        let candidates = byPrefix + partial.filter { p in !byPrefix.contains(where: { $0.id == p.id }) }
        if candidates.count == 1 { return candidates[0] }
        if candidates.count > 1 { throw Failure.ambiguous(query: q, matches: candidates) }
        throw Failure.unknown(query: q, suggestions: suggestions(for: key, in: all))
    }

    /// The names whose whole or any word starts with what is typed, accents and case ignored:
    /// what completion offers (`da` → Dana Wu, `z` → Fatima Zahra, Zoë Müller).
    public static func names(_ names: [String], startingWith typed: String) -> [String] {
        let w = fold(typed)
        return names.filter { name in
            let f = fold(name)
            return f.hasPrefix(w) || f.split(separator: " ").contains { $0.hasPrefix(w) }
        }
    }

    public static func fold(_ s: String) -> String {
        s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
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
