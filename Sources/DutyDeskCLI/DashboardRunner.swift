// The run loop: terminal keys, the log follower and the clock in, effects out.
import CursesBackend
import Dashboard
import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog
import TerminalKit

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the dashboard until the officer quits or a quit signal arrives.
///
/// Between events the process sleeps in poll(2) on standard input and the log
/// follower's inotify descriptor, with a timeout to the next whole second of the
/// clock (countdowns tick once a second) — no busy loop. Without inotify it wakes
/// every 200 ms to look at the log's size (a stat, never a re-read).
///
/// Actions are appended durably (lock, write, fdatasync) before the dashboard is told
/// they are done; a failure becomes a banner and nothing changes.
final class DashboardRunner {
    let terminal: any TerminalBackend
    let log: EventLog
    let follower: LogFollower
    let clock: CampaignClock
    let actor: LogActor
    var state: AppState
    var quit = false
    var dirty = true
    var grid: Grid
    var lastTickSecond: Int64
    /// Keeps the projection snapshot fresh (checked once a second); nil in tests.
    var snapshots: SnapshotKeeper?

    init(
        terminal: any TerminalBackend, log: EventLog, follower: LogFollower, clock: CampaignClock, actor: LogActor,
        state: AppState
    ) {
        self.terminal = terminal
        self.log = log
        self.follower = follower
        self.clock = clock
        self.actor = actor
        self.state = state
        let size = terminal.size
        grid = Grid(width: size.width, height: size.height)
        lastTickSecond = clock.now().epochNanoseconds / 1_000_000_000
    }

    /// The loop. Returns the process exit status: 0 when the officer quits (`q`, or
    /// Ctrl-C, which is a key in raw mode), 128 + the signal's number after SIGINT, SIGTERM
    /// or SIGHUP from outside (130, 143, 129), as shells report a process a signal ended.
    func run() -> Int32 {
        let size = terminal.size
        send(.resize(width: size.width, height: size.height))
        while !quit {
            if CursesTerminal.pendingSignal != nil { break }
            if dirty { draw() }
            waitForInput()
            if CursesTerminal.pendingSignal != nil { break }
            // Keys first (they are the officer's), then the log, then the clock.
            while !quit, let key = terminal.readKey(timeoutMilliseconds: 0) {
                if key == .resize {
                    let s = terminal.size
                    send(.resize(width: s.width, height: s.height))
                } else {
                    send(.key(key))
                }
            }
            pollLog()
            let now = clock.now()
            let second = now.epochNanoseconds / 1_000_000_000
            if second != lastTickSecond {
                lastTickSecond = second
                send(.tick(now))
                refreshSnapshot()
            }
        }
        terminal.shutdown()
        return CursesTerminal.pendingSignal.map { 128 + $0 } ?? 0
    }

    /// Starts a background snapshot write when the one on disk is far enough behind and
    /// the projection is exactly the log up to the follower's checkpoint. Not for a
    /// read-only log (its projection stops at a bad record).
    func refreshSnapshot() {
        guard let k = snapshots else { return }
        if case .readOnly = state.logStatus { return }
        k.refresh(state.domain, checkpoint: follower.checkpoint)
    }

    /// Sleeps until a key, a log change, or the next whole second of the clock.
    func waitForInput() {
        let nanos = clock.now().epochNanoseconds
        let toNextSecond = Int32(1000 - (nanos % 1_000_000_000) / 1_000_000)
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0)]
        if let fd = follower.waitDescriptor { fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
        let timeout = follower.waitDescriptor == nil ? min(toNextSecond, 200) : max(1, toNextSecond)
        _ = poll(&fds, nfds_t(fds.count), timeout)
    }

    func pollLog() {
        do {
            let records = try follower.poll()
            if !records.isEmpty { send(.recordsAppended(records.map(LogBridge.recorded))) }
        } catch {
            send(.logStatus(.readOnly(reason: "\(error)")))
        }
    }

    func draw() {
        let s = terminal.size
        if grid.width != s.width || grid.height != s.height { grid = Grid(width: s.width, height: s.height) }
        if let cursor = render(state, into: &grid) {
            terminal.setCursor(x: cursor.x, y: cursor.y)
        } else {
            terminal.hideCursor()
        }
        terminal.present(grid)
        dirty = false
    }

    /// Feeds a message to the dashboard and performs the effects it returns.
    func send(_ msg: Msg) {
        var queue = update(&state, msg)
        dirty = true
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            switch effect {
            case .quit:
                quit = true
            case .bell:
                terminal.bell()
            case .flash:
                terminal.flash()
            case .append(let requestID, let events):
                // Show "pending" before the sync, then the durable result.
                draw()
                let now = clock.now()
                do {
                    // Under the log's lock: take in what other desks appended since we
                    // last looked; if any of it touched the same alert or request, the
                    // officer decided on a stale screen — refuse rather than write.
                    let stored = try log.append(deciding: { others in
                        let fresh = others.filter { $0.seq > state.lastAppliedSeq }
                        guard !fresh.isEmpty else {
                            return events.map { LogBridge.newRecord($0, at: now, actor: actor) }
                        }
                        let theirs = fresh.map(LogBridge.recorded)
                        queue += update(&state, .recordsAppended(theirs))
                        for r in theirs {
                            if let shared = Self.sharedSubject(events, r.subjects) {
                                throw StaleDecision(subject: shared, by: r.actor)
                            }
                        }
                        return events.map { LogBridge.newRecord($0, at: now, actor: actor) }
                    })
                    queue += update(
                        &state, .appendSucceeded(requestID: requestID, records: stored.map(LogBridge.recorded)))
                } catch {
                    queue += update(&state, .appendFailed(requestID: requestID, message: "\(error)"))
                }
            }
        }
    }

    /// An alert or verification request that one of `events` and another desk's event
    /// (`theirs`, its typed subjects) are both about, or nil (`EventSubjects.shared(with:)`).
    static func sharedSubject(_ events: [ProposedEvent], _ theirs: EventSubjects) -> String? {
        for e in events { if let s = e.subjects.shared(with: theirs) { return s } }
        return nil
    }
}

/// Another desk changed what the officer was acting on between the screen and the lock.
struct StaleDecision: Error, CustomStringConvertible {
    let subject: String
    let by: String
    var description: String { "\(subject) was just changed by \(by) at another desk; look again and retry" }
}
