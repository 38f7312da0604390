import Foundation
import TendCore
import TendShell
import TendStore
import TendUI

// tend-bench: how fast Tend is at team scale. Generates a team once into a temp dir, then times each
// operation over repeated runs and prints a table of medians (and p50/p99 for per-keystroke and
// per-append figures), plus peak memory measured in a child process that only loads the book.
//
//   swift run -c release tend-bench            20 reps, 10,000 contacts, 1,000,000 events
//   swift run -c release tend-bench --quick    5 reps, 1,000 contacts, 50,000 events (CI)
//   tend-bench --dir D                         use an existing data dir (e.g. from tend demo --generate)
//   swift run -c release tend-bench --team     the team server's figures (a private PostgreSQL cluster)
//   swift build -c release && .build/release/tend-bench --instructions
//                                              each CLI command's instructions under callgrind (50,000 events)
//
// No timing here is asserted anywhere: targets are read off this table, not enforced by tests.

let args = CommandLine.arguments
func option(_ name: String) -> String? {
    args.firstIndex(of: name).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil }
}
let quick = args.contains("--quick")
let now = Timestamp.parseISO(ProcessInfo.processInfo.environment["TEND_NOW"] ?? "2026-11-23T09:00:00Z")!
let clock = Clock(now: now, timeZone: TimeZone(identifier: "UTC")!)

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let t0 = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
}

func percentile(_ xs: [Double], _ p: Double) -> Double {
    let s = xs.sorted()
    return s[min(s.count - 1, Int((Double(s.count - 1) * p).rounded()))]
}

/// This process's peak resident memory (VmHWM). Not getrusage: its ru_maxrss carries the parent's
/// peak over into a spawned child on Linux.
func peakRSSMB() -> Double { statusMB("VmHWM:") }

/// A figure of /proc/self/status in MB: `VmHWM:` the peak, `RssFile:` the mapped files' pages now
/// resident (the program's and the snapshot's, shared with the page cache: not the process's own).
func statusMB(_ key: String) -> Double {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix(key) } ?? ""
    return Double(line.split(separator: " ").dropFirst().first ?? "0").map { $0 / 1024 } ?? 0
}

func fmt(_ s: Double) -> String {
    if s >= 1 { return String(format: "%.2f s", s) }
    if s >= 0.001 { return String(format: "%.1f ms", s * 1000) }
    return String(format: "%.0f µs", s * 1_000_000)
}

// Child modes: the live shell and its appender (LiveBench).
if let dir = option("--live"), let i = args.firstIndex(of: "--live"), args.count > i + 3 {
    try LiveBench.child(dir: dir, rep: "ann", samples: Int(args[i + 2])!, soak: Int(args[i + 3])!, now: now)
}
if let dir = option("--append-loop"), let i = args.firstIndex(of: "--append-loop"), args.count > i + 3 {
    try LiveBench.appendLoop(dir: dir, count: Int(args[i + 2])!, intervalMs: Int(args[i + 3])!, now: now)
}

// Child mode: load the book and report peak memory, nothing else in the process.
if let dir = option("--load-only") {
    let cache = !args.contains("--no-cache")
    // As `tend` opens: the first frame from ann's agenda, the whole book read beside it, then taken.
    let store = try Store.open(dir: dir, cache: cache, scope: .agenda(rep: "ann"), now: now)
    let loader = store.promisesLeft.map { left in BookLoader(startNow: false) { try left.read() } }
    _ = View.render(
        Model(state: store.state, settings: store.settings, rep: "ann", clock: clock), width: 200, height: 60)
    if let loader { store.complete(with: try loader.wait().get()) }
    let s = store.state
    let m = Model(state: s, settings: store.settings, rep: "ann", clock: clock)
    _ = View.render(m, width: 200, height: 60)
    print(String(format: "%.1f %d %.1f", peakRSSMB(), s.eventCount, statusMB("RssFile:")))
    exit(0)
}

let runs = Int(option("--runs") ?? (quick ? "5" : "5"))!
/// What was measured, the figure, and the goal it is read against (the performance issue's), if any.
var rows: [(String, String, String)] = []
func row(_ what: String, _ value: String, goal: String = "") {
    rows.append((what, value, goal))
    FileHandle.standardError.write(Data("  \(what): \(value)\(goal.isEmpty ? "" : " (goal \(goal))")\n".utf8))
}

let dir: String
if let d = option("--dir") {
    dir = d
} else {
    dir = FileManager.default.temporaryDirectory.path + "/tend-bench-\(getpid())"
    let o =
        quick || args.contains("--instructions")
        ? TeamGenerator.Options(reps: 5, contacts: 1_000, events: 50_000, seed: 1)
        : TeamGenerator.Options(reps: 20, contacts: 10_000, events: 1_000_000, seed: 1)
    FileHandle.standardError.write(
        Data("generating \(o.events) events, \(o.contacts) contacts, \(o.reps) reps into \(dir)…\n".utf8))
    let g = try TeamGenerator.write(to: dir, options: o, now: now)
    FileHandle.standardError.write(Data("  \(g.bytes / 1_048_576) MB of logs\n".utf8))
}
defer { if option("--dir") == nil { try? FileManager.default.removeItem(atPath: dir) } }
let logBytes = try FileManager.default.contentsOfDirectory(atPath: dir + "/log")
    .compactMap { try FileManager.default.attributesOfItem(atPath: dir + "/log/" + $0)[.size] as? Int }.reduce(0, +)

/// A mode of its own: its title, then the rows as a Markdown table; the generated team goes.
func finish(_ title: String, columns: String) -> Never {
    print(title)
    print("")
    print("| \(columns) |")
    print("|---|---|")
    for (what, value, _) in rows { print("| \(what) | \(value) |") }
    if option("--dir") == nil { try? FileManager.default.removeItem(atPath: dir) }
    exit(0)
}

// Instruction counts only (`--instructions`): stable run to run, for catching a 5 % regression.
if args.contains("--instructions") {
    try InstructionBench.run(dir: dir, now: now.iso) { row($0, $1) }
    finish(
        "tend-bench --instructions: \(logBytes / 1_048_576) MB of logs (50,000 events), as rep01",
        columns: "command | instructions (callgrind)")
}

// The team server's figures only (`--team`): they need PostgreSQL, and take a minute of their own.
if args.contains("--team") {
    try TeamBench.run(dir: dir, now: now) { row($0, $1) }
    finish("tend-bench --team: \(logBytes / 1_048_576) MB of logs", columns: "operation | result")
}

// 1. Full replay, no cache.
var replay: [Double] = []
var events = 0
for _ in 0..<runs {
    replay.append(try seconds { events = try Store.open(dir: dir, cache: false, now: now).state.eventCount })
}
let replayMedian = percentile(replay, 0.5)
row(
    "full replay of \(events) events, no cache",
    "\(fmt(replayMedian)) (\(Int(Double(logBytes) / 1_048_576 / replayMedian)) MB/s)", goal: "≤ 1.0 s")

// 2. Start from the snapshot: state ready, then the first frame of the TUI (headless Grid render).
try? FileManager.default.removeItem(atPath: dir + "/cache")
let writer = try Store.open(dir: dir, cache: false, now: now)
let saveTime = seconds { _ = writer.saveSnapshot() }
let snapBytes = (try? FileManager.default.attributesOfItem(atPath: dir + "/cache/snapshot.bin")[.size] as? Int) ?? 0
row("write the snapshot (\(snapBytes / 1_048_576) MB)", fmt(saveTime))
var ready: [Double] = [], frame: [Double] = [], whole: [Double] = []
var loaded: Store?
for _ in 0..<runs {
    var store: Store?
    ready.append(
        try seconds {
            store = try Store.open(dir: dir, now: now); _ = store!.state
        })
    // As `tend` opens: the first frame from ann's agenda scope, then the whole book read on
    // another thread (`BookLoader`); keys are handled once it is in.
    let start = DispatchTime.now()
    let part = try Store.open(dir: dir, scope: .agenda(rep: "ann"), now: now)
    guard let left = part.promisesLeft else { fatalError("the snapshot was not used") }
    let loader = BookLoader(startNow: false) { try left.read() }
    _ = View.render(Model(state: part.state, settings: part.settings, rep: "ann", clock: clock), width: 200, height: 60)
    frame.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
    part.complete(with: try loader.wait().get())
    _ = part.state
    whole.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
    guard case .fromSnapshot = store!.startup else { fatalError("the snapshot was not used") }
    loaded = store
}
row("start from snapshot: state ready", fmt(percentile(ready, 0.5)))
row("start from snapshot: first TUI frame (200×60)", fmt(percentile(frame, 0.5)), goal: "≤ 50 ms")
row(
    "start from snapshot: the whole book in, read after the first frame (keys wait for it)", fmt(percentile(whole, 0.5))
)

// 2b. The snapshot's edit detection when nothing vouches for the logs (a git pull, an editor): with
// their records gone, every log's covered bytes are hashed before the snapshot is used, once.
var proving: [Double] = []
for _ in 0..<runs {
    try? FileManager.default.removeItem(atPath: dir + "/cache/logs")
    proving.append(
        try seconds {
            let s = try Store.open(dir: dir, now: now); guard case .fromSnapshot = s.startup else { fatalError() }
        })
}
let provingMedian = percentile(proving, 0.5)
row(
    "start from snapshot, every log changed by someone else (hashed)",
    "\(fmt(provingMedian)) (\(fmt(provingMedian - percentile(ready, 0.5))) more, "
        + "\(Int(Double(logBytes) / 1_048_576 / max(0.001, provingMedian - percentile(ready, 0.5)))) MB/s)"
)

// 3. Keystroke → rendered Grid.
let store = loaded!
var model = Model(state: store.state, settings: store.settings, rep: "ann", clock: clock)
func press(_ keys: [Key], _ times: Int) -> [Double] {
    var out: [Double] = []
    for i in 0..<times {
        let k = keys[i % keys.count]
        out.append(
            seconds {
                _ = Update.update(&model, .key(k))
                _ = View.render(model, width: 200, height: 60)
            })
    }
    return out
}
func keyRow(_ what: String, _ xs: [Double], goal: String) {
    row(what, "p50 \(fmt(percentile(xs, 0.5))), p99 \(fmt(percentile(xs, 0.99)))", goal: goal)
}
keyRow("keystroke → frame, Today (j/k)", press([.char("j"), .char("j"), .char("k")], 300), goal: "p99 ≤ 5 ms")
_ = Update.update(&model, .key(.char("2")))
keyRow(
    "keystroke → frame, Board (j/l/k/h)", press([.char("j"), .char("l"), .char("k"), .char("h")], 300),
    goal: "p99 ≤ 5 ms")
_ = Update.update(&model, .key(.char("1")))
model.filter = .all
var search: [Double] = []
for _ in 0..<40 {
    _ = Update.update(&model, .key(.char("/")))
    search += press("müllr".map { Key.char($0) }, 5)
    _ = Update.update(&model, .key(.escape))
}
keyRow(
    "search keystroke over \(store.state.contacts.count) contacts (5 chars, everyone)", search, goal: "p99 ≤ 5 ms")

// 4. The agenda.
var mine: [Double] = [], all: [Double] = []
for _ in 0..<runs {
    mine.append(seconds { _ = Agenda.build(store.state, rep: "ann", settings: store.settings, clock: clock) })
    all.append(seconds { _ = Agenda.build(store.state, rep: nil, settings: store.settings, clock: clock) })
}
row("today's agenda, one rep", fmt(percentile(mine, 0.5)))
row("today's agenda, --all", fmt(percentile(all, 0.5)))

// 5. Append + fsync of one event.
let contact = store.state.contactsByName[0].id
var appends: [Double] = []
for i in 0..<200 {
    appends.append(
        try seconds { try store.append([.note(contact: contact, text: "bench note \(i)")], rep: "bench", now: now) })
}
row("append + fsync of one event", "p50 \(fmt(percentile(appends, 0.5))), p99 \(fmt(percentile(appends, 0.99)))")

// 6. Peak memory, in a child that only loads the book.
func child(_ extra: [String]) -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    p.arguments = ["--load-only", dir] + extra
    let out = Pipe()
    p.standardOutput = out
    try? p.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    let parts = text.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    guard parts.count == 3 else { return "?" }
    return "\(parts[0]) MB (\(parts[2]) MB of it file pages: the program's and the snapshot's, shared)"
}
row("peak memory: open from snapshot + first frame", child([]), goal: "≤ 120 MB")
row("peak memory: full replay + first frame", child(["--no-cache"]), goal: "≤ 400 MB")

// 7. Live at scale: the TUI's shell open on the team, another process appending (LiveBench).
let samples = quick ? 20 : 100, soak = quick ? 300 : 3_600
let live = try LiveBench.run(dir: dir, samples: samples, soak: soak)
row(
    "another rep's append → the TUI's repainted frame (\(samples) appends, 4 a second)",
    "p50 \(fmt(percentile(live.latencies, 0.5))), p99 \(fmt(percentile(live.latencies, 0.99)))",
    goal: "p99 ≤ 50 ms")
row(
    "the TUI's memory over \(soak) more appends (an hour's at one a second, sent in \(fmt(live.soakSeconds)))",
    String(format: "%.1f MB → %.1f MB resident", live.rssBefore, live.rssAfter), goal: "no growth beyond the events")

var cpu = "unknown CPU"
if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
    let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") })
{
    cpu = line.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces)
}
print(
    "tend-bench: \(events) events, \(logBytes / 1_048_576) MB of logs, "
        + "\(ProcessInfo.processInfo.activeProcessorCount) cores (\(cpu)), median of \(runs) runs"
)
print("")
print("| operation | result | goal |")
print("|---|---|---|")
for (what, value, goal) in rows { print("| \(what) | \(value) | \(goal) |") }
