import Foundation
import XCTest

/// Two reps on "two machines": two clones of a local bare repository.
final class SyncTests: CLITestCase {
    var ann: TendRunner!
    var bob: TendRunner!

    override func setUpWithError() throws {
        try super.setUpWithError()
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/git") else {
            throw XCTSkip("git is not installed")
        }
        try git(["init", "--quiet", "--bare", tend.dir + "/team.git"])
        ann = tend
        ann.rep = "ann"
        bob = tend
        bob.rep = "bob"
        for r in [ann!, bob!] {
            let out = try r.run(["sync", "--init", tend.dir + "/team.git", "--dir", tend.dir + "/" + r.rep])
            XCTAssertEqual(out.code, 0, out.err)
        }
    }

    func on(_ r: TendRunner, _ args: String..., file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let res = try r.run(args + ["--dir", tend.dir + "/" + r.rep])
        XCTAssertEqual(res.code, 0, "\(r.rep): tend \(args.joined(separator: " ")): \(res.err)", file: file, line: line)
        return res.out
    }

    @discardableResult
    func git(_ args: [String], in dir: String? = nil) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        p.arguments = (dir.map { ["-C", $0] } ?? []) + args
        p.environment = [
            "PATH": "/usr/bin:/bin", "HOME": tend.dir, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t",
        ]
        let out = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        FileManager.default.createFile(atPath: out.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: out) }
        return (try? String(contentsOf: out, encoding: .utf8)) ?? ""
    }

    func timeline(_ r: TendRunner, _ contact: String, dir: String? = nil) throws -> [[String: Any]] {
        let out =
            try dir.map { d -> String in
                let res = try r.run(["show", contact, "--json", "--dir", d])
                XCTAssertEqual(res.code, 0, res.err)
                return res.out
            } ?? on(r, "show", contact, "--json")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        return try XCTUnwrap(json["timeline"] as? [[String: Any]])
    }

    func testEverythingSyncCreatesOrChecksOutIsPrivate() throws {
        _ = try on(ann, "add", "Dana Wu")
        _ = try on(ann, "sync")
        _ = try on(bob, "sync")
        func mode(_ path: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! NSNumber).intValue & 0o777
        }
        let bobDir = tend.dir + "/bob"
        XCTAssertEqual(try mode(bobDir), 0o700)
        XCTAssertEqual(try mode(bobDir + "/.git"), 0o700)
        XCTAssertEqual(try mode(bobDir + "/log"), 0o700)
        XCTAssertEqual(try mode(bobDir + "/log/ann.jsonl"), 0o600, "a pulled log")
        XCTAssertEqual(try mode(bobDir + "/.git/config"), 0o600)
        // Anything under .git that others could read or enter:
        let walk = try XCTUnwrap(FileManager.default.enumerator(atPath: bobDir + "/.git"))
        while let p = walk.nextObject() as? String {
            XCTAssertEqual(try mode(bobDir + "/.git/" + p) & 0o077, 0, ".git/\(p)")
        }
        // A fresh clone into a new folder too.
        var carol = tend
        carol.rep = "carol"
        let r = try carol.run(["sync", "--init", tend.dir + "/team.git", "--dir", tend.dir + "/carol"])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(try mode(tend.dir + "/carol"), 0o700)
        XCTAssertEqual(try mode(tend.dir + "/carol/log/ann.jsonl"), 0o600)
        XCTAssertFalse(r.err.contains("can be read by others"), r.err)
    }

    func testOneRepOnTwoMachinesWritesTwoStreamsAndNeverConflicts() throws {
        // ann's laptop is tend.dir/ann (set up above); her office PC is another clone.
        let office = tend.dir + "/ann-office"
        XCTAssertEqual(try ann.run(["sync", "--init", tend.dir + "/team.git", "--dir", office]).code, 0)
        func onOffice(_ args: String...) throws -> String {
            let r = try ann.run(args + ["--dir", office])
            XCTAssertEqual(r.code, 0, "office: tend \(args.joined(separator: " ")): \(r.err)")
            return r.out
        }
        let id = try on(ann, "add", "Dana Wu").trimmingCharacters(in: .whitespacesAndNewlines)
        try on(ann, "note", id, "from the laptop")
        _ = try on(ann, "sync")
        _ = try onOffice("sync")
        try onOffice("note", id, "from the office")
        XCTAssertEqual(try onOffice("sync"), "nothing new arrived; sent 1 of yours\n")
        try on(ann, "note", id, "from the laptop again")
        XCTAssertEqual(try on(ann, "sync"), "1 new event from ann; sent 1 of yours\n", "no conflict")
        XCTAssertEqual(try onOffice("sync"), "1 new event from ann\n")
        for dir in [tend.dir + "/ann", office] {
            let notes = try timeline(ann, id, dir: dir).compactMap { $0["note"] as? String }
            XCTAssertEqual(Set(notes), ["from the laptop", "from the office", "from the laptop again"], dir)
            let check = try ann.run(["check", "--dir", dir])
            XCTAssertTrue(check.out.hasPrefix("ok: 2 logs, 4 events"), "two streams of ann: \(check.out)\(check.err)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: office + "/log").filter {
            $0.hasSuffix(".jsonl")
        }.sorted()
        XCTAssertEqual(files.count, 2)
        XCTAssertEqual(files[0], "ann.jsonl")
        XCTAssertTrue(files[1].hasPrefix("ann@") && files[1].hasSuffix(".jsonl"), "the office's own stream: \(files)")
        XCTAssertFalse(try git(["ls-files"], in: office).contains("machine"), "which machine is which is not shared")
    }

    func testADataDirFromBeforeStreamsKeepsWritingItsLogs() throws {
        var local = tend
        local.dir = tend.dir + "/legacy"
        try FileManager.default.createDirectory(atPath: local.dir, withIntermediateDirectories: true)
        let id = try local.ok("add", "Dana Wu").trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.removeItem(atPath: local.dir + "/data/machine")  // as a dir made before streams
        try local.ok("note", id, "after the upgrade")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: local.dir + "/data/log").filter {
                $0.hasSuffix(".jsonl")
            }, ["ann.jsonl"])
        XCTAssertEqual(local.logLines("ann").count, 2)
    }

    func testTouchesMadeOnEachMachineArriveOnTheOther() throws {
        let id = try on(ann, "add", "Dana Wu").trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(try on(ann, "sync"), "nothing new arrived; sent 1 of yours\n")
        XCTAssertEqual(try on(bob, "sync"), "1 new event from ann\n")
        bob.now = "2026-11-23T10:00:00Z"
        try on(bob, "log", id, "--via", "call", "--outcome", "busy")
        // The touch, and the lead cadence's next attempt.
        XCTAssertEqual(try on(bob, "sync"), "nothing new arrived; sent 2 of yours\n")
        ann.now = "2026-11-23T10:05:00Z"  // later on ann's machine too: bob's 10:00 touch is not from her future
        XCTAssertEqual(try on(ann, "sync"), "2 new events from bob\n")
        XCTAssertEqual(try timeline(ann, id).first?["rep"] as? String, "bob")
        let logs = try git(["ls-files"], in: tend.dir + "/ann")
        XCTAssertEqual(logs, "log/ann.jsonl\nlog/bob.jsonl\n", "only logs are shared")
    }

    func testTenAlternatingSyncsNeverConflict() throws {
        let id = try on(ann, "add", "Dana Wu").trimmingCharacters(in: .whitespacesAndNewlines)
        try on(ann, "sync")
        for i in 0..<10 {
            let (me, other) = i % 2 == 0 ? (bob!, ann!) : (ann!, bob!)
            try on(me, "sync")
            try on(me, "note", id, "round \(i) by \(me.rep)")
            try on(other, "note", id, "round \(i) by \(other.rep)")
            try on(me, "sync")
        }
        try on(ann, "sync")
        try on(bob, "sync")
        try on(ann, "sync")
        XCTAssertEqual(try timeline(ann, id).count, 20)
        XCTAssertEqual(try timeline(bob, id).count, 20)
        XCTAssertEqual(
            try timeline(ann, id).map { $0["id"] as? String }, try timeline(bob, id).map { $0["id"] as? String })
    }

    func testAHandEditedLogStopsSyncAndChangesNothing() throws {
        let id = try on(ann, "add", "Dana Wu").trimmingCharacters(in: .whitespacesAndNewlines)
        try on(ann, "sync")
        try on(bob, "sync")
        try on(bob, "note", id, "bob's")
        try on(bob, "sync")
        // ann edits bob's log by hand, without committing it.
        let path = tend.dir + "/ann/log/ann.jsonl"
        let bobsInAnn = tend.dir + "/ann/log/bob.jsonl"
        try on(ann, "sync")
        try "hand edit\n".write(toFile: bobsInAnn, atomically: true, encoding: .utf8)
        let before = try git(["status", "--porcelain"], in: tend.dir + "/ann")
        let r = try ann.run(["sync", "--dir", tend.dir + "/ann"])
        XCTAssertNotEqual(r.code, 0)
        XCTAssertTrue(r.err.contains("sync stopped: log/bob.jsonl changed here by hand; nothing was changed"), r.err)
        XCTAssertEqual(try git(["status", "--porcelain"], in: tend.dir + "/ann"), before)
        XCTAssertEqual(try String(contentsOfFile: bobsInAnn, encoding: .utf8), "hand edit\n")
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
    }

    func testACommittedHandEditThatConflictsStopsSyncAndChangesNothing() throws {
        let id = try on(ann, "add", "Dana Wu").trimmingCharacters(in: .whitespacesAndNewlines)
        try on(ann, "sync")
        try on(bob, "sync")
        // Someone commits an edit to bob's log in ann's clone; bob meanwhile appends and pushes.
        let bobsInAnn = tend.dir + "/ann/log/ann.jsonl"
        try (try String(contentsOfFile: bobsInAnn, encoding: .utf8)).replacingOccurrences(of: "Dana Wu", with: "Dana X")
            .write(toFile: bobsInAnn, atomically: true, encoding: .utf8)
        try git(["commit", "-qam", "hand edit"], in: tend.dir + "/ann")
        let head = try git(["rev-parse", "HEAD"], in: tend.dir + "/ann")
        // bob rewrites the same line by hand too, and pushes it with git directly.
        let annsInBob = tend.dir + "/bob/log/ann.jsonl"
        try (try String(contentsOfFile: annsInBob, encoding: .utf8)).replacingOccurrences(of: "Dana Wu", with: "Dana Y")
            .write(toFile: annsInBob, atomically: true, encoding: .utf8)
        try git(["commit", "-qam", "other hand edit"], in: tend.dir + "/bob")
        try git(["push", "-q", "origin", "HEAD"], in: tend.dir + "/bob")
        _ = id

        let r = try ann.run(["sync", "--dir", tend.dir + "/ann"])
        XCTAssertNotEqual(r.code, 0)
        XCTAssertTrue(r.err.contains("sync stopped: git reported a conflict"), r.err)
        XCTAssertEqual(try git(["rev-parse", "HEAD"], in: tend.dir + "/ann"), head, "HEAD is where it was")
        XCTAssertEqual(try git(["status", "--porcelain"], in: tend.dir + "/ann"), "", "no half-rebased tree")
        XCTAssertTrue(try String(contentsOfFile: bobsInAnn, encoding: .utf8).contains("Dana X"))
    }

    func testSyncOutsideARepositorySaysHowToSetItUp() throws {
        let r = try tend.run(["sync"])
        XCTAssertNotEqual(r.code, 0)
        XCTAssertTrue(r.err.contains("is not a git repository; set it up with `tend sync --init REMOTE`"), r.err)
    }
}
