import ArgumentParser
import Foundation
import TendCore
import TendStore

extension Tend {
    /// Appends notes as fast as the store allows, for the concurrency and crash tests (hidden from help).
    struct StressAppend: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stress-append",
            abstract: "Append COUNT notes to one contact as fast as possible (for tests).",
            shouldDisplay: false)

        @OptionGroup var global: GlobalOptions
        @Argument var contact: String
        @Option var count: Int
        @Option var label: String
        @Option(help: "Wait until this many writers have finished (files PATH.*) before the final fold.")
        var barrier: String?
        @Option var writers: Int = 1
        @Flag(help: "Print `ack N` after each append returns (the crash test reads these).") var ack = false

        func run() throws {
            let ctx = try Context.make(global)
            let c = try ctx.contact(contact)
            for i in 0..<count {
                try ctx.store.append(
                    [.note(contact: c.id, text: "\(label)-\(i)")], rep: ctx.rep, now: Timestamp(Date()))
                if ack {
                    print("ack \(i)")
                    fflush(stdout)
                }
            }
            if let barrier {
                _ = FileManager.default.createFile(atPath: "\(barrier).\(getpid())", contents: nil)
                let dir = (barrier as NSString).deletingLastPathComponent,
                    base = (barrier as NSString).lastPathComponent
                while ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter({
                    $0.hasPrefix(base + ".")
                }).count < writers {
                    usleep(10_000)
                }
            }
            try ctx.store.reload()
            let notes = ctx.store.state.notes[c.id] ?? []
            // FNV-1a over the notes in fold order: equal digests mean equal folds.
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for n in notes { for b in (n.id + n.text).utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 } }
            print("notes=\(notes.count) digest=\(String(h, radix: 16)) problems=\(ctx.store.problems.count)")
        }
    }
}
