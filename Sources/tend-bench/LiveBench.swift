import Foundation
import TendCore
import TendShell
import TendStore
import TendUI

#if canImport(Glibc)
import Glibc
#endif

/// Live at scale: the TUI's own shell (the loop `tend` runs, inotify and all) open on the big team
/// behind a headless terminal, while another process appends a note at a time, as another rep's
/// `tend note` does. Measured from just before each append to the first frame painted whose state
/// holds it; then the shell's resident memory before and after a long run of appends.
///
/// Runs in a child of its own (`--live DIR`), so the memory read is the shell's alone, and the
/// appender in a grandchild (`--append-loop`), so the change arrives as it does in use: through the
/// file system, from another process. Both read CLOCK_MONOTONIC, which is one clock for every
/// process on the machine, so the appender's times and the painter's compare directly.
enum LiveBench {
    struct Result {
        var latencies: [Double]
        var rssBefore: Double
        var rssAfter: Double
        var soakEvents: Int
        var soakSeconds: Double
    }

    /// A terminal that paints nowhere: it tells `onPaint` of each frame, and its "keyboard" is a
    /// pipe the bench writes `q` into to end the session.
    final class Headless: TerminalIO {
        let size = (width: 200, height: 60)
        private let keys: (read: Int32, write: Int32)
        var onPaint: () -> Void = {}

        init() {
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { fatalError("pipe: \(errno)") }
            _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
            keys = (fds[0], fds[1])
        }

        var inputDescriptor: Int32 { keys.read }
        func paint(_ grid: Grid) { onPaint() }
        func read(timeoutMs: Int32) -> Input {
            var b: UInt8 = 0
            return Glibc.read(keys.read, &b, 1) == 1 ? .key(.char(Character(UnicodeScalar(b)))) : .none
        }
        func copy(_ text: String) {}
        func invalidate() {}
        func suspend(_ body: () -> Void) { body() }
        func close() {}
        func press(_ c: Character) {
            _ = Array(String(c).utf8).withUnsafeBytes { write(keys.write, $0.baseAddress, 1) }
        }
    }

    static func monotonicNs() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// The appender (`--append-loop DIR COUNT INTERVAL_MS`): opens the book as `tend note` does
    /// (the contact index only), then appends COUNT notes, printing the monotonic time just before
    /// each one.
    static func appendLoop(dir: String, count: Int, intervalMs: Int, now: Timestamp) throws -> Never {
        let store = try Store.open(dir: dir, scope: .contacts, now: now)
        let contact = store.state.contactsByName[0].id
        setvbuf(stdout, nil, _IOLBF, 0)
        for i in 0..<count {
            print(monotonicNs())
            _ = try store.append([.note(contact: contact, text: "live bench note \(i)")], rep: "bench", now: now)
            if intervalMs > 0 { usleep(UInt32(intervalMs * 1000)) }
        }
        exit(0)
    }

    /// Starts the appender and returns the times it printed, once it has finished.
    static func runAppender(dir: String, count: Int, intervalMs: Int, now: Timestamp) throws -> [UInt64] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        p.arguments = ["--append-loop", dir, String(count), String(intervalMs)]
        p.environment = ["TEND_NOW": now.iso, "TZ": "UTC", "PATH": "/usr/bin:/bin"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw BenchError("the appender failed (\(p.terminationStatus))") }
        return text.split(separator: "\n").compactMap { UInt64($0) }
    }

    /// The child (`--live DIR`): the shell on the team as `rep`, `samples` appends a quarter of a
    /// second apart for the latency, then `soak` appends for the memory.
    static func child(dir: String, rep: String, samples: Int, soak: Int, now: Timestamp) throws -> Never {
        let store = try Store.open(dir: dir, now: now)
        let terminal = Headless()
        let clock = Clock(now: now, timeZone: TimeZone(identifier: "UTC")!)
        let shell = Shell(
            store: store, rep: rep, clock: clock, pinned: true, terminal: terminal, environment: ["LANG": "C.UTF-8"])
        // (time painted, events in the state painted), written on the shell's thread only while it runs.
        let lock = NSLock()
        var paints: [(UInt64, Int)] = []
        terminal.onPaint = {
            let n = store.state.eventCount
            lock.lock()
            paints.append((monotonicNs(), n))
            lock.unlock()
        }
        let events0 = store.state.eventCount
        let loop = Thread { _ = shell.run() }
        loop.stackSize = 8 << 20
        loop.start()
        func painted(atLeast n: Int) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            return paints.last.map { $0.1 >= n } ?? false
        }
        func waitFor(_ n: Int) throws {
            let deadline = monotonicNs() + 60_000_000_000
            while !painted(atLeast: n) {
                guard monotonicNs() < deadline else { throw BenchError("the shell never showed event \(n)") }
                usleep(1000)
            }
        }
        try waitFor(events0)
        let rssBefore = statusMB("VmRSS:")
        let sent = try runAppender(dir: dir, count: samples, intervalMs: 250, now: now)
        try waitFor(events0 + samples)
        lock.lock()
        let seen = paints
        lock.unlock()
        let latencies = sent.enumerated().map { i, t -> Double in
            let frame = seen.first { $0.0 >= t && $0.1 >= events0 + i + 1 }!
            return Double(frame.0 - t) / 1e9
        }
        let t0 = monotonicNs()
        _ = try runAppender(dir: dir, count: soak, intervalMs: 5, now: now)
        try waitFor(events0 + samples + soak)
        let soakSeconds = Double(monotonicNs() - t0) / 1e9
        let rssAfter = statusMB("VmRSS:")
        terminal.press("q")
        while !loop.isFinished { usleep(1000) }
        print(
            latencies.map { String($0) }.joined(separator: ",") + " \(rssBefore) \(rssAfter) \(soak) \(soakSeconds)")
        exit(0)
    }

    /// Runs the child and reads what it printed.
    static func run(dir: String, samples: Int, soak: Int) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        p.arguments = ["--live", dir, String(samples), String(soak)]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let parts = text.split(separator: " ")
        guard p.terminationStatus == 0, parts.count == 5, let before = Double(parts[1]), let after = Double(parts[2]),
            let n = Int(parts[3]), let secs = Double(parts[4].trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw BenchError("the live child failed: \(text)") }
        return Result(
            latencies: parts[0].split(separator: ",").compactMap { Double($0) }, rssBefore: before, rssAfter: after,
            soakEvents: n, soakSeconds: secs)
    }
}
