import Foundation

/// Writes every byte to `fd`, retrying short writes and EINTR. Returns 0, or the errno that stopped it
/// (ENOSPC when the disk took nothing). The caller decides what a failure undoes.
func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, piece: Int = .max) -> Int32 {
    var done = 0
    while done < bytes.count {
        let n = write(fd, bytes.baseAddress! + done, min(piece, bytes.count - done))
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return n < 0 ? errno : ENOSPC }
        done += n
    }
    return 0
}
