import ArgumentParser
import TendCore
import TendStore

extension Tend {
    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Capture a note; every `*` clause becomes a promise we owe.",
            discussion: """
                `@fri`, `@3d`, `@2026-12-01` inside a `*` clause sets its due date; without one it is
                due the next working day. A note is not an attempt: the guard does not count it.
                Example:
                  tend note "Dana Wu" "Budget approved for Q1. * send price list @fri * book a demo @2w"
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.") var contact: String
        @Argument(help: "The note; quote it.") var text: String

        func validate() throws {
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw CLIError("the note is empty") }
        }

        func run() throws {
            // Quick capture during a call: the contact index is all a note needs.
            let ctx = try Context.make(global, scope: .contacts)
            let c = try ctx.contact(contact)
            let capture = try ctx.capture(text)
            var b = try ctx.batch()
            let noteID = b.add(.note(contact: c.id, text: capture.note))
            let promises = ctx.addPromises(capture, contact: c, source: noteID, to: &b)
            try ctx.commit(b)
            print("noted on \(safe(c.name)) (\(c.id))")
            ctx.printPromises(promises)
        }
    }
}

extension Context {
    func capture(_ text: String) throws -> Capture {
        do {
            return try Capture.parse(text, today: today, settings: settings)
        } catch let e as Capture.Error {
            throw CLIError(e.description)
        }
    }

    /// Adds a we-owe promise per `*` clause of a capture to the batch.
    func addPromises(_ capture: Capture, contact: Contact, source: String, to b: inout Batch) -> [Commitment] {
        let made = capture.commitments(
            contact: contact.id, rep: rep, source: source, created: clock.now,
            newID: { store.newEntityID() })
        for c in made { b.add(.promise(c)) }
        return made
    }

    func printPromises(_ promises: [Commitment]) {
        for p in promises {
            let label = p.kind == .weOwe ? "promise" : "waiting on"
            print("  \(label) \(p.id)  \(safe(p.text))  due \(p.due.friendly)")
        }
    }
}
