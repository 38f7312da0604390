import ArgumentParser
import Foundation
import TendCore
import TendShell
import TendStore
import TendTerminal
import TendUI

extension Tend {
    struct UI: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ui",
            abstract: "Open the terminal UI (the default when tend is run with no command).",
            discussion: """
                Today (1), Board (2), Review (3) and Stats (4), and a contact with Enter; ? lists every key.
                Examples:
                  tend
                  tend ui --theme light
                  NO_COLOR=1 tend
                """)

        @OptionGroup var global: GlobalOptions
        @Option(
            help: ArgumentHelp(
                "Colour theme: default, light, high-contrast, mono, or a .toml path (also $TEND_THEME).",
                valueName: "name"))
        var theme: String?

        func run() throws {
            // The first frame from the rep's agenda alone; the whole book follows on another thread.
            let ctx = try Context.make(global, agendaOnly: true)
            try openUI(ctx, theme: theme)
        }
    }
}

/// Starts the TUI on a context; exits with its code.
func openUI(_ ctx: Context, theme flag: String?, screen: TendUI.Screen = .today) throws {
    let env = ProcessInfo.processInfo.environment
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
        throw CLIError("the terminal UI needs a terminal; for scripts use `tend today`, `tend show` and `--json`")
    }
    // One rep's agenda: the other reps' promises are read once the first frame is painted.
    let wholeBook = ctx.store.promisesLeft.map { left in BookLoader(startNow: false) { try left.read() } }
    let personal = PersonalConfig.load(dataDir: ctx.store.dir, environment: env)
    if let keys = personal.keys {
        KeyMap.bindings = keys.bindings
        KeyMap.modeBindings = keys.modes
    }
    let theme = ThemeLoader.load(flag ?? env["TEND_THEME"] ?? personal.theme ?? ctx.settings.theme, warn: { warn($0) })
    let pinned = env["TEND_NOW"].map { !$0.isEmpty } ?? false
    let terminal: Terminal
    do {
        terminal = try Terminal(
            theme: theme, noColor: env["NO_COLOR"].map { !$0.isEmpty } ?? false, mouse: personal.mouse)
    } catch {
        throw CLIError("\(error)")
    }
    let shell = Shell(
        store: ctx.store, rep: ctx.rep, clock: ctx.clock, pinned: pinned, terminal: terminal, environment: env,
        team: TeamSession.client(ctx.store.dir, rep: ctx.rep), wholeBook: wholeBook)
    if screen != .today { shell.show(screen) }
    for problem in personal.problems { shell.pin(problem) }
    let code = shell.run()
    if code != 0 { throw ExitCode(code) }
}

/// Finds a theme by name or path: the compiled-in ones, then Themes/ next to the working folder or
/// the binary. A broken theme is reported (file:line) and the default is used.
enum ThemeLoader {
    static func load(_ spec: String?, warn: (String) -> Void) -> Theme {
        guard let spec, !spec.isEmpty else { return .dark }
        var candidates: [String] = []
        if spec.contains("/") || spec.hasSuffix(".toml") {
            candidates = [spec]
        } else {
            if spec == "default" || spec == "dark" { return .dark }
            let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
                .deletingLastPathComponent()
            candidates = [FileManager.default.currentDirectoryPath + "/Themes/\(spec).toml"]
            var dir = exe
            for _ in 0..<4 {
                candidates.append(dir.path + "/Themes/\(spec).toml")
                dir = dir.deletingLastPathComponent()
            }
            if spec == "mono" { return .mono }
        }
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            do {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                return try Theme.parse(text, file: path)
            } catch {
                warn("\(error); using the default theme")
                return .dark
            }
        }
        warn("theme \"\(spec)\" not found (looked for \(candidates.first ?? spec)); using the default theme")
        return .dark
    }
}
