import Foundation
import XCTest

/// A private PostgreSQL cluster for one test: initdb and pg_ctl from Debian's postgresql package,
/// run as the `postgres` user when the tests run as root (PostgreSQL refuses root), listening on
/// a unix socket in its own folder only. `.ci/run` installs PostgreSQL; no mock server anywhere.
final class PGCluster {
    static let bin = "/usr/lib/postgresql/15/bin"
    let dir: String
    let port: Int
    var url: String { "postgresql:///postgres?host=\(dir)&port=\(port)&user=tend" }

    init() throws {
        guard FileManager.default.isExecutableFile(atPath: PGCluster.bin + "/initdb") else {
            throw XCTSkip("PostgreSQL is not installed (.ci/run installs it)")
        }
        dir = "/tmp/tend-pg-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        port = Int.random(in: 40000...59000)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        chmod(dir, 0o755)
        if getuid() == 0, let pw = getpwnam("postgres") { chown(dir, pw.pointee.pw_uid, pw.pointee.pw_gid) }
        try run("initdb", ["-D", dir + "/data", "-A", "trust", "-U", "tend", "--no-sync"])
        try start()
    }

    func start() throws {
        try run(
            "pg_ctl",
            [
                "-D", dir + "/data", "-o", "-p \(port) -k \(dir) -c listen_addresses='' -c fsync=off", "-l",
                dir + "/log", "-w", "start",
            ])
    }

    func stop(immediate: Bool = true) {
        try? run("pg_ctl", ["-D", dir + "/data", "-m", immediate ? "immediate" : "fast", "-w", "stop"])
    }

    /// The postmaster's pid, to pause it (`kill -STOP`) as a server that stops answering.
    var pid: pid_t? {
        (try? String(contentsOfFile: dir + "/data/postmaster.pid", encoding: .utf8))?
            .split(separator: "\n").first.flatMap { pid_t($0) }
    }

    /// Every process of the cluster (the postmaster and its backends): pausing only the postmaster
    /// stops new connections, while open ones go on being served.
    var processes: [pid_t] {
        guard let main = pid else { return [] }
        var out = [main]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let p = pid_t(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, pid_t(fields[1]) == main { out.append(p) }
        }
        return out
    }

    /// A server that stops answering: every one of its processes paused (`kill -STOP`).
    func pause() { for p in processes { kill(p, SIGSTOP) } }
    func resume() { for p in processes { kill(p, SIGCONT) } }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Runs SQL with psql as the cluster's superuser (or as `user`); returns stdout, throws on error.
    @discardableResult
    func psql(_ sql: String, user: String = "tend") throws -> String {
        try exec(
            "/usr/bin/psql",
            ["postgresql:///postgres?host=\(dir)&port=\(port)&user=\(user)", "-tA", "-v", "ON_ERROR_STOP=1", "-c", sql])
    }

    func run(_ tool: String, _ args: [String]) throws {
        if getuid() == 0 {
            try exec("/usr/sbin/runuser", ["-u", "postgres", "--", PGCluster.bin + "/" + tool] + args)
        } else {
            try exec(PGCluster.bin + "/" + tool, args)
        }
    }

    /// posix_spawn and waitpid, output to files: Foundation's Process waits for ever on a child
    /// (pg_ctl under runuser) whose own child, the postmaster, lives on and keeps descriptors.
    @discardableResult
    func exec(_ path: String, _ args: [String]) throws -> String {
        let base = dir + ".out-\(UUID().uuidString)"
        defer {
            unlink(base + ".1")
            unlink(base + ".2")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, base + ".1", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, base + ".2", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = [path] + args
        var cArgs = argv.map { strdup($0) } + [nil]
        let envStrings: [String] = ["PATH=/usr/bin:/bin", "LANG=C.UTF-8"]
        var cEnv = envStrings.map { strdup($0) } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, &cArgs, &cEnv)
        guard rc == 0 else {
            throw NSError(domain: "pg", code: Int(rc), userInfo: [NSLocalizedDescriptionKey: "cannot run \(path)"])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let o = (try? String(contentsOfFile: base + ".1", encoding: .utf8)) ?? ""
        let e = (try? String(contentsOfFile: base + ".2", encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw NSError(
                domain: "pg", code: Int(status),
                userInfo: [
                    NSLocalizedDescriptionKey: "\(path) \(args.joined(separator: " ")): \(e)"
                ])
        }
        return o
    }
}
