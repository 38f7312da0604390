import TendCore
import XCTest

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
        try write(
            "config.toml",
            """
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

    func testCalendarHolidaysAndAlarm() throws {
        try write("config.toml", "[calendar]\nholidays = [\"2026-12-25\", \"2026-12-26\"]\nalarm_minutes = 0\n")
        let s = try ConfigFile.load(dir: dir)
        XCTAssertEqual(s.holidays, [Day.parseISO("2026-12-25")!, Day.parseISO("2026-12-26")!])
        XCTAssertEqual(s.alarmMinutes, 0)
        XCTAssertEqual(s.nextWorkingDay(after: Day.parseISO("2026-12-24")!), Day.parseISO("2026-12-28")!)
        XCTAssertEqual(Settings().alarmMinutes, 10, "ten minutes before by default")
        try write("config.toml", "[calendar]\nholidays = [\"25.12.2026\"]\n")
        XCTAssertThrowsError(try ConfigFile.load(dir: dir)) { e in
            XCTAssertTrue("\(e)".contains("calendar.holidays: \"25.12.2026\" is not a date like"), "\(e)")
        }
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
        for header in [
            "[!adence]", "[[!x]]", "[ #y]", "[", "[[ ", "\t[[[[[[[[\t", "[\u{FFFD}kk\"\"\"", "[\u{0362}",
            "[guard] extra", "[a..b]",
        ] {
            try write("config.toml", "[guard]\nwindow_hours = 4\n\(header)\n")
            XCTAssertThrowsError(try ConfigFile.load(dir: dir), header) { e in
                XCTAssertTrue("\(e)".contains("config.toml:3: "), "\(e)")
            }
        }
        try write(
            "config.toml",
            "\u{FEFF}[guard] # the team's window\nwindow_hours = 1_0 # ten\n[ \"review\" ]\n\nsilent_quote_days = +3\n")
        XCTAssertEqual(
            try ConfigFile.load(dir: dir).guardRule.windowMinutes, 600,
            "a BOM, comments, quoted names and 1_0 read fine")
        for (bad, message) in [
            ("[guard]\n[guard]\n", "config.toml:2: [guard] appears twice"),
            ("currency = \"EUR\"\ncurrency = \"USD\"\n", "config.toml:2: \"currency\" is set twice"),
            (
                "[cadence]\nquote_followups = [5, 3,} 7, 14]\n",
                "config.toml:2: expected a number, a \"string\", true/false or a [list], saw '}'"
            ),
            ("currency = \"EUR\n", "config.toml:1: unterminated string"),
            ("currency = EUR\n", "config.toml:1: expected a number, a \"string\", true/false or a [list], saw 'E'"),
        ] {
            try write("config.toml", bad)
            XCTAssertThrowsError(try ConfigFile.load(dir: dir), bad) { e in
                XCTAssertEqual("\(e)".replacingOccurrences(of: dir + "/", with: ""), message)
            }
        }
        try write("config.toml", "working_days = [\"mon\", \"funday\"]\n")
        XCTAssertThrowsError(try ConfigFile.load(dir: dir)) { e in
            XCTAssertTrue("\(e)".contains("unknown day"), "\(e)")
        }
    }
}
