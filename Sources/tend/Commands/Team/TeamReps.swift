import ArgumentParser
import Foundation
import TendCore
import TendStore
import TendTeam

extension Tend {
    struct TeamAddRep: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-rep",
            abstract: "Create a rep's login role (its inserts are limited to its own rep's events).",
            discussion: """
                Run with a connection that may create roles. Give the rep their own connection string \
                (user = the role printed here); their password belongs in their ~/.pgpass.
                Example:
                  tend team add-rep bob
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The rep's name, as in TEND_REP.") var name: String

        func run() throws {
            try onTeamServer(global) { _, server, c in
                let role = try server.addRep(c, rep: name)
                print("rep \(name) logs in as role \(role): give them a connection string with user=\(role)")
                print(
                    "  for example, in their ~/.config/tend/config.toml: "
                        + "[team] url = \"postgresql://\(role)@HOST/DATABASE\""
                )
            }
        }
    }

    struct TeamRemoveRep: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove-rep",
            abstract: "Take a departing rep's access away (their events stay in the team's history).",
            discussion: """
                Their role can no longer log in or write, and their open sessions end. Move their book \
                to someone else with `tend assign --from NAME --to OTHER --all`.
                Example:
                  tend team remove-rep bob
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The rep's name, as in TEND_REP.") var name: String

        func run() throws {
            try onTeamServer(global) { _, server, c in
                guard try server.removeRep(c, rep: name) else {
                    throw CLIError("no role for rep \(name) on the team server (\(server.role(of: name)))")
                }
                print("rep \(name) removed: role \(server.role(of: name)) can no longer log in or write")
            }
        }
    }
}
