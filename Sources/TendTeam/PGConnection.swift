import CLibPQ
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What went wrong talking to the team server, in one line (never the password: libpq's messages
/// do not carry it, and the connection string is never echoed).
public struct TeamError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// One connection to PostgreSQL through libpq's non-blocking API, so every call has a deadline:
/// `connect_timeout` cannot go below 2 s, and a CLI command must go on from its files after ~300 ms
/// when the server does not answer (a paused server, a dead network) instead of freezing.
public final class PGConnection {
    let conn: OpaquePointer

    /// Connects with any libpq connection string or URL (`.pgpass`, `PGPASSFILE`, `sslmode` work as
    /// usual), giving up after `timeoutMs`. TCP keepalives are on, so a dead network is noticed.
    /// `application`: how this connection shows in `pg_stat_activity` (`tend team status` lists
    /// who is online by it).
    /// `user`: log in as this role whatever the URL says (keywords after `dbname` override it).
    public static func connect(
        _ info: String, timeoutMs: Int, application: String = "tend", user: String? = nil
    ) throws -> PGConnection {
        try PGConnection.loadLibPQ.get()
        var keys = [
            "dbname", "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count",
            "application_name",
        ]
        var values = [info, "1", "5", "2", "2", application]
        if let user {
            keys.append("user")
            values.append(user)
        }
        let c: OpaquePointer? = withCStrings(keys) { k in
            withCStrings(values) { v in libpq.PQconnectStartParams(k, v, 1) }
        }
        guard let c else { throw TeamError("team server: cannot start a connection (out of memory)") }
        guard libpq.PQstatus(c) != CONNECTION_BAD else {
            defer { libpq.PQfinish(c) }
            throw TeamError("team server: \(errorText(c))")
        }
        let deadline = now() + Int64(timeoutMs)
        var state = PGRES_POLLING_WRITING
        while true {
            switch state {
            case PGRES_POLLING_OK:
                guard libpq.PQsetnonblocking(c, 1) == 0 else {
                    libpq.PQfinish(c)
                    throw TeamError("team server: cannot switch the connection to non-blocking")
                }
                return PGConnection(c)
            case PGRES_POLLING_FAILED:
                defer { libpq.PQfinish(c) }
                throw TeamError("team server: \(errorText(c))")
            default:
                let wantRead = state == PGRES_POLLING_READING
                guard wait(socket: libpq.PQsocket(c), read: wantRead, until: deadline) else {
                    libpq.PQfinish(c)
                    throw TeamError("team server did not answer within \(timeoutMs) ms")
                }
                state = libpq.PQconnectPoll(c)
            }
        }
    }

    /// libpq loaded once, the first time a connection is made (see CLibPQ.h for why it is not linked).
    static let loadLibPQ: Result<Void, TeamError> = {
        var error = [CChar](repeating: 0, count: 512)
        guard tend_libpq_load(&error, Int32(error.count)) == 0 else {
            let why = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return .failure(TeamError("team server: cannot load libpq (\(why)); install it: apt install libpq5"))
        }
        return .success(())
    }()

    init(_ conn: OpaquePointer) {
        self.conn = conn
        // The server's notices ("already exists, skipping") are not the user's business: libpq
        // would print them on stderr.
        _ = libpq.PQsetNoticeProcessor(conn, { _, _ in }, nil)
    }
    deinit { libpq.PQfinish(conn) }

    /// The descriptor to wait on for notifications (`LISTEN`).
    public var socket: Int32 { libpq.PQsocket(conn) }

    /// Whether the connection is still up (a server restart or a dead network ends it).
    public var isOK: Bool { libpq.PQstatus(conn) == CONNECTION_OK }

    /// Reads what arrived on the socket without waiting and returns the notifications' payloads;
    /// throws when the connection has gone.
    public func notifications() throws -> [String] {
        guard libpq.PQconsumeInput(conn) == 1, isOK else {
            throw TeamError("team server: \(PGConnection.errorText(conn))")
        }
        var out: [String] = []
        while let n = libpq.PQnotifies(conn) {
            out.append(String(cString: n.pointee.extra))
            libpq.PQfreemem(n)
        }
        return out
    }

    /// Runs one statement with `$1…` parameters (text) and returns its rows as text; throws the
    /// server's message, or after `timeoutMs` without an answer (the query is cancelled).
    @discardableResult
    public func query(_ sql: String, _ params: [String?] = [], timeoutMs: Int = 5000) throws -> [[String?]] {
        try send(sql, params, timeoutMs: timeoutMs)
        return try result(timeoutMs: timeoutMs)
    }

    /// Sends one statement without waiting for its answer (`result` collects it), so the caller
    /// can prepare the next while the server works on this one.
    public func send(_ sql: String, _ params: [String?] = [], timeoutMs: Int = 5000) throws {
        let deadline = PGConnection.now() + Int64(timeoutMs)
        let sent: Int32 = withOptionalCStrings(params) { p in
            libpq.PQsendQueryParams(conn, sql, Int32(params.count), nil, p, nil, nil, 0)
        }
        guard sent == 1 else { throw TeamError("team server: \(PGConnection.errorText(conn))") }
        while true {
            let flushed = libpq.PQflush(conn)
            if flushed < 0 { throw TeamError("team server: \(PGConnection.errorText(conn))") }
            if flushed == 0 { break }
            guard PGConnection.wait(socket: socket, read: false, until: deadline) else {
                _ = try timeout(timeoutMs)
                return
            }
        }
    }

    /// The answer to the statement `send` sent: its rows as text, or the server's message.
    public func result(timeoutMs: Int = 5000) throws -> [[String?]] {
        let deadline = PGConnection.now() + Int64(timeoutMs)
        var rows: [[String?]] = []
        var failure: String?
        while true {
            while libpq.PQisBusy(conn) == 1 {
                guard PGConnection.wait(socket: socket, read: true, until: deadline) else {
                    return try timeout(timeoutMs)
                }
                guard libpq.PQconsumeInput(conn) == 1 else {
                    throw TeamError("team server: \(PGConnection.errorText(conn))")
                }
            }
            guard let r = libpq.PQgetResult(conn) else { break }
            defer { libpq.PQclear(r) }
            switch libpq.PQresultStatus(r) {
            case PGRES_TUPLES_OK:
                for i in 0..<libpq.PQntuples(r) {
                    rows.append(
                        (0..<libpq.PQnfields(r)).map { j in
                            libpq.PQgetisnull(r, i, j) == 1
                                ? nil : cText(libpq.PQgetvalue(r, i, j))
                        })
                }
            case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                break
            default:
                failure =
                    failure ?? cText(libpq.PQresultErrorMessage(r)).split(separator: "\n").first.map(String.init)
            }
        }
        if let failure { throw TeamError("team server: \(failure)") }
        return rows
    }

    /// No `PQcancel` here: it opens a new connection and waits for the server's answer, so on a
    /// server that has stopped answering it blocks for ever (found by the TUI test with a paused
    /// server). The caller drops this connection instead; the server ends the query when it sees
    /// the socket close.
    private func timeout(_ ms: Int) throws -> [[String?]] {
        throw TeamError("team server did not answer within \(ms) ms")
    }

    static func errorText(_ c: OpaquePointer) -> String {
        cText(libpq.PQerrorMessage(c)).split(separator: "\n").first.map(String.init) ?? "connection failed"
    }

    static func now() -> Int64 { Int64(DispatchTime.now().uptimeNanoseconds / 1_000_000) }

    /// Waits for the socket to be readable (or writable) until `deadline`; false on timeout.
    static func wait(socket: Int32, read: Bool, until deadline: Int64) -> Bool {
        var fd = pollfd(fd: socket, events: Int16(read ? POLLIN : POLLOUT), revents: 0)
        while true {
            let left = deadline - now()
            guard left > 0 else { return false }
            let r = poll(&fd, 1, Int32(min(left, 1000)))
            if r > 0 { return true }
            if r < 0 && errno != EINTR { return false }
        }
    }
}

/// A C string libpq returned (its messages and values are never null in practice; "" if one is).
private func cText(_ p: UnsafeMutablePointer<CChar>?) -> String { p.map { String(cString: $0) } ?? "" }

private func withCStrings<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
    let copies = strings.map { strdup($0) }
    defer { for c in copies { free(c) } }
    var ptrs: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) } + [nil]
    return ptrs.withUnsafeMutableBufferPointer { body(UnsafePointer($0.baseAddress!)) }
}

private func withOptionalCStrings<T>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> T) -> T {
    let copies = strings.map { $0.map { strdup($0) } ?? nil }
    defer { for c in copies { free(c) } }
    var ptrs: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
    return ptrs.withUnsafeMutableBufferPointer { body($0.count == 0 ? nil : UnsafePointer($0.baseAddress!)) }
}
