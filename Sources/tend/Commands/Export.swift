import ArgumentParser
import Foundation
import TendCore
import TendStore

extension Tend {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take your book with you: CSV for a spreadsheet, JSON of everything, or a calendar (.ics).",
            discussion: """
                csv: one row per deal (stage, value, last touch, next step); `tend import` reads it back.
                json: the whole folded state (every touch, note, promise), keys sorted.
                ics: every next step and open promise as a calendar entry. Subscribe to the file and export \
                again to update it: entries keep their UIDs. --todos gives tasks instead of events.

                Examples:
                  tend export --format csv --out book.csv
                  tend export --format ics --out ~/Calendars/tend.ics
                  tend export --format json --all > team.json
                  tend export --format csv --rep bob      (bob's book; default: yours)
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "csv, json or ics.") var format: String
        @Flag(help: "The whole team's book.") var all = false
        @Option(help: "Write to this file (atomically) instead of standard output.") var out: String?
        @Flag(help: "ics: tasks (VTODO) instead of events.") var todos = false

        func validate() throws {
            guard ["csv", "json", "ics"].contains(format.lowercased()) else {
                throw CLIError("--format: expected csv, json or ics, not \"\(format)\"")
            }
            if all && global.rep != nil { throw CLIError("give --rep R or --all, not both") }
            if todos && format.lowercased() != "ics" { throw CLIError("--todos is for --format ics") }
        }

        func run() throws {
            let ctx = try Context.make(global)
            // --rep (a global option) picks whose book; --all takes everyone's.
            let who: String? = all ? nil : ctx.rep
            let include: (Contact) -> Bool = { who == nil || $0.owner == who }
            let text: String
            switch format.lowercased() {
            case "csv":
                text = try CSVExport.text(ctx.state, clock: ctx.clock, include: include)
            case "json":
                text = StateJSON.encode(ctx.state, include: include).pretty + "\n"
            default:
                text = ICalendar.text(
                    ctx.state, clock: ctx.clock,
                    options: ICalendar.Options(todos: todos, rep: who, alarmMinutes: ctx.settings.alarmMinutes))
            }
            guard let out else {
                FileHandle.standardOutput.write(Data(text.utf8))
                return
            }
            do {
                try AtomicFile.write(Array(text.utf8), to: out, mode: 0o600)
            } catch let e as StoreError {
                throw CLIError("\(e.description); nothing was exported")
            }
            FileHandle.standardError.write(Data("wrote \(out)\n".utf8))
        }
    }
}
