import XCTest
import TendCore
@testable import TendStore

final class ConfigFileTests: TempDirTestCase {
    func testMissingFileGivesTheDefaults() throws {
        let s = try ConfigFile.load(dir: dir)
        XCTAssertEqual(s, Settings())
        XCTAssertEqual(s.guardRule.windowMinutes, 240)
        XCTAssertEqual(s.guardRule.maxPerDay, 2)
        XCTAssertEqual(s.cadence.quoteFollowUps, [1, 3, 7, 14])
        XCTAssertEqual(s.cadence.checkInDays, 7)
        XCTAssertEqual(s.cadence.nurtureFirstDays, 3)
        XCTAssertEqual(s.cadence.nurtureEveryDays, 30)
    }

    func testEverySettingIsRead() throws {
        try write("config.toml", """
            currency = "usd"
            rep = "ann"
            theme = "light"
            working_days = ["mon", "tue", "wed", "thu"]
            [guard]
            window_hours = 2
            max_per_day = 3
            claim_minutes = 20
            [cadence]
            quote_followups = [2, 4]
            checkin_after_days = 10
            nurture_first_days = 5
            nurture_every_days = 45
            """)
        let s = try ConfigFile.load(dir: dir)
        XCTAssertEqual(s.currency, "USD")
        XCTAssertEqual(s.rep, "ann")
        XCTAssertEqual(s.theme, "light")
        XCTAssertEqual(s.workingDays, [1, 2, 3, 4])
        XCTAssertEqual(s.guardRule.windowMinutes, 120)
        XCTAssertEqual(s.guardRule.maxPerDay, 3)
        XCTAssertEqual(s.guardRule.claimMinutes, 20)
        XCTAssertEqual(s.cadence.quoteFollowUps, [2, 4])
        XCTAssertEqual(s.cadence.checkInDays, 10)
        XCTAssertEqual(s.cadence.nurtureFirstDays, 5)
        XCTAssertEqual(s.cadence.nurtureEveryDays, 45)
        XCTAssertEqual(s.nextWorkingDay(after: Day.parseISO("2026-11-26")!), Day.parseISO("2026-11-30"))
    }

    func testErrorsNameTheFileLineOrKey() throws {
        try write("config.toml", "[guard]\nwindow_hours = \n")
        XCTAssertThrowsError(try ConfigFile.load(dir: dir)) { e in
            XCTAssertTrue("\(e)".contains("config.toml:2:"), "\(e)")
        }
        try write("config.toml", "[guard]\nwindow_hours = -4\n")
        XCTAssertThrowsError(try ConfigFile.load(dir: dir)) { e in
            XCTAssertTrue("\(e)".contains("guard.window_hours must be a whole number"), "\(e)")
        }
        // Found by the config fuzzer: the TOML parser stopped on an assertion instead of an error.
        for header in ["[!adence]", "[[!x]]", "[ #y]", "[", "[[ ", "\t[[[[[[[[\t", "[\u{FFFD}kk\"\"\"", "[\u{0362}", "[guard] extra", "[a..b]"] {
            try write("config.toml", "[guard]\nwindow_hours = 4\n\(header)\n")
            XCTAssertThrowsError(try ConfigFile.load(dir: dir), header) { e in
                XCTAssertTrue("\(e)".contains("config.toml:3: not a table header"), "\(e)")
            }
        }
        try write("config.toml", "\u{FEFF}[guard] # the team's window\n[\"review\" ]\n[[ x.\"y z\" ]]\nk = 1\n")
        XCTAssertNoThrow(try ConfigFile.load(dir: dir), "well-formed headers pass")
        try write("config.toml", "working_days = [\"mon\", \"funday\"]\n")
        XCTAssertThrowsError(try ConfigFile.load(dir: dir)) { e in
            XCTAssertTrue("\(e)".contains("unknown day"), "\(e)")
        }
    }
}
