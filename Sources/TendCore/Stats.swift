/// Follow-up statistics for a period: what the pipeline holds, how busy each rep was, and how well
/// promises, quotes and check-ins were followed up.
public struct Stats: Equatable, Sendable {
    /// The days the Stats screen looks back over (today included): a month of work.
    public static let windowDays = 30

    public var since: Day
    public var until: Day
    /// Value at stake by stage (open deals and lookers), per currency (`cents`: the team's currency).
    public var pipeline: [(stage: Stage, totals: MoneyTotals, count: Int)]
    /// Touches per day, oldest first, per rep.
    public var touchesPerDay: [(rep: String, counts: [Int])]
    public var promisesDue: Int
    public var promisesKeptOnTime: Int
    /// Median days from a quote sent to its answer (won, lost or nurture).
    public var medianDaysToAnswer: Double?
    /// Median hours from a contact's creation to its first touch.
    public var medianHoursToFirstTouch: Double?
    public var quotesWon: Int
    public var quotesLost: Int
    public var checkInsDue: Int
    public var checkInsOnTime: Int
    public var currency: String

    public static func == (a: Stats, b: Stats) -> Bool {
        a.since == b.since && a.until == b.until && a.pipeline.map(\.totals) == b.pipeline.map(\.totals)
            && a.touchesPerDay.map(\.counts) == b.touchesPerDay.map(\.counts) && a.promisesDue == b.promisesDue
            && a.promisesKeptOnTime == b.promisesKeptOnTime && a.medianDaysToAnswer == b.medianDaysToAnswer
            && a.medianHoursToFirstTouch == b.medianHoursToFirstTouch && a.quotesWon == b.quotesWon
            && a.quotesLost == b.quotesLost && a.checkInsDue == b.checkInsDue && a.checkInsOnTime == b.checkInsOnTime
    }

    public var keptRate: Double? { promisesDue == 0 ? nil : Double(promisesKeptOnTime) / Double(promisesDue) }
    public var winRate: Double? {
        quotesWon + quotesLost == 0 ? nil : Double(quotesWon) / Double(quotesWon + quotesLost)
    }
    public var checkInRate: Double? { checkInsDue == 0 ? nil : Double(checkInsOnTime) / Double(checkInsDue) }

    /// Statistics for contacts owned by `rep` (everyone when nil) over the days `since`…today.
    public static func build(_ state: State, rep: String?, since: Day, settings: Settings, clock: Clock) -> Stats {
        let today = clock.today
        let contacts = state.contacts.values.filter { rep == nil || $0.owner == rep }
        let ids = Set(contacts.map(\.id))
        var byStage: [Stage: (MoneyTotals, Int)] = [:]
        for c in contacts {
            guard let d = state.mainDeal(of: c.id) else {
                // A lead with no deal yet is a lead all the same: counted, nothing at stake.
                if state.stage(of: c.id) == .lead, state.stopped[c.id] == nil {
                    byStage[.lead, default: (MoneyTotals(), 0)].1 += 1
                }
                continue
            }
            guard d.stage.isOpen || d.stage == .nurture else { continue }
            var v = byStage[d.stage] ?? (MoneyTotals(), 0)
            v.0.add(d.atStakeCents, d.currency)
            v.1 += 1
            byStage[d.stage] = v
        }
        let pipeline = [Stage.lead, .prospect, .quoted, .nurture].map {
            ($0, byStage[$0]?.0 ?? MoneyTotals(), byStage[$0]?.1 ?? 0)
        }

        let days = max(1, since.days(until: today) + 1)
        var perRep: [String: [Int]] = [:]
        for (cid, touches) in state.touches where ids.contains(cid) {
            for t in touches {
                let d = since.days(until: clock.day(of: t.at))
                guard d >= 0, d < days else { continue }
                perRep[t.rep, default: Array(repeating: 0, count: days)][d] += 1
            }
        }

        let due = state.commitments.values.filter {
            ids.contains($0.contact) && $0.due >= since && $0.due <= today && $0.status != .dropped
        }
        let kept = due.filter { p in p.status == .done && p.closed.map { clock.day(of: $0) <= p.due } == true }

        let deals = state.deals.values.filter { ids.contains($0.contact) && $0.quoteSent != nil }
        let answered = deals.filter {
            [.won, .lost, .nurture].contains($0.stage) && clock.day(of: $0.stageAt) >= since
        }
        let daysToAnswer = answered.map { Double($0.quoteSent!.days(until: clock.day(of: $0.stageAt))) }

        let firstTouch = contacts.filter { clock.day(of: $0.created) >= since }.compactMap { c -> Double? in
            guard let t = state.touches[c.id]?.first else { return nil }
            return Double(t.at.ms - c.created.ms) / 3_600_000
        }

        var checkInsDue = 0, checkInsOnTime = 0
        for d in state.deals.values where ids.contains(d.contact) && d.stage == .won {
            guard let used = d.used else { continue }
            let dueDay = settings.workingDay(onOrAfter: used.adding(days: settings.cadence.checkInDays))
            guard dueDay >= since, dueDay <= today else { continue }
            checkInsDue += 1
            let talked = (state.touches[d.contact] ?? []).contains { t in
                t.outcome.isConversation && clock.day(of: t.at) > used && clock.day(of: t.at) <= dueDay
            }
            if talked { checkInsOnTime += 1 }
        }

        return Stats(
            since: since, until: today, pipeline: pipeline,
            touchesPerDay: perRep.keys.sorted().map { ($0, perRep[$0]!) },
            promisesDue: due.count, promisesKeptOnTime: kept.count,
            medianDaysToAnswer: median(daysToAnswer), medianHoursToFirstTouch: median(firstTouch),
            quotesWon: answered.filter { $0.stage == .won }.count,
            quotesLost: answered.filter { $0.stage == .lost }.count,
            checkInsDue: checkInsDue, checkInsOnTime: checkInsOnTime, currency: settings.currency)
    }

    static func median(_ xs: [Double]) -> Double? {
        guard !xs.isEmpty else { return nil }
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}

/// Text charts that fit a terminal: bars and sparklines in Unicode blocks, or ASCII under LANG=C.
public enum Chart {
    /// A horizontal bar of `value` out of `max` in `width` columns.
    public static func bar(_ value: Double, max: Double, width: Int, ascii: Bool) -> String {
        guard max > 0, width > 0 else { return "" }
        let eighths = Int((value / max * Double(width * 8)).rounded())
        if ascii { return String(repeating: "#", count: eighths / 8) }
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }

    /// One character a value: ▁▂▃▄▅▆▇█ (or " .:-=+*#").
    /// `top`: the value the tallest mark stands for; give every row of a chart the same one, or a
    /// rep's single touch draws as tall as another's busiest day.
    public static func sparkline(_ values: [Int], ascii: Bool, top given: Int? = nil) -> String {
        let levels = ascii ? Array(" .:-=+*#") : Array(" ▁▂▃▄▅▆▇█")
        let top = max(given ?? 0, values.max() ?? 0)
        guard top > 0 else { return String(repeating: levels[0], count: values.count) }
        return String(
            values.map { v in
                v == 0 ? levels[0] : levels[max(1, Int((Double(v) / Double(top) * Double(levels.count - 1)).rounded()))]
            })
    }
}
