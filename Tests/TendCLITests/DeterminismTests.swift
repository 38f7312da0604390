import Foundation
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
}
