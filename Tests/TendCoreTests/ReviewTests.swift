import Foundation
import XCTest

@testable import TendCore

final class ReviewTests: XCTestCase {
    let settings = Settings()

    func promise(_ b: inout Book, _ id: String, due: String, kind: CommitmentKind = .weOwe, rep: String = "ann") {
        b.apply(
            .promise(
                Commitment(id: id, contact: "c1", rep: rep, kind: kind, text: id, due: day(due), created: b.clock.now)),
            rep: rep)
    }

    func testPromisesDueByTheEndOfTheWeekInTheRepsZoneOursFirst() {
        // Sunday 2026-11-29 23:59 in New York is Monday 04:59 UTC: still this week for the rep.
        var b = Book(now: "2026-11-30T04:59:00Z", zone: "America/New_York")
        b.contact("c1", "Dana Wu")
        promise(&b, "sunday", due: "2026-11-29")
        promise(&b, "monday", due: "2026-11-30")
        promise(&b, "theirs", due: "2026-11-27", kind: .waitingOn)
        promise(&b, "overdue", due: "2026-11-02")
        promise(&b, "bobs", due: "2026-11-27", rep: "bob")
        let r = Review.build(b.state, rep: "ann", settings: settings, clock: b.clock)
        XCTAssertEqual(r.week, "2026-W48")
        XCTAssertEqual(r.items(in: .promises).map(\.promise), ["overdue", "sunday", "theirs"])
        b.at("2026-11-30T05:00:00Z")  // Monday 00:00 in New York: a new week
        let next = Review.build(b.state, rep: "ann", settings: settings, clock: b.clock)
        XCTAssertEqual(next.week, "2026-W49")
        XCTAssertEqual(next.items(in: .promises).map(\.promise), ["overdue", "sunday", "monday", "theirs"])
        // A date more than half a year away says its year, as every other list's does.
        promise(&b, "last year", due: "2025-11-28")
        let items = Review.build(b.state, rep: "ann", settings: settings, clock: b.clock).items(in: .promises)
        XCTAssertEqual(items.first { $0.promise == "last year" }?.detail, "we owe · due 2025-11-28")
        XCTAssertEqual(items.first { $0.promise == "overdue" }?.detail, "we owe · due Mon 11-02")
    }

    func testSilentQuotesCountFromTheLastAnswerAnEmailReplyIncluded() {
        var b = Book(now: "2026-11-23T09:00:00Z")
        b.contact("c1", "Silent Sam"); b.deal("d1", for: "c1")
        b.stage("d1", StageChange(deal: "d1", stage: .quoted, quoteSent: day("2026-11-10"), quoteCents: 100))
        b.touch("c1", .noAnswer, at: "2026-11-20T10:00:00Z")
        b.contact("c2", "Replied Rita"); b.deal("d2", for: "c2")
        b.stage("d2", StageChange(deal: "d2", stage: .quoted, quoteSent: day("2026-11-10"), quoteCents: 100))
        b.touch("c2", .replied, via: .email, at: "2026-11-19T10:00:00Z")
        let r = Review.build(b.state, rep: "ann", settings: settings, clock: b.clock)
        XCTAssertEqual(r.items(in: .silentQuotes).map(\.name), ["Silent Sam"])
        XCTAssertTrue(r.items(in: .silentQuotes)[0].text.hasSuffix("13 days silent"))
    }

    func testNoNextStepListsOnlyContactsTouchedWithinThirtyDaysWithNothingPlanned() {
        var b = Book(now: "2026-11-23T09:00:00Z")
        b.contact("recent", "Recent Ray"); b.touch("recent", .connected, at: "2026-11-20T10:00:00Z")
        b.contact("planned", "Planned Pat"); b.touch("planned", .connected, at: "2026-11-20T10:00:00Z")
        b.apply(.setNextStep(contact: "planned", step: NextStep(due: day("2026-12-10"))))
        b.contact("old", "Old Olga"); b.touch("old", .connected, at: "2026-10-23T08:00:00Z")  // 31 days ago
        b.contact("rest", "Resting Rob"); b.touch("rest", .connected, at: "2026-11-20T10:00:00Z")
        b.apply(.rest(contact: "rest", reason: "moved abroad"), at: ts("2026-11-21T10:00:00Z"))
        let r = Review.build(b.state, rep: "ann", settings: settings, clock: b.clock)
        XCTAssertEqual(r.items(in: .noNextStep).map(\.name), ["Recent Ray"])
        b.touch("rest", .replied, via: .email, at: "2026-11-22T10:00:00Z")
        XCTAssertTrue(
            Review.build(b.state, rep: "ann", settings: settings, clock: b.clock).items(in: .noNextStep).map(\.name)
                .contains("Resting Rob"),
            "a new touch ends the rest")
    }

    func testHandledItemsStayTickedSoProgressReadsToTheEnd() {
        var b = Book(now: "2026-11-23T09:00:00Z")
        b.contact("c1", "Dana Wu")
        promise(&b, "p1", due: "2026-11-25")
        promise(&b, "p2", due: "2026-11-26")
        b.apply(.promiseDone(id: "p1"))
        b.apply(.reviewed(week: "2026-W48", item: "promise:p1", action: "done"))
        let r = Review.build(b.state, rep: "ann", settings: settings, clock: b.clock)
        XCTAssertEqual(r.items.map(\.key), ["promise:p1", "promise:p2"])
        XCTAssertEqual(r.handledCount, 1)
        XCTAssertEqual(
            Review.build(b.state, rep: "bob", settings: settings, clock: b.clock).handledCount, 0, "progress is per rep"
        )
    }

    func testTheSummaryCountsPromisesKeptOnTimeAndQuotesAnswered() {
        var b = Book(now: "2026-11-25T09:00:00Z")
        b.contact("c1", "Dana Wu")
        promise(&b, "early", due: "2026-11-24")
        promise(&b, "late", due: "2026-11-23")
        b.apply(.promiseDone(id: "early"), at: ts("2026-11-24T08:00:00Z"))
        b.apply(.promiseDone(id: "late"), at: ts("2026-11-24T09:00:00Z"))
        b.deal("d1", for: "c1")
        b.stage("d1", StageChange(deal: "d1", stage: .quoted, quoteSent: day("2026-11-10")))
        b.stage("d1", StageChange(deal: "d1", stage: .won, used: day("2026-11-25")))
        let s = ReviewSummary.build(b.state, rep: "ann", since: day("2026-11-23"), settings: settings, clock: b.clock)
        XCTAssertEqual(s.promisesDue, 2)
        XCTAssertEqual(s.promisesKeptOnTime, 1)
        XCTAssertEqual(s.quotesAnswered, 1)
    }
}

final class ChannelStatsTests: XCTestCase {
    func touch(_ ch: Channel, _ o: Outcome) -> Touch {
        Touch(id: UUID().uuidString, contact: "c", rep: "ann", at: Timestamp(ms: 0), channel: ch, outcome: o, note: "")
    }

    func testSuggestsTheChannelThatGetsAnswersAfterThreeAttempts() {
        var t = [touch(.call, .noAnswer), touch(.email, .replied)]
        XCTAssertNil(ChannelStats(t).best, "two attempts are not enough to learn from")
        t += [
            touch(.call, .noAnswer), touch(.call, .voicemail), touch(.email, .replied), touch(.email, .replied),
            touch(.email, .bounced), touch(.email, .replied),
        ]
        let s = ChannelStats(t)
        XCTAssertEqual(s.best, .email)
        XCTAssertEqual(s.suggestion(prefers: nil), "answers call 0/3, email 4/5 → email")
        XCTAssertEqual(s.channel(prefers: .call), .call, "a stated preference still wins")
        XCTAssertEqual(s.suggestion(prefers: .call), "answers call 0/3, email 4/5 → email (prefers call)")
    }
}

final class StatsTests: XCTestCase {
    /// A small book whose numbers are worked out by hand in the comments.
    func testNumbersWorkedOutByHand() {
        var b = Book(now: "2026-11-23T12:00:00Z")
        // Two leads created on the 20th at 09:00: first touches after 3 h and 5 h → median 4 h.
        b.at("2026-11-20T09:00:00Z")
        b.contact("a", "A"); b.contact("b", "B")
        b.touch("a", .connected, at: "2026-11-20T12:00:00Z")
        b.touch("b", .noAnswer, at: "2026-11-20T14:00:00Z")
        // Quotes: sent the 10th, won the 14th (4 days); sent the 12th, lost the 20th (8 days) → median 6, win rate 50%.
        b.deal("da", for: "a", cents: 1_000_00)
        b.stage("da", StageChange(deal: "da", stage: .quoted, quoteSent: day("2026-11-10"), quoteCents: 1_000_00))
        b.apply(
            .setStage(StageChange(deal: "da", stage: .won, used: day("2026-11-14"))), at: ts("2026-11-14T10:00:00Z"))
        b.deal("db", for: "b", cents: 2_000_00)
        b.stage("db", StageChange(deal: "db", stage: .quoted, quoteSent: day("2026-11-12"), quoteCents: 2_000_00))
        b.apply(.setStage(StageChange(deal: "db", stage: .lost, reason: "price")), at: ts("2026-11-20T10:00:00Z"))
        // Check-in for "da": used the 14th → due Sat 21st → Mon 23rd; a/connected on the 20th is after use and in time: 1 of 1.
        // Promises due in the period: one kept on its day, one done late, one open and overdue → 1 of 3.
        for (id, due) in [("p1", "2026-11-18"), ("p2", "2026-11-19"), ("p3", "2026-11-20")] {
            b.apply(
                .promise(
                    Commitment(
                        id: id, contact: "a", rep: "ann", kind: .weOwe, text: id, due: day(due), created: b.clock.now)))
        }
        b.apply(.promiseDone(id: "p1"), at: ts("2026-11-18T16:00:00Z"))
        b.apply(.promiseDone(id: "p2"), at: ts("2026-11-21T16:00:00Z"))
        b.at("2026-11-23T12:00:00Z")
        let st = Stats.build(b.state, rep: nil, since: day("2026-11-01"), settings: Settings(), clock: b.clock)
        XCTAssertEqual(st.medianHoursToFirstTouch, 4)
        XCTAssertEqual(st.medianDaysToAnswer, 6)
        XCTAssertEqual(st.quotesWon, 1)
        XCTAssertEqual(st.quotesLost, 1)
        XCTAssertEqual(st.winRate, 0.5)
        XCTAssertEqual(st.promisesDue, 3)
        XCTAssertEqual(st.promisesKeptOnTime, 1)
        XCTAssertEqual(st.checkInsDue, 1)
        XCTAssertEqual(st.checkInsOnTime, 1, "a talked on the 20th: after first use (14th), by the check-in day (23rd)")
        XCTAssertEqual(st.touchesPerDay.first?.counts[19], 2, "two touches on the 20th (index 19 from the 1st)")
        XCTAssertEqual(st.pipeline.map { $0.totals.cents }, [[:], [:], [:], [:]], "nothing open: one won, one lost")
    }

    func testChartsFitAndFallBackToASCII() {
        XCTAssertEqual(Chart.bar(1, max: 2, width: 10, ascii: false), "█████")
        XCTAssertEqual(Chart.bar(1, max: 2, width: 10, ascii: true), "#####")
        XCTAssertEqual(Chart.sparkline([0, 1, 8], ascii: false), " ▁█")
        XCTAssertEqual(Chart.sparkline([0, 4, 8], ascii: true), " =#", "half of the top: level 4 of 7")
    }

    func testABouncingAddressIsNeverSuggestedUntilItChanges() {
        func at(_ ms: Int64, _ ch: Channel, _ o: Outcome) -> Touch {
            Touch(id: "t\(ms)", contact: "c", rep: "ann", at: Timestamp(ms: ms), channel: ch, outcome: o, note: "")
        }
        let t =
            [at(1, .email, .connected)] + (2...6).map { at(Int64($0), .email, .bounced) } + [at(7, .call, .noAnswer)]
        let s = ChannelStats(t)
        XCTAssertNil(s.best, "email answered once, then bounced five times: not a channel to use")
        XCTAssertEqual(s.summary, "call 0/1 · email bounced 5× — fix the address")
        XCTAssertEqual(s.suggestion(prefers: .email), "call 0/1 · email bounced 5× — fix the address")
        XCTAssertNil(s.channel(prefers: .email), "not even a stated preference: the address is bad")
        let fixed = ChannelStats(t, emailsChanged: Timestamp(ms: 6))
        XCTAssertEqual(fixed.dead, [:], "a new address: the bounces were about the old one")
        XCTAssertEqual(fixed.channel(prefers: .email), .email)
    }
}
