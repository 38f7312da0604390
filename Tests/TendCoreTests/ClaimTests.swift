import XCTest

@testable import TendCore

final class ClaimTests: XCTestCase {
    func testAClaimLastsUntilTheTouchTheReleaseOrItsExpiry() {
        var b = Book(now: "2026-11-23T09:00:00Z")
        b.contact("c1", "Dana Wu")
        b.apply(.claim(contact: "c1", minutes: 15), rep: "ann")
        XCTAssertEqual(b.state.activeClaim("c1", now: ts("2026-11-23T09:14:00Z"))?.rep, "ann")
        XCTAssertNil(b.state.activeClaim("c1", now: ts("2026-11-23T09:15:00Z")), "expired")
        b.apply(.release(contact: "c1"), rep: "bob")
        XCTAssertNotNil(b.state.activeClaim("c1", now: b.clock.now), "only the caller releases")
        b.touch("c1", .noAnswer, rep: "ann", at: "2026-11-23T09:05:00Z")
        XCTAssertNil(b.state.activeClaim("c1", now: ts("2026-11-23T09:06:00Z")), "logging the touch ends it")
        b.apply(.claim(contact: "c1", minutes: 15), rep: "bob", at: ts("2026-11-23T09:10:00Z"))
        b.apply(.release(contact: "c1"), rep: "bob", at: ts("2026-11-23T09:11:00Z"))
        XCTAssertNil(b.state.activeClaim("c1", now: ts("2026-11-23T09:12:00Z")))
    }

    func testTheAgendaShowsOthersClaimsAndOrdersGuardedItemsAfterTheirWindow() {
        var b = Book(now: "2026-11-23T11:00:00Z")
        b.contact("c1", "Guarded Gina"); b.contact("c2", "Noon Nick"); b.contact("c3", "Called Carl")
        b.apply(
            .setNextStep(contact: "c1", step: NextStep(due: day("2026-11-23"), time: LocalTime(hour: 9, minute: 0))))
        b.apply(
            .setNextStep(contact: "c2", step: NextStep(due: day("2026-11-23"), time: LocalTime(hour: 12, minute: 0))))
        b.apply(.setNextStep(contact: "c3", step: NextStep(due: day("2026-11-23"))))
        b.touch("c1", .noAnswer, rep: "bob", at: "2026-11-23T10:30:00Z")  // retry after 14:30
        b.apply(.claim(contact: "c3", minutes: 15), rep: "bob", at: ts("2026-11-23T10:58:00Z"))
        let a = Agenda.build(b.state, rep: "ann", settings: Settings(), clock: b.clock)
        XCTAssertEqual(a.items.map(\.name), ["Noon Nick", "Guarded Gina", "Called Carl"])
        XCTAssertEqual(a.items[2].claimed?.rep, "bob")
        XCTAssertEqual(a.items[2].claimed?.minutesAgo(b.clock.now), 2)
        let mine = Agenda.build(b.state, rep: "bob", settings: Settings(), clock: b.clock)
        XCTAssertTrue(mine.items.allSatisfy { $0.claimed == nil }, "your own claim is not a warning to you")
    }

    func testDoNotContactRefusesTheClaimProposesNothingAndLeavesTheAgenda() {
        var b = Book(now: "2026-11-23T09:00:00Z")
        b.contact("c1", "Dana Wu")
        b.deal("d1", for: "c1")
        b.apply(.setNextStep(contact: "c1", step: NextStep(due: day("2026-11-23"))))
        XCTAssertFalse(Agenda.build(b.state, rep: "ann", settings: Settings(), clock: b.clock).items.isEmpty)
        b.apply(.stop(contact: "c1", reason: "stop calling me", lift: false), rep: "bob")
        let decision = ClaimDecision.decide(
            "c1", rep: "ann", state: b.state, settings: Settings(), clock: b.clock, anyway: false)
        guard case .stopped(let mark) = decision else { return XCTFail("\(decision)") }
        XCTAssertEqual(mark.rep, "bob")
        XCTAssertEqual(
            mark.sentence(contactName: "Dana Wu", clock: b.clock),
            "Dana Wu asked not to be contacted (bob, Mon 2026-11-23: \"stop calling me\")")
        XCTAssertEqual(
            ClaimDecision.decide("c1", rep: "ann", state: b.state, settings: Settings(), clock: b.clock, anyway: true),
            .granted, "--anyway calls regardless")
        XCTAssertNil(Cadence.propose(for: "c1", in: b.state, settings: Settings(), clock: b.clock))
        XCTAssertTrue(
            Agenda.build(b.state, rep: "ann", settings: Settings(), clock: b.clock).items.isEmpty,
            "off every agenda")
        XCTAssertEqual(b.state.contacts["c1"]?.name, "Dana Wu", "the record stays")
        b.apply(.stop(contact: "c1", reason: "", lift: true), rep: "ann")
        XCTAssertNil(b.state.stopMark("c1"))
        XCTAssertEqual(
            ClaimDecision.decide("c1", rep: "ann", state: b.state, settings: Settings(), clock: b.clock, anyway: false),
            .granted)
    }
}
