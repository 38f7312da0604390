import ArgumentParser
import TendCore
import TendStore

extension Tend {
    struct Forget: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "forget",
            abstract: "Erase a person (right to erasure): their name, channels, notes and promises, from every log.",
            discussion: """
                Writes a tombstone; your own log is rewritten at once without their personal data, and \
                every other rep's Tend does the same to its own log the next time it runs. Git history \
                (if you sync) still holds the old lines: see the README to purge it.
                Example:
                  tend forget "Dana Wu" --yes
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Contact: id prefix or name.", completion: ShellCompletion.contacts) var contact: String
        @Flag(help: "Yes, erase them: this cannot be undone.") var yes = false

        func run() throws {
            let ctx = try Context.make(global)
            let c = try ctx.contact(contact)
            guard yes else {
                throw CLIError(
                    "this erases \(safe(c.name))'s name, channels, notes and promises from every log and cannot be "
                        + "undone; run again with --yes"
                )
            }
            try ctx.append([.forget(contact: c.id)])
            let n: Int
            do {
                n = try ctx.store.eraseForgotten(rep: ctx.rep)
            } catch let e as StoreError {
                throw CLIError("forgot \(c.id) in the view, but \(e.description)")
            }
            print(
                "forgot \(c.id): \(n) line\(n == 1 ? "" : "s") stripped from log/\(ctx.rep).jsonl; other reps' logs "
                    + "follow when their Tend next runs"
            )
        }
    }
}
