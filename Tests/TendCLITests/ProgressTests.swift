import Foundation
import XCTest

/// Long work shows a bar with counts and time left on a terminal (a real pty, through
/// util-linux `script`), and nothing extra when piped.
final class ProgressTests: CLITestCase {
    /// Runs tend under a pseudo-terminal and returns everything it drew.
    func onATerminal(_ args: [String]) throws -> String {
        let command = ([TendRunner.binary] + args).map { "'\($0)'" }.joined(separator: " ")
        let r = try runProgram("/usr/bin/script", ["-qec", command, "/dev/null"], env: tend.environment)
        XCTAssertEqual(r.code, 0)
        return r.out
    }

    func testGeneratingAndReplayingABigTeamShowAProgressBarOnATerminalOnly() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            throw XCTSkip("util-linux script is not installed")
        }
        let dir = tend.dir + "/big"
        let gen = ["demo", "--generate", "--reps", "4", "--contacts", "1000", "--events", "80000", "--no-open"]
        let drawn = try onATerminal(gen + ["--dir", dir])
        XCTAssertTrue(drawn.contains("generating events ["), drawn)
        XCTAssertTrue(drawn.range(of: #"\d+% [\d,]+/80,000"#, options: .regularExpression) != nil, drawn)
        XCTAssertTrue(drawn.contains("80000 events"), "the summary follows the bar: \(drawn)")

        try? FileManager.default.removeItem(atPath: dir + "/cache")
        let replay = try onATerminal(["list", "--dir", dir, "--rep", "rep01"])
        XCTAssertTrue(replay.contains("reading the logs ["), "a full replay: \(replay.prefix(300))")

        try? FileManager.default.removeItem(atPath: dir + "/cache")
        let piped = try tend.run(["list", "--dir", dir, "--rep", "rep01"])
        XCTAssertFalse(piped.err.contains("reading the logs"), "piped: nothing extra")
        XCTAssertFalse(piped.err.contains("\u{1B}"))
        let generatedPiped = try tend.run(gen + ["--dir", tend.dir + "/big2"])
        XCTAssertEqual(generatedPiped.err, "")
    }
}
