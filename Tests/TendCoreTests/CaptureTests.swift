import XCTest

@testable import TendCore

final class CaptureTests: XCTestCase {
    let monday = day("2026-11-23")
    let settings = Settings()

    func testStarClausesBecomePromisesWithTheirDates() throws {
        let c = try Capture.parse(
            "Budget ok for Q1. * send price list @fri * book a demo @3d\n*call their CFO",
            today: monday, settings: settings)
        XCTAssertEqual(c.promises.map(\.text), ["send price list", "book a demo", "call their CFO"])
        XCTAssertEqual(c.promises.map(\.due), [day("2026-11-27"), day("2026-11-26"), day("2026-11-24")])
        XCTAssertEqual(c.promises.map(\.dated), [true, true, false])
        XCTAssertTrue(c.note.hasPrefix("Budget ok"))
    }

    func testTheyColonIsAPromiseTheyMadeAndEveryOtherStarIsOurs() throws {
        let c = try Capture.parse(
            "* they: confirm start date @wed * send the contract * THEY: sign it * they send a logo",
            today: monday, settings: settings)
        XCTAssertEqual(
            c.promises.map(\.text), ["confirm start date", "send the contract", "sign it", "they send a logo"])
        XCTAssertEqual(c.promises.map(\.kind), [.waitingOn, .weOwe, .waitingOn, .weOwe], "the colon is required")
        XCTAssertEqual(c.promises[0].due, day("2026-11-25"))
        let made = c.commitments(contact: "c1", rep: "ann", source: nil, created: Timestamp(ms: 0), newID: { "p" })
        XCTAssertEqual(made.map(\.kind), [.waitingOn, .weOwe, .waitingOn, .weOwe])
        XCTAssertThrowsError(try Capture.parse("* they:", today: monday, settings: settings)) { e in
            XCTAssertTrue("\(e)".contains("empty promise"), "\(e)")
        }
    }

    func testUndatedPromiseIsDueTheNextWorkingDay() throws {
        let friday = day("2026-11-27")
        let c = try Capture.parse("* send contract", today: friday, settings: settings)
        XCTAssertEqual(c.promises.first?.due, day("2026-11-30"))
    }

    func testAStarInsideAWordOrEmailIsNotAPromise() throws {
        let c = try Capture.parse("rated 5*, mail bob@acme.example", today: monday, settings: settings)
        XCTAssertTrue(c.promises.isEmpty)
    }

    func testBadOrDoubleDatesAreErrorsNotGuesses() {
        XCTAssertThrowsError(try Capture.parse("* send list @frday", today: monday, settings: settings)) { e in
            XCTAssertTrue("\(e)".contains("@frday"), "\(e)")
        }
        XCTAssertThrowsError(try Capture.parse("* send list @fri @mon", today: monday, settings: settings))
        XCTAssertThrowsError(try Capture.parse("note * @fri", today: monday, settings: settings))
    }
}
