import ArgumentParser
import TendCore

extension Tend {
    struct Drop: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "drop",
            abstract: "Drop a promise that will not be kept, with the reason.",
            discussion: "Example:\n  tend drop 7fk2m1 --reason \"they bought elsewhere\"")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Promise id (or a unique prefix).") var id: String
        @Option(help: "Why it is dropped.") var reason: String

        func validate() throws {
            if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw CLIError("--reason is empty") }
        }

        func run() throws {
            let ctx = try Context.make(global)
            let p = try ctx.openPromise(id)
            try ctx.append([.promiseDropped(id: p.id, reason: reason)])
            print("dropped: \(safe(p.text)) (\(safe(ctx.state.contacts[p.contact]?.name ?? p.contact)))")
        }
    }
}
