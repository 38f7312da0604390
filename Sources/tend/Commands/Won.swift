import ArgumentParser
import TendCore

extension Tend {
    struct Won: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "won",
            abstract: "Mark a deal won; schedules the post-purchase check-in.",
            discussion: """
                The check-in falls 7 days (config.toml: cadence.checkin_after_days) after first use.
                Example:
                  tend won "Dana Wu" --used 2026-12-01
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.", completion: ShellCompletion.contacts) var contact: String
        @Option(parsing: .unconditional, help: "Day it was delivered or first used (default: today).") var used:
            String = "today"
        @Option(help: "Deal id, when the contact has several.") var deal: String?

        func run() throws {
            let ctx = try Context.make(global)
            let c = try ctx.contact(contact)
            let usedDay = try ctx.day(used, for: "--used")
            guard let d = try ctx.deal(of: c, id: deal) else {
                throw CLIError(
                    "\(safe(c.name)) has no deal to win; add one with `tend deal \(c.id) --title … --value …`")
            }
            try ctx.moveStage(c, deal: d, newDealTitle: "", newDealCents: 0) {
                StageChange(deal: $0, stage: .won, used: usedDay)
            }
        }
    }
}
