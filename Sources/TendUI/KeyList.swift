/// The default key table as a Markdown list, for the README: generated from the same tables that
/// handle the keys (`KeyMap.defaults`, `KeyMap.defaultModeBindings`), and compared with the README in a test,
/// so the documentation cannot drift from behaviour.
public enum KeyList {
    public static func markdown() -> String {
        var out = ["| keys | what they do | where |", "|---|---|---|"]
        for b in KeyMap.defaults {
            let places =
                b.screens.isEmpty
                ? "every screen" : b.screens.sorted { $0.rawValue < $1.rawValue }.map(\.title).joined(separator: ", ")
            out.append("| \(keys(b.keys)) | \(cell(b.help)) | \(places) |")
        }
        for mode in KeyMode.allCases where mode != .normal {
            for b in KeyMap.defaultModeBindings where b.mode == mode {
                out.append("| \(keys(b.keys)) | \(cell(b.help)) | \(title(mode)) |")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func keys(_ keys: [Key]) -> String {
        keys.map { $0 == .char("`") ? "`` ` ``" : $0 == .char("|") ? "`\\|`" : "`\($0)`" }.joined(separator: " ")
    }

    static func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }

    /// A mode's heading in the `?` help.
    static func helpTitle(_ mode: KeyMode) -> String {
        switch mode {
        case .normal: return "On every screen"
        case .help: return "In this help"
        case .confirm: return "Asked before a call (someone tried them recently)"
        case .answer: return "A quote's answer (> on a quote)"
        case .reopen: return "After a call, when a looker answered"
        case .call: return "On the call screen (and a note, a logged touch)"
        case .prompt: return "In a one-line prompt"
        }
    }

    static func title(_ mode: KeyMode) -> String {
        switch mode {
        case .normal: return "every screen"
        case .help: return "the `?` help"
        case .confirm: return "asked before a call (someone tried them recently)"
        case .answer: return "a quote's answer (`>` on a quote)"
        case .reopen: return "a looker answered (after the call)"
        case .call: return "the call screen (and a note, a logged touch)"
        case .prompt: return "a one-line prompt"
        }
    }
}
