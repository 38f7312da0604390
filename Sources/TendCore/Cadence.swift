/// Proposes a contact's next step from where its main deal stands and what touches happened since.
///
/// Proposals are deterministic in the state, so every machine proposes the same step; the proposal
/// is written as a `next` event when a rep acts (logs a touch, sends a quote), never silently.
public enum Cadence {
    public static func propose(for contact: String, in state: State, settings: Settings, clock: Clock) -> NextStep? {
        // "Stop calling me": nothing is proposed, whatever the deal's stage.
        guard state.stopped[contact] == nil else { return nil }
        guard var step = rawProposal(for: contact, in: state, settings: settings, clock: clock) else { return nil }
        // Never on a weekend, a holiday or a day the contact's owner is away.
        let owner = state.contacts[contact]?.owner ?? ""
        step.due = settings.workingDay(onOrAfter: step.due, for: owner, in: state)
        return step
    }

    /// The proposal by calendar days, before moving it off a non-working day.
    static func rawProposal(for contact: String, in state: State, settings: Settings, clock: Clock) -> NextStep? {
        guard let c = state.contacts[contact] else { return nil }
        guard let deal = state.mainDeal(of: contact) else {
            return leadAttempt(c, in: state, settings: settings, clock: clock)
        }
        let touches = state.touches[contact] ?? []
        let channel = state.channelStats(contact).channel(prefers: c.prefers) ?? .call
        func day(_ t: Touch) -> Day { clock.day(of: t.at) }

        switch deal.stage {
        case .quoted:
            guard let sent = deal.quoteSent else { return nil }
            let offsets = settings.cadence.quoteFollowUps.sorted()
            // Touches on the day the quote went out are the sending, not a follow-up.
            let lastTouch = touches.filter { $0.outcome.isAttempt && day($0) > sent }.last.map(day)
            let done = lastTouch ?? sent
            if let i = offsets.firstIndex(where: { sent.adding(days: $0) > done }) {
                return NextStep(
                    due: sent.adding(days: offsets[i]), channel: channel,
                    reason: .quoteFollowUp(step: i + 1, of: offsets.count))
            }
            return NextStep(
                due: done.adding(days: 1), channel: .call, what: "call the decision maker",
                reason: .escalate)
        case .won:
            guard let used = deal.used else { return nil }
            let after = touches.filter { day($0) > used }
            if after.contains(where: { $0.outcome.isConversation }) { return nil }
            var due = used.adding(days: settings.cadence.checkInDays)
            if let last = after.last(where: { $0.outcome.isAttempt }).map(day), last >= due {
                due = last.adding(days: 1)
            }
            return NextStep(due: due, channel: channel, reason: .checkIn)
        case .nurture:
            let start = clock.day(of: deal.stageAt)
            let attemptsSince = touches.filter { $0.at >= deal.stageAt && $0.outcome.isAttempt }
            // A real answer (they replied, they talked) restarts the clock from that answer.
            let answered = touches.contains { $0.at >= deal.stageAt && $0.outcome.isConversation }
            if attemptsSince.isEmpty && !answered {
                return NextStep(
                    due: start.adding(days: settings.cadence.nurtureFirstDays), channel: channel,
                    reason: .nurture)
            }
            // Counted from the last real conversation, not from the last attempt: unanswered calls
            // do not push the next one a month out.
            let lastTalk = touches.last(where: { $0.outcome.isConversation }).map(day)
            var due = (lastTalk ?? start).adding(days: settings.cadence.nurtureEveryDays)
            if let lastTry = attemptsSince.last.map(day), due <= lastTry { due = lastTry.adding(days: 1) }
            return NextStep(due: due, channel: channel, reason: .nurture)
        case .lead:
            return leadAttempt(c, in: state, settings: settings, clock: clock)
        case .prospect:
            // After a conversation, a follow-up a few working days later; an attempt since ends it.
            guard let talk = touches.last(where: { $0.outcome.isConversation }),
                !touches.contains(where: { $0.at > talk.at && $0.outcome.isAttempt })
            else { return nil }
            var due = day(talk)
            for _ in 0..<settings.cadence.prospectFollowUpDays { due = settings.nextWorkingDay(after: due) }
            return NextStep(due: due, channel: channel, reason: .prospectFollowUp)
        case .lost:
            return nil
        }
    }

    /// A lead nobody has talked to yet: the next of the cadence's attempts, counted from when it
    /// came in, never before the day after the last one, alternating call and email when both
    /// are on file. None after the first conversation (it is a prospect's then) or the last attempt.
    static func leadAttempt(_ c: Contact, in state: State, settings: Settings, clock: Clock) -> NextStep? {
        let touches = state.touches[c.id] ?? []
        guard !touches.contains(where: { $0.outcome.isConversation }) else { return nil }
        let attempts = touches.filter { $0.outcome.isAttempt }
        let days = settings.cadence.leadAttemptDays
        guard attempts.count < days.count else { return nil }
        var due = clock.day(of: c.created).adding(days: days[attempts.count])
        if let last = attempts.last.map({ clock.day(of: $0.at) }), due <= last { due = last.adding(days: 1) }
        let stats = state.channelStats(c.id)
        let usable = [Channel.call, .email].filter { ch in
            (ch == .call ? !c.phones.isEmpty : !c.emails.isEmpty) && stats.dead[ch] == nil
        }
        var channel = stats.channel(prefers: c.prefers) ?? usable.first ?? .call
        if usable.count == 2, let lastChannel = attempts.last?.channel, lastChannel == channel {
            channel = usable.first { $0 != lastChannel } ?? channel  // alternate: a lead may answer the other
        }
        return NextStep(due: due, channel: channel, reason: .leadAttempt(step: attempts.count + 1, of: days.count))
    }

    /// What happens to the next step once a touch is logged (the touch already in `state`):
    /// an explicit step wins; else the cadence's proposal; else a step that was due is done and goes;
    /// a step planned for later stays.
    public static func afterTouch(
        contact: String, in state: State, explicit: NextStep?, settings: Settings,
        clock: Clock
    ) -> NextStepDecision {
        if let e = explicit { return .set(e) }
        if let p = propose(for: contact, in: state, settings: settings, clock: clock) {
            // A lead's or prospect's cadence step does not replace one the rep planned for later.
            if p.reason.isLeadOrProspectCadence, let current = state.nextSteps[contact], current.due > clock.today {
                return .keep
            }
            return .set(p)
        }
        if state.stopped[contact] != nil, state.nextSteps[contact] != nil { return .clear }
        if let current = state.nextSteps[contact], current.due <= clock.today { return .clear }
        return .keep
    }
}

public enum NextStepDecision: Equatable, Sendable {
    case set(NextStep)
    case clear
    case keep

    /// The change that carries the decision out, if any.
    public func change(for contact: String) -> Change? {
        switch self {
        case .set(let s): return .setNextStep(contact: contact, step: s)
        case .clear: return .clearNextStep(contact: contact)
        case .keep: return nil
        }
    }
}

extension Cadence {
    /// The changes that move a deal to a stage (creating the deal first when `newDeal` is given),
    /// then plan what comes next: the cadence's proposal, or clearing a step a closed deal makes moot.
    public static func stageMove(
        _ move: StageChange, contact: String, newDeal: Deal?, in state: State,
        rep: String, settings: Settings, clock: Clock
    ) -> (changes: [Change], next: NextStep?) {
        var changes: [Change] = newDeal.map { [.addDeal($0)] } ?? []
        changes.append(.setStage(move))
        let after = state.applying(changes, rep: rep, at: clock.now)
        let step = propose(for: contact, in: after, settings: settings, clock: clock)
        if let step {
            changes.append(.setNextStep(contact: contact, step: step))
        } else if state.nextSteps[contact] != nil, !move.stage.isOpen {
            changes.append(.clearNextStep(contact: contact))
        }
        return (changes, step)
    }
}
