import Foundation
import TendCore

/// Keys in a one-line prompt: the next step, a promise, a quote amount, won/lost, a reason.
enum Prompts {
    static func handle(_ m: inout Model, _ key: Key, _ p: inout Prompt) -> [Effect] {
        if m.saving { return [] }
        defer { if case .prompt = m.mode { m.mode = .prompt(p) } }
        p.error = nil
        if case .answer(let c, let deal) = p.kind {
            switch KeyMap.action(for: key, in: .answer) {
            case .answerWon?:
                return StageKeys.changes(
                    &m, contact: c, move: StageChange(deal: deal, stage: .won, used: m.clock.today), newDeal: nil)
            case .answerLost?:
                p = Prompt(.lostReason(contact: c, deal: deal))
            case .answerNurture?:
                return StageKeys.changes(&m, contact: c, move: StageChange(deal: deal, stage: .nurture), newDeal: nil)
            case .cancel?:
                m.mode = .normal
            default:
                p.error = KeyMap.hints(in: .answer).map { "\($0.0) \($0.1)" }.joined(separator: " · ")
            }
            return []
        }
        if case .reopen(let c, let deal) = p.kind {
            switch KeyMap.action(for: key, in: .reopen) {
            case .reopenYes?:
                return StageKeys.changes(&m, contact: c, move: StageChange(deal: deal, stage: .prospect), newDeal: nil)
            case .reopenNo?:
                m.mode = .normal
            default:
                p.error = KeyMap.hints(in: .reopen).map { "\($0.0) \($0.1)" }.joined(separator: " · ")
            }
            return []
        }
        let action = KeyMap.action(for: key, in: .prompt)
        if action == .cancel {
            m.mode = .normal
            return []
        }
        if action == .toggleWhose, case .promise(let c, let k) = p.kind {
            p.kind = .promise(contact: c, kind: k == .weOwe ? .waitingOn : .weOwe)
            return []
        }
        guard action == .submit else {
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
            // A past or weekend day is asked about once; Enter again keeps it.
            if let odd = m.settings.oddity(of: step.due, today: m.clock.today), p.confirmed != text {
                p.confirmed = text
                throw PromptError("\(odd); Enter again to keep it, or change the date")
            }
            step.channel = m.state.channelStats(c).channel(prefers: m.state.contacts[c]?.prefers)
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
        case .doNotContact(let c, let channel):
            guard !text.isEmpty else { throw PromptError("write what they said, so the team knows why") }
            let name = m.state.contacts[c]?.name ?? c
            return ReviewKeys.save(
                &m,
                [
                    .touch(
                        contact: c, channel: channel, outcome: .connected, note: "asked not to be contacted: \(text)"),
                    .stop(contact: c, reason: text, lift: false),
                ], p.review, label: "\(name): do not contact (\(text))")
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
        case .answer, .reopen:
            return []
        }
    }
}

struct PromptError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
