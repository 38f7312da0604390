/// The team-wide brake on repeat attempts: no second try on one contact inside the window, and no
/// more than the daily cap, whoever on the team makes it.
public enum Guard {
    /// The reason an attempt now would be one too many, or nil when it is fine.
    public static func check(_ touches: [Touch], now: Timestamp, rule: GuardRule, clock: Clock) -> GuardHit? {
        guard let (kind, lastIndex, todays) = scan(touches, now: now, rule: rule, clock: clock) else { return nil }
        let last = touches[lastIndex]
        let windowEnd = last.at.adding(minutes: rule.windowMinutes)
        let retryAfter = kind == .dailyCap ? max(windowEnd, clock.endOfDay(clock.day(of: now))) : windowEnd
        return GuardHit(kind: kind, last: last, attemptsToday: todays, retryAfter: retryAfter, now: now)
    }

    /// Whether `check` of the touches these facts are of finds a hit: asked of a snapshot's
    /// `TouchPoint`s, so only a contact the guard holds back has its touches made.
    public static func holds<Facts: RandomAccessCollection>(
        _ facts: Facts, now: Timestamp, rule: GuardRule, clock: Clock
    ) -> Bool where Facts.Element: TouchFacts, Facts.Index == Int {
        scan(facts, now: now, rule: rule, clock: clock) != nil
    }

    /// The hit's kind, the latest attempt's position and today's attempts; nil when none.
    static func scan<Facts: RandomAccessCollection>(
        _ touches: Facts, now: Timestamp, rule: GuardRule, clock: Clock
    ) -> (kind: GuardHit.Kind, last: Int, todays: Int)? where Facts.Element: TouchFacts, Facts.Index == Int {
        // Attempts stamped a little after `now` (another machine's clock, or the hybrid clock's
        // +1 ms under a pinned TEND_NOW) are still the latest attempts: they count.
        // Called for every agenda item: today's bounds are computed once and compared as integers
        // (a calendar lookup per touch cost 0.7 s for a 10,000-contact agenda).
        let today = clock.day(of: now)
        let dayStart = clock.instant(today), dayEnd = clock.endOfDay(today)
        // By index, reading two fields: copying each Touch (four strings to retain) cost more than the check.
        var lastIndex = -1
        var todays = 0
        for i in touches.indices where touches[i].outcome.isAttempt {
            let at = touches[i].at
            if lastIndex < 0 || at > touches[lastIndex].at { lastIndex = i }
            if at >= dayStart && at < dayEnd { todays += 1 }
        }
        guard lastIndex >= 0 else { return nil }
        let windowEnd = touches[lastIndex].at.adding(minutes: rule.windowMinutes)
        if rule.maxPerDay > 0, todays >= rule.maxPerDay { return (.dailyCap, lastIndex, todays) }
        if now < windowEnd { return (.window, lastIndex, todays) }
        return nil
    }
}

extension Guard {
    /// How many attempts came within `minutes` of an earlier attempt on the same contact, by
    /// anyone: the repeat calls the guard exists to prevent.
    public static func repeatAttempts(_ touchesByContact: ContactLists<Touch>, within minutes: Int) -> Int {
        var count = 0
        for touches in touchesByContact.values {
            let times = touches.filter { $0.outcome.isAttempt }.map(\.at).sorted()
            for (i, t) in times.enumerated() where i > 0 && t.ms - times[i - 1].ms < Int64(minutes) * 60_000 {
                count += 1
            }
        }
        return count
    }
}

/// Why the guard stops an attempt, with who made the last one and when.
public struct GuardHit: Equatable, Sendable {
    public enum Kind: String, CaseHashable, CaseIterable, Sendable { case window, dailyCap = "daily-cap" }
    public var kind: Kind
    public var last: Touch
    public var attemptsToday: Int
    /// The first moment another attempt is allowed.
    public var retryAfter: Timestamp
    public var now: Timestamp

    /// Rounded to the nearest minute: an event stamped a millisecond late is still "30 min ago".
    public var minutesAgo: Int { max(0, Int((now.ms - last.at.ms + 30_000) / 60_000)) }

    /// `ann called Dana Wu 40 min ago (no-answer)`; "you" when the last attempt was the reader's own.
    public func sentence(contactName: String, me: String) -> String {
        let who = last.rep == me ? "you" : last.rep
        var s =
            "\(who) \(last.channel.verb) \(contactName) \(Duration.ago(minutes: minutesAgo)) (\(last.outcome.rawValue))"
        if kind == .dailyCap { s += "; \(attemptsToday) attempts today, the daily cap" }
        return s
    }

    /// `bob · 40m ago`, for the agenda.
    public var badge: String { "\(last.rep) · \(Duration.short(minutes: minutesAgo)) ago" }
}

/// Human durations for messages.
public enum Duration {
    /// `just now`, `40 min ago`, `3 h ago`, `3 h 20 min ago`, `2 days ago`.
    public static func ago(minutes m: Int) -> String {
        if m < 1 { return "just now" }
        if m < 60 { return "\(m) min ago" }
        if m < 48 * 60 {
            let h = m / 60, r = m % 60
            return r == 0 ? "\(h) h ago" : "\(h) h \(r) min ago"
        }
        return "\(m / 1440) days ago"
    }

    /// How old a touch is, by one rule on every screen: within today in minutes or hours
    /// (`40m`, `3h20m`), before today in calendar days (`1d` for yesterday evening, `10d`).
    public static func age(of t: Timestamp, clock: Clock) -> String {
        let days = clock.day(of: t).days(until: clock.today)
        return days >= 1 ? "\(days)d" : short(minutes: Int((clock.now.ms - t.ms) / 60_000))
    }

    /// `40m`, `3h20m`, `2d`.
    public static func short(minutes m: Int) -> String {
        if m < 60 { return "\(max(m, 0))m" }
        if m < 24 * 60 { return m % 60 == 0 ? "\(m / 60)h" : "\(m / 60)h\(m % 60)m" }
        return "\(m / 1440)d"
    }
}
