import Foundation
import TendCore
import TendStore
import TendTeam

/// The CLI's side of the team server: before a command answers it pulls what is new, after it
/// writes it publishes — each within `boundMs`, so a server that does not answer costs a command
/// at most that and a one-line warning, never the local write.
enum TeamSession {
    /// How long a command waits for the server before going on from its files.
    static let boundMs = 300

    /// Servers by data dir, looked up once per process: a command asks before it answers and after
    /// each write, and config.toml need not be read (nor a bad `[team]` warned about) every time.
    nonisolated(unsafe) static var known: [String: TeamServer?] = [:]

    static func server(_ dir: String) -> TeamServer? {
        if let s = known[dir] { return s }
        var found: TeamServer?
        do {
            found = try TeamServer.configured(environment: ProcessInfo.processInfo.environment, dataDir: dir)
        } catch {
            warn("\(error)")
        }
        known[dir] = .some(found)
        return found
    }

    /// The configured server, or the error that says how to configure one.
    static func required(_ dir: String) throws -> TeamServer {
        guard let server = server(dir) else {
            throw CLIError("no team server configured: set TEND_TEAM_URL or [team] url in config.toml")
        }
        return server
    }

    /// Other machines' events into the replica files, then the store reads them.
    static func pull(_ store: Store, rep: String, clock: Clock) {
        guard let server = server(store.dir) else { return }
        do {
            let c = try server.connect(timeoutMs: boundMs)
            if try server.pull(c, store: store, own: ownStreams(store, rep: rep), timeoutMs: boundMs) > 0 {
                try store.reload()
            }
        } catch {
            let last = TeamStateView.lastPull(store.dir).map { " at " + clock.time(of: $0).description } ?? ""
            warn("\(error); working from what arrived\(last.isEmpty ? " before" : last)")
        }
    }

    /// This machine's streams to the server; what cannot be sent now is sent by the next command.
    static func publish(_ store: Store, rep: String) {
        guard let server = server(store.dir) else { return }
        do {
            let c = try server.connect(timeoutMs: boundMs)
            try server.publish(c, dataDir: store.dir, streams: Array(ownStreams(store, rep: rep)), timeoutMs: boundMs)
        } catch {
            warn("saved here, not sent to the team server yet (\(error)); the next command sends it")
        }
    }

    static func ownStreams(_ store: Store, rep: String) -> Set<String> {
        Set(store.machineStreams.map(\.value))
    }
}
