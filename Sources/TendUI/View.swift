import TendCore

/// Draws the model into a Grid: header, the screen's body, a message or prompt line, and the keys.
public enum View {
    public static func render(_ m: Model, width: Int, height: Int) -> Grid {
        var g = Grid(width: width, height: height)
        g.ascii = m.ascii
        guard width >= 20, height >= 6 else {
            g.put("Tend needs 20×6; this is \(width)×\(height)", x: 0, y: 0, role: .warning)
            return g
        }
        header(m, &g)
        var body = Rect(x: 0, y: 1, width: width, height: height - 3)
        if showsFigures(height: height) {
            Figures.draw(m, y: 1, &g)
            body.y += 1
            body.height -= 1
        }
        if let first = m.notices.first, height >= 10 {
            let more = m.notices.count > 1 ? " (+\(m.notices.count - 1) more: tend check)" : ""
            g.put(
                "! " + TextWidth.truncate(TextWidth.safe(first), to: width - 2 - TextWidth.width(more)) + more,
                x: 0, y: body.y, role: .warning)
            body.y += 1
            body.height -= 1
        }
        switch m.mode {
        case .help(let scroll): HelpView.draw(scroll: scroll, in: body, &g)
        case .output(let out): CommandBar.draw(out, in: body, &g)
        case .call(let flow): CallView.draw(m, flow, in: body, &g)
        case .confirmCall(let c, let caution): CallView.drawCaution(m, contact: c, caution: caution, in: body, &g)
        default:
            switch m.screen {
            case .today, .board:
                // Wide terminals: the selected contact beside the list, following the cursor.
                let (list, pane) = SidePane.split(m, body)
                if m.screen == .today { TodayView.draw(m, in: list, &g) } else { BoardView.draw(m, in: list, &g) }
                if let pane { SidePane.draw(m, contact: Update.selectedContact(m), in: pane, &g) }
            case .contact: ContactView.draw(m, in: body, &g)
            case .review: ReviewView.draw(m, in: body, &g)
            case .stats: StatsView.draw(m, in: body, &g)
            }
        }
        statusLine(m, &g, y: height - 2)
        footer(m, &g, y: height - 1)
        return g
    }

    /// Rows a page key moves on a terminal this tall: the body, less a row of context.
    public static func pageRows(height: Int) -> Int { max(1, height - (showsFigures(height: height) ? 6 : 5)) }

    /// The figures strip takes a row only where rows are not scarce.
    static func showsFigures(height: Int) -> Bool { height >= 16 }

    static func header(_ m: Model, _ g: inout Grid) {
        g.fill(.header, y: 0)
        let who: String
        switch m.filter {
        case .mine: who = m.rep
        case .all: who = "everyone"
        case .rep(let r): who = "\(r) (as \(m.rep))"
        }
        var x = g.put(
            " Tend · \(who) · \(m.clock.today.friendly) \(m.clock.time(of: m.clock.now))", x: 0, y: 0, role: .header)
        if m.readOnly { x = g.put("  READ-ONLY", x: x, y: 0, role: .header) }
        // A filtered list says so where the eye goes first, with how to undo it.
        if m.listFilter.isOn, m.screen != .stats, m.screen != .contact {
            let full = "  /\(m.listFilter.text) (Esc clears)", short = "  /\(m.listFilter.text)"
            // Never at the tabs' expense: the short form, or nothing, on a narrow terminal.
            let room = g.width - x - 46
            if TextWidth.width(full) <= room {
                x = g.put(full, x: x, y: 0, role: .header)
            } else if TextWidth.width(short) <= room {
                x = g.put(short, x: x, y: 0, role: .header)
            }
        }
        func layout(compact: Bool) -> (String, [(Screen, Int, Int)]) {
            var tabs = m.screen == .contact ? (compact ? "[Contact]" : "[Contact] ") : ""
            var spans: [(Screen, Int, Int)] = []  // where each tab lands, for a click
            for s in Screen.tabs {
                let label =
                    compact
                    ? (s == m.screen ? " [\(s.rawValue) \(s.title)]" : " \(s.rawValue) \(s.title)")
                    : (s == m.screen ? " [\(s.rawValue) \(s.title)]" : "  \(s.rawValue) \(s.title) ")
                spans.append((s, TextWidth.width(m.shown(tabs)), TextWidth.width(m.shown(label))))
                tabs += label
            }
            return (tabs, spans)
        }
        // Every tab always shows: tighter spacing before any is cut off.
        var (tabs, spans) = layout(compact: false)
        if x + 2 + TextWidth.width(m.shown(tabs)) + 1 > g.width { (tabs, spans) = layout(compact: true) }
        let tx = max(x + 2, g.width - TextWidth.width(m.shown(tabs)) - 1)
        g.put(tabs, x: tx, y: 0, role: .header)
        for (s, offset, w) in spans where tx + offset < g.width {
            g.hits.append(Hit(x: tx + offset, y: 0, width: w, target: .screen(s)))
        }
    }

    static func statusLine(_ m: Model, _ g: inout Grid, y: Int) {
        // What is typed keeps its end (the caret) in view; a message keeps its end (the fix).
        let width = g.width
        func typed(_ text: String, from x: Int) -> String {
            TextWidth.truncateMiddle(text + "▌", to: width - x, keepingEnd: max(1, width - x - 2))
        }
        switch m.mode {
        case .search(let input, _):
            let x = g.put("/", x: 0, y: y, role: .key)
            g.put(typed(input.text, from: x), x: x, y: y)
        case .command(let input):
            let x = g.put(":", x: 0, y: y, role: .key)
            g.put(typed(input.text, from: x), x: x, y: y)
        case .prompt(let p):
            let who = p.contact.flatMap { m.state.contacts[$0]?.name }.map { "\($0) · " } ?? ""
            var x = g.put(who + p.label + " ", x: 0, y: y, role: .key)
            if !p.isChoice { x = g.put(typed(p.input.text, from: x), x: x, y: y) }
            if let e = p.error { g.put(TextWidth.truncateMiddle("  " + e, to: g.width - x), x: x, y: y, role: .error) }
        default:
            if let msg = m.message {
                g.put(TextWidth.truncateMiddle(msg.text, to: g.width), x: 0, y: y, role: msg.isError ? .error : .muted)
            }
        }
    }

    static func footer(_ m: Model, _ g: inout Grid, y: Int) {
        var hints: [(String, String)]
        switch m.mode {
        case .call(let flow): hints = CallView.hints(flow)
        case .confirmCall: hints = KeyMap.hints(in: .confirm)
        case .help:
            hints = [
                ("\(KeyMap.key(.scrollDown, in: .help))/\(KeyMap.key(.scrollUp, in: .help))", "scroll"),
                (KeyMap.key(.scrollPageDown, in: .help), "page"), (KeyMap.key(.closeHelp, in: .help), "close"),
            ]
        case .search: hints = [("Enter", "keep"), ("Esc", "cancel")]
        case .command:
            hints =
                m.completions.isEmpty
                ? [("Enter", "run"), ("Tab", "complete"), ("↑", "history"), ("Esc", "cancel")]
                : [("Tab", m.completions.joined(separator: "  "))]
        case .output:
            hints = [
                ("\(KeyMap.key(.scrollDown, in: .help))/\(KeyMap.key(.scrollUp, in: .help))", "scroll"),
                ("any key", "close"),
            ]
        case .prompt(let p):
            let cancel = (KeyMap.key(.cancel, in: .prompt), "cancel")
            switch p.kind {
            case .reopen: hints = KeyMap.hints(in: .reopen)
            case .answer: hints = KeyMap.hints(in: .answer)
            default: hints = [(KeyMap.key(.submit, in: .prompt), "save"), cancel]
            }
        case .normal:
            hints = KeyMap.bindings.filter { $0.footer.contains(m.screen) }.map { b in
                (b.keys[0].description, shortHelp[b.action] ?? b.help)
            }
            // A filtered list says so at every width, with the key that clears it.
            if m.listFilter.isOn, m.screen != .contact, m.screen != .stats {
                hints.insert((KeyMap.key(.back), "clear /\(m.listFilter.text)"), at: 0)
            }
        }
        var x = 0
        for (k, h) in hints {
            guard x + TextWidth.width(k) + TextWidth.width(h) + 2 < g.width else { break }
            x = g.put(k, x: x, y: y, role: .key)
            x = g.put(" " + h + "  ", x: x, y: y, role: .muted)
        }
    }

    static let shortHelp: [Action: String] = [
        .open: "open", .back: "back", .toggleLookers: "lookers", .stageForward: "stage", .search: "filter",
        .call: "call", .addNote: "note", .addPromise: "promise", .done: "done", .setNext: "next step",
        .help: "help", .quit: "quit", .drop: "drop", .followUp: "follow up", .escalate: "escalate",
        .rest: "no follow-up", .seen: "seen",
    ]
}

/// A rectangle of the screen.
public struct Rect: Equatable, Sendable {
    public var x, y, width, height: Int
}

/// Scrolls so the selected row shows, keeping a little context above it.
func scrollOffset(selected: Int, rows: Int, count: Int) -> Int {
    guard count > rows else { return 0 }
    return max(0, min(selected - rows / 3, count - rows))
}

/// `Mon 11-23`, or `today`, or a time for today.
func shortDay(_ d: Day, time: LocalTime?, today: Day) -> String { d.short(today: today, time: time) }
