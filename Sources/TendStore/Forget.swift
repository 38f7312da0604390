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
        let all = allEvents
        let forgotten = Set(all.filter { $0.type == "forget" }.compactMap { $0.fields["contact"]?.string })
        guard !forgotten.isEmpty, DataDir.validRep(rep) else { return 0 }
        var entities: [String: String] = [:]
        for e in all {
            guard let c = e.fields["contact"]?.string else { continue }
            if e.type == "deal", let d = e.fields["deal"]?.string { entities[d] = c }
            if e.type == "promise", let p = e.fields["promise"]?.string { entities[p] = c }
        }
        let file = rep + ".jsonl"
        let path = logDir + "/" + file
        guard FileManager.default.fileExists(atPath: path) else { return 0 }

        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError("cannot open log/\(file): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw StoreError("cannot lock log/\(file)") }
        defer { flock(fd, LOCK_UN) }
        guard let data = FileManager.default.contents(atPath: path) else { throw StoreError("cannot read log/\(file)") }

        var out = Data()
        var changed = 0
        var start = data.startIndex
        while let nl = data[start...].firstIndex(of: 0x0A) {
            let line = data[start..<nl]
            if let e = try? Event.parse(line: line), let stripped = Erasure.strip(e, forgotten: forgotten, entities: entities) {
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

        let tmp = logDir + "/.\(file).forget-\(getpid())"
        let t = Glibc.open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard t >= 0 else { throw StoreError("cannot write \(tmp): \(String(cString: strerror(errno))); nothing was changed") }
        let ok = out.withUnsafeBytes { buf -> Bool in
            var done = 0
            while done < buf.count {
                let n = write(t, buf.baseAddress! + done, buf.count - done)
                if n <= 0 { return false }
                done += n
            }
            return fsync(t) == 0
        }
        close(t)
        guard ok, rename(tmp, path) == 0 else {
            unlink(tmp)
            throw StoreError("cannot rewrite log/\(file) without the forgotten contact: \(String(cString: strerror(errno))); nothing was changed")
        }
        let d = Glibc.open(logDir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if d >= 0 { fsync(d); close(d) }
        try rereadAll()
        return changed
    }
}
