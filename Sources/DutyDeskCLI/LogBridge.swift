// Between the log and the domain: records and events, the projection at start, decide and append.
import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Converting between the log's envelopes and the domain's events.
public enum LogBridge {
    /// The domain's view of a stored record.
    /// A record another desk decided carries its desk and seq there in the envelope's
    /// `origin` member (`{"desk":"HQLS","seq":57}`, docs/log-format.md §2); a malformed one
    /// is ignored (the record counts as this log's own).
    public static func recorded(_ r: LogRecord) -> RecordedEvent {
        RecordedEvent(
            seq: r.seq, id: r.id, type: r.type, at: r.ts, actor: r.actor.officer, payload: r.payload,
            origin: origin(r))
    }

    /// What is wrong with the record's `origin` envelope member, or nil when it is absent
    /// or well formed (`{"desk": desk code, "seq": ≥ 1}`): `dutydesk verify` names it.
    static func originProblem(_ r: LogRecord) -> String? {
        guard let o = r.extraEnvelope.last(where: { $0.0 == "origin" })?.1 else { return nil }
        guard let desk = o["desk"]?.stringValue, DeskCode.isValid(desk) else {
            return "\"origin\" does not name a desk code"
        }
        guard let seq = o["seq"]?.intValue, seq >= 1 else { return "\"origin\" has no seq ≥ 1" }
        return nil
    }

    static func origin(_ r: LogRecord) -> EventOrigin? {
        if r.extraEnvelope.isEmpty { return nil }
        guard let o = r.extraEnvelope.last(where: { $0.0 == "origin" })?.1,
            let desk = o["desk"]?.stringValue, !desk.isEmpty, let seq = o["seq"]?.intValue, seq >= 1
        else { return nil }
        return EventOrigin(desk: desk, seq: seq)
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
        let p = try projection(path: path, campaign: campaign, mode: readOnly ? .readOnly : .readWrite)
        // A record whose time no reader may use makes the log read-only, as a bad record does.
        if !readOnly, let t = p.timeProblem {
            throw .data(
                en: "\(path): seq \(t.seq): \(t.reason); the log is read-only (run `dutydesk verify`)",
                vi: "\(path): bản ghi số \(t.seq): \(t.reason); nhật ký chỉ đọc (chạy `dutydesk verify`)")
        }
        return (p.log, p.projection)
    }

    /// Opens the log read-only for a report and folds it (`loadProjection`), reporting
    /// rather than refusing a record whose time is outside `TimeRules`' window: the fold
    /// skipped it, and the report must say so (issue 12, B4).
    /// - Returns: the open log (its `state` says whether a bad record stopped the replay),
    ///   the projection, and the first folded record with a time out of range (seq and
    ///   reason), nil when there is none.
    /// - Throws: `CLIFailure` for I/O errors and a missing log (66).
    public static func loadForReading(path: String, campaign: Campaign, cutOff: RFC3339Timestamp? = nil)
        throws(CLIFailure) -> (EventLog, CampaignState, timeProblem: (seq: Int, reason: String)?)
    {
        let p = try projection(path: path, campaign: campaign, mode: .readOnly, cutOff: cutOff)
        return (p.log, p.projection, p.timeProblem)
    }

    /// `loadProjection` with its failures as the commands report them: a `LogError` as
    /// its sysexits code, anything else as an internal error naming the path.
    static func projection(path: String, campaign: Campaign, mode: EventLog.Mode, cutOff: RFC3339Timestamp? = nil)
        throws(CLIFailure) -> ProjectionLoad
    {
        do {
            return try loadProjection(path: path, campaign: campaign, mode: mode, cutOff: cutOff)
        } catch let e as LogError { throw .log(e) } catch { throw .software("\(path): \(error)") }
    }

    /// Decides `command` against the log's current state and appends the result durably.
    /// The decision is made under the log's lock, after folding in whatever other writers
    /// appended since `state` was read, so two processes never decide on stale state
    /// (e.g. both numbering a new alert A-0043).
    /// A clock more than a minute behind the log's last record (known under the lock) is
    /// said on standard error once the record is stored, in the officer's language
    /// (`ClockBehind`; decision 0011).
    /// - Returns: the stored records (empty when every event id was already in the log).
    /// - Throws: `CLIFailure.data` when the domain refuses (with its reason), or the log's
    ///   failure (nothing is acknowledged then).
    public static func decideAndAppend(
        _ command: Command, log: EventLog, state: inout CampaignState, actor: LogActor,
        now: RFC3339Timestamp, newID: () -> String
    ) throws(CLIFailure) -> [LogRecord] {
        var refusal: DomainError?
        var current = state
        var behind: ClockBehind?
        do {
            let stored = try log.append(deciding: { others in
                for r in others where r.seq > current.lastSeq { current.apply(recorded(r)) }
                behind = ClockBehind.check(clock: now, lastRecordNanos: log.checkpoint.lastTimestampNanos)
                switch decide(command, state: current, actor: actor.officer, now: now, newID: newID) {
                case .success(let events): return events.map { newRecord($0, at: now, actor: actor) }
                case .failure(let err):
                    refusal = err
                    return []
                }
            })
            for r in stored { current.apply(recorded(r)) }
            state = current
            if let behind, !stored.isEmpty { warnClockBehind(behind, zone: state.campaign.zone) }
            if let refusal { throw CLIFailure.data(refusalText(refusal, officerLanguage)) }
            return stored
        } catch let e as CLIFailure { throw e } catch let e as LogError { throw .log(e) } catch {
            throw .software("\(error)")
        }
    }

    /// The domain's refusal as the commands print it, in `language`: the domain's sentence,
    /// and for a closed alert ("reopen it first") the command that reopens it.
    static func refusalText(_ e: DomainError, _ language: Language) -> String {
        switch e {
        case .alertClosed(let id), .alertMergedClosed(let id, _):
            return e.text(language) + " (dutydesk alert reopen \(id) --reason …)"
        default: return e.text(language)
        }
    }

    /// Says on standard error that the writer's clock is behind the log (`ClockBehind`),
    /// in the officer's language.
    static func warnClockBehind(_ b: ClockBehind, zone: CampaignZone) {
        printWarning(b.text(officerLanguage, zone: zone))
    }

    private static let chosenLanguage = Mutex<Language?>(nil)

    /// Makes `language` the one `officerLanguage` gives for the rest of the process
    /// (`--lang`, `LanguageOption.validate`).
    static func chooseLanguage(_ language: Language) { chosenLanguage.withLock { $0 = language } }

    /// The language the commands speak to the officer in (domain refusals): the one
    /// `--lang` chose, else Vietnamese when `LC_ALL` (or, when unset or empty, `LANG`)
    /// starts with `vi`, else English. The dashboard speaks the same language.
    public static var officerLanguage: Language {
        if let l = chosenLanguage.withLock({ $0 }) { return l }
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
