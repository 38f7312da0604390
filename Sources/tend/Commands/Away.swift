import ArgumentParser
import TendCore

extension Tend {
    struct Away: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "away",
            abstract: "Say you are away (holiday, sick, a fair): no cadence plans your steps on those days.",
            discussion: """
                Both days included; dates as everywhere (2026-12-21, mon, 3d). An event the team sees:
                every agenda says who is away, and `tend today --all` lists an away rep's overdue work \
                apart, for whoever covers. Team holidays go in config.toml: [calendar] holidays.
                Examples:
                  tend away 2026-12-21..2027-01-03
                  tend away fri                  (one day)
                  tend away --list               (the team's, today and later)
                  tend away --clear              (back early: all of yours cleared)
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "FROM..TO, or one day.") var days: String?
        @Flag(help: "List the team's time away, today and later.") var list = false
        @Flag(help: "Clear all of your time away.") var clear = false

        func validate() throws {
            if [days != nil, list, clear].filter({ $0 }).count != 1 {
                throw CLIError("give FROM..TO, or --list, or --clear")
            }
        }

        func run() throws {
            let ctx = try Context.make(global)
            if list {
                let periods = ctx.state.away.keys.sorted().flatMap { rep in
                    ctx.state.away[rep]!.filter { $0.to >= ctx.today }.sorted { $0.from < $1.from }.map { (rep, $0) }
                }
                if periods.isEmpty { print("Nobody is away from \(ctx.today.friendly) on.") }
                for (rep, p) in periods {
                    print("\(rep.padding(toLength: 10, withPad: " ", startingAt: 0))\(p.friendly)")
                }
                return
            }
            if clear {
                guard !(ctx.state.away[ctx.rep] ?? []).isEmpty else { throw CLIError("\(ctx.rep) has no time away") }
                try ctx.append([.away(nil)])
                print("\(ctx.rep): time away cleared")
                return
            }
            let period: AwayPeriod
            do { period = try AwayPeriod.parse(days!, today: ctx.today) } catch { throw CLIError("\(error)") }
            if period.to < ctx.today { throw CLIError("\(period.to.friendly) is in the past: nothing to plan around") }
            // Steps the cadence already planned on those days move past them; steps a rep typed
            // stay where they were put, and are named so someone can take them.
            var changes: [Change] = [.away(period)]
            let after = ctx.state.applying([.away(period)], rep: ctx.rep, at: ctx.clock.now)
            var planned: [String] = []
            for c in ctx.state.contactsByName where c.owner == ctx.rep {
                guard var step = ctx.state.nextSteps[c.id], period.contains(step.due) else { continue }
                if step.reason == .planned {
                    planned.append("\(safe(c.name)) (\(step.due.friendly): \(safe(step.summary)))")
                    continue
                }
                step.due = ctx.settings.workingDay(onOrAfter: step.due, for: ctx.rep, in: after)
                changes.append(.setNextStep(contact: c.id, step: step))
            }
            try ctx.append(changes)
            let n = period.from.days(until: period.to) + 1
            let days = "\(n) day\(n == 1 ? "" : "s")"
            print("\(ctx.rep) away \(period.friendly) (\(days)): no cadence plans \(ctx.rep)'s steps then")
            if changes.count > 1 {
                print("moved \(changes.count - 1) cadence step\(changes.count == 2 ? "" : "s") past the time away")
            }
            if !planned.isEmpty {
                print(
                    "planned by hand in that time (move them, or ask someone to cover): "
                        + planned.joined(separator: ", "))
            }
        }
    }
}
