import TendCore
import TendStore

/// What quote, won, lost and nurture share: move a deal, then let the cadence plan what comes next.
extension Context {
    /// Moves `deal` (a new one when nil) to a stage and sets the next step the cadence proposes,
    /// or clears a next step the stage makes moot. Prints what happened.
    func moveStage(
        _ contact: Contact, deal: Deal?, newDealTitle: String, newDealCents: Int64,
        _ change: (String) -> StageChange
    ) throws {
        let newDeal =
            deal == nil
            ? Deal(
                id: store.newEntityID(), contact: contact.id, title: newDealTitle, value: .amount(cents: newDealCents),
                currency: settings.currency, created: clock.now)
            : nil
        let dealID = deal?.id ?? newDeal!.id
        let sc = change(dealID)
        let (changes, step) = Cadence.stageMove(
            sc, contact: contact.id, newDeal: newDeal, in: state, rep: rep,
            settings: settings, clock: clock)
        try append(changes)
        let title = deal?.title ?? newDeal!.title
        print(
            "\(safe(contact.name)): \(safe(title)) is now \(sc.stage.rawValue)"
                + (deal == nil ? " (new deal \(dealID))" : ""))
        if let step {
            print("next: \(step.summary) on \(step.due.friendly)" + (step.channel.map { " by \($0.rawValue)" } ?? ""))
        }
    }
}
