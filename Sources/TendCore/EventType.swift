/// Every event type Tend writes, spelled once. These strings are the log's format: renaming a case
/// keeps its raw value, and `LogFormatTests` pins every one of them.
public enum EventType: String, CaseHashable, CaseIterable, Sendable {
    case contact
    case contactSet = "contact.set"
    case contactRest = "contact.rest"
    case contactMerge = "contact.merge"
    case contactStop = "contact.stop"
    case deal
    case dealStage = "deal.stage"
    case touch
    case note
    case promise
    case promiseDone = "promise.done"
    case promiseDrop = "promise.drop"
    case promiseMove = "promise.move"
    case next
    case nextClear = "next.clear"
    case annul
    case claim
    case release
    case forget
    case reviewItem = "review.item"
    case repAway = "rep.away"

    /// `init(rawValue:)` for the fold, which asks once per event: the compiler's string switch
    /// compared the name with every case in turn (a fortieth of a replay). Here the most frequent
    /// types come first and only names of the right length are compared.
    public static func named(_ name: String) -> EventType? {
        let n = name.utf8.count
        for (raw, type) in byFrequency where raw.utf8.count == n && raw == name { return type }
        return nil
    }

    private static let byFrequency: [(String, EventType)] = {
        let first: [EventType] = [.touch, .note, .next, .promise, .dealStage, .promiseDone, .contact, .deal]
        return (first + allCases.filter { !first.contains($0) }).map { ($0.rawValue, $0) }
    }()
}

/// The fields of a contact a `contact.set` event may change: its keys in the log.
public enum ContactField: String, CaseHashable, CaseIterable, Sendable {
    case name, company, owner, prefers, needs, phones, emails, tags, uid
    case timeZone = "tz"
    case bestTime = "best_time"
}

/// What was done with an item of the weekly review, as `review.item` events record it. A value, not
/// an enum: a newer Tend may record an action this one does not know, and the item still counts
/// as handled. The known ones are spelled here, apart from the UI's key actions, so renaming a key
/// never changes what is written.
public struct ReviewAction: RawRepresentable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    public static let done = ReviewAction(rawValue: "done")
    public static let moved = ReviewAction(rawValue: "setNext")
    public static let dropped = ReviewAction(rawValue: "drop")
    public static let followUp = ReviewAction(rawValue: "followUp")
    public static let escalated = ReviewAction(rawValue: "escalate")
    public static let won = ReviewAction(rawValue: "won")
    public static let lost = ReviewAction(rawValue: "lost")
    public static let nurture = ReviewAction(rawValue: "nurture")
    public static let rested = ReviewAction(rawValue: "rest")
    public static let seen = ReviewAction(rawValue: "seen")

    public static let known: [ReviewAction] = [
        done, moved, dropped, followUp, escalated, won, lost, nurture, rested, seen,
    ]

    /// In the words a rep uses (the log keeps the raw value).
    public var label: String {
        switch self {
        case .done: return "kept"
        case .moved: return "planned"
        case .dropped: return "dropped"
        case .followUp: return "follow-up"
        case .escalated: return "escalated"
        case .won: return "won"
        case .lost: return "lost"
        case .nurture: return "nurture"
        case .rested: return "no follow-up"
        case .seen: return "seen"
        default: return rawValue
        }
    }
}
