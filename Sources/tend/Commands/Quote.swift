import ArgumentParser
import TendCore

extension Tend {
    struct Quote: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "quote",
            abstract: "Record a quote sent; schedules the quote follow-ups (+1, +3, +7, +14 days, then escalate).",
            discussion: """
                Acts on the contact's open deal (or --deal); creates one when there is none.
                Example:
                  tend quote "Dana Wu" --amount 8400 --sent today --expires 2w
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.", completion: ShellCompletion.contacts) var contact: String
        @Option(parsing: .unconditional, help: "Quoted amount.") var amount: String
        @Option(parsing: .unconditional, help: "Day the quote was sent (default: today).") var sent: String = "today"
        @Option(parsing: .unconditional, help: "Day the quote expires.") var expires: String?
        @Option(help: "Deal id, when the contact has several.") var deal: String?
        @Option(help: "Title of the deal created when the contact has none.") var title: String = "Quote"

        func validate() throws { _ = try parseCents(amount, option: "--amount") }

        func run() throws {
            let ctx = try Context.make(global)
            let c = try ctx.contact(contact)
            let cents = try parseCents(amount, option: "--amount")
            let sentDay = try ctx.day(sent, for: "--sent")
            let expiresDay = try expires.map { try ctx.day($0, for: "--expires") }
            if let e = expiresDay, e < sentDay { throw CLIError("--expires \(e) is before --sent \(sentDay)") }
            let d = try ctx.deal(of: c, id: deal)
            if let d, !d.stage.isOpen, deal == nil {
                throw CLIError(
                    "\(safe(c.name))'s deal \(d.id) is \(d.stage.rawValue); add a new deal with `tend deal` or "
                        + "pass --deal"
                )
            }
            try ctx.moveStage(
                c, deal: d?.stage.isOpen == true || deal != nil ? d : nil, newDealTitle: title, newDealCents: cents
            ) {
                StageChange(deal: $0, stage: .quoted, quoteSent: sentDay, quoteCents: cents, quoteExpires: expiresDay)
            }
        }
    }
}
