import Foundation
import XCTest

/// `tend check`: one reproducer per problem it names.
final class CheckTests: CLITestCase {
    var log: String { tend.dir + "/data/log/ann.jsonl" }

    func append(_ text: String) throws {
        let fh = try XCTUnwrap(FileHandle(forWritingAtPath: log))
        try fh.seekToEnd()
        try fh.write(contentsOf: Data(text.utf8))
        try fh.close()
    }

    func testACleanStoreExitsZero() throws {
        _ = try add("Dana Wu")
        XCTAssertEqual(try tend.ok("check"), "ok: 1 log, 1 event, no problems\n")
    }

    func testEveryKindOfProblemIsNamedWithFileAndLine() throws {
        let id = try add("Dana Wu")
        let first = try XCTUnwrap(tend.logLines("ann").first)
        try append("{not json\n")  // line 2
        try append(first + "\n")  // line 3: same id again
        try append(
            #"{"v":1,"id":"zz1","at":"2020-01-01T00:00:00.000Z","rep":"ann","type":"note","contact":"\#(id)","text":"x"}"#
                + "\n")  // 4: before its contact
        try append(
            #"{"v":9,"id":"zz2","at":"2026-11-22T10:00:00.000Z","rep":"ann","type":"note","contact":"nobody","text":"x"}"#
                + "\n")  // 5
        try append(#"{"v":1,"id":"zz3","at":"2026-11-22T10:00:01.000Z","rep":"bob","type":"hologram"}"# + "\n")  // 6
        try append(
            #"{"v":1,"id":"zz4","at":"2036-01-01T09:00:00.000Z","rep":"ann","type":"note","contact":"\#(id)","text":"y"}"#
                + "\n")  // 7
        let r = try tend.run(["check"])
        XCTAssertEqual(r.code, 1)
        let lines = r.out.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains("log/ann.jsonl:2: not valid JSON: expected a key at byte 2"), r.out)
        XCTAssertTrue(
            lines.contains { $0.hasPrefix("log/ann.jsonl:3: duplicate id") && $0.hasSuffix("(also log/ann.jsonl:1)") },
            r.out)
        XCTAssertTrue(
            lines.contains(
                "log/ann.jsonl:5: format version 9 is newer than this Tend's (1); read as far as understood"), r.out)
        XCTAssertTrue(lines.contains("log/ann.jsonl:5: note: unknown contact nobody"), r.out)
        XCTAssertTrue(lines.contains("log/ann.jsonl:6: event by \"bob\" in ann's log"), r.out)
        XCTAssertTrue(
            lines.contains { $0.hasPrefix("log/ann.jsonl:4: note: unknown contact") },
            "the 2020 note predates its contact")
        XCTAssertTrue(
            lines.contains("log/ann.jsonl:7: dated 2036-01-01 09:00, 9 years ahead of this machine's clock; held"),
            r.out)
        // Lines out of time order in one log are the fold's business, not a problem (--verbose counts them).
        XCTAssertFalse(r.out.contains("out of order"), r.out)
        XCTAssertTrue(r.err.hasPrefix("Error: 7 problems"), r.err)
        let verbose = try tend.run(["check", "--verbose"])
        XCTAssertTrue(verbose.out.hasPrefix("info: 3 events written after a later one of the same log"), verbose.out)
    }

    func testAFreshDemoAndRacingWritersOfOneRepCheckClean() throws {
        let demo = tend.dir + "/demo"
        XCTAssertEqual(try tend.run(["demo", "--dir", demo, "--no-open"]).code, 0)
        let r = try tend.run(["check", "--dir", demo])
        XCTAssertEqual(r.code, 0, r.out + r.err)
        XCTAssertTrue(r.out.hasPrefix("ok: 3 logs, "), r.out)
        // Two processes of one rep writing at once leave lines out of time order: still clean.
        let id = try add("Dana Wu")
        for (n, second) in [(1, "05"), (2, "03")] {
            try append(
                #"{"v":1,"id":"zz\#(n)","at":"2026-11-23T09:00:\#(second).000Z","rep":"ann","type":"note","contact":"\#(id)","text":"x"}"#
                    + "\n")
        }
        XCTAssertEqual(try tend.ok("check"), "ok: 1 log, 3 events, no problems\n")
    }

    func testRepairCutsOnlyATornEndAfterSavingACopy() throws {
        _ = try add("Dana Wu")
        let before = try String(contentsOfFile: log, encoding: .utf8)
        try append(#"{"v":1,"id":"torn","at":"2026-11-2"#)
        let found = try tend.run(["check"])
        XCTAssertEqual(found.code, 1)
        XCTAssertTrue(found.out.contains("log/ann.jsonl:2: torn end"), found.out)
        let repaired = try tend.ok("check", "--repair")
        XCTAssertTrue(repaired.contains("repaired log/ann.jsonl (copy before repair: "), repaired)
        XCTAssertTrue(repaired.hasSuffix("ok: 1 log, 1 event, no problems\n"), repaired)
        XCTAssertEqual(try String(contentsOfFile: log, encoding: .utf8), before)
        let copies = try FileManager.default.contentsOfDirectory(atPath: tend.dir + "/data/log").filter {
            $0.contains("before-repair")
        }
        XCTAssertEqual(copies.count, 1)
        XCTAssertTrue(
            try String(contentsOfFile: tend.dir + "/data/log/" + copies[0], encoding: .utf8).hasSuffix("2026-11-2"))
    }
}
