import Foundation
import XCTest

@testable import TendCore

final class AgendaTests: XCTestCase {
    let settings = Settings()

    func agenda(_ book: Book, rep: String? = "ann") -> Agenda {
        Agenda.build(book.state, rep: rep, settings: settings, clock: book.clock)
    }

    func testTheAgendaSaysWhoIsAwayAndTheTeamSeesTheirOverdueWorkApart() {
        var b = Book(now: "2026-11-23T11:00:00Z")
        b.contact("c1", "Bobs Overdue", owner: "bob")
        b.contact("c2", "Anns Overdue")
        b.apply(.setNextStep(contact: "c1", step: NextStep(due: day("2026-11-18"))))
        b.apply(.setNextStep(contact: "c2", step: NextStep(due: day("2026-11-18"))))
        b.apply(.away(AwayPeriod(from: day("2026-11-20"), to: day("2026-11-27"))), rep: "bob")
        b.apply(.away(AwayPeriod(from: day("2026-11-26"), to: day("2026-11-26"))), rep: "carol")
        b.apply(.away(AwayPeriod(from: day("2026-12-24"), to: day("2026-12-31"))), rep: "dave")
        let team = agenda(b, rep: nil)
        XCTAssertEqual(
            team.awayLine, "bob until Fri 2026-11-27 · carol from Thu 2026-11-26 to Thu 2026-11-26")
        XCTAssertEqual(team.items(in: .awayOverdue).map(\.name), ["Bobs Overdue"])
        XCTAssertEqual(team.items(in: .overdue).map(\.name), ["Anns Overdue"])
        let bobs = agenda(b, rep: "bob")
        XCTAssertEqual(bobs.items(in: .overdue).map(\.name), ["Bobs Overdue"], "his own list is as always")
        XCTAssertNotNil(bobs.awayLine, "every rep's agenda says who is away")
    }

    func testSectionsInOrderWithTheirReasons() {
        var b = Book(now: "2026-11-23T11:00:00Z")
        b.contact("c1", "Old Overdue"); b.contact("c2", "Newer Overdue"); b.contact("c3", "Due At Ten")
        b.contact("c4", "Due Later"); b.contact("c5", "No Plan"); b.contact("c6", "Next Week")
        b.apply(.setNextStep(contact: "c1", step: NextStep(due: day("2026-11-18"), what: "send contract")))
        b.apply(
            .setNextStep(contact: "c2", step: NextStep(due: day("2026-11-20"), reason: .quoteFollowUp(step: 2, of: 4))))
        b.apply(
            .setNextStep(contact: "c3", step: NextStep(due: day("2026-11-23"), time: LocalTime(hour: 10, minute: 0))))
        b.apply(
            .setNextStep(
                contact: "c4",
                step: NextStep(due: day("2026-11-23"), time: LocalTime(hour: 15, minute: 0), reason: .checkIn)))
        b.apply(.setNextStep(contact: "c6", step: NextStep(due: day("2026-12-10"))))
        b.touch("c5", .connected, at: "2026-11-20T10:00:00Z")  // talked to: not a new lead, just no plan
        let a = agenda(b)
        XCTAssertEqual(a.items.map(\.name), ["Old Overdue", "Newer Overdue", "Due At Ten", "Due Later", "No Plan"])
        XCTAssertEqual(a.items.map(\.section), [.overdue, .overdue, .now, .today, .noNextStep])
        XCTAssertEqual(
            a.items.map(\.why),
            ["send contract", "quote follow-up 2/4", "next step", "post-purchase check-in", "no next step planned"])
    }

    func testAContactWithAFutureNextStepIsNotStaleAndWonOrLostOnesRest() {
        var b = Book()
        b.contact("c1", "Planned"); b.contact("c2", "Won"); b.contact("c3", "Lost"); b.contact("c4", "Looker")
        b.apply(.setNextStep(contact: "c1", step: NextStep(due: day("2026-12-20"))))
        for (c, s) in [("c2", Stage.won), ("c3", .lost), ("c4", .nurture)] {
            b.deal("d" + c, for: c)
            b.stage("d" + c, StageChange(deal: "d" + c, stage: s, reason: "x"))
        }
        XCTAssertEqual(agenda(b).items(in: .noNextStep).map(\.name), ["Looker"])
    }

    func testPromisesFollowWhoMadeThemAndUpcomingOnesShow() {
        var b = Book()
        b.contact("c1", "Dana Wu", owner: "bob")
        b.apply(
            .promise(
                Commitment(
                    id: "p1", contact: "c1", rep: "ann", kind: .weOwe, text: "send price list",
                    due: day("2026-11-27"), created: b.clock.now)))
        b.apply(
            .promise(
                Commitment(
                    id: "p2", contact: "c1", rep: "ann", kind: .waitingOn, text: "decide",
                    due: day("2026-11-20"), created: b.clock.now)))
        b.apply(
            .promise(
                Commitment(
                    id: "p3", contact: "c1", rep: "ann", kind: .weOwe, text: "kept",
                    due: day("2026-11-20"), created: b.clock.now)))
        b.apply(.promiseDone(id: "p3"))
        b.touch("c1", .connected, at: "2026-11-20T10:00:00Z")
        let a = agenda(b)
        XCTAssertEqual(a.items.map(\.why), ["they promised: decide", "promised: send price list"])
        XCTAssertEqual(a.items.map(\.section), [.overdue, .upcoming])
        XCTAssertEqual(
            agenda(b, rep: "bob").items.map(\.kind), [.noNextStep], "bob owns the contact, ann owes the promises")
    }

    func testGuardedItemsStayListedWithWhoAndHowLongAgo() throws {
        var b = Book(now: "2026-11-23T10:00:00Z")
        b.contact("c1", "Dana Wu")
        b.apply(.setNextStep(contact: "c1", step: NextStep(due: day("2026-11-23"))))
        b.touch("c1", .noAnswer, rep: "bob", at: "2026-11-23T09:20:00Z")
        let item = try XCTUnwrap(agenda(b).items.first)
        XCTAssertEqual(item.guarded?.badge, "bob · 40m ago")
        XCTAssertEqual(item.section, .today)
    }

    /// Every hour of a 23-hour and a 25-hour day: each item is due on exactly its own day, never
    /// twice, never dropped, and "today" flips at local midnight.
    func testDaylightSavingDaysNeitherDoubleNorDropAnItem() {
        for (zone, dstDay) in [
            ("Europe/Berlin", "2026-03-29"), ("Europe/Berlin", "2026-10-25"), ("America/New_York", "2026-03-08"),
        ] {
            let d = day(dstDay)
            var b = Book(now: "2026-01-01T00:00:00Z", zone: zone)
            b.contact("before", "Before"); b.contact("on", "On"); b.contact("after", "After");
            b.contact("gap", "In The Gap")
            b.apply(.setNextStep(contact: "before", step: NextStep(due: d.adding(days: -1))))
            b.apply(.setNextStep(contact: "on", step: NextStep(due: d)))
            b.apply(.setNextStep(contact: "after", step: NextStep(due: d.adding(days: 1))))
            b.apply(.setNextStep(contact: "gap", step: NextStep(due: d, time: LocalTime(hour: 2, minute: 30))))
            let start = b.clock.instant(d), end = b.clock.endOfDay(d)
            var hours = 0
            var t = start
            while t < end {
                b.clock.now = t
                let a = agenda(b)
                XCTAssertEqual(a.day, d, "\(zone) \(t)")
                let onItems = a.items.filter { $0.contact == "on" }
                XCTAssertEqual(onItems.count, 1, "\(zone) \(t)")
                XCTAssertTrue(onItems.allSatisfy { $0.section == .today })
                XCTAssertEqual(a.items.filter { $0.contact == "gap" }.count, 1)
                XCTAssertEqual(a.items.first { $0.contact == "before" }?.section, .overdue)
                XCTAssertEqual(a.items.first { $0.contact == "after" }?.section, .upcoming)
                hours += 1
                t = t.adding(hours: 1)
            }
            XCTAssertNotEqual(hours, 24, "\(zone) \(dstDay) should not be a 24-hour day")
            b.clock.now = end
            XCTAssertEqual(agenda(b).items.first { $0.contact == "on" }?.section, .overdue, "the next local day")
        }
    }

    func testANewLeadIsAtTheTopOfEveryRepsTodayUntilSomeoneTouchesOrClaimsIt() {
        var b = Book(now: "2026-11-23T09:03:00Z")
        b.at("2026-11-23T09:00:00Z")
        b.contact("n1", "Nina New", owner: "bob")
        b.at("2026-11-23T09:03:00Z")
        b.contact("o1", "Old Olga")
        b.apply(.setNextStep(contact: "o1", step: NextStep(due: day("2026-11-20"))))
        let ann = Agenda.build(b.state, rep: "ann", settings: Settings(), clock: b.clock)
        XCTAssertEqual(ann.items.first?.name, "Nina New", "bob's lead, on ann's list too")
        XCTAssertEqual(ann.items.first?.section, .newLead)
        XCTAssertEqual(ann.items.first?.why, "new · 3 min ago")
        b.apply(.claim(contact: "n1", minutes: 15), rep: "carol")
        XCTAssertFalse(
            Agenda.build(b.state, rep: "ann", settings: Settings(), clock: b.clock).items.contains {
                $0.section == .newLead
            },
            "claimed: someone is on it")
    }
}
