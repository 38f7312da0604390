import Testing

@testable import TendCore

/// The deal-size arithmetic from the field (Swift Testing, beside the XCTest cases).
@Suite struct DealValueSpec {
    @Test(arguments: [
        (17_500 as Int64, 4, 12, 840_000 as Int64),  // $175/month × 4 members × 12 months = $8,400
        (4_900, 10, 12, 588_000),
        (100_000, 1, 1, 100_000),
    ])
    func recurringTotals(perPeriod: Int64, quantity: Int, periods: Int, total: Int64) {
        #expect(
            DealValue.recurring(perPeriodCents: perPeriod, quantity: quantity, periods: periods).totalCents == total)
    }

    @Test func aQuoteIsWhatIsAtStakeOnceThereIsOne() {
        var d = Deal(
            id: "d", contact: "c", title: "t", value: .amount(cents: 500), currency: "EUR", created: Timestamp(ms: 0))
        #expect(d.atStakeCents == 500)
        d.quoteCents = 450
        #expect(d.atStakeCents == 450)
    }
}
