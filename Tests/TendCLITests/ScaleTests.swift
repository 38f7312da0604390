import Foundation
import TendCore
import TendStore
import XCTest

/// The large-team generator and the benchmark, run small so they never rot. Speed is measured by
/// `tend-bench` and read off its table, never asserted here.
final class ScaleTests: CLITestCase {
    func generate(_ dir: String, seed: Int = 5) throws -> String {
        try tend.ok(
            "demo", "--generate", "--reps", "3", "--contacts", "50", "--events", "2000", "--seed", "\(seed)",
            "--dir", dir, "--no-open")
    }

    func logs(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for f in try FileManager.default.contentsOfDirectory(atPath: dir + "/log") {
            out[f] = FileManager.default.contents(atPath: dir + "/log/" + f)
        }
        return out
    }

    func testTheGeneratorIsDeterministicAndRealistic() throws {
        let a = tend.dir + "/a", b = tend.dir + "/b", c = tend.dir + "/c"
        XCTAssertTrue(try generate(a).contains("2000 events, 3 reps"))
        _ = try generate(b)
        _ = try generate(c, seed: 6)
        XCTAssertEqual(try logs(a), try logs(b), "same seed and clock, same bytes")
        XCTAssertNotEqual(try logs(a), try logs(c))
        XCTAssertEqual(Set(try logs(a).keys), ["ann.jsonl", "bob.jsonl", "carol.jsonl"])

        let store = try Store.open(dir: a, cache: false)
        let s = store.state
        XCTAssertTrue(store.problems.isEmpty && s.problems.isEmpty, "\(store.problems) \(s.problems)")
        XCTAssertEqual(s.eventCount, 2000)
        XCTAssertEqual(s.contacts.count, 50)
        XCTAssertTrue(
            s.contacts.values.contains { $0.name.unicodeScalars.contains { !$0.isASCII } }, "some non-ASCII names")
        let now = Timestamp.parseISO(tend.now)!
        let times = s.touches.values.flatMap { $0.map(\.at.ms) }
        XCTAssertGreaterThan(times.count, 500)
        XCTAssertLessThanOrEqual(times.max()!, now.ms)
        XCTAssertGreaterThan(now.ms - times.min()!, 2 * 365 * 86_400_000, "spread over about three years")
        let notes = s.notes.values.flatMap { $0.map(\.text.count) }
        XCTAssertTrue(notes.allSatisfy { (20...300).contains($0) }, "notes of 20-300 characters")
        XCTAssertEqual(Set(s.touches.values.flatMap { $0.map(\.outcome) }).count, 7, "a mix of outcomes")
        XCTAssertFalse(s.nextSteps.isEmpty)
        XCTAssertFalse(s.commitments.values.filter { $0.status == .done }.isEmpty)

        let check = try tend.run(["check"], env: ["TEND_DIR": a])
        XCTAssertEqual(check.code, 0, check.err)
        let today = try tend.run(["today", "--all"], env: ["TEND_DIR": a])
        XCTAssertEqual(today.code, 0, today.err)
        XCTAssertTrue(today.out.contains("Today") || today.out.contains("Overdue"), today.out)
        let refused = try tend.run(["demo", "--generate", "--dir", a, "--no-open"])
        XCTAssertNotEqual(refused.code, 0, "a folder that holds logs is never written over")
        XCTAssertEqual(try logs(a), try logs(b))
    }

    func testANoteOnACachedBookReadsOnlyTheIndex() throws {
        let big = tend.dir + "/big"
        try tend.ok(
            "demo", "--generate", "--reps", "2", "--contacts", "100", "--events", "25000", "--dir", big, "--no-open")
        let env = ["TEND_DIR": big]
        XCTAssertEqual(try tend.run(["today"], env: env).code, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: big + "/cache/snapshot.bin"), "25,000 events: a snapshot")
        let store = try Store.open(dir: big, cache: false)
        let c = store.state.contactsByName[0]
        let r = try tend.run(["note", c.id, "quote by friday * send the pricing sheet @fri"], env: env)
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.out.contains("noted on"), r.out)
        XCTAssertEqual(r.err, "", "no warnings from the partial state")
        let after = try Store.open(dir: big, cache: false).state
        XCTAssertEqual(after.notes[c.id]?.last?.text.hasPrefix("quote by friday"), true)
        XCTAssertEqual(after.openCommitments(of: c.id).last?.text, "send the pricing sheet")
        XCTAssertTrue(after.problems.isEmpty, "\(after.problems)")
    }

    /// A touch list damaged in the snapshot is caught when `tend today` reads it: an error and a
    /// non-zero exit, the snapshot gone, nothing written; the next command folds the logs.
    func testADamagedListInTheSnapshotEndsTheCommandWithAnErrorAndTheNextRunFoldsTheLogs() throws {
        let big = tend.dir + "/big"
        try tend.ok(
            "demo", "--generate", "--reps", "2", "--contacts", "100", "--events", "25000", "--dir", big, "--no-open")
        let env = ["TEND_DIR": big]
        let first = try tend.run(["today", "--json"], env: env)
        XCTAssertEqual(first.code, 0, first.err)
        let items = try XCTUnwrap(try JSON.parse(Array(first.out.utf8)).object?["items"]?.array)
        let c = try XCTUnwrap(items.compactMap { $0.object?["contact"]?.string }.first)
        let touch = try XCTUnwrap(Store.open(dir: big, cache: false).state.touches[c]?.last).id
        let path = big + "/cache/snapshot.bin"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let id = Array(touch.utf8)
        let at = try XCTUnwrap((0...(bytes.count - id.count)).first { Array(bytes[$0..<($0 + id.count)]) == id })
        bytes[at] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let damaged = try tend.run(["today"], env: env)
        XCTAssertEqual(damaged.code, 70, damaged.out)
        XCTAssertTrue(damaged.err.contains("cache/snapshot.bin is damaged: the touches of contact \(c)"), damaged.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "removed")
        let again = try tend.run(["today", "--json"], env: env)
        XCTAssertEqual(again.code, 0, again.err)
        XCTAssertEqual(again.out, first.out, "the logs give the same agenda")
    }

    func testTheBenchmarkRunsEndToEnd() throws {
        let bench = (TendRunner.binary as NSString).deletingLastPathComponent + "/tend-bench"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: bench)
        p.arguments = ["--quick", "--runs", "1"]
        p.environment = tend.environment
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, text)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| operation") }
        XCTAssertEqual(rows.count, 16, text)
        for what in [
            "full replay of 50000 events", "start from snapshot: state ready", "first TUI frame", "the whole book in",
            "Today (j/k)",
            "every log changed by someone else (hashed)",
            "Board", "search keystroke over 1000 contacts", "agenda, one rep", "--all", "append + fsync",
            "peak memory: open from snapshot", "peak memory: full replay", "the TUI's repainted frame",
            "the TUI's memory over",
        ] {
            XCTAssertTrue(rows.contains { $0.contains(what) }, "no row for \(what): \(text)")
        }
        XCTAssertFalse(text.contains("?"), "every figure was measured: \(text)")
        XCTAssertTrue(rows.contains { $0.contains("| p99 ≤ 50 ms |") }, "figures carry their goals: \(text)")
    }
}
