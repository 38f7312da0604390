import Foundation
import XCTest

/// One team, one record, from the command line: claims, the guard's refusals, assigning.
final class TeamTests: CLITestCase {
    func testCallRefusesWhileSomeoneElseIsCallingAndAfterARecentAttempt() throws {
        let id = try add("Dana Wu", "--phone", "+49 30 1234")
        let first = try tend.ok("call", id)
        XCTAssertTrue(first.contains("calling Dana Wu · +49 30 1234"), first)

        tend.rep = "bob"
        tend.now = "2026-11-23T09:03:00Z"
        let claimed = try tend.run(["call", "dana"])
        XCTAssertEqual(claimed.code, 3)
        XCTAssertEqual(claimed.err, "Error: ann is calling Dana Wu now (started 3 min ago); --anyway to call too\n")
        let all = try XCTUnwrap(try tend.json("today", "--all", "--json") as? [String: Any])
        let item = try XCTUnwrap((all["items"] as? [[String: Any]])?.first)
        XCTAssertEqual((item["claimed"] as? [String: Any])?["by"] as? String, "ann")

        tend.rep = "ann"
        tend.now = "2026-11-23T09:05:00Z"
        try tend.ok("log", id, "--via", "call", "--outcome", "no-answer")
        tend.rep = "bob"
        tend.now = "2026-11-23T09:45:00Z"
        let guarded = try tend.run(["call", "dana"])
        XCTAssertEqual(guarded.code, 3)
        XCTAssertTrue(
            guarded.err.contains("ann called Dana Wu 40 min ago (no-answer); next try after 13:05"), guarded.err)
        try tend.ok("call", "dana", "--anyway")
        try tend.ok("release", "dana")
        try tend.fails(["release", "dana"], "you have no claim on Dana Wu")
    }

    func testAssignMovesTheContactToAnotherRepsAgenda() throws {
        let id = try add("Dana Wu")
        // Touched: not a new lead (those are on every list), so only on its owner's.
        _ = try tend.ok("log", id, "--via", "call", "--outcome", "connected")
        try tend.ok("assign", id, "bob")
        tend.rep = "bob"
        let today = try tend.ok("today")
        XCTAssertTrue(today.contains("Dana Wu"), today)
        tend.rep = "ann"
        XCTAssertFalse(try tend.ok("today").contains("Dana Wu"))
        try tend.fails(["assign", id, "bob"], "already bob's")
        try tend.fails(["assign", id, "../x"], "bad rep name")
    }

    func testADepartingRepsWholeBookMovesInOneCommand() throws {
        var bob = tend
        bob.rep = "bob"
        for name in ["Dana Wu", "Tom Becker", "Ida Lind"] { _ = try bob.ok("add", name) }
        _ = try add("Ann's Own")
        XCTAssertEqual(
            try tend.ok("assign", "--from", "bob", "--to", "carol", "--all"), "3 contacts moved from bob to carol\n")
        let carol = try tend.ok("list", "--json")
        XCTAssertEqual(carol.components(separatedBy: "\"owner\": \"carol\"").count - 1, 3, carol)
        XCTAssertEqual(carol.components(separatedBy: "\"owner\": \"ann\"").count - 1, 1, carol)
        try tend.fails(["assign", "--from", "bob", "--to", "carol", "--all"], "bob owns no contacts")
        try tend.fails(["assign", "--from", "bob", "--all"], "--from REP --to REP --all")
    }

    func testStopMarksDoNotContactForTheWholeTeam() throws {
        let dana = try add("Dana Wu", "--phone", "+49 30 1234567")
        _ = try tend.ok("next", dana, "today", "--what", "call back")
        var bob = tend
        bob.rep = "bob"
        try bob.fails(["stop", dana], "say why with --reason")
        XCTAssertTrue(try bob.ok("stop", dana, "--reason", "stop calling me").contains("do not contact"))
        let call = try tend.run(["call", dana])
        XCTAssertEqual(call.code, 3, call.err)
        XCTAssertTrue(
            call.err.contains("Dana Wu asked not to be contacted (bob, Mon 2026-11-23: \"stop calling me\")"), call.err)
        XCTAssertFalse(try tend.ok("today").contains("Dana Wu"), "off the agenda")
        XCTAssertTrue(try tend.ok("show", dana).contains("DO NOT CONTACT"))
        let json = try XCTUnwrap(try tend.json("show", dana, "--json") as? [String: Any])
        XCTAssertEqual((json["do_not_contact"] as? [String: Any])?["by"] as? String, "bob")
        let logged = try tend.run(["log", dana, "--via", "call", "--outcome", "connected"])
        XCTAssertEqual(logged.code, 0, "what happened is still recorded: \(logged.err)")
        XCTAssertFalse(logged.out.contains("next: "), "no cadence proposes a step: \(logged.out)")
        XCTAssertEqual(try tend.run(["call", dana, "--anyway"]).code, 0)
        XCTAssertTrue(try tend.ok("stop", dana, "--lift").contains("may be contacted again"))
        XCTAssertNotEqual(try tend.run(["show", dana]).out.contains("DO NOT CONTACT"), true)
    }

    func testATypoInACommandNamesTheNearestOne() throws {
        let r = try tend.run(["todya"])
        XCTAssertEqual(r.code, 64)
        XCTAssertEqual(r.err, "Error: unknown command 'todya'; did you mean 'today'?\n")
        XCTAssertTrue(try tend.run(["shwo", "dana"]).err.contains("did you mean 'show'?"))
        XCTAssertTrue(try tend.run(["xyzzy"]).err.contains("unknown command 'xyzzy'; see tend --help"))
    }

    func testPipedOutputIsNeverCutAndCOLUMNSIsHonoured() throws {
        let long = "Saleh Eleftheriou-Papadopoulos"
        _ = try add(long, "--company", "Internationale Handelsgesellschaft")
        XCTAssertTrue(try tend.ok("list").contains("\(long) · Internationale Handelsgesellschaft"), "piped: whole")
        let narrow = try tend.run(["list"], env: ["COLUMNS": "60"])
        XCTAssertFalse(narrow.out.contains(long), narrow.out)
        XCTAssertTrue(narrow.out.contains("Saleh"), narrow.out)
        for line in narrow.out.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 60, String(line)) }
    }
}
