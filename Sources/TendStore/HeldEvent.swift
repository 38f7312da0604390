import Foundation
import TendCore

/// An event dated too far after this machine's "now" to be folded yet (`Settings.maxAheadMinutes`):
/// a hand edit or a teammate whose clock is wrong. It stays in its file untouched, is not folded,
/// is not seen by the guard and does not move the hybrid clock; it is folded once "now" reaches it.
public struct HeldEvent: Equatable, Sendable {
    /// Path relative to the data dir: `log/bob.jsonl`.
    public var file: String
    public var line: Int
    public var event: Event

    /// `log/bob.jsonl:12: dated 2036-01-01 09:00, 9 years ahead of this machine's clock; held`
    public func describe(_ clock: Clock) -> String {
        let day = clock.day(of: event.at), time = clock.time(of: event.at)
        return
            "\(file):\(line): dated \(day.iso) \(time), \(HeldEvent.span(from: clock.now, to: event.at)) ahead of "
            + "this machine's clock; held"
    }

    /// How far apart two instants are, in the largest unit that fits: `9 years`, `3 days`, `12 minutes`.
    static func span(from a: Timestamp, to b: Timestamp) -> String {
        let minutes = max(0, (b.ms - a.ms) / 60_000)
        let units: [(Int64, String)] = [
            (525_949, "year"), (43_829, "month"), (1_440, "day"), (60, "hour"), (1, "minute"),
        ]
        for (size, name) in units where minutes >= size {
            let n = minutes / size
            return "\(n) \(name)\(n == 1 ? "" : "s")"
        }
        return "less than a minute"
    }
}
