import Dispatch

/// Pretty JSON written straight into UTF-8 bytes, the same bytes `JSON.pretty` gives for the same
/// value (two-space indent, `": "`, keys sorted, `[]` and `{}` when empty), without building the
/// value: no dictionary per object, no sort of its keys, no `String` appends. A listing's views
/// give their keys in sorted order; a debug build checks that they do.
///
/// The bytes go into memory of its own through a pointer, not an `[UInt8]`: an array's append
/// checks uniqueness and capacity through generic code on every call, a few hundred instructions
/// for each of the 430,000 strings of a 10,000-contact listing. Only `streamArray` makes one, and
/// it frees it.
public struct PrettyJSONWriter: JSONFields {
    private var base: UnsafeMutablePointer<UInt8>
    private var count = 0, capacity: Int
    private var depth: Int
    /// Fields written so far in the object now open.
    private var fields = 0
    #if DEBUG
    private var lastKey = ""
    #endif

    private init(depth: Int) {
        self.depth = depth
        capacity = 4096
        base = .allocate(capacity: capacity)
    }

    private func free() { base.deallocate() }

    /// `JSON.array(...).pretty` of one object per element, each written by `each` and handed to
    /// `write` as soon as it is made: a listing never holds its whole text.
    public static func streamArray<S: Sequence>(
        _ elements: S, each body: (inout PrettyJSONWriter, S.Element) -> Void,
        write: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        var w = PrettyJSONWriter(depth: 1)
        defer { w.free() }
        var iterator = elements.makeIterator()
        guard var current = iterator.next() else {
            w.put("[]")
            return write(w.written)
        }
        w.put("[\n")
        while true {
            w.indent()
            w.object { body(&$0, current) }
            let next = iterator.next()
            w.put(next == nil ? "\n" : ",\n")
            if next == nil { w.put("]") }
            write(w.written)
            w.count = 0
            guard let n = next else { break }
            current = n
        }
    }

    /// `streamArray` of an array, written on two threads: each batch of `batch` elements in two
    /// halves side by side, each half into a writer of its own, handed to `write` in order. The
    /// same bytes; at most a batch's text held. `body` must be safe to call from two threads.
    public static func streamArray<T>(
        _ elements: [T], sideBySide batch: Int, each body: (inout PrettyJSONWriter, T) -> Void,
        write: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        guard elements.count >= 2 * batch else { return streamArray(elements, each: body, write: write) }
        var halves = [PrettyJSONWriter(depth: 1), PrettyJSONWriter(depth: 1)]
        defer { for w in halves { w.free() } }
        halves[0].put("[\n")
        write(halves[0].written)
        for start in stride(from: 0, to: elements.count, by: batch) {
            let end = min(elements.count, start + batch), mid = (start + end) / 2
            let ranges = [start..<mid, mid..<end]
            halves.withUnsafeMutableBufferPointer { ws in
                // Each iteration writes into its own writer only.
                nonisolated(unsafe) let ws = ws
                DispatchQueue.concurrentPerform(iterations: 2) { h in
                    ws[h].count = 0
                    for i in ranges[h] {
                        ws[h].indent()
                        ws[h].object { body(&$0, elements[i]) }
                        ws[h].put(i == elements.count - 1 ? "\n]" : ",\n")
                    }
                }
            }
            write(halves[0].written)
            write(halves[1].written)
        }
    }

    private var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// A whole object at this writer's depth (an array's element is opened by its array).
    public mutating func object(_ body: (inout PrettyJSONWriter) -> Void) {
        let outer = fields
        fields = 0
        #if DEBUG
        let outerKey = lastKey
        lastKey = ""
        #endif
        depth += 1
        body(&self)
        depth -= 1
        if fields == 0 {
            put("{}")
        } else {
            put(0x0A)
            indent()
            put(UInt8(ascii: "}"))
        }
        fields = outer
        #if DEBUG
        lastKey = outerKey
        #endif
    }

    public mutating func field(_ key: StaticString, _ value: String) {
        name(key)
        string(value)
    }

    public mutating func field(_ key: StaticString, _ value: Double) {
        name(key)
        var text = JSON.format(value)
        text.withUTF8 { put($0) }
    }

    public mutating func field(_ key: StaticString, strings: [String]) {
        name(key)
        guard !strings.isEmpty else { return put("[]") }
        put("[\n")
        depth += 1
        for (i, s) in strings.enumerated() {
            indent()
            string(s)
            put(i < strings.count - 1 ? ",\n" : "\n")
        }
        depth -= 1
        indent()
        put(UInt8(ascii: "]"))
    }

    public mutating func null(_ key: StaticString) {
        name(key)
        put("null")
    }

    public mutating func object(_ key: StaticString, _ body: (inout PrettyJSONWriter) -> Void) {
        name(key)
        object(body)
    }

    /// `{` or `,` before it, the indent, the key and `": "`.
    private mutating func name(_ key: StaticString) {
        #if DEBUG
        let k = "\(key)"
        precondition(fields == 0 || k > lastKey, "JSON keys out of order: \(k) after \(lastKey)")
        precondition(JSON.needsNoEscape(k), "a JSON key that needs escaping: \(k)")
        lastKey = k
        #endif
        put(fields == 0 ? "{\n" : ",\n")
        fields += 1
        indent()
        put(0x22)
        put(key)
        put("\": ")
    }

    /// A string as `JSON.writeString` writes it: whole when no byte needs a look (nearly always).
    private mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { b in
            if JSON.isPlain(b) {
                put(0x22)
                put(b)
                put(0x22)
            } else {
                var escaped: [UInt8] = []
                JSON.writeString(String(decoding: b, as: UTF8.self), to: &escaped)
                escaped.withUnsafeBufferPointer { put($0) }
            }
        }
    }

    private mutating func indent() {
        reserve(2 * depth)
        (base + count).initialize(repeating: 0x20, count: 2 * depth)
        count += 2 * depth
    }

    private mutating func put(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    private mutating func put(_ b: UnsafeBufferPointer<UInt8>) {
        guard let from = b.baseAddress else { return }
        reserve(b.count)
        (base + count).update(from: from, count: b.count)
        count += b.count
    }

    private mutating func put(_ s: StaticString) {
        put(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    private mutating func reserve(_ n: Int) {
        guard count + n > capacity else { return }
        capacity = max(2 * capacity, count + n)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
    }
}
