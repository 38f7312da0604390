import Foundation
import TendCore

/// The folded state saved in `cache/snapshot.bin` with how far each log had been read, so start-up
/// folds only what was written since instead of every line ever written.
///
/// Trusted only when it provably matches the logs: the right format version, an intact checksum, and
/// for every log it covers, the file still at least as long and its covered bytes unchanged — proved
/// without reading them when the log's `LogRecord` vouches for the file as it is and carries the
/// snapshot's lineage (every change since was a Tend append), else by hashing the covered bytes
/// (a git pull, an editor, a copy: any change to them means a full replay). Deleting `cache/` loses
/// nothing.
struct Snapshot {
    /// Bump on any change to what is written here or in `StateCodec`.
    static let formatVersion: UInt64 = 17
    static let magic = Array("TENDSNAP".utf8)
    static let fileName = "snapshot.bin"

    struct LogMark: Equatable {
        var file: String
        var offset: LogOffset
        /// The log's `LogRecord` lineage when the snapshot was made.
        var lineage: UInt64
        /// `LogHash` of every byte before the offset.
        var hash: UInt64
    }

    var logs: [LogMark]
    var problems: [LogProblem]
    /// Events read but held (dated after the horizon when the snapshot was made), kept as lines.
    var held: [HeldEvent] = []
    var last: FoldKey?
    var state: State
    /// Read for a narrower scope than `.full` (`Store.Scope`): the state holds only what it needs.
    var partial = false
    /// Ids of deals and promises a partial load does not hold, for new ids to avoid.
    var taken: TakenIDs?
    /// A `.contact` load that found its contact: the other contacts, left in the bytes.
    var contactsLeft: ContactRecords?
    /// The mapped file the state's lists are read from (`SnapshotDamage.found(in:)`).
    var buffer: AnyObject?
    /// An `.agenda` or `.listing` load: the promises part, every rep's, for `Store.promisesLeft`.
    var promisesPart: UnsafeBufferPointer<UInt8>?
    /// A `.listing` load: the touch and note lists' part, not read, and the lists' bytes.
    var listsLeft: (part: UnsafeBufferPointer<UInt8>, blob: UnsafeBufferPointer<UInt8>)?

    static func path(dir: String) -> String { dir + "/cache/" + fileName }

    // MARK: Writing

    /// The snapshot's bytes; the hashes are computed from the logs as they are now.
    static func encode(
        state: State, offsets: [String: LogOffset], problems: [LogProblem], held: [HeldEvent],
        last: FoldKey?, dataDir: String
    ) throws -> [UInt8] {
        var w = ByteWriter()
        w.count(offsets.count)
        for (file, off) in offsets.sorted(by: { $0.key < $1.key }) {
            let mark = try mark(file: file, offset: off, dataDir: dataDir)
            w.str(file); w.count(off.bytes); w.count(off.lines); w.uint(mark.lineage); w.uint(mark.hash)
        }
        w.count(problems.count)
        for p in problems { w.str(p.file); w.count(p.line); w.str(p.message) }
        w.count(held.count)
        for h in held { w.str(h.file); w.count(h.line); w.str(h.event.line) }
        if let last { w.u8(1); w.int(last.at); w.str(last.rep); w.str(last.id) } else { w.u8(0) }
        StateCodec.encodeIndex(state, into: &w)
        let damageBefore = SnapshotDamage.count
        var rest = ByteWriter(), blob = ByteWriter()
        StateCodec.encodeRest(state, into: &rest, blob: &blob)
        // Copying a list that failed its checksum would save the damage as a sound list.
        if SnapshotDamage.count != damageBefore { throw StoreError("not saving the snapshot: a list is damaged") }
        // Two sections, each with its length and checksum: a command that only names contacts
        // checks and reads the first (a few MB) and never touches the second. Then the touch and
        // note lists (most of the bytes), each with its own checksum in the second section, read
        // only when a list is: a start-up reads none of those it does not show.
        var out = ByteWriter()
        out.bytes = magic
        out.uint(formatVersion)
        for section in [w.bytes, rest.bytes] {
            out.uint(UInt64(section.count))
            out.uint(section.withUnsafeBytes { FNV1a.wide($0) })
            out.bytes += section
        }
        out.uint(UInt64(blob.bytes.count))
        out.bytes += blob.bytes
        return out.bytes
    }

    /// Writes the snapshot atomically; a read-only or full disk just means no cache this time.
    static func save(_ bytes: [UInt8], dir: String) -> Bool {
        let cache = dir + "/cache"
        if !FileManager.default.fileExists(atPath: cache) {
            guard
                (try? FileManager.default.createDirectory(
                    atPath: cache, withIntermediateDirectories: false,
                    attributes: [.posixPermissions: 0o700])) != nil
            else { return false }
        }
        return (try? AtomicFile.write(bytes, to: path(dir: dir))) != nil
    }

    // MARK: Reading

    /// The snapshot in `dir`, if there is one and every log it covers still matches; nil otherwise.
    static func load(dir: String, logDir: String, scope: Store.Scope = .full) -> Snapshot? {
        guard let buffer = SnapshotBuffer.read(path(dir: dir)),
            let snap = try? decode(buffer.bytes, owner: buffer, scope: scope, file: path(dir: dir))
        else { return nil }
        for mark in snap.logs where !covers(mark, dataDir: dir) { return nil }
        var loaded = snap
        loaded.buffer = buffer
        return loaded
    }

    /// Opens a log for proving its bytes, holding a shared lock so no Tend writer is half-way
    /// through an append (writers hold it exclusively, and update the record before letting go).
    static func withLockedLog<T>(_ dataDir: String, _ file: String, _ body: (Int32, LogStat) throws -> T) throws -> T {
        let fd = open(dataDir + "/log/" + file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError("log/\(file) is gone") }
        defer { close(fd) }
        flock(fd, LOCK_SH)
        defer { flock(fd, LOCK_UN) }
        guard let st = LogStat(fd: fd) else { throw StoreError("cannot stat log/\(file)") }
        return try body(fd, st)
    }

    /// Logs whose covered bytes had to be read to prove them (this process): the benchmark and the
    /// tests watch the fast path with it.
    nonisolated(unsafe) static var hashedLogs = 0

    /// Whether the log still holds, unchanged, the bytes `mark` covers.
    static func covers(_ mark: LogMark, dataDir: String) -> Bool {
        let recordPath = LogRecord.path(dataDir: dataDir, file: mark.file)
        let covered = Int64(mark.offset.bytes)
        return
            (try? withLockedLog(dataDir, mark.file) { fd, st -> Bool in
                guard st.size >= covered else { return false }
                // The common case: only Tend appended since, so nothing covered can have changed.
                if let r = LogRecord.read(recordPath), r.vouches(for: st), r.lineage == mark.lineage,
                    r.stat.size >= covered
                {
                    return true
                }
                hashedLogs += 1
                guard let h = LogHash.of(fd: fd, size: st.size, mark: covered), h.atMark?.value == mark.hash else {
                    return false
                }
                // Proved by hashing: record it, so the next start needs no hashing.
                if LogStat(fd: fd) == st {
                    LogRecord.write(stat: st, lineage: mark.lineage, hash: h.atEnd, shared: true, to: recordPath)
                }
                return true
            }) ?? false
    }

    /// The mark to save for a log read up to `offset`: the record's lineage and hash when it
    /// vouches for the file as it is, else hashed (and a record started, so the next start is fast).
    static func mark(file: String, offset: LogOffset, dataDir: String) throws -> LogMark {
        let recordPath = LogRecord.path(dataDir: dataDir, file: file)
        let covered = Int64(offset.bytes)
        return try withLockedLog(dataDir, file) { fd, st in
            guard st.size >= covered else { throw StoreError("log/\(file) is shorter than what was read") }
            let r = LogRecord.read(recordPath).flatMap { $0.vouches(for: st) ? $0 : nil }
            if let r, r.stat.size == covered {
                return LogMark(file: file, offset: offset, lineage: r.lineage, hash: r.hash.value)
            }
            guard let h = LogHash.of(fd: fd, size: st.size, mark: covered), let atMark = h.atMark else {
                throw StoreError("cannot read log/\(file)")
            }
            let lineage = r?.lineage ?? LogRecord.newLineage()
            if r == nil, LogStat(fd: fd) == st {
                LogRecord.write(stat: st, lineage: lineage, hash: h.atEnd, shared: true, to: recordPath)
            }
            return LogMark(file: file, offset: offset, lineage: lineage, hash: atMark.value)
        }
    }

    /// Decodes a snapshot from `b`, which `owner` keeps alive for the lists left encoded, as much
    /// of it as `scope` needs: `.contacts` reads only the first section, `.agenda` leaves out the
    /// promises other reps made, `.listing` every promise and the touch and note lists.
    static func decode(
        _ b: UnsafeBufferPointer<UInt8>, owner: AnyObject & Sendable, scope: Store.Scope = .full, file: String? = nil
    ) throws -> Snapshot {
        let partial = scope != .full
        var promisesPart: UnsafeBufferPointer<UInt8>?
        var listsLeft: (part: UnsafeBufferPointer<UInt8>, blob: UnsafeBufferPointer<UInt8>)?
        guard b.count > magic.count, Array(b[0..<magic.count]) == magic else { throw ByteReader.Corrupt() }
        var r = ByteReader(b)
        r.at = magic.count
        guard try r.uint() == formatVersion else { throw ByteReader.Corrupt() }
        /// The next section as a reader of its own bytes, and whether its checksum holds.
        func section() throws -> (ByteReader, check: () -> Bool) {
            let length = try r.uint(), sum = try r.uint()
            guard length <= UInt64(b.count - r.at) else { throw ByteReader.Corrupt() }
            let bytes = UnsafeBufferPointer(rebasing: b[r.at..<(r.at + Int(length))])
            r.at += Int(length)
            return (ByteReader(bytes), { FNV1a.wide(UnsafeRawBufferPointer(bytes)) == sum })
        }
        var (index, indexHolds) = try section()
        guard indexHolds() else { throw ByteReader.Corrupt() }
        var logs: [LogMark] = []
        for _ in 0..<(try index.count()) {
            logs.append(
                LogMark(
                    file: try index.str(),
                    offset: LogOffset(bytes: Int(try index.uint()), lines: Int(try index.uint())),
                    lineage: try index.uint(), hash: try index.uint()))
        }
        var problems: [LogProblem] = []
        for _ in 0..<(try index.count()) {
            problems.append(LogProblem(file: try index.str(), line: Int(try index.uint()), message: try index.str()))
        }
        var held: [HeldEvent] = []
        for _ in 0..<(try index.count()) {
            let file = try index.str(), line = Int(try index.uint())
            guard let e = try? Event.parse(line: Array(try index.str().utf8)) else { throw ByteReader.Corrupt() }
            held.append(HeldEvent(file: file, line: line, event: e))
        }
        let last: FoldKey? =
            try index.u8() == 1 ? FoldKey(at: try index.int(), rep: try index.str(), id: try index.str()) : nil
        var state = State()
        var only: String?
        if case .contact(let id) = scope { only = id }
        let left = try StateCodec.decodeIndex(
            &index, into: &state, wantTaken: partial, only: only, contactsLater: !scope.isIndexOnly)
        let contactsLeft = left.contacts.map { ContactRecords(bytes: $0.records, count: $0.count, owner: owner) }
        let taken = left.taken.map { TakenIDs(bytes: $0, contacts: contactsLeft, owner: owner) }
        guard index.isAtEnd else { throw ByteReader.Corrupt() }
        if !scope.isIndexOnly {
            // Checked before a byte of it is decoded (a few MB, now the lists are out of it).
            var (rest, restHolds) = try section()
            guard restHolds() else { throw ByteReader.Corrupt() }
            let blob = try r.blobAfter()
            adviseRandom(blob)
            var promises = StateCodec.Promises.all
            if case .agenda(let rep) = scope { promises = .of(rep) }
            if scope == .listing { promises = .none }
            let parts = try StateCodec.partSlices(&rest)
            // A listing shows no touch or note: their part (where each list lies) is not read.
            let lists = scope != .listing
            try StateCodec.decodeParts(
                parts, blob: blob, into: &state, owner: owner, file: file, promises: promises, lists: lists,
                contacts: left.later)
            guard rest.isAtEnd, r.isAtEnd else { throw ByteReader.Corrupt() }
            if promises != .all { promisesPart = parts[StateCodec.Part.promises.rawValue] }
            if !lists { listsLeft = (parts[StateCodec.Part.lists.rawValue], blob) }
        }
        return Snapshot(
            logs: logs, problems: problems, held: held, last: last, state: state, partial: partial,
            taken: taken, contactsLeft: contactsLeft, promisesPart: promisesPart, listsLeft: listsLeft)
    }
}

/// The ids of deals and promises a partial load does not hold, as the snapshot's bytes, made into
/// strings only when a new id is first made: most commands never make one (a note's promise
/// does), and making the 75,000 of a big team was a sixth of `tend note`'s instructions.
struct TakenIDs {
    let bytes: UnsafeBufferPointer<UInt8>
    /// A `.contact` load's other contacts: their ids are taken too.
    let contacts: ContactRecords?
    /// The mapping the bytes are in, kept alive as long as they may be read.
    let owner: AnyObject

    /// The same bytes were stepped over, length by length, when the snapshot was read.
    func ids() -> [String] {
        var r = ByteReader(bytes)
        return ((try? r.strs()) ?? []) + (contacts?.ids() ?? [])
    }
}

/// The contacts a `.contact(id:)` load left in the snapshot's bytes (all but the one it found),
/// each after its length: decoded when an event read later needs the whole contact index
/// (`Store.widenContacts`), their ids read when a new id is made.
struct ContactRecords {
    let bytes: UnsafeBufferPointer<UInt8>
    let count: Int
    /// The mapping the bytes are in, kept alive as long as they may be read.
    let owner: AnyObject

    /// Every contact of the snapshot (the one found among them), by name.
    func decode() throws -> [Contact] { try StateCodec.decodeContacts(bytes, count: count) }

    /// Each record starts with its contact's id.
    func ids() -> [String] {
        var r = ByteReader(bytes), out: [String] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            // The section's checksum held when it was read: these reads do not fail.
            guard let b = try? r.blobAfter() else { break }
            var record = ByteReader(b)
            guard let id = try? record.str() else { break }
            out.append(id)
        }
        return out
    }
}

/// The lists are read here and there (the contacts on today's screen): no read-ahead around each,
/// which would bring in, and keep resident, most of the file for a few thousand small lists.
func adviseRandom(_ b: UnsafeBufferPointer<UInt8>) {
    guard let base = b.baseAddress, b.count > 0 else { return }
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let start = (Int(bitPattern: base) + page - 1) / page * page
    let end = Int(bitPattern: base) + b.count
    guard end - start >= page, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
    _ = madvise(p, (end - start) / page * page, MADV_RANDOM)
}

/// A snapshot list that failed its checksum when it was read (a failing disk, an edit by hand):
/// what came from it is not to be trusted. The snapshot file is removed so the next start folds
/// the logs; the store that read it writes nothing more (`Store.refuseIfDamaged`) until it folds
/// the logs again (`Store.rebuildFromLogs`, which the terminal UI does at once); a command that
/// read it exits with an error.
public enum SnapshotDamage {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var first: String?
    nonisolated(unsafe) private static var byOwner: [ObjectIdentifier: String] = [:]
    nonisolated(unsafe) private static var reports = 0

    /// How many times damage was reported in this process: a snapshot being written checks that
    /// none was while it copied the lists.
    static var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return reports
    }

    /// The first damage found in this process, for a command's exit.
    public static var found: String? {
        lock.lock()
        defer { lock.unlock() }
        return first
    }

    /// The damage found in the snapshot mapped as `owner`, if any.
    static func found(in owner: AnyObject) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return byOwner[ObjectIdentifier(owner)]
    }

    /// `file`: the damaged snapshot, removed (if it is still the file `owner` mapped: another
    /// process may have written a sound one there since).
    static func report(_ damage: String, in owner: AnyObject, file: String?) {
        lock.lock()
        defer { lock.unlock() }
        let what = "cache/snapshot.bin is damaged: " + damage
        reports += 1
        if first == nil { first = what }
        if byOwner[ObjectIdentifier(owner)] == nil { byOwner[ObjectIdentifier(owner)] = what }
        if let file, let mapped = owner as? SnapshotBuffer, mapped.isFile(at: file) { unlink(file) }
    }

    /// A mapping is gone: its identity may be reused by another (the process's first damage stays
    /// for the command's exit).
    static func forget(_ owner: AnyObject) {
        lock.lock()
        defer { lock.unlock() }
        byOwner[ObjectIdentifier(owner)] = nil
    }

    /// The process's damage is dealt with (the state was folded again from the logs).
    static func clear(_ owner: AnyObject) {
        lock.lock()
        defer { lock.unlock() }
        byOwner[ObjectIdentifier(owner)] = nil
        first = byOwner.values.first
    }
}
