import TendCore

/// Where an event stands in the fold order (`at`, `rep`, `id`).
public struct FoldKey: Comparable, Sendable {
    public var at: Int64
    public var rep: String
    public var id: String

    public init(_ e: Event) {
        at = e.at.ms
        rep = e.rep
        id = e.id
    }

    public init(at: Int64, rep: String, id: String) {
        self.at = at
        self.rep = rep
        self.id = id
    }

    public static func < (a: FoldKey, b: FoldKey) -> Bool {
        if a.at != b.at { return a.at < b.at }
        if a.rep != b.rep { return a.rep < b.rep }
        return a.id < b.id
    }
}
