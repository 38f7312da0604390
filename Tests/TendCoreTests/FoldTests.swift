import XCTest

@testable import TendCore

final class FoldTests: XCTestCase {
    func event(_ id: String, _ at: String, _ rep: String, _ change: Change) -> Event {
        Event(id: id, at: ts(at), rep: rep, type: change.type, fields: change.fields)
    }

    func contact(_ id: String, _ name: String) -> Contact {
        Contact(id: id, name: name, owner: "ann", created: ts("2026-11-01T00:00:00Z"))
    }

    func testTheSameEventsInAnyOrderFoldToTheSameState() {
        let events = [
            event("a1", "2026-11-01T09:00:00Z", "ann", .addContact(contact("c1", "Dana"))),
            event("b1", "2026-11-02T09:00:00Z", "bob", .updateContact(id: "c1", fields: [.company: "Acme"])),
            event("a2", "2026-11-02T09:00:00Z", "ann", .updateContact(id: "c1", fields: [.company: "Acme GmbH"])),
            event(
                "b2", "2026-11-03T09:00:00Z", "bob", .touch(contact: "c1", channel: .call, outcome: .noAnswer, note: "")
            ),
        ]
        let s1 = State.fold(events), s2 = State.fold(events.reversed()),
            s3 = State.fold([events[2], events[0], events[3], events[1]])
        XCTAssertEqual(s1.contacts, s2.contacts)
        XCTAssertEqual(s1.contacts, s3.contacts)
        XCTAssertEqual(s1.touches["c1"], s3.touches["c1"])
    }

    func testConcurrentEditsOfOneFieldLastWriterWinsByAtThenRepThenID() {
        let base = event("a1", "2026-11-01T09:00:00Z", "ann", .addContact(contact("c1", "Dana")))
        // Same instant: bob sorts after ann, so bob's value wins, on every machine.
        let s = State.fold([
            base,
            event("b9", "2026-11-02T09:00:00Z", "bob", .updateContact(id: "c1", fields: [.company: "Bob's"])),
            event(
                "a9", "2026-11-02T09:00:00Z", "ann",
                .updateContact(id: "c1", fields: [.company: "Ann's", .needs: "12 seats"])),
        ])
        XCTAssertEqual(s.contacts["c1"]?.company, "Bob's")
        XCTAssertEqual(s.contacts["c1"]?.needs, "12 seats", "other fields of the losing edit still apply")
        let later = State.fold([
            base,
            event("b9", "2026-11-02T09:00:00Z", "bob", .updateContact(id: "c1", fields: [.company: "Bob's"])),
            event("a9", "2026-11-02T09:00:00.001Z", "ann", .updateContact(id: "c1", fields: [.company: "Ann's"])),
        ])
        XCTAssertEqual(later.contacts["c1"]?.company, "Ann's")
    }

    func testUnknownTypesAreSkippedAndBadEventsReported() {
        let s = State.fold([
            event("a1", "2026-11-01T09:00:00Z", "ann", .addContact(contact("c1", "Dana"))),
            Event(v: 2, id: "a2", at: ts("2026-11-01T10:00:00Z"), rep: "ann", type: "hologram", fields: ["x": 1]),
            event(
                "a3", "2026-11-01T11:00:00Z", "ann", .touch(contact: "ghost", channel: .call, outcome: .busy, note: "")),
            Event(
                id: "a4", at: ts("2026-11-01T12:00:00Z"), rep: "ann", type: "touch",
                fields: ["contact": "c1", "channel": "fax", "outcome": "busy"]),
        ])
        XCTAssertEqual(s.contacts.count, 1)
        XCTAssertEqual(s.problems.map(\.eventID), ["a3", "a4"])
        XCTAssertTrue(s.problems[0].message.contains("unknown contact ghost"))
        XCTAssertTrue(s.problems[1].message.contains("channel"))
    }

    func testEveryChangeSurvivesTheTripThroughAnEventLine() throws {
        var c = contact("c1", "Zoë Müller")
        c.company = "Müller"; c.phones = ["+49 1"]; c.emails = ["z@m.example"]; c.prefers = .email
        c.bestTime = "mornings"; c.needs = "10 seats"; c.tags = ["vip"]
        let changes: [Change] = [
            .addContact(c),
            .updateContact(id: "c1", fields: [.owner: "bob"]),
            .addDeal(
                Deal(
                    id: "d1", contact: "c1", title: "Gym",
                    value: .recurring(perPeriodCents: 17_500, quantity: 4, periods: 12), currency: "USD",
                    created: ts("2026-11-01T00:00:00Z"))),
            .setStage(
                StageChange(
                    deal: "d1", stage: .quoted, quoteSent: day("2026-11-02"), quoteCents: 800_000,
                    quoteExpires: day("2026-12-01"))),
            .touch(contact: "c1", channel: .sms, outcome: .leftMessage, note: "line1\nline2"),
            .note(contact: "c1", text: "* send list"),
            .promise(
                Commitment(
                    id: "p1", contact: "c1", rep: "ann", kind: .waitingOn, text: "decide", due: day("2026-11-27"),
                    source: "x", created: ts("2026-11-01T00:00:00Z"))),
            .promiseDropped(id: "p1", reason: "moot"),
            .setNextStep(
                contact: "c1",
                step: NextStep(
                    due: day("2026-11-24"), time: LocalTime(hour: 14, minute: 30), channel: .meeting, what: "demo",
                    reason: .escalate)),
            .clearNextStep(contact: "c1"),
        ]
        for change in changes {
            let e = Event(id: "x", at: ts("2026-11-01T00:00:00Z"), rep: "ann", type: change.type, fields: change.fields)
            let back = try Event.parse(line: Array(e.line.utf8))
            XCTAssertEqual(back, e)
            var read = try XCTUnwrap(try Change(event: back))
            if case .setNextStep(let cid, var step) = read {  // who set it comes from the envelope
                step.setBy = ""; step.setAt = Timestamp(ms: 0)
                read = .setNextStep(contact: cid, step: step)
            }
            XCTAssertEqual(read, change)
        }
    }

    func testAMergedContactsTimelinePromisesAndDealsCountForTheOneThatStays() throws {
        var dupe = contact("c2", "Dana W.")
        dupe.emails = ["dana@acme.example"]
        let promise = Commitment(
            id: "p1", contact: "c2", rep: "bob", kind: .weOwe, text: "send the list",
            due: Day(year: 2026, month: 11, day: 27)!, created: ts("2026-11-02T10:00:00Z"))
        let s = State.fold([
            event("a1", "2026-11-01T09:00:00Z", "ann", .addContact(contact("c1", "Dana Wu"))),
            event("b1", "2026-11-01T09:00:01Z", "bob", .addContact(dupe)),
            event(
                "a2", "2026-11-02T09:00:00Z", "ann", .touch(contact: "c1", channel: .call, outcome: .noAnswer, note: "")
            ),
            event(
                "b2", "2026-11-02T10:00:00Z", "bob",
                .touch(contact: "c2", channel: .call, outcome: .voicemail, note: "")),
            event("b3", "2026-11-02T10:00:01Z", "bob", .promise(promise)),
            event("a3", "2026-11-02T11:00:00Z", "ann", .merge(contact: "c2", into: "c1")),
            // A rep who still knows the old id: the event is read as being about the one that stays.
            event("b4", "2026-11-02T12:00:00Z", "bob", .note(contact: "c2", text: "late note")),
        ])
        XCTAssertTrue(s.problems.isEmpty, "\(s.problems)")
        XCTAssertNil(s.contacts["c2"])
        XCTAssertEqual(s.contacts["c1"]?.emails, ["dana@acme.example"], "what the survivor lacked is kept")
        XCTAssertEqual(s.touches["c1"]?.map(\.id), ["a2", "b2"], "both timelines, in time order")
        XCTAssertEqual(s.commitments["p1"]?.contact, "c1")
        XCTAssertEqual(s.openCommitments(of: "c1").map(\.id), ["p1"], "the promise moved with them")
        XCTAssertNil(s.commitmentsByContact["c2"])
        XCTAssertEqual(s.notes["c1"]?.map(\.text), ["late note"])
        // The guard sees both reps' attempts on one person now.
        let clock = Clock(now: ts("2026-11-02T12:30:00Z"), timeZone: TimeZone(identifier: "UTC")!)
        let hit = try XCTUnwrap(Guard.check(s.touches["c1"] ?? [], now: clock.now, rule: GuardRule(), clock: clock))
        XCTAssertEqual(hit.last.id, "b2")
        XCTAssertEqual(try ContactLookup.find("c2", in: s).id, "c1", "the old id still names them")

        var forgotten = s
        forgotten.apply(event("a9", "2026-11-03T09:00:00Z", "ann", .forget(contact: "c1")))
        XCTAssertTrue(
            forgotten.forgotten.isSuperset(of: ["c1", "c2"]), "forgetting the survivor forgets the merged id too")
    }
}
