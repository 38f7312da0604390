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
    public var fields: EventFields

    public init(
        v: Int = Event.formatVersion, id: String, at: Timestamp, rep: String, type: String,
        fields: [String: JSON] = [:]
    ) {
        self.init(v: v, id: id, at: at, rep: rep, type: type, fields: EventFields(fields))
    }

    public init(v: Int = Event.formatVersion, id: String, at: Timestamp, rep: String, type: String, fields: EventFields)
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
    ///
    /// The hot path of every replay: the envelope keys go straight into the typed fields and only the
    /// type's own fields into the dictionary, which is sized up front (no rehashing as it fills).
    public static func parse<C: Collection>(line: C) throws -> Event where C.Element == UInt8 {
        if let e = try line.withContiguousStorageIfAvailable({ try parse(buffer: $0) }) { return e }
        return try Array(line).withUnsafeBufferPointer { try parse(buffer: $0) }
    }

    static func parse(buffer: UnsafeBufferPointer<UInt8>) throws -> Event {
        var p = JSONParser(buffer)
        var v: JSON?, id: JSON?, rep: JSON?, type: JSON?
        // `at` read from the line's bytes when it is a plain string (every line Tend writes): a
        // 24-byte string made and parsed per event was a tenth of a replay.
        var at: Timestamp?
        var o = EventFields()
        o.reserveCapacity(10)
        do {
            p.skipSpace()
            guard p.i < buffer.count, buffer[p.i] == UInt8(ascii: "{") else {
                // Not an object: let the general parser say what it is.
                _ = try JSON.parse(buffer)
                throw EventLineError(message: "not a JSON object")
            }
            // The envelope's keys told from their bytes, the others made into the field list.
            try p.members { p, key in
                if key.is("at") {
                    if let raw = p.plainString() {
                        at = Timestamp.parseISO(bytes: raw)
                    } else {
                        at = try p.value(depth: 1).string.flatMap(Timestamp.parseISO)
                    }
                } else if key.is("id") {
                    id = try p.value(depth: 1)
                } else if key.is("rep") {
                    rep = try p.value(depth: 1)
                } else if key.is("type") {
                    type = try p.value(depth: 1)
                } else if key.is("v") {
                    v = try p.value(depth: 1)
                } else {
                    o.append(key.string, try p.value(depth: 1))
                }
            }
            p.skipSpace()
            guard p.i == buffer.count else { throw p.fail("unexpected text after the value") }
        } catch let e as JSONError {
            throw EventLineError(message: "not valid JSON: \(e)")
        }
        guard let v = v?.int, v >= 1 else { throw EventLineError(message: "missing or bad \"v\" (format version)") }
        guard let id = id?.string, !id.isEmpty else { throw EventLineError(message: "missing \"id\"") }
        guard let at else {
            throw EventLineError(message: "missing or bad \"at\" (expected UTC time like 2026-11-23T09:00:00.000Z)")
        }
        guard let rep = rep?.string, !rep.isEmpty else { throw EventLineError(message: "missing \"rep\"") }
        guard let type = type?.string, !type.isEmpty else { throw EventLineError(message: "missing \"type\"") }
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
        let own = fields.dictionary
        for key in own.keys.sorted() where !Event.envelopeKeys.contains(key) {
            out += ","
            JSON.writeString(key, to: &out)
            out += ":"
            own[key]!.write(to: &out)
        }
        out += "}"
        return out
    }
}
