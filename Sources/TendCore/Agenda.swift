import Dispatch

/// One rep's list for one day: who to contact, why, and through which channel.
public struct Agenda: Equatable, Sendable {
    public var day: Day
    /// In agenda order; a `/` filter's agenda is the rows it kept of the whole one.
    public var items: Rows<AgendaItem>
    /// Reps away today or in the coming week, with when: the agenda says so to the whole team.
    public var away: [(rep: String, period: AwayPeriod)] = []

    public init(day: Day, items: [AgendaItem]) {
        self.day = day
        self.items = Rows(items)
    }

    public static func == (a: Agenda, b: Agenda) -> Bool {
        a.day == b.day && a.items == b.items && a.away.map(\.rep) == b.away.map(\.rep)
            && a.away.map(\.period) == b.away.map(\.period)
    }

    /// `bob until Sun 01-03 · carol from Mon 12-21 to Wed 12-23` (after "Away: "), or nil.
    public var awayLine: String? {
        guard !away.isEmpty else { return nil }
        return away.map { a in
            a.period.from <= day
                ? "\(a.rep) until \(a.period.to.friendly)"
                : "\(a.rep) from \(a.period.from.friendly) to \(a.period.to.friendly)"
        }.joined(separator: " · ")
    }

    public func items(in section: AgendaItem.Section) -> [AgendaItem] { items.filter { $0.section == section } }
}

extension Agenda {
    /// The agenda of `rep` (every rep when nil) for the clock's today.
    ///
    /// Next steps and no-next-step items follow the contact's owner; promises follow the rep who made them.
    public static func build(
        _ state: State, rep: String?, settings: Settings, clock: Clock,
        upcomingDays: Int = 7
    ) -> Agenda {
        let items = self.items(state, rep: rep, settings: settings, clock: clock, upcomingDays: upcomingDays, of: nil)
        var agenda = Agenda(day: clock.today, items: inAgendaOrder(items, clock: clock))
        agenda.away = state.repsAway(from: clock.today, until: clock.today.adding(days: upcomingDays))
        return agenda
    }

    /// `previous` (built for the same rep, settings, clock and days) brought up to `state`, when
    /// only `changed` contacts' data differ between the two (`State.contactsChanged(by:)`): their
    /// items are built again, every other item is kept, so another rep's note on a big team does
    /// not rebuild ten thousand rows. The answer is `build`'s at `previous`'s clock for the rows
    /// kept (a claim that lapsed since shows until the clock moves on: the UI rebuilds whole each
    /// minute, as it caches the whole build per minute).
    public static func build(
        _ state: State, rep: String?, settings: Settings, clock: Clock, upcomingDays: Int = 7,
        updating previous: Agenda, changed: Set<String>
    ) -> Agenda {
        var items = previous.items.filter { !changed.contains($0.contact) }
        items += self.items(
            state, rep: rep, settings: settings, clock: clock, upcomingDays: upcomingDays, of: changed)
        var agenda = Agenda(day: clock.today, items: inAgendaOrder(items, clock: clock))
        agenda.away = state.repsAway(from: clock.today, until: clock.today.adding(days: upcomingDays))
        return agenda
    }

    /// The items of `contacts` (every contact's when nil), unordered. An item belongs to one
    /// contact and reads nothing of any other's.
    static func items(
        _ state: State, rep: String?, settings: Settings, clock: Clock, upcomingDays: Int, of only: Set<String>?
    ) -> [AgendaItem] {
        let today = clock.today
        let nowTime = clock.time(of: clock.now)
        var items: [AgendaItem] = []

        func base(_ c: Contact, section: AgendaItem.Section, kind: AgendaItem.Kind, why: String) -> AgendaItem {
            let deal = state.mainDeal(of: c.id)
            // The attempts' facts alone (from a snapshot, no touch made); the touches themselves
            // only for a contact the guard holds back, whose row says who tried and when.
            let facts = state.touchPoints(c.id)
            let channels = ChannelStats(
                facts, emailsChanged: state.emailsChanged[c.id], phonesChanged: state.phonesChanged[c.id])
            let guarded =
                section != .upcoming && Guard.holds(facts, now: clock.now, rule: settings.guardRule, clock: clock)
                ? Guard.check(state.touches[c.id] ?? [], now: clock.now, rule: settings.guardRule, clock: clock) : nil
            return AgendaItem(
                section: section, kind: kind, contact: c.id, name: c.name, company: c.company, owner: c.owner,
                due: nil, time: nil, why: why,
                channel: channels.channel(for: c),
                atStakeCents: deal?.atStakeCents ?? 0,
                currency: deal?.currency ?? settings.currency,
                // The guard speaks about attempts now; a step due later is not held back by it.
                guarded: guarded,
                claimed: state.activeClaim(c.id, now: clock.now).flatMap { $0.rep == rep ? nil : $0 },
                theirTime: clock.theirTime(c.timeZone))
        }
        func section(_ due: Day, _ time: LocalTime?) -> AgendaItem.Section? {
            if due < today { return .overdue }
            if due > today { return today.days(until: due) <= upcomingDays ? .upcoming : nil }
            if let t = time, t <= nowTime { return .now }
            return .today
        }

        /// The contact's one row (a step, a new lead, no next step), if it has one.
        func item(_ c: Contact) -> AgendaItem? {
            // Do not contact: off the list.
            guard state.stopped.isEmpty || !state.stopped.keys.contains(c.id) else { return nil }
            if state.isNewLead(c, now: clock.now) {
                let minutes = Int(max(0, clock.now.ms - c.created.ms) / 60_000)
                return base(c, section: .newLead, kind: .noNextStep, why: "new · \(Duration.ago(minutes: minutes))")
            }
            let mine = rep == nil || c.owner == rep
            if mine, let step = state.nextSteps[c.id] {
                guard let s = section(step.due, step.time) else { return nil }
                var item = base(c, section: s, kind: .nextStep(step.reason), why: step.summary)
                // Held by the guard, it is not "due now": it waits for the window to end.
                if s == .now, item.guarded != nil { item.section = .today }
                item.due = step.due
                item.time = step.time
                // A step planned on a channel ("call the decision maker") is that; else the
                // preference, else what gets answers.
                item.channel = step.channel ?? item.channel
                return item
            } else if mine, state.isActive(c.id), !state.isResting(c.id) {
                return base(c, section: .noNextStep, kind: .noNextStep, why: "no next step planned")
            }
            return nil
        }
        if let only {
            for id in only { if let c = state.contacts[id], let i = item(c) { items.append(i) } }
        } else {
            // Every contact's row, in two halves side by side: each reads its contacts' touches
            // (decoded from the snapshot on first read) for the guard and the channel advice,
            // most of a big team's agenda. Rows do not depend on one another.
            let contacts = state.contacts.values
            let indices = Array(contacts.indices)
            items = concurrentCompactMap(indices.count) { item(contacts[indices[$0]]) }
        }
        func addPromise(_ p: Commitment) {
            guard let c = state.contacts[p.contact], let s = section(p.due, nil) else { return }
            let why = p.kind == .weOwe ? "promised: \(p.text)" : "they promised: \(p.text)"
            var item = base(c, section: s, kind: .promise(id: p.id, p.kind), why: why)
            item.due = p.due
            items.append(item)
        }
        if let only {
            for id in only {
                for pid in state.commitmentsByContact[id] ?? [] {
                    if let p = state.commitments[pid], p.status == .open, rep == nil || p.rep == rep { addPromise(p) }
                }
            }
        } else {
            // Read in place, a whole promise copied only when it is open and ours: sixty thousand
            // of them on a big team, most kept or someone else's.
            let promises = state.commitments.values
            for i in promises.indices where promises[i].status == .open && (rep == nil || promises[i].rep == rep) {
                addPromise(promises[i])
            }
        }

        // The team's list shows an away rep's overdue work apart, so someone picks it up.
        if rep == nil {
            for i in items.indices where items[i].section == .overdue {
                let who: String
                if case .promise(let id, _) = items[i].kind {
                    who = state.commitments[id]?.rep ?? ""
                } else {
                    who = items[i].owner
                }
                if state.awayPeriod(of: who, on: today) != nil { items[i].section = .awayOverdue }
            }
        }
        return items
    }

    /// Sections in order; no next step by what is at stake; the rest by day and the minute they can be
    /// acted on (a guarded item when the window ends); then by name.
    static func inAgendaOrder(_ items: [AgendaItem], clock: Clock) -> [AgendaItem] {
        // Sort keys computed once per item, not per comparison: at 10,000 contacts the comparator's
        // lower-casing and calendar lookups were most of the agenda's time.
        let order = AgendaItem.Section.allCases
        struct SortKey {
            var section: Int, stake: Int64, due: Int, minutes: Int, name: String, why: String
            /// Last, so the order never rests on a dictionary's: the contact, then the promise.
            var tie: String
        }
        let keys = items.map { i in
            var tie = i.contact
            if case .promise(let id, _) = i.kind { tie += " " + id }
            return SortKey(
                section: order.firstIndex(of: i.section)!, stake: i.atStakeCents, due: i.due?.daysSinceEpoch ?? 0,
                minutes: i.section == .noNextStep ? 0 : i.actionableMinutes(clock), name: i.name.lowercased(),
                why: i.why, tie: tie)
        }
        // The keys read in place through a buffer: binding `keys[x]` to a name copied the key
        // (three strings to retain) twice per comparison.
        let sortedIndices = keys.withUnsafeBufferPointer { k in
            items.indices.sorted { x, y in
                if k[x].section != k[y].section { return k[x].section < k[y].section }
                if order[k[x].section] == .noNextStep {
                    // Most at stake first: that is where a missing plan costs most.
                    if k[x].stake != k[y].stake { return k[x].stake > k[y].stake }
                } else {
                    if k[x].due != k[y].due { return k[x].due < k[y].due }
                    // A guarded item waits until the window ends ("retry after 13:20"), so it sorts there.
                    if k[x].minutes != k[y].minutes { return k[x].minutes < k[y].minutes }
                }
                if k[x].name != k[y].name { return k[x].name < k[y].name }
                if k[x].why != k[y].why { return k[x].why < k[y].why }
                return k[x].tie < k[y].tie
            }
        }
        return sortedIndices.map { items[$0] }
    }
}

extension State {
    /// How long a lead stays "new" at most: an old untouched import is not a fresh lead.
    public static let newLeadMinutes = 3 * 24 * 60

    /// A lead from the last three days that nobody has touched or is calling, with no step
    /// planned: everyone's to call first.
    public func isNewLead(_ contact: String, now: Timestamp) -> Bool {
        guard let c = contacts[contact] else { return false }
        return isNewLead(c, now: now)
    }

    /// The same, for a contact at hand: every row of an agenda asks it (by `keys.contains`, since a
    /// dictionary's subscript copies the whole value out to compare it with nil).
    func isNewLead(_ c: Contact, now: Timestamp) -> Bool {
        guard now.ms - c.created.ms <= Int64(State.newLeadMinutes) * 60_000 else { return false }
        return (touches[c.id] ?? []).isEmpty && !nextSteps.keys.contains(c.id) && activeClaim(c.id, now: now) == nil
            && stage(of: c.id) == .lead && !stopped.keys.contains(c.id) && isActive(c.id)
    }
}

/// `transform` of 0..<count, nils dropped, in order, worked out in two halves side by side (the
/// machines Tend runs on have two cores or more). `transform` must be safe to call from two threads.
func concurrentCompactMap<T>(_ count: Int, _ transform: (Int) -> T?) -> [T] {
    guard count >= 512 else { return (0..<count).compactMap(transform) }
    let halves = [0..<(count / 2), (count / 2)..<count]
    var results: [[T]] = [[], []]
    results.withUnsafeMutableBufferPointer { out in
        // Each iteration writes its own element only.
        nonisolated(unsafe) let out = out
        DispatchQueue.concurrentPerform(iterations: 2) { h in out[h] = halves[h].compactMap(transform) }
    }
    return results[0] + results[1]
}
