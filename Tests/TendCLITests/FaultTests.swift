import Foundation
import XCTest

/// Full disks and failed syncs, injected with strace into the real binary: the save is refused
/// out loud and the log keeps every earlier event, unchanged.
final class FaultTests: CLITestCase {
    var logPath: String { tend.dir + "/data/log/ann.jsonl" }

    override func setUpWithError() throws {
        try super.setUpWithError()
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/strace") else {
            throw XCTSkip("strace is not installed (.ci/run installs it)")
        }
        _ = try add("Dana Wu")
    }

    func inject(_ fault: String, _ args: [String]) throws -> TendRunner.Result {
        try tend.run(args, prefix: ["strace", "-f", "-qq", "-o", "/dev/null", "-P", logPath, "-e", "inject=\(fault)"])
    }

    func testDiskFullRefusesTheNoteAndKeepsTheLog() throws {
        let before = try String(contentsOfFile: logPath, encoding: .utf8)
        let r = try inject("write:error=ENOSPC", ["note", "dana", "* send price list @fri"])
        XCTAssertNotEqual(r.code, 0)
        XCTAssertTrue(r.err.contains("disk full") && r.err.contains("NOT saved"), r.err)
        XCTAssertEqual(try String(contentsOfFile: logPath, encoding: .utf8), before)
        let log = try inject("write:error=ENOSPC", ["log", "dana", "--via", "call", "--outcome", "busy"])
        XCTAssertNotEqual(log.code, 0)
        XCTAssertEqual(try String(contentsOfFile: logPath, encoding: .utf8), before)
    }

    func testAFailedSyncIsNotReportedSavedAndARetryDoesNotDoubleIt() throws {
        let before = tend.logLines("ann")
        let r = try inject("fsync:error=EIO", ["note", "dana", "called back"])
        XCTAssertNotEqual(r.code, 0)
        XCTAssertTrue(r.err.contains("I/O error") && r.err.contains("NOT saved"), r.err)
        XCTAssertEqual(tend.logLines("ann"), before)
        try tend.ok("note", "dana", "called back")
        XCTAssertEqual(tend.logLines("ann").count, before.count + 1)
    }

    func testAForgetWhoseRewriteFailsSaysSoUntilARetryFinishesIt() throws {
        try tend.ok("note", "dana", "lives at Gartenstraße 5")
        // Every rename fails (strace's -P does not match rename's second path): the log's rewrite.
        let failRename = ["strace", "-f", "-qq", "-o", "/dev/null", "-e", "inject=rename:error=EIO"]
        let r = try tend.run(["forget", "dana", "--yes"], prefix: failRename)
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.err.hasPrefix("Error: forgot "), r.err)
        XCTAssertTrue(
            r.err.contains(
                "in the view, but log/ann.jsonl still holds 2 lines of a forgotten contact's data: rewrite failed: cannot replace "
            ), r.err)
        XCTAssertTrue(r.err.contains("Input/output error; the next tend command retries"), r.err)
        XCTAssertFalse(r.err.contains("nothing was changed"), r.err)
        XCTAssertTrue(
            tend.logLines("ann").joined().contains("Gartenstraße"), "the data is still in the log, as the message says")
        let check = try tend.run(["check"])
        XCTAssertEqual(check.code, 1)
        XCTAssertTrue(
            check.out.contains("log/ann.jsonl:1: erasure pending: 2 lines still hold a forgotten contact's data"),
            check.out)
        // A retry that fails again says so, and the command itself goes on.
        let again = try tend.run(["list"], prefix: failRename)
        XCTAssertEqual(again.code, 0)
        XCTAssertFalse(again.out.contains("Dana"), "forgotten in the view")
        XCTAssertTrue(
            again.err.contains(
                "warning: log/ann.jsonl still holds 2 lines of a forgotten contact's data: rewrite failed"), again.err)
        // The next command that can write finishes it, and check is clean.
        let done = try tend.run(["list"])
        XCTAssertEqual(done.err, "")
        XCTAssertFalse(tend.logLines("ann").joined().contains("Gartenstraße"))
        XCTAssertTrue(try tend.ok("check").hasPrefix("ok: 1 log, "))
    }
}
