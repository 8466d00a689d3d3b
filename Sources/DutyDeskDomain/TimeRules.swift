import DutyDeskJSON

/// The times and durations DutyDesk accepts, per field, in one place (issue 12, item 4).
///
/// An `RFC3339Timestamp` holds nanoseconds in 64 bits: 1677-09-21 to 2262-04-11, and the
/// difference of two instants only when they are less than 292 years apart. So every
/// instant the product takes in — a command-line option, an import cell, a campaign date,
/// a stored record — must lie in a plausible window for its field before any arithmetic
/// is done on it. All fields share one window, 1900-01-01T00:00:00Z (inclusive) to
/// 2100-01-01T00:00:00Z (exclusive), and every duration is at most 3660 days (10 years):
/// then an instant plus a duration stays before 2110, and any two instants or deadlines
/// are less than 210 years apart, far inside the 64-bit range. A tip received in 1899 or
/// in 2200 is a typing error, not a tip.
///
/// | field | where | window |
/// |---|---|---|
/// | `ts` | every stored record (the log's time) | 1900-01-01 ≤ t < 2100-01-01 |
/// | `received_at` / `--received` / `received` | when a tip reached customs | same |
/// | `eta` / `--eta` / `eta` | expected arrival | same, and not before the receipt |
/// | `opened_at` / `--opened`, `due` / `--due`, `case_date` / `--case-date` | verification requests | same |
/// | `until` | snooze end | same |
/// | `acknowledged_at`, `snoozed_until`, `closed_at` | restored lifecycle of an undo | same |
/// | `--now` | the drill clock | same |
/// | `window.start`, `window.end`, `focal_officer_nomination`, `final_report` | campaign file | same |
/// | durations of the campaign file | `after_seizure`, `answer_within`, `due_soon`, `acknowledge_within` | 0 s to 3660 d |
public enum TimeRules {
    /// The earliest accepted instant of every field: 1900-01-01T00:00:00Z.
    public static let earliest = RFC3339Timestamp(epochNanoseconds: -2_208_988_800 * 1_000_000_000, offsetSeconds: 0)
    /// The first instant no field accepts: 2100-01-01T00:00:00Z.
    public static let end = RFC3339Timestamp(epochNanoseconds: 4_102_444_800 * 1_000_000_000, offsetSeconds: 0)
    /// The longest accepted duration, in seconds: 3660 days.
    public static let longestDurationSeconds = 3660 * 86_400

    /// The accepted window as text, for messages: `from 1900-01-01 up to 2100-01-01 (UTC)`.
    public static let windowText = "from 1900-01-01 up to 2100-01-01 (UTC)"
    /// `windowText` in Vietnamese, dates as officers write them.
    public static let windowTextVI = "từ 01/01/1900 đến trước 01/01/2100 (UTC)"

    /// Whether `t` is in the accepted window.
    public static func isPlausible(_ t: RFC3339Timestamp) -> Bool { t >= earliest && t < end }

    /// Why `t` is refused for `field`, or nil when it is accepted: e.g.
    /// `received_at 1700-01-01T00:00:00Z is before 1900-01-01: times are accepted from 1900-01-01 up to 2100-01-01 (UTC)`
    /// (without the field's name when `field` is nil, for a caller that names it itself).
    public static func problem(_ t: RFC3339Timestamp, field: String?) -> String? {
        let name = field.map { $0 + " " } ?? ""
        if t < earliest { return "\(name)\(t) is before 1900-01-01: times are accepted \(windowText)" }
        if t >= end { return "\(name)\(t) is not before 2100-01-01: times are accepted \(windowText)" }
        return nil
    }

    /// `problem(_:field:)` as a thrown `DomainError`.
    /// - Throws: `DomainError` when `t` is outside the window.
    public static func check(_ t: RFC3339Timestamp, field: String) throws(DomainError) {
        if !isPlausible(t) { throw .timeOutsideWindow(field: field, time: t) }
    }

    /// Why a duration of `seconds` is refused, or nil: negative, or longer than 3660 days.
    public static func durationProblem(seconds: Int, field: String) -> String? {
        if seconds < 0 { return "\(field) is negative" }
        if seconds > longestDurationSeconds { return "\(field) is longer than 3660 days (10 years)" }
        return nil
    }

    /// Why a stored record is refused for its times, or nil: its `ts` (`e.at`) and every
    /// time its payload carries must be in the window (the payload decoder checks the
    /// latter, `DomainEvent(type:payload:)`; this adds the record's own time). Used by
    /// every reader of the log before folding: `dutydesk verify` names the record, the
    /// dashboard goes read-only at it.
    public static func recordProblem(_ e: RecordedEvent) -> String? {
        if let p = problem(e.at, field: "ts") { return p }
        return payloadProblem(type: e.type, payload: e.payload)
    }

    /// `recordProblem(_:)` for a record decoded ahead: its payload is read again only when
    /// its decoding failed (a decoded payload's times were checked by the decoder).
    public static func recordProblem(_ d: DecodedEvent) -> String? {
        if let p = problem(d.record.at, field: "ts") { return p }
        guard case .failure = d.event else { return nil }
        return payloadProblem(type: d.record.type, payload: d.record.payload)
    }

    /// Time members of each event type's payload (`restored.` members are inside the
    /// `restored` object of `alert.action_undone`).
    static let payloadTimes: [String: [String]] = [
        EventType.alertReceived: ["received_at", "eta"],
        EventType.alertSnoozed: ["until"],
        EventType.verificationOpened: ["case_date", "opened_at", "due"],
        EventType.alertActionUndone: ["restored.acknowledged_at", "restored.snoozed_until", "restored.closed_at"],
    ]

    /// Why a payload's times are refused: the first time member (`payloadTimes`) given as a
    /// string that is not an RFC 3339 time, not representable, or outside the window, as
    /// `alert.received: field "received_at": …`. Nil when they are all accepted (members
    /// that are absent or not strings are the decoder's business, not a time problem).
    public static func payloadProblem(type: String, payload: JSON) -> String? {
        guard let fields = payloadTimes[type] else { return nil }
        for f in fields {
            var v: JSON? = payload
            var name = f
            if f.hasPrefix("restored.") {
                v = payload["restored"]
                name = String(f.dropFirst("restored.".count))
            }
            guard let s = v?[name]?.stringValue else { continue }
            do throws(DomainError) { _ = try Codec.time(s, type: type, field: f) } catch { return error.description }
        }
        return nil
    }
}
