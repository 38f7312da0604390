import Foundation
import TendCore
import XCTest

@testable import TendStore

/// The full replay (`Replay.run`): logs streamed and merged in fold order must give exactly the
/// fold of every event read the plain way, whatever the logs hold.
final class ReplayTests: TempDirTestCase {
    let now = Timestamp.parseISO("2026-11-23T09:00:00Z")!

    func line(_ id: String, _ at: Timestamp, _ rep: String, _ change: Change) -> String {
        Event(id: id, at: at, rep: rep, type: change.type, fields: change.fields).line
    }

    func contact(_ id: String, _ name: String) -> Change {
        .addContact(Contact(id: id, name: name, owner: "ann", created: now))
    }

    func testStreamedMergeEqualsThePlainFoldWithAnnulsDisorderAndBadLines() throws {
        let t = { (m: Int64) in Timestamp(ms: self.now.ms + m) }
        try write(
            "log/ann.jsonl",
            [
                line("a1", t(0), "ann", contact("c1", "Dana")),
                line("a2", t(20), "ann", .note(contact: "c1", text: "second")),
                line("a3", t(10), "ann", .note(contact: "c1", text: "first, written late")),  // out of order
            ].joined(separator: "\n") + "\n{not json\n")
        try write(
            "log/bob.jsonl",
            [
                line("b1", t(5), "bob", .updateContact(id: "c1", fields: [.company: "Acme"])),
                line("b2", t(15), "bob", .note(contact: "c1", text: "taken back")),
                line("b3", t(30), "bob", .annul(events: ["b2"])),
            ].joined(separator: "\n") + "\n")
        let r = try Replay.run(
            logDir: dir + "/log", files: ["ann.jsonl", "bob.jsonl"], horizon: now.adding(minutes: 5))
        var all: [Event] = []
        for f in ["ann.jsonl", "bob.jsonl"] { all += try LogReader.read(path: dir + "/log/" + f, name: f).events }
        let plain = State.fold(all)
        XCTAssertEqual(r.state.contacts, plain.contacts)
        XCTAssertEqual(r.state.notes["c1"]?.map(\.text), ["first, written late", "second"])
        XCTAssertEqual(r.state.notes, plain.notes)
        XCTAssertEqual(r.state.contacts["c1"]?.company, "Acme")
        XCTAssertEqual(r.problems.map(\.description).first?.hasPrefix("log/ann.jsonl:4: not valid JSON"), true)
        XCTAssertEqual(r.last?.id, "b3", "the last key read, annul included")
        XCTAssertEqual(r.offsets["ann.jsonl"]?.lines, 4)
    }

    func testAnEventPastTheHorizonIsHeldNotFoldedAndDoesNotMoveTheClock() throws {
        try write(
            "log/ann.jsonl",
            [
                line("a1", now, "ann", contact("c1", "Dana")),
                line(
                    "a2", Timestamp(ms: now.ms + 86_400_000), "ann",
                    .updateContact(id: "c1", fields: [.name: "Tomorrow"])),
            ].joined(separator: "\n") + "\n")
        let r = try Replay.run(logDir: dir + "/log", files: ["ann.jsonl"], horizon: now.adding(minutes: 5))
        XCTAssertEqual(r.state.contacts["c1"]?.name, "Dana")
        XCTAssertEqual(r.held.map { "\($0.file):\($0.line) \($0.event.id)" }, ["log/ann.jsonl:2 a2"])
        XCTAssertEqual(r.state.latest, now, "the held event does not pull the clock forward")
        XCTAssertEqual(r.last?.id, "a1")
        let later = try Replay.run(
            logDir: dir + "/log", files: ["ann.jsonl"], horizon: Timestamp(ms: now.ms + 2 * 86_400_000))
        XCTAssertEqual(later.state.contacts["c1"]?.name, "Tomorrow")
        XCTAssertTrue(later.held.isEmpty)
    }

    func testThePrescanFindsDisorderAndAnnulsFromTheEnvelopeAlone() throws {
        try write(
            "log/x.jsonl",
            [
                line("x1", Timestamp(ms: 2000), "x", .note(contact: "c", text: "t")),
                line("x2", Timestamp(ms: 1000), "x", .note(contact: "c", text: "t")),
                line("x3", Timestamp(ms: 3000), "x", .annul(events: ["x1"])),
            ].joined(separator: "\n") + "\n")
        let scan = try Replay.prescan(path: dir + "/log/x.jsonl", name: "log/x.jsonl", horizon: nil)
        XCTAssertFalse(scan.inOrder)
        XCTAssertEqual(scan.annulled, ["x1"])
        XCTAssertEqual(scan.end, read("log/x.jsonl").utf8.count)
    }
}
