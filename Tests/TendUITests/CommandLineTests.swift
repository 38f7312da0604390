import TendCore
import XCTest

@testable import TendUI

/// `:` completes subcommands, flags, contacts and reps with Tab, keeps a history, and shows a
/// command's whole output in a pane.
final class CommandLineTests: XCTestCase {
    let words = CommandWords(commands: [
        "show": .init(flags: ["--dir", "--rep", "--json"], subcommands: []),
        "stop": .init(flags: ["--reason", "--lift"], subcommands: []),
        "sync": .init(flags: [], subcommands: []),
        "log": .init(flags: ["--via", "--outcome", "--note"], subcommands: []),
        "assign": .init(flags: ["--to", "--from"], subcommands: []),
        "team": .init(flags: [], subcommands: ["init", "reps", "status"]),
        "team init": .init(flags: ["--url", "--test-clock"], subcommands: []),
    ])

    func complete(_ text: String) -> (String, [String]) {
        Completion.complete(text, words: words, state: Demo.state)
    }

    func testTabCompletesSubcommandsFlagsContactsAndReps() {
        XCTAssertEqual(complete("sh").0, "show ")
        XCTAssertEqual(complete("s").1, ["show", "stop", "sync"], "several: listed")
        XCTAssertEqual(complete("show da").0, "show \"Dana Wu\" ", "a name with a space is quoted")
        XCTAssertEqual(complete("show zoe").0, "show \"Zoë Müller\" ", "accents ignored")
        XCTAssertEqual(complete("show \"Dana W").0, "show \"Dana Wu\" ", "inside an open quote")
        XCTAssertEqual(complete("log dana --vi").0, "log dana --via ")
        XCTAssertEqual(complete("assign dana --to b").0, "assign dana --to bob ")
        XCTAssertEqual(complete("team ").1, ["init", "reps", "status"])
        XCTAssertEqual(complete("team init --te").0, "team init --test-clock ")
        XCTAssertEqual(complete("nosuch x").1, [])
    }

    func testUpBringsBackEarlierLinesAndTabLoadsTheWordsOnce() {
        var m = Demo.model()
        m.press(action: .command)
        m.type("show dana")
        XCTAssertEqual(m.press(.enter), [.runCommand(["show", "dana"])])
        m.press(action: .command)
        m.type("list")
        m.press(.enter)
        m.press(action: .command)
        m.press(.up)
        guard case .command(let last) = m.mode else { return XCTFail() }
        XCTAssertEqual(last.text, "list")
        m.press(.up)
        guard case .command(let first) = m.mode else { return XCTFail() }
        XCTAssertEqual(first.text, "show dana")
        m.press(.down, .down)
        guard case .command(let empty) = m.mode else { return XCTFail() }
        XCTAssertEqual(empty.text, "")

        m.type("sh")
        XCTAssertEqual(m.press(.tab), [.loadCommandWords], "the words are read on the first Tab")
        _ = Update.update(&m, .commandWords(words))
        guard case .command(let done) = m.mode else { return XCTFail() }
        XCTAssertEqual(done.text, "show ")
        m.type("d")
        XCTAssertEqual(m.press(.tab), [], "then kept")
        XCTAssertTrue(m.render().lines[23].contains("Dana Wu"), "candidates in the footer: \(m.render().text)")
    }

    func testAnOutputOfSeveralLinesOpensAPaneThatScrollsAndCloses() {
        var m = Demo.model()
        m.pageRows = 19
        m.commandHistory = ["show dana"]
        let output = (1...40).map { "line \($0)" }.joined(separator: "\n") + "\n"
        _ = Update.update(&m, .commandDone(output: output, ok: true))
        var text = m.render().text
        XCTAssertTrue(text.contains(":show dana") && text.contains("line 1\n") && text.contains("1–19/40"), text)
        m.press(.char("j"))
        text = m.render().text
        XCTAssertTrue(text.contains("line 20\n") && !text.contains("line 1\n") && text.contains("2–20/40"), text)
        m.press(.char("x"))
        XCTAssertEqual(m.mode, .normal, "any other key closes it")
        _ = Update.update(&m, .commandDone(output: "noted on Dana Wu\n", ok: true))
        XCTAssertEqual(m.message?.text, "noted on Dana Wu", "one line stays on the status line")
    }
}
