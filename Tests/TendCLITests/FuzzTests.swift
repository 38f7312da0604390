import Foundation
import XCTest

/// Builds the libFuzzer targets in Tests/Fuzz and runs each from its committed seed corpus:
/// 60 s each under CI (CI=true), 10 s otherwise, TEND_FUZZ_SECONDS to choose. Any crash fails the
/// test with the reproducer's path; put it in Tests/Fuzz/Regressions/<target>/ so it is replayed
/// here for ever after.
final class FuzzTests: XCTestCase {
    static let targets = [
        ("FuzzEventLine", "event"), ("FuzzDates", "dates"), ("FuzzCapture", "capture"), ("FuzzConfig", "config"),
        ("FuzzTheme", "theme"),
    ]

    var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    func run(_ exe: String, _ args: [String], cwd: URL, log: String) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        p.currentDirectoryURL = cwd
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"  // Swift's crash handler otherwise trips ASan
        p.environment = env
        FileManager.default.createFile(atPath: log, contents: nil)
        let fh = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        p.standardOutput = fh
        p.standardError = fh
        p.standardInput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try fh.close()
        return p.terminationStatus
    }

    func testParsersSurviveFuzzing() throws {
        guard
            FileManager.default.isExecutableFile(atPath: "/usr/bin/swift")
                || FileManager.default.isExecutableFile(atPath: "/opt/swift/usr/bin/swift")
        else {
            throw XCTSkip("no swift toolchain on PATH")
        }
        let env = ProcessInfo.processInfo.environment
        let seconds = Int(env["TEND_FUZZ_SECONDS"] ?? "") ?? (env["CI"] == "true" ? 60 : 10)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("tend-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let swift =
            FileManager.default.isExecutableFile(atPath: "/opt/swift/usr/bin/swift")
            ? "/opt/swift/usr/bin/swift" : "/usr/bin/swift"
        let buildLog = work.appendingPathComponent("build.log").path
        let scratch = root.appendingPathComponent(".build-fuzz")
        func build() throws -> Int32 {
            try run(
                swift,
                [
                    "build", "-c", "debug", "--package-path", root.appendingPathComponent("Tests/Fuzz").path,
                    "--scratch-path", scratch.path,
                    "-Xswiftc", "-sanitize=fuzzer,address", "-Xswiftc", "-parse-as-library",
                ], cwd: root, log: buildLog)
        }
        var built = try build()
        if built != 0, FileManager.default.fileExists(atPath: scratch.path) {
            // An incremental build of the fuzz package misses source files added to Tend since its last
            // build ("cannot find … in scope"); a clean one does not. CI always starts clean.
            try FileManager.default.removeItem(at: scratch)
            built = try build()
        }
        XCTAssertEqual(
            built, 0, (try? String(contentsOfFile: buildLog, encoding: .utf8))?.suffix(2000).description ?? "")
        guard built == 0 else { return }

        let bin = root.appendingPathComponent(".build-fuzz/debug")
        let corpus = root.appendingPathComponent("Tests/Fuzz/Corpus")
        let group = DispatchGroup()
        let results = Results()
        for (target, dict) in FuzzTests.targets {
            group.enter()
            DispatchQueue.global().async {
                defer { group.leave() }
                do {
                    let out = work.appendingPathComponent(target)
                    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
                    // Replays of crashes found before, then the timed run from the seeds.
                    let regressions = self.root.appendingPathComponent("Tests/Fuzz/Regressions/\(target)")
                    var args = [
                        "-rss_limit_mb=2048", "-dict=\(corpus.appendingPathComponent(dict + ".dict").path)",
                        "-artifact_prefix=\(out.path)/",
                    ]
                    if FileManager.default.fileExists(atPath: regressions.path) {
                        let files = try FileManager.default.contentsOfDirectory(atPath: regressions.path).map {
                            regressions.appendingPathComponent($0).path
                        }
                        if !files.isEmpty {
                            let code = try self.run(
                                bin.appendingPathComponent(target).path, args + files, cwd: work,
                                log: out.path + ".regress.log")
                            results.add(target, code, out.path + ".regress.log")
                        }
                    }
                    let code = try self.run(
                        bin.appendingPathComponent(target).path,
                        args + ["-max_total_time=\(seconds)", out.path, corpus.appendingPathComponent(target).path],
                        cwd: work, log: out.path + ".log")
                    results.add(target, code, out.path + ".log")
                } catch {
                    results.add(target, -1, "\(error)")
                }
            }
            // Two at a time: the machines have 2 cores.
            if FuzzTests.targets.firstIndex(where: { $0.0 == target })! % 2 == 1 { group.wait() }
        }
        group.wait()
        for (target, code, log) in results.all {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? log
            let runs = text.split(separator: "\n").last { $0.hasPrefix("Done ") } ?? "?"
            print("fuzz \(target): exit \(code), \(runs)")
            XCTAssertEqual(code, 0, "\(target) found a crash:\n\(text.suffix(3000))")
        }
    }
}

final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [(String, Int32, String)] = []
    func add(_ t: String, _ c: Int32, _ l: String) { lock.lock(); list.append((t, c, l)); lock.unlock() }
    var all: [(String, Int32, String)] { lock.lock(); defer { lock.unlock() }; return list }
}
