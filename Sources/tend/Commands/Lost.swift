import ArgumentParser
import TendCore

extension Tend {
    struct Lost: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lost",
            abstract: "Mark a deal lost, with the reason (required).",
            discussion: """
                If they may buy later, use `tend nurture` instead: lookers get a polite call.
                Example:
                  tend lost "Dana Wu" --reason "went with a cheaper vendor"
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.", completion: ShellCompletion.contacts) var contact: String
        @Option(help: "Why it was lost.") var reason: String
        @Option(help: "Deal id, when the contact has several.") var deal: String?

        func validate() throws {
            if reason.trimmingCharacters(in: .whitespaces).isEmpty {
                throw CLIError("--reason is empty: say why it was lost")
            }
        }

        func run() throws {
            let ctx = try Context.make(global)
            let c = try ctx.contact(contact)
            guard let d = try ctx.deal(of: c, id: deal) else {
                throw CLIError("\(safe(c.name)) has no deal to lose")
            }
            try ctx.moveStage(c, deal: d, newDealTitle: "", newDealCents: 0) {
                StageChange(deal: $0, stage: .lost, reason: reason)
            }
        }
    }
}
