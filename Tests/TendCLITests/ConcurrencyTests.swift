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

extension ConcurrencyTests {
    /// Three reps plus two processes of a fourth sharing one log append 20,000 events each at once:
    /// afterwards every event is there exactly once, no line is torn, and all five fold alike.
    func testFiveWritersTwentyThousandEventsEach() throws {
        let id = try add("Dana Wu")
        let writers = [("ann", "a"), ("bob", "b"), ("carol", "c"), ("dan", "d1"), ("dan", "d2")]
        let count = 20_000
        let barrier = tend.dir + "/barrier"
        var procs: [(Process, Pipe)] = []
        for (rep, label) in writers {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: TendRunner.binary)
            p.arguments = [
                "stress-append", id, "--count", "\(count)", "--label", label, "--barrier", barrier,
                "--writers", "\(writers.count)",
            ]
            var env = tend.environment
            env["TEND_REP"] = rep
            env.removeValue(forKey: "TEND_NOW")  // a real clock: the hybrid clock must order them
            p.environment = env
            let out = Pipe()
            p.standardOutput = out
            p.standardError = out
            try p.run()
            procs.append((p, out))
        }
        var digests: [String] = []
        for (p, out) in procs {
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0, text)
            digests.append(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        XCTAssertEqual(Set(digests).count, 1, "every process folds to the same state: \(digests)")
        XCTAssertTrue(digests[0].hasPrefix("notes=\(writers.count * count) "), digests[0])
        XCTAssertTrue(digests[0].hasSuffix("problems=0"), digests[0])

        var labels = Set<String>()
        var lines = 0
        for rep in ["ann", "bob", "carol", "dan"] {
            for line in tend.logLines(rep) {
                lines += 1
                guard let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    XCTFail("torn or malformed line in \(rep).jsonl: \(line.prefix(80))")
                    continue
                }
                if obj["type"] as? String == "note", let text = obj["text"] as? String { labels.insert(text) }
            }
        }
        XCTAssertEqual(labels.count, writers.count * count, "each event exactly once")
        XCTAssertEqual(lines, writers.count * count + 1, "and nothing else but the contact")
    }

    func testTwoRepsClaimingOneContactAtTheSameInstantGetExactlyOneYes() throws {
        var ids: [String] = []
        for i in 0..<20 { ids.append(try add("Shared \(i)")) }
        for id in ids {
            var procs: [(Process, Pipe)] = []
            for rep in ["ann", "bob"] {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: TendRunner.binary)
                p.arguments = ["call", id]
                var env = tend.environment
                env["TEND_REP"] = rep
                p.environment = env
                let err = Pipe()
                p.standardOutput = FileHandle.nullDevice
                p.standardError = err
                procs.append((p, err))
            }
            for (p, _) in procs { try p.run() }
            var codes: [Int32] = []
            var refusals: [String] = []
            for (p, err) in procs {
                let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                p.waitUntilExit()
                codes.append(p.terminationStatus)
                if p.terminationStatus == 3 { refusals.append(text) }
            }
            XCTAssertEqual(codes.sorted(), [0, 3], "\(id): exactly one winner, the other refused: \(refusals)")
            XCTAssertTrue(refusals.first?.contains("is calling Shared") == true, "the loser is told who: \(refusals)")
        }
    }
}

/// Failures reported from several threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ s: String) { lock.lock(); list.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return list }
}
