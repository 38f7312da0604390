import ArgumentParser
import TendCore

extension Tend {
    struct Won: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark a deal won; schedules the post-purchase check-in.",
            discussion: """
                The check-in falls 7 days (config.toml: cadence.checkin_after_days) after first use.
                Example:
                  tend won "Dana Wu" --used 2026-12-01
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.") var contact: String
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

    struct Lost: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark a deal lost, with the reason (required).",
            discussion: """
                If they may buy later, use `tend nurture` instead: lookers get a polite call.
                Example:
                  tend lost "Dana Wu" --reason "went with a cheaper vendor"
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.") var contact: String
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

    struct Nurture: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a contact who did not buy (yet) to nurture: a polite call in 3 days, then every 30.",
            discussion: """
                The 30 days count from the last real conversation, not from the last attempt.
                Example:
                  tend nurture "Dana Wu" --reason "budget next year"
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.") var contact: String
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
