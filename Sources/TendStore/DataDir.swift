import Foundation

/// Where the store lives: `--dir`, else `$TEND_DIR`, else `$XDG_DATA_HOME/tend`, else `~/.local/share/tend`.
public enum DataDir {
    /// The rep's own settings file (keys, mouse, theme, the team server URL):
    /// `$XDG_CONFIG_HOME/tend/config.toml`, else `~/.config/tend/config.toml`.
    public static func personalConfigPath(_ env: [String: String]) -> String {
        if let x = env["XDG_CONFIG_HOME"], !x.isEmpty { return x + "/tend/config.toml" }
        return (env["HOME"] ?? NSHomeDirectory()) + "/.config/tend/config.toml"
    }

    public static func resolve(flag: String?, environment: [String: String]) -> String {
        if let f = flag, !f.isEmpty { return absolute(f) }
        if let d = environment["TEND_DIR"], !d.isEmpty { return absolute(d) }
        if let x = environment["XDG_DATA_HOME"], !x.isEmpty { return absolute(x) + "/tend" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/tend"
    }

    static func absolute(_ path: String) -> String {
        var p = (path as NSString).expandingTildeInPath
        if !p.hasPrefix("/") { p = FileManager.default.currentDirectoryPath + "/" + p }
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p
    }

    /// A rep name becomes a file name, so it is kept to letters, digits and `-_.`, not starting with a dot.
    public static func validRep(_ rep: String) -> Bool {
        guard !rep.isEmpty, rep.count <= 64, !rep.hasPrefix(".") else { return false }
        return rep.unicodeScalars.allSatisfy { u in
            (u.value < 128 && (CharacterSet.alphanumerics.contains(u))) || u == "-" || u == "_" || u == "."
        }
    }
}
