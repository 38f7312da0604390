import Foundation
import TendCore

/// The folded state saved in `cache/snapshot.bin` with how far each log had been read, so start-up
/// folds only what was written since instead of every line ever written.
///
/// Trusted only when it provably matches the logs: the right format version, an intact checksum, and
/// for every log it covers, the file still at least as long, and either the same file (inode) whose
/// last 4 KiB before the offset are unchanged, or a replaced file (git checkout, `tend forget`) whose
/// covered bytes hash the same. Anything else and `Store` replays every log and writes a new one.
/// Deleting `cache/` loses nothing.
struct Snapshot {
    /// Bump on any change to what is written here or in `StateCodec`.
    static let formatVersion: UInt64 = 5
    static let magic = Array("TENDSNAP".utf8)
    static let fileName = "snapshot.bin"
    static let window = 4096

    struct LogMark: Equatable {
        var file: String
        var offset: LogOffset
        var inode: UInt64
        /// FNV-1a of the `window` bytes before the offset, and of every byte before it.
        var tailHash: UInt64
        var fullHash: UInt64
    }

    var logs: [LogMark]
    var problems: [LogProblem]
    /// Events read but held (dated after the horizon when the snapshot was made), kept as lines.
    var held: [HeldEvent] = []
    var last: FoldKey?
    var state: State
    /// Read for contacts only (`Store.Scope.contacts`): the state holds the index fields alone.
    var partial = false
    /// Ids of deals and promises, which a partial state lacks, so a new id never collides.
    var taken = Set<String>()

    static func path(dir: String) -> String { dir + "/cache/" + fileName }

    // MARK: Writing

    /// The snapshot's bytes; the hashes are computed from the logs as they are now.
    static func encode(state: State, offsets: [String: LogOffset], problems: [LogProblem], held: [HeldEvent],
                       last: FoldKey?, logDir: String) throws -> [UInt8]
    {
        var w = ByteWriter()
        w.count(offsets.count)
        for (file, off) in offsets.sorted(by: { $0.key < $1.key }) {
            let mark = try measure(logDir + "/" + file, file: file, offset: off, full: true)
            w.str(file); w.count(off.bytes); w.count(off.lines); w.uint(mark.inode); w.uint(mark.tailHash); w.uint(mark.fullHash)
        }
        w.count(problems.count)
        for p in problems { w.str(p.file); w.count(p.line); w.str(p.message) }
        w.count(held.count)
        for h in held { w.str(h.file); w.count(h.line); w.str(h.event.line) }
        if let last { w.u8(1); w.int(last.at); w.str(last.rep); w.str(last.id) } else { w.u8(0) }
        StateCodec.encodeIndex(state, into: &w)
        var rest = ByteWriter()
        StateCodec.encodeRest(state, into: &rest)
        // Two sections, each with its length and checksum: a command that only names contacts
        // checks and reads the first (a few MB) and never touches the second.
        var out = ByteWriter()
        out.bytes = magic
        out.uint(formatVersion)
        for section in [w.bytes, rest.bytes] {
            out.uint(UInt64(section.count))
            out.uint(section.withUnsafeBytes { FNV1a.wide($0) })
            out.bytes += section
        }
        return out.bytes
    }

    /// Writes the snapshot atomically; a read-only or full disk just means no cache this time.
    static func save(_ bytes: [UInt8], dir: String) -> Bool {
        let cache = dir + "/cache"
        if !FileManager.default.fileExists(atPath: cache) {
            guard (try? FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: false,
                                                             attributes: [.posixPermissions: 0o700])) != nil else { return false }
        }
        return (try? AtomicFile.write(bytes, to: path(dir: dir))) != nil
    }

    // MARK: Reading

    /// The snapshot in `dir`, if there is one and every log it covers still matches; nil otherwise.
    static func load(dir: String, logDir: String, partial: Bool = false) -> Snapshot? {
        guard let buffer = SnapshotBuffer.read(path(dir: dir), whole: !partial),
              let snap = try? decode(buffer.bytes, owner: buffer, partial: partial) else { return nil }
        for mark in snap.logs {
            guard let now = try? measure(logDir + "/" + mark.file, file: mark.file, offset: mark.offset, full: false) else { return nil }
            if now.inode == mark.inode && now.tailHash == mark.tailHash { continue }
            // Replaced (a git checkout writes a new file): the same bytes are still the same events.
            guard let full = try? measure(logDir + "/" + mark.file, file: mark.file, offset: mark.offset, full: true),
                  full.fullHash == mark.fullHash, full.tailHash == mark.tailHash else { return nil }
        }
        return snap
    }

    /// Decodes a snapshot from `b`, which `owner` keeps alive for the lists left encoded; `partial`
    /// reads only the first section.
    static func decode(_ b: UnsafeBufferPointer<UInt8>, owner: AnyObject & Sendable, partial: Bool = false) throws -> Snapshot {
        guard b.count > magic.count, Array(b[0..<magic.count]) == magic else { throw ByteReader.Corrupt() }
        var r = ByteReader(b)
        r.at = magic.count
        guard try r.uint() == formatVersion else { throw ByteReader.Corrupt() }
        /// The next section, its checksum verified, as a reader of its own bytes.
        func section() throws -> ByteReader {
            let length = try r.uint(), sum = try r.uint()
            guard length <= UInt64(b.count - r.at) else { throw ByteReader.Corrupt() }
            let bytes = UnsafeBufferPointer(rebasing: b[r.at..<(r.at + Int(length))])
            guard FNV1a.wide(UnsafeRawBufferPointer(bytes)) == sum else { throw ByteReader.Corrupt() }
            r.at += Int(length)
            return ByteReader(bytes)
        }
        var index = try section()
        var logs: [LogMark] = []
        for _ in 0..<(try index.count()) {
            logs.append(LogMark(file: try index.str(), offset: LogOffset(bytes: Int(try index.uint()), lines: Int(try index.uint())),
                                inode: try index.uint(), tailHash: try index.uint(), fullHash: try index.uint()))
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
        let last: FoldKey? = try index.u8() == 1 ? FoldKey(at: try index.int(), rep: try index.str(), id: try index.str()) : nil
        var state = State()
        let taken = try StateCodec.decodeIndex(&index, into: &state)
        guard index.isAtEnd else { throw ByteReader.Corrupt() }
        if !partial {
            var rest = try section()
            try StateCodec.decodeRest(&rest, into: &state, owner: owner)
            guard rest.isAtEnd, r.isAtEnd else { throw ByteReader.Corrupt() }
        }
        return Snapshot(logs: logs, problems: problems, held: held, last: last, state: state, partial: partial, taken: partial ? taken : [])
    }

    /// The log's identity and hashes up to `offset`; throws when the file is gone or shorter.
    static func measure(_ path: String, file: String, offset: LogOffset, full: Bool) throws -> LogMark {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError("gone") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, Int(st.st_size) >= offset.bytes else { throw StoreError("shorter") }
        var mark = LogMark(file: file, offset: offset, inode: UInt64(st.st_ino), tailHash: 0, fullHash: 0)
        let from = full ? 0 : max(0, offset.bytes - window)
        var buf = [UInt8](repeating: 0, count: 1 << 20)
        var pos = from
        var hasher = FNV1a()
        var tail = FNV1a()
        while pos < offset.bytes {
            let want = min(buf.count, offset.bytes - pos)
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, want, off_t(pos)) }
            guard n > 0 else { throw StoreError("unreadable") }
            buf.withUnsafeBytes { raw in
                let chunk = UnsafeRawBufferPointer(rebasing: raw[0..<n])
                hasher.add(chunk)
                // The tail window: the bytes of this chunk at or after offset - window.
                let tailStart = max(0, offset.bytes - window - pos)
                if tailStart < n { tail.add(UnsafeRawBufferPointer(rebasing: chunk[tailStart...])) }
            }
            pos += n
        }
        mark.tailHash = tail.hash
        mark.fullHash = full ? hasher.hash : 0
        return mark
    }
}
