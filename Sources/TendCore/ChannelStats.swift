/// Which channel gets answers from a contact: attempts and answers (connected, replied, held) by
/// channel, and after enough attempts the channel to use. A stated preference still wins.
public struct ChannelStats: Equatable, Sendable {
    public var counts: [Channel: (attempts: Int, answered: Int)]
    /// Channels whose address is bad: the last try on it bounced (email) or reached a wrong number
    /// (call, sms) since the address last changed, with how many such failures. Never suggested:
    /// the person is not quiet, the address is wrong.
    public var dead: [Channel: Int] = [:]

    public static func == (a: ChannelStats, b: ChannelStats) -> Bool {
        a.counts.mapValues { [$0.attempts, $0.answered] } == b.counts.mapValues { [$0.attempts, $0.answered] }
            && a.dead == b.dead
    }

    /// Attempts before a suggestion is made.
    public static let minimumAttempts = 3

    /// `emailsChanged`, `phonesChanged`: when the contact's addresses were last edited (a failure
    /// before that says nothing about the new address).
    public init<Facts: RandomAccessCollection>(
        _ touches: Facts, emailsChanged: Timestamp? = nil, phonesChanged: Timestamp? = nil
    ) where Facts.Element: TouchFacts, Facts.Index == Int {
        self.init(counting: touches)
        // Slots per channel, touches read in place (no copy of each): this runs for every row of
        // every agenda, and again each time another rep's event arrives.
        var failures = [Int](repeating: 0, count: Channel.allCases.count),
            lastFailed = [Bool](repeating: false, count: failures.count)
        for k in touches.indices {
            let ch = touches[k].channel, at = touches[k].at, outcome = touches[k].outcome
            if let changed = ch == .email ? emailsChanged : phonesChanged, at <= changed { continue }
            let bad = outcome == .bounced || outcome == .wrongNumber
            lastFailed[ch.index] = bad
            if bad { failures[ch.index] += 1 }
        }
        for (i, ch) in Channel.allCases.enumerated() where lastFailed[i] { dead[ch] = failures[i] }
    }

    init<Facts: RandomAccessCollection>(counting touches: Facts) where Facts.Element: TouchFacts, Facts.Index == Int {
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

    /// The channel with the best answer rate once there have been enough attempts. Ties go to the
    /// one with more answers, then to the first in `Channel.allCases`: the same answer in every
    /// process (a dictionary's order is not, so it is never what decides).
    public var best: Channel? {
        guard attempts >= ChannelStats.minimumAttempts else { return nil }
        var best: (channel: Channel, answered: Int, attempts: Int)?
        for ch in Channel.allCases where dead[ch] == nil {
            guard let c = counts[ch], c.answered > 0 else { continue }
            if let b = best {
                // a/b > c/d without division: a*d > c*b.
                let lhs = c.answered * b.attempts, rhs = b.answered * c.attempts
                guard lhs > rhs || (lhs == rhs && c.answered > b.answered) else { continue }
            }
            best = (ch, c.answered, c.attempts)
        }
        return best?.channel
    }

    /// `email 4/5 · call 0/3`; a bad address says so: `email bounced 5× — fix the address`.
    public var summary: String {
        Channel.allCases.compactMap { ch in
            if let n = dead[ch] {
                return "\(ch.rawValue) \(ch == .email ? "bounced" : "wrong number") \(n)× — fix the address"
            }
            return counts[ch].map { "\(ch.rawValue) \($0.answered)/\($0.attempts)" }
        }.joined(separator: " · ")
    }

    /// `answers email 4/5, call 0/3 → email`, or nil until there is something to say.
    public func suggestion(prefers: Channel?) -> String? {
        guard let b = best, attempts >= ChannelStats.minimumAttempts else {
            return dead.isEmpty ? nil : summary
        }
        let text = "answers " + summary.replacingOccurrences(of: " · ", with: ", ") + " → \(b.rawValue)"
        if let p = prefers, p != b { return text + " (prefers \(p.rawValue))" }
        return text
    }

    /// The channel to use: the stated preference (unless its address is bad), else the one that
    /// gets answers.
    public func channel(prefers: Channel?) -> Channel? {
        if let p = prefers, dead[p] == nil { return p }
        return best
    }

    /// The same, else whatever address is on file and not known bad (a phone first): a new lead
    /// with a number is a call.
    public func channel(for c: Contact) -> Channel? {
        if let ch = channel(prefers: c.prefers) { return ch }
        if !c.phones.isEmpty, dead[.call] == nil { return .call }
        if !c.emails.isEmpty, dead[.email] == nil { return .email }
        return nil
    }
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
