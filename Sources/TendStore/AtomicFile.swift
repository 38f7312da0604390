import Foundation

/// Replaces a file all at once: a temp file beside it, fsync, rename over, fsync the folder. A reader
/// (or a crash) sees the old file or the new one, never half of one.
public enum AtomicFile {
    /// Throws a one-line reason (errno's text); the old file, if any, is untouched on failure.
    public static func write<B: ContiguousBytes>(_ bytes: B, to path: String, mode: mode_t = 0o600) throws {
        let dir = (path as NSString).deletingLastPathComponent
        let tmp = (dir.isEmpty ? "." : dir) + "/." + (path as NSString).lastPathComponent + ".tmp-\(getpid())"
        let t = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard t >= 0 else { throw StoreError("cannot write \(path): \(String(cString: strerror(errno)))") }
        // In 64 KiB pieces: the page cache keeps a file in pieces the size of the writes that
        // filled it, and a reader's first touch of a piece maps all of it. One write of the whole
        // 90 MB snapshot cached it in large pieces, and a start-up reading a few thousand lists
        // out of it held 72 MB of it (40 MB in pieces; tend-bench --load-only, Linux 6.18).
        var err = bytes.withUnsafeBytes { writeAll(t, $0, piece: 64 << 10) }
        if err == 0 && fsync(t) != 0 { err = errno }
        let ok = err == 0
        let reason = String(cString: strerror(err))
        close(t)
        guard ok else {
            unlink(tmp)
            throw StoreError("cannot write \(path): \(reason)")
        }
        guard rename(tmp, path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(tmp)
            throw StoreError("cannot replace \(path): \(why)")
        }
        let d = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if d >= 0 { fsync(d); close(d) }
    }
}
