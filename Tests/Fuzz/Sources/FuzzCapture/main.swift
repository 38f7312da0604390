import TendCore

/// Any text as a note typed during a call: the `*` promises and `@date`s never crash the parser,
/// and every promise it returns has text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let c = try? Capture.parse(text, today: Day(year: 2026, month: 11, day: 23)!, settings: Settings()) {
        for p in c.promises { precondition(!p.text.isEmpty) }
    }
    _ = TextWidth.truncate(TextWidth.safe(text), to: 40)
    return 0
}
