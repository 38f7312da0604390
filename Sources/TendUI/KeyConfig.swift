import TendCore

/// `[keys]` in config.toml: an action's keys by its stable name, as `?` spells keys.
///
///     [keys]
///     done = "X"              # replaces x
///     call = ["c", "C"]       # several keys: list the old one to keep it
///     quit = "Ctrl-Q"
///
/// A binding replaces that action's default keys. An unknown action or key, or two actions on one
/// key where both apply, is an error naming the file, the line and both actions; the caller then
/// keeps the default keys (a bad `[keys]` never stops a command, nor the UI).
public enum KeyConfig {
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// The tables with `keys` applied, or the first problem found. `places`: each name's
    /// `file:line`, for the message.
    public static func apply(
        _ keys: [String: MiniTOML.Value], places: [String: String]
    ) throws -> (bindings: [Binding], modes: [ModeBinding]) {
        var bindings = KeyMap.defaults, modes = KeyMap.defaultModeBindings
        func place(_ name: String) -> String { places[name] ?? "config.toml" }
        for name in keys.keys.sorted() {
            let value = keys[name]!
            let texts = value.string.map { [$0] } ?? value.array?.compactMap(\.string) ?? []
            guard !texts.isEmpty, texts.count == (value.array?.count ?? 1) else {
                throw Problem(
                    description: "\(place(name)): [keys] \(name) takes a key or a list: \"x\" or [\"c\", \"C\"]")
            }
            var parsed: [Key] = []
            for t in texts {
                guard let k = Key.named(t) else {
                    throw Problem(
                        description: "\(place(name)): [keys] \(name): unknown key \"\(t)\"")
                }
                parsed.append(k)
            }
            if let action = Action.allCases.first(where: { $0.configName == name }) {
                for i in bindings.indices where bindings[i].action == action { bindings[i].keys = parsed }
            } else if let action = ModeAction.allCases.first(where: { $0.configName == name }) {
                for i in modes.indices where modes[i].action == action { modes[i].keys = parsed }
            } else {
                let names = Action.allCases.map(\.configName) + ModeAction.allCases.map(\.configName)
                let near = names.min { ContactLookup.editDistance($0, name) < ContactLookup.editDistance($1, name) }
                    .flatMap { ContactLookup.editDistance($0, name) <= max(2, name.count / 3) ? $0 : nil }
                throw Problem(
                    description: "\(place(name)): [keys] unknown action \"\(name)\""
                        + (near.map { "; did you mean \"\($0)\"?" } ?? ""))
            }
        }
        try checkClashes(bindings, modes, keys: keys, place: place)
        return (bindings, modes)
    }

    /// Two actions on one key where both apply: named, with the line of the one the file set.
    static func checkClashes(
        _ bindings: [Binding], _ modes: [ModeBinding], keys: [String: MiniTOML.Value], place: (String) -> String
    ) throws {
        func report(_ key: Key, _ a: String, _ b: String, where w: String) -> Problem {
            let mine = keys[a] != nil ? a : b
            return Problem(
                description: "\(place(mine)): [keys] \(key) is bound to both \(a) and \(b) \(w); give one another key")
        }
        for screen in Screen.allCases {
            let active = bindings.filter { $0.screens.isEmpty || $0.screens.contains(screen) }
            for (i, x) in active.enumerated() {
                for y in active[(i + 1)...] where x.action != y.action {
                    // A binding scoped to this screen wins over a global one by design (see `action(for:on:)`):
                    // not a clash unless both are scoped here or both global.
                    guard x.screens.isEmpty == y.screens.isEmpty, let k = x.keys.first(where: y.keys.contains) else {
                        continue
                    }
                    throw report(k, x.action.configName, y.action.configName, where: "on \(screen.title)")
                }
            }
        }
        for mode in KeyMode.allCases where mode != .normal {
            let active = modes.filter { $0.mode == mode }
            for (i, x) in active.enumerated() {
                for y in active[(i + 1)...] where x.action != y.action {
                    guard let k = x.keys.first(where: y.keys.contains) else { continue }
                    throw report(k, x.action.configName, y.action.configName, where: "in \(KeyList.title(mode))")
                }
            }
        }
    }
}

extension Key {
    /// A key by the name `?` shows (`x`, `Ctrl-L`, `Space`, `PgDn`, `S-Tab`, `↑`), or its word (`Up`).
    public static func named(_ name: String) -> Key? {
        let words: [String: Key] = [
            "space": .char(" "), "up": .up, "down": .down, "left": .left, "right": .right,
            "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown, "pagedown": .pageDown, "home": .home, "end": .end,
            "enter": .enter, "return": .enter, "esc": .escape, "escape": .escape, "tab": .tab,
            "s-tab": .backTab, "shift-tab": .backTab, "bksp": .backspace, "backspace": .backspace,
            "del": .delete, "delete": .delete, "↑": .up, "↓": .down, "←": .left, "→": .right,
        ]
        if let k = words[name.lowercased()] { return k }
        let lower = name.lowercased()
        if lower.hasPrefix("ctrl-") || lower.hasPrefix("c-"), let c = lower.split(separator: "-").last, c.count == 1,
            let ch = c.first, ch.isLetter, ch.isASCII
        {
            return .ctrl(ch)
        }
        if name.count == 1, let ch = name.first, !ch.isWhitespace { return .char(ch) }
        return nil
    }
}
