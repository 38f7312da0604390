/// The modes a key can be pressed in. `normal` is a screen's own table (`KeyMap.bindings`); the
/// others are the moments in between: help on screen, a question to confirm, a won/lost/nurture
/// answer, the call screen (and the note and log-a-touch screens that share it), a one-line prompt.
public enum KeyMode: String, CaseIterable, Sendable {
    case normal, help, confirm, answer, reopen, call, prompt
}

/// What a key does in a mode other than `normal`.
public enum ModeAction: String, CaseIterable, Sendable {
    case scrollDown, scrollUp, scrollPageDown, scrollPageUp, closeHelp
    case confirmYes, confirmNo
    case answerWon, answerLost, answerNurture
    case reopenYes, reopenNo
    case pickChannel, pickOutcome, writeNote, finishNote, backOrCancel, saveCall, doNotContact
    case submit, toggleWhose, cancel

    /// The stable name `[keys]` in config.toml will use: snake_case, part of the file format.
    public var configName: String { snakeCase(rawValue) }
}

/// One row of a mode's table: keys, the short help the footer shows, and the longer one of `?`.
public struct ModeBinding: Sendable {
    public var keys: [Key]
    public var mode: KeyMode
    public var action: ModeAction
    public var short: String
    public var help: String
}

extension KeyMap {
    /// Every mode's keys, one table: the handlers read it, and so do the footer and `?`.
    public nonisolated(unsafe) static var modeBindings = defaultModeBindings

    public static let defaultModeBindings: [ModeBinding] = [
        ModeBinding(keys: [.char("j"), .down], mode: .help, action: .scrollDown, short: "scroll", help: "scroll down"),
        ModeBinding(keys: [.char("k"), .up], mode: .help, action: .scrollUp, short: "scroll", help: "scroll up"),
        ModeBinding(
            keys: [.pageDown, .char(" ")], mode: .help, action: .scrollPageDown, short: "page", help: "a page down"),
        ModeBinding(keys: [.pageUp], mode: .help, action: .scrollPageUp, short: "page", help: "a page up"),
        ModeBinding(
            keys: [.escape, .char("q")], mode: .help, action: .closeHelp, short: "close",
            help: "close the help (any other key too)"),

        ModeBinding(
            keys: [.char("y"), .char("Y")], mode: .confirm, action: .confirmYes, short: "call anyway",
            help: "call all the same"),
        ModeBinding(
            keys: [.char("n"), .escape], mode: .confirm, action: .confirmNo, short: "don't call",
            help: "do not call (any other key too)"),

        ModeBinding(keys: [.char("w")], mode: .answer, action: .answerWon, short: "won", help: "the quote is won"),
        ModeBinding(
            keys: [.char("l")], mode: .answer, action: .answerLost, short: "lost",
            help: "the quote is lost, with the reason"),
        ModeBinding(
            keys: [.char("n")], mode: .answer, action: .answerNurture, short: "nurture",
            help: "a looker: "
                + "nurture them"),
        ModeBinding(keys: [.escape], mode: .answer, action: .cancel, short: "cancel", help: "change nothing"),

        ModeBinding(
            keys: [.char("y"), .char("Y")], mode: .reopen, action: .reopenYes, short: "prospect",
            help: "a looker answered: move them back to prospect"),
        ModeBinding(
            keys: [.char("n"), .escape], mode: .reopen, action: .reopenNo, short: "keep nurturing",
            help: "keep them in nurture (the next polite call counts from this answer)"),

        ModeBinding(
            keys: [.char("e"), .char("m"), .char("s"), .char("o"), .char("c")], mode: .call, action: .pickChannel,
            short: "channel", help: "log a touch: email, meeting, sms, other or call"),
        ModeBinding(
            keys: (1...9).map { .char(Character(String($0))) }, mode: .call, action: .pickOutcome,
            short: "outcome", help: "the outcome, by its number"),
        ModeBinding(
            keys: [.char("n"), .char("a"), .tab], mode: .call, action: .writeNote, short: "note",
            help: "write the note before the outcome"),
        ModeBinding(
            keys: [.char("S")], mode: .call, action: .doNotContact, short: "stop",
            help: "they asked not to be contacted: log the call and mark them, with their words"),
        ModeBinding(
            keys: [.ctrl("d")], mode: .call, action: .finishNote, short: "done",
            help: "the note is done (Enter on an empty line too)"),
        ModeBinding(
            keys: [.enter], mode: .call, action: .saveCall, short: "save",
            help: "save: the touch, its promises and the next step"),
        ModeBinding(
            keys: [.escape], mode: .call, action: .backOrCancel, short: "back",
            help: "back a step; on a note of its own, twice discards it"),

        ModeBinding(keys: [.enter], mode: .prompt, action: .submit, short: "save", help: "save what is typed"),
        ModeBinding(
            keys: [.tab], mode: .prompt, action: .toggleWhose, short: "theirs/ours",
            help: "a promise: switch between one we owe and one they made"),
        ModeBinding(keys: [.escape], mode: .prompt, action: .cancel, short: "cancel", help: "change nothing"),
    ]

    /// The action of a key in a mode, from the table.
    public static func action(for key: Key, in mode: KeyMode) -> ModeAction? {
        modeBindings.first { $0.mode == mode && $0.keys.contains(key) }?.action
    }

    /// A mode's table, in order.
    public static func bindings(in mode: KeyMode) -> [ModeBinding] { modeBindings.filter { $0.mode == mode } }

    /// A mode's keys as the footer and a one-key question show them: (first key, short help).
    public static func hints(in mode: KeyMode) -> [(String, String)] {
        bindings(in: mode).map { ($0.keys[0].description, $0.short) }
    }

    /// The first key of a mode action, as the footer shows it.
    public static func key(_ action: ModeAction, in mode: KeyMode) -> String {
        bindings(in: mode).first { $0.action == action }?.keys.first?.description ?? "?"
    }
}

extension Action {
    /// The stable name `[keys]` in config.toml will use: snake_case, part of the file format.
    public var configName: String { snakeCase(rawValue) }
}

/// `pageDown` → `page_down`.
func snakeCase(_ s: String) -> String {
    var out = ""
    for ch in s {
        if ch.isUppercase {
            out += "_" + ch.lowercased()
        } else {
            out.append(ch)
        }
    }
    return out
}
