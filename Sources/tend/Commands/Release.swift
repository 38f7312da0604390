import ArgumentParser
import Foundation
import TendCore
import TendStore

extension Tend {
    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "release",
            abstract: "Release your calling-now claim on a contact without logging a touch.",
            discussion: "Example:\n  tend release \"Dana Wu\"")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.", completion: ShellCompletion.contacts) var contact: String

        func run() throws {
            let ctx = try Context.make(global)
            let c = try ctx.contact(contact)
            guard let claim = ctx.state.activeClaim(c.id, now: ctx.clock.now), claim.rep == ctx.rep else {
                throw CLIError("you have no claim on \(safe(c.name)) to release")
            }
            try ctx.append([.release(contact: c.id)])
            print("released \(safe(c.name))")
        }
    }
}
