/// Every kind of fact Tend records, typed. `Change` ↔ `Event` is the one place the log's field names
/// live: writers turn a change into an event, the fold reads events back as changes.
public enum Change: Equatable, Sendable {
    indirect case addContact(Contact)
    /// Sets some fields of a contact (name, company, owner, …). Concurrent edits: last writer wins per field.
    case updateContact(id: String, fields: [ContactField: JSON])
    indirect case addDeal(Deal)
    indirect case setStage(StageChange)
    case touch(contact: String, channel: Channel, outcome: Outcome, note: String)
    case note(contact: String, text: String)
    indirect case promise(Commitment)
    case promiseDone(id: String)
    case promiseDropped(id: String, reason: String)
    indirect case setNextStep(contact: String, step: NextStep)
    case clearNextStep(contact: String)
    /// Takes back earlier events (undo): they stay in the log, and the fold skips them.
    case annul(events: [String])
    /// "I am calling them now": shown live to the team until the touch is logged, released, or it expires.
    case claim(contact: String, minutes: Int)
    case release(contact: String)
    /// A promise given a new due date (the weekly review's `s`).
    case promiseMoved(id: String, due: Day)
    /// "No follow-up needed", with the reason: the contact leaves the no-next-step lists until touched again.
    case rest(contact: String, reason: String)
    /// "Stop calling me": do not contact them. The record stays; no cadence proposes anything, and
    /// a call or claim needs `--anyway`. `lift`: they may be contacted again.
    case stop(contact: String, reason: String, lift: Bool)
    /// Right to erasure: the person leaves the book, and every rep's Tend strips them from its own log.
    case forget(contact: String)
    /// The same person added twice: `contact` is folded into `into`. From this event on, every
    /// touch, note, promise, deal and claim of either counts for `into` — the guard included — and
    /// later events naming `contact` are read as naming `into`.
    case merge(contact: String, into: String)
    /// The writing rep is away these days (both included): no cadence plans a step for their
    /// contacts on them, and the team sees it. Nil: every period of theirs is cleared.
    case away(AwayPeriod?)
    /// One review item handled, so a review can be resumed where the rep left it.
    case reviewed(week: String, item: String, action: ReviewAction)

    /// The event type this change is written as (the log's `type`).
    public var type: String { eventType.rawValue }

    public var eventType: EventType {
        switch self {
        case .addContact: return .contact
        case .updateContact: return .contactSet
        case .addDeal: return .deal
        case .setStage: return .dealStage
        case .touch: return .touch
        case .note: return .note
        case .promise: return .promise
        case .promiseDone: return .promiseDone
        case .promiseDropped: return .promiseDrop
        case .setNextStep: return .next
        case .clearNextStep: return .nextClear
        case .annul: return .annul
        case .claim: return .claim
        case .release: return .release
        case .promiseMoved: return .promiseMove
        case .rest: return .contactRest
        case .stop: return .contactStop
        case .reviewed: return .reviewItem
        case .forget: return .forget
        case .merge: return .contactMerge
        case .away: return .repAway
        }
    }

    /// The contact this change is about.
    public func contactID(in state: State) -> String? {
        switch self {
        case .addContact(let c): return c.id
        case .updateContact(let id, _): return id
        case .addDeal(let d): return d.contact
        case .setStage(let s): return state.deals[s.deal]?.contact
        case .touch(let c, _, _, _), .note(let c, _), .setNextStep(let c, _), .clearNextStep(let c): return c
        case .promise(let p): return p.contact
        case .promiseDone(let id), .promiseDropped(let id, _): return state.commitments[id]?.contact
        case .annul, .away: return nil
        case .claim(let c, _), .release(let c), .rest(let c, _), .forget(let c), .merge(_, let c), .stop(let c, _, _):
            return c
        case .promiseMoved(let id, _): return state.commitments[id]?.contact
        case .reviewed: return nil
        }
    }

    public var fields: [String: JSON] {
        switch self {
        case .addContact(let c):
            var f: [String: JSON] = ["contact": .string(c.id), "name": .string(c.name), "owner": .string(c.owner)]
            if !c.company.isEmpty { f["company"] = .string(c.company) }
            if !c.phones.isEmpty { f["phones"] = .array(c.phones.map(JSON.string)) }
            if !c.emails.isEmpty { f["emails"] = .array(c.emails.map(JSON.string)) }
            if let p = c.prefers { f["prefers"] = .string(p.rawValue) }
            if !c.bestTime.isEmpty { f["best_time"] = .string(c.bestTime) }
            if !c.timeZone.isEmpty { f["tz"] = .string(c.timeZone) }
            if !c.needs.isEmpty { f["needs"] = .string(c.needs) }
            if !c.tags.isEmpty { f["tags"] = .array(c.tags.map(JSON.string)) }
            if !c.uid.isEmpty { f["uid"] = .string(c.uid) }
            return f
        case .updateContact(let id, let fields):
            var f = Dictionary(uniqueKeysWithValues: fields.map { ($0.key.rawValue, $0.value) })
            f["contact"] = .string(id)
            return f
        case .addDeal(let d):
            var f: [String: JSON] = [
                "deal": .string(d.id), "contact": .string(d.contact), "title": .string(d.title),
                "currency": .string(d.currency),
            ]
            switch d.value {
            case .amount(let c): f["amount_cents"] = .number(Double(c))
            case .recurring(let p, let q, let n):
                f["per_period_cents"] = .number(Double(p))
                f["quantity"] = .number(Double(q))
                f["periods"] = .number(Double(n))
            }
            return f
        case .setStage(let s): return s.fields
        case .touch(let c, let ch, let o, let note):
            var f: [String: JSON] = [
                "contact": .string(c), "channel": .string(ch.rawValue), "outcome": .string(o.rawValue),
            ]
            if !note.isEmpty { f["note"] = .string(note) }
            return f
        case .note(let c, let text):
            return ["contact": .string(c), "text": .string(text)]
        case .promise(let p):
            var f: [String: JSON] = [
                "promise": .string(p.id), "contact": .string(p.contact), "kind": .string(p.kind.rawValue),
                "text": .string(p.text), "due": .string(p.due.iso),
            ]
            if let s = p.source { f["source"] = .string(s) }
            return f
        case .promiseDone(let id): return ["promise": .string(id)]
        case .promiseDropped(let id, let reason): return ["promise": .string(id), "reason": .string(reason)]
        case .setNextStep(let c, let s):
            var f: [String: JSON] = ["contact": .string(c), "due": .string(s.due.iso), "why": .string(s.reason.code)]
            if let t = s.time { f["time"] = .string(t.description) }
            if let ch = s.channel { f["channel"] = .string(ch.rawValue) }
            if !s.what.isEmpty { f["what"] = .string(s.what) }
            return f
        case .clearNextStep(let c): return ["contact": .string(c)]
        case .annul(let ids): return ["events": .array(ids.map(JSON.string))]
        case .claim(let c, let minutes): return ["contact": .string(c), "minutes": .number(Double(minutes))]
        case .release(let c): return ["contact": .string(c)]
        case .promiseMoved(let id, let due): return ["promise": .string(id), "due": .string(due.iso)]
        case .rest(let c, let reason): return ["contact": .string(c), "reason": .string(reason)]
        case .stop(let c, let reason, let lift):
            return lift
                ? ["contact": .string(c), "lift": .bool(true)] : ["contact": .string(c), "reason": .string(reason)]
        case .reviewed(let week, let item, let action):
            return ["week": .string(week), "item": .string(item), "action": .string(action.rawValue)]
        case .forget(let c): return ["contact": .string(c)]
        case .merge(let from, let into): return ["contact": .string(from), "into": .string(into)]
        case .away(let p):
            return p.map { ["from": .string($0.from.iso), "to": .string($0.to.iso)] } ?? ["clear": .bool(true)]
        }
    }

    /// The same change with every contact id passed through `map` (a merged contact's later events).
    public func redirected(_ map: (String) -> String) -> Change {
        switch self {
        case .addContact, .annul, .reviewed, .promiseDone, .promiseDropped, .promiseMoved, .setStage, .merge, .away:
            return self
        case .updateContact(let id, let f): return .updateContact(id: map(id), fields: f)
        case .addDeal(var d):
            d.contact = map(d.contact)
            return .addDeal(d)
        case .touch(let c, let ch, let o, let n): return .touch(contact: map(c), channel: ch, outcome: o, note: n)
        case .note(let c, let t): return .note(contact: map(c), text: t)
        case .promise(var p):
            p.contact = map(p.contact)
            return .promise(p)
        case .setNextStep(let c, let s): return .setNextStep(contact: map(c), step: s)
        case .clearNextStep(let c): return .clearNextStep(contact: map(c))
        case .claim(let c, let m): return .claim(contact: map(c), minutes: m)
        case .release(let c): return .release(contact: map(c))
        case .rest(let c, let r): return .rest(contact: map(c), reason: r)
        case .stop(let c, let r, let l): return .stop(contact: map(c), reason: r, lift: l)
        case .forget(let c): return .forget(contact: map(c))
        }
    }
}

/// A deal moving to a stage, with what that stage carries.
public struct StageChange: Equatable, Sendable {
    public var deal: String
    public var stage: Stage
    public var quoteSent: Day?
    public var quoteCents: Int64?
    public var quoteExpires: Day?
    public var used: Day?
    public var reason: String = ""

    public init(
        deal: String, stage: Stage, quoteSent: Day? = nil, quoteCents: Int64? = nil,
        quoteExpires: Day? = nil, used: Day? = nil, reason: String = ""
    ) {
        self.deal = deal
        self.stage = stage
        self.quoteSent = quoteSent
        self.quoteCents = quoteCents
        self.quoteExpires = quoteExpires
        self.used = used
        self.reason = reason
    }

    var fields: [String: JSON] {
        var f: [String: JSON] = ["deal": .string(deal), "stage": .string(stage.rawValue)]
        if let d = quoteSent { f["sent"] = .string(d.iso) }
        if let c = quoteCents { f["amount_cents"] = .number(Double(c)) }
        if let d = quoteExpires { f["expires"] = .string(d.iso) }
        if let d = used { f["used"] = .string(d.iso) }
        if !reason.isEmpty { f["reason"] = .string(reason) }
        return f
    }
}

/// A change as the UI plans it, before its batch has event ids: a promise captured in a note or a
/// touch of the same batch names that change by its position, and the store fills in the id.
public struct PlannedChange: Equatable, Sendable {
    public var change: Change
    /// For a promise: the position in the batch of the change it came from (its `source`).
    public var sourceInBatch: Int?

    public init(_ change: Change, sourceInBatch: Int? = nil) {
        self.change = change
        self.sourceInBatch = sourceInBatch
    }
}
