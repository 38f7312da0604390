/// One person read from an import file, as text: a CSV row or a vCard. Nothing is checked yet;
/// `ImportPlan` validates every record before a single event is written.
public struct ImportRecord: Equatable, Sendable {
    /// Where it starts in the file (1-based), for `FILE:LINE: …` messages.
    public var line: Int
    public var values: [ImportField: [String]] = [:]
    /// Columns no field claims, kept as one note: `Lead source: Web · Record ID: 9`.
    public var extras: [(column: String, value: String)] = []
    /// Where the name came from when the card had none (`ORG`, `EMAIL`, `TEL`), to say so.
    public var namedFrom: String?

    public init(line: Int) { self.line = line }

    public func all(_ f: ImportField) -> [String] { values[f] ?? [] }
    /// The first non-empty value of a field, or "".
    public func first(_ f: ImportField) -> String { all(f).first ?? "" }

    mutating func add(_ f: ImportField, _ value: String) {
        let v = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if !v.isEmpty { values[f, default: []].append(v) }
    }

    public static func == (a: ImportRecord, b: ImportRecord) -> Bool {
        a.line == b.line && a.values == b.values
            && a.extras.map(\.column) == b.extras.map(\.column) && a.extras.map(\.value) == b.extras.map(\.value)
    }
}

/// What a column (or a vCard property) can mean to Tend. The raw values are what `--map COLUMN=field` takes.
public enum ImportField: String, CaseIterable, Sendable {
    case id = "tend_id"
    /// Another program's identity for the person (vCard `UID`).
    case uid
    case name, firstName = "first_name", lastName = "last_name"
    case company, title, email, phone, notes, tag, owner
    /// Their time zone (vCard `TZ`, an IANA name such as `Europe/Lisbon`).
    case timeZone = "tz"
    /// Tend's own: how they like to be reached, when, and what they need (`X-TEND-…` in a vCard).
    case prefers, bestTime = "best_time", needs
    case deal, stage, status, value, currency
    case quoteSent = "quote_sent", closeDate = "close_date", lostReason = "lost_reason"
    case nextDate = "next_date", nextStep = "next_step", nextChannel = "next_channel", activityDone = "activity_done"
    case lastTouch = "last_touch", lastOutcome = "last_outcome"
    /// A column to leave out entirely (not even kept as a note).
    case ignore

    /// Fields that hold several values in one cell, comma-joined (as Pipedrive writes them).
    var isList: Bool { self == .email || self == .phone || self == .tag }

    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
