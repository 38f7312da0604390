/// Whether a rep may claim a contact to call them now: the one rule, used by `tend call`, the TUI
/// and (checked in one locked step with the append) the store, so every path decides alike.
public enum ClaimDecision: Equatable, Sendable {
    case granted
    /// Someone else is calling them now.
    case claimed(Claim)
    /// The team tried them too recently, or too often today.
    case guarded(GuardHit)
    /// They asked not to be contacted (`tend stop`).
    case stopped(StopMark)
}

/// "Stop calling me", as recorded: why, by whom, when.
public struct StopMark: Equatable, Sendable {
    public var reason: String
    public var rep: String
    public var at: Timestamp

    /// "Dana Wu asked not to be contacted (ann, Mon 2026-11-23: \"stop calling me\")".
    public func sentence(contactName: String, clock: Clock) -> String {
        let why = reason.isEmpty ? "" : ": \"\(reason)\""
        return "\(contactName) asked not to be contacted (\(rep), \(clock.day(of: at).friendly)\(why))"
    }
}

extension State {
    /// How a contact answers by channel, bad addresses included.
    public func channelStats(_ contact: String) -> ChannelStats {
        ChannelStats(touchPoints(contact), emailsChanged: emailsChanged[contact], phonesChanged: phonesChanged[contact])
    }

    /// The contact's attempts as the guard and the channel advice read them
    /// (`ContactLists.points`: from a snapshot, without making the touches).
    public func touchPoints(_ contact: String) -> [TouchPoint] { touches.points(contact, TouchPoint.init) ?? [] }

    /// The do-not-contact mark on a contact, if any.
    public func stopMark(_ contact: String) -> StopMark? {
        stopped[contact].map { StopMark(reason: $0.reason, rep: $0.rep, at: $0.at) }
    }
}

extension ClaimDecision {
    /// Decides on `state` as it is now. `anyway`: the rep was told and calls regardless.
    public static func decide(
        _ contact: String, rep: String, state: State, settings: Settings, clock: Clock, anyway: Bool
    ) -> ClaimDecision {
        guard !anyway else { return .granted }
        if let stop = state.stopMark(contact) { return .stopped(stop) }
        if let claim = state.activeClaim(contact, now: clock.now), claim.rep != rep { return .claimed(claim) }
        if let hit = Guard.check(state.touches[contact] ?? [], now: clock.now, rule: settings.guardRule, clock: clock) {
            return .guarded(hit)
        }
        return .granted
    }
}
