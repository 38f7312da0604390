import ArgumentParser
import Foundation
import TendCore
import TendStore

extension Tend {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Verify every log: JSON, versions, unique ids, order, references. Exit 0 when clean.",
            discussion: """
                Each problem prints as file:line: message. --repair only ever cuts a torn final line \
                (an interrupted write), after saving a copy of the file beside it.
                Examples:
                  tend check
                  tend check --repair
                """)

        @OptionGroup var global: GlobalOptions
        @Flag(help: "Cut torn final lines (a copy of each file is kept first).") var repair = false
        @Flag(name: .shortAndLong, help: "Also say what is fine but worth knowing (lines the fold reorders).")
        var verbose = false

        func run() throws {
            let env = ProcessInfo.processInfo.environment
            let dir = DataDir.resolve(flag: global.dir, environment: env)
            let clock = try Context.makeClock(env)
            var report: LogCheck.Report
            do {
                let settings = try ConfigFile.load(dir: dir)
                report = try LogCheck.run(dir: dir, clock: clock, settings: settings)
                if repair {
                    for file in report.tornFiles {
                        let copy = try LogCheck.repair(dir: dir, file: file, now: clock.now)
                        print("repaired log/\(file) (copy before repair: \(copy))")
                    }
                    if !report.tornFiles.isEmpty {
                        report = try LogCheck.run(dir: dir, clock: clock, settings: settings)
                    }
                }
            } catch let e as StoreError {
                throw CLIError(e.description)
            }
            if verbose && report.outOfOrder > 0 {
                print(
                    "info: \(report.outOfOrder) event\(report.outOfOrder == 1 ? "" : "s") written after a later one "
                        + "of the same log (processes racing, imported past facts); the fold orders them by time"
                )
            }
            for p in report.problems { print(safe(p.description)) }
            let summary =
                "\(report.files) log\(report.files == 1 ? "" : "s"), \(report.events) "
                + "event\(report.events == 1 ? "" : "s")"
            if report.problems.isEmpty {
                print("ok: \(summary), no problems")
            } else {
                throw ExitWith(
                    1, "\(report.problems.count) problem\(report.problems.count == 1 ? "" : "s") in \(summary)")
            }
        }
    }
}
