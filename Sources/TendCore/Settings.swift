/// Team settings, read from config.toml; every number has the default the field work suggested.
public struct Settings: Equatable, Sendable {
    public var guardRule = GuardRule()
    public var cadence = CadenceRule()
    /// Currency of new deals when none is given.
    public var currency = "EUR"
    /// ISO weekdays (1 = Monday) that count as working days: a promise with no date is due on the next one.
    public var workingDays: Set<Int> = [1, 2, 3, 4, 5]
    /// The TUI's colour theme, by name or path.
    public var theme: String?
    /// Who works on this machine, when neither --rep nor TEND_REP says (config.toml `rep`).
    public var rep: String?
    /// The weekly review: a quote is silent after this many days without an answer…
    public var silentQuoteDays = 7
    /// …and everyone touched within this many days should have a next step.
    public var touchedWithinDays = 30
    /// An event dated more than this many minutes after "now" is held, not folded (`[clock]
    /// max_ahead_minutes`): a teammate's broken clock must not drag everyone's clock, block the
    /// guard for years or win last-writer-wins forever.
    public var maxAheadMinutes = 5
    /// Days nobody works (`[calendar] holidays`): no cadence proposes a step on one, like a weekend.
    public var holidays: Set<Day> = []
    /// A timed calendar entry's reminder, minutes before (`[calendar] alarm_minutes`; 0: none).
    public var alarmMinutes = 10

    public init() {}

    /// The latest instant an event may carry and still be folded at `now`: the hybrid clock never
    /// writes past it, and readers hold what lies beyond it until "now" catches up.
    public func horizon(now: Timestamp) -> Timestamp { now.adding(minutes: maxAheadMinutes) }
}

/// How close together the team may try one contact.
public struct GuardRule: Equatable, Sendable {
    /// No second attempt on a contact by anyone within this many minutes.
    public var windowMinutes = 240
    /// At most this many attempts per contact per calendar day.
    public var maxPerDay = 2
    /// A "calling now" claim lapses after this many minutes if no touch is logged.
    public var claimMinutes = 15
    public init() {}
}

/// The rules that propose next steps.
public struct CadenceRule: Equatable, Sendable {
    /// Quote follow-ups, in days after the quote was sent; after the last comes an escalate step.
    public var quoteFollowUps = [1, 3, 7, 14]
    /// Post-purchase check-in, days after first use.
    public var checkInDays = 7
    /// A looker's first polite call, days after moving to nurture.
    public var nurtureFirstDays = 3
    /// Then every this many days, counted from the last real conversation.
    public var nurtureEveryDays = 30
    /// A new lead: up to this many attempts, on these days after it came in, alternating channels,
    /// until the first conversation (most leads that convert are reached by the sixth attempt).
    public var leadAttemptDays = [0, 1, 3, 5, 8, 13]
    /// A prospect after a conversation: a follow-up this many working days later.
    public var prospectFollowUpDays = 3
    public init() {}
}

extension Settings {
    /// `day` itself when it is a working day, else the next one: proposals never land on a weekend.
    public func workingDay(onOrAfter day: Day) -> Day {
        isWorkingDay(day) ? day : nextWorkingDay(after: day)
    }

    /// The first working day strictly after `day` (weekends and holidays skipped).
    public func nextWorkingDay(after day: Day) -> Day {
        var d = day.adding(days: 1)
        // A year of holidays at most: a calendar that names every day still ends.
        for _ in 0..<400 where !isWorkingDay(d) { d = d.adding(days: 1) }
        return d
    }

    public func isWorkingDay(_ day: Day) -> Bool { workingDays.contains(day.weekday) && !holidays.contains(day) }
}

extension Settings {
    /// What is unusual about planning something on `day`: in the past (it shows as overdue at
    /// once), or not a working day. Nil for an ordinary day.
    public func oddity(of day: Day, today: Day) -> String? {
        if day < today { return "\(day.friendly) is in the past: it shows as overdue" }
        if holidays.contains(day) { return "\(day.friendly) is a holiday" }
        if !workingDays.contains(day.weekday) { return "\(day.friendly) is not a working day" }
        return nil
    }
}
