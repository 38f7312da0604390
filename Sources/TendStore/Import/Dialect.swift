/// An export format recognised by its header row, and how its columns read. A dialect's own table
/// comes first (Outlook's `Title` is "Mr.", not a job title; German exports say `Firma`); what it
/// does not name falls back to the plain, Pipedrive and HubSpot headers.
public struct Dialect: Sendable, Equatable {
    /// How the import reports it: `Outlook CSV`.
    public var name: String
    /// Headers (as `ColumnMap.key` writes them) that must all be present to recognise it.
    var signature: [[String]]
    /// Header → field; a nil field keeps the column as a note even where the plain table knows it.
    var fields: [String: ImportField?]
    /// Numbered columns (`E-mail 2 - Value`, `Phone 3 - Type`): the header with its number taken out.
    var numbered: [String: ImportField?] = [:]

    public static func == (a: Dialect, b: Dialect) -> Bool { a.name == b.name }

    func field(_ key: String) -> ImportField? {
        if let f = fields[key] { return f }
        if let f = numbered[Dialect.unnumbered(key)] { return f }
        return ColumnMap.known(key)
    }

    /// `e-mail 2 - value` → `e-mail # - value`.
    static func unnumbered(_ key: String) -> String {
        var out = "", inDigits = false
        for ch in key {
            if ch.isASCII && ch.isNumber {
                if !inDigits { out.append("#") }
                inDigits = true
            } else {
                out.append(ch)
                inDigits = false
            }
        }
        return out
    }

    static func detect(_ keys: Set<String>) -> Dialect {
        all.first { d in d.signature.contains { $0.allSatisfy(keys.contains) } } ?? plain
    }

    static let plain = Dialect(name: "spreadsheet CSV", signature: [], fields: [:])

    static let all: [Dialect] = [
        tend, googleNew, googleOld, outlook, thunderbird, germanAddressBook, linkedIn, pipedrive, hubspot,
    ]

    static let tend = Dialect(name: "Tend CSV", signature: [["tend id", "next follow-up"]], fields: [:])

    /// Google Contacts since 2021: `First Name`, `Organization Name`, `E-mail 1 - Value`, `Labels`.
    static let googleNew = Dialect(
        name: "Google Contacts CSV",
        signature: [["first name", "e-mail 1 - value"], ["first name", "phone 1 - value"]],
        fields: [
            "organization name": .company, "organization title": .title, "labels": .tag, "notes": .notes,
            "middle name": nil, "file as": nil, "nickname": nil, "photo": .ignore,
        ],
        numbered: googleNumbered)

    /// Google Contacts before 2021 (and its "Google CSV"): `Given Name`, `Organization 1 - Name`.
    static let googleOld = Dialect(
        name: "Google Contacts CSV (older headers)",
        signature: [["given name", "e-mail 1 - value"], ["given name", "phone 1 - value"]],
        fields: [
            "name": .name, "given name": .firstName, "family name": .lastName, "group membership": .tag,
            "notes": .notes, "photo": .ignore,
        ],
        numbered: googleNumbered)

    static let googleNumbered: [String: ImportField?] = [
        "e-mail # - value": .email, "phone # - value": .phone, "e-mail # - type": .ignore, "e-mail # - label": .ignore,
        "phone # - type": .ignore, "phone # - label": .ignore, "organization # - name": .company,
        "organization # - title": .title,
    ]

    /// Outlook's "Export to a file → CSV" (also what Google offers as "Outlook CSV").
    static let outlook = Dialect(
        name: "Outlook CSV", signature: [["e-mail address", "business phone"], ["e-mail address", "mobile phone"]],
        fields: [
            "first name": .firstName, "last name": .lastName, "title": nil, "company": .company, "job title": .title,
            "e-mail address": .email, "e-mail 2 address": .email, "e-mail 3 address": .email,
            "e-mail display name": .ignore, "e-mail 2 display name": .ignore, "e-mail 3 display name": .ignore,
            "e-mail type": .ignore, "e-mail 2 type": .ignore, "e-mail 3 type": .ignore,
            "primary phone": .phone, "mobile phone": .phone, "business phone": .phone, "business phone 2": .phone,
            "company main phone": .phone, "home phone": .phone, "home phone 2": .phone, "other phone": .phone,
            "car phone": .phone, "notes": .notes, "categories": .tag,
        ])

    /// Thunderbird's address book export (English headers).
    static let thunderbird = Dialect(
        name: "Thunderbird CSV", signature: [["display name", "primary email"]],
        fields: [
            "display name": .name, "primary email": .email, "secondary email": .email, "work phone": .phone,
            "home phone": .phone, "mobile number": .phone, "organization": .company, "job title": .title,
            "notes": .notes,
        ])

    /// German-language exports: Thunderbird, Outlook and Windows Live Mail.
    static let germanAddressBook = Dialect(
        name: "German address book CSV (Thunderbird, Outlook, Windows Live Mail)",
        signature: [["vorname", "nachname"]],
        fields: [
            "vorname": .firstName, "nachname": .lastName, "anzeigename": .name, "name": nil,
            "e-mail-adresse": .email, "primäre e-mail-adresse": .email, "sekundäre e-mail-adresse": .email,
            "e-mail 2: adresse": .email, "e-mail 3: adresse": .email,
            "telefon (privat)": .phone, "telefon (geschäftlich)": .phone, "mobiltelefon": .phone,
            "telefon privat": .phone,
            "telefon geschäftlich": .phone, "tel. dienstlich": .phone, "tel. privat": .phone, "mobil-tel.-nr.": .phone,
            "firma": .company, "organisation": .company, "position": .title, "arbeitstitel": .title,
            "notizen": .notes, "kategorien": .tag,
        ])

    /// LinkedIn's "Connections.csv" (its notes before the header are skipped by `CSVTable`).
    static let linkedIn = Dialect(
        name: "LinkedIn connections CSV", signature: [["first name", "last name", "connected on"]],
        fields: ["email address": .email, "company": .company, "position": .title])

    static let pipedrive = Dialect(
        name: "Pipedrive CSV", signature: [["person - name"], ["deal - title"], ["organization - name"]], fields: [:])
    static let hubspot = Dialect(
        name: "HubSpot CSV", signature: [["record id", "first name"], ["record id", "deal name"]], fields: [:])
}
