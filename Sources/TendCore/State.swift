/// The team's book: the fold of every log, in (`at`, `rep`, `id`) order.
public struct State: Sendable {
    /// Any change forgets `knownByName`: the order depends on nothing else.
    public var contacts: [String: Contact] = [:] { didSet { knownByName = nil } }
    /// `contactsByName`, when it came with the contacts (the snapshot stores them in that order):
    /// sorting ten thousand names was a quarter of `tend list`. Nil: sorted when asked.
    public private(set) var knownByName: [Contact]?
    public var deals: [String: Deal] = [:]
    public var dealsByContact: [String: [String]] = [:]
    /// Touches per contact, oldest first (from a snapshot, decoded per contact on first use).
    public var touches = ContactLists<Touch>()
    public var notes = ContactLists<Note>()
    public var commitments: [String: Commitment] = [:]
    /// Promise ids per contact (in no meaningful order: readers sort): one contact's promises
    /// without passing over the team's sixty thousand (a side pane asks at every key).
    public var commitmentsByContact: [String: [String]] = [:]
    public var nextSteps: [String: NextStep] = [:]
    /// The latest "calling now" claim per contact; see `activeClaim`.
    public var claims: [String: Claim] = [:]
    /// Contacts marked "no follow-up needed": the reason and when.
    public var resting: [String: (reason: String, at: Timestamp)] = [:]
    /// When a contact's emails, or phones, were last edited: a bounce before that is about the old address.
    public var emailsChanged: [String: Timestamp] = [:]
    public var phonesChanged: [String: Timestamp] = [:]
    /// Do not contact (`tend stop`): why, who recorded it, when.
    public var stopped: [String: (reason: String, rep: String, at: Timestamp)] = [:]
    /// Days each rep is away (`tend away`), by rep.
    public var away: [String: [AwayPeriod]] = [:]
    /// Contacts erased with `tend forget`.
    public var forgotten: Set<String> = []
    /// Deals and promises of forgotten contacts (id → contact), so each rep's Tend can strip them
    /// from its own log without reading every log again.
    public var forgottenEntities: [String: String] = [:]
    /// Review items handled, by ISO week ("2026-W48") and rep: item key → action.
    public var reviewed: [String: [String: String]] = [:]
    /// Events the fold could not apply (a bad field, an unknown contact), by event id.
    public var problems: [FoldProblem] = []
    /// The latest `at` seen: a writer's hybrid logical clock never goes below it.
    public var latest = Timestamp(ms: 0)
    /// Contacts folded into another (`Change.merge`): their id → the one they live on as.
    public var mergedInto: [String: String] = [:]
    public var eventCount = 0

    public init() {}

    /// Folds events in any order into the state they describe: the same events give the same state.
    public static func fold(_ events: [Event]) -> State {
        var s = State()
        let annulled = State.annulled(in: events)
        for e in events.sorted(by: Event.foldOrder) where !annulled.contains(e.id) { s.apply(e) }
        return s
    }

    /// Ids of events taken back by `annul` events. An annul cannot itself be annulled: undo is one level.
    public static func annulled(in events: [Event]) -> Set<String> {
        var ids = Set<String>()
        for e in events where e.type == EventType.annul.rawValue { ids.formUnion(e.fields["events"]?.strings ?? []) }
        return ids
    }

    /// Applies one event. Callers that apply events one by one must do so in fold order.
    public mutating func apply(_ e: Event) {
        eventCount += 1
        if e.at > latest { latest = e.at }
        do {
            guard let change = try Change(event: e) else { return }
            try apply(change, id: e.id, rep: e.rep, at: e.at)
        } catch let err as EventLineError {
            problems.append(FoldProblem(eventID: e.id, message: "\(e.type): \(err.message)"))
        } catch {
            problems.append(FoldProblem(eventID: e.id, message: "\(e.type): \(error)"))
        }
    }

    /// The contact a (possibly merged) id now stands for.
    public func resolved(_ contact: String) -> String {
        var c = contact
        for _ in 0..<mergedInto.count { guard let next = mergedInto[c] else { break }; c = next }
        return c
    }

    mutating func apply(_ change: Change, id: String, rep: String, at: Timestamp) throws {
        let change = mergedInto.isEmpty ? change : change.redirected(resolved)
        switch change {
        case .addContact, .updateContact, .rest, .forget, .merge:
            try applyToContact(change, at: at)
        case .addDeal, .setStage:
            try applyToDeal(change, at: at)
        case .touch, .note:
            try applyToTimeline(change, id: id, rep: rep, at: at)
        case .promise, .promiseDone, .promiseDropped, .promiseMoved:
            try applyToPromise(change, at: at)
        case .setNextStep, .clearNextStep, .claim, .release:
            try applyToPlan(change, rep: rep, at: at)
        case .stop(let cid, let reason, let lift):
            try needContact(cid)
            if lift { stopped.removeValue(forKey: cid) } else { stopped[cid] = (reason, rep, at) }
        case .annul:
            break  // handled by `fold`, which skips annulled events; `Store` refolds when one arrives
        case .reviewed(let week, let item, let action):
            reviewed["\(week)/\(rep)", default: [:]][item] = action.rawValue
        case .away(let period):
            if let period { away[rep, default: []].append(period) } else { away.removeValue(forKey: rep) }
        }
    }
}

/// A rep on the phone with a contact, until a time.
public struct Claim: Equatable, Sendable {
    public var rep: String
    public var at: Timestamp
    public var until: Timestamp

    public init(rep: String, at: Timestamp, until: Timestamp) {
        self.rep = rep
        self.at = at
        self.until = until
    }

    public func minutesAgo(_ now: Timestamp) -> Int { max(0, Int((now.ms - at.ms + 30_000) / 60_000)) }

    /// `ann · calling now`
    public var badge: String { "\(rep) · calling now" }

    /// `ann is calling Dana Wu now (started 3 min ago)`; "you are" for the reader's own.
    public func sentence(contactName: String, me: String, now: Timestamp) -> String {
        let who = rep == me ? "you are" : "\(rep) is"
        return "\(who) calling \(contactName) now (started \(Duration.ago(minutes: minutesAgo(now))))"
    }
}

/// An event the fold skipped, and why.
public struct FoldProblem: Equatable, Sendable {
    public var eventID: String
    public var message: String

    public init(eventID: String, message: String) {
        self.eventID = eventID
        self.message = message
    }
}

// MARK: - Queries

extension State {
    /// A contact's deals, oldest first.
    public func deals(of contact: String) -> [Deal] {
        (dealsByContact[contact] ?? []).compactMap { deals[$0] }
    }

    /// The deal that decides what happens next: the latest open one, else the latest of any stage.
    public func mainDeal(of contact: String) -> Deal? {
        // From the end of the ids, no array of deals made: asked once per contact by every listing.
        guard let ids = dealsByContact[contact] else { return nil }
        var latest: Deal?
        for id in ids.reversed() {
            guard let d = deals[id] else { continue }
            if d.stage.isOpen || d.stage == .nurture { return d }
            if latest == nil { latest = d }
        }
        return latest
    }

    /// Where the contact stands: its main deal's stage, or `lead` when it has no deal yet.
    public func stage(of contact: String) -> Stage { mainDeal(of: contact)?.stage ?? .lead }

    /// Someone the team still follows up with: a lead, an open deal, a looker. Won and lost contacts
    /// rest once their cadence is done, so they never clutter "no next step".
    public func isActive(_ contact: String) -> Bool {
        let all = deals(of: contact)
        if all.isEmpty { return true }
        return all.contains { $0.stage.isOpen || $0.stage == .nurture }
    }

    public func openCommitments(of contact: String) -> [Commitment] {
        (commitmentsByContact[contact] ?? []).compactMap { commitments[$0] }.filter { $0.status == .open }
            .sorted { ($0.due, $0.created) < ($1.due, $1.created) }
    }

    /// Whether a contact, deal or promise already has this id: new short ids must not collide.
    public func isTaken(_ id: String) -> Bool {
        contacts.keys.contains(id) || deals.keys.contains(id) || commitments.keys.contains(id)
    }

    /// Whether a contact is marked "no follow-up needed" and not touched since.
    public func isResting(_ contact: String) -> Bool {
        guard let r = resting[contact] else { return false }
        return !(touches[contact] ?? []).contains { $0.at > r.at }
            && (nextSteps[contact]?.setAt ?? Timestamp(ms: 0)) <= r.at
    }

    /// Who is calling the contact right now, if anyone: a claim that has not expired.
    public func activeClaim(_ contact: String, now: Timestamp) -> Claim? {
        guard let c = claims[contact], now < c.until else { return nil }
        return c
    }

    public var contactsByName: [Contact] { contactsByName(owner: nil) }

    /// One rep's contacts (everyone's when nil) by name, case aside, then id.
    public func contactsByName(owner: String?) -> [Contact] {
        if let known = knownByName { return owner == nil ? known : known.filter { $0.owner == owner } }
        return State.byName(owner == nil ? Array(contacts.values) : contacts.values.filter { $0.owner == owner })
    }

    /// Sets `contacts` from a list already by name (`byName` order), which then answers
    /// `contactsByName` without a sort. The caller vouches for the order (the snapshot writes it).
    public mutating func setContacts(byName sorted: [Contact]) {
        var d: [String: Contact] = [:]
        d.reserveCapacity(sorted.count)
        for c in sorted { d[c.id] = c }
        contacts = d
        assert(State.byName(sorted).map(\.id) == sorted.map(\.id), "contacts given as by name are not")
        // An id twice (never written so) and the list would not be the dictionary's: sorted then.
        knownByName = d.count == sorted.count ? sorted : nil
    }

    /// `other`'s contacts, with the order it knows.
    public mutating func takeContacts(of other: State) {
        contacts = other.contacts
        knownByName = other.knownByName
    }

    /// `contacts` by name, case aside, then id: the one order every list of contacts by name has.
    public static func byName(_ contacts: [Contact]) -> [Contact] {
        var out = contacts
        // Each name lowered once, not at every comparison (ten thousand names: a sort's 280,000);
        // positions sorted, then the contacts moved into their places by swaps: a contact is a
        // dozen references, and sorting or mapping copies of them was most of the sort.
        let keys = out.map { $0.name.lowercased() }
        let order = out.indices.sorted { (keys[$0], out[$0].id) < (keys[$1], out[$1].id) }
        out.permute(to: order)
        return out
    }
}

extension State {
    /// The state as it would be after `changes`: to ask the cadence about a step before writing it.
    public func applying(_ changes: [Change], rep: String, at: Timestamp) -> State {
        var s = self
        // Stamped as the writer's hybrid logical clock will stamp them: never at or before an event
        // already read, so a preview under a pinned clock orders as the saved events will.
        let start = max(at.ms, latest.ms + 1)
        for (i, c) in changes.enumerated() {
            s.apply(
                Event(id: "preview-\(i)", at: Timestamp(ms: start + Int64(i)), rep: rep, type: c.type, fields: c.fields)
            )
        }
        return s
    }
}

extension State {
    /// Days a quote has gone without an answer: since it was sent or since they last answered
    /// (a real conversation), whichever is later. Attempts that reached no one do not count.
    public func daysSilent(_ deal: Deal, clock: Clock) -> Int? {
        guard deal.stage == .quoted, let sent = deal.quoteSent else { return nil }
        let lastAnswer = (touches[deal.contact] ?? []).last(where: { $0.outcome.isConversation }).map {
            clock.day(of: $0.at)
        }
        return max(sent, lastAnswer ?? sent).days(until: clock.today)
    }
}

extension Array {
    /// Puts the element at `order[i]` at `i`, for every `i`, by swaps (no element is copied):
    /// `order` is a permutation of the indices.
    mutating func permute(to order: [Int]) {
        var done = [Bool](repeating: false, count: count)
        for start in indices where !done[start] {
            // Follow the cycle through `start`: each place takes the element its order names.
            var i = start
            while true {
                done[i] = true
                let from = order[i]
                if from == start { break }
                swapAt(i, from)
                i = from
            }
        }
    }
}
