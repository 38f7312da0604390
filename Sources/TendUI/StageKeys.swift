import Foundation
import TendCore

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
