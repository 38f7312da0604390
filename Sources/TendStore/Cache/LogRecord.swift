import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What a Tend writer knows about a log it just appended to: the file's stat data, a running hash
/// of all its bytes, and a lineage — an id kept from append to append while each append found the
/// file exactly as the previous record left it. Kept in `cache/logs/<file>`; deleting it costs one
/// hash of the log at the next start.
///
/// The snapshot stores each log's lineage. At start-up a log whose stat data equal its record (the
/// common case: every change since was a Tend append) and whose lineage is the snapshot's needs no
/// reading at all: appends never change bytes already covered. A log whose stat data differ (a git
/// pull, an editor, a copy) is hashed over the bytes the snapshot covers before the snapshot is used.
///
/// Timestamps coarser than a change ("racy" entries, as git calls them): a change within the same
/// clock tick as the record can leave mtime and ctime as they were. The record probes whether this
/// file system gives a new timestamp to every change once the old one was read (Linux 6.13's
/// multigrain timestamps do; ext4, xfs, btrfs, tmpfs); where it does not, a record is trusted only
/// once `coarseGrain` has passed between the file's last change and the record, and the reader
/// hashes the log once, then writes a record that is no longer racy.
struct LogRecord: Equatable {
    var stat: LogStat
    var lineage: UInt64
    var hash: LogHash
    /// When the record's stat data were read (ns since 1970, the file system's clock).
    var recordedAt: Int64
    /// The probe found distinct timestamps for changes a few microseconds apart.
    var fineTimestamps: Bool

    /// The widest tick of a coarse kernel clock (HZ=100), or a second where the file system keeps
    /// no sub-second part.
    static func coarseGrain(_ st: LogStat) -> Int64 {
        st.mtimeNs % 1_000_000_000 == 0 ? 2_000_000_000 : 10_000_000
    }

    /// The record describes `st` and nothing can have changed the file unseen since it was made.
    func vouches(for st: LogStat) -> Bool {
        guard st == stat else { return false }
        return fineTimestamps || recordedAt - max(st.mtimeNs, st.ctimeNs) >= LogRecord.coarseGrain(st)
    }

    static func path(dataDir: String, file: String) -> String { dataDir + "/cache/logs/" + file }

    static let magic = "tend-log-record 1"

    static func read(_ path: String) -> LogRecord? {
        guard let data = FileManager.default.contents(atPath: path), data.count < 512 else { return nil }
        let f = String(decoding: data, as: UTF8.self).split(separator: " ")
        guard f.count == 13, "\(f[0]) \(f[1])" == magic,
            let ino = UInt64(f[2]), let size = Int64(f[3]), let m = Int64(f[4]), let c = Int64(f[5]),
            let lineage = UInt64(f[6], radix: 16), let h = UInt64(f[7], radix: 16),
            let pending = UInt64(f[8], radix: 16),
            let count = Int(f[9]), (0..<8).contains(count), let at = Int64(f[10]), f[11] == "fine" || f[11] == "coarse",
            f[12] == "end\n"
        else { return nil }
        return LogRecord(
            stat: LogStat(inode: ino, size: size, mtimeNs: m, ctimeNs: c), lineage: lineage,
            hash: LogHash(h: h, pending: pending, pendingCount: count), recordedAt: at,
            fineTimestamps: f[11] == "fine")
    }

    /// Writes the record in place, without fsync: only Tend writes it, holding the log's exclusive
    /// lock, and only Tend reads it, holding the shared one, so no reader sees it half-written; a
    /// record torn by a crash fails to parse or no longer matches, and costs one hash at the next
    /// start. `fine`: carried over from the previous record; nil probes the file system first.
    ///
    /// `shared`: the caller holds only the shared lock (a reader that proved the log by hashing),
    /// so another reader may write the same record at once: then a temp file renamed over it.
    static func write(
        stat: LogStat, lineage: UInt64, hash: LogHash, fine: Bool? = nil, shared: Bool = false,
        to path: String
    ) {
        let target = shared ? path + ".tmp-\(getpid())" : path
        var fd = open(target, O_RDWR | O_CREAT | O_CLOEXEC | (shared ? O_TRUNC : 0), 0o600)
        if fd < 0 && errno == ENOENT {
            let dir = (path as NSString).deletingLastPathComponent
            mkdir((dir as NSString).deletingLastPathComponent, 0o700)
            mkdir(dir, 0o700)
            fd = open(target, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        }
        guard fd >= 0 else { return }
        defer {
            close(fd)
            if shared && rename(target, path) != 0 { unlink(target) }
        }
        let fine = fine ?? probeFineTimestamps(fd)
        let h = hash
        let text =
            "\(magic) \(stat.inode) \(stat.size) \(stat.mtimeNs) \(stat.ctimeNs) \(String(lineage, radix: 16)) "
            + "\(String(h.h, radix: 16)) \(String(h.pending, radix: 16)) \(h.pendingCount) \(realtimeNs()) "
            + "\(fine ? "fine" : "coarse") end\n"
        let bytes = Array(text.utf8)
        let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        if n != bytes.count { ftruncate(fd, 0) } else { ftruncate(fd, off_t(bytes.count)) }
    }

    static func remove(_ path: String) { unlink(path) }

    /// Three one-byte writes, each timestamp read before the next: equal timestamps mean the file
    /// system can hide a change inside one clock tick.
    static func probeFineTimestamps(_ fd: Int32) -> Bool {
        var last: Int64?
        for i in 0..<3 {
            var b: UInt8 = 0x20
            guard pwrite(fd, &b, 1, off_t(i)) == 1, let st = LogStat(fd: fd) else { return false }
            if let l = last, st.mtimeNs <= l { return false }
            last = st.mtimeNs
        }
        return true
    }

    static func realtimeNs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    static func newLineage() -> UInt64 { UInt64.random(in: 1...UInt64.max) }
}

/// The stat data that change when a file's bytes do.
struct LogStat: Equatable {
    var inode: UInt64
    var size: Int64
    var mtimeNs: Int64
    var ctimeNs: Int64

    init(inode: UInt64, size: Int64, mtimeNs: Int64, ctimeNs: Int64) {
        self.inode = inode
        self.size = size
        self.mtimeNs = mtimeNs
        self.ctimeNs = ctimeNs
    }

    init?(fd: Int32) {
        var st = Glibc.stat()
        guard fstat(fd, &st) == 0 else { return nil }
        self.init(st)
    }

    init(_ st: Glibc.stat) {
        inode = UInt64(st.st_ino)
        size = Int64(st.st_size)
        mtimeNs = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        ctimeNs = Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec)
    }
}

/// FNV-1a over 8-byte words with a shift-mix (as `FNV1a`), fed in pieces of any length: the same
/// value whether a file is hashed at once or append by append, because a partial word is carried.
struct LogHash: Equatable {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    /// Bytes of an unfinished word, little-endian, and how many.
    var pending: UInt64 = 0
    var pendingCount = 0

    static let prime: UInt64 = 0x0000_0100_0000_01B3

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var i = 0
        while pendingCount > 0 && i < bytes.count {
            pending |= UInt64(bytes[i]) << (8 * UInt64(pendingCount))
            pendingCount += 1
            i += 1
            if pendingCount == 8 {
                mix(pending)
                pending = 0
                pendingCount = 0
            }
        }
        var x = h
        while i + 8 <= bytes.count {
            x = (x ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* LogHash.prime
            x ^= x >> 29
            i += 8
        }
        h = x
        while i < bytes.count {
            pending |= UInt64(bytes[i]) << (8 * UInt64(pendingCount))
            pendingCount += 1
            i += 1
        }
    }

    mutating func add(_ bytes: [UInt8]) { bytes.withUnsafeBytes { add($0) } }

    private mutating func mix(_ word: UInt64) {
        h = (h ^ word) &* LogHash.prime
        h ^= h >> 29
    }

    /// The hash of everything added so far.
    var value: UInt64 {
        var x = h
        for k in 0..<pendingCount { x = (x ^ ((pending >> (8 * UInt64(k))) & 0xFF)) &* LogHash.prime }
        return x
    }

    /// Hashes `fd` from byte 0: returns the state at `mark` (if within the file) and at the end.
    static func of(fd: Int32, size: Int64, mark: Int64? = nil) -> (atMark: LogHash?, atEnd: LogHash)? {
        var hash = LogHash()
        var atMark: LogHash? = mark == 0 ? hash : nil
        var buf = [UInt8](repeating: 0, count: 1 << 20)
        var pos: Int64 = 0
        while pos < size {
            var want = Int(min(Int64(buf.count), size - pos))
            if let m = mark, m > pos, m < pos + Int64(want) { want = Int(m - pos) }
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, want, off_t(pos)) }
            guard n > 0 else { return nil }
            buf.withUnsafeBytes { hash.add(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            pos += Int64(n)
            if let m = mark, pos == m { atMark = hash }
        }
        return (atMark, hash)
    }
}
