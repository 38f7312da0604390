import Foundation
import TendCore
import TendStore
import TendUI

/// What is personal, not the team's: keys, mouse and theme (and the team server URL, read by
/// TendTeam). Read from the data dir's config.toml, then `$XDG_CONFIG_HOME/tend/config.toml`
/// (default `~/.config/tend/config.toml`), the personal file winning; a flag or the environment
/// wins over both. A broken `[keys]` or `[ui]` never stops a command: the TUI says what is wrong
/// and uses the defaults.
struct PersonalConfig {
    var keys: (bindings: [Binding], modes: [ModeBinding])?
    var mouse = true
    var theme: String?
    /// What was wrong, `file:line: …`, for the TUI to show.
    var problems: [String] = []

    static func load(dataDir: String, environment env: [String: String]) -> PersonalConfig {
        var out = PersonalConfig()
        var keys: [String: MiniTOML.Value] = [:], places: [String: String] = [:]
        for path in [dataDir + "/config.toml", DataDir.personalConfigPath(env)] {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            // Named as the rep knows them: the data dir's file by its name, the personal one from ~.
            let home = env["HOME"] ?? NSHomeDirectory()
            let shown =
                path == dataDir + "/config.toml"
                ? "config.toml" : path.hasPrefix(home + "/") ? "~" + path.dropFirst(home.count) : path
            let table: [String: MiniTOML.Value], lines: [String: Int]
            do { (table, lines) = try MiniTOML.parseWithLines(text, file: shown) } catch {
                // The data dir's file is checked (and refused) by every command already.
                if path != dataDir + "/config.toml" { out.problems.append("\(error) · default keys in use") }
                continue
            }
            for (name, value) in table["keys"]?.table ?? [:] {
                keys[name] = value
                places[name] = "\(shown):\(lines["keys.\(name)"] ?? 1)"
            }
            if let v = table["ui"]?.table?["mouse"] {
                if let b = v.bool {
                    out.mouse = b
                } else {
                    out.problems.append("\(shown):\(lines["ui.mouse"] ?? 1): [ui] mouse is true or false")
                }
            }
            if path != dataDir + "/config.toml", let t = table["theme"]?.string { out.theme = t }
        }
        if !keys.isEmpty {
            do { out.keys = try KeyConfig.apply(keys, places: places) } catch {
                out.problems.append("\(error) · default keys in use")
            }
        }
        return out
    }
}
