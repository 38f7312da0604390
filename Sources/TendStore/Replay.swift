import Foundation
import TendCore

/// Where an event stands in the fold order (`at`, `rep`, `id`).
public struct FoldKey: Comparable, Sendable {
    public var at: Int64
    public var rep: String
    public var id: String

    public init(_ e: Event) {
        at = e.at.ms
        rep = e.rep
        id = e.id
    }

    public init(at: Int64, rep: String, id: String) {
        self.at = at
        self.rep = rep
        self.id = id
    }

    public static func < (a: FoldKey, b: FoldKey) -> Bool {
        if a.at != b.at { return a.at < b.at }
        if a.rep != b.rep { return a.rep < b.rep }
        return a.id < b.id
    }
}

/// How far a log has been read: bytes and lines, so the next read starts there.
public struct LogOffset: Equatable, Sendable {
    public var bytes: Int
    public var lines: Int
}

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
        /// The greatest key of every event read (applied or annulled).
        var last: FoldKey?
    }

    static func run(logDir: String, files: [String]) throws -> Result {
        var forceSorted = Set<String>()
        while true {
            let (result, disordered) = try attempt(logDir: logDir, files: files, forceSorted: forceSorted)
            // A log found out of order while streaming (rewritten between the scan and the read):
            // once more, reading that one whole and sorted.
            if disordered.isEmpty || disordered.isSubset(of: forceSorted) { return result }
            forceSorted.formUnion(disordered)
        }
    }

    static func attempt(logDir: String, files: [String], forceSorted: Set<String>) throws -> (Result, Set<String>) {
        // The scans are independent: one per core.
        var scans = [Swift.Result<Scan, Error>?](repeating: nil, count: files.count)
        scans.withUnsafeMutableBufferPointer { out in
            let slots = out
            DispatchQueue.concurrentPerform(iterations: files.count) { i in
                slots[i] = Swift.Result { try prescan(path: logDir + "/" + files[i], name: "log/" + files[i]) }
            }
        }
        var annulled = Set<String>()
        var sources: [EventSource] = []
        for (i, file) in files.enumerated() {
            let scan = try scans[i]!.get()
            annulled.formUnion(scan.annulled)
            let path = logDir + "/" + file, name = "log/" + file
            sources.append(scan.inOrder && !forceSorted.contains(file)
                ? try StreamSource(path: path, name: name, limit: scan.end)
                : try SortedSource(path: path, name: name, limit: scan.end))
        }
        var state = State()
        var last: FoldKey?
        // Each source's next `at`, so choosing the next event compares integers (Int64.max: done).
        var heads = sources.map { $0.head?.at.ms ?? .max }
        while true {
            var best = -1
            for i in heads.indices where heads[i] != .max {
                if best < 0 || heads[i] < heads[best]
                    || (heads[i] == heads[best] && Event.foldOrder(sources[i].head!, sources[best].head!)) { best = i }
            }
            guard best >= 0 else { break }
            let e = sources[best].head!
            sources[best].advance()
            heads[best] = sources[best].head?.at.ms ?? .max
            if !annulled.contains(e.id) { state.apply(e) }
            last = FoldKey(e)
        }
        var offsets: [String: LogOffset] = [:]
        var problems: [LogProblem] = []
        var disordered = Set<String>()
        for (file, s) in zip(files, sources) {
            offsets[file] = s.consumed
            problems += s.problems
            if s.disordered { disordered.insert(file) }
        }
        // An annulled event still moved the clock: the next write must sort after it too.
        if let last, last.at > state.latest.ms { state.latest = Timestamp(ms: last.at) }
        return (Result(state: state, offsets: offsets, problems: problems, last: last), disordered)
    }

    struct Scan {
        var annulled = Set<String>()
        var inOrder = true
        /// The bytes scanned (up to the last newline): the replay reads exactly these, so lines
        /// appended meanwhile by another process wait for the next reload, unchecked lines never stream.
        var end = 0
    }

    /// Reads only each line's envelope (`"at"`, `"rep"`, `"id"`, written first by every Tend) to check
    /// the order, and fully parses only `annul` lines. A line not in that shape is parsed in full.
    static func prescan(path: String, name: String) throws -> Scan {
        var scan = Scan()
        var lines = try ChunkedLines(path: path, name: name)
        var previous: FoldKey?
        while let line = try lines.next() {
            let envelope = line.withUnsafeBufferPointer { Envelope.read($0) }
            var key: FoldKey?
            var isAnnul = false
            if let env = envelope {
                key = env.key
                isAnnul = env.type == "annul"
            } else if let e = try? line.withUnsafeBufferPointer({ try Event.parse(line: $0) }) {
                key = FoldKey(e)
                isAnnul = e.type == "annul"
            }
            if isAnnul, let e = try? line.withUnsafeBufferPointer({ try Event.parse(line: $0) }) {
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
        /// A plain string value (no escapes) up to its closing quote.
        func plain() -> String? {
            let start = i
            while i < b.count, b[i] != UInt8(ascii: "\"") {
                if b[i] == UInt8(ascii: "\\") { return nil }
                i += 1
            }
            guard i < b.count else { return nil }
            defer { i += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
        }
        guard expect("{\"v\":") else { return nil }
        while i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") { i += 1 }
        guard expect(",\"id\":\""), let id = plain(), expect(",\"at\":\""), let atText = plain(),
              let at = Timestamp.parseISO(atText), expect(",\"rep\":\""), let rep = plain(),
              expect(",\"type\":\""), let type = plain()
        else { return nil }
        return Envelope(key: FoldKey(at: at.ms, rep: rep, id: id), type: type)
    }
}

/// A log read line by line in 1 MiB chunks, without holding the file in memory.
struct ChunkedLines {
    let fd: Int32
    let name: String
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    /// The unread bytes are buffer[start..<end].
    var start = 0
    var end = 0
    var eof = false
    /// Bytes and lines before `start`.
    var offset = 0
    var lineNumber = 0
    /// Bytes not to read past (nil: to the end of the file).
    let limit: Int?
    var read = 0

    init(path: String, name: String, limit: Int? = nil) throws {
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError("cannot read \(name): \(String(cString: strerror(errno)))") }
        self.name = name
        self.limit = limit
    }

    /// The next whole line (without its newline), or nil at the end; a last line with no newline is
    /// never returned (it is a write in progress). Closes the file at the end.
    mutating func next() throws -> ArraySlice<UInt8>? {
        while true {
            let (s, e) = (start, end)
            let found: Int? = buffer.withUnsafeBufferPointer { b in
                guard s < e, let p = memchr(b.baseAddress! + s, 0x0A, e - s) else { return nil }
                return b.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self))
            }
            if let nl = found {
                let line = buffer[start..<nl]
                offset += nl + 1 - start
                lineNumber += 1
                start = nl + 1
                return line
            }
            if eof { return nil }
            // Keep the unfinished line, at the front; grow only for a line longer than the buffer.
            let pending = end - start
            if start > 0 {
                buffer.withUnsafeMutableBytes { b in _ = memmove(b.baseAddress!, b.baseAddress! + s, pending) }
                start = 0
                end = pending
            }
            if end == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
            let room = min(buffer.count - end, limit.map { $0 - read } ?? Int.max), at = end
            let n = room == 0 ? 0 : buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + at, room) }
            if n < 0 {
                close(fd)
                throw StoreError("cannot read \(name): \(String(cString: strerror(errno)))")
            }
            if n == 0 {
                eof = true
                close(fd)
            }
            end += n
            read += max(n, 0)
        }
    }
}

/// One log's events in fold order, one at a time.
protocol EventSource {
    var head: Event? { get }
    mutating func advance()
    var consumed: LogOffset { get }
    var problems: [LogProblem] { get }
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
    var done = false
    var disordered = false
    var previous: Event?

    init(path: String, name: String, limit: Int) throws {
        lines = try ChunkedLines(path: path, name: name, limit: limit)
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
                if !more { flushBatch() }
            } catch {
                problems.append(LogProblem(file: lines.name, line: lines.lineNumber, message: "\(error)"))
                flushBatch()
            }
        }
    }

    mutating func flushBatch() {
        swap(&ready, &pending)
        pending.removeAll(keepingCapacity: true)
        consumed = LogOffset(bytes: lines.offset, lines: lines.lineNumber)
    }
}

/// A log not in fold order: read whole and sorted.
struct SortedSource: EventSource {
    var events: [Event]
    var index = 0
    var consumed: LogOffset
    var problems: [LogProblem]
    var disordered: Bool { false }

    init(path: String, name: String, limit: Int) throws {
        let r = try LogReader.read(path: path, name: name, limit: limit)
        events = r.events.sorted(by: Event.foldOrder)
        consumed = LogOffset(bytes: r.consumed, lines: r.lines)
        problems = r.problems
    }

    var head: Event? { index < events.count ? events[index] : nil }
    mutating func advance() { index += 1 }
}
