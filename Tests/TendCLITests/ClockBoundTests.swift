import Foundation
import XCTest

/// One clock policy: an event dated more than `[clock] max_ahead_minutes` after this machine's
/// "now" is held — kept in its file, not folded, not seen by the guard, not moving the clock — and
/// every line Tend writes is one its own reader folds.
final class ClockBoundTests: CLITestCase {
    func appendLine(_ rep: String, _ line: String) throws {
        let path = tend.dir + "/data/log/\(rep).jsonl"
        if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
        let fh = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try fh.seekToEnd()
        try fh.write(contentsOf: Data((line + "\n").utf8))
        try fh.close()
    }

    func testAYear9999LineNeitherLosesLaterSavesNorIsFolded() throws {
        let id = try add("Dana Wu")
        try appendLine(
            "bob",
            #"{"v":1,"id":"far1","at":"9999-12-31T23:59:59.999Z","rep":"bob","type":"contact.set","contact":"\#(id)","name":"Mallory"}"#
        )
        let r = try tend.run(["note", "dana", "acknowledged note"])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(
            r.err, "warning: log/bob.jsonl:1: dated 9999-12-31 23:59, 7973 years ahead of this machine's clock; held\n")
        let written = try XCTUnwrap(tend.logLines("ann").last)
        XCTAssertTrue(
            written.contains(#""at":"2026-11-23T09:00:00.001Z""#), "the note keeps this machine's time: \(written)")
        let show = try tend.run(["show", "dana"])
        XCTAssertTrue(show.out.contains("acknowledged note"), show.out)
        XCTAssertTrue(show.out.hasPrefix("Dana Wu"), "a far-future rename does not win: \(show.out)")
        var bob = tend
        bob.rep = "bob"
        try bob.ok("note", "dana", "bob's note")
        XCTAssertTrue(try tend.ok("show", "dana").contains("bob's note"), "every rep's later saves show")
        XCTAssertEqual(bob.logLines("bob").first?.contains("9999-12-31"), true, "the held line stays untouched")
        let check = try tend.run(["check"])
        XCTAssertEqual(check.code, 1)
        XCTAssertTrue(
            check.out.contains(
                "log/bob.jsonl:1: dated 9999-12-31 23:59, 7973 years ahead of this machine's clock; held"), check.out)
    }

    func testAClockTenYearsAheadNeitherBlocksTheGuardNorWinsUntilNowReachesIt() throws {
        let id = try add("Dana Wu")
        try appendLine(
            "bob",
            #"{"v":1,"id":"far2","at":"2036-01-01T09:00:00.000Z","rep":"bob","type":"touch","contact":"\#(id)","channel":"call","outcome":"no-answer"}"#
        )
        try appendLine(
            "bob",
            #"{"v":1,"id":"far3","at":"2036-01-01T09:00:01.000Z","rep":"bob","type":"contact.set","contact":"\#(id)","name":"Dana Future"}"#
        )
        let call = try tend.run(["call", "dana"])
        XCTAssertEqual(call.code, 0, "the guard does not see a touch dated 2036: \(call.err)")
        XCTAssertTrue(
            call.err.contains("log/bob.jsonl:1: dated 2036-01-01 09:00, 9 years ahead of this machine's clock; held"),
            call.err)
        let log = try tend.run(["log", "dana", "--via", "call", "--outcome", "busy"])
        XCTAssertFalse(log.out.contains("warning: bob called"), log.out)
        XCTAssertTrue(
            try XCTUnwrap(tend.logLines("ann").last).contains("2026-11-23T09:00:00."),
            "ann's clock is not dragged to 2036")
        // The same data read in 2036: both events fold, in their order.
        var later = tend
        later.now = "2036-01-01T09:03:00Z"
        XCTAssertTrue(try later.ok("show", id).hasPrefix("Dana Future"))
        XCTAssertTrue(try later.ok("check").hasPrefix("ok: 2 logs, "), "nothing held in 2036")
    }

    func testTheBoundIsATeamSetting() throws {
        let id = try add("Dana Wu")
        try "[clock]\nmax_ahead_minutes = 120\n".write(
            toFile: tend.dir + "/data/config.toml", atomically: true, encoding: .utf8)
        try appendLine(
            "bob",
            #"{"v":1,"id":"near","at":"2026-11-23T10:30:00.000Z","rep":"bob","type":"note","contact":"\#(id)","text":"an hour and a half ahead"}"#
        )
        XCTAssertTrue(try tend.ok("show", "dana").contains("an hour and a half ahead"), "inside a 120-minute bound")
        try "[clock]\nmax_ahead_minutes = 5\n".write(
            toFile: tend.dir + "/data/config.toml", atomically: true, encoding: .utf8)
        let r = try tend.run(["show", "dana"])
        XCTAssertFalse(r.out.contains("an hour and a half ahead"), r.out)
        XCTAssertTrue(r.err.contains("dated 2026-11-23 10:30, 1 hour ahead of this machine's clock; held"), r.err)
    }
}
