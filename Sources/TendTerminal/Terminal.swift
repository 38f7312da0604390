import CNCurses
import TendUI

#if canImport(Glibc)
import Glibc
#endif

/// The only code that talks to ncurses: it paints Grids (only the cells that changed), reads keys
/// with a timeout, and puts the terminal back as it found it.
public final class Terminal: TerminalIO {
    public private(set) var colorMode: ColorMode = .none
    private var theme: Theme
    private var previous: Grid?
    private var looks: [Role: (attrs: attr_t, pair: Int16)] = [:]
    private var open = false

    /// Starts curses on the controlling terminal. `noColor` (NO_COLOR) keeps to attributes only.
    public init(theme: Theme, noColor: Bool) throws {
        self.theme = theme
        setlocale(LC_ALL, "")  // before newterm, or wide characters print as M-C~ garbage
        guard newterm(nil, stdout, stdin) != nil else {
            throw TerminalError(
                description:
                    "cannot start the terminal UI (TERM=\(getenv("TERM").map { String(cString: $0) } ?? "unset"))")
        }
        open = true
        // A terminal that cannot move the cursor (TERM=dumb) would get a smear of text, not a screen.
        let cup = tigetstr("cup")
        if cup == nil || Int(bitPattern: cup) == -1 {
            close()
            throw TerminalError(
                description:
                    "this terminal (TERM=\(getenv("TERM").map { String(cString: $0) } ?? "unset")) cannot move the "
                    + "cursor; use `tend today` and `tend show` instead"
            )
        }
        raw()
        noecho()
        nonl()
        keypad(tend_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        if !noColor && has_colors() {
            start_color()
            use_default_colors()
            colorMode = tend_colors() >= 256 ? .full : tend_colors() >= 8 ? .eight : .none
        }
        setUpLooks()
    }

    deinit { close() }

    /// Ends curses: the screen, cursor and modes come back as they were.
    public func close() {
        guard open else { return }
        open = false
        curs_set(1)
        endwin()
    }

    public var size: (width: Int, height: Int) {
        (Int(tend_getmaxx(tend_stdscr())), Int(tend_getmaxy(tend_stdscr())))
    }

    private func setUpLooks() {
        for (i, role) in Role.allCases.enumerated() {
            let style = colorMode == .none ? Theme.mono.style(role) : theme.style(role)
            var attrs = tend_a_normal()
            if style.bold { attrs |= tend_a_bold() }
            if style.underline { attrs |= tend_a_underline() }
            if style.reverse { attrs |= tend_a_reverse() }
            if style.dim { attrs |= tend_a_dim() }
            var pair: Int16 = 0
            if colorMode != .none {
                let fg = colorMode == .full ? style.fg : style.fg8
                let bg = colorMode == .full ? style.bg : style.bg8
                if fg != nil || bg != nil {
                    pair = Int16(i + 1)
                    init_pair(pair, Int16(fg ?? -1), Int16(bg ?? -1))
                    // With colour, reverse would undo the theme's colours: keep it for mono only.
                    if style.bg != nil { attrs &= ~tend_a_reverse() }
                }
            }
            looks[role] = (attrs, pair)
        }
    }

    /// Forgets what is on screen, so the next paint redraws everything (resize, Ctrl-L, after $EDITOR).
    public func invalidate() {
        previous = nil
        clearok(tend_stdscr(), true)
    }

    /// Paints the cells that differ from the last frame (`Grid.changes(since:)`).
    public func paint(_ grid: Grid) {
        if grid.needsFullRepaint(since: previous) { werase(tend_stdscr()) }
        for change in grid.changes(since: previous) {
            let look = looks[change.cell.role] ?? (tend_a_normal(), 0)
            var chars = change.cell.text.unicodeScalars.prefix(4).map { wchar_t(bitPattern: $0.value) }
            if chars.isEmpty { chars = [wchar_t(32)] }
            chars.append(0)
            _ = tend_put_cell(Int32(change.y), Int32(change.x), chars, look.attrs, look.pair)
        }
        previous = grid
        wrefresh(tend_stdscr())
    }

    public var inputDescriptor: Int32 { STDIN_FILENO }

    /// Waits up to `timeoutMs` for a key (ncurses buffers what it has read ahead, so the shell
    /// drains with a zero timeout after the descriptor says there is input).
    public func read(timeoutMs: Int32) -> Input {
        wtimeout(tend_stdscr(), timeoutMs)
        var ch: wint_t = 0
        let r = wget_wch(tend_stdscr(), &ch)
        if r == tend_err() { return .none }
        if r == tend_key_code_yes() {
            switch Int32(ch) {
            case KEY_RESIZE: return .resize
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_ENTER: return .key(.enter)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_DC: return .key(.delete)
            case KEY_BTAB: return .key(.backTab)
            default: return .none
            }
        }
        switch ch {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.ctrl(Character(Unicode.Scalar(ch + 96)!)))
        default:
            guard let u = Unicode.Scalar(UInt32(ch)) else { return .none }
            return .key(.char(Character(u)))
        }
    }

    /// Hands the terminal to another program ($EDITOR) and takes it back.
    public func suspend(_ body: () -> Void) {
        def_prog_mode()
        endwin()
        body()
        reset_prog_mode()
        invalidate()
        wrefresh(tend_stdscr())
    }
}

public struct TerminalError: Error, CustomStringConvertible {
    public var description: String
}
