import Foundation
import XCTest

/// `man tend` after the documented install (scripts/install-man: swift-argument-parser's manual
/// plugin, no root), and shell completion of contact and rep names from the book.
final class ManualTests: CLITestCase {
    var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").path
    }

    func sh(_ command: String, env: [String: String]) throws -> (out: String, code: Int32) {
        let r = try runProgram("/bin/sh", ["-c", command], env: env)
        return (r.out, r.code)
    }

    func testTheManPageIsGeneratedFromTheCommandsAndInstalledWithoutRoot() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/man") else {
            throw XCTSkip("man is not installed")
        }
        let home = tend.dir + "/home"
        let env = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home,
            // Its own build folder, kept between runs (gitignored), so the suite does not rebuild it.
            "TEND_MAN_SCRATCH": root + "/.build-man",
        ]
        let install = try sh("'\(root)/scripts/install-man'", env: env)
        XCTAssertEqual(install.code, 0, install.out)
        XCTAssertTrue(FileManager.default.fileExists(atPath: home + "/.local/share/man/man1/tend.1"))
        let page = try sh(
            "MANPATH='\(home)/.local/share/man' MANWIDTH=100 man -P cat tend 2>/dev/null",
            env: ["PATH": "/usr/bin:/bin", "HOME": home])
        XCTAssertEqual(page.code, 0)
        XCTAssertTrue(page.out.contains("A terminal follow-up desk for small sales teams"), page.out)
        for word in ["away", "prospect", "--vcard", "--outcome", "--team-url"] {
            XCTAssertTrue(page.out.contains(word), "\(word) is in the page: every command and flag")
        }
    }

    func testShellCompletionOffersContactAndRepNamesFromTheBook() throws {
        let demo = tend.dir + "/demo"
        try tend.ok("demo", "--dir", demo, "--no-open")
        let env = ["TEND_DIR": demo]
        let names = try tend.run(
            ["---completion", "show", "--", "positional@0", "2", "2", "tend", "show", "da"], env: env)
        XCTAssertEqual(names.out, "Dana Wu\n")
        let accents = try tend.run(
            ["---completion", "show", "--", "positional@0", "2", "1", "tend", "show", "z"], env: env)
        XCTAssertEqual(accents.out, "Fatima Zahra\nZoë Müller\n", "any word of the name, accents ignored")
        let reps = try tend.run(
            ["---completion", "assign", "--", "--to", "3", "1", "tend", "assign", "dana", "b"], env: env)
        XCTAssertEqual(reps.out, "bob\n")
        let script = try tend.run(["--generate-completion-script", "bash"])
        XCTAssertTrue(script.out.contains("---completion show -- positional@0"), "the script asks tend for names")
        let nowhere = try tend.run(
            ["---completion", "show", "--", "positional@0", "2", "0", "tend", "show", ""],
            env: ["TEND_DIR": tend.dir + "/none"])
        XCTAssertEqual(nowhere.out, "", "no book: nothing, and no folder made")
        XCTAssertFalse(FileManager.default.fileExists(atPath: tend.dir + "/none"))
    }
}
