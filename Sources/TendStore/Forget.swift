import Foundation
import TendCore

#if canImport(Glibc)
import Glibc
#endif

extension Store {
    /// Strips forgotten contacts' personal data from `rep`'s own log (and only it: one writer per
    /// file). The file is rewritten atomically: a temp file, fsync, rename over, fsync the folder.
    /// Returns how many lines changed.
    @discardableResult
    public func eraseForgotten(rep: String) throws -> Int {
        guard !state.forgotten.isEmpty, DataDir.validRep(rep), let file = existingStream(for: rep) else { return 0 }
        return try erase(files: [file])
    }

    /// The same for the replicas this data dir keeps of other machines' streams (a team server):
    /// this machine wrote them, so this machine strips them.
    @discardableResult
    public func eraseForgottenInReplicas() throws -> Int {
        guard !state.forgotten.isEmpty else { return 0 }
        return try erase(files: replicas.sorted())
    }

    func erase(files: [String]) throws -> Int {
        var changed = 0
        var failure: Error?
        for file in files {
            do { changed += try strip(file) } catch { failure = failure ?? error }
        }
        if changed > 0 {
            // The snapshot cache still holds the person as they were: it goes too (a replay makes a new one).
            unlink(Snapshot.path(dir: dir))
            try replayAll()  // a log was rewritten: read every log again
        }
        if let failure { throw failure }
        return changed
    }

    /// Rewrites one log without the forgotten contacts' data; returns how many lines changed.
    func strip(_ file: String) throws -> Int {
        let forgotten = state.forgotten, entities = state.forgottenEntities
        let path = logDir + "/" + file
        guard FileManager.default.fileExists(atPath: path) else { return 0 }

        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        let pending = "log/\(file) still holds a forgotten contact's data"
        guard fd >= 0 else {
            throw StoreError(
                "\(pending): cannot open it: \(String(cString: strerror(errno))); the next tend command retries")
        }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else {
            throw StoreError("\(pending): cannot lock it; the next tend command retries")
        }
        defer { flock(fd, LOCK_UN) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoreError("\(pending): cannot read it; the next tend command retries")
        }

        var out = Data()
        var changed = 0
        var start = data.startIndex
        while let nl = data[start...].firstIndex(of: 0x0A) {
            let line = data[start..<nl]
            if let e = try? Event.parse(line: line),
                let stripped = Erasure.strip(e, forgotten: forgotten, entities: entities)
            {
                out.append(contentsOf: Array(stripped.line.utf8))
                changed += 1
            } else {
                out.append(line)
            }
            out.append(0x0A)
            start = nl + 1
        }
        out.append(data[start...])  // a torn end stays for the next writer to cut
        guard changed > 0 else { return 0 }

        do {
            try AtomicFile.write(out, to: path)
        } catch let e as StoreError {
            // The tombstone is written (the view forgets them); the bytes are not gone yet: say so.
            throw StoreError(
                "log/\(file) still holds \(changed) line\(changed == 1 ? "" : "s") of a forgotten contact's data: "
                    + "rewrite failed: \(e.description); the next tend command retries"
            )
        }
        return changed
    }
}
