import ArgumentParser
import TendTeam

extension Tend {
    struct Team: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The optional team server (PostgreSQL): set it up, add reps, see how this machine stands.",
            discussion: """
                The server is TEND_TEAM_URL, else `[team] url` in ~/.config/tend/config.toml (yours),
                else in the data dir's config.toml: any libpq connection string or URL. Keep passwords
                in ~/.pgpass, never in the data dir. Without a server, Tend is the plain-file tool.
                With one, every command sends this machine's new events and brings the others' before
                it answers, waiting at most 300 ms for the server; claims are decided on the server.
                Examples:
                  TEND_TEAM_URL=postgresql://admin@db.example/tend tend team init
                  tend team add-rep bob
                  tend team status
                """,
            subcommands: [TeamInit.self, TeamAddRep.self, TeamRemoveRep.self, TeamStatus.self])
    }
}

/// A team command's connection: a longer wait than a capture command's (these are run on purpose).
func adminConnection(_ server: TendTeam.TeamServer) throws -> TendTeam.PGConnection {
    do {
        return try server.connect(timeoutMs: 5000, application: "tend:admin")
    } catch let e as TendTeam.TeamError {
        throw CLIError(e.description)
    }
}
