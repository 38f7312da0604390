/// An event's own fields (everything but the envelope), in the order they were read.
///
/// An event has a handful of fields, so a short list searched by key beats a hash table: building
/// a dictionary per line and hashing every key twice (to store it, to read it back) was a third of
/// a full replay. Reads find the last pair with the key, so a repeated key means what it did in a
/// dictionary: the last one wins.
public struct EventFields: Equatable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: String, value: JSON)
    private var pairs: [Element] = []

    public init() {}
    public init(_ d: [String: JSON]) { pairs = d.map { (key: $0.key, value: $0.value) } }
    public init(dictionaryLiteral elements: (String, JSON)...) { pairs = elements.map { (key: $0.0, value: $0.1) } }

    public mutating func reserveCapacity(_ n: Int) { pairs.reserveCapacity(n) }

    /// Adds a pair as read from a line (no search: a later duplicate simply wins on reading).
    mutating func append(_ key: String, _ value: JSON) { pairs.append((key: key, value: value)) }

    public subscript(key: String) -> JSON? {
        get {
            var i = pairs.count
            while i > 0 {
                i -= 1
                if pairs[i].key == key { return pairs[i].value }
            }
            return nil
        }
        set {
            pairs.removeAll { $0.key == key }
            if let v = newValue { pairs.append((key: key, value: v)) }
        }
    }

    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSON? {
        let old = self[key]
        if old != nil { pairs.removeAll { $0.key == key } }
        return old
    }

    /// The distinct keys.
    public var keys: [String] { Array(dictionary.keys) }
    public var dictionary: [String: JSON] { Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 }) }
    public var count: Int { dictionary.count }
    public var isEmpty: Bool { pairs.isEmpty }

    public func makeIterator() -> Dictionary<String, JSON>.Iterator { dictionary.makeIterator() }

    public static func == (a: EventFields, b: EventFields) -> Bool { a.dictionary == b.dictionary }
}
