/// Terminal display of text: how many columns a string takes, and a form safe to print.
///
/// Names like "李雷" take two columns a character and "Zoë" may carry a combining mark that takes
/// none, so padding by `count` misaligns tables; and text typed by customers or imported from files
/// may hold escape sequences that would take over the terminal if printed raw.
public enum TextWidth {
    /// Columns one scalar takes: 0 for combining marks and zero-width characters, 2 for East Asian
    /// wide and emoji presentation characters, else 1.
    public static func width(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        if v < 0x300 { return 1 }
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B || (0xFE00...0xFE0F).contains(v) { return 0 }
        if u.properties.isEmojiPresentation { return 2 }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    public static func width(_ s: String) -> Int {
        // ASCII (most text) is one column a byte, and so is every scalar below U+0300 (Latin with
        // its accents: "Zoë Müller"), whose UTF-8 leads with C2–CB: no scalar properties to look up.
        var s = s
        let simple: Int? = s.withUTF8 { b in
            var columns = 0, i = 0
            while i < b.count {
                let c = b[i]
                if c < 0x80 {
                    i += 1
                } else if c >= 0xC2 && c <= 0xCB {
                    i += 2
                } else {
                    return nil
                }
                columns += 1
            }
            return columns
        }
        return simple ?? s.unicodeScalars.reduce(0) { $0 + width($1) }
    }

    /// Cuts `s` to at most `columns`, ending in `…` when cut.
    public static func truncate(_ s: String, to columns: Int) -> String {
        guard columns > 0 else { return "" }
        if width(s) <= columns { return s }
        var out = ""
        var used = 0
        for ch in s {
            let w = ch.unicodeScalars.reduce(0) { $0 + width($1) }
            if used + w > columns - 1 { break }
            out.append(ch)
            used += w
        }
        return out + "…"
    }

    /// `s` broken into lines of at most `columns` terminal columns, at spaces where it can be (a
    /// word longer than a line is broken inside it). Wide characters count two. Never empty.
    public static func wrap(_ s: String, to columns: Int) -> [String] {
        let columns = max(1, columns)
        var lines: [String] = []
        var line = "", used = 0
        for word in s.split(separator: " ", omittingEmptySubsequences: false) {
            var word = String(word)
            var w = width(word)
            let gap = line.isEmpty ? 0 : 1
            if used + gap + w <= columns {
                line += (gap == 1 ? " " : "") + word
                used += gap + w
                continue
            }
            if !line.isEmpty { lines.append(line) }
            line = ""
            used = 0
            while w > columns {  // a word wider than a line: as much as fits, then the rest
                var head = "", hw = 0
                for ch in word {
                    let cw = width(String(ch))
                    if hw + cw > columns { break }
                    head.append(ch)
                    hw += cw
                }
                if head.isEmpty, let first = word.first { head = String(first) }  // a wide character in one column
                lines.append(head)
                word = String(word.dropFirst(head.count))
                w = width(word)
            }
            line = word
            used = w
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// `s` in at most `columns`, cut in the middle (`…`) so its end stays: a message's fix
    /// ("run: chmod 700 …") and the end of what is being typed stay in view.
    public static func truncateMiddle(_ s: String, to columns: Int, keepingEnd end: Int? = nil) -> String {
        guard columns > 0 else { return "" }
        if width(s) <= columns { return s }
        var tailW = min(columns - 1, end ?? (columns - 1) * 3 / 5)
        // A message's last clause ("…; run: chmod 700 DIR") is its fix: kept whole when it fits.
        if end == nil, let r = s.range(of: "; ", options: .backwards) {
            let clause = width(String(s[r.upperBound...]))
            if clause <= columns - 4 { tailW = max(tailW, clause) }
        }
        var tail = "", used = 0
        for ch in s.reversed() {
            let w = width(String(ch))
            if used + w > tailW { break }
            tail.insert(ch, at: tail.startIndex)
            used += w
        }
        let head = truncate(s, to: columns - used)  // ends in "…"
        return head + tail
    }

    /// `s` cut or padded with spaces to exactly `columns`.
    public static func fit(_ s: String, _ columns: Int) -> String {
        let t = truncate(s, to: columns)
        return t + String(repeating: " ", count: max(0, columns - width(t)))
    }

    /// `s` with every control character, escape sequence introducer, bidirectional override and
    /// zero-width character (which can hide text or make one name look like another) shown as a
    /// visible escape (`\e`, `\u{202E}`, `\u{200b}`), and newlines as `⏎`: one line, nothing raw.
    public static func safe(_ s: String) -> String {
        // Nearly every name and note needs nothing: hand it back untouched rather than rebuild it
        // scalar by scalar (that rebuilding was an eighth of printing a long agenda).
        if isPlainText(s) || !s.unicodeScalars.contains(where: needsEscape) { return s }
        var out = ""
        for u in s.unicodeScalars {
            switch u.value {
            case 0x0A: out += "⏎ "
            case 0x09: out += " "
            case 0x1B: out += "\\e"
            case _ where needsEscape(u): out += "\\u{" + String(u.value, radix: 16) + "}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// No scalar of `s` can need an escape, told from its bytes: printable ASCII, and lead bytes
    /// of no scalar `needsEscape` names (C1 controls lead with C2, U+061C with D8, the bidi and
    /// zero-width controls with E2, U+FEFF with EF). A Latin name with accents passes.
    static func isPlainText(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { b in
            b.allSatisfy { c in
                (c >= 0x20 && c < 0x7F) || (c >= 0x80 && c != 0xC2 && c != 0xD8 && c != 0xE2 && c != 0xEF)
            }
        }
    }

    /// What `safe` does not show as it is.
    static func needsEscape(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x20..<0x7F: return false
        case 0x00..<0x20, 0x7F, 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C,
            0x200B...0x200D, 0x2060, 0xFEFF:
            return true
        default: return false
        }
    }
}
