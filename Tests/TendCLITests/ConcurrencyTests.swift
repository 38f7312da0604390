import Foundation
import XCTest

/// Real processes side by side: reps writing their own logs and two processes of one rep sharing
/// a log under flock. Every acknowledged event is there once, and every line reads.
final class ConcurrencyTests: CLITestCase {
    func testParallelWritersLoseNothing() throws {
        let id = try add("Dana Wu")
        let writers = [("ann", 0), ("ann", 1), ("bob", 0), ("carol", 0)]
        let perWriter = 15
        let group = DispatchGroup()
        let failures = Failures()
        for (rep, n) in writers {
            group.enter()
            DispatchQueue.global().async {
                var runner = self.tend
                runner.rep = rep
                for i in 0..<perWriter {
                    let r = try? runner.run(["note", id, "\(rep)-\(n)-\(i)"])
                    if r?.code != 0 { failures.add("\(rep)-\(n)-\(i): \(r?.err ?? "no run")") }
                }
                group.leave()
            }
        }
        group.wait()
        XCTAssertEqual(failures.all, [])
        let show = try XCTUnwrap(try tend.json("show", id, "--json") as? [String: Any])
        let notes = try XCTUnwrap(show["timeline"] as? [[String: Any]]).compactMap { $0["note"] as? String }
        XCTAssertEqual(notes.count, writers.count * perWriter)
        XCTAssertEqual(Set(notes).count, notes.count, "no event twice")
        let check = try tend.run(["today"])
        XCTAssertFalse(check.err.contains("skipped"), check.err)
        XCTAssertEqual(tend.logLines("ann").count, 1 + 2 * perWriter)
    }
}

/// Failures reported from several threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ s: String) { lock.lock(); list.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return list }
}
