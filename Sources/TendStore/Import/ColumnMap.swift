/// Which field each CSV column feeds: a plain spreadsheet's headers, Pipedrive's `Entity - Field`
/// headers and HubSpot's, matched without regard to case; `--map` for anything else.
public struct ColumnMap: Sendable {
    /// Per column: the field, or nil to keep the column as a note.
    public var fields: [ImportField?]
    public var header: [String]

    /// `overrides`: `--map` pairs, column header (any case) → field.
    public init(header: [String], overrides: [String: ImportField] = [:]) {
        self.header = header
        let byKey = Dictionary(overrides.map { (ColumnMap.key($0.key), $0.value) }, uniquingKeysWith: { $1 })
        fields = header.map { byKey[ColumnMap.key($0)] ?? ColumnMap.known(ColumnMap.key($0)) }
        let present = Set(header.map(ColumnMap.key))
        unknownOverrides = overrides.keys.filter { !present.contains(ColumnMap.key($0)) }.sorted()
    }

    /// `--map` columns the file does not have (a typo would otherwise map nothing, silently).
    public var unknownOverrides: [String] = []

    /// The header as compared: lower case, single spaces, Pipedrive's trailing `*` (required) dropped.
    static func key(_ header: String) -> String {
        var h = header.trimmingCharacters(in: .whitespaces).lowercased()
        while h.hasSuffix("*") { h = String(h.dropLast()).trimmingCharacters(in: .whitespaces) }
        return h.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    static func known(_ key: String) -> ImportField? {
        if let f = plain[key] { return f }
        // Pipedrive: `Person - Email - Work`, `Person - Phone - Mobile`: the last part is a label.
        let parts = key.components(separatedBy: " - ")
        if parts.count == 3, let f = pipedrive[parts[0] + " - " + parts[1]], f == .email || f == .phone { return f }
        return pipedrive[key] ?? hubspot[key]
    }

    static let plain: [String: ImportField] = [
        "tend id": .id,
        "name": .name, "full name": .name, "contact": .name, "contact name": .name,
        "first name": .firstName, "given name": .firstName, "last name": .lastName, "surname": .lastName, "family name": .lastName,
        "company": .company, "organization": .company, "organisation": .company, "account": .company,
        "title": .title, "job title": .title, "position": .title, "role": .title,
        "email": .email, "e-mail": .email, "email address": .email, "emails": .email,
        "phone": .phone, "telephone": .phone, "tel": .phone, "mobile": .phone, "phone number": .phone, "phones": .phone,
        "notes": .notes, "note": .notes, "comments": .notes, "comment": .notes, "last note": .notes,
        "tags": .tag, "tag": .tag, "labels": .tag,
        "owner": .owner, "rep": .owner,
        "deal": .deal, "deal name": .deal, "deal title": .deal, "opportunity": .deal,
        "stage": .stage, "status": .status,
        "value": .value, "amount": .value, "deal value": .value,
        "currency": .currency,
        "quote sent": .quoteSent, "close date": .closeDate, "expected close date": .closeDate, "lost reason": .lostReason,
        "next follow-up": .nextDate, "next follow up": .nextDate, "follow-up": .nextDate, "follow up": .nextDate,
        "next follow-up date": .nextDate, "next contact": .nextDate, "due": .nextDate,
        "next step": .nextStep, "next action": .nextStep,
        "last touch": .lastTouch, "last contacted": .lastTouch, "last outcome": .lastOutcome,
    ]

    static let pipedrive: [String: ImportField] = [
        "person - name": .name, "person - first name": .firstName, "person - last name": .lastName,
        "person - organization": .company, "organization - name": .company,
        "person - email": .email, "person - phone": .phone, "person - labels": .tag, "person - job title": .title,
        "person - owner": .owner,
        "deal - title": .deal, "deal - value": .value, "deal - currency": .currency, "deal - stage": .stage,
        "deal - status": .status, "deal - expected close date": .closeDate, "deal - contact person": .name,
        "deal - organization": .company, "deal - owner": .owner, "deal - lost reason": .lostReason,
        "activity - subject": .nextStep, "activity - type": .nextChannel, "activity - due date": .nextDate,
        "activity - done": .activityDone, "activity - note": .notes,
    ]

    static let hubspot: [String: ImportField] = [
        "phone number": .phone, "mobile phone number": .phone, "company name": .company,
        "contact owner": .owner, "lifecycle stage": .tag, "lead status": .tag,
        "deal stage": .stage, "deal owner": .owner, "associated contact": .name, "closed lost reason": .lostReason,
    ]

    /// The record a row describes. Comma-joined lists (`a@x.com, b@y.com`) become several values;
    /// a row shorter than the header leaves the missing cells empty.
    public func record(_ row: [String], line: Int) -> ImportRecord {
        var r = ImportRecord(line: line)
        for (i, cell) in row.enumerated() {
            let value = CSVExport.restore(cell.trimmingCharacters(in: .whitespacesAndNewlines))
            guard !value.isEmpty else { continue }
            guard i < fields.count else {
                r.extras.append(("column \(i + 1)", value))
                continue
            }
            switch fields[i] {
            case .ignore?: break
            case let f? where f.isList:
                for part in value.split(separator: f == .phone ? ";" : ",") { r.add(f, String(part)) }
                if f == .phone, !value.contains(";") && value.contains(", ") {
                    // `+49 30 1, +49 30 2`: Pipedrive joins phones with ", " too
                    r.values[f] = value.components(separatedBy: ", ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                }
            case let f?:
                r.add(f, value)
            case nil:
                r.extras.append((header[i].trimmingCharacters(in: .whitespaces), value))
            }
        }
        return r
    }
}
