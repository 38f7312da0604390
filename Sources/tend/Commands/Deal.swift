import ArgumentParser
import TendCore

extension Tend {
    struct DealCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "deal",
            abstract: "Add a deal to a contact: a plain value, or a recurring price.",
            discussion: """
                Examples:
                  tend deal "Dana Wu" --title "Team plan" --value 8400
                  tend deal dana --title "Gym membership" --per-period 175 --quantity 4 --periods 12
                    (175/month × 4 members × 12 months = 8,400)
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.", completion: ShellCompletion.contacts) var contact: String
        @Option(help: "What they may buy.") var title: String
        @Option(parsing: .unconditional, help: "Total value.") var value: String?
        @Option(name: .customLong("per-period"), parsing: .unconditional, help: "Recurring price per period.")
        var perPeriod: String?
        @Option(help: "Recurring: how many (seats, members).") var quantity: Int?
        @Option(help: "Recurring: how many periods.") var periods: Int?
        @Option(help: "Currency code (default from config.toml, else EUR).") var currency: String?
        @Option(help: "Stage to start at: lead or prospect.") var stage: String = "prospect"

        func validate() throws {
            let recurring = [perPeriod != nil, quantity != nil, periods != nil]
            if value != nil && recurring.contains(true) {
                throw CLIError("give either --value or --per-period/--quantity/--periods, not both")
            }
            if value == nil && recurring.contains(false) {
                throw CLIError("give --value N, or all of --per-period N --quantity N --periods N")
            }
            if let v = value { _ = try parseCents(v, option: "--value") }
            if let p = perPeriod { _ = try parseCents(p, option: "--per-period") }
            if let q = quantity, q < 1 { throw CLIError("--quantity must be at least 1") }
            if let n = periods, n < 1 { throw CLIError("--periods must be at least 1") }
            let s = try parseEnum(stage, Stage.self, option: "--stage")
            if s != .lead && s != .prospect {
                throw CLIError("--stage: a new deal starts as lead or prospect; use `tend quote` to quote")
            }
            if let c = currency, !(3...4).contains(c.count) || !c.allSatisfy(\.isLetter) {
                throw CLIError("--currency: \"\(c)\" is not a currency code like EUR")
            }
        }

        func run() throws {
            let ctx = try Context.make(global)
            let c = try ctx.contact(contact)
            let v: DealValue =
                if let value {
                    .amount(cents: try parseCents(value, option: "--value"))
                } else {
                    .recurring(
                        perPeriodCents: try parseCents(perPeriod!, option: "--per-period"), quantity: quantity!,
                        periods: periods!)
                }
            var d = Deal(
                id: ctx.store.newEntityID(), contact: c.id, title: title, value: v,
                currency: (currency ?? ctx.settings.currency).uppercased(), created: ctx.clock.now)
            d.stage = try parseEnum(stage, Stage.self, option: "--stage")
            var changes: [Change] = [.addDeal(d)]
            if d.stage != .lead { changes.append(.setStage(StageChange(deal: d.id, stage: d.stage))) }
            try ctx.append(changes)
            let breakdown = v.breakdown.map { " (\($0))" } ?? ""
            print(
                "\(d.id)  \(safe(title)) for \(safe(c.name)): \(ctx.money(v.totalCents, d.currency))\(breakdown), "
                    + "\(d.stage.rawValue)"
            )
        }
    }
}
