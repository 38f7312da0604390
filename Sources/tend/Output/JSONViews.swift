import TendCore

/// The `--json` shapes of what commands list. Field names are snake_case and stable: scripts read them.
enum JSONView {
    /// A total in several currencies: cents keyed by ISO code (`{"EUR": 5330000, "USD": 840000}`).
    static func totals(_ t: MoneyTotals) -> JSON {
        .object(t.cents.filter { $0.value != 0 }.mapValues { .number(Double($0)) })
    }

    static func money(_ cents: Int64, _ currency: String) -> JSON { built { money(&$0, cents, currency) } }

    static func money<F: JSONFields>(_ f: inout F, _ cents: Int64, _ currency: String) {
        f.field("cents", Double(cents))
        f.field("currency", currency)
        f.field("text", Money.format(cents, currency))
    }

    /// A view written against `JSONFields`, as a value.
    static func built(_ body: (inout JSONObjectBuilder) -> Void) -> JSON {
        var b = JSONObjectBuilder()
        body(&b)
        return b.json
    }

    static func optional(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }

    static func guardHit(_ g: GuardHit) -> JSON {
        [
            "kind": .string(g.kind.rawValue), "by": .string(g.last.rep), "at": .string(g.last.at.iso),
            "minutes_ago": .number(Double(g.minutesAgo)), "channel": .string(g.last.channel.rawValue),
            "outcome": .string(g.last.outcome.rawValue), "retry_after": .string(g.retryAfter.iso),
        ]
    }

    static func agendaItem(_ i: AgendaItem) -> JSON {
        var o: [String: JSON] = [
            "section": .string(i.section.rawValue), "contact": .string(i.contact), "name": .string(i.name),
            "company": .string(i.company), "owner": .string(i.owner), "why": .string(i.why),
            "due": optional(i.due?.iso), "time": optional(i.time?.description),
            "channel": optional(i.channel?.rawValue), "at_stake": money(i.atStakeCents, i.currency),
            "guarded": i.guarded.map(guardHit) ?? .null,
            "claimed": i.claimed.map {
                ["by": .string($0.rep), "at": .string($0.at.iso), "until": .string($0.until.iso)]
            } ?? .null,
        ]
        switch i.kind {
        case .nextStep(let r): o["kind"] = "next-step"; o["reason"] = .string(r.code)
        case .promise(let id, let k):
            o["kind"] = "promise"; o["promise"] = .string(id); o["promise_kind"] = .string(k.rawValue)
        case .noNextStep: o["kind"] = "no-next-step"
        }
        return .object(o)
    }

    static func nextStep<F: JSONFields>(_ f: inout F, _ s: NextStep) {
        f.field("channel", s.channel?.rawValue)
        f.field("due", s.due.iso)
        f.field("reason", s.reason.code)
        f.field("set_by", s.setBy)
        f.field("summary", s.summary)
        f.field("time", s.time?.description)
        f.field("what", s.what)
    }

    static func commitment(_ p: Commitment) -> JSON {
        [
            "id": .string(p.id), "contact": .string(p.contact), "rep": .string(p.rep), "kind": .string(p.kind.rawValue),
            "text": .string(p.text), "due": .string(p.due.iso), "status": .string(p.status.rawValue),
            "reason": .string(p.reason), "source": optional(p.source), "created": .string(p.created.iso),
        ]
    }

    static func deal(_ d: Deal) -> JSON {
        var o: [String: JSON] = [
            "id": .string(d.id), "title": .string(d.title), "stage": .string(d.stage.rawValue),
            "value": money(d.value.totalCents, d.currency), "at_stake": money(d.atStakeCents, d.currency),
            "quote_sent": optional(d.quoteSent?.iso), "quote_expires": optional(d.quoteExpires?.iso),
            "used": optional(d.used?.iso), "reason": .string(d.reason), "stage_at": .string(d.stageAt.iso),
        ]
        if case .recurring(let p, let q, let n) = d.value {
            o["recurring"] = [
                "per_period": money(p, d.currency), "quantity": .number(Double(q)), "periods": .number(Double(n)),
            ]
        }
        if let q = d.quoteCents { o["quote"] = money(q, d.currency) }
        return .object(o)
    }

    static func contact(_ c: Contact, in state: State) -> JSON { built { contact(&$0, c, in: state) } }

    /// A contact's fields, in key order; with `atStake`, its main deal's value at stake too (what
    /// `tend list --json` writes for each, straight into bytes).
    static func contact<F: JSONFields>(_ f: inout F, _ c: Contact, in state: State, atStake: Bool = false) {
        let main = state.mainDeal(of: c.id)  // its stage is the contact's (`State.stage(of:)`)
        if atStake { f.object("at_stake", main) { money(&$0, $1.atStakeCents, $1.currency) } }
        f.field("best_time", c.bestTime)
        f.field("company", c.company)
        f.object("do_not_contact", state.stopMark(c.id)) { f, s in
            f.field("at", s.at.iso)
            f.field("by", s.rep)
            f.field("reason", s.reason)
        }
        f.field("emails", strings: c.emails)
        f.field("id", c.id)
        f.field("name", c.name)
        f.field("needs", c.needs)
        f.object("next_step", state.nextSteps[c.id], nextStep)
        f.field("owner", c.owner)
        f.field("phones", strings: c.phones)
        f.field("prefers", c.prefers?.rawValue)
        f.field("stage", (main?.stage ?? .lead).rawValue)
        f.field("tags", strings: c.tags)
        f.field("tz", c.timeZone)
    }
}
