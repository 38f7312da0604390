import Foundation
import TendCore

/// A large, realistic team for benchmarks: `tend demo --generate`. The same seed and clock give the
/// same files byte for byte.
///
/// Each contact gets a timeline from its creation (spread over `years` before now) to now: touches with
/// their outcomes, notes of 20–300 characters, deals moving through stages, promises made and kept,
/// next steps — the last one due around today, so the agenda is full. Events are written in time
/// order to one log per rep, as a real team's logs would be.
public enum TeamGenerator {
    public struct Options: Sendable {
        public var reps = 20
        public var contacts = 10_000
        public var events = 1_000_000
        public var seed: UInt64 = 1
        public var years = 3
        public init(reps: Int = 20, contacts: Int = 10_000, events: Int = 1_000_000, seed: UInt64 = 1, years: Int = 3) {
            self.reps = reps
            self.contacts = contacts
            self.events = events
            self.seed = seed
            self.years = years
        }
    }

    public struct Summary: Sendable {
        public var reps: [String]
        public var events: Int
        public var bytes: Int
    }

    static let repNames = [
        "ann", "bob", "carol", "dev", "emre", "fatima", "gus", "hana", "ivan", "jo", "kofi", "lena",
        "mateo", "nia", "omar", "priya", "quinn", "rosa", "sven", "tomas",
    ]
    static let first = [
        "Dana", "Zoë", "Jürgen", "Søren", "Chloé", "José", "Łukasz", "Ayşe", "Priya", "Tom", "Mia", "Kenji",
        "Amara", "Leo", "Ines", "Olaf", "Fatima", "Noah", "Sara", "Yuki", "Ravi", "Nina", "Felix", "Aiko",
        "李", "Марина", "Émile", "Björn", "Nguyễn", "Ali",
    ]
    static let last = [
        "Wu", "Müller", "Berg", "Álvarez", "Raman", "Becker", "Schulz", "Martin", "Rossi", "Kim", "Lind",
        "Vogel", "Costa", "Duarte", "Sato", "Okafor", "Novak", "Girard", "Haddad", "Lund", "Horák",
        "Tanaka", "Patel", "Petrova", "Wagner", "娜", "Ørsted", "Dubois", "Kowalski", "Jensen",
    ]
    static let companyWords = [
        "Acme", "Nordwind", "Atlas", "Fjord", "Sato", "Costa", "Lund", "Holm", "Mori", "Adeyemi",
        "Bianchi", "Novotná", "Duarte", "Haddad", "Wagner",
    ]
    static let companyKinds = [
        "GmbH", "AB", "SARL", "Logistik", "Foods", "Robotics", "Health", "Print", "Design", "Bau",
    ]
    static let words = [
        "call", "back", "next", "week", "about", "the", "quote", "pricing", "seats", "pilot", "contract",
        "budget", "approval", "manager", "wants", "demo", "on", "site", "delivery", "café", "Grüße",
        "naïve", "€", "discount", "renewal", "training", "invoice", "sent", "asked", "for", "references",
        "EU", "hosting", "prefers", "email", "mornings", "after", "lunch", "busy", "until", "Friday",
    ]

    /// Writes the team into `dir/log/` (which must hold no logs yet) and returns what was written.
    public static func write(
        to dir: String, options o: Options, now: Timestamp, progress: Progress? = nil
    ) throws -> Summary {
        precondition(o.reps >= 1 && o.contacts >= 1 && o.events >= o.contacts)
        var rng = SplitMix64(seed: o.seed)
        let reps = (0..<o.reps).map { i in i < repNames.count ? repNames[i] : "rep\(i + 1)" }
        let span = Int64(o.years) * 365 * 86_400_000
        let start = now.ms - span

        // Each contact's share of the events, and when each happens: creation first, then in time order.
        var slots: [(at: Int64, contact: Int32)] = []
        slots.reserveCapacity(o.events)
        let base = o.events / o.contacts, extra = o.events % o.contacts
        for c in 0..<o.contacts {
            let n = base + (c < extra ? 1 : 0)
            let created = start + Int64(rng.next() % UInt64(span - 8 * 86_400_000))
            slots.append((created, Int32(c)))
            for _ in 1..<max(n, 1) {
                slots.append((created + 1 + Int64(rng.next() % UInt64(now.ms - 3_600_000 - created)), Int32(c)))
            }
        }
        slots.sort { ($0.at, $0.contact) < ($1.at, $1.contact) }

        var people = [Person?](repeating: nil, count: o.contacts)
        var remaining = [Int](repeating: 0, count: o.contacts)
        for s in slots { remaining[Int(s.contact)] += 1 }
        var ids = IDGenerator(seed: o.seed &+ 1)
        var taken = Set<String>()
        func newID() -> String {
            let id = ids.entityID(taken: { taken.contains($0) })
            taken.insert(id)
            return id
        }
        let writers = try Dictionary(uniqueKeysWithValues: reps.map { ($0, try LogFile(dir: dir, rep: $0)) })
        var lastAt: Int64 = 0
        var bytes = 0
        let clockZone = TimeZone(identifier: "UTC")!
        for (n, s) in slots.enumerated() {
            if n & 0x3FFF == 0 { progress?(n, slots.count) }
            let c = Int(s.contact)
            remaining[c] -= 1
            // Two events never share a millisecond, as with a real hybrid logical clock.
            let at = Timestamp(ms: max(s.at, lastAt + 1))
            lastAt = at.ms
            let day = Clock(now: at, timeZone: clockZone).today
            let change: Change
            var rep: String
            if people[c] == nil {
                let owner = reps[c % reps.count]
                var contact = Contact(
                    id: newID(), name: "\(pick(first, &rng)) \(pick(last, &rng))", owner: owner, created: at)
                contact.company = "\(pick(companyWords, &rng)) \(pick(companyKinds, &rng))"
                contact.phones = ["+49 30 \(1_000_000 + rng.next() % 9_000_000)"]
                contact.emails = ["\(contact.id)@example.com"]
                people[c] = Person(contact: contact)
                change = .addContact(contact)
                rep = owner
            } else {
                var p = people[c]!
                rep = rng.next() % 100 < 85 ? p.contact.owner : reps[Int(rng.next() % UInt64(reps.count))]
                (change, p) = next(p, day: day, now: now, last: remaining[c] == 0, rng: &rng, newID: newID)
                people[c] = p
            }
            let line = Event(id: ids.eventID(at: at), at: at, rep: rep, type: change.type, fields: change.fields).line
            bytes += line.utf8.count + 1
            try writers[rep]!.append(line)
        }
        for (_, w) in writers { try w.close() }
        progress?(slots.count, slots.count)
        return Summary(reps: reps, events: slots.count, bytes: bytes)
    }

    struct Person {
        var contact: Contact
        var deal: String?
        var stage = Stage.lead
        var open: [String] = []
    }

    static func pick<T>(_ xs: [T], _ rng: inout SplitMix64) -> T { xs[Int(rng.next() % UInt64(xs.count))] }

    static func text(_ rng: inout SplitMix64) -> String {
        let target = 20 + Int(rng.next() % 281)
        var s = ""
        while s.count < target { s += (s.isEmpty ? "" : " ") + pick(words, &rng) }
        return String(s.prefix(target))
    }

    /// The next thing that happens to a contact, given where they stand.
    static func next(
        _ p: Person, day: Day, now: Timestamp, last: Bool, rng: inout SplitMix64,
        newID: () -> String
    ) -> (Change, Person) {
        var p = p
        let id = p.contact.id
        if last && p.stage != .lost {
            // Everyone still followed up ends with a next step around today: the agenda is full.
            let today = Clock(now: now, timeZone: TimeZone(identifier: "UTC")!).today
            let due = today.adding(days: Int(rng.next() % 21) - 7)
            return (
                .setNextStep(
                    contact: id, step: NextStep(due: due, channel: .call, what: text(&rng).prefix(40).description)), p
            )
        }
        let roll = rng.next() % 100
        switch roll {
        case 0..<6 where p.deal == nil:
            let d = Deal(
                id: newID(), contact: id, title: "Plan for \(p.contact.company)",
                value: .amount(cents: Int64(500 + rng.next() % 40_000) * 100), currency: "EUR",
                created: Timestamp(ms: 0))
            p.deal = d.id
            return (.addDeal(d), p)
        case 0..<6:
            let advance: Stage?
            switch p.stage {
            case .lead: advance = .prospect
            case .prospect: advance = .quoted
            case .quoted: advance = rng.next() % 3 == 0 ? .lost : .won
            default: advance = nil
            }
            guard let stage = advance else { return (.note(contact: id, text: text(&rng)), p) }
            p.stage = stage
            var move = StageChange(deal: p.deal!, stage: p.stage)
            if p.stage == .quoted { move.quoteSent = day; move.quoteCents = Int64(1000 + rng.next() % 30_000) * 100 }
            if p.stage == .won { move.used = day }
            if p.stage == .lost { move.reason = "chose another vendor" }
            return (.setStage(move), p)
        case 6..<12:
            let c = Commitment(
                id: newID(), contact: id, rep: p.contact.owner, kind: rng.next() % 3 == 0 ? .waitingOn : .weOwe,
                text: text(&rng).prefix(60).description, due: day.adding(days: 1 + Int(rng.next() % 10)),
                created: Timestamp(ms: 0))
            p.open.append(c.id)
            return (.promise(c), p)
        case 12..<16 where !p.open.isEmpty:
            return (.promiseDone(id: p.open.removeFirst()), p)
        case 16..<28:
            return (
                .setNextStep(
                    contact: id,
                    step: NextStep(
                        due: day.adding(days: 1 + Int(rng.next() % 14)), channel: .call,
                        what: text(&rng).prefix(40).description)), p
            )
        case 28..<45:
            return (.note(contact: id, text: text(&rng)), p)
        default:
            let outcomes: [Outcome] = [
                .connected, .noAnswer, .noAnswer, .voicemail, .leftMessage, .busy, .replied, .held,
            ]
            let channels: [Channel] = [.call, .call, .call, .email, .email, .meeting, .sms]
            let note = rng.next() % 3 == 0 ? text(&rng) : ""
            return (.touch(contact: id, channel: pick(channels, &rng), outcome: pick(outcomes, &rng), note: note), p)
        }
    }
}

/// A rep's log being written in bulk: buffered, one `write` per megabyte.
private final class LogFile {
    let fd: Int32
    var buffer: [UInt8] = []

    init(dir: String, rep: String) throws {
        for path in [dir, dir + "/log"] {
            if !FileManager.default.fileExists(atPath: path) {
                try FileManager.default.createDirectory(
                    atPath: path, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
            }
        }
        let path = dir + "/log/\(rep).jsonl"
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StoreError(
                "cannot create \(path): \(String(cString: strerror(errno))) (the folder must hold no logs yet)")
        }
        buffer.reserveCapacity(1 << 20)
    }

    func append(_ line: String) throws {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { try flush() }
    }

    func flush() throws {
        let err = buffer.withUnsafeBytes { writeAll(fd, $0) }
        guard err == 0 else { throw StoreError("cannot write a generated log: \(String(cString: strerror(err)))") }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        fsync(fd)
        Glibc.close(fd)
    }
}
