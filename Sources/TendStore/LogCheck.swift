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
        /// Events that come before an earlier line of the same log in fold order: not a problem (two
        /// processes of one rep racing, an import of past touches; the fold sorts them), only counted.
        public var outOfOrder = 0
    }

    /// `clock`: this machine's "now" and zone, for what is dated too far ahead (`HeldEvent`).
    public static func run(dir: String, clock: Clock, settings: Settings = Settings()) throws -> Report {
        var report = Report()
        let logDir = dir + "/log"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: logDir)) ?? [])
            .filter { $0.hasSuffix(".jsonl") && !$0.hasPrefix(".") }.sorted()
        let horizon = settings.horizon(now: clock.now)
        var all: [Event] = []
        var whereIs: [String: (String, Int)] = [:]
        for file in files {
            let name = "log/" + file
            let r = try LogReader.read(path: logDir + "/" + file, name: name, horizon: horizon)
            report.files += 1
            report.events += r.events.count + r.held.count
            report.problems += r.problems
            report.problems += r.held.map { LogProblem(file: $0.file, line: $0.line, message: heldMessage($0, clock)) }
            if r.heldBack > 0 {
                report.problems.append(
                    LogProblem(
                        file: name, line: r.lines + 1,
                        message:
                            "torn end (\(r.heldBack) bytes of an interrupted write); readers skip it, the next "
                            + "write or `tend check --repair` cuts it"
                    ))
                report.tornFiles.append(file)
            }
            let rep = Store.rep(ofLogFile: file)
            var previous: FoldKey?
            for (e, line) in zip(r.events, r.eventLines) {
                if e.v > Event.formatVersion {
                    report.problems.append(
                        LogProblem(
                            file: name, line: line,
                            message:
                                "format version \(e.v) is newer than this Tend's (\(Event.formatVersion)); read as "
                                + "far as understood"
                        ))
                }
                if e.rep != rep {
                    report.problems.append(
                        LogProblem(file: name, line: line, message: "event by \"\(e.rep)\" in \(rep)'s log"))
                }
                if let (f, l) = whereIs[e.id] {
                    report.problems.append(
                        LogProblem(file: name, line: line, message: "duplicate id \(e.id) (also \(f):\(l))"))
                } else {
                    whereIs[e.id] = (name, line)
                }
                let key = FoldKey(e)
                if let p = previous, key < p { report.outOfOrder += 1 }
                previous = max(previous ?? key, key)
                all.append(e)
            }
        }
        let state = State.fold(all)
        for p in state.problems {
            let (f, l) = whereIs[p.eventID] ?? ("log", 0)
            report.problems.append(LogProblem(file: f, line: l, message: p.message))
        }
        report.problems += pendingErasures(all, state: state, whereIs: whereIs)
        report.problems.sort { ($0.file, $0.line) < ($1.file, $1.line) }
        return report
    }

    /// The check's wording of a held event: `HeldEvent.describe` without its own `file:line:`.
    static func heldMessage(_ h: HeldEvent, _ clock: Clock) -> String {
        String(h.describe(clock).dropFirst("\(h.file):\(h.line): ".count))
    }

    /// A forgotten person whose data a log still holds: the rewrite of that log has not happened yet
    /// (its rep's Tend has not run since) or failed. One line per log, at its first such line.
    static func pendingErasures(_ events: [Event], state: State, whereIs: [String: (String, Int)]) -> [LogProblem] {
        guard !state.forgotten.isEmpty else { return [] }
        let entities = state.forgottenEntities
        var first: [String: Int] = [:], count: [String: Int] = [:]
        for e in events where Erasure.strip(e, forgotten: state.forgotten, entities: entities) != nil {
            guard let (f, l) = whereIs[e.id] else { continue }
            first[f] = min(first[f] ?? l, l)
            count[f, default: 0] += 1
        }
        return first.keys.sorted().map { f in
            let rep = Store.rep(ofLogFile: f)
            return LogProblem(
                file: f, line: first[f]!,
                message:
                    "erasure pending: \(count[f]!) line\(count[f]! == 1 ? "" : "s") still hold a forgotten "
                    + "contact's data; \(rep)'s next tend command rewrites this log"
            )
        }
    }

    /// Cuts a torn end off a log, after saving a copy of the whole file beside it. Returns the copy's path.
    public static func repair(dir: String, file: String, now: Timestamp) throws -> String {
        let path = dir + "/log/" + file
        let copy = dir + "/log/" + file + ".before-repair-" + now.iso.replacingOccurrences(of: ":", with: "")
        do {
            try FileManager.default.copyItem(atPath: path, toPath: copy)
        } catch {
            throw StoreError(
                "cannot save a copy of log/\(file) before repairing it: \(error.localizedDescription); nothing "
                    + "was changed"
            )
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
