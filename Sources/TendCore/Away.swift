/// Days a rep is away (holiday, sick, a trade fair), both ends included. Sales-engagement tools
/// were asked for this for years: without it, a rep comes back to hundreds of overdue steps.
public struct AwayPeriod: Equatable, Hashable, Sendable {
    public var from: Day
    public var to: Day

    public init(from: Day, to: Day) {
        self.from = from
        self.to = to
    }

    public func contains(_ day: Day) -> Bool { from <= day && day <= to }

    /// `Mon 12-21 → Sun 01-03`.
    public var friendly: String { "\(from.friendly) → \(to.friendly)" }

    /// `2026-12-21..2027-01-03`, or one day: the form `tend away` reads (any date form on either side).
    public static func parse(_ text: String, today: Day) throws -> AwayPeriod {
        let parts = text.components(separatedBy: "..")
        guard parts.count <= 2, let first = parts.first, !first.isEmpty else {
            throw AwayInputError("\"\(text)\" is not FROM..TO (like 2026-12-21..2027-01-03)")
        }
        let from = try DateInput.day(first, today: today)
        let to = parts.count == 2 ? try DateInput.day(parts[1], today: today) : from
        guard from <= to else { throw AwayInputError("\(from.iso) is after \(to.iso): FROM..TO, the first day first") }
        return AwayPeriod(from: from, to: to)
    }
}

extension State {
    /// The period `rep` is away on `day`, if any.
    public func awayPeriod(of rep: String, on day: Day) -> AwayPeriod? {
        away[rep]?.first { $0.contains(day) }
    }

    /// Reps away on `day` or from a day up to `until`, with the period: what the agenda tells the team.
    public func repsAway(from day: Day, until: Day) -> [(rep: String, period: AwayPeriod)] {
        away.keys.sorted().compactMap { rep in
            away[rep]!.filter { $0.to >= day && $0.from <= until }.min { $0.from < $1.from }.map { (rep, $0) }
        }
    }
}

extension Settings {
    /// The first working day on or after `day` on which `rep` is not away.
    public func workingDay(onOrAfter day: Day, for rep: String, in state: State) -> Day {
        var d = workingDay(onOrAfter: day)
        for _ in 0..<400 {
            guard let p = state.awayPeriod(of: rep, on: d) else { break }
            d = workingDay(onOrAfter: p.to.adding(days: 1))
        }
        return d
    }
}

public struct AwayInputError: Error, Equatable, CustomStringConvertible, Sendable {
    public var description: String
    init(_ d: String) { description = d }
}
