import TendCore

/// The selected contact beside Today's or the Board's list on a wide terminal (lazygit's main
/// panel): profile, how they answer, the next step, promises both ways and the last touches with
/// whole notes, following the cursor. Below `minWidth` the screens stay one list; `i` toggles it.
enum SidePane {
    static let minWidth = 140

    /// The list's part of `r`, and the pane's when it shows.
    static func split(_ m: Model, _ r: Rect) -> (list: Rect, pane: Rect?) {
        guard m.showPane, r.width >= minWidth, !m.state.contacts.isEmpty else { return (r, nil) }
        let paneWidth = min(80, r.width * 2 / 5)
        let list = Rect(x: r.x, y: r.y, width: r.width - paneWidth, height: r.height)
        return (list, Rect(x: r.x + list.width, y: r.y, width: paneWidth, height: r.height))
    }

    static func draw(_ m: Model, contact: String?, in r: Rect, _ g: inout Grid) {
        for y in r.y..<(r.y + r.height) { g.put("│", x: r.x, y: y, role: .muted) }
        let inner = r.width - 3
        guard contact != nil else {
            g.put("Nobody selected.", x: r.x + 2, y: r.y, role: .muted)
            return
        }
        let lines = ContactDoc.lines(m, id: contact, width: inner)
        for (n, line) in lines.prefix(r.height).enumerated() {
            var x = r.x + 2
            for (text, role) in line.parts where x < r.x + r.width {
                x = g.put(text, x: x, y: r.y + n, role: role, limit: r.x + r.width - x)
            }
        }
        if lines.count > r.height {
            g.put("Enter: all of it", x: r.x + r.width - 16, y: r.y + r.height - 1, role: .muted)
        }
    }
}
