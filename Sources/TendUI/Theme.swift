import Foundation
import TendCore

/// How one role looks: a 256-colour index, an 8-colour fallback, and attributes that carry the
/// meaning when there is no colour at all.
public struct Style: Equatable, Sendable {
    public var fg: Int?
    public var bg: Int?
    public var fg8: Int?
    public var bg8: Int?
    public var bold = false
    public var underline = false
    public var reverse = false
    public var dim = false

    public init(
        fg: Int? = nil, bg: Int? = nil, fg8: Int? = nil, bg8: Int? = nil, bold: Bool = false,
        underline: Bool = false, reverse: Bool = false, dim: Bool = false
    ) {
        self.fg = fg; self.bg = bg; self.fg8 = fg8; self.bg8 = bg8
        self.bold = bold; self.underline = underline; self.reverse = reverse; self.dim = dim
    }
}

/// The terminal's colour depth, decided by the terminal layer (COLORS, NO_COLOR).
public enum ColorMode: Sendable { case none, eight, full }

/// Semantic roles mapped to styles. Themes live in Themes/*.toml; the default is compiled in so a
/// missing folder still works.
public struct Theme: Equatable, Sendable {
    public var name: String
    public var styles: [Role: Style]

    public func style(_ role: Role) -> Style { styles[role] ?? styles[.normal] ?? Style() }

    /// 8-colour indices, as curses numbers them.
    static let colors8 = [
        "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
    ]

    public static let dark = Theme(
        name: "default",
        styles: [
            .normal: Style(),
            .header: Style(fg: 231, bg: 24, fg8: 7, bg8: 4, bold: true),
            .title: Style(fg: 117, fg8: 6, bold: true),
            .selection: Style(fg: 231, bg: 238, fg8: 0, bg8: 7),
            .muted: Style(fg: 245, fg8: 7, dim: true),
            .key: Style(fg: 222, fg8: 3, bold: true),
            .overdue: Style(fg: 203, fg8: 1, bold: true),
            .today: Style(fg: 114, fg8: 2, bold: true),
            .future: Style(fg: 245, fg8: 7, dim: true),
            .noNextStep: Style(fg: 221, fg8: 3, underline: true),
            .guarded: Style(fg: 242, fg8: 7, dim: true),
            .claimed: Style(fg: 176, fg8: 5, dim: true),
            .money: Style(fg: 151, fg8: 2),
            .warning: Style(fg: 214, fg8: 3, bold: true),
            .error: Style(fg: 231, bg: 124, fg8: 7, bg8: 1, bold: true),
            .match: Style(fg: 16, bg: 221, fg8: 0, bg8: 3, bold: true),
        ])

    /// Attributes only: what every role looks like with `NO_COLOR` or on a mono terminal.
    public static let mono = Theme(
        name: "mono",
        styles: [
            .normal: Style(),
            .header: Style(reverse: true),
            .title: Style(bold: true),
            .selection: Style(reverse: true),
            .muted: Style(dim: true),
            .key: Style(bold: true),
            .overdue: Style(bold: true),
            .today: Style(bold: true),
            .future: Style(dim: true),
            .noNextStep: Style(underline: true),
            .guarded: Style(dim: true),
            .claimed: Style(dim: true),
            .money: Style(),
            .warning: Style(bold: true),
            .error: Style(bold: true, reverse: true),
            .match: Style(bold: true, underline: true),
        ])

    public static let builtIn: [String: Theme] = ["default": dark, "dark": dark, "mono": mono]

    public struct LoadError: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// Reads a theme file. Roles left out keep the default's style.
    public static func parse(_ text: String, file: String) throws -> Theme {
        let table: [String: MiniTOML.Value]
        do {
            table = try MiniTOML.parse(text, file: file)
        } catch let e as MiniTOML.Error {
            throw LoadError(description: e.description)
        }
        func line(of key: String) -> Int {
            let lines = text.components(separatedBy: "\n")
            return (lines.firstIndex { $0.contains(key) } ?? 0) + 1
        }
        var theme = Theme.dark
        theme.name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        for key in table.keys.sorted() {
            guard let role = Role(rawValue: key) else {
                throw LoadError(
                    description:
                        "\(file):\(line(of: "[" + key)): unknown role \"\(key)\"; roles: "
                        + "\(Role.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            guard let t = table[key]?.table else {
                throw LoadError(description: "\(file):\(line(of: key)): \"\(key)\" must be a table like [\(key)]")
            }
            theme.styles[role] = try style(t, key: key, file: file, line: line)
        }
        return theme
    }

    /// One role's table: colours (256 and 8) and attributes, each checked.
    static func style(
        _ t: [String: MiniTOML.Value], key: String, file: String, line: (String) -> Int
    ) throws -> Style {
        var s = Style()
        for field in t.keys.sorted() {
            let v = t[field]!
            func colour256() throws -> Int {
                guard let n = v.int, (0...255).contains(n) else {
                    throw LoadError(
                        description: "\(file):\(line(field)): \(key).\(field) must be a colour number 0–255")
                }
                return n
            }
            func colour8() throws -> Int {
                guard let name = v.string?.lowercased(), let n = colors8[name] else {
                    throw LoadError(
                        description:
                            "\(file):\(line(field)): \(key).\(field) must be one of "
                            + "\(colors8.keys.sorted().joined(separator: ", "))"
                    )
                }
                return n
            }
            func flag() throws -> Bool {
                guard let b = v.bool else {
                    throw LoadError(
                        description: "\(file):\(line(field)): \(key).\(field) must be true or false")
                }
                return b
            }
            switch field {
            case "fg": s.fg = try colour256()
            case "bg": s.bg = try colour256()
            case "fg8": s.fg8 = try colour8()
            case "bg8": s.bg8 = try colour8()
            case "bold": s.bold = try flag()
            case "underline": s.underline = try flag()
            case "reverse": s.reverse = try flag()
            case "dim": s.dim = try flag()
            default:
                throw LoadError(
                    description:
                        "\(file):\(line(field)): unknown key \"\(field)\" in [\(key)]; use fg, bg, fg8, "
                        + "bg8, bold, underline, reverse, dim"
                )
            }
        }
        return s
    }
}
