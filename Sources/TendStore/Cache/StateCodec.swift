import Foundation
import TendCore

/// The folded `State`, every field of it, as bytes for the snapshot cache.
///
/// Adding a stored property to `State` or to an entity means writing it here and bumping
/// `Snapshot.formatVersion`: an old snapshot is then replayed instead of misread. A test folds a
/// demo team, round-trips it through this codec and compares field by field.
enum StateCodec {
    /// Each contact's list body goes to `blob` (outside the checked sections); the section keeps
    /// where it lies and its own checksum, asked when the list is first read (`ContactLists`).
    /// `owners`: each contact's rep. The lists are laid out by it, so one rep's (what their agenda
    /// reads at start-up) lie together in the file: scattered over the whole 80 MB of a big
    /// team's lists, they brought most of it into the process's memory, a fault and its
    /// neighbouring pages at a time.
    static func writeLists<T>(
        _ lists: ContactLists<T>, owners: [String: Contact], into w: inout ByteWriter, blob: inout ByteWriter,
        _ item: (T, inout ByteWriter) -> Void
    ) {
        let keys = lists.keys.map { (owner: owners[$0]?.owner ?? "", contact: $0) }.sorted { $0 < $1 }.map(\.contact)
        w.count(keys.count)
        for k in keys {
            let at = blob.bytes.count
            if let raw = lists.encodedBytes(k) {
                blob.bytes += raw
            } else {
                let xs = lists[k]!
                blob.count(xs.count)
                for x in xs { item(x, &blob) }
            }
            let body = blob.bytes[at...]
            w.str(k); w.count(at); w.count(body.count)
            w.uint(body.withUnsafeBytes { FNV1a.wide($0) })
        }
    }

    /// Where each contact's list lies in `blob`, and its checksum.
    static func readRanges(
        _ r: inout ByteReader, blob: Int
    ) throws -> (ranges: [String: Range<Int>], sums: [String: UInt64]) {
        var ranges: [String: Range<Int>] = [:], sums: [String: UInt64] = [:]
        let n = try r.count()
        ranges.reserveCapacity(n)
        sums.reserveCapacity(n)
        for _ in 0..<n {
            let k = try r.str(), at = try r.uint(), len = try r.uint()
            guard len <= UInt64(blob), at <= UInt64(blob) - len else { throw ByteReader.Corrupt() }
            ranges[k] = Int(at)..<Int(at + len)
            sums[k] = try r.uint()
        }
        return (ranges, sums)
    }

    /// The lists of one kind ("touches", "notes") in `blob`, each checked against its checksum
    /// when first read; one that fails is reported as damage (`SnapshotDamage`), and `file` removed.
    static func readLists<T>(
        _ r: inout ByteReader, blob: UnsafeBufferPointer<UInt8>, owner: AnyObject & Sendable, file: String?,
        kind: String,
        decode: @escaping @Sendable (String, UnsafeBufferPointer<UInt8>) throws -> [T],
        points: (@Sendable (UnsafeBufferPointer<UInt8>) throws -> [TouchPoint])? = nil
    ) throws -> ContactLists<T> {
        let (ranges, sums) = try readRanges(&r, blob: blob.count)
        return ContactLists(encoded: blob, owner: owner, ranges: ranges, decode: decode, points: points) { key, bytes in
            if FNV1a.wide(UnsafeRawBufferPointer(bytes)) == sums[key] { return true }
            SnapshotDamage.report("the \(kind) of contact \(key) do not match their checksum", in: owner, file: file)
            return false
        }
    }

    /// One contact's list as `writeLists` wrote it: a count, then the items, and nothing after.
    static func readList<T>(_ b: UnsafeBufferPointer<UInt8>, _ item: (inout ByteReader) throws -> T) throws -> [T] {
        var r = ByteReader(b)
        let m = try r.count()
        var out: [T] = []
        out.reserveCapacity(m)
        for _ in 0..<m { out.append(try item(&r)) }
        guard r.isAtEnd else { throw ByteReader.Corrupt() }
        return out
    }

    @Sendable static func decodeTouches(_ contact: String, _ b: UnsafeBufferPointer<UInt8>) throws -> [Touch] {
        try readList(b) { r in
            Touch(
                id: try r.str(), contact: contact, rep: try r.str(), at: try r.time(),
                channel: try r.enumCase(channels),
                outcome: try r.enumCase(outcomes), note: try r.str())
        }
    }

    /// A touch list's `TouchPoint`s: each touch's time, channel and outcome, its strings stepped
    /// over (the same bytes `decodeTouches` reads).
    @Sendable static func touchPoints(_ b: UnsafeBufferPointer<UInt8>) throws -> [TouchPoint] {
        try readList(b) { r in
            _ = try r.strBytes()
            _ = try r.strBytes()
            let at = try r.time(), channel = try r.enumCase(channels), outcome = try r.enumCase(outcomes)
            _ = try r.strBytes()
            return TouchPoint(at: at, channel: channel, outcome: outcome)
        }
    }

    @Sendable static func decodeNotes(_ contact: String, _ b: UnsafeBufferPointer<UInt8>) throws -> [Note] {
        try readList(b) { r in
            Note(id: try r.str(), contact: contact, rep: try r.str(), at: try r.time(), text: try r.str())
        }
    }

    static let channels = Channel.allCases, outcomes = Outcome.allCases, stages = Stage.allCases
    static let kinds = CommitmentKind.allCases, statuses = CommitmentStatus.allCases

    /// Every field: the index, then the rest (the snapshot keeps them as two checked sections).
    static func encode(_ s: State, into w: inout ByteWriter) {
        encodeIndex(s, into: &w)
        var blob = ByteWriter()
        encodeRest(s, into: &w, blob: &blob)
        w.count(blob.bytes.count)
        w.bytes += blob.bytes
    }

    /// What a command that only names contacts needs (`tend note`): the contacts, who was forgotten,
    /// the clock, and every id already taken, so a new one never collides.
    static func encodeIndex(_ s: State, into w: inout ByteWriter) {
        w.count(s.contacts.count)
        // Each contact after its length: a start for one contact steps over the others
        // (`ContactRecords`). By name: a whole start knows `contactsByName` without sorting.
        var record = ByteWriter()
        for c in s.contactsByName {
            record.bytes.removeAll(keepingCapacity: true)
            record.str(c.id); record.str(c.name); record.str(c.company); record.strs(c.phones)
            record.strs(c.emails); record.optCase(c.prefers, in: channels); record.str(c.bestTime)
            record.str(c.needs); record.strs(c.tags); record.str(c.owner); record.time(c.created)
            record.str(c.uid); record.str(c.timeZone)
            w.blob(record)
        }
        w.strs(Array(s.forgotten))
        w.count(s.forgottenEntities.count)
        for (k, v) in s.forgottenEntities { w.str(k); w.str(v) }
        w.count(s.mergedInto.count)
        for (k, v) in s.mergedInto { w.str(k); w.str(v) }
        w.time(s.latest)
        w.count(s.eventCount)
        // After their length: a start that needs none of them steps over 75,000 ids at once.
        var taken = ByteWriter()
        taken.strs(Array(s.deals.keys) + Array(s.commitments.keys))
        w.blob(taken)
    }

    /// The rest in four parts, each after its length, so a start-up decodes them side by side
    /// (`decodeParts`): deals, the touch and note lists, promises, and plans with everything else.
    static func encodeRest(_ s: State, into w: inout ByteWriter, blob: inout ByteWriter) {
        for part in Part.allCases {
            var p = ByteWriter()
            encode(part, of: s, into: &p, blob: &blob)
            w.count(p.bytes.count)
            w.bytes += p.bytes
        }
    }

    enum Part: Int, CaseIterable {
        case deals, lists, promises, plans
    }

    static func encode(_ part: Part, of s: State, into w: inout ByteWriter, blob: inout ByteWriter) {
        switch part {
        case .deals:
            w.count(s.deals.count)
            for d in s.deals.values {
                w.str(d.id); w.str(d.contact); w.str(d.title)
                switch d.value {
                case .amount(let c): w.u8(0); w.int(c)
                case .recurring(let p, let q, let n): w.u8(1); w.int(p); w.int(q); w.int(n)
                }
                w.str(d.currency); w.enumCase(d.stage, in: stages); w.time(d.stageAt)
                w.optDay(d.quoteSent); w.optInt(d.quoteCents); w.optDay(d.quoteExpires); w.optDay(d.used)
                w.str(d.reason)
            }
            w.count(s.dealsByContact.count)
            for (k, ids) in s.dealsByContact { w.str(k); w.strs(ids) }
        case .lists:
            // Touches and notes: per contact, a length and then the list, so a start-up can leave them
            // encoded and decode one contact's list when it is first read (`ContactLists`).
            writeLists(s.touches, owners: s.contacts, into: &w, blob: &blob) { t, w in
                w.str(t.id); w.str(t.rep); w.time(t.at); w.enumCase(t.channel, in: channels)
                w.enumCase(t.outcome, in: outcomes); w.str(t.note)
            }
            writeLists(s.notes, owners: s.contacts, into: &w, blob: &blob) { n, w in
                w.str(n.id); w.str(n.rep); w.time(n.at); w.str(n.text)
            }
        case .promises:
            // By rep, each rep's promises a blob of their own, and the index by contact one too:
            // one rep's start (`.agenda`) steps over the others' in twenty jumps, and a start that
            // needs none (`.listing`) over the whole part, instead of walking 60,000 promises.
            let byRep = Dictionary(grouping: s.commitments.values, by: \.rep)
            w.count(s.commitments.count)  // all of them, for the reader to make room once
            w.count(byRep.count)
            for (rep, promises) in byRep {
                var group = ByteWriter()
                group.count(promises.count)
                for p in promises { writePromise(p, into: &group) }
                w.str(rep)
                w.blob(group)
            }
            var index = ByteWriter()
            index.count(s.commitmentsByContact.count)
            for (k, ids) in s.commitmentsByContact { index.str(k); index.strs(ids) }
            w.blob(index)
        case .plans:
            w.count(s.nextSteps.count)
            for (k, n) in s.nextSteps {
                w.str(k); w.day(n.due); w.optInt(n.time.map { Int64($0.minutes) }); w.optCase(n.channel, in: channels)
                w.str(n.what); w.str(n.reason.code); w.str(n.setBy); w.time(n.setAt)
            }
            w.count(s.claims.count)
            for (k, c) in s.claims { w.str(k); w.str(c.rep); w.time(c.at); w.time(c.until) }
            w.count(s.resting.count)
            for (k, r) in s.resting { w.str(k); w.str(r.reason); w.time(r.at) }
            w.count(s.stopped.count)
            for (k, r) in s.stopped { w.str(k); w.str(r.reason); w.str(r.rep); w.time(r.at) }
            w.count(s.away.count)
            for (rep, periods) in s.away {
                w.str(rep); w.count(periods.count)
                for p in periods { w.day(p.from); w.day(p.to) }
            }
            for changed in [s.emailsChanged, s.phonesChanged] {
                w.count(changed.count)
                for (k, t) in changed { w.str(k); w.time(t) }
            }
            w.count(s.reviewed.count)
            for (k, items) in s.reviewed {
                w.str(k); w.count(items.count)
                for (i, a) in items { w.str(i); w.str(a) }
            }
            w.count(s.problems.count)
            for p in s.problems { w.str(p.eventID); w.str(p.message) }
        }
    }

    /// The promises part (see `encode(.promises)`): every rep's group, or only `promises`' rep's
    /// (the index by contact then rebuilt from those), or none; the groups not wanted are stepped
    /// over unmade (their allocation and first touch of fresh memory were most of a start-up's
    /// decoding).
    static func decodePromises(_ r: inout ByteReader, _ promises: Promises, into s: inout State) throws {
        let want: [UInt8]?
        switch promises {
        case .all: want = nil
        case .of(let rep): want = Array(rep.utf8)
        case .none: want = []
        }
        let total = try r.count()
        if want == nil { s.commitments.reserveCapacity(total) }  // once: growing it per group rehashed it each time
        for _ in 0..<(try r.count()) {
            let rep = try r.strBytes()
            var group = ByteReader(try r.blobAfter())
            if let want, want.isEmpty || !rep.elementsEqual(want) { continue }
            let n = try group.count()
            for _ in 0..<n {
                let p = try readPromise(&group)
                s.commitments[p.id] = p
                if want != nil { s.commitmentsByContact[p.contact, default: []].append(p.id) }
            }
            guard group.isAtEnd else { throw ByteReader.Corrupt() }
        }
        var index = ByteReader(try r.blobAfter())
        guard want == nil else { return }
        let n = try index.count()
        s.commitmentsByContact.reserveCapacity(n)
        for _ in 0..<n { s.commitmentsByContact[try index.str()] = try index.strs() }
        guard index.isAtEnd else { throw ByteReader.Corrupt() }
    }

    static func writePromise(_ p: Commitment, into w: inout ByteWriter) {
        w.str(p.id); w.str(p.contact); w.str(p.rep); w.enumCase(p.kind, in: kinds); w.str(p.text); w.day(p.due)
        w.enumCase(p.status, in: statuses); w.str(p.reason); w.optStr(p.source); w.time(p.created)
        w.optTime(p.closed); w.time(p.updated)
    }

    /// One promise, built in one go (see `Commitment.init(id:…updated:)`).
    static func readPromise(_ r: inout ByteReader) throws -> Commitment {
        Commitment(
            id: try r.str(), contact: try r.str(), rep: try r.str(), kind: try r.enumCase(kinds), text: try r.str(),
            due: try r.day(), status: try r.enumCase(statuses), reason: try r.str(), source: try r.optStr(),
            created: try r.time(), closed: try r.optTime(), updated: try r.time())
    }

    static func decode(_ r: inout ByteReader, owner: AnyObject & Sendable) throws -> State {
        var s = State()
        _ = try decodeIndex(&r, into: &s, wantTaken: false)
        let parts = try partSlices(&r)
        try decodeParts(parts, blob: try r.blobAfter(), into: &s, owner: owner)
        return s
    }

    /// One contact's record (its length already read).
    static func contact(_ r: inout ByteReader) throws -> Contact {
        var c = Contact(id: try r.str(), name: try r.str(), owner: "", created: Timestamp(ms: 0))
        c.company = try r.str(); c.phones = try r.strs(); c.emails = try r.strs()
        c.prefers = try r.optCase(channels); c.bestTime = try r.str(); c.needs = try r.str(); c.tags = try r.strs()
        c.owner = try r.str(); c.created = try r.time(); c.uid = try r.str(); c.timeZone = try r.str()
        guard r.isAtEnd else { throw ByteReader.Corrupt() }
        return c
    }

    /// Every contact of `records` (`count` of them), in their order: by name, as `encodeIndex`
    /// writes them.
    static func decodeContacts(_ records: UnsafeBufferPointer<UInt8>, count: Int) throws -> [Contact] {
        var r = ByteReader(records)
        var out: [Contact] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            var record = ByteReader(try r.blobAfter())
            // A returned value moves into the list; a local built in place here was copied in and
            // released, a sixth of a note's time.
            out.append(try contact(&record))
        }
        guard r.isAtEnd else { throw ByteReader.Corrupt() }
        return out
    }

    /// What the index decoding left in the snapshot's bytes: the ids taken elsewhere (when asked,
    /// for a partial load: see `TakenIDs`; a whole one knows every id from its state), and the
    /// contacts when only one was wanted and found.
    struct IndexLeft {
        var taken: UnsafeBufferPointer<UInt8>?
        var contacts: (records: UnsafeBufferPointer<UInt8>, count: Int)?
        /// `decodeIndex(contactsLater:)`: every contact, for `decodeParts` to decode beside the rest.
        var later: (records: UnsafeBufferPointer<UInt8>, count: Int)?
    }

    /// Fills the index fields of `s`. `only`: decode just the contact with exactly this id, when
    /// there is one (the others stay in the bytes, returned); else, or when nil, every contact —
    /// or, `contactsLater`, none of them yet (returned as `later`).
    static func decodeIndex(
        _ r: inout ByteReader, into s: inout State, wantTaken: Bool, only: String? = nil, contactsLater: Bool = false
    ) throws -> IndexLeft {
        var left = IndexLeft()
        var n = try r.count()
        let first = r.at
        var found: UnsafeBufferPointer<UInt8>?
        var wanted = only ?? ""
        try wanted.withUTF8 { want in
            for _ in 0..<n {
                let record = try r.blobAfter()
                // A record starts with its id's length (one byte, under 128) and the id.
                if only != nil, found == nil, want.count < 0x80, record.count > want.count, record[0] == want.count,
                    memcmp(record.baseAddress! + 1, want.baseAddress!, want.count) == 0
                {
                    found = record
                }
            }
        }
        let records = UnsafeBufferPointer(rebasing: r.bytes[first..<r.at])
        if let found {
            var record = ByteReader(found)
            let c = try contact(&record)
            s.contacts[c.id] = c
            left.contacts = (records, n)
        } else if contactsLater {
            left.later = (records, n)
        } else {
            s.setContacts(byName: try decodeContacts(records, count: n))
        }
        s.forgotten = Set(try r.strs())
        n = try r.count()
        for _ in 0..<n { s.forgottenEntities[try r.str()] = try r.str() }
        n = try r.count()
        for _ in 0..<n { s.mergedInto[try r.str()] = try r.str() }
        s.latest = try r.time()
        s.eventCount = Int(try r.uint())
        let taken = try r.blobAfter()
        if wantTaken { left.taken = taken }
        return left
    }

    /// Which promises a start makes: every one, one rep's (`Store.Scope.agenda`), or none
    /// (`.listing`); those left are stepped over in the mapped bytes.
    enum Promises: Equatable {
        case all, of(String), none
    }

    /// The four parts' bytes, each after its length; `r` moved past them.
    static func partSlices(_ r: inout ByteReader) throws -> [UnsafeBufferPointer<UInt8>] {
        try Part.allCases.map { _ in try r.blobAfter() }
    }

    /// Decodes the four parts side by side (a start-up's decoding, halved on two cores), each
    /// into a state of its own, then puts them together. `promises`: which of them are made;
    /// `lists`: whether the touch and note lists' part is read (else their state is empty);
    /// `contacts`: the index's contacts, when `decodeIndex` left them for this (a fifth job: alone
    /// before the others they were a quarter of a start's decoding on one core).
    static func decodeParts(
        _ slices: [UnsafeBufferPointer<UInt8>], blob: UnsafeBufferPointer<UInt8>, into s: inout State,
        owner: AnyObject & Sendable, file: String? = nil, promises: Promises = .all, lists: Bool = true,
        contacts: (records: UnsafeBufferPointer<UInt8>, count: Int)? = nil
    ) throws {
        final class Slot: @unchecked Sendable { var result: Result<State, Error>? }
        // Slot 0 holds the contacts when they are decoded here: the longest job starts first.
        let first = contacts == nil ? 0 : 1
        let slots = (0..<(first + Part.allCases.count)).map { _ in Slot() }
        DispatchQueue.concurrentPerform(iterations: slots.count) { i in
            slots[i].result = Result {
                var state = State()
                if let contacts, i == 0 {
                    state.setContacts(byName: try decodeContacts(contacts.records, count: contacts.count))
                    return state
                }
                if !lists, i - first == Part.lists.rawValue { return state }
                var r = ByteReader(slices[i - first])
                try decode(
                    Part(rawValue: i - first)!, from: &r, blob: blob, into: &state, owner: owner, file: file,
                    promises: promises)
                guard r.isAtEnd else { throw ByteReader.Corrupt() }
                return state
            }
        }
        if contacts != nil { s.takeContacts(of: try slots[0].result!.get()) }
        func part(_ p: Part) throws -> State { try slots[first + p.rawValue].result!.get() }
        let deals = try part(.deals), lists = try part(.lists), promises = try part(.promises)
        let plans = try part(.plans)
        (s.deals, s.dealsByContact) = (deals.deals, deals.dealsByContact)
        (s.touches, s.notes) = (lists.touches, lists.notes)
        (s.commitments, s.commitmentsByContact) = (promises.commitments, promises.commitmentsByContact)
        (s.nextSteps, s.claims, s.resting, s.stopped, s.away) =
            (plans.nextSteps, plans.claims, plans.resting, plans.stopped, plans.away)
        (s.emailsChanged, s.phonesChanged, s.reviewed, s.problems) =
            (plans.emailsChanged, plans.phonesChanged, plans.reviewed, plans.problems)
    }

    /// One part. `owner` keeps alive the bytes `r` reads: touch and note lists point into them
    /// until decoded.
    static func decode(
        _ part: Part, from r: inout ByteReader, blob: UnsafeBufferPointer<UInt8>, into s: inout State,
        owner: AnyObject & Sendable, file: String? = nil, promises: Promises = .all
    ) throws {
        var n: Int
        switch part {
        case .deals:
            n = try r.count()
            s.deals.reserveCapacity(n)
            for _ in 0..<n {
                let id = try r.str(), contact = try r.str(), title = try r.str()
                let value: DealValue
                switch try r.u8() {
                case 0: value = .amount(cents: try r.int())
                case 1: value = .recurring(perPeriodCents: try r.int(), quantity: try r.int(), periods: try r.int())
                default: throw ByteReader.Corrupt()
                }
                s.deals[id] = Deal(
                    id: id, contact: contact, title: title, value: value, currency: try r.str(),
                    stage: try r.enumCase(stages), stageAt: try r.time(), quoteSent: try r.optDay(),
                    quoteCents: try r.optInt(), quoteExpires: try r.optDay(), used: try r.optDay(), reason: try r.str())
            }
            n = try r.count()
            s.dealsByContact.reserveCapacity(n)
            for _ in 0..<n { s.dealsByContact[try r.str()] = try r.strs() }
        case .lists:
            s.touches = try readLists(
                &r, blob: blob, owner: owner, file: file, kind: "touches", decode: decodeTouches, points: touchPoints)
            s.notes = try readLists(&r, blob: blob, owner: owner, file: file, kind: "notes", decode: decodeNotes)
        case .promises:
            try decodePromises(&r, promises, into: &s)
        case .plans:
            n = try r.count()
            s.nextSteps.reserveCapacity(n)
            for _ in 0..<n {
                let k = try r.str()
                let due = try r.day()
                let time = try r.optInt().flatMap { LocalTime(hour: Int($0) / 60, minute: Int($0) % 60) }
                s.nextSteps[k] = NextStep(
                    due: due, time: time, channel: try r.optCase(channels), what: try r.str(),
                    reason: StepReason(code: try r.str()), setBy: try r.str(), setAt: try r.time())
            }
            n = try r.count()
            for _ in 0..<n { s.claims[try r.str()] = Claim(rep: try r.str(), at: try r.time(), until: try r.time()) }
            n = try r.count()
            for _ in 0..<n { s.resting[try r.str()] = (try r.str(), try r.time()) }
            n = try r.count()
            for _ in 0..<n { s.stopped[try r.str()] = (try r.str(), try r.str(), try r.time()) }
            n = try r.count()
            for _ in 0..<n {
                let rep = try r.str()
                s.away[rep] = try (0..<r.count()).map { _ in AwayPeriod(from: try r.day(), to: try r.day()) }
            }
            n = try r.count()
            for _ in 0..<n { s.emailsChanged[try r.str()] = try r.time() }
            n = try r.count()
            for _ in 0..<n { s.phonesChanged[try r.str()] = try r.time() }
            n = try r.count()
            for _ in 0..<n {
                let k = try r.str()
                let m = try r.count()
                var items: [String: String] = [:]
                for _ in 0..<m { items[try r.str()] = try r.str() }
                s.reviewed[k] = items
            }
            n = try r.count()
            for _ in 0..<n { s.problems.append(FoldProblem(eventID: try r.str(), message: try r.str())) }
        }
    }
}
