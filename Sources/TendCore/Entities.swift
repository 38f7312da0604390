/// A person the team follows up with.
public struct Contact: Equatable, Sendable {
    public var id: String
    public var name: String
    public var company: String = ""
    public var phones: [String] = []
    public var emails: [String] = []
    public var prefers: Channel?
    public var bestTime: String = ""
    public var needs: String = ""
    public var tags: [String] = []
    /// The identity another program gave this person (a vCard `UID`): how a re-import finds
    /// them, and the name their card keeps when exported again.
    public var uid: String = ""
    /// Their time zone (`Europe/Lisbon`), when known: their best time is read in it, and screens
    /// show what time it is there. Empty: the rep's own.
    public var timeZone: String = ""
    /// The rep whose book this contact is in.
    public var owner: String
    public var created: Timestamp

    public init(id: String, name: String, owner: String, created: Timestamp) {
        self.id = id
        self.name = name
        self.owner = owner
        self.created = created
    }
}

/// What a contact may buy, and where that stands.
public struct Deal: Equatable, Sendable {
    public var id: String
    public var contact: String
    public var title: String
    public var value: DealValue
    public var currency: String
    public var stage: Stage = .lead
    /// When the stage last changed.
    public var stageAt: Timestamp
    /// Quote: the day it was sent, its amount and expiry.
    public var quoteSent: Day?
    public var quoteCents: Int64?
    public var quoteExpires: Day?
    /// Won: the day it was delivered or first used, from which the check-in is counted.
    public var used: Day?
    /// Lost or nurture: why.
    public var reason: String = ""

    public init(id: String, contact: String, title: String, value: DealValue, currency: String, created: Timestamp) {
        self.init(
            id: id, contact: contact, title: title, value: value, currency: currency, stage: .lead, stageAt: created,
            quoteSent: nil, quoteCents: nil, quoteExpires: nil, used: nil, reason: "")
    }

    /// Every field at once, for the snapshot's decoder (see `Commitment`'s).
    public init(
        id: String, contact: String, title: String, value: DealValue, currency: String, stage: Stage,
        stageAt: Timestamp, quoteSent: Day?, quoteCents: Int64?, quoteExpires: Day?, used: Day?, reason: String
    ) {
        self.id = id
        self.contact = contact
        self.title = title
        self.value = value
        self.currency = currency
        self.stage = stage
        self.stageAt = stageAt
        self.quoteSent = quoteSent
        self.quoteCents = quoteCents
        self.quoteExpires = quoteExpires
        self.used = used
        self.reason = reason
    }

    /// What is at stake: the quoted amount once there is one, else the deal's value.
    public var atStakeCents: Int64 { quoteCents ?? value.totalCents }
}

/// One attempt or conversation. Touches are facts: never edited.
/// What the guard and the channel advice read of an attempt: when, on which channel, and what
/// came of it.
public protocol TouchFacts {
    var at: Timestamp { get }
    var channel: Channel { get }
    var outcome: Outcome { get }
}

/// A touch's `TouchFacts` alone, read from a snapshot without making the touch.
public struct TouchPoint: TouchFacts, Equatable, Sendable {
    public var at: Timestamp
    public var channel: Channel
    public var outcome: Outcome

    public init(at: Timestamp, channel: Channel, outcome: Outcome) {
        self.at = at
        self.channel = channel
        self.outcome = outcome
    }

    public init(_ t: Touch) { self.init(at: t.at, channel: t.channel, outcome: t.outcome) }
}

public struct Touch: TouchFacts, Equatable, Sendable {
    public var id: String
    public var contact: String
    public var rep: String
    public var at: Timestamp
    public var channel: Channel
    public var outcome: Outcome
    public var note: String

    public init(
        id: String, contact: String, rep: String, at: Timestamp, channel: Channel, outcome: Outcome, note: String
    ) {
        self.id = id
        self.contact = contact
        self.rep = rep
        self.at = at
        self.channel = channel
        self.outcome = outcome
        self.note = note
    }
}

/// A note captured about a contact (during or after a call) that is not itself an attempt.
public struct Note: Equatable, Sendable {
    public var id: String
    public var contact: String
    public var rep: String
    public var at: Timestamp
    public var text: String

    public init(id: String, contact: String, rep: String, at: Timestamp, text: String) {
        self.id = id
        self.contact = contact
        self.rep = rep
        self.at = at
        self.text = text
    }
}

/// A promise with a due date: one we made, or one we are waiting on.
public struct Commitment: Equatable, Sendable {
    public var id: String
    public var contact: String
    public var rep: String
    public var kind: CommitmentKind
    public var text: String
    public var due: Day
    public var status: CommitmentStatus = .open
    public var reason: String = ""
    /// The touch or note it was made in, when captured from one.
    public var source: String?
    public var created: Timestamp
    public var closed: Timestamp?
    /// The last change of any kind (made, moved, done, dropped): a calendar export's LAST-MODIFIED.
    public var updated: Timestamp

    public init(
        id: String, contact: String, rep: String, kind: CommitmentKind, text: String, due: Day,
        source: String? = nil, created: Timestamp
    ) {
        self.init(
            id: id, contact: contact, rep: rep, kind: kind, text: text, due: due, status: .open, reason: "",
            source: source, created: created, closed: nil, updated: created)
    }

    /// Every field at once: the snapshot's decoder builds each promise in place with it (setting
    /// the fields one by one after the short initialiser copied and released each of sixty
    /// thousand promises once more, a tenth of a start-up).
    public init(
        id: String, contact: String, rep: String, kind: CommitmentKind, text: String, due: Day,
        status: CommitmentStatus, reason: String, source: String?, created: Timestamp, closed: Timestamp?,
        updated: Timestamp
    ) {
        self.id = id
        self.contact = contact
        self.rep = rep
        self.kind = kind
        self.text = text
        self.due = due
        self.status = status
        self.reason = reason
        self.source = source
        self.created = created
        self.closed = closed
        self.updated = updated
    }
}

/// Why a next step exists: what the agenda shows in its "why" column.
public enum StepReason: Equatable, Sendable {
    /// Planned by a rep.
    case planned
    /// Quote follow-up `step` of `of`.
    case quoteFollowUp(step: Int, of: Int)
    /// Every follow-up went unanswered: time to escalate.
    case escalate
    /// Post-purchase check-in.
    case checkIn
    /// A polite call to someone who did not buy (yet).
    case nurture
    /// Attempt `step` of `of` to reach a new lead.
    case leadAttempt(step: Int, of: Int)
    /// A prospect after a conversation: follow up.
    case prospectFollowUp

    public var code: String {
        switch self {
        case .planned: return "planned"
        case .quoteFollowUp(let s, let n): return "quote-\(s)/\(n)"
        case .escalate: return "escalate"
        case .checkIn: return "check-in"
        case .nurture: return "nurture"
        case .leadAttempt(let s, let n): return "lead-\(s)/\(n)"
        case .prospectFollowUp: return "prospect-follow-up"
        }
    }

    public init(code: String) {
        switch code {
        case "prospect-follow-up": self = .prospectFollowUp
        case "escalate": self = .escalate
        case "check-in": self = .checkIn
        case "nurture": self = .nurture
        default:
            for prefix in ["quote-", "lead-"] where code.hasPrefix(prefix) {
                let parts = code.dropFirst(prefix.count).split(separator: "/")
                if parts.count == 2, let s = Int(parts[0]), let n = Int(parts[1]) {
                    self = prefix == "lead-" ? .leadAttempt(step: s, of: n) : .quoteFollowUp(step: s, of: n)
                    return
                }
            }
            self = .planned
        }
    }

    /// Proposed by the lead or prospect cadence (the ones that run before any deal is quoted).
    public var isLeadOrProspectCadence: Bool {
        switch self {
        case .leadAttempt, .prospectFollowUp: return true
        default: return false
        }
    }

    public var label: String {
        switch self {
        case .planned: return "next step"
        case .quoteFollowUp(let s, let n): return "quote follow-up \(s)/\(n)"
        case .escalate: return "escalate silent quote"
        case .checkIn: return "post-purchase check-in"
        case .nurture: return "nurture call"
        case .leadAttempt(let s, let n): return "reach the new lead \(s)/\(n)"
        case .prospectFollowUp: return "follow up the conversation"
        }
    }
}

/// The one planned action for a contact.
public struct NextStep: Equatable, Sendable {
    public var due: Day
    public var time: LocalTime?
    public var channel: Channel?
    public var what: String
    public var reason: StepReason
    public var setBy: String
    public var setAt: Timestamp

    public init(
        due: Day, time: LocalTime? = nil, channel: Channel? = nil, what: String = "",
        reason: StepReason = .planned, setBy: String = "", setAt: Timestamp = Timestamp(ms: 0)
    ) {
        self.due = due
        self.time = time
        self.channel = channel
        self.what = what
        self.reason = reason
        self.setBy = setBy
        self.setAt = setAt
    }

    /// What the agenda says: the typed text, else the reason's label.
    /// The same step, whoever planned it when.
    public func sameContent(as other: NextStep) -> Bool {
        due == other.due && time == other.time && channel == other.channel && what == other.what
            && reason == other.reason
    }

    public var summary: String {
        if what.isEmpty { return reason.label }
        if reason == .planned { return what }
        return "\(reason.label): \(what)"
    }
}
