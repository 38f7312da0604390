import Foundation

/// The small part of TOML Tend's files use — `[table]` headers, `key = value` with strings,
/// integers, booleans and arrays of them, `#` comments — read by a parser that reports every
/// mistake as `file:line: …` and never stops the program.
///
/// Why not TOMLKit: fuzzing config.toml found five inputs on which its parser (toml++) stops on
/// an internal assertion instead of returning an error (`[!x]`, `[a, 3,} 7]`, …); a config file
/// must never crash the tool that reads it. Tend needs none of the rest of TOML.
public enum MiniTOML {
    public indirect enum Value: Equatable, Sendable {
        case string(String)
        case int(Int)
        case bool(Bool)
        case array([Value])
        case table([String: Value])

        public var string: String? { if case .string(let s) = self { return s }; return nil }
        public var int: Int? { if case .int(let n) = self { return n }; return nil }
        public var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
        public var array: [Value]? { if case .array(let a) = self { return a }; return nil }
        public var table: [String: Value]? { if case .table(let t) = self { return t }; return nil }

        public var description: String {
            switch self {
            case .string(let s): return "\"\(s)\""
            case .int(let n): return String(n)
            case .bool(let b): return String(b)
            case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
            case .table: return "a table"
            }
        }
    }

    public struct Error: Swift.Error, Equatable, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// The document as a table of tables.
    public static func parse(_ text: String, file: String) throws -> [String: Value] {
        var p = Parser(bytes: Array(text.utf8), file: file)
        return try p.document()
    }

    /// The document, and the line each key was set on (`keys.done` → 12; a table header by its
    /// name): what a setting's own error needs to say where it is.
    public static func parseWithLines(_ text: String, file: String) throws -> ([String: Value], [String: Int]) {
        var p = Parser(bytes: Array(text.utf8), file: file)
        let doc = try p.document()
        return (doc, p.lines)
    }

    struct Parser {
        let bytes: [UInt8]
        let file: String
        var i = 0
        var line = 1
        /// Where each key was set, by its dotted path.
        var lines: [String: Int] = [:]

        init(bytes: [UInt8], file: String) {
            self.bytes = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
            self.file = file
        }

        func fail(_ message: String) -> Error { Error(file: file, line: line, message: message) }
        var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

        mutating func blanks() { while let c = peek, c == 0x20 || c == 0x09 { i += 1 } }

        /// Blanks, then a comment, then the end of the line (or of the text).
        mutating func endOfLine() throws {
            blanks()
            if peek == UInt8(ascii: "#") { while let c = peek, c != 0x0A { i += 1 } }
            if peek == 0x0D { i += 1 }
            guard let c = peek else { return }
            guard c == 0x0A else { throw fail("unexpected \(show(c)) after the value") }
            i += 1
            line += 1
        }

        /// Blank lines and comments, across lines (inside arrays and between statements).
        mutating func skipSpaceAndComments() {
            while let c = peek {
                if c == 0x20 || c == 0x09 || c == 0x0D {
                    i += 1
                } else if c == 0x0A {
                    i += 1; line += 1
                } else if c == UInt8(ascii: "#") {
                    while let d = peek, d != 0x0A { i += 1 }
                } else {
                    return
                }
            }
        }

        func show(_ c: UInt8) -> String {
            c >= 0x21 && c < 0x7F ? "'\(Character(Unicode.Scalar(c)))'" : String(format: "byte 0x%02X", c)
        }

        mutating func document() throws -> [String: Value] {
            var root: [String: Value] = [:]
            var current: String?
            while true {
                skipSpaceAndComments()
                guard let c = peek else { break }
                let start = line
                func twice(_ what: String) -> Error { Error(file: file, line: start, message: what) }
                if c == UInt8(ascii: "[") {
                    i += 1
                    blanks()
                    let name = try key()
                    blanks()
                    guard peek == UInt8(ascii: "]") else { throw fail("a table header is [name]") }
                    i += 1
                    try endOfLine()
                    if root[name] != nil { throw twice("[\(name)] appears twice") }
                    root[name] = .table([:])
                    lines[name] = start
                    current = name
                    continue
                }
                let k = try key()
                blanks()
                guard peek == UInt8(ascii: "=") else { throw fail("expected = after \"\(k)\"") }
                i += 1
                blanks()
                let v = try value(depth: 0)
                try endOfLine()
                lines[(current.map { $0 + "." } ?? "") + k] = start
                if let t = current {
                    var table = root[t]!.table!
                    if table[k] != nil { throw twice("\"\(k)\" is set twice in [\(t)]") }
                    table[k] = v
                    root[t] = .table(table)
                } else {
                    if root[k] != nil { throw twice("\"\(k)\" is set twice") }
                    root[k] = v
                }
            }
            return root
        }

        mutating func key() throws -> String {
            if peek == UInt8(ascii: "\"") { return try basicString() }
            let start = i
            while let c = peek,
                (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || (0x30...0x39).contains(c) || c == 0x5F
                    || c == 0x2D
            {
                i += 1
            }
            guard i > start else { throw fail(peek.map { "expected a name, saw \(show($0))" } ?? "expected a name") }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }

        mutating func value(depth: Int) throws -> Value {
            guard depth < 32 else { throw fail("arrays nested too deeply") }
            guard let c = peek else { throw fail("a value is missing") }
            switch c {
            case UInt8(ascii: "\""): return .string(try basicString())
            case UInt8(ascii: "'"):
                i += 1
                let start = i
                while let d = peek, d != UInt8(ascii: "'"), d != 0x0A { i += 1 }
                guard peek == UInt8(ascii: "'") else { throw fail("unterminated string") }
                defer { i += 1 }
                return .string(String(decoding: bytes[start..<i], as: UTF8.self))
            case UInt8(ascii: "["):
                i += 1
                var items: [Value] = []
                while true {
                    skipSpaceAndComments()
                    if peek == UInt8(ascii: "]") { i += 1; return .array(items) }
                    items.append(try value(depth: depth + 1))
                    skipSpaceAndComments()
                    if peek == UInt8(ascii: ",") { i += 1; continue }
                    if peek == UInt8(ascii: "]") { i += 1; return .array(items) }
                    throw fail(peek.map { "expected , or ] in the list, saw \(show($0))" } ?? "unterminated list")
                }
            case UInt8(ascii: "t"), UInt8(ascii: "f"):
                for (word, b) in [("true", true), ("false", false)] where bytes[i...].starts(with: Array(word.utf8)) {
                    i += word.utf8.count
                    return .bool(b)
                }
                throw fail("expected true or false")
            default:
                let start = i
                if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { i += 1 }
                while let d = peek, (0x30...0x39).contains(d) || d == 0x5F { i += 1 }
                let text = String(decoding: bytes[start..<i], as: UTF8.self).replacingOccurrences(of: "_", with: "")
                guard let n = Int(text), i > start else {
                    throw fail("expected a number, a \"string\", true/false or a [list], saw \(show(c))")
                }
                return .int(n)
            }
        }

        mutating func basicString() throws -> String {
            i += 1
            var out: [UInt8] = []
            while let c = peek {
                i += 1
                switch c {
                case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
                case 0x0A: throw fail("unterminated string")
                case UInt8(ascii: "\\"):
                    guard let e = peek else { throw fail("unterminated string") }
                    i += 1
                    switch e {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(e)
                    case UInt8(ascii: "u"):
                        guard i + 4 <= bytes.count,
                            let v = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16),
                            let u = Unicode.Scalar(v)
                        else { throw fail("bad \\u escape") }
                        i += 4
                        out.append(contentsOf: Array(String(Character(u)).utf8))
                    default: throw fail("unknown escape \\\(Character(Unicode.Scalar(e)))")
                    }
                default: out.append(c)
                }
            }
            throw fail("unterminated string")
        }
    }
}
