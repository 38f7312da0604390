import Foundation
import XCTest

@testable import TendCore

final class GuardTests: XCTestCase {
    func touch(_ iso: String, _ rep: String = "ann", _ outcome: Outcome = .noAnswer) -> Touch {
        Touch(id: iso, contact: "c1", rep: rep, at: ts(iso), channel: .call, outcome: outcome, note: "")
    }

    let utc = Clock(now: ts("2026-11-23T10:00:00Z"), timeZone: TimeZone(identifier: "UTC")!)

    func testASecondAttemptInsideTheWindowIsHeldWithWhoAndWhen() throws {
        let hit = try XCTUnwrap(
            Guard.check([touch("2026-11-23T09:20:00Z")], now: utc.now, rule: GuardRule(), clock: utc))
        XCTAssertEqual(hit.kind, .window)
        XCTAssertEqual(hit.minutesAgo, 40)
        XCTAssertEqual(hit.retryAfter, ts("2026-11-23T13:20:00Z"))
        XCTAssertEqual(hit.sentence(contactName: "Dana Wu", me: "bob"), "ann called Dana Wu 40 min ago (no-answer)")
        XCTAssertEqual(hit.sentence(contactName: "Dana Wu", me: "ann"), "you called Dana Wu 40 min ago (no-answer)")
        XCTAssertEqual(hit.badge, "ann · 40m ago")
    }

    func testOutsideTheWindowIsFine() {
        XCTAssertNil(Guard.check([touch("2026-11-23T05:59:00Z")], now: utc.now, rule: GuardRule(), clock: utc))
    }

    func testTheDailyCapCountsEveryRep() throws {
        let touches = [touch("2026-11-23T01:00:00Z", "ann"), touch("2026-11-23T05:00:00Z", "bob")]
        let hit = try XCTUnwrap(Guard.check(touches, now: utc.now, rule: GuardRule(), clock: utc))
        XCTAssertEqual(hit.kind, .dailyCap)
        XCTAssertEqual(hit.retryAfter, ts("2026-11-24T00:00:00Z"))
    }

    func testAReplyFromThemIsNotAnAttempt() {
        XCTAssertNil(
            Guard.check([touch("2026-11-23T09:50:00Z", "ann", .replied)], now: utc.now, rule: GuardRule(), clock: utc))
    }

    func testSettingsChangeTheWindowAndCap() {
        var rule = GuardRule()
        rule.windowMinutes = 30
        rule.maxPerDay = 0  // no cap
        let touches = [touch("2026-11-23T01:00:00Z"), touch("2026-11-23T05:00:00Z"), touch("2026-11-23T09:20:00Z")]
        XCTAssertNil(Guard.check(touches, now: utc.now, rule: rule, clock: utc))
    }

    func testTheDailyCapUsesTheLocalDayOnA23HourDay() {
        // 2026-03-29 in Berlin runs 23:00Z (28th) to 22:00Z (29th), 23 hours.
        let berlin = Clock(now: ts("2026-03-29T21:30:00Z"), timeZone: TimeZone(identifier: "Europe/Berlin")!)
        let touches = [touch("2026-03-28T23:30:00Z"), touch("2026-03-29T10:00:00Z")]  // both on the 29th locally
        XCTAssertEqual(Guard.check(touches, now: berlin.now, rule: GuardRule(), clock: berlin)?.kind, .dailyCap)
        let lateNight = Clock(now: ts("2026-03-29T22:30:00Z"), timeZone: berlin.timeZone)  // the 30th locally
        XCTAssertNil(Guard.check(touches, now: lateNight.now, rule: GuardRule(), clock: lateNight))
    }
}
