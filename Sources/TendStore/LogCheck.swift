import Foundation
import TendCore

#if canImport(Glibc)
import Glibc
#endif

/// `tend check`: reads every log the way the store does, but reports everything it would skip or
/// tolerate, each as `log/ann.jsonl:12: message`.
public enum LogCheck {
    public struct Report: Sendable {
        public var problems: [LogProblem] = []
        public var files = 0
        public var events = 0
        /// Files whose end is a torn line or an unfinished batch (what `--repair` cuts).
        public var tornFiles: [String] = []
    }

    public static func run(dir: String) throws -> Report {
        var report = Report()
        let logDir = dir + "/log"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: logDir)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
        var all: [Event] = []
        var whereIs: [String: (String, Int)] = [:]
        for file in files {
            let name = "log/" + file
            let r = try LogReader.read(path: logDir + "/" + file, name: name)
            report.files += 1
            report.events += r.events.count
            report.problems += r.problems
            if r.heldBack > 0 {
                report.problems.append(LogProblem(file: name, line: r.lines + 1,
                    message: "torn end (\(r.heldBack) bytes of an interrupted write); readers skip it, the next write or `tend check --repair` cuts it"))
                report.tornFiles.append(file)
            }
            let rep = String(file.dropLast(6))
            var previous: Timestamp?
            for (e, line) in zip(r.events, r.eventLines) {
                if e.v > Event.formatVersion {
                    report.problems.append(LogProblem(file: name, line: line, message: "format version \(e.v) is newer than this Tend's (\(Event.formatVersion)); read as far as understood"))
                }
                if e.rep != rep {
                    report.problems.append(LogProblem(file: name, line: line, message: "event by \"\(e.rep)\" in \(rep)'s log"))
                }
                if let (f, l) = whereIs[e.id] {
                    report.problems.append(LogProblem(file: name, line: line, message: "duplicate id \(e.id) (also \(f):\(l))"))
                } else {
                    whereIs[e.id] = (name, line)
                }
                if let p = previous, e.at < p {
                    report.problems.append(LogProblem(file: name, line: line, message: "out of order: \(e.at.iso) after \(p.iso)"))
                }
                previous = max(previous ?? e.at, e.at)
                all.append(e)
            }
        }
        for p in State.fold(all).problems {
            let (f, l) = whereIs[p.eventID] ?? ("log", 0)
            report.problems.append(LogProblem(file: f, line: l, message: p.message))
        }
        report.problems.sort { ($0.file, $0.line) < ($1.file, $1.line) }
        return report
    }

    /// Cuts a torn end off a log, after saving a copy of the whole file beside it. Returns the copy's path.
    public static func repair(dir: String, file: String, now: Timestamp) throws -> String {
        let path = dir + "/log/" + file
        let copy = dir + "/log/" + file + ".before-repair-" + now.iso.replacingOccurrences(of: ":", with: "")
        do {
            try FileManager.default.copyItem(atPath: path, toPath: copy)
        } catch {
            throw StoreError("cannot save a copy of log/\(file) before repairing it: \(error.localizedDescription); nothing was changed")
        }
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError("cannot open log/\(file): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw StoreError("cannot lock log/\(file)") }
        defer { flock(fd, LOCK_UN) }
        try LogWriter.repairTail(fd: fd, name: "log/" + file)
        _ = fsync(fd)
        return copy
    }
}
