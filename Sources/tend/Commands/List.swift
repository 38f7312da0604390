import ArgumentParser
import TendCore

extension Tend {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List contacts with their stage, owner, next step and value.",
            discussion: """
                Examples:
                  tend list
                  tend list --stage quoted --json
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: JSONOption
        @Option(help: "Only this stage: \(choices(Stage.self)).") var stage: String?

        func validate() throws {
            if let s = stage { _ = try parseEnum(s, Stage.self, option: "--stage") }
        }

        func run() throws {
            // No promise is listed: the book is read without them (most of a big team's start).
            let ctx = try Context.make(global, scope: .listing)
            let want = try stage.map { try parseEnum($0, Stage.self, option: "--stage") }
            let s = ctx.state
            let contacts = want.map { w in s.contactsByName.filter { s.stage(of: $0.id) == w } } ?? s.contactsByName
            if output.json {
                // Streamed: each contact written into bytes as it is made (no JSON value, no
                // whole-book string), the same bytes as `JSON.pretty` of the whole list.
                var out = BufferedOutput()
                // Two threads, a batch of 512 at a time: the bytes in order, a batch's text held.
                PrettyJSONWriter.streamArray(
                    contacts, sideBySide: 512, each: { JSONView.contact(&$0, $1, in: s, atStake: true) },
                    write: { out.write($0) })
                out.write("\n")
                out.flush()
                return
            }
            if contacts.isEmpty {
                print(
                    want == nil
                        ? "No contacts yet. Add one with `tend add NAME`, or try `tend demo`."
                        : "No contacts at stage \(want!.rawValue).")
                return
            }
            var table = Table(columns: [
                .init(width: 6), .init(width: 24, flex: true), .init(width: 8), .init(width: 6),
                .init(width: 18, flex: true), .init(width: 10, align: .right),
            ])
            let rows = contacts.map { c -> Table.Cells in
                let next =
                    s.nextSteps[c.id].map { "\($0.due.monthDay) \($0.summary)" }
                    ?? (s.isActive(c.id) ? "— none" : "")
                let deal = s.mainDeal(of: c.id)
                return Table.Cells([
                    c.id, c.name + (c.company.isEmpty ? "" : " · \(c.company)"), s.stage(of: c.id).rawValue,
                    c.owner, next, deal.map { Money.format($0.atStakeCents, $0.currency) } ?? "",
                ])
            }
            table.widen(toFit: rows)
            print(table.row(["id", "name · company", "stage", "owner", "next step", "at stake"]))
            for r in rows { print(table.row(r)) }
            print("\(contacts.count) contact\(contacts.count == 1 ? "" : "s")")
        }
    }
}
