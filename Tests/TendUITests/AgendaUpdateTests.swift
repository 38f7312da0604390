import Foundation
import TendCore
import TendStore
import XCTest

@testable import TendUI

/// The agenda rebuilt for the contacts another rep's events changed (what the TUI does when a log
/// grows) must be the agenda built whole: every kind of event, for one rep and for everyone.
final class AgendaUpdateTests: XCTestCase {
    let clock = Demo.clock
    let settings = Settings()

    func assertSameAsWhole(_ before: State, _ e: Event, file: StaticString = #filePath, line: UInt = #line) -> State {
        var after = before
        let changed = before.contactsChanged(by: e)
        after.apply(e)
        guard let changed else { return after }
        for rep in ["ann", "bob", nil] as [String?] {
            let previous = Agenda.build(before, rep: rep, settings: settings, clock: clock)
            let updated = Agenda.build(
                after, rep: rep, settings: settings, clock: clock, updating: previous, changed: changed)
            XCTAssertEqual(
                updated, Agenda.build(after, rep: rep, settings: settings, clock: clock),
                "\(e.type) \(e.fields.dictionary) for \(rep ?? "everyone")", file: file, line: line)
        }
        return after
    }

    func event(_ change: Change, rep: String, id: String, minutesAgo: Int64 = 1) -> Event {
        Event(
            id: id, at: Timestamp(ms: clock.now.ms - minutesAgo * 60_000), rep: rep, type: change.type,
            fields: change.fields)
    }

    func testTheDemoTeamsLastEventsOneByOneGiveTheWholeAgenda() {
        let events = DemoTeam.events(clock: clock, settings: settings).sorted(by: Event.foldOrder)
        let cut = events.count / 3
        var state = State.fold(Array(events[..<cut]))
        var incremental = 0
        for e in events[cut...] {
            if state.contactsChanged(by: e) != nil { incremental += 1 }
            state = assertSameAsWhole(state, e)
        }
        XCTAssertGreaterThan(incremental, (events.count - cut) * 3 / 4, "most events concern one contact")
    }

    func testEveryKindOfChangeOnOneContactGivesTheWholeAgenda() throws {
        var state = Demo.state
        let mine = state.contactsByName(owner: "ann")
        let bobs = state.contactsByName(owner: "bob")
        let a = try XCTUnwrap(mine.first { state.nextSteps[$0.id] != nil }).id
        let b = try XCTUnwrap(mine.first { state.nextSteps[$0.id] == nil && state.isActive($0.id) }).id
        let promise = try XCTUnwrap(state.commitments.values.first { $0.status == .open && $0.rep == "ann" })
        let deal = try XCTUnwrap(state.deals.values.first { state.contacts[$0.contact]?.owner == "ann" })
        // The same ids made again under another contact (a concurrent create): both contacts change.
        var moved = try XCTUnwrap(
            state.commitments.values.first { $0.status == .open && $0.rep == "ann" && $0.id != promise.id })
        moved.contact = b
        var movedDeal = try XCTUnwrap(
            state.deals.values.first { state.contacts[$0.contact]?.owner == "ann" && $0.id != deal.id })
        movedDeal.contact = b
        let changes: [(Change, String)] = [
            (.promise(moved), "ann"),
            (.addDeal(movedDeal), "ann"),
            (.claim(contact: a, minutes: 15), "bob"),
            (.touch(contact: a, channel: .call, outcome: .noAnswer, note: ""), "bob"),
            (.updateContact(id: a, fields: [.owner: .string("bob")]), "bob"),  // leaves ann's list
            (.updateContact(id: try XCTUnwrap(bobs.first).id, fields: [.owner: .string("ann")]), "bob"),  // joins it
            (.setNextStep(contact: b, step: NextStep(due: clock.today, what: "call back", setBy: "ann")), "ann"),
            (.clearNextStep(contact: b), "ann"),
            (.promiseDone(id: promise.id), "ann"),
            (.setStage(StageChange(deal: deal.id, stage: .won)), "ann"),
            (.rest(contact: b, reason: "asked for quiet"), "ann"),
            (.stop(contact: deal.contact, reason: "do not call", lift: false), "carol"),
            (.addContact(Contact(id: "zz01", name: "Ada New", owner: "ann", created: clock.now)), "ann"),
            (.release(contact: a), "bob"),
        ]
        for (i, (change, rep)) in changes.enumerated() {
            let e = event(change, rep: rep, id: "u\(i)", minutesAgo: Int64(changes.count - i))
            XCTAssertNotNil(state.contactsChanged(by: e), "\(e.type) concerns one contact")
            state = assertSameAsWhole(state, e)
        }
    }

    func testWhatConcernsEveryoneRebuildsTheWholeAgenda() {
        let state = Demo.state
        for change in [
            Change.away(AwayPeriod(from: clock.today, to: clock.today.adding(days: 3))),
            .annul(events: ["x"]),
            .merge(contact: state.contactsByName[0].id, into: state.contactsByName[1].id),
            .forget(contact: state.contactsByName[0].id),
        ] {
            XCTAssertNil(state.contactsChanged(by: event(change, rep: "ann", id: "e")), "\(change.type)")
        }
    }

    /// The model takes another process's events through the store's record of what changed, and
    /// shows what the whole build would.
    func testTheModelRebuildsOnlyTheChangedRowsAndShowsTheWholeAgenda() throws {
        let dir = FileManager.default.temporaryDirectory.path + "/tend-agenda-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let mine = try Store.open(dir: dir, now: clock.now)
        try DemoTeam.write(to: mine, clock: clock)
        var m = Model(state: mine.state, settings: settings, rep: "ann", clock: clock)
        mine.markSeen()
        XCTAssertFalse(m.agenda.items.isEmpty)
        let other = try Store.open(dir: dir, now: clock.now)
        let contact = try XCTUnwrap(m.agenda.items.first).contact
        _ = try other.append(
            [.touch(contact: contact, channel: .call, outcome: .noAnswer, note: "")], rep: "bob", now: clock.now)
        XCTAssertEqual(try mine.reload(), 1)
        XCTAssertEqual(mine.changedSinceMark, [contact])
        _ = Update.update(&m, .reloaded(mine.state, changed: mine.changedSinceMark))
        XCTAssertEqual(m.agenda, Agenda.build(mine.state, rep: "ann", settings: settings, clock: clock))
        XCTAssertNotNil(m.agenda.items.first { $0.contact == contact }?.guarded, "bob's attempt shows")
        // An undo (annul) refolds: nothing is known about what changed.
        mine.markSeen()
        _ = try other.append([.annul(events: ["whatever"])], rep: "bob", now: clock.now)
        try mine.reload()
        XCTAssertNil(mine.changedSinceMark)
    }
}
