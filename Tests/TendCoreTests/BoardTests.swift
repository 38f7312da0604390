import XCTest

@testable import TendCore

final class BoardTests: XCTestCase {
    func testColumnsSumsAndSilentDays() throws {
        var b = Book(now: "2026-11-20T09:00:00Z")
        b.contact("p", "Prospect Pia"); b.deal("dp", for: "p", cents: 100_00)
        b.stage("dp", StageChange(deal: "dp", stage: .prospect))
        b.contact("q", "Quoted Quinn"); b.deal("dq", for: "q", cents: 500_00)
        b.stage("dq", StageChange(deal: "dq", stage: .quoted, quoteSent: day("2026-11-10"), quoteCents: 450_00))
        b.touch("q", .connected, at: "2026-11-12T10:00:00Z")
        b.touch("q", .noAnswer, at: "2026-11-18T10:00:00Z")
        b.contact("w", "Won Wanda"); b.deal("dw", for: "w", cents: 200_00)
        b.stage("dw", StageChange(deal: "dw", stage: .won, used: day("2026-11-16")))
        b.contact("n", "Looker Lou"); b.deal("dn", for: "n", cents: 300_00)
        b.stage("dn", StageChange(deal: "dn", stage: .nurture))
        b.contact("x", "Lost Lars"); b.deal("dx", for: "x")
        b.stage("dx", StageChange(deal: "dx", stage: .lost, reason: "no"))
        b.contact("l", "Lead Leo")

        let board = Board.build(b.state, rep: nil, settings: Settings(), clock: b.clock)
        XCTAssertEqual(board.columns.map(\.kind), [.prospects, .quotes, .checkIns, .lookers])
        XCTAssertEqual(
            board.columns.map { $0.cards.map(\.name) },
            [["Prospect Pia", "Lead Leo"], ["Quoted Quinn"], ["Won Wanda"], ["Looker Lou"]])
        XCTAssertEqual(board.columns[1].totals["EUR"], 450_00, "a quote counts its quoted amount")
        let quote = board.columns[1].cards[0]
        XCTAssertTrue(
            quote.detail.hasPrefix("8d silent"), "silent since the last answer, not the last attempt: \(quote.detail)")
        XCTAssertEqual(board.columns[2].cards[0].detail, "check-in Mon 11-23")
    }

    func testTotalsKeepCurrenciesApart() {
        var b = Book(now: "2026-11-20T09:00:00Z")
        b.contact("e", "Euro Emma"); b.deal("de", for: "e", cents: 53_300_00)
        b.stage("de", StageChange(deal: "de", stage: .prospect))
        b.contact("u", "Dollar Dan")
        b.apply(
            .addDeal(
                Deal(
                    id: "du", contact: "u", title: "Plan", value: .amount(cents: 8_400_00), currency: "USD",
                    created: b.clock.now)))
        b.stage("du", StageChange(deal: "du", stage: .prospect))
        let board = Board.build(b.state, rep: nil, settings: Settings(), clock: b.clock)
        let prospects = board.columns.first { $0.kind == .prospects }!
        XCTAssertEqual(prospects.totals.text(first: "EUR"), "€53,300 + $8,400", "never €61,700")
        let st = Stats.build(b.state, rep: nil, since: day("2026-11-01"), settings: Settings(), clock: b.clock)
        let p = st.pipeline.first { $0.stage == .prospect }!
        XCTAssertEqual(p.totals.cents, ["EUR": 53_300_00, "USD": 8_400_00])
        XCTAssertEqual(MoneyTotals().text(first: "EUR"), "€0")
    }

    func testSparklinesShareOneScaleAndLeadsWithoutADealCount() {
        XCTAssertEqual(Chart.sparkline([1], ascii: true), "#", "alone, one touch is the top")
        XCTAssertEqual(Chart.sparkline([1], ascii: true, top: 5), ".", "beside a day of 5, it is small")
        var b = Book(now: "2026-11-20T09:00:00Z")
        b.contact("l1", "Lead One"); b.contact("l2", "Lead Two")
        let st = Stats.build(b.state, rep: nil, since: day("2026-11-01"), settings: Settings(), clock: b.clock)
        XCTAssertEqual(st.pipeline.first { $0.stage == .lead }?.count, 2)
    }
}
