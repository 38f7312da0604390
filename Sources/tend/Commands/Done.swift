import ArgumentParser
import TendCore

extension Tend {
    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "done",
            abstract: "Mark a promise done.",
            discussion: "Example:\n  tend done 7fk2m1")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Promise id (or a unique prefix).") var id: String

        func run() throws {
            let ctx = try Context.make(global)
            let p = try ctx.openPromise(id)
            try ctx.append([.promiseDone(id: p.id)])
            print("done: \(safe(p.text)) (\(safe(ctx.state.contacts[p.contact]?.name ?? p.contact)))")
        }
    }
}
