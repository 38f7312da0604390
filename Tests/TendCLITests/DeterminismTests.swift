import Foundation
import TendCore
import XCTest

/// The same data gives the same bytes in every process: nothing that reaches output may depend on a
/// dictionary's order, which Swift seeds differently per process.
final class DeterminismTests: CLITestCase {
    func testATiedChannelAndEveryListingAreTheSameInTwoProcesses() throws {
        let demo = tend.dir + "/demo"
        XCTAssertEqual(try tend.run(["demo", "--dir", demo, "--no-open"]).code, 0)
        var t = tend
        t.dir = tend.dir + "/x"
        try FileManager.default.createDirectory(atPath: t.dir, withIntermediateDirectories: true)
        t.now = "2026-11-19T09:00:00Z"
        let id = try t.ok("add", "Tie Person").trimmingCharacters(in: .whitespacesAndNewlines)
        // email 1/1, call 1/1, sms 0/1: a tie between email and call, broken by the channels' order.
        for (via, outcome, at) in [
            ("email", "replied", "09:00"), ("call", "connected", "14:00"), ("sms", "no-answer", "19:00"),
        ] {
            t.now = "2026-11-2\(via == "email" ? 0 : via == "call" ? 1 : 2)T\(at):00Z"
            try t.ok("log", id, "--via", via, "--outcome", outcome)
        }
        t.now = "2026-11-23T09:00:00Z"
        XCTAssertTrue(try t.ok("show", id).contains("answers  call 1/1 · email 1/1 · sms 0/1 → call"))
        let runs: [(TendRunner, [String])] = [
            (t, ["today", "--all", "--json"]), (t, ["show", id, "--json"]),
            (tend, ["today", "--all", "--json", "--dir", demo]), (tend, ["list", "--json", "--dir", demo]),
            (tend, ["report", "--all", "--json", "--dir", demo]),
            (tend, ["review", "--print", "--json", "--dir", demo]),
            (tend, ["export", "--format", "json", "--all", "--dir", demo]), (tend, ["today", "--all", "--dir", demo]),
        ]
        for (runner, args) in runs {
            var outputs = Set<String>()
            for _ in 0..<4 { outputs.insert(try runner.run(args).out) }
            XCTAssertEqual(outputs.count, 1, "tend \(args.joined(separator: " ")) differs between processes")
        }
    }

    /// `tend list --json` writes each contact straight into bytes (no JSON value, keys given in
    /// order): what it writes must be exactly `JSON.pretty` of what it means, for every kind of
    /// contact, strings that need escaping included, whole and filtered.
    func testTheStreamedListingIsByteForByteThePrettyFormOfItsValue() throws {
        try tend.ok("demo", "--dir", tend.dir + "/data", "--no-open")  // the runner's data dir
        let odd = try tend.ok(
            "add", "Zo\"ë\" \\ Tab\there \u{2028} 🙂", "--company", "€ & <co>", "--needs", "line\nbreak",
            "--email", "q\"@x.example", "--tag", "a\u{7F}b", "--tag", "plain", "--best-time", ""
        ).trimmingCharacters(in: .whitespacesAndNewlines)
        try tend.ok("stop", odd, "--reason", "asked by \"email\"")
        for args in [
            ["list", "--json"], ["list", "--json", "--stage", "quoted"], ["list", "--json", "--stage", "lost"],
        ] {
            let out = try tend.run(args).out
            let value = try JSON.parse(out)
            XCTAssertFalse(value.array?.isEmpty ?? true, "\(args): a listing")
            XCTAssertEqual(out, value.pretty + "\n", "\(args): the streamed bytes are the value's pretty form")
        }
        let all = try JSON.parse(try tend.run(["list", "--json"]).out)
        let mine = try XCTUnwrap(all.array?.first { $0.object?["id"]?.string == odd }?.object)
        XCTAssertEqual(mine["name"]?.string, "Zo\"ë\" \\ Tab\there \u{2028} 🙂", "every byte of the name kept")
        XCTAssertEqual(mine["tags"]?.strings, ["a\u{7F}b", "plain"])
        XCTAssertEqual(mine["do_not_contact"]?.object?["reason"]?.string, "asked by \"email\"")
        XCTAssertEqual(mine["at_stake"], JSON.null, "no deal: null")
    }

    /// A listing long enough to be written on two threads (past two batches of 512) is still the
    /// pretty form of its value, in name order.
    func testATwoThreadListingIsThePrettyFormOfItsValue() throws {
        let dir = tend.dir + "/team"
        try tend.ok(
            "demo", "--generate", "--reps", "3", "--contacts", "1500", "--events", "3000", "--seed", "3", "--dir", dir,
            "--no-open")
        let out = try tend.run(["list", "--json", "--dir", dir]).out
        let value = try JSON.parse(out)
        let all = try XCTUnwrap(value.array)
        XCTAssertEqual(all.count, 1500)
        XCTAssertEqual(out, value.pretty + "\n", "the streamed bytes are the value's pretty form")
        let keys = all.map { ($0.object?["name"]?.string?.lowercased() ?? "", $0.object?["id"]?.string ?? "") }
        XCTAssertTrue(zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 }, "in name order, then id")
    }
}
