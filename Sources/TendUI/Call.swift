import TendCore

/// Keys on the call screen (and the note and log-a-touch screens that share it).
enum Call {
    static func handle(_ m: inout Model, _ key: Key, _ flow: inout CallFlow) -> [Effect] {
        if m.saving { return [] }
        flow.error = nil
        if key != .escape { flow.confirmDiscard = false }
        defer { if case .call = m.mode { m.mode = .call(flow) } }
        switch flow.stage {
        case .channel: return channelKey(&m, key, &flow)
        case .outcome: return outcomeKey(&m, key, &flow)
        case .note: return noteKey(&m, key, &flow)
        case .next: return nextStepKey(&m, key, &flow)
        }
    }

    /// The channel of a touch that is not a call (log-a-touch).
    static func channelKey(_ m: inout Model, _ key: Key, _ flow: inout CallFlow) -> [Effect] {
        if KeyMap.action(for: key, in: .call) == .backOrCancel { return cancel(&m) }
        guard case .char(let c) = key, let ch = CallFlow.channelKeys.first(where: { $0.0 == c })?.1 else {
            flow.error =
                "pick the channel: "
                + CallFlow.channelKeys.map { "\($0.0) \($0.1.rawValue)" }.joined(separator: " · ")
            return []
        }
        flow.channel = ch
        flow.stage = .outcome
        return []
    }

    /// The outcome, by its number; or the note first.
    static func outcomeKey(_ m: inout Model, _ key: Key, _ flow: inout CallFlow) -> [Effect] {
        switch (KeyMap.action(for: key, in: .call), key) {
        case (.backOrCancel?, _):
            return cancel(&m)
        case (.writeNote?, _):
            flow.stage = .note
        case (.doNotContact?, _):
            m.mode = .prompt(Prompt(.doNotContact(contact: flow.contact, channel: flow.channel)))
            return []
        case (_, .char(let c)):
            guard let o = flow.outcomes.first(where: { $0.0 == c })?.1 else {
                flow.error = "pick the outcome with its number, or n to write a note first"
                return []
            }
            flow.outcome = o
            if o.isConversation && flow.note.isEmpty {
                flow.stage = .note
            } else {
                propose(m, &flow)
            }
        default:
            flow.error = "pick the outcome with its number, or n to write a note first"
        }
        return []
    }

    /// Typing the note; Ctrl-D or Enter on an empty line ends it.
    static func noteKey(_ m: inout Model, _ key: Key, _ flow: inout CallFlow) -> [Effect] {
        let lastEmpty = flow.note.lines.last?.isEmpty ?? true
        switch KeyMap.action(for: key, in: .call) {
        case .finishNote?:
            return finishNote(&m, &flow)
        case .saveCall? where lastEmpty:
            // Enter on an empty line ends the note, as the prompt says (an empty note too).
            if flow.note.isEmpty && flow.noteOnly {
                let effects = cancel(&m)
                m.message = Message(text: "empty note: nothing saved", isError: false)
                return effects
            }
            if flow.note.lines.count > 1 { flow.note.lines.removeLast() }
            return finishNote(&m, &flow)
        case .backOrCancel?:
            if flow.noteOnly {
                if flow.note.isEmpty || flow.confirmDiscard { return cancel(&m) }
                flow.confirmDiscard = true
                flow.error = "Ctrl-D saves the note · Esc again discards it"
            } else {
                flow.stage = .outcome
            }
        default:
            _ = flow.note.handle(key)
        }
        return []
    }

    /// The next step: the proposal, or one typed.
    static func nextStepKey(_ m: inout Model, _ key: Key, _ flow: inout CallFlow) -> [Effect] {
        switch KeyMap.action(for: key, in: .call) {
        case .backOrCancel?:
            flow.stage = .outcome
            flow.nextInput = TextInput()
        case .saveCall?:
            return save(&m, &flow)
        default:
            _ = flow.nextInput.handle(key)
        }
        return []
    }

    static func cancel(_ m: inout Model) -> [Effect] {
        let flow: CallFlow? = {
            if case .call(let f) = m.mode { return f }; return nil
        }()
        m.mode = .normal
        m.message = Message(text: "nothing logged", isError: false)
        // A cancelled call gives the contact back to the team at once.
        if let f = flow, let claim = m.state.claims[f.contact], claim.rep == m.rep, !m.readOnly {
            m.saving = true
            return [.append([PlannedChange(.release(contact: f.contact))], purpose: .bookkeeping)]
        }
        return []
    }

    /// The promises in the note, or an error shown on the screen (the text stays).
    static func capture(_ m: Model, _ flow: inout CallFlow) -> Capture? {
        do {
            return try Capture.parse(flow.note.text, today: m.clock.today, settings: m.settings)
        } catch {
            flow.error = "\(error)"
            return nil
        }
    }

    static func finishNote(_ m: inout Model, _ flow: inout CallFlow) -> [Effect] {
        guard capture(m, &flow) != nil else { return [] }
        if flow.noteOnly { return saveNote(&m, &flow) }
        if flow.outcome == nil {
            flow.stage = .outcome
        } else {
            propose(m, &flow)
        }
        return []
    }

    /// What the cadence would do once this touch is logged.
    static func propose(_ m: Model, _ flow: inout CallFlow) {
        guard let outcome = flow.outcome else { return }
        let after = m.state.applying(
            [.touch(contact: flow.contact, channel: flow.channel, outcome: outcome, note: "")],
            rep: m.rep, at: m.clock.now)
        switch Cadence.afterTouch(contact: flow.contact, in: after, explicit: nil, settings: m.settings, clock: m.clock)
        {
        case .set(let s): flow.proposal = s; flow.clearsStep = false
        case .clear: flow.proposal = nil; flow.clearsStep = true
        case .keep: flow.proposal = nil; flow.clearsStep = false
        }
        flow.stage = .next
    }

    static func save(_ m: inout Model, _ flow: inout CallFlow) -> [Effect] {
        guard let outcome = flow.outcome, let capture = capture(m, &flow) else { return [] }
        var changes: [PlannedChange] = [
            PlannedChange(.touch(contact: flow.contact, channel: flow.channel, outcome: outcome, note: capture.note))
        ]
        changes += promises(&m, capture, contact: flow.contact)
        let typed = flow.nextInput.text.trimmingCharacters(in: .whitespaces)
        if !typed.isEmpty {
            do {
                var step = try NextStepInput.parse(typed, today: m.clock.today)
                if let odd = m.settings.oddity(of: step.due, today: m.clock.today), flow.confirmedNext != typed {
                    flow.confirmedNext = typed
                    flow.error = "\(odd); Enter again to keep it, or change the date"
                    return []
                }
                step.channel = step.channel ?? m.state.contacts[flow.contact]?.prefers ?? flow.channel
                changes.append(PlannedChange(.setNextStep(contact: flow.contact, step: step)))
            } catch {
                flow.error = "\(error)"
                return []
            }
        } else if let p = flow.proposal {
            changes.append(PlannedChange(.setNextStep(contact: flow.contact, step: p)))
        } else if flow.clearsStep {
            changes.append(PlannedChange(.clearNextStep(contact: flow.contact)))
        }
        m.saving = true
        let name = m.state.contacts[flow.contact]?.name ?? flow.contact
        let kept =
            capture.promises.isEmpty
            ? "" : " · \(capture.promises.count) promise\(capture.promises.count == 1 ? "" : "s")"
        let label = "logged \(flow.channel.rawValue) · \(outcome.rawValue) with \(name)\(kept)"
        // A looker who answers may be buying again: offer the move back, once the touch is saved.
        var then: Prompt.Kind?
        if outcome.isConversation, let deal = m.state.mainDeal(of: flow.contact), deal.stage == .nurture {
            then = .reopen(contact: flow.contact, deal: deal.id)
        }
        return [.append(changes, purpose: .user(label: label, then: then))]
    }

    static func saveNote(_ m: inout Model, _ flow: inout CallFlow) -> [Effect] {
        guard let capture = capture(m, &flow), !capture.note.isEmpty else {
            flow.error = flow.error ?? "the note is empty · Esc discards it"
            return []
        }
        var changes = [PlannedChange(.note(contact: flow.contact, text: capture.note))]
        changes += promises(&m, capture, contact: flow.contact)
        m.saving = true
        let name = m.state.contacts[flow.contact]?.name ?? flow.contact
        let kept =
            capture.promises.isEmpty
            ? "" : " · \(capture.promises.count) promise\(capture.promises.count == 1 ? "" : "s")"
        return [.append(changes, purpose: .user(label: "noted on \(name)\(kept)"))]
    }

    /// The `*` promises of a note, each pointing at the batch's first change (the touch or note
    /// they were captured in), whose id the store gives them.
    static func promises(_ m: inout Model, _ capture: Capture, contact: String) -> [PlannedChange] {
        var ids = capture.promises.map { _ in m.newEntityID() }.makeIterator()
        return capture.commitments(
            contact: contact, rep: m.rep, source: nil, created: m.clock.now,
            newID: { ids.next()! }
        ).map { PlannedChange(.promise($0), sourceInBatch: 0) }
    }
}
