import DutyDeskDomain
import DutyDeskJSON
import TerminalKit

// The dashboard's view of the campaign: plain rows the views draw. `RecordsIn.swift` and
// `ProjectionRows.swift` fill them from the domain projection as records are applied;
// nothing here reads a clock or a file.

// The domain's enums are used as they are (`Priority`, `VerificationDirection`,
// `VerificationStatus`, `ReportKind`, `DispositionKind`, `Deadline.State`): the dashboard
// adds only how it shows them (role, symbol; words in `Strings`).

extension Priority {
    var role: Role {
        switch self {
        case .critical: .critical
        case .high: .high
        case .normal: .normal
        case .low: .low
        }
    }
}

/// Where an alert stands in its handling.
public enum AlertRowStatus: String, Sendable, Hashable, CaseIterable {
    case new, acknowledged, assigned, escalated, snoozed, closed, merged
    /// Closed and merged alerts sink below the open ones.
    public var isDone: Bool { self == .closed || self == .merged }
}

/// The state of a deadline at an instant: the domain's (`Deadline.State.at`), shown by
/// colour and also by a word and a symbol, so `NO_COLOR` keeps it readable.
public typealias DeadlineState = Deadline.State

extension Deadline.State {
    /// ● upcoming, ▲ due soon, ✖ overdue, ✔ met.
    public var symbol: String {
        switch self {
        case .upcoming: "●"
        case .dueSoon: "▲"
        case .overdue: "✖"
        case .met: "✔"
        }
    }
    var role: Role {
        switch self {
        case .upcoming: .text
        case .dueSoon: .warning
        case .overdue: .danger
        case .met: .ok
        }
    }
}

/// The closing dispositions the close form offers, in its order (letter 4237, item 2:
/// stop, seize and handle); a duplicate is closed with `m` (merge) instead.
let closeFormDispositions: [DispositionKind] = [.seized, .noFinding, .referredToPartner, .falseAlarm]

/// One row of the Alerts pane (the detail view reads the full alert from the domain).
public struct AlertItem: Sendable, Equatable {
    public var id: String
    /// When the alert was received (its `receivedAt`, shown in the campaign zone).
    public var receivedAt: RFC3339Timestamp
    public var priority: Priority
    /// Display name of the source (a partner agency, the Coordination Board, a country…).
    public var source: String
    public var subject: String
    public var location: String
    /// Stored status; `snoozedUntil` turns it into "snoozed" while the clock is before it.
    public var status: AlertRowStatus
    /// Display name of the owner or assignee, empty when nobody owns it.
    public var owner: String
    /// Instant by which it must be acknowledged (receipt + the priority's time).
    public var acknowledgeBy: RFC3339Timestamp
    public var snoozedUntil: RFC3339Timestamp?
    /// When its snooze ran out on the dashboard's clock, while nobody has acted on it since
    /// (set and cleared by the dashboard, `Attention.swift`; never from the log). Such an
    /// alert heads its priority group (`band(at:)`).
    public var wokeAt: RFC3339Timestamp?
    /// Shared at `TLP:RED`: never leaves this desk (issue 11, item 4); marked in the list.
    public var isRed: Bool = false
    /// Other units' proposals waiting for the owning unit (issue 11, item 5): the row's marker.
    public var openProposals: Int = 0
    /// The unit owning the alert (issue 11, item 6): the unit of the desk that received it,
    /// that desk's code when no unit is known, `""` in a log without a desk.
    public var unit: String = ""
    /// Time of its newest event (the last entry of its timeline): the "untouched" reminder.
    public var lastTouchedAt: RFC3339Timestamp?
    /// The kind of its source (the `src:` filter and the source words of both languages).
    public var sourceKind: AlertSourceKind?
    /// The unit responsible (`AlertDetails.responsibleUnit`), if the tip names one (`unit:`).
    public var responsibleUnit: String?
    /// What the filter searches beyond the row's own columns (issue 13, item 3), as
    /// `SearchText` would mark it but not folded: references (source, conveyance, travel
    /// documents), species and commodity, notes, the source's country. Built by
    /// `AlertItem.searchExtra(_:)`; empty for an alert that has none of them.
    public var searchExtra: String = ""

    public init(
        id: String, receivedAt: RFC3339Timestamp, priority: Priority, source: String, subject: String,
        location: String, status: AlertRowStatus, owner: String = "", acknowledgeBy: RFC3339Timestamp,
        snoozedUntil: RFC3339Timestamp? = nil
    ) {
        self.id = id
        self.receivedAt = receivedAt
        self.priority = priority
        self.source = source
        self.subject = subject
        self.location = location
        self.status = status
        self.owner = owner
        self.acknowledgeBy = acknowledgeBy
        self.snoozedUntil = snoozedUntil
    }

    /// The status to show at `now` (snoozed while `now < snoozedUntil`).
    public func displayStatus(at now: RFC3339Timestamp) -> AlertRowStatus {
        if !status.isDone, let u = snoozedUntil, now < u { return .snoozed }
        return status
    }

    /// Where the alert sits inside its priority group at `now` (issue 13, item 1): first
    /// the ones whose snooze just ran out, then the active ones, then the snoozed ones. The
    /// one place of this rule; `AlertStore.Key` sorts by it.
    func band(at now: RFC3339Timestamp) -> AlertBand {
        if status.isDone { return .active }
        if displayStatus(at: now) == .snoozed { return .snoozed }
        return wokeAt != nil ? .woken : .active
    }

    /// True when it is still unacknowledged at `now` past its acknowledgement time.
    public func isPastAcknowledgement(at now: RFC3339Timestamp) -> Bool { status == .new && now > acknowledgeBy }
}

/// The band of an alert inside its priority group (`AlertItem.band(at:)`), in display order.
enum AlertBand: UInt8, Sendable {
    /// Its snooze ran out and nobody has acted on it since: back at the top of the group.
    case woken = 0
    case active = 1
    /// Snoozed: below the active alerts of the group until the snooze ends.
    case snoozed = 2
}

/// One verification request row (letter 4237, items 4, 6 and 7).
public struct VerificationItem: Sendable, Equatable {
    public var id: String
    public var direction: VerificationDirection
    public var counterpart: String
    public var subject: String
    public var openedAt: RFC3339Timestamp
    public var due: RFC3339Timestamp
    public var state: VerificationStatus
    public init(
        id: String, direction: VerificationDirection, counterpart: String, subject: String,
        openedAt: RFC3339Timestamp, due: RFC3339Timestamp, state: VerificationStatus
    ) {
        self.id = id
        self.direction = direction
        self.counterpart = counterpart
        self.subject = subject
        self.openedAt = openedAt
        self.due = due
        self.state = state
    }
}

/// What a deadline concerns, so Enter can jump to it and `f`/`d` know what to record.
public enum DeadlineSubject: Sendable, Hashable {
    case campaignEnd
    case focalOfficers
    case report(ReportKind, day: String?)
    case rapidReport(alertID: String)
    case verification(requestID: String)
    /// An alert's ETA (the window to intercept).
    case alert(alertID: String)
    /// The row standing for the ETAs of `count` alerts (issue 13, item 7).
    case etaGroup(count: Int)
}

/// One deadline row, computed from the domain at the displayed instant.
public struct DeadlineItem: Sendable, Equatable {
    public var key: String
    public var subject: DeadlineSubject
    public var labelEN: String
    public var labelVI: String
    public var due: RFC3339Timestamp
    public var state: DeadlineState
    /// Countdown text from the domain (`4d 16:00:00`, `overdue 01:02:03`).
    public var countdown: String
    /// Letter item or "practice" (see the directive's deadline table).
    public var rule: String
    public init(
        key: String, subject: DeadlineSubject, labelEN: String, labelVI: String, due: RFC3339Timestamp,
        state: DeadlineState, countdown: String, rule: String
    ) {
        self.key = key
        self.subject = subject
        self.labelEN = labelEN
        self.labelVI = labelVI
        self.due = due
        self.state = state
        self.countdown = countdown
        self.rule = rule
    }
    func label(_ l: Language) -> String { l == .en ? labelEN : labelVI }
}
