import Foundation
import TendCore

/// The Elm-style update: a message changes the model and asks the shell for effects. No I/O here.
public enum Update {
    public static func update(_ m: inout Model, _ msg: Msg) -> [Effect] {
        switch msg {
        case .key(let key):
            return handleKey(&m, key)
        case .paste(let text):
            return Paste.handle(&m, text)
        case .mouse(let e):
            return Mouse.handle(&m, e)
        case .tick(let now):
            m.clock.now = now
            return []
        case .reloaded(let state, let changed):
            adopt(&m, state, changed: changed)
            return []
        case .appended(let ids, let purpose, let state):
            m.saving = false
            switch purpose {
            case .bookkeeping:
                break
            case .undo:
                m.undo.removeLast()
                let what = m.undoLabels.removeLast()
                m.message = Message(text: "undone: \(what)", isError: false)
                leaveFlow(&m)
            case .user(let label, let then):
                m.undo.append(ids)
                m.undoLabels.append(label)
                m.message = Message(text: label + " · u undoes", isError: false)
                leaveFlow(&m)
                if let then { m.mode = .prompt(Prompt(then)) }
            }
            adopt(&m, state)
            return []
        case .claimed(let contact, let outcome, let state):
            m.saving = false
            adopt(&m, state)
            switch outcome {
            case .granted:
                break
            case .refused(let claim):
                // Someone else took them between our look and our claim: say who, and let the rep choose.
                m.mode = .confirmCall(contact: contact, caution: .claimed(claim))
            case .guarded(let hit):
                m.mode = .confirmCall(contact: contact, caution: .guarded(hit))
            case .stopped(let mark):
                m.mode = .confirmCall(contact: contact, caution: .stopped(mark))
            case .failed(let error):
                // The claim could not be written: say so, but the rep may still log the call.
                m.message = Message(text: error, isError: true)
            }
            return []
        case .appendFailed(let error):
            m.saving = false
            // The typed text stays where it was: nothing the rep wrote is lost.
            if case .call(var flow) = m.mode {
                flow.error = error
                m.mode = .call(flow)
            } else if case .prompt(var p) = m.mode {
                p.error = error
                m.mode = .prompt(p)
            }
            m.message = Message(text: error, isError: true)
            return []
        case .commandDone(let output, let ok):
            CommandBar.done(&m, output: output, ok: ok)
            return []
        case .commandWords(let words):
            CommandBar.loaded(&m, words)
            return []
        }
    }

    /// A saved change ends the flow that made it.
    static func leaveFlow(_ m: inout Model) {
        switch m.mode {
        case .call, .prompt, .confirmCall: m.mode = .normal
        default: break
        }
    }

    /// Takes the store's new state, keeping the cursor on the same item when events (ours or
    /// another process's) reorder the lists, and clamping it against the new lists only.
    static func adopt(_ m: inout Model, _ state: State, changed: Set<String>? = nil) {
        let before = m.agenda.items
        let kept = before.indices.contains(m.sel.today) ? before[m.sel.today] : nil
        let card = m.screen == .board ? selectedContact(m) : nil
        let reviewing = m.screen == .review ? m.review.items : []
        let previous = m.derived.wholeAgenda
        m.state = state
        // Only some contacts changed: their rows are rebuilt, the rest of the agenda kept.
        if let changed, let (key, agenda) = previous, key == m.unfilteredKey {
            m.derived.wholeAgenda = (
                key,
                Agenda.build(
                    state, rep: m.shownRep, settings: m.settings, clock: m.clock, upcomingDays: m.upcomingDays,
                    updating: agenda, changed: changed)
            )
        }
        if reviewing.indices.contains(m.sel.review), reviewing[m.sel.review].handled == nil {
            // The item under the cursor was just handled: on to the next one not yet done.
            let items = m.review.items
            if items.indices.contains(m.sel.review), items[m.sel.review].handled != nil,
                let next = items.indices.first(where: { $0 > m.sel.review && items[$0].handled == nil })
                    ?? items.indices.first(where: { items[$0].handled == nil })
            {
                m.sel.review = next
            }
        }
        if let kept {
            let items = m.agenda.items
            m.sel.today =
                items.firstIndex { $0.contact == kept.contact && $0.kind == kept.kind }
                ?? items.firstIndex { $0.contact == kept.contact } ?? m.sel.today
        }
        if let card {
            for col in m.boardColumns {
                if let row = col.cards.firstIndex(where: { $0.contact == card }) {
                    m.sel.boardRows[col.kind.index] = row
                }
            }
        }
        clampSelections(&m)
    }

    static func handleKey(_ m: inout Model, _ key: Key) -> [Effect] {
        switch m.mode {
        case .normal: break
        case .help(let scroll):
            switch KeyMap.action(for: key, in: .help) {
            case .scrollDown?: m.mode = .help(scroll: scroll + 1)
            case .scrollUp?: m.mode = .help(scroll: max(0, scroll - 1))
            case .scrollPageDown?: m.mode = .help(scroll: scroll + m.pageRows)
            case .scrollPageUp?: m.mode = .help(scroll: max(0, scroll - m.pageRows))
            default: m.mode = .normal  // any other key closes the help
            }
            return []
        case .search(var input, let previous):
            return Search.handle(&m, key, &input, previous: previous)
        case .command(var input):
            return CommandBar.handle(&m, key, &input)
        case .output(var out):
            CommandBar.scroll(&m, key, &out)
            return []
        case .prompt(var p):
            return Prompts.handle(&m, key, &p)
        case .call(var flow):
            return Call.handle(&m, key, &flow)
        case .confirmCall(let contact, _):
            switch KeyMap.action(for: key, in: .confirm) {
            case .confirmYes?:
                return startCall(&m, contact, anyway: true)
            default:
                m.mode = .normal
                m.message = Message(text: "not called", isError: false)
                return []
            }
        }
        m.message = nil
        guard let action = KeyMap.action(for: key, on: m.screen) else {
            m.message = Message(text: KeyMap.whyNot(key, on: m.screen), isError: false)
            return []
        }
        return perform(&m, action)
    }

    static func perform(_ m: inout Model, _ action: Action) -> [Effect] {
        switch action {
        case .down, .up, .pageDown, .pageUp, .top, .bottom, .left, .right, .nextScreen, .previousScreen, .today, .board,
            .review, .stats, .open, .back:
            return moveOrGo(&m, action)
        case .toggleLookers, .togglePane, .cycleRep, .search, .searchNext, .searchPrevious, .help, .command, .redraw,
            .quit:
            return changeView(&m, action)
        case .copy:
            return copyAddress(&m)
        case .jumpOverdue, .jumpToday, .jumpPromises, .jumpSilent, .jumpCheckIns, .jumpCalling:
            Figures.jump(&m, to: Figures.kind(of: action)!)
            return []
        case .call, .logTouch, .addNote, .addPromise, .setNext, .done, .edit, .undo, .drop, .followUp, .escalate, .won,
            .lost, .nurture, .rest, .seen, .stageForward, .stageBack:
            return write(&m, action)
        }
    }
    /// Movement and screens: the cursor, the board's columns, the tabs.
    static func moveOrGo(_ m: inout Model, _ action: Action) -> [Effect] {
        switch action {
        case .down: move(&m, by: 1)
        case .up: move(&m, by: -1)
        case .pageDown: move(&m, by: m.pageRows)
        case .pageUp: move(&m, by: -m.pageRows)
        case .top: move(&m, by: -1_000_000)
        case .bottom: move(&m, by: 1_000_000)
        case .left, .right:
            let n = m.boardColumns.count
            m.sel.boardColumn = (m.sel.boardColumn + (action == .right ? 1 : n - 1)) % max(n, 1)
        case .nextScreen, .previousScreen:
            let tabs = Screen.tabs
            let i = tabs.firstIndex(of: m.screen == .contact ? m.returnTo : m.screen)!
            go(&m, to: tabs[(i + (action == .nextScreen ? 1 : tabs.count - 1)) % tabs.count])
        case .today: go(&m, to: .today)
        case .board: go(&m, to: .board)
        case .review: go(&m, to: .review)
        case .stats: go(&m, to: .stats)
        case .open:
            switch m.screen {
            case .contact: m.message = Message(text: "this is the contact · Esc goes back", isError: false)
            case .stats:
                m.message = Message(text: "Stats shows figures, not contacts · 1 goes to Today", isError: false)
            default: go(&m, to: .contact)
            }
        case .back:
            if m.screen == .contact {
                m.screen = m.returnTo
                if m.screen == .board { clampBoard(&m) }
            } else if m.listFilter.isOn {
                Search.clear(&m)
            }
        default: break
        }
        return []
    }

    /// What is shown and how: lookers, whose work, search, help, the command line.
    static func changeView(_ m: inout Model, _ action: Action) -> [Effect] {
        switch action {
        case .togglePane:
            m.showPane.toggle()
            let room =
                m.width >= SidePane.minWidth
                ? "" : " (shown from \(SidePane.minWidth) columns; this terminal has \(m.width); Enter opens a contact)"
            m.message = Message(text: (m.showPane ? "side pane on" : "side pane off") + room, isError: false)
        case .toggleLookers:
            m.showLookers.toggle()
            m.sel.boardColumn = min(m.sel.boardColumn, m.boardColumns.count - 1)
            m.message = Message(text: m.showLookers ? "showing lookers" : "lookers hidden", isError: false)
        case .cycleRep:
            let reps = Set(m.state.contacts.values.map(\.owner)).subtracting([m.rep]).sorted()
            switch m.filter {
            case .mine: m.filter = .all
            case .all: m.filter = reps.first.map(RepFilter.rep) ?? .mine
            case .rep(let r): m.filter = reps.first(where: { $0 > r }).map(RepFilter.rep) ?? .mine
            }
            clampSelections(&m)
        case .search:
            if m.screen == .contact || m.screen == .stats { m.screen = .today }
            m.mode = .search(TextInput(m.listFilter.text), previous: m.sel)
        case .searchNext, .searchPrevious:
            guard !m.lastSearch.isEmpty else {
                m.message = Message(text: "no search yet · / searches", isError: false)
                return []
            }
            if !Search.jump(&m, query: m.lastSearch, from: action == .searchNext ? 1 : -1) {
                m.message = Message(text: "no match for \"\(m.lastSearch)\"", isError: true)
            }
        case .help: m.mode = .help(scroll: 0)
        case .command: m.mode = .command(TextInput())
        case .redraw: return [.redraw]
        case .quit:
            m.quit = true
            return [.quit]
        default: break
        }
        return []
    }

    /// Work on the contact under the cursor: calls, notes, promises, next steps, undo.
    static func write(_ m: inout Model, _ action: Action) -> [Effect] {
        switch action {
        case .call, .logTouch:
            guard let c = writableContact(&m) else { return [] }
            if action == .logTouch {
                var flow = CallFlow(contact: c, channel: .email)
                flow.stage = .channel
                m.mode = .call(flow)
                return []
            }
            // The same rule the store applies under its lock when the claim is written.
            switch ClaimDecision.decide(
                c, rep: m.rep, state: m.state, settings: m.settings, clock: m.clock, anyway: false)
            {
            case .claimed(let claim): m.mode = .confirmCall(contact: c, caution: .claimed(claim))
            case .guarded(let hit): m.mode = .confirmCall(contact: c, caution: .guarded(hit))
            case .stopped(let mark): m.mode = .confirmCall(contact: c, caution: .stopped(mark))
            case .granted: return startCall(&m, c)
            }
        case .addNote:
            guard let c = writableContact(&m) else { return [] }
            var flow = CallFlow(contact: c, channel: .other)
            flow.stage = .note
            flow.noteOnly = true
            m.mode = .call(flow)
        case .addPromise:
            guard let c = writableContact(&m) else { return [] }
            m.mode = .prompt(Prompt(.promise(contact: c, kind: .weOwe)))
        case .setNext:
            if m.screen == .review { return ReviewKeys.perform(&m, .setNext) }
            guard let c = writableContact(&m) else { return [] }
            m.mode = .prompt(Prompt(.nextStep(contact: c)))
        case .done:
            return markDone(&m)
        case .edit:
            guard let c = writableContact(&m) else { return [] }
            return [.editContact(c)]
        case .undo:
            guard !m.readOnly, !m.saving else { return [] }
            guard let last = m.undo.last else {
                m.message = Message(text: "nothing to undo in this session", isError: false)
                return []
            }
            m.saving = true
            return [.append([PlannedChange(.annul(events: last))], purpose: .undo)]
        case .drop, .followUp, .escalate, .won, .lost, .nurture, .rest, .seen:
            return ReviewKeys.perform(&m, action)
        case .stageForward, .stageBack:
            return StageKeys.move(&m, forward: action == .stageForward)
        default: break
        }
        return []
    }

    /// Opens the call screen and claims the contact, so the team sees "ann · calling now".
    /// `anyway`: the rep was told someone else holds them and chose to call too.
    static func startCall(_ m: inout Model, _ contact: String, anyway: Bool = false) -> [Effect] {
        m.mode = .call(CallFlow(contact: contact, channel: .call))
        m.saving = true
        return [.claim(contact: contact, minutes: m.settings.guardRule.claimMinutes, anyway: anyway)]
    }

    static func go(_ m: inout Model, to screen: Screen) {
        if screen == .contact {
            guard let c = selectedContact(m) else {
                m.message = Message(text: "no contact selected", isError: false)
                return
            }
            m.sel.detail = 0  // a contact opens at its top: name, how to reach them, the next step
            m.contact = c
            m.returnTo = m.screen
        }
        if screen == .review && m.screen != .review {
            // Resume where the review was left: the first item not handled yet.
            let items = m.review.items
            m.sel.review = items.firstIndex { $0.handled == nil } ?? max(0, items.count - 1)
        }
        // A filtered Board opens on a column that has a match, not on an empty one.
        if screen == .board, m.listFilter.isOn {
            let cols = m.boardColumns
            if !cols.indices.contains(m.sel.boardColumn) || cols[m.sel.boardColumn].cards.isEmpty,
                let i = cols.firstIndex(where: { !$0.cards.isEmpty })
            {
                m.sel.boardColumn = i
            }
        }
        m.screen = screen
        if screen == .board { clampBoard(&m) }
    }

    /// The contact under the cursor on the current screen.
    public static func selectedContact(_ m: Model) -> String? {
        switch m.screen {
        case .today:
            let items = m.agenda.items
            return items.indices.contains(m.sel.today) ? items[m.sel.today].contact : nil
        case .board:
            let cols = m.boardColumns
            guard cols.indices.contains(m.sel.boardColumn) else { return nil }
            let cards = cols[m.sel.boardColumn].cards
            let row = m.sel.boardRows[cols[m.sel.boardColumn].kind.index]
            return cards.indices.contains(row) ? cards[row].contact : nil
        case .contact:
            return m.contact
        case .review:
            let items = m.review.items
            return items.indices.contains(m.sel.review) ? items[m.sel.review].contact : nil
        case .stats:
            return nil
        }
    }

    /// `y`: the address to reach them by, as the channel advice says (a call: the phone; an
    /// email: the address), else the first on file. Copying writes nothing, so read-only is fine.
    static func copyAddress(_ m: inout Model) -> [Effect] {
        guard let id = selectedContact(m), let c = m.state.contacts[id] else {
            m.message = Message(text: "select a contact first", isError: false)
            return []
        }
        let channel = m.state.channelStats(id).channel(for: c)
        let phone = c.phones.first, email = c.emails.first
        let pick: (String, String)? =
            channel == .email
            ? (email.map { ($0, "email") } ?? phone.map { ($0, "phone") })
            : (phone.map { ($0, "phone") } ?? email.map { ($0, "email") })
        guard let (text, what) = pick else {
            m.message = Message(
                text: "no phone or email on file for \(c.name) · \(KeyMap.key(.edit)) adds one", isError: false)
            return []
        }
        m.message = Message(text: "copied \(c.name)'s \(what): \(text)", isError: false)
        return [.copy(text)]
    }

    static func writableContact(_ m: inout Model) -> String? {
        if m.readOnly {
            m.message = Message(text: "read-only: this data dir cannot be written", isError: true)
            return nil
        }
        if m.saving { return nil }
        guard let c = selectedContact(m) else {
            m.message = Message(text: "select a contact first", isError: false)
            return nil
        }
        return c
    }

    static func move(_ m: inout Model, by delta: Int) {
        switch m.screen {
        case .today:
            m.sel.today = clamp(m.sel.today + delta, m.agenda.items.count)
        case .board:
            let cols = m.boardColumns
            guard cols.indices.contains(m.sel.boardColumn) else { return }
            let k = cols[m.sel.boardColumn].kind.index
            m.sel.boardRows[k] = clamp(m.sel.boardRows[k] + delta, cols[m.sel.boardColumn].cards.count)
        case .contact:
            m.sel.detail = clamp(m.sel.detail + delta, ContactDoc.lines(m).count)
        case .review:
            m.sel.review = clamp(m.sel.review + delta, m.review.items.count)
        case .stats:
            m.sel.stats = max(0, m.sel.stats + delta)
        }
    }

    static func clamp(_ i: Int, _ count: Int) -> Int { max(0, min(i, count - 1)) }

    static func clampSelections(_ m: inout Model) {
        m.sel.today = clamp(m.sel.today, m.agenda.items.count)
        if m.screen == .review { m.sel.review = clamp(m.sel.review, m.review.items.count) }
        // The board is built only when it is shown (switching to it clamps too): on a big team,
        // building it for every event another rep wrote was most of a repaint.
        if m.screen == .board { clampBoard(&m) }
        if let c = m.contact, m.state.contacts[c] == nil {
            m.contact = nil; if m.screen == .contact { m.screen = .today }
        }
    }

    static func clampBoard(_ m: inout Model) {
        let cols = m.boardColumns
        m.sel.boardColumn = clamp(m.sel.boardColumn, cols.count)
        for col in cols { m.sel.boardRows[col.kind.index] = clamp(m.sel.boardRows[col.kind.index], col.cards.count) }
    }

    /// `x`: the selected promise is kept, or the selected next step is done.
    static func markDone(_ m: inout Model) -> [Effect] {
        guard !m.readOnly, !m.saving else { return [] }
        var target: DocTarget?
        switch m.screen {
        case .today:
            let items = m.agenda.items
            guard items.indices.contains(m.sel.today) else { return [] }
            switch items[m.sel.today].kind {
            case .promise(let id, _): target = .promise(id)
            case .nextStep: target = .nextStep(items[m.sel.today].contact)
            case .noNextStep:
                m.message = Message(text: "no next step to mark done · s plans one", isError: false)
                return []
            }
        case .contact:
            let lines = ContactDoc.lines(m)
            target = lines.indices.contains(m.sel.detail) ? lines[m.sel.detail].target : nil
        case .board:
            target = selectedContact(m).flatMap { m.state.nextSteps[$0] != nil ? .nextStep($0) : nil }
        case .review:
            return ReviewKeys.perform(&m, .done)
        case .stats:
            m.message = Message(
                text: "x marks a promise or next step done on Today, Board, Contact or Review", isError: false)
            return []
        }
        switch target {
        case .promise(let id):
            guard let p = m.state.commitments[id], p.status == .open else { return [] }
            m.saving = true
            return [.save([.promiseDone(id: id)], label: "done: \(p.text)")]
        case .nextStep(let c):
            guard let step = m.state.nextSteps[c] else { return [] }
            m.saving = true
            return [.save([.clearNextStep(contact: c)], label: "done: \(step.summary) · s plans the next one")]
        case .none:
            m.message = Message(text: "select a promise or next step to mark done", isError: false)
            return []
        }
    }
}

extension Board.Kind {
    var index: Int { Board.Kind.allCases.firstIndex(of: self)! }
}
