import TendCore
import XCTest

@testable import TendUI

/// `[keys]`: remapped keys change what the handlers, the footer and `?` use; every mistake is a
/// `file:line:` error naming what is wrong, and the defaults stay.
final class KeyConfigTests: XCTestCase {
    override func tearDown() {
        KeyMap.bindings = KeyMap.defaults
        KeyMap.modeBindings = KeyMap.defaultModeBindings
    }

    func apply(_ toml: String) throws -> (bindings: [Binding], modes: [ModeBinding]) {
        let (table, lines) = try MiniTOML.parseWithLines(toml, file: "config.toml")
        let keys = table["keys"]?.table ?? [:]
        var places: [String: String] = [:]
        for name in keys.keys { places[name] = "config.toml:\(lines["keys.\(name)"]!)" }
        return try KeyConfig.apply(keys, places: places)
    }

    func problem(_ toml: String) -> String {
        do {
            _ = try apply(toml)
            return "no error"
        } catch { return "\(error)" }
    }

    func testABindingReplacesTheDefaultKeysAndEverythingReadsIt() throws {
        let keys = try apply(
            "[keys]\ndone = \"X\"\ncall = [\"c\", \"C\"]\nquit = \"Ctrl-Q\"\nconfirm_yes = \"Enter\"\n")
        KeyMap.bindings = keys.bindings
        KeyMap.modeBindings = keys.modes
        XCTAssertEqual(KeyMap.action(for: .char("X"), on: .today), .done)
        XCTAssertNil(KeyMap.action(for: .char("x"), on: .today), "the default x is replaced")
        XCTAssertEqual(KeyMap.action(for: .char("C"), on: .board), .call)
        XCTAssertEqual(KeyMap.action(for: .char("c"), on: .board), .call, "listed, so kept")
        XCTAssertEqual(KeyMap.action(for: .ctrl("q"), on: .stats), .quit)
        XCTAssertEqual(KeyMap.action(for: .enter, in: .confirm), .confirmYes)
        var m = Demo.model()
        let footer = m.render(80, 24).lines[23]
        XCTAssertTrue(footer.contains("X done") && footer.contains("Ctrl-Q quit"), footer)
        XCTAssertTrue(HelpView.lines().contains { $0.0 == "X" && $0.1.hasPrefix("mark the promise") })
        m.press(.char("q"))
        XCTAssertFalse(m.quit, "q is not quit any more")
        m.press(.ctrl("q"))
        XCTAssertTrue(m.quit)
    }

    func testMistakesNameTheLineAndWhatIsWrong() {
        XCTAssertEqual(
            problem("[keys]\n\ndnoe = \"X\"\n"), "config.toml:3: [keys] unknown action \"dnoe\"; did you mean \"done\"?"
        )
        XCTAssertTrue(
            problem("[keys]\ndone = \"Ctl-X\"\n").hasPrefix("config.toml:2: [keys] done: unknown key \"Ctl-X\""))
        XCTAssertEqual(
            problem("[keys]\nquit = \"q\"\ndone = \"c\"\n"),
            "config.toml:3: [keys] c is bound to both call and done on Today; give one another key")
        XCTAssertEqual(
            problem("[keys]\nconfirm_no = \"y\"\n"),
            "config.toml:2: [keys] y is bound to both confirm_yes and confirm_no in "
                + "asked before a call (someone tried them recently); give one another key")
        XCTAssertTrue(problem("[keys]\ndone = 3\n").contains("done takes a key or a list"))
        XCTAssertEqual(problem("[keys]\ndrop = \"x\"\n"), "no error", "x is done elsewhere, drop only on Review")
    }

    func testKeyNamesAsTheHelpShowsThem() {
        XCTAssertEqual(Key.named("Space"), .char(" "))
        XCTAssertEqual(Key.named("PgDn"), .pageDown)
        XCTAssertEqual(Key.named("S-Tab"), .backTab)
        XCTAssertEqual(Key.named("Up"), .up)
        XCTAssertEqual(Key.named("↑"), .up)
        XCTAssertEqual(Key.named("Ctrl-L"), .ctrl("l"))
        XCTAssertEqual(Key.named("Q"), .char("Q"))
        XCTAssertNil(Key.named("Hyper-Q"))
        for b in KeyMap.defaults { for k in b.keys { XCTAssertEqual(Key.named(k.description), k, "\(k)") } }
    }
}
