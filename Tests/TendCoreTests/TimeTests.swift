import Foundation
import XCTest

@testable import TendCore

final class TimeTests: XCTestCase {
    func testISORoundTrip() {
        let t = ts("2026-11-23T09:05:07.123Z")
        XCTAssertEqual(t.iso, "2026-11-23T09:05:07.123Z")
        XCTAssertEqual(ts("2026-11-23T10:05:07.123+01:00"), t)
        XCTAssertEqual(Timestamp(ms: 0).iso, "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(Timestamp(ms: -1).iso, "1969-12-31T23:59:59.999Z")
        // Written digit by digit within years 0–9999, by the general path outside them.
        XCTAssertEqual(ts("9999-12-31T23:59:59.999Z").iso, "9999-12-31T23:59:59.999Z")
        XCTAssertEqual(ts("0001-02-03T04:05:06.007Z").iso, "0001-02-03T04:05:06.007Z")
        XCTAssertEqual(Day(year: 2026, month: 3, day: 9)!.iso, "2026-03-09")
        XCTAssertEqual(Day(year: 10_000, month: 1, day: 1)?.iso ?? "10000-01-01", "10000-01-01")
    }

    func testISORejectsMissingZoneAndNonsense() {
        for bad in [
            "2026-11-23T09:00:00", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "yesterday", "2026-11-23T25:00:00Z",
        ] {
            XCTAssertNil(Timestamp.parseISO(bad), bad)
        }
    }

    /// Dates and times read from bytes: ASCII digits only, in exactly their places.
    func testDatesAndTimesReadOnlyDigitsInTheirPlaces() {
        XCTAssertEqual(Day.parseISO("2026-11-23"), Day(year: 2026, month: 11, day: 23))
        XCTAssertEqual(Day.parseISO("0001-01-01"), Day(year: 1, month: 1, day: 1))
        for bad in [
            "+026-11-23", "2026-+1-23", "2026-1-023", "2026-11-2", "2026/11/23", "2026-11-23 ", "2026-11-3x",
            "２０２６-11-23", "", "2026-02-30",
        ] {
            XCTAssertNil(Day.parseISO(bad), bad)
        }
        XCTAssertEqual(LocalTime.parse("9:05"), LocalTime(hour: 9, minute: 5))
        XCTAssertEqual(LocalTime.parse("14:30"), LocalTime(hour: 14, minute: 30))
        XCTAssertEqual(LocalTime.parse("00:00"), LocalTime(hour: 0, minute: 0))
        for bad in ["+9:05", "1430", "14:3", "24:00", "9:60", ":30", "123:00", "14:30 ", " 9:05", "ab:cd", ""] {
            XCTAssertNil(LocalTime.parse(bad), bad)
        }
        // The form Tend writes (read in straight-line code) gives the instant the general reading
        // gives for the same time written another way: `+00:00`, lower case, no fraction.
        for (written, other) in [
            ("2026-11-23T09:05:07.123Z", "2026-11-23t09:05:07.123+00:00"),
            ("2024-02-29T23:59:59.999Z", "2024-02-29T23:59:59.999z"),
            ("2026-12-31T23:59:60.999Z", "2026-12-31T23:59:60.999+00:00"),
            ("1970-01-01T00:00:00.000Z", "1970-01-01T01:00:00+01:00"),
            ("0001-01-01T00:00:00.000Z", "0001-01-01T00:00:00Z"),
        ] {
            XCTAssertNotNil(Timestamp.parseISO(written), written)
            XCTAssertEqual(Timestamp.parseISO(written), Timestamp.parseISO(other), written)
            // A leap second is read as the next day's first (as the general reading does).
            if !written.contains(":60.") { XCTAssertEqual(Timestamp.parseISO(written)?.iso, written) }
        }
        for bad in [
            "2026-02-30T00:00:00.000Z", "0000-01-01T00:00:00.000Z", "2026-11-23T24:00:00.000Z",
            "2026-11-23T09:60:00.000Z",
            "2026-11-23T09:00:61.000Z", "2026-11-23T09:00:00.00aZ", "2026-11-23T09:00:0/.000Z",
            "2026-1:-23T09:00:00.000Z",
        ] {
            XCTAssertNil(Timestamp.parseISO(bad), bad)
        }
        XCTAssertEqual(Timestamp.parseISO("2026-11-23t09:05:07.5z")?.ms, ts("2026-11-23T09:05:07.500Z").ms)
    }

    func testShortDatesNameTheYearWhenItIsNotObvious() {
        let today = Day(year: 2026, month: 11, day: 23)!
        XCTAssertEqual(today.short(today: today), "today")
        XCTAssertEqual(today.short(today: today, time: LocalTime(hour: 14, minute: 30)), "14:30")
        XCTAssertEqual(Day(year: 2026, month: 11, day: 27)!.short(today: today), "Fri 11-27")
        XCTAssertEqual(
            Day(year: 2026, month: 4, day: 6)!.short(today: today), "2026-04-06", "more than half a year ago")
        XCTAssertEqual(Day(year: 2024, month: 11, day: 25)!.short(today: today), "2024-11-25", "not next Monday")
    }

    func testDayArithmeticAndWeekdays() {
        XCTAssertEqual(day("2026-11-23").weekday, 1)  // a Monday
        XCTAssertEqual(day("2026-11-29").weekday, 7)
        XCTAssertEqual(day("2026-12-31").adding(days: 1), day("2027-01-01"))
        XCTAssertEqual(day("2028-02-28").adding(days: 1), day("2028-02-29"))
        XCTAssertEqual(day("2026-11-23").days(until: day("2026-12-01")), 8)
        XCTAssertEqual(Day(daysSinceEpoch: 0), day("1970-01-01"))
        XCTAssertNil(Day(year: 2026, month: 2, day: 29))
    }

    func testDayOfAnInstantDependsOnTheZone() {
        let t = ts("2026-11-23T23:30:00Z")
        XCTAssertEqual(Clock(now: t, timeZone: TimeZone(identifier: "UTC")!).today, day("2026-11-23"))
        XCTAssertEqual(Clock(now: t, timeZone: TimeZone(identifier: "Europe/Berlin")!).today, day("2026-11-24"))
        XCTAssertEqual(Clock(now: t, timeZone: TimeZone(identifier: "America/New_York")!).today, day("2026-11-23"))
    }

    func testDaylightSavingDaysAre23And25HoursLong() {
        let berlin = Clock(now: ts("2026-03-29T12:00:00Z"), timeZone: TimeZone(identifier: "Europe/Berlin")!)
        let spring = day("2026-03-29")
        XCTAssertEqual(berlin.endOfDay(spring).ms - berlin.instant(spring).ms, 23 * 3_600_000)
        let autumn = day("2026-10-25")
        XCTAssertEqual(berlin.endOfDay(autumn).ms - berlin.instant(autumn).ms, 25 * 3_600_000)
        // 02:30 does not exist on the spring day: it resolves after the gap, still on that day.
        XCTAssertEqual(berlin.day(of: berlin.instant(spring, LocalTime(hour: 2, minute: 30)!)), spring)
    }
}
