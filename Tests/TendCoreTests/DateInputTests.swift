import XCTest

@testable import TendCore

final class DateInputTests: XCTestCase {
    let monday = day("2026-11-23")

    func parse(_ s: String) throws -> Day { try DateInput.parse(s, today: monday).day }

    func testWordsAndRelativeDates() throws {
        XCTAssertEqual(try parse("today"), monday)
        XCTAssertEqual(try parse("tomorrow"), day("2026-11-24"))
        XCTAssertEqual(try parse("3d"), day("2026-11-26"))
        XCTAssertEqual(try parse("+3d"), day("2026-11-26"))
        XCTAssertEqual(try parse("-3d"), day("2026-11-20"))
        XCTAssertEqual(try parse("2w"), day("2026-12-07"))
        XCTAssertEqual(try parse("2026-12-01"), day("2026-12-01"))
    }

    func testWeekdaysMeanTheNextOneStrictlyAfterToday() throws {
        XCTAssertEqual(try parse("fri"), day("2026-11-27"))
        XCTAssertEqual(try parse("Friday"), day("2026-11-27"))
        XCTAssertEqual(try parse("mon"), day("2026-11-30"))  // today is Monday: a week out
        XCTAssertEqual(try parse("sun"), day("2026-11-29"))
    }

    func testATimeMayFollow() throws {
        let (d, t) = try DateInput.parse("2026-12-01 14:30", today: monday)
        XCTAssertEqual(d, day("2026-12-01"))
        XCTAssertEqual(t, LocalTime(hour: 14, minute: 30))
        XCTAssertEqual(try DateInput.parse("fri 9:05", today: monday).time, LocalTime(hour: 9, minute: 5))
    }

    func testBadDatesSayWhatIsExpected() {
        for bad in ["frday", "2026-02-30", "3x", "", "tomorrow 25:00", "2026-12-01 14:30 extra", "99999d"] {
            XCTAssertThrowsError(try parse(bad), bad) { e in
                XCTAssertTrue("\(e)".contains("expected today, tomorrow"), "\(e)")
            }
        }
    }
}
