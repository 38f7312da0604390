import Foundation
import TendCore

/// `:`: any tend verb, run by the shell as the real CLI (`:add Dana Wu --company Acme`).
enum CommandBar {
    static func handle(_ m: inout Model, _ key: Key, _ input: inout TextInput) -> [Effect] {
        m.completions = []
        switch key {
        case .escape:
            m.mode = .normal
            m.historyIndex = nil
        case .enter:
            m.mode = .normal
            m.historyIndex = nil
            do {
                let args = try Words.split(input.text)
                guard !args.isEmpty else { return [] }
                if m.commandHistory.last != input.text { m.commandHistory.append(input.text) }
                m.message = Message(text: "running tend \(args.joined(separator: " "))…", isError: false)
                return [.runCommand(args)]
            } catch {
                m.message = Message(text: "\(error)", isError: true)
            }
        case .tab:
            guard let words = m.commandWords else {
                m.mode = .command(input)
                return [.loadCommandWords]
            }
            complete(&m, &input, words)
        case .up, .down:
            // The session's earlier lines, newest first; past the newest, an empty line.
            let n = m.commandHistory.count
            guard n > 0 else { return [] }
            let i = key == .up ? max(0, (m.historyIndex ?? n) - 1) : (m.historyIndex ?? n) + 1
            m.historyIndex = i < n ? i : nil
            input = TextInput(i < n ? m.commandHistory[i] : "")
            m.mode = .command(input)
        default:
            _ = input.handle(key)
            m.mode = .command(input)
        }
        return []
    }

    static func complete(_ m: inout Model, _ input: inout TextInput, _ words: CommandWords) {
        let (text, candidates) = Completion.complete(input.text, words: words, state: m.state)
        input = TextInput(text)
        m.completions = candidates
        m.mode = .command(input)
    }

    /// The words arrived (the first Tab asked for them): complete what is typed.
    static func loaded(_ m: inout Model, _ words: CommandWords?) {
        m.commandWords = words
        guard case .command(var input) = m.mode else { return }
        guard let words else {
            m.message = Message(text: "cannot read the command list for completion", isError: true)
            return
        }
        complete(&m, &input, words)
    }

    /// A command's output: one line on the status line, more in a pane.
    static func done(_ m: inout Model, output: String, ok: Bool) {
        var lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        if lines.count <= 1 {
            m.message = Message(text: lines.first ?? (ok ? "done" : "failed"), isError: !ok)
            return
        }
        m.message = nil  // "running …" is over: the pane is the answer
        m.mode = .output(CommandOutput(command: m.commandHistory.last ?? "", lines: lines, ok: ok))
    }

    /// Keys over the output pane: the help's scrolling keys; any other closes it.
    static func scroll(_ m: inout Model, _ key: Key, _ out: inout CommandOutput) {
        switch KeyMap.action(for: key, in: .help) {
        case .scrollDown?: out.scroll += 1
        case .scrollUp?: out.scroll = max(0, out.scroll - 1)
        case .scrollPageDown?: out.scroll += m.pageRows
        case .scrollPageUp?: out.scroll = max(0, out.scroll - m.pageRows)
        default:
            m.mode = .normal
            return
        }
        out.scroll = min(out.scroll, max(0, out.lines.count - m.pageRows))
        m.mode = .output(out)
    }

    static func draw(_ out: CommandOutput, in r: Rect, _ g: inout Grid) {
        g.put(":" + out.command, x: 1, y: r.y, role: out.ok ? .title : .error, limit: r.width - 2)
        let top = min(out.scroll, max(0, out.lines.count - (r.height - 1)))
        for (n, line) in out.lines[top...].prefix(r.height - 1).enumerated() {
            g.put(line, x: 1, y: r.y + 1 + n, limit: r.width - 2)
        }
        if out.lines.count > r.height - 1 {
            let more = "\(top + 1)–\(min(out.lines.count, top + r.height - 1))/\(out.lines.count)"
            g.put(more, x: r.width - TextWidth.width(more), y: r.y, role: .muted)
        }
    }
}
