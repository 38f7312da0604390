/// What `tend forget` removes from a log line: the person's personal data. Ids, times and types
/// stay, so the log still folds and checks; the words and numbers that identify someone go.
public enum Erasure {
    /// Fields that carry personal data, by event type.
    static let contactFields = ["name", "company", "phones", "emails", "best_time", "needs", "tags", "uid", "tz"]
    static let personal: [String: [String]] = [
        EventType.contact.rawValue: contactFields,
        EventType.contactSet.rawValue: contactFields,
        EventType.touch.rawValue: ["note"],
        EventType.note.rawValue: ["text"],
        EventType.promise.rawValue: ["text"],
        EventType.deal.rawValue: ["title"],
        EventType.contactRest.rawValue: ["reason"],
        EventType.contactStop.rawValue: ["reason"],
        EventType.dealStage.rawValue: ["reason"],
        EventType.promiseDrop.rawValue: ["reason"],
    ]

    /// The name a forgotten contact's first event keeps, so the log still folds.
    static let placeholder = JSON.string("(forgotten)")

    /// The event with the person's data removed, or nil when it is not about a forgotten contact.
    /// `entities` maps deal and promise ids to their contact.
    public static func strip(_ e: Event, forgotten: Set<String>, entities: [String: String]) -> Event? {
        let about =
            e.fields["contact"]?.string ?? e.fields["deal"]?.string.flatMap { entities[$0] }
            ?? e.fields["promise"]?.string.flatMap { entities[$0] }
        guard let contact = about, forgotten.contains(contact), e.type != EventType.forget.rawValue else { return nil }
        var out = e
        let fields = personal[e.type] ?? []
        // Already stripped (a contact keeps only its placeholder name): nothing left to remove.
        guard
            fields.contains(where: {
                out.fields[$0] != nil
                    && !(e.type == EventType.contact.rawValue && $0 == "name" && out.fields[$0] == placeholder)
            })
        else { return nil }
        for f in fields { out.fields.removeValue(forKey: f) }
        if e.type == EventType.contact.rawValue { out.fields["name"] = placeholder }
        return out
    }
}
