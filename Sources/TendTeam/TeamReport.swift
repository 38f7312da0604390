import Foundation
import TendCore

/// What `tend team status` shows of the server: how much it holds, its clock, each stream's
/// newest event, who is connected now.
public struct TeamReport {
    public var events = 0
    public var version: String?
    public var testClock = false
    public var serverNow = Timestamp(ms: 0)
    /// stream → (events, newest received).
    public var streams: [(stream: String, events: Int, newest: Timestamp)] = []
    /// Reps with a Tend connection open now (the TUI keeps one), by name.
    public var online: [String] = []
}

extension TeamServer {
    public func report(_ c: PGConnection) throws -> TeamReport {
        var r = TeamReport()
        let s = schema
        let head = try c.query(
            """
            SELECT (SELECT count(*) FROM \(s).events), (extract(epoch from clock_timestamp()) * 1000)::bigint,
                (SELECT value FROM \(s).meta WHERE key = 'version'),
                (SELECT value FROM \(s).meta WHERE key = 'test_clock')
            """)
        r.events = Int(head.first?[0] ?? "") ?? 0
        r.serverNow = Timestamp(ms: Int64(head.first?[1] ?? "") ?? 0)
        r.version = head.first?[2] ?? nil
        r.testClock = head.first?[3] == "true"
        for row in try c.query(
            """
            SELECT stream, count(*), (extract(epoch from max(received)) * 1000)::bigint FROM \(s).events
            GROUP BY stream ORDER BY stream
            """)
        {
            guard let stream = row[0], let n = Int(row[1] ?? ""), let ms = Int64(row[2] ?? "") else { continue }
            r.streams.append((stream, n, Timestamp(ms: ms)))
        }
        let apps = try c.query(
            """
            SELECT DISTINCT substr(application_name, 6) FROM pg_stat_activity
            WHERE application_name LIKE 'tend:%' AND application_name <> 'tend:admin' AND pid <> pg_backend_pid()
            AND datname = current_database() ORDER BY 1
            """)
        r.online = apps.compactMap { $0[0] }.filter { $0 != "-" }
        return r
    }
}
