import Foundation
import TendCore

/// The plain-file store of one data dir: every rep's log folded into one `State`, and appends to the
/// current rep's own log. The one entry point for reading (hledger's rule): `Store.open`.
///
///     <dir>/log/<rep>.jsonl   append-only, one event per line, written only by that rep
///     <dir>/config.toml       team settings (optional)
///     <dir>/cache/            derived data; deleting it loses nothing
public final class Store {
    public let dir: String
    /// The fold of every event read. Refolding (when events arrive out of order, or an undo) waits
    /// until someone looks, so a process that only appends never pays for it.
    public var state: State {
        if needsRefold {
            folded = State.fold(events)
            needsRefold = false
        }
        return folded
    }
    private var folded = State()
    private var needsRefold = false
    /// The latest `at` read from any log: the hybrid logical clock never goes below it.
    private var latestSeen = Timestamp(ms: 0)
    public let settings: Settings
    /// Lines that could not be read, as `log/ann.jsonl:12: …`; skipped, never fatal.
    public private(set) var problems: [LogProblem] = []
    /// Per log file: bytes and lines consumed so far, so a reload reads only what is new.
    private var offsets: [String: (bytes: Int, lines: Int)] = [:]
    /// Every event read, for refolding when one arrives out of order or an undo takes some back.
    private var events: [Event] = []
    private var ids: IDGenerator

    public var logDir: String { dir + "/log" }

    /// Opens the store in `dir`, which need not exist yet (it is created by the first append).
    public static func open(dir: String, idSeed: UInt64? = nil) throws -> Store {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), !isDir.boolValue {
            throw StoreError("data dir \(dir) is a file, not a folder")
        }
        let store = Store(dir: dir, settings: try ConfigFile.load(dir: dir), idSeed: idSeed)
        try store.reload()
        return store
    }

    init(dir: String, settings: Settings, idSeed: UInt64?) {
        self.dir = dir
        self.settings = settings
        self.ids = IDGenerator(seed: idSeed)
    }

    /// The log files present, by rep, sorted by name.
    public func logFiles() throws -> [String] {
        guard FileManager.default.fileExists(atPath: logDir) else { return [] }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: logDir)
                .filter { $0.hasSuffix(".jsonl") && !$0.hasPrefix(".") }.sorted()
        } catch {
            throw StoreError("cannot list \(logDir): \(error.localizedDescription)")
        }
    }

    /// Reads what is new in every log and folds it in. New events from other processes normally sort
    /// after what is already folded; when one does not (a clock behind, a sync), the state is rebuilt
    /// from every event, so the answer is always the full fold's.
    @discardableResult
    public func reload() throws -> Int {
        var fresh: [Event] = []
        for file in try logFiles() {
            let name = "log/" + file
            let (bytes, lines) = offsets[file] ?? (0, 0)
            let r = try LogReader.read(path: logDir + "/" + file, name: name, from: bytes, line: lines)
            fresh.append(contentsOf: r.events)
            problems.append(contentsOf: r.problems)
            offsets[file] = (r.consumed, r.lines)
        }
        guard !fresh.isEmpty else { return 0 }
        fresh.sort(by: Event.foldOrder)
        events.append(contentsOf: fresh)
        let outOfOrder = events.count > fresh.count && fresh[0].at <= latestSeen
        if needsRefold || outOfOrder || fresh.contains(where: { $0.type == "annul" }) {
            needsRefold = true
        } else {
            for e in fresh { folded.apply(e) }
        }
        latestSeen = max(latestSeen, fresh.last!.at)
        return fresh.count
    }

    /// Every event read so far, in read order.
    var allEvents: [Event] { events }

    /// Forgets what was read and reads every log again (after a log was rewritten).
    func rereadAll() throws {
        offsets = [:]
        events = []
        folded = State()
        needsRefold = false
        latestSeen = Timestamp(ms: 0)
        try reload()
    }

    /// A new short id for a contact, deal or promise, unique in this store (and not in `excluding`:
    /// ids handed out for events not written yet).
    public func newEntityID(excluding: Set<String> = []) -> String {
        let s = state
        return ids.entityID(taken: { s.isTaken($0) || excluding.contains($0) })
    }

    /// A generator for one batch, split off this store's so ids never repeat.
    func forkIDs() -> IDGenerator { ids.fork() }

    /// Appends events as given, with their own `at`: for demo data and imports of past facts.
    /// `asBatch: false` writes them as independent events (each stands alone if the write is cut).
    public func appendEvents(_ events: [Event], rep: String, asBatch: Bool = true) throws {
        try ensureDirectories()
        let file = rep + ".jsonl"
        try LogWriter.append(events, to: logDir + "/" + file, name: "log/" + file, asBatch: asBatch)
        try reload()
    }

    /// Creates the data dir and its log folder, 0700.
    public func ensureDirectories() throws {
        for path in [dir, logDir] {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
                guard isDir.boolValue else { throw StoreError("\(path) is a file, not a folder; nothing was saved") }
                continue
            }
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError("cannot create \(path): \((error as NSError).localizedFailureReason ?? error.localizedDescription); nothing was saved")
            }
        }
        guard access(logDir, W_OK) == 0 else {
            throw StoreError("data dir \(dir) is not writable: \(String(cString: strerror(errno))); nothing was saved")
        }
    }
}

/// Events being made together: one append, all or nothing. Ids are known as soon as an event is
/// added, so a later event of the batch can point at an earlier one (a promise at the touch it came from).
public struct Batch {
    public let rep: String
    var at: Timestamp
    var ids: IDGenerator
    public private(set) var events: [Event] = []

    /// Adds a change and returns the id of its event.
    @discardableResult
    public mutating func add(_ change: Change) -> String {
        let e = Event(id: ids.eventID(at: at), at: at, rep: rep, type: change.type, fields: change.fields)
        events.append(e)
        at = Timestamp(ms: at.ms + 1)
        return e.id
    }

    /// Adds a fact that happened at `when` (an imported past touch); the fold orders it by that time.
    @discardableResult
    public mutating func add(_ change: Change, at when: Timestamp) -> String {
        let e = Event(id: ids.eventID(at: when), at: when, rep: rep, type: change.type, fields: change.fields)
        events.append(e)
        return e.id
    }
}

extension Store {
    /// Starts a batch for `rep` at `now`. Each event's `at` comes from a hybrid logical clock: the
    /// wall clock, but always after every event already seen, so a new fact sorts after the facts
    /// it was made from.
    public func batch(rep: String, now: Timestamp) throws -> Batch {
        guard DataDir.validRep(rep) else {
            throw StoreError("bad rep name \"\(rep)\": use letters, digits and -_. (it names the file log/\(rep).jsonl)")
        }
        try ensureDirectories()
        try reload()  // catch up first: our clock must pass what other processes wrote meanwhile
        return Batch(rep: rep, at: max(now, Timestamp(ms: latestSeen.ms + 1)), ids: forkIDs())
    }

    /// Writes a batch to its rep's log and folds it in.
    @discardableResult
    public func commit(_ batch: Batch) throws -> [Event] {
        try appendEvents(batch.events, rep: batch.rep)
        return batch.events
    }

    /// Appends `changes` to `rep`'s log as one batch.
    @discardableResult
    public func append(_ changes: [Change], rep: String, now: Timestamp) throws -> [Event] {
        var b = try batch(rep: rep, now: now)
        for c in changes { b.add(c) }
        return try commit(b)
    }
}
