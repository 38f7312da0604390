import Foundation
import XCTest

/// The seed story replayed through the CLI: repeat calls within the hour without the guard, none
/// inside the window with it.
final class ScenarioTests: CLITestCase {
    func testTheGuardStopsTheDoubleCalls() throws {
        tend.now = "2026-11-23T18:00:00Z"
        let out = try tend.ok("demo", "--scenario", "double-call")
        print(out)  // both counts, in the test log
        func numbers(_ prefix: String) throws -> [Int] {
            let line = try XCTUnwrap(out.split(separator: "\n").first { $0.hasPrefix(prefix) }, out)
            return line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        }
        // "without the guard: A attempts, W within 4 h of another attempt (H within the hour); one person tried M times"
        let off = try numbers("without the guard:"), on = try numbers("with the guard:")
        XCTAssertGreaterThan(off[3], 0, "without the guard reps call the same person within the hour: \(out)")
        XCTAssertGreaterThanOrEqual(off[4], 9, "one person gets 9 or more calls in two days, as in the field")
        XCTAssertEqual(on[1], 0, "with the guard no attempt falls inside the 4 h window: \(out)")
        XCTAssertEqual(on[3], 0)
        XCTAssertLessThanOrEqual(on[4], 4, "at most 2 a day for 2 days")
    }

    /// The same story with each rep on their own machine and a team server between them: the
    /// guard and claims work across machines, and the run leaves nothing behind on the server.
    func testAcrossMachinesOnATeamServerNoAttemptFallsInsideTheWindow() throws {
        let pg = try PGCluster()
        tend.now = "2026-11-23T18:00:00Z"
        let out = try tend.ok("demo", "--scenario", "double-call", "--team-url", pg.url, "--dir", tend.dir + "/s")
        print(out)
        let line = try XCTUnwrap(out.split(separator: "\n").first { $0.hasPrefix("with the guard:") }, out)
        let on = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        XCTAssertGreaterThan(on[0], 20, "the reps made their calls: \(out)")
        XCTAssertEqual(on[1], 0, "no attempt inside the 4 h window across machines: \(out)")
        XCTAssertEqual(on[3], 0)
        XCTAssertGreaterThan(on[5], 0, "calls were held back by other machines' attempts")
        for rep in ["ann", "bob", "carol"] {
            let logs = try FileManager.default.contentsOfDirectory(atPath: tend.dir + "/s/team/\(rep)/log")
            XCTAssertEqual(logs.filter { $0.hasSuffix(".jsonl") }.count, 3, "\(rep)'s machine has every rep's stream")
        }
        XCTAssertEqual(
            try pg.psql("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'tend_scenario_%'"), "0\n",
            "the run's schema is dropped")
        XCTAssertEqual(try pg.psql("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'tend_tend_scenario_%'"), "0\n")
    }
}
