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
