import Foundation

/// Which field each CSV column feeds: the headers of the exports people move in with — a plain
/// spreadsheet (Excel, Numbers, LibreOffice), Google Contacts (both header generations), Outlook,
/// Thunderbird, LinkedIn connections, German Outlook / Windows Live Mail, Pipedrive, HubSpot and
/// Tend's own — matched without regard to case; `--map` for anything else.
public struct ColumnMap: Sendable {
    /// Per column: the field, or nil to keep the column as a note.
    public var fields: [ImportField?]
    public var header: [String]
    /// The export the headers were recognised as, for the import's report: `Google Contacts CSV`.
    public var dialect: Dialect

    /// `overrides`: `--map` pairs, column header (any case) → field.
    public init(header: [String], overrides: [String: ImportField] = [:]) {
        self.header = header
        let keys = header.map(ColumnMap.key)
        let dialect = Dialect.detect(Set(keys))
        self.dialect = dialect
        let byKey = Dictionary(overrides.map { (ColumnMap.key($0.key), $0.value) }, uniquingKeysWith: { $1 })
        fields = keys.map { byKey[$0] ?? dialect.field($0) }
        let present = Set(keys)
        unknownOverrides = overrides.keys.filter { !present.contains(ColumnMap.key($0)) }.sorted()
    }

    /// `First Name → first_name, E-mail 1 - Value → email`: what `--dry-run` shows.
    public var mapping: [(column: String, field: ImportField)] {
        zip(header, fields).compactMap { h, f in f.map { (h.trimmingCharacters(in: .whitespaces), $0) } }
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
        "first name": .firstName, "given name": .firstName, "last name": .lastName, "surname": .lastName,
        "family name": .lastName,
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
        "quote sent": .quoteSent, "close date": .closeDate, "expected close date": .closeDate,
        "lost reason": .lostReason,
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
                for part in ColumnMap.split(value, f) where !(f == .tag && ColumnMap.isSystemLabel(part)) {
                    r.add(f, f == .tag && part.hasPrefix("* ") ? String(part.dropFirst(2)) : part)
                }
            case let f?:
                r.add(f, value)
            case nil:
                r.extras.append((header[i].trimmingCharacters(in: .whitespaces), value))
            }
        }
        return r
    }

    /// Several values in one cell: Google's ` ::: `, then `;` (`a@x; b@x`), then `,` for emails and
    /// tags (Pipedrive), `, ` for phones (a comma alone may be inside a number: `+49 30,5`).
    static func split(_ value: String, _ f: ImportField) -> [String] {
        var parts = value.components(separatedBy: ":::")
        parts = parts.flatMap { $0.split(separator: ";").map(String.init) }
        parts = parts.flatMap {
            f == .phone ? $0.components(separatedBy: ", ") : $0.split(separator: ",").map(String.init)
        }
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Google's own groups every contact is in (`* myContacts`): not a tag anybody chose.
    static func isSystemLabel(_ s: String) -> Bool {
        s.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "* ")) == "mycontacts"
    }
}
