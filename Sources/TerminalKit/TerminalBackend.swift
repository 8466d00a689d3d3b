/// What the run loop needs from a terminal — and all it uses of one (issue 16, item 5):
/// drawing, keys, the descriptor to sleep on and the quit signal. `CursesBackend`
/// implements it over ncursesw; tests drive the run loop headless with `FakeTerminal`.
/// All sizes in cells.
public protocol TerminalBackend: AnyObject {
    /// Current size in columns and rows.
    var size: (width: Int, height: Int) { get }
    /// Draws `grid`, sending only the cells that differ from what was last presented.
    /// Returns the number of cells written (for the idle-cost measurements).
    @discardableResult func present(_ grid: Grid) -> Int
    /// Waits up to `timeoutMilliseconds` (−1: forever) for a key; nil on timeout.
    func readKey(timeoutMilliseconds: Int) -> Key?
    /// Rings the terminal bell once.
    func bell()
    /// Flashes the screen (visual bell), falling back to the bell.
    func flash()
    /// Restores the terminal to the state it had before the dashboard started.
    /// Idempotent: a second call does nothing.
    func shutdown()
    /// Shows the text cursor at column `x`, row `y` (cells, origin top-left) after the
    /// next `present`; for text fields. Default: ignored.
    func setCursor(x: Int, y: Int)
    /// Hides the text cursor (the dashboard's normal state). Default: ignored.
    func hideCursor()
    /// A file descriptor that becomes readable when a key is waiting, for a run loop
    /// that poll(2)s it together with other descriptors (e.g. the log follower), then
    /// drains keys with `readKey(timeoutMilliseconds: 0)`; −1 when there is none.
    var inputDescriptor: Int32 { get }
    /// True when keys are already waiting that `inputDescriptor` does not show (queued in
    /// memory): the run loop then does not sleep. Default: false.
    var hasBufferedInput: Bool { get }
    /// The quit signal received from outside (SIGINT, SIGTERM, SIGHUP, SIGQUIT) and not
    /// yet acted on, as its number; nil when none. The run loop checks it after every
    /// wake-up and exits with 128 + the number. Default: nil.
    var pendingQuitSignal: Int32? { get }
}

extension TerminalBackend {
    public func setCursor(x: Int, y: Int) {}
    public func hideCursor() {}
    public var inputDescriptor: Int32 { -1 }
    public var hasBufferedInput: Bool { false }
    public var pendingQuitSignal: Int32? { nil }
}
