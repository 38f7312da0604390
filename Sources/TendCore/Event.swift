/// One line of a log: a fact someone recorded.
///
/// The envelope (`v id at rep type`) is typed; the type's own fields stay as JSON, every one of
/// them, so an event written by a newer Tend passes through this one untouched.
public struct Event: Equatable, Sendable {
    /// The format version this Tend writes. Lines with a higher version are read as far as they
    /// are understood.
    public static let formatVersion = 1

    public var v: Int
    public var id: String
    public var at: Timestamp
    public var rep: String
    public var type: String
    public var fields: [String: JSON]

    public init(v: Int = Event.formatVersion, id: String, at: Timestamp, rep: String, type: String,
                fields: [String: JSON] = [:])
    {
        self.v = v
        self.id = id
        self.at = at
        self.rep = rep
        self.type = type
        self.fields = fields
    }

    public subscript(key: String) -> JSON? { fields[key] }

    /// The fold order of DESIGN.md: (`at`, `rep`, `id`).
    public static func foldOrder(_ a: Event, _ b: Event) -> Bool {
        if a.at != b.at { return a.at < b.at }
        if a.rep != b.rep { return a.rep < b.rep }
        return a.id < b.id
    }
}

/// Why a line is not an event.
public struct EventLineError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension Event {
    static let envelopeKeys: Set<String> = ["v", "id", "at", "rep", "type"]

    /// Reads one log line (without its newline).
    public static func parse<C: Collection>(line: C) throws -> Event where C.Element == UInt8 {
        let json: JSON
        do {
            json = try JSON.parse(line)
        } catch let e as JSONError {
            throw EventLineError(message: "not valid JSON: \(e)")
        }
        guard case .object(var o) = json else { throw EventLineError(message: "not a JSON object") }
        guard let v = o["v"]?.int, v >= 1 else { throw EventLineError(message: "missing or bad \"v\" (format version)") }
        guard let id = o["id"]?.string, !id.isEmpty else { throw EventLineError(message: "missing \"id\"") }
        guard let atText = o["at"]?.string, let at = Timestamp.parseISO(atText) else {
            throw EventLineError(message: "missing or bad \"at\" (expected UTC time like 2026-11-23T09:00:00.000Z)")
        }
        guard let rep = o["rep"]?.string, !rep.isEmpty else { throw EventLineError(message: "missing \"rep\"") }
        guard let type = o["type"]?.string, !type.isEmpty else { throw EventLineError(message: "missing \"type\"") }
        for k in envelopeKeys { o.removeValue(forKey: k) }
        return Event(v: v, id: id, at: at, rep: rep, type: type, fields: o)
    }

    /// The line written to a log, without its newline. Keys are sorted with the envelope first, so a
    /// person reading the file sees `v id at rep type` at the start of every line.
    public var line: String {
        var out = "{\"v\":\(v),\"id\":"
        JSON.writeString(id, to: &out)
        out += ",\"at\":\"\(at.iso)\",\"rep\":"
        JSON.writeString(rep, to: &out)
        out += ",\"type\":"
        JSON.writeString(type, to: &out)
        for key in fields.keys.sorted() where !Event.envelopeKeys.contains(key) {
            out += ","
            JSON.writeString(key, to: &out)
            out += ":"
            fields[key]!.write(to: &out)
        }
        out += "}"
        return out
    }
}
