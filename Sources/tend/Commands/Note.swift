import ArgumentParser
import Foundation
import TendCore
import TendStore

extension Tend {
    struct Note: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "note",
            abstract: "Capture a note; every `*` clause becomes a promise (`* they:` one they made).",
            discussion: """
                `* TEXT` is a promise we owe; `* they: TEXT` (the colon required) is one they made, which \
                we wait on. `@fri`, `@3d`, `@2026-12-01` inside a clause sets its due day; without one it \
                is due the next working day. A note is not an attempt: the guard does not count it.
                TEXT `-` reads the note from standard input, to its end (a file, a pipe, a paste).
                Examples:
                  tend note "Dana Wu" "Budget approved for Q1. * send price list @fri * they: confirm start date @wed"
                  pbpaste | tend note dana -
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.", completion: ShellCompletion.contacts) var contact: String
        @Argument(help: "The note; quote it. `-` reads it from standard input.") var text: String

        func validate() throws {
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw CLIError("the note is empty") }
            if text == "-", isatty(STDIN_FILENO) == 1 {
                throw CLIError(
                    "`-` reads the note from standard input, which is a terminal: pipe it in (… | tend note X -)")
            }
        }

        /// The note's text: the argument, or all of standard input for `-` (UTF-8, the final newline
        /// trimmed). Read before anything is opened, so a bad input writes nothing.
        func noteText() throws -> String {
            guard text == "-" else { return text }
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard var s = String(data: data, encoding: .utf8) else {
                throw CLIError("standard input is not UTF-8 text; nothing was saved")
            }
            while s.hasSuffix("\n") || s.hasSuffix("\r") { s.removeLast() }
            guard !s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw CLIError("the note on standard input is empty; nothing was saved")
            }
            return s
        }

        func run() throws {
            let text = try noteText()
            // Quick capture during a call: the contact index is all a note needs, and given an
            // exact id, that contact alone.
            let ctx = try Context.make(global, scope: .contact(id: contact.trimmingCharacters(in: .whitespaces)))
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

    /// Adds a promise per `*` clause of a capture to the batch (ours, or theirs for `* they:`).
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
