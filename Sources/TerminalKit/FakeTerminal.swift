/// An in-memory terminal for tests of the dashboard and the run loop: it records every
/// presented grid, serves queued keys, counts bells and flashes, and diffs like the real
/// backend so "cells written per tick" can be asserted. With `onIdle` it drives the whole
/// run loop headless: keys in, frames out.
public final class FakeTerminal: TerminalBackend {
    public private(set) var size: (width: Int, height: Int)
    /// Every grid passed to `present`, oldest first.
    public private(set) var presented: [Grid] = []
    /// Cells written by each `present` (the diff against the previous grid).
    public private(set) var cellsWritten: [Int] = []
    /// Keys `readKey` will return, first in first out.
    public var queuedKeys: [Key]
    public private(set) var bellCount = 0
    public private(set) var flashCount = 0
    /// Each bell and flash in order, with how many grids had been presented before it.
    public private(set) var alarms: [(kind: AlarmKind, afterFrames: Int)] = []
    /// What `alarms` records.
    public enum AlarmKind: Sendable, Equatable { case bell, flash }
    public private(set) var shutdownCount = 0
    /// Where the text cursor is shown, nil when hidden.
    public private(set) var cursor: (x: Int, y: Int)?
    /// How many times `readKey` was called with an empty queue (a busy-loop detector).
    public private(set) var emptyReads = 0
    /// Called by `readKey` when the queue is empty (the run loop has taken every key):
    /// a test queues the next keys here (they are read on the loop's next turn), looks at
    /// the last frame, or sets `pendingQuitSignal`.
    public var onIdle: ((FakeTerminal) -> Void)?
    /// The quit signal the run loop sees (a test sets it, as a handler would).
    public var pendingQuitSignal: Int32?
    /// The descriptor the run loop polls for keys; -1 (none) unless a test gives one, e.g.
    /// the read end of a pipe whose write end it closes to play a terminal that hung up.
    public var inputDescriptor: Int32 = -1
    private var last: Grid?

    public init(width: Int = 80, height: Int = 24, keys: [Key] = []) {
        size = (width, height)
        queuedKeys = keys
    }

    /// The last presented grid.
    public var screen: Grid? { presented.last }

    /// True once `shutdown` was called.
    public var isShutDown: Bool { shutdownCount > 0 }

    @discardableResult
    public func present(_ grid: Grid) -> Int {
        let diff = GridDiff(from: last, to: grid)
        last = grid
        presented.append(grid)
        cellsWritten.append(diff.changedCells)
        return diff.changedCells
    }

    public func readKey(timeoutMilliseconds: Int) -> Key? {
        if queuedKeys.isEmpty {
            emptyReads += 1
            onIdle?(self)
            return nil
        }
        return queuedKeys.removeFirst()
    }

    /// Changes the size, forgets the last grid (the next present is a full redraw) and
    /// queues `.resize`, as the curses backend does on SIGWINCH.
    public func resize(width: Int, height: Int) {
        size = (width, height)
        last = nil
        queuedKeys.append(.resize)
    }

    /// Queued keys are waiting: the run loop does not sleep.
    public var hasBufferedInput: Bool { !queuedKeys.isEmpty }

    public func bell() {
        bellCount += 1
        alarms.append((.bell, presented.count))
    }
    public func flash() {
        flashCount += 1
        alarms.append((.flash, presented.count))
    }
    public func shutdown() { shutdownCount += 1 }
    public func setCursor(x: Int, y: Int) { cursor = (x, y) }
    public func hideCursor() { cursor = nil }
}
