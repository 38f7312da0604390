/// Where a JSON object's fields go, given in sorted key order: into a `JSON` value
/// (`JSONObjectBuilder`), or straight into pretty-printed bytes (`PrettyJSONWriter`, for a listing
/// of 10,000 contacts). A view written once against this gives the same bytes either way. Keys are
/// literals: they never need escaping, and the byte writer copies them as they are.
public protocol JSONFields {
    mutating func field(_ key: StaticString, _ value: String)
    /// A number, written as `JSON.number` writes it.
    mutating func field(_ key: StaticString, _ value: Double)
    mutating func field(_ key: StaticString, strings: [String])
    mutating func null(_ key: StaticString)
    /// A nested object, its fields given by `body` (in sorted order too).
    mutating func object(_ key: StaticString, _ body: (inout Self) -> Void)
}

extension JSONFields {
    public mutating func field(_ key: StaticString, _ value: String?) {
        if let value { field(key, value) } else { null(key) }
    }

    /// A nested object, or `null` when there is nothing to write.
    public mutating func object<T>(_ key: StaticString, _ value: T?, _ body: (inout Self, T) -> Void) {
        guard let value else { return null(key) }
        object(key) { body(&$0, value) }
    }
}

/// The fields as a `JSON` object, for a view that adds to it or is written whole (`tend show`).
public struct JSONObjectBuilder: JSONFields {
    public var fields: [String: JSON] = [:]

    public init() {}

    public var json: JSON { .object(fields) }

    public mutating func field(_ key: StaticString, _ value: String) { fields["\(key)"] = .string(value) }
    public mutating func field(_ key: StaticString, _ value: Double) { fields["\(key)"] = .number(value) }
    public mutating func field(_ key: StaticString, strings: [String]) {
        fields["\(key)"] = .array(strings.map(JSON.string))
    }
    public mutating func null(_ key: StaticString) { fields["\(key)"] = JSON.null }
    public mutating func object(_ key: StaticString, _ body: (inout JSONObjectBuilder) -> Void) {
        var inner = JSONObjectBuilder()
        body(&inner)
        fields["\(key)"] = inner.json
    }
}
