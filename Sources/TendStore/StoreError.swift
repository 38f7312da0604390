/// What went wrong in the store, worded for the person at the keyboard: what, where, and whether
/// anything was saved.
public struct StoreError: Error, Equatable, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A line of a log that could not be read, reported as `log/ann.jsonl:12: message`.
public struct LogProblem: Equatable, Sendable, CustomStringConvertible {
    /// Path relative to the data dir: `log/ann.jsonl`.
    public var file: String
    public var line: Int
    public var message: String
    public var description: String { "\(file):\(line): \(message)" }
}
