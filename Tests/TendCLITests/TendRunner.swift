import Foundation
import XCTest

/// Runs the built `tend` binary as a user would, with an explicit environment (never the test's own:
/// `swift test` sets NO_COLOR and the developer's TEND_* must not leak in).
struct TendRunner {
    struct Result {
        var out: String
        var err: String
        var code: Int32
    }

    static var binary: String {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [here, here.deletingLastPathComponent()] {
            let p = dir.appendingPathComponent("tend").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return here.appendingPathComponent("tend").path
    }

    var dir: String
    var rep = "ann"
    var now = "2026-11-23T09:00:00Z"  // a Monday
    var zone = "UTC"

    var environment: [String: String] {
        [
            "PATH": "/usr/bin:/bin", "HOME": dir, "TEND_DIR": dir + "/data", "TEND_REP": rep, "TEND_NOW": now,
            "TZ": zone, "LANG": "C.UTF-8",
        ]
    }

    @discardableResult
    func run(_ args: [String], env extra: [String: String] = [:], prefix: [String] = []) throws -> Result {
        let p = Process()
        let command = prefix + [TendRunner.binary] + args
        p.executableURL = URL(fileURLWithPath: command[0].hasPrefix("/") ? command[0] : "/usr/bin/" + command[0])
        p.arguments = Array(command.dropFirst())
        p.environment = environment.merging(extra) { $1 }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Both pipes drained at once: a child that fills stderr while we wait on stdout would hang.
        nonisolated(unsafe) var e = Data()
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            e = err.fileHandleForReading.readDataToEndOfFile()
            drained.signal()
        }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        p.waitUntilExit()
        return Result(
            out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self), code: p.terminationStatus)
    }

    /// Runs and fails the test unless it exits 0.
    @discardableResult
    func ok(_ args: String..., file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let r = try run(args)
        XCTAssertEqual(r.code, 0, "tend \(args.joined(separator: " ")) failed: \(r.err)", file: file, line: line)
        return r.out
    }

    /// Runs, expects a failure with one line on stderr containing `message`, and returns it.
    @discardableResult
    func fails(_ args: [String], _ message: String, file: StaticString = #filePath, line: UInt = #line) throws -> String
    {
        let r = try run(args)
        XCTAssertNotEqual(r.code, 0, "tend \(args.joined(separator: " ")) should fail", file: file, line: line)
        XCTAssertTrue(r.err.contains(message), "stderr: \(r.err)", file: file, line: line)
        XCTAssertFalse(
            r.err.contains("Fatal error") || r.err.contains("Stack dump") || r.err.contains("Backtrace"),
            "a crash, not an error: \(r.err)", file: file, line: line)
        return r.err
    }

    func logLines(_ rep: String) -> [String] {
        ((try? String(contentsOfFile: dir + "/data/log/\(rep).jsonl", encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init)
    }

    func json(_ args: String...) throws -> Any {
        let r = try run(args)
        guard r.code == 0 else {
            throw NSError(domain: "tend", code: Int(r.code), userInfo: [NSLocalizedDescriptionKey: r.err])
        }
        return try JSONSerialization.jsonObject(with: Data(r.out.utf8))
    }
}

class CLITestCase: XCTestCase {
    var tend = TendRunner(dir: "")

    override func setUpWithError() throws {
        let dir = FileManager.default.temporaryDirectory.path + "/tend-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        tend = TendRunner(dir: dir)
        XCTAssertTrue(
            FileManager.default.isExecutableFile(atPath: TendRunner.binary), "no tend binary at \(TendRunner.binary)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: tend.dir)
    }

    /// Adds a contact and returns its id.
    func add(_ name: String, _ extra: String...) throws -> String {
        let r = try tend.run(["add", name] + extra)
        XCTAssertEqual(r.code, 0, r.err)
        return r.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Runs another program to the end (a parser nobody here wrote, a pty, man): its output, its
/// errors and its exit code.
func runProgram(_ path: String, _ args: [String], env: [String: String]? = nil) throws -> TendRunner.Result {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    if let env { p.environment = env }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    // Both pipes drained at once: a program that fills one while we wait on the other never stalls.
    // The other thread's result is read only after `group.wait()`: the group orders the two.
    final class Drained: @unchecked Sendable { var data = Data() }
    let errData = Drained()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errData.data = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    p.waitUntilExit()
    return TendRunner.Result(
        out: String(decoding: outData, as: UTF8.self), err: String(decoding: errData.data, as: UTF8.self),
        code: p.terminationStatus)
}
