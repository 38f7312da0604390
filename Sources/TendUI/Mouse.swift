import TendCore

/// What a cell of the last frame stands for, recorded by the views as they draw (a click needs
/// the layout the rep saw, not one recomputed from a model that may have moved since).
public enum HitTarget: Equatable, Sendable {
    case screen(Screen)
    case todayItem(Int)
    case boardColumn(Int)
    case boardCard(column: Int, row: Int)
    case reviewItem(Int)
    case figure(Figures.Kind)
}

/// A clickable run of cells on one row.
public struct Hit: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var target: HitTarget

    public init(x: Int, y: Int, width: Int, target: HitTarget) {
        self.x = x
        self.y = y
        self.width = width
        self.target = target
    }
}

/// Clicks, double clicks and the wheel, as lazygit and btop take them: a click selects (a tab
/// switches to it), a double click opens, the wheel moves the cursor three rows.
enum Mouse {
    static func handle(_ m: inout Model, _ e: MouseEvent) -> [Effect] {
        switch m.mode {
        case .normal: break
        case .help(let scroll):
            if e.kind == .wheelDown || e.kind == .wheelUp {
                m.mode = .help(scroll: max(0, scroll + (e.kind == .wheelDown ? 3 : -3)))
            }
            return []
        default:
            return []  // a question or a note has the keyboard: a stray click must not act
        }
        m.message = nil  // as a key does: what was said before is not about what comes next
        switch e.kind {
        case .wheelDown, .wheelUp:
            if m.screen == .contact || m.screen == .stats {
                m.sel.detail = max(0, m.sel.detail + (e.kind == .wheelDown ? 3 : -3))
                return []
            }
            return Update.perform(&m, e.kind == .wheelDown ? .down : .up)
                + Update.perform(&m, e.kind == .wheelDown ? .down : .up)
                + Update.perform(&m, e.kind == .wheelDown ? .down : .up)
        case .click, .doubleClick:
            guard let hit = m.hits.last(where: { $0.y == e.y && e.x >= $0.x && e.x < $0.x + $0.width }) else {
                return []
            }
            select(&m, hit.target)
            if e.kind == .doubleClick, hit.target != .screen(m.screen) { return Update.perform(&m, .open) }
            return []
        }
    }

    static func select(_ m: inout Model, _ target: HitTarget) {
        switch target {
        case .screen(let s): Update.go(&m, to: s)
        case .todayItem(let i): m.sel.today = i
        case .boardColumn(let c): m.sel.boardColumn = c
        case .boardCard(let c, let row):
            m.sel.boardColumn = c
            let cols = m.boardColumns
            if cols.indices.contains(c) { m.sel.boardRows[cols[c].kind.index] = row }
        case .reviewItem(let i): m.sel.review = i
        case .figure(let k): Figures.jump(&m, to: k)
        }
    }
}
