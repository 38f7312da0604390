import ArgumentParser
import Foundation
import TendCore
import TendStore
import TendTeam

extension Tend {
    struct TeamInit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create or upgrade the team's schema, store the team's rules, publish this data dir's history.",
            discussion: """
                Idempotent: run it again after an upgrade, or to change the team's rules ([guard] and \
                [cadence] of this data dir's config.toml, and this machine's time zone for daily caps):
                every machine then decides by them. Run it with a connection that owns the schema.
                --test-clock is for tests and the demo, where TEND_NOW is pinned: the server then \
                accepts claims from clocks far from its own.
                Example:
                  tend team init
                """)
        @OptionGroup var global: GlobalOptions
        @Flag(name: .customLong("test-clock"), help: "A team for tests and demos (pinned clocks).") var testClock =
            false

        func run() throws {
            try onTeamServer(global) { ctx, server, c in
                try server.initialize(
                    c,
                    settings: [
                        "settings": TeamSettings.text(of: ctx.settings), "time_zone": TimeZone.current.identifier,
                    ], testClock: testClock)
                // Everything this data dir holds (every stream: a first machine may carry the team's history).
                let files = try ctx.store.logFiles().filter { !ctx.store.replicas.contains($0) }
                let sent = try server.publish(
                    c, dataDir: ctx.store.dir, streams: files, timeoutMs: 60_000,
                    progress: TeamSession.progressPrinter("published"))
                TeamSession.endProgress()
                print(
                    "team schema \(server.schema) ready (version \(TeamServer.schemaVersion)); \(sent) events published"
                )
            }
        }
    }
}
