import ArgumentParser
import TendCore

extension Tend {
    struct Promise: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "promise",
            abstract: "Record a promise: one we owe, or (--waiting-on) one they made to us.",
            discussion: """
                Examples:
                  tend promise "Dana Wu" "send the price list" --due fri
                  tend promise dana "decide on the offer" --due 2026-12-04 --waiting-on
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.", completion: ShellCompletion.contacts) var contact: String
        @Argument(help: "What was promised.") var text: String
        @Option(parsing: .unconditional, help: "When it is due.") var due: String
        @Flag(name: .customLong("waiting-on"), help: "They promised it to us.") var waitingOn = false

        func validate() throws {
            if text.trimmingCharacters(in: .whitespaces).isEmpty { throw CLIError("the promise is empty") }
        }

        func run() throws {
            let ctx = try Context.make(global)
            let c = try ctx.contact(contact)
            let day = try ctx.day(due, for: "--due")
            let p = Commitment(
                id: ctx.store.newEntityID(), contact: c.id, rep: ctx.rep,
                kind: waitingOn ? .waitingOn : .weOwe, text: text, due: day, created: ctx.clock.now)
            try ctx.append([.promise(p)])
            print("\(safe(c.name)):")
            ctx.printPromises([p])
        }
    }
}

extension Context {
    /// The open promise an id or unique id prefix names.
    func openPromise(_ id: String) throws -> Commitment {
        let q = id.lowercased()
        let matches = state.commitments.values.filter { $0.id == q || (q.count >= 3 && $0.id.hasPrefix(q)) }
        guard !matches.isEmpty else {
            throw CLIError("unknown promise \"\(id)\"; `tend show CONTACT` lists a contact's promises")
        }
        guard matches.count == 1 else {
            throw CLIError(
                "\"\(id)\" matches \(matches.count) promises: "
                    + "\(matches.map(\.id).sorted().joined(separator: ", ")); type more of the id"
            )
        }
        let p = matches[0]
        guard p.status == .open else { throw CLIError("promise \(p.id) is already \(p.status.rawValue)") }
        return p
    }
}
