import Foundation
import TendCore
import TendStore

/// One machine's session with the team server: one connection, opened when first needed and
/// kept (a CLI command pulls, writes and publishes over it; the TUI also LISTENs on it). Every
/// call has a deadline; when the server cannot be reached the files go on alone and `offline`
/// says why, until a call gets through again.
public final class TeamClient: TeamLink {
    public let server: TeamServer
    /// Who this machine works as (how the connection shows in `tend team status`).
    public var rep: String
    /// How long one call may wait for the server before Tend goes on from its files.
    let boundMs: Int
    var connection: PGConnection?
    var listening = false
    public private(set) var offline: String?
    /// When a connection last failed: no new attempt for `retryMs` (a command that could not pull
    /// does not wait again to publish; the TUI does not stall on every loop).
    var failedAt: Int64?
    static let retryMs: Int64 = 5000

    public init(server: TeamServer, rep: String, boundMs: Int) {
        self.server = server
        self.rep = rep
        self.boundMs = boundMs
    }

    /// Runs `body` on a live connection; a failure drops the connection (the next call makes a new one).
    func attempt<T>(_ body: (PGConnection) throws -> T) throws -> T {
        if connection == nil, let failedAt, let offline, PGConnection.now() - failedAt < TeamClient.retryMs {
            throw TeamError(offline)
        }
        do {
            if connection.map({ !$0.isOK }) ?? true {
                connection = nil
                listening = false
                connection = try server.connect(timeoutMs: boundMs, application: "tend:\(rep)")
            }
            let result = try body(connection!)
            (offline, failedAt) = (nil, nil)
            return result
        } catch var e as TeamError {
            connection = nil
            listening = false
            failedAt = PGConnection.now()
            if e.description.contains("relation \"\(server.schema).") && e.description.contains("does not exist") {
                e = TeamError("the team server has no team \"\(server.schema)\" yet: run tend team init")
            }
            offline = e.description
            throw e
        }
    }

    /// This machine's streams (what it writes for any rep).
    func own(_ store: Store) -> Set<String> { Set(store.machineStreams.values) }

    // MARK: TeamLink

    /// What other machines wrote, into the replicas (the store reads it when anything arrived),
    /// then what this machine wrote and has not sent yet (written offline, or just now).
    @discardableResult
    public func exchange(_ store: Store, progress: ((Int) -> Void)? = nil) throws -> Int {
        try attempt { c in
            let arrived = try pull(c, store, progress: progress)
            _ = try publish(c, store)
            return arrived
        }
    }

    public func exchange(_ store: Store) throws -> Int { try exchange(store, progress: nil) }

    /// This machine's new events to the server.
    @discardableResult
    public func publish(_ store: Store) throws -> Int {
        try attempt { c in
            let sent = try publish(c, store)
            try forgetOnServer(c, store)  // a `tend forget` just written reaches the server now
            return sent
        }
    }

    func publish(_ c: PGConnection, _ store: Store) throws -> Int {
        try server.publish(c, dataDir: store.dir, streams: Array(own(store)), timeoutMs: boundMs)
    }

    func pull(_ c: PGConnection, _ store: Store, progress: ((Int) -> Void)? = nil) throws -> Int {
        let arrived = try server.pull(c, store: store, own: own(store), timeoutMs: boundMs, progress: progress)
        if arrived > 0 { try store.reload() }
        try readSettings(c, store)
        try forgetOnServer(c, store)
        return arrived
    }

    public var wakeups: Int32? {
        guard !listening else { return connection?.socket }
        do {
            _ = try attempt { c in try c.query("LISTEN \(server.schema)_events", timeoutMs: boundMs) }
            listening = true
            return connection?.socket
        } catch {
            return nil
        }
    }

    public func drainWakeups() -> Bool {
        guard let c = connection else { return false }
        do {
            return !(try c.notifications()).isEmpty
        } catch {
            connection = nil
            listening = false
            offline = "\(error)"
            return true  // the caller's exchange says what happened
        }
    }

    // MARK: Settings

    /// The team settings stored by `tend team init`, kept for commands that run offline; the store
    /// decides by them (every machine by the same rule).
    func readSettings(_ c: PGConnection, _ store: Store) throws {
        let rows = try c.query(
            "SELECT key, value FROM \(server.schema).meta WHERE key IN ('settings', 'time_zone')", timeoutMs: boundMs)
        var state = TeamState.load(dataDir: store.dir)
        let settings = rows.first { $0[0] == "settings" }?[1] ?? nil
        let zone = rows.first { $0[0] == "time_zone" }?[1] ?? nil
        if settings != state.settings || zone != state.timeZone {
            (state.settings, state.timeZone) = (settings, zone)
            try state.save(dataDir: store.dir)
        }
        TeamSettings.adopt(settings, into: store)
    }

    // MARK: Erasure

    /// Someone forgot a person (here or on another machine): the server strips what it holds of
    /// them, and this machine's replicas lose them too. Each id is sent once per data dir.
    func forgetOnServer(_ c: PGConnection, _ store: Store) throws {
        let s = store.state
        guard !s.forgotten.isEmpty else { return }
        var state = TeamState.load(dataDir: store.dir)
        let ids = s.forgotten.union(s.forgottenEntities.keys)
        let pending = ids.subtracting(state.forgottenSent)
        var changed = false
        if !pending.isEmpty {
            let list = JSON.array(pending.sorted().map { .string($0) }).text
            try c.query(
                "SELECT \(server.schema).forget(ARRAY(SELECT jsonb_array_elements_text($1::jsonb)))", [list],
                timeoutMs: max(boundMs, 5000))
            state.forgottenSent.formUnion(pending)
            changed = true
        }
        if state.erasedFor != s.forgotten.count {
            try store.eraseForgottenInReplicas()
            state.erasedFor = s.forgotten.count
            changed = true
        }
        if changed { try state.save(dataDir: store.dir) }
    }
}
