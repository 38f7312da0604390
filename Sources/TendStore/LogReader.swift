import Foundation
import TendCore

/// Reads one rep's log: every complete line, in file order.
///
/// Only bytes up to the last newline are read: a final line without one is a write in progress or a
/// crash's leftover, re-read later or repaired by the next writer. A batch (events appended together,
/// all but the last marked `"more":true`) counts only once its last line is there, so a crash in the
/// middle of one never leaves half of it applied.
public enum LogReader {
    /// The field that chains the events of one append.
    static let moreKey = "more"

    public struct Result: Sendable {
        public var events: [Event] = []
        /// The line number of each event, for `file:line` reports.
        public var eventLines: [Int] = []
        public var problems: [LogProblem] = []
        /// Bytes consumed from the start of the file: where the next read starts.
        public var consumed: Int
        /// Lines consumed, so a later read numbers its lines on.
        public var lines: Int
        /// Bytes after `consumed` that were held back (a torn line or an unfinished batch).
        public var heldBack: Int
        /// Events read but dated after the horizon: consumed, not in `events` (see `HeldEvent`).
        public var held: [HeldEvent] = []
    }

    /// `limit`: read no further than this byte of the file (nil: to its end).
    /// `horizon`: events dated after it are `held`, not returned as events (nil: none are).
    public static func read(
        path: String, name: String, from offset: Int = 0, line: Int = 0, limit: Int? = nil,
        horizon: Timestamp? = nil
    ) throws -> Result {
        guard let fh = FileHandle(forReadingAtPath: path) else {
            throw StoreError("cannot read \(name): \(String(cString: strerror(errno)))")
        }
        defer { try? fh.close() }
        do {
            try fh.seek(toOffset: UInt64(offset))
            let data =
                try limit.map { try fh.read(upToCount: max(0, $0 - offset)) ?? Data() }
                ?? (try fh.readToEnd() ?? Data())
            return parse([UInt8](data), name: name, offset: offset, line: line, horizon: horizon)
        } catch {
            throw StoreError("cannot read \(name): \(error.localizedDescription)")
        }
    }

    public static func parse(
        _ bytes: [UInt8], name: String, offset: Int = 0, line firstLine: Int = 0,
        horizon: Timestamp? = nil
    ) -> Result {
        var r = Result(consumed: offset, lines: firstLine, heldBack: 0)
        var batch: [Event] = []
        var batchLineNumbers: [Int] = []
        var batchStart = offset
        var batchLines = firstLine
        var lineNo = firstLine
        var start = 0
        /// The batch so far is whole (or cut short by a bad line): it counts, and reading resumes after it.
        func flush() {
            for (e, n) in zip(batch, batchLineNumbers) {
                if let h = horizon, e.at > h {
                    r.held.append(HeldEvent(file: name, line: n, event: e))
                } else {
                    r.events.append(e)
                    r.eventLines.append(n)
                }
            }
            batch.removeAll()
            batchLineNumbers.removeAll()
            r.consumed = offset + start
            r.lines = lineNo
        }
        bytes.withUnsafeBufferPointer { buf in
            while let nl = buf[start...].firstIndex(of: 0x0A) {
                lineNo += 1
                let slice = UnsafeBufferPointer(rebasing: buf[start..<nl])
                start = nl + 1
                if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    if batch.isEmpty { r.consumed = offset + start; r.lines = lineNo }
                    continue
                }
                do {
                    var e = try Event.parse(line: slice)
                    let more = e.fields.removeValue(forKey: moreKey)?.bool == true
                    if batch.isEmpty { batchStart = r.consumed; batchLines = r.lines }
                    batch.append(e)
                    batchLineNumbers.append(lineNo)
                    if !more { flush() }
                } catch {
                    r.problems.append(LogProblem(file: name, line: lineNo, message: "\(error)"))
                    flush()  // a malformed line ends any batch before it: apply what was complete
                }
            }
        }
        if !batch.isEmpty {
            r.consumed = batchStart
            r.lines = batchLines
        }
        r.heldBack = offset + bytes.count - r.consumed
        return r
    }
}

/// How far a log has been read: bytes and lines, so the next read starts there.
public struct LogOffset: Equatable, Sendable {
    public var bytes: Int
    public var lines: Int
}
