import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Wakes the shell when any log may have changed: inotify on the data dir and its `log/` folder, so
/// another process's append shows in milliseconds instead of at the next poll. The shell still
/// polls now and then (`Shell.Timing.fallbackPoll`): a file system without inotify (NFS, some FUSE
/// mounts) then shows changes late, never not at all.
final class LogWatcher {
    let fd: Int32
    private let dir: String
    private var watchingLogs = false

    /// nil when inotify is not available here.
    init?(dir: String) {
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        self.dir = dir
        _ = inotify_add_watch(fd, dir, UInt32(IN_CREATE | IN_MOVED_TO))
        watchLogs()
    }

    deinit { close(fd) }

    /// `log/` appears with the first event written: watch it from then on.
    private func watchLogs() {
        guard !watchingLogs else { return }
        let mask = UInt32(IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE | IN_DELETE)
        watchingLogs = inotify_add_watch(fd, dir + "/log", mask) >= 0
    }

    /// Empties the queue of notifications (their content does not matter: the store reads what is new).
    func drain() {
        var buf = [UInt8](repeating: 0, count: 4096)
        while buf.withUnsafeMutableBytes({ Glibc.read(fd, $0.baseAddress, $0.count) }) > 0 {}
        watchLogs()
    }
}
