import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Shares a data dir across machines through git. Each rep commits only their own log, so a
/// rebase never meets a conflict; when git does report one (someone edited a file by hand), sync
/// stops, puts everything back as it was, and says so.
public struct GitSync {
    public let dir: String
    public let rep: String
    public var git = "/usr/bin/git"

    public init(dir: String, rep: String) {
        self.dir = dir
        self.rep = rep
    }

    /// What a sync brought and sent.
    public struct Report: Equatable, Sendable {
        /// New lines in other reps' logs, by rep.
        public var arrived: [String: Int]
        /// Lines of this rep's log sent in this sync's commit.
        public var sent: Int
        public var summary: String {
            let total = arrived.values.reduce(0, +)
            let from = arrived.keys.sorted().joined(separator: ", ")
            let got = total == 0 ? "nothing new arrived" : "\(total) new event\(total == 1 ? "" : "s") from \(from)"
            return sent == 0 ? got : "\(got); sent \(sent) of yours"
        }
    }

    /// This machine's stream of the rep's events (`Streams.swift`): the only log this sync commits.
    var ownLog: String { "log/" + (MachineStreams.load(dir: dir)?.writes[rep] ?? "\(rep).jsonl") }

    /// Clones REMOTE into an empty or missing data dir, or makes an existing one a clone of it.
    public func initialize(remote: String) throws -> String {
        let fm = FileManager.default
        let entries = (try? fm.contentsOfDirectory(atPath: dir)) ?? []
        if fm.fileExists(atPath: dir + "/.git") {
            throw StoreError("\(dir) is already a git repository; run `tend sync`")
        }
        if entries.isEmpty {
            try git(["clone", "--quiet", remote, dir], in: nil, what: "clone \(remote)")
            // Every log the clone brought is another machine's: this one starts streams of its own.
            try MachineStreams(id: MachineStreams.newID()).save(dir: dir)
        } else {
            // The logs here were written here: they stay this machine's streams.
            if MachineStreams.load(dir: dir) == nil {
                var m = MachineStreams(id: MachineStreams.newID())
                for f in (try? FileManager.default.contentsOfDirectory(atPath: dir + "/log")) ?? []
                where f.hasSuffix(".jsonl") && !f.contains("@") {
                    m.writes[Store.rep(ofLogFile: f)] = f
                }
                try m.save(dir: dir)
            }
            try git(["init", "--quiet"], what: "git init")
            try git(["remote", "add", "origin", remote], what: "add the remote")
            try git(["fetch", "--quiet", "origin"], what: "fetch \(remote)")
            if let branch = try remoteBranch() {
                // The remote's logs come in beside this folder's own (each rep's file is theirs alone).
                try git(
                    ["checkout", "--quiet", "-b", branch, "--track", "origin/\(branch)"],
                    what: "check out \(branch) (a file here clashes with one on the remote)")
            }
        }
        try excludeCache()
        try? git(["config", "core.sharedRepository", "false"], what: "keep the repository private")
        privatize(deep: true)
        let report = try sync()
        return "\(dir) now syncs with \(remote): \(report.summary)"
    }

    /// Files 0600, folders 0700, as everywhere in a data dir: git creates its files by the umask
    /// (0644 under the usual 022) and keeps no modes of its own for them, so they are set after it.
    /// `deep` walks `.git` too (after a clone); a sync touches only the folder, `log/` and the logs.
    func privatize(deep: Bool) {
        let fm = FileManager.default
        chmod(dir, 0o700)
        var paths =
            [dir + "/log"] + ((try? fm.contentsOfDirectory(atPath: dir + "/log")) ?? []).map { dir + "/log/" + $0 }
        if deep, let walk = fm.enumerator(atPath: dir + "/.git") {
            paths.append(dir + "/.git")
            while let p = walk.nextObject() as? String { paths.append(dir + "/.git/" + p) }
        }
        for p in paths {
            var st = stat()
            guard lstat(p, &st) == 0 else { continue }
            switch st.st_mode & S_IFMT {
            case S_IFDIR: chmod(p, 0o700)
            case S_IFREG: chmod(p, (st.st_mode & 0o100) != 0 ? 0o700 : 0o600)
            default: break
            }
        }
    }

    /// Commits this rep's log, pulls with rebase, pushes; reports what arrived.
    public func sync() throws -> Report {
        guard FileManager.default.fileExists(atPath: dir + "/.git") else {
            throw StoreError("\(dir) is not a git repository; set it up with `tend sync --init REMOTE`")
        }
        try excludeCache()
        // A log changed here by hand is not this rep's to send, and would make the pull fail half way.
        let dirty = try git(["status", "--porcelain", "--untracked-files=no"], what: "git status")
            .split(separator: "\n").map { String($0.dropFirst(3)) }.filter { $0 != ownLog }
        if !dirty.isEmpty {
            throw StoreError(
                "sync stopped: \(dirty.joined(separator: ", ")) changed here by hand; nothing was changed. Put it "
                    + "back with `git -C \(dir) checkout -- \(dirty.joined(separator: " "))`"
            )
        }
        let before = lineCounts()
        let sent = try commitOwnLog()
        if let branch = try remoteBranch() {
            if let head = try? git(["rev-parse", "--verify", "--quiet", "HEAD"], what: "read HEAD") {
                do {
                    // Rebasing rewrites our commits, so it needs a committer too.
                    try git(identity() + ["pull", "--quiet", "--rebase", "origin", branch], what: "pull")
                } catch {
                    let conflicted =
                        (try? git(
                            ["diff", "--name-only", "--diff-filter=U"], what: "list conflicts", allowFailure: true))
                        ?? ""
                    _ = try? git(["rebase", "--abort"], what: "abort the rebase")
                    _ = try? git(
                        ["reset", "--quiet", "--hard", head.trimmingCharacters(in: .whitespacesAndNewlines)],
                        what: "reset")
                    if conflicted.isEmpty { throw error }
                    let files = conflicted.split(separator: "\n").joined(separator: ", ")
                    throw StoreError(
                        "sync stopped: git reported a conflict in \(files) (was a log edited by hand?); nothing was "
                            + "changed. Your events are safe in \(ownLog); resolve it with git in \(dir)"
                    )
                }
            } else {
                // Nothing of ours committed yet: start from the team's history.
                try git(["fetch", "--quiet", "origin", branch], what: "fetch")
                try git(["checkout", "--quiet", "-B", branch, "origin/\(branch)"], what: "check out the team's logs")
            }
        }
        if (try? git(["rev-parse", "--verify", "--quiet", "HEAD"], what: "")) != nil {
            let local = try git(["rev-parse", "--abbrev-ref", "HEAD"], what: "git branch").trimmingCharacters(
                in: .whitespacesAndNewlines)
            try git(["push", "--quiet", "origin", "HEAD:\(local)"], what: "push")
            _ = try? git(["branch", "--quiet", "--set-upstream-to=origin/\(local)"], what: "")
        }
        privatize(deep: false)
        let after = lineCounts()
        var arrived: [String: Int] = [:]
        for (file, n) in after where file != ownLog && n > (before[file] ?? 0) {
            arrived[Store.rep(ofLogFile: file), default: 0] += n - (before[file] ?? 0)
        }
        return Report(arrived: arrived, sent: sent)
    }

    /// Commits the rep's own log, holding its lock so a half-written line is never committed.
    func commitOwnLog() throws -> Int {
        let path = dir + "/" + ownLog
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError("cannot open \(ownLog): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        flock(fd, LOCK_EX)
        defer { flock(fd, LOCK_UN) }
        let diff = try git(["diff", "--numstat", "HEAD", "--", ownLog], what: "git diff", allowFailure: true)
        try git(["add", "--", ownLog], what: "git add")
        let staged = try git(["diff", "--cached", "--name-only"], what: "git diff")
        guard !staged.isEmpty else { return 0 }
        try git(identity() + ["commit", "--quiet", "-m", "tend sync: \(rep)", "--", ownLog], what: "commit")
        return Int(diff.split(separator: "\t").first ?? "") ?? lineCounts()[ownLog] ?? 0
    }

    /// A committer identity when the machine has none, so sync works on a fresh laptop.
    func identity() throws -> [String] {
        let name = (try? git(["config", "user.name"], what: "", allowFailure: true)) ?? ""
        let email = (try? git(["config", "user.email"], what: "", allowFailure: true)) ?? ""
        var args: [String] = []
        if name.isEmpty { args += ["-c", "user.name=\(rep)"] }
        if email.isEmpty { args += ["-c", "user.email=\(rep)@tend.invalid"] }
        return args
    }

    func remoteBranch() throws -> String? {
        let heads = try git(["ls-remote", "--heads", "origin"], what: "reach the remote")
        let names = heads.split(separator: "\n").compactMap { $0.split(separator: "\t").last }.map {
            $0.replacingOccurrences(of: "refs/heads/", with: "")
        }
        let local =
            (try? git(["symbolic-ref", "--short", "HEAD"], what: "", allowFailure: true))?.trimmingCharacters(
                in: .whitespacesAndNewlines) ?? ""
        return names.contains(local) ? local : names.contains("main") ? "main" : names.first
    }

    func excludeCache() throws {
        let path = dir + "/.git/info/exclude"
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n").map(String.init)
        // The cache and this machine's stream record are this machine's alone.
        let missing = ["cache/", "/" + MachineStreams.fileName].filter { !lines.contains($0) }
        guard !missing.isEmpty else { return }
        try? FileManager.default.createDirectory(atPath: dir + "/.git/info", withIntermediateDirectories: true)
        try (text + (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + missing.joined(separator: "\n") + "\n").write(
            toFile: path, atomically: true, encoding: .utf8)
    }

    func lineCounts() -> [String: Int] {
        var counts: [String: Int] = [:]
        for f in (try? FileManager.default.contentsOfDirectory(atPath: dir + "/log")) ?? [] where f.hasSuffix(".jsonl")
        {
            let data = FileManager.default.contents(atPath: dir + "/log/" + f) ?? Data()
            counts["log/" + f] = data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        return counts
    }

    /// Runs git in the data dir; throws its message (one line) on failure.
    @discardableResult
    func git(_ args: [String], in cwd: String? = "", what: String, allowFailure: Bool = false) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: git)
        p.arguments = (cwd == nil ? [] : ["-C", dir]) + args
        var env = ProcessInfo.processInfo.environment
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["LANG"] = "C"
        p.environment = env
        let tmp =
            FileManager.default.temporaryDirectory.path + "/tend-git-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        _ = FileManager.default.createFile(atPath: tmp + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: tmp + ".err", contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: tmp + ".out")
            try? FileManager.default.removeItem(atPath: tmp + ".err")
        }
        p.standardOutput = FileHandle(forWritingAtPath: tmp + ".out")
        p.standardError = FileHandle(forWritingAtPath: tmp + ".err")
        p.standardInput = FileHandle.nullDevice
        // What git creates (a clone, checked-out logs, objects) is private from the start: the child
        // inherits this umask. (Single-threaded here: nothing else creates files meanwhile.)
        let umaskBefore = umask(0o077)
        defer { umask(umaskBefore) }
        do {
            try p.run()
        } catch {
            throw StoreError("cannot run git (\(git)): \(error.localizedDescription); install git to sync")
        }
        p.waitUntilExit()
        let out = (try? String(contentsOfFile: tmp + ".out", encoding: .utf8)) ?? ""
        if p.terminationStatus != 0 && !allowFailure {
            let err =
                ((try? String(contentsOfFile: tmp + ".err", encoding: .utf8)) ?? "")
                .split(separator: "\n").first { !$0.hasPrefix("hint:") }.map(String.init)
                ?? "exit \(p.terminationStatus)"
            throw StoreError("git could not \(what): \(err)")
        }
        return out
    }
}
