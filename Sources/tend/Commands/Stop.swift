import ArgumentParser
import Foundation
import TendCore
import TendStore

extension Tend {
    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stop",
            abstract: "Do not contact: they asked to stop. The record stays; nothing is proposed; calls need --anyway.",
            discussion: """
                An event the whole team sees: the contact leaves every agenda, no cadence proposes a \
                step, `tend call` and `c` refuse without --anyway, and every screen says so. (To erase \
                the person instead, use `tend forget`.) On the call screen, `S` does the same.
                Examples:
                  tend stop "Dana Wu" --reason "asked us to stop calling"
                  tend stop "Dana Wu" --lift        (they asked to be called again)
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.", completion: ShellCompletion.contacts) var contact: String
        @Option(help: "Why: their words, so the team knows.") var reason: String?
        @Flag(help: "Lift the mark: they may be contacted again.") var lift = false

        func validate() throws {
            if lift, reason != nil { throw CLIError("--lift takes no --reason") }
            if !lift, (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                throw CLIError("say why with --reason (their words), so the team knows")
            }
        }

        func run() throws {
            let ctx = try Context.make(global)
            let c = try ctx.contact(contact)
            let marked = ctx.state.stopped[c.id] != nil
            if lift {
                guard marked else { throw CLIError("\(safe(c.name)) is not marked do-not-contact") }
                try ctx.append([.stop(contact: c.id, reason: "", lift: true)])
                print("\(safe(c.name)) may be contacted again")
                return
            }
            guard !marked else { throw CLIError("\(safe(c.name)) is already marked do-not-contact") }
            var changes: [Change] = [.stop(contact: c.id, reason: reason ?? "", lift: false)]
            if ctx.state.nextSteps[c.id] != nil { changes.append(.clearNextStep(contact: c.id)) }
            try ctx.append(changes)
            print("\(safe(c.name)): do not contact (\(safe(reason ?? ""))); the team sees it")
        }
    }
}
