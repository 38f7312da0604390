import Foundation
import XCTest

/// Writers killed with SIGKILL at random moments: every append that returned is there exactly once,
/// torn ends are skipped by readers and cut by the next writer, and the fold is the same twice.
/// TEND_KILLS sets the number of kills (200 by default; see the README for the long run).
final class CrashTests: CLITestCase {
    func testKilledWritersLoseNothingAcknowledged() throws {
        let kills = Int(ProcessInfo.processInfo.environment["TEND_KILLS"] ?? "") ?? 200
        // The writers run on the wall clock, so every reader here does too (a pinned, earlier clock
        // would rightly hold their events as dated in its future).
        tend.now = ""
        let id = try add("Dana Wu")
        var acked = Set<String>()
        var rng = SystemRandomNumberGenerator()
        for k in 0..<kills {
            let rep = ["ann", "bob"][k % 2]
            let p = Process()
            p.executableURL = URL(fileURLWithPath: TendRunner.binary)
            p.arguments = ["stress-append", id, "--count", "100000", "--label", "k\(k)", "--ack"]
            var env = tend.environment
            env["TEND_REP"] = rep
            env.removeValue(forKey: "TEND_NOW")
            p.environment = env
            let out = Pipe()
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(UInt32.random(in: 15_000...90_000, using: &rng))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            for line in text.split(separator: "\n") where line.hasPrefix("ack ") {
                acked.insert("k\(k)-\(line.dropFirst(4))")
            }
        }
        XCTAssertGreaterThan(acked.count, kills, "the writers got some appends done before the kills")

        // Readers skip torn ends: every complete line reads, and every acknowledged event is there once.
        func notes() throws -> [String] {
            let show = try tend.run(["show", id, "--json"])
            XCTAssertEqual(show.code, 0, show.err)
            XCTAssertFalse(show.err.contains("skipped"), "a middle line was corrupted: \(show.err)")
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(show.out.utf8)) as? [String: Any])
            return (json["timeline"] as? [[String: Any]] ?? []).compactMap { $0["note"] as? String }
        }
        let found = try notes()
        XCTAssertEqual(Set(found).count, found.count, "no event twice")
        XCTAssertEqual(acked.subtracting(found), [], "acknowledged events missing")
        print(
            "crash test: \(kills) kills, \(acked.count) appends acknowledged, \(found.count) events present, \(found.count - acked.count) written but not acknowledged before the kill"
        )

        // The next writer of each log repairs a torn end; then the store checks clean.
        for rep in ["ann", "bob"] {
            var r = tend
            r.rep = rep
            try r.ok("note", id, "after the kills")
        }
        let check = try tend.run(["check"])
        XCTAssertEqual(check.code, 0, check.out + check.err)
        // The fold is the same twice.
        let a = try tend.run(["stress-append", id, "--count", "0", "--label", "x"]).out
        let b = try tend.run(["stress-append", id, "--count", "0", "--label", "x"]).out
        XCTAssertEqual(a, b)
        XCTAssertTrue(a.hasPrefix("notes=\(found.count + 2) "), a)
    }
}
