/// What reading the keyboard gave.
public enum Input: Equatable, Sendable {
    case key(Key)
    /// What the terminal marked as pasted, whole.
    case paste(String)
    case mouse(MouseEvent)
    case resize
    case none
}

/// A click, a double click or a turn of the wheel, at a cell (0-based column and row).
public struct MouseEvent: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case click, doubleClick, wheelUp, wheelDown }
    public var kind: Kind
    public var x: Int
    public var y: Int

    public init(_ kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}

/// The terminal as the shell drives it: paint a Grid, read keys, lend the screen to another program.
/// TendTerminal implements it with ncurses; tests implement it with a queue of keys and a list of
/// painted frames. Declared here, beside the Grid it paints, so the shell never imports ncurses code.
public protocol TerminalIO: AnyObject {
    /// Columns and rows.
    var size: (width: Int, height: Int) { get }
    /// The descriptor keys arrive on, for the shell to wait on beside its other sources.
    var inputDescriptor: Int32 { get }
    /// Shows `grid`, sending only what changed since the last frame.
    func paint(_ grid: Grid)
    /// The next key, waiting at most `timeoutMs` for one (0: only what is already there).
    func read(timeoutMs: Int32) -> Input
    /// Puts `text` on the system clipboard through the terminal (OSC 52), which works over ssh and
    /// inside tmux; a terminal that does not support it ignores the sequence.
    func copy(_ text: String)
    /// Forgets what is on screen: the next paint redraws it all (resize, Ctrl-L).
    func invalidate()
    /// Hands the screen to another program (`$EDITOR`) for the length of `body`, then takes it back.
    func suspend(_ body: () -> Void)
    /// Puts the terminal back as it was found. Called on every way out.
    func close()
}
