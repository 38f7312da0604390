import Foundation
import TendCore
import TendStore
import TendTeam

/// The CLI's side of the team server: before a command answers it pulls what is new, after it
/// writes it publishes — each within `boundMs`, over one connection per process, so a server that
/// does not answer costs a command at most that and a one-line warning, never the local write.
enum TeamSession {
    /// How long a command waits for the server before going on from its files.
    static let boundMs = 300

    /// Clients by data dir, made once per process: a command asks before it answers and after
    /// each write, and config.toml need not be read (nor a bad `[team]` warned about) every time.
    nonisolated(unsafe) static var known: [String: TeamClient?] = [:]

    static func client(_ dir: String, rep: String?) -> TeamClient? {
        if let c = known[dir] {
            if let rep { c?.rep = rep }
            return c
        }
        var found: TeamClient?
        do {
            if let server = try TeamServer.configured(environment: ProcessInfo.processInfo.environment, dataDir: dir) {
                found = TeamClient(server: server, rep: rep ?? "-", boundMs: boundMs)
            }
        } catch {
            warn("\(error)")
        }
        known[dir] = .some(found)
        return found
    }

    static func server(_ dir: String) -> TeamServer? { client(dir, rep: nil)?.server }

    /// The configured server, or the error that says how to configure one.
    static func required(_ dir: String) throws -> TeamServer {
        guard let server = server(dir) else {
            throw CLIError(
                "no team server configured: set TEND_TEAM_URL, or [team] url in ~/.config/tend/config.toml "
                    + "or the data dir's config.toml")
        }
        return server
    }

    /// Other machines' events into the replica files, then the store reads them; and what this
    /// machine wrote while the server was away goes out. The team's rules (last read from the
    /// server) apply offline too.
    static func pull(_ store: Store, rep: String, clock: Clock) {
        guard let client = client(store.dir, rep: rep) else { return }
        TeamSettings.adoptCached(into: store)
        do {
            try client.exchange(store, progress: progressPrinter("pulled"))
        } catch {
            warn(unreachable(error, store: store, clock: clock))
        }
    }

    /// This machine's streams to the server; what cannot be sent now is sent by the next command.
    static func publish(_ store: Store, rep: String) {
        guard let client = client(store.dir, rep: rep) else { return }
        do {
            try client.publish(store)
        } catch {
            warn("saved here, not sent to the team server yet (\(error)); the next command sends it")
        }
    }

    /// Check and claim: on the team server when there is one (the local check when it cannot be
    /// reached, said on stderr), else under this data dir's lock.
    static func claim(
        _ store: Store, contact: String, rep: String, clock: Clock, anyway: Bool
    ) throws
        -> ClaimDecision
    {
        guard let client = client(store.dir, rep: rep) else {
            return try store.claim(contact, rep: rep, clock: clock, anyway: anyway)
        }
        let decision = try client.claim(store, contact: contact, rep: rep, clock: clock, anyway: anyway)
        if let why = client.offline {
            warn("\(unreachable(why, store: store, clock: clock)); claimed on this machine's files only")
        }
        return decision
    }

    static func unreachable(_ error: Any, store: Store, clock: Clock) -> String {
        let last = TeamStateView.lastPull(store.dir).map { " at " + clock.time(of: $0).description } ?? " before"
        return "\(error); working from what arrived\(last)"
    }

    /// Progress on stderr for long transfers (a new machine's first pull), only on a terminal.
    static func progressPrinter(_ verb: String) -> ((Int) -> Void)? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        return { n in
            if n >= 5000 { FileHandle.standardError.write(Data("\r\(verb) \(n) events…\u{1B}[K".utf8)) }
        }
    }
}

extension TeamSession {
    /// Ends a progress line (`progressPrinter`) so what follows starts on a clean line.
    static func endProgress() {
        if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
