/// What a deal is worth: a plain amount, or a recurring price per period × quantity × periods.
///
/// Amounts are kept in minor units (cents) so sums never drift: 175/month × 4 × 12 is exactly 8,400.
public enum DealValue: Equatable, Sendable {
    case amount(cents: Int64)
    case recurring(perPeriodCents: Int64, quantity: Int, periods: Int)

    public var totalCents: Int64 {
        switch self {
        case .amount(let c): return c
        case .recurring(let p, let q, let n): return p * Int64(q) * Int64(n)
        }
    }

    /// `175.00 × 4 × 12`, or nil for a plain amount.
    public var breakdown: String? {
        guard case .recurring(let p, let q, let n) = self else { return nil }
        return "\(Money.plain(p)) × \(q) × \(n)"
    }
}

/// Formats and parses money. Amounts carry no currency of their own; the deal or config says which.
public enum Money {
    /// Parses `8400`, `8,400`, `8400.5`, `175.00` into cents. Negative or malformed amounts are nil.
    public static func cents(_ text: String) -> Int64? {
        let t = text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "")
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 13,
            parts[0].allSatisfy(\.isASCII), let whole = Int64(parts[0]), whole >= 0,
            !parts[0].hasPrefix("+"), !parts[0].hasPrefix("-")
        else { return nil }
        var frac: Int64 = 0
        if parts.count == 2 {
            let f = parts[1]
            guard (1...2).contains(f.count), f.allSatisfy(\.isNumber), let v = Int64(f) else { return nil }
            frac = f.count == 1 ? v * 10 : v
        }
        return whole * 100 + frac
    }

    /// `1000000` → `1,000,000`: thousands apart, as amounts and counts are shown.
    public static func grouped(_ n: Int64) -> String {
        String(unsafeUninitializedCapacity: 32) { b in write(n, cents: false, into: b, at: 0) }
    }

    /// `8400.00` → `8,400`; `175.5` → `175.50`. Whole amounts drop the cents.
    public static func plain(_ cents: Int64) -> String {
        String(unsafeUninitializedCapacity: 32) { b in write(cents, cents: true, into: b, at: 0) }
    }

    /// `n` grouped in thousands into `b` from `at` (`cents`: `n` is cents, shown as `plain` shows
    /// them); where it ends. Digit by digit into the string's own bytes: a listing formats two
    /// amounts per contact, and building each through arrays and joins was a tenth of it.
    private static func write(
        _ n: Int64, cents: Bool, into b: UnsafeMutableBufferPointer<UInt8>, at: Int
    ) -> Int {
        var i = at
        if n < 0 {
            b[i] = UInt8(ascii: "-")
            i += 1
        }
        var whole = n.magnitude, frac: UInt64 = 0
        if cents { (whole, frac) = whole.quotientAndRemainder(dividingBy: 100) }
        var digits = 1
        var t = whole
        while t >= 10 {
            t /= 10
            digits += 1
        }
        let end = i + digits + (digits - 1) / 3
        var k = end, written = 0
        repeat {
            if written > 0, written % 3 == 0 {
                k -= 1
                b[k] = UInt8(ascii: ",")
            }
            k -= 1
            b[k] = UInt8(ascii: "0") + UInt8(whole % 10)
            whole /= 10
            written += 1
        } while whole > 0
        i = end
        if frac != 0 {
            b[i] = UInt8(ascii: ".")
            b[i + 1] = UInt8(ascii: "0") + UInt8(frac / 10)
            b[i + 2] = UInt8(ascii: "0") + UInt8(frac % 10)
            i += 3
        }
        return i
    }

    /// `€8,400`, `$175.50`, `8,400 CHF`.
    public static func format(_ cents: Int64, _ currency: String) -> String {
        // Made once, and the code upper-cased only when it is not already: once per amount listed.
        let code = currency.utf8.contains { $0 >= 0x61 && $0 <= 0x7A } ? currency.uppercased() : currency
        guard let symbol = symbol(code) else { return plain(cents) + " " + currency }
        return String(unsafeUninitializedCapacity: 40) { b in
            let n = symbol.utf8CodeUnitCount
            for k in 0..<n { b[k] = symbol.utf8Start[k] }
            return write(cents, cents: true, into: b, at: n)
        }
    }

    private static func symbol(_ code: String) -> StaticString? {
        switch code {
        case "EUR": return "€"
        case "USD": return "$"
        case "GBP": return "£"
        case "JPY": return "¥"
        default: return nil
        }
    }
}

/// A sum of amounts in several currencies, kept apart: no rate is known, so `€53,300 + $8,400`
/// is what the team has at stake, never `€61,700`.
public struct MoneyTotals: Equatable, Sendable {
    public private(set) var cents: [String: Int64] = [:]

    public init() {}

    public mutating func add(_ amount: Int64, _ currency: String) { cents[currency, default: 0] += amount }

    /// The amount in one currency (0 when none).
    public subscript(currency: String) -> Int64 { cents[currency] ?? 0 }

    /// Currencies in a fixed order: `first` (the team's), then by code.
    public func currencies(first: String) -> [String] {
        cents.keys.sorted { ($0 == first ? 0 : 1, $0) < ($1 == first ? 0 : 1, $1) }
    }

    /// `€53,300 + $8,400`; `€0` (in `first`) when there is nothing.
    public func text(first: String) -> String {
        let codes = currencies(first: first).filter { cents[$0] != 0 }
        guard !codes.isEmpty else { return Money.format(0, first) }
        return codes.map { Money.format(cents[$0]!, $0) }.joined(separator: " + ")
    }
}
