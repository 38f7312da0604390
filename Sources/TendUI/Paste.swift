import TendCore

/// Bracketed paste: what the terminal marks as pasted arrives as one `Msg.paste`, and is text —
/// inserted whole into the field that has the keyboard, never read as keys (a pasted note with a
/// blank line in it once ran its letters as commands). Outside a text field it is refused.
enum Paste {
    static func handle(_ m: inout Model, _ text: String) -> [Effect] {
        guard !text.isEmpty else { return [] }
        switch m.mode {
        case .search(var input, let previous):
            input.insert(text)
            m.sel = previous
            if !input.text.isEmpty { _ = Search.jump(&m, query: input.text, from: 0, deep: false) }
            m.mode = .search(input, previous: previous)
        case .command(var input):
            input.insert(text)
            m.mode = .command(input)
        case .prompt(var p) where !p.isChoice:
            p.input.insert(text)
            m.mode = .prompt(p)
        case .call(var flow) where flow.stage == .note:
            flow.note.insert(text)
            flow.confirmDiscard = false
            m.mode = .call(flow)
        case .call(var flow) where flow.stage == .next:
            flow.nextInput.insert(text)
            m.mode = .call(flow)
        default:
            m.message = Message(
                text: "pasted text ignored: it goes into a note or a field (a writes a note)", isError: true)
        }
        return []
    }

    /// One line of pasted text: line breaks and tabs as spaces, other control characters gone.
    static func oneLine(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            if u == "\n" || u == "\r" || u == "\t" {
                out.unicodeScalars.append(" ")
            } else if u.value >= 0x20 && u.value != 0x7F && !(0x80...0x9F).contains(u.value) {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
