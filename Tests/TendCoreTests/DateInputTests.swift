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

    func testTheFormsPeopleTypeForANextStep() throws {
        XCTAssertEqual(try parse("next thu"), day("2026-11-26"))
        XCTAssertEqual(try parse("Next Mon"), day("2026-11-30"))
        XCTAssertEqual(try parse("in 3 days"), day("2026-11-26"))
        XCTAssertEqual(try parse("in a week"), day("2026-11-30"))
        XCTAssertEqual(try parse("in 2 weeks"), day("2026-12-07"))
        XCTAssertEqual(try parse("next week"), day("2026-11-30"), "Monday next week")
        let alone = try DateInput.parse("14:30", today: monday)
        XCTAssertEqual(alone.day, monday, "a time alone is today")
        XCTAssertEqual(alone.time, LocalTime(hour: 14, minute: 30))
        XCTAssertEqual(try DateInput.parse("thu 14:30", today: monday).time, LocalTime(hour: 14, minute: 30))
        XCTAssertEqual(try DateInput.parse("next thu 9:00", today: monday).day, day("2026-11-26"))
        let step = try NextStepInput.parse("in 3 days 10:00 call the CFO", today: monday)
        XCTAssertEqual(step.due, day("2026-11-26"))
        XCTAssertEqual(step.time, LocalTime(hour: 10, minute: 0))
        XCTAssertEqual(step.what, "call the CFO")
        XCTAssertEqual(try NextStepInput.parse("next thu demo", today: monday).what, "demo")
    }

    func testAPastOrWeekendDayIsNamedAsSuch() {
        let s = Settings()
        XCTAssertEqual(
            s.oddity(of: day("2026-11-22"), today: monday), "Sun 2026-11-22 is in the past: it shows as overdue")
        XCTAssertEqual(s.oddity(of: day("2026-11-28"), today: monday), "Sat 2026-11-28 is not a working day")
        XCTAssertNil(s.oddity(of: day("2026-11-24"), today: monday))
    }

    func testAPromiseDateSaysItIsADay() {
        XCTAssertThrowsError(try Capture.parse("* send it @2026-12-01T14:30", today: monday, settings: Settings())) {
            e in
            XCTAssertTrue("\(e)".contains("a promise is due on a day"), "\(e)")
            let advice = "\(e)".components(separatedBy: "expected").last ?? ""
            XCTAssertNil(advice.range(of: "[0-9]:[0-9]", options: .regularExpression), "no time suggested: \(e)")
        }
    }
}
