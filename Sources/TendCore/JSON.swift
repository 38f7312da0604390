/// A JSON value as stored in an event line.
///
/// The store keeps every field of every event, known or not, so an older Tend can read a newer log;
/// this type is that "anything" value. Objects keep their keys sorted when written, so the same event
/// always serialises to the same bytes.
public enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var number: Double? {
        if case .number(let n) = self { return n }
        return nil
    }

    public var int: Int? {
        guard case .number(let n) = self, n.rounded() == n, abs(n) < 9e15 else { return nil }
        return Int(n)
    }

    public var bool: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var array: [JSON]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var object: [String: JSON]? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// Strings of an array value; non-string members are skipped.
    public var strings: [String] {
        array?.compactMap(\.string) ?? []
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

// MARK: - Writing

extension JSON {
    /// Compact JSON text, keys sorted.
    public var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    public func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += JSON.format(n)
        case .string(let s): JSON.writeString(s, to: &out)
        case .array(let a):
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                v.write(to: &out)
            }
            out += "]"
        case .object(let o):
            out += "{"
            for (i, key) in o.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                JSON.writeString(key, to: &out)
                out += ":"
                o[key]!.write(to: &out)
            }
            out += "}"
        }
    }

    static func format(_ n: Double) -> String {
        if n.isNaN || n.isInfinite { return "null" }
        if n.rounded() == n && abs(n) < 1e15 { return String(Int64(n)) }
        return "\(n)"
    }

    public static func writeString(_ s: String, to out: inout String) {
        out += "\""
        // Nearly every string needs no escape: appended whole, not a scalar at a time (which was
        // half of `tend list --json`).
        if needsNoEscape(s) {
            out += s
        } else {
            for u in s.unicodeScalars {
                if let e = escape(u) { out += e } else { out.unicodeScalars.append(u) }
            }
        }
        out += "\""
    }

    /// `writeString` into UTF-8 bytes.
    public static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        if needsNoEscape(s) {
            out.append(contentsOf: s.utf8)
        } else {
            for u in s.unicodeScalars {
                if let e = escape(u) { out.append(contentsOf: e.utf8) } else { out.append(contentsOf: UTF8.encode(u)!) }
            }
        }
        out.append(0x22)
    }

    /// No byte of `s` needs a look.
    static func needsNoEscape(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { isPlain($0) }
    }

    /// A byte written as itself whatever follows: 0xE2 may begin U+2028 or U+2029, so it takes the
    /// long way.
    @inline(__always) static func isPlain(_ b: UInt8) -> Bool {
        b >= 0x20 && b != 0x22 && b != 0x5C && b != 0x7F && b != 0xE2
    }

    /// Whether UTF-8 `b` is written as itself: `isPlain` bytes, and 0xE2 when it does not begin
    /// U+2028 or U+2029 (E2 80 A8/A9). A euro sign (E2 82 AC) is in every amount a listing writes.
    static func isPlain(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        // A byte at a time through a table of those that need a look: a listing asks this of
        // every string it writes.
        lookTable.withUnsafeBufferPointer { look in
            var i = 0
            while i < b.count {
                let c = b[i]
                if look[Int(c)] {
                    guard c == 0xE2 else { return false }
                    if i + 2 < b.count, b[i + 1] == 0x80, b[i + 2] == 0xA8 || b[i + 2] == 0xA9 { return false }
                }
                i += 1
            }
            return true
        }
    }

    private static let lookTable: [Bool] = (0...255).map { !isPlain(UInt8($0)) }

    /// How a scalar is written inside a string, or nil when it is written as itself. Control
    /// characters never reach a log raw: a line must stay one line.
    static func escape(_ u: Unicode.Scalar) -> String? {
        switch u {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case _ where u.value < 0x20 || u.value == 0x7F || u.value == 0x2028 || u.value == 0x2029:
            let hex = String(u.value, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: return nil
        }
    }
}

// MARK: - Reading

/// Why a line is not JSON, with the byte offset where reading stopped.
public struct JSONError: Error, Equatable, CustomStringConvertible, Sendable {
    public var offset: Int
    public var reason: String
    public var description: String { "\(reason) at byte \(offset + 1)" }
}

extension JSON {
    /// Parses one JSON document from UTF-8 bytes. A byte scanner, not Foundation's JSONSerialization:
    /// it reads logs several times faster and reports where a malformed line breaks.
    public static func parse<C: Collection>(_ bytes: C) throws -> JSON where C.Element == UInt8 {
        if let v = try bytes.withContiguousStorageIfAvailable({ try parse(buffer: $0) }) { return v }
        return try Array(bytes).withUnsafeBufferPointer { try parse(buffer: $0) }
    }

    static func parse(buffer buf: UnsafeBufferPointer<UInt8>) throws -> JSON {
        var p = JSONParser(buf)
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == buf.count else { throw p.fail("unexpected text after the value") }
        return v
    }

    public static func parse(_ text: String) throws -> JSON {
        try parse(Array(text.utf8))
    }
}

struct JSONParser {
    let b: UnsafeBufferPointer<UInt8>
    var i = 0
    static let maxDepth = 64

    init(_ b: UnsafeBufferPointer<UInt8>) { self.b = b }

    func fail(_ reason: String) -> JSONError { JSONError(offset: i, reason: reason) }

    mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
    }

    mutating func expect(_ word: String, _ v: JSON) throws -> JSON {
        for c in word.utf8 {
            guard i < b.count, b[i] == c else { throw fail("invalid literal") }
            i += 1
        }
        return v
    }

    mutating func value(depth: Int) throws -> JSON {
        guard depth < JSONParser.maxDepth else { throw fail("nested too deeply") }
        guard i < b.count else { throw fail("unexpected end of line") }
        switch b[i] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "n"): return try expect("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("unexpected character")
        }
    }

    mutating func object(depth: Int) throws -> JSON {
        var o: [String: JSON] = [:]
        try objectFields(depth: depth) { o[$0] = $1 }
        return .object(o)
    }

    /// Reads an object (at its `{`) and hands each key and value to `field`, in order; a repeated key
    /// is handed over again (the last one wins in a dictionary).
    mutating func objectFields(depth: Int = 0, _ field: (String, JSON) -> Void) throws {
        try members { p, key in field(key.string, try p.value(depth: depth + 1)) }
    }

    /// An object member's key: its bytes when it has no escape (most keys), so a reader that
    /// knows its keys compares bytes and makes no string; the decoded string otherwise.
    struct Key {
        let bytes: UnsafeBufferPointer<UInt8>?
        let escaped: String?

        var string: String { escaped ?? String(decoding: bytes!, as: UTF8.self) }

        func `is`(_ name: StaticString) -> Bool {
            guard let bytes else { return escaped == name.description }
            guard bytes.count == name.utf8CodeUnitCount else { return false }
            for k in 0..<bytes.count where bytes[k] != name.utf8Start[k] { return false }
            return true
        }
    }

    /// The members of the object at `i` (its `{`): each key, then `member` reads the value from the
    /// parser (exactly one value: the separators are checked here).
    mutating func members(_ member: (inout JSONParser, Key) throws -> Void) throws {
        i += 1
        skipSpace()
        if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return }
        while true {
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("expected a key") }
            let key = try plainString().map { Key(bytes: $0, escaped: nil) } ?? Key(bytes: nil, escaped: string())
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            i += 1
            skipSpace()
            try member(&self, key)
            skipSpace()
            guard i < b.count else { throw fail("unterminated object") }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "}") { i += 1; return }
            throw fail("expected ',' or '}'")
        }
    }

    /// The string at `i` (its opening quote) as its bytes, stepped over, when it has no escape and
    /// no control character; nil, nothing consumed, when it does or is unterminated (`string`
    /// reads it then, or says what is wrong) or when `i` is not at a string.
    mutating func plainString() -> UnsafeBufferPointer<UInt8>? {
        guard i < b.count, b[i] == UInt8(ascii: "\"") else { return nil }
        let j = plainEnd(from: i + 1)
        // Unterminated too: `string` says where.
        guard j < b.count, b[j] == UInt8(ascii: "\"") else { return nil }
        defer { i = j + 1 }
        return UnsafeBufferPointer(rebasing: b[(i + 1)..<j])
    }

    /// The first index from `j` of a quote, a backslash or a control character (`b.count` if
    /// none): where a string's plain run ends. Eight bytes at a time (a note is most of a line,
    /// and a byte at a time with three tests each was a twelfth of a replay), the word found
    /// holding one searched byte by byte.
    func plainEnd(from j: Int) -> Int {
        var j = j
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        if let base = b.baseAddress {
            let raw = UnsafeRawPointer(base)
            while j + 8 <= b.count {
                let w = raw.loadUnaligned(fromByteOffset: j, as: UInt64.self)
                let quote = w ^ (ones &* 0x22), backslash = w ^ (ones &* 0x5C)
                // A zero byte of x: (x - 0x01…) & ~x & 0x80…; a byte under 0x20: (w - 0x20…) & ~w & 0x80….
                let found =
                    ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((w &- ones &* 0x20) & ~w)
                if found & highs != 0 { break }
                j += 8
            }
        }
        while j < b.count, b[j] != UInt8(ascii: "\""), b[j] != UInt8(ascii: "\\"), b[j] >= 0x20 { j += 1 }
        return j
    }

    mutating func array(depth: Int) throws -> JSON {
        i += 1
        var a: [JSON] = []
        skipSpace()
        if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
        while true {
            skipSpace()
            a.append(try value(depth: depth + 1))
            skipSpace()
            guard i < b.count else { throw fail("unterminated array") }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
            throw fail("expected ',' or ']'")
        }
    }

    /// RFC 8259's number grammar, exactly: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    /// `01`, `1.`, `.5` and `00.5` are not JSON, so a hand-edited `"v":01` is a malformed line.
    mutating func number() throws -> JSON {
        let start = i
        func isDigit(_ at: Int) -> Bool { at < b.count && b[at] >= UInt8(ascii: "0") && b[at] <= UInt8(ascii: "9") }
        func digits() -> Int {
            let from = i
            while isDigit(i) { i += 1 }
            return i - from
        }
        let negative = b[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        guard isDigit(i) else { throw fail("invalid number: a digit must follow '-'") }
        let whole = i
        if b[i] == UInt8(ascii: "0") {
            i += 1
            if isDigit(i) { throw fail("invalid number: no leading zeros") }
        } else {
            _ = digits()
        }
        // An integer of up to 15 digits is exactly a Double: no text made and parsed (every
        // event's "v", every amount and count). -0 stays -0, as `Double("-0")` reads it.
        if i - whole <= 15, i == b.count || (b[i] != UInt8(ascii: ".") && b[i] | 0x20 != UInt8(ascii: "e")) {
            var v: Int64 = 0
            for k in whole..<i { v = v * 10 + Int64(b[k] - UInt8(ascii: "0")) }
            return .number(negative ? -Double(v) : Double(v))
        }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { throw fail("invalid number: a digit must follow '.'") }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { throw fail("invalid number: a digit must follow the exponent") }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
        guard let n = Double(text), n.isFinite else {
            i = start
            throw fail("invalid number")
        }
        return .number(n)
    }

    mutating func hex4() throws -> UInt32 {
        guard i + 4 <= b.count else { throw fail("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = b[i]
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - UInt8(ascii: "A") + 10
            default: throw fail("bad \\u escape")
            }
            v = v << 4 | UInt32(d)
            i += 1
        }
        return v
    }

    mutating func string() throws -> String {
        i += 1
        let start = i
        // Fast path: no escapes.
        i = plainEnd(from: i)
        guard i < b.count else { throw fail("unterminated string") }
        if b[i] == UInt8(ascii: "\"") {
            let s = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
            i += 1
            return s
        }
        var bytes = Array(b[start..<i])
        while true {
            guard i < b.count else { throw fail("unterminated string") }
            let c = b[i]
            if c == UInt8(ascii: "\"") { i += 1; break }
            if c < 0x20 { throw fail("control character in string") }
            if c != UInt8(ascii: "\\") { bytes.append(c); i += 1; continue }
            i += 1
            guard i < b.count else { throw fail("unterminated escape") }
            let e = b[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): bytes.append(0x22)
            case UInt8(ascii: "\\"): bytes.append(0x5C)
            case UInt8(ascii: "/"): bytes.append(0x2F)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), i + 1 < b.count, b[i] == UInt8(ascii: "\\"),
                    b[i + 1] == UInt8(ascii: "u")
                {
                    i += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        scalar = 0xFFFD
                    }
                }
                let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                bytes.append(contentsOf: Array(String(Character(u)).utf8))
            default: throw fail("bad escape")
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension JSON {
    /// Indented JSON text, keys sorted: for `--json` output a person may also read.
    public var pretty: String {
        var out = ""
        writePretty(to: &out, indent: "")
        return out
    }

    func writePretty(to out: inout String, indent: String) {
        let inner = indent + "  "
        switch self {
        case .array(let a) where !a.isEmpty:
            out += "[\n"
            for (i, v) in a.enumerated() {
                out += inner
                v.writePretty(to: &out, indent: inner)
                out += i < a.count - 1 ? ",\n" : "\n"
            }
            out += indent + "]"
        case .object(let o) where !o.isEmpty:
            out += "{\n"
            for (i, key) in o.keys.sorted().enumerated() {
                out += inner
                JSON.writeString(key, to: &out)
                out += ": "
                o[key]!.writePretty(to: &out, indent: inner)
                out += i < o.count - 1 ? ",\n" : "\n"
            }
            out += indent + "}"
        default:
            write(to: &out)
        }
    }
}
