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

    /// Amounts written digit by digit are what the plain way of writing them gives: grouped
    /// digits, two of cents when there are any, the sign first, the symbol or code.
    func testFormattingDigitByDigitIsThePlainWay() {
        func grouped(_ n: Int64) -> String {
            let d = Array(String(n.magnitude))
            var out = ""
            for (i, c) in d.enumerated() {
                if i > 0, (d.count - i) % 3 == 0 { out += "," }
                out.append(c)
            }
            return (n < 0 ? "-" : "") + out
        }
        func plain(_ c: Int64) -> String {
            let f = c.magnitude % 100, w = grouped(Int64(c.magnitude / 100))
            return (c < 0 ? "-" : "") + w + (f == 0 ? "" : "." + (f < 10 ? "0" : "") + String(f))
        }
        var values: [Int64] = [0, 1, 5, 9, 10, 99, 100, 101, 999, 1000, 99_999, 100_000, 123_456_789, .max, .min + 1]
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2000 {
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            values.append(Int64(bitPattern: x) >> (x % 60))
        }
        for v in values + values.map { -$0 } where v != .min {
            XCTAssertEqual(Money.grouped(v), grouped(v), "\(v)")
            XCTAssertEqual(Money.plain(v), plain(v), "\(v)")
            XCTAssertEqual(Money.format(v, "EUR"), "€" + plain(v), "\(v)")
            XCTAssertEqual(Money.format(v, "jpy"), "¥" + plain(v), "\(v)")
            XCTAssertEqual(Money.format(v, "SEK"), plain(v) + " SEK", "\(v)")
        }
    }
}
