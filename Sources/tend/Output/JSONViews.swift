import TendCore

/// The `--json` shapes of what commands list. Field names are snake_case and stable: scripts read them.
enum JSONView {
    /// A total in several currencies: cents keyed by ISO code (`{"EUR": 5330000, "USD": 840000}`).
    static func totals(_ t: MoneyTotals) -> JSON {
        .object(t.cents.filter { $0.value != 0 }.mapValues { .number(Double($0)) })
    }

    static func money(_ cents: Int64, _ currency: String) -> JSON {
        [
            "cents": .number(Double(cents)), "currency": .string(currency),
            "text": .string(Money.format(cents, currency)),
        ]
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

    static func nextStep(_ s: NextStep?) -> JSON {
        guard let s else { return .null }
        return [
            "due": .string(s.due.iso), "time": optional(s.time?.description), "channel": optional(s.channel?.rawValue),
            "what": .string(s.what), "reason": .string(s.reason.code), "summary": .string(s.summary),
            "set_by": .string(s.setBy),
        ]
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

    static func contact(_ c: Contact, in state: State) -> JSON {
        [
            "id": .string(c.id), "name": .string(c.name), "company": .string(c.company),
            "phones": .array(c.phones.map(JSON.string)), "emails": .array(c.emails.map(JSON.string)),
            "prefers": optional(c.prefers?.rawValue), "best_time": .string(c.bestTime), "needs": .string(c.needs),
            "tags": .array(c.tags.map(JSON.string)), "owner": .string(c.owner), "tz": .string(c.timeZone),
            "stage": .string(state.stage(of: c.id).rawValue),
            "next_step": nextStep(state.nextSteps[c.id]),
            "do_not_contact": state.stopMark(c.id).map { s in
                ["reason": .string(s.reason), "by": .string(s.rep), "at": .string(s.at.iso)] as JSON
            } ?? .null,
        ]
    }
}
