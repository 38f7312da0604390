import Foundation
import TendCore

/// The call screen: who, how to reach them, what is open, then the stage at hand.
enum CallView {
    static func draw(_ m: Model, _ flow: CallFlow, in r: Rect, _ g: inout Grid) {
        guard let c = m.state.contacts[flow.contact] else { return }
        let y = drawWho(m, flow, c, in: r, &g)
        drawStage(m, flow, y: y + 1, in: r, &g)
        if let e = flow.error { g.put(e, x: 1, y: r.y + r.height - 1, role: .error) }
    }

    /// Who, how to reach them, how they answer, the last two touches and what is open. Returns the
    /// next free row.
    static func drawWho(_ m: Model, _ flow: CallFlow, _ c: Contact, in r: Rect, _ g: inout Grid) -> Int {
        var y = r.y
        let title =
            flow.noteOnly
            ? "Note on" : flow.stage == .channel ? "Log a touch with" : "\(flow.channel.rawValue.capitalized) with"
        var x = g.put("\(title) ", x: 1, y: y, role: .title)
        x = g.put(c.name, x: x, y: y, role: .title)
        g.put(c.company.isEmpty ? "" : " · \(c.company)", x: x, y: y)
        y += 1
        let reach = (c.phones + c.emails).joined(separator: " · ")
        g.put(reach.isEmpty ? "no phone or email on file" : reach, x: 3, y: y, role: .muted)
        y += 1
        if let p = c.prefers {
            let best = c.bestTime.isEmpty ? "" : " · best \(c.bestTime)"
            g.put("prefers \(p.rawValue)" + best, x: 3, y: y, role: .muted)
            y += 1
        }
        if let there = m.clock.theirTime(c.timeZone) {
            g.put("their time: \(there) (\(c.timeZone))", x: 3, y: y, role: .key)
            y += 1
        }
        if let hint = m.state.channelStats(flow.contact).suggestion(prefers: c.prefers) {
            g.put(hint, x: 3, y: y, role: .key)
            y += 1
        }
        let recent = (m.state.touches[flow.contact] ?? []).suffix(2).reversed()
        for t in recent {
            g.put(
                "\(ContactDoc.stamp(m, t.at))  \(t.rep)  \(t.channel.rawValue) · \(t.outcome.rawValue)  \(t.note)",
                x: 3, y: y, role: .muted)
            y += 1
        }
        for p in m.state.openCommitments(of: flow.contact).prefix(2) {
            g.put(
                "\(p.kind == .weOwe ? "we owe" : "they owe"): \(p.text) · due \(p.due.friendly)", x: 3, y: y,
                role: p.due < m.clock.today ? .overdue : .normal)
            y += 1
        }
        return y
    }

    /// The stage at hand: the channel, the outcome, the note, or the next step.
    static func drawStage(_ m: Model, _ flow: CallFlow, y start: Int, in r: Rect, _ g: inout Grid) {
        var y = start
        var x = 0
        switch flow.stage {
        case .channel:
            g.put("How was the touch?", x: 1, y: y, role: .title)
            y += 1
            for (k, ch) in CallFlow.channelKeys {
                x = g.put(String(k), x: 3, y: y, role: .key)
                g.put(" \(ch.rawValue)", x: x, y: y)
                y += 1
            }
        case .outcome:
            g.put("Outcome:", x: 1, y: y, role: .title)
            x = 11
            for (k, o) in flow.outcomes {
                let item = "\(k) \(o.rawValue)"
                if x + TextWidth.width(item) + 2 > r.width { y += 1; x = 11 }
                let kx = g.put(String(k), x: x, y: y, role: .key)
                x = g.put(" \(o.rawValue)", x: kx, y: y) + 2
            }
            y += 2
            if !flow.note.isEmpty { y = drawNote(flow, y: y, r, &g, active: false) }
        case .note:
            y = drawNote(flow, y: y, r, &g, active: true)
        case .next:
            if let o = flow.outcome { g.put("Outcome: \(o.rawValue)", x: 1, y: y, role: .title); y += 1 }
            if !flow.note.isEmpty { y = drawNote(flow, y: y, r, &g, active: false) }
            y += 1
            let proposal: String
            if let p = flow.proposal {
                proposal = "\(p.summary) · \(p.due.friendly)" + (p.channel.map { " · \($0.rawValue)" } ?? "")
            } else if flow.clearsStep {
                proposal = "none (the step that was due is done)"
            } else {
                proposal = m.state.nextSteps[flow.contact].map { "keep: \($0.summary) · \($0.due.friendly)" } ?? "none"
            }
            x = g.put("Next step: ", x: 1, y: y, role: .title)
            g.put(proposal, x: x, y: y, role: .today)
            y += 1
            x = g.put("Enter accepts, or type a date: ", x: 3, y: y, role: .muted)
            g.put(flow.nextInput.text + "▌", x: x, y: y)
        }
    }

    static func drawNote(_ flow: CallFlow, y start: Int, _ r: Rect, _ g: inout Grid, active: Bool) -> Int {
        var y = start
        g.put(
            active ? "Note (* we promise · * they: they promise · @fri · empty line ends):" : "Note:", x: 1, y: y,
            role: .title)
        y += 1
        let room = max(1, r.y + r.height - 2 - y)
        // Each line wrapped to the screen (word-wise, wide characters counted), the caret after the
        // last; when the note is longer than the room, its end shows (where the rep is typing).
        var rows: [(String, Bool)] = []
        for (i, line) in flow.note.lines.enumerated() {
            let isPromise = line.trimmingCharacters(in: .whitespaces).hasPrefix("*")
            let text = active && i == flow.note.lines.count - 1 ? line + "▌" : line
            for part in TextWidth.wrap(text, to: r.width - 4) { rows.append((part, isPromise)) }
        }
        for (text, isPromise) in rows.suffix(room) {
            g.put(text, x: 3, y: y, role: isPromise ? .key : .normal)
            y += 1
        }
        return y
    }

    static func drawCaution(_ m: Model, contact: String, caution: Caution, in r: Rect, _ g: inout Grid) {
        let name = m.state.contacts[contact]?.name ?? contact
        switch caution {
        case .claimed(let claim):
            g.put("Hold on: someone is on the phone with them", x: 1, y: r.y + 1, role: .warning)
            g.put(claim.sentence(contactName: name, me: m.rep, now: m.clock.now) + ".", x: 3, y: r.y + 3)
            g.put(
                "The claim lapses at \(m.clock.time(of: claim.until)) unless they log the call first.", x: 3,
                y: r.y + 4, role: .muted)
        case .guarded(let hit):
            g.put("Hold on: the team guard", x: 1, y: r.y + 1, role: .warning)
            g.put(hit.sentence(contactName: name, me: m.rep) + ".", x: 3, y: r.y + 3)
            let retry = m.clock.describe(hit.retryAfter)
            g.put(
                "The team waits \(m.settings.guardRule.windowMinutes / 60) h between attempts (at most "
                    + "\(m.settings.guardRule.maxPerDay) a day): next try after \(retry).",
                x: 3, y: r.y + 4, role: .muted)
        case .stopped(let mark):
            g.put("Hold on: do not contact", x: 1, y: r.y + 1, role: .warning)
            g.put(TextWidth.safe(mark.sentence(contactName: name, clock: m.clock)) + ".", x: 3, y: r.y + 3)
            g.put("Only if they asked you to call back: tend stop --lift lifts it.", x: 3, y: r.y + 4, role: .muted)
        }
        let x = g.put("Call anyway? ", x: 3, y: r.y + 6, role: .title)
        g.put("y / n", x: x, y: r.y + 6, role: .key)
    }

    /// The call screen's footer, from the key table (`KeyMap.modeBindings`, mode `.call`).
    static func hints(_ flow: CallFlow) -> [(String, String)] {
        func key(_ a: ModeAction) -> String { KeyMap.key(a, in: .call) }
        let channels = KeyMap.bindings(in: .call).first { $0.action == .pickChannel }?.keys.map(\.description) ?? []
        switch flow.stage {
        case .channel: return [(channels.joined(separator: "/"), "channel"), (key(.backOrCancel), "cancel")]
        case .outcome:
            return [("1-\(flow.outcomes.count)", "outcome"), (key(.writeNote), "note"), (key(.backOrCancel), "cancel")]
        case .note:
            return [
                ("\(key(.saveCall)) \(key(.saveCall))", "done"), (key(.finishNote), "done"),
                (key(.backOrCancel), flow.noteOnly ? "discard" : "back"),
            ]
        case .next: return [(key(.saveCall), "save"), (key(.backOrCancel), "back")]
        }
    }
}
