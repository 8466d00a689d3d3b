import DutyDeskJSON

// What an event is about and what folding it changed, as typed values, so that nothing
// outside the domain, the log and the JSON modules reads an event's payload by key
// (issue 16, item 1; docs/decisions/0009-typed-changes-and-pinned-formats.md).

/// The alerts and the verification request an event acts on, read from its typed
/// payload (docs/events.md): at most two alerts and one request. Alert and request ids
/// are kept apart, so an alert `X` and a request `X` never meet.
///
/// | event | `alertID` | `otherAlertID` | `requestID` |
/// |---|---|---|---|
/// | `alert.*` but merge and undo | `alert_id` | — | — |
/// | `alert.merged` | `alert_id` (the survivor) | `duplicate_id` | — |
/// | `alert.action_undone` | `alert_id` | `survivor_id` (undo of a merge) | — |
/// | `verification.*` | — | — | `request_id` |
/// | `report.submitted` | `alert_id` (rapid reports) | — | — |
/// | `focal_officer.nominated`, unknown types | — | — | — |
///
/// A `verification.opened`'s `linked_alert_id` is not a subject: opening a request
/// changes nothing in the alert.
public struct EventSubjects: Sendable, Hashable {
    /// The alert acted on (`alert_id`).
    public var alertID: String?
    /// A second alert the event changes: the duplicate of a merge, the survivor of an
    /// undone merge.
    public var otherAlertID: String?
    /// The verification request acted on (`request_id`).
    public var requestID: String?

    public init(alertID: String? = nil, otherAlertID: String? = nil, requestID: String? = nil) {
        self.alertID = alertID
        self.otherAlertID = otherAlertID
        self.requestID = requestID
    }

    /// True when the event is about no alert and no request.
    public var isEmpty: Bool { alertID == nil && otherAlertID == nil && requestID == nil }

    /// The alert ids, `alertID` first (allocates: not for the fold's hot path).
    public var alertIDs: [String] { [alertID, otherAlertID].compactMap { $0 } }

    /// An alert or request that both `self` and `other` are about (the first alert in
    /// `self`'s order, else the request), or nil when they share none.
    public func shared(with other: EventSubjects) -> String? {
        for a in [alertID, otherAlertID] {
            if let a, a == other.alertID || a == other.otherAlertID { return a }
        }
        if let r = requestID, r == other.requestID { return r }
        return nil
    }
}

extension DomainEvent {
    /// What the event is about (see `EventSubjects` for the table).
    public var subjects: EventSubjects {
        switch self {
        case .alertReceived(let p): EventSubjects(alertID: p.alertID)
        case .alertAcknowledged(let p): EventSubjects(alertID: p.alertID)
        case .alertAssigned(let p): EventSubjects(alertID: p.alertID)
        case .alertEscalated(let p): EventSubjects(alertID: p.alertID)
        case .alertSnoozed(let p): EventSubjects(alertID: p.alertID)
        case .alertNoteAdded(let p): EventSubjects(alertID: p.alertID)
        case .alertClosed(let p): EventSubjects(alertID: p.alertID)
        case .alertReopened(let p): EventSubjects(alertID: p.alertID)
        case .alertMerged(let p): EventSubjects(alertID: p.alertID, otherAlertID: p.duplicateID)
        case .alertActionUndone(let p): EventSubjects(alertID: p.alertID, otherAlertID: p.survivorID)
        case .verificationOpened(let p): EventSubjects(requestID: p.requestID)
        case .verificationReplied(let p): EventSubjects(requestID: p.requestID)
        case .verificationClosed(let p): EventSubjects(requestID: p.requestID)
        case .reportSubmitted(let p): EventSubjects(alertID: p.alertID)
        case .alertSharingChanged(let p): EventSubjects(alertID: p.alertID)
        case .alertProposalAnswered(let p): EventSubjects(alertID: p.alertID)
        case .alertProposalWithdrawn(let p): EventSubjects(alertID: p.alertID)
        // A handover lists many alerts and changes none of them (Handover.swift).
        case .focalOfficerNominated, .deskConfigured, .drillStarted, .deskKeyed, .networkPulled, .networkPushed,
            .networkLink, .networkQuarantined, .shiftHandedOver, .shiftHandoverRead, .unknown:
            EventSubjects()
        }
    }
}

extension RecordedEvent {
    /// What the stored event is about, from its decoded payload; empty for an unknown
    /// type or a payload that does not decode (the fold skips those: they change nothing).
    /// Decodes the payload: O(payload) per call.
    public var subjects: EventSubjects {
        do { return try DomainEvent(self).subjects } catch { return EventSubjects() }
    }
}

/// A set of deadline kinds (`Deadline.Kind`) in one word, for `StateChange.deadlines`.
/// Each kind has a member of the same name (`[.acknowledgement, .alertETA]`).
public struct DeadlineKinds: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let campaignStart = DeadlineKinds(rawValue: 1 << 0)
    public static let campaignEnd = DeadlineKinds(rawValue: 1 << 1)
    public static let focalOfficerNominations = DeadlineKinds(rawValue: 1 << 2)
    public static let focalOfficerNomination = DeadlineKinds(rawValue: 1 << 3)
    public static let rapidReport = DeadlineKinds(rawValue: 1 << 4)
    public static let dailyUpdate = DeadlineKinds(rawValue: 1 << 5)
    public static let finalReport = DeadlineKinds(rawValue: 1 << 6)
    public static let verificationDue = DeadlineKinds(rawValue: 1 << 7)
    public static let alertETA = DeadlineKinds(rawValue: 1 << 8)
    public static let acknowledgement = DeadlineKinds(rawValue: 1 << 9)

    /// The set holding `kind` alone.
    public init(_ kind: Deadline.Kind) {
        switch kind {
        case .campaignStart: self = .campaignStart
        case .campaignEnd: self = .campaignEnd
        case .focalOfficerNominations: self = .focalOfficerNominations
        case .focalOfficerNomination: self = .focalOfficerNomination
        case .rapidReport: self = .rapidReport
        case .dailyUpdate: self = .dailyUpdate
        case .finalReport: self = .finalReport
        case .verificationDue: self = .verificationDue
        case .alertETA: self = .alertETA
        case .acknowledgement: self = .acknowledgement
        }
    }

    /// The set of `kinds`.
    public init<S: Sequence>(_ kinds: S) where S.Element == Deadline.Kind {
        self.init(rawValue: kinds.reduce(0) { $0 | DeadlineKinds($1).rawValue })
    }

    /// Whether `kind` is in the set.
    public func contains(kind: Deadline.Kind) -> Bool { contains(DeadlineKinds(kind)) }

    /// The kinds in the set, in `Deadline.Kind.allCases` order.
    public var kinds: [Deadline.Kind] { Deadline.Kind.allCases.filter { contains(kind: $0) } }
}

/// What applying one event changed in a `CampaignState` (returned by
/// `CampaignState.apply`): the alerts and request whose records changed, whether an
/// alert was created (and its priority, for the dashboard's alarm), which kinds of
/// deadline may have changed, and whether nominations or reports did. A small value of
/// ids and flags: alert and request ids are short strings stored inline, so building one
/// allocates nothing. A skipped or unknown event changes nothing (`outcome` says which).
public struct StateChange: Sendable, Hashable {
    /// How the fold took the event.
    public enum Outcome: Sendable, Hashable {
        /// It changed the state (counted in `appliedCount`).
        case applied
        /// It could not apply (counted in `skippedCount`; reason in `lastSkipReason`).
        case skipped
        /// Its type is unknown (counted in `unknownCount`).
        case unknownType
    }

    public var outcome: Outcome
    /// The alerts and request whose records changed (empty unless applied): the event's
    /// subjects (`DomainEvent.subjects`), and for a close as `duplicate_of`, the reopening
    /// or an undo of a duplicate also the alert whose `duplicates` it joined or left. For
    /// a merge: survivor and duplicate; an undone merge: the duplicate and the survivor; a
    /// rapid report: the alert reported (its rapid-report deadline is met).
    public var subjects: EventSubjects
    /// The priority of the alert this event created (`alert.received`, whose id is
    /// `subjects.alertID`); nil for every other event.
    public var createdPriority: Priority?
    /// Kinds of deadline whose entries (`deadlines(campaign:state:now:)`) may differ after
    /// the event; entries concerning alerts or requests concern only `subjects`.
    /// Milestones (campaign start and end) depend on the clock alone and never appear.
    public var deadlines: DeadlineKinds
    /// A focal-officer nomination was recorded.
    public var nominationsChanged: Bool
    /// A report was recorded.
    public var reportsChanged: Bool
    /// The desk's network state changed (a `network.*` record).
    public var networkChanged = false
    /// A shift handover was written or marked read (issue 13, item 8).
    public var handoversChanged = false

    public init(
        outcome: Outcome, subjects: EventSubjects = EventSubjects(), createdPriority: Priority? = nil,
        deadlines: DeadlineKinds = [], nominationsChanged: Bool = false, reportsChanged: Bool = false
    ) {
        self.outcome = outcome
        self.subjects = subjects
        self.createdPriority = createdPriority
        self.deadlines = deadlines
        self.nominationsChanged = nominationsChanged
        self.reportsChanged = reportsChanged
    }

    /// The change of an event that did not apply.
    public static let skipped = StateChange(outcome: .skipped)
    /// The change of an event of unknown type.
    public static let unknownType = StateChange(outcome: .unknownType)

    /// The alert created, if any.
    public var createdAlertID: String? { createdPriority == nil ? nil : subjects.alertID }
    /// Whether a verification request changed.
    public var requestChanged: Bool { subjects.requestID != nil }
}
