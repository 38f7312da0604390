import TendCore
import TendStore

/// The team's rules as the server keeps them: `[guard]` and `[cadence]` as config.toml text, so
/// they read back through the same parser (and the same checks) as a data dir's file.
public enum TeamSettings {
    static let fileName = "team server settings"

    /// The settings a data dir has now, as the text `tend team init` stores.
    public static func text(of s: Settings) -> String {
        let g = s.guardRule, c = s.cadence
        return """
            [guard]
            window_minutes = \(g.windowMinutes)
            max_per_day = \(g.maxPerDay)
            claim_minutes = \(g.claimMinutes)

            [cadence]
            quote_followups = [\(c.quoteFollowUps.map(String.init).joined(separator: ", "))]
            checkin_after_days = \(c.checkInDays)
            nurture_first_days = \(c.nurtureFirstDays)
            nurture_every_days = \(c.nurtureEveryDays)
            lead_attempt_days = [\(c.leadAttemptDays.map(String.init).joined(separator: ", "))]
            prospect_follow_up_days = \(c.prospectFollowUpDays)

            """
    }

    /// Applies the server's rules to a store (nothing when the server has none, or they do not read).
    static func adopt(_ text: String?, into store: Store) {
        guard let text, let team = try? ConfigFile.parse(text, file: fileName) else { return }
        store.adoptTeamRules(from: team)
    }
}

extension TeamSettings {
    /// The rules as last read from the server (a command that cannot reach it decides by them too).
    public static func adoptCached(into store: Store) {
        adopt(TeamState.load(dataDir: store.dir).settings, into: store)
    }
}
