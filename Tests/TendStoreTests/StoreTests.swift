import Foundation
import TendCore
import XCTest

@testable import TendStore

final class StoreTests: TempDirTestCase {
    let now = Timestamp.parseISO("2026-11-23T09:00:00Z")!

    func contact(_ id: String, _ name: String) -> Change {
        .addContact(Contact(id: id, name: name, owner: "ann", created: now))
    }

    func testRoundTripThroughFilesWithModes() throws {
        let s = try Store.open(dir: dir + "/data")
        try s.append(
            [contact("c1", "Dana Wu"), .touch(contact: "c1", channel: .call, outcome: .noAnswer, note: "ü ✓")],
            rep: "ann", now: now)
        try s.append([.note(contact: "c1", text: "hi")], rep: "bob", now: now)
        let again = try Store.open(dir: dir + "/data")
        XCTAssertEqual(again.state.contacts["c1"]?.name, "Dana Wu")
        XCTAssertEqual(again.state.touches["c1"]?.first?.note, "ü ✓")
        XCTAssertEqual(again.state.notes["c1"]?.first?.rep, "bob")
        XCTAssertEqual(try mode("data/log/ann.jsonl") & 0o777, 0o600)
        XCTAssertEqual(try mode("data/log/bob.jsonl") & 0o777, 0o600)
        XCTAssertEqual(try mode("data/log") & 0o777, 0o700)
        XCTAssertEqual(try mode("data") & 0o777, 0o700)
        XCTAssertTrue(again.problems.isEmpty)
    }

    func testNewEventsSortAfterEverythingSeenEvenWithAClockBehind() throws {
        let s = try Store.open(dir: dir)
        let first = try s.append([contact("c1", "Dana")], rep: "ann", now: now)
        // bob's machine is 4 minutes behind (inside the 5-minute bound): his edit still sorts after
        // ann's, because he has seen it.
        let behind = Timestamp(ms: now.ms - 4 * 60_000)
        let second = try s.append([.updateContact(id: "c1", fields: [.name: "Dana Wu"])], rep: "bob", now: behind)
        XCTAssertGreaterThan(second[0].at, first[0].at)
        XCTAssertEqual(try Store.open(dir: dir).state.contacts["c1"]?.name, "Dana Wu")
    }

    func testAMachineAnHourBehindHoldsWhatItCannotYetHaveSeen() throws {
        let s = try Store.open(dir: dir, now: now)
        try s.append([contact("c1", "Dana")], rep: "ann", now: now)
        // An hour behind, ann's event is 55 minutes past this machine's horizon: held, not folded,
        // and it does not pull this machine's clock forward.
        let behind = Timestamp(ms: now.ms - 3_600_000)
        let bob = try Store.open(dir: dir, now: behind)
        XCTAssertNil(bob.state.contacts["c1"])
        XCTAssertEqual(bob.held.map { "\($0.file):\($0.line)" }, ["log/ann.jsonl:1"])
        let written = try bob.append([.note(contact: "c1", text: "x")], rep: "bob", now: behind)
        XCTAssertEqual(written[0].at, behind)
        // Once this machine's clock reaches it, it is folded, and the note after it.
        bob.now = now
        try bob.reload()
        XCTAssertEqual(bob.state.contacts["c1"]?.name, "Dana")
        XCTAssertTrue(bob.held.isEmpty)
    }

    func testTwoRepsLogsFoldToTheSameStateWhateverTheReadOrder() throws {
        let s = try Store.open(dir: dir)
        try s.append([contact("c1", "Dana")], rep: "ann", now: now)
        try s.append([.updateContact(id: "c1", fields: [.company: "B"])], rep: "bob", now: now)
        try s.append([.updateContact(id: "c1", fields: [.company: "A"])], rep: "ann", now: now)
        try s.append([.touch(contact: "c1", channel: .email, outcome: .replied, note: "")], rep: "bob", now: now)
        let ann = LogReader.parse(Array(read("log/ann.jsonl").utf8), name: "ann").events
        let bob = LogReader.parse(Array(read("log/bob.jsonl").utf8), name: "bob").events
        let one = State.fold(ann + bob), two = State.fold(bob + ann)
        XCTAssertEqual(one.contacts, two.contacts)
        XCTAssertEqual(one.contacts["c1"]?.company, "A")
        XCTAssertEqual(one.touches["c1"], two.touches["c1"])
        XCTAssertEqual(try Store.open(dir: dir).state.contacts, one.contacts)
    }

    func testATornFinalLineIsSkippedByReadersAndRepairedByTheNextWriter() throws {
        let s = try Store.open(dir: dir)
        try s.append([contact("c1", "Dana")], rep: "ann", now: now)
        let whole = read("log/ann.jsonl")
        try append("log/ann.jsonl", #"{"v":1,"id":"torn","at":"2026-11-23T09:"#)

        let reader = try Store.open(dir: dir)
        XCTAssertEqual(reader.state.contacts.count, 1)
        XCTAssertTrue(reader.problems.isEmpty, "a torn tail is not a malformed line: \(reader.problems)")

        try reader.append([contact("c2", "Zoë")], rep: "ann", now: now)
        let text = read("log/ann.jsonl")
        XCTAssertTrue(text.hasPrefix(whole))
        XCTAssertFalse(text.contains("torn"))
        XCTAssertEqual(text.split(separator: "\n").count, 2)
        XCTAssertEqual(try Store.open(dir: dir).state.contacts.count, 2)
    }

    func testAnUnfinishedBatchCountsForNothingAndIsCutByTheNextWriter() throws {
        let s = try Store.open(dir: dir)
        try s.append([contact("c1", "Dana")], rep: "ann", now: now)
        let events = try s.append(
            [
                .touch(contact: "c1", channel: .call, outcome: .connected, note: ""),
                .note(contact: "c1", text: "x"), .clearNextStep(contact: "c1"),
            ], rep: "ann", now: now)
        XCTAssertEqual(events.count, 3)
        // Simulate a crash after the first two lines of the batch reached the disk.
        let lines = read("log/ann.jsonl").split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(
            lines[1].contains(#""more":true"#) && lines[2].contains(#""more":true"#) && !lines[3].contains("more"))
        try write("log/ann.jsonl", lines[0...2].joined(separator: "\n") + "\n")

        let reader = try Store.open(dir: dir)
        XCTAssertNil(reader.state.touches["c1"], "half a batch is never applied")
        try reader.append([.note(contact: "c1", text: "after")], rep: "ann", now: now)
        XCTAssertEqual(read("log/ann.jsonl").split(separator: "\n").count, 2)
        let after = try Store.open(dir: dir).state
        XCTAssertNil(after.touches["c1"])
        XCTAssertEqual(after.notes["c1"]?.map(\.text), ["after"])
    }

    func testAMalformedMiddleLineIsReportedWithFileAndLineAndSkipped() throws {
        let s = try Store.open(dir: dir)
        try s.append([contact("c1", "Dana")], rep: "ann", now: now)
        try append("log/ann.jsonl", "{this is not json}\n")
        try s.append([contact("c2", "Zoë")], rep: "ann", now: now)
        let before = read("log/ann.jsonl")
        let r = try Store.open(dir: dir)
        XCTAssertEqual(r.state.contacts.count, 2)
        XCTAssertEqual(
            r.problems.map(\.description).first?.hasPrefix("log/ann.jsonl:2: not valid JSON"), true, "\(r.problems)")
        XCTAssertEqual(read("log/ann.jsonl"), before, "never silently rewritten")
    }

    func testANewerVersionEventWithUnknownFieldsSurvivesReadModifyAppendUntouched() throws {
        let future =
            #"{"v":7,"id":"0zzzzzzzz0-aaaa","at":"2026-11-20T09:00:00.000Z","rep":"ann","type":"contact","contact":"c1","name":"Dana","owner":"ann","hologram":{"x":[1,2]},"mood":"😀"}"#
        let unknownType =
            #"{"v":7,"id":"0zzzzzzzz1-aaaa","at":"2026-11-20T09:00:01.000Z","rep":"ann","type":"teleport","contact":"c1"}"#
        try write("log/ann.jsonl", future + "\n" + unknownType + "\n")
        let s = try Store.open(dir: dir)
        XCTAssertEqual(s.state.contacts["c1"]?.name, "Dana")
        XCTAssertTrue(s.problems.isEmpty && s.state.problems.isEmpty)
        try s.append([.updateContact(id: "c1", fields: [.company: "Acme"])], rep: "ann", now: now)
        let lines = read("log/ann.jsonl").split(separator: "\n").map(String.init)
        XCTAssertEqual(Array(lines.prefix(2)), [future, unknownType])
        XCTAssertEqual(lines.count, 3)
        let e = try Event.parse(line: Array(future.utf8))
        XCTAssertEqual(e.fields["hologram"], ["x": [1, 2]])
    }

    func testReloadPicksUpAnotherProcesssLines() throws {
        let mine = try Store.open(dir: dir)
        try mine.append([contact("c1", "Dana")], rep: "ann", now: now)
        let other = try Store.open(dir: dir)
        try other.append([.touch(contact: "c1", channel: .call, outcome: .busy, note: "")], rep: "bob", now: now)
        XCTAssertNil(mine.state.touches["c1"])
        XCTAssertEqual(try mine.reload(), 1)
        XCTAssertEqual(mine.state.touches["c1"]?.first?.rep, "bob")
    }

    func testAnAnnulTakesEventsBackWithoutDeletingTheirLines() throws {
        let s = try Store.open(dir: dir)
        try s.append([contact("c1", "Dana")], rep: "ann", now: now)
        let batch = try s.append(
            [
                .touch(contact: "c1", channel: .call, outcome: .busy, note: ""),
                .setNextStep(contact: "c1", step: NextStep(due: Day.parseISO("2026-11-30")!)),
            ], rep: "ann", now: now)
        XCTAssertEqual(s.state.touches["c1"]?.count, 1)
        try s.append([.annul(events: batch.map(\.id))], rep: "ann", now: now)
        XCTAssertNil(s.state.touches["c1"], "the running store refolds")
        XCTAssertNil(s.state.nextSteps["c1"])
        XCTAssertNil(try Store.open(dir: dir).state.touches["c1"], "and so does a fresh read")
        XCTAssertEqual(read("log/ann.jsonl").split(separator: "\n").count, 4, "nothing deleted")
    }

    func testBadRepNamesAndAFileInPlaceOfTheDataDirAreRefused() throws {
        let s = try Store.open(dir: dir)
        XCTAssertThrowsError(try s.append([contact("c1", "x")], rep: "../evil", now: now)) { e in
            XCTAssertTrue("\(e)".contains("bad rep name"))
        }
        try write("afile", "x")
        XCTAssertThrowsError(try Store.open(dir: dir + "/afile")) { e in
            XCTAssertTrue("\(e)".contains("is a file, not a folder"), "\(e)")
        }
        let inner = try Store.open(dir: dir + "/afile/inner")
        XCTAssertThrowsError(try inner.append([contact("c1", "x")], rep: "ann", now: now)) { e in
            XCTAssertTrue("\(e)".contains("nothing was saved"), "\(e)")
        }
    }

    func testEventIDsSortByTimeAndEntityIDsAreUnique() {
        var g = IDGenerator(seed: 1)
        let a = g.eventID(at: Timestamp(ms: 1_000)), b = g.eventID(at: Timestamp(ms: 2_000))
        XCTAssertLessThan(a, b)
        var seen = Set<String>()
        for _ in 0..<2000 { seen.insert(g.entityID(taken: { seen.contains($0) })) }
        XCTAssertEqual(seen.count, 2000)
    }
}
