import Foundation
import XCTest

/// The team server's hard days: erasure, a restore from backup, lost state, a departing rep,
/// a server stopped mid-burst, a publisher killed. Real PostgreSQL, real processes.
final class TeamRecoveryTests: TeamTestCase {
    func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    func serverCount(_ whereClause: String = "true") throws -> Int {
        Int(
            try pg.psql("SELECT count(*) FROM tend.events WHERE \(whereClause)").trimmingCharacters(
                in: .whitespacesAndNewlines))
            ?? -1
    }

    func testForgetReachesTheServerAndEveryMachinesReplicas() throws {
        let dana = try ann.ok("add", "Dana Wu", "--phone", "+49 30 1234567").trimmingCharacters(
            in: .whitespacesAndNewlines)
        try ok(ann, "team", "init", "--test-clock")
        try ok(ann, "note", dana, "prefers mornings")
        try ok(bob, "list")
        XCTAssertTrue(read(bob.dir + "/data/log/ann.jsonl").contains("1234567"), "bob's replica has her")
        // Ann writes about Dana while the server is away; bob forgets Dana meanwhile.
        let wrong = "postgresql:///postgres?host=\(pg.dir)&port=1&user=tend"
        XCTAssertEqual(try run(ann, "note", dana, "late words about her", env: ["TEND_TEAM_URL": wrong]).code, 0)
        try ok(bob, "forget", dana, "--yes")
        XCTAssertEqual(try serverCount("line LIKE '%1234567%' OR line LIKE '%mornings%'"), 0, "gone from the server")
        XCTAssertFalse(read(bob.dir + "/data/log/ann.jsonl").contains("1234567"), "gone from bob's replica")
        XCTAssertFalse(read(bob.dir + "/data/log/ann.jsonl").contains("mornings"))
        // Ann comes back: her late note reaches the server without the words, and her own log loses them.
        try ok(ann, "list")
        XCTAssertEqual(try serverCount("line LIKE '%late words%'"), 0, "a late note never lands with her data")
        XCTAssertEqual(try serverCount("line::jsonb->>'type' = 'note'"), 2, "the notes' events are there, stripped")
        XCTAssertFalse(ann.logLines("ann").joined().contains("1234567"))
        XCTAssertFalse(ann.logLines("ann").joined().contains("late words"))
        try ok(bob, "list")
        XCTAssertTrue(try ok(bob, "check").hasPrefix("ok:"), "bob's replicas still check")
        XCTAssertFalse(read(bob.dir + "/data/log/ann.jsonl").contains("late words"))
    }

    func testAServerRestoredFromAnOlderBackupGetsTheMissingEventsReSent() throws {
        let dana = try ann.ok("add", "Dana Wu").trimmingCharacters(in: .whitespacesAndNewlines)
        try ok(ann, "team", "init", "--test-clock")
        try ok(bob, "list")
        let dump = pg.dir + ".dump.sql"
        try pg.exec(
            "/usr/bin/pg_dump",
            ["postgresql:///postgres?host=\(pg.dir)&port=\(pg.port)&user=tend", "-n", "tend", "-f", dump])
        try ok(ann, "note", dana, "after the backup")
        try ok(bob, "note", dana, "bob after the backup")
        try ok(ann, "list")
        XCTAssertEqual(try serverCount(), 3)
        // The server is restored from the backup: it lost two events.
        try pg.psql("DROP SCHEMA tend CASCADE")
        try pg.exec(
            "/usr/bin/psql",
            [
                "postgresql:///postgres?host=\(pg.dir)&port=\(pg.port)&user=tend", "-q", "-v", "ON_ERROR_STOP=1", "-f",
                dump,
            ])
        XCTAssertEqual(try serverCount(), 1)
        try ok(ann, "list")
        try ok(bob, "list")
        XCTAssertEqual(try serverCount(), 3, "each machine re-sent what the restored server lacked")
        XCTAssertEqual(
            try serverCount("true"),
            Int(
                try pg.psql("SELECT count(DISTINCT id) FROM tend.events").trimmingCharacters(
                    in: .whitespacesAndNewlines)))
        try ok(bob, "list")
        XCTAssertEqual(bob.logLines("ann").count, 2, "bob's replica of ann: each line once")
        XCTAssertEqual(read(bob.dir + "/data/log/ann.jsonl"), read(ann.dir + "/data/log/ann.jsonl"))
        XCTAssertEqual(read(ann.dir + "/data/log/bob.jsonl"), read(bob.dir + "/data/log/bob.jsonl"))
    }

    func testAMachineThatLostItsTeamStateHealsWithoutDoubling() throws {
        let dana = try ann.ok("add", "Dana Wu").trimmingCharacters(in: .whitespacesAndNewlines)
        try ok(ann, "team", "init", "--test-clock")
        try ok(bob, "note", dana, "from bob")
        try ok(ann, "list")
        try FileManager.default.removeItem(atPath: ann.dir + "/data/cache")
        try FileManager.default.removeItem(atPath: bob.dir + "/data/cache")
        try ok(ann, "note", dana, "after the loss")
        try ok(bob, "list")
        XCTAssertEqual(try serverCount(), 3)
        XCTAssertEqual(read(ann.dir + "/data/log/bob.jsonl"), read(bob.dir + "/data/log/bob.jsonl"), "once each")
        XCTAssertEqual(read(bob.dir + "/data/log/ann.jsonl"), read(ann.dir + "/data/log/ann.jsonl"))
    }

    func testOneRepOnTwoMachinesWithTheServerLosesNothing() throws {
        var office = ann!
        office.dir = tend.dir + "/office-ann"
        let dana = try ann.ok("add", "Dana Wu").trimmingCharacters(in: .whitespacesAndNewlines)
        try ok(ann, "team", "init", "--test-clock")
        try ok(office, "note", dana, "from the office")
        try ok(ann, "note", dana, "from the laptop")
        try ok(office, "note", dana, "office again")
        try ok(ann, "list")
        for r in [ann!, office] {
            let show = try ok(r, "show", dana)
            for text in ["from the office", "from the laptop", "office again"] {
                XCTAssertTrue(show.contains(text), "\(r.dir): \(text)\n\(show)")
            }
        }
        let officeStreams = try FileManager.default.contentsOfDirectory(atPath: office.dir + "/data/log")
            .filter { $0.hasSuffix(".jsonl") }.sorted()
        XCTAssertEqual(officeStreams.count, 2, "the laptop's stream and the office's own: \(officeStreams)")
        XCTAssertTrue(officeStreams.contains { $0.hasPrefix("ann@") }, "\(officeStreams)")
        XCTAssertEqual(try serverCount(), 4)
    }

    func testARemovedRepCanNoLongerLogIn() throws {
        _ = try ann.ok("add", "Dana Wu")
        try ok(ann, "team", "init", "--test-clock")
        try ok(ann, "team", "add-rep", "bob")
        XCTAssertEqual(try pg.psql("SELECT count(*) FROM tend.events", user: "tend_tend_bob"), "1\n")
        XCTAssertTrue(try ok(ann, "team", "remove-rep", "bob").contains("can no longer log in"))
        XCTAssertThrowsError(try pg.psql("SELECT 1", user: "tend_tend_bob")) { e in
            XCTAssertTrue("\(e)".contains("not permitted to log in"), "\(e)")
        }
        let again = try run(ann, "team", "remove-rep", "bob")
        XCTAssertEqual(again.code, 0, "the role stays, without login: removing again is harmless")
        // Bob's Tend, refused at login: one line, the note saved on his machine all the same.
        let dana = try bob.run(["list"], env: ["TEND_TEAM_URL": ""]).out
        XCTAssertTrue(dana.isEmpty || dana.contains("No contacts"), dana)
        _ = try bob.run(["add", "Bob's Own"], env: ["TEND_TEAM_URL": ""])
        let refused = try run(bob, "note", "Bob's Own", "still works", env: ["TEND_TEAM_USER": "tend_tend_bob"])
        XCTAssertEqual(refused.code, 0, refused.err)
        XCTAssertTrue(refused.err.contains("not permitted to log in"), refused.err)
        XCTAssertTrue(refused.err.contains("saved here, not sent to the team server yet"), refused.err)
        XCTAssertTrue(bob.logLines("bob").joined().contains("still works"))
    }

    func testThePersonalConfigNamesTheServerAndStatusSaysWhoIsOnline() throws {
        _ = try ann.ok("add", "Dana Wu")
        try ok(ann, "team", "init", "--test-clock")
        let config = bob.dir + "/.config/tend"
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        try "[team]\nurl = \"\(pg.url)\"\n".write(toFile: config + "/config.toml", atomically: true, encoding: .utf8)
        let status = try bob.run(["team", "status"])  // no TEND_TEAM_URL: the personal file names it
        XCTAssertEqual(status.code, 0, status.err)
        XCTAssertTrue(status.out.contains("connected to the team server"), status.out)
        XCTAssertTrue(status.out.contains("newest event received, per stream:\n  ann  1 events"), status.out)
        XCTAssertTrue(status.out.contains("nothing waiting to be sent"), status.out)
        XCTAssertTrue(try bob.ok("list").contains("Dana Wu"), "pulled through the personal file's server")
        let off = try bob.run(["list"], env: ["TEND_TEAM_URL": ""])
        XCTAssertEqual(off.err, "", "an empty TEND_TEAM_URL turns the server off")
    }
}

/// Faults in the middle of the work: the server stopped hard during a burst of notes, a
/// publishing process killed. Every note acknowledged here reaches the server and the other
/// machine exactly once.
final class TeamFaultTests: CLITestCase {
    var pg: PGCluster!

    override func setUpWithError() throws {
        try super.setUpWithError()
        pg = try PGCluster()
    }

    override func tearDownWithError() throws {
        pg = nil
        try super.tearDownWithError()
    }

    func distinctIDsOnServer() throws -> (all: Int, distinct: Int) {
        let row = try pg.psql("SELECT count(*), count(DISTINCT id) FROM tend.events")
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|")
        return (Int(row[0]) ?? -1, Int(row[1]) ?? -1)
    }

    func testAServerStoppedHardMidBurstLosesAndDoublesNothing() throws {
        var ann = tend, bob = tend
        ann.dir = tend.dir + "/a"
        bob.dir = tend.dir + "/b"
        bob.rep = "bob"
        let team = ["TEND_TEAM_URL": pg.url]
        let dana = try ann.ok("add", "Dana Wu").trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(try ann.run(["team", "init", "--test-clock"], env: team).code, 0)
        let pg = self.pg!
        let annLog = ann.dir + "/data/log/ann.jsonl"
        // The server goes down hard once ten notes are in, and comes back after twenty.
        let faults = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            func lines() -> Int {
                ((try? String(contentsOfFile: annLog, encoding: .utf8)) ?? "").split(separator: "\n").count
            }
            while lines() < 11 { usleep(2000) }
            pg.stop(immediate: true)
            while lines() < 21 { usleep(2000) }
            try? pg.start()
            faults.signal()
        }
        var warned = 0
        for i in 0..<30 {
            let r = try ann.run(["note", dana, "burst \(i)"], env: team)
            XCTAssertEqual(r.code, 0, "note \(i) is saved whatever the server does: \(r.err)")
            if !r.err.isEmpty { warned += 1 }
        }
        XCTAssertEqual(faults.wait(timeout: .now() + 30), .success)
        XCTAssertGreaterThan(warned, 0, "some notes were written while the server was down")
        XCTAssertEqual(try ann.run(["list"], env: team).code, 0)
        XCTAssertEqual(try bob.run(["list"], env: team).err, "")
        let (all, distinct) = try distinctIDsOnServer()
        XCTAssertEqual(all, 31, "the contact and every acknowledged note")
        XCTAssertEqual(distinct, 31)
        XCTAssertEqual(
            try String(contentsOfFile: bob.dir + "/data/log/ann.jsonl", encoding: .utf8),
            try String(contentsOfFile: annLog, encoding: .utf8), "the other machine has each line once")
    }

    func testAPublisherKilledMidwaySendsTheRestOnceNextTime() throws {
        let dana = try add("Dana Wu")
        _ = try tend.ok("stress-append", dana, "--count", "10000", "--label", "n")
        let team = ["TEND_TEAM_URL": pg.url]
        let p = Process()
        p.executableURL = URL(fileURLWithPath: TendRunner.binary)
        p.arguments = ["team", "init", "--test-clock"]
        p.environment = tend.environment.merging(team) { $1 }
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Killed once some of the history is on the server, before all of it is.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let n = (try? distinctIDsOnServer().all) ?? 0
            if n > 0 { break }
            usleep(2000)
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let partial = try distinctIDsOnServer().all
        XCTAssertLessThan(partial, 10_001, "killed midway (it had not sent everything)")
        let r = try tend.run(["list"], env: team)
        XCTAssertEqual(r.code, 0, r.err)
        let (all, distinct) = try distinctIDsOnServer()
        XCTAssertEqual(all, 10_001, "the rest arrived")
        XCTAssertEqual(distinct, all, "nothing twice")
    }
}
