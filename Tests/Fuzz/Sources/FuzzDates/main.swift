import Foundation
import TendCore

/// Any text as a typed date or an ISO instant: never a crash, and a parsed day is a real day.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let today = Day(year: 2026, month: 11, day: 23)!
    if let (d, _) = try? DateInput.parse(text, today: today) {
        precondition(Day.parseISO(d.iso) == d)
    }
    if let t = Timestamp.parseISO(text) { precondition(Timestamp.parseISO(t.iso) == t) }
    _ = try? NextStepInputProbe.parse(text, today: today)
    return 0
}

/// The TUI's "date then what" input lives in TendUI; its date part is DateInput, fuzzed above.
enum NextStepInputProbe {
    static func parse(_ text: String, today: Day) throws -> Day? {
        guard let first = text.split(separator: " ").first else { return nil }
        return try DateInput.day(String(first), today: today)
    }
}
