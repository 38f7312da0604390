import ArgumentParser

/// Options every command takes: where the data is and who is working.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long, help: ArgumentHelp("Data dir (default: $TEND_DIR, else ~/.local/share/tend).", valueName: "path"))
    var dir: String?

    @Option(
        name: .long, help: ArgumentHelp("Who you are (default: $TEND_REP, else $USER).", valueName: "name"),
        completion: ShellCompletion.reps)
    var rep: String?
}

/// `--json` for listing commands, for scripts.
struct JSONOption: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false
}
