import ArgumentParser
import Foundation
import TendCore
import TendShell
import TendUI

extension Tend {
    struct ReviewCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "review",
            abstract: "The weekly follow-up session: promises, silent quotes, contacts with no next step, check-ins.",
            discussion: """
                On a terminal it opens the review screen of the UI; piped, with --print or --json it \
                prints the checklist section by section, then the summary since --since.
                Examples:
                  tend review
                  tend review --print --since 7d
                  tend review --json
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONOption
        @Flag(help: "Print the checklist instead of opening the UI.") var print = false
        @Option(parsing: .unconditional, help: "Start of the summary period (default: Monday of this week).") var since:
            String?

        func run() throws {
            let ctx = try Context.make(global)
            let start = try since.map { try ctx.since($0, for: "--since") } ?? ctx.today.weekStart
            if !output.json && !print && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 {
                try openUI(ctx, theme: nil, screen: .review)
                return
            }
            let review = TendCore.Review.build(ctx.state, rep: ctx.rep, settings: ctx.settings, clock: ctx.clock)
            let summary = ReviewSummary.build(
                ctx.state, rep: ctx.rep, since: start, settings: ctx.settings, clock: ctx.clock)
            if output.json {
                printJSON([
                    "rep": .string(ctx.rep), "week": .string(review.week), "since": .string(start.iso),
                    "handled": .number(Double(review.handledCount)), "total": .number(Double(review.items.count)),
                    "items": .array(
                        review.items.map { i in
                            [
                                "section": .string(i.section.rawValue), "key": .string(i.key),
                                "contact": .string(i.contact),
                                "name": .string(i.name), "text": .string(i.text), "detail": .string(i.detail),
                                "overdue": .bool(i.overdue), "handled": i.handled.map(JSON.string) ?? .null,
                                "promise": i.promise.map(JSON.string) ?? .null,
                                "deal": i.deal.map(JSON.string) ?? .null,
                            ]
                        }),
                    "summary": [
                        "promises_due": .number(Double(summary.promisesDue)),
                        "promises_kept_on_time": .number(Double(summary.promisesKeptOnTime)),
                        "quotes_answered": .number(Double(summary.quotesAnswered)),
                        "left_without_next_step": .number(Double(summary.leftWithoutNextStep)),
                    ],
                ])
                return
            }
            var out = [
                "Weekly review for \(ctx.rep) · \(review.week) · \(review.handledCount) of "
                    + "\(review.items.count) handled"
            ]
            for section in TendCore.Review.Section.allCases {
                let items = review.items(in: section)
                guard !items.isEmpty else { continue }
                out.append("")
                out.append("\(section.title) (\(items.count))")
                for i in items {
                    let mark = i.handled.map { "✓ \($0)" } ?? (i.overdue ? "!" : "·")
                    out.append(
                        "  \(mark.padding(toLength: 10, withPad: " ", startingAt: 0)) \(i.name) · \(i.text) · "
                            + "\(i.detail)"
                    )
                }
            }
            if review.items.isEmpty { out.append("\nNothing to review: every promise kept, every contact planned.") }
            out.append("")
            out.append("Since \(start.friendly)")
            out += summary.lines.map { "  " + $0 }
            Swift.print(out.map(safe).joined(separator: "\n"))
        }
    }
}
