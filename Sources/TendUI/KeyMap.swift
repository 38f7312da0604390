/// Everything a key can do on a screen. One table maps keys to actions; input handling and the `?`
/// help screen both read it, so help cannot drift from behaviour.
public enum Action: String, CaseIterable, Sendable {
    case down, up, left, right, top, bottom, pageDown, pageUp
    case nextScreen, previousScreen, today, board, review, stats
    case open, back, toggleLookers, togglePane, stageForward, stageBack, cycleRep
    case search, searchNext, searchPrevious
    case call, logTouch, addNote, addPromise, done, setNext, edit, undo, copy
    case help, command, quit, redraw
    case drop, followUp, escalate, won, lost, nurture, rest, seen
    case jumpOverdue, jumpToday, jumpPromises, jumpSilent, jumpCheckIns, jumpCalling
}

public struct Binding: Sendable {
    public var keys: [Key]
    public var action: Action
    public var help: String
    /// Shown in the footer of these screens (the most useful keys only).
    public var footer: Set<Screen>
    /// Active only on these screens; empty means everywhere.
    public var screens: Set<Screen> = []
}

public enum KeyMap {
    /// The keys in force: the defaults, or what `[keys]` in config.toml made of them (`KeyConfig`).
    /// Set once before the UI starts; every handler, the footer and `?` read it.
    public nonisolated(unsafe) static var bindings = defaults

    public static let defaults: [Binding] = [
        Binding(keys: [.char("j"), .down], action: .down, help: "move down", footer: []),
        Binding(keys: [.char("k"), .up], action: .up, help: "move up", footer: []),
        Binding(
            keys: [.char("h"), .left], action: .left, help: "previous board column", footer: [], screens: [.board]),
        Binding(keys: [.char("l"), .right], action: .right, help: "next board column", footer: [], screens: [.board]),
        Binding(keys: [.char("g"), .home], action: .top, help: "go to the top", footer: []),
        Binding(keys: [.char("G"), .end], action: .bottom, help: "go to the bottom", footer: []),
        Binding(keys: [.pageDown, .ctrl("d")], action: .pageDown, help: "page down", footer: []),
        Binding(keys: [.pageUp, .ctrl("u")], action: .pageUp, help: "page up", footer: []),
        Binding(keys: [.tab], action: .nextScreen, help: "next screen", footer: []),
        Binding(keys: [.backTab], action: .previousScreen, help: "previous screen", footer: []),
        Binding(keys: [.char("1")], action: .today, help: "Today: the agenda", footer: []),
        Binding(keys: [.char("2")], action: .board, help: "Board: the pipeline", footer: []),
        Binding(keys: [.char("3")], action: .review, help: "Review: the weekly follow-up session", footer: []),
        Binding(keys: [.char("4")], action: .stats, help: "Stats: pipeline and follow-up numbers", footer: []),
        Binding(keys: [.enter], action: .open, help: "open the contact", footer: [.today, .board, .review]),
        Binding(keys: [.escape], action: .back, help: "back; on a filtered list, clear the filter", footer: [.contact]),
        Binding(
            keys: [.char("z")], action: .toggleLookers, help: "show or hide the Lookers column", footer: [.board],
            screens: [.board]),
        Binding(
            keys: [.char("i")], action: .togglePane,
            help: "show or hide the selected contact beside the list (140 columns or more)", footer: [],
            screens: [.today, .board]),
        Binding(keys: [.char(">")], action: .stageForward, help: "move the deal to the next stage", footer: [.board]),
        Binding(keys: [.char("<")], action: .stageBack, help: "move the deal to the previous stage", footer: []),
        Binding(keys: [.char("R")], action: .cycleRep, help: "show mine / all / one rep", footer: []),
        Binding(
            keys: [.char("/")], action: .search,
            help: "filter the list: names, companies, needs, tags as you type; Enter also notes; Esc clears",
            footer: [.today, .board]),
        Binding(keys: [.char("n")], action: .searchNext, help: "next row the filter kept", footer: []),
        Binding(keys: [.char("N")], action: .searchPrevious, help: "previous row the filter kept", footer: []),
        Binding(
            keys: [.char("c")], action: .call, help: "call: claim, then log the outcome",
            footer: [.today, .board, .contact]),
        // `L`, not `l`: h j k l are movement on every screen (on the Board `l` is the next column).
        Binding(
            keys: [.char("L")], action: .logTouch, help: "log an email, meeting or message", footer: [],
            screens: [.today, .board, .contact]),
        Binding(
            keys: [.char("a")], action: .addNote, help: "capture a note (* lines become promises)",
            footer: [.today, .contact]),
        Binding(keys: [.char("p")], action: .addPromise, help: "add a promise", footer: [.contact]),
        Binding(
            keys: [.char("x")], action: .done, help: "mark the promise or next step done",
            footer: [.today, .contact, .review]),
        Binding(
            keys: [.char("s")], action: .setNext, help: "snooze / set the next step (Review: move a promise)",
            footer: [.today, .contact, .review]),
        Binding(
            keys: [.char("d")], action: .drop, help: "drop a promise, with the reason", footer: [.review],
            screens: [.review]),
        Binding(
            keys: [.char("f")], action: .followUp, help: "plan a follow-up on a silent quote", footer: [.review],
            screens: [.review]),
        Binding(
            keys: [.char("!")], action: .escalate,
            help: "escalate a silent quote: the risk in words, then a call to the decision maker", footer: [.review],
            screens: [.review]),
        Binding(keys: [.char("w")], action: .won, help: "the quote is won", footer: [], screens: [.review]),
        Binding(
            keys: [.char("L")], action: .lost, help: "the quote is lost, with the reason", footer: [],
            screens: [.review]),
        Binding(
            keys: [.char("z")], action: .nurture, help: "move to nurture (a looker)", footer: [], screens: [.review]),
        Binding(
            keys: [.char("r")], action: .rest, help: "rest: no follow-up needed, with the reason", footer: [.review],
            screens: [.review]),
        Binding(
            keys: [.char(" ")], action: .seen, help: "seen, nothing to do: next item", footer: [.review],
            screens: [.review]),
        Binding(keys: [.char("e")], action: .edit, help: "edit the contact in $VISUAL/$EDITOR", footer: []),
        Binding(
            keys: [.char("y")], action: .copy,
            help: "copy the phone (or email) to the clipboard, to dial or write from another app", footer: []),
        Binding(keys: [.char("u")], action: .undo, help: "undo the last change of this session", footer: []),
        Binding(
            keys: [.char("?")], action: .help, help: "help: every key",
            footer: [.today, .board, .contact, .review, .stats]),
        Binding(keys: [.char(":")], action: .command, help: "command line: any tend verb (:add Dana Wu)", footer: []),
        Binding(keys: [.char("q")], action: .quit, help: "quit", footer: [.today, .board, .contact, .review, .stats]),
        Binding(keys: [.ctrl("l")], action: .redraw, help: "redraw the screen", footer: []),
        // The figures strip: each figure's key, shown beside it.
        Binding(keys: [.char("O")], action: .jumpOverdue, help: "jump to what is overdue", footer: []),
        Binding(keys: [.char("T")], action: .jumpToday, help: "jump to what is due today", footer: []),
        Binding(keys: [.char("P")], action: .jumpPromises, help: "jump to the promises due this week", footer: []),
        Binding(keys: [.char("S")], action: .jumpSilent, help: "jump to the silent quotes", footer: []),
        Binding(keys: [.char("K")], action: .jumpCheckIns, help: "jump to the check-ins due", footer: []),
        Binding(
            keys: [.char("W")], action: .jumpCalling, help: "jump to whoever a teammate is calling now", footer: []),
    ]

    /// The action of a key on a screen: a binding scoped to the screen wins over a global one.
    public static func action(for key: Key, on screen: Screen) -> Action? {
        let matching = bindings.filter { $0.keys.contains(key) && ($0.screens.isEmpty || $0.screens.contains(screen)) }
        return (matching.first { !$0.screens.isEmpty } ?? matching.first)?.action
    }

    public static func binding(_ action: Action) -> Binding { bindings.first { $0.action == action }! }

    /// What a key that does nothing on this screen would do, and where: `w is "the quote is won",
    /// on Review (3) · ? lists the keys`. The table says where each binding applies, so this is why.
    public static func whyNot(_ key: Key, on screen: Screen) -> String {
        guard let b = bindings.first(where: { $0.keys.contains(key) && !$0.screens.isEmpty }) else {
            return "\(key) does nothing here · ? lists the keys"
        }
        let places = b.screens.sorted { $0.rawValue < $1.rawValue }.map {
            $0 == .contact ? "Contact (Enter)" : "\($0.title) (\($0.rawValue))"
        }
        return "\(key) is \"\(b.help)\" on \(places.joined(separator: ", ")) only · ? lists the keys"
    }

    /// The first key of an action, as shown in help and hints.
    public static func key(_ action: Action) -> String { binding(action).keys[0].description }
}
