/// `State.apply`, by what a change is about.
extension State {
    /// `keys.contains`, not `contacts[cid] != nil`: the subscript copies the whole contact out
    /// (a retain per field) to compare it with nil, once per event of a replay.
    func needContact(_ cid: String) throws {
        guard contacts.keys.contains(cid) else {
            throw EventLineError(
                message: forgotten.contains(cid) ? "contact \(cid) was forgotten" : "unknown contact \(cid)")
        }
    }

    /// The contact itself: created, edited, rested, forgotten.
    mutating func applyToContact(_ change: Change, at: Timestamp) throws {
        switch change {
        case .addContact(let c):
            // A second add of the same id is a concurrent create: last writer wins, like a field edit.
            contacts[c.id] = c
        case .updateContact(let cid, let fields):
            try needContact(cid)
            if fields[.emails] != nil { emailsChanged[cid] = at }
            if fields[.phones] != nil { phonesChanged[cid] = at }
            var c = contacts[cid]!
            for (key, value) in fields {
                switch key {
                case .name: if let s = value.string, !s.isEmpty { c.name = s }
                case .company: c.company = value.string ?? ""
                case .owner: if let s = value.string, !s.isEmpty { c.owner = s }
                case .bestTime: c.bestTime = value.string ?? ""
                case .timeZone: c.timeZone = value.string ?? ""
                case .needs: c.needs = value.string ?? ""
                case .prefers: c.prefers = value.string.flatMap(Channel.init(rawValue:))
                case .phones: c.phones = value.strings
                case .emails: c.emails = value.strings
                case .tags: c.tags = value.strings
                case .uid: c.uid = value.string ?? ""
                }
            }
            contacts[cid] = c
        case .rest(let cid, let reason):
            try needContact(cid)
            resting[cid] = (reason, at)
        case .merge(let from, let into):
            try merge(from, into: into)
        case .forget(let cid):
            // Whoever was merged into them is forgotten with them: their events name the old id.
            for (old, _) in mergedInto where resolved(old) == cid { forgotten.insert(old) }
            forgotten.insert(cid)
            contacts.removeValue(forKey: cid)
            for d in dealsByContact.removeValue(forKey: cid) ?? [] {
                deals.removeValue(forKey: d)
                forgottenEntities[d] = cid
            }
            for p in commitments.values where p.contact == cid { forgottenEntities[p.id] = cid }
            touches.removeValue(forKey: cid)
            notes.removeValue(forKey: cid)
            nextSteps.removeValue(forKey: cid)
            claims.removeValue(forKey: cid)
            resting.removeValue(forKey: cid)
            stopped.removeValue(forKey: cid)
            commitments = commitments.filter { $0.value.contact != cid }
            commitmentsByContact.removeValue(forKey: cid)
        default: break
        }
    }

    /// Deals and their stages.
    mutating func applyToDeal(_ change: Change, at: Timestamp) throws {
        switch change {
        case .addDeal(let d):
            try needContact(d.contact)
            if !deals.keys.contains(d.id) { dealsByContact[d.contact, default: []].append(d.id) }
            deals[d.id] = d
        case .setStage(let s):
            guard var d = deals[s.deal] else { throw EventLineError(message: "unknown deal \(s.deal)") }
            d.stage = s.stage
            d.stageAt = at
            if let v = s.quoteSent { d.quoteSent = v }
            if let v = s.quoteCents { d.quoteCents = v }
            if let v = s.quoteExpires { d.quoteExpires = v }
            if let v = s.used { d.used = v }
            d.reason = s.reason
            deals[s.deal] = d
        default: break
        }
    }

    /// What happened: touches and notes, in the contact's timeline.
    mutating func applyToTimeline(_ change: Change, id: String, rep: String, at: Timestamp) throws {
        switch change {
        case .touch(let cid, let channel, let outcome, let note):
            try needContact(cid)
            touches[cid, default: []].append(
                Touch(
                    id: id, contact: cid, rep: rep, at: at, channel: channel,
                    outcome: outcome, note: note))
            // Logging the touch ends the caller's own claim.
            if !claims.isEmpty, claims[cid]?.rep == rep { claims.removeValue(forKey: cid) }
        case .note(let cid, let text):
            try needContact(cid)
            notes[cid, default: []].append(Note(id: id, contact: cid, rep: rep, at: at, text: text))
        default: break
        }
    }

    /// Promises made, kept, dropped and moved.
    mutating func applyToPromise(_ change: Change, at: Timestamp) throws {
        switch change {
        case .promise(let p):
            try needContact(p.contact)
            let before = commitments.updateValue(p, forKey: p.id)?.contact
            if before != p.contact {
                if let before { commitmentsByContact[before]?.removeAll { $0 == p.id } }
                commitmentsByContact[p.contact, default: []].append(p.id)
            }
        case .promiseDone(let pid):
            guard commitments.keys.contains(pid) else { throw EventLineError(message: "unknown promise \(pid)") }
            commitments[pid]!.status = .done
            commitments[pid]!.closed = at
            commitments[pid]!.updated = at
        case .promiseDropped(let pid, let reason):
            guard commitments.keys.contains(pid) else { throw EventLineError(message: "unknown promise \(pid)") }
            commitments[pid]!.status = .dropped
            commitments[pid]!.reason = reason
            commitments[pid]!.closed = at
            commitments[pid]!.updated = at
        case .promiseMoved(let pid, let due):
            guard commitments.keys.contains(pid) else { throw EventLineError(message: "unknown promise \(pid)") }
            commitments[pid]!.due = due
            commitments[pid]!.updated = at
        default: break
        }
    }

    /// What comes next: the next step and who is calling now.
    mutating func applyToPlan(_ change: Change, rep: String, at: Timestamp) throws {
        switch change {
        case .setNextStep(let cid, let step):
            try needContact(cid)
            var step = step
            // The same step set again (the cadence re-proposing it, a sync) is not a revision: it
            // keeps when and by whom it was planned, so calendars see no change.
            if let old = nextSteps[cid], old.sameContent(as: step) {
                step.setAt = old.setAt
                step.setBy = old.setBy
            }
            nextSteps[cid] = step
        case .clearNextStep(let cid):
            try needContact(cid)
            nextSteps.removeValue(forKey: cid)
        case .claim(let cid, let minutes):
            try needContact(cid)
            claims[cid] = Claim(rep: rep, at: at, until: at.adding(minutes: max(1, minutes)))
        case .release(let cid):
            if claims[cid]?.rep == rep { claims.removeValue(forKey: cid) }
        default: break
        }
    }

    /// Folds contact `from` into `into`: timelines, deals, promises, the next step and a live claim
    /// move over, and channels, company and tags the survivor lacks are kept.
    mutating func merge(_ from: String, into: String) throws {
        try needContact(from)
        try needContact(into)
        guard from != into, var survivor = contacts[into], let gone = contacts[from] else { return }
        if survivor.company.isEmpty { survivor.company = gone.company }
        survivor.emails += gone.emails.filter { e in !survivor.emails.contains { $0.lowercased() == e.lowercased() } }
        survivor.phones += gone.phones.filter { !survivor.phones.contains($0) }
        survivor.tags += gone.tags.filter { !survivor.tags.contains($0) }
        if survivor.prefers == nil { survivor.prefers = gone.prefers }
        if survivor.uid.isEmpty { survivor.uid = gone.uid }
        contacts[into] = survivor
        contacts.removeValue(forKey: from)
        if var moved = touches.removeValue(forKey: from) {
            for i in moved.indices { moved[i].contact = into }
            touches[into] = (touches[into, default: []] + moved).sorted { ($0.at, $0.id) < ($1.at, $1.id) }
        }
        if var moved = notes.removeValue(forKey: from) {
            for i in moved.indices { moved[i].contact = into }
            notes[into] = (notes[into, default: []] + moved).sorted { ($0.at, $0.id) < ($1.at, $1.id) }
        }
        for d in dealsByContact.removeValue(forKey: from) ?? [] {
            deals[d]?.contact = into
            dealsByContact[into, default: []].append(d)
        }
        for (pid, p) in commitments where p.contact == from { commitments[pid]?.contact = into }
        if let moved = commitmentsByContact.removeValue(forKey: from) {
            commitmentsByContact[into, default: []] += moved
        }
        if nextSteps[into] == nil, let step = nextSteps[from] { nextSteps[into] = step }
        nextSteps.removeValue(forKey: from)
        if claims[into] == nil, let claim = claims[from] { claims[into] = claim }
        claims.removeValue(forKey: from)
        resting.removeValue(forKey: from)
        if stopped[into] == nil, let stop = stopped[from] { stopped[into] = stop }  // "stop" holds for the person
        stopped.removeValue(forKey: from)
        mergedInto[from] = into
    }
}
