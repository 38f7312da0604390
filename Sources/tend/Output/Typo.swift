import ArgumentParser
import TendCore

/// `tend todya`: without this, ArgumentParser takes the word for an argument of the default
/// command (the UI) and says "Unexpected argument 'todya' … Usage: tend ui". A first word that is
/// no command, where a command is expected, is named as such, with the nearest command.
enum Typo {
    static var commands: [String] {
        Tend.configuration.subcommands.map { $0._commandName } + ["help"]
    }

    /// The message for an unknown command in `args` (the arguments after `tend`), or nil.
    static func unknownCommand(_ args: [String]) -> String? {
        guard let first = args.first, !first.hasPrefix("-"), !commands.contains(first) else { return nil }
        let near = nearest(first, in: commands)
        return "unknown command '\(first)'" + (near.map { "; did you mean '\($0)'?" } ?? "; see tend --help")
    }

    /// The closest word by edit distance (a transposition counts as one), if close enough to be a typo.
    static func nearest(_ word: String, in words: [String]) -> String? {
        let scored = words.map { ($0, ContactLookup.editDistance(word.lowercased(), $0)) }.sorted {
            ($0.1, $0.0) < ($1.1, $1.0)
        }
        guard let best = scored.first, best.1 <= max(1, min(2, word.count / 3)) else { return nil }
        return best.0
    }
}
