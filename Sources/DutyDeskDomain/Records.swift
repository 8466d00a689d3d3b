import DutyDeskJSON

/// Direction of a verification request (yêu cầu xác minh).
public enum VerificationDirection: String, Sendable, Hashable, CaseIterable {
    /// From INTERPOL or a member country to Vietnam Customs (letter item 6; backlog back to 2018).
    case incoming
    /// From a customs unit to a foreign party, always routed through Division 1
    /// (letter, paragraph after item 6).
    case outgoing
}

/// Status of a verification request.
public enum VerificationStatus: String, Sendable, Hashable, CaseIterable {
    case open, answered, closed
}

/// A verification request as projected.
public struct VerificationRequest: Sendable, Hashable, Identifiable {
    /// Request id, e.g. `V-0007`.
    public let id: String
    public var direction: VerificationDirection
    /// `INTERPOL` or an ISO 3166-1 alpha-2 country code (`TH`, `CN`, `ZA`…).
    public var counterpart: String
    public var subject: String
    /// The counterpart's or our own reference number.
    public var reference: String?
    /// Linked alert id, if any.
    public var linkedAlert: String?
    /// Customs unit handling it (campaign unit code).
    public var unit: String?
    /// For outgoing requests: the unit it is routed through (always the campaign's focal unit).
    public var routedVia: String?
    /// Date of the case concerned (may reach back to 2018).
    public var caseDate: RFC3339Timestamp?
    public var openedAt: RFC3339Timestamp
    public var dueAt: RFC3339Timestamp
    public var answeredAt: RFC3339Timestamp?
    public var answerSummary: String?
    public var closedAt: RFC3339Timestamp?
    public var closeOutcome: String?
    public var status: VerificationStatus
    public var timeline: [EventRef]
    /// Conflicts the fold resolved on this request, in canonical order (`Conflict`).
    public var conflicts: [Conflict] = []
    /// Every event on the request as the fold keeps it, aligned with `timeline`.
    var ops: [RequestOp] = []
}

/// A focal officer (cán bộ đầu mối) nominated by a unit (letter item 9: name, position,
/// unit and phone number). Name, phone and e-mail are **personal data**.
public struct FocalOfficerNomination: Sendable, Hashable {
    public var unit: String
    public var name: String
    public var position: String
    public var phone: String
    public var email: String?
    /// Time of the `focal_officer.nominated` event.
    public var nominatedAt: RFC3339Timestamp
    public var eventID: String
    public init(
        unit: String, name: String, position: String, phone: String, email: String? = nil,
        nominatedAt: RFC3339Timestamp, eventID: String
    ) {
        self.unit = unit
        self.name = name
        self.position = position
        self.phone = phone
        self.email = email
        self.nominatedAt = nominatedAt
        self.eventID = eventID
    }
}

/// Kinds of report sent to Division 1.
public enum ReportKind: String, Sendable, Hashable, CaseIterable {
    /// Rapid report after a seizure (chế độ báo cáo nhanh, item 8); names the alert.
    case rapid
    /// Daily results update during the campaign (item 6; due time is practice); names the day.
    case daily
    /// Final results report after the campaign (item 6; due date is practice).
    case final
}

/// A submitted report.
public struct SubmittedReport: Sendable, Hashable {
    public var eventID: String
    public var kind: ReportKind
    /// Reporting unit code.
    public var unit: String?
    /// For rapid reports: the alert whose seizure is reported.
    public var alertID: String?
    /// For daily updates: the campaign day, `yyyy-MM-dd` in the campaign zone.
    public var day: String?
    /// Document reference (e.g. the dispatch number).
    public var reference: String?
    public var submittedAt: RFC3339Timestamp
    public var actor: String
}
