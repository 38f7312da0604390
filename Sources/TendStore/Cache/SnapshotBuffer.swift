import Foundation

/// The snapshot file mapped into memory (read-only, private): the state's encoded lists point into it.
///
/// Mapped rather than read: reading 90 MB meant 90 MB of fresh memory the kernel first zeroes (here,
/// in a VM, two thirds of a start-up); the file's pages are already in the page cache. The file is
/// only ever replaced by a rename or unlinked, and a mapping keeps the old file's pages, so a later
/// write cannot change what this process reads. (Truncating it in place by hand while Tend runs
/// would: don't.)
final class SnapshotBuffer: @unchecked Sendable {
    let base: UnsafeRawPointer
    let count: Int
    /// The file mapped (device, inode): what a damage report may remove.
    private let file: (dev: UInt64, ino: UInt64)

    private init(base: UnsafeRawPointer, count: Int, file: (dev: UInt64, ino: UInt64)) {
        self.base = base
        self.count = count
        self.file = file
    }

    deinit {
        SnapshotDamage.forget(self)
        munmap(UnsafeMutableRawPointer(mutating: base), count)
    }

    /// Whether `path` is still the file this maps.
    func isFile(at path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && UInt64(st.st_dev) == file.dev && UInt64(st.st_ino) == file.ino
    }

    var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: count)
    }

    /// The file, or nil when it is missing, empty or cannot be mapped. Only the pages read are
    /// brought in: the touch and note lists (most of the file) stay on disk, or in the page cache,
    /// until a list is read.
    static func read(_ path: String) -> SnapshotBuffer? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size > 0 else { return nil }
        let size = Int(st.st_size)
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED
        else { return nil }
        return SnapshotBuffer(
            base: UnsafeRawPointer(p), count: size, file: (UInt64(st.st_dev), UInt64(st.st_ino)))
    }
}

/// A copy of some bytes at a stable address, alive as long as lists decoded from it (tests encode
/// to memory rather than to a file).
final class ArrayBytes: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
    init(_ array: [UInt8]) {
        let b = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(array.count, 1))
        _ = b.initialize(from: array)
        bytes = UnsafeBufferPointer(rebasing: b[0..<array.count])
    }
    deinit { UnsafeMutableRawPointer(mutating: bytes.baseAddress!).deallocate() }
}
