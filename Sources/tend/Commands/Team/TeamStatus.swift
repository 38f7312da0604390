import ArgumentParser
import Foundation
import TendCore
import TendStore
import TendTeam

extension Tend {
    struct TeamStatus: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Is the team server reachable, how far is this machine, and what is waiting to be sent.",
            discussion: """
                Exit 1 when the server cannot be reached. Warns when the server's clock and this \
                machine's differ by more than 2 s (claims are refused beyond 2 minutes).
                Example:
                  tend team status
                """)
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let ctx = try Context.make(global, skipTeam: true)
            guard let server = TeamSession.server(ctx.store.dir) else {
                print("no team server configured: this data dir is plain files (set TEND_TEAM_URL or [team] url)")
                return
            }
            let waiting = TeamStateView.waiting(ctx.store)
            let report: TeamReport
            do {
                report = try server.report(try server.connect(timeoutMs: 2000, application: "tend:admin"))
            } catch let e as TeamError {
                let last = TeamStateView.lastPull(ctx.store.dir).map { ctx.clock.describe($0) } ?? "never"
                print("not connected: \(e.description)")
                print("last pull that reached the server: \(last)")
                print(waitingLine(waiting))
                throw ExitWith(1, "team server unreachable")
            }
            let version = report.version.map { "version \($0)" } ?? "not set up: run tend team init"
            let kind = report.testClock ? ", test clock" : ""
            print(
                "connected to the team server (schema \(server.schema), \(version)\(kind)): "
                    + "\(report.events) events; this machine has read up to #\(TeamStateView.pulled(ctx.store.dir))")
            let skew = report.serverNow.ms - Timestamp(Date()).ms
            print("server clock: \(abs(skew) < 1000 ? "in step with this machine's" : skewText(skew))")
            print(waitingLine(waiting))
            print("online now: \(report.online.isEmpty ? "nobody else" : report.online.joined(separator: ", "))")
            if !report.streams.isEmpty {
                print("newest event received, per stream:")
                let width = report.streams.map(\.stream.count).max() ?? 0
                for s in report.streams {
                    let name = s.stream.padding(toLength: width, withPad: " ", startingAt: 0)
                    print("  \(name)  \(s.events) events, newest \(ctx.clock.describe(s.newest))")
                }
            }
            if abs(skew) > 2000 {
                warn(
                    "the server's clock and this machine's differ by \(abs(skew) / 1000) s"
                        + (abs(skew) > 120_000 && !report.testClock ? ": the server refuses this machine's claims" : "")
                )
            }
        }

        func waitingLine(_ files: [String]) -> String {
            files.isEmpty
                ? "nothing waiting to be sent"
                : "waiting to be sent: " + files.map { "log/" + $0 }.joined(separator: ", ")
        }

        func skewText(_ ms: Int64) -> String {
            "\(abs(ms) / 1000) s \(ms > 0 ? "ahead of" : "behind") this machine's"
        }
    }
}
