/// Whether a rep may claim a contact to call them now: the one rule, used by `tend call`, the TUI
/// and (checked in one locked step with the append) the store, so every path decides alike.
public enum ClaimDecision: Equatable, Sendable {
    case granted
    /// Someone else is calling them now.
    case claimed(Claim)
    /// The team tried them too recently, or too often today.
    case guarded(GuardHit)
}

extension ClaimDecision {
    /// Decides on `state` as it is now. `anyway`: the rep was told and calls regardless.
    public static func decide(
        _ contact: String, rep: String, state: State, settings: Settings, clock: Clock, anyway: Bool
    ) -> ClaimDecision {
        guard !anyway else { return .granted }
        if let claim = state.activeClaim(contact, now: clock.now), claim.rep != rep { return .claimed(claim) }
        if let hit = Guard.check(state.touches[contact] ?? [], now: clock.now, rule: settings.guardRule, clock: clock) {
            return .guarded(hit)
        }
        return .granted
    }
}
