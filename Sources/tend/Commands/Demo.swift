import ArgumentParser
import Foundation
import TendCore
import TendStore

extension Tend {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "Try Tend on a sample team: 3 reps, ~40 contacts, a month of history.",
            discussion: """
                Creates the team in a fresh temporary folder (or --dir, which must be empty or a demo \
                folder made earlier: that one is opened again as it was left), then opens the terminal \
                UI as ann (prints ann's agenda when not on a terminal).
                Dates are relative to now (TEND_NOW is respected).
                Examples:
                  tend demo
                  tend demo --dir /tmp/team --no-open     (only create; prints the folder)
                  tend demo --scenario double-call        (the repeat-call story, with and without the guard)
                  tend demo --scenario double-call --team-url postgresql:///postgres   (across machines)
                  tend demo --generate --reps 20 --contacts 10000 --events 1000000 --seed 1 --dir /tmp/big --no-open
                  TEND_DIR=/tmp/team tend today --rep bob
                """)

        @Option(
            help: ArgumentHelp(
                "Where to create the demo data (empty or missing; a demo folder made earlier is reopened).",
                valueName: "path"))
        var dir: String?
        @Option(help: "Whose agenda to show: ann, bob or carol.") var rep: String = "ann"
        @Flag(name: .customLong("no-open"), help: "Only create the data and print its folder.") var noOpen = false
        @Option(help: "Colour theme for the terminal UI.") var theme: String?
        @Option(help: "Replay a story instead: double-call (three reps, one call list, with and without the guard).")
        var scenario: String?
        @Option(
            name: .customLong("team-url"),
            help: ArgumentHelp(
                "--scenario: run it across machines on this team server (an admin URL; a fresh schema is made "
                    + "and dropped).", valueName: "url"))
        var teamURL: String?
        @Flag(help: "Generate a large team for benchmarks instead (see --reps, --contacts, --events, --seed).")
        var generate = false
        @Option(help: "--generate: how many reps.") var reps = 20
        @Option(help: "--generate: how many contacts.") var contacts = 10_000
        @Option(help: "--generate: how many events in all.") var events = 1_000_000
        @Option(help: "--generate: the random seed (the same seed and TEND_NOW give the same files).") var seed:
            UInt64 = 1

        /// The file that tells a demo folder from real data: `tend demo --dir` reopens only these.
        static let marker = "demo"

        static func mark(_ path: String) throws {
            let text = "made by tend demo: `tend demo --dir \(path)` opens it again; real data never has this file\n"
            do { try AtomicFile.write(Data(text.utf8), to: path + "/" + marker) } catch {
                throw CLIError("\(path)/\(marker): \(error)")
            }
        }

        func validate() throws {
            if generate {
                guard reps >= 1, contacts >= 1, events >= contacts else {
                    throw CLIError("--generate needs --reps ≥ 1, --contacts ≥ 1 and --events ≥ --contacts")
                }
                return
            }
            if !DemoTeam.reps.contains(rep) {
                throw CLIError("--rep: the demo team is \(DemoTeam.reps.joined(separator: ", "))")
            }
        }

        func run() throws {
            let env = ProcessInfo.processInfo.environment
            if let scenario {
                guard scenario == "double-call" else {
                    throw CLIError("--scenario: unknown \"\(scenario)\"; the one scenario is double-call")
                }
                let keep = dir.map { DataDir.resolve(flag: $0, environment: env) }
                let clock = try Context.makeClock(env)
                if let teamURL {
                    print(try DoubleCallScenario.runTeam(url: teamURL, clock: clock, keep: keep))
                } else {
                    print(try DoubleCallScenario.run(clock: clock, keep: keep))
                }
                return
            }
            let path: String
            var reopen = false
            if let dir {
                path = DataDir.resolve(flag: dir, environment: env)
                let existing = (try? FileManager.default.contentsOfDirectory(atPath: path + "/log")) ?? []
                if !existing.isEmpty {
                    // A demo made earlier is opened again; real data is never touched.
                    guard FileManager.default.fileExists(atPath: path + "/" + Demo.marker) else {
                        throw CLIError(
                            "\(path) already holds logs and is not a demo folder; give an empty or new folder")
                    }
                    reopen = true
                }
            } else {
                path =
                    FileManager.default.temporaryDirectory.path + "/tend-demo-"
                    + String(UInt32.random(in: 0...UInt32.max), radix: 36)
            }
            let clock = try Context.makeClock(env)
            if reopen {
                if generate { throw CLIError("\(path) is a demo folder already; --generate needs an empty one") }
                if noOpen {
                    print(path)
                    return
                }
            }
            if generate, !reopen {
                let options = TeamGenerator.Options(reps: reps, contacts: contacts, events: events, seed: seed)
                let summary: TeamGenerator.Summary
                let bar = ProgressBar("generating events", ascii: asciiOutput)
                defer { bar.finish() }
                do {
                    summary = try TeamGenerator.write(to: path, options: options, now: clock.now, progress: bar.report)
                } catch let e
                    as StoreError
                { throw CLIError(e.description) }
                try Demo.mark(path)
                print(
                    "\(path): \(summary.events) events, \(summary.reps.count) reps "
                        + "(\(summary.reps.first!)…\(summary.reps.last!)), \(contacts) contacts, "
                        + "\(summary.bytes / 1_048_576) MB"
                )
                if noOpen { return }
            }
            do {
                if !generate && !reopen {
                    try DemoTeam.write(to: try Store.open(dir: path, now: clock.now), clock: clock)
                }
            } catch let e as StoreError {
                throw CLIError(e.description)
            }
            if !reopen { try Demo.mark(path) }
            if noOpen {
                print(path)
                return
            }
            var g = GlobalOptions()
            g.dir = path
            g.rep = rep
            let ctx = try Context.make(g)
            if isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 {
                try openUI(ctx, theme: theme)
                print("Demo data: \(path)   (TEND_DIR=\(path) tend  opens it again)")
                return
            }
            let agenda = Agenda.build(ctx.state, rep: rep, settings: ctx.settings, clock: ctx.clock)
            let title = "Demo · today for \(rep)"
            print(AgendaText.render(agenda, title: title, clock: ctx.clock, me: rep, showOwner: false))
            print("")
            print("Demo data: \(path)")
            print("Try:  export TEND_DIR=\(path) TEND_REP=\(rep)")
            print(
                "      tend show \"Dana Wu\"   tend list --stage quoted   tend log dana --via call --outcome no-answer")
        }
    }
}
