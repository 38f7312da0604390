import ArgumentParser
import TendCore
import TendStore

extension Tend {
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Fold a contact added twice into the other: one person, one contact, one guard.",
            discussion: """
                Everything of the first — touches, notes, promises, deals, the next step, a claim — counts \
                for the second from now on, the team guard included, and its id keeps working as a \
                name for the second. Written as an event every rep's Tend folds alike; `u` in the UI \
                does not apply (run it again the other way round to keep the other record).
                Example:
                  tend merge x7k2pq "Dana Wu"
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The contact to fold away: id prefix or name.", completion: ShellCompletion.contacts)
        var duplicate: String
        @Argument(help: "The contact that stays: id prefix or name.", completion: ShellCompletion.contacts)
        var into: String

        func run() throws {
            let ctx = try Context.make(global)
            let from = try ctx.contact(duplicate), to = try ctx.contact(into)
            guard from.id != to.id else { throw CLIError("\(safe(from.name)) (\(from.id)) is one contact already") }
            let s = ctx.state
            let touches = s.touches[from.id]?.count ?? 0, notes = s.notes[from.id]?.count ?? 0
            let promises = s.commitments.values.filter { $0.contact == from.id }.count
            let deals = s.deals(of: from.id).count
            try ctx.append([.merge(contact: from.id, into: to.id)])
            print(
                "merged \(safe(from.name)) (\(from.id)) into \(safe(to.name)) (\(to.id)): \(touches) touches, "
                    + "\(notes) notes, \(promises) promises, \(deals) deals now count for \(to.id)")
        }
    }
}
