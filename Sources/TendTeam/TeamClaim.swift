import Foundation
import TendCore
import TendStore

/// A claim the team server refused outright (not because it could not be reached): no fallback.
public struct TeamRefusal: Error, CustomStringConvertible, Sendable {
    public var description: String
}

extension TeamClient {
    /// How far a client's clock may be from the server's for its claims to count (the guard and
    /// claims compare times written by different machines).
    static let maxSkewMs: Int64 = 120_000

    /// Check and claim, decided for the whole team: one server transaction takes the contact's
    /// lock, brings every event committed before it into the replicas, applies TendCore's own
    /// rule (`ClaimDecision.decide`, as on one machine) and inserts the claim. The server's
    /// answer comes first; the claim is then written to this machine's stream, and taken back
    /// from the server if that write fails. Unreachable: the local check decides, and `offline`
    /// says so.
    public func claim(
        _ store: Store, contact: String, rep: String, clock: Clock, anyway: Bool
    ) throws
        -> ClaimDecision
    {
        let outcome: Result<ClaimDecision, TeamError> = try store.withClaimLock {
            do {
                return .success(
                    try attempt { c in try claim(c, store, contact: contact, rep: rep, clock: clock, anyway: anyway) })
            } catch let e as TeamError {
                return .failure(e)
            }
        }
        switch outcome {
        case .success(let decision): return decision
        case .failure: return try store.claim(contact, rep: rep, clock: clock, anyway: anyway)
        }
    }

    func claim(
        _ c: PGConnection, _ store: Store, contact: String, rep: String, clock: Clock, anyway: Bool
    ) throws -> ClaimDecision {
        let s = server.schema
        try c.query("BEGIN", timeoutMs: boundMs)
        var open = true
        defer { if open { _ = try? c.query("ROLLBACK", timeoutMs: boundMs) } }
        // The lock waits for a claim of the same contact on another machine to commit (or not).
        // Keyed by the id as this machine resolves it: a merge not yet seen here could give two
        // machines two keys for one person (their claims then meet only in the insert order).
        let rows = try c.query(
            """
            SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2)),
                (extract(epoch from clock_timestamp()) * 1000)::bigint,
                (SELECT value FROM \(s).meta WHERE key = 'test_clock')
            """, [s + ".claim", contact], timeoutMs: max(boundMs, 2000))
        let serverMs = Int64(rows.first?[1] ?? "") ?? clock.now.ms
        if rows.first?[2] != "true", abs(serverMs - clock.now.ms) > TeamClient.maxSkewMs {
            throw TeamRefusal(description: TeamClient.skewSentence(serverMs - clock.now.ms) + ": claims are refused")
        }
        _ = try pull(c, store)
        try store.reload()
        let teamClock = TeamState.load(dataDir: store.dir).timeZone.flatMap(TimeZone.init(identifier:)).map {
            Clock(now: clock.now, timeZone: $0)
        }
        let decision = ClaimDecision.decide(
            contact, rep: rep, state: store.state, settings: store.settings, clock: teamClock ?? clock,
            anyway: anyway)
        guard decision == .granted else { return decision }
        try store.refuseIfDamaged()  // decided on a damaged snapshot: the team must not see it
        var batch = try store.batch(rep: rep, now: clock.now)
        batch.add(.claim(contact: contact, minutes: store.settings.guardRule.claimMinutes))
        let event = batch.events[0]
        let stream = String(try store.streamFile(for: rep).dropLast(".jsonl".count))
        try c.query(
            "INSERT INTO \(s).events (id, rep, stream, contact, line) VALUES ($1, $2, $3, $4, $5)",
            [event.id, rep, stream, contact, event.line], timeoutMs: boundMs)
        try c.query("COMMIT", timeoutMs: boundMs)
        open = false
        do {
            try store.commit(batch)
        } catch {
            // Not on file here, so not granted: the team must not see it either.
            _ = try? c.query("DELETE FROM \(s).events WHERE id = $1", [event.id], timeoutMs: boundMs)
            throw error
        }
        return .granted
    }

    /// "this machine's clock is 3 min behind the team server's".
    static func skewSentence(_ serverMinusLocalMs: Int64) -> String {
        let off = abs(serverMinusLocalMs)
        let amount = off >= 120_000 ? "\(off / 60_000) min" : "\(off / 1000) s"
        return "this machine's clock is \(amount) \(serverMinusLocalMs > 0 ? "behind" : "ahead of") the team server's"
    }
}
