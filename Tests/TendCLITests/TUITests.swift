import Foundation
import XCTest

/// The terminal UI end to end: the real binary in tmux, on the demo team.
final class TUITests: CLITestCase {
    var tmux: Tmux!
    var data: String { tend.dir + "/demo" }

    override func setUpWithError() throws {
        try super.setUpWithError()
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            throw XCTSkip("tmux is not installed (.ci/run installs it)")
        }
        let r = try tend.run(["demo", "--dir", data, "--no-open"])
        XCTAssertEqual(r.code, 0, r.err)
        tmux = Tmux(dir: tend.dir)
    }

    override func tearDownWithError() throws {
        tmux = nil
        try super.tearDownWithError()
    }

    func env(_ extra: [String: String] = [:]) -> [String: String] {
        [
            "PATH": "/usr/bin:/bin", "HOME": tend.dir, "TERM": "xterm-256color", "LANG": "C.UTF-8", "TZ": "UTC",
            "TEND_NOW": tend.now, "TEND_DIR": data, "TEND_REP": "ann",
        ].merging(extra) { $1 }
    }

    /// Opens the TUI from a shell prompt, so the test can see the prompt come back afterwards.
    func open(width: Int = 80, height: Int = 24, env extra: [String: String] = [:]) throws {
        try tmux.startShell(env: env(extra), width: width, height: height)
        try tmux.wait(for: "$")
        try tmux.type("\(TendRunner.binary); echo EXIT:$?")
        try tmux.keys("Enter")
        try tmux.wait(for: "Overdue (")
    }

    func testANoAnswerCallFromTheContactScreenIsWrittenByTheRightRep() throws {
        try open()
        try tmux.keys("/")
        try tmux.type("Tom Becker")
        try tmux.keys("Enter", "Enter")
        try tmux.wait(for: "prospect · owner ann")
        try tmux.keys("c")
        try tmux.wait(for: "Outcome:")
        try tmux.keys("2")
        try tmux.wait(for: "Enter accepts")
        try tmux.keys("Enter")  // c 2 Enter: three keystrokes
        try tmux.wait(for: "logged call · no-answer with Tom Becker")
        try tmux.keys("q")
        try tmux.wait(for: "EXIT:0")

        let r = try tend.run(["show", "Tom Becker", "--json", "--dir", data])
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let newest = try XCTUnwrap((json["timeline"] as? [[String: Any]])?.first)
        XCTAssertEqual(newest["rep"] as? String, "ann")
        XCTAssertEqual(newest["outcome"] as? String, "no-answer")
        XCTAssertEqual((newest["at"] as? String)?.prefix(16), "2026-11-23T09:00")
    }

    /// `:` with Tab: the subcommand and the contact completed, the whole output in a pane, and
    /// the line back with ↑.
    func testTheCommandLineCompletesAndShowsTheWholeOutput() throws {
        try open()
        try tmux.keys(":")
        try tmux.type("sh")
        try tmux.keys("Tab")
        try tmux.wait(for: ":show ")
        try tmux.type("tom")
        try tmux.keys("Tab")
        try tmux.wait(for: ":show \"Tom Becker\"")
        try tmux.keys("Enter")
        try tmux.wait(for: "Timeline")
        XCTAssertTrue(try tmux.screen().contains("Tom Becker · Becker Bau"))
        try tmux.keys("Escape")
        try tmux.wait(for: "Overdue (")
        try tmux.keys(":")
        try tmux.keys("Up")
        try tmux.wait(for: ":show \"Tom Becker\"")
        try tmux.keys("Escape", "q")
        try tmux.wait(for: "EXIT:0")
    }

    /// The mouse through the real terminal: the SGR sequences a terminal sends for a click, a
    /// double click and the wheel; `[ui] mouse = false` leaves the mouse to the terminal.
    func testClicksTabsAndTheWheelThroughTheTerminalAndMouseOff() throws {
        try open()
        XCTAssertEqual(try tmux.display("#{mouse_any_flag}"), "1", "Tend asked for mouse reports")
        func press(_ button: Int, _ x: Int, _ y: Int) throws {
            try tmux.type("\u{1B}[<\(button);\(x);\(y)M")
            if button < 64 { try tmux.type("\u{1B}[<\(button);\(x);\(y)m") }
        }
        let screen = try tmux.screen().components(separatedBy: "\n")
        let tab = try XCTUnwrap(screen[0].range(of: "2 Board"))
        try press(0, screen[0].distance(from: screen[0].startIndex, to: tab.lowerBound) + 2, 1)
        try tmux.wait(for: "[2 Board]")
        try tmux.keys("1")
        try tmux.wait(for: "[1 Today]")
        let rows = try tmux.screen().components(separatedBy: "\n")
        let tom = try XCTUnwrap(rows.firstIndex { $0.contains("Tom Becker") })
        try press(0, 20, tom + 1)  // 1-based, as the terminal counts
        try press(0, 20, tom + 1)  // the second click of a double click: opens
        try tmux.wait(for: "prospect · owner ann")
        XCTAssertTrue(try tmux.screen().contains("Tom Becker · Becker Bau"))
        try tmux.keys("q")
        try tmux.wait(for: "EXIT:0")

        try "[ui]\nmouse = false\n".write(toFile: data + "/config.toml", atomically: true, encoding: .utf8)
        try tmux.type("clear; \(TendRunner.binary); echo AGAIN:$?")
        try tmux.keys("Enter")
        try tmux.wait(for: "Overdue (")
        XCTAssertEqual(try tmux.display("#{mouse_any_flag}"), "0", "mouse = false: the terminal keeps it")
        try tmux.keys("q")
        try tmux.wait(for: "AGAIN:0")
    }

    /// Keys from the rep's personal config file: the footer and the handlers use them; a broken
    /// `[keys]` in the data dir's file is named on screen and the defaults are used, and never
    /// stops a CLI command.
    func testPersonalKeysAreUsedAndABrokenKeysTableFallsBackToTheDefaults() throws {
        let personal = tend.dir + "/xdg/tend"
        try FileManager.default.createDirectory(atPath: personal, withIntermediateDirectories: true)
        try "[keys]\nquit = \"Q\"\ndone = \"X\"\n".write(
            toFile: personal + "/config.toml", atomically: true, encoding: .utf8)
        try open(env: ["XDG_CONFIG_HOME": tend.dir + "/xdg"])
        try tmux.wait(for: "X done")
        try tmux.wait(for: "Q quit")
        try tmux.keys("q")
        try tmux.wait(for: "q does nothing here")
        try tmux.keys("Q")
        try tmux.wait(for: "EXIT:0")

        try "[keys]\ncall = \"Ctl-X\"\n".write(toFile: data + "/config.toml", atomically: true, encoding: .utf8)
        XCTAssertEqual(
            try tend.run(["note", "dana", "still works", "--dir", data]).code, 0, "a CLI command is not stopped")
        try tmux.type("clear; \(TendRunner.binary); echo AGAIN:$?")
        try tmux.keys("Enter")
        try tmux.wait(for: "config.toml:2: [keys] call: unknown key \"Ctl-X\"")
        try tmux.wait(for: "x done")
        try tmux.keys("q")
        try tmux.wait(for: "AGAIN:0")
    }

    /// Under LANG=C the screen is ASCII, but what is typed is the terminal's UTF-8 and is kept whole
    /// (read as C, the note was cut at the first accented letter and the rest lost).
    func testTextTypedUnderLANGCIsSavedWhole() throws {
        try open(env: ["LANG": "C"])
        try tmux.keys("a")
        try tmux.wait(for: "Esc discard")
        try tmux.type("Pilot für 20 Lkw — Start im Januar")
        try tmux.wait(for: "Start im Januar")
        try tmux.keys("C-d")
        try tmux.wait(for: "noted on")
        XCTAssertFalse(try tmux.screen().contains("ü"), "the screen stays ASCII")
        try tmux.keys("q")
        try tmux.wait(for: "EXIT:0")
        let r = try tend.run(["export", "--format", "json", "--dir", data])
        XCTAssertTrue(r.out.contains("Pilot für 20 Lkw — Start im Januar"), "saved whole, in UTF-8")
    }

    /// `y` copies through the terminal (OSC 52): tmux, told to accept it, holds the number in its
    /// paste buffer, as the rep's own terminal would on its clipboard.
    func testYCopiesThePhoneToTheClipboardThroughTheTerminal() throws {
        let r = try tend.run(["show", "Tom Becker", "--json", "--dir", data])
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let phone = try XCTUnwrap((json["phones"] as? [String])?.first)
        try open()
        try tmux.run(["set-option", "-s", "set-clipboard", "on"])
        try tmux.keys("/")
        try tmux.type("Tom Becker")
        try tmux.keys("Enter", "Enter")
        try tmux.wait(for: "prospect · owner ann")
        try tmux.keys("y")
        try tmux.wait(for: "copied Tom Becker's phone: \(phone)")
        XCTAssertEqual(try tmux.run(["show-buffer"]), phone)
        try tmux.keys("q")
        try tmux.wait(for: "EXIT:0")
    }

    /// A paste with a blank line in it, as a terminal sends it (bracketed): all of it lands in the
    /// note, none of it acts as keys; after the UI the shell gets plain pastes again.
    func testAPastedNoteIsTextNeverKeys() throws {
        try open(width: 100, height: 30)
        try tmux.keys("/")
        try tmux.type("Dana Wu")
        try tmux.keys("Enter", "a")
        try tmux.wait(for: "Note (")
        _ = try tmux.run(["set-buffer", "--", "she called back\n\n2 seats, e-mail the quote\n* they: confirm the date"])
        _ = try tmux.run(["paste-buffer", "-p", "-t", "t"])
        let typed = try tmux.wait(for: "the whole paste in the note") { $0.contains("* they: confirm the date") }
        XCTAssertTrue(typed.contains("2 seats, e-mail the quote"), typed)
        XCTAssertTrue(typed.contains("Note ("), "still on the note: `2` did not switch screens, `e` opened no editor")
        try tmux.keys("C-d")
        try tmux.wait(for: "· u undoes")
        try tmux.keys("q")
        try tmux.wait(for: "EXIT:0")
        let log = try String(contentsOfFile: data + "/log/ann.jsonl", encoding: .utf8)
        XCTAssertTrue(log.contains("she called back\\n\\n2 seats, e-mail the quote"), log.suffix(600).description)
        _ = try tmux.run(["set-buffer", "--", "echo PASTED-$((40+2))"])
        _ = try tmux.run(["paste-buffer", "-p", "-t", "t"])
        try tmux.keys("Enter")
        let shell = try tmux.wait(for: "PASTED-42")
        XCTAssertFalse(shell.contains("200~"), "bracketed paste is off again after the UI:\n\(shell)")
    }

    func testCtrlCEndsTheUIWithTheInterruptExitCode() throws {
        try open()
        try tmux.keys("C-c")
        try tmux.wait(for: "EXIT:130")
    }

    func testANoteWithTwoPromisesShowsOnTheAgenda() throws {
        try open(width: 120, height: 40)
        try tmux.keys("/")
        try tmux.type("Noah")
        try tmux.keys("Enter", "a")
        try tmux.wait(for: "Note on Noah Kim")
        try tmux.type("* send the brochure @wed")
        try tmux.keys("Enter")
        try tmux.type("* call back about pricing @thu")
        try tmux.keys("Enter", "Enter")
        try tmux.wait(for: "noted on Noah Kim · 2 promises")
        let screen = try tmux.wait(for: "call back about pricing")
        XCTAssertTrue(screen.contains("promised: send the brochure"), screen)
        try tmux.keys("q")
        try tmux.wait(for: "EXIT:0")
    }

    func testResizeRelaysOutWithoutARestart() throws {
        try open(width: 120, height: 40)
        try tmux.keys("2")
        try tmux.wait(for: "Quotes awaiting answer ·")
        try tmux.resize(80, 24)
        try tmux.wait(for: "tabs at 80 columns") { $0.contains(" Quotes 3 ") && !$0.contains("Quotes awaiting answer") }
        try tmux.resize(120, 40)
        try tmux.wait(for: "Quotes awaiting answer ·")
        try tmux.keys("q")
        try tmux.wait(for: "EXIT:0")
    }

    func testNoColorMeansNoColourEscapesAndColourOtherwise() throws {
        try open(env: ["NO_COLOR": "1"])
        let mono = try tmux.screen(escapes: true)
        XCTAssertEqual(colourCodes(in: mono), [], "NO_COLOR screen has colour escapes")
        XCTAssertTrue(mono.contains("\u{1B}["), "attributes still carry meaning")
        try tmux.keys("q")
        try tmux.wait(for: "EXIT:0")
        try tmux.run(["kill-server"])

        tmux = Tmux(dir: tend.dir)
        try open()
        let colour = try tmux.screen(escapes: true)
        XCTAssertFalse(colourCodes(in: colour).isEmpty, "with colour the badges are coloured")
    }

    func testTheTerminalIsRestoredAfterQuit() throws {
        try open()
        XCTAssertEqual(try tmux.display("#{alternate_on}"), "1")
        try tmux.keys("q")
        try tmux.wait(for: "EXIT:0")
        XCTAssertEqual(try tmux.display("#{alternate_on}"), "0")
        try tmux.type("echo ready-$((40+2))")
        try tmux.keys("Enter")
        try tmux.wait(for: "ready-42")
    }

    func testTheTerminalIsRestoredAfterSIGTERM() throws {
        try open()
        let shell = try tmux.display("#{pane_pid}")
        let pgrep = Process()
        pgrep.executableURL = URL(fileURLWithPath: "/usr/bin/pkill")
        pgrep.arguments = ["-TERM", "-P", shell]
        try pgrep.run()
        pgrep.waitUntilExit()
        try tmux.wait(for: "EXIT:143")
        XCTAssertEqual(try tmux.display("#{alternate_on}"), "0")
        try tmux.type("echo ready-$((40+2))")
        try tmux.keys("Enter")
        try tmux.wait(for: "ready-42")
    }

    func testABrokenThemeIsNamedWithFileAndLineAndTheDefaultIsUsed() throws {
        let theme = tend.dir + "/bad.toml"
        try "[overdue]\nfg = 999\n".write(toFile: theme, atomically: true, encoding: .utf8)
        try open(width: 200, height: 30, env: ["TEND_THEME": theme])  // wide: the warning must not wrap
        try tmux.keys("q")
        let screen = try tmux.wait(for: "EXIT:0")
        XCTAssertTrue(
            screen.contains("bad.toml:2: overdue.fg must be a colour number 0–255; using the default theme"), screen)
    }

    func testATerminalThatCannotMoveTheCursorGetsAClearError() throws {
        try tmux.startShell(env: env(["TERM": "dumb"]), width: 80, height: 24)
        try tmux.wait(for: "$")
        try tmux.type("\(TendRunner.binary); echo EXIT:$?")
        try tmux.keys("Enter")
        let screen = try tmux.wait(for: "EXIT:1")
        XCTAssertTrue(screen.contains("cannot move the cursor"), screen)
    }

    /// Two reps on one data dir: ann's call shows on bob's screen, then her attempt guards his.
    func testAnnsCallShowsOnBobsScreenAndGuardsHisCall() throws {
        let bob = Tmux(dir: tend.dir + "/b")
        try FileManager.default.createDirectory(atPath: tend.dir + "/b", withIntermediateDirectories: true)
        try bob.startShell(env: env(["TEND_REP": "bob"]), width: 120, height: 40)
        try bob.wait(for: "$")
        try bob.type("\(TendRunner.binary)")
        try bob.keys("Enter")
        try bob.wait(for: "Tend · bob")
        try bob.keys("R")  // everyone's agenda
        try bob.wait(for: "Tend · everyone")

        try open(width: 120, height: 40)
        try tmux.keys("/")
        try tmux.type("Tom Becker")
        try tmux.keys("Enter", "c")
        try tmux.wait(for: "Outcome:")
        try bob.wait(for: "ann's claim on bob's screen", timeout: 5) {
            $0.contains("Tom Becker") && $0.contains("ann · calling now")
        }
        try tmux.keys("2", "Enter")
        try tmux.wait(for: "logged call · no-answer with Tom Becker")
        try bob.wait(for: "ann's attempt on bob's screen", timeout: 5) { s in
            s.split(separator: "\n").contains { $0.contains("Tom Becker") && $0.contains("ann · 0m ago") }
        }
        try bob.keys("/")
        try bob.type("Tom Becker")
        try bob.keys("Enter", "c")
        let asked = try bob.wait(for: "Hold on: the team guard")
        XCTAssertTrue(asked.contains("ann called Tom Becker just now (no-answer)"), asked)
        try bob.keys("n", "q")
    }

    /// A whole weekly review on the demo data, every item handled, to the summary; then the stats.
    func testAFullWeeklyReviewToTheSummary() throws {
        try open(width: 100, height: 40)
        try tmux.keys("3")
        let first = try tmux.wait(for: "Weekly review · 2026-W48 · 0 of ")
        let total = try XCTUnwrap(Int(first.components(separatedBy: "0 of ")[1].prefix { $0.isNumber }))
        try tmux.keys("x")  // the first promise: kept
        try tmux.wait(for: "1 of \(total)")
        for n in 2...total {
            // Space moves on; an overdue item wants an action instead: x keeps a promise, s plans.
            try tmux.keys("Space")
            var s = try tmux.wait(for: "\(n) of \(total), or a refusal") {
                $0.contains("\(n) of \(total)") || $0.contains("needs an action")
            }
            if !s.contains("\(n) of \(total)") {
                try tmux.keys("x")
                s = try tmux.wait(for: "\(n) of \(total) after x") {
                    $0.contains("\(n) of \(total)") || $0.contains("x marks a promise")
                }
            }
            if !s.contains("\(n) of \(total)") {
                try tmux.keys("s")
                try tmux.type("fri")
                try tmux.keys("Enter")
                try tmux.wait(for: "\(n) of \(total)")
            }
        }
        let done = try tmux.wait(for: "done ✓")
        XCTAssertTrue(done.contains("This week so far") && done.contains("this session: 2 kept"), done)
        XCTAssertTrue(done.contains("still open: nothing"), done)
        try tmux.keys("4")
        try tmux.wait(for: "Pipeline by stage")
        try tmux.wait(for: "promises kept on time")
        try tmux.keys("q")
        try tmux.wait(for: "EXIT:0")
        let r = try tend.run(["review", "--json", "--dir", data])
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        XCTAssertEqual(json["handled"] as? Int, total, "tend review --json agrees with the screen")
    }

    /// Escape sequences, control characters, a right-to-left override and 1 MB of text from the
    /// store are shown escaped and cut, never sent to the terminal.
    func testHostileTextIsShownEscapedNeverSentRaw() throws {
        var ann = tend
        ann.dir = tend.dir
        let evil = "Evil\u{1B}]0;pwned\u{07}Corp\u{1B}[2J\u{202E}gnp.exe"
        let r = try ann.run(["add", evil, "--company", "X\u{1B}]52;c;aGVsbG8=\u{07}Y", "--dir", data])
        XCTAssertEqual(r.code, 0, r.err)
        let id = r.out.trimmingCharacters(in: .whitespacesAndNewlines)
        try ann.ok("next", id, "today", "--dir", data)
        // A 1 MB note, written straight into the log (an argument cannot be that long).
        let huge = String(repeating: "lorem ipsum ", count: 90_000)
        let line =
            #"{"v":1,"id":"0zzzzzzzzz-huge","at":"2026-11-23T09:00:30.000Z","rep":"ann","type":"note","contact":"\#(id)","text":"\#(huge)"}"#
        let fh = try XCTUnwrap(FileHandle(forWritingAtPath: data + "/log/ann.jsonl"))
        try fh.seekToEnd()
        try fh.write(contentsOf: Data((line + "\n").utf8))
        try fh.close()

        try open(width: 100, height: 30)
        let screen = try tmux.wait(for: "Evil\\e]0;pwned")
        XCTAssertTrue(screen.contains("Evil\\e]0;pwned\\u{7}Corp"), screen)
        XCTAssertNotEqual(try tmux.display("#{pane_title}"), "pwned")
        XCTAssertTrue(screen.split(separator: "\n").first?.contains("Tend · ann") == true, "the header is intact")
        try tmux.keys("/")
        try tmux.type("Evil")
        try tmux.keys("Enter", "Enter")
        let contact = try tmux.wait(for: "X\\e]52;c;aGVsbG8=")
        XCTAssertTrue(contact.contains("Evil\\e]0;pwned\\u{7}Corp\\e[2J\\u{202e}gnp.exe"), contact)
        XCTAssertTrue(
            contact.split(separator: "\n").allSatisfy { TextWidthProbe.columns($0) <= 100 }, "no line overflows")
        XCTAssertTrue(contact.contains("lorem ipsum"), contact)
        try tmux.keys("q")
        try tmux.wait(for: "EXIT:0")
    }

    /// A full disk while saving a note from the UI: the screen says so and keeps what was typed.
    func testADiskFullSaveKeepsTheTypedNote() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/strace") else {
            throw XCTSkip("strace is not installed")
        }
        let log = data + "/log/ann.jsonl"
        let before = try String(contentsOfFile: log, encoding: .utf8)
        try tmux.startShell(env: env(), width: 100, height: 30)
        try tmux.wait(for: "$")
        try tmux.type(
            "strace -f -qq -o /dev/null -P \(log) -e inject=write:error=ENOSPC \(TendRunner.binary); echo EXIT:$?")
        try tmux.keys("Enter")
        try tmux.wait(for: "Overdue (")
        try tmux.keys("/")
        try tmux.type("Tom Becker")
        try tmux.keys("Enter", "a")
        try tmux.wait(for: "Note on Tom Becker")
        try tmux.type("* send the contract @fri")
        try tmux.keys("C-d")
        let screen = try tmux.wait(for: "disk full")
        XCTAssertTrue(screen.contains("NOT saved"), screen)
        XCTAssertTrue(screen.contains("* send the contract @fri"), "the typed note is still on screen:\n\(screen)")
        XCTAssertEqual(try String(contentsOfFile: log, encoding: .utf8), before, "the log is as it was")
        try tmux.keys("Escape", "Escape", "q")
        try tmux.wait(for: "EXIT:0")
    }

    /// SGR parameters that set a colour (30–38, 40–48, 90–97, 100–107) in a captured screen.
    func colourCodes(in screen: String) -> [String] {
        var found: [String] = []
        let parts = screen.components(separatedBy: "\u{1B}[").dropFirst()
        for part in parts {
            guard let end = part.firstIndex(where: { $0.isLetter }), part[end] == "m" else { continue }
            for p in part[..<end].split(separator: ";").compactMap({ Int($0) }) {
                if (30...38).contains(p) || (40...48).contains(p) || (90...97).contains(p) || (100...107).contains(p) {
                    found.append(String(part[..<end]))
                    break
                }
            }
        }
        return found
    }
}

/// Display columns of a captured line (wide characters count two).
enum TextWidthProbe {
    static func columns(_ s: Substring) -> Int {
        s.unicodeScalars.reduce(0) { n, u in
            n
                + ((0x1100...0x115F).contains(u.value) || (0x2E80...0xA4CF).contains(u.value)
                    || (0xAC00...0xD7A3).contains(u.value)
                    || (0xF900...0xFAFF).contains(u.value) || (0xFF00...0xFF60).contains(u.value) ? 2 : 1)
        }
    }
}
