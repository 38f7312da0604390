import Foundation
import TendCore
import TendStore
import TendTeam

/// `tend-bench --team`: the team server's figures on a private PostgreSQL cluster (Debian's
/// postgresql, as the tests use it): publishing and pulling the whole generated history, the
/// latency from one data dir's write to another's fold of it (the TUI's LISTEN path), many reps
/// writing at once, and the round trip of `tend call` decided on the server.
enum TeamBench {
    static let bin = "/usr/lib/postgresql/15/bin"

    static func run(dir: String, now: Timestamp, row: (String, String) -> Void) throws {
        let cluster = try Cluster()
        defer { cluster.stop() }
        let server = try TeamServer(url: cluster.url, schema: "bench")
        let admin = try server.connect(timeoutMs: 5000)
        try server.initialize(admin, settings: [:], testClock: true)

        // The whole history out, then into a new machine.
        let store = try Store.open(dir: dir, now: now)
        let files = try store.logFiles()
        var sent = 0
        let publish = try seconds { sent = try server.publish(admin, dataDir: dir, streams: files, timeoutMs: 60_000) }
        row("team: publish the history (\(sent) events, tend team init)", "\(fmt(publish)) (\(rate(sent, publish)))")
        let other = dir + "-machine-b"
        defer { try? FileManager.default.removeItem(atPath: other) }
        let b = try Store.open(dir: other, now: now)
        let bClient = TeamClient(server: server, rep: "bench-b", boundMs: 60_000)
        var arrived = 0
        let pull = try seconds { arrived = try bClient.exchange(b) }
        row("team: a new machine pulls it (\(arrived) events, with the fold)", "\(fmt(pull)) (\(rate(arrived, pull)))")

        // One note in dir A, until dir B has folded it: B waits on its LISTEN socket as the TUI does.
        let aClient = TeamClient(server: server, rep: "bench", boundMs: 5000)
        let contact = store.state.contacts.keys.sorted().first!
        var latency: [Double] = []
        for i in 0..<(quick ? 20 : 100) {
            guard let fd = bClient.wakeups else { throw TeamError("machine B is not listening") }
            let before = b.state.eventCount
            let t = try seconds {
                try store.append([.note(contact: contact, text: "propagation \(i)")], rep: "bench", now: now)
                _ = try aClient.publish(store)
                var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                while b.state.eventCount == before {
                    guard poll(&pfd, 1, 5000) > 0 else { throw TeamError("machine B heard nothing in 5 s") }
                    if bClient.drainWakeups() { _ = try bClient.exchange(b) }
                }
            }
            latency.append(t)
        }
        row(
            "team: propagation, a note in dir A folded in dir B",
            "p50 \(fmt(percentile(latency, 0.5))), p99 \(fmt(percentile(latency, 0.99)))")

        try manyWriters(cluster: cluster, row: row)
    }

    /// 20 reps, each in their own data dir, writing notes at once through the CLI; then `tend call`.
    static func manyWriters(cluster: Cluster, row: (String, String) -> Void) throws {
        let server = try TeamServer(url: cluster.url, schema: "writers")
        try server.initialize(try server.connect(timeoutMs: 5000), settings: [:], testClock: true)
        let base = FileManager.default.temporaryDirectory.path + "/tend-bench-writers-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: base) }
        let reps = (0..<20).map { "rep\($0)" }
        let env = ["TEND_TEAM_URL": cluster.url, "TEND_TEAM_SCHEMA": "writers", "TEND_NOW": now.iso]
        // Made before the threads below read it.
        let ids = try reps.map { rep in
            let (out, code) = tend(["add", "Customer of \(rep)"], rep: rep, dir: base + "/" + rep, env: env)
            guard code == 0 else { throw TeamError("setup: \(out)") }
            return out.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let perRep = quick ? 5 : 20
        let group = DispatchGroup()
        let t = seconds {
            for (i, rep) in reps.enumerated() {
                DispatchQueue.global().async(group: group) {
                    for n in 0..<perRep {
                        _ = tend(["note", ids[i], "note \(n)"], rep: rep, dir: base + "/" + rep, env: env)
                    }
                }
            }
            group.wait()
        }
        let c = try server.connect(timeoutMs: 5000)
        let count = Int(try c.query("SELECT count(*) FROM writers.events").first?[0] ?? "") ?? 0
        row(
            "team: 20 reps writing at once, tend note each (\(20 * perRep) notes)",
            "\(fmt(t)), \(rate(20 * perRep, t)); \(count - 20) on the server")

        // The same, in-process: the server's side of many writers, without 20 processes' start-up.
        let stores = try reps.map { try Store.open(dir: base + "/" + $0, now: now) }
        let clients = reps.map { TeamClient(server: server, rep: $0, boundMs: 5000) }
        let n = quick ? 20 : 100
        let t2 = seconds {
            for i in 0..<reps.count {
                DispatchQueue.global().async(group: group) {
                    for k in 0..<n {
                        _ = try? stores[i].append(
                            [.note(contact: ids[i], text: "in-process \(k)")], rep: reps[i], now: now)
                        _ = try? clients[i].publish(stores[i])
                    }
                }
            }
            group.wait()
        }
        row("team: 20 reps writing at once, in-process (append + publish each)", "\(rate(20 * n, t2))")

        // A claim and its release, decided on the server, against the same on this machine alone.
        var onServer: [Double] = [], local: [Double] = []
        let store = stores[0], client = clients[0]
        let clk = Clock(now: now, timeZone: TimeZone(identifier: "UTC")!)
        for _ in 0..<(quick ? 20 : 100) {
            onServer.append(
                try seconds { _ = try client.claim(store, contact: ids[0], rep: "rep0", clock: clk, anyway: true) })
            try store.append([.release(contact: ids[0])], rep: "rep0", now: now)
            local.append(try seconds { _ = try store.claim(ids[0], rep: "rep0", clock: clk, anyway: true) })
            try store.append([.release(contact: ids[0])], rep: "rep0", now: now)
        }
        row(
            "team: a claim decided on the server (lock, pull, decide, insert, write here)",
            "p50 \(fmt(percentile(onServer, 0.5))), p99 \(fmt(percentile(onServer, 0.99))); "
                + "on this machine alone p50 \(fmt(percentile(local, 0.5)))")
    }

    static func rate(_ n: Int, _ s: Double) -> String { "\(Int(Double(n) / max(s, 1e-9))) events/s" }

    static func tend(_ args: [String], rep: String, dir: String, env: [String: String]) -> (String, Int32) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
            .deletingLastPathComponent().appendingPathComponent("tend")
        p.arguments = args
        p.environment = ["PATH": "/usr/bin:/bin", "HOME": dir, "TEND_DIR": dir, "TEND_REP": rep, "TZ": "UTC"]
            .merging(env) { $1 }
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        guard (try? p.run()) != nil else { return ("cannot run tend", -1) }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), p.terminationStatus)
    }

    /// A private cluster on a unix socket in a temp dir (as the `postgres` user when run as root).
    final class Cluster {
        let dir = "/tmp/tend-bench-pg-\(getpid())"
        let port = 45_000 + Int(getpid() % 10_000)
        var url: String { "postgresql:///postgres?host=\(dir)&port=\(port)&user=tend" }

        init() throws {
            guard FileManager.default.isExecutableFile(atPath: TeamBench.bin + "/initdb") else {
                throw TeamError("--team needs PostgreSQL (Debian postgresql; .ci/run installs it)")
            }
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            chmod(dir, 0o755)
            if getuid() == 0, let pw = getpwnam("postgres") { chown(dir, pw.pointee.pw_uid, pw.pointee.pw_gid) }
            try pg("initdb", ["-D", dir + "/data", "-A", "trust", "-U", "tend", "--no-sync"])
            try pg(
                "pg_ctl",
                [
                    "-D", dir + "/data", "-o", "-p \(port) -k \(dir) -c listen_addresses=''", "-l", dir + "/log", "-w",
                    "start",
                ])
        }

        func stop() {
            try? pg("pg_ctl", ["-D", dir + "/data", "-m", "immediate", "-w", "stop"])
            try? FileManager.default.removeItem(atPath: dir)
        }

        /// posix_spawn, not Process: pg_ctl's postmaster keeps descriptors Process waits on.
        func pg(_ tool: String, _ args: [String]) throws {
            let argv =
                (getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []) + [TeamBench.bin + "/" + tool]
                + args
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            for fd: Int32 in [0, 1, 2] {
                posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
            }
            var pid: pid_t = 0
            let cargs = argv.map { strdup($0) } + [nil]
            defer { for a in cargs { free(a) } }
            guard posix_spawn(&pid, argv[0], &actions, nil, cargs, environ) == 0 else {
                throw TeamError("cannot run \(tool)")
            }
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            guard status == 0 else { throw TeamError("\(tool) failed (status \(status))") }
        }
    }
}
