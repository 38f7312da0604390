import Foundation
import TendCore

/// `tend-bench --instructions`: how many instructions each CLI command runs, counted by valgrind's
/// callgrind, which counts the same instructions run to run on one binary — so a 5 % regression
/// shows, where wall-clock figures here move 10–30 %. It runs 50–100× slower than the real thing,
/// hence a 50,000-event team and no place in `swift test`. The wall-clock ratios against
/// taskwarrior (`scripts/bench-vs-taskwarrior.sh`) stay the headline.
enum InstructionBench {
    static func run(dir: String, now: String, row: (String, String) -> Void) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/valgrind") else {
            throw BenchError("valgrind is not installed (apt-get install valgrind)")
        }
        // The `tend` built beside this bench: the same configuration, the same code.
        let tend = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.deletingLastPathComponent()
            .appendingPathComponent("tend").path
        guard FileManager.default.isExecutableFile(atPath: tend) else {
            throw BenchError("no tend beside tend-bench at \(tend): build both (swift build -c release)")
        }
        let env = [
            "TEND_DIR": dir, "TEND_REP": "rep01", "TEND_NOW": now, "TZ": "UTC", "LANG": "C.UTF-8",
            "PATH": "/usr/bin:/bin",
        ]
        // The snapshot written first, as a rep's machine has it; a contact to write on.
        _ = try count(tend, ["today"], env: env, measure: false)
        let listing = try count(tend, ["list", "--json"], env: env, measure: false).output
        let contact = listing.split(separator: "\"").drop { $0 != "id" }.dropFirst(2).first.map(String.init) ?? ""
        for args in [
            ["--version"], ["today"], ["note", contact, "called back about the quote"], ["show", contact],
            ["list", "--json"],
        ] {
            let (n, _) = try count(tend, args, env: env, measure: true)
            let shown = args.map { $0 == contact ? "CONTACT" : $0.contains(" ") ? "TEXT" : $0 }
            row("tend " + shown.joined(separator: " "), grouped(n) + " instructions")
        }
    }

    /// Runs `tend args` under callgrind (or plainly) and returns the instructions it ran.
    static func count(
        _ tend: String, _ args: [String], env: [String: String], measure: Bool
    ) throws -> (Int, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: measure ? "/usr/bin/valgrind" : tend)
        p.arguments = measure ? ["--tool=callgrind", "--callgrind-out-file=/dev/null", tend] + args : args
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        nonisolated(unsafe) var errData = Data()  // written by the reader thread, read after `done`
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        done.wait()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw BenchError("tend \(args.joined(separator: " ")) failed: \(String(decoding: errData, as: UTF8.self))")
        }
        // valgrind's summary: "==123== Collected : 55447793".
        let text = String(decoding: errData, as: UTF8.self)
        let n =
            text.split(separator: "\n").first { $0.contains("Collected :") }
            .flatMap { Int($0.split(separator: ":").last!.trimmingCharacters(in: .whitespaces)) } ?? 0
        return (n, output)
    }

    static func grouped(_ n: Int) -> String { Money.grouped(Int64(n)) }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
