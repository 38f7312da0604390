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
    /// The role to log in as when the URL does not say (or says otherwise): `TEND_TEAM_USER`.
    public var user: String?

    public init(url: String, schema: String = "tend", user: String? = nil) throws {
        guard schema.range(of: "^[a-z_][a-z0-9_]{0,40}$", options: .regularExpression) != nil else {
            throw TeamError("[team] schema \"\(schema)\": use lower-case letters, digits and _")
        }
        self.url = url
        self.schema = schema
        self.user = user.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The server configured for this data dir: `TEND_TEAM_URL` (empty: none), else `[team] url`
    /// in the rep's own config (`$XDG_CONFIG_HOME/tend/config.toml`, a personal setting), else in
    /// the data dir's config.toml. Nil when there is none: Tend is the plain-file tool.
    public static func configured(environment: [String: String], dataDir: String) throws -> TeamServer? {
        let personal = TeamConfig.load(file: TeamConfig.personalPath(environment))
        let shared = TeamConfig.load(file: dataDir + "/config.toml")
        let url = environment["TEND_TEAM_URL"] ?? personal.url ?? shared.url
        guard let url, !url.isEmpty else { return nil }
        let schema = environment["TEND_TEAM_SCHEMA"] ?? personal.schema ?? shared.schema ?? "tend"
        return try TeamServer(url: url, schema: schema, user: environment["TEND_TEAM_USER"])
    }

    public func connect(timeoutMs: Int, application: String = "tend") throws -> PGConnection {
        try PGConnection.connect(url, timeoutMs: timeoutMs, application: application, user: user)
    }

    /// The role a rep logs in as: named per team and rep, so one server can hold several teams.
    public func role(of rep: String) -> String {
        let name = rep.lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_")
        return "tend_\(schema)_\(name)"
    }

    // MARK: Publish and pull

    /// Sends this machine's streams past what the server already has; a retry never doubles
    /// (the event id is unique). Returns how many lines the server did not have.
    @discardableResult
    public func publish(
        _ c: PGConnection, dataDir: String, streams: [String], timeoutMs: Int = 5000,
        progress: ((Int) -> Void)? = nil
    ) throws -> Int {
        var sent = 0
        var state = TeamState.load(dataDir: dataDir)
        // The bound is for a server that does not answer; one that took a batch is alive, and the
        // next batches of a long backlog get time to land.
        var timeoutMs = timeoutMs
        for file in streams.sorted() {
            let path = dataDir + "/log/" + file
            var st = stat()
            guard stat(path, &st) == 0 else { continue }
            let inode = UInt64(st.st_ino)
            // A file rewritten since (forget makes a new one) or cut shorter: offer it all again.
            var from = 0
            if let p = state.published[file], p.inode == inode, p.offset <= Int(st.st_size) { from = p.offset }
            guard Int(st.st_size) > from, let fh = FileHandle(forReadingAtPath: path) else { continue }
            // Whole batches only (what LogReader consumed): an unfinished write is sent next time.
            try fh.seek(toOffset: UInt64(from))
            let tail = [UInt8](try fh.readToEnd() ?? Data())
            try? fh.close()
            // One read of the lines (the reader says how much is whole, and gives each event's id).
            let read = LogReader.parse(tail, name: "log/" + file, offset: from)
            let consumed = read.consumed
            guard consumed > from else { continue }
            let stream = String(file.dropLast(".jsonl".count))
            let lines = TeamServer.lineRanges(tail[..<(consumed - from)])
            var last = state.published[file]?.last ?? "-"
            var pending = false
            // Batches are sent one ahead: the next is encoded while the server inserts this one.
            for chunk in stride(from: 0, to: read.events.count, by: 2000) {
                let end = min(read.events.count, chunk + 2000)
                let rows = TeamServer.rowsJSON(
                    read.events[chunk..<end], lines: read.eventLines[chunk..<end], ranges: lines, in: tail,
                    stream: stream)
                if pending {
                    sent += try c.result(timeoutMs: timeoutMs).count
                    timeoutMs = max(timeoutMs, 5000)
                }
                try c.send(
                    """
                    INSERT INTO \(schema).events (id, rep, stream, contact, line)
                    SELECT x.id, x.rep, x.stream, x.contact, x.line
                    FROM json_to_recordset($1::json) AS x(id text, rep text, stream text, contact text, line text)
                    ON CONFLICT (id) DO NOTHING RETURNING seq
                    """, [rows], timeoutMs: timeoutMs)
                pending = true
                last = read.events[end - 1].id
                progress?(end)
            }
            if pending { sent += try c.result(timeoutMs: timeoutMs).count }
            state.published[file] = (consumed, inode, last)
            try state.save(dataDir: dataDir)
        }
        return sent
    }

    /// Brings every other stream's new lines into their replica files; returns how many arrived.
    /// `own`: this machine's streams (never pulled back). A log here that this data dir did not
    /// make as a replica is its own too (a data dir from before streams): never appended to, or
    /// its events would be there twice.
    @discardableResult
    public func pull(
        _ c: PGConnection, store: Store, own: Set<String>, timeoutMs: Int = 5000, progress: ((Int) -> Void)? = nil
    ) throws -> Int {
        var state = TeamState.load(dataDir: store.dir)
        try store.ensureDirectories()
        let sentLast = state.published.values.map(\.last).filter { $0 != "-" }
        if state.pulled > 0 || !sentLast.isEmpty {
            // Is this the server we read from and sent to? Its event at our last `seq` must be the
            // one we read, and the last event we sent of each stream must be there.
            let check = try c.query(
                """
                SELECT (SELECT id FROM \(schema).events WHERE seq = $1),
                    (SELECT count(*) FROM \(schema).events WHERE id IN (SELECT jsonb_array_elements_text($2::jsonb)))
                """, [String(state.pulled), JSON.array(sentLast.map { .string($0) }).text], timeoutMs: timeoutMs)
            let sameRead = state.pulled == 0 || check.first?[0] == state.pulledID
            if !sameRead || Int(check.first?[1] ?? "") != sentLast.count {
                // Not the server this data dir read from (restored from an older backup, or made
                // anew): read everything again, and offer it everything this machine wrote.
                state.pulled = 0
                state.published = [:]
                state.forgottenSent = []
            }
        }
        // Reading from the start into replicas that already hold lines (the state above was lost
        // or reset): skip the lines they have.
        var have: [String: Set<String>]? = state.pulled == 0 ? [:] : nil
        var arrived = 0
        var replicas = store.replicas
        while true {
            let rows = try c.query(
                "SELECT seq, stream, line, id FROM \(schema).events WHERE seq > $1 ORDER BY seq LIMIT 5000",
                [String(state.pulled)], timeoutMs: timeoutMs)
            guard !rows.isEmpty else { break }
            var byStream: [String: [String]] = [:]
            for row in rows {
                guard let seq = row[0].flatMap(Int64.init), let stream = row[1], let line = row[2], let id = row[3]
                else { continue }
                (state.pulled, state.pulledID) = (seq, id)
                let file = stream + ".jsonl"
                if own.contains(file) || !TeamServer.validStream(stream) { continue }
                if !replicas.contains(file), FileManager.default.fileExists(atPath: store.logDir + "/" + file) {
                    continue
                }
                if have != nil {
                    if have![file] == nil { have![file] = TeamServer.ids(in: store.logDir + "/" + file) }
                    if have![file]!.contains(id) { continue }
                }
                byStream[file, default: []].append(line)
            }
            for (file, lines) in byStream.sorted(by: { $0.key < $1.key }) {
                try store.addReplica(file)  // known as a replica before its first line lands
                replicas.insert(file)
                try LogWriter.appendLines(lines, to: store.logDir + "/" + file, name: "log/" + file)
                arrived += lines.count
            }
            try state.save(dataDir: store.dir)
            progress?(arrived)
            if rows.count < 5000 { break }
        }
        if have != nil { try state.save(dataDir: store.dir) }
        TeamState.touch(dataDir: store.dir)  // the time of the last pull that reached the server
        return arrived
    }

    /// Where each line of `bytes` starts and ends (newline excluded), in order.
    static func lineRanges(_ bytes: ArraySlice<UInt8>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = bytes.startIndex
        while let nl = bytes[start...].firstIndex(of: 0x0A) {
            out.append(start..<nl)
            start = nl + 1
        }
        return out
    }

    /// Rows for the insert as a JSON array of objects, written straight out: the lines as they
    /// are in the file, byte for byte (so a replica is the writer's file).
    static func rowsJSON(
        _ events: ArraySlice<Event>, lines: ArraySlice<Int>, ranges: [Range<Int>], in tail: [UInt8], stream: String
    ) -> String {
        var out = "["
        out.reserveCapacity(events.count * 400)
        var first = true  // not `out.count`: counting a String's characters walks all of it
        for (e, n) in zip(events, lines) {
            if !first { out += "," }
            first = false
            out += "{\"id\":"
            JSON.writeString(e.id, to: &out)
            out += ",\"rep\":"
            JSON.writeString(e.rep, to: &out)
            out += ",\"stream\":"
            JSON.writeString(stream, to: &out)
            out += ",\"contact\":"
            if let c = e["contact"]?.string { JSON.writeString(c, to: &out) } else { out += "null" }
            out += ",\"line\":"
            JSON.writeString(String(decoding: tail[ranges[n - 1]], as: UTF8.self), to: &out)
            out += "}"
        }
        return out + "]"
    }

    /// The event ids a log holds (for a re-read that must not double a replica's lines).
    static func ids(in path: String) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var out = Set<String>()
        for raw in data.split(separator: 0x0A) { if let e = try? Event.parse(line: raw) { out.insert(e.id) } }
        return out
    }

    /// A stream name a replica file may be made from: a rep name, optionally `@machine`.
    static func validStream(_ s: String) -> Bool {
        let parts = s.split(separator: "@", maxSplits: 1).map(String.init)
        return parts.allSatisfy(DataDir.validRep) && !parts.isEmpty
    }
}
