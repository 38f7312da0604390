import TendCore

/// `?`: every binding from the key table, the same table that handles the keys.
enum HelpView {
    static func lines() -> [(String, String)] {
        KeyMap.bindings.map { b in
            let scope =
                b.screens.isEmpty
                ? "" : " (" + b.screens.sorted { $0.rawValue < $1.rawValue }.map(\.title).joined(separator: ", ") + ")"
            return (b.keys.map(\.description).joined(separator: " "), b.help + scope)
        }
            + KeyMode.allCases.filter { $0 != .normal }.flatMap { mode in
                [("", ""), ("", "In " + KeyList.title(mode))]
                    + KeyMap.bindings(in: mode).map { ($0.keys.map(\.description).joined(separator: " "), $0.help) }
            } + [
                ("", ""),
                ("notes", "* TEXT: a promise we owe · * they: TEXT: one they made · @fri @3d @2026-12-01 date it"),
            ]
    }

    static func draw(scroll: Int, in r: Rect, _ g: inout Grid) {
        g.put("Keys", x: 1, y: r.y, role: .title)
        let all = lines()
        let top = min(scroll, max(0, all.count - (r.height - 1)))
        for (n, (keys, help)) in all[top...].prefix(r.height - 1).enumerated() {
            if keys.isEmpty {  // a heading: the moment the keys below belong to
                g.put(help, x: 1, y: r.y + 1 + n, role: .title)
                continue
            }
            g.put(keys, x: 2, y: r.y + 1 + n, role: .key, limit: 14)
            g.put(help, x: 18, y: r.y + 1 + n)
        }
    }
}
