import ArgumentParser
import Foundation
import TendStore

extension Tend {
    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sync",
            abstract: "Share the data dir with the team through git: commit your log, pull, push.",
            discussion: """
                Only your own log (log/REP.jsonl) is ever committed; since each file has one writer, \
                a pull never conflicts. If git does report a conflict (a file edited by hand), sync \
                stops and changes nothing.
                Examples:
                  tend sync --init git@example.com:team/tend-data.git     (once per machine)
                  tend sync
                """)

        @OptionGroup var global: GlobalOptions
        @Option(
            name: .customLong("init"),
            help: ArgumentHelp("Set up: clone REMOTE (or connect this folder to it).", valueName: "remote"))
        var remote: String?

        func run() throws {
            let env = ProcessInfo.processInfo.environment
            let dir = DataDir.resolve(flag: global.dir, environment: env)
            let configured = (try? ConfigFile.load(dir: dir))?.rep
            let rep =
                global.rep ?? env["TEND_REP"].flatMap { $0.isEmpty ? nil : $0 } ?? configured ?? env["USER"] ?? "me"
            guard DataDir.validRep(rep) else { throw CLIError("bad rep name \"\(rep)\": use letters, digits and -_.") }
            // A data dir meets its team either through git or through a team server, not both.
            if TeamSession.server(dir) != nil {
                throw CLIError(
                    "this data dir shares through the team server (TEND_TEAM_URL or [team] url): every command "
                        + "already sends and receives; tend sync is for git-shared data dirs"
                )
            }
            let sync = GitSync(dir: dir, rep: rep)
            do {
                if let remote {
                    try FileManager.default.createDirectory(
                        atPath: (dir as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    print(try sync.initialize(remote: remote))
                } else {
                    print(try sync.sync().summary)
                }
            } catch let e as StoreError {
                throw CLIError(e.description)
            }
        }
    }
}
