import Foundation

/// The bytes of a file to import, as text: UTF-8 (with or without a byte-order mark), UTF-16 with a
/// byte-order mark (Excel's "Unicode text"), or Windows-1252 (older Excel CSV) — the last only when
/// the file holds no valid multi-byte UTF-8 sequence at all, so a UTF-8 file with one damaged byte
/// is refused at that byte instead of becoming `JosÃ© Alvarez` everywhere.
public enum ImportText {
    public enum Encoding: String, CaseIterable, Sendable {
        case utf8 = "utf-8"
        case utf16 = "utf-16"
        case windows1252 = "windows-1252"

        public var label: String {
            switch self {
            case .utf8: return "UTF-8"
            case .utf16: return "UTF-16"
            case .windows1252: return "Windows-1252"
            }
        }
    }

    /// A refusal at one byte: the line it is on (1-based) and its offset from the file's start (0-based).
    public struct Failure: Error, Equatable, Sendable {
        public var line: Int
        public var offset: Int
        public var message: String
    }

    /// Decodes `bytes`; `forced` skips the guess. Returns the text and the encoding read.
    public static func decode(_ bytes: [UInt8], forced: Encoding? = nil) throws -> (text: String, encoding: Encoding) {
        let hasUTF16BOM = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
        switch forced ?? (hasUTF16BOM ? .utf16 : nil) {
        case .utf16?:
            guard hasUTF16BOM else {
                throw Failure(
                    line: 1, offset: 0, message: "not UTF-16: no byte-order mark (FF FE or FE FF) at the start")
            }
            return (try utf16(bytes), .utf16)
        case .utf8?:
            if let bad = firstInvalidUTF8(bytes) { throw invalidUTF8(bytes, at: bad, hint: "") }
            return (try text(utf8: bytes), .utf8)
        case .windows1252?:
            return (try windows1252(bytes), .windows1252)
        case nil:
            guard let bad = firstInvalidUTF8(bytes) else { return (try text(utf8: bytes), .utf8) }
            if hasMultiByteUTF8(bytes) {
                throw invalidUTF8(
                    bytes, at: bad,
                    hint:
                        "; the rest of the file is UTF-8, so this byte is damage (--encoding windows-1252 reads it "
                        + "all as Windows-1252)"
                )
            }
            return (try windows1252(bytes), .windows1252)
        }
    }

    static func invalidUTF8(_ bytes: [UInt8], at i: Int, hint: String) -> Failure {
        Failure(
            line: line(of: i, in: bytes), offset: i, message: "not valid UTF-8 at byte \(i) (0x\(hex(bytes[i])))\(hint)"
        )
    }

    static func text(utf8 bytes: [UInt8]) throws -> String {
        var b = bytes[...]
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { b = b.dropFirst(3) }
        try refuseBinary(bytes)
        return String(decoding: b, as: UTF8.self)
    }

    static func utf16(_ bytes: [UInt8]) throws -> String {
        let little = bytes.starts(with: [0xFF, 0xFE])
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = 2
        while i + 1 < bytes.count {
            units.append(
                little ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
            i += 2
        }
        var out = String.UnicodeScalarView()
        var line = 1
        var it = units.makeIterator()
        var decoder = UTF16()
        var unit = 0
        loop: while true {
            switch decoder.decode(&it) {
            case .scalarValue(let u):
                if u == "\n" { line += 1 }
                if u.value == 0 {
                    throw Failure(
                        line: line, offset: 2 + unit * 2, message: "not text: a NUL character (a binary file?)")
                }
                out.append(u)
                unit += u.value > 0xFFFF ? 2 : 1
            case .emptyInput:
                break loop
            case .error:
                throw Failure(
                    line: line, offset: 2 + unit * 2,
                    message: "not valid UTF-16 at byte \(2 + unit * 2) (an unpaired surrogate)")
            }
        }
        if bytes.count % 2 == 1 {
            throw Failure(
                line: line, offset: bytes.count - 1,
                message: "not valid UTF-16: an odd number of bytes (the last one is alone)")
        }
        return String(out)
    }

    /// The five byte values Windows-1252 leaves undefined are refused with their position.
    static func windows1252(_ bytes: [UInt8]) throws -> String {
        try refuseBinary(bytes)
        for (i, b) in bytes.enumerated() where [0x81, 0x8D, 0x8F, 0x90, 0x9D].contains(b) {
            throw Failure(
                line: line(of: i, in: bytes), offset: i,
                message: "not Windows-1252 text at byte \(i) (0x\(hex(b)) means nothing in it)")
        }
        guard let s = String(bytes: bytes, encoding: .windowsCP1252) else {
            throw Failure(line: 1, offset: 0, message: "not Windows-1252 text")
        }
        return s
    }

    /// NUL and the C0 controls other than tab, line feed, form feed and carriage return: not a
    /// text export (a spreadsheet's binary format, an image).
    static func refuseBinary(_ bytes: [UInt8]) throws {
        for (i, b) in bytes.enumerated() where b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0C && b != 0x0D && b != 0x1A
        {
            throw Failure(
                line: line(of: i, in: bytes), offset: i,
                message:
                    "not text: byte \(i) is 0x\(hex(b)) (a binary file, such as .xlsx or .numbers? export it as CSV)")
        }
    }

    /// The offset of the first byte that does not start or continue a well-formed UTF-8 sequence
    /// (RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF), or nil.
    static func firstInvalidUTF8(_ b: [UInt8]) -> Int? {
        var i = 0
        while i < b.count {
            let n = sequenceLength(b, at: i)
            if n == 0 { return i }
            i += n
        }
        return nil
    }

    static func hasMultiByteUTF8(_ b: [UInt8]) -> Bool {
        var i = 0
        while i < b.count {
            if b[i] >= 0x80, sequenceLength(b, at: i) > 1 { return true }
            i += 1
        }
        return false
    }

    /// The length of the well-formed UTF-8 sequence starting at `i`, or 0.
    static func sequenceLength(_ b: [UInt8], at i: Int) -> Int {
        let c = b[i]
        func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
            i + k < b.count && b[i + k] >= lo && b[i + k] <= hi
        }
        switch c {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return cont(1) ? 2 : 0
        case 0xE0: return cont(1, 0xA0) && cont(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return cont(1) && cont(2) ? 3 : 0
        case 0xED: return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0
        case 0xF0: return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
        case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
        case 0xF4: return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0
        default: return 0
        }
    }

    static func line(of offset: Int, in b: [UInt8]) -> Int {
        var n = 1
        for k in 0..<min(offset, b.count) where b[k] == 0x0A { n += 1 }
        return n
    }

    static func hex(_ b: UInt8) -> String {
        String(b, radix: 16, uppercase: true).count == 1
            ? "0" + String(b, radix: 16, uppercase: true) : String(b, radix: 16, uppercase: true)
    }
}
