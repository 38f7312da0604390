/// The weekly follow-up session for one rep: promises due, silent quotes, people touched with no
/// next step, check-ins and lookers coming up. Each item is handled with one key; what was handled
/// is stored as `review.item` events, so a review resumes where it was left.
public struct Review: Equatable, Sendable {
    public enum Section: String, CaseHashable, CaseIterable, Sendable {
        case promises
        case silentQuotes = "silent-quotes"
        case noNextStep = "no-next-step"
        case dueSoon = "due-soon"

        public var title: String {
            switch self {
            case .promises: return "Promises"
            case .silentQuotes: return "Silent quotes"
            case .noNextStep: return "No next step"
            case .dueSoon: return "Check-ins and lookers this week"
            }
        }
    }

    public struct Item: Equatable, Sendable {
        public var section: Section
        /// Stable across runs: `promise:ID`, `quote:DEAL`, `contact:ID`.
        public var key: String
        public var contact: String
        public var name: String
        public var promise: String?
        public var deal: String?
        /// The line to read: "send the price list · due Fri 11-27 · we owe".
        public var text: String
        public var detail: String
        public var overdue: Bool
        /// How it was handled this week, if it was.
        public var handled: String?
    }

    public var week: String
    public var items: [Item]

    public var handledCount: Int { items.filter { $0.handled != nil }.count }
    public func items(in s: Section) -> [Item] { items.filter { $0.section == s } }

    public static func build(_ state: State, rep: String, settings: Settings, clock: Clock) -> Review {
        let b = Builder(state: state, rep: rep, settings: settings, clock: clock)
        return Review(week: b.week, items: b.promises() + b.silentQuotes() + b.noNextStep() + b.dueSoon())
    }
}

/// The review's four sections, each from the state as it is this week.
private struct Builder {
    let state: State, rep: String, settings: Settings, clock: Clock
    let today: Day, week: String
    /// Items handled this week (item key → action): they stay listed, ticked.
    let handled: [String: String]
    let mine: [Contact]

    init(state: State, rep: String, settings: Settings, clock: Clock) {
        (self.state, self.rep, self.settings, self.clock) = (state, rep, settings, clock)
        today = clock.today
        week = today.isoWeek
        handled = state.reviewed["\(week)/\(rep)"] ?? [:]
        mine = state.contactsByName(owner: rep)
    }

    /// As every list's "when" says it: the year too when it is more than half a year away.
    func when(_ d: Day) -> String { d.short(today: today) }

    typealias Item = Review.Item

    func promises() -> [Item] {
        var out: [Item] = []
        // Promises: due by the end of this week, or overdue; ours first.
        // Items handled this week stay listed (ticked), so progress reads "12 of 31" to the end.
        let promises = state.commitments.values.filter { p in
            p.rep == rep && ((p.status == .open && p.due <= today.weekEnd) || handled["promise:\(p.id)"] != nil)
        }
        .sorted { ($0.kind == .weOwe ? 0 : 1, $0.due, $0.id) < ($1.kind == .weOwe ? 0 : 1, $1.due, $1.id) }
        for p in promises {
            let name = state.contacts[p.contact]?.name ?? p.contact
            out.append(
                Item(
                    section: .promises, key: "promise:\(p.id)", contact: p.contact, name: name, promise: p.id,
                    text: p.text, detail: "\(p.kind == .weOwe ? "we owe" : "they owe") · due \(when(p.due))",
                    overdue: p.due < today, handled: handled["promise:\(p.id)"]))
        }
        return out
    }

    /// Silent quotes: no answer for N days.
    func silentQuotes() -> [Item] {
        var out: [Item] = []
        // Silent quotes: no answer for N days.
        for c in mine {
            guard let d = state.deals(of: c.id).last(where: { $0.quoteSent != nil }) else { continue }
            let silent = state.daysSilent(d, clock: clock) ?? 0
            guard (d.stage == .quoted && silent >= settings.silentQuoteDays) || handled["quote:\(d.id)"] != nil else {
                continue
            }
            let since = (state.touches[c.id] ?? []).filter { t in d.quoteSent.map { clock.day(of: t.at) >= $0 } ?? true
            }
            let channels = Set(since.map(\.channel.rawValue)).sorted().joined(separator: ", ")
            out.append(
                Item(
                    section: .silentQuotes, key: "quote:\(d.id)", contact: c.id, name: c.name, deal: d.id,
                    text: "\(d.title) · \(Money.format(d.atStakeCents, d.currency)) · "
                        + (d.stage == .quoted ? "\(silent) days silent" : d.stage.rawValue),
                    detail: "\(since.count) touch\(since.count == 1 ? "" : "es") since sent"
                        + (channels.isEmpty ? "" : " (\(channels))"),
                    overdue: true, handled: handled["quote:\(d.id)"]))
        }
        return out
    }

    func noNextStep() -> [Item] {
        var out: [Item] = []
        // No next step: touched lately, nothing planned, not marked "no follow-up needed".
        let horizon = clock.now.adding(minutes: -settings.touchedWithinDays * 24 * 60)
        for c in mine {
            let open = state.nextSteps[c.id] == nil && state.stage(of: c.id) != .lost && !state.isResting(c.id)
            guard open || handled["contact:\(c.id)"] != nil, let last = state.touches[c.id]?.last, last.at >= horizon
            else { continue }
            let ago = Duration.age(of: last.at, clock: clock)
            out.append(
                Item(
                    section: .noNextStep, key: "contact:\(c.id)", contact: c.id, name: c.name,
                    text: c.company.isEmpty
                        ? state.stage(of: c.id).rawValue : "\(c.company) · \(state.stage(of: c.id).rawValue)",
                    detail: "last: \(last.rep) \(last.channel.rawValue) · \(last.outcome.rawValue) · \(ago) ago",
                    overdue: false, handled: handled["contact:\(c.id)"]))
        }
        return out
    }

    func dueSoon() -> [Item] {
        var out: [Item] = []
        // Check-ins and lookers due in the coming week, and any left overdue.
        for c in mine {
            guard let step = state.nextSteps[c.id], step.reason == .checkIn || step.reason == .nurture,
                step.due <= today.adding(days: 7)
            else { continue }
            out.append(
                Item(
                    section: .dueSoon, key: "due:\(c.id):\(step.due.iso)", contact: c.id, name: c.name,
                    text: step.reason.label, detail: "due \(when(step.due))", overdue: step.due < today,
                    handled: handled["due:\(c.id):\(step.due.iso)"]))
        }
        // Handled this week, then planned elsewhere: still listed, ticked, so the total stays.
        let listed = Set(out.map(\.key))
        for (key, action) in handled.sorted(by: { $0.key < $1.key })
        where key.hasPrefix("due:") && !listed.contains(key) {
            let parts = key.split(separator: ":").map(String.init)
            guard parts.count == 3, let c = state.contacts[parts[1]], c.owner == rep else { continue }
            out.append(
                Item(
                    section: .dueSoon, key: key, contact: c.id, name: c.name, text: "check-in or looker",
                    detail: "was due \(Day.parseISO(parts[2]).map(when) ?? parts[2])", overdue: false,
                    handled: action))
        }
        return out
    }
}

/// What a review session did, in words: how many items were kept, moved, dropped, escalated,
/// planned, rested or just seen, and how many are still open.
extension Review {
    public var sessionLines: [String] {
        var counts: [String: Int] = [:]
        for it in items { if let h = it.handled { counts[ReviewAction(rawValue: h).label, default: 0] += 1 } }
        let order = [
            "kept", "planned", "follow-up", "escalated", "dropped", "won", "lost", "nurture", "no follow-up", "seen",
        ]
        let done = order.compactMap { k in counts[k].map { "\($0) \(k)" } }
        let open = items.filter { $0.handled == nil }
        var out = ["this session: " + (done.isEmpty ? "nothing handled yet" : done.joined(separator: ", "))]
        out.append(
            open.isEmpty
                ? "still open: nothing"
                : "still open: \(open.count) (\(open.filter(\.overdue).count) overdue)")
        return out
    }
}

/// The review's closing numbers for a period.
public struct ReviewSummary: Equatable, Sendable {
    public var promisesDue: Int
    public var promisesKeptOnTime: Int
    public var quotesAnswered: Int
    public var leftWithoutNextStep: Int

    public static func build(_ state: State, rep: String, since: Day, settings: Settings, clock: Clock) -> ReviewSummary
    {
        let today = clock.today
        let due = state.commitments.values.filter {
            $0.rep == rep && $0.due >= since && $0.due <= today && $0.status != .dropped
        }
        let kept = due.filter { p in p.status == .done && p.closed.map { clock.day(of: $0) <= p.due } == true }
        let answered = state.deals.values.filter { d in
            d.quoteSent != nil && [.won, .lost, .nurture].contains(d.stage) && clock.day(of: d.stageAt) >= since
                && state.contacts[d.contact]?.owner == rep
        }
        let review = Review.build(state, rep: rep, settings: settings, clock: clock)
        return ReviewSummary(
            promisesDue: due.count, promisesKeptOnTime: kept.count, quotesAnswered: answered.count,
            leftWithoutNextStep: review.items(in: .noNextStep).filter {
                state.nextSteps[$0.contact] == nil && !state.isResting($0.contact)
            }.count)
    }

    public var lines: [String] {
        [
            "promises kept on time: \(promisesKeptOnTime) of \(promisesDue)",
            "quotes answered: \(quotesAnswered)",
            "contacts left without a next step: \(leftWithoutNextStep)",
        ]
    }
}
