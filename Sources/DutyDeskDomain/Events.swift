import DutyDeskJSON

/// An event as the projection folds it (the CLI converts log records to this; see
/// docs/decisions/0001-architecture.md). `at` is the log's timestamp, `actor` the officer id.
public struct RecordedEvent: Sendable, Hashable {
    /// Log sequence number (1-based, increasing).
    public var seq: Int
    /// Event id (unique in the log).
    public var id: String
    /// Event type, e.g. `alert.acknowledged` (docs/events.md).
    public var type: String
    public var at: RFC3339Timestamp
    /// Officer id of the actor.
    public var actor: String
    public var payload: JSON
    /// The desk that decided it and its seq there, for a record another desk's log holds
    /// first (`EventOrigin`); nil for this log's own records.
    public var origin: EventOrigin?
    public init(
        seq: Int, id: String, type: String, at: RFC3339Timestamp, actor: String, payload: JSON,
        origin: EventOrigin? = nil
    ) {
        self.seq = seq
        self.id = id
        self.type = type
        self.at = at
        self.actor = actor
        self.payload = payload
        self.origin = origin
    }
    /// The record of a proposed event once the log has stamped it.
    public init(_ proposed: ProposedEvent, seq: Int, at: RFC3339Timestamp, actor: String) {
        self.init(seq: seq, id: proposed.id, type: proposed.type, at: at, actor: actor, payload: proposed.payload)
    }
}

/// An event `decide` proposes; the CLI appends it to the log (which stamps seq, time, actor).
public struct ProposedEvent: Sendable, Hashable {
    public var type: String
    public var id: String
    public var payload: JSON
    /// The alerts and request it acts on (`EventSubjects`), typed: the dashboard marks
    /// them pending and the run loop refuses a decision another desk made stale by them.
    public var subjects: EventSubjects
    /// The event `event` with id `id`: type, payload and subjects from the typed event;
    /// `seen` (what the decider had seen of the subject, `SeenMark`) is added to the
    /// payload as its last member when given.
    public init(_ event: DomainEvent, id: String, seen: SeenMark? = nil) {
        self.type = event.type
        self.id = id
        var payload = event.payload
        if let seen, case .object(var members) = payload {
            members.append((SeenMark.member, seen.json))
            payload = .object(members)
        }
        self.payload = payload
        self.subjects = event.subjects
    }
    /// An event given as JSON; its subjects are read by decoding `payload` (none when it
    /// does not decode).
    public init(type: String, id: String, payload: JSON) {
        self.type = type
        self.id = id
        self.payload = payload
        self.subjects = (try? DomainEvent(type: type, payload: payload))?.subjects ?? EventSubjects()
    }
}

/// Event type names (docs/events.md).
public enum EventType {
    public static let alertReceived = "alert.received"
    public static let alertAcknowledged = "alert.acknowledged"
    public static let alertAssigned = "alert.assigned"
    public static let alertEscalated = "alert.escalated"
    public static let alertSnoozed = "alert.snoozed"
    public static let alertNoteAdded = "alert.note_added"
    public static let alertClosed = "alert.closed"
    public static let alertReopened = "alert.reopened"
    public static let alertMerged = "alert.merged"
    public static let alertActionUndone = "alert.action_undone"
    /// Issue 11, item 4 (Sharing.swift).
    public static let alertSharingChanged = "alert.sharing_changed"
    /// Issue 11, item 5 (Proposals.swift).
    public static let alertProposalAnswered = "alert.proposal_answered"
    public static let alertProposalWithdrawn = "alert.proposal_withdrawn"
    public static let verificationOpened = "verification.opened"
    public static let verificationReplied = "verification.replied"
    public static let verificationClosed = "verification.closed"
    public static let focalOfficerNominated = "focal_officer.nominated"
    public static let reportSubmitted = "report.submitted"
    /// Shift handover and its reading (issue 13, item 8; Handover.swift): never leave the desk.
    public static let shiftHandedOver = "shift.handed_over"
    public static let shiftHandoverRead = "shift.handover_read"
    // Desks and drill clocks (issue 10; Desk.swift).
    public static let deskConfigured = "desk.configured"
    public static let drillStarted = "drill.started"
    /// The desk's signing key, recorded after its desk (issue 11; Desk.swift).
    public static let deskKeyed = "desk.keyed"
    // The desk's network bookkeeping (issue 11; Network.swift): never leaves the desk.
    public static let networkPulled = "network.pulled"
    public static let networkPushed = "network.pushed"
    public static let networkLink = "network.link"
    public static let networkQuarantined = "network.quarantined"
    /// Each known type mapped to its constant above (one shared copy for every event).
    static let canonical: [String: String] = Dictionary(uniqueKeysWithValues: kinds.keys.map { ($0, $0) })
    /// Known types, for a one-hash dispatch when decoding.
    enum Kind {
        case alertReceived, alertAcknowledged, alertAssigned, alertEscalated, alertSnoozed, alertNoteAdded, alertClosed,
            alertReopened, alertMerged, alertActionUndone, verificationOpened, verificationReplied, verificationClosed,
            focalOfficerNominated, reportSubmitted, deskConfigured, drillStarted, deskKeyed, alertSharingChanged,
            networkPulled, networkPushed, networkLink, networkQuarantined, alertProposalAnswered,
            alertProposalWithdrawn,
            shiftHandedOver, shiftHandoverRead
    }
    static let kinds: [String: Kind] = [
        alertReceived: .alertReceived,
        alertAcknowledged: .alertAcknowledged,
        alertAssigned: .alertAssigned,
        alertEscalated: .alertEscalated,
        alertSnoozed: .alertSnoozed,
        alertNoteAdded: .alertNoteAdded,
        alertClosed: .alertClosed,
        alertReopened: .alertReopened,
        alertMerged: .alertMerged,
        alertActionUndone: .alertActionUndone,
        verificationOpened: .verificationOpened,
        verificationReplied: .verificationReplied,
        verificationClosed: .verificationClosed,
        focalOfficerNominated: .focalOfficerNominated,
        reportSubmitted: .reportSubmitted,
        deskConfigured: .deskConfigured,
        drillStarted: .drillStarted,
        deskKeyed: .deskKeyed,
        alertSharingChanged: .alertSharingChanged,
        networkPulled: .networkPulled,
        networkPushed: .networkPushed,
        networkLink: .networkLink,
        networkQuarantined: .networkQuarantined,
        alertProposalAnswered: .alertProposalAnswered,
        alertProposalWithdrawn: .alertProposalWithdrawn,
        shiftHandedOver: .shiftHandedOver,
        shiftHandoverRead: .shiftHandoverRead,
    ]
    /// Every known type.
    public static let all: [String] = [
        alertReceived, alertAcknowledged, alertAssigned, alertEscalated, alertSnoozed, alertNoteAdded,
        alertClosed, alertReopened, alertMerged, alertActionUndone, verificationOpened, verificationReplied,
        verificationClosed, focalOfficerNominated, reportSubmitted, deskConfigured, drillStarted, deskKeyed,
        alertSharingChanged,
        networkPulled, networkPushed, networkLink, networkQuarantined, alertProposalAnswered, alertProposalWithdrawn,
        shiftHandedOver, shiftHandoverRead,
    ]
}

extension EventType {
    /// An event type as an officer reads it on a timeline: in English the log's own name
    /// (`alert.closed`, as docs/events.md lists them), in Vietnamese the field's words;
    /// unknown types as stored. The one table the dashboard and the commands share.
    public static func name(_ type: String, _ language: Language) -> String {
        guard language == .vi else { return type }
        switch type {
        case alertReceived: return "nhận tin báo"
        case alertAcknowledged: return "tiếp nhận"
        case alertAssigned: return "giao xử lý"
        case alertEscalated: return "chuyển cấp"
        case alertSnoozed: return "tạm hoãn"
        case alertNoteAdded: return "thêm ghi chú"
        case alertClosed: return "đóng tin báo"
        case alertReopened: return "mở lại"
        case alertMerged: return "gộp tin trùng"
        case alertActionUndone: return "hoàn tác"
        case verificationOpened: return "mở yêu cầu xác minh"
        case verificationReplied: return "ghi nhận trả lời"
        case verificationClosed: return "đóng yêu cầu xác minh"
        case focalOfficerNominated: return "cử cán bộ đầu mối"
        case reportSubmitted: return "nộp báo cáo"
        case alertSharingChanged: return "đổi mức chia sẻ"
        case networkPulled: return "nhận từ mạng"
        case networkPushed: return "gửi lên mạng"
        case networkLink: return "kết nối mạng"
        case networkQuarantined: return "cách ly bản ghi"
        case alertProposalAnswered: return "trả lời đề xuất"
        case alertProposalWithdrawn: return "rút đề xuất"
        case shiftHandedOver: return "bàn giao ca"
        case shiftHandoverRead: return "nhận bàn giao ca"
        default: return type
        }
    }
}

/// Payload schema version written in every payload as `"schema": 1`.
public let eventSchemaVersion = 1

// MARK: - Payloads

/// `alert.received`: a new alert and everything the tip carries.
public struct AlertReceived: Sendable, Hashable {
    public var alertID: String
    public var details: AlertDetails
    /// Payload member `sharing` (issue 11, item 4): written only when not `amber`; absent
    /// reads as `amber`, so old logs read unchanged.
    public var sharing: SharingLevel
    public init(alertID: String, details: AlertDetails, sharing: SharingLevel = .standard) {
        self.alertID = alertID
        self.details = details
        self.sharing = sharing
    }
}
/// `alert.acknowledged`: the actor takes ownership.
public struct AlertAcknowledged: Sendable, Hashable {
    public var alertID: String
    public init(alertID: String) { self.alertID = alertID }
}
/// `alert.assigned`.
public struct AlertAssigned: Sendable, Hashable {
    public var alertID: String
    public var assignee: Assignee
    public init(alertID: String, assignee: Assignee) {
        self.alertID = alertID
        self.assignee = assignee
    }
}
/// `alert.escalated`.
public struct AlertEscalated: Sendable, Hashable {
    public var alertID: String
    public var target: EscalationTarget
    public var reason: String?
    /// Set on a self-escalation (actor `system`; issue 13, item 1, decision 0017): the
    /// number of acknowledgement reminders that had gone unanswered (`after_reminders`, ≥ 1).
    /// Such an escalation leaves the alert unacknowledged and ownerless.
    public var afterReminders: Int?
    public init(alertID: String, target: EscalationTarget, reason: String? = nil, afterReminders: Int? = nil) {
        self.alertID = alertID
        self.target = target
        self.reason = reason
        self.afterReminders = afterReminders
    }
}
/// `alert.snoozed`: off the queue until `until`, then back.
public struct AlertSnoozed: Sendable, Hashable {
    public var alertID: String
    public var until: RFC3339Timestamp
    public init(alertID: String, until: RFC3339Timestamp) {
        self.alertID = alertID
        self.until = until
    }
}
/// `alert.note_added`.
public struct AlertNoteAdded: Sendable, Hashable {
    public var alertID: String
    public var text: String
    public init(alertID: String, text: String) {
        self.alertID = alertID
        self.text = text
    }
}
/// `alert.closed`. `seizedAt` (`seized_at`, RFC 3339 with the offset it was entered in):
/// the instant of a seizure as the officer entered it; absent, the event's own instant.
public struct AlertClosed: Sendable, Hashable {
    public var alertID: String
    public var disposition: Disposition
    public var seizedAt: RFC3339Timestamp?
    public init(alertID: String, disposition: Disposition, seizedAt: RFC3339Timestamp? = nil) {
        self.alertID = alertID
        self.disposition = disposition
        self.seizedAt = seizedAt
    }
}
/// `alert.reopened`.
public struct AlertReopened: Sendable, Hashable {
    public var alertID: String
    public var reason: String
    public init(alertID: String, reason: String) {
        self.alertID = alertID
        self.reason = reason
    }
}
/// `alert.merged`: `duplicateID` is closed as a duplicate of `alertID` (the survivor).
public struct AlertMerged: Sendable, Hashable {
    public var alertID: String
    public var duplicateID: String
    public init(alertID: String, duplicateID: String) {
        self.alertID = alertID
        self.duplicateID = duplicateID
    }
}
/// `alert.action_undone`: the compensating event of undo. `restored` is the alert's whole
/// lifecycle after the undo; a note undo retracts `undoes`; a merge undo also unlinks the
/// duplicate from `survivorID`.
public struct AlertActionUndone: Sendable, Hashable {
    public var alertID: String
    /// Id of the event undone.
    public var undoes: String
    /// Type of the event undone.
    public var undoneType: String
    public var restored: AlertLifecycle
    public var survivorID: String?
    public init(
        alertID: String, undoes: String, undoneType: String, restored: AlertLifecycle, survivorID: String? = nil
    ) {
        self.alertID = alertID
        self.undoes = undoes
        self.undoneType = undoneType
        self.restored = restored
        self.survivorID = survivorID
    }
}
/// `verification.opened`.
public struct VerificationOpened: Sendable, Hashable {
    public var requestID: String
    public var direction: VerificationDirection
    public var counterpart: String
    public var subject: String
    public var reference: String?
    public var linkedAlert: String?
    public var unit: String?
    public var routedVia: String?
    public var caseDate: RFC3339Timestamp?
    public var openedAt: RFC3339Timestamp
    public var due: RFC3339Timestamp
    public init(
        requestID: String, direction: VerificationDirection, counterpart: String, subject: String,
        reference: String? = nil, linkedAlert: String? = nil, unit: String? = nil, routedVia: String? = nil,
        caseDate: RFC3339Timestamp? = nil, openedAt: RFC3339Timestamp, due: RFC3339Timestamp
    ) {
        self.requestID = requestID
        self.direction = direction
        self.counterpart = counterpart
        self.subject = subject
        self.reference = reference
        self.linkedAlert = linkedAlert
        self.unit = unit
        self.routedVia = routedVia
        self.caseDate = caseDate
        self.openedAt = openedAt
        self.due = due
    }
}
/// `verification.replied`: the answer (ours for incoming, theirs for outgoing).
public struct VerificationReplied: Sendable, Hashable {
    public var requestID: String
    public var summary: String
    public init(requestID: String, summary: String) {
        self.requestID = requestID
        self.summary = summary
    }
}
/// `verification.closed`.
public struct VerificationClosed: Sendable, Hashable {
    public var requestID: String
    public var outcome: String?
    public init(requestID: String, outcome: String? = nil) {
        self.requestID = requestID
        self.outcome = outcome
    }
}
/// `focal_officer.nominated` (letter item 9). Name, phone, e-mail are personal data.
public struct FocalOfficerNominated: Sendable, Hashable {
    public var unit: String
    public var name: String
    public var position: String
    public var phone: String
    public var email: String?
    public init(unit: String, name: String, position: String, phone: String, email: String? = nil) {
        self.unit = unit
        self.name = name
        self.position = position
        self.phone = phone
        self.email = email
    }
}
/// `report.submitted`.
public struct ReportSubmitted: Sendable, Hashable {
    public var kind: ReportKind
    public var unit: String?
    public var alertID: String?
    public var day: String?
    public var reference: String?
    public init(
        kind: ReportKind, unit: String? = nil, alertID: String? = nil, day: String? = nil, reference: String? = nil
    ) {
        self.kind = kind
        self.unit = unit
        self.alertID = alertID
        self.day = day
        self.reference = reference
    }
}

// MARK: - DomainEvent

/// A typed event payload. Decode with `init(type:payload:)`; encode with `type`/`payload`.
/// Unknown types decode to `.unknown` and projections ignore them.
public enum DomainEvent: Sendable, Hashable {
    case alertReceived(AlertReceived)
    case alertAcknowledged(AlertAcknowledged)
    case alertAssigned(AlertAssigned)
    case alertEscalated(AlertEscalated)
    case alertSnoozed(AlertSnoozed)
    case alertNoteAdded(AlertNoteAdded)
    case alertClosed(AlertClosed)
    case alertReopened(AlertReopened)
    case alertMerged(AlertMerged)
    case alertActionUndone(AlertActionUndone)
    case verificationOpened(VerificationOpened)
    case verificationReplied(VerificationReplied)
    case verificationClosed(VerificationClosed)
    case focalOfficerNominated(FocalOfficerNominated)
    case reportSubmitted(ReportSubmitted)
    // Desks and drill clocks (issue 10; Desk.swift).
    case deskConfigured(DeskConfigured)
    case drillStarted(DrillStarted)
    case deskKeyed(DeskKeyed)
    // Sharing levels (issue 11, item 4; Sharing.swift).
    case alertSharingChanged(AlertSharingChanged)
    case networkPulled(NetworkPulled)
    case networkPushed(NetworkPushed)
    case networkLink(NetworkLink)
    case networkQuarantined(NetworkQuarantined)
    // Proposals (issue 11, item 5; Proposals.swift).
    case alertProposalAnswered(AlertProposalAnswered)
    case alertProposalWithdrawn(AlertProposalWithdrawn)
    /// Issue 13, item 8 (Handover.swift).
    case shiftHandedOver(ShiftHandedOver)
    case shiftHandoverRead(ShiftHandoverRead)
    case unknown(String, JSON)

    /// The event type name.
    public var type: String {
        switch self {
        case .alertReceived: EventType.alertReceived
        case .alertAcknowledged: EventType.alertAcknowledged
        case .alertAssigned: EventType.alertAssigned
        case .alertEscalated: EventType.alertEscalated
        case .alertSnoozed: EventType.alertSnoozed
        case .alertNoteAdded: EventType.alertNoteAdded
        case .alertClosed: EventType.alertClosed
        case .alertReopened: EventType.alertReopened
        case .alertMerged: EventType.alertMerged
        case .alertActionUndone: EventType.alertActionUndone
        case .verificationOpened: EventType.verificationOpened
        case .verificationReplied: EventType.verificationReplied
        case .verificationClosed: EventType.verificationClosed
        case .focalOfficerNominated: EventType.focalOfficerNominated
        case .reportSubmitted: EventType.reportSubmitted
        case .deskConfigured: EventType.deskConfigured
        case .drillStarted: EventType.drillStarted
        case .deskKeyed: EventType.deskKeyed
        case .alertSharingChanged: EventType.alertSharingChanged
        case .networkPulled: EventType.networkPulled
        case .networkPushed: EventType.networkPushed
        case .networkLink: EventType.networkLink
        case .networkQuarantined: EventType.networkQuarantined
        case .alertProposalAnswered: EventType.alertProposalAnswered
        case .alertProposalWithdrawn: EventType.alertProposalWithdrawn
        case .shiftHandedOver: EventType.shiftHandedOver
        case .shiftHandoverRead: EventType.shiftHandoverRead
        case .unknown(let t, _): t
        }
    }

    /// The payload as JSON, starting with `"schema": 1`; absent optionals are omitted.
    public var payload: JSON {
        let s: (String, JSON) = ("schema", .int(eventSchemaVersion))
        switch self {
        case .alertReceived(let p):
            var m: [(String, JSON)] = [s, ("alert_id", .string(p.alertID))]
            m.append(contentsOf: Codec.encode(p.details))
            if p.sharing != .standard { m.append(("sharing", .string(p.sharing.rawValue))) }
            return .object(m)
        case .alertAcknowledged(let p):
            return .object([s, ("alert_id", .string(p.alertID))])
        case .alertAssigned(let p):
            return .object([s, ("alert_id", .string(p.alertID)), ("assignee", Codec.encode(p.assignee))])
        case .alertEscalated(let p):
            return .compactObject([
                s, ("alert_id", .string(p.alertID)), ("target", .string(p.target.rawValue)),
                ("reason", .optional(p.reason)), ("after_reminders", p.afterReminders.map { .int($0) } ?? .null),
            ])
        case .alertSnoozed(let p):
            return .object([s, ("alert_id", .string(p.alertID)), ("until", .string(p.until.description))])
        case .alertNoteAdded(let p):
            return .object([s, ("alert_id", .string(p.alertID)), ("text", .string(p.text))])
        case .alertClosed(let p):
            return .compactObject([
                s, ("alert_id", .string(p.alertID)), ("disposition", Codec.encode(p.disposition)),
                ("seized_at", Codec.ts(p.seizedAt)),
            ])
        case .alertReopened(let p):
            return .object([s, ("alert_id", .string(p.alertID)), ("reason", .string(p.reason))])
        case .alertMerged(let p):
            return .object([s, ("alert_id", .string(p.alertID)), ("duplicate_id", .string(p.duplicateID))])
        case .alertActionUndone(let p):
            return .compactObject([
                s, ("alert_id", .string(p.alertID)), ("undoes", .string(p.undoes)),
                ("undone_type", .string(p.undoneType)), ("restored", Codec.encode(p.restored)),
                ("survivor_id", .optional(p.survivorID)),
            ])
        case .verificationOpened(let p):
            return .compactObject([
                s, ("request_id", .string(p.requestID)), ("direction", .string(p.direction.rawValue)),
                ("counterpart", .string(p.counterpart)), ("subject", .string(p.subject)),
                ("reference", .optional(p.reference)), ("linked_alert_id", .optional(p.linkedAlert)),
                ("unit", .optional(p.unit)), ("routed_via", .optional(p.routedVia)),
                ("case_date", .optional(p.caseDate?.description)), ("opened_at", .string(p.openedAt.description)),
                ("due", .string(p.due.description)),
            ])
        case .verificationReplied(let p):
            return .object([s, ("request_id", .string(p.requestID)), ("summary", .string(p.summary))])
        case .verificationClosed(let p):
            return .compactObject([s, ("request_id", .string(p.requestID)), ("outcome", .optional(p.outcome))])
        case .focalOfficerNominated(let p):
            return .compactObject([
                s, ("unit", .string(p.unit)), ("name", .string(p.name)), ("position", .string(p.position)),
                ("phone", .string(p.phone)), ("email", .optional(p.email)),
                (
                    "personal_data",
                    .array(
                        p.email == nil
                            ? [.string("name"), .string("phone")]
                            : [.string("name"), .string("phone"), .string("email")])
                ),
            ])
        case .reportSubmitted(let p):
            return .compactObject([
                s, ("kind", .string(p.kind.rawValue)), ("unit", .optional(p.unit)),
                ("alert_id", .optional(p.alertID)), ("day", .optional(p.day)),
                ("reference", .optional(p.reference)),
            ])
        case .deskConfigured(let p):
            return .compactObject([
                s, ("unit", .string(p.unit)), ("desk", .string(p.desk)), ("name", .optional(p.name)),
                ("public_key", .optional(p.publicKey)),
            ])
        case .deskKeyed(let p):
            return .object([s, ("public_key", .string(p.publicKey))])
        case .networkPulled(let p):
            return .object([
                s, ("cursor", .string(p.cursor)), ("grants_cursor", .string(p.grantsCursor)), ("count", .int(p.count)),
            ])
        case .networkPushed(let p):
            return .object([s, ("through", .int(p.through)), ("count", .int(p.count))])
        case .networkLink(let p):
            return .compactObject([s, ("up", .bool(p.up)), ("reason", .optional(p.reason))])
        case .networkQuarantined(let p):
            return .object([
                s, ("desk", .string(p.desk)), ("seq", .int(p.seq)), ("reason", .string(p.reason)),
                ("line", .string(p.line)),
            ])
        case .drillStarted(let p):
            return .object([
                s, ("drill_at", .string(p.drillAt.description)), ("real_at", .string(p.realAt.description)),
            ])
        case .alertSharingChanged(let p):
            return .object([s, ("alert_id", .string(p.alertID)), ("level", .string(p.level.rawValue))])
        case .alertProposalAnswered(let p):
            return .compactObject([
                s, ("alert_id", .string(p.alertID)), ("proposal", .string(p.proposal)), ("accepted", .bool(p.accepted)),
                ("reason", .optional(p.reason)),
            ])
        case .alertProposalWithdrawn(let p):
            return .object([s, ("alert_id", .string(p.alertID)), ("proposal", .string(p.proposal))])
        case .shiftHandedOver(let p):
            return .object([s] + p.payloadMembers)
        case .shiftHandoverRead(let p):
            return .object([s, ("handover_id", .string(p.handoverID))])
        case .unknown(_, let j):
            return j
        }
    }

    /// Decodes a payload leniently: unknown members are ignored, required members must be
    /// present with the right type. Unknown `type`s give `.unknown(type, payload)`.
    /// - Throws: `DomainError.badPayload` naming the type and field, e.g.
    ///   `alert.snoozed: field "until" is missing or has the wrong type`.
    public init(type: String, payload: JSON) throws(DomainError) {
        let r = Reader(type: type, json: payload)
        guard case .object = payload else {
            if EventType.all.contains(type) { throw DomainError.badPayload(type: type, field: nil, .notAnObject) }
            self = .unknown(type, payload)
            return
        }
        guard let kind = EventType.kinds[type] else {
            self = .unknown(type, payload)
            return
        }
        switch kind {
        case .alertReceived:
            self = .alertReceived(try Codec.decodeReceived(payload, type: type))
        case .alertAcknowledged:
            self = .alertAcknowledged(AlertAcknowledged(alertID: try r.string("alert_id")))
        case .alertAssigned:
            guard let a = payload["assignee"] else { throw r.missing("assignee") }
            self = .alertAssigned(
                AlertAssigned(alertID: try r.string("alert_id"), assignee: try Codec.decodeAssignee(a, type: type)))
        case .alertEscalated:
            self = .alertEscalated(
                AlertEscalated(
                    alertID: try r.string("alert_id"), target: try r.enumValue("target"),
                    reason: try r.optString("reason"), afterReminders: try r.optCount("after_reminders", atLeast: 1)))
        case .alertSnoozed:
            self = .alertSnoozed(AlertSnoozed(alertID: try r.string("alert_id"), until: try r.timestamp("until")))
        case .alertNoteAdded:
            self = .alertNoteAdded(AlertNoteAdded(alertID: try r.string("alert_id"), text: try r.string("text")))
        case .alertClosed:
            guard let d = payload["disposition"] else { throw r.missing("disposition") }
            self = .alertClosed(
                AlertClosed(
                    alertID: try r.string("alert_id"), disposition: try Codec.decodeDisposition(d, type: type),
                    seizedAt: try r.optTimestamp("seized_at")))
        case .alertReopened:
            self = .alertReopened(
                AlertReopened(alertID: try r.string("alert_id"), reason: try r.optString("reason") ?? ""))
        case .alertMerged:
            self = .alertMerged(
                AlertMerged(alertID: try r.string("alert_id"), duplicateID: try r.string("duplicate_id")))
        case .alertActionUndone:
            guard let l = payload["restored"] else { throw r.missing("restored") }
            self = .alertActionUndone(
                AlertActionUndone(
                    alertID: try r.string("alert_id"), undoes: try r.string("undoes"),
                    undoneType: try r.string("undone_type"),
                    restored: try Codec.decodeLifecycle(l, type: type), survivorID: try r.optString("survivor_id")))
        case .verificationOpened:
            self = .verificationOpened(
                VerificationOpened(
                    requestID: try r.string("request_id"), direction: try r.enumValue("direction"),
                    counterpart: try r.string("counterpart"), subject: try r.string("subject"),
                    reference: try r.optString("reference"), linkedAlert: try r.optString("linked_alert_id"),
                    unit: try r.optString("unit"), routedVia: try r.optString("routed_via"),
                    caseDate: try r.optTimestamp("case_date"), openedAt: try r.timestamp("opened_at"),
                    due: try r.timestamp("due")))
        case .verificationReplied:
            self = .verificationReplied(
                VerificationReplied(requestID: try r.string("request_id"), summary: try r.optString("summary") ?? ""))
        case .verificationClosed:
            self = .verificationClosed(
                VerificationClosed(requestID: try r.string("request_id"), outcome: try r.optString("outcome")))
        case .focalOfficerNominated:
            self = .focalOfficerNominated(
                FocalOfficerNominated(
                    unit: try r.string("unit"), name: try r.string("name"), position: try r.optString("position") ?? "",
                    phone: try r.optString("phone") ?? "", email: try r.optString("email")))
        case .reportSubmitted:
            self = .reportSubmitted(
                ReportSubmitted(
                    kind: try r.enumValue("kind"), unit: try r.optString("unit"),
                    alertID: try r.optString("alert_id"), day: try r.optString("day"),
                    reference: try r.optString("reference")))
        case .deskConfigured:
            let unit = try r.string("unit")
            self = .deskConfigured(
                DeskConfigured(
                    unit: unit, desk: try r.optString("desk") ?? unit, name: try r.optString("name"),
                    publicKey: try r.optString("public_key")))
        case .deskKeyed:
            self = .deskKeyed(DeskKeyed(publicKey: try r.string("public_key")))
        case .networkPulled:
            self = .networkPulled(
                NetworkPulled(
                    cursor: try r.string("cursor"), grantsCursor: try r.string("grants_cursor"),
                    count: try r.count("count")))
        case .networkPushed:
            self = .networkPushed(NetworkPushed(through: try r.count("through"), count: try r.count("count")))
        case .networkLink:
            guard let up = payload["up"]?.boolValue else { throw r.missing("up") }
            self = .networkLink(NetworkLink(up: up, reason: try r.optString("reason")))
        case .networkQuarantined:
            self = .networkQuarantined(
                NetworkQuarantined(
                    desk: try r.string("desk"), seq: try r.count("seq"), reason: try r.string("reason"),
                    line: try r.string("line")))
        case .drillStarted:
            self = .drillStarted(
                DrillStarted(drillAt: try r.timestamp("drill_at"), realAt: try r.timestamp("real_at")))
        case .alertSharingChanged:
            self = .alertSharingChanged(
                AlertSharingChanged(alertID: try r.string("alert_id"), level: try r.enumValue("level")))
        case .alertProposalAnswered:
            guard let accepted = payload["accepted"]?.boolValue else { throw r.missing("accepted") }
            self = .alertProposalAnswered(
                AlertProposalAnswered(
                    alertID: try r.string("alert_id"), proposal: try r.string("proposal"), accepted: accepted,
                    reason: try r.optString("reason")))
        case .alertProposalWithdrawn:
            self = .alertProposalWithdrawn(
                AlertProposalWithdrawn(alertID: try r.string("alert_id"), proposal: try r.string("proposal")))
        case .shiftHandedOver:
            self = .shiftHandedOver(try ShiftHandedOver.decode(r))
        case .shiftHandoverRead:
            self = .shiftHandoverRead(ShiftHandoverRead(handoverID: try r.string("handover_id")))
        }
    }

    /// Convenience: decodes a recorded event.
    public init(_ e: RecordedEvent) throws(DomainError) { try self.init(type: e.type, payload: e.payload) }

    /// `payload` with personal data removed: members listed in the payload's
    /// `personal_data` array, and the `persons` of `alert.received`. For shared outputs.
    public static func redactingPersonalData(_ payload: JSON) -> JSON {
        guard case .object(let members) = payload else { return payload }
        var drop: Set<String> = ["persons"]
        if let list = payload["personal_data"]?.arrayValue {
            for v in list { if let s = v.stringValue { drop.insert(s) } }
        }
        return .object(members.filter { !drop.contains($0.0) })
    }
}

// MARK: - Reading helpers

struct Reader {
    let type: String
    let json: JSON
    func missing(_ f: String) -> DomainError { .badPayload(type: type, field: f, .missingOrWrongType) }
    func string(_ f: String) throws(DomainError) -> String {
        guard let s = json[f]?.stringValue else { throw missing(f) }
        return s
    }
    /// A whole number ≥ 0 that fits an Int.
    func count(_ f: String) throws(DomainError) -> Int {
        guard let n = json[f]?.intValue, n >= 0 else { throw missing(f) }
        return n
    }
    /// `count` (at least `atLeast`), or nil when the member is absent or null.
    func optCount(_ f: String, atLeast: Int = 0) throws(DomainError) -> Int? {
        guard let v = json[f], !v.isNull else { return nil }
        let n = try count(f)
        if n < atLeast { throw missing(f) }
        return n
    }
    func optString(_ f: String) throws(DomainError) -> String? {
        guard let v = json[f], !v.isNull else { return nil }
        guard let s = v.stringValue else { throw missing(f) }
        return s
    }
    func timestamp(_ f: String) throws(DomainError) -> RFC3339Timestamp {
        guard let s = json[f]?.stringValue else { throw missing(f) }
        return try Codec.time(s, type: type, field: f)
    }
    func optTimestamp(_ f: String) throws(DomainError) -> RFC3339Timestamp? {
        guard let v = json[f], !v.isNull else { return nil }
        return try timestamp(f)
    }
    func enumValue<E: RawRepresentable>(_ f: String) throws(DomainError) -> E where E.RawValue == String {
        guard let s = json[f]?.stringValue else { throw missing(f) }
        guard let e = E(rawValue: s) else { throw DomainError.badPayload(type: type, field: f, .unknownValue(s)) }
        return e
    }
}

enum Codec {
    static func ts(_ t: RFC3339Timestamp?) -> JSON { t.map { .string($0.description) } ?? .null }

    /// A payload time: RFC 3339 with an offset, inside `TimeRules`' window for the field.
    /// - Throws: `DomainError` naming the type, the field and the value, e.g.
    ///   `alert.received: field "received_at": 1700-01-01T00:00:00Z is before 1900-01-01: …`.
    static func time(_ s: String, type: String, field: String) throws(DomainError) -> RFC3339Timestamp {
        switch RFC3339Timestamp.read(s) {
        case .failure(.notRFC3339): throw .badPayload(type: type, field: field, .notATimestamp(s))
        case .failure(.outOfRange): throw .badPayload(type: type, field: field, .timeNotRepresentable(s))
        case .success(let t):
            if !TimeRules.isPlausible(t) { throw .badPayload(type: type, field: field, .timeOutsideWindow(s)) }
            return t
        }
    }

    static func encode(_ d: AlertDetails) -> [(String, JSON)] {
        var m: [(String, JSON)] = [("received_at", .string(d.receivedAt.description))]
        m.append(
            (
                "source",
                .compactObject([("kind", .string(d.source.kind.rawValue)), ("country", .optional(d.source.country))])
            ))
        if let r = d.sourceReference { m.append(("source_reference", .string(r))) }
        m.append(("priority", .string(d.priority.rawValue)))
        m.append(("subject", .string(d.subject)))
        if let c = d.commodity { m.append(("commodity", .string(c))) }
        if !d.species.isEmpty { m.append(("species", .array(d.species.map(encode)))) }
        if !d.quantity.isEmpty { m.append(("quantity", .array(d.quantity.map(encode)))) }
        if !d.persons.isEmpty {
            m.append(
                (
                    "persons",
                    .array(
                        d.persons.map { p in
                            .compactObject([
                                ("name", .string(p.name)), ("nationality", .optional(p.nationality)),
                                ("travel_document", .optional(p.travelDocument)),
                            ])
                        })
                ))
            m.append(("personal_data", .array([.string("persons")])))
        }
        if let c = d.conveyance {
            m.append(
                (
                    "conveyance",
                    .compactObject([("kind", .string(c.kind.rawValue)), ("reference", .optional(c.reference))])
                ))
        }
        if let l = d.location {
            m.append(("location", .object([("kind", .string(l.kind.rawValue)), ("name", .string(l.name))])))
        }
        if let u = d.responsibleUnit { m.append(("responsible_unit", .string(u))) }
        if let e = d.eta { m.append(("eta", .string(e.description))) }
        if let n = d.notes { m.append(("notes", .string(n))) }
        return m
    }
    static func encode(_ s: Species) -> JSON {
        .compactObject([("scientific_name", .string(s.scientificName)), ("cites_appendix", .optional(s.citesAppendix))])
    }
    static func encode(_ m: Measure) -> JSON {
        .object([("amount", m.isValidAmount ? .number(m.amount) : .string(m.amount)), ("unit", .string(m.unit))])
    }
    static func encode(_ a: Assignee) -> JSON { .object([("kind", .string(a.kind.rawValue)), ("id", .string(a.id))]) }
    static func encode(_ d: Disposition) -> JSON {
        switch d {
        case .seized(let commodity, let species, let quantity):
            var m: [(String, JSON)] = [("kind", .string("seized")), ("commodity", .string(commodity))]
            if !species.isEmpty { m.append(("species", .array(species.map(encode)))) }
            m.append(("quantity", .array(quantity.map(encode))))
            return .object(m)
        case .noFinding: return .object([("kind", .string("no_finding"))])
        case .falseAlarm: return .object([("kind", .string("false_alarm"))])
        case .duplicateOf(let id): return .object([("kind", .string("duplicate_of")), ("alert_id", .string(id))])
        case .referredToPartner(let p):
            return .object([("kind", .string("referred_to_partner")), ("partner", .string(p))])
        }
    }
    static func encode(_ l: AlertLifecycle) -> JSON {
        .compactObject([
            ("status", .string(l.status.rawValue)), ("owner", .optional(l.owner)),
            ("acknowledged_at", ts(l.acknowledgedAt)),
            ("assignee", l.assignee.map(encode) ?? .null),
            ("escalations", l.escalations.isEmpty ? .null : .array(l.escalations.map { .string($0.rawValue) })),
            ("snoozed_until", ts(l.snoozedUntil)), ("disposition", l.disposition.map(encode) ?? .null),
            ("closed_at", ts(l.closedAt)), ("seized_at", ts(l.seizedAt)), ("merged_into", .optional(l.mergedInto)),
        ])
    }

    static func decodeSpecies(_ j: JSON, type: String) throws(DomainError) -> Species {
        let r = Reader(type: type + " species", json: j)
        return Species(
            scientificName: try r.string("scientific_name"), citesAppendix: try r.optString("cites_appendix"))
    }
    static func decodeMeasure(_ j: JSON, type: String) throws(DomainError) -> Measure {
        let amount: String
        switch j["amount"] {
        case .number(let n)?: amount = n
        case .string(let s)?: amount = s
        default: throw DomainError.badPayload(type: type, field: "amount", .missing)
        }
        let m = Measure(amount: amount, unit: try Reader(type: type + " quantity", json: j).string("unit"))
        guard m.isValidAmount else {
            throw DomainError.badPayload(type: type, field: "amount", .badAmount(amount))
        }
        return m
    }
    static func decodeList<T>(
        _ j: JSON?, type: String, field: String,
        _ f: (JSON, String) throws(DomainError) -> T
    ) throws(DomainError) -> [T] {
        guard let j, !j.isNull else { return [] }
        guard let a = j.arrayValue else { throw DomainError.badPayload(type: type, field: field, .notAnArray) }
        var out: [T] = []
        out.reserveCapacity(a.count)
        for e in a { out.append(try f(e, type)) }
        return out
    }
    static func decodeAssignee(_ j: JSON, type: String) throws(DomainError) -> Assignee {
        let r = Reader(type: type + " assignee", json: j)
        return Assignee(kind: try r.enumValue("kind"), id: try r.string("id"))
    }
    static func decodeDisposition(_ j: JSON, type: String) throws(DomainError) -> Disposition {
        let r = Reader(type: type + " disposition", json: j)
        let kind: DispositionKind = try r.enumValue("kind")
        switch kind {
        case .seized:
            let q = try decodeList(j["quantity"], type: type, field: "quantity", decodeMeasure)
            return .seized(
                commodity: try r.string("commodity"),
                species: try decodeList(j["species"], type: type, field: "species", decodeSpecies), quantity: q)
        case .noFinding: return .noFinding
        case .falseAlarm: return .falseAlarm
        case .duplicateOf: return .duplicateOf(try r.string("alert_id"))
        case .referredToPartner: return .referredToPartner(try r.string("partner"))
        }
    }
    static func decodeLifecycle(_ j: JSON, type: String) throws(DomainError) -> AlertLifecycle {
        let r = Reader(type: type + " restored", json: j)
        var l = AlertLifecycle(status: try r.enumValue("status"))
        l.owner = try r.optString("owner")
        l.acknowledgedAt = try r.optTimestamp("acknowledged_at")
        if let a = j["assignee"], !a.isNull { l.assignee = try decodeAssignee(a, type: type) }
        if let e = j["escalations"]?.arrayValue {
            for v in e {
                guard let s = v.stringValue, let t = EscalationTarget(rawValue: s) else {
                    throw DomainError.badPayload(type: type, field: "escalations", .unknownEscalationTarget)
                }
                l.escalations.append(t)
            }
        }
        l.snoozedUntil = try r.optTimestamp("snoozed_until")
        if let d = j["disposition"], !d.isNull { l.disposition = try decodeDisposition(d, type: type) }
        l.closedAt = try r.optTimestamp("closed_at")
        l.seizedAt = try r.optTimestamp("seized_at")
        l.mergedInto = try r.optString("merged_into")
        return l
    }

    /// One pass over the members of an `alert.received` payload.
    static func decodeReceived(_ j: JSON, type: String) throws(DomainError) -> AlertReceived {
        guard case .object(let members) = j else { throw DomainError.badPayload(type: type, field: nil, .notAnObject) }
        var alertID: String?
        var receivedAt: RFC3339Timestamp?
        var source: AlertSource?
        var priority: Priority?
        var subject: String?
        var sharing = SharingLevel.standard
        var d = AlertDetails(
            receivedAt: RFC3339Timestamp(epochNanoseconds: 0, offsetSeconds: 0),
            source: AlertSource(kind: .publicTip), priority: .normal, subject: "")
        func str(_ v: JSON, _ k: String) throws(DomainError) -> String? {
            if v.isNull { return nil }
            guard let s = v.stringValue else { throw DomainError.badPayload(type: type, field: k, .notAString) }
            return s
        }
        func time(_ v: JSON, _ k: String) throws(DomainError) -> RFC3339Timestamp? {
            guard let s = try str(v, k) else { return nil }
            return try Codec.time(s, type: type, field: k)
        }
        for (k, v) in members {
            switch k {
            case "alert_id": alertID = try str(v, k)
            case "received_at": receivedAt = try time(v, k)
            case "source":
                let r = Reader(type: type + " source", json: v)
                source = AlertSource(kind: try r.enumValue("kind"), country: try r.optString("country"))
            case "source_reference": d.sourceReference = try str(v, k)
            case "priority":
                guard let s = try str(v, k), let p = Priority(rawValue: s) else {
                    throw DomainError.badPayload(type: type, field: "priority", .badPriority)
                }
                priority = p
            case "subject": subject = try str(v, k)
            case "commodity": d.commodity = try str(v, k)
            case "species": d.species = try decodeList(v, type: type, field: k, decodeSpecies)
            case "quantity": d.quantity = try decodeList(v, type: type, field: k, decodeMeasure)
            case "persons":
                d.persons = try decodeList(v, type: type, field: k) { (p, t) throws(DomainError) in
                    let r = Reader(type: t + " persons", json: p)
                    return PersonConcerned(
                        name: try r.string("name"), nationality: try r.optString("nationality"),
                        travelDocument: try r.optString("travel_document"))
                }
            case "conveyance":
                if !v.isNull {
                    let r = Reader(type: type + " conveyance", json: v)
                    d.conveyance = Conveyance(kind: try r.enumValue("kind"), reference: try r.optString("reference"))
                }
            case "location":
                if !v.isNull {
                    let r = Reader(type: type + " location", json: v)
                    d.location = AlertLocation(kind: try r.enumValue("kind"), name: try r.string("name"))
                }
            case "responsible_unit": d.responsibleUnit = try str(v, k)
            case "eta": d.eta = try time(v, k)
            case "notes": d.notes = try str(v, k)
            case "sharing":
                guard let t = try str(v, k) else { continue }
                guard let l = SharingLevel(rawValue: t) else {
                    throw DomainError.badPayload(type: type, field: k, .unknownValue(t))
                }
                sharing = l
            default: continue
            }
        }
        guard let alertID else { throw DomainError.badPayload(type: type, field: "alert_id", .missing) }
        guard let receivedAt else { throw DomainError.badPayload(type: type, field: "received_at", .missing) }
        guard let source else { throw DomainError.badPayload(type: type, field: "source", .missing) }
        guard let priority else { throw DomainError.badPayload(type: type, field: "priority", .missing) }
        guard let subject else { throw DomainError.badPayload(type: type, field: "subject", .missing) }
        d.receivedAt = receivedAt
        d.source = source
        d.priority = priority
        d.subject = subject
        return AlertReceived(alertID: alertID, details: d, sharing: sharing)
    }
}
