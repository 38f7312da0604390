import ArgumentParser

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
        let scored = words.map { ($0, distance(word.lowercased(), $0)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        guard let best = scored.first, best.1 <= max(1, min(2, word.count / 3)) else { return nil }
        return best.0
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
