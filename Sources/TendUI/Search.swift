import Foundation
import TendCore

/// `/`: a filter on the current list (Today, Board, Review): only matching rows stay as you type
/// (names, companies, needs, tags); Enter keeps it and searches notes too; `n`/`N` move among the rows;
/// `Esc` while typing puts back what was there, and on the list clears the filter.
enum Search {
    static func handle(_ m: inout Model, _ key: Key, _ input: inout TextInput, previous: Selection) -> [Effect] {
        switch key {
        case .escape:
            m.listFilter = ListFilter(text: m.lastSearch, deep: !m.lastSearch.isEmpty)
            m.sel = previous
            m.mode = .normal
        case .enter:
            m.lastSearch = input.text
            m.mode = .normal
            m.listFilter = ListFilter(text: input.text, deep: true)
            resetCursor(&m)
            if m.listFilter.isOn, rowCount(m) == 0 {
                m.message = Message(text: "no match for \"\(input.text)\" · Esc clears the filter", isError: true)
            } else if m.listFilter.isOn {
                m.message = Message(
                    text: "filter \"\(input.text)\": \(rowCount(m)) shown · n/N move · Esc clears", isError: false)
            }
        default:
            _ = input.handle(key)
            m.listFilter = ListFilter(text: input.text, deep: false)
            resetCursor(&m)
            m.mode = .search(input, previous: previous)
        }
        return []
    }

    /// Rows the filtered list shows on this screen.
    static func rowCount(_ m: Model) -> Int {
        switch m.screen {
        case .board: return m.boardColumns.reduce(0) { $0 + $1.cards.count }
        case .review: return m.review.items.count
        default: return m.agenda.items.count
        }
    }

    /// The cursor on the first row left, and on the Board the first column that has one.
    static func resetCursor(_ m: inout Model) {
        m.sel.today = 0
        m.sel.review = 0
        m.sel.boardRows = m.sel.boardRows.map { _ in 0 }
        if m.screen == .board, let i = m.boardColumns.firstIndex(where: { !$0.cards.isEmpty }) {
            m.sel.boardColumn = i
        }
    }

    /// `Esc` on a filtered list: every row back.
    static func clear(_ m: inout Model) {
        m.listFilter = ListFilter()
        m.lastSearch = ""
        m.message = Message(text: "filter cleared", isError: false)
    }

    /// Whether a contact matches: name, company, tags, needs, or any note or touch note.
    static func matches(_ m: Model, _ contact: String, _ query: String, deep: Bool) -> Bool {
        m.searchIndex.matches(contact, query, deep: deep)
    }

    /// Moves the selection to the next match (`from` 1), previous (-1) or first from the current (0).
    static func jump(_ m: inout Model, query: String, from step: Int, deep: Bool = true) -> Bool {
        let model = m
        func next(_ contacts: [String], from start: Int) -> Int? {
            find(contacts.count, start: start, step: step) { matches(model, contacts[$0], query, deep: deep) }
        }
        switch m.screen {
        case .review:
            guard let i = next(m.review.items.map(\.contact), from: m.sel.review) else { return false }
            m.sel.review = i
        case .today, .contact, .stats:
            m.screen = .today
            guard let i = next(m.agenda.items.map(\.contact), from: m.sel.today) else { return false }
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
