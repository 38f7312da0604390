import Foundation
import XCTest

/// One reproducer per error message: a clear line naming what and where, a non-zero exit, nothing written.
final class BadInputTests: CLITestCase {
    var before: [String] = []

    override func setUpWithError() throws {
        try super.setUpWithError()
        _ = try add("Dana Wu")
        _ = try add("Dana Smith")
        _ = try add("Zoë Müller")
        before = tend.logLines("ann")
    }

    func assertNothingWritten(file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(tend.logLines("ann"), before, "the log changed", file: file, line: line)
    }

    func testUnknownContactSuggestsCloseNames() throws {
        let err = try tend.fails(
            ["log", "Dnaa Wu", "--via", "call", "--outcome", "busy"], "unknown contact \"Dnaa Wu\"")
        XCTAssertTrue(err.contains("did you mean Dana Wu"), err)
        XCTAssertEqual(err.split(separator: "\n").count, 1, err)
        assertNothingWritten()
    }

    func testAmbiguousNameListsTheMatches() throws {
        let err = try tend.fails(["note", "dana", "hello"], "\"dana\" matches 2 contacts")
        XCTAssertTrue(err.contains("Dana Wu") && err.contains("Dana Smith"), err)
        assertNothingWritten()
    }

    func testBadDates() throws {
        try tend.fails(["next", "zoe", "frday"], "bad date \"frday\": expected today, tomorrow")
        try tend.fails(
            ["log", "zoe", "--via", "call", "--outcome", "busy", "--next", "2026-02-30"], "--next: bad date")
        try tend.fails(["note", "zoe", "* send list @someday"], "bad date \"@someday\"")
        try tend.fails(["quote", "zoe", "--amount", "5", "--sent", "today", "--expires", "-3d"], "is before --sent")
        assertNothingWritten()
    }

    func testNegativeOrMalformedValues() throws {
        try tend.fails(["deal", "zoe", "--title", "x", "--value", "-5"], "--value: \"-5\" is not an amount")
        try tend.fails(["quote", "zoe", "--amount", "lots"], "--amount: \"lots\" is not an amount")
        try tend.fails(
            ["deal", "zoe", "--title", "x", "--per-period", "5", "--quantity", "0", "--periods", "2"],
            "--quantity must be at least 1")
        assertNothingWritten()
    }

    func testUnknownOutcomeAndChannel() throws {
        try tend.fails(
            ["log", "zoe", "--via", "call", "--outcome", "ghosted"],
            "--outcome: unknown \"ghosted\"; expected one of connected, no-answer")
        try tend.fails(["log", "zoe", "--via", "fax", "--outcome", "busy"], "--via: unknown \"fax\"")
        assertNothingWritten()
    }

    func testDoneOnAnUnknownID() throws {
        try tend.fails(["done", "zzzzzz"], "unknown promise \"zzzzzz\"")
        try tend.fails(["drop", "zzzzzz", "--reason", "x"], "unknown promise")
        assertNothingWritten()
    }

    func testLostNeedsAReason() throws {
        try tend.ok("deal", "zoe", "--title", "x", "--value", "5")
        before = tend.logLines("ann")
        try tend.fails(["lost", "zoe", "--reason", "  "], "--reason is empty")
        assertNothingWritten()
    }

    func testADataDirThatIsNotWritable() throws {
        // Tests run as root here, so a chmod would not stop a write: a file in the way does.
        try "x".write(toFile: tend.dir + "/blocker", atomically: true, encoding: .utf8)
        let r = try tend.run(["add", "New Person"], env: ["TEND_DIR": tend.dir + "/blocker/data"])
        XCTAssertNotEqual(r.code, 0)
        XCTAssertTrue(r.err.contains("nothing was saved"), r.err)
        try tend.fails(["today"], "is a file, not a folder", env: ["TEND_DIR": tend.dir + "/blocker"])
    }

    func testAMalformedLogLineIsReportedWithFileAndLineAndTheRestStillWorks() throws {
        let path = tend.dir + "/data/log/ann.jsonl"
        let fh = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        try fh.seekToEnd()
        try fh.write(contentsOf: Data("{\"v\":1,\"id\":\"x\"\n".utf8))
        try fh.close()
        let r = try tend.run(["today"])
        XCTAssertEqual(r.code, 0)
        XCTAssertTrue(r.err.contains("log/ann.jsonl:4: "), r.err)
        XCTAssertTrue(r.out.contains("Zoë Müller"))
    }

    func testBadEnvironment() throws {
        try tend.fails(["today"], "bad TEND_NOW \"monday\"", env: ["TEND_NOW": "monday"])
        try tend.fails(["today"], "bad rep name \"a/b\"", env: ["TEND_REP": "a/b"])
        try "[guard]\nwindow_hours = \"four\"\n".write(
            toFile: tend.dir + "/data/config.toml", atomically: true, encoding: .utf8)
        try tend.fails(["today"], "config.toml: guard.window_hours must be a whole number")
    }
}

extension TendRunner {
    @discardableResult
    func fails(
        _ args: [String], _ message: String, env: [String: String], file: StaticString = #filePath, line: UInt = #line
    ) throws -> String {
        let r = try run(args, env: env)
        XCTAssertNotEqual(r.code, 0, file: file, line: line)
        XCTAssertTrue(r.err.contains(message), "stderr: \(r.err)", file: file, line: line)
        return r.err
    }
}

final class PermissionTests: CLITestCase {
    func testFilesAre0600AndFolders0700EvenUnderAPermissiveUmaskAndASharedDirIsWarnedAbout() throws {
        // Run under umask 000 through the shell: modes come from the code, not the umask.
        let r = try tend.run(["add", "Dana Wu"], prefix: ["/bin/sh", "-c", "umask 000; exec \"$0\" \"$@\""])
        XCTAssertEqual(r.code, 0, r.err)
        func mode(_ p: String) throws -> Int {
            ((try FileManager.default.attributesOfItem(atPath: tend.dir + "/data" + p))[.posixPermissions] as! NSNumber)
                .intValue & 0o777
        }
        XCTAssertEqual(try mode(""), 0o700)
        XCTAssertEqual(try mode("/log"), 0o700)
        XCTAssertEqual(try mode("/log/ann.jsonl"), 0o600)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tend.dir + "/data")
        let warned = try tend.run(["today"])
        XCTAssertTrue(warned.err.contains("can be read by others (mode 755); run: chmod 700"), warned.err)
    }
}
