import TendCore

/// The day's figures under the title on every screen, each a jump to the list behind it (a key,
/// shown beside it, or a click): overdue, due today, promises due this week (we owe / waiting on),
/// silent quotes with the value at stake, check-ins due, and who is calling now.
public enum Figures {
    public enum Kind: String, CaseIterable, Sendable {
        case overdue, today, promises, silent, checkIns, calling
    }

    /// The figures' own actions, in the key table: `O`, `T`, `P`, `S`, `K`, `W`.
    static func action(_ k: Kind) -> Action {
        switch k {
        case .overdue: return .jumpOverdue
        case .today: return .jumpToday
        case .promises: return .jumpPromises
        case .silent: return .jumpSilent
        case .checkIns: return .jumpCheckIns
        case .calling: return .jumpCalling
        }
    }

    static func kind(of action: Action) -> Kind? { Kind.allCases.first { Figures.action($0) == action } }

    /// Each figure as it reads in the strip: counted once per state, minute and filter, not on
    /// every frame (the scan covers every promise and deal of the team).
    static func texts(_ m: Model) -> [(Kind, String)] {
        m.derived.get(\.figures, m.derivedKey) { count(m) }
    }

    static func count(_ m: Model) -> [(Kind, String)] {
        let items = m.agenda.items
        // Every figure follows a `/` filter, as the lists do.
        /// The positions in `contacts` (by their place in the search index) the filter keeps.
        func kept(_ contacts: [Int32]) -> [Int32] {
            let all = Array(Int32(0)..<Int32(contacts.count))
            guard m.listFilter.isOn else { return all }
            return m.searchIndex.keeping(all, ordinals: contacts, m.listFilter.text, deep: m.listFilter.deep)
        }
        let weekEnd = m.clock.today.weekStart.adding(days: 6)
        // The agenda holds every open promise of the shown rep due up to a week ahead (past the
        // week's end), filtered as the figures are: counted there, not over the team's 60,000.
        // One pass by index: an item is a dozen references, and copying 15,000 of them out to
        // count them was most of a `/` keystroke on everyone's agenda.
        var overdue = 0, today = 0, weOwe = 0, theirs = 0
        let whole = items.whole
        for p in items.indices.lazy.map(items.position) {
            switch whole[p].section {
            case .overdue, .awayOverdue: overdue += 1
            case .now, .today: today += 1
            default: break
            }
            guard case .promise(_, let kind) = whole[p].kind, let due = whole[p].due, due <= weekEnd else { continue }
            if kind == .weOwe { weOwe += 1 } else { theirs += 1 }
        }
        // The team's silent quotes and check-ins were found once for the state and minute; a
        // keystroke of the filter only asks which of them it keeps (it had asked every quoted
        // deal and due step of the team again, a fifth of a `/` keystroke over everyone).
        let team = m.derived.get(\.figureTeam, m.unfilteredKey) { TeamPart(m) }
        var silentValue = MoneyTotals()
        let silentKept = kept(team.silentContacts)
        for i in silentKept { silentValue.add(team.silentValues[Int(i)].cents, team.silentValues[Int(i)].currency) }
        let silent = silentKept.count
        let checkIns = kept(team.checkInContacts).count
        // From the claims (a handful), not by asking each of ten thousand contacts.
        let calling = Set(
            m.state.claims.filter { id, c in
                m.clock.now < c.until && c.rep != m.rep && m.state.contacts.keys.contains(id)
            }
            .map(\.value.rep))
        let value = silent > 0 ? " " + silentValue.text(first: m.settings.currency) : ""
        return [
            (.overdue, "\(overdue) overdue"), (.today, "\(today) today"),
            (.promises, "\(weOwe) ours/\(theirs) theirs"), (.silent, "\(silent) silent\(value)"),
            (.checkIns, "\(checkIns) check-ins"),
            (.calling, calling.isEmpty ? "0 calling" : calling.sorted().joined(separator: ", ") + " calling"),
        ]
    }

    /// What the figures count over the whole team, before a `/` filter: the shown rep's quoted
    /// deals silent long enough (with their value) and check-ins due, each by its contact's
    /// position in the search index.
    struct TeamPart {
        var silentContacts: [Int32] = [], silentValues: [(cents: Int64, currency: String)] = []
        var checkInContacts: [Int32] = []

        init(_ m: Model) {
            let index = m.searchIndex
            func shown(_ contact: String) -> Bool {
                m.shownRep == nil || m.state.contacts[contact]?.owner == m.shownRep
            }
            let deals = m.state.deals.values
            for i in deals.indices where deals[i].stage == .quoted {
                let d = deals[i]
                guard shown(d.contact), let days = m.state.daysSilent(d, clock: m.clock),
                    days >= m.settings.silentQuoteDays
                else { continue }
                silentContacts.append(index.ordinal(d.contact))
                silentValues.append((d.atStakeCents, d.currency))
            }
            let steps = m.state.nextSteps
            for i in steps.indices where steps.values[i].reason == .checkIn && steps.values[i].due <= m.clock.today {
                if shown(steps.keys[i]) { checkInContacts.append(index.ordinal(steps.keys[i])) }
            }
        }
    }

    static func draw(_ m: Model, y: Int, _ g: inout Grid) {
        var x = 1
        for (kind, text) in texts(m) {
            let key = KeyMap.key(action(kind))
            let start = x
            guard x + TextWidth.width(m.shown(key + " " + text)) < g.width else { break }
            x = g.put(key, x: x, y: y, role: .key)
            x = g.put(" " + text, x: x, y: y, role: .muted)
            g.hits.append(Hit(x: start, y: y, width: x - start, target: .figure(kind)))
            x += 2
        }
    }

    /// The list behind a figure, the cursor on its first row.
    static func jump(_ m: inout Model, to kind: Kind) {
        func today(_ sections: [AgendaItem.Section]) {
            Update.go(&m, to: .today)
            if let i = m.agenda.items.firstIndex(where: { sections.contains($0.section) }) {
                m.sel.today = i
            } else {
                m.message = Message(text: "none \(sections[0].title.lowercased()) now", isError: false)
            }
        }
        switch kind {
        case .overdue: today([.overdue, .awayOverdue])
        case .today: today([.now, .today])
        case .promises, .silent:
            Update.go(&m, to: .review)
            let section: Review.Section = kind == .promises ? .promises : .silentQuotes
            if let i = m.review.items.firstIndex(where: { $0.section == section }) { m.sel.review = i }
        case .checkIns:
            Update.go(&m, to: .board)
            if let i = m.boardColumns.firstIndex(where: { $0.kind == .checkIns }) { m.sel.boardColumn = i }
        case .calling:
            Update.go(&m, to: .today)
            if let i = m.agenda.items.firstIndex(where: { $0.claimed != nil }) {
                m.sel.today = i
            } else {
                m.message = Message(text: "nobody else is calling one of these now", isError: false)
            }
        }
    }
}
