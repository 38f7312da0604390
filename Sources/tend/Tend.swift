import ArgumentParser
import Foundation
import TendCore
import TendStore

/// `tend`: the follow-up desk. Each subcommand lives in its own file under Commands/.
@main
struct Tend: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Every command names itself: argument-parser derives a missing name with String(describing:),
        // whose dynamic casts scan every protocol conformance in the binary (56 % of `tend --version`).
        commandName: "tend",
        abstract: "A terminal follow-up desk for small sales teams.",
        discussion: """
            Every touch and every promise, in one shared record.

            Start with `tend demo` to try it on a sample team, `tend today` for your agenda.
            Data lives in --dir, else $TEND_DIR, else $XDG_DATA_HOME/tend (~/.local/share/tend).
            Environment: TEND_REP (who you are, default $USER), TEND_NOW (pinned clock, ISO 8601), TZ.
            Dates: \(DateInput.help).
            """,
        version: "0.1.0",
        subcommands: [
            UI.self, Today.self, Show.self, List.self,
            Add.self, DealCommand.self, Quote.self, Won.self, Lost.self, Nurture.self, Prospect.self,
            Call.self, Log.self, Note.self, Promise.self, Done.self, Drop.self, Next.self, Release.self, Assign.self,
            ReviewCommand.self, Report.self, Import.self, Export.self, Sync.self, Team.self, Check.self, Forget.self,
            Merge.self, Stop.self, Away.self,
            Demo.self,
            StressAppend.self,
        ],
        defaultSubcommand: UI.self
    )

    /// Like ArgumentParser's, but errors that carry their own exit code (guard refusals: 3) keep it.
    static func main() {
        if let typo = Typo.unknownCommand(Array(CommandLine.arguments.dropFirst())) {
            FileHandle.standardError.write(Data("Error: \(typo)\n".utf8))
            Foundation.exit(64)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
            // A snapshot list failed its checksum while the command read it: what it printed may be
            // wrong, and the store refused every write from then on. The snapshot is gone; a rerun
            // folds the logs.
            if let damage = SnapshotDamage.found {
                FileHandle.standardError.write(
                    Data("Error: \(damage); what was shown may be wrong: run it again\n".utf8))
                Foundation.exit(70)
            }
        } catch let e as ExitWith {
            FileHandle.standardError.write(Data("Error: \(e.description)\n".utf8))
            Foundation.exit(e.code)
        } catch {
            exit(withError: error)
        }
    }
}
