import Foundation
import TendCore

/// What `/` searches, per contact: name, company, needs and tags, and notes and touch notes, folded
/// (lower case, accents off) once into bytes.
///
/// Folding with Foundation on every keystroke cost seconds at 10,000 contacts; here each contact is
/// folded the first time a search reaches it, and a query that extends the last one (typing on)
/// skips every contact the shorter query already missed. What is known is kept by the contact's
/// ordinal in flat arrays, not in sets and dictionaries by id: everyone's agenda asks about 40,000
/// rows per keystroke, and hashing each id three times was most of the first one.
final class SearchIndex: @unchecked Sendable {
    private let state: State
    private var ordinals: [String: Int] = [:], ids: [String] = []
    private var who: [[UInt8]?] = [], notes: [[UInt8]?] = []
    /// For the last query, per ordinal: 0 not yet asked, 1 matches, 2 does not.
    private var answers: [UInt8] = []
    private var lastQuery: [UInt8] = []
    private var lastDeep = false
    private var lastText = "", lastFolded: [UInt8] = []

    init(_ state: State) { self.state = state }

    /// Whether a contact matches: by name, company, needs and tags, and with `deep` also by any note
    /// or touch note. Typing searches the first (instant at any size); Enter, `n` and `N` the second.
    func matches(_ contact: String, _ query: String, deep: Bool) -> Bool {
        ask(query, deep: deep)
        return lastFolded.isEmpty || answer(contact)
    }

    /// The position of a contact in the index, for `keeping`; -1 for an id that is no contact.
    func ordinal(_ contact: String) -> Int32 {
        if ordinals.isEmpty, !state.contacts.isEmpty { number() }
        return ordinals[contact].map(Int32.init) ?? -1
    }

    /// Of `rows` (positions in a list whose contacts are at `ordinals` in the index), those whose
    /// contact matches, in their order: the query made ready once for all of them. The loop works
    /// on a local copy of the memo: each access to a class's property is checked for exclusivity
    /// at run time, several per row, a third of a keystroke over 40,000 rows.
    func keeping(_ rows: [Int32], ordinals: [Int32], _ query: String, deep: Bool) -> [Int32] {
        ask(query, deep: deep)
        if lastFolded.isEmpty { return rows }
        var answers: [UInt8] = []
        swap(&answers, &self.answers)
        defer { swap(&answers, &self.answers) }
        return rows.filter { row in
            let i = Int(ordinals[Int(row)])
            return i >= 0 && answer(i, &answers)
        }
    }

    /// Makes `query` the one answered. The same query is asked of every row of a list: it is folded
    /// once, and compared as bytes (`!=` on Strings compares canonical equivalence, slow for "mü"
    /// asked 40,000 times).
    private func ask(_ query: String, deep: Bool) {
        if !query.utf8.elementsEqual(lastText.utf8) {
            lastText = query
            lastFolded = SearchIndex.fold(query)
        }
        let q = lastFolded
        if q.isEmpty { return }
        if ordinals.isEmpty, !state.contacts.isEmpty { number() }
        if deep != lastDeep || q != lastQuery {
            // A longer query misses whatever the shorter one missed; what it matched is asked again.
            let narrower = deep == lastDeep && q.count > lastQuery.count && q.starts(with: lastQuery)
            for i in answers.indices where !(narrower && answers[i] == 2) { answers[i] = 0 }
            lastQuery = q
            lastDeep = deep
        }
    }

    private func answer(_ contact: String) -> Bool {
        guard let i = ordinals[contact] else { return false }
        return answer(i, &answers)
    }

    private func answer(_ i: Int, _ answers: inout [UInt8]) -> Bool {
        if answers[i] == 0 {
            let found =
                SearchIndex.contains(whoText(i), lastQuery)
                || (lastDeep && SearchIndex.contains(notesText(i), lastQuery))
            answers[i] = found ? 1 : 2
        }
        return answers[i] == 1
    }

    private func number() {
        ordinals.reserveCapacity(state.contacts.count)
        ids = Array(state.contacts.keys)
        for id in ids { ordinals[id] = ordinals.count }
        who = Array(repeating: nil, count: ordinals.count)
        notes = who
        answers = Array(repeating: 0, count: ordinals.count)
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

    private func whoText(_ i: Int) -> [UInt8] {
        if let t = who[i] { return t }
        let contact = ids[i]
        var out: [UInt8] = []
        if let c = state.contacts[contact] {
            for part in [c.name, c.company, c.needs] + c.tags {
                SearchIndex.fold(part, into: &out)
                out.append(0x0A)
            }
        }
        who[i] = out
        return out
    }

    private func notesText(_ i: Int) -> [UInt8] {
        if let t = notes[i] { return t }
        let contact = ids[i]
        var out: [UInt8] = []
        for n in state.notes[contact] ?? [] { SearchIndex.fold(n.text, into: &out); out.append(0x0A) }
        for t in state.touches[contact] ?? [] where !t.note.isEmpty {
            SearchIndex.fold(t.note, into: &out); out.append(0x0A)
        }
        notes[i] = out
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

    /// Each letter folded as Foundation folds it; one that keeps a mark Foundation does not take
    /// off (Ø, Ł, Đ, Æ: not a letter and a combining accent) as `Latin-ASCII` spells it, which
    /// is how the screen shows it under `LANG=C`: "Ørsted" is found by typing "orsted".
    static func table(_ range: ClosedRange<UInt32>) -> [[UInt8]] {
        range.map { v in
            guard let u = Unicode.Scalar(v) else { return [] }
            let folded = String(u).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
                .lowercased()
            guard !folded.unicodeScalars.allSatisfy(\.isASCII) else { return Array(folded.utf8) }
            let ascii = folded.applyingTransform(StringTransform("Latin-ASCII"), reverse: false)?.lowercased()
            return Array((ascii.map { $0.unicodeScalars.allSatisfy(\.isASCII) } == true ? ascii! : folded).utf8)
        }
    }
}
