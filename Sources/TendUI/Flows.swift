import TendCore

/// A one-line question at the bottom of the screen.
public struct Prompt: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// `s`: a new date for the next step, with an optional what after it.
        case nextStep(contact: String)
        /// `p`: a promise; Tab switches between we-owe and waiting-on.
        case promise(contact: String, kind: CommitmentKind)
        /// `>` to quoted: the amount.
        case quoteAmount(contact: String, deal: String?)
        /// `>` on a quote: won, lost or nurture, one key.
        case answer(contact: String, deal: String)
        /// Lost: the reason is required.
        case lostReason(contact: String, deal: String)
        /// Review: a promise's new due date.
        case movePromise(id: String)
        /// Review: why a promise is dropped.
        case dropReason(id: String)
        /// Review: what the customer risks by not acting; then an escalation step is set.
        case escalate(contact: String)
        /// Review: why no follow-up is needed.
        case rest(contact: String)
        /// "Stop calling me", said on this call (`S` on the call screen).
        case doNotContact(contact: String, channel: Channel)
        /// A looker answered (a conversation was just logged): back to prospect, one key.
        case reopen(contact: String, deal: String)
    }

    /// The review item this prompt answers, recorded with the change.
    public struct ReviewMark: Equatable, Sendable {
        public var week: String
        public var item: String
        public var action: ReviewAction
    }

    public var kind: Kind
    public var input = TextInput()
    public var error: String?
    /// A date the rep was warned about (past, weekend) and sent again as it was: kept.
    public var confirmed: String?
    public var review: ReviewMark?

    public init(_ kind: Kind, input: String = "", review: ReviewMark? = nil) {
        self.kind = kind
        self.input = TextInput(input)
        self.review = review
    }

    public var label: String {
        switch kind {
        case .nextStep: return "Next step (1d 3d 1w fri 2026-12-01, then what):"
        case .promise(_, let k):
            return k == .weOwe ? "We promise (@date; Tab: they promise):" : "They promise (@date; Tab: we promise):"
        case .quoteAmount: return "Quote amount:"
        case .answer: return "Answer: w won · l lost · n nurture (looker)"
        case .lostReason: return "Why lost:"
        case .movePromise: return "New due date (fri, 3d, 2026-12-01):"
        case .dropReason: return "Why drop it:"
        case .escalate: return "What do they risk by not acting?"
        case .rest: return "Why no follow-up is needed:"
        case .doNotContact: return "Do not contact them again. Their words:"
        case .reopen: return "They answered. Back to prospect? y yes · n keep nurturing"
        }
    }

    /// The contact the question is about, named before it (a promise's prompts have the promise).
    public var contact: String? {
        switch kind {
        case .nextStep(let c), .promise(let c, _), .quoteAmount(let c, _), .answer(let c, _), .lostReason(let c, _),
            .escalate(let c), .rest(let c), .doNotContact(let c, _), .reopen(let c, _):
            return c
        case .movePromise, .dropReason:
            return nil
        }
    }

    /// Prompts answered by a single key take no text.
    public var isChoice: Bool {
        switch kind {
        case .answer, .reopen: return true
        default: return false
        }
    }
}

/// The call screen: pick the outcome with one key, write the note (lines starting with `*` are
/// promises), accept or change the proposed next step. A no-answer call is `c 2 Enter`.
public struct CallFlow: Equatable, Sendable {
    public enum Stage: Equatable, Sendable { case channel, outcome, note, next }

    public var contact: String
    public var channel: Channel
    public var stage: Stage = .outcome
    public var note = TextArea()
    public var outcome: Outcome?
    /// The cadence's proposal once the outcome is known; nil means the current step is kept.
    public var proposal: NextStep?
    public var clearsStep = false
    public var nextInput = TextInput()
    public var error: String?
    /// `a`: a note without a touch (not an attempt, so the guard does not count it).
    public var noteOnly = false
    /// Esc was pressed once on a note with text: a second Esc discards it.
    public var confirmDiscard = false
    /// A typed next step on a past or weekend day, warned about once and kept when sent again.
    public var confirmedNext: String?

    public init(contact: String, channel: Channel) {
        self.contact = contact
        self.channel = channel
    }

    /// Outcome keys: the six of a call, then the ones other channels add.
    public static let outcomeKeys: [(Character, Outcome)] = [
        ("1", .connected), ("2", .noAnswer), ("3", .voicemail), ("4", .leftMessage), ("5", .busy),
        ("6", .wrongNumber), ("7", .replied), ("8", .bounced), ("9", .held),
    ]

    /// Channel keys for `l`: logging a touch that was not a call.
    public static let channelKeys: [(Character, Channel)] = [
        ("e", .email), ("m", .meeting), ("s", .sms), ("o", .other), ("c", .call),
    ]

    public var outcomes: [(Character, Outcome)] {
        channel == .call ? Array(CallFlow.outcomeKeys.prefix(6)) : CallFlow.outcomeKeys
    }
}
