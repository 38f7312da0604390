/// A list's rows, or those of them a filter kept, as positions in the whole list: keeping 30,000
/// rows of everyone's agenda for a `/` keystroke was copying 30,000 rows out (a retain each, and
/// a release when the last keystroke's copy went), most of the keystroke. Reads as an array.
@frozen
public struct Rows<Element>: RandomAccessCollection {
    /// The whole list, shared with whoever else holds it.
    public let whole: [Element]
    /// The positions in `whole` shown, in order; nil: every row.
    public let picked: [Int32]?

    // Inlinable: read row by row from other modules, it must not go through a generic witness.
    @inlinable
    public init(_ whole: [Element], picked: [Int32]? = nil) {
        self.whole = whole
        self.picked = picked
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { picked?.count ?? whole.count }

    /// A copy of the row: for the rows on screen. A loop over every row reads its fields in
    /// place instead, `whole[position(i)].field` (an array lends its elements; this copies).
    @inlinable
    public subscript(i: Int) -> Element { whole[position(i)] }

    /// Collection's own, with each row lent to `body` from `whole`, not copied out.
    @inlinable
    public func map<T>(_ body: (Element) throws -> T) rethrows -> [T] {
        var out: [T] = []
        out.reserveCapacity(count)
        for i in indices { out.append(try body(whole[position(i)])) }
        return out
    }

    /// Collection's own, with each row lent to `test` from `whole`, not copied out.
    @inlinable
    public func firstIndex(where test: (Element) throws -> Bool) rethrows -> Int? {
        for i in indices where try test(whole[position(i)]) { return i }
        return nil
    }

    /// Where row `i` is in `whole`.
    @inlinable
    public func position(_ i: Int) -> Int {
        if let picked { return Int(picked[i]) }
        return i
    }
}

extension Rows: Equatable where Element: Equatable {
    public static func == (a: Rows, b: Rows) -> Bool { a.elementsEqual(b) }
}

extension Rows: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Element...) { self.init(elements) }
}

extension Rows: Sendable where Element: Sendable {}
