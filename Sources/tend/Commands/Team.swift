import ArgumentParser
import Foundation
import TendCore
import TendStore
import TendTeam

extension Tend {
    struct Team: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The optional team server (PostgreSQL): set it up, add reps, see how this machine stands.",
            discussion: """
                The server is TEND_TEAM_URL, else `[team] url` in config.toml (any libpq connection string
                or URL; keep passwords in ~/.pgpass, never in the data dir). Without one, Tend is the
                plain-file tool. With one, every command sends this machine's new events and brings
                the others' before it answers, waiting at most 300 ms for the server.
                Examples:
                  TEND_TEAM_URL=postgresql://admin@db.example/tend tend team init
                  tend team add-rep bob
                  tend team status
                """,
            subcommands: [TeamInit.self, TeamAddRep.self, TeamStatus.self])
    }

    struct TeamInit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create or upgrade the team's schema and publish this data dir's history.",
            discussion: """
                Idempotent: run it again after an upgrade. Run it with a connection that owns the schema.
                --test-clock is for tests and the demo, where TEND_NOW is pinned.
                Example:
                  tend team init
                """)
        @OptionGroup var global: GlobalOptions
        @Flag(name: .customLong("test-clock"), help: "A team for tests and demos (pinned clocks).") var testClock =
            false

        func run() throws {
            let ctx = try Context.make(global, skipTeam: true)
            let server = try TeamSession.required(ctx.store.dir)
            do {
                let c = try server.connect(timeoutMs: 5000)
                let g = ctx.settings.guardRule
                try server.initialize(
                    c,
                    settings: [
                        "guard.window_minutes": String(g.windowMinutes), "guard.max_per_day": String(g.maxPerDay),
                        "guard.claim_minutes": String(g.claimMinutes), "time_zone": TimeZone.current.identifier,
                    ], testClock: testClock)
                // Everything this data dir holds (every stream: a first machine may carry the team's history).
                let sent = try server.publish(
                    c, dataDir: ctx.store.dir, streams: try ctx.store.logFiles(), timeoutMs: 60_000)
                print(
                    "team schema \(server.schema) ready (version \(TeamServer.schemaVersion)); \(sent) events published"
                )
            } catch let e as TeamError {
                throw CLIError(e.description)
            }
        }
    }

    struct TeamAddRep: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-rep",
            abstract: "Create a rep's login role (its inserts are limited to its own rep's events).",
            discussion: """
                Run with a connection that may create roles. Give the rep their own connection string
                (user = the role printed here); their password belongs in their ~/.pgpass.
                Example:
                  tend team add-rep bob
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The rep's name, as in TEND_REP.") var name: String

        func run() throws {
            let ctx = try Context.make(global, skipTeam: true)
            let server = try TeamSession.required(ctx.store.dir)
            do {
                let role = try server.addRep(try server.connect(timeoutMs: 5000), rep: name)
                print("rep \(name) logs in as role \(role): give them a connection string with user=\(role)")
            } catch let e as TeamError {
                throw CLIError(e.description)
            }
        }
    }

    struct TeamStatus: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Is the team server reachable, how far is this machine, and what is waiting to be sent.",
            discussion: """
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
            let published = TeamStateView.published(ctx.store.dir)
            var waiting = 0
            for (_, file) in ctx.store.machineStreams {
                let size =
                    (try? FileManager.default.attributesOfItem(atPath: ctx.store.logDir + "/" + file)[.size] as? Int)
                    ?? 0
                if size > (published[file] ?? 0) { waiting += 1 }
            }
            do {
                let c = try server.connect(timeoutMs: 2000)
                let rows = try c.query(
                    "SELECT count(*), coalesce(max(seq), 0), (extract(epoch from now()) * 1000)::bigint FROM "
                        + "\(server.schema).events"
                )
                let count = rows.first?[0] ?? "0", serverMs = Int64(rows.first?[2] ?? "") ?? 0
                let skew = abs(serverMs - Timestamp(Date()).ms)
                print(
                    "connected to the team server (schema \(server.schema)): \(count) events; this machine has "
                        + "pulled up to \(TeamStateView.pulled(ctx.store.dir))"
                )
                print(
                    waiting == 0
                        ? "nothing waiting to be sent"
                        : "\(waiting) stream\(waiting == 1 ? "" : "s") with events waiting to be sent")
                if skew > 2000 { warn("the server's clock and this machine's differ by \(skew / 1000) s") }
            } catch let e as TeamError {
                throw ExitWith(1, "\(e.description)")
            }
        }
    }
}
