import Foundation
import XCTest

/// Two data dirs ("machines") and a real PostgreSQL server between them.
final class TeamServerTests: TeamTestCase {
    func testWhatOneMachineWritesTheOtherSeesByteForByte() throws {
        let dana = try ann.ok("add", "Dana Wu", "--phone", "+49 30 1234567").trimmingCharacters(
            in: .whitespacesAndNewlines)
        let initOut = try ok(ann, "team", "init", "--test-clock")
        XCTAssertTrue(initOut.hasPrefix("team schema tend ready (version 2); 1 events published"), initOut)
        XCTAssertEqual(
            try ok(ann, "team", "init"), "team schema tend ready (version 2); 0 events published\n", "idempotent")
        XCTAssertTrue(try ok(bob, "list").contains("Dana Wu"), "bob's machine pulled ann's contact")
        bob.now = "2026-11-23T09:20:00Z"
        try ok(bob, "log", dana, "--via", "call", "--outcome", "no-answer")
        ann.now = "2026-11-23T09:30:00Z"
        let show = try ok(ann, "show", dana)
        XCTAssertTrue(show.contains("bob  call · no-answer"), show)
        // The guard across machines: ann is told bob tried 10 minutes ago.
        let call = try run(ann, "call", dana)
        XCTAssertEqual(call.code, 3, call.err)
        XCTAssertTrue(call.err.contains("bob called Dana Wu 10 min ago"), call.err)
        // Replicas are the writer's lines, byte for byte.
        XCTAssertEqual(
            try String(contentsOfFile: ann.dir + "/data/log/bob.jsonl", encoding: .utf8),
            try String(contentsOfFile: bob.dir + "/data/log/bob.jsonl", encoding: .utf8))
        XCTAssertEqual(
            try pg.psql("SELECT count(*) FROM tend.events"), "3\n",
            "each event once on the server: the contact, bob's touch, the lead cadence's next attempt")
        let sync = try run(bob, "sync")
        XCTAssertNotEqual(sync.code, 0)
        XCTAssertTrue(sync.err.contains("shares through the team server"), sync.err)
    }

    /// libpq (and the twenty libraries it needs) is not linked: it is loaded the first time a
    /// command talks to a team server, and a command on a machine without one never loads it. The
    /// dynamic loader says what it loads (`LD_DEBUG=files`).
    func testLibPQIsLoadedOnlyByACommandThatTalksToATeamServer() throws {
        let needed = try runProgram("/usr/bin/readelf", ["-d", TendRunner.binary])
        XCTAssertTrue(needed.out.contains("(NEEDED)"), needed.err)
        XCTAssertFalse(needed.out.contains("libpq"), "tend does not link libpq")
        try ann.ok("add", "Dana Wu")
        let alone = try ann.run(["list"], env: ["LD_DEBUG": "files"])
        XCTAssertEqual(alone.code, 0)
        XCTAssertTrue(alone.err.contains("file=libc.so.6"), "the loader reports: \(alone.err.prefix(300))")
        XCTAssertFalse(alone.err.contains("libpq"), "no team server: libpq never loaded")
        try ok(ann, "team", "init", "--test-clock")
        let team = try run(ann, "list", env: ["LD_DEBUG": "files"])
        XCTAssertEqual(team.code, 0)
        XCTAssertTrue(team.err.contains("file=libpq.so.5"), "a team server: libpq loaded for it")
        XCTAssertTrue(team.out.contains("Dana Wu"))
    }

    func testARepsRoleCannotWriteAsSomeoneElse() throws {
        _ = try ann.ok("add", "Dana Wu")
        try ok(ann, "team", "init", "--test-clock")
        XCTAssertTrue(try ok(ann, "team", "add-rep", "bob").contains("role tend_tend_bob"))
        let forged = #"INSERT INTO tend.events (id, rep, stream, line) VALUES ('x1', 'ann', 'ann', '{}')"#
        XCTAssertThrowsError(try pg.psql(forged, user: "tend_tend_bob")) { e in
            XCTAssertTrue("\(e)".contains("row-level security"), "\(e)")
        }
        XCTAssertNoThrow(
            try pg.psql(
                #"INSERT INTO tend.events (id, rep, stream, line) VALUES ('x2', 'bob', 'bob', '{}')"#,
                user: "tend_tend_bob"))
    }

    func testAServerThatIsDownOrStuckNeverCostsTheLocalWrite() throws {
        let dana = try ann.ok("add", "Dana Wu").trimmingCharacters(in: .whitespacesAndNewlines)
        try ok(ann, "team", "init", "--test-clock")
        // A wrong address: one line, the note saved here all the same.
        let wrong = "postgresql:///postgres?host=\(pg.dir)&port=1&user=tend"
        let r = try run(ann, "note", dana, "kept locally", env: ["TEND_TEAM_URL": wrong])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.err.contains("saved here, not sent to the team server yet"), r.err)
        XCTAssertTrue(ann.logLines("ann").joined().contains("kept locally"))
        // The next command that reaches the server sends it, once.
        try ok(ann, "list")
        try ok(ann, "note", dana, "second")
        XCTAssertEqual(try pg.psql("SELECT count(*) FROM tend.events"), "3\n")
        // A server that stops answering (paused): the CLI goes on from its files within its bound.
        let pid = try XCTUnwrap(pg.pid)
        kill(pid, SIGSTOP)
        defer { kill(pid, SIGCONT) }
        let t0 = Date()
        let stuck = try run(ann, "today")
        XCTAssertEqual(stuck.code, 0, stuck.err)
        XCTAssertLessThan(Date().timeIntervalSince(t0), 5, "bounded, not frozen")
        XCTAssertTrue(stuck.err.contains("did not answer within 300 ms"), stuck.err)
    }

    func testADataDirFromBeforeStreamsNeverGetsItsOwnEventsTwice() throws {
        _ = try ann.ok("add", "Dana Wu")
        try FileManager.default.removeItem(atPath: ann.dir + "/data/machine")  // as made before streams
        try ok(ann, "team", "init", "--test-clock")
        try ok(ann, "list")
        try ok(ann, "list")
        XCTAssertEqual(ann.logLines("ann").count, 1, "the published line is not pulled back into its own log")
        XCTAssertTrue(try ann.ok("check").hasPrefix("ok: 1 log, 1 event"))
    }
}
