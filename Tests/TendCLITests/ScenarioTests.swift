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
}
