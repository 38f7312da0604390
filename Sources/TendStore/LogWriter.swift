import Foundation
import TendCore

#if canImport(Glibc)
import Glibc
#endif

/// Appends events to one rep's log, the way DESIGN.md's "Store" section prescribes: one `write` of
/// whole lines to a file opened `O_APPEND`, under `flock` (for processes of the same rep), then `fsync`.
///
/// Before its first append the writer repairs the file's tail while holding the lock: a torn final
/// line or an unfinished batch left by a killed process is cut away, so the new lines never glue
/// onto a fragment. On any write or fsync failure the file is cut back to its size before the
/// append, so a failed save is never half there and never doubled by a retry.
public enum LogWriter {
    /// `horizon`: the latest `at` a reader folds now; a later event would be held by every reader,
    /// so it is refused before anything is written.
    ///
    /// `record`: where to keep the `LogRecord` of this log (stat data and running hash after the
    /// append), written while the lock is still held.
    public static func append(
        _ events: [Event], to path: String, name: String, asBatch: Bool = true,
        horizon: Timestamp? = nil, record: String? = nil
    ) throws {
        guard !events.isEmpty else { return }
        var text = ""
        for (i, e) in events.enumerated() {
            var e = e
            if asBatch && i < events.count - 1 { e.fields[LogReader.moreKey] = .bool(true) }
            let line = e.line
            try validate(line, of: e, name: name, horizon: horizon)
            text += line + "\n"
        }
        try write(Array(text.utf8), to: path, name: name, record: record)
    }

    /// Appends lines exactly as another writer wrote them (a team server's replica of their
    /// stream): each must read as an event, and they go in as one write, under the same lock.
    public static func appendLines(_ lines: [String], to path: String, name: String, record: String? = nil) throws {
        guard !lines.isEmpty else { return }
        for l in lines {
            do {
                _ = try Event.parse(line: Array(l.utf8))
            } catch {
                throw StoreError(
                    "a line for \(name) from the team server is not an event (\(error)); nothing was saved")
            }
        }
        try write(Array((lines.joined(separator: "\n") + "\n").utf8), to: path, name: name, record: record)
    }

    static func write(_ bytes: [UInt8], to path: String, name: String, record: String?) throws {
        // `tend forget` may replace the file (rename over it) between our open and our lock:
        // then the descriptor is the old file, so open again.
        var fd: Int32 = -1
        for _ in 0..<5 {
            fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                throw StoreError("cannot open \(name) for writing: \(errorText(errno)); nothing was saved")
            }
            guard flock(fd, LOCK_EX) == 0 else {
                close(fd)
                throw StoreError("cannot lock \(name): \(errorText(errno)); nothing was saved")
            }
            var held = stat(), now = stat()
            if fstat(fd, &held) == 0, stat(path, &now) == 0, held.st_ino == now.st_ino { break }
            flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
        guard fd >= 0 else { throw StoreError("\(name) keeps being replaced; nothing was saved") }
        defer { close(fd) }
        defer { flock(fd, LOCK_UN) }

        try repairTail(fd: fd, name: name)
        let pre = LogStat(fd: fd)
        let before = lseek(fd, 0, SEEK_END)
        guard before >= 0 else { throw StoreError("cannot seek in \(name): \(errorText(errno)); nothing was saved") }

        let err = bytes.withUnsafeBytes { writeAll(fd, $0) }
        if err != 0 {
            _ = ftruncate(fd, before)
            throw StoreError("\(describe(err)) writing \(name): the change was NOT saved")
        }
        if fsync(fd) != 0 {
            let err = errno
            // The lines may or may not be on disk: take them back out so a retry cannot double them.
            _ = ftruncate(fd, before)
            _ = fsync(fd)
            throw StoreError("\(describe(err)) syncing \(name): the change was NOT saved")
        }
        if let record { updateRecord(record, before: pre, appended: bytes, fd: fd) }
    }

    /// Carries the log's record over this append when the file was exactly as the record says
    /// (the lineage continues, the hash runs on), starts one for a new file, and otherwise drops
    /// it: someone else changed the file, and the next reader proves its bytes by hashing them.
    static func updateRecord(_ path: String, before pre: LogStat?, appended bytes: [UInt8], fd: Int32) {
        guard let pre, let post = LogStat(fd: fd) else { return LogRecord.remove(path) }
        var hash: LogHash
        let lineage: UInt64
        var fine: Bool?
        if let r = LogRecord.read(path), r.vouches(for: pre) {
            (hash, lineage, fine) = (r.hash, r.lineage, r.fineTimestamps)
        } else if pre.size == 0 {
            (hash, lineage) = (LogHash(), LogRecord.newLineage())
        } else {
            return LogRecord.remove(path)
        }
        hash.add(bytes)
        LogRecord.write(stat: post, lineage: lineage, hash: hash, fine: fine, to: path)
    }

    /// A line is written only if the reader reads it back as the same event and folds it now: the
    /// same parser that reads the logs checks it (a year-10000 time, say, would otherwise be saved
    /// and then skipped by every reader).
    static func validate(_ line: String, of e: Event, name: String, horizon: Timestamp?) throws {
        let back: Event
        do {
            back = try Event.parse(line: Array(line.utf8))
        } catch {
            throw StoreError(
                "cannot write event \(e.id) to \(name): its line would not read back (\(error)); nothing was saved")
        }
        guard back.at == e.at, back.id == e.id, back.rep == e.rep, back.type == e.type else {
            throw StoreError(
                "cannot write event \(e.id) to \(name): its line reads back as another event; nothing was saved")
        }
        if let h = horizon, e.at > h {
            throw StoreError(
                "cannot write event \(e.id) to \(name): dated \(e.at.iso), after this machine's clock allows "
                    + "(\(h.iso)); every reader would hold it; nothing was saved")
        }
    }

    /// Cuts a torn final line, then any unfinished batch, off the end of the file.
    static func repairTail(fd: Int32, name: String) throws {
        let size = lseek(fd, 0, SEEK_END)
        guard size > 0 else { return }
        // Fast path, taken on almost every append: the file ends with a whole line that closes
        // its batch. Only the last line is read.
        var tail = [UInt8](repeating: 0, count: Int(min(Int64(size), 4096)))
        let got = tail.withUnsafeMutableBytes {
            pread(fd, $0.baseAddress, $0.count, off_t(Int64(size) - Int64($0.count)))
        }
        if got == tail.count, tail.last == 0x0A {
            let body = tail.dropLast()
            let start = body.lastIndex(of: 0x0A).map { $0 + 1 } ?? body.startIndex
            if start > body.startIndex || Int64(size) <= 4096 {
                let lastLine = Array(body[start...])
                if !lastLine.containsSubsequence(Array(#""more":true"#.utf8)) { return }
            }
        }
        // Read back far enough to see whole lines; grow the window until a batch start is found.
        var window: Int64 = 64 * 1024
        while true {
            let from = max(0, Int64(size) - window)
            var buf = [UInt8](repeating: 0, count: Int(Int64(size) - from))
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(from)) }
            guard n == buf.count else { throw StoreError("cannot read \(name) to check its end: \(errorText(errno))") }
            // Parse from a line start: drop a partial first line unless reading from the beginning.
            var skip = 0
            if from > 0 {
                guard let nl = buf.firstIndex(of: 0x0A) else { window *= 4; continue }
                skip = nl + 1
            }
            let r = LogReader.parse(Array(buf[skip...]), name: name, offset: Int(from) + skip)
            if r.heldBack == 0 { return }
            // An unfinished batch may begin before the window: widen it until the batch is whole.
            if from > 0 && r.consumed == Int(from) + skip && r.events.isEmpty && r.problems.isEmpty {
                window *= 4
                continue
            }
            guard ftruncate(fd, off_t(r.consumed)) == 0 else {
                throw StoreError("cannot repair the torn end of \(name): \(errorText(errno)); nothing was saved")
            }
            return
        }
    }

    static func errorText(_ err: Int32) -> String { String(cString: strerror(err)) }

    static func describe(_ err: Int32) -> String {
        switch err {
        case ENOSPC: return "disk full"
        case EIO: return "I/O error"
        case EDQUOT: return "disk quota exceeded"
        case EROFS: return "read-only file system"
        default: return errorText(err)
        }
    }
}

extension Array where Element == UInt8 {
    func containsSubsequence(_ needle: [UInt8]) -> Bool {
        guard needle.count <= count, let first = needle.first else { return needle.isEmpty }
        var i = 0
        while i + needle.count <= count {
            if self[i] == first && Array(self[i..<i + needle.count]) == needle { return true }
            i += 1
        }
        return false
    }
}
