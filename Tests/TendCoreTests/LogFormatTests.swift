import Foundation
import XCTest

@testable import TendCore

/// The words that reach the log are a file format: every event type, contact field and review
/// action, and the fields each change writes, pinned here. Renaming a Swift case must not change
/// any of them; a change here is a change of format and needs `Event.formatVersion` thinking.
final class LogFormatTests: XCTestCase {
    let at = Timestamp.parseISO("2026-11-23T09:00:00Z")!
    let day = Day(year: 2026, month: 11, day: 27)!

    func testEventTypeNames() {
        XCTAssertEqual(
            EventType.allCases.map(\.rawValue),
            [
                "contact", "contact.set", "contact.rest", "contact.merge", "contact.stop", "deal", "deal.stage",
                "touch", "note",
                "promise",
                "promise.done", "promise.drop", "promise.move", "next", "next.clear", "annul", "claim", "release",
                "forget", "review.item", "rep.away",
            ])
    }

    /// The fold's lookup of a type by name is `init(rawValue:)`, for every name and near misses.
    func testEventTypeLookupIsItsRawValue() {
        for t in EventType.allCases {
            XCTAssertEqual(EventType.named(t.rawValue), t)
            for near in [t.rawValue + "x", String(t.rawValue.dropLast()), t.rawValue.uppercased(), " " + t.rawValue] {
                XCTAssertNil(EventType.named(near), near)
                XCTAssertNil(EventType(rawValue: near), near)
            }
        }
        XCTAssertNil(EventType.named(""))
    }

    func testContactFieldAndReviewActionNames() {
        XCTAssertEqual(
            ContactField.allCases.map(\.rawValue),
            ["name", "company", "owner", "prefers", "needs", "phones", "emails", "tags", "uid", "tz", "best_time"])
        XCTAssertEqual(
            ReviewAction.known.map(\.rawValue),
            ["done", "setNext", "drop", "followUp", "escalate", "won", "lost", "nurture", "rest", "seen"])
    }

    func testEveryChangeWritesItsTypeAndFields() {
        var contact = Contact(id: "c1", name: "Dana", owner: "ann", created: at)
        (contact.company, contact.phones, contact.emails, contact.prefers) = ("Acme", ["+49 30 1"], ["d@x"], .call)
        (contact.bestTime, contact.needs, contact.tags, contact.uid) = ("mornings", "12 seats", ["vip"], "u-1")
        let promise = Commitment(
            id: "p1", contact: "c1", rep: "ann", kind: .waitingOn, text: "decide", due: day,
            source: "e1", created: at)
        let step = NextStep(
            due: day, time: LocalTime(hour: 14, minute: 30), channel: .call, what: "demo",
            reason: .planned, setBy: "ann", setAt: at)
        let cases: [(Change, String, [String])] = [
            (
                .addContact(contact), "contact",
                [
                    "best_time", "company", "contact", "emails", "name", "needs", "owner", "phones", "prefers", "tags",
                    "uid",
                ]
            ),
            (
                .updateContact(id: "c1", fields: [.bestTime: "noon", .company: "B"]), "contact.set",
                ["best_time", "company", "contact"]
            ),
            (
                .addDeal(
                    Deal(
                        id: "d1", contact: "c1", title: "Gym", value: .amount(cents: 100), currency: "EUR", created: at)
                ),
                "deal", ["amount_cents", "contact", "currency", "deal", "title"]
            ),
            (
                .addDeal(
                    Deal(
                        id: "d2", contact: "c1", title: "Gym",
                        value: .recurring(
                            perPeriodCents: 17500, quantity: 4,
                            periods: 12), currency: "EUR", created: at)),
                "deal", ["contact", "currency", "deal", "per_period_cents", "periods", "quantity", "title"]
            ),
            (
                .setStage(StageChange(deal: "d1", stage: .quoted, quoteSent: day, quoteCents: 100, quoteExpires: day)),
                "deal.stage", ["amount_cents", "deal", "expires", "sent", "stage"]
            ),
            (
                .touch(contact: "c1", channel: .call, outcome: .noAnswer, note: "x"), "touch",
                ["channel", "contact", "note", "outcome"]
            ),
            (.note(contact: "c1", text: "x"), "note", ["contact", "text"]),
            (.promise(promise), "promise", ["contact", "due", "kind", "promise", "source", "text"]),
            (.promiseDone(id: "p1"), "promise.done", ["promise"]),
            (.promiseDropped(id: "p1", reason: "r"), "promise.drop", ["promise", "reason"]),
            (.promiseMoved(id: "p1", due: day), "promise.move", ["due", "promise"]),
            (.setNextStep(contact: "c1", step: step), "next", ["channel", "contact", "due", "time", "what", "why"]),
            (.clearNextStep(contact: "c1"), "next.clear", ["contact"]),
            (.annul(events: ["e1"]), "annul", ["events"]),
            (.claim(contact: "c1", minutes: 15), "claim", ["contact", "minutes"]),
            (.release(contact: "c1"), "release", ["contact"]),
            (.rest(contact: "c1", reason: "r"), "contact.rest", ["contact", "reason"]),
            (.forget(contact: "c1"), "forget", ["contact"]),
            (.merge(contact: "c2", into: "c1"), "contact.merge", ["contact", "into"]),
            (.stop(contact: "c1", reason: "r", lift: false), "contact.stop", ["contact", "reason"]),
            (.stop(contact: "c1", reason: "", lift: true), "contact.stop", ["contact", "lift"]),
            (.away(AwayPeriod(from: day, to: day.adding(days: 3))), "rep.away", ["from", "to"]),
            (.away(nil), "rep.away", ["clear"]),
            (
                .reviewed(week: "2026-W48", item: "promise:p1", action: .done), "review.item",
                ["action", "item", "week"]
            ),
        ]
        for (change, type, fields) in cases {
            XCTAssertEqual(change.type, type)
            XCTAssertEqual(change.fields.keys.sorted(), fields, type)
            // And it reads back as itself: the fold and the writer agree on every name.
            let e = Event(id: "e9", at: at, rep: "ann", type: change.type, fields: change.fields)
            XCTAssertEqual(try Change(event: e), change, type)
        }
    }
}
