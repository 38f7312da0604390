extension State {
    /// The contacts whose data an event changes (their fields, deals, promises, plan, touches,
    /// notes, claim or marks), read against the state *before* it is applied; nil when it may
    /// change what every contact shows (a merge, a forget, time away, an annul, a line that does
    /// not read).
    ///
    /// What lets a view built contact by contact (`Agenda.build(updating:changed:)`) rebuild only
    /// theirs when another rep writes on a big team.
    public func contactsChanged(by e: Event) -> Set<String>? {
        let read: Change?
        do { read = try Change(event: e) } catch { return nil }
        guard var change = read else { return [] }  // a type this Tend does not know changes nothing
        if !mergedInto.isEmpty { change = change.redirected(resolved) }
        switch change {
        case .merge, .forget, .away, .annul: return nil
        case .reviewed: return []
        // An id made again under another contact leaves the first one too.
        case .promise(let p): return Set([p.contact] + [commitments[p.id]?.contact].compactMap { $0 })
        case .addDeal(let d): return Set([d.contact] + [deals[d.id]?.contact].compactMap { $0 })
        default: return change.contactID(in: self).map { [$0] } ?? []  // an unknown deal or promise: a problem only
        }
    }
}
