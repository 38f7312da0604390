import Foundation
import TendUI
import XCTest

final class HelpAndDemoTests: CLITestCase {
    /// The subcommands `tend --help` lists, as ArgumentParser registered them (not a list kept here,
    /// which would miss a new command).
    func registeredCommands(_ help: String) -> [String] {
        guard let start = help.range(of: "SUBCOMMANDS:\n") else { return [] }
        return help[start.upperBound...].split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let word = line.split(separator: " ").first,
                word.allSatisfy({ $0.isLowercase || $0 == "-" })
            else { return nil }
            return String(word)
        }
    }

    func testEveryCommandHasHelpWithAnExample() throws {
        let top = try tend.ok("--help")
        let commands = registeredCommands(top)
        XCTAssertGreaterThanOrEqual(commands.count, 27, "every subcommand is listed: \(commands)")
        for c in ["today", "import", "export", "check", "forget", "sync", "demo"] {
            XCTAssertTrue(commands.contains(c), "\(c) in \(commands)")
        }
        for c in commands {
            XCTAssertTrue(top.contains("  \(c) "), "tend --help lists \(c)")
            let help = try tend.ok(c, "--help")
            XCTAssertTrue(help.contains("Example"), "tend \(c) --help has an example:\n\(help)")
            XCTAssertTrue(help.contains("tend \(c)") || c == "deal" && help.contains("tend deal"), help)
        }
    }

    /// A help text's sentences are each paragraph's, not the source file's line breaks: the parser
    /// wraps a paragraph to the terminal, and a break kept from the source came out as a stub line
    /// ("made, which" / "we wait on.") at 80 columns. On a terminal too wide to wrap anything, a prose
    /// line of the discussion followed by another ends a sentence or an item.
    func testHelpParagraphsAreWrappedByTheTerminalNotByTheSource() throws {
        for c in registeredCommands(try tend.ok("--help")) {
            let help = try XCTUnwrap(tend.run([c, "--help"], env: ["COLUMNS": "2000"])).out
            guard let start = help.range(of: "OVERVIEW:"), let end = help.range(of: "\nUSAGE:") else { continue }
            let lines = help[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
            for (a, b) in zip(lines, lines.dropFirst()) {
                let prose = { (l: Substring) in !l.isEmpty && !l.hasPrefix(" ") }
                guard prose(a), prose(b), let last = a.last else { continue }
                XCTAssertTrue(".:)!?".contains(last), "tend \(c) --help breaks a sentence after: \(a)")
            }
        }
        // And at 80 columns the note's first sentence runs on, as the parser wraps it.
        let note = try XCTUnwrap(tend.run(["note", "--help"], env: ["COLUMNS": "80"])).out
        XCTAssertTrue(note.contains("(the colon required) is one they\nmade, which we wait on."), note)
    }

    /// `:` completes from the CLI's own definitions: every command and flag, read from its help dump.
    func testTheCommandLineCompletesFromTheCLIsOwnDefinitions() throws {
        let dump = try tend.run(["--experimental-dump-help"])
        let words = try XCTUnwrap(CommandWords.parse(dumpHelp: dump.out))
        XCTAssertEqual(words.commands["show"]?.flags.contains("--json"), true)
        XCTAssertEqual(words.commands["log"]?.flags.contains("--outcome"), true)
        XCTAssertEqual(words.commands["team"]?.subcommands.contains("init"), true)
        XCTAssertEqual(words.commands["team init"]?.flags.contains("--test-clock"), true)
        XCTAssertNotNil(words.commands["away"])
        XCTAssertNil(words.commands["stress-append"], "the hidden test helper is not offered")
    }

    /// A new book's agenda says so on a line of its own (it once printed `⏎ Nothing due`: the
    /// blank line before it was a newline made safe).
    func testAnEmptyBooksAgendaSaysNothingIsDueOnALineOfItsOwn() throws {
        let r = try tend.run(["today"])
        XCTAssertEqual(r.code, 0, r.err)
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(lines[0].hasPrefix("Today for ann · "), r.out)
        XCTAssertEqual(lines[1], "", r.out)
        XCTAssertEqual(lines[2], "Nothing due. Add contacts with `tend add`, or try `tend demo`.", r.out)
        XCTAssertFalse(r.out.contains("⏎"), r.out)
    }

    func testDemoCreatesATeamAndShowsAnAgendaWithAGuardedContact() throws {
        let r = try tend.run(["demo", "--dir", tend.dir + "/demo"])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(r.err, "")
        XCTAssertTrue(r.out.contains("Demo · today for ann · Mon 2026-11-23"), r.out)
        for section in ["Overdue (", "Today (", "No next step (", "Coming up ("] {
            XCTAssertTrue(r.out.contains(section), "\(section) in\n\(r.out)")
        }
        XCTAssertTrue(r.out.contains("guard: bob called 30 min ago (no-answer)"), r.out)
        let logs = try FileManager.default.contentsOfDirectory(atPath: tend.dir + "/demo/log").sorted()
        XCTAssertEqual(logs, ["ann.jsonl", "bob.jsonl", "carol.jsonl"])
    }

    func testDemoNoOpenPrintsOnlyThePathAndTheDataCoversEveryStage() throws {
        let r = try tend.run(["demo", "--dir", tend.dir + "/demo", "--no-open"])
        XCTAssertEqual(r.out, tend.dir + "/demo\n")
        let list = try XCTUnwrap(try tend.json("list", "--json", "--dir", tend.dir + "/demo") as? [[String: Any]])
        XCTAssertGreaterThanOrEqual(list.count, 40)
        let stages = Set(list.compactMap { $0["stage"] as? String })
        XCTAssertEqual(stages, ["lead", "prospect", "quoted", "won", "lost", "nurture"])
        XCTAssertEqual(Set(list.compactMap { $0["owner"] as? String }), ["ann", "bob", "carol"])
        // The same demo folder again: reopened as it was left, nothing added.
        try tend.ok("note", "dana", "a note of mine", "--dir", tend.dir + "/demo")
        let before = try String(contentsOfFile: tend.dir + "/demo/log/ann.jsonl", encoding: .utf8)
        let again = try tend.run(["demo", "--dir", tend.dir + "/demo", "--no-open"])
        XCTAssertEqual(again.code, 0, again.err)
        XCTAssertEqual(again.out, tend.dir + "/demo\n")
        XCTAssertEqual(try String(contentsOfFile: tend.dir + "/demo/log/ann.jsonl", encoding: .utf8), before)
        let shown = try tend.ok("demo", "--dir", tend.dir + "/demo")
        XCTAssertTrue(shown.contains("Demo · today for ann"), "reopened, not refused: \(shown)")

        // Real data (no demo marker) is never touched.
        try tend.ok("add", "Real Person", "--dir", tend.dir + "/real")
        let refused = try tend.run(["demo", "--dir", tend.dir + "/real", "--no-open"])
        XCTAssertNotEqual(refused.code, 0, "never mixes a demo into existing data")
        XCTAssertTrue(refused.err.contains("already holds logs and is not a demo folder"), refused.err)
        XCTAssertFalse(FileManager.default.fileExists(atPath: tend.dir + "/real/demo"))
    }
}
