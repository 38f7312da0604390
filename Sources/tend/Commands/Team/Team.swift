import ArgumentParser
import TendTeam

extension Tend {
    struct Team: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "team",
            abstract: "The optional team server (PostgreSQL): set it up, add reps, see how this machine stands.",
            discussion: """
                The server is TEND_TEAM_URL, else `[team] url` in ~/.config/tend/config.toml (yours), \
                else in the data dir's config.toml: any libpq connection string or URL. Keep passwords \
                in ~/.pgpass, never in the data dir. Without a server, Tend is the plain-file tool.
                With one, every command sends this machine's new events and brings the others' before \
                it answers, waiting at most 300 ms for the server; claims are decided on the server.
                Examples:
                  TEND_TEAM_URL=postgresql://admin@db.example/tend tend team init
                  tend team add-rep bob
                  tend team status
                """,
            subcommands: [TeamInit.self, TeamAddRep.self, TeamRemoveRep.self, TeamStatus.self])
    }
}

/// The frame of the admin commands (init, add-rep, remove-rep): this data dir, its team server, a
/// connection with a longer wait than a capture command's (these are run on purpose), and the
/// server's errors as one line.
func onTeamServer<T>(
    _ global: GlobalOptions, _ body: (Context, TendTeam.TeamServer, TendTeam.PGConnection) throws -> T
) throws -> T {
    let ctx = try Context.make(global, skipTeam: true)
    let server = try TeamSession.required(ctx.store.dir)
    do {
        return try body(ctx, server, try server.connect(timeoutMs: 5000, application: "tend:admin"))
    } catch let e as TendTeam.TeamError {
        throw CLIError(e.description)
    }
}
