// What every campaign command shares: the campaign, the log, the officer and the clock.
import ArgumentParser
import DutyDeskConfig
import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog

#if canImport(Glibc)
    import Glibc
#endif

/// A failure a command reports to the officer: one message on standard error,
/// prefixed `dutydesk: `, and a sysexits(3) exit code. Nothing half-written: commands
/// throw this before they append, or after an append that did not happen.
public struct CLIFailure: Error, CustomStringConvertible {
    public var message: String
    public var code: Int32
    public init(_ message: String, code: Int32) {
        self.message = message
        self.code = code
    }
    public var description: String { message }

    /// EX_USAGE (64): a bad option value.
    public static func usage(_ m: String) -> CLIFailure { CLIFailure(m, code: SysExit.usage) }
    /// EX_DATAERR (65): bad input data.
    public static func data(_ m: String) -> CLIFailure { CLIFailure(m, code: SysExit.dataErr) }
    /// EX_NOINPUT (66): an input file is missing or unreadable.
    public static func noInput(_ m: String) -> CLIFailure { CLIFailure(m, code: SysExit.noInput) }
    /// EX_SOFTWARE (70): an internal error.
    public static func software(_ m: String) -> CLIFailure { CLIFailure(m, code: 70) }
    /// EX_CONFIG (78): a configuration problem (campaign or theme file).
    public static func config(_ m: String) -> CLIFailure { CLIFailure(m, code: 78) }

    /// The failure for a log error, with its sysexits code.
    public static func log(_ e: LogError) -> CLIFailure { CLIFailure(e.description, code: SysExit.code(for: e)) }
}

/// `--campaign FILE`, `--log PATH` and `--officer ID`, shared by the dashboard and every
/// command that reads or writes the campaign's log.
public struct CampaignOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Campaign definition file (YAML, docs/campaign-format.md). Default: the embedded Golden Strike 2021 campaign.",
            valueName: "file"))
    public var campaign: String?

    @OptionGroup public var logOptions: LogOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Officer id recorded as the actor of every action (default: your login name).", valueName: "id"))
    public var officer: String?

    public init() {}

    /// The campaign: `--campaign FILE` or the embedded Golden Strike 2021.
    /// - Throws: `CLIFailure` (EX_NOINPUT for a missing file, EX_CONFIG for a bad one),
    ///   with the file, line and field from the campaign loader; EX_CONFIG (78) naming the
    ///   field `id` when the campaign id is not a safe file name (it names the log file;
    ///   `LogLocation.unsafeFileNameReason`, issue 12, item 8).
    public func loadCampaign() throws(CLIFailure) -> Campaign {
        guard let path = campaign else { return CampaignLoader.embeddedGoldenStrike2021 }
        guard access(path, R_OK) == 0 else {
            throw .noInput("cannot read campaign file \(path): \(String(cString: strerror(errno)))")
        }
        let loaded: Campaign
        do { loaded = try CampaignLoader.load(path: path) } catch { throw .config(error.description) }
        if let why = LogLocation.unsafeFileNameReason(loaded.id) {
            throw .config("\(path): id: the campaign id \(why) (it names the campaign's log file)")
        }
        return loaded
    }

    /// The log path for `campaign`: `--log`, else `DUTYDESK_LOG`, else the XDG default.
    public func logPath(for campaign: Campaign) -> String { logOptions.resolvedPath(campaignID: campaign.id) }

    /// The officer id: `--officer`, else `DUTYDESK_OFFICER`, else the login name, else `officer`.
    /// An id given by `--officer` or `DUTYDESK_OFFICER` must be non-empty and one line
    /// (no line break or other control character): it is recorded as the actor of every record.
    /// - Throws: `CLIFailure.usage` (64) naming the option or the variable.
    public func officerID() throws(CLIFailure) -> String {
        func checked(_ o: String, _ name: String) throws(CLIFailure) -> String {
            if o.trimmingSpaces.isEmpty { throw .usage("\(name): the officer id is empty") }
            if let c = firstControlCharacter(in: o) {
                throw .usage("\(name): the officer id contains a line break or control character (\(c))")
            }
            return o
        }
        if let o = officer { return try checked(o, "--officer") }
        let env = currentEnvironment()
        if let o = env["DUTYDESK_OFFICER"], !o.isEmpty { return try checked(o, "DUTYDESK_OFFICER") }
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return env["USER"] ?? "officer"
    }
}

/// The displayed clock: real time, or a drill clock that starts at `--now` and runs on in
/// real time (issue 4, item 1). Instants are shown in the campaign's offset (ICT, +07:00).
public struct CampaignClock: Sendable {
    /// The instant the drill started at, or nil for real time.
    public let start: RFC3339Timestamp?
    /// Monotonic nanoseconds when the clock was made.
    let startedMonotonic: Int64
    /// The campaign's UTC offset in seconds (ICT: 25200).
    public let offsetSeconds: Int32

    public init(start: RFC3339Timestamp?, offsetSeconds: Int32) {
        self.start = start
        self.offsetSeconds = offsetSeconds
        startedMonotonic = CampaignClock.monotonicNanos()
    }

    /// Parses `--now` (RFC 3339 with an offset), inside the window of every time
    /// (`TimeRules`: from 1900-01-01 up to 2100-01-01).
    /// - Throws: `CLIFailure.usage` naming the option and the expected form or the window.
    public static func parseNow(_ text: String?, offsetSeconds: Int32) throws(CLIFailure) -> CampaignClock {
        guard let text else { return CampaignClock(start: nil, offsetSeconds: offsetSeconds) }
        switch RFC3339Timestamp.read(text) {
        case .failure(.notRFC3339):
            throw .usage("--now: '\(text)' is not an RFC 3339 time with an offset, e.g. 2021-09-01T07:45:00+07:00")
        case .failure(.outOfRange):
            throw .usage("--now: '\(text)' is \(RFC3339Timestamp.ReadError.outOfRange)")
        case .success(let t):
            if let p = TimeRules.problem(t, field: nil) { throw .usage("--now: \(p)") }
            return CampaignClock(start: t, offsetSeconds: offsetSeconds)
        }
    }

    /// The current instant, in the campaign's offset.
    public func now() -> RFC3339Timestamp {
        let nanos: Int64
        if let start {
            nanos = start.epochNanoseconds + (CampaignClock.monotonicNanos() - startedMonotonic)
        } else {
            nanos = EventLog.systemNanos()
        }
        return RFC3339Timestamp(epochNanoseconds: nanos, offsetSeconds: offsetSeconds)
    }

    static func monotonicNanos() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}

/// Converting between the log's envelopes and the domain's events.
public enum LogBridge {
    /// The domain's view of a stored record.
    public static func recorded(_ r: LogRecord) -> RecordedEvent {
        RecordedEvent(seq: r.seq, id: r.id, type: r.type, at: r.ts, actor: r.actor.officer, payload: r.payload)
    }

    /// A record to append for a decided event, stamped `at` by `actor`.
    public static func newRecord(_ e: ProposedEvent, at: RFC3339Timestamp?, actor: LogActor) -> NewRecord {
        NewRecord(type: e.type, id: e.id, payload: e.payload, ts: at, actor: actor)
    }

    /// The actor for this process: officer id, `dutydesk/<pid>`, host name.
    public static func actor(officer: String, process: String = "dutydesk") -> LogActor {
        LogActor(officer: officer, process: "\(process)/\(getpid())", host: LogActor.localHost)
    }

    /// Opens the log and folds it into a projection, in one pass, from the projection
    /// snapshot when one matches the log (`loadProjection`).
    /// - Returns: the open log (read-write unless `readOnly`; its `state` says whether a
    ///   bad record stopped the replay and made it read-only) and the projection.
    /// - Throws: `CLIFailure` for I/O errors and a missing log in read-only mode; 65 in
    ///   read-write mode when a record's time is outside `TimeRules`' window (named by seq).
    public static func load(path: String, campaign: Campaign, readOnly: Bool = false) throws(CLIFailure) -> (
        EventLog, CampaignState
    ) {
        let p: ProjectionLoad
        do {
            p = try loadProjection(path: path, campaign: campaign, mode: readOnly ? .readOnly : .readWrite)
        } catch let e as LogError { throw .log(e) } catch { throw .software("\(path): \(error)") }
        // A record whose time no reader may use makes the log read-only, as a bad record does.
        if !readOnly, let t = p.timeProblem {
            throw .data(
                "\(path): seq \(t.seq): \(t.reason); the log is read-only (run `dutydesk verify`)")
        }
        return (p.log, p.projection)
    }

    /// Decides `command` against the log's current state and appends the result durably.
    /// The decision is made under the log's lock, after folding in whatever other writers
    /// appended since `state` was read, so two processes never decide on stale state
    /// (e.g. both numbering a new alert A-0043).
    /// - Returns: the stored records (empty when every event id was already in the log).
    /// - Throws: `CLIFailure.data` when the domain refuses (with its reason), or the log's
    ///   failure (nothing is acknowledged then).
    public static func decideAndAppend(
        _ command: Command, log: EventLog, state: inout CampaignState, actor: LogActor,
        now: RFC3339Timestamp, newID: () -> String
    ) throws(CLIFailure) -> [LogRecord] {
        var refusal: DomainError?
        var current = state
        do {
            let stored = try log.append(deciding: { others in
                for r in others where r.seq > current.lastSeq { current.apply(recorded(r)) }
                switch decide(command, state: current, actor: actor.officer, now: now, newID: newID) {
                case .success(let events): return events.map { newRecord($0, at: now, actor: actor) }
                case .failure(let err):
                    refusal = err
                    return []
                }
            })
            for r in stored { current.apply(recorded(r)) }
            state = current
            if let refusal { throw CLIFailure.data(refusal.text(officerLanguage)) }
            return stored
        } catch let e as CLIFailure { throw e } catch let e as LogError { throw .log(e) } catch {
            throw .software("\(error)")
        }
    }

    /// The language the commands speak to the officer in (domain refusals): Vietnamese
    /// when `LC_ALL` (or, when unset or empty, `LANG`) starts with `vi`, else English — the
    /// dashboard's default rule for `--lang`.
    public static var officerLanguage: Language {
        let env = currentEnvironment()
        return Language.fromLocale(env["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LANG"])
    }

    /// A new event id: `<prefix>-<16 hex digits of randomness>` (unique, also the
    /// idempotency key of the log).
    public static func newEventID(prefix: String = "ev") -> String {
        var g = SystemRandomNumberGenerator()
        let n = g.next() as UInt64
        return prefix + "-" + Hex.padded(n, width: 16)
    }
}
