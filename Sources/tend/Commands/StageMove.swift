import TendCore
import TendStore

/// What quote, won, lost and nurture share: move a deal, then let the cadence plan what comes next.
extension Context {
    /// The state as it will be once `batch` is written: to ask the cadence about it before writing.
    func preview(_ batch: Batch) -> State {
        var s = state
        for e in batch.events { s.apply(e) }
        return s
    }

    /// Moves `deal` (a new one when nil) to a stage and sets the next step the cadence proposes,
    /// or clears a next step the stage makes moot. Prints what happened.
    func moveStage(_ contact: Contact, deal: Deal?, newDealTitle: String, newDealCents: Int64,
                   _ change: (String) -> StageChange) throws
    {
        var b = try batch()
        let dealID: String
        if let d = deal {
            dealID = d.id
        } else {
            let d = Deal(id: store.newEntityID(), contact: contact.id, title: newDealTitle,
                         value: .amount(cents: newDealCents), currency: settings.currency, created: clock.now)
            b.add(.addDeal(d))
            dealID = d.id
        }
        let sc = change(dealID)
        b.add(.setStage(sc))
        let after = preview(b)
        let step = Cadence.propose(for: contact.id, in: after, settings: settings, clock: clock)
        if let step {
            b.add(.setNextStep(contact: contact.id, step: step))
        } else if state.nextSteps[contact.id] != nil, !sc.stage.isOpen {
            b.add(.clearNextStep(contact: contact.id))
        }
        try commit(b)
        let d = after.deals[dealID]!
        print("\(safe(contact.name)): \(safe(d.title)) is now \(sc.stage.rawValue)" + (deal == nil ? " (new deal \(dealID))" : ""))
        if let step { print("next: \(step.summary) on \(step.due.friendly)" + (step.channel.map { " by \($0.rawValue)" } ?? "")) }
    }
}
