/// Reading an event back into a `Change`: the mirror of `Change.fields`.
extension Change {
    /// Unknown types give nil (kept in the log, skipped by the fold); known types with missing or
    /// malformed fields throw a message naming the field.
    public init?(event e: Event) throws {
        let r = FieldReader(fields: e.fields)
        guard let type = EventType.named(e.type) else { return nil }
        switch type {
        case .contact:
            self = .addContact(try Change.contact(r, e))
        case .contactSet:
            // Fields a newer Tend sets stay in the log; this one folds the ones it knows.
            var fields: [ContactField: JSON] = [:]
            for (key, value) in e.fields.dictionary { if let f = ContactField(rawValue: key) { fields[f] = value } }
            self = .updateContact(id: try r.string("contact"), fields: fields)
        case .deal:
            self = .addDeal(try Change.deal(r, e))
        case .dealStage:
            self = .setStage(
                StageChange(
                    deal: try r.string("deal"), stage: try r.enumValue("stage"), quoteSent: try r.optionalDay("sent"),
                    quoteCents: try r.optionalCents("amount_cents"), quoteExpires: try r.optionalDay("expires"),
                    used: try r.optionalDay("used"), reason: r.optionalString("reason") ?? ""))
        case .touch:
            self = .touch(
                contact: try r.string("contact"), channel: try r.enumValue("channel"),
                outcome: try r.enumValue("outcome"), note: r.optionalString("note") ?? "")
        case .note:
            self = .note(contact: try r.string("contact"), text: r.optionalString("text") ?? "")
        case .promise:
            self = .promise(try Change.commitment(r, e))
        case .promiseDone:
            self = .promiseDone(id: try r.string("promise"))
        case .promiseDrop:
            self = .promiseDropped(id: try r.string("promise"), reason: r.optionalString("reason") ?? "")
        case .next:
            self = .setNextStep(contact: try r.string("contact"), step: try Change.nextStep(r, e))
        case .claim:
            self = .claim(contact: try r.string("contact"), minutes: try r.int("minutes"))
        case .release:
            self = .release(contact: try r.string("contact"))
        case .promiseMove:
            self = .promiseMoved(id: try r.string("promise"), due: try r.day("due"))
        case .contactRest:
            self = .rest(contact: try r.string("contact"), reason: r.optionalString("reason") ?? "")
        case .contactStop:
            self = .stop(
                contact: try r.string("contact"), reason: r.optionalString("reason") ?? "",
                lift: e["lift"]?.bool == true)
        case .reviewItem:
            self = .reviewed(
                week: try r.string("week"), item: try r.string("item"),
                action: ReviewAction(rawValue: r.optionalString("action") ?? ""))
        case .forget:
            self = .forget(contact: try r.string("contact"))
        case .contactMerge:
            self = .merge(contact: try r.string("contact"), into: try r.string("into"))
        case .annul:
            self = .annul(events: r.strings("events"))
        case .nextClear:
            self = .clearNextStep(contact: try r.string("contact"))
        case .repAway:
            if e["clear"]?.bool == true {
                self = .away(nil)
            } else {
                let from = try r.day("from"), to = try r.day("to")
                guard from <= to else { throw EventLineError(message: "from \(from.iso) is after to \(to.iso)") }
                self = .away(AwayPeriod(from: from, to: to))
            }
        }
    }
}

/// The entities inside events, read field by field.
extension Change {
    static func contact(_ r: FieldReader, _ e: Event) throws -> Contact {
        var c = Contact(
            id: try r.string("contact"), name: try r.string("name"),
            owner: r.optionalString("owner") ?? e.rep, created: e.at)
        c.company = r.optionalString("company") ?? ""
        c.phones = r.strings("phones")
        c.emails = r.strings("emails")
        c.prefers = try r.optionalEnum("prefers")
        c.bestTime = r.optionalString("best_time") ?? ""
        c.timeZone = r.optionalString("tz") ?? ""
        c.needs = r.optionalString("needs") ?? ""
        c.tags = r.strings("tags")
        c.uid = r.optionalString("uid") ?? ""
        return c
    }

    static func deal(_ r: FieldReader, _ e: Event) throws -> Deal {
        let value: DealValue
        if let c = try r.optionalCents("amount_cents") {
            value = .amount(cents: c)
        } else {
            value = .recurring(
                perPeriodCents: try r.cents("per_period_cents"), quantity: try r.int("quantity"),
                periods: try r.int("periods"))
        }
        return Deal(
            id: try r.string("deal"), contact: try r.string("contact"),
            title: r.optionalString("title") ?? "", value: value,
            currency: r.optionalString("currency") ?? "EUR", created: e.at)
    }

    static func commitment(_ r: FieldReader, _ e: Event) throws -> Commitment {
        return Commitment(
            id: try r.string("promise"), contact: try r.string("contact"), rep: e.rep,
            kind: try r.optionalEnum("kind") ?? .weOwe, text: r.optionalString("text") ?? "",
            due: try r.day("due"), source: r.optionalString("source"), created: e.at)
    }

    static func nextStep(_ r: FieldReader, _ e: Event) throws -> NextStep {
        var time: LocalTime?
        if let t = r.optionalString("time") {
            guard let lt = LocalTime.parse(t) else { throw EventLineError(message: "bad \"time\" \(t)") }
            time = lt
        }
        return NextStep(
            due: try r.day("due"), time: time, channel: try r.optionalEnum("channel"),
            what: r.optionalString("what") ?? "", reason: StepReason(code: r.optionalString("why") ?? ""),
            setBy: e.rep, setAt: e.at)
    }
}

/// Typed access to an event's fields, with errors that name the field.
struct FieldReader {
    let fields: EventFields

    func missing(_ key: String) -> EventLineError { EventLineError(message: "missing or bad \"\(key)\"") }

    func string(_ key: String) throws -> String {
        guard let s = fields[key]?.string, !s.isEmpty else { throw missing(key) }
        return s
    }

    func optionalString(_ key: String) -> String? { fields[key]?.string }
    func strings(_ key: String) -> [String] { fields[key]?.strings ?? [] }

    func int(_ key: String) throws -> Int {
        guard let n = fields[key]?.int else { throw missing(key) }
        return n
    }

    func cents(_ key: String) throws -> Int64 {
        guard let c = try optionalCents(key) else { throw missing(key) }
        return c
    }

    func optionalCents(_ key: String) throws -> Int64? {
        guard let v = fields[key] else { return nil }
        guard let n = v.int, n >= 0 else { throw missing(key) }
        return Int64(n)
    }

    func day(_ key: String) throws -> Day {
        guard let d = try optionalDay(key) else { throw missing(key) }
        return d
    }

    func optionalDay(_ key: String) throws -> Day? {
        guard let v = fields[key] else { return nil }
        guard let s = v.string, let d = Day.parseISO(s) else { throw missing(key) }
        return d
    }

    func enumValue<E: RawRepresentable>(_ key: String) throws -> E where E.RawValue == String {
        guard let e: E = try optionalEnum(key) else { throw missing(key) }
        return e
    }

    func optionalEnum<E: RawRepresentable>(_ key: String) throws -> E? where E.RawValue == String {
        guard let v = fields[key] else { return nil }
        guard let s = v.string, let e = E(rawValue: s) else {
            throw EventLineError(message: "unknown \"\(key)\" \(v.text)")
        }
        return e
    }
}
