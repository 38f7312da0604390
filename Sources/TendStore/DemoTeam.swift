import TendCore

/// A sample team for `tend demo`: three reps, about forty contacts in every stage, a month of touches
/// by all three, promises open and kept, a silent quote, a check-in due, lookers, and one contact
/// another rep called half an hour ago. Dates are relative to the clock, so the demo is always fresh;
/// a fixed seed makes it the same every time for a given clock.
public enum DemoTeam {
    public static let reps = ["ann", "bob", "carol"]

    enum Plan {
        case lead
        case prospect(euros: Int64, next: Int?)
        case recurring(perMonth: Int64, seats: Int, months: Int, quotedDaysAgo: Int?)
        case quoted(euros: Int64, sentDaysAgo: Int)
        case won(euros: Int64, usedDaysAgo: Int)
        case nurture(daysAgo: Int)
        case lost(reason: String)
        /// Owned by ann, due today, and bob called 30 minutes ago: the double call the guard prevents.
        case guarded(euros: Int64)
    }

    static let people: [(String, String, String, Channel?, Plan)] = [
        ("Dana Wu", "Acme GmbH", "ann", .call, .guarded(euros: 12_000)),
        ("Zoë Müller", "Müller Logistik", "ann", .email, .quoted(euros: 8_400, sentDaysAgo: 16)),
        ("李雷", "Shenzhen Parts", "ann", .email, .quoted(euros: 5_600, sentDaysAgo: 3)),
        ("José Álvarez", "Álvarez & Hijos", "ann", .call, .won(euros: 4_200, usedDaysAgo: 7)),
        (
            "Priya Raman", "Northwind Fitness", "ann", .call,
            .recurring(perMonth: 175, seats: 4, months: 12, quotedDaysAgo: 1)
        ),
        ("Tom Becker", "Becker Bau", "ann", .call, .prospect(euros: 3_000, next: 0)),
        ("Fatima Zahra", "Atlas Imports", "ann", nil, .prospect(euros: 9_500, next: -2)),
        ("Olaf Berg", "Fjord Foods", "ann", .meeting, .prospect(euros: 22_000, next: 4)),
        ("Mia Schulz", "Schulz Design", "ann", .email, .nurture(daysAgo: 3)),
        ("Lucas Martin", "Martin SARL", "ann", .call, .nurture(daysAgo: 40)),
        ("Emma Rossi", "Rossi Caffè", "ann", .email, .lost(reason: "chose a cheaper vendor")),
        ("Noah Kim", "", "ann", nil, .lead),
        ("Sara Lind", "Lind Consulting", "ann", .call, .prospect(euros: 6_800, next: nil)),
        ("Hannah Vogel", "Vogel Optik", "ann", .call, .won(euros: 2_900, usedDaysAgo: 20)),
        ("Bruno Costa", "Costa Transportes", "bob", .call, .quoted(euros: 15_000, sentDaysAgo: 8)),
        ("Ines Duarte", "Duarte Vinhos", "bob", .email, .prospect(euros: 4_400, next: 0)),
        ("Kenji Sato", "Sato Robotics", "bob", .meeting, .quoted(euros: 31_000, sentDaysAgo: 1)),
        ("Amara Okafor", "Okafor Health", "bob", .call, .won(euros: 7_700, usedDaysAgo: 5)),
        ("Leo Novak", "Novak Print", "bob", .call, .nurture(daysAgo: 12)),
        ("Chloé Girard", "Girard Fleurs", "bob", .sms, .prospect(euros: 1_900, next: 2)),
        ("Omar Haddad", "Haddad Trading", "bob", .call, .lost(reason: "project cancelled")),
        ("Greta Lund", "Lund Marine", "bob", .email, .lead),
        ("Pavel Horák", "Horák Strojírny", "bob", .call, .prospect(euros: 12_500, next: -1)),
        (
            "Yuki Tanaka", "Tanaka Studio", "bob", .email,
            .recurring(perMonth: 49, seats: 10, months: 12, quotedDaysAgo: nil)
        ),
        ("Ravi Patel", "Patel Pharmacy", "bob", .call, .won(euros: 3_300, usedDaysAgo: 2)),
        ("Nina Petrova", "Petrova Textiles", "bob", nil, .prospect(euros: 5_000, next: nil)),
        ("Felix Wagner", "Wagner Autohaus", "bob", .call, .quoted(euros: 18_900, sentDaysAgo: 4)),
        ("Sofia Esposito", "Esposito Moda", "carol", .email, .quoted(euros: 6_100, sentDaysAgo: 10)),
        ("Ahmed Saleh", "Saleh Electronics", "carol", .call, .prospect(euros: 8_800, next: 1)),
        ("Ingrid Holm", "Holm Arkitekter", "carol", .meeting, .won(euros: 14_000, usedDaysAgo: 9)),
        ("Diego Ruiz", "Ruiz Motors", "carol", .call, .nurture(daysAgo: 25)),
        ("Aiko Mori", "Mori Tea", "carol", .email, .prospect(euros: 2_600, next: 0)),
        ("Jan Kowalski", "Kowalski Meble", "carol", .call, .lost(reason: "no budget this year")),
        ("Lena Fischer", "Fischer Apotheke", "carol", .call, .prospect(euros: 7_300, next: -4)),
        ("Marco Bianchi", "Bianchi Ferramenta", "carol", .call, .lead),
        ("Eva Novotná", "Novotná Kosmetika", "carol", .email, .quoted(euros: 9_900, sentDaysAgo: 2)),
        ("Samuel Adeyemi", "Adeyemi Solar", "carol", .call, .prospect(euros: 26_000, next: 3)),
        ("Clara Jensen", "Jensen Bageri", "carol", .sms, .won(euros: 1_500, usedDaysAgo: 30)),
        ("Viktor Ivanov", "Ivanov Logistics", "carol", .call, .prospect(euros: 11_200, next: nil)),
        ("Maya Cohen", "Cohen Dental", "carol", .call, .nurture(daysAgo: 60)),
    ]

    static let notes = [
        "asked about volume discounts", "wants to involve their finance lead", "comparing two vendors",
        "happy with the trial so far", "needs EU data hosting", "budget decided next quarter",
        "prefers a short written summary", "asked for references in their industry",
    ]

    /// Writes the demo team into an empty store, each rep's events to that rep's own log.
    public static func write(to store: Store, clock: Clock, seed: UInt64 = 1) throws {
        let all = events(clock: clock, settings: store.settings, seed: seed)
        for rep in reps {
            try store.appendEvents(all.filter { $0.rep == rep }, rep: rep, asBatch: false)
        }
    }

    /// The demo team's events, the same for the same clock and seed: view tests render from these.
    public static func events(clock: Clock, settings: Settings, seed: UInt64 = 1) -> [Event] {
        var b = Builder(clock: clock, seed: seed)
        for (i, p) in people.enumerated() { b.person(i, p) }
        var state = State.fold(b.events)
        b.planCadences(&state, settings: settings)
        return b.events
    }

    enum Answer: Equatable { case won, lost(String) }

    struct Builder {
        let clock: Clock
        var rng: SplitMix64
        var ids: IDGenerator
        var events: [Event] = []

        init(clock: Clock, seed: UInt64) {
            self.clock = clock
            rng = SplitMix64(seed: seed)
            ids = IDGenerator(seed: seed &+ 1)
        }

        /// An instant `days` ago at a local working-hours time, never after now.
        mutating func at(daysAgo days: Int, hour: Int? = nil) -> Timestamp {
            let h = hour ?? 9 + Int(rng.next() % 8)
            let m = Int(rng.next() % 60)
            let t = clock.instant(clock.today.adding(days: -days), LocalTime(hour: h, minute: m)!)
            return min(t, clock.now.adding(minutes: -(days * 7 + 60)))
        }

        /// An instant `days` ago at a fixed time: history added without drawing from the seeded
        /// sequence, so the rest of the demo stays as it was.
        func fixed(daysAgo days: Int, hour: Int, minute: Int = 0) -> Timestamp {
            clock.instant(clock.today.adding(days: -days), LocalTime(hour: hour, minute: minute)!)
        }

        @discardableResult
        mutating func emit(_ rep: String, _ at: Timestamp, _ change: Change) -> String {
            let e = Event(id: ids.eventID(at: at), at: at, rep: rep, type: change.type, fields: change.fields)
            events.append(e)
            return e.id
        }

        mutating func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }

        mutating func touches(_ cid: String, owner: String, from: Int, to: Int, count: Int, channel: Channel) {
            guard count > 0, from > to else { return }
            for k in 0..<count {
                let day = from - (from - to) * k / count
                let rep = rng.next() % 5 == 0 ? pick(DemoTeam.reps) : owner
                let outcome: Outcome = pick(
                    channel == .email
                        ? [.replied, .replied, .bounced, .connected]
                        : [.connected, .connected, .noAnswer, .voicemail, .leftMessage, .busy])
                let note = outcome.isConversation ? pick(DemoTeam.notes) : ""
                emit(rep, at(daysAgo: day), .touch(contact: cid, channel: channel, outcome: outcome, note: note))
            }
        }

        mutating func person(_ i: Int, _ p: (String, String, String, Channel?, Plan)) {
            let (name, company, owner, prefers, plan) = p
            let cid = "d" + String(1000 + i * 37, radix: 36)
            var added = at(daysAgo: 100 - i % 10, hour: 9)
            // Leads came in last week, so Stats has a speed-to-lead figure (first touch the same day).
            if case .lead = plan { added = fixed(daysAgo: 6, hour: 8, minute: 30 + i % 20) }
            var c = Contact(id: cid, name: name, owner: owner, created: added)
            c.company = company
            c.prefers = prefers
            let slug = name.lowercased().filter { $0.isASCII && $0.isLetter }
            c.emails = slug.isEmpty ? [] : ["\(slug)@example.com"]
            c.phones = ["+49 30 \(5550000 + i * 113)"]
            if i % 3 == 0 { c.bestTime = pick(["mornings", "after 14:00", "Tue/Thu"]) }
            // The note's words without its verb: the contact screen labels the line "needs".
            if i % 4 == 0 {
                let need = pick(DemoTeam.notes)
                c.needs = need.hasPrefix("needs ") ? String(need.dropFirst(6)) : need
            }
            emit(owner, added, .addContact(c))
            let created = added.adding(minutes: 1)  // the deal after its contact, in fold order
            let ch = prefers ?? .call
            let dealID = "e" + String(1000 + i * 37, radix: 36)
            func deal(_ cents: Int64, _ title: String = "Annual plan") -> Deal {
                Deal(
                    id: dealID, contact: cid, title: title, value: .amount(cents: cents), currency: "EUR",
                    created: created)
            }
            func stage(_ s: StageChange, daysAgo: Int) {
                emit(owner, at(daysAgo: daysAgo), .setStage(s))
            }

            /// A quote sent `sent` days ago and answered `answered` days ago, the answer said on a call.
            func quoteAnswered(_ answer: Answer, sent: Int, answered: Int, cents: Int64, used: Int?) {
                emit(
                    owner, fixed(daysAgo: sent, hour: 11),
                    .setStage(
                        StageChange(
                            deal: dealID, stage: .quoted, quoteSent: clock.today.adding(days: -sent),
                            quoteCents: cents)))
                // The answer's instant draws from the seeded sequence as the stage move alone did.
                let answeredAt = at(daysAgo: answered)
                let said = answer == .won ? "yes: go ahead" : "no: went another way"
                emit(
                    owner, answeredAt.adding(minutes: -20),
                    .touch(contact: cid, channel: .call, outcome: .connected, note: said))
                switch answer {
                case .won:
                    let day = used.map { clock.today.adding(days: -$0) }
                    emit(owner, answeredAt, .setStage(StageChange(deal: dealID, stage: .won, used: day)))
                case .lost(let reason):
                    emit(owner, answeredAt, .setStage(StageChange(deal: dealID, stage: .lost, reason: reason)))
                }
            }

            switch plan {
            case .lead:
                touches(cid, owner: owner, from: 6, to: 2, count: 1, channel: ch)
            case .prospect(let euros, let next):
                emit(owner, created, .addDeal(deal(euros * 100)))
                stage(StageChange(deal: dealID, stage: .prospect), daysAgo: 25)
                touches(cid, owner: owner, from: 24, to: 2, count: 3, channel: ch)
                if let n = next {
                    let time: LocalTime? = n == 0 && i % 2 == 0 ? LocalTime(hour: 15, minute: 30) : nil
                    emit(
                        owner, at(daysAgo: 1),
                        .setNextStep(
                            contact: cid,
                            step: NextStep(
                                due: clock.today.adding(days: n), time: time, channel: ch,
                                what: pick([
                                    "send the case study", "follow up on the demo", "confirm seats and start date",
                                ]))))
                }
                if i % 2 == 0 {
                    emit(
                        owner, at(daysAgo: 5),
                        .promise(
                            Commitment(
                                id: "p" + cid.dropFirst(), contact: cid, rep: owner, kind: .weOwe,
                                text: pick(["send the price list", "send two references", "check delivery dates"]),
                                due: clock.today.adding(days: i % 4 == 0 ? -1 : 2), created: at(daysAgo: 5))))
                }
            case .recurring(let perMonth, let seats, let months, let quoted):
                let d = Deal(
                    id: dealID, contact: cid, title: "Membership \(seats) × \(months) months",
                    value: .recurring(perPeriodCents: perMonth * 100, quantity: seats, periods: months),
                    currency: "EUR", created: created)
                emit(owner, created, .addDeal(d))
                stage(StageChange(deal: dealID, stage: .prospect), daysAgo: 20)
                touches(cid, owner: owner, from: 18, to: 3, count: 2, channel: ch)
                if let q = quoted {
                    stage(
                        StageChange(
                            deal: dealID, stage: .quoted, quoteSent: clock.today.adding(days: -q),
                            quoteCents: d.value.totalCents), daysAgo: q)
                }
            case .quoted(let euros, let sent):
                emit(owner, created, .addDeal(deal(euros * 100)))
                stage(StageChange(deal: dealID, stage: .prospect), daysAgo: sent + 6)
                touches(cid, owner: owner, from: sent + 5, to: sent + 1, count: 2, channel: ch)
                stage(
                    StageChange(
                        deal: dealID, stage: .quoted, quoteSent: clock.today.adding(days: -sent),
                        quoteCents: euros * 100, quoteExpires: clock.today.adding(days: 30 - sent)), daysAgo: sent)
                // Follow-ups on the cadence days that have passed, none answered: the quote goes silent.
                for off in [1, 3, 7, 14] where off < sent {
                    emit(
                        owner, at(daysAgo: sent - off),
                        .touch(contact: cid, channel: ch, outcome: ch == .email ? .bounced : .noAnswer, note: ""))
                }
                emit(
                    owner, at(daysAgo: sent),
                    .promise(
                        Commitment(
                            id: "w" + cid.dropFirst(), contact: cid, rep: owner, kind: .waitingOn,
                            text: "decide on the quote",
                            due: clock.today.adding(days: 7 - sent), created: at(daysAgo: sent))))
            case .won(let euros, let used):
                emit(owner, created, .addDeal(deal(euros * 100)))
                touches(cid, owner: owner, from: 28, to: used + 2, count: 3, channel: ch)
                // Quoted, then a yes on the phone: Stats has a quote-to-answer time and a win rate.
                quoteAnswered(.won, sent: used + 9, answered: used + 1, cents: euros * 100, used: used)
                let pid = "p" + cid.dropFirst()
                emit(
                    owner, at(daysAgo: used + 1),
                    .promise(
                        Commitment(
                            id: pid, contact: cid, rep: owner, kind: .weOwe, text: "send the onboarding guide",
                            due: clock.today.adding(days: -used), created: at(daysAgo: used + 1))))
                emit(owner, at(daysAgo: used), .promiseDone(id: pid))
            case .nurture(let days):
                emit(owner, created, .addDeal(deal(4_000_00, "Starter plan")))
                touches(cid, owner: owner, from: days + 20, to: days, count: 2, channel: ch)
                stage(StageChange(deal: dealID, stage: .nurture, reason: "not this quarter"), daysAgo: days)
            case .lost(let reason):
                emit(owner, created, .addDeal(deal(5_000_00)))
                touches(cid, owner: owner, from: 25, to: 10, count: 2, channel: ch)
                quoteAnswered(.lost(reason), sent: 16, answered: 9, cents: 5_000_00, used: nil)
            case .guarded(let euros):
                emit(owner, created, .addDeal(deal(euros * 100, "Fleet tracking")))
                stage(StageChange(deal: dealID, stage: .prospect), daysAgo: 14)
                touches(cid, owner: owner, from: 13, to: 3, count: 2, channel: ch)
                emit(
                    owner, at(daysAgo: 2),
                    .setNextStep(
                        contact: cid,
                        step: NextStep(
                            due: clock.today, time: nil, channel: .call, what: "agree the pilot scope")))
                emit(
                    "bob", clock.now.adding(minutes: -30),
                    .touch(contact: cid, channel: .call, outcome: .noAnswer, note: ""))
            }
        }

        /// Lets the cadence plan each quote, check-in and looker, as the reps' tools would have.
        mutating func planCadences(_ state: inout State, settings: Settings) {
            for c in state.contactsByName where state.nextSteps[c.id] == nil {
                // Leads and prospects are left as the reps left them: the demo shows what "no next
                // step" looks like (the cadence plans theirs from the next touch on).
                guard let step = Cadence.propose(for: c.id, in: state, settings: settings, clock: clock) else {
                    continue
                }
                if step.reason.isLeadOrProspectCadence { continue }
                let last = events.filter { $0.fields["contact"]?.string == c.id }.map(\.at).max() ?? clock.now
                let id = emit(
                    c.owner, min(last.adding(minutes: 1), clock.now.adding(minutes: -1)),
                    .setNextStep(contact: c.id, step: step))
                state.apply(events.last { $0.id == id }!)
            }
        }
    }
}
