import Foundation
import TendCore

/// Keys in a one-line prompt: the next step, a promise, a quote amount, won/lost, a reason.
enum Prompts {
    static func handle(_ m: inout Model, _ key: Key, _ p: inout Prompt) -> [Effect] {
        if m.saving { return [] }
        defer { if case .prompt = m.mode { m.mode = .prompt(p) } }
        p.error = nil
        if key == .escape {
            m.mode = .normal
            return []
        }
        if case .answer(let c, let deal) = p.kind {
            switch key {
            case .char("w"):
                return StageKeys.changes(
                    &m, contact: c, move: StageChange(deal: deal, stage: .won, used: m.clock.today), newDeal: nil)
            case .char("l"):
                p = Prompt(.lostReason(contact: c, deal: deal))
            case .char("n"):
                return StageKeys.changes(&m, contact: c, move: StageChange(deal: deal, stage: .nurture), newDeal: nil)
            default:
                p.error = "w won · l lost · n nurture · Esc cancel"
            }
            return []
        }
        if key == .tab, case .promise(let c, let k) = p.kind {
            p.kind = .promise(contact: c, kind: k == .weOwe ? .waitingOn : .weOwe)
            return []
        }
        guard key == .enter else {
            _ = p.input.handle(key)
            return []
        }
        let text = p.input.text.trimmingCharacters(in: .whitespaces)
        do {
            return try submit(&m, &p, text)
        } catch {
            p.error = "\(error)"
            return []
        }
    }

    static func submit(_ m: inout Model, _ p: inout Prompt, _ text: String) throws -> [Effect] {
        switch p.kind {
        case .nextStep(let c):
            guard !text.isEmpty else { throw PromptError("type a date: 1d 3d 1w fri 2026-12-01") }
            var step = try NextStepInput.parse(text, today: m.clock.today)
            step.channel = ChannelStats(m.state.touches[c] ?? []).channel(prefers: m.state.contacts[c]?.prefers)
            return ReviewKeys.save(
                &m, [.setNextStep(contact: c, step: step)], p.review,
                label: "next step \(step.due.friendly): \(step.summary)")
        case .movePromise(let id):
            let day = try DateInput.day(text, today: m.clock.today)
            return ReviewKeys.save(
                &m, [.promiseMoved(id: id, due: day)], p.review, label: "promise moved to \(day.friendly)")
        case .dropReason(let id):
            guard !text.isEmpty else { throw PromptError("say why, so the team knows") }
            return ReviewKeys.save(
                &m, [.promiseDropped(id: id, reason: text)], p.review, label: "promise dropped: \(text)")
        case .rest(let c):
            guard !text.isEmpty else { throw PromptError("say why no follow-up is needed") }
            return ReviewKeys.save(
                &m, [.rest(contact: c, reason: text)], p.review, label: "no follow-up needed: \(text)")
        case .escalate(let c):
            guard !text.isEmpty else {
                throw PromptError("an escalation states the risk: what happens if they do not act?")
            }
            let step = NextStep(
                due: m.settings.nextWorkingDay(after: m.clock.today), channel: .call,
                what: "call the decision maker", reason: .escalate)
            return ReviewKeys.save(
                &m,
                [.note(contact: c, text: "Risk if they do not act: \(text)"), .setNextStep(contact: c, step: step)],
                p.review, label: "escalated: call the decision maker \(step.due.friendly)")
        case .promise(let c, let kind):
            guard !text.isEmpty else { throw PromptError("write what was promised") }
            let capture = try Capture.parse("* " + text, today: m.clock.today, settings: m.settings)
            guard let promise = capture.promises.first, capture.promises.count == 1 else {
                throw PromptError("one promise at a time")
            }
            let commitment = Commitment(
                id: m.newEntityID(), contact: c, rep: m.rep, kind: kind, text: promise.text,
                due: promise.due, created: m.clock.now)
            m.saving = true
            let who = kind == .weOwe ? "promised" : "they promised"
            return [.save([.promise(commitment)], label: "\(who): \(promise.text), due \(promise.due.friendly)")]
        case .quoteAmount(let c, let deal):
            guard let cents = Money.cents(text) else {
                throw PromptError("\"\(text)\" is not an amount; type a number like 8400")
            }
            let newDeal =
                deal == nil
                ? Deal(
                    id: m.newEntityID(), contact: c, title: "Quote", value: .amount(cents: cents),
                    currency: m.settings.currency, created: m.clock.now)
                : nil
            let move = StageChange(
                deal: deal ?? newDeal!.id, stage: .quoted, quoteSent: m.clock.today, quoteCents: cents)
            return StageKeys.changes(&m, contact: c, move: move, newDeal: newDeal)
        case .lostReason(let c, let deal):
            guard !text.isEmpty else { throw PromptError("a lost deal needs its reason") }
            return StageKeys.changes(
                &m, contact: c, move: StageChange(deal: deal, stage: .lost, reason: text), newDeal: nil,
                review: p.review)
        case .answer:
            return []
        }
    }
}

struct PromptError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// `>` and `<` on the board: a deal one stage on or back, asking what the stage needs.
enum StageKeys {
    static func move(_ m: inout Model, forward: Bool) -> [Effect] {
        guard let c = Update.writableContact(&m) else { return [] }
        let deal = m.state.mainDeal(of: c)
        let stage = deal?.stage ?? .lead
        let name = m.state.contacts[c]?.name ?? c
        switch (stage, forward) {
        case (.lead, true):
            if let d = deal {
                return changes(&m, contact: c, move: StageChange(deal: d.id, stage: .prospect), newDeal: nil)
            }
            let d = Deal(
                id: m.newEntityID(), contact: c, title: "New deal", value: .amount(cents: 0),
                currency: m.settings.currency, created: m.clock.now)
            return changes(&m, contact: c, move: StageChange(deal: d.id, stage: .prospect), newDeal: d)
        case (.prospect, true):
            m.mode = .prompt(
                Prompt(
                    .quoteAmount(contact: c, deal: deal?.id), input: deal.map { Money.plain($0.value.totalCents) } ?? ""
                ))
        case (.quoted, true):
            m.mode = .prompt(Prompt(.answer(contact: c, deal: deal!.id)))
        case (.nurture, true), (.lost, true):
            return changes(&m, contact: c, move: StageChange(deal: deal!.id, stage: .prospect), newDeal: nil)
        case (.won, true):
            m.message = Message(text: "\(name) already bought", isError: false)
        case (.prospect, false):
            return changes(&m, contact: c, move: StageChange(deal: deal!.id, stage: .lead), newDeal: nil)
        case (.quoted, false), (.won, false):
            return changes(
                &m, contact: c,
                move: StageChange(
                    deal: deal!.id, stage: stage == .won ? .quoted : .prospect,
                    quoteSent: deal!.quoteSent, quoteCents: deal!.quoteCents), newDeal: nil)
        case (.nurture, false), (.lost, false), (.lead, false):
            m.message = Message(text: "\(name) is at the first stage", isError: false)
        }
        return []
    }

    static func changes(
        _ m: inout Model, contact: String, move: StageChange, newDeal: Deal?,
        review: Prompt.ReviewMark? = nil
    ) -> [Effect] {
        let (changes, step) = Cadence.stageMove(
            move, contact: contact, newDeal: newDeal, in: m.state, rep: m.rep,
            settings: m.settings, clock: m.clock)
        let name = m.state.contacts[contact]?.name ?? contact
        let next = step.map { " · next: \($0.summary) \($0.due.friendly)" } ?? ""
        return ReviewKeys.save(&m, changes, review, label: "\(name) → \(move.stage.rawValue)\(next)")
    }
}

/// `/`: incremental search over the current list: by name as you type, then notes too on Enter.
enum Search {
    static func handle(_ m: inout Model, _ key: Key, _ input: inout TextInput, previous: Selection) -> [Effect] {
        switch key {
        case .escape:
            m.sel = previous
            m.mode = .normal
        case .enter:
            m.lastSearch = input.text
            m.mode = .normal
            // Names first; then notes too (at 10,000 contacts too slow to do on every keystroke).
            if !input.text.isEmpty, !jump(&m, query: input.text, from: 0, deep: false),
                !jump(&m, query: input.text, from: 0, deep: true)
            {
                m.message = Message(text: "no match for \"\(input.text)\"", isError: true)
            }
        default:
            _ = input.handle(key)
            m.sel = previous
            if !input.text.isEmpty { _ = jump(&m, query: input.text, from: 0, deep: false) }
            m.mode = .search(input, previous: previous)
        }
        return []
    }

    /// Whether a contact matches: name, company, tags, needs, or any note or touch note.
    static func matches(_ m: Model, _ contact: String, _ query: String, deep: Bool) -> Bool {
        m.searchIndex.matches(contact, query, deep: deep)
    }

    /// Moves the selection to the next match (`from` 1), previous (-1) or first from the current (0).
    static func jump(_ m: inout Model, query: String, from step: Int, deep: Bool = true) -> Bool {
        switch m.screen {
        case .today, .contact, .review, .stats:
            m.screen = .today
            let items = m.agenda.items
            guard
                let i = find(
                    items.count, start: m.sel.today, step: step, { matches(m, items[$0].contact, query, deep: deep) })
            else { return false }
            m.sel.today = i
        case .board:
            // Across every column, in reading order.
            let cols = m.boardColumns
            let flat = cols.enumerated().flatMap { ci, col in col.cards.indices.map { (ci, $0, col.cards[$0].contact) }
            }
            let current =
                flat.firstIndex {
                    $0.0 == m.sel.boardColumn && $0.1 == m.sel.boardRows[cols[m.sel.boardColumn].kind.index]
                } ?? 0
            guard let i = find(flat.count, start: current, step: step, { matches(m, flat[$0].2, query, deep: deep) })
            else { return false }
            m.sel.boardColumn = flat[i].0
            m.sel.boardRows[cols[flat[i].0].kind.index] = flat[i].1
        }
        return true
    }

    static func find(_ count: Int, start: Int, step: Int, _ pred: (Int) -> Bool) -> Int? {
        guard count > 0 else { return nil }
        let dir = step < 0 ? -1 : 1
        for k in 0..<count {
            let i = ((start + (step == 0 ? 0 : dir) + dir * k) % count + count) % count
            if pred(i) { return i }
        }
        return nil
    }
}

/// `:`: any tend verb, run by the shell as the real CLI (`:add Dana Wu --company Acme`).
enum CommandBar {
    static func handle(_ m: inout Model, _ key: Key, _ input: inout TextInput) -> [Effect] {
        switch key {
        case .escape:
            m.mode = .normal
        case .enter:
            m.mode = .normal
            do {
                let args = try Words.split(input.text)
                guard !args.isEmpty else { return [] }
                m.message = Message(text: "running tend \(args.joined(separator: " "))…", isError: false)
                return [.runCommand(args)]
            } catch {
                m.message = Message(text: "\(error)", isError: true)
            }
        default:
            _ = input.handle(key)
            m.mode = .command(input)
        }
        return []
    }
}

/// Splits a command line into words, honouring "double" and 'single' quotes.
public enum Words {
    public static func split(_ line: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var inWord = false
        for ch in line {
            if let q = quote {
                if ch == q { quote = nil } else { current.append(ch) }
            } else if ch == "\"" || ch == "'" {
                quote = ch
                inWord = true
            } else if ch == " " || ch == "\t" {
                if inWord { words.append(current); current = ""; inWord = false }
            } else {
                current.append(ch)
                inWord = true
            }
        }
        if quote != nil { throw PromptError("unterminated quote in the command") }
        if inWord { words.append(current) }
        return words
    }
}
