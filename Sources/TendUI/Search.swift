import Foundation
import TendCore

/// `/`: incremental search over the current list: by name as you type, then notes too on Enter.
enum Search {
    static func handle(_ m: inout Model, _ key: Key, _ input: inout TextInput, previous: Selection) -> [Effect] {
        switch key {
        case .escape:
            m.sel = previous
            m.mode = .normal
        case .enter:
            m.lastSearch = input.text
            m.mode = .normal
            // Names first; then notes too (at 10,000 contacts too slow to do on every keystroke).
            if !input.text.isEmpty, !jump(&m, query: input.text, from: 0, deep: false),
                !jump(&m, query: input.text, from: 0, deep: true)
            {
                m.message = Message(text: "no match for \"\(input.text)\"", isError: true)
            }
        default:
            _ = input.handle(key)
            m.sel = previous
            if !input.text.isEmpty { _ = jump(&m, query: input.text, from: 0, deep: false) }
            m.mode = .search(input, previous: previous)
        }
        return []
    }

    /// Whether a contact matches: name, company, tags, needs, or any note or touch note.
    static func matches(_ m: Model, _ contact: String, _ query: String, deep: Bool) -> Bool {
        m.searchIndex.matches(contact, query, deep: deep)
    }

    /// Moves the selection to the next match (`from` 1), previous (-1) or first from the current (0).
    static func jump(_ m: inout Model, query: String, from step: Int, deep: Bool = true) -> Bool {
        switch m.screen {
        case .today, .contact, .review, .stats:
            m.screen = .today
            let items = m.agenda.items
            guard
                let i = find(
                    items.count, start: m.sel.today, step: step, { matches(m, items[$0].contact, query, deep: deep) })
            else { return false }
            m.sel.today = i
        case .board:
            // Across every column, in reading order.
            let cols = m.boardColumns
            let flat = cols.enumerated().flatMap { ci, col in col.cards.indices.map { (ci, $0, col.cards[$0].contact) }
            }
            let current =
                flat.firstIndex {
                    $0.0 == m.sel.boardColumn && $0.1 == m.sel.boardRows[cols[m.sel.boardColumn].kind.index]
                } ?? 0
            guard let i = find(flat.count, start: current, step: step, { matches(m, flat[$0].2, query, deep: deep) })
            else { return false }
            m.sel.boardColumn = flat[i].0
            m.sel.boardRows[cols[flat[i].0].kind.index] = flat[i].1
        }
        return true
    }

    static func find(_ count: Int, start: Int, step: Int, _ pred: (Int) -> Bool) -> Int? {
        guard count > 0 else { return nil }
        let dir = step < 0 ? -1 : 1
        for k in 0..<count {
            let i = ((start + (step == 0 ? 0 : dir) + dir * k) % count + count) % count
            if pred(i) { return i }
        }
        return nil
    }
}
