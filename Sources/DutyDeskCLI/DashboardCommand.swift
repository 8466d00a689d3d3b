// `dutydesk` (no subcommand) and `dutydesk demo`: the dashboard.
import ArgumentParser
import CursesBackend
import Dashboard
import DutyDeskConfig
import DutyDeskDomain
import DutyDeskLog
import TerminalKit

#if canImport(Glibc)
    import Glibc
#endif

/// Options of the dashboard itself (issue 4, item 1).
public struct DashboardOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Theme: a shipped name (\(ThemeLoader.shippedNames.joined(separator: ", "))) or a theme file.",
            valueName: "name|path"))
    public var theme: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Alarm for a new critical alert: bell, flash or none (high alerts and deadlines ring the bell).",
            valueName: "bell|flash|none"))
    public var alarm: String?

    public init() {}

    /// The dashboard's language: `--lang` (`LanguageOption`, checked when the options were
    /// parsed), else the locale's.
    func language() throws(CLIFailure) -> Language { LogBridge.officerLanguage }

    func loadTheme() throws(CLIFailure) -> Theme {
        guard let theme else { return .default }
        do { return try ThemeLoader.load(nameOrPath: theme) } catch { throw .config("\(error)") }
    }

    func bellPolicy() throws(CLIFailure) -> BellPolicy {
        guard let alarm else { return .standard }
        guard let a = Alarm(rawValue: alarm) else { throw .usage("--alarm: '\(alarm)' must be bell, flash or none") }
        var p = BellPolicy.standard
        p.critical = a
        return p
    }
}

/// Opens the dashboard on a log: replays it, then follows it live until the officer quits.
/// `clock` is `--now`'s; when it is real time (no `--now`) and the log has a drill clock,
/// the dashboard follows the drill clock (decision 0011).
/// - Throws: `CLIFailure` for a bad option, campaign, theme, log or terminal.
func runDashboard(
    campaign: Campaign, logPath: String, officer: String, options: DashboardOptions,
    clock given: CampaignClock, beforeLoop: ((EventLog) -> Void)? = nil
) throws(CLIFailure) -> Int32 {
    var clock = given
    let language = try options.language()
    let theme = try options.loadTheme()
    let bell = try options.bellPolicy()

    // Take the terminal first, so an unknown TERM is reported before any file is touched.
    let terminal: CursesTerminal
    do { terminal = try CursesTerminal(theme: theme) } catch {
        throw CLIFailure("\(error)", code: 69)  // EX_UNAVAILABLE
    }
    var terminalUp = true
    defer { if terminalUp { terminal.shutdown() } }

    let actor = LogBridge.actor(officer: officer)
    var snapshotWarnings: [String] = []
    let config = DashboardConfig(
        campaign: campaign, officer: officer, language: language, bellPolicy: bell,
        eventIDPrefix: LogBridge.newEventID(prefix: "d"))
    let size = terminal.size
    // One pass over the log at start: verify, recover a torn tail, build the id index and
    // fold the records the projection snapshot does not cover (all without one).
    let log: EventLog
    var state: AppState
    let follower: LogFollower
    let snapshots: SnapshotKeeper
    var timeProblem: (seq: Int, reason: String)?
    var readOnlyReason: String?
    do {
        // A large log takes seconds to read: show how far it is.
        var loading = Grid(width: size.width, height: size.height)
        let logName = logPath.split(separator: "/").last.map(String.init) ?? logPath
        let start = try LogBridge.startDashboard(
            path: logPath, config: config, now: clock.now(),
            width: size.width, height: size.height,
            progress: { p in
                // Ctrl-C (a key: the terminal is in raw mode), SIGTERM or SIGHUP while a large
                // log is read: stop now, not after it. Other keys wait for the dashboard.
                if CursesTerminal.pendingSignal != nil { throw StartUpInterrupted() }
                while let key = terminal.readKey(timeoutMilliseconds: 0) {
                    if key == .ctrl("c") { throw StartUpInterrupted() }
                    if key == .resize {
                        let s = terminal.size
                        loading = Grid(width: s.width, height: s.height)
                    }
                }
                renderLoading(
                    p, campaignName: language == .vi ? campaign.name.vi : campaign.name.en, logName: logName,
                    language: language, into: &loading)
                _ = terminal.present(loading)
            })
        log = start.log
        state = start.state
        timeProblem = start.timeProblem
        readOnlyReason = start.readOnlyReason
        follower = LogFollower(sharing: log, keepRaw: false)
        var covered = 0
        if case .used(let seq) = start.snapshot { covered = seq }
        snapshots = SnapshotKeeper(logPath: logPath, coveredSeq: covered)
        if case .ignored(let reason) = start.snapshot {
            snapshotWarnings.append("\(LogSnapshotFile.path(forLog: logPath)): projection snapshot ignored: \(reason)")
        }
    } catch is StartUpInterrupted {
        terminal.shutdown()
        terminalUp = false
        return CursesTerminal.pendingSignal.map { 128 + $0 } ?? 0
    } catch let e as LogError {
        terminal.shutdown()
        terminalUp = false
        throw CLIFailure(e.text(language), code: SysExit.code(for: e))
    } catch {
        terminal.shutdown()
        terminalUp = false
        throw .software("\(error)")
    }

    let status = LogBridge.startStatus(
        log.state, timeProblem: timeProblem, readOnlyReason: readOnlyReason, language: language)
    _ = update(&state, .logStatus(status))
    // The user's saved filters (issue 13, item 7); a damaged file is a banner, left as it is.
    let filtersPath = SavedFiltersFile.path(environment: currentEnvironment())
    _ = update(&state, .savedFiltersRead(path: filtersPath, SavedFiltersFile.read(filtersPath)))
    // One clock per log: a drill log's clock unless --now was given (issue 10, item 2).
    if !given.isDrill, let drill = state.domain.drillClock {
        clock = CampaignClock.resolve(explicit: nil, drill: drill, offsetSeconds: campaign.zone.offsetSeconds)
        _ = update(&state, .tick(clock.now()))
    }

    beforeLoop?(log)
    // `consume`: no second reference to the state's storage may outlive this call, or the
    // first change of each large array in the run loop copies it (measured at 1M events:
    // the first live append took 485 ms instead of 6 ms).
    let runner = DashboardRunner(
        terminal: terminal, log: log, follower: follower, clock: clock, actor: actor, state: consume state)
    runner.snapshots = snapshots
    // The log before the snapshot's checkpoint, taken on trust by a warm start, is
    // verified in the background from now on (decision 0018).
    runner.verifier = PrefixVerifier(log: log, language: language)
    // The first frame already says so ("verifying 0 %"), not "log ok" until the first tick.
    runner.pollVerifier()
    // A snapshot at start when there was none or it is far behind (as at every tick after).
    runner.refreshSnapshot()
    runner.savedFiltersPath = filtersPath
    // Test only (Tests/EndToEndTests, docs/output-safety.md): trap once the first frame is
    // on screen, to check that a crash gives the terminal back. It ends only this process;
    // the log is untouched (nothing is being written at this point).
    if currentEnvironment()["DUTYDESK_TEST_TRAP_AFTER_START"] == "1" {
        runner.draw()
        fatalError("DUTYDESK_TEST_TRAP_AFTER_START is set: deliberate trap after start-up")
    }
    // Test only, as above: `stack` overflows the stack (a SIGSEGV on its guard page) after
    // the first frame, to check the restore runs on the alternate signal stack (B3).
    if currentEnvironment()["DUTYDESK_TEST_TRAP_AFTER_START"] == "stack" {
        runner.draw()
        _ = recurseWithoutBound(1)
    }
    let code = runner.run()
    terminalUp = false
    // Quitting does not wait for a snapshot being written: it is abandoned (the one on
    // disk, if any, stays valid) so the terminal is back at once.
    snapshots.cancel()
    snapshots.wait()
    // Through the one printer: a log path or a reason with escape codes shows as markers.
    for w in log.warnings + snapshotWarnings { printWarning(w) }
    if let e = snapshots.lastError { printWarning("projection snapshot not written: \(e)") }
    return code
}

extension LogBridge {
    /// The dashboard's log status at start: the log's own (ok, recovered, read-only at a bad
    /// record), except that a record whose time is outside `TimeRules`' window (from
    /// `ProjectionLoad.timeProblem`) makes it read-only too, the banner naming its seq and
    /// field: `seq 2: ts 2250-01-01T00:00:00Z is not before 2100-01-01: …`.
    static func startStatus(
        _ state: LogOpenState, timeProblem: (seq: Int, reason: String)?, readOnlyReason: String? = nil,
        language: Language = .en
    ) -> LogStatus {
        var status: LogStatus = .ok
        switch state {
        case .ok: if let readOnlyReason { status = .readOnly(reason: readOnlyReason) }
        case .recovered(let info): status = .recovered(detail: "\(info)")
        case .readOnly(let issue): status = .readOnly(reason: issue.text(language))
        }
        if let p = timeProblem {
            if case .readOnly = status {} else { status = .readOnly(reason: "seq \(p.seq): \(p.reason)") }
        }
        return status
    }
}

/// `dutydesk` with no subcommand: the dashboard on the campaign's log.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the dashboard (the default when no subcommand is given).",
        discussion: """
            Live panes for alerts, verification requests and deadlines, backed by the
            log. Other processes (dutydesk alert add, import, a second desk) append to
            the same log and the panes update within 250 ms. Press ? for the keys.

            Examples:
              dutydesk
              dutydesk --now 2021-09-01T08:00:00+07:00 --officer hq.hcm.duty1 --lang vi
              dutydesk --log /srv/desk/golden-strike-2021.log --theme high-contrast
            """)

    @OptionGroup var campaignOptions: CampaignOptions
    @OptionGroup var dashboard: DashboardOptions

    func run() throws {
        let campaign = try campaignOptions.loadCampaign()
        let clock = CampaignClock.resolve(
            explicit: try campaignOptions.explicitClock(for: campaign), drill: nil,
            offsetSeconds: campaign.zone.offsetSeconds)
        let code = try runDashboard(
            campaign: campaign, logPath: campaignOptions.logPath(for: campaign),
            officer: try campaignOptions.officerID(), options: dashboard, clock: clock)
        if code != 0 { throw ExitCode(code) }
    }
}

/// Test only (`DUTYDESK_TEST_TRAP_AFTER_START=stack`): calls itself until the stack
/// overflows; the frame holds a buffer the optimiser cannot drop, and the call is not in
/// tail position, so it is not turned into a loop.
@inline(never) func recurseWithoutBound(_ depth: Int) -> Int {
    var frame = (depth, depth &+ 1, depth &+ 2, depth &+ 3, depth &+ 4, depth &+ 5, depth &+ 6, depth &+ 7)
    return withUnsafeMutablePointer(to: &frame) { p in
        if p.pointee.0 == Int.min { return 0 }
        return recurseWithoutBound(p.pointee.1) &+ p.pointee.7
    }
}
