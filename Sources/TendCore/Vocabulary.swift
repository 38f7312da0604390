/// How a touch reached (or tried to reach) a person.
public enum Channel: String, CaseHashable, CaseIterable, Sendable, Codable {
    case call, email, meeting, sms, other

    /// The past-tense verb used in guard warnings: "ann called Dana Wu 40 min ago".
    public var verb: String {
        switch self {
        case .call: return "called"
        case .email: return "emailed"
        case .meeting: return "met"
        case .sms: return "texted"
        case .other: return "contacted"
        }
    }
}

/// What came of a touch.
public enum Outcome: String, CaseHashable, CaseIterable, Sendable, Codable {
    case connected
    case noAnswer = "no-answer"
    case voicemail
    case leftMessage = "left-message"
    case busy
    case wrongNumber = "wrong-number"
    case replied
    case bounced
    case held

    /// A real conversation: the person was reached. Nurture counts from these, not from attempts.
    public var isConversation: Bool { self == .connected || self == .replied || self == .held }

    /// Whether this touch was our attempt to reach them. A reply is them reaching us, so it does not
    /// count against the guard.
    public var isAttempt: Bool { self != .replied }
}

/// Where a deal stands. `lead → prospect → quoted → won | lost | nurture`.
public enum Stage: String, CaseHashable, CaseIterable, Sendable, Codable, Comparable {
    case lead, prospect, quoted, won, lost, nurture

    public var isOpen: Bool { self == .lead || self == .prospect || self == .quoted }

    /// In the order of `allCases`, which is the order of declaration: the discriminator's.
    public static func < (a: Stage, b: Stage) -> Bool { a.ordinal < b.ordinal }
}

/// Who owes whom: a promise we made, or one they made to us.
public enum CommitmentKind: String, CaseHashable, CaseIterable, Sendable, Codable {
    case weOwe = "we-owe"
    case waitingOn = "waiting-on"
}

public enum CommitmentStatus: String, CaseHashable, CaseIterable, Sendable, Codable {
    case open, done, dropped
}

/// Lists the accepted spellings of an enum, for error messages.
public func choices<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> String where E.RawValue == String {
    E.allCases.map(\.rawValue).joined(separator: ", ")
}
