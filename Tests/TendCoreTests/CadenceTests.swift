import XCTest

@testable import TendCore

final class CadenceTests: XCTestCase {
    var book = Book()
    let settings = Settings()

    override func setUp() {
        book = Book(now: "2026-11-02T09:00:00Z")  // a Monday
        book.contact("c1", "Dana Wu", prefers: .email)
        book.deal("d1", for: "c1")
    }

    func propose() -> NextStep? { Cadence.propose(for: "c1", in: book.state, settings: settings, clock: book.clock) }

    func testQuoteFollowUpsRunOneThreeSevenFourteenThenEscalate() {
        book.stage("d1", StageChange(deal: "d1", stage: .quoted, quoteSent: day("2026-11-02"), quoteCents: 500_000))
        book.touch("c1", .connected, at: "2026-11-02T10:00:00Z")  // the sending call: not a follow-up
        XCTAssertEqual(propose()?.due, day("2026-11-03"))
        XCTAssertEqual(propose()?.reason, .quoteFollowUp(step: 1, of: 4))
        XCTAssertEqual(propose()?.channel, .email)

        book.touch("c1", .noAnswer, at: "2026-11-03T10:00:00Z")
        XCTAssertEqual(propose()?.due, day("2026-11-05"))
        XCTAssertEqual(propose()?.reason, .quoteFollowUp(step: 2, of: 4))
        book.touch("c1", .voicemail, at: "2026-11-05T10:00:00Z")
        XCTAssertEqual(propose()?.due, day("2026-11-09"))
        book.touch("c1", .noAnswer, at: "2026-11-09T10:00:00Z")
        XCTAssertEqual(propose()?.due, day("2026-11-16"))
        XCTAssertEqual(propose()?.reason, .quoteFollowUp(step: 4, of: 4))
        book.touch("c1", .noAnswer, at: "2026-11-16T10:00:00Z")
        XCTAssertEqual(propose()?.reason, .escalate)
        XCTAssertEqual(propose()?.due, day("2026-11-17"))
    }

    func testALateFollowUpSkipsToTheNextStepAfterIt() {
        book.stage("d1", StageChange(deal: "d1", stage: .quoted, quoteSent: day("2026-11-02")))
        book.touch("c1", .noAnswer, at: "2026-11-08T10:00:00Z")  // missed +1 and +3
        XCTAssertEqual(propose()?.due, day("2026-11-09"))
        XCTAssertEqual(propose()?.reason, .quoteFollowUp(step: 3, of: 4))
    }

    func testAnAnswerEndsTheQuoteCadence() {
        book.stage("d1", StageChange(deal: "d1", stage: .quoted, quoteSent: day("2026-11-02")))
        book.stage("d1", StageChange(deal: "d1", stage: .lost, reason: "too expensive"))
        XCTAssertNil(propose())
    }

    func testCheckInSevenDaysAfterFirstUseUntilAConversation() {
        book.stage("d1", StageChange(deal: "d1", stage: .won, used: day("2026-11-04")))
        XCTAssertEqual(propose()?.due, day("2026-11-11"))
        XCTAssertEqual(propose()?.reason, .checkIn)
        book.touch("c1", .noAnswer, at: "2026-11-12T10:00:00Z")
        XCTAssertEqual(propose()?.due, day("2026-11-13"), "an unanswered check-in is retried the next day")
        book.touch("c1", .connected, at: "2026-11-13T10:00:00Z")
        XCTAssertNil(propose())
    }

    func testNurtureCountsFromTheLastRealConversationNotTheLastAttempt() {
        book.touch("c1", .connected, at: "2026-11-01T10:00:00Z")
        book.at("2026-11-02T09:00:00Z")
        book.stage("d1", StageChange(deal: "d1", stage: .nurture, reason: "next year"))
        XCTAssertEqual(propose()?.due, day("2026-11-05"), "a polite call 3 days later")
        book.touch("c1", .connected, at: "2026-11-05T10:00:00Z")
        XCTAssertEqual(propose()?.due, day("2026-12-07"), "30 days is Sat 12-05: moved to the next working day")
        book.touch("c1", .noAnswer, at: "2026-11-20T10:00:00Z")
        XCTAssertEqual(propose()?.due, day("2026-12-07"), "an unanswered attempt does not move it")
        book.touch("c1", .replied, via: .email, at: "2026-11-21T10:00:00Z")
        XCTAssertEqual(propose()?.due, day("2026-12-21"))
    }

    func testALookerWhoRepliesRestartsTheNurtureClockFromTheAnswer() {
        book.at("2026-11-02T09:00:00Z")
        book.stage("d1", StageChange(deal: "d1", stage: .nurture, reason: "next year"))
        book.touch("c1", .replied, via: .email, at: "2026-11-03T10:00:00Z")
        XCTAssertEqual(propose()?.due, day("2026-12-03"), "not today's polite call: 30 days from the answer")
    }

    func testProposalsSkipNonWorkingDays() {
        book.stage("d1", StageChange(deal: "d1", stage: .quoted, quoteSent: day("2026-11-04")))  // a Wednesday
        XCTAssertEqual(propose()?.due, day("2026-11-05"))
        book.touch("c1", .noAnswer, at: "2026-11-05T10:00:00Z")
        XCTAssertEqual(propose()?.due, day("2026-11-09"), "+3 is Saturday: Monday instead")
        var sixDays = Settings()
        sixDays.workingDays = [1, 2, 3, 4, 5, 6]
        XCTAssertEqual(
            Cadence.propose(for: "c1", in: book.state, settings: sixDays, clock: book.clock)?.due, day("2026-11-07"))
    }

    func testNoCadenceLandsOnAHolidayOrADayTheOwnerIsAway() {
        book.stage("d1", StageChange(deal: "d1", stage: .quoted, quoteSent: day("2026-11-04")))  // a Wednesday
        XCTAssertEqual(propose()?.due, day("2026-11-05"))
        var holidays = settings
        holidays.holidays = [day("2026-11-05"), day("2026-11-06")]
        XCTAssertEqual(
            Cadence.propose(for: "c1", in: book.state, settings: holidays, clock: book.clock)?.due, day("2026-11-09"),
            "Thu and Fri are holidays, then the weekend: Monday")
        book.apply(.away(AwayPeriod(from: day("2026-11-05"), to: day("2026-11-10"))), rep: "ann")
        XCTAssertEqual(propose()?.due, day("2026-11-11"), "ann, the owner, is away until Tuesday")
        book.apply(.away(AwayPeriod(from: day("2026-11-11"), to: day("2026-11-11"))), rep: "bob")
        XCTAssertEqual(propose()?.due, day("2026-11-11"), "bob's time away is not ann's")
        book.apply(.away(nil), rep: "ann")
        XCTAssertEqual(propose()?.due, day("2026-11-05"), "cleared: back to the cadence's day")
        XCTAssertEqual(holidays.oddity(of: day("2026-11-05"), today: day("2026-11-02")), "Thu 2026-11-05 is a holiday")
    }

    func testSettingsChangeTheNumbers() {
        var s = Settings()
        s.cadence.quoteFollowUps = [2, 5]
        s.cadence.checkInDays = 3
        book.stage("d1", StageChange(deal: "d1", stage: .quoted, quoteSent: day("2026-11-02")))
        XCTAssertEqual(
            Cadence.propose(for: "c1", in: book.state, settings: s, clock: book.clock)?.due, day("2026-11-04"))
        XCTAssertEqual(
            Cadence.propose(for: "c1", in: book.state, settings: s, clock: book.clock)?.reason,
            .quoteFollowUp(step: 1, of: 2))
    }

    func testAfterTouchKeepsAFutureStepAndClearsADueOne() {
        book.stage("d1", StageChange(deal: "d1", stage: .prospect))  // past the lead cadence, no conversation
        book.apply(.setNextStep(contact: "c1", step: NextStep(due: day("2026-11-10"))))
        var d = Cadence.afterTouch(contact: "c1", in: book.state, explicit: nil, settings: settings, clock: book.clock)
        XCTAssertEqual(d, .keep)
        book.apply(.setNextStep(contact: "c1", step: NextStep(due: day("2026-11-02"))))
        d = Cadence.afterTouch(contact: "c1", in: book.state, explicit: nil, settings: settings, clock: book.clock)
        XCTAssertEqual(d, .clear)
        let mine = NextStep(due: day("2026-11-20"), what: "call back")
        d = Cadence.afterTouch(contact: "c1", in: book.state, explicit: mine, settings: settings, clock: book.clock)
        XCTAssertEqual(d, .set(mine))
    }

    func testANewLeadGetsSixAttemptsOverTwoWeeksAlternatingUntilTheyTalk() {
        var b = Book(now: "2026-11-02T09:00:00Z")  // Monday
        var lead = b.contact("l1", "Lena Lead")
        lead.phones = ["+49 30 1"]
        lead.emails = ["lena@example.com"]
        b.apply(
            .updateContact(
                id: "l1",
                fields: [.phones: .array([.string("+49 30 1")]), .emails: .array([.string("lena@example.com")])]))
        func next() -> NextStep? { Cadence.propose(for: "l1", in: b.state, settings: settings, clock: b.clock) }
        XCTAssertEqual(next()?.reason, .leadAttempt(step: 1, of: 6))
        XCTAssertEqual(next()?.due, day("2026-11-02"), "attempt 1: the day it came in")
        b.touch("l1", .noAnswer, via: .call, at: "2026-11-02T09:05:00Z")
        XCTAssertEqual(next()?.due, day("2026-11-03"))
        XCTAssertEqual(next()?.channel, .email, "alternating: the other channel")
        b.touch("l1", .noAnswer, via: .email, at: "2026-11-03T10:00:00Z")
        XCTAssertEqual(next()?.due, day("2026-11-05"))
        XCTAssertEqual(next()?.channel, .call)
        for (d, ch) in [("2026-11-05", Channel.call), ("2026-11-09", .email), ("2026-11-10", .call)] {
            b.touch("l1", .noAnswer, via: ch, at: d + "T10:00:00Z")
        }
        XCTAssertEqual(next()?.reason, .leadAttempt(step: 6, of: 6))
        XCTAssertEqual(next()?.due, day("2026-11-16"), "13 days after it came in (a Sunday: Monday)")
        b.touch("l1", .noAnswer, via: .email, at: "2026-11-16T10:00:00Z")
        XCTAssertNil(next(), "six attempts: the cadence stops; never nine calls in two days")
        var talked = Book(now: "2026-11-02T09:00:00Z")
        talked.contact("l2", "Talk Tom")
        talked.touch("l2", .connected, at: "2026-11-02T09:05:00Z")
        XCTAssertNil(Cadence.propose(for: "l2", in: talked.state, settings: settings, clock: talked.clock))
        XCTAssertEqual(lead.name, "Lena Lead")
    }

    func testAProspectAfterAConversationGetsAFollowUpThreeWorkingDaysLater() {
        book.stage("d1", StageChange(deal: "d1", stage: .prospect))
        XCTAssertNil(propose(), "no conversation yet")
        book.touch("c1", .connected, at: "2026-11-05T10:00:00Z")  // Thursday
        XCTAssertEqual(propose()?.reason, .prospectFollowUp)
        XCTAssertEqual(propose()?.due, day("2026-11-10"), "Thu + 3 working days = Tue")
        book.apply(.setNextStep(contact: "c1", step: NextStep(due: day("2026-11-20"), what: "demo")))
        let kept = Cadence.afterTouch(
            contact: "c1", in: book.state, explicit: nil, settings: settings, clock: book.clock)
        XCTAssertEqual(kept, .keep, "a step the rep planned for later stays")
    }
}
