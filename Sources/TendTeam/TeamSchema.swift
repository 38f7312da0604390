import Foundation
import TendCore
import TendStore

/// The team's schema on the server and the roles of its reps. Everything that must hold whatever
/// client connects is enforced here, by the server, not by Tend:
/// - a rep's role inserts only events of its own rep (row-level security);
/// - inserts are taken one statement at a time (an advisory lock in a statement trigger), so `seq`
///   order is commit order and a reader that has seen `seq` N never misses a smaller one;
/// - an event about a forgotten person never stays with their data (a statement trigger strips it, and
///   `forget()` strips what is already there).
extension TeamServer {
    public static let schemaVersion = 2

    /// Fields holding personal data (any event type): what the server strips from a forgotten
    /// person's events. A superset of `Erasure`'s per-type lists, so nothing is left.
    static let personalFields = [
        "name", "company", "phones", "emails", "best_time", "needs", "tags", "uid", "tz", "note", "text", "title",
        "reason",
    ]

    /// Creates or upgrades the team's schema (idempotent, versioned) and stores the team settings.
    /// Run with an admin connection (the owner of the schema; RLS does not bind it).
    public func initialize(_ c: PGConnection, settings: [String: String], testClock: Bool) throws {
        for statement in schemaStatements() { try c.query(statement) }
        var meta = settings
        meta["version"] = String(TeamServer.schemaVersion)
        // A test-clock team stays one: `tend team init` run again (an upgrade) does not undo it.
        try c.query(
            "INSERT INTO \(schema).meta (key, value) VALUES ('test_clock', $1) ON CONFLICT (key) DO "
                + (testClock ? "UPDATE SET value = EXCLUDED.value" : "NOTHING"), [testClock ? "true" : "false"])
        for (k, v) in meta.sorted(by: { $0.key < $1.key }) {
            try c.query(
                "INSERT INTO \(schema).meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = "
                    + "EXCLUDED.value",
                [k, v])
        }
    }

    func schemaStatements() -> [String] {
        let s = schema
        let personal = "ARRAY[" + TeamServer.personalFields.map { "'\($0)'" }.joined(separator: ", ") + "]"
        return [
            "CREATE SCHEMA IF NOT EXISTS \(s)",
            "CREATE TABLE IF NOT EXISTS \(s).meta (key text PRIMARY KEY, value text NOT NULL)",
            """
            CREATE TABLE IF NOT EXISTS \(s).events (
                seq bigserial PRIMARY KEY, id text NOT NULL UNIQUE, rep text NOT NULL, stream text NOT NULL,
                contact text, line text NOT NULL, received timestamptz NOT NULL DEFAULT now())
            """,
            "CREATE INDEX IF NOT EXISTS events_contact ON \(s).events (contact)",
            "CREATE INDEX IF NOT EXISTS events_stream ON \(s).events (stream, seq)",
            "CREATE TABLE IF NOT EXISTS \(s).reps (role name PRIMARY KEY, rep text NOT NULL UNIQUE)",
            "CREATE TABLE IF NOT EXISTS \(s).forgotten (id text PRIMARY KEY)",
            "ALTER TABLE \(s).events ENABLE ROW LEVEL SECURITY",
            "DROP POLICY IF EXISTS read_all ON \(s).events",
            "CREATE POLICY read_all ON \(s).events FOR SELECT USING (true)",
            "DROP POLICY IF EXISTS insert_own ON \(s).events",
            """
            CREATE POLICY insert_own ON \(s).events FOR INSERT
            WITH CHECK (rep = (SELECT r.rep FROM \(s).reps r WHERE r.role = current_user))
            """,
            // A claim whose local write failed is taken back by its own rep, and only that.
            "DROP POLICY IF EXISTS delete_own ON \(s).events",
            """
            CREATE POLICY delete_own ON \(s).events FOR DELETE
            USING (rep = (SELECT r.rep FROM \(s).reps r WHERE r.role = current_user))
            """,
            // What came before version 2: a trigger per row (too slow for a history of a million).
            "DROP TRIGGER IF EXISTS events_notify ON \(s).events",
            "DROP TRIGGER IF EXISTS events_strip ON \(s).events",
            "DROP FUNCTION IF EXISTS \(s).notify_event()",
            "DROP FUNCTION IF EXISTS \(s).strip_forgotten()",
            // One inserting statement at a time, the lock held to commit: `seq` is handed out in
            // commit order, so "everything after N" never skips a row committed late.
            """
            CREATE OR REPLACE FUNCTION \(s).in_order() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM pg_advisory_xact_lock(hashtext('\(s).events'), 0); RETURN NULL; END $$
            """,
            "DROP TRIGGER IF EXISTS events_in_order ON \(s).events",
            """
            CREATE TRIGGER events_in_order BEFORE INSERT ON \(s).events
            FOR EACH STATEMENT EXECUTE FUNCTION \(s).in_order()
            """,
            // A line without a forgotten person's data (what `tend forget` leaves on every machine).
            """
            CREATE OR REPLACE FUNCTION \(s).strip_line(line text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
                SELECT (CASE WHEN j->>'type' = 'contact' THEN (j - \(personal)) || '{"name": "(forgotten)"}'
                    ELSE j - \(personal) END)::text FROM (SELECT line::jsonb AS j) x $$
            """,
            // After each inserting statement: wake the machines that LISTEN (the TUI's live view),
            // once per stream; and strip what arrived about a forgotten person, however late it was
            // sent. As the schema's owner: a rep may not update rows.
            """
            CREATE OR REPLACE FUNCTION \(s).after_insert() RETURNS trigger LANGUAGE plpgsql
            SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            BEGIN
                PERFORM pg_notify('\(s)_events', d.stream) FROM (SELECT DISTINCT stream FROM new_rows) d;
                IF EXISTS (SELECT 1 FROM \(s).forgotten) THEN
                    UPDATE \(s).events e SET line = \(s).strip_line(e.line) FROM new_rows n
                    WHERE e.seq = n.seq AND n.line::jsonb->>'type' <> 'forget' AND EXISTS (
                        SELECT 1 FROM \(s).forgotten f
                        WHERE f.id IN (n.line::jsonb->>'contact', n.line::jsonb->>'deal', n.line::jsonb->>'promise'));
                END IF;
                RETURN NULL;
            END $$
            """,
            "DROP TRIGGER IF EXISTS events_after ON \(s).events",
            """
            CREATE TRIGGER events_after AFTER INSERT ON \(s).events REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION \(s).after_insert()
            """,
            // `tend forget` on any machine: the ids (the contact, whoever was merged into them,
            // their deals and promises) are remembered, and what the table holds of them is stripped.
            // Runs as the schema's owner: a rep may not update other reps' rows otherwise.
            """
            CREATE OR REPLACE FUNCTION \(s).forget(ids text[]) RETURNS bigint LANGUAGE plpgsql
            SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            DECLARE n bigint;
            BEGIN
                INSERT INTO \(s).forgotten SELECT unnest(ids) ON CONFLICT DO NOTHING;
                UPDATE \(s).events SET line = \(s).strip_line(line)
                WHERE (contact = ANY(ids) OR (contact IS NULL
                    AND (line::jsonb->>'deal' = ANY(ids) OR line::jsonb->>'promise' = ANY(ids))))
                    AND line::jsonb->>'type' <> 'forget';
                GET DIAGNOSTICS n = ROW_COUNT;
                RETURN n;
            END $$
            """,
        ]
    }

    /// Creates the login role of a rep (or gives an existing one its rights) and records which rep
    /// it writes as. Needs a connection that may create roles. Returns the role's name.
    @discardableResult
    public func addRep(_ c: PGConnection, rep: String, password: String? = nil) throws -> String {
        guard DataDir.validRep(rep) else { throw TeamError("bad rep name \"\(rep)\"") }
        let r = role(of: rep), s = schema
        let exists = try c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [r])
        if exists.isEmpty { try c.query("CREATE ROLE \(r) LOGIN") }
        try c.query("ALTER ROLE \(r) LOGIN")
        if let password { try c.query("ALTER ROLE \(r) PASSWORD \(literal(password))") }
        try c.query("GRANT USAGE ON SCHEMA \(s) TO \(r)")
        try c.query("GRANT SELECT, INSERT, DELETE ON \(s).events TO \(r)")
        try c.query("GRANT USAGE ON SEQUENCE \(s).events_seq_seq TO \(r)")
        try c.query("GRANT SELECT ON \(s).meta, \(s).reps, \(s).forgotten TO \(r)")
        try c.query("GRANT EXECUTE ON FUNCTION \(s).forget(text[]) TO \(r)")
        try c.query(
            "INSERT INTO \(s).reps (role, rep) VALUES ($1, $2) ON CONFLICT (role) DO UPDATE SET rep = EXCLUDED.rep",
            [r, rep])
        return r
    }

    /// Takes a rep's access away: their role can no longer log in or write, their open sessions
    /// end, and no role writes as them any more. Their events stay (the team's history).
    /// Returns false when the rep had no role.
    @discardableResult
    public func removeRep(_ c: PGConnection, rep: String) throws -> Bool {
        guard DataDir.validRep(rep) else { throw TeamError("bad rep name \"\(rep)\"") }
        let r = role(of: rep), s = schema
        guard !(try c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [r])).isEmpty else { return false }
        try c.query("DELETE FROM \(s).reps WHERE role = $1", [r])
        try c.query("REVOKE ALL ON ALL TABLES IN SCHEMA \(s) FROM \(r)")
        try c.query("REVOKE ALL ON ALL SEQUENCES IN SCHEMA \(s) FROM \(r)")
        try c.query("REVOKE ALL ON FUNCTION \(s).forget(text[]) FROM \(r)")
        try c.query("REVOKE ALL ON SCHEMA \(s) FROM \(r)")
        try c.query("ALTER ROLE \(r) NOLOGIN")
        try c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", [r])
        return true
    }

    /// A string as an SQL literal (for the one statement that cannot take a parameter).
    func literal(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
}
