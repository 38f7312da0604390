import ArgumentParser
import Foundation
import TendCore
import TendStore

/// Shell completion of what only the book knows: contact names and rep names. The shell asks
/// tend itself (swift-argument-parser's custom completion); the book is read as `tend add` reads
/// it (the contact index only), and a missing or broken data dir completes nothing.
enum ShellCompletion {
    static let contacts = CompletionKind.custom { words, _, prefix in names(words, prefix, reps: false) }
    static let reps = CompletionKind.custom { words, _, prefix in names(words, prefix, reps: true) }

    static func names(_ words: [String], _ prefix: String, reps: Bool) -> [String] {
        let env = ProcessInfo.processInfo.environment
        let flag = words.firstIndex(of: "--dir").flatMap { words.indices.contains($0 + 1) ? words[$0 + 1] : nil }
        let dir = DataDir.resolve(flag: flag, environment: env)
        guard FileManager.default.fileExists(atPath: dir + "/log"),
            let store = try? Store.open(dir: dir, scope: .contacts)
        else { return [] }
        let s = store.state
        let all = reps ? Set(s.contacts.values.map(\.owner)).sorted() : s.contactsByName.map(\.name)
        return ContactLookup.names(all, startingWith: prefix)
    }
}
