import TendCore

/// Keys on the weekly review: each handles the item under the cursor with one key (and a reason
/// or date where one is owed), and records it as reviewed in the same batch.
enum ReviewKeys {
    static func perform(_ m: inout Model, _ action: Action) -> [Effect] {
        guard m.screen == .review, !m.saving else { return [] }
        if m.readOnly {
            m.message = Message(text: "read-only: this data dir cannot be written", isError: true)
            return []
        }
        let review = m.review
        guard review.items.indices.contains(m.sel.review) else { return [] }
        let item = review.items[m.sel.review]
        guard let recorded = ReviewKeys.recorded[action] else { return [] }
        let mark = Prompt.ReviewMark(week: review.week, item: item.key, action: recorded)
        func refuse(_ text: String) -> [Effect] {
            m.message = Message(text: text, isError: false)
            return []
        }
        switch (item.section, action) {
        case (.promises, .done):
            guard let id = item.promise, m.state.commitments[id]?.status == .open else {
                return refuse("already closed")
            }
            return save(&m, [.promiseDone(id: id)], mark, label: "done: \(item.text)")
        case (.promises, .setNext):
            m.mode = .prompt(Prompt(.movePromise(id: item.promise!), review: mark))
        case (.promises, .drop):
            m.mode = .prompt(Prompt(.dropReason(id: item.promise!), review: mark))
        case (.silentQuotes, .followUp), (.noNextStep, .setNext), (.silentQuotes, .setNext), (.dueSoon, .setNext):
            m.mode = .prompt(Prompt(.nextStep(contact: item.contact), review: mark))
        case (.silentQuotes, .escalate):
            m.mode = .prompt(Prompt(.escalate(contact: item.contact), review: mark))
        case (.silentQuotes, .won):
            guard let deal = item.deal else { return [] }
            return StageKeys.changes(
                &m, contact: item.contact, move: StageChange(deal: deal, stage: .won, used: m.clock.today),
                newDeal: nil, review: mark)
        case (.silentQuotes, .lost):
            guard let deal = item.deal else { return [] }
            m.mode = .prompt(Prompt(.lostReason(contact: item.contact, deal: deal), review: mark))
        case (.noNextStep, .nurture):
            let deal = m.state.mainDeal(of: item.contact)
            let newDeal =
                deal == nil
                ? Deal(
                    id: m.newEntityID(), contact: item.contact, title: "Looking", value: .amount(cents: 0),
                    currency: m.settings.currency, created: m.clock.now)
                : nil
            return StageKeys.changes(
                &m, contact: item.contact, move: StageChange(deal: deal?.id ?? newDeal!.id, stage: .nurture),
                newDeal: newDeal, review: mark)
        case (.noNextStep, .rest):
            m.mode = .prompt(Prompt(.rest(contact: item.contact), review: mark))
        case (_, .seen) where item.overdue:
            // Overdue is a promise or a step that did not happen: it needs an action, not a glance.
            return refuse("overdue: it needs an action (\(ReviewView.keys(item.section))), not just a look")
        case (_, .seen):
            return save(&m, [], mark, label: "seen: \(item.name)")
        case (_, .done):
            return refuse("\(KeyMap.key(.done)) marks a promise done; here: \(ReviewView.keys(item.section))")
        default:
            return refuse(
                "\(KeyMap.key(action)) does not apply to \(item.section.title.lowercased()) · ? lists the keys")
        }
        return []
    }

    /// What the log records for each key that handles a review item: the log's words, not the
    /// key table's (renaming an action must not change what is written).
    static let recorded: [Action: ReviewAction] = [
        .done: .done, .setNext: .moved, .drop: .dropped, .followUp: .followUp, .escalate: .escalated,
        .won: .won, .lost: .lost, .nurture: .nurture, .rest: .rested, .seen: .seen,
    ]

    /// Writes the changes with the review mark in one batch.
    static func save(_ m: inout Model, _ changes: [Change], _ mark: Prompt.ReviewMark?, label: String) -> [Effect] {
        var all = changes
        if let mark { all.append(.reviewed(week: mark.week, item: mark.item, action: mark.action)) }
        m.saving = true
        return [.save(all, label: label)]
    }
}
