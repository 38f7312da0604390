import TendCore

/// The folded state as JSON: `tend export --format json`. Every key is snake_case and sorted, so two
/// exports of the same book are the same bytes; the shape is documented in the README ("Moving in and out").
public enum StateJSON {
    /// `include`: which contacts (one rep's book, or all).
    public static func encode(_ s: State, include: (Contact) -> Bool = { _ in true }) -> JSON {
        let contacts = s.contactsByName.filter(include).map { c -> JSON in
            var o: [String: JSON] = [
                "id": .string(c.id), "name": .string(c.name), "company": .string(c.company),
                "owner": .string(c.owner), "phones": strings(c.phones), "emails": strings(c.emails),
                "prefers": opt(c.prefers?.rawValue), "best_time": .string(c.bestTime), "needs": .string(c.needs),
                "tags": strings(c.tags), "created": .string(c.created.iso), "uid": .string(c.uid),
                "tz": .string(c.timeZone),
                "deals": .array(s.deals(of: c.id).map(deal)),
                "touches": .array((s.touches[c.id] ?? []).map(touch)),
                "notes": .array((s.notes[c.id] ?? []).map(note)),
                "next_step": s.nextSteps[c.id].map(nextStep) ?? .null,
                "commitments": .array(
                    s.commitments.values.filter { $0.contact == c.id }
                        .sorted { ($0.created, $0.id) < ($1.created, $1.id) }.map(commitment)),
            ]
            if let st = s.stopped[c.id] {
                o["do_not_contact"] = ["reason": .string(st.reason), "by": .string(st.rep), "at": .string(st.at.iso)]
            } else {
                o["do_not_contact"] = .null
            }
            if let r = s.resting[c.id] {
                o["resting"] = ["reason": .string(r.reason), "at": .string(r.at.iso)]
            } else {
                o["resting"] = .null
            }
            return .object(o)
        }
        return [
            "format": "tend-state", "version": 1,
            "events": .number(Double(s.eventCount)), "latest": .string(s.latest.iso),
            "contacts": .array(contacts),
        ]
    }

    static func strings(_ xs: [String]) -> JSON { .array(xs.map(JSON.string)) }
    static func opt(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }
    static func cents(_ c: Int64?) -> JSON { c.map { .number(Double($0)) } ?? .null }

    static func deal(_ d: Deal) -> JSON {
        var o: [String: JSON] = [
            "id": .string(d.id), "title": .string(d.title), "currency": .string(d.currency),
            "stage": .string(d.stage.rawValue), "stage_at": .string(d.stageAt.iso),
            "value_cents": .number(Double(d.value.totalCents)),
            "quote_sent": opt(d.quoteSent?.iso), "quote_cents": cents(d.quoteCents),
            "quote_expires": opt(d.quoteExpires?.iso), "used": opt(d.used?.iso), "reason": .string(d.reason),
        ]
        if case .recurring(let p, let q, let n) = d.value {
            o["recurring"] = [
                "per_period_cents": .number(Double(p)), "quantity": .number(Double(q)), "periods": .number(Double(n)),
            ]
        } else {
            o["recurring"] = .null
        }
        return .object(o)
    }

    static func touch(_ t: Touch) -> JSON {
        [
            "id": .string(t.id), "rep": .string(t.rep), "at": .string(t.at.iso), "channel": .string(t.channel.rawValue),
            "outcome": .string(t.outcome.rawValue), "note": .string(t.note),
        ]
    }

    static func note(_ n: Note) -> JSON {
        ["id": .string(n.id), "rep": .string(n.rep), "at": .string(n.at.iso), "text": .string(n.text)]
    }

    static func nextStep(_ s: NextStep) -> JSON {
        [
            "due": .string(s.due.iso), "time": opt(s.time?.description), "channel": opt(s.channel?.rawValue),
            "what": .string(s.what), "reason": .string(s.reason.code), "set_by": .string(s.setBy),
            "set_at": .string(s.setAt.iso),
        ]
    }

    static func commitment(_ p: Commitment) -> JSON {
        [
            "id": .string(p.id), "rep": .string(p.rep), "kind": .string(p.kind.rawValue), "text": .string(p.text),
            "due": .string(p.due.iso), "status": .string(p.status.rawValue), "reason": .string(p.reason),
            "source": opt(p.source), "created": .string(p.created.iso), "closed": opt(p.closed?.iso),
            "updated": .string(p.updated.iso),
        ]
    }
}
