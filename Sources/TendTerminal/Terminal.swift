import CNCurses
import Foundation
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
    public init(theme: Theme, noColor: Bool, mouse: Bool = true) throws {
        self.theme = theme
        setlocale(LC_ALL, "")  // before newterm, or wide characters print as M-C~ garbage
        // Under LANG=C the screen is drawn in ASCII (TendUI transliterates), but what the rep
        // types still arrives as the terminal's UTF-8: read as C, "für" was cut at the "ü" and the
        // rest of the line lost. Keys are decoded as UTF-8 whatever the locale says.
        if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" { setlocale(LC_CTYPE, "C.UTF-8") }
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
        // Bracketed paste: ncurses does not know the markers (Esc [ 2 0 0 ~ would arrive as Esc,
        // then `2`, which switches screens); defined, they are keys of their own.
        define_key("\u{1B}[200~", Terminal.pasteStart)
        define_key("\u{1B}[201~", Terminal.pasteEnd)
        Terminal.send("\u{1B}[?2004h")
        set_escdelay(25)
        // Clicks, double clicks and the wheel (`[ui] mouse = false` leaves the terminal's own
        // text selection alone; with it on, Shift-drag still selects in most terminals).
        if mouse { tend_mouse(1) }
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
        Terminal.send("\u{1B}[?2004l")
        curs_set(1)
        endwin()
    }

    /// Key codes of our own for the paste markers (above KEY_MAX, every code ncurses hands out).
    static let pasteStart: Int32 = 0o777 + 1  // KEY_MAX + 1
    static let pasteEnd: Int32 = 0o777 + 2

    /// Writes a control sequence straight to the terminal (outside curses' screen model).
    static func send(_ sequence: String) {
        fputs(sequence, stdout)
        fflush(stdout)
    }

    /// Everything up to the end marker, as text: a pasted newline arrives as CR. A paste whose end
    /// never comes ends after a quiet moment, so the keyboard is never lost.
    func readPaste() -> Input {
        var text = ""
        while true {
            wtimeout(tend_stdscr(), 200)
            var ch: wint_t = 0
            let r = wget_wch(tend_stdscr(), &ch)
            if r == tend_err() { break }
            if r == tend_key_code_yes() {
                if Int32(ch) == Terminal.pasteEnd { break }
                continue  // a key code inside a paste is not text
            }
            if ch == 13 || ch == 10 {
                text += "\n"
            } else if let u = Unicode.Scalar(UInt32(ch)) {
                text.unicodeScalars.append(u)
            }
        }
        return .paste(text)
    }

    /// After Esc: a control sequence ncurses did not turn into a key (a terminal's reply to a
    /// query, such as a cursor report `Esc [ 2 ; 2 R`) is swallowed whole; anything else is Esc.
    func afterEscape() -> Input {
        wtimeout(tend_stdscr(), 0)
        var next: wint_t = 0
        let r = wget_wch(tend_stdscr(), &next)
        guard r != tend_err() else { return .key(.escape) }
        guard r != tend_key_code_yes(), next == 0x5B || next == 0x4F else {
            if r == tend_key_code_yes() { _ = ungetch(Int32(next)) } else { _ = unget_wch(wchar_t(next)) }
            return .key(.escape)
        }
        // CSI: parameters and intermediates, then one final byte; SS3 (Esc O): one byte.
        while true {
            var c: wint_t = 0
            guard wget_wch(tend_stdscr(), &c) != tend_err() else { return .none }
            if next == 0x4F || (0x40...0x7E).contains(c) { return .none }
        }
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
    public func copy(_ text: String) {
        // OSC 52, "c" (the clipboard), base64 of the UTF-8 text, ended by BEL (what tmux and xterm read).
        Terminal.send("\u{1b}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}")
    }

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
            case Terminal.pasteStart: return readPaste()
            case Terminal.pasteEnd: return .none
            case KEY_RESIZE: return .resize
            case KEY_MOUSE:
                var x: Int32 = 0, y: Int32 = 0
                switch tend_mouse_event(&x, &y) {
                case 1: return .mouse(MouseEvent(.click, x: Int(x), y: Int(y)))
                case 2: return .mouse(MouseEvent(.doubleClick, x: Int(x), y: Int(y)))
                case 3: return .mouse(MouseEvent(.wheelUp, x: Int(x), y: Int(y)))
                case 4: return .mouse(MouseEvent(.wheelDown, x: Int(x), y: Int(y)))
                default: return .none
                }
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
        case 27: return afterEscape()
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
        Terminal.send("\u{1B}[?2004l")
        endwin()
        body()
        reset_prog_mode()
        Terminal.send("\u{1B}[?2004h")
        invalidate()
        wrefresh(tend_stdscr())
    }
}

public struct TerminalError: Error, CustomStringConvertible {
    public var description: String
}
