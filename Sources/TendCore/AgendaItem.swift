/// One line of the agenda. Items the guard holds back stay on the list, marked, never hidden.
///
/// What every row's scan reads (its section, kind, day and contact: the `/` filter, the figures,
/// the sort) is held in the value; the rest behind one reference, copied on write. Everyone's
/// agenda is 40,000 rows of a dozen strings and optionals each, and the lists built from it copy
/// rows: copying every field cost 200–300 ns a row, most of a `/` keystroke, where a reference
/// costs one retain. (All behind the reference was slower to scan: a cache miss per row.)
public struct AgendaItem: Equatable, Sendable {
    public enum Section: String, CaseHashable, CaseIterable, Sendable {
        /// Leads nobody has tried or claimed yet, on every rep's list: a lead called within
        /// minutes is reached far more often than one called after half an hour.
        case newLead = "new-lead"
        case overdue
        /// The whole team's view: overdue work of a rep who is away today, for whoever covers.
        case awayOverdue = "away-overdue"
        case now, today
        case noNextStep = "no-next-step"
        /// Next steps and promises due in the coming days: what the week holds.
        case upcoming

        public var title: String {
            switch self {
            case .newLead: return "New leads, nobody has tried yet"
            case .overdue: return "Overdue"
            case .awayOverdue: return "Overdue, owner away: someone cover"
            case .now: return "Due now"
            case .today: return "Today"
            case .noNextStep: return "No next step"
            case .upcoming: return "Coming up"
            }
        }
    }

    public enum Kind: Equatable, Sendable {
        case nextStep(StepReason)
        case promise(id: String, CommitmentKind)
        case noNextStep
    }

    public var section: Section
    public var kind: Kind
    public var contact: String
    public var due: Day?

    struct Fields: Equatable, Sendable {
        var name: String
        var company: String
        var owner: String
        var time: LocalTime?
        var why: String
        var channel: Channel?
        var atStakeCents: Int64
        var currency: String
        var guarded: GuardHit?
        var claimed: Claim?
        var theirTime: String?
    }

    /// Shared by copies until one of them changes a field (then that copy gets its own).
    private final class Box: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    public init(
        section: Section, kind: Kind, contact: String, name: String, company: String, owner: String, due: Day?,
        time: LocalTime?, why: String, channel: Channel?, atStakeCents: Int64, currency: String, guarded: GuardHit?,
        claimed: Claim?, theirTime: String?
    ) {
        self.section = section
        self.kind = kind
        self.contact = contact
        self.due = due
        box = Box(
            Fields(
                name: name, company: company, owner: owner, time: time, why: why, channel: channel,
                atStakeCents: atStakeCents, currency: currency, guarded: guarded, claimed: claimed,
                theirTime: theirTime))
    }

    public static func == (a: AgendaItem, b: AgendaItem) -> Bool {
        a.section == b.section && a.kind == b.kind && a.contact == b.contact && a.due == b.due
            && (a.box === b.box || a.box.fields == b.box.fields)
    }

    /// For writing a field: the reader goes straight to `box.fields.x`, since a getter of the whole
    /// `Fields` would copy every one of them to read one. A row is made whole (`Agenda.items`);
    /// only its time and channel are set after, from the next step it shows.
    private var fields: Fields {
        get { box.fields }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
            yield &box.fields
        }
    }

    public var name: String { box.fields.name }
    public var company: String { box.fields.company }
    public var owner: String { box.fields.owner }
    public var time: LocalTime? {
        get { box.fields.time }
        set { fields.time = newValue }
    }
    /// Why the item is on the list: "quote follow-up 2/4", "promise: send price list", "check-in".
    public var why: String { box.fields.why }
    public var channel: Channel? {
        get { box.fields.channel }
        set { fields.channel = newValue }
    }
    public var atStakeCents: Int64 { box.fields.atStakeCents }
    public var currency: String { box.fields.currency }
    public var guarded: GuardHit? { box.fields.guarded }
    /// Someone else is on the phone with them right now.
    public var claimed: Claim? { box.fields.claimed }
    /// What time it is where they are, when that is another zone than the rep's: "14:05 there".
    public var theirTime: String? { box.fields.theirTime }

    /// Minutes into the day this item can be acted on: its time, or when the guard lets go.
    func actionableMinutes(_ clock: Clock) -> Int {
        var minutes = time?.minutes ?? 24 * 60
        if let g = guarded {
            let retry = clock.day(of: g.retryAfter) == clock.today ? clock.time(of: g.retryAfter).minutes : 24 * 60 + 1
            minutes = max(time?.minutes ?? 0, retry)
        }
        return minutes
    }
}
