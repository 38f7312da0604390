import Foundation
import TendCore
import TendStore

#if canImport(Glibc)
import Glibc
#endif

/// The optional team server: PostgreSQL as the team's meeting point, the files still the store.
/// Every event is appended to this machine's stream first, then published (keyed by its unique id,
/// so a retry never inserts twice); other streams arrive into local replica files, byte for byte
/// the lines their writers wrote, so the snapshot, `tend check`, export and forget see what they
/// always saw. Nobody writes as someone else: row-level security lets a rep's role insert only
/// events of its own rep.
public struct TeamServer: Sendable {
    /// A libpq connection string or URL; never printed (it may hold a password: use `.pgpass`).
    public let url: String
    /// The team's schema on the server (`[team] schema`, default `tend`): one per team.
    public let schema: String

    public static let schemaVersion = 1

    public init(url: String, schema: String = "tend") throws {
        guard schema.range(of: "^[a-z_][a-z0-9_]{0,40}$", options: .regularExpression) != nil else {
            throw TeamError("[team] schema \"\(schema)\": use lower-case letters, digits and _")
        }
        self.url = url
        self.schema = schema
    }

    /// The server configured for this data dir: `TEND_TEAM_URL` (empty: none), else `[team] url`
    /// in the data dir's config.toml. Nil when there is none: Tend is the plain-file tool.
    public static func configured(environment: [String: String], dataDir: String) throws -> TeamServer? {
        let file = TeamConfig.load(dataDir: dataDir)
        let url = environment["TEND_TEAM_URL"] ?? file.url
        guard let url, !url.isEmpty else { return nil }
        return try TeamServer(url: url, schema: environment["TEND_TEAM_SCHEMA"] ?? file.schema ?? "tend")
    }

    public func connect(timeoutMs: Int) throws -> PGConnection { try PGConnection.connect(url, timeoutMs: timeoutMs) }

    /// The role a rep logs in as: named per team and rep, so one server can hold several teams.
    public func role(of rep: String) -> String {
        let name = rep.lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_")
        return "tend_\(schema)_\(name)"
    }

    // MARK: Schema

    /// Creates or upgrades the team's schema (idempotent, versioned) and stores the team settings.
    /// Run with an admin connection (the owner of the schema; RLS does not bind it).
    public func initialize(_ c: PGConnection, settings: [String: String], testClock: Bool) throws {
        let s = schema
        try c.query("CREATE SCHEMA IF NOT EXISTS \(s)")
        try c.query("CREATE TABLE IF NOT EXISTS \(s).meta (key text PRIMARY KEY, value text NOT NULL)")
        try c.query(
            """
            CREATE TABLE IF NOT EXISTS \(s).events (
                seq bigserial PRIMARY KEY, id text NOT NULL UNIQUE, rep text NOT NULL, stream text NOT NULL,
                contact text, line text NOT NULL, received timestamptz NOT NULL DEFAULT now())
            """)
        try c.query("CREATE INDEX IF NOT EXISTS events_contact ON \(s).events (contact)")
        try c.query("CREATE INDEX IF NOT EXISTS events_stream ON \(s).events (stream, seq)")
        try c.query("CREATE TABLE IF NOT EXISTS \(s).reps (role name PRIMARY KEY, rep text NOT NULL UNIQUE)")
        try c.query("ALTER TABLE \(s).events ENABLE ROW LEVEL SECURITY")
        try c.query("DROP POLICY IF EXISTS read_all ON \(s).events")
        try c.query("CREATE POLICY read_all ON \(s).events FOR SELECT USING (true)")
        try c.query("DROP POLICY IF EXISTS insert_own ON \(s).events")
        try c.query(
            """
            CREATE POLICY insert_own ON \(s).events FOR INSERT
            WITH CHECK (rep = (SELECT r.rep FROM \(s).reps r WHERE r.role = current_user))
            """)
        // Every insert wakes the machines that LISTEN (the TUI's live view).
        try c.query(
            """
            CREATE OR REPLACE FUNCTION \(s).notify_event() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM pg_notify('\(s)_events', NEW.stream); RETURN NEW; END $$
            """)
        try c.query("DROP TRIGGER IF EXISTS events_notify ON \(s).events")
        try c.query(
            "CREATE TRIGGER events_notify AFTER INSERT ON \(s).events FOR EACH ROW EXECUTE FUNCTION \(s).notify_event()"
        )
        var meta = settings
        meta["version"] = String(TeamServer.schemaVersion)
        meta["test_clock"] = testClock ? "true" : "false"
        for (k, v) in meta.sorted(by: { $0.key < $1.key }) {
            try c.query(
                "INSERT INTO \(s).meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = "
                    + "EXCLUDED.value",
                [k, v])
        }
    }

    /// Creates the login role of a rep (or gives an existing one its rights) and records which rep
    /// it writes as. Needs a connection that may create roles. Returns the role's name.
    @discardableResult
    public func addRep(_ c: PGConnection, rep: String, password: String? = nil) throws -> String {
        guard DataDir.validRep(rep) else { throw TeamError("bad rep name \"\(rep)\"") }
        let r = role(of: rep), s = schema
        let exists = try c.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [r])
        if exists.isEmpty { try c.query("CREATE ROLE \(r) LOGIN") }
        if let password { try c.query("ALTER ROLE \(r) PASSWORD \(literal(password))") }
        try c.query("GRANT USAGE ON SCHEMA \(s) TO \(r)")
        try c.query("GRANT SELECT, INSERT ON \(s).events TO \(r)")
        try c.query("GRANT USAGE ON SEQUENCE \(s).events_seq_seq TO \(r)")
        try c.query("GRANT SELECT ON \(s).meta, \(s).reps TO \(r)")
        try c.query(
            "INSERT INTO \(s).reps (role, rep) VALUES ($1, $2) ON CONFLICT (role) DO UPDATE SET rep = EXCLUDED.rep",
            [r, rep])
        return r
    }

    /// A string as an SQL literal (for the one statement that cannot take a parameter).
    func literal(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    // MARK: Publish and pull

    /// Sends this machine's streams past what the server already has; a retry never doubles
    /// (the event id is unique). Returns how many lines the server did not have.
    @discardableResult
    public func publish(_ c: PGConnection, dataDir: String, streams: [String], timeoutMs: Int = 5000) throws -> Int {
        var sent = 0
        var state = TeamState.load(dataDir: dataDir)
        for file in streams {
            let path = dataDir + "/log/" + file
            guard FileManager.default.fileExists(atPath: path) else { continue }
            let from = state.published[file] ?? 0
            // Whole batches only (what LogReader consumed): an unfinished write is sent next time.
            // One read of the tail; the reader says how much of it is whole.
            guard let fh = FileHandle(forReadingAtPath: path) else { continue }
            try fh.seek(toOffset: UInt64(from))
            let tail = [UInt8](try fh.readToEnd() ?? Data())
            try? fh.close()
            let consumed = LogReader.parse(tail, name: "log/" + file, offset: from).consumed
            guard consumed > from else { continue }
            let data = tail[..<(consumed - from)]
            let stream = String(file.dropLast(".jsonl".count))
            var lines: [(Event, String)] = []
            for raw in data.split(separator: 0x0A) {
                guard let e = try? Event.parse(line: raw) else { continue }  // `tend check` names it
                lines.append((e, String(decoding: raw, as: UTF8.self)))
            }
            for chunk in stride(from: 0, to: lines.count, by: 1000) {
                let part = lines[chunk..<min(lines.count, chunk + 1000)]
                let rows: [JSON] = part.map { e, line in
                    [
                        "id": .string(e.id), "rep": .string(e.rep), "stream": .string(stream),
                        "contact": e["contact"] ?? .null, "line": .string(line),
                    ]
                }
                let inserted = try c.query(
                    """
                    INSERT INTO \(schema).events (id, rep, stream, contact, line)
                    SELECT x->>'id', x->>'rep', x->>'stream', x->>'contact', x->>'line'
                    FROM jsonb_array_elements($1::jsonb) x ON CONFLICT (id) DO NOTHING RETURNING seq
                    """, [JSON.array(rows).text], timeoutMs: timeoutMs)
                sent += inserted.count
            }
            state.published[file] = consumed
            try state.save(dataDir: dataDir)
        }
        return sent
    }

    /// Brings every other stream's new lines into their replica files; returns how many arrived.
    @discardableResult
    public func pull(_ c: PGConnection, store: Store, own: Set<String>, timeoutMs: Int = 5000) throws -> Int {
        var state = TeamState.load(dataDir: store.dir)
        var arrived = 0
        try store.ensureDirectories()
        while true {
            let rows = try c.query(
                "SELECT seq, stream, line FROM \(schema).events WHERE seq > $1 ORDER BY seq LIMIT 5000",
                [String(state.pulled)], timeoutMs: timeoutMs)
            guard !rows.isEmpty else { break }
            var byStream: [String: [String]] = [:]
            for row in rows {
                guard let seq = row[0].flatMap(Int64.init), let stream = row[1], let line = row[2] else { continue }
                state.pulled = max(state.pulled, seq)
                let file = stream + ".jsonl"
                if own.contains(file) || !TeamServer.validStream(stream) { continue }
                // A log here that this data dir did not make as a replica is its own (a data dir
                // from before streams, another rep working on this machine): never appended to, or
                // its events would be there twice.
                if !state.replicas.contains(file), FileManager.default.fileExists(atPath: store.logDir + "/" + file) {
                    continue
                }
                byStream[file, default: []].append(line)
            }
            for (file, lines) in byStream.sorted(by: { $0.key < $1.key }) {
                state.replicas.insert(file)
                try state.save(dataDir: store.dir)  // known as a replica before its first line lands
                try LogWriter.appendLines(lines, to: store.logDir + "/" + file, name: "log/" + file)
                arrived += lines.count
            }
            state.lastPull = Timestamp(Date())
            try state.save(dataDir: store.dir)
            if rows.count < 5000 { break }
        }
        return arrived
    }

    /// A stream name a replica file may be made from: a rep name, optionally `@machine`.
    static func validStream(_ s: String) -> Bool {
        let parts = s.split(separator: "@", maxSplits: 1).map(String.init)
        return parts.allSatisfy(DataDir.validRep) && !parts.isEmpty
    }
}

/// How far this data dir is with the server: what it published per stream, what it pulled.
/// Kept in `cache/team` (deleting it means a re-send and a re-read, both idempotent).
struct TeamState {
    var published: [String: Int] = [:]
    var pulled: Int64 = 0
    /// Log files this data dir made from the server (other machines' streams).
    var replicas = Set<String>()
    var lastPull: Timestamp?

    static func path(_ dir: String) -> String { dir + "/cache/team" }

    static func load(dataDir: String) -> TeamState {
        var s = TeamState()
        guard let text = try? String(contentsOfFile: path(dataDir), encoding: .utf8) else { return s }
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ")
            if f.count == 3, f[0] == "published", let n = Int(f[2]) { s.published[String(f[1])] = n }
            if f.count == 2, f[0] == "pulled", let n = Int64(f[1]) { s.pulled = n }
            if f.count == 2, f[0] == "last-pull", let n = Int64(f[1]) { s.lastPull = Timestamp(ms: n) }
            if f.count == 2, f[0] == "replica" { s.replicas.insert(String(f[1])) }
        }
        return s
    }

    func save(dataDir: String) throws {
        mkdir(dataDir + "/cache", 0o700)
        var text = "pulled \(pulled)\n"
        if let lastPull { text += "last-pull \(lastPull.ms)\n" }
        for (f, n) in published.sorted(by: { $0.key < $1.key }) { text += "published \(f) \(n)\n" }
        for f in replicas.sorted() { text += "replica \(f)\n" }
        try AtomicFile.write(Array(text.utf8), to: TeamState.path(dataDir))
    }
}

/// `[team]` in the data dir's config.toml: `url` and `schema`.
struct TeamConfig {
    var url: String?
    var schema: String?

    static func load(dataDir: String) -> TeamConfig {
        guard let text = try? String(contentsOfFile: dataDir + "/config.toml", encoding: .utf8),
            let table = try? MiniTOML.parse(text, file: "config.toml"), let team = table["team"]?.table
        else { return TeamConfig() }
        return TeamConfig(url: team["url"]?.string, schema: team["schema"]?.string)
    }
}

/// What a command may say about the last pull without touching the server.
public enum TeamStateView {
    public static func lastPull(_ dataDir: String) -> Timestamp? { TeamState.load(dataDir: dataDir).lastPull }
    public static func pulled(_ dataDir: String) -> Int64 { TeamState.load(dataDir: dataDir).pulled }
    public static func published(_ dataDir: String) -> [String: Int] { TeamState.load(dataDir: dataDir).published }
}
