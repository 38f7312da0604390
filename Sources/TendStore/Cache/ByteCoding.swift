import TendCore

/// A compact binary writer for the snapshot cache: LEB128 varints, zig-zag for signed numbers,
/// strings as length + UTF-8. Nothing here is a promise to other programs: the cache is ours alone,
/// versioned, and thrown away whenever it does not match.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }

    mutating func uint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func int(_ v: Int64) { uint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }
    mutating func int(_ v: Int) { int(Int64(v)) }
    mutating func count(_ n: Int) { uint(UInt64(n)) }

    /// Another writer's bytes after their length: a part a reader can step over whole
    /// (`ByteReader.blobAfter`).
    mutating func blob(_ w: ByteWriter) {
        count(w.bytes.count)
        bytes += w.bytes
    }

    mutating func str(_ s: String) {
        var s = s
        s.withUTF8 { buf in
            count(buf.count)
            bytes.append(contentsOf: buf)
        }
    }

    mutating func strs(_ xs: [String]) {
        count(xs.count)
        for x in xs { str(x) }
    }

    mutating func optStr(_ s: String?) {
        if let s { u8(1); str(s) } else { u8(0) }
    }

    mutating func time(_ t: Timestamp) { int(t.ms) }
    mutating func optTime(_ t: Timestamp?) {
        if let t { u8(1); time(t) } else { u8(0) }
    }

    mutating func day(_ d: Day) { int(d.daysSinceEpoch) }
    mutating func optDay(_ d: Day?) {
        if let d { u8(1); day(d) } else { u8(0) }
    }

    mutating func optInt(_ v: Int64?) {
        if let v { u8(1); int(v) } else { u8(0) }
    }

    /// An optional enum as 0 (none) or 1 + its index in `all` (the type's cases, built once by the caller).
    mutating func optCase<E: Equatable>(_ e: E?, in all: [E]) {
        guard let e else { return u8(0) }
        u8(UInt8(all.firstIndex(of: e)! + 1))
    }

    mutating func enumCase<E: Equatable>(_ e: E, in all: [E]) { u8(UInt8(all.firstIndex(of: e)!)) }
}

/// Reads what `ByteWriter` wrote; any inconsistency throws, and the caller replays the logs instead.
struct ByteReader {
    struct Corrupt: Error {}

    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// A length, then that many bytes: returned in place, the reader moved past them.
    mutating func blobAfter() throws -> UnsafeBufferPointer<UInt8> {
        let len = try count()
        guard len <= bytes.count - at else { throw Corrupt() }
        defer { at += len }
        return UnsafeBufferPointer(rebasing: bytes[at..<(at + len)])
    }

    var isAtEnd: Bool { at == bytes.count }

    mutating func u8() throws -> UInt8 {
        guard at < bytes.count else { throw Corrupt() }
        defer { at += 1 }
        return bytes[at]
    }

    mutating func uint() throws -> UInt64 {
        // Most are lengths and counts under 128: one byte.
        if at < bytes.count, bytes[at] < 0x80 {
            at += 1
            return UInt64(bytes[at - 1])
        }
        var v: UInt64 = 0, shift: UInt64 = 0
        while true {
            let b = try u8()
            guard shift < 64 else { throw Corrupt() }
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }

    mutating func int() throws -> Int64 {
        let u = try uint()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }

    mutating func int() throws -> Int { Int(try int() as Int64) }

    /// A count of things still to read: never more than the bytes left, so a corrupt length cannot
    /// make us reserve gigabytes.
    mutating func count() throws -> Int {
        let n = try uint()
        guard n <= UInt64(bytes.count - at) else { throw Corrupt() }
        return Int(n)
    }

    mutating func str() throws -> String {
        let n = try count()
        if n == 0 { return "" }  // most optional text is empty: no call into the string code
        defer { at += n }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[at..<(at + n)]), as: UTF8.self)
    }

    mutating func strs() throws -> [String] {
        let n = try count()
        var out: [String] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try str()) }
        return out
    }

    /// A string's bytes, not made into a `String` (to compare, or to step over).
    mutating func strBytes() throws -> UnsafeBufferPointer<UInt8> {
        let n = try count()
        defer { at += n }
        return UnsafeBufferPointer(rebasing: bytes[at..<(at + n)])
    }

    mutating func optStr() throws -> String? { try u8() == 0 ? nil : try str() }
    mutating func time() throws -> Timestamp { Timestamp(ms: try int()) }
    mutating func optTime() throws -> Timestamp? { try u8() == 0 ? nil : try time() }
    mutating func day() throws -> Day {
        // Within ±10,000 years: a wild value would overflow the calendar arithmetic.
        let d: Int64 = try int()
        guard d > -3_700_000, d < 3_700_000 else { throw Corrupt() }
        return Day(daysSinceEpoch: Int(d))
    }
    mutating func optDay() throws -> Day? { try u8() == 0 ? nil : try day() }
    mutating func optInt() throws -> Int64? { try u8() == 0 ? nil : try int() }

    mutating func optCase<E>(_ all: [E]) throws -> E? {
        let i = Int(try u8())
        guard i > 0 else { return nil }
        guard i - 1 < all.count else { throw Corrupt() }
        return all[i - 1]
    }

    mutating func enumCase<E>(_ all: [E]) throws -> E {
        let i = Int(try u8())
        guard i < all.count else { throw Corrupt() }
        return all[i]
    }
}

/// A 64-bit FNV-1a-style hash taken eight bytes at a time (byte at a time, checking an 87 MB
/// snapshot took 90 ms of a 270 ms start): the snapshot's checksum and a fingerprint of the log bytes
/// it covers. Not cryptographic; it guards against accidents, not attackers.
struct FNV1a {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325

    init() {}
    init(hash: UInt64) { self.hash = hash }

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var h = hash
        let words = bytes.count / 8
        for i in 0..<words {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) &* 0x0000_0100_0000_01B3
            h ^= h >> 29
        }
        for b in bytes[(words * 8)...] { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        hash = h
    }

    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var f = FNV1a()
        f.add(bytes)
        return f.hash
    }

    /// The same mixing in four independent lanes, 32 bytes a step, for one large buffer at once (the
    /// snapshot's checksum, checked at every start): the lanes run in parallel in the CPU.
    static func wide(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let p: UInt64 = 0x0000_0100_0000_01B3
        var h0: UInt64 = 0xcbf2_9ce4_8422_2325, h1 = h0 ^ 1, h2 = h0 ^ 2, h3 = h0 ^ 3
        let steps = bytes.count / 32
        for i in 0..<steps {
            let o = i * 32
            h0 = (h0 ^ bytes.loadUnaligned(fromByteOffset: o, as: UInt64.self)) &* p
            h1 = (h1 ^ bytes.loadUnaligned(fromByteOffset: o + 8, as: UInt64.self)) &* p
            h2 = (h2 ^ bytes.loadUnaligned(fromByteOffset: o + 16, as: UInt64.self)) &* p
            h3 = (h3 ^ bytes.loadUnaligned(fromByteOffset: o + 24, as: UInt64.self)) &* p
            h0 ^= h0 >> 29; h1 ^= h1 >> 29; h2 ^= h2 >> 29; h3 ^= h3 >> 29
        }
        var rest = FNV1a(hash: h0 ^ (h1 << 17 | h1 >> 47) ^ (h2 << 31 | h2 >> 33) ^ (h3 << 47 | h3 >> 17))
        rest.add(UnsafeRawBufferPointer(rebasing: bytes[(steps * 32)...]))
        return rest.hash
    }
}
