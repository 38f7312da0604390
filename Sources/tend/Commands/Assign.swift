import ArgumentParser
import Foundation
import TendCore
import TendStore

extension Tend {
    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assign",
            abstract: "Move a contact (or a departing rep's whole book) to another rep.",
            discussion: """
                Examples:
                  tend assign "Dana Wu" bob
                  tend assign --from bob --to ann --all     (every contact bob owns, in one batch)
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.", completion: ShellCompletion.contacts) var contact: String?
        @Argument(help: "The rep who owns it from now on.", completion: ShellCompletion.reps) var owner: String?
        @Option(help: "With --all: the rep whose book moves.", completion: ShellCompletion.reps) var from: String?
        @Option(help: "With --all: the rep who takes it.", completion: ShellCompletion.reps) var to: String?
        @Flag(help: "Every contact of --from (forgotten ones aside).") var all = false

        func validate() throws {
            if all {
                guard from != nil, to != nil, contact == nil else {
                    throw CLIError("--all moves a whole book: tend assign --from REP --to REP --all")
                }
            } else {
                guard contact != nil, owner != nil, from == nil, to == nil else {
                    throw CLIError("give a contact and a rep (tend assign dana bob), or --from REP --to REP --all")
                }
            }
        }

        func run() throws {
            let ctx = try Context.make(global)
            let target = (all ? to : owner) ?? ""
            guard DataDir.validRep(target) else {
                throw CLIError("bad rep name \"\(target)\": use letters, digits and -_.")
            }
            guard all, let from else {
                let c = try ctx.contact(contact ?? "")
                guard c.owner != target else { throw CLIError("\(safe(c.name)) is already \(target)'s") }
                try ctx.append([.updateContact(id: c.id, fields: [.owner: .string(target)])])
                print("\(safe(c.name)): \(c.owner) → \(target)")
                return
            }
            let book = ctx.state.contacts.values.filter { $0.owner == from }.sorted { $0.id < $1.id }
            guard !book.isEmpty else { throw CLIError("\(from) owns no contacts") }
            guard from != target else { throw CLIError("--from and --to are the same rep") }
            try ctx.append(book.map { .updateContact(id: $0.id, fields: [.owner: .string(target)]) })
            print("\(book.count) contact\(book.count == 1 ? "" : "s") moved from \(from) to \(target)")
        }
    }
}
