import ArgumentParser
import TendCore

extension Tend {
    struct Prospect: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prospect",
            abstract: "Move a looker (nurture) or a lost deal back to prospect: they are buying again.",
            discussion: """
                What `>` does on the Board's Lookers or Lost card. After a conversation, the cadence \
                plans a follow-up a few working days later ([cadence] prospect_follow_up_days).
                Example:
                  tend prospect "Dana Wu"
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.", completion: ShellCompletion.contacts) var contact: String
        @Option(help: "Deal id, when the contact has several.") var deal: String?

        func run() throws {
            let ctx = try Context.make(global)
            let c = try ctx.contact(contact)
            let d = try ctx.deal(of: c, id: deal)
            if let d, d.stage == .prospect { throw CLIError("\(safe(c.name)): \(safe(d.title)) is already a prospect") }
            if let d, [.quoted, .won].contains(d.stage) {
                throw CLIError(
                    "\(safe(c.name)): \(safe(d.title)) is \(d.stage.rawValue); "
                        + "only a lead, a looker (nurture) or a lost deal moves back to prospect")
            }
            try ctx.moveStage(c, deal: d, newDealTitle: "New deal", newDealCents: 0) {
                StageChange(deal: $0, stage: .prospect)
            }
        }
    }
}
