import XCTest

@testable import TendCore

final class MoneyTests: XCTestCase {
    func testRecurringValueIsPerPeriodTimesQuantityTimesPeriods() {
        let v = DealValue.recurring(perPeriodCents: 175_00, quantity: 4, periods: 12)
        XCTAssertEqual(v.totalCents, 8_400_00)
        XCTAssertEqual(Money.format(v.totalCents, "USD"), "$8,400")
        XCTAssertEqual(v.breakdown, "175 × 4 × 12")
    }

    func testParsing() {
        XCTAssertEqual(Money.cents("8400"), 840_000)
        XCTAssertEqual(Money.cents("8,400.5"), 840_050)
        XCTAssertEqual(Money.cents("175.05"), 17_505)
        for bad in ["-5", "abc", "1.234", "", "1e5", "+3", "١٢"] { XCTAssertNil(Money.cents(bad), bad) }
    }

    func testFormatting() {
        XCTAssertEqual(Money.plain(123_456_789), "1,234,567.89")
        XCTAssertEqual(Money.format(50, "EUR"), "€0.50")
        XCTAssertEqual(Money.format(100_000, "CHF"), "1,000 CHF")
        XCTAssertEqual(Money.format(840_000, "usd"), "$8,400", "a code in lower case still finds its symbol")
        XCTAssertEqual(Money.format(-12_345_600, "GBP"), "£-123,456")
        for (n, text) in [(0, "0"), (999, "999"), (1000, "1,000"), (-1000, "-1,000"), (1_234_567, "1,234,567")] {
            XCTAssertEqual(Money.grouped(Int64(n)), text)
        }
        XCTAssertEqual(Money.grouped(Int64.min), "-9,223,372,036,854,775,808")
    }
}
