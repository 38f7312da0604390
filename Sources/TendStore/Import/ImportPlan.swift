import TendCore

/// What an import will write, worked out in full before anything is written: every record checked
/// (any problem stops the whole import), each person either created or merged into the contact
/// that already has their email or phone, so the book never gets a twin.
public struct ImportPlan: Sendable {
    /// A change and, for facts from the past (a last touch), the time it happened.
    public struct Step: Sendable {
        public var change: Change
        public var at: Timestamp?
    }

    public struct Options: Sendable {
        public var rep: String
        /// `--owner`: every imported contact goes to this rep.
        public var owner: String?
        /// Reps known in this data dir, to recognise an owner column ("Ann Smith" → `ann`).
        public var knownReps: Set<String>
        /// Names the note that carries unmapped columns: "Imported from hubspot.csv".
        public var source: String
        public var currency: String

        public init(rep: String, owner: String? = nil, knownReps: Set<String> = [], source: String, currency: String) {
            self.rep = rep
            self.owner = owner
            self.knownReps = knownReps
            self.source = source
            self.currency = currency
        }
    }

    public enum Outcome: Equatable, Sendable {
        /// `namedFrom`: the card had no name; it was taken from its `ORG`, `EMAIL` or `TEL`.
        case created(name: String, namedFrom: String?)
        /// `on`: what matched the person already in the book (`email dana@acme.example`).
        case merged(name: String, into: String, on: String, added: [String])
        case skipped(name: String, reason: String)
    }

    public var steps: [Step] = []
    /// Per record, in file order: what happens to it.
    public var outcomes: [(line: Int, outcome: Outcome)] = []
    /// Contacts touched by this import that will have no next step: plan them in the weekly review.
    public var withoutNextStep: [(id: String, name: String)] = []

    public var created: Int {
        outcomes.filter { if case .created = $0.outcome { return true } else { return false } }.count
    }
    public var merged: Int {
        outcomes.filter { if case .merged = $0.outcome { return true } else { return false } }.count
    }
    public var skipped: Int {
        outcomes.filter { if case .skipped = $0.outcome { return true } else { return false } }.count
    }

    /// Plans the import, or throws every problem found (with its line).
    /// `newID` gives a fresh contact or deal id not in `state` (the plan keeps its own ids apart).
    public static func make(
        _ records: [ImportRecord], state: State, clock: Clock, options: Options,
        newID: @escaping (Set<String>) -> String, progress: Progress? = nil
    ) throws -> ImportPlan {
        var b = Builder(state: state, clock: clock, options: options, newID: newID)
        for (n, r) in records.enumerated() {
            if n & 0xFF == 0 { progress?(n, records.count) }
            b.add(r)
        }
        progress?(records.count, records.count)
        if !b.problems.isEmpty { throw ImportError(b.problems) }
        // Everyone this import created or added to, still without a plan: for the weekly review.
        b.plan.withoutNextStep = b.touched.compactMap { id in
            guard let p = b.people[id], !p.hasNextStep, p.isActive else { return nil }
            return (id, p.contact.name)
        }
        return b.plan
    }
}

/// The working state of one plan: an index of who is already in the book (and who this import
/// has added so far), and the problems found.
private struct Builder {
    let state: State
    let clock: Clock
    let options: ImportPlan.Options
    let newID: (Set<String>) -> String
    var plan = ImportPlan()
    var problems: [ImportProblem] = []
    var byEmail: [String: String] = [:], byPhone: [String: String] = [:], byUID: [String: String] = [:]
    /// Everyone in the book and in this file by exact name and company (folded case and accents):
    /// the last way to know a person again when no email, phone or UID matches.
    var byNameAndCompany: [String: String] = [:]
    /// People this file has created, by name and company: a deals export repeats a person on each
    /// deal's row, often with no email or phone to match on.
    var byNameInFile: [String: String] = [:]
    /// Contacts as they will be after the import: existing ones and the ones planned.
    var people: [String: Person] = [:]
    var ours: Set<String> = []
    /// Contacts created or added to, in file order, once each.
    var touched: [String] = []
    var touchedSet = Set<String>()

    mutating func touch(_ id: String) {
        if touchedSet.insert(id).inserted { touched.append(id) }
    }

    struct Person {
        var contact: Contact
        var dealTitles: Set<String>
        var hasNextStep: Bool
        var notes: Set<String>
        var stages: [Stage]
        var lastTouch: Day?
        /// Still followed up: no deal yet, or one open or nurtured (as `State.isActive`).
        var isActive: Bool { stages.isEmpty || stages.contains { $0.isOpen || $0 == .nurture } }
    }

    init(state: State, clock: Clock, options: ImportPlan.Options, newID: @escaping (Set<String>) -> String) {
        self.state = state
        self.clock = clock
        self.options = options
        self.newID = newID
        for c in state.contacts.values {
            people[c.id] = Person(
                contact: c, dealTitles: Set(state.deals(of: c.id).map { $0.title.lowercased() }),
                hasNextStep: state.nextSteps[c.id] != nil,
                notes: Set((state.notes[c.id] ?? []).map(\.text)),
                stages: state.deals(of: c.id).map(\.stage),
                lastTouch: state.touches[c.id]?.last.map { clock.day(of: $0.at) })
            index(c)
        }
    }

    mutating func index(_ c: Contact) {
        for e in c.emails { if let k = ImportValues.emailKey(e), byEmail[k] == nil { byEmail[k] = c.id } }
        for p in c.phones { if let k = ImportValues.phoneKey(p), byPhone[k] == nil { byPhone[k] = c.id } }
        if !c.uid.isEmpty, byUID[c.uid] == nil { byUID[c.uid] = c.id }
        let key = nameKey(c.name, c.company)
        if !c.company.isEmpty, byNameAndCompany[key] == nil { byNameAndCompany[key] = c.id }
    }

    mutating func problem(_ r: ImportRecord, _ message: String) {
        problems.append(ImportProblem(line: r.line, message))
    }

    func day(_ r: ImportRecord, _ f: ImportField, _ label: String) -> (Day?, String?) {
        let text = r.first(f)
        guard !text.isEmpty else { return (nil, nil) }
        guard let d = ImportValues.day(text, today: clock.today) else {
            return (nil, "\(label) \"\(text.prefix(40))\" is not a date (\(ImportValues.dateHelp))")
        }
        return (d, nil)
    }

    /// Everything a record says, checked; nil (with problems noted) when it cannot be imported.
    struct Checked {
        var name: String
        var emails: [String], phones: [String]
        var nextDay: Day?, closeDay: Day?, quoteDay: Day?, lastTouch: Day?
        var cents: Int64?
        var touch: (Channel, TendCore.Outcome)?
        var owner: String
        var notes: [String]
    }

    mutating func check(_ r: ImportRecord) -> Checked? {
        var errors: [String] = []
        var name = r.first(.name)
        if name.isEmpty {
            name = [r.first(.firstName), r.first(.lastName)].filter { !$0.isEmpty }.joined(separator: " ")
        }
        var emails = r.all(.email)
        // HubSpot's "Associated Contact": `Dana Wu (dana@acme.example)`.
        if name.hasSuffix(")"), let open = name.lastIndex(of: "("), name[open...].contains("@") {
            emails.append(String(name[name.index(after: open)..<name.index(before: name.endIndex)]))
            name = name[..<open].trimmingCharacters(in: .whitespaces)
        }
        let phones = r.all(.phone)
        if name.isEmpty { name = emails.first ?? phones.first ?? "" }
        if name.isEmpty { errors.append("no name, email or phone: nobody to import") }
        let (next, e1) = day(r, .nextDate, "next follow-up")
        let (close, e2) = day(r, .closeDate, "close date")
        let (quote, e3) = day(r, .quoteSent, "quote sent")
        let (last, e4) = day(r, .lastTouch, "last touch")
        errors += [e1, e2, e3, e4].compactMap { $0 }
        if let last, last > clock.today { errors.append("last touch \(last.iso) is in the future") }
        var cents: Int64?
        if !r.first(.value).isEmpty {
            cents = ImportValues.cents(r.first(.value))
            if cents == nil {
                errors.append("value \"\(r.first(.value).prefix(40))\" is not an amount (like 8400 or 8.400,50)")
            }
        }
        let currency = r.first(.currency)
        if !currency.isEmpty && (!(3...4).contains(currency.count) || !currency.allSatisfy(\.isLetter)) {
            errors.append("currency \"\(currency.prefix(20))\" is not a code like EUR")
        }
        var touch: (Channel, TendCore.Outcome)?
        if last != nil {
            let words = r.first(.lastOutcome).lowercased().split(whereSeparator: { $0 == " " || $0 == ":" || $0 == "," }
            ).map(String.init)
            let channel = words.lazy.compactMap(Channel.init(rawValue:)).first ?? .other
            let outcome = words.lazy.compactMap(TendCore.Outcome.init(rawValue:)).first ?? .connected
            touch = (channel, outcome)
        }
        var owner = options.owner ?? options.rep
        // What Tend has no field for goes into one note, so nothing in the file is lost.
        var info: [String] = []
        if options.owner == nil, let o = r.all(.owner).first {
            if let rep = matchRep(o) { owner = rep } else { info.append("Owner: \(o)") }
        }
        if !r.first(.title).isEmpty { info.append("Job title: \(r.first(.title))") }
        if ImportValues.isYes(r.first(.activityDone)), !r.first(.nextStep).isEmpty {
            info.append("Done: \(r.first(.nextStep))" + (r.first(.nextDate).isEmpty ? "" : " (\(r.first(.nextDate)))"))
        }
        info += r.extras.map { "\($0.column): \($0.value)" }
        var notes = r.all(.notes)
        if !info.isEmpty { notes.append("From \(options.source): " + info.joined(separator: " · ")) }
        for e in errors { problem(r, e) }
        guard errors.isEmpty else { return nil }
        return Checked(
            name: name, emails: emails, phones: phones, nextDay: next, closeDay: close, quoteDay: quote,
            lastTouch: last, cents: cents, touch: touch, owner: owner, notes: notes)
    }

    func matchRep(_ text: String) -> String? {
        let t = text.lowercased().trimmingCharacters(in: .whitespaces)
        if options.knownReps.contains(t) { return t }
        if let first = t.split(separator: " ").first.map(String.init), options.knownReps.contains(first) {
            return first
        }
        if let local = t.split(separator: "@").first.map(String.init), t.contains("@"),
            options.knownReps.contains(local)
        {
            return local
        }
        // A rep name as Tend writes it (a Tend export's Owner column): a rep who has not written yet.
        let raw = text.trimmingCharacters(in: .whitespaces)
        return DataDir.validRep(raw) && !raw.contains("@") ? raw : nil
    }

    /// The contact this record is, if the book (or this file, earlier) already has them, and what
    /// matched: Tend's id, the card's UID, an email, a phone (seven digits or more), else the exact
    /// name and company.
    func match(_ r: ImportRecord, _ c: Checked) -> (id: String, on: String)? {
        let id = r.first(.id)
        if !id.isEmpty, let p = people[id], p.contact.name.lowercased() == c.name.lowercased() {
            return (id, "Tend ID \(id)")
        }
        let uid = r.first(.uid)
        if !uid.isEmpty, let id = byUID[uid] { return (id, "vCard UID") }
        for e in c.emails { if let k = ImportValues.emailKey(e), let id = byEmail[k] { return (id, "email \(e)") } }
        // A phone can be a switchboard several people share: it says "the same person" only when
        // the names agree too (a word in common, or a card that was named from its number).
        for p in c.phones {
            if let k = ImportValues.phoneKey(p), let id = byPhone[k], let other = people[id]?.contact.name,
                r.namedFrom != nil || namesAgree(c.name, other)
            {
                return (id, "phone \(p)")
            }
        }
        let key = nameKey(c.name, r.first(.company))
        if !r.first(.company).isEmpty, let id = byNameAndCompany[key] { return (id, "name and company") }
        if c.emails.isEmpty && c.phones.isEmpty, let id = byNameInFile[key] { return (id, "name and company") }
        return nil
    }

    func namesAgree(_ a: String, _ b: String) -> Bool {
        func words(_ s: String) -> Set<String> {
            Set(ContactLookup.fold(s).split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { $0.count >= 2 })
        }
        let wa = words(a), wb = words(b)
        return wa.isEmpty || wb.isEmpty || !wa.isDisjoint(with: wb) || a.contains("@") || b.contains("@")
    }

    func nameKey(_ name: String, _ company: String) -> String {
        ContactLookup.fold(name.trimmingCharacters(in: .whitespaces)) + "\u{1F}"
            + ContactLookup.fold(company.trimmingCharacters(in: .whitespaces))
    }

    mutating func add(_ r: ImportRecord) {
        guard let c = check(r) else { return }
        if let (id, on) = match(r, c) {
            merge(r, c, into: id, on: on)
        } else {
            create(r, c)
        }
    }

    mutating func emit(_ change: Change, at: Timestamp? = nil) {
        plan.steps.append(ImportPlan.Step(change: change, at: at))
    }

    mutating func freshID() -> String {
        let id = newID(ours)
        ours.insert(id)
        return id
    }

    mutating func create(_ r: ImportRecord, _ c: Checked) {
        // Keep the id a Tend export gave, when it is free: a round trip then changes nothing.
        let given = r.first(.id)
        let id =
            !given.isEmpty && people[given] == nil && !state.isTaken(given) && !ours.contains(given)
                && given.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) ? given : freshID()
        ours.insert(id)
        let touchAt = c.lastTouch.map(touchTime)
        // A contact known since a past touch is created just before it, so the fold finds them.
        let created = touchAt.map { Timestamp(ms: $0.ms - 1) }
        var contact = Contact(id: id, name: c.name, owner: c.owner, created: created ?? clock.now)
        contact.company = r.first(.company)
        contact.emails = unique(c.emails)
        contact.phones = unique(c.phones)
        contact.tags = unique(r.all(.tag))
        contact.uid = r.first(.uid)
        contact.timeZone = TimeZoneName.valid(r.first(.timeZone)) ?? ""
        contact.prefers = Channel(rawValue: r.first(.prefers).lowercased())
        contact.bestTime = r.first(.bestTime)
        contact.needs = r.first(.needs)
        emit(.addContact(contact), at: created)
        byNameInFile[nameKey(contact.name, contact.company)] = id
        people[id] = Person(contact: contact, dealTitles: [], hasNextStep: false, notes: [], stages: [], lastTouch: nil)
        index(contact)
        addFacts(r, c, to: id)
        touch(id)
        plan.outcomes.append((r.line, .created(name: c.name, namedFrom: r.namedFrom)))
    }

    mutating func merge(_ r: ImportRecord, _ c: Checked, into id: String, on: String) {
        var p = people[id]!
        var added: [String] = []
        var fields: [ContactField: JSON] = [:]
        if p.contact.company.isEmpty, !r.first(.company).isEmpty {
            fields[.company] = .string(r.first(.company))
            p.contact.company = r.first(.company)
            added.append("company")
        }
        let newEmails = c.emails.filter { e in !p.contact.emails.contains { $0.lowercased() == e.lowercased() } }
        if !newEmails.isEmpty {
            p.contact.emails = unique(p.contact.emails + newEmails)
            fields[.emails] = .array(p.contact.emails.map(JSON.string))
            added.append("email")
        }
        let newPhones = c.phones.filter { ph in
            !p.contact.phones.contains { ImportValues.phoneKey($0) == ImportValues.phoneKey(ph) }
        }
        if !newPhones.isEmpty {
            p.contact.phones = unique(p.contact.phones + newPhones)
            fields[.phones] = .array(p.contact.phones.map(JSON.string))
            added.append("phone")
        }
        if p.contact.uid.isEmpty, !r.first(.uid).isEmpty {
            fields[.uid] = .string(r.first(.uid))
            p.contact.uid = r.first(.uid)
            added.append("UID")
        }
        let newTags = r.all(.tag).filter { !p.contact.tags.contains($0) }
        if !newTags.isEmpty {
            p.contact.tags = unique(p.contact.tags + newTags)
            fields[.tags] = .array(p.contact.tags.map(JSON.string))
            added.append("tags")
        }
        if !fields.isEmpty { emit(.updateContact(id: id, fields: fields)) }
        people[id] = p
        index(p.contact)
        added += addFacts(r, c, to: id)
        let into = p.contact.name
        if !added.isEmpty { touch(id) }
        plan.outcomes.append(
            (
                r.line,
                added.isEmpty
                    ? .skipped(name: c.name, reason: "already in the book as \(id) (same \(on))")
                    : .merged(name: c.name, into: "\(into) (\(id))", on: on, added: added)
            ))
    }

    /// The deal, next step, notes and last touch a record brings that its contact lacks; returns what was added.
    @discardableResult
    mutating func addFacts(_ r: ImportRecord, _ c: Checked, to id: String) -> [String] {
        var added: [String] = []
        var p = people[id]!
        let hasDealData = c.cents != nil || !r.first(.stage).isEmpty || !r.first(.status).isEmpty
        let title =
            !r.first(.deal).isEmpty
            ? r.first(.deal) : hasDealData ? (p.contact.company.isEmpty ? c.name : p.contact.company) : ""
        if !title.isEmpty, !p.dealTitles.contains(title.lowercased()) {
            let stage = ImportValues.stage(r.first(.stage), status: r.first(.status))
            let currency = r.first(.currency).isEmpty ? options.currency : r.first(.currency).uppercased()
            let deal = Deal(
                id: freshID(), contact: id, title: title, value: .amount(cents: c.cents ?? 0),
                currency: currency, created: clock.now)
            emit(.addDeal(deal))
            if stage != .lead {
                var move = StageChange(deal: deal.id, stage: stage)
                // A quote answered since (won, lost, a looker) keeps when it was sent: Stats counts
                // the days to the answer from it.
                move.quoteSent = stage == .quoted ? c.quoteDay ?? clock.today : c.quoteDay
                switch stage {
                case .won: move.used = c.closeDay
                case .lost, .nurture: move.reason = r.first(.lostReason)
                default: break
                }
                emit(.setStage(move))
            }
            p.dealTitles.insert(title.lowercased())
            p.stages.append(stage)
            added.append("deal")
        }
        let done = ImportValues.isYes(r.first(.activityDone))
        if let due = c.nextDay, !done, !p.hasNextStep {
            let step = NextStep(
                due: due, channel: Channel(rawValue: r.first(.nextChannel).lowercased()),
                what: r.first(.nextStep), reason: .planned, setBy: options.rep, setAt: clock.now)
            emit(.setNextStep(contact: id, step: step))
            p.hasNextStep = true
            added.append("next step")
        }
        for text in c.notes where !p.notes.contains(text) {
            emit(.note(contact: id, text: text))
            p.notes.insert(text)
            if !added.contains("note") { added.append("note") }
        }
        if let (channel, outcome) = c.touch, let day = c.lastTouch {
            let noon = touchTime(day)
            if p.lastTouch.map({ $0 < day }) ?? true {
                p.lastTouch = day
                emit(
                    .touch(contact: id, channel: channel, outcome: outcome, note: ""),
                    at: max(noon, Timestamp(ms: p.contact.created.ms + 1)))
                added.append("last touch")
            }
        }
        people[id] = p
        return added
    }

    /// When an imported touch is dated: noon that day, or now if that is still to come today.
    func touchTime(_ day: Day) -> Timestamp { min(clock.instant(day, LocalTime(hour: 12, minute: 0)!), clock.now) }

    func unique(_ xs: [String]) -> [String] {
        var seen = Set<String>()
        return xs.filter { seen.insert($0.lowercased()).inserted }
    }
}
