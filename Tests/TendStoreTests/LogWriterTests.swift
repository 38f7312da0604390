import Foundation
import TendCore
import XCTest

@testable import TendStore

/// The log writer: a line is written only if Tend's own reader folds it back as the same event.
final class LogWriterTests: TempDirTestCase {
    let now = Timestamp.parseISO("2026-11-23T09:00:00Z")!
    var path: String { dir + "/ann.jsonl" }

    func note(_ at: Timestamp, id: String = "e1") -> Event {
        Event(id: id, at: at, rep: "ann", type: "note", fields: ["contact": "c1", "text": "hi"])
    }

    func testALineItsReaderWouldRejectIsNeverWritten() throws {
        try LogWriter.append([note(now)], to: path, name: "log/ann.jsonl")
        let before = read("ann.jsonl")
        // Year 10000: `Timestamp.iso` writes a five-digit year, which the reader rejects.
        let year10000 = Timestamp.parseISO("9999-12-31T23:59:59.999Z")!.adding(minutes: 1)
        XCTAssertThrowsError(
            try LogWriter.append([note(now, id: "e2"), note(year10000, id: "e3")], to: path, name: "log/ann.jsonl")
        ) { e in
            XCTAssertTrue(
                "\(e)".hasPrefix("cannot write event e3 to log/ann.jsonl: its line would not read back"), "\(e)")
            XCTAssertTrue("\(e)".hasSuffix("nothing was saved"), "\(e)")
        }
        XCTAssertEqual(read("ann.jsonl"), before, "nothing of the batch was written")
    }

    func testALineReadersWouldHoldIsNeverWritten() throws {
        let horizon = now.adding(minutes: 5)
        XCTAssertNoThrow(try LogWriter.append([note(horizon)], to: path, name: "log/ann.jsonl", horizon: horizon))
        XCTAssertThrowsError(
            try LogWriter.append(
                [note(horizon.adding(minutes: 1), id: "e2")], to: path,
                name: "log/ann.jsonl", horizon: horizon)
        ) { e in
            XCTAssertTrue("\(e)".contains("dated 2026-11-23T09:06:00.000Z, after this machine's clock allows"), "\(e)")
        }
        XCTAssertEqual(read("ann.jsonl").split(separator: "\n").count, 1)
    }

    func testTheHybridClockNeverPassesTheHorizon() throws {
        let s = try Store.open(dir: dir + "/data", now: now)
        try s.append([.addContact(Contact(id: "c1", name: "Dana", owner: "ann", created: now))], rep: "ann", now: now)
        // The clock set back 10 minutes after a fold: the next event is capped at now + 5 min
        // rather than written where every reader would hold it.
        let back = now.adding(minutes: -10)
        let e = try s.append([.note(contact: "c1", text: "x")], rep: "ann", now: back)
        XCTAssertEqual(e[0].at, back.adding(minutes: 5))
    }
}
