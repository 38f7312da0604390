import ArgumentParser
import Foundation
import TendCore
import TendStore

extension Tend {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify every log: JSON, versions, unique ids, order, references. Exit 0 when clean.",
            discussion: """
                Each problem prints as file:line: message. --repair only ever cuts a torn final line
                (an interrupted write), after saving a copy of the file beside it.
                Examples:
                  tend check
                  tend check --repair
                """)

        @OptionGroup var global: GlobalOptions
        @Flag(help: "Cut torn final lines (a copy of each file is kept first).") var repair = false

        func run() throws {
            let env = ProcessInfo.processInfo.environment
            let dir = DataDir.resolve(flag: global.dir, environment: env)
            var report: LogCheck.Report
            do {
                report = try LogCheck.run(dir: dir)
                if repair {
                    let now = try Context.makeClock(env).now
                    for file in report.tornFiles {
                        let copy = try LogCheck.repair(dir: dir, file: file, now: now)
                        print("repaired log/\(file) (copy before repair: \(copy))")
                    }
                    if !report.tornFiles.isEmpty { report = try LogCheck.run(dir: dir) }
                }
            } catch let e as StoreError {
                throw CLIError(e.description)
            }
            for p in report.problems { print(safe(p.description)) }
            let summary = "\(report.files) log\(report.files == 1 ? "" : "s"), \(report.events) event\(report.events == 1 ? "" : "s")"
            if report.problems.isEmpty {
                print("ok: \(summary), no problems")
            } else {
                throw ExitWith(1, "\(report.problems.count) problem\(report.problems.count == 1 ? "" : "s") in \(summary)")
            }
        }
    }
}
