import Foundation

/// Each contact's list of touches (or notes), oldest first: a dictionary by contact id whose lists
/// may still be encoded, as the snapshot cache stored them, until someone reads them.
///
/// A million events are mostly touches and notes; decoding all of them took most of a start-up
/// that only needs today's few hundred contacts. Reads decode one contact's list (and remember it);
/// `values` and iteration decode everything. It behaves as a plain value: copies never see each
/// other's changes, and the memo of decoded lists is invisible.
public struct ContactLists<T: Sendable>: Sendable {
    private var lists: [String: [T]] = [:]
    /// Lists still encoded, and contacts whose encoded list was replaced or removed since.
    private var pending: Encoded?
    private var overridden = Set<String>()

    public init() {}

    /// Lists to decode on demand from `bytes`, which `owner` keeps alive: `decode(contact, bytes)`
    /// turns one contact's bytes into its list. `check(contact, bytes)`, when given, is asked
    /// first, once per list, whether the bytes are as they were written (the snapshot checks each
    /// list's own checksum only when it is read, so a start-up never reads the lists it does not
    /// show); a list that fails it is never decoded nor copied on.
    /// `points(bytes)`, when given, reads a list's `TouchPoint`s from its bytes without making
    /// its elements (`points(_:_:)`).
    public init(
        encoded bytes: UnsafeBufferPointer<UInt8>, owner: AnyObject & Sendable, ranges: [String: Range<Int>],
        decode: @escaping @Sendable (String, UnsafeBufferPointer<UInt8>) throws -> [T],
        points: (@Sendable (UnsafeBufferPointer<UInt8>) throws -> [TouchPoint])? = nil,
        check: (@Sendable (String, UnsafeBufferPointer<UInt8>) -> Bool)? = nil
    ) {
        pending =
            ranges.isEmpty
            ? nil : Encoded(bytes: bytes, owner: owner, ranges: ranges, decode: decode, points: points, check: check)
    }

    final class Encoded: @unchecked Sendable {
        let bytes: UnsafeBufferPointer<UInt8>
        let owner: AnyObject & Sendable
        let ranges: [String: Range<Int>]
        let decode: @Sendable (String, UnsafeBufferPointer<UInt8>) throws -> [T]
        let lightly: (@Sendable (UnsafeBufferPointer<UInt8>) throws -> [TouchPoint])?
        let check: (@Sendable (String, UnsafeBufferPointer<UInt8>) -> Bool)?
        private var memo: [String: [T]] = [:]
        private var checked: [String: Bool] = [:]
        private let lock = NSLock()

        init(
            bytes: UnsafeBufferPointer<UInt8>, owner: AnyObject & Sendable, ranges: [String: Range<Int>],
            decode: @escaping @Sendable (String, UnsafeBufferPointer<UInt8>) throws -> [T],
            points: (@Sendable (UnsafeBufferPointer<UInt8>) throws -> [TouchPoint])?,
            check: (@Sendable (String, UnsafeBufferPointer<UInt8>) -> Bool)?
        ) {
            self.bytes = bytes
            self.owner = owner
            self.ranges = ranges
            self.decode = decode
            self.lightly = points
            self.check = check
        }

        /// The list's bytes, if they pass the check (asked until it passes). The check and the
        /// decoding run outside the lock, so two threads reading different lists (the agenda's two
        /// halves) do not wait on each other; two reading the same one may both decode it, once.
        private func sound(_ key: String) -> UnsafeBufferPointer<UInt8>? {
            guard let r = ranges[key] else { return nil }
            let b = UnsafeBufferPointer(rebasing: bytes[r])
            guard let check else { return b }
            lock.lock()
            let known = checked[key] == true
            lock.unlock()
            if known { return b }
            // A failure is asked again each time, so whoever copies the lists on hears of it too.
            let ok = check(key, b)
            lock.lock()
            checked[key] = ok
            lock.unlock()
            return ok ? b : nil
        }

        func list(_ key: String) -> [T]? {
            guard ranges[key] != nil else { return nil }
            lock.lock()
            let known = memo[key]
            lock.unlock()
            if let known { return known }
            // A list that fails its check, or its decoding (a bug), reads as empty: the check has
            // told the store, which then writes nothing (a command exits with an error, the
            // terminal UI folds the logs again).
            let v = sound(key).flatMap { try? decode(key, $0) } ?? []
            lock.lock()
            defer { lock.unlock() }
            if let first = memo[key] { return first }
            memo[key] = v
            return v
        }

        /// `ContactLists.points`: from the list when it was decoded, else from its bytes (checked
        /// as for decoding; one that fails reads as empty, as `list` does).
        func points(_ key: String, _ point: (T) -> TouchPoint) -> [TouchPoint]? {
            guard ranges[key] != nil else { return nil }
            lock.lock()
            let known = memo[key]
            lock.unlock()
            if let known { return known.map(point) }
            guard let lightly else { return list(key)?.map(point) }
            return sound(key).flatMap { try? lightly($0) } ?? []
        }

        func raw(_ key: String) -> UnsafeBufferPointer<UInt8>? { sound(key) }
    }

    /// What the guard and the channel advice read of a contact's list, each element through
    /// `point`; while the list is still encoded and not decoded yet, read from its bytes without
    /// making the elements (a touch's id, rep and note are three strings, and a big team's agenda
    /// read 50,000 touches for these three fields). Nil when the contact has no list.
    public func points(_ key: String, _ point: (T) -> TouchPoint) -> [TouchPoint]? {
        if let v = lists[key] { return v.map(point) }
        guard let p = pending, !overridden.contains(key) else { return nil }
        return p.points(key, point)
    }

    // Every access first asks the plain dictionary; the encoded lists are consulted only when a
    // snapshot left some (a replay folds a million events through here, one hash each).
    public subscript(key: String) -> [T]? {
        get {
            if let v = lists[key] { return v }
            guard let p = pending, !overridden.contains(key) else { return nil }
            return p.list(key)
        }
        set {
            if let p = pending, p.ranges[key] != nil { overridden.insert(key) }
            lists[key] = newValue
        }
    }

    public subscript(key: String, default value: @autoclosure () -> [T]) -> [T] {
        get { self[key] ?? value() }
        _modify {
            if let p = pending, p.ranges[key] != nil, !overridden.contains(key) {
                if lists[key] == nil { lists[key] = p.list(key) }
                overridden.insert(key)
            }
            yield &lists[key, default: value()]
        }
    }

    @discardableResult
    public mutating func removeValue(forKey key: String) -> [T]? {
        let old = self[key]
        if pending?.ranges[key] != nil { overridden.insert(key) }
        lists.removeValue(forKey: key)
        return old
    }

    /// A list's bytes exactly as they were given, while it is still encoded and unchanged: a new
    /// snapshot copies them rather than decoding a million touches to encode them again.
    public func encodedBytes(_ key: String) -> UnsafeBufferPointer<UInt8>? {
        guard lists[key] == nil, let p = pending, !overridden.contains(key) else { return nil }
        return p.raw(key)
    }

    public var keys: [String] {
        var k = Array(lists.keys)
        if let p = pending { k += p.ranges.keys.filter { lists[$0] == nil && !overridden.contains($0) } }
        return k
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// Every list (decoding what is still encoded).
    public var values: [[T]] { keys.map { self[$0]! } }

    public mutating func reserveCapacity(_ n: Int) { lists.reserveCapacity(n) }
}

extension ContactLists: Sequence {
    public func makeIterator() -> AnyIterator<(key: String, value: [T])> {
        var it = keys.makeIterator()
        return AnyIterator {
            guard let k = it.next() else { return nil }
            return (k, self[k]!)
        }
    }
}

extension ContactLists: Equatable where T: Equatable {
    public static func == (a: ContactLists, b: ContactLists) -> Bool {
        let ka = Set(a.keys)
        return ka == Set(b.keys) && ka.allSatisfy { a[$0]! == b[$0]! }
    }
}
