import ArgumentParser
import Foundation
import TendCore
import TendStore

extension Tend {
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a contact to another rep's book.",
            discussion: "Example:\n  tend assign \"Dana Wu\" bob")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.") var contact: String
        @Argument(help: "The rep who owns it from now on.") var owner: String

        func run() throws {
            let ctx = try Context.make(global)
            guard DataDir.validRep(owner) else {
                throw CLIError("bad rep name \"\(owner)\": use letters, digits and -_.")
            }
            let c = try ctx.contact(contact)
            guard c.owner != owner else { throw CLIError("\(safe(c.name)) is already \(owner)'s") }
            try ctx.append([.updateContact(id: c.id, fields: [.owner: .string(owner)])])
            print("\(safe(c.name)): \(c.owner) → \(owner)")
        }
    }
}
