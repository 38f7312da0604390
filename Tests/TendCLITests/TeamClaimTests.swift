import Foundation
import XCTest

/// Claims and the guard across machines: data dirs side by side against one real PostgreSQL.
final class TeamClaimTests: TeamTestCase {
    /// Starts `tend call ID` for a runner, not waiting.
    func startCall(_ r: TendRunner, _ id: String) throws -> (Process, Pipe) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: TendRunner.binary)
        p.arguments = ["call", id]
        p.environment = r.environment.merging(["TEND_TEAM_URL": pg.url]) { $1 }
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        return (p, err)
    }

    func testFiftyRoundsOfTwoMachinesClaimingAtTheSameInstantHaveOneWinnerEach() throws {
        var ids: [String] = []
        for i in 0..<50 { ids.append(try ann.ok("add", "Shared \(i)").trimmingCharacters(in: .whitespacesAndNewlines)) }
        try ok(ann, "team", "init", "--test-clock")
        try ok(bob, "list")
        for id in ids {
            let calls = [try startCall(ann, id), try startCall(bob, id)]
            var codes: [Int32] = []
            var errs: [String] = []
            for (p, err) in calls {
                let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                p.waitUntilExit()
                codes.append(p.terminationStatus)
                errs.append(text)
            }
            XCTAssertEqual(codes.sorted(), [0, 3], "\(id): exactly one winner: \(errs)")
            let loser = codes[0] == 3 ? 0 : 1, winner = ["ann", "bob"][1 - loser]
            XCTAssertTrue(errs[loser].contains("\(winner) is calling Shared"), "the loser is told who: \(errs)")
            XCTAssertFalse(errs.joined().contains("this machine's files only"), "decided on the server: \(errs)")
        }
        let claims = try pg.psql("SELECT count(*) FROM tend.events WHERE line LIKE '%\"type\":\"claim\"%'")
        XCTAssertEqual(claims, "50\n", "one claim per contact on the server")
    }

    func testTheServerDecidesByTheTeamsGuardNotThisDataDirsConfig() throws {
        try FileManager.default.createDirectory(
            atPath: ann.dir + "/data", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try "[guard]\nwindow_minutes = 30\n".write(
            toFile: ann.dir + "/data/config.toml", atomically: true, encoding: .utf8)
        let dana = try ann.ok("add", "Dana Wu").trimmingCharacters(in: .whitespacesAndNewlines)
        try ok(ann, "team", "init", "--test-clock")
        ann.now = "2026-11-23T09:00:00Z"
        try ok(ann, "log", dana, "--via", "call", "--outcome", "no-answer")
        // Bob's data dir says nothing: by its default (4 h) he would be refused; the team says 30 min.
        bob.now = "2026-11-23T09:45:00Z"
        XCTAssertTrue(try ok(bob, "call", dana).contains("calling Dana Wu"))
        bob.now = "2026-11-23T09:50:00Z"
        try ok(bob, "log", dana, "--via", "call", "--outcome", "no-answer")
        ann.now = "2026-11-23T10:00:00Z"
        let refused = try run(ann, "call", dana)
        XCTAssertEqual(refused.code, 3, refused.err)
        XCTAssertTrue(refused.err.contains("bob called Dana Wu 10 min ago"), refused.err)
    }

    func testAClockFarFromTheServersIsRefusedOnARealTeam() throws {
        let dana = try ann.ok("add", "Dana Wu").trimmingCharacters(in: .whitespacesAndNewlines)
        try ok(ann, "team", "init")  // a real team: no --test-clock; TEND_NOW is a week before today
        let r = try run(ann, "call", dana)
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertTrue(r.err.contains("this machine's clock is"), r.err)
        XCTAssertTrue(r.err.contains("behind the team server's: claims are refused"), r.err)
        XCTAssertFalse(ann.logLines("ann").joined().contains("\"type\":\"claim\""), "nothing claimed")
        let status = try run(ann, "team", "status")
        XCTAssertTrue(status.out.contains("connected to the team server (schema tend, version 2)"), status.out)
    }

    func testUnreachableTheLocalCheckDecidesAndSaysSo() throws {
        let dana = try ann.ok("add", "Dana Wu").trimmingCharacters(in: .whitespacesAndNewlines)
        try ok(ann, "team", "init", "--test-clock")
        let wrong = "postgresql:///postgres?host=\(pg.dir)&port=1&user=tend"
        let r = try run(ann, "call", dana, env: ["TEND_TEAM_URL": wrong])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.err.contains("claimed on this machine's files only"), r.err)
        XCTAssertTrue(ann.logLines("ann").joined().contains("\"type\":\"claim\""))
        try ok(ann, "list")
        XCTAssertEqual(
            try pg.psql("SELECT count(*) FROM tend.events WHERE line LIKE '%\"type\":\"claim\"%'"), "1\n",
            "sent once the server is back")
    }

    /// The TUI on bob's machine LISTENs: ann's claim on her own machine shows within 2 s.
    func testAClaimOnOneMachineShowsInTheOtherMachinesTUIWithinTwoSeconds() throws {
        let tom = try ann.ok("add", "Tom Becker", "--owner", "bob").trimmingCharacters(in: .whitespacesAndNewlines)
        try ok(ann, "team", "init", "--test-clock")
        try ok(ann, "next", tom, "today", "--what", "call back")
        let screen = try bobsTUI(waitingFor: "Tom Becker")
        let t0 = Date()
        try ok(ann, "call", tom)
        try screen.wait(for: "ann's claim on bob's screen", timeout: 2) { $0.contains("ann · calling now") }
        XCTAssertLessThan(Date().timeIntervalSince(t0), 2.5)
        try screen.keys("q")
    }

    /// A server that stops answering (paused) while the TUI runs: keys still work, a claim falls
    /// back to this machine's files and the banner says so; once it answers again, what was
    /// written meanwhile is sent.
    func testTheTUIStaysLiveWhenTheServerStopsAnswering() throws {
        let tom = try ann.ok("add", "Tom Becker", "--owner", "bob").trimmingCharacters(in: .whitespacesAndNewlines)
        try ok(ann, "team", "init", "--test-clock")
        try ok(ann, "next", tom, "today", "--what", "call back")
        let screen = try bobsTUI(waitingFor: "Tom Becker")
        pg.pause()
        var resumed = false
        defer { if !resumed { pg.resume() } }
        try screen.keys("2")
        try screen.wait(for: "the board, keys still handled", timeout: 3) { !$0.contains("Today (1)") }
        try screen.keys("1")
        try screen.wait(for: "Today (1)", timeout: 3)
        try screen.keys("/")
        try screen.type("Tom Becker")
        try screen.keys("Enter", "c")
        let banner = try screen.wait(for: "the offline banner", timeout: 5) {
            $0.contains("did not answer within 300 ms") && $0.contains("claims checked on this machine only")
        }
        XCTAssertTrue(banner.contains("Outcome:"), "the call screen is open all the same:\n\(banner)")
        pg.resume()
        resumed = true
        // Within the retry interval (5 s) the claim made meanwhile reaches the server.
        let deadline = Date().addingTimeInterval(10)
        var claims = ""
        while Date() < deadline {
            claims = try pg.psql("SELECT count(*) FROM tend.events WHERE line LIKE '%\"type\":\"claim\"%'")
            if claims == "1\n" { break }
            usleep(100_000)
        }
        XCTAssertEqual(claims, "1\n", "the claim written while the server was away is sent once it answers")
        try screen.keys("Escape", "q")
    }
}
