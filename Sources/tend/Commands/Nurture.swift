import ArgumentParser
import TendCore

extension Tend {
    struct Nurture: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "nurture",
            abstract: "Move a contact who did not buy (yet) to nurture: a polite call in 3 days, then every 30.",
            discussion: """
                The 30 days count from the last real conversation, not from the last attempt.
                Example:
                  tend nurture "Dana Wu" --reason "budget next year"
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.", completion: ShellCompletion.contacts) var contact: String
        @Option(help: "Why they did not buy now.") var reason: String = ""
        @Option(help: "Deal id, when the contact has several.") var deal: String?

        func run() throws {
            let ctx = try Context.make(global)
            let c = try ctx.contact(contact)
            let d = try ctx.deal(of: c, id: deal)
            try ctx.moveStage(c, deal: d, newDealTitle: "Looking", newDealCents: 0) {
                StageChange(deal: $0, stage: .nurture, reason: reason)
            }
        }
    }
}
