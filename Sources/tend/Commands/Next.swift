import ArgumentParser
import TendCore

extension Tend {
    struct Next: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "next",
            abstract: "Set a contact's next step (at most one per contact).",
            discussion: """
                Examples:
                  tend next "Dana Wu" fri --via call --what "ask about the board meeting"
                  tend next dana "2026-12-01 14:30" --via meeting
                  tend next dana none        (clear it)
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.", completion: ShellCompletion.contacts) var contact: String
        @Argument(help: "When: a date, optionally with a time; `none` clears it.") var date: String
        @Option(help: "Channel: \(choices(Channel.self)).") var via: String?
        @Option(help: "What to do.") var what: String = ""

        func validate() throws {
            if let v = via { _ = try parseEnum(v, Channel.self, option: "--via") }
        }

        func run() throws {
            let ctx = try Context.make(global)
            let c = try ctx.contact(contact)
            if date.lowercased() == "none" {
                try ctx.append([.clearNextStep(contact: c.id)])
                print("\(safe(c.name)): no next step")
                return
            }
            let (day, time) = try ctx.date(date, for: "date")
            let channel = try via.map { try parseEnum($0, Channel.self, option: "--via") } ?? c.prefers
            let step = NextStep(due: day, time: time, channel: channel, what: what)
            try ctx.append([.setNextStep(contact: c.id, step: step)])
            if let odd = ctx.settings.oddity(of: day, today: ctx.today) { warn(odd) }
            print(
                "\(safe(c.name)): next \(step.summary) on "
                    + "\(day.friendly)\(time.map { " \($0)" } ?? "")\(channel.map { " by \($0.rawValue)" } ?? "")"
            )
        }
    }
}
