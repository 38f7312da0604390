import Foundation
import TendCore

/// One log's events in fold order, one at a time.
protocol EventSource {
    var head: Event? { get }
    mutating func advance()
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
    var ready: [Event] = []
    var index = 0
    var pending: [Event] = []
    var consumed = LogOffset(bytes: 0, lines: 0)
    var problems: [LogProblem] = []
    var held: [HeldEvent] = []
    let horizon: Timestamp?
    var pendingLines: [Int] = []
    var done = false
    var disordered = false
    var previous: Event?

    init(path: String, name: String, limit: Int, horizon: Timestamp? = nil) throws {
        lines = try ChunkedLines(path: path, name: name, limit: limit)
        self.horizon = horizon
        fill()
    }

    var head: Event? { index < ready.count ? ready[index] : nil }

    mutating func advance() {
        if let p = previous, let h = head, Event.foldOrder(h, p) { disordered = true }
        previous = head
        index += 1
        if index >= ready.count { fill() }
    }

    mutating func fill() {
        ready.removeAll(keepingCapacity: true)
        index = 0
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
    mutating func advance() { index += 1 }
}
