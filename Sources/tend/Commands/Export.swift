import ArgumentParser
import Foundation
import TendCore
import TendStore

extension Tend {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Take your book with you: CSV, JSON, a calendar (.ics), or cards for phones (.vcf, vdir).",
            discussion: """
                csv: one row per deal (stage, value, last touch, next step); `tend import` reads it back.
                json: the whole folded state (every touch, note, promise), keys sorted.
                ics: every next step and open promise as a calendar entry. Subscribe to the file and export \
                again to update it: entries keep their UIDs. --todos gives tasks instead of events.
                vcf: every contact as a vCard (3.0; --vcard 4.0 on request), for a phone or a CardDAV \
                server; owner, preferred channel, best time and needs ride in X-TEND-… properties, so \
                `tend import` of the file loses nothing.
                vdir: --out DIR gets one .vcf per contact named by its UID, written only when changed, \
                and the card of someone forgotten or merged removed: the folder vdirsyncer syncs to \
                any CardDAV server (and so to Android with DAVx⁵, or to an iPhone).

                Examples:
                  tend export --format csv --out book.csv
                  tend export --format ics --out ~/Calendars/tend.ics
                  tend export --format json --all > team.json
                  tend export --format csv --rep bob      (bob's book; default: yours)
                  tend export --format vcf --out book.vcf
                  tend export --format vdir --out ~/.contacts/tend
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "csv, json, ics, vcf or vdir.") var format: String
        @Flag(help: "The whole team's book.") var all = false
        @Option(help: "Write to this file (atomically) instead of standard output.") var out: String?
        @Flag(help: "ics: tasks (VTODO) instead of events.") var todos = false
        @Option(help: "vcf, vdir: the vCard version, 3.0 (default) or 4.0.") var vcard: String = "3.0"

        func validate() throws {
            guard ["csv", "json", "ics", "vcf", "vdir"].contains(format.lowercased()) else {
                throw CLIError("--format: expected csv, json, ics, vcf or vdir, not \"\(format)\"")
            }
            guard VCardExport.Version(rawValue: vcard) != nil else {
                throw CLIError("--vcard: 3.0 or 4.0, not \"\(vcard)\"")
            }
            if format.lowercased() == "vdir" && out == nil { throw CLIError("--format vdir needs --out DIR") }
            if all && global.rep != nil { throw CLIError("give --rep R or --all, not both") }
            if todos && format.lowercased() != "ics" { throw CLIError("--todos is for --format ics") }
        }

        func run() throws {
            let ctx = try Context.make(global)
            // --rep (a global option) picks whose book; --all takes everyone's.
            let who: String? = all ? nil : ctx.rep
            let include: (Contact) -> Bool = { who == nil || $0.owner == who }
            let version = VCardExport.Version(rawValue: vcard)!
            if format.lowercased() == "vdir" {
                do {
                    let r = try VCardExport.writeVdir(ctx.state, include: include, version: version, dir: out!)
                    print("\(out!): \(r.written) written, \(r.unchanged) unchanged, \(r.removed) removed")
                } catch let e as StoreError {
                    throw CLIError(e.description)
                }
                return
            }
            let text: String
            switch format.lowercased() {
            case "vcf":
                text = VCardExport.text(ctx.state, include: include, version: version)
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
