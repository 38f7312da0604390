import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// A private tmux server for one test: the real binary in a real terminal, driven by keys and read
/// back with capture-pane. Never the default server; polls, never sleeps a fixed time.
final class Tmux {
    let socket: String

    init(dir: String) {
        socket = dir + "/tmux.sock"
    }

    deinit { _ = try? run(["kill-server"]) }

    /// Runs tmux and waits for it with waitpid. Not Foundation's Process: it learns of a child's
    /// exit through a descriptor that the tmux server (forked by new-session) inherits and keeps
    /// open, so it would wait for ever.
    @discardableResult
    func run(_ args: [String]) throws -> String {
        let outPath = socket + ".out"
        let argv = ["/usr/bin/tmux", "-S", socket] + args
        let env = ["PATH=/usr/bin:/bin", "TERM=xterm-256color", "LANG=C.UTF-8"]
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var cArgs = argv.map { strdup($0) } + [nil]
        var cEnv = env.map { strdup($0) } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, &cArgs, &cEnv)
        guard rc == 0 else { throw NSError(domain: "tmux", code: Int(rc)) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    }

    /// Starts a plain shell with exactly `env` in a width×height window.
    func startShell(env: [String: String], width: Int, height: Int) throws {
        let assignments = env.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        try run(
            [
                "-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "\(width)", "-y", "\(height)",
                "env", "-i",
            ] + assignments + ["PS1=$ ", "/bin/sh"])
    }

    func keys(_ keys: String...) throws { try run(["send-keys", "-t", "t"] + keys) }
    func type(_ text: String) throws { try run(["send-keys", "-t", "t", "-l", text]) }
    func resize(_ w: Int, _ h: Int) throws { try run(["resize-window", "-t", "t", "-x", "\(w)", "-y", "\(h)"]) }
    func display(_ format: String) throws -> String {
        try run(["display", "-p", "-t", "t", format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func screen(escapes: Bool = false) throws -> String {
        try run(["capture-pane", "-p", "-t", "t"] + (escapes ? ["-e"] : []))
    }

    /// Polls the screen until `predicate` holds, or fails with the last screen after `timeout`.
    @discardableResult
    func wait(
        for what: String, timeout: TimeInterval = 10, escapes: Bool = false,
        file: StaticString = #filePath, line: UInt = #line, _ predicate: (String) -> Bool
    ) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen(escapes: escapes)
            if predicate(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("timed out waiting for \(what); last screen:\n\(last)", file: file, line: line)
        throw XCTSkip("timed out")
    }

    @discardableResult
    func wait(
        for text: String, timeout: TimeInterval = 10, file: StaticString = #filePath, line: UInt = #line
    ) throws -> String {
        try wait(for: "\"\(text)\"", timeout: timeout, file: file, line: line) { $0.contains(text) }
    }
}
