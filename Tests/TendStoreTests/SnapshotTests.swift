import Foundation
import TendCore
import XCTest

@testable import TendStore

/// The snapshot cache: start-up from snapshot + tail must give exactly the full fold, and anything
/// that makes the snapshot doubtful must mean a silent full replay, never a wrong state.
final class SnapshotTests: TempDirTestCase {
    let now = Timestamp.parseISO("2026-11-23T09:00:00Z")!
    var snapshotPath: String { dir + "/cache/snapshot.bin" }

    override func setUpWithError() throws {
        try super.setUpWithError()
        _ = try TeamGenerator.write(to: dir, options: .init(reps: 3, contacts: 60, events: 4_000, seed: 7), now: now)
    }

    /// Everything the fold decides, as text: two states with the same digest are the same book.
    func digest(_ s: State) -> String {
        var parts = [StateJSON.encode(s).text]
        parts.append(
            s.claims.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value.rep):\($0.value.until.ms)" }.joined(
                separator: ","))
        parts.append(
            s.reviewed.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.sorted { $0.key < $1.key })" }.joined(
                separator: ","))
        parts.append(s.forgotten.sorted().joined(separator: ","))
        parts.append(
            s.forgottenEntities.sorted { $0.key < $1.key }.map { "\($0.key)>\($0.value)" }.joined(separator: ","))
        parts.append(s.problems.map { "\($0.eventID) \($0.message)" }.joined(separator: ";"))
        parts.append(s.mergedInto.sorted { $0.key < $1.key }.map { "\($0.key)>\($0.value)" }.joined(separator: ","))
        parts.append("\(s.latest.ms) \(s.eventCount)")
        return parts.joined(separator: "\n")
    }

    /// The fold as the slow, obvious way computes it: every event read by LogReader, then State.fold.
    func referenceFold() throws -> State {
        var events: [Event] = []
        for f in try FileManager.default.contentsOfDirectory(atPath: dir + "/log") where f.hasSuffix(".jsonl") {
            events += try LogReader.read(path: dir + "/log/" + f, name: f).events
        }
        return State.fold(events)
    }

    func open() throws -> Store { try Store.open(dir: dir, cacheThreshold: 0) }

    func anyContact(_ s: Store) -> String { s.state.contactsByName[3].id }

    func testTheFastReplayIsTheFold() throws {
        // An out-of-order log (past touches, as an import writes), an annul, a malformed line and a torn end.
        let s = try Store.open(dir: dir, cache: false)
        let c = anyContact(s)
        try s.appendEvents(
            [
                Event(
                    id: "old-1", at: Timestamp(ms: now.ms - 400 * 86_400_000), rep: "ann", type: "touch",
                    fields: ["contact": .string(c), "channel": "call", "outcome": "connected"])
            ], rep: "ann")
        let undone = try s.append([.note(contact: c, text: "to be undone")], rep: "bob", now: now)
        try s.append([.annul(events: [undone[0].id])], rep: "bob", now: now)
        try append("log/carol.jsonl", "{not json\n{\"v\":1,\"id\":\"torn")
        let fast = try Store.open(dir: dir, cache: false)
        XCTAssertEqual(fast.startup, .replayed)
        XCTAssertEqual(digest(fast.state), digest(try referenceFold()))
        XCTAssertEqual(fast.problems.map(\.description).first?.hasPrefix("log/carol.jsonl:"), true)
        XCTAssertFalse(fast.state.notes[c]?.contains { $0.text == "to be undone" } ?? false)
    }

    func testAStreamNoticesALogOutOfOrderAndTheReplayReadsOnlyWhatItScanned() throws {
        // Two processes of one rep racing can leave a log out of order after the scan looked at it;
        // the stream notices, and the replay then reads that log whole and sorted.
        func line(_ id: String, _ ms: Int64) -> String {
            Event(id: id, at: Timestamp(ms: ms), rep: "dan", type: "note", fields: ["contact": "x", "text": "t"]).line
        }
        let text = [line("b", 2000), line("a", 1000), line("c", 3000)].joined(separator: "\n") + "\n"
        try write("log/dan.jsonl", text)
        var stream = try StreamSource(path: dir + "/log/dan.jsonl", name: "log/dan.jsonl", limit: text.utf8.count)
        while stream.headAt != .max { _ = stream.take() }
        XCTAssertTrue(stream.disordered)
        // Lines past the scanned end are left for the next reload, not streamed unchecked.
        let short = try StreamSource(
            path: dir + "/log/dan.jsonl", name: "log/dan.jsonl", limit: line("b", 2000).utf8.count + 1)
        XCTAssertEqual(short.consumed.lines, 1)
        XCTAssertEqual(short.head?.id, "b")
    }

    func testSnapshotPlusTailEqualsTheFullFold() throws {
        let first = try open()
        XCTAssertEqual(first.startup, .replayed)
        XCTAssertTrue(FileManager.default.fileExists(atPath: snapshotPath), "a replay writes the snapshot")
        let c = anyContact(first)
        let writer = try Store.open(dir: dir, cache: false)
        for i in 0..<30 {
            try writer.append([.note(contact: c, text: "after the snapshot \(i)")], rep: "bob", now: now)
        }
        let undo = try writer.append(
            [.touch(contact: c, channel: .call, outcome: .busy, note: "")], rep: "ann", now: now)
        try writer.append([.annul(events: [undo[0].id])], rep: "ann", now: now)

        let again = try Store.open(dir: dir, cacheThreshold: 1_000_000)
        XCTAssertEqual(again.startup, .fromSnapshot(tail: 32), "30 notes, a touch, its undo")
        XCTAssertEqual(digest(again.state), digest(try referenceFold()))
        XCTAssertEqual(again.state.notes[c]?.last?.text, "after the snapshot 29")
    }

    func assertReplays(_ why: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let s = try open()
        XCTAssertEqual(s.startup, .replayed, why, file: file, line: line)
        XCTAssertEqual(digest(s.state), digest(try referenceFold()), why, file: file, line: line)
        XCTAssertEqual(
            try open().startup, .fromSnapshot(tail: 0), "a new snapshot after the replay", file: file, line: line)
    }

    func testASnapshotWrittenFromASnapshotIsTheSameBook() throws {
        _ = try open()
        let c = anyContact(try Store.open(dir: dir, cache: false))
        try Store.open(dir: dir, cache: false).append(
            [.touch(contact: c, channel: .email, outcome: .replied, note: "yes")],
            rep: "bob", now: now)
        // Starts from the snapshot (lists still encoded, one contact's changed) and writes a new one.
        let second = try open()
        XCTAssertEqual(second.startup, .fromSnapshot(tail: 1))
        let third = try Store.open(dir: dir, cacheThreshold: 1_000_000)
        XCTAssertEqual(third.startup, .fromSnapshot(tail: 0))
        XCTAssertEqual(digest(third.state), digest(try referenceFold()))
        XCTAssertEqual(third.state.touches[c]?.last?.note, "yes")
    }

    func testNoCacheFolder() throws {
        _ = try open()
        try FileManager.default.removeItem(atPath: dir + "/cache")
        try assertReplays("cache/ deleted")
    }

    func testCorruptOrTruncatedSnapshot() throws {
        _ = try open()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: snapshotPath)))
        bytes[64] ^= 0x5A  // in the first checked section (a flip in a list: testADamagedList…)
        try Data(bytes).write(to: URL(fileURLWithPath: snapshotPath))
        try assertReplays("a flipped byte")
        let whole = try Data(contentsOf: URL(fileURLWithPath: snapshotPath))
        try whole.prefix(whole.count - 100).write(to: URL(fileURLWithPath: snapshotPath))
        try assertReplays("a truncated snapshot")
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: snapshotPath))
        try assertReplays("not a snapshot at all")
    }

    /// The touch and note lists are checked one by one as they are read, not at start-up: a list
    /// damaged on disk is caught when read, the snapshot removed, nothing written on what was
    /// read, and a fold of the logs gives the book back.
    func testADamagedListIsCaughtWhenReadAndNothingIsWrittenOnIt() throws {
        let first = try open()
        let c = try XCTUnwrap(first.state.contactsByName.first { !(first.state.touches[$0.id] ?? []).isEmpty }).id
        let touchID = Array(try XCTUnwrap(first.state.touches[c]?.first).id.utf8)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: snapshotPath)))
        let at = try XCTUnwrap(
            (0...(bytes.count - touchID.count)).first { Array(bytes[$0..<($0 + touchID.count)]) == touchID })
        bytes[at] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: snapshotPath))

        let s = try Store.open(dir: dir)  // (no new snapshot to write: that would read every list)
        XCTAssertEqual(s.startup, .fromSnapshot(tail: 0), "start-up reads no list")
        XCTAssertNil(s.damage)
        XCTAssertEqual(s.state.touchPoints(c), [], "read for the guard, the damaged list is empty")
        XCTAssertNotNil(s.damage, "and told")
        XCTAssertEqual(s.state.touches[c], [], "the damaged list is not decoded")
        let damage = try XCTUnwrap(s.damage)
        XCTAssertTrue(damage.contains("touches of contact \(c)"), damage)
        XCTAssertFalse(FileManager.default.fileExists(atPath: snapshotPath), "removed: the next start folds the logs")
        XCTAssertThrowsError(try s.append([.note(contact: c, text: "x")], rep: "ann", now: now)) {
            XCTAssertTrue("\($0)".contains("nothing was saved"), "\($0)")
        }
        XCTAssertFalse(s.saveSnapshot(), "the damage is never saved as a sound list")
        XCTAssertFalse(FileManager.default.fileExists(atPath: snapshotPath))
        try s.rebuildFromLogs()
        XCTAssertNil(s.damage)
        XCTAssertEqual(digest(s.state), digest(try referenceFold()))
        XCTAssertEqual(s.state.touches[c]?.first?.id, String(decoding: touchID, as: UTF8.self))
        XCTAssertNoThrow(try s.append([.note(contact: c, text: "x")], rep: "ann", now: now))
    }

    func testSnapshotOfAnotherFormatVersion() throws {
        _ = try open()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: snapshotPath)))
        XCTAssertEqual(bytes[8], UInt8(Snapshot.formatVersion), "the version follows the 8-byte magic")
        bytes[8] = UInt8(Snapshot.formatVersion + 1)
        try Data(bytes).write(to: URL(fileURLWithPath: snapshotPath))
        try assertReplays("a snapshot from another version")
    }

    func testALogThatShrank() throws {
        _ = try open()
        let text = read("log/bob.jsonl")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast(6)  // the last five events and the empty string after the final newline
        try write("log/bob.jsonl", lines.joined(separator: "\n") + "\n")
        try assertReplays("bob's log lost its last lines")
    }

    func testALogRewrittenInPlaceOrReplaced() throws {
        _ = try open()
        // Same length, same file, a changed byte near the end.
        var text = read("log/ann.jsonl")
        let r = text.range(of: "\"type\":\"note\"", options: .backwards)!
        let textKey = text.range(of: "\"text\":\"", range: r.upperBound..<text.endIndex)!
        text.replaceSubrange(textKey.upperBound..<text.index(after: textKey.upperBound), with: "Z")
        let fh = try XCTUnwrap(FileHandle(forWritingAtPath: dir + "/log/ann.jsonl"))
        try fh.write(contentsOf: Data(text.utf8))
        try fh.close()
        try assertReplays("ann's last note edited in place")

        // Replaced by a new file with different bytes early on (as `tend forget` does).
        var early = read("log/bob.jsonl")
        let first = early.range(of: "\"name\":\"")!
        early.replaceSubrange(first.upperBound..<early.index(after: first.upperBound), with: "Q")
        try early.write(toFile: dir + "/log/bob.jsonl.new", atomically: false, encoding: .utf8)
        XCTAssertEqual(rename(dir + "/log/bob.jsonl.new", dir + "/log/bob.jsonl"), 0)
        try assertReplays("bob's log replaced with other bytes")
    }

    func testForgetRewritesTheLogAndTheSnapshotFollows() throws {
        let s = try open()
        let c = anyContact(s)
        let name = s.state.contacts[c]!.name
        try s.append([.forget(contact: c)], rep: "ann", now: now)
        XCTAssertGreaterThan(try s.eraseForgotten(rep: "ann"), 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: snapshotPath), "the cache held the person: it is deleted")
        try assertReplays("forget rewrote ann's log")
        XCTAssertNil(try open().state.contacts[c])
        let others = try open().state.contacts.values.filter { $0.name == name }.count
        let cached = try Data(contentsOf: URL(fileURLWithPath: snapshotPath))
        if others == 0 {
            XCTAssertNil(cached.range(of: Data(name.utf8)), "the new snapshot is made from the stripped logs")
        }
    }

    func testAnIdenticalCopyOfALogKeepsTheSnapshot() throws {
        _ = try open()
        // A git checkout writes a new file (a new inode) with the same bytes: no replay needed.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/log/carol.jsonl"))
        try bytes.write(to: URL(fileURLWithPath: dir + "/log/carol.jsonl.new"))
        XCTAssertEqual(rename(dir + "/log/carol.jsonl.new", dir + "/log/carol.jsonl"), 0)
        Snapshot.hashedLogs = 0
        let s = try open()
        XCTAssertEqual(s.startup, .fromSnapshot(tail: 0))
        XCTAssertEqual(digest(s.state), digest(try referenceFold()))
        XCTAssertEqual(Snapshot.hashedLogs, 1, "the replaced log was proved by its bytes")
        Snapshot.hashedLogs = 0
        XCTAssertEqual(try open().startup, .fromSnapshot(tail: 0))
        if fineTimestamps() { XCTAssertEqual(Snapshot.hashedLogs, 0, "and recorded, so the next start reads nothing") }
    }

    func testAnInPlaceEditEarlyInALogThatKeepsItsLengthIsSeen() throws {
        _ = try open()
        // One byte of an early note in bob's log changed in place: same inode, same size.
        let path = dir + "/log/bob.jsonl"
        let text = read("log/bob.jsonl")
        let key = try XCTUnwrap(text.range(of: "\"text\":\""))
        let offset = text.utf8.distance(from: text.startIndex, to: key.upperBound)
        XCTAssertLessThan(offset, text.utf8.count / 4, "early in the file")
        let original = Array(text.utf8)[offset]
        let fd = Glibc.open(path, O_WRONLY)
        var byte: UInt8 = original == UInt8(ascii: "Q") ? UInt8(ascii: "R") : UInt8(ascii: "Q")
        XCTAssertEqual(pwrite(fd, &byte, 1, off_t(offset)), 1)
        close(fd)
        XCTAssertEqual(read("log/bob.jsonl").utf8.count, text.utf8.count)
        try assertReplays("an early note edited in place, length kept")
        // And it stays right after later writes by Tend on top of the edit.
        _ = try open()
        try pwriteByte(path, offset, original)
        let c = anyContact(try Store.open(dir: dir, cache: false))
        try Store.open(dir: dir, cache: false).append([.note(contact: c, text: "after the edit")], rep: "bob", now: now)
        let after = try open()
        XCTAssertEqual(after.startup, .replayed, "the edit was made before the append: the record vouches no more")
        XCTAssertEqual(digest(after.state), digest(try referenceFold()))
    }

    /// Whether this file system gives each change its own timestamp (else a fresh record is racy
    /// and the first start after a write hashes once, by design).
    func fineTimestamps() -> Bool {
        LogRecord.read(LogRecord.path(dataDir: dir, file: "ann.jsonl"))?.fineTimestamps ?? false
    }

    func pwriteByte(_ path: String, _ offset: Int, _ value: UInt8) throws {
        let fd = Glibc.open(path, O_WRONLY)
        var b = value
        XCTAssertEqual(pwrite(fd, &b, 1, off_t(offset)), 1)
        close(fd)
    }

    func testWhenOnlyTendAppendedNoLogIsRead() throws {
        _ = try open()
        let c = anyContact(try Store.open(dir: dir, cache: false))
        let writer = try Store.open(dir: dir, cache: false)
        for rep in ["ann", "bob", "ann", "carol", "dev"] {
            try writer.append([.note(contact: c, text: "n")], rep: rep, now: now)
        }
        Snapshot.hashedLogs = 0
        let s = try Store.open(dir: dir, cacheThreshold: 1_000_000)
        XCTAssertEqual(s.startup, .fromSnapshot(tail: 5))
        if fineTimestamps() {
            XCTAssertEqual(Snapshot.hashedLogs, 0, "each log's record vouches for it: nothing hashed")
        }
        XCTAssertEqual(digest(s.state), digest(try referenceFold()))
    }

    func testARacyRecordIsNotTrustedOnACoarseClock() {
        let st = LogStat(inode: 7, size: 100, mtimeNs: 1_000_000_123, ctimeNs: 1_000_000_123)
        var r = LogRecord(stat: st, lineage: 1, hash: LogHash(), recordedAt: st.mtimeNs + 1_000, fineTimestamps: false)
        XCTAssertFalse(r.vouches(for: st), "recorded within the clock tick of the last change")
        r.recordedAt = st.mtimeNs + 20_000_000
        XCTAssertTrue(r.vouches(for: st))
        r.fineTimestamps = true
        r.recordedAt = st.mtimeNs
        XCTAssertTrue(r.vouches(for: st), "a file system that gives every change its own timestamp")
        XCTAssertFalse(r.vouches(for: LogStat(inode: 7, size: 100, mtimeNs: st.mtimeNs, ctimeNs: st.ctimeNs + 1)))
        let whole = LogStat(inode: 7, size: 100, mtimeNs: 5_000_000_000, ctimeNs: 5_000_000_000)
        let coarseFS = LogRecord(
            stat: whole, lineage: 1, hash: LogHash(), recordedAt: whole.mtimeNs + 1_500_000_000, fineTimestamps: false)
        XCTAssertFalse(coarseFS.vouches(for: whole), "whole-second timestamps: two seconds' grace")
    }

    func testTheRunningHashIsTheSameInAnyPieces() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        var whole = LogHash()
        whole.add(bytes)
        for cut in [[1, 3, 996], [7, 8, 9, 976], [500, 500], [999, 1]] {
            var h = LogHash(), at = 0
            for n in cut { h.add(Array(bytes[at..<at + n])); at += n }
            XCTAssertEqual(h.value, whole.value, "\(cut)")
        }
        var other = whole
        other.add([0])
        XCTAssertNotEqual(other.value, whole.value)
    }

    func testLateEventsBeforeTheSnapshotOrAnnullingIntoItReplay() throws {
        let s = try open()
        let c = anyContact(s)
        // A new rep's log, synced in, with an event older than everything in the snapshot.
        let old = Event(
            id: "late-1", at: Timestamp(ms: now.ms - 5 * 365 * 86_400_000), rep: "dev", type: "contact",
            fields: ["contact": "zz9", "name": "Early Bird", "owner": "dev"])
        try write("log/dev.jsonl", old.line + "\n")
        let late = try open()
        XCTAssertEqual(late.startup, .replayed)
        XCTAssertEqual(late.state.contacts["zz9"]?.name, "Early Bird")
        XCTAssertEqual(digest(late.state), digest(try referenceFold()))

        // An undo of an event the snapshot already holds.
        let touch = try XCTUnwrap(late.state.touches[c]?.last)
        try Store.open(dir: dir, cache: false).append([.annul(events: [touch.id])], rep: "ann", now: now)
        let undone = try open()
        XCTAssertEqual(undone.startup, .replayed)
        XCTAssertFalse(undone.state.touches[c]?.contains { $0.id == touch.id } ?? false)
        XCTAssertEqual(digest(undone.state), digest(try referenceFold()))
    }

    func testEveryFieldSurvivesTheCodec() throws {
        // The demo team has every kind of fact: claims, resting contacts, reviews, recurring deals.
        let demo = dir + "/demo"
        try DemoTeam.write(
            to: try Store.open(dir: demo), clock: Clock(now: now, timeZone: TimeZone(identifier: "UTC")!))
        let s = try Store.open(dir: demo, cache: false)
        try s.append(
            [
                .rest(contact: anyContact(s), reason: "moved away"),
                .reviewed(week: "2026-W48", item: "x", action: "seen"),
                .claim(contact: s.state.contactsByName[5].id, minutes: 15),
                .merge(contact: s.state.contactsByName[7].id, into: s.state.contactsByName[8].id),
                .forget(contact: try XCTUnwrap(s.state.commitments.values.first).contact),
            ], rep: "ann", now: now)
        let full = try Store.open(dir: demo, cache: false).state
        // The index holds every promise under its contact, after a merge and a forget too.
        XCTAssertEqual(
            full.commitmentsByContact.filter { !$0.value.isEmpty }.mapValues(Set.init),
            Dictionary(grouping: full.commitments.values, by: \.contact).mapValues { Set($0.map(\.id)) })
        var w = ByteWriter()
        StateCodec.encode(full, into: &w)
        let bytes = ArrayBytes(w.bytes)
        var r = ByteReader(bytes.bytes)
        let back = try StateCodec.decode(&r, owner: bytes)
        XCTAssertEqual(digest(back), digest(full))
        XCTAssertEqual(back.contacts, full.contacts)
        XCTAssertEqual(back.deals, full.deals)
        XCTAssertEqual(back.touches, full.touches)
        XCTAssertEqual(back.nextSteps, full.nextSteps)
        XCTAssertEqual(back.commitments, full.commitments)
        XCTAssertEqual(back.dealsByContact, full.dealsByContact)
        XCTAssertEqual(back.commitmentsByContact, full.commitmentsByContact)
        XCTAssertFalse(full.commitmentsByContact.isEmpty)
        XCTAssertEqual(back.mergedInto, full.mergedInto)
        XCTAssertEqual(full.mergedInto.count, 1)
    }

    func testAContactsOnlyStartReadsTheIndexAndNothingElse() throws {
        let full = try open()
        let before = try Data(contentsOf: URL(fileURLWithPath: snapshotPath))
        let quick = try Store.open(dir: dir, cacheThreshold: 0, scope: .contacts)
        XCTAssertTrue(quick.isPartial)
        XCTAssertEqual(quick.startup, .fromSnapshot(tail: 0))
        XCTAssertEqual(quick.state.contacts, full.state.contacts)
        XCTAssertEqual(quick.state.eventCount, full.state.eventCount)
        XCTAssertTrue(quick.state.deals.isEmpty && quick.state.touches.isEmpty, "only the index was read")
        let deal = try XCTUnwrap(full.state.deals.keys.first),
            promise = try XCTUnwrap(full.state.commitments.keys.first)
        XCTAssertTrue(quick.isTaken(deal) && quick.isTaken(promise), "ids in use are known without the deals")
        XCTAssertFalse(quick.saveSnapshot(), "a partial state is never saved as the book")

        let c = anyContact(full)
        try quick.append([.note(contact: c, text: "captured on a call")], rep: "ann", now: now)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: snapshotPath)), before)
        let after = try Store.open(dir: dir, cacheThreshold: 1_000_000)
        XCTAssertEqual(after.state.notes[c]?.last?.text, "captured on a call")
        XCTAssertEqual(digest(after.state), digest(try referenceFold()))

        try FileManager.default.removeItem(atPath: dir + "/cache")
        XCTAssertFalse(
            try Store.open(dir: dir, cacheThreshold: 1_000_000, scope: .contacts).isPartial,
            "no snapshot: the full fold")
    }

    func testAOneContactStartHoldsThatContactAndReadsTheRestWhenAnEventNeedsIt() throws {
        let full = try open()
        let c = anyContact(full)
        let one = try Store.open(dir: dir, cacheThreshold: 1_000_000, scope: .contact(id: c))
        XCTAssertTrue(one.isPartial)
        XCTAssertEqual(one.startup, .fromSnapshot(tail: 0))
        XCTAssertEqual(Array(one.state.contacts.keys), [c], "that contact alone")
        XCTAssertEqual(one.state.contacts[c], full.state.contacts[c])
        XCTAssertEqual(one.state.forgotten, full.state.forgotten)
        XCTAssertEqual(one.state.mergedInto, full.state.mergedInto)
        XCTAssertEqual(one.state.eventCount, full.state.eventCount)
        for id in full.state.contacts.keys { XCTAssertTrue(one.isTaken(id), "every contact's id is in use: \(id)") }
        let deal = try XCTUnwrap(full.state.deals.keys.first)
        XCTAssertTrue(one.isTaken(deal))
        XCTAssertFalse(one.isTaken("zz9zz9"))
        XCTAssertFalse(one.saveSnapshot(), "a partial state is never saved as the book")
        // Not an exact id (a name, an id prefix, an id the snapshot lacks): every contact.
        let name = try XCTUnwrap(full.state.contacts[c]?.name)
        for q in [name, String(c.prefix(3)), "zz9zz9"] {
            let wide = try Store.open(dir: dir, cacheThreshold: 1_000_000, scope: .contact(id: q))
            XCTAssertEqual(wide.state.contacts, full.state.contacts, q)
        }

        // A note needs no other contact; a rename of another, read later, needs the whole index.
        try one.append([.note(contact: c, text: "on a call")], rep: "ann", now: now)
        XCTAssertEqual(one.state.contacts.count, 1, "a note reads no other contact")
        let other = try XCTUnwrap(full.state.contacts.keys.sorted().first { $0 != c })
        let writer = try Store.open(dir: dir, cacheThreshold: 1_000_000)
        try writer.append([.updateContact(id: other, fields: [.name: .string("Renamed Person")])], rep: "bob", now: now)
        XCTAssertEqual(try one.reload(), 1)
        let reference = try referenceFold()
        XCTAssertEqual(one.state.contacts, reference.contacts, "every contact, the rename folded in")
        XCTAssertEqual(one.state.contacts[other]?.name, "Renamed Person")
        XCTAssertEqual(one.state.notes[c]?.last?.text, "on a call", "what was folded before, folded again")

        // A fresh start with that rename after the snapshot reads every contact at once.
        let again = try Store.open(dir: dir, cacheThreshold: 1_000_000, scope: .contact(id: c))
        XCTAssertEqual(again.startup, .fromSnapshot(tail: 2))
        XCTAssertEqual(again.state.contacts, reference.contacts)
        let whole = try Store.open(dir: dir, cacheThreshold: 1_000_000)
        XCTAssertEqual(digest(whole.state), digest(reference), "the book as the logs say")
    }

    /// The snapshot holds its contacts by name, so a start knows `contactsByName` without a sort;
    /// an event read after it that changes a contact makes the order sorted again.
    func testAStartKnowsTheContactsByNameAndAnEditSortsThemAgain() throws {
        _ = try open()
        let start = try open()
        XCTAssertEqual(start.startup, .fromSnapshot(tail: 0))
        let known = try XCTUnwrap(start.state.knownByName, "the order came with the contacts")
        XCTAssertEqual(known, State.byName(Array(start.state.contacts.values)), "and it is the by-name order")
        XCTAssertEqual(known.map(\.id), try referenceFold().contactsByName.map(\.id))
        for scope in [Store.Scope.listing, .agenda(rep: "ann"), .contacts] {
            let part = try Store.open(dir: dir, cacheThreshold: 1_000_000, scope: scope)
            XCTAssertEqual(part.state.knownByName, known, "\(scope)")
        }

        // The last contact by name renamed to come first: a start with that in its tail sorts.
        let last = try XCTUnwrap(known.last)
        try start.append([.updateContact(id: last.id, fields: [.name: .string("Aaron Aalto")])], rep: "bob", now: now)
        let after = try Store.open(dir: dir, cacheThreshold: 1_000_000)
        XCTAssertEqual(after.startup, .fromSnapshot(tail: 1))
        XCTAssertNil(after.state.knownByName, "the edit forgot the stored order")
        XCTAssertEqual(after.state.contactsByName.first?.id, last.id)
        XCTAssertEqual(after.state.contactsByName.map(\.id), try referenceFold().contactsByName.map(\.id))
        // A note changes no contact: the order stays known.
        let note = try Store.open(dir: dir, cacheThreshold: 0)
        try note.append([.note(contact: last.id, text: "hello")], rep: "bob", now: now)
        let noted = try Store.open(dir: dir, cacheThreshold: 1_000_000)
        XCTAssertEqual(noted.state.knownByName?.first?.id, last.id, "the snapshot written since holds the new order")
    }

    /// What the guard and the channel advice read of each contact's touches is the same from the
    /// snapshot's bytes (no touch made), from a list decoded since, and from one an event changed.
    func testTouchFactsFromTheSnapshotAreTheTouchesFacts() throws {
        let full = try open()
        let reference = try referenceFold()
        let ids = reference.contacts.keys.sorted()
        XCTAssertGreaterThan(ids.filter { !(reference.touches[$0] ?? []).isEmpty }.count, 10)
        let late = try XCTUnwrap(ids.first { !(reference.touches[$0] ?? []).isEmpty })
        try full.append([.touch(contact: late, channel: .sms, outcome: .replied, note: "late")], rep: "bob", now: now)
        let whole = try referenceFold()
        let s = try Store.open(dir: dir, cacheThreshold: 1_000_000)
        XCTAssertEqual(s.startup, .fromSnapshot(tail: 1))
        for id in ids {
            let expected = (whole.touches[id] ?? []).map(TouchPoint.init)
            XCTAssertEqual(s.state.touchPoints(id), expected, "from the bytes: \(id)")
            XCTAssertEqual(s.state.channelStats(id), ChannelStats(whole.touches[id] ?? []), id)
            _ = s.state.touches[id]
            XCTAssertEqual(s.state.touchPoints(id), expected, "decoded since: \(id)")
        }
        XCTAssertEqual(
            s.state.touchPoints(late).last,
            TouchPoint(at: s.state.touches[late]!.last!.at, channel: .sms, outcome: .replied))
    }

    /// One rep's touch lists lie together in the file, reps in order: what their agenda reads at
    /// start-up is one stretch of the snapshot, not pages all over it.
    func testTheListsLieInTheFileByRep() throws {
        let s = try open().state
        var rest = ByteWriter(), blob = ByteWriter()
        StateCodec.encodeRest(s, into: &rest, blob: &blob)
        let starts = try rest.bytes.withUnsafeBufferPointer { b -> [(Int, String)] in
            var r = ByteReader(b)
            let parts = try StateCodec.partSlices(&r)
            var lists = ByteReader(parts[StateCodec.Part.lists.rawValue])
            let (ranges, _) = try StateCodec.readRanges(&lists, blob: blob.bytes.count)
            return ranges.map { ($0.value.lowerBound, s.contacts[$0.key]?.owner ?? "") }
        }
        XCTAssertGreaterThan(Set(starts.map(\.1)).count, 1, "several reps' lists")
        let owners = starts.sorted { $0.0 < $1.0 }.map(\.1)
        XCTAssertEqual(owners, owners.sorted(), "by rep, in the order of the file")
    }

    func testAPieceAtATimeWritesEveryByte() throws {
        let bytes = (0..<10_007).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let path = dir + "/pieces"
        let fd = Foundation.open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        XCTAssertEqual(bytes.withUnsafeBytes { writeAll(fd, $0, piece: 64) }, 0)
        close(fd)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), Data(bytes))
    }

    /// What a one-contact start relies on: an event of any type but those that widen it leaves
    /// the contact index as it was. Every type is tried, on a book with a deal, a promise and a
    /// merged id.
    func testOnlyTheWideningEventTypesChangeTheContactIndex() {
        let day = Day(year: 2026, month: 11, day: 27)!
        var base = State(), n = 0
        func event(_ c: Change) -> Event {
            n += 1
            return Event(id: "e\(n)", at: now, rep: "ann", type: c.type, fields: c.fields)
        }
        for id in ["c1", "c2", "c3"] {
            base.apply(event(.addContact(Contact(id: id, name: id, owner: "ann", created: now))))
        }
        let deal = Deal(
            id: "d1", contact: "c1", title: "Gym", value: .amount(cents: 100), currency: "EUR", created: now)
        let promise = Commitment(
            id: "p1", contact: "c1", rep: "ann", kind: .weOwe, text: "send it", due: day, source: "e1", created: now)
        base.apply(event(.addDeal(deal)))
        base.apply(event(.promise(promise)))
        base.apply(event(.merge(contact: "c3", into: "c2")))
        let step = NextStep(
            due: day, time: nil, channel: .call, what: "demo", reason: .planned, setBy: "ann", setAt: now)
        let changes: [Change] = [
            .addContact(Contact(id: "c4", name: "New", owner: "ann", created: now)),
            .updateContact(id: "c1", fields: [.name: "Dana Wu"]), .addDeal(deal),
            .setStage(StageChange(deal: "d1", stage: .quoted, quoteSent: day, quoteCents: 100, quoteExpires: day)),
            .touch(contact: "c1", channel: .call, outcome: .noAnswer, note: "x"), .note(contact: "c1", text: "x"),
            .promise(promise), .promiseDone(id: "p1"), .promiseDropped(id: "p1", reason: "r"),
            .promiseMoved(id: "p1", due: day), .setNextStep(contact: "c1", step: step), .clearNextStep(contact: "c1"),
            .annul(events: ["e1"]), .claim(contact: "c1", minutes: 15), .release(contact: "c1"),
            .rest(contact: "c1", reason: "r"), .forget(contact: "c1"), .merge(contact: "c2", into: "c1"),
            .stop(contact: "c1", reason: "r", lift: false), .away(AwayPeriod(from: day, to: day)),
            .reviewed(week: "2026-W48", item: "promise:p1", action: .done),
            // On contacts it does not hold, as a one-contact state sees most events.
            .touch(contact: "zz", channel: .call, outcome: .noAnswer, note: ""), .note(contact: "zz", text: "x"),
            .rest(contact: "zz", reason: "r"), .stop(contact: "zz", reason: "r", lift: false),
        ]
        XCTAssertEqual(Set(changes.map(\.type)), Set(EventType.allCases.map(\.rawValue)), "every type is tried")
        for change in changes where !Store.changesContactIndex(change.type) {
            var s = base
            s.apply(event(change))
            XCTAssertEqual(s.contacts, base.contacts, change.type)
            XCTAssertEqual(s.mergedInto, base.mergedInto, change.type)
            XCTAssertEqual(s.forgotten, base.forgotten, change.type)
        }
        for type in ["contact", "contact.set", "contact.merge", "forget", "annul"] {
            XCTAssertTrue(Store.changesContactIndex(type), type)
        }
        XCTAssertFalse(Store.changesContactIndex("some.future.type"), "a type this Tend does not know changes nothing")
    }

    func testAnAgendaStartHoldsOneRepsPromisesAndGivesTheSameAgenda() throws {
        let full = try open()
        let reps = Set(full.state.commitments.values.map(\.rep))
        XCTAssertGreaterThan(reps.count, 1, "the demo team's promises are made by several reps")
        let clock = Clock(now: now, timeZone: TimeZone(identifier: "UTC")!)
        var promiseRows = 0
        for rep in reps.sorted() {
            let part = try Store.open(dir: dir, cacheThreshold: 0, scope: .agenda(rep: rep))
            XCTAssertTrue(part.isPartial)
            XCTAssertEqual(part.startup, .fromSnapshot(tail: 0))
            let mine = full.state.commitments.filter { $0.value.rep == rep }
            XCTAssertFalse(mine.isEmpty)
            XCTAssertLessThan(mine.count, full.state.commitments.count)
            XCTAssertEqual(part.state.commitments, mine, rep)
            // The index by contact, of the promises held (in no meaningful order).
            var index: [String: [String]] = [:]
            for (id, p) in mine { index[p.contact, default: []].append(id) }
            XCTAssertEqual(part.state.commitmentsByContact.mapValues { $0.sorted() }, index.mapValues { $0.sorted() })
            // Everything else as the whole book has it.
            XCTAssertEqual(part.state.contacts, full.state.contacts)
            XCTAssertEqual(part.state.deals, full.state.deals)
            XCTAssertEqual(part.state.nextSteps, full.state.nextSteps)
            XCTAssertEqual(part.state.touches, full.state.touches)
            XCTAssertEqual(part.state.claims, full.state.claims)
            let other = try XCTUnwrap(full.state.commitments.values.first { $0.rep != rep })
            XCTAssertTrue(part.isTaken(other.id), "another rep's promise id is still in use")
            XCTAssertFalse(part.saveSnapshot(), "a partial state is never saved as the book")
            // What the scope is for: the rep's agenda, item for item.
            let expected = Agenda.build(full.state, rep: rep, settings: full.settings, clock: clock).items
            XCTAssertEqual(
                Agenda.build(part.state, rep: rep, settings: full.settings, clock: clock).items, expected, rep)
            promiseRows += expected.filter { if case .promise = $0.kind { true } else { false } }.count
        }
        XCTAssertGreaterThan(promiseRows, 0, "the agendas compared show promises")
    }

    func testAnAgendaStartIsCompletedWithEveryRepsPromisesAndTheEventsSinceFoldedAgain() throws {
        let full = try open()
        // After the snapshot: another rep's open promise kept, and one of ann's moved.
        let bobs = try XCTUnwrap(
            full.state.commitments.values.filter { $0.rep != "ann" && $0.status == .open }.min { $0.id < $1.id })
        let anns = try XCTUnwrap(
            full.state.commitments.values.filter { $0.rep == "ann" && $0.status == .open }.min { $0.id < $1.id })
        try full.append([.promiseDone(id: bobs.id)], rep: bobs.rep, now: now)
        try full.append([.promiseMoved(id: anns.id, due: anns.due.adding(days: 3))], rep: "ann", now: now)

        let part = try Store.open(dir: dir, cacheThreshold: 1_000_000, scope: .agenda(rep: "ann"))
        XCTAssertEqual(part.startup, .fromSnapshot(tail: 2))
        XCTAssertNil(part.state.commitments[bobs.id], "not held: the event about it was skipped")
        XCTAssertEqual(part.bookProblems, full.state.problems, "and it is not called a problem of the book")
        XCTAssertNotEqual(part.state.problems, full.state.problems)
        XCTAssertEqual(part.state.commitments[anns.id]?.due, anns.due.adding(days: 3))
        let left = try XCTUnwrap(part.promisesLeft)
        part.complete(with: try left.read())
        XCTAssertFalse(part.isPartial)
        XCTAssertNil(part.promisesLeft)
        XCTAssertEqual(part.state.commitments[bobs.id]?.status, .done, "folded again on every promise")
        XCTAssertEqual(digest(part.state), digest(try referenceFold()), "the whole book, as the logs say")
        XCTAssertEqual(part.state.commitments, try referenceFold().commitments)
    }

    func testAListingStartHoldsNoPromiseAndEverythingElseOfTheBook() throws {
        let full = try open()
        XCTAssertFalse(full.state.commitments.isEmpty)
        let anyOpen = try XCTUnwrap(full.state.commitments.values.filter { $0.status == .open }.min { $0.id < $1.id })
        try full.append([.promiseDone(id: anyOpen.id)], rep: anyOpen.rep, now: now)

        let part = try Store.open(dir: dir, cacheThreshold: 1_000_000, scope: .listing)
        XCTAssertTrue(part.isPartial)
        XCTAssertEqual(part.startup, .fromSnapshot(tail: 1))
        XCTAssertTrue(part.state.commitments.isEmpty && part.state.commitmentsByContact.isEmpty, "no promise made")
        XCTAssertTrue(part.state.touches.keys.isEmpty && part.state.notes.keys.isEmpty, "nor a list")
        XCTAssertFalse(full.state.touches.keys.isEmpty)
        XCTAssertTrue(part.isTaken(anyOpen.id), "their ids still in use")
        XCTAssertEqual(part.bookProblems, full.state.problems, "the event about a promise is no problem of the book")
        let reference = try referenceFold()
        XCTAssertEqual(part.state.contacts, reference.contacts)
        XCTAssertEqual(part.state.deals, reference.deals)
        XCTAssertEqual(part.state.dealsByContact, reference.dealsByContact)
        XCTAssertEqual(part.state.nextSteps, reference.nextSteps)
        XCTAssertEqual(part.state.stopped.keys.sorted(), reference.stopped.keys.sorted())
        XCTAssertEqual(part.state.contactsByName.map(\.id), reference.contactsByName.map(\.id))
        XCTAssertFalse(part.saveSnapshot(), "a partial state is never saved as the book")
        part.complete(with: try XCTUnwrap(part.promisesLeft).read())
        XCTAssertEqual(digest(part.state), digest(reference), "completed, the whole book")
    }

    func testASmallBookWritesNoCache() throws {
        let small = dir + "/small"
        try Store.open(dir: small).append(
            [.addContact(Contact(id: "c1", name: "Dana", owner: "ann", created: now))], rep: "ann", now: now)
        _ = try Store.open(dir: small)
        XCTAssertFalse(
            FileManager.default.fileExists(atPath: small + "/cache/snapshot.bin"),
            "below the threshold a replay is cheaper than a cache")
    }
}
