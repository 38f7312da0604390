import Foundation
import TendCore

/// A small book built event by event, with a clock the test moves.
struct Book {
    var state = State()
    var clock: Clock
    var seq = 0

    init(now: String = "2026-11-23T09:00:00Z", zone: String = "UTC") {
        clock = Clock(now: Timestamp.parseISO(now)!, timeZone: TimeZone(identifier: zone)!)
    }

    mutating func at(_ iso: String) { clock.now = Timestamp.parseISO(iso)! }

    @discardableResult
    mutating func apply(_ change: Change, rep: String = "ann", at: Timestamp? = nil) -> Event {
        seq += 1
        let e = Event(
            id: String(format: "e%06d", seq), at: at ?? clock.now, rep: rep, type: change.type, fields: change.fields)
        state.apply(e)
        return e
    }

    @discardableResult
    mutating func contact(_ id: String, _ name: String, owner: String = "ann", prefers: Channel? = nil) -> Contact {
        var c = Contact(id: id, name: name, owner: owner, created: clock.now)
        c.prefers = prefers
        apply(.addContact(c), rep: owner)
        return c
    }

    mutating func deal(_ id: String, for contact: String, cents: Int64 = 100_000) {
        apply(
            .addDeal(
                Deal(
                    id: id, contact: contact, title: "Plan", value: .amount(cents: cents), currency: "EUR",
                    created: clock.now)))
    }

    mutating func stage(_ deal: String, _ change: StageChange) { apply(.setStage(change)) }

    mutating func touch(
        _ contact: String, _ outcome: Outcome, rep: String = "ann", via: Channel = .call, at iso: String? = nil
    ) {
        apply(
            .touch(contact: contact, channel: via, outcome: outcome, note: ""), rep: rep,
            at: iso.map { Timestamp.parseISO($0)! })
    }
}

func day(_ s: String) -> Day { Day.parseISO(s)! }
func ts(_ s: String) -> Timestamp { Timestamp.parseISO(s)! }
