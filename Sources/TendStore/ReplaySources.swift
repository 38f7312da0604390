import Foundation
import TendCore

/// One log's events in fold order, one at a time.
protocol EventSource {
    /// The next event's time in ms; `Int64.max` when there is none. What the merge compares: an
    /// integer, read without copying the event out.
    var headAt: Int64 { get }
    /// The next event (a copy: for the merge's rare tie on the time).
    var head: Event? { get }
    /// The next event, moved out of the source, which moves on. Only when `headAt` is not max.
    mutating func take() -> Event
    var consumed: LogOffset { get }
    var problems: [LogProblem] { get }
    /// Events dated after the horizon, set aside (see `HeldEvent`).
    var held: [HeldEvent] { get }
    /// An event came before the one handed out before it: the stream's order assumption failed.
    var disordered: Bool { get }
}

/// A log already in fold order, streamed: events are handed out a whole batch at a time (a batch cut
/// short at the end of the file is held back, as `LogReader` does).
struct StreamSource: EventSource {
    var lines: ChunkedLines
    /// The batch being handed out, last event first: `take` moves each out with `removeLast`
    /// (handing out copies cost a retain and a release of every event's fields, several times).
    var ready: [Event] = []
    var pending: [Event] = []
    var consumed = LogOffset(bytes: 0, lines: 0)
    var problems: [LogProblem] = []
    var held: [HeldEvent] = []
    let horizon: Timestamp?
    var pendingLines: [Int] = []
    var done = false
    var disordered = false
    /// The key of the event handed out last.
    var previous: FoldKey?

    init(path: String, name: String, limit: Int, horizon: Timestamp? = nil) throws {
        lines = try ChunkedLines(path: path, name: name, limit: limit)
        self.horizon = horizon
        fill()
    }

    var head: Event? { ready.last }
    var headAt: Int64 { ready.isEmpty ? .max : ready[ready.count - 1].at.ms }

    mutating func take() -> Event {
        let e = ready.removeLast()
        let key = FoldKey(e)
        if let p = previous, key < p { disordered = true }
        previous = key
        if ready.isEmpty { fill() }
        return e
    }

    mutating func fill() {
        while ready.isEmpty && !done {
            guard let line = (try? lines.next()) ?? nil else {
                done = true
                return
            }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                if pending.isEmpty { consumed = LogOffset(bytes: lines.offset, lines: lines.lineNumber) }
                continue
            }
            do {
                var e = try line.withUnsafeBufferPointer { try Event.parse(line: $0) }
                let more = e.fields.removeValue(forKey: LogReader.moreKey)?.bool == true
                pending.append(e)
                pendingLines.append(lines.lineNumber)
                if !more { flushBatch() }
            } catch {
                problems.append(LogProblem(file: lines.name, line: lines.lineNumber, message: "\(error)"))
                flushBatch()
            }
        }
    }

    mutating func flushBatch() {
        if let h = horizon, pending.contains(where: { $0.at > h }) {
            for (e, n) in zip(pending, pendingLines) where e.at > h {
                held.append(HeldEvent(file: lines.name, line: n, event: e))
            }
            pending.removeAll { $0.at > h }
        }
        swap(&ready, &pending)
        ready.reverse()
        pending.removeAll(keepingCapacity: true)
        pendingLines.removeAll(keepingCapacity: true)
        consumed = LogOffset(bytes: lines.offset, lines: lines.lineNumber)
    }
}

/// A log not in fold order: read whole and sorted.
struct SortedSource: EventSource {
    var events: [Event]
    var index = 0
    var consumed: LogOffset
    var problems: [LogProblem]
    var held: [HeldEvent]
    var disordered: Bool { false }

    init(path: String, name: String, limit: Int, horizon: Timestamp? = nil) throws {
        let r = try LogReader.read(path: path, name: name, limit: limit, horizon: horizon)
        events = r.events.sorted(by: Event.foldOrder)
        consumed = LogOffset(bytes: r.consumed, lines: r.lines)
        problems = r.problems
        held = r.held
    }

    var head: Event? { index < events.count ? events[index] : nil }
    var headAt: Int64 { index < events.count ? events[index].at.ms : .max }
    mutating func take() -> Event {
        index += 1
        return events[index - 1]
    }
}
