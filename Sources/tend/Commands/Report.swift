import ArgumentParser
import Foundation
import TendCore
import TendShell
import TendUI

extension Tend {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract:
                "Follow-up statistics: pipeline by stage, touches per day, promises kept, quote answers, win rate.",
            discussion: """
                Examples:
                  tend report
                  tend report --since 90d --rep bob --json
                  tend report --csv > touches.csv
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONOption
        @Flag(help: "Touches per day per rep as CSV.") var csv = false
        @Option(parsing: .unconditional, help: "Period start (default 30d: the last 30 days).") var since: String =
            "30d"
        @Flag(help: "Every rep, not just you.") var all = false

        func run() throws {
            let ctx = try Context.make(global)
            let start = try ctx.since(since, for: "--since")
            let st = Stats.build(
                ctx.state, rep: all ? nil : ctx.rep, since: start, settings: ctx.settings, clock: ctx.clock)
            if csv {
                var rows = ["rep,day,touches"]
                for (rep, counts) in st.touchesPerDay {
                    for (i, n) in counts.enumerated() { rows.append("\(rep),\(start.adding(days: i).iso),\(n)") }
                }
                Swift.print(rows.joined(separator: "\n"))
                return
            }
            if output.json {
                func opt(_ x: Double?) -> JSON { x.map(JSON.number) ?? .null }
                printJSON([
                    "since": .string(st.since.iso), "until": .string(st.until.iso),
                    "rep": all ? .null : .string(ctx.rep),
                    "pipeline": .array(
                        st.pipeline.map {
                            [
                                "stage": .string($0.stage.rawValue), "count": .number(Double($0.count)),
                                "value": JSONView.totals($0.totals),
                            ]
                        }),
                    "touches_per_day": .object(
                        Dictionary(
                            uniqueKeysWithValues: st.touchesPerDay.map {
                                ($0.rep, .array($0.counts.map { .number(Double($0)) }))
                            })),
                    "promises_due": .number(Double(st.promisesDue)),
                    "promises_kept_on_time": .number(Double(st.promisesKeptOnTime)),
                    "median_days_quote_to_answer": opt(st.medianDaysToAnswer),
                    "median_hours_lead_to_first_touch": opt(st.medianHoursToFirstTouch),
                    "quotes_won": .number(Double(st.quotesWon)), "quotes_lost": .number(Double(st.quotesLost)),
                    "win_rate": opt(st.winRate),
                    "check_ins_due": .number(Double(st.checkInsDue)),
                    "check_ins_on_time": .number(Double(st.checkInsOnTime)),
                ])
                return
            }
            let ascii = !Shell.utf8(ProcessInfo.processInfo.environment)
            Swift.print(
                safe("Report for \(all ? "everyone" : ctx.rep) · \(st.since.friendly) to \(st.until.friendly)") + "\n")
            Swift.print(StatsText.lines(st, width: 78, ascii: ascii).map { safe($0.0) }.joined(separator: "\n"))
        }
    }
}
