import XCTest

@testable import TendCore

/// The TOML subset Tend reads (config.toml, themes): what it accepts, and a `file:LINE:` error for
/// everything else — the inputs that stopped TOMLKit on an assertion included.
final class MiniTOMLTests: XCTestCase {
    func testTablesStringsNumbersBooleansListsAndComments() throws {
        let t = try MiniTOML.parse(
            """
            # team settings
            currency = "EUR"   # trailing comment
            working_days = ["mon", "tue"]
            [guard]
            window_hours = 4
            strict = true
            [cadence]
            quote_followups = [1, 3, 7, 14]
            name = "say \\"hi\\" \\u00e9"
            """, file: "config.toml")
        XCTAssertEqual(t["currency"]?.string, "EUR")
        XCTAssertEqual(t["working_days"]?.array?.compactMap(\.string), ["mon", "tue"])
        XCTAssertEqual(t["guard"]?.table?["window_hours"]?.int, 4)
        XCTAssertEqual(t["guard"]?.table?["strict"]?.bool, true)
        XCTAssertEqual(t["cadence"]?.table?["quote_followups"]?.array?.compactMap(\.int), [1, 3, 7, 14])
        XCTAssertEqual(t["cadence"]?.table?["name"]?.string, "say \"hi\" é")
    }

    func testEveryMalformedInputIsAnErrorWithItsLine() {
        let bad: [(String, Int)] = [
            ("[!x]", 1), ("[", 1), ("[[[[", 1), ("\u{FEFF}[", 1), ("a = [5, 3,} 7]", 1),
            ("a = 1\nb = \"open", 2), ("x = 1\nx = 2", 2), ("a = 1\n\nb", 3), ("n = 12abc", 1),
        ]
        for (text, line) in bad {
            XCTAssertThrowsError(try MiniTOML.parse(text, file: "config.toml"), text.debugDescription) { e in
                guard let err = e as? MiniTOML.Error else { return XCTFail("\(e)") }
                XCTAssertEqual(err.line, line, "\(text.debugDescription): \(err)")
                XCTAssertTrue(err.description.hasPrefix("config.toml:\(line): "), err.description)
            }
        }
    }
}
