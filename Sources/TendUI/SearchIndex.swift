import Foundation
import TendCore

/// What `/` searches, per contact: name, company, needs and tags, and notes and touch notes, folded
/// (lower case, accents off) once into bytes.
///
/// Folding with Foundation on every keystroke cost seconds at 10,000 contacts; here each contact is
/// folded the first time a search reaches it, and a query that extends the last one (typing on)
/// skips every contact the shorter query already missed.
final class SearchIndex: @unchecked Sendable {
    private let state: State
    private var who: [String: [UInt8]] = [:], notes: [String: [UInt8]] = [:]
    private var lastQuery: [UInt8] = []
    private var lastDeep = false
    private var lastText = "", lastFolded: [UInt8] = []
    private var misses = Set<String>()

    init(_ state: State) { self.state = state }

    /// Whether a contact matches: by name, company, needs and tags, and with `deep` also by any note
    /// or touch note. Typing searches the first (instant at any size); Enter, `n` and `N` the second.
    func matches(_ contact: String, _ query: String, deep: Bool) -> Bool {
        // The same query is asked of every item in the list: fold it once.
        if query != lastText {
            lastText = query
            lastFolded = SearchIndex.fold(query)
        }
        let q = lastFolded
        if q.isEmpty { return true }
        if deep != lastDeep || !(q.count >= lastQuery.count && q.starts(with: lastQuery)) { misses.removeAll() }
        lastQuery = q
        lastDeep = deep
        if misses.contains(contact) { return false }
        let found = SearchIndex.contains(whoText(contact), q) || (deep && SearchIndex.contains(notesText(contact), q))
        if !found { misses.insert(contact) }
        return found
    }

    /// Whether `needle` occurs in `hay`: memchr for its first byte, memcmp for the rest (glibc's
    /// memmem is not visible to Swift without _GNU_SOURCE).
    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= hay.count else { return false }
        return hay.withUnsafeBytes { h in
            needle.withUnsafeBytes { n in
                let first = Int32(n[0]), base = h.baseAddress!
                var at = 0
                let lastStart = h.count - n.count
                while at <= lastStart {
                    guard let p = memchr(base + at, first, lastStart - at + 1) else { return false }
                    let i = base.distance(to: UnsafeRawPointer(p))
                    if memcmp(base + i, n.baseAddress!, n.count) == 0 { return true }
                    at = i + 1
                }
                return false
            }
        }
    }

    private func whoText(_ contact: String) -> [UInt8] {
        if let t = who[contact] { return t }
        var out: [UInt8] = []
        if let c = state.contacts[contact] {
            for part in [c.name, c.company, c.needs] + c.tags {
                SearchIndex.fold(part, into: &out)
                out.append(0x0A)
            }
        }
        who[contact] = out
        return out
    }

    private func notesText(_ contact: String) -> [UInt8] {
        if let t = notes[contact] { return t }
        var out: [UInt8] = []
        for n in state.notes[contact] ?? [] { SearchIndex.fold(n.text, into: &out); out.append(0x0A) }
        for t in state.touches[contact] ?? [] where !t.note.isEmpty {
            SearchIndex.fold(t.note, into: &out); out.append(0x0A)
        }
        notes[contact] = out
        return out
    }

    static func fold(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        fold(s, into: &out)
        return out
    }

    /// Lower case without accents: ASCII directly, Latin letters with diacritics (U+00C0–U+024F,
    /// U+1E00–U+1EFF) through a table Foundation fills once, combining marks dropped, anything else
    /// lower-cased.
    static func fold(_ s: String, into out: inout [UInt8]) {
        for u in s.unicodeScalars {
            let v = u.value
            if v < 0x80 {
                out.append(v >= 0x41 && v <= 0x5A ? UInt8(v + 32) : UInt8(v))
            } else if v >= 0x300 && v <= 0x36F {
                continue
            } else if v >= 0xC0 && v <= 0x24F {
                out.append(contentsOf: latin[Int(v - 0xC0)])
            } else if v >= 0x1E00 && v <= 0x1EFF {
                out.append(contentsOf: latinExtra[Int(v - 0x1E00)])
            } else {
                out.append(contentsOf: u.properties.lowercaseMapping.utf8)
            }
        }
    }

    static let latin = table(0xC0...0x24F)
    static let latinExtra = table(0x1E00...0x1EFF)

    static func table(_ range: ClosedRange<UInt32>) -> [[UInt8]] {
        range.map { v in
            guard let u = Unicode.Scalar(v) else { return [] }
            return Array(
                String(u).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased().utf8)
        }
    }
}
