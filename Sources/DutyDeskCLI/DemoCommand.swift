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
            would from a second desk. The 20 minutes before the start are written at
            once, so the panes are not empty; then events arrive every few seconds.

            Examples:
              dutydesk demo
              dutydesk demo --lang vi --now 2021-09-04T16:30:00+07:00
              dutydesk demo --log /tmp/drill.log --seed 7
            """)

    @OptionGroup var campaignOptions: CampaignOptions
    @OptionGroup var dashboard: DashboardOptions

    @Option(help: ArgumentHelp("Seed of the simulated feed (the same seed gives the same drill).", valueName: "n"))
    var seed: UInt64 = 2021

    @Option(help: ArgumentHelp("Mean seconds between simulated events.", valueName: "seconds"))
    var gap: Int = 6

    func run() throws {
        let campaign = try campaignOptions.loadCampaign()
        var options = dashboard
        if options.now == nil { options.now = "2021-09-01T07:45:00+07:00" }
        let clock = try CampaignClock.parseNow(options.now, offsetSeconds: campaign.zone.offsetSeconds)
        guard gap >= 1 else { throw CLIFailure.usage("--gap must be at least 1 second") }

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

        let feed = DemoFeed(campaign: campaign, seed: seed, gap: gap, clock: clock, logPath: logPath)
        // History first, so the dashboard opens on a campaign already under way.
        try feed.writeHistory()
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
        out.say("Drill log: \(logPath)\nCheck it with: dutydesk verify --log \(logPath)\n")
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
    private var nextEvent: RecordedEvent?
    private var stoppedBecause: SyntheticFeed.Stop?
    private let actorHost: LogActor

    init(campaign: Campaign, seed: UInt64, gap: Int, clock: CampaignClock, logPath: String) {
        self.campaign = campaign
        self.seed = seed
        self.gap = gap
        self.clock = clock
        self.logPath = logPath
        let start = clock.now().adding(seconds: -20 * 60)
        feed = SyntheticFeed(campaign: campaign, seed: seed, start: start, meanGapSeconds: gap)
        actorHost = LogBridge.actor(officer: "feed", process: "dutydesk-demo-feed")
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
        while true {
            guard let e = feed.nextEvent() else {
                setStopReason(feed.stopReason)
                break
            }
            if e.at > now {
                nextEvent = e
                break
            }
            batch.append(record(e))
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
        guard let log = try? EventLog.open(path: logPath, mode: .readWrite) else { return }
        defer { log.close() }
        while !isStopped && stopReason == nil {
            guard let e = nextEvent ?? feed.nextEvent() else {
                // The feed cannot go on (e.g. the clock passed 2100-01-01): it ends quietly
                // and `DemoCommand` says why on standard error after the dashboard exits.
                setStopReason(feed.stopReason)
                return
            }
            nextEvent = e
            let wait = e.at.epochNanoseconds - clock.now().epochNanoseconds
            if wait > 0 {
                usleep(UInt32(min(wait / 1000, 250_000)))
                continue
            }
            nextEvent = nil
            // A failed append ends the feed; the dashboard shows the log's state itself.
            do { try log.append(record(e)) } catch { return }
        }
    }
}
