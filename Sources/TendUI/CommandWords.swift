import Foundation
import TendCore

/// What `:` can complete: every subcommand with its flags (and its own subcommands), read once
/// from the CLI's own definitions (`tend --experimental-dump-help`), so it cannot drift from them.
public struct CommandWords: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var flags: [String]
        public var subcommands: [String]
    }

    public var commands: [String: Entry]

    public init(commands: [String: Entry]) { self.commands = commands }

    /// From swift-argument-parser's help dump (JSON). Nil when it cannot be read.
    public static func parse(dumpHelp: String) -> CommandWords? {
        guard let root = try? JSONSerialization.jsonObject(with: Data(dumpHelp.utf8)) as? [String: Any],
            let top = root["command"] as? [String: Any]
        else { return nil }
        func entry(_ c: [String: Any]) -> Entry {
            let flags = (c["arguments"] as? [[String: Any]] ?? []).flatMap { a -> [String] in
                (a["names"] as? [[String: Any]] ?? []).compactMap { n in
                    guard n["kind"] as? String == "long", let name = n["name"] as? String else { return nil }
                    return "--" + name
                }
            }
            let subs = (c["subcommands"] as? [[String: Any]] ?? []).compactMap { $0["commandName"] as? String }
            return Entry(flags: flags.filter { $0 != "--help" && $0 != "--version" }, subcommands: subs)
        }
        var commands: [String: Entry] = [:]
        for c in top["subcommands"] as? [[String: Any]] ?? [] {
            guard let name = c["commandName"] as? String, !name.hasPrefix("stress") else { continue }
            commands[name] = entry(c)
            for sub in c["subcommands"] as? [[String: Any]] ?? [] {
                if let s = sub["commandName"] as? String { commands["\(name) \(s)"] = entry(sub) }
            }
        }
        return CommandWords(commands: commands)
    }
}

/// Tab on the `:` line, as a shell completes: the word before the cursor becomes the one match,
/// or the longest common start of several (which are listed).
enum Completion {
    static func complete(_ text: String, words: CommandWords, state: State) -> (text: String, candidates: [String]) {
        let (head, word) = lastWord(text)
        let typed = (try? Words.split(head)) ?? []
        let candidates: [String]
        if typed.isEmpty {
            candidates = words.commands.keys.filter { !$0.contains(" ") && $0.hasPrefix(word) }.sorted()
        } else if let entry = words.commands[typed.prefix(2).joined(separator: " ")] ?? words.commands[typed[0]] {
            if word.hasPrefix("-") {
                candidates = entry.flags.filter { $0.hasPrefix(word) }.sorted()
            } else if typed.count == 1, !entry.subcommands.isEmpty {
                candidates = entry.subcommands.filter { $0.hasPrefix(word) }.sorted()
            } else if ["--rep", "--to", "--from"].contains(typed.last!) || (typed[0] == "assign" && typed.count == 2) {
                candidates = reps(state).filter { $0.hasPrefix(word) }
            } else {
                candidates = contacts(state, word)
            }
        } else {
            candidates = []
        }
        guard !candidates.isEmpty else { return (text, []) }
        if candidates.count == 1 { return (head + quoted(candidates[0]) + " ", []) }
        let common = candidates.dropFirst().reduce(candidates[0]) { $0.commonPrefix(with: $1) }
        let extended = common.count > word.count && !common.contains(" ") ? head + common : text
        return (extended, candidates)
    }

    /// The text before the word being completed, and that word (an open quote starts it).
    static func lastWord(_ text: String) -> (String, String) {
        if text.filter({ $0 == "\"" }).count % 2 == 1, let q = text.lastIndex(of: "\"") {
            return (String(text[..<q]), String(text[text.index(after: q)...]))
        }
        let i = text.lastIndex(of: " ").map { text.index(after: $0) } ?? text.startIndex
        return (String(text[..<i]), String(text[i...]))
    }

    static func quoted(_ s: String) -> String { s.contains(" ") ? "\"\(s)\"" : s }

    /// Contacts whose name or a word of it starts with what is typed, accents and case ignored.
    static func contacts(_ s: State, _ word: String) -> [String] {
        ContactLookup.names(s.contactsByName.map(\.name), startingWith: word)
    }

    static func reps(_ s: State) -> [String] { Set(s.contacts.values.map(\.owner)).sorted() }
}

/// A command's whole output, in a pane over the screen (`:show dana` is 20 lines, not one).
public struct CommandOutput: Equatable, Sendable {
    public var command: String
    public var lines: [String]
    public var ok: Bool
    public var scroll = 0
}
