// CursesBackend: the only code that calls ncurses (docs/decisions/0001-architecture.md,
// docs/decisions/0003-terminal.md).
import CNcursesw
import TerminalKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why the dashboard could not take over the terminal. `description` is the message to
/// print after the program's `dutydesk: ` prefix (the printer adds it) and says what to do.
public enum TerminalError: Error, CustomStringConvertible, Equatable {
    /// Standard input or output is not a terminal (piped or redirected).
    case notATerminal
    /// `TERM` is unset or empty.
    case termNotSet
    /// `TERM` names a terminal the terminfo database does not know.
    case unknownTerminal(String)
    /// No terminfo database could be found at all.
    case noTerminfoDatabase(String)
    /// `TERM` names a terminal that cannot move the cursor (e.g. `dumb`).
    case cannotAddressCursor(String)
    /// ncurses refused to start for another reason.
    case initializationFailed(String)

    public var description: String {
        switch self {
        case .notATerminal:
            return
                "the dashboard needs a terminal, but standard input or output is redirected. Run it in a terminal, or use the non-interactive commands."
        case .termNotSet:
            return "TERM is not set, so the terminal type is unknown. Try TERM=xterm-256color."
        case .unknownTerminal(let t):
            return "unknown terminal type '\(t)' (TERM). Try TERM=xterm-256color."
        case .noTerminfoDatabase(let t):
            return
                "no terminfo database found for terminal type '\(t)' (TERM). Install ncurses-base (or ncurses-term), or set TERMINFO."
        case .cannotAddressCursor(let t):
            return
                "terminal type '\(t)' (TERM) cannot move the cursor, so the dashboard cannot draw. Try TERM=xterm-256color."
        case .initializationFailed(let t):
            return "could not initialise the terminal '\(t)' (TERM). Try TERM=xterm-256color."
        }
    }
}

// Signal state. Handlers only store an Int32 (async-signal-safe); the owner of the
// terminal acts on it from the run loop. Constant initialisers, so no lazy global
// initialisation runs inside a handler.
nonisolated(unsafe) private var quitSignalReceived: Int32 = 0
nonisolated(unsafe) private var suspendRequested: Int32 = 0
nonisolated(unsafe) private var continueReceived: Int32 = 0
/// True between a successful start and `shutdown`; read by the exit safety net.
nonisolated(unsafe) private var cursesIsActive: Bool = false
nonisolated(unsafe) private var exitHookInstalled: Bool = false

// Giving the terminal back from a fatal signal or a trap (issue 12, item 7). Filled in
// by `init` before the handler goes in and only read by it; the handler calls nothing
// but write(2), tcsetattr(3), sigaction(2) and raise(3), all async-signal-safe.
nonisolated(unsafe) private var savedTerminalModes = termios()
nonisolated(unsafe) private var haveSavedTerminalModes: Bool = false
/// The terminal's own strings that undo the dashboard's modes (sgr0, cnorm, rmkx, rmcup).
nonisolated(unsafe) private var restoreSequence: UnsafeMutablePointer<UInt8>? = nil
nonisolated(unsafe) private var restoreSequenceLength: Int = 0
/// The dispositions the fatal handler replaced, indexed by signal number.
nonisolated(unsafe) private var previousFatalActions: UnsafeMutablePointer<sigaction>? = nil
private let signalTableSize = 65

/// Signals whose default action ends the process and that a handler can catch: on each
/// the terminal is restored, then the signal is raised again with the disposition it had
/// before (the default: the process ends as the signal says; or Swift's crash reporter).
/// SIGINT, SIGTERM, SIGHUP and SIGQUIT are quit signals instead (the run loop quits).
private let fatalSignals: [Int32] = [
    SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM, SIGVTALRM,
    SIGPROF, SIGXCPU, SIGXFSZ,
]
/// Faults of the process itself: handled even when the parent ignored the signal.
private let synchronousSignals: Set<Int32> = [SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS]

private func handleFatalSignal(_ signal: Int32) {
    restoreTerminalFromSignalHandler()
    if let previous = previousFatalActions, signal > 0, signal < Int32(signalTableSize) {
        sigaction(signal, previous + Int(signal), nil)
    } else {
        var dfl = sigaction()
        dfl.__sigaction_handler.sa_handler = SIG_DFL
        sigaction(signal, &dfl, nil)
    }
    // Blocked until this handler returns; then delivered with the old disposition (a fault
    // re-executes the faulting instruction, which faults again the same way).
    raise(signal)
}

/// Main screen back, cursor shown, attributes and keypad reset, tty modes as they were
/// before the dashboard started. Async-signal-safe.
private func restoreTerminalFromSignalHandler() {
    guard cursesIsActive else { return }
    if let p = restoreSequence {
        var done = 0
        while done < restoreSequenceLength {
            let r = write(1, p + done, restoreSequenceLength - done)
            if r > 0 {
                done += r
            } else if r < 0 && errno == EINTR {
                continue
            } else {
                break
            }
        }
    }
    if haveSavedTerminalModes { _ = tcsetattr(0, TCSANOW, &savedTerminalModes) }
}

private func handleQuitSignal(_ signal: Int32) { quitSignalReceived = signal }
private func handleSuspendSignal(_ signal: Int32) { suspendRequested = 1 }
private func handleContinueSignal(_ signal: Int32) { continueReceived = 1 }

/// The dashboard's terminal over ncursesw: full screen, raw keys, colours from a
/// `Theme`, drawing only the cells that changed since the last frame.
///
/// Lifecycle and signals (details in docs/decisions/0003-terminal.md):
/// - `init` checks that stdin/stdout are a terminal and that `TERM` is known (a clear
///   `TerminalError` instead of ncurses' bare exit), then starts curses in raw mode.
/// - SIGINT, SIGTERM, SIGHUP and SIGQUIT (Ctrl-\\) only set `CursesTerminal.pendingSignal`;
///   the run loop checks it after every `readKey`/poll and calls `shutdown()`. Ctrl-C typed in the
///   terminal arrives as the key `.ctrl("c")` (raw mode) and should quit the same way.
/// - Ctrl-Z (key 26) and SIGTSTP suspend: the terminal is restored, the process stops,
///   and after `fg` the screen is redrawn in full; `readKey` then returns `.resize` so
///   the app re-lays out (the size may have changed while stopped).
/// - SIGWINCH is left to ncurses, which reports it as KEY_RESIZE → `.resize`; the next
///   `present` redraws everything.
/// - Every other catchable signal that ends a process (SIGUSR1, SIGPIPE, SIGABRT, and the
///   SIGILL/SIGTRAP of a Swift trap, SIGSEGV…) restores the terminal from the handler —
///   the tty modes saved at start, then the terminal's own rmcup/cnorm/sgr0/rmkx strings
///   captured at start, with write(2) only — and raises the signal again with the
///   disposition it had before, so the process still ends as that signal says.
/// - `shutdown()` is idempotent, and an `atexit` hook calls `endwin` if the process
///   exits without it.
/// Not thread-safe: use from the run loop's thread only.
public final class CursesTerminal: TerminalBackend {
    /// The quit signal received (SIGINT, SIGTERM or SIGHUP), if any, not yet cleared.
    public static var pendingSignal: Int32? { quitSignalReceived == 0 ? nil : quitSignalReceived }
    /// Forgets a pending quit signal (e.g. after asking the officer to confirm).
    public static func clearPendingSignal() { quitSignalReceived = 0 }
    /// `pendingSignal`, as the run loop sees it through `TerminalBackend`.
    public var pendingQuitSignal: Int32? { CursesTerminal.pendingSignal }

    /// Current size in columns and rows.
    public private(set) var size: (width: Int, height: Int)
    /// The colours in use: `.none` under `NO_COLOR` or on a monochrome terminal.
    public let colorMode: ColorMode
    /// The theme mapping roles to colours; setting it redraws everything on the next present.
    public var theme: Theme {
        didSet {
            styleCache.removeAll()
            lastGrid = nil
        }
    }
    /// False when the locale's character set is not UTF-8 (e.g. LANG=C): Vietnamese
    /// and box drawing cannot be shown; the caller should warn and draw ASCII borders.
    public let localeIsUTF8: Bool
    /// When true (default), Ctrl-Z suspends like a shell job instead of reaching the app.
    public var suspendOnCtrlZ = true
    /// Standard input's descriptor: poll(2) it for readability, then drain keys with
    /// `readKey(timeoutMilliseconds: 0)`.
    public var inputDescriptor: Int32 { 0 }

    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private var lastGrid: Grid?
    private var active = true
    private var styleCache: [Style: (attrs: attr_t, pair: Int16)] = [:]
    private var pairs: [Int: Int16] = [:]
    private var nextPair: Int32 = 1
    private let defaultColorsOK: Bool
    private var wantedCursor: (x: Int, y: Int)?
    private var cursorShown = false
    private var savedActions: [Int32: sigaction] = [:]
    private var wchars = [wchar_t](repeating: 0, count: 8)

    /// Takes over the terminal. `noColor` is the value of `NO_COLOR` (default: read from
    /// the environment); `colorMode` forces a mode (capped by what the terminal has).
    /// - Throws: `TerminalError` when stdin/stdout is not a tty, `TERM` is unset or
    ///   unknown, or ncurses fails to start. Nothing is changed in that case.
    public init(
        theme: Theme = .default, noColor: String? = CursesTerminal.environment("NO_COLOR"),
        colorMode forcedMode: ColorMode? = nil
    ) throws {
        guard isatty(0) == 1, isatty(1) == 1 else { throw TerminalError.notATerminal }
        guard let term = CursesTerminal.environment("TERM"), !term.isEmpty else { throw TerminalError.termNotSet }
        setlocale(LC_ALL, "")
        if let cs = nl_langinfo(nl_item(CODESET)) {
            let name = String(cString: cs).uppercased()
            localeIsUTF8 = name == "UTF-8" || name == "UTF8"
        } else {
            localeIsUTF8 = false
        }
        switch dd_probe_terminal(term) {
        case 1: break
        case 2: throw TerminalError.cannotAddressCursor(term)
        case 0: throw TerminalError.unknownTerminal(term)
        default: throw TerminalError.noTerminfoDatabase(term)
        }
        // Our handlers go in before newterm, so ncurses does not install its own for
        // SIGINT/SIGTERM/SIGTSTP (it only does so when the disposition is SIG_DFL).
        // A parent may have left these blocked (a test runner, a job-control wrapper);
        // blocked, they would stay pending and the dashboard would never quit on them.
        var handled = sigset_t()
        sigemptyset(&handled)
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT, SIGWINCH] { sigaddset(&handled, sig) }
        sigprocmask(SIG_UNBLOCK, &handled, nil)
        var saved: [Int32: sigaction] = [:]
        for (sig, handler) in [
            (SIGINT, handleQuitSignal), (SIGTERM, handleQuitSignal), (SIGHUP, handleQuitSignal),
            (SIGQUIT, handleQuitSignal), (SIGTSTP, handleSuspendSignal), (SIGCONT, handleContinueSignal),
        ]
            as [(Int32, @convention(c) (Int32) -> Void)]
        {
            saved[sig] = CursesTerminal.install(sig, handler)
        }
        haveSavedTerminalModes = tcgetattr(0, &savedTerminalModes) == 0
        guard let scr = newterm(term, dd_stdout(), dd_stdin()) else {
            for (sig, old) in saved {
                var o = old
                sigaction(sig, &o, nil)
            }
            throw TerminalError.initializationFailed(term)
        }
        set_term(scr)
        guard let win = dd_stdscr() else {
            endwin()
            delscreen(scr)
            for (sig, old) in saved {
                var o = old
                sigaction(sig, &o, nil)
            }
            throw TerminalError.initializationFailed(term)
        }
        screen = scr
        window = win
        savedActions = saved
        raw()
        noecho()
        nonl()
        keypad(window, true)
        intrflush(window, false)
        set_escdelay(25)
        curs_set(0)

        // COLORS is only known after start_color(), which is skipped without colour.
        var mode = ColorMode.none
        var defaultsOK = false
        if has_colors(), ColorMode.detect(colors: 256, noColor: noColor) != .none, forcedMode != ColorMode.none,
            start_color() == dd_ok()
        {
            mode = ColorMode.detect(colors: Int(dd_colors()), noColor: noColor)
            if let forcedMode { mode = min(mode, forcedMode) }
            if mode != .none { defaultsOK = use_default_colors() == dd_ok() }
        }
        colorMode = mode
        defaultColorsOK = defaultsOK
        self.theme = theme
        size = (Int(dd_cols()), Int(dd_lines()))
        CursesTerminal.prepareFatalSignalRestore()
        cursesIsActive = true
        if !exitHookInstalled {
            exitHookInstalled = true
            atexit {
                if cursesIsActive {
                    cursesIsActive = false
                    endwin()
                }
            }
        }
    }

    deinit { shutdown() }

    /// An environment variable, nil when unset.
    public static func environment(_ name: String) -> String? {
        guard let v = getenv(name) else { return nil }
        return String(cString: v)
    }

    /// The size of each alternate signal stack, in bytes: 64 KiB (over four times glibc's
    /// SIGSTKSZ; the restoring handler needs only a few hundred bytes).
    public static let alternateSignalStackSize = 64 * 1024

    /// Gives the calling thread an alternate signal stack (`sigaltstack(2)`), allocated
    /// once per thread and never freed, unless it has one already (e.g. Swift's runtime's).
    /// The fatal-signal handlers are installed with `SA_ONSTACK`, so a stack overflow —
    /// a SIGSEGV on the guard page, where no frame fits any more — still runs the handler
    /// that gives the terminal back (issue 12, item 7, B3). The signal stack is per thread:
    /// `init` calls this for its thread; a thread that may overflow while the dashboard
    /// is up (the drill's feed) calls it itself when it starts. Safe to call more than once.
    public static func installAlternateSignalStack() {
        var current = stack_t()
        guard sigaltstack(nil, &current) == 0, current.ss_flags & Int32(SS_DISABLE) != 0 else { return }
        guard let memory = malloc(alternateSignalStackSize) else { return }
        var stack = stack_t()
        stack.ss_sp = memory
        stack.ss_size = alternateSignalStackSize
        stack.ss_flags = 0
        if sigaltstack(&stack, nil) != 0 { free(memory) }
    }

    /// Captures what the fatal-signal handler writes (the terminal's sgr0, cnorm, rmkx and
    /// rmcup strings, terminfo padding removed) and installs it for `fatalSignals`.
    /// Asynchronous signals the parent ignored (e.g. SIGPIPE under some shells) stay ignored.
    private static func prepareFatalSignalRestore() {
        installAlternateSignalStack()
        var bytes: [UInt8] = []
        for cap in ["sgr0", "cnorm", "rmkx", "rmcup"] {
            guard let s = dd_string_capability(cap) else { continue }
            bytes += withoutPadding(Array(String(cString: s).utf8))
        }
        if restoreSequence == nil, !bytes.isEmpty {
            let p = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count)
            p.initialize(from: bytes, count: bytes.count)
            restoreSequenceLength = bytes.count
            restoreSequence = p
        }
        if previousFatalActions == nil {
            let table = UnsafeMutablePointer<sigaction>.allocate(capacity: signalTableSize)
            table.initialize(repeating: sigaction(), count: signalTableSize)
            previousFatalActions = table
        }
        guard let table = previousFatalActions else { return }
        // As for the quit signals: a launcher may have left these blocked (the test runner
        // does, for SIGUSR1); blocked, one sent now would stay pending and end the process
        // later, from wherever it is unblocked, without the terminal restored.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for sig in fatalSignals { sigaddset(&unblock, sig) }
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        for sig in fatalSignals {
            var current = sigaction()
            sigaction(sig, nil, &current)
            let ignored = handlerAddress(current) == unsafeBitCast(SIG_IGN, to: UInt.self)
            if ignored && !synchronousSignals.contains(sig) { continue }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = handleFatalSignal
            sigemptyset(&action.sa_mask)
            action.sa_flags = Int32(SA_ONSTACK)
            sigaction(sig, &action, table + Int(sig))
        }
    }

    /// Puts back the dispositions `prepareFatalSignalRestore` replaced.
    private static func removeFatalSignalRestore() {
        guard let table = previousFatalActions else { return }
        for sig in fatalSignals {
            var current = sigaction()
            sigaction(sig, nil, &current)
            var ours = sigaction()
            ours.__sigaction_handler.sa_handler = handleFatalSignal
            guard handlerAddress(current) == handlerAddress(ours) else { continue }
            sigaction(sig, table + Int(sig), nil)
        }
    }

    /// The handler of `action` as an address (C function pointers do not compare in Swift).
    private static func handlerAddress(_ action: sigaction) -> UInt {
        unsafeBitCast(action.__sigaction_handler.sa_handler, to: UInt.self)
    }

    /// A terminfo string without its `$<…>` padding (delays for slow terminals).
    static func withoutPadding(_ s: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < s.count {
            if s[i] == UInt8(ascii: "$"), i + 1 < s.count, s[i + 1] == UInt8(ascii: "<"),
                let end = s[(i + 2)...].firstIndex(of: UInt8(ascii: ">"))
            {
                i = end + 1
                continue
            }
            out.append(s[i])
            i += 1
        }
        return out
    }

    private static func install(_ sig: Int32, _ handler: @convention(c) (Int32) -> Void) -> sigaction {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: a signal wakes poll(2) and wget_wch
        var old = sigaction()
        sigaction(sig, &action, &old)
        return old
    }

    // MARK: Drawing

    /// Draws `grid`: only the runs that differ from the last presented grid (all of it
    /// after a resize, a resume or a theme change), then one `doupdate`, which sends
    /// ncurses' own minimal update. Cells outside the screen are ignored. Returns the
    /// number of cells written.
    @discardableResult
    public func present(_ grid: Grid) -> Int {
        guard active else { return 0 }
        let diff = GridDiff(from: lastGrid, to: grid)
        if diff.isFullRedraw { werase(window) }
        let rows = Int(dd_lines())
        let cols = Int(dd_cols())
        for run in diff.runs where run.y < rows {
            var x = run.x
            for cell in run.cells {
                defer { x += 1 }
                if cell.isContinuation || x >= cols { continue }
                draw(cell, x: x, y: run.y, columns: cols)
            }
        }
        lastGrid = grid
        if let c = wantedCursor, c.x >= 0, c.x < cols, c.y >= 0, c.y < rows {
            if !cursorShown {
                curs_set(1)
                cursorShown = true
            }
            wmove(window, Int32(c.y), Int32(c.x))
        } else if cursorShown {
            curs_set(0)
            cursorShown = false
        }
        wnoutrefresh(window)
        doupdate()
        return diff.changedCells
    }

    private func draw(_ cell: Cell, x: Int, y: Int, columns: Int) {
        let (attrs, pair) = resolved(cell.style)
        var cc = cchar_t()
        var width = Int(cell.width)
        if width == 2 && x + 1 >= columns { width = 1 }  // no room: draw a blank below
        let ok: Bool = wchars.withUnsafeMutableBufferPointer { buf -> Bool in
            var n = 0
            if width == 2 && x + 1 >= columns {
                buf[0] = 0x20
                n = 1
            } else {
                // What one ncurses cell can hold: the first scalar and the zero-width ones after
                // it (at most CCHARW_MAX), never a trailing ZWJ (`TextWidth.cellScalars`).
                let scalars = TextWidth.cellScalars(
                    cell.text, maxScalars: min(Int(dd_ccharw_max()), buf.count - 1),
                    columns: { Int(dd_wcwidth(wchar_t(bitPattern: $0.value))) })
                for s in scalars {
                    buf[n] = wchar_t(bitPattern: s.value)
                    n += 1
                }
                if n == 0 {
                    buf[0] = 0x20
                    n = 1
                }
            }
            buf[n] = 0
            return setcchar(&cc, buf.baseAddress, attrs, pair, nil) == dd_ok()
        }
        if !ok {
            var fallback: [wchar_t] = [0xFFFD, 0]
            setcchar(&cc, &fallback, attrs, pair, nil)
        }
        mvwadd_wch(window, Int32(y), Int32(x), &cc)
        // ncurses (and the terminal, both using wcwidth) may think a cluster narrower
        // than we do (e.g. "☺️"): fill the column we reserved so nothing stale shows.
        if cell.width == 2, x + 1 < columns, let first = cell.text.unicodeScalars.first, first.value >= 0x80,
            dd_wcwidth(wchar_t(bitPattern: first.value)) == 1
        {
            var blank = cchar_t()
            var sp: [wchar_t] = [0x20, 0]
            setcchar(&blank, &sp, attrs, pair, nil)
            mvwadd_wch(window, Int32(y), Int32(x + 1), &blank)
        }
    }

    private func resolved(_ style: Style) -> (attrs: attr_t, pair: Int16) {
        if let hit = styleCache[style] { return hit }
        let r = theme.resolve(style, mode: colorMode)
        var a = dd_a_normal()
        if r.bold { a |= dd_a_bold() }
        if r.dim { a |= dd_a_dim() }
        if r.reverse { a |= dd_a_reverse() }
        if r.underline { a |= dd_a_underline() }
        var pair: Int16 = 0
        if colorMode != .none, let fg = r.foreground, let bg = r.background {
            pair = pairFor(fg: fg, bg: bg)
        }
        styleCache[style] = (a, pair)
        return (a, pair)
    }

    /// The colour pair for (fg, bg), allocated on first use; pair 0 (terminal
    /// defaults) when the terminal's pairs run out.
    private func pairFor(fg: Int, bg: Int) -> Int16 {
        var f = fg
        var b = bg
        if !defaultColorsOK {
            if f < 0 { f = 7 }
            if b < 0 { b = 0 }
        }
        if f == -1 && b == -1 { return 0 }
        let key = (f + 1) << 16 | (b + 1)
        if let p = pairs[key] { return p }
        guard nextPair < min(dd_color_pairs(), Int32(Int16.max)) else { return 0 }
        let p = Int16(nextPair)
        nextPair += 1
        init_pair(p, Int16(f), Int16(b))
        pairs[key] = p
        return p
    }

    /// Shows the text cursor at (x, y) from the next `present` on.
    public func setCursor(x: Int, y: Int) { wantedCursor = (x, y) }
    /// Hides the text cursor from the next `present` on.
    public func hideCursor() { wantedCursor = nil }

    /// Forgets what is on screen: the next `present` redraws every cell (after the
    /// terminal was disturbed by another program, or on Ctrl-L).
    public func invalidate() {
        guard active else { return }
        lastGrid = nil
        clearok(window, true)
    }

    // MARK: Keys

    /// Waits up to `timeoutMilliseconds` (−1: forever, 0: just look) for a key.
    /// Returns nil on timeout, or at once when a quit signal is pending
    /// (`pendingSignal`); `.resize` after a resize or a suspend/resume (the next
    /// `present` redraws everything). Ctrl-Z suspends (see `suspendOnCtrlZ`).
    public func readKey(timeoutMilliseconds: Int) -> Key? {
        guard active else { return nil }
        if let k = serviceSignals() { return k }
        if quitSignalReceived != 0 { return nil }
        wtimeout(window, Int32(clamping: max(-1, timeoutMilliseconds)))
        var wch: wint_t = 0
        let r = wget_wch(window, &wch)
        if let k = serviceSignals() { return k }
        if r == dd_key_code_yes() {
            let key = CursesTerminal.decode(keyCode: Int32(bitPattern: wch))
            if key == .resize { noteResize() }
            return key
        }
        guard r == dd_ok() else { return nil }
        if wch == 26 && suspendOnCtrlZ {
            suspend()
            return .resize
        }
        return Key.fromCharacterCode(wch)
    }

    /// Maps an ncurses KEY_* code to a `Key`.
    public static func decode(keyCode code: Int32) -> Key {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME, KEY_A1: return .home
        case KEY_END, KEY_C1, KEY_LL: return .end
        case KEY_PPAGE, KEY_A3: return .pageUp
        case KEY_NPAGE, KEY_C3: return .pageDown
        case KEY_BTAB: return .backTab
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_ENTER: return .enter
        case dd_key_resize(): return .resize
        case dd_key_f0() + 1...dd_key_f0() + 12: return .function(Int(code - dd_key_f0()))
        default: return .unknown(code)
        }
    }

    private func noteResize() {
        var rows: Int32 = 0
        var cols: Int32 = 0
        if dd_winsize(1, &rows, &cols) == 0, rows > 0, cols > 0,
            rows != dd_lines() || cols != dd_cols()
        {
            resizeterm(rows, cols)
        }
        size = (Int(dd_cols()), Int(dd_lines()))
        lastGrid = nil
    }

    /// Acts on SIGTSTP/SIGCONT noted by the handlers; `.resize` when the screen must be
    /// laid out and drawn again.
    private func serviceSignals() -> Key? {
        if suspendRequested != 0 {
            suspend()
            return .resize
        }
        if continueReceived != 0 {
            // Continued after a SIGSTOP we did not see: the shell may have reset the tty.
            continueReceived = 0
            reset_prog_mode()
            invalidate()
            noteResize()
            return .resize
        }
        return nil
    }

    /// Gives the terminal back, stops the process as a shell job (SIGTSTP with the
    /// default action), and on `fg` takes the terminal again and schedules a full redraw.
    public func suspend() {
        suspendRequested = 0
        guard active else { return }
        if cursorShown {
            curs_set(0)
            cursorShown = false
        }
        curs_set(1)
        endwin()
        var dfl = sigaction()
        dfl.__sigaction_handler.sa_handler = SIG_DFL
        sigemptyset(&dfl.sa_mask)
        sigaction(SIGTSTP, &dfl, nil)
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGTSTP)
        sigprocmask(SIG_UNBLOCK, &unblock, nil)
        kill(getpid(), SIGTSTP)
        // Here after SIGCONT.
        _ = CursesTerminal.install(SIGTSTP, handleSuspendSignal)
        continueReceived = 0
        suspendRequested = 0
        curs_set(0)
        invalidate()
        noteResize()
        doupdate()
    }

    // MARK: Bell and teardown

    /// Rings the terminal bell once.
    public func bell() {
        guard active else { return }
        CNcursesw.beep()
    }

    /// Flashes the screen (ncurses falls back to the bell where the terminal cannot).
    public func flash() {
        guard active else { return }
        CNcursesw.flash()
    }

    /// Restores the terminal (cursor shown, cooked mode, main screen) and the signal
    /// dispositions that were in place before `init`. Idempotent.
    public func shutdown() {
        guard active else { return }
        active = false
        curs_set(1)
        endwin()
        delscreen(screen)
        cursesIsActive = false
        CursesTerminal.removeFatalSignalRestore()
        for (sig, old) in savedActions {
            var o = old
            sigaction(sig, &o, nil)
        }
        savedActions.removeAll()
    }
}
