import Foundation
import TendCore
import TendStore

#if canImport(Glibc)
import Glibc
#endif

/// How far this data dir is with the server: what it published per stream, what it pulled, the
/// team's settings as last read. Kept in `cache/team`: deleting it costs a re-send and a re-read,
/// both idempotent (ids are unique on the server; a re-read skips lines a replica already holds).
struct TeamState {
    /// Per own stream: bytes sent, and the file's inode then (a rewrite by `tend forget` makes a
    /// new file: everything is offered again, and the server keeps what it has).
    /// `last`: the id of the last event sent, which the server must still have (else it was
    /// restored from an older backup: everything is offered again).
    var published: [String: (offset: Int, inode: UInt64, last: String)] = [:]
    /// The last `seq` pulled and the id of its event: when the server no longer has that event at
    /// that `seq` (restored from an older backup, or another server), everything is read again.
    var pulled: Int64 = 0
    var pulledID = ""
    /// The team settings (`[guard]`, `[cadence]` as TOML) and time zone from the server.
    var settings: String?
    var timeZone: String?
    /// Forgotten ids this machine has asked the server to strip.
    var forgottenSent = Set<String>()
    /// How many forgotten ids this data dir's replicas were last stripped for.
    var erasedFor = 0

    static func path(_ dir: String) -> String { dir + "/cache/team" }

    /// Marks a pull that reached the server (the file's mtime; no write, no fsync per command).
    static func touch(dataDir: String) {
        if utimes(path(dataDir), nil) != 0 { try? TeamState().save(dataDir: dataDir) }
    }

    /// When a pull last reached the server.
    static func lastPull(dataDir: String) -> Timestamp? {
        var st = stat()
        guard stat(path(dataDir), &st) == 0 else { return nil }
        return Timestamp(ms: Int64(st.st_mtim.tv_sec) * 1000 + Int64(st.st_mtim.tv_nsec) / 1_000_000)
    }

    static func load(dataDir: String) -> TeamState {
        var s = TeamState()
        guard let text = try? String(contentsOfFile: path(dataDir), encoding: .utf8) else { return s }
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard f.count == 2 else { continue }
            let rest = f[1].split(separator: " ").map(String.init)
            switch f[0] {
            case "published" where rest.count == 4:
                if let n = Int(rest[1]), let i = UInt64(rest[2]) { s.published[rest[0]] = (n, i, rest[3]) }
            case "pulled" where rest.count == 2:
                s.pulled = Int64(rest[0]) ?? 0
                s.pulledID = rest[1]
            case "time-zone": s.timeZone = f[1]
            case "settings": s.settings = (try? JSON.parse(f[1]))?.string
            case "forgotten": s.forgottenSent.insert(f[1])
            case "erased-for": s.erasedFor = Int(f[1]) ?? 0
            default: break
            }
        }
        return s
    }

    func save(dataDir: String) throws {
        mkdir(dataDir + "/cache", 0o700)
        var text = "# What this data dir sent to and read from the team server; safe to delete.\n"
        text += "pulled \(pulled) \(pulledID.isEmpty ? "-" : pulledID)\n"
        if let timeZone { text += "time-zone \(timeZone)\n" }
        if let settings { text += "settings \(JSON.string(settings).text)\n" }
        text += "erased-for \(erasedFor)\n"
        for (f, p) in published.sorted(by: { $0.key < $1.key }) {
            text += "published \(f) \(p.offset) \(p.inode) \(p.last)\n"
        }
        for id in forgottenSent.sorted() { text += "forgotten \(id)\n" }
        try AtomicFile.write(Array(text.utf8), to: TeamState.path(dataDir))
    }
}

/// `[team]` in the data dir's config.toml: `url` and `schema`.
struct TeamConfig {
    var url: String?
    var schema: String?

    /// The rep's own settings file: `$XDG_CONFIG_HOME/tend/config.toml`, else `~/.config/tend/config.toml`.
    static func personalPath(_ env: [String: String]) -> String { DataDir.personalConfigPath(env) }

    static func load(file: String) -> TeamConfig {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
            let table = try? MiniTOML.parse(text, file: "config.toml"), let team = table["team"]?.table
        else { return TeamConfig() }
        return TeamConfig(url: team["url"]?.string, schema: team["schema"]?.string)
    }
}

/// What a command may say about the team without touching the server.
public enum TeamStateView {
    public static func lastPull(_ dataDir: String) -> Timestamp? { TeamState.lastPull(dataDir: dataDir) }
    public static func pulled(_ dataDir: String) -> Int64 { TeamState.load(dataDir: dataDir).pulled }
    /// Own streams with bytes not sent yet.
    public static func waiting(_ store: Store) -> [String] {
        let published = TeamState.load(dataDir: store.dir).published
        return store.machineStreams.values.sorted().filter { file in
            var st = stat()
            guard stat(store.logDir + "/" + file, &st) == 0 else { return false }
            guard let p = published[file], p.inode == UInt64(st.st_ino) else { return st.st_size > 0 }
            return Int(st.st_size) > p.offset
        }
    }
    /// The team's settings and time zone as last read from the server.
    public static func teamSettings(_ dataDir: String) -> (settings: String?, timeZone: String?) {
        let s = TeamState.load(dataDir: dataDir)
        return (s.settings, s.timeZone)
    }
}
