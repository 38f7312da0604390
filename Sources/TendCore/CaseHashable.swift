/// Hashed and compared by case, not by raw value.
///
/// An enum with `String` raw values takes `==` and `hash(into:)` from `RawRepresentable`: it
/// compares and hashes its name. Channels, outcomes and stages are dictionary keys and compared in
/// the loops over every touch of an agenda, where hashing "email" was most of counting a contact's
/// answers by channel. A case is its discriminator, one byte: that is what these compare and hash.
/// Only for enums without payloads (one byte in memory: `CaseHashableTests` checks each).
public protocol CaseHashable: RawRepresentable, Hashable where RawValue == String {}

extension CaseHashable {
    @inline(__always) var ordinal: UInt8 {
        assert(MemoryLayout<Self>.size == 1, "CaseHashable needs a one-byte enum: \(Self.self)")
        return withUnsafeBytes(of: self) { $0[0] }
    }
    @inline(__always) public static func == (a: Self, b: Self) -> Bool { a.ordinal == b.ordinal }
    @inline(__always) public func hash(into h: inout Hasher) { h.combine(ordinal) }
}
