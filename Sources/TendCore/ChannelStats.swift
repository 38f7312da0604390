/// Which channel gets answers from a contact: attempts and answers (connected, replied, held) by
/// channel, and after enough attempts the channel to use. A stated preference still wins.
public struct ChannelStats: Equatable, Sendable {
    public var counts: [Channel: (attempts: Int, answered: Int)]

    public static func == (a: ChannelStats, b: ChannelStats) -> Bool {
        a.counts.mapValues { [$0.attempts, $0.answered] } == b.counts.mapValues { [$0.attempts, $0.answered] }
    }

    /// Attempts before a suggestion is made.
    public static let minimumAttempts = 3

    public init(_ touches: [Touch]) {
        // Counted in a fixed array (one slot per channel), then kept as a dictionary of what was seen:
        // this runs for every contact on the agenda.
        var attempts = [Int](repeating: 0, count: Channel.allCases.count), answered = attempts
        for k in touches.indices {
            let i = touches[k].channel.index
            attempts[i] += 1
            if touches[k].outcome.isConversation { answered[i] += 1 }
        }
        var c: [Channel: (attempts: Int, answered: Int)] = [:]
        for (i, ch) in Channel.allCases.enumerated() where attempts[i] > 0 { c[ch] = (attempts[i], answered[i]) }
        counts = c
    }

    public var attempts: Int { counts.values.reduce(0) { $0 + $1.attempts } }

    /// The channel with the best answer rate once there have been enough attempts.
    public var best: Channel? {
        guard attempts >= ChannelStats.minimumAttempts else { return nil }
        return counts.filter { $0.value.answered > 0 }.max { a, b in
            let ra = Double(a.value.answered) / Double(a.value.attempts), rb = Double(b.value.answered) / Double(b.value.attempts)
            return ra != rb ? ra < rb : a.value.answered < b.value.answered
        }?.key
    }

    /// `email 4/5 · call 0/3`
    public var summary: String {
        Channel.allCases.compactMap { ch in counts[ch].map { "\(ch.rawValue) \($0.answered)/\($0.attempts)" } }.joined(separator: " · ")
    }

    /// `answers email 4/5, call 0/3 → email`, or nil until there is something to say.
    public func suggestion(prefers: Channel?) -> String? {
        guard let b = best, attempts >= ChannelStats.minimumAttempts else { return nil }
        let text = "answers " + summary.replacingOccurrences(of: " · ", with: ", ") + " → \(b.rawValue)"
        if let p = prefers, p != b { return text + " (prefers \(p.rawValue))" }
        return text
    }

    /// The channel to use: the stated preference, else the one that gets answers.
    public func channel(prefers: Channel?) -> Channel? { prefers ?? best }
}

extension Channel {
    /// Position among `allCases`, without searching it.
    var index: Int {
        switch self {
        case .call: return 0
        case .email: return 1
        case .meeting: return 2
        case .sms: return 3
        case .other: return 4
        }
    }
}
