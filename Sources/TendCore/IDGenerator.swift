/// Makes the ids of events and of the things they create.
///
/// Event ids sort by time (so a log read by a person is in order); entity ids (contacts, deals,
/// promises) are short and random, because people type their prefixes.
public struct IDGenerator: Sendable {
    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")  // Crockford base32, lower case
    var rng: SplitMix64

    /// Random ids; a seed makes them repeatable (the demo data, tests).
    public init(seed: UInt64? = nil) {
        var system = SystemRandomNumberGenerator()
        rng = SplitMix64(seed: seed ?? system.next())
    }

    /// A generator with its own sequence, for a batch built apart from this one.
    public mutating func fork() -> IDGenerator { IDGenerator(seed: rng.next()) }

    /// `0k4f9x2h1q-7m3d`: ten time characters (ms since 1970), then four random ones.
    public mutating func eventID(at: Timestamp) -> String {
        var t = UInt64(max(at.ms, 0))
        var time = [Character](repeating: "0", count: 10)
        for i in stride(from: 9, through: 0, by: -1) {
            time[i] = IDGenerator.alphabet[Int(t & 31)]
            t >>= 5
        }
        return String(time) + "-" + random(4)
    }

    /// A short id not already in `taken`.
    public mutating func entityID(length: Int = 6, taken: (String) -> Bool) -> String {
        var n = length
        while true {
            for _ in 0..<8 {
                let id = random(n)
                if !taken(id) { return id }
            }
            n += 1
        }
    }

    mutating func random(_ n: Int) -> String {
        String((0..<n).map { _ in IDGenerator.alphabet[Int(rng.next() & 31)] })
    }
}

/// A small, fast, seedable generator (Vigna's SplitMix64): same seed, same ids.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
