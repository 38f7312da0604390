import Foundation
import TendCore
import TendStore

/// The field story behind the guard, replayed: three reps work one shared call list for two days,
/// each at their own pace, through the real CLI. Without consulting Tend they call the same people
/// within the hour; with `tend call` first, nobody tries a contact inside the team's window.
enum DoubleCallScenario {
    struct Result {
        var attempts: Int
        var withinWindow: Int
        var withinHour: Int
        var heldBack: Int
        var mostTried: Int
    }

    static let reps = [("ann", 20), ("bob", 30), ("carol", 45)]  // minutes between calls
    static let contacts = [
        "Avery Stone", "Blair Kim", "Casey Moreau", "Devon Ortiz", "Emery Novak",
        "Finley Shaw", "Harper Lind", "Jordan Weiss",
    ]

    static func run(clock: Clock, keep dir: String?) throws -> String {
        let base = dir ?? FileManager.default.temporaryDirectory.path + "/tend-scenario-\(getpid())"
        // Hundreds of real tend processes: 20 s without a word would look hung.
        let bar = ProgressBar("replaying the double-call story", ascii: asciiOutput)
        defer { bar.finish() }
        let steps = contacts.count + schedule(clock: clock).count
        let off = try simulate(dir: base + "/without-guard", useGuard: false, clock: clock) {
            bar.update($0, 2 * steps)
        }
        let on = try simulate(dir: base + "/with-guard", useGuard: true, clock: clock) {
            bar.update(steps + $0, 2 * steps)
        }
        if dir == nil { try? FileManager.default.removeItem(atPath: base) }
        let window = Duration.ago(minutes: Settings().guardRule.windowMinutes).replacingOccurrences(
            of: " ago", with: "")
        return """
            double-call: \(reps.count) reps, one shared list of \(contacts.count) contacts, 2 days, through the CLI
            without the guard: \(off.attempts) attempts, \(off.withinWindow) within \(window) of another attempt \
            (\(off.withinHour) within the hour); one person tried \(off.mostTried) times
            with the guard:    \(on.attempts) attempts, \(on.withinWindow) within \(window) of another attempt \
            (\(on.withinHour) within the hour); one person tried \(on.mostTried) times; \(on.heldBack) calls held \
            back by `tend call`
            """ + (dir == nil ? "" : "\ndata: \(base)/without-guard and \(base)/with-guard")
    }

    /// Every rep's calls over two working days, in time order.
    static func schedule(clock: Clock) -> [(Timestamp, String, Int)] {
        var plan: [(Timestamp, String, Int)] = []
        for day in [clock.today.adding(days: -1), clock.today] {
            for (r, (rep, pace)) in reps.enumerated() {
                var minute = 9 * 60 + r * 7
                var next = r * 3  // each starts at a different place on the list
                while minute < 17 * 60 {
                    plan.append(
                        (
                            clock.instant(day, LocalTime(hour: minute / 60, minute: minute % 60)!), rep,
                            next % contacts.count
                        ))
                    next += 1
                    minute += pace
                }
            }
        }
        return plan.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    }

    /// Where each rep works: one shared data dir, or (with a team server) each rep their own.
    struct Machines {
        var dir: (String) -> String
        /// Plain files: no team server, whatever this shell's environment or config says.
        var environment: [String: String] = ["TEND_TEAM_URL": ""]
        var team: Bool { !(environment["TEND_TEAM_URL"] ?? "").isEmpty }
        static func shared(_ dir: String) -> Machines { Machines(dir: { _ in dir }) }
    }

    static func simulate(
        dir: String, useGuard: Bool, clock: Clock, progress: @escaping (Int) -> Void = { _ in }
    ) throws -> Result {
        try? FileManager.default.removeItem(atPath: dir)
        return try simulate(.shared(dir), useGuard: useGuard, clock: clock, progress: progress)
    }

    /// `roles`: the team server role each rep logs in as (nil: the URL's own user).
    static func simulate(
        _ machines: Machines, useGuard: Bool, clock: Clock, roles: ((String) -> String)? = nil,
        progress: @escaping (Int) -> Void = { _ in }
    ) throws -> Result {
        var done = 0
        func step() {
            done += 1
            progress(done)
        }
        var ids: [String] = []
        let setupTime = clock.instant(clock.today.adding(days: -2), LocalTime(hour: 8, minute: 0)!)
        func tend(_ args: [String], rep: String, at: Timestamp) -> (String, Int32) {
            var env = machines.environment
            if let roles { env["TEND_TEAM_USER"] = roles(rep) }
            return Self.tend(args, rep: rep, at: at, dir: machines.dir(rep), extra: env)
        }
        for name in contacts {
            let (out, code) = tend(["add", name], rep: "ann", at: setupTime)
            guard code == 0 else { throw CLIError("scenario: could not add \(name): \(out)") }
            step()
            ids.append(out.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        var held = 0
        var tries = [Int](repeating: 0, count: contacts.count)
        for (at, rep, i) in schedule(clock: clock) {
            step()
            if useGuard {
                let (out, code) = tend(["call", ids[i]], rep: rep, at: at)
                if code == 3 { held += 1; continue }
                guard code == 0 else { throw CLIError("scenario: call failed: \(out)") }
            }
            tries[i] += 1
            // Most calls go unanswered, as in the story; every fifth try gets through.
            let outcome = (tries[i] + i) % 5 == 0 ? "connected" : "no-answer"
            let (out, code) = tend(["log", ids[i], "--via", "call", "--outcome", outcome], rep: rep, at: at)
            guard code == 0 else { throw CLIError("scenario: log failed: \(out)") }
        }
        // Every machine has what the others wrote (a team server: one last pull).
        let end = clock.now.adding(hours: 7 * 24)
        if machines.team { _ = tend(["list"], rep: "ann", at: end) }
        // Read as of the story's end: its last calls are dated two days after the pinned start.
        let state = try Store.open(dir: machines.dir("ann"), now: end).state
        let attempts = state.touches.values.reduce(0) { $0 + $1.filter { $0.outcome.isAttempt }.count }
        return Result(
            attempts: attempts,
            withinWindow: Guard.repeatAttempts(state.touches, within: Settings().guardRule.windowMinutes),
            withinHour: Guard.repeatAttempts(state.touches, within: 60), heldBack: held,
            mostTried: state.touches.values.map { $0.filter { $0.outcome.isAttempt }.count }.max() ?? 0)
    }

    /// Runs this binary as a rep at a moment: the reps really use the CLI.
    static func tend(
        _ args: [String], rep: String, at: Timestamp, dir: String, extra: [String: String] = [:]
    ) -> (String, Int32) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["TEND_DIR"] = dir
        env["TEND_REP"] = rep
        env["TEND_NOW"] = at.iso
        p.environment = env.merging(extra) { $1 }
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        p.standardInput = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return ("cannot run tend", -1) }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), p.terminationStatus)
    }
}
