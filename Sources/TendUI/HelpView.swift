import TendCore

/// `?`: every binding from the key table, the same table that handles the keys.
enum HelpView {
    static func lines() -> [(String, String)] {
        KeyMap.bindings.map { b in
            let scope =
                b.screens.isEmpty
                ? "" : " (" + b.screens.sorted { $0.rawValue < $1.rawValue }.map(\.title).joined(separator: ", ") + ")"
            return (keyNames(b.keys), b.help + scope)
        }
            + KeyMode.allCases.filter { $0 != .normal }.flatMap { mode in
                [("", ""), ("", KeyList.helpTitle(mode))]
                    + KeyMap.bindings(in: mode).map { (keyNames($0.keys), $0.help) }
            } + [
                ("", ""),
                ("notes", "* TEXT: a promise we owe · * they: TEXT: one they made · @fri @3d @2026-12-01 date it"),
            ]
    }

    /// `1 2 3 … 9` as `1–9`: a run of digits reads as a range.
    static func keyNames(_ keys: [Key]) -> String {
        let names = keys.map(\.description)
        if names.count > 3, names.allSatisfy({ $0.count == 1 && $0.first!.isNumber }) {
            return "\(names.first!)–\(names.last!)"
        }
        return names.joined(separator: " ")
    }

    /// The lines wrapped to the screen: a key's help is never cut off.
    static func rows(width: Int) -> [(String, String)] {
        lines().flatMap { keys, help -> [(String, String)] in
            guard !keys.isEmpty else { return [(keys, help)] }
            let parts = TextWidth.wrap(help, to: max(10, width - 19))
            return [(keys, parts.first ?? "")] + parts.dropFirst().map { (" ", $0) }
        }
    }

    static func draw(scroll: Int, in r: Rect, _ g: inout Grid) {
        let all = rows(width: r.width)
        let shown = max(1, r.height - 1)
        let first = min(scroll, max(0, all.count - shown))
        g.put("Keys · \(first + 1)–\(min(all.count, first + shown)) of \(all.count)", x: 1, y: r.y, role: .title)
        for (n, (keys, help)) in all[first...].prefix(shown).enumerated() {
            if keys.isEmpty {  // a heading: the moment the keys below belong to
                g.put(help, x: 1, y: r.y + 1 + n, role: .title)
                continue
            }
            g.put(keys, x: 2, y: r.y + 1 + n, role: .key, limit: 14)
            g.put(help, x: 18, y: r.y + 1 + n)
        }
    }
}
