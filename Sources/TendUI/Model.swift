import TendCore

/// The screens of the TUI.
public enum Screen: Int, CaseIterable, Sendable {
    case today = 1, board, review, stats
    /// Opened with Enter on a contact; not one of the numbered tabs.
    case contact

    public var title: String {
        switch self {
        case .today: return "Today"
        case .board: return "Board"
        case .review: return "Review"
        case .stats: return "Stats"
        case .contact: return "Contact"
        }
    }

    /// The screens `Tab` cycles through and the header lists with their numbers.
    public static let tabs: [Screen] = [.today, .board, .review, .stats]
}

/// Whose work the views show: mine, everyone's, or one rep's.
public enum RepFilter: Equatable, Sendable {
    case mine, all, rep(String)
}

/// What has the keyboard besides the screen itself.
public enum Mode: Equatable, Sendable {
    case normal
    case help(scroll: Int)
    case search(TextInput, previous: Selection)
    case command(TextInput)
    /// A `:` command's output, scrolled like the help.
    case output(CommandOutput)
    case prompt(Prompt)
    case call(CallFlow)
    /// Someone is calling them now, or the guard was hit: say who and when, and ask before going on.
    case confirmCall(contact: String, caution: Caution)
}

/// Why a call should wait.
public enum Caution: Equatable, Sendable {
    case claimed(Claim)
    case guarded(GuardHit)
    case stopped(StopMark)
}

/// Where the cursor is, kept per screen so switching back finds it in place.
public struct Selection: Equatable, Sendable {
    public var today = 0
    public var boardColumn = 0
    public var boardRows = [0, 0, 0, 0]
    public var detail = 0
    public var review = 0
    public var stats = 0
}

/// A message in the footer.
public struct Message: Equatable, Sendable {
    public var text: String
    public var isError: Bool

    public init(text: String, isError: Bool) {
        self.text = text
        self.isError = isError
    }
}

/// The whole state of the UI: the book, who is working, where the cursor is, and what is being typed.
/// `update` changes it, `view` draws it; nothing else does.
public struct Model: Sendable {
    /// The book. Assigning or changing it starts a fresh cache of what is derived from it.
    public var state: State { didSet { derived = Derived() } }
    /// Agenda, board, review, stats and the search index, computed once per state (and rep filter,
    /// and minute of the clock) instead of on every keystroke: at 10,000 contacts an agenda takes
    /// tens of milliseconds, a keystroke must take a few.
    var derived = Derived()
    public var settings: Settings
    public var rep: String
    public var clock: Clock
    public var screen: Screen = .today
    public var sel = Selection()
    public var filter: RepFilter = .mine
    public var showLookers = false
    /// The selected contact beside the list on Today and the Board, from `SidePane.minWidth` columns.
    public var showPane = true
    /// The last frame's clickable places (the shell copies them from each Grid it paints).
    public var hits: [Hit] = []
    /// `:` lines run this session, newest last (`↑` brings them back), where `↑` is, and what
    /// Tab found; the words to complete, once loaded.
    public var commandHistory: [String] = []
    public var historyIndex: Int?
    public var completions: [String] = []
    public var commandWords: CommandWords?
    /// `/`: only the rows that match stay, on every list (empty: every row).
    public var listFilter = ListFilter()
    /// The contact the detail screen shows.
    public var contact: String?
    public var mode: Mode = .normal
    public var message: Message?
    public var lastSearch = ""
    /// Event ids this session wrote, batch by batch, newest last: what `u` takes back.
    public var undo: [[String]] = []
    /// Labels of the batches on the undo stack, for "undid: logged call".
    public var undoLabels: [String] = []
    /// A change is being written: further writes wait, so nothing is saved twice.
    public var saving = false
    public var readOnly = false
    public var ids: IDGenerator
    public var quit = false
    /// Charts in ASCII when the terminal's locale is not UTF-8 (LANG=C).
    public var ascii = false

    /// Text as the screen will show it (ASCII on a terminal that is not UTF-8): what to measure
    /// when a layout depends on a width.
    func shown(_ s: String) -> String { ascii ? ASCIIText.of(s) : s }
    /// The screen Esc returns to from a contact.
    public var returnTo: Screen = .today
    /// Rows a page key moves: the screen's height less its title, status and key lines (the shell
    /// sets it from the terminal on every frame).
    public var pageRows = 10
    /// The terminal's columns (the shell sets it before each frame): what long text wraps to.
    public var width = 80
    /// What the store needs the rep to know, shown as a banner under the title until it clears:
    /// events held for their far-future date, an erasure that could not be finished.
    public var notices: [String] = []

    public init(state: State, settings: Settings, rep: String, clock: Clock, idSeed: UInt64? = nil) {
        self.state = state
        self.settings = settings
        self.rep = rep
        self.clock = clock
        self.ids = IDGenerator(seed: idSeed)
    }

    /// The rep whose work is shown, or nil for everyone.
    public var shownRep: String? {
        switch filter {
        case .mine: return rep
        case .all: return nil
        case .rep(let r): return r
        }
    }

    /// What a derived view depends on besides the state (which renews the cache when it changes).
    var derivedKey: Derived.Key {
        Derived.Key(
            rep: shownRep, me: rep, minute: clock.now.ms / 60_000, upcomingDays: upcomingDays, filter: listFilter)
    }

    /// How far "Coming up" looks: a week, two on a tall terminal, which has the rows for it.
    var upcomingDays: Int { pageRows >= 35 ? 14 : 7 }

    /// The key of the lists before the `/` filter: each keystroke of the filter narrows them, it
    /// does not build them again (an everyone's agenda of 15,000 rows took a third of a second).
    var unfilteredKey: Derived.Key {
        var k = derivedKey
        k.filter = ListFilter()
        return k
    }

    public var agenda: Agenda {
        derived.get(\.agenda, derivedKey) {
            var a = wholeAgenda
            if listFilter.isOn {
                a.items = Rows(a.items.whole, picked: keptRows(a.items.whole, list: "agenda") { $0.contact })
            }
            return a
        }
    }
    var wholeAgenda: Agenda {
        derived.get(\.wholeAgenda, unfilteredKey) {
            Agenda.build(state, rep: shownRep, settings: settings, clock: clock, upcomingDays: upcomingDays)
        }
    }
    /// The review is always of the rep's own book: it is their promises and their follow-ups.
    public var review: Review {
        derived.get(\.review, derivedKey) {
            var r = derived.get(\.wholeReview, unfilteredKey) {
                Review.build(state, rep: rep, settings: settings, clock: clock)
            }
            if listFilter.isOn { r.items = kept(r.items, list: "review") { $0.contact } }
            return r
        }
    }
    public var stats: Stats {
        derived.get(\.stats, derivedKey) {
            Stats.build(
                state, rep: shownRep, since: clock.today.adding(days: 1 - Stats.windowDays), settings: settings,
                clock: clock)
        }
    }
    public var board: Board {
        derived.get(\.board, derivedKey) {
            var b = derived.get(\.wholeBoard, unfilteredKey) {
                Board.build(state, rep: shownRep, settings: settings, clock: clock)
            }
            if listFilter.isOn {
                for i in b.columns.indices {
                    b.columns[i].cards = kept(b.columns[i].cards, list: "board \(b.columns[i].kind)") { $0.contact }
                }
            }
            return b
        }
    }

    /// The rows of `whole` (the list named `list`, before the filter) the `/` filter keeps.
    ///
    /// Typing on narrows the rows the last filter of that list kept (a longer query keeps a subset
    /// of what a query it extends kept). Rows are asked by their contact's position in the search
    /// index, looked up once per list, not per keystroke; and picked out by index, since copying
    /// every row out to test it was most of a keystroke over everyone's 40,000.
    func kept<T>(_ whole: [T], list: String, _ contact: (T) -> String) -> [T] {
        keptRows(whole, list: list, contact).map { whole[Int($0)] }
    }

    /// `kept`, as positions in `whole`.
    func keptRows<T>(_ whole: [T], list: String, _ contact: (T) -> String) -> [Int32] {
        let index = searchIndex
        let ordinals = derived.get(list, in: \.ordinals, unfilteredKey) { whole.map { index.ordinal(contact($0)) } }
        var rows = Array(Int32(0)..<Int32(whole.count))
        if let (k, lastRows) = derived.kept[list], k.filter.deep == listFilter.deep, k.filter.isOn,
            listFilter.text.hasPrefix(k.filter.text)
        {
            var lastUnfiltered = k
            lastUnfiltered.filter = ListFilter()
            if lastUnfiltered == unfilteredKey { rows = lastRows }
        }
        rows = index.keeping(rows, ordinals: ordinals, listFilter.text, deep: listFilter.deep)
        derived.kept[list] = (derivedKey, rows)
        return rows
    }

    /// Every contact's searchable text, folded once per state.
    var searchIndex: SearchIndex { derived.get(\.search, Derived.stateOnly) { SearchIndex(state) } }

    /// Board columns on screen: lookers only when toggled with `z`.
    public var boardColumns: [Board.Column] {
        board.columns.filter { showLookers || $0.kind != .lookers }
    }

    public mutating func newEntityID() -> String {
        let s = state
        return ids.entityID(taken: s.isTaken)
    }
}

/// Something that happened: a key, a resize, time passing, or the result of an effect. Results
/// carry the store's state as it is after them, so the cursor is kept against the new lists.
public enum Msg: Sendable {
    case key(Key)
    /// Text the terminal marked as pasted (bracketed paste): text, never keys.
    case paste(String)
    case mouse(MouseEvent)
    case tick(Timestamp)
    /// Another process's events arrived (or a command run from `:` wrote some). `changed`: the
    /// contacts whose data differ from the model's state (nil: anything may), so the agenda
    /// rebuilds only their rows.
    case reloaded(State, changed: Set<String>? = nil)
    /// An `Effect.append` was written: its event ids, why it was made, and the book after it.
    case appended(ids: [String], purpose: AppendPurpose, state: State)
    /// An `Effect.append` was not written; nothing of it is in the log.
    case appendFailed(String)
    /// The answer to an `Effect.claim`, and the book after it.
    case claimed(contact: String, ClaimOutcome, state: State)
    case commandDone(output: String, ok: Bool)
    /// What `:` can complete, loaded on the first Tab.
    case commandWords(CommandWords?)
}

/// Why changes are appended, which decides what the UI does once they are saved.
public enum AppendPurpose: Equatable, Sendable {
    /// The rep's own change: announced with this label, and `u` takes it back. `then`: a question
    /// the change raises, asked once it is saved (a looker answered: back to prospect?).
    case user(label: String, then: Prompt.Kind? = nil)
    /// `u`: the last user change of the session, annulled.
    case undo
    /// Bookkeeping the rep did not ask for as such (a claim released): neither announced nor undone.
    case bookkeeping
}

/// What became of a claim: granted, refused because someone else holds the contact (the team
/// server decides this across machines), or not written at all.
public enum ClaimOutcome: Equatable, Sendable {
    case granted
    case refused(Claim)
    /// The team tried them too recently (someone logged a touch since the screen was drawn).
    case guarded(GuardHit)
    /// They asked not to be contacted (marked since the screen was drawn).
    case stopped(StopMark)
    case failed(String)
}

/// Work for the shell: `update` never does I/O itself.
public enum Effect: Equatable, Sendable {
    /// Append these changes as one batch for the model's rep.
    case append([PlannedChange], purpose: AppendPurpose)
    /// "I am calling them now": claimed unless another rep holds the contact (`anyway` claims all
    /// the same: the rep saw who and chose to call).
    case claim(contact: String, minutes: Int, anyway: Bool)
    case runCommand([String])
    /// Read what `:` can complete (the shell asks the CLI once).
    case loadCommandWords
    case editContact(String)
    /// Put this text on the system clipboard (the terminal's OSC 52: over ssh and in tmux too).
    case copy(String)
    case redraw
    case quit
}

extension Effect {
    /// Changes the rep made, with a label for the status line and the undo stack.
    public static func save(_ changes: [Change], label: String) -> Effect {
        .append(changes.map { PlannedChange($0) }, purpose: .user(label: label))
    }
}

/// The memo behind `Model`'s derived views. A class so a value-type model can fill it from a getter;
/// each state gets its own (see `Model.state`), so copies of a model never see each other's answers.
final class Derived: @unchecked Sendable {
    struct Key: Equatable {
        var rep: String?
        var me: String
        var minute: Int64
        var upcomingDays: Int
        var filter = ListFilter()
    }

    var agenda: (Key, Agenda)?
    var review: (Key, Review)?
    /// Before the `/` filter.
    var wholeAgenda: (Key, Agenda)?
    var wholeReview: (Key, Review)?
    var wholeBoard: (Key, Board)?
    var stats: (Key, Stats)?
    var board: (Key, Board)?
    var figures: (Key, [(Figures.Kind, String)])?
    var figureTeam: (Key, Figures.TeamPart)?
    var search: (Key, SearchIndex)?
    /// Per list before the `/` filter (by name), its rows' contacts' positions in the search index.
    var ordinals: [String: (Key, [Int32])] = [:]
    /// Per list, the rows the last `/` filter kept, with that filter's key: what typing on narrows.
    var kept: [String: (Key, [Int32])] = [:]
    /// The key of what depends on the state alone.
    static let stateOnly = Key(rep: nil, me: "", minute: 0, upcomingDays: 0)

    func get<T>(_ slot: ReferenceWritableKeyPath<Derived, (Key, T)?>, _ key: Key, _ make: () -> T) -> T {
        if let (k, v) = self[keyPath: slot], k == key { return v }
        let v = make()
        self[keyPath: slot] = (key, v)
        return v
    }

    /// `get` for a slot that holds one value per name.
    func get<T>(
        _ name: String, in slot: ReferenceWritableKeyPath<Derived, [String: (Key, T)]>, _ key: Key, _ make: () -> T
    ) -> T {
        if let (k, v) = self[keyPath: slot][name], k == key { return v }
        let v = make()
        self[keyPath: slot][name] = (key, v)
        return v
    }
}
