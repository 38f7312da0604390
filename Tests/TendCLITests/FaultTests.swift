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
}
