import Foundation

/// Text for a terminal whose locale is not UTF-8 (`LANG=C`): transliterated to ASCII, as ICU's
/// `Any-Latin; Latin-ASCII` does (`Zoë Müller` → `Zoe Muller`, `李雷` → `li lei`), with Tend's own
/// symbols spelled out (`€` → `EUR`, `•` → `*`). Done before text is measured and placed, so the
/// layout holds; a character with no ASCII form becomes `?`. Exports and `--json` never use it.
public enum ASCIIText {
    static let symbols: [Character: String] = [
        "€": "EUR", "£": "GBP", "¥": "JPY", "•": "*", "·": "-", "…": "...",
        "—": "-", "–": "-", "×": "x", "▌": "|", "→": "->", "←": "<-",
        "↑": "Up", "↓": "Down", "✓": "ok", "✗": "x", "⚠": "!", "»": ">>", "«": "<<",
        "│": "|", "─": "-", "█": "#", "▁": "_", "▂": ".", "▃": ":",
        "▄": "-", "▅": "=", "▆": "+", "▇": "#",
        "‘": "'", "’": "'", "“": "\"", "”": "\"", "№": "No", "°": "deg", "⏎": "/",
    ]

    nonisolated(unsafe) static var cache: [String: String] = [:]
    static let lock = NSLock()

    /// `s` in ASCII; ASCII text comes back as it is, at no cost.
    public static func of(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s }
        lock.lock()
        defer { lock.unlock() }
        if let hit = cache[s] { return hit }
        var spelled = ""
        for ch in s { if let r = symbols[ch] { spelled += r } else { spelled.append(ch) } }
        let latin = spelled.applyingTransform(StringTransform("Any-Latin; Latin-ASCII"), reverse: false) ?? spelled
        var out = ""
        for u in latin.unicodeScalars { out.unicodeScalars.append(u.value < 0x80 ? u : "?") }
        if cache.count > 20_000 { cache.removeAll() }
        cache[s] = out
        return out
    }
}
