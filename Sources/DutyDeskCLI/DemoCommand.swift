// `dutydesk demo`: the Golden Strike 2021 drill with a live simulated feed.
import ArgumentParser
import CursesBackend
import DutyDeskDomain
import DutyDeskLog
import Foundation

/// The drill: the dashboard on a throwaway log (or `--log`), the clock starting at
/// 2021-09-01T07:45:00+07:00 (or `--now`), and a simulated feed appending realistic
/// events — tips from every source about plausible commodities, species, border gates,
/// flights and containers, officers' actions, verification requests, focal-officer
/// nominations — in real time from a second writer, exactly as another desk would.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the Golden Strike 2021 drill with a live simulated feed.",
        discussion: """
            The feed writes through its own handle on the log, with the same lock and
            sync protocol as any other process, so the panes update exactly as they
            would from a second desk: it decides each action under the log's lock, so
            its ids never collide with an `alert add` and it never acts on an alert an
            officer touched. The 20 minutes before the start are written at once, so
            the panes are not empty; then events arrive every few seconds.

            The drill log records its desk (--desk, default HQHN) and its clock
            (drill.started): every command run on the log (dutydesk alert add, import,
            report, a second dashboard) follows the drill's clock unless given --now.
            `demo` on a drill log continues its clock unless --now is given.

            With --network, the three-desk drill on this machine (docs/user-guide.md, "The
            network drill"): a private PostgreSQL server, the desks of Lạng Sơn (HQLS),
            Quảng Ninh (HQQN) and Division 1 (DTCBL-P1) — each its own log in the drill
            directory (--dir, default $XDG_DATA_HOME/dutydesk/network-drill or
            ~/.local/share/dutydesk/network-drill), enrolled, with its own dutydesk sync —
            the simulated feed on the two border desks, and Division 1's dashboard here.
            Open the others in other terminals: dutydesk --log DIR/HQLS.log. Quitting stops
            the feeds, the syncs and the server and keeps the logs (--keep-running leaves the
            syncs and the server up); a second run continues the drill. As root the server
            runs as the postgres user: the directory must be reachable by it.

            Exit codes: 0 quit, 64 bad option, 65 a malformed drill.conf, 66 a drill whose
            server data is gone, 69 PostgreSQL missing or failing, 71 a sync could not be
            started, 73 the drill directory cannot be made or is not a drill's (files and no
            drill.conf), 74 I/O error, 78 bad configuration; 128+N after signal N.

            Examples:
              dutydesk demo
              dutydesk demo --network
              dutydesk demo --network --dir /var/tmp/drill --lang vi
              dutydesk demo --lang vi --now "04/09/2021 16:30"
              dutydesk demo --log /tmp/drill.log --seed 7
              dutydesk alert add --log /tmp/drill.log --source police --subject "Ngà voi"
            """)

    @OptionGroup var campaignOptions: CampaignOptions
    @OptionGroup var dashboard: DashboardOptions

    @Option(help: ArgumentHelp("Seed of the simulated feed (the same seed gives the same drill).", valueName: "n"))
    var seed: UInt64 = 2021

    @Option(help: ArgumentHelp("Mean seconds between simulated events.", valueName: "seconds"))
    var gap: Int = 6

    @Option(
        help: ArgumentHelp(
            "The drill desk's unit (its code prefixes the drill's ids; default HQHN, Hà Nội, the first department of the letter). A log that has a desk keeps it.",
            valueName: "unit"))
    var desk: String = DemoCommand.defaultDesk

    @Flag(help: "Run the three-desk network drill (a private PostgreSQL server, HQLS, HQQN, DTCBL-P1).")
    var network = false

    @Option(help: ArgumentHelp("The network drill's directory (with --network).", valueName: "dir"))
    var dir: String?

    @Flag(help: "With --network: leave the syncs and the server running after the dashboard quits.")
    var keepRunning = false

    /// The drill's desk: Hà Nội Customs Department, the first of the 35 provincial
    /// departments the letter lists (decision 0011).
    static let defaultDesk = "HQHN"
    /// The drill clock's start without `--now`: 07:45 ICT on the campaign's first day.
    static let defaultStart = "2021-09-01T07:45:00+07:00"

    func run() throws {
        let campaign = try campaignOptions.loadCampaign()
        let options = dashboard
        let explicit = try campaignOptions.explicitClock(for: campaign)
        guard gap >= 1 else {
            throw CLIFailure.usage(en: "--gap must be at least 1 second", vi: "--gap phải từ 1 giây trở lên")
        }
        if !DeskCode.isValid(desk) {
            throw CLIFailure.usage(
                en: "--desk: \(DomainError.badDeskCode(desk).text(.en))",
                vi: "--desk: \(DomainError.badDeskCode(desk).text(.vi))")
        }
        if campaign.unit(desk) == nil {
            throw CLIFailure.data(
                en: "--desk: \(DomainError.unknownUnit(desk).text(.en))",
                vi: "--desk: \(DomainError.unknownUnit(desk).text(.vi))")
        }
        if network {
            if campaignOptions.logOptions.log != nil {
                throw CLIFailure.usage(
                    en: "--log: not with --network (--dir)", vi: "--log: không dùng cùng --network (dùng --dir)")
            }
            if explicit != nil {
                throw CLIFailure.usage(
                    en: "--now: not with --network (the drill clock)",
                    vi: "--now: không dùng cùng --network (diễn tập có đồng hồ riêng)")
            }
            try runNetworkDrill(campaign: campaign)
            return
        }
        if dir != nil || keepRunning {
            throw CLIFailure.usage(
                en: "--dir and --keep-running need --network", vi: "--dir và --keep-running cần có --network")
        }

        let logPath: String
        if campaignOptions.logOptions.log != nil || currentEnvironment()["DUTYDESK_LOG"] != nil {
            logPath = campaignOptions.logPath(for: campaign)
        } else {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
                "dutydesk-demo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            do {
                try FileManager.default.createDirectory(
                    at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw CLIFailure(
                    "cannot create a directory for the drill log: \(error.localizedDescription)",
                    code: SysExit.cantCreat)
            }
            logPath = dir.appendingPathComponent("\(campaign.id)-drill.log").path
        }

        let drill = try DemoFeed.prepare(
            logPath: logPath, campaign: campaign, desk: desk, explicit: explicit,
            actor: LogBridge.actor(officer: try campaignOptions.officerID()))
        let clock = drill.clock
        let feed = DemoFeed(
            campaign: campaign, seed: seed, gap: gap, clock: clock, logPath: logPath, state: drill.state,
            history: drill.fresh)
        // History first, so the dashboard opens on a campaign already under way (a new
        // drill only: a continued one has its own).
        if drill.fresh { try feed.writeHistory() }
        let code = try runDashboard(
            campaign: campaign, logPath: logPath, officer: try campaignOptions.officerID(),
            options: options, clock: clock, beforeLoop: { _ in feed.start() })
        feed.stop()
        if let reason = feed.stopReason {
            // The officer reads why the drill went quiet once the terminal is back.
            var err = RawOut(fd: 2)
            let vi = (try? options.language()) == .vi
            err.say(
                vi
                    ? "dutydesk demo: nguồn tin mô phỏng đã dừng: \(reason.textVI)\n"
                    : "dutydesk demo: the simulated feed stopped: \(reason.text)\n")
            err.flush()
        }
        var out = RawOut(fd: 1)
        out.say(
            LogBridge.officerLanguage == .vi
                ? "Nhật ký diễn tập: \(logPath)\nKiểm tra bằng: dutydesk verify --log \(logPath)\n"
                : "Drill log: \(logPath)\nCheck it with: dutydesk verify --log \(logPath)\n")
        out.flush()
        if code != 0 { throw ExitCode(code) }  // the signal's exit status wins over a lost hint
        try out.finish()
    }
}

/// The simulated second writer of the drill.
final class DemoFeed: @unchecked Sendable {
    let campaign: Campaign
    let seed: UInt64
    let gap: Int
    let clock: CampaignClock
    let logPath: String
    private let lock = NSLock()
    private var stopped = false
    private var thread: Thread?
    private var feed: SyntheticFeed
    /// The first proposal past the drill's start (`writeHistory`), proposed by the loop when due.
    private var firstProposal: SyntheticFeed.Proposal?
    private var stoppedBecause: SyntheticFeed.Stop?
    private let actorHost: LogActor
    /// Mixed sharing levels for the alerts it proposes (the network drill); false: the
    /// default (`amber`) for every alert, as the single-desk drill.
    var mixedSharing = false
    private var alertsProposed = 0

    /// Minutes of simulated history a new drill writes before its start.
    static let historyMinutes = 20

    /// `state`: the log's projection (with its desk, whose ids the feed mints). `history`:
    /// the feed's clock starts `historyMinutes` before the drill clock (a new drill writes
    /// them with `writeHistory`); false: it starts now (a continued drill).
    init(
        campaign: Campaign, seed: UInt64, gap: Int, clock: CampaignClock, logPath: String, state: CampaignState,
        history: Bool = true
    ) {
        self.campaign = campaign
        self.seed = seed
        self.gap = gap
        self.clock = clock
        self.logPath = logPath
        let start = clock.now().adding(seconds: history ? -Self.historyMinutes * 60 : 0)
        feed = SyntheticFeed(campaign: campaign, seed: seed, start: start, meanGapSeconds: gap, state: state)
        actorHost = LogBridge.actor(officer: "feed", process: "dutydesk-demo-feed")
    }

    /// The drill log ready for the feed and the dashboard (issue 10; decision 0011): its
    /// clock recorded first (`drill.started`: `--now`, else 07:45 ICT on 01/09/2021; a log
    /// that has a drill clock continues it unless `--now` is given), then its desk
    /// (`desk.configured` for `desk` when the log has none). A new drill's two records are
    /// stamped at the start of its history (`historyMinutes` before the drill instant).
    /// - Returns: the log's projection, the drill clock, and whether the drill is new.
    /// - Throws: `CLIFailure` for the log's failures or a refusal.
    static func prepare(
        logPath: String, campaign: Campaign, desk: String, explicit: CampaignClock?, actor: LogActor
    ) throws(CLIFailure) -> (state: CampaignState, clock: CampaignClock, fresh: Bool) {
        let (log, loaded) = try LogBridge.load(path: logPath, campaign: campaign)
        defer { log.close() }
        var state = loaded
        let offset = campaign.zone.offsetSeconds
        var fresh = false
        if explicit != nil || state.drillClock == nil {
            var start = explicit
            if start == nil { start = try CampaignClock.parseNow(DemoCommand.defaultStart, offsetSeconds: offset) }
            guard let start else { throw .software("no drill clock") }
            let drillAt = start.now()
            let real = RFC3339Timestamp(epochNanoseconds: EventLog.systemNanos(), offsetSeconds: offset)
            fresh = state.drillClock == nil
            let stamp = fresh ? drillAt.adding(seconds: -historyMinutes * 60) : drillAt
            _ = try LogBridge.decideAndAppend(
                .startDrill(drillAt: drillAt, realAt: real), log: log, state: &state, actor: actor, now: stamp,
                newID: { LogBridge.newEventID() })
        }
        if state.desk == nil {
            let now = CampaignClock.resolve(explicit: nil, drill: state.drillClock, offsetSeconds: offset).now()
            _ = try LogBridge.decideAndAppend(
                .configureDesk(unit: desk), log: log, state: &state, actor: actor,
                now: fresh ? now.adding(seconds: -historyMinutes * 60) : now, newID: { LogBridge.newEventID() })
        }
        let clock = CampaignClock.resolve(explicit: nil, drill: state.drillClock, offsetSeconds: offset)
        return (state, clock, fresh)
    }

    func record(_ e: RecordedEvent) -> NewRecord {
        NewRecord(
            type: e.type, id: e.id, payload: e.payload, ts: e.at,
            actor: LogActor(officer: e.actor, process: actorHost.process, host: actorHost.host))
    }

    /// Writes, as one batch, every simulated event up to the drill clock's start.
    /// - Throws: `CLIFailure` when the log cannot be written.
    func writeHistory() throws(CLIFailure) {
        let now = clock.now()
        var batch: [NewRecord] = []
        // Chosen first, applied only when written: an event applied to the feed's state but
        // held back (past the start) would put the state one seq ahead of the log, and the
        // next record another writer appends would never reach the feed.
        while true {
            guard let p = feed.nextProposal() else {
                setStopReason(feed.stopReason)
                break
            }
            if p.at > now {
                firstProposal = p
                break
            }
            for e in feed.accept(p) ?? [] { batch.append(record(e)) }
        }
        do {
            let log = try EventLog.open(path: logPath, mode: .readWrite)
            defer { log.close() }
            try log.append(batch)
        } catch let e as LogError { throw .log(e) } catch { throw .software("\(error)") }
    }

    /// Starts appending events in real time on a thread of its own.
    func start() {
        let t = Thread { [self] in self.loop() }
        t.name = "demo-feed"
        thread = t
        t.start()
    }

    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    /// Signalled when the feed's thread has ended (after `stop()` or by itself).
    private let ended = DispatchSemaphore(value: 0)

    /// `stop()`, then waits until the feed's thread ended (its last append settled).
    func stopAndWait() {
        stop()
        guard thread != nil else { return }
        ended.wait()
        ended.signal()
    }

    /// Why the simulated feed ended by itself (its clock left `TimeRules`' window, or every
    /// command was refused), or nil while it runs or when only `stop()` ended it.
    var stopReason: SyntheticFeed.Stop? {
        lock.lock()
        defer { lock.unlock() }
        return stoppedBecause
    }

    private func setStopReason(_ r: SyntheticFeed.Stop?) {
        lock.lock()
        stoppedBecause = r
        lock.unlock()
    }

    var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func loop() {
        // Its own signal stack: a fault on this thread (even a stack overflow) must still
        // run the handler that gives the terminal back (issue 12, item 7).
        CursesTerminal.installAlternateSignalStack()
        defer { ended.signal() }
        guard let log = try? EventLog.open(path: logPath, mode: .readWrite) else { return }
        defer { log.close() }
        // What another writer appended between the projection the feed starts from and this
        // opening was read by the opening, so no append hands it on as another's: absorb it
        // now, or the feed would decide on a state without it (an alert id taken twice).
        guard (try? catchUp(log)) != nil else { return }
        var next = firstProposal
        while !isStopped && stopReason == nil {
            guard let p = next ?? feed.nextProposal() else {
                // The feed cannot go on (e.g. the clock passed 2100-01-01): it ends quietly
                // and `DemoCommand` says why on standard error after the dashboard exits.
                setStopReason(feed.stopReason)
                return
            }
            next = p
            let wait = p.at.epochNanoseconds - clock.now().epochNanoseconds
            if wait > 0 {
                usleep(UInt32(min(wait / 1000, 250_000)))
                continue
            }
            next = nil
            // A failed append ends the feed; the dashboard shows the log's state itself.
            do { try decideUnderLock(p, log: log) } catch { return }
        }
    }

    /// Absorbs the records of `log` after the feed's state, oldest first.
    /// - Throws: the log's read failure.
    func catchUp(_ log: EventLog) throws {
        guard log.lastSeq > feed.state.lastSeq else { return }
        _ = try log.replay(fromSeq: feed.state.lastSeq + 1) { r in
            if r.seq > feed.state.lastSeq { feed.absorb(LogBridge.recorded(r)) }
        }
    }

    /// Decides `p` under the log's lock against the log's current state, like the command
    /// line (`LogBridge.decideAndAppend`): ids come from the log, and an action another
    /// writer made stale — or on an alert an officer touched — is dropped (nothing is
    /// written) and the feed goes on. Stamped with the drill clock.
    /// - Throws: the log's failure.
    func decideUnderLock(_ p: SyntheticFeed.Proposal, log: EventLog) throws {
        let now = clock.now()
        let actor = LogActor(officer: p.actor, process: actorHost.process, host: actorHost.host)
        let command = sharing(p.command)
        let stored = try log.append(deciding: { others in
            for r in others where r.seq > feed.state.lastSeq { feed.absorb(LogBridge.recorded(r)) }
            let decided = decide(
                command, state: feed.state, actor: p.actor, now: now, newID: { LogBridge.newEventID(prefix: "feed") })
            guard case .success(let events) = decided, feed.mayApply(events, to: feed.state, at: now, actor: p.actor)
            else { return [] }
            return events.map { LogBridge.newRecord($0, at: now, actor: actor) }
        })
        for r in stored { feed.absorb(LogBridge.recorded(r)) }
    }

    /// `command` with the drill's sharing level when `mixedSharing` and it receives an
    /// alert: of every 20 alerts 14 `amber`, 4 `green`, 1 `amber+strict`, 1 `red` (TLP 2.0,
    /// issue 11 item 4), in a fixed order so the same seed gives the same drill.
    func sharing(_ command: Command) -> Command {
        guard mixedSharing, case .receiveAlert(let d, let id, _) = command else { return command }
        alertsProposed += 1
        let level: SharingLevel
        switch alertsProposed % 20 {
        case 3, 8, 13, 18: level = .green
        case 6: level = .amberStrict
        case 11: level = .red
        default: level = .amber
        }
        return .receiveAlert(d, alertID: id, sharing: level)
    }
}
