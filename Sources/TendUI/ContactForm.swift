import Foundation
import TendCore

/// A contact as a small text form for `$EDITOR`, and the edit read back as field changes.
///
///     name: Dana Wu
///     company: Acme GmbH
///     phones: +49 30 1234, +49 170 555
public enum ContactForm {
    /// The fields a person may edit, in the form's order (the log's own field names).
    static let fields: [ContactField] = [
        .name, .company, .phones, .emails, .prefers, .bestTime, .timeZone, .needs, .tags, .owner,
    ]

    public static func render(_ c: Contact) -> String {
        let values: [ContactField: String] = [
            .name: c.name, .company: c.company, .phones: c.phones.joined(separator: ", "),
            .emails: c.emails.joined(separator: ", "), .prefers: c.prefers?.rawValue ?? "", .bestTime: c.bestTime,
            .needs: c.needs, .tags: c.tags.joined(separator: ", "), .owner: c.owner, .timeZone: c.timeZone,
        ]
        var out = "# Edit \(c.name) (\(c.id)). Lines are `field: value`; lists are comma-separated.\n"
        out += "# prefers: \(choices(Channel.self)). Save and quit to apply; an unchanged file changes nothing.\n"
        for f in fields { out += "\(f.rawValue): \(values[f]!)\n" }
        return out
    }

    public struct Error: Swift.Error, CustomStringConvertible {
        public var description: String
    }

    /// The fields that changed, ready for a `contact.set` event.
    public static func changes(
        from text: String, original c: Contact, file: String = "contact"
    ) throws -> [ContactField: JSON] {
        let before = try parse(render(c), file: file)
        let after = try parse(text, file: file)
        return after.filter { before[$0.key] != $0.value }
    }

    static func parse(_ text: String, file: String) throws -> [ContactField: JSON] {
        var out: [ContactField: JSON] = [:]
        for (i, raw) in text.components(separatedBy: "\n").enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw Error(description: "\(file):\(i + 1): expected `field: value`")
            }
            let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            guard let key = ContactField(rawValue: name), fields.contains(key) else {
                throw Error(description: "\(file):\(i + 1): unknown field \"\(name)\"")
            }
            switch key {
            case .phones, .emails, .tags:
                out[key] = .array(
                    value.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) }.filter {
                        $0 != .string("")
                    })
            case .prefers:
                if !value.isEmpty && Channel(rawValue: value) == nil {
                    throw Error(description: "\(file):\(i + 1): prefers must be one of \(choices(Channel.self))")
                }
                out[key] = .string(value)
            case .timeZone:
                if !value.isEmpty && TimeZoneName.valid(value) == nil {
                    throw Error(description: "\(file):\(i + 1): tz must be a time zone name like Europe/Lisbon")
                }
                out[key] = .string(value)
            case .name, .owner:
                guard !value.isEmpty else { throw Error(description: "\(file):\(i + 1): \(key) cannot be empty") }
                out[key] = .string(value)
            default:
                out[key] = .string(value)
            }
        }
        return out
    }
}
