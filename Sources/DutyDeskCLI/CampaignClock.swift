// The clock the commands and the dashboard read: real time, or a drill clock from `--now`.
import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog

#if canImport(Glibc)
    import Glibc
#endif

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

    /// Parses `--now`: RFC 3339 with an offset (`2021-09-01T07:45:00+07:00`), or
    /// `dd/MM/yyyy HH:mm` / `dd/MM/yyyy HH:mm:ss` (also an ISO or `dd/MM/yyyy` date) in the
    /// campaign's zone (`offsetSeconds`, ICT: 25200), inside the window of every time
    /// (`TimeRules`: from 1900-01-01 up to 2100-01-01). The clock starts there and runs on
    /// in real time. Nil text: real time.
    /// - Throws: `CLIFailure.usage` (64) naming the option and the expected forms or the window.
    public static func parseNow(_ text: String?, offsetSeconds: Int32) throws(CLIFailure) -> CampaignClock {
        guard let text else { return CampaignClock(start: nil, offsetSeconds: offsetSeconds) }
        let zone = CampaignZone(name: "", offsetSeconds: offsetSeconds)
        switch AlertDraft.parseTime(text, zone: zone) {
        case .failure(let p):
            throw .usage(
                en:
                    "--now: \(p.reason) (the clock starts there: RFC 3339 with an offset, e.g. 2021-09-01T07:45:00+07:00, or dd/MM/yyyy HH:mm in the campaign's zone)",
                vi:
                    "--now: \(p.reasonVI) (đồng hồ của chiến dịch bắt đầu từ thời điểm đó)"
            )
        case .success(let t):
            if let p = TimeRules.problem(t, field: nil) { throw .timeOption("--now", t, p) }
            return CampaignClock(start: zone.local(t), offsetSeconds: offsetSeconds)
        }
    }

    /// The clock a command on a log uses (issue 10, item 2; decision 0011): `--now` when
    /// given (`explicit`, already parsed); else the log's drill clock when it has one
    /// (drill instant + real time elapsed since the drill started); else real time.
    /// All in the campaign's offset.
    public static func resolve(explicit: CampaignClock?, drill: DrillStarted?, offsetSeconds: Int32) -> CampaignClock {
        if let explicit, explicit.start != nil { return explicit }
        guard let drill else { return CampaignClock(start: nil, offsetSeconds: offsetSeconds) }
        let real = RFC3339Timestamp(epochNanoseconds: EventLog.systemNanos(), offsetSeconds: offsetSeconds)
        return CampaignClock(
            start: drill.drillInstant(atReal: real).at(offset: offsetSeconds), offsetSeconds: offsetSeconds)
    }

    /// How far a writer's `--now` may run ahead of a drill log's clock: seven days. A drill
    /// plays the campaign's days, so one command jumping further is a typing mistake (a year
    /// typed wrong: 2026 for 2021); moving a whole drill on is `dutydesk demo --now`.
    public static let aheadToleranceNanoseconds: Int64 = 7 * 86_400 * 1_000_000_000

    /// Refuses a writer's `--now` more than seven days ahead of a drill log's clock: the
    /// log's times never go backwards, so every later record of the drill — the feed's and
    /// every officer's — would carry that time. Nearer times are taken as given (`--now`
    /// wins); a clock behind is said, not refused (`ClockBehind`); readers may look ahead.
    /// - Throws: `CLIFailure.usage` (64) naming `--now`, both times and how to move the
    ///   drill on (`dutydesk demo --now`).
    public static func refuseAheadOfDrill(
        _ explicit: CampaignClock?, drill: DrillStarted?, zone: CampaignZone
    ) throws(CLIFailure) {
        guard let explicit, explicit.start != nil else { return }
        try refuseAheadOfDrill(given: explicit.now(), drill: drill, zone: zone)
    }

    /// `refuseAheadOfDrill(_:drill:zone:)` for an instant already read from `--now`.
    /// - Throws: `CLIFailure.usage` (64) naming `--now`.
    public static func refuseAheadOfDrill(given: RFC3339Timestamp?, drill: DrillStarted?, zone: CampaignZone)
        throws(CLIFailure)
    {
        guard let given, let drill else { return }
        let drillNow = resolve(explicit: nil, drill: drill, offsetSeconds: zone.offsetSeconds).now()
        guard given.epochNanoseconds - drillNow.epochNanoseconds > aheadToleranceNanoseconds else { return }
        let vi = LogBridge.officerLanguage == .vi
        let g = ClockBehind.localText(given, zone: zone)
        let d = ClockBehind.localText(drillNow, zone: zone)
        throw .usage(
            vi
                ? "--now: \(g) đi trước đồng hồ diễn tập của nhật ký (\(d)); mọi bản ghi sau đó của cuộc diễn tập sẽ mang thời điểm này. Để chuyển cuộc diễn tập sang thời điểm khác, chạy `dutydesk demo --now …`."
                : "--now: \(g) is ahead of the log's drill clock (\(d)); every later record of the drill would carry that time. To move the drill on, run `dutydesk demo --now …`."
        )
    }

    /// True when this is a drill clock (started at `--now` or at a log's drill clock).
    public var isDrill: Bool { start != nil }

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

    /// The real-time instant now, in `zone`'s offset (ICT: +07:00): the time of an action
    /// recorded by a command that has no `--now` (`alert add`, `import`, `report submit`…).
    public static func realTimeNow(in zone: CampaignZone) -> RFC3339Timestamp {
        CampaignClock(start: nil, offsetSeconds: zone.offsetSeconds).now()
    }

    static func monotonicNanos() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
