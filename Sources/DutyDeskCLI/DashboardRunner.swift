// The run loop: terminal keys, the log follower and the clock in, effects out.
import Dashboard
import Dispatch
import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog
import Synchronization
import TerminalKit

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the dashboard until the officer quits or a quit signal arrives.
///
/// Between events the process sleeps in poll(2) on the terminal's input descriptor, the
/// log follower's inotify descriptor and the append worker's wake pipe, with a timeout to
/// the next whole second of the clock (countdowns tick once a second) — no busy loop.
/// Without inotify it wakes every 200 ms to look at the log's size (a stat, never a
/// re-read). It talks to the terminal only through `TerminalBackend`.
///
/// Actions are appended durably (lock, write, fdatasync) by `AppendWorker` on a thread of
/// its own, in the order they were decided, so a slow disk never freezes keys or
/// countdowns; the action shows as pending until its result comes back as a message
/// (`appendSucceeded`/`appendFailed`; a failure becomes a banner and nothing changes).
/// Under the log's lock the worker only looks and decides (the stale check); the state
/// is updated on the loop's thread, after the lock (docs/decisions/0010-append-worker.md).
final class DashboardRunner {
    let terminal: any TerminalBackend
    let log: EventLog
    let follower: LogFollower
    let clock: CampaignClock
    let actor: LogActor
    var state: AppState
    /// Set when the terminal's input descriptor reports a hang-up or an error (`waitForInput`).
    var terminalGone = false
    var quit = false
    var dirty = true
    /// The bell or flash the last messages asked for, sounded once their frame is drawn
    /// (one per frame: the flash wins over the bell).
    var alarmAfterDraw: Effect?
    var grid: Grid
    var lastTickSecond: Int64
    /// Keeps the projection snapshot fresh (checked once a second); nil in tests.
    var snapshots: SnapshotKeeper?
    /// Verifies the log a warm start took on trust (read once a second); nil when there
    /// is nothing to verify.
    var verifier: PrefixVerifier?
    /// The verifier's status last handed to the dashboard.
    var verifierShown: PrefixVerifier.Status?
    /// Appends off the loop's thread.
    let worker: AppendWorker
    /// The saved filters file (`SavedFiltersFile`); nil: `:save` is answered with a failure
    /// (tests that do not set one).
    var savedFiltersPath: String?

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
        worker = AppendWorker(log: log, actor: actor)
        let size = terminal.size
        grid = Grid(width: size.width, height: size.height)
        lastTickSecond = clock.now().epochNanoseconds / 1_000_000_000
    }

    /// The loop. Returns the process exit status: 0 when the officer quits (`q`, or
    /// Ctrl-C, which is a key in raw mode), 128 + the signal's number after SIGINT, SIGTERM
    /// or SIGHUP from outside (130, 143, 129), as shells report a process a signal ended.
    /// Appends still pending at the end are waited for (they are durable or reported
    /// before the terminal is given back).
    func run() -> Int32 {
        let size = terminal.size
        send(.resize(width: size.width, height: size.height))
        while !quit {
            if terminal.pendingQuitSignal != nil { break }
            if dirty { draw() }
            waitForInput()
            if terminal.pendingQuitSignal != nil || terminalGone { break }
            // Keys first (they are the officer's), then appends settled, the log, the clock.
            while !quit, let key = terminal.readKey(timeoutMilliseconds: 0) {
                if key == .resize {
                    let s = terminal.size
                    send(.resize(width: s.width, height: s.height))
                } else {
                    send(.key(key))
                }
            }
            takeAppendResults()
            pollLog()
            let now = clock.now()
            let second = now.epochNanoseconds / 1_000_000_000
            if second != lastTickSecond {
                lastTickSecond = second
                send(.tick(now))
                pollVerifier()
                refreshSnapshot()
            }
        }
        settle()
        terminal.shutdown()
        return terminal.pendingQuitSignal.map { 128 + $0 } ?? (terminalGone ? 128 + SIGHUP : 0)
    }

    /// Waits until every append handed to the worker is settled, then takes the results
    /// and what the log gained: the state the screen would show once the disk caught up.
    func settle() {
        worker.waitUntilIdle()
        takeAppendResults()
        pollLog()
    }

    /// Starts a background snapshot write when the one on disk is far enough behind and
    /// the projection is exactly the log up to the follower's checkpoint. Not for a
    /// read-only log (its projection stops at a bad record), nor while the log before a
    /// warm start's checkpoint is unverified.
    func refreshSnapshot() {
        guard let k = snapshots else { return }
        if case .readOnly = state.logStatus { return }
        // Not while part of the log is unverified or found bad (decision 0018): a bad record
        // found later must not be carried into a fresh snapshot.
        if log.unverifiedPrefix != nil || log.prefixIssue != nil { return }
        let checkpoint = follower.checkpoint
        guard state.lastAppliedSeq == checkpoint.nextSeq - 1 else { return }
        k.refresh(state.domain, checkpoint: checkpoint)
    }

    /// Sleeps until a key, a log change, an append's result, or the next whole second.
    func waitForInput() {
        let nanos = clock.now().epochNanoseconds
        let toNextSecond = Int32(1000 - (nanos % 1_000_000_000) / 1_000_000)
        var fds = [pollfd(fd: worker.wakeDescriptor, events: Int16(POLLIN), revents: 0)]
        if terminal.inputDescriptor >= 0 {
            fds.append(pollfd(fd: terminal.inputDescriptor, events: Int16(POLLIN), revents: 0))
        }
        if let fd = follower.waitDescriptor { fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
        var timeout = follower.waitDescriptor == nil ? min(toNextSecond, 200) : max(1, toNextSecond)
        if terminal.hasBufferedInput { timeout = 0 }
        let ready = poll(&fds, nfds_t(fds.count), timeout)
        // A terminal that hung up (its window closed, the pty gone) or whose descriptor broke
        // never becomes readable again: poll would return at once forever and the loop spin.
        // End as after SIGHUP instead (seen: a dashboard left spinning at 40 % of a core).
        if ready > 0, terminal.inputDescriptor >= 0,
            fds[1].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
        {
            terminalGone = true
        }
    }

    /// Hands the verifier's progress and end to the dashboard (once a second).
    func pollVerifier() {
        guard let v = verifier else { return }
        let now = v.status
        guard now != verifierShown else { return }
        let before = verifierShown
        verifierShown = now
        if now.percent != before?.percent || before == nil { send(.verifying(percent: now.percent)) }
        switch now {
        case .running, .verified: break
        case .failed(let issue):
            send(.logStatus(.readOnly(reason: issue.text(state.config.language))))
        case .unreadable(let why):
            send(.logStatus(.readOnly(reason: why)))
        }
    }

    func pollLog() {
        do {
            let records = try follower.poll()
            if !records.isEmpty { send(.recordsAppended(records.map(LogBridge.recorded))) }
        } catch let e as LogError {
            // In the officer's language, as the start-up's banner (`bản ghi số N …`).
            send(.logStatus(.readOnly(reason: e.text(state.config.language))))
        } catch {
            send(.logStatus(.readOnly(reason: "\(error)")))
        }
    }

    /// Hands the worker's settled appends to the dashboard, in the order they were sent.
    func takeAppendResults() {
        for msg in worker.takeResults() { send(msg) }
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
        // After the frame that shows why: ncurses' flash holds the loop for 100 ms, which
        // delayed the new alert's row behind it (issue 15, live latency).
        switch alarmAfterDraw {
        case .bell?: terminal.bell()
        case .flash?: terminal.flash()
        default: break
        }
        alarmAfterDraw = nil
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
                if alarmAfterDraw == nil { alarmAfterDraw = .bell }
            case .flash:
                alarmAfterDraw = .flash
            case .append(let requestID, let events):
                // Decided against the projection up to `lastAppliedSeq`: the worker checks,
                // under the lock, every record after it (pinned until then).
                let seen = state.lastAppliedSeq
                worker.submit(
                    AppendWorker.Job(
                        requestID: requestID, events: events, at: clock.now(), pin: log.pin(after: seen)))
            case .appendAsSystem(let requestID, let events):
                let seen = state.lastAppliedSeq
                worker.submit(
                    AppendWorker.Job(
                        requestID: requestID, events: events, at: clock.now(), pin: log.pin(after: seen),
                        actor: LogActor(officer: CampaignState.systemActor, process: actor.process, host: actor.host)))
            case .saveFilter(let name, let filter):
                // A small file, written on the loop's thread (temporary file, fsync, rename).
                let result: Result<SavedFilters, SavedFiltersProblem> =
                    savedFiltersPath.map { SavedFiltersFile.save(name, filter, path: $0) }
                    ?? .failure(.unwritable("no saved filters file"))
                queue += update(&state, .filterSaved(name: name, result))
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

/// The dashboard's durable appends, off the run loop's thread (issue 16, item 5): one
/// serial queue, so actions reach the log in the order they were decided; each result
/// comes back as a message (`takeResults`), and a byte on a pipe (`wakeDescriptor`) wakes
/// the loop's poll(2). Thread-safe.
final class AppendWorker: @unchecked Sendable {
    /// One action to append: its events, decided at `pin.seq`.
    struct Job: @unchecked Sendable {
        var requestID: Int
        var events: [ProposedEvent]
        var at: RFC3339Timestamp
        var pin: LogPin
        /// The actor of the records, when not the officer's (`Effect.appendAsSystem`).
        var actor: LogActor? = nil
    }

    private let log: EventLog
    private let actor: LogActor
    private let queue = DispatchQueue(label: "dutydesk.append")
    private let group = DispatchGroup()
    private let results = Mutex<[Msg]>([])
    private let pipeFDs: (read: Int32, write: Int32)

    init(log: EventLog, actor: LogActor) {
        self.log = log
        self.actor = actor
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds {
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
        } else {
            fds = [-1, -1]
        }
        pipeFDs = (fds[0], fds[1])
    }

    deinit {
        waitUntilIdle()
        if pipeFDs.read >= 0 { close(pipeFDs.read) }
        if pipeFDs.write >= 0 { close(pipeFDs.write) }
    }

    /// Readable when a result is waiting (−1 if no pipe could be made: the loop then
    /// finds results on its next wake-up, at most a second later).
    var wakeDescriptor: Int32 { pipeFDs.read }

    /// Queues `job`; its result arrives through `takeResults`.
    func submit(_ job: Job) {
        queue.async(group: group) {
            let msgs = self.perform(job)
            self.results.withLock { $0.append(contentsOf: msgs) }
            if self.pipeFDs.write >= 0 {
                var b: UInt8 = 1
                _ = write(self.pipeFDs.write, &b, 1)
            }
        }
    }

    /// The settled appends since the last call, oldest first; drains the wake pipe.
    func takeResults() -> [Msg] {
        if pipeFDs.read >= 0 {
            var buf = [UInt8](repeating: 0, count: 64)
            while read(pipeFDs.read, &buf, buf.count) > 0 {}
        }
        return results.withLock { r in
            defer { r.removeAll() }
            return r
        }
    }

    /// Blocks until every submitted job has run.
    func waitUntilIdle() { group.wait() }

    /// Appends one action. Under the log's lock the decider only looks: if any record
    /// after the decision's seq — another desk's, or one of our own actions still pending
    /// when this one was decided — touched the same alert or request, the officer decided
    /// on a stale screen: refuse rather than write. Those records reach the screen through
    /// the follower, after the lock.
    /// A clock more than a minute behind the log's last record (known under the lock) adds
    /// `.clockBehind` after the stored action (a banner; issue 10, item 2).
    func perform(_ job: Job) -> [Msg] {
        let actor = job.actor ?? self.actor
        let log = self.log
        var behind: ClockBehind?
        do {
            let stored = try log.append(after: job.pin) { since in
                guard job.pin.isComplete else { throw StaleDecision(subject: nil, by: nil, ours: false) }
                behind = ClockBehind.check(clock: job.at, lastRecordNanos: log.checkpoint.lastTimestampNanos)
                for r in since {
                    if let shared = DashboardRunner.sharedSubject(job.events, LogBridge.recorded(r).subjects) {
                        throw StaleDecision(subject: shared, by: r.actor.officer, ours: r.actor == actor)
                    }
                }
                return job.events.map { LogBridge.newRecord($0, at: job.at, actor: actor) }
            }
            let done = Msg.appendSucceeded(requestID: job.requestID, records: stored.map(LogBridge.recorded))
            if let behind, !stored.isEmpty { return [done, .clockBehind(behind)] }
            return [done]
        } catch {
            return [.appendFailed(requestID: job.requestID, message: "\(error)")]
        }
    }
}

/// Another desk — or an earlier action of this desk that was not yet saved — changed
/// what the officer was acting on between the screen and the lock.
struct StaleDecision: Error, CustomStringConvertible {
    /// The alert or request both are about; nil when the records in between are not known.
    let subject: String?
    let by: String?
    /// The change was this dashboard's own earlier action.
    let ours: Bool
    var description: String {
        guard let subject, let by else { return "the log moved on while this was decided; look again and retry" }
        if ours {
            return
                "\(subject) was just changed by your previous action, not yet saved when you chose this; look again and retry"
        }
        return "\(subject) was just changed by \(by) at another desk; look again and retry"
    }
}
