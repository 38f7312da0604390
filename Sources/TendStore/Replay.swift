import Foundation
import TendCore

/// The full fold of every log, read straight from the files: for when there is no usable snapshot.
///
/// Memory stays flat however long the logs are: each log is streamed in 1 MiB chunks and the logs are
/// merged in fold order as they are read, so no list of every event is ever built. A first, cheaper
/// pass over the bytes finds the two things that would break streaming: events taken back by an
/// `annul` (which must be known before the events they annul), and a log whose lines are not in fold
/// order (an import of past touches, two processes of one rep racing); such a log is read whole and
/// sorted, as `LogReader` always did.
enum Replay {
    struct Result {
        var state: State
        var offsets: [String: LogOffset]
        var problems: [LogProblem]
        /// The greatest key of every event read (applied or annulled), held events excepted.
        var last: FoldKey?
        /// Events dated after the horizon: read, not folded (see `HeldEvent`).
        var held: [HeldEvent] = []
    }

    static func run(
        logDir: String, files: [String], horizon: Timestamp? = nil, progress: Progress? = nil
    ) throws -> Result {
        var forceSorted = Set<String>()
        while true {
            let (result, disordered) = try attempt(
                logDir: logDir, files: files, forceSorted: forceSorted, horizon: horizon, progress: progress)
            // A log found out of order while streaming (rewritten between the scan and the read):
            // once more, reading that one whole and sorted.
            if disordered.isEmpty || disordered.isSubset(of: forceSorted) { return result }
            forceSorted.formUnion(disordered)
        }
    }

    static func attempt(
        logDir: String, files: [String], forceSorted: Set<String>, horizon: Timestamp?, progress: Progress? = nil
    ) throws
        -> (Result, Set<String>)
    {
        // The scans are independent: one per core.
        var scans = [Swift.Result<Scan, Error>?](repeating: nil, count: files.count)
        scans.withUnsafeMutableBufferPointer { out in
            let slots = out
            DispatchQueue.concurrentPerform(iterations: files.count) { i in
                slots[i] = Swift.Result {
                    try prescan(path: logDir + "/" + files[i], name: "log/" + files[i], horizon: horizon)
                }
            }
        }
        var annulled = Set<String>()
        var sources: [EventSource] = []
        var total = 0
        for (i, file) in files.enumerated() {
            let scan = try scans[i]!.get()
            total += scan.lines
            annulled.formUnion(scan.annulled)
            let path = logDir + "/" + file, name = "log/" + file
            sources.append(
                scan.inOrder && !forceSorted.contains(file)
                    ? try StreamSource(path: path, name: name, limit: scan.end, horizon: horizon)
                    : try SortedSource(path: path, name: name, limit: scan.end, horizon: horizon))
        }
        var state = State()
        var last: FoldKey?
        // Each source's next `at`, so choosing the next event compares integers (Int64.max: done).
        var heads = sources.map(\.headAt)
        var folded = 0
        while true {
            var best = -1
            for i in heads.indices where heads[i] != .max {
                if best < 0 || heads[i] < heads[best]
                    || (heads[i] == heads[best] && Event.foldOrder(sources[i].head!, sources[best].head!))
                {
                    best = i
                }
            }
            guard best >= 0 else { break }
            let e = sources[best].take()
            heads[best] = sources[best].headAt
            // Most replays annul nothing: no hash of every event's id then.
            if annulled.isEmpty || !annulled.contains(e.id) { state.apply(e) }
            last = FoldKey(e)
            folded += 1
            if folded & 0xFFFF == 0 { progress?(folded, total) }
        }
        progress?(total, total)
        var offsets: [String: LogOffset] = [:]
        var problems: [LogProblem] = []
        var held: [HeldEvent] = []
        var disordered = Set<String>()
        for (file, s) in zip(files, sources) {
            offsets[file] = s.consumed
            problems += s.problems
            held += s.held
            if s.disordered { disordered.insert(file) }
        }
        // An annulled event still moved the clock: the next write must sort after it too.
        if let last, last.at > state.latest.ms { state.latest = Timestamp(ms: last.at) }
        return (Result(state: state, offsets: offsets, problems: problems, last: last, held: held), disordered)
    }

    struct Scan {
        var annulled = Set<String>()
        var inOrder = true
        /// The bytes scanned (up to the last newline): the replay reads exactly these, so lines
        /// appended meanwhile by another process wait for the next reload, unchecked lines never stream.
        var end = 0
        /// Lines scanned: what a progress bar counts to.
        var lines = 0
    }

    /// Reads only each line's envelope (`"at"`, `"rep"`, `"id"`, written first by every Tend) to check
    /// the order, and fully parses only `annul` lines. A line not in that shape is parsed in full.
    static func prescan(path: String, name: String, horizon: Timestamp?) throws -> Scan {
        var scan = Scan()
        var lines = try ChunkedLines(path: path, name: name)
        var previous: FoldKey?
        while let line = try lines.next() {
            scan.lines += 1
            func parsed() -> Event? { try? line.withUnsafeBufferPointer { try Event.parse(line: $0) } }
            var key: FoldKey?
            // The envelope alone for most lines; the whole event only for an annul or an odd line.
            var event: Event?
            if let env = line.withUnsafeBufferPointer({ Envelope.read($0) }) {
                key = env.key
                if env.type == EventType.annul.rawValue { event = parsed() }
            } else {
                event = parsed()
                key = event.map(FoldKey.init)
            }
            // A held event neither annuls nor counts for the order: it is not folded now.
            if let h = horizon, let k = key, k.at > h.ms { continue }
            if let e = event, e.type == EventType.annul.rawValue {
                scan.annulled.formUnion(e.fields["events"]?.strings ?? [])
            }
            if let key {
                if let p = previous, key < p { scan.inOrder = false }
                previous = key
            }
        }
        scan.end = lines.offset
        return scan
    }
}

/// The envelope Tend writes at the start of every line: `{"v":1,"id":"…","at":"…","rep":"…","type":"…"`.
/// Read without building the JSON object; nil when a line is in another shape (written by hand).
struct Envelope {
    var key: FoldKey
    var type: String

    static func read(_ b: UnsafeBufferPointer<UInt8>) -> Envelope? {
        var i = 0
        func expect(_ s: StaticString) -> Bool {
            let n = s.utf8CodeUnitCount
            guard i + n <= b.count else { return false }
            for k in 0..<n where b[i + k] != s.utf8Start[k] { return false }
            i += n
            return true
        }
        /// A plain string value's bytes (no escapes) up to its closing quote.
        func plainBytes() -> UnsafeBufferPointer<UInt8>? {
            let start = i
            while i < b.count, b[i] != UInt8(ascii: "\"") {
                if b[i] == UInt8(ascii: "\\") { return nil }
                i += 1
            }
            guard i < b.count else { return nil }
            defer { i += 1 }
            return UnsafeBufferPointer(rebasing: b[start..<i])
        }
        func plain() -> String? { plainBytes().map { String(decoding: $0, as: UTF8.self) } }
        guard expect("{\"v\":") else { return nil }
        while i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") { i += 1 }
        // The time read from its bytes: no string made for it.
        guard expect(",\"id\":\""), let id = plain(), expect(",\"at\":\""), let atBytes = plainBytes(),
            let at = Timestamp.parseISO(bytes: atBytes), expect(",\"rep\":\""), let rep = plain(),
            expect(",\"type\":\""), let type = plain()
        else { return nil }
        return Envelope(key: FoldKey(at: at.ms, rep: rep, id: id), type: type)
    }
}
