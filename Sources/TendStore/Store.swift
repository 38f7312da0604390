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
    /// The fold of every event read. When new events arrive out of order (a sync, an undo), the
    /// refold waits until someone looks, so a process that only appends never pays for it.
    public var state: State {
        if needsRefold {
            folded = base
            let annulled = State.annulled(in: tail)
            for e in tail.sorted(by: Event.foldOrder) where !annulled.contains(e.id) { folded.apply(e) }
            needsRefold = false
        }
        return folded
    }
    private var folded = State()
    private var needsRefold = false
    /// The state every log was folded into up to `baseKey` — from the snapshot cache or a full
    /// replay — and the events read since (`tail`), kept so an undo or a late event refolds only them.
    private var base = State()
    private var baseKey: FoldKey?
    private var tail: [Event] = []
    /// Told how a full replay goes (events folded of all), for a progress bar on a terminal.
    var progress: Progress?
    /// The latest `at` read from any log: the hybrid logical clock never goes below it.
    private var latestSeen = Timestamp(ms: 0)
    public private(set) var settings: Settings
    /// Lines that could not be read, as `log/ann.jsonl:12: …`; skipped, never fatal.
    public private(set) var problems: [LogProblem] = []
    /// Events dated after the horizon (`Settings.horizon`): read, kept aside, folded once "now"
    /// reaches them. In file order.
    public private(set) var held: [HeldEvent] = []
    /// "Now" for the horizon: the caller's clock (`TEND_NOW` when pinned); nil reads the wall clock
    /// when needed. A running UI moves it forward on every tick.
    public var now: Timestamp?
    /// The latest `at` an event may have to be folded now.
    public var horizon: Timestamp { settings.horizon(now: now ?? Timestamp(Date())) }
    /// Per log file: bytes and lines consumed so far, so a reload reads only what is new.
    private var offsets: [String: LogOffset] = [:]
    private var ids: IDGenerator
    /// How start-up went: from the snapshot (and how many events after it), or a full replay.
    public private(set) var startup = Startup.replayed
    /// The contacts whose data changed since the last `markSeen()` (`State.contactsChanged(by:)`),
    /// for a view that rebuilds only theirs; nil when anything may have (a refold, a replay, an
    /// event that concerns everyone). The UI marks each state it takes.
    public private(set) var changedSinceMark: Set<String>?

    /// The state as of now has been taken: `changedSinceMark` counts from here.
    public func markSeen() { changedSinceMark = [] }

    public enum Startup: Equatable, Sendable {
        case fromSnapshot(tail: Int)
        case replayed
    }

    /// How much of the book a command needs. `.contacts` (a new contact: `tend add`) starts from the
    /// snapshot's first section alone — contacts, who was forgotten, the clock and the ids in use —
    /// so `state` then holds only those; with no usable snapshot it is the full fold anyway.
    ///
    /// `.contact(id:)` (quick capture: `tend note`) is `.contacts` holding only the contact with
    /// exactly that id, when the snapshot has one (else every contact, as `.contacts`): the others
    /// stay in the snapshot's bytes until an event read later creates, edits, merges or forgets a
    /// contact, or takes an event back, when they are decoded (`widenContacts`).
    ///
    /// `.agenda(rep:)` (one rep's `tend today`, and the terminal UI's first frame) holds everything
    /// but the promises other reps made: on a big team those are most of what a start decodes, and
    /// the rep's agenda shows only the rep's own (see `Agenda.build`). `.listing` holds none of
    /// the promises, nor the touch and note lists: for a listing that shows none (`tend list`).
    /// Either can be made whole with `promisesLeft` and `complete(with:)`; neither writes a
    /// snapshot.
    public enum Scope: Equatable, Sendable {
        case full, contacts, listing
        case agenda(rep: String)
        case contact(id: String)

        /// Reads the snapshot's first section only.
        var isIndexOnly: Bool {
            switch self {
            case .contacts, .contact: return true
            case .full, .listing, .agenda: return false
            }
        }
    }

    /// A `.contact(id:)` start's other contacts, still in the snapshot's bytes.
    private var contactsLeft: ContactRecords?

    /// Whether `state` holds only the contact index (see `Scope`). Its fold problems mean nothing then:
    /// a deal's events refer to deals it does not hold.
    public private(set) var isPartial = false
    /// Ids of deals and promises a partial state does not hold.
    /// Ids only a partial load's snapshot knows, left in its bytes; decoded and hashed into a set
    /// the first time a new id is made (most commands never make one: a note's promise does).
    private var takenElsewhereList: TakenIDs? {
        didSet { takenElsewhereSet = nil }
    }
    private var takenElsewhereSet: Set<String>?
    private var takenElsewhere: Set<String> {
        if let s = takenElsewhereSet { return s }
        let s = Set(takenElsewhereList?.ids() ?? [])
        takenElsewhereSet = s
        return s
    }

    public var logDir: String { dir + "/log" }

    /// Opens the store in `dir`, which need not exist yet (it is created by the first append).
    ///
    /// `cache`: start from `cache/snapshot.bin` when it matches the logs, and write a new one when the
    /// fold needed at least `cacheThreshold` events beyond it (a small book replays in milliseconds
    /// and needs no cache).
    public static func open(
        dir: String, idSeed: UInt64? = nil, cache: Bool = true, cacheThreshold: Int = 20_000,
        scope: Scope = .full, now: Timestamp? = nil, progress: Progress? = nil
    ) throws -> Store {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), !isDir.boolValue {
            throw StoreError("data dir \(dir) is a file, not a folder")
        }
        let store = Store(dir: dir, settings: try ConfigFile.load(dir: dir), idSeed: idSeed)
        store.now = now
        store.progress = progress
        if cache, let snap = Snapshot.load(dir: dir, logDir: store.logDir, scope: scope),
            (snap.last?.at ?? 0) <= store.horizon.ms  // made when "now" was later: it may hold what is held now
        {
            store.rebase(
                snap.state, last: snap.last,
                offsets: Dictionary(uniqueKeysWithValues: snap.logs.map { ($0.file, $0.offset) }),
                problems: snap.problems, held: snap.held)
            store.isPartial = snap.partial
            store.snapshotBuffer = snap.buffer
            if let part = snap.promisesPart, let owner = snap.buffer as? SnapshotBuffer {
                store.promisesLeft = PromisesLeft(
                    part: part, lists: snap.listsLeft, owner: owner, file: Snapshot.path(dir: dir))
            }
            store.takenElsewhereList = snap.taken
            store.contactsLeft = snap.contactsLeft
            store.startup = .fromSnapshot(tail: 0)
            try store.reload()
            if case .fromSnapshot = store.startup { store.startup = .fromSnapshot(tail: store.tail.count) }
        } else {
            try store.replayAll()
        }
        if cache, !store.isPartial,
            store.tail.count >= cacheThreshold
                || (store.startup == .replayed && store.base.eventCount >= cacheThreshold)
        {
            store.saveSnapshot()
        }
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
    /// after what is already folded; when one does not (a clock behind, a sync), the fold is redone
    /// from the base, or from every log when the event sorts before the base itself — so the answer
    /// is always the full fold's.
    @discardableResult
    public func reload() throws -> Int {
        let horizon = self.horizon
        // Held events whose time has come join what is new.
        var fresh = held.filter { $0.event.at <= horizon }.map(\.event)
        if !fresh.isEmpty { held.removeAll { $0.event.at <= horizon } }
        for file in try logFiles() {
            let name = "log/" + file
            let at = offsets[file] ?? LogOffset(bytes: 0, lines: 0)
            let r = try LogReader.read(
                path: logDir + "/" + file, name: name, from: at.bytes, line: at.lines, horizon: horizon)
            fresh.append(contentsOf: r.events)
            problems.append(contentsOf: r.problems)
            held.append(contentsOf: r.held)
            offsets[file] = LogOffset(bytes: r.consumed, lines: r.lines)
        }
        guard !fresh.isEmpty else { return 0 }
        if contactsLeft != nil, fresh.contains(where: { Self.changesContactIndex($0.type) }) {
            try widenContacts()
        }
        fresh.sort(by: Event.foldOrder)
        let annulled = State.annulled(in: fresh)
        // (The set of tail ids is built only when something is annulled: appends come thousands a run.)
        if let key = baseKey,
            FoldKey(fresh[0]) < key
                || (!annulled.isEmpty && !annulled.isSubset(of: Set(tail.map(\.id) + fresh.map(\.id))))
        {
            // Before the base, or taking back an event folded into it: only every log gives the answer.
            try replayAll()
            return fresh.count
        }
        let outOfOrder = !tail.isEmpty && fresh[0].at <= latestSeen
        tail.append(contentsOf: fresh)
        if needsRefold || outOfOrder || !annulled.isEmpty {
            needsRefold = true
            changedSinceMark = nil
        } else {
            for e in fresh {
                if changedSinceMark != nil {
                    if let c = folded.contactsChanged(by: e) {
                        changedSinceMark!.formUnion(c)
                    } else {
                        changedSinceMark = nil
                    }
                }
                folded.apply(e)
            }
        }
        latestSeen = max(latestSeen, fresh.last!.at)
        return fresh.count
    }

    /// What went wrong reading the snapshot's lists in this process, if anything (`SnapshotDamage`):
    /// what was read from it may be wrong, so nothing is written on it and the UI folds the logs.
    public var damage: String? { snapshotBuffer.flatMap { SnapshotDamage.found(in: $0) } }
    /// The mapped snapshot the state's lists come from, while they do.
    private var snapshotBuffer: AnyObject?

    /// What an `.agenda` start left out: every rep's promises, as the snapshot holds them, to read
    /// on any thread and hand to `complete(with:)`. Nil once the state is the whole book.
    public private(set) var promisesLeft: PromisesLeft?

    /// The promises part of a mapped snapshot, and the mapping that keeps it readable.
    /// (And for a `.listing` start, the touch and note lists' part, and the lists' bytes.)
    public struct PromisesLeft: @unchecked Sendable {
        let part: UnsafeBufferPointer<UInt8>
        let lists: (part: UnsafeBufferPointer<UInt8>, blob: UnsafeBufferPointer<UInt8>)?
        let owner: SnapshotBuffer
        /// The snapshot's path: a list found damaged when read removes it (`SnapshotDamage`).
        let file: String

        /// Every rep's promises, and the index by contact (and the lists, when left out).
        public func read() throws -> WholePromises {
            var r = ByteReader(part), s = State()
            try StateCodec.decode(
                .promises, from: &r, blob: UnsafeBufferPointer(start: nil, count: 0), into: &s, owner: owner)
            guard r.isAtEnd else { throw StoreError("the snapshot's promises do not read back; run tend again") }
            var whole = WholePromises(commitments: s.commitments, byContact: s.commitmentsByContact)
            if let lists {
                var r = ByteReader(lists.part), l = State()
                try StateCodec.decode(.lists, from: &r, blob: lists.blob, into: &l, owner: owner, file: file)
                guard r.isAtEnd else { throw StoreError("the snapshot's lists do not read back; run tend again") }
                whole.lists = (l.touches, l.notes)
            }
            return whole
        }
    }

    public struct WholePromises: Sendable {
        let commitments: [String: Commitment]
        let byContact: [String: [String]]
        var lists: (touches: ContactLists<Touch>, notes: ContactLists<Note>)?
    }

    /// The events the fold skipped, as far as this store can tell the book's own: a contacts-only
    /// state knows none; an `.agenda` one, those of the snapshot (the events read since may name
    /// promises it does not hold, which are not problems of the book).
    public var bookProblems: [FoldProblem] {
        guard isPartial else { return state.problems }
        return promisesLeft != nil ? base.problems : []
    }

    /// Makes an `.agenda` state the whole book: every rep's promises in the base, and the events
    /// read since folded on it again (those about promises it did not hold were skipped).
    public func complete(with whole: WholePromises) {
        guard promisesLeft != nil else { return }
        base.commitments = whole.commitments
        base.commitmentsByContact = whole.byContact
        if let lists = whole.lists { (base.touches, base.notes) = lists }
        needsRefold = true
        changedSinceMark = nil
        promisesLeft = nil
        isPartial = false
        takenElsewhereList = nil
    }

    /// The event types that add, change or remove a contact of the index, or may take back an
    /// event that did: a state holding one contact folds them only on the whole index.
    static func changesContactIndex(_ type: String) -> Bool {
        switch EventType(rawValue: type) {
        case .contact, .contactSet, .contactMerge, .forget, .annul: return true
        default: return false
        }
    }

    /// Makes a `.contact(id:)` state's contact index whole: every contact of the snapshot in the
    /// base, and the events read since folded on it again.
    private func widenContacts() throws {
        guard let left = contactsLeft else { return }
        do {
            // The records are every contact of the snapshot, the one already found among them.
            base.setContacts(byName: try left.decode())
        } catch {
            throw StoreError("the snapshot's contacts do not read back; run tend again")
        }
        contactsLeft = nil
        needsRefold = true
        changedSinceMark = nil
    }

    /// Refuses to write while what was read came from a damaged snapshot: a decision made on it
    /// (the guard, a cadence) may be wrong.
    public func refuseIfDamaged() throws {
        if let damage { throw StoreError("\(damage); nothing was saved. Run it again: Tend folds the logs anew") }
    }

    /// Folds every log again, leaving a damaged snapshot behind (the terminal UI, on damage).
    public func rebuildFromLogs() throws {
        try replayAll()
    }

    /// Folds every log from its first line (`Replay`), and makes that the base.
    func replayAll() throws {
        let r = try Replay.run(logDir: logDir, files: try logFiles(), horizon: horizon, progress: progress)
        rebase(r.state, last: r.last, offsets: r.offsets, problems: r.problems, held: r.held)
        startup = .replayed
        // Nothing of a damaged snapshot is read from now on: its damage is dealt with.
        if let damaged = snapshotBuffer { SnapshotDamage.clear(damaged) }
        snapshotBuffer = nil
        isPartial = false
        promisesLeft = nil
        takenElsewhereList = nil
        contactsLeft = nil
    }

    private func rebase(
        _ s: State, last: FoldKey?, offsets: [String: LogOffset], problems: [LogProblem],
        held: [HeldEvent]
    ) {
        base = s
        folded = s
        changedSinceMark = nil
        baseKey = last
        tail = []
        needsRefold = false
        self.offsets = offsets
        self.problems = problems
        self.held = held
        latestSeen = max(s.latest, Timestamp(ms: last?.at ?? 0))
    }

    /// Saves the current fold as the snapshot cache (best effort: the cache is only ever a shortcut).
    @discardableResult
    public func saveSnapshot() -> Bool {
        guard !isPartial, damage == nil else { return false }  // a partial state, or a damaged one, is not the book
        let s = state
        let last = ([baseKey].compactMap { $0 } + tail.map(FoldKey.init)).max()
        guard
            let bytes = try? Snapshot.encode(
                state: s, offsets: offsets, problems: problems, held: held, last: last,
                dataDir: dir),
            Snapshot.save(bytes, dir: dir)
        else { return false }
        rebase(s, last: last, offsets: offsets, problems: problems, held: held)
        return true
    }

    /// A new short id for a contact, deal or promise, unique in this store (and not in `excluding`:
    /// ids handed out for events not written yet).
    public func newEntityID(excluding: Set<String> = []) -> String {
        return ids.entityID(taken: { self.isTaken($0) || excluding.contains($0) })
    }

    /// Whether a contact, deal or promise already has this id (a partial state knows deals and
    /// promises only by id).
    public func isTaken(_ id: String) -> Bool {
        state.isTaken(id) || takenElsewhere.contains(id)
    }

    /// A generator for one batch, split off this store's so ids never repeat.
    func forkIDs() -> IDGenerator { ids.fork() }

    /// Appends events as given, with their own `at`: for demo data and imports of past facts.
    /// `asBatch: false` writes them as independent events (each stands alone if the write is cut).
    public func appendEvents(_ events: [Event], rep: String, asBatch: Bool = true) throws {
        try refuseIfDamaged()
        try ensureDirectories()
        let file = try streamFile(for: rep)
        try LogWriter.append(
            events, to: logDir + "/" + file, name: "log/" + file, asBatch: asBatch, horizon: horizon,
            record: LogRecord.path(dataDir: dir, file: file))
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
                try FileManager.default.createDirectory(
                    atPath: path, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError(
                    "cannot create \(path): "
                        + "\((error as NSError).localizedFailureReason ?? error.localizedDescription); nothing "
                        + "was saved"
                )
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
    /// it was made from — and never past the horizon, so a reader never holds what we write (held
    /// events do not move the clock; only a clock set back since the fold can reach the cap).
    public func batch(rep: String, now: Timestamp) throws -> Batch {
        self.now = now
        guard DataDir.validRep(rep) else {
            throw StoreError(
                "bad rep name \"\(rep)\": use letters, digits and -_. (it names the file log/\(rep).jsonl)")
        }
        try ensureDirectories()
        try reload()  // catch up first: our clock must pass what other processes wrote meanwhile
        return Batch(rep: rep, at: min(max(now, Timestamp(ms: latestSeen.ms + 1)), horizon), ids: forkIDs())
    }

    /// Writes a batch to its rep's log and folds it in.
    @discardableResult
    public func commit(_ batch: Batch) throws -> [Event] {
        try appendEvents(batch.events, rep: batch.rep)
        return batch.events
    }

    /// Appends planned changes as one batch, giving each promise the id of the change of the batch it
    /// came from (`PlannedChange.sourceInBatch`).
    @discardableResult
    public func append(_ planned: [PlannedChange], rep: String, now: Timestamp) throws -> [Event] {
        var b = try batch(rep: rep, now: now)
        var ids: [String] = []
        for p in planned {
            var change = p.change
            if let k = p.sourceInBatch, case .promise(var promise) = change {
                guard ids.indices.contains(k) else {
                    throw StoreError(
                        "a promise names change \(k) of its batch as its source, which does not come before it; "
                            + "nothing was saved"
                    )
                }
                promise.source = ids[k]
                change = .promise(promise)
            }
            ids.append(b.add(change))
        }
        return try commit(b)
    }

    /// Appends `changes` to `rep`'s log as one batch.
    @discardableResult
    public func append(_ changes: [Change], rep: String, now: Timestamp) throws -> [Event] {
        var b = try batch(rep: rep, now: now)
        for c in changes { b.add(c) }
        return try commit(b)
    }
}

extension Store {
    /// The team's rules from its server (`tend team init` stored them): the guard and the cadence
    /// every machine of the team decides by, whatever this data dir's config.toml says.
    public func adoptTeamRules(from team: Settings) {
        settings.guardRule = team.guardRule
        settings.cadence = team.cadence
    }
}

/// How long work is going: called with what is done and of how much, from the working thread.
public typealias Progress = (_ done: Int, _ total: Int) -> Void
