import Foundation

/// A log read line by line in 1 MiB chunks, without holding the file in memory.
struct ChunkedLines {
    let fd: Int32
    let name: String
    /// Left unset: only `buffer[start..<end]`, which `read` filled, is ever looked at. Zeroing a
    /// mebibyte per log, twice per replay, was a fixed cost of every start without a snapshot.
    var buffer = [UInt8](unsafeUninitializedCapacity: 1 << 20) { _, n in n = 1 << 20 }
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
