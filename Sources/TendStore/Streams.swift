import Foundation
import TendCore

/// One stream per writer: the log file this machine appends to for each rep. A rep's first machine
/// keeps `log/<rep>.jsonl` (so every data dir made before streams keeps working unchanged); the
/// same rep on another machine writes `log/<rep>@<machine>.jsonl`, so two machines never append to
/// one file and a git pull never meets a conflict. Every reader folds every stream alike.
///
/// Kept in `<data dir>/machine` (never synced): this machine's id, made once, and the file it
/// writes for each rep who has written here.
struct MachineStreams: Equatable {
    static let fileName = "machine"
    var id: String
    /// rep → the log file (name in `log/`) this machine appends to.
    var writes: [String: String] = [:]
    /// Log files this data dir receives from a team server (other machines' streams): never
    /// written as this machine's own, whatever their name.
    var replicas = Set<String>()

    static func path(dir: String) -> String { dir + "/" + fileName }

    static func load(dir: String) -> MachineStreams? {
        guard let text = try? String(contentsOfFile: path(dir: dir), encoding: .utf8) else { return nil }
        var lines = text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
        guard let first = lines.first, first.hasPrefix("id "), first.count > 3 else { return nil }
        lines.removeFirst()
        var m = MachineStreams(id: String(first.dropFirst(3)))
        for l in lines {
            let parts = l.split(separator: " ")
            if parts.count == 2, parts[0] == "replica" {
                m.replicas.insert(String(parts[1]))
                continue
            }
            guard parts.count == 3, parts[0] == "writes", DataDir.validRep(String(parts[1])) else { continue }
            m.writes[String(parts[1])] = String(parts[2])
        }
        return m
    }

    func save(dir: String) throws {
        var text = "# Which logs this machine writes (one stream per writer); never synced, keep it.\nid \(id)\n"
        for rep in writes.keys.sorted() { text += "writes \(rep) \(writes[rep]!)\n" }
        for file in replicas.sorted() { text += "replica \(file)\n" }
        try AtomicFile.write(Array(text.utf8), to: MachineStreams.path(dir: dir))
    }

    /// A new machine id: six characters of Crockford base32, as entity ids are.
    static func newID() -> String {
        var ids = IDGenerator()
        return ids.entityID(length: 6, taken: { _ in false })
    }
}

extension Store {
    /// The rep a log file belongs to: `ann.jsonl` and `ann@x7k2pq.jsonl` are both ann's.
    public static func rep(ofLogFile file: String) -> String {
        var name = file.hasPrefix("log/") ? String(file.dropFirst(4)) : file
        if name.hasSuffix(".jsonl") { name = String(name.dropLast(6)) }
        return name.split(separator: "@", maxSplits: 1).first.map(String.init) ?? name
    }

    /// The log file this machine appends to for `rep`, chosen once and remembered. The plain
    /// `<rep>.jsonl` is this machine's when it does not exist yet, when the data dir is not shared
    /// through git (every log in it is written here), or on the first run after streams came in
    /// (it was written here before); otherwise it came from another machine, and this one gets its
    /// own `<rep>@<machine>.jsonl`.
    public func streamFile(for rep: String) throws -> String {
        let existing = MachineStreams.load(dir: dir)
        var m = existing ?? MachineStreams(id: MachineStreams.newID())
        if let file = m.writes[rep] { return file }
        let plain = rep + ".jsonl"
        let plainExists = FileManager.default.fileExists(atPath: logDir + "/" + plain)
        let shared = FileManager.default.fileExists(atPath: dir + "/.git")
        let file =
            m.replicas.contains(plain)
            ? "\(rep)@\(m.id).jsonl"
            : !plainExists || !shared || existing == nil ? plain : "\(rep)@\(m.id).jsonl"
        m.writes[rep] = file
        do {
            try m.save(dir: dir)
        } catch let e as StoreError {
            throw StoreError("\(e.description); nothing was saved")
        }
        return file
    }

    /// Every stream this machine writes, by rep.
    public var machineStreams: [String: String] { MachineStreams.load(dir: dir)?.writes ?? [:] }

    /// The log files this data dir holds as replicas of other machines' streams (team server).
    public var replicas: Set<String> { MachineStreams.load(dir: dir)?.replicas ?? [] }

    /// Records `file` as a replica before its first line is written, so no rep of this machine
    /// ever takes it for their own stream.
    public func addReplica(_ file: String) throws {
        var m = MachineStreams.load(dir: dir) ?? MachineStreams(id: MachineStreams.newID())
        guard !m.replicas.contains(file), !m.writes.values.contains(file) else { return }
        m.replicas.insert(file)
        try m.save(dir: dir)
    }

    /// This machine's stream for `rep` if it has one (nothing is chosen or written).
    func existingStream(for rep: String) -> String? {
        if let m = MachineStreams.load(dir: dir) { return m.writes[rep] }
        return FileManager.default.fileExists(atPath: logDir + "/\(rep).jsonl") ? "\(rep).jsonl" : nil
    }
}
