import TendCore

/// Any bytes as a log line: parse, and if it is an event, write it and read it back the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let e = try? Event.parse(line: bytes) else { return 0 }
    let again = try! Event.parse(line: Array(e.line.utf8))
    precondition(again.line == e.line, "an event must survive a write and read")
    var state = State()
    state.apply(e)
    return 0
}
