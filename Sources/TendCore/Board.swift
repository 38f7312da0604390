/// The pipeline as columns: who is being won, whose quote awaits an answer, who bought and is due a
/// check-in, and the lookers who may buy later.
public struct Board: Equatable, Sendable {
    public enum Kind: String, CaseHashable, CaseIterable, Sendable {
        case prospects, quotes, checkIns = "check-ins", lookers

        public var title: String {
            switch self {
            case .prospects: return "Prospects"
            case .quotes: return "Quotes awaiting answer"
            case .checkIns: return "Check-ins"
            case .lookers: return "Lookers"
            }
        }

        public var shortTitle: String {
            switch self {
            case .prospects: return "Prospects"
            case .quotes: return "Quotes"
            case .checkIns: return "Check-ins"
            case .lookers: return "Lookers"
            }
        }
    }

    public struct Card: Equatable, Sendable {
        public var contact: String
        public var deal: String?
        public var name: String
        public var company: String
        public var stage: Stage
        public var cents: Int64
        public var currency: String
        /// What to know at a glance: "9 days silent · follow-up 3/4 Thu", "check-in due Fri 11-27".
        public var detail: String
        /// Overdue cards stand out.
        public var overdue: Bool
    }

    public struct Column: Equatable, Sendable {
        public var kind: Kind
        public var cards: [Card]
        /// What the column holds, per currency.
        public var totals: MoneyTotals {
            var t = MoneyTotals()
            for c in cards where c.cents > 0 { t.add(c.cents, c.currency) }
            return t
        }
    }

    public var columns: [Column]

    public static func build(_ state: State, rep: String?, settings: Settings, clock: Clock) -> Board {
        let today = clock.today
        var cols: [Kind: [Card]] = [:]
        for c in state.contactsByName(owner: rep) {
            let deal = state.mainDeal(of: c.id)
            let stage = deal?.stage ?? .lead
            let next = state.nextSteps[c.id]
            func when(_ d: Day) -> String {
                d == today
                    ? "today" : d == today.adding(days: 1) ? "tomorrow" : "\(d.weekdayName) \(d.monthDay)"
            }
            let nextText =
                next.map { "\($0.reason == .planned ? "next" : $0.reason.label) \(when($0.due))" } ?? "no next step"
            var card = Card(
                contact: c.id, deal: deal?.id, name: c.name, company: c.company, stage: stage,
                cents: deal?.atStakeCents ?? 0, currency: deal?.currency ?? settings.currency,
                detail: nextText, overdue: (next?.due).map { $0 < today } ?? false)
            let kind: Kind
            switch stage {
            case .lead, .prospect:
                kind = .prospects
                card.detail = "\(stage.rawValue) · \(nextText)"
            case .quoted:
                kind = .quotes
                let silent = deal.flatMap { state.daysSilent($0, clock: clock) } ?? 0
                card.detail = "\(silent)d silent · \(nextText)"
            case .won:
                guard let step = Cadence.propose(for: c.id, in: state, settings: settings, clock: clock),
                    step.reason == .checkIn
                else { continue }
                kind = .checkIns
                let due = next?.reason == .checkIn ? next!.due : step.due
                card.detail = "check-in \(when(due))"
                card.overdue = due < today
            case .nurture:
                kind = .lookers
                card.detail = deal?.reason.isEmpty == false ? "\(deal!.reason) · \(nextText)" : nextText
            case .lost:
                continue
            }
            if let stop = state.stopped[c.id] {
                card.detail = "do not contact · \(stop.rep) \(stop.at.iso.prefix(10))"
                card.overdue = false
            }
            cols[kind, default: []].append(card)
        }
        return Board(
            columns: Kind.allCases.map { k in
                // Most at stake first within a column: that is where follow-up pays.
                Column(kind: k, cards: (cols[k] ?? []).sorted { ($1.cents, $0.name) < ($0.cents, $1.name) })
            })
    }
}
