import DutyDeskJSON

/// Priority of an alert. Order: critical < high < normal < low (most urgent first).
public enum Priority: String, Sendable, Hashable, CaseIterable, Comparable {
    case critical, high, normal, low
    /// 0 for critical … 3 for low.
    public var rank: Int {
        switch self {
        case .critical: 0
        case .high: 1
        case .normal: 2
        case .low: 3
        }
    }
    public static func < (a: Priority, b: Priority) -> Bool { a.rank < b.rank }
    /// Practice default acknowledgement time in seconds (critical 15 min, high 1 h,
    /// normal 4 h, low 24 h); not text of the letter.
    public var practiceAcknowledgeSeconds: Int {
        switch self {
        case .critical: 900
        case .high: 3600
        case .normal: 14_400
        case .low: 86_400
        }
    }
    public var vi: String {
        switch self {
        case .critical: "khẩn cấp"
        case .high: "cao"
        case .normal: "thường"
        case .low: "thấp"
        }
    }
}

/// Where an alert (tin báo) comes from.
public enum AlertSourceKind: String, Sendable, Hashable, CaseIterable {
    /// The campaign's Coordination Board (Ban điều phối), letter item 5.
    case coordinationBoard = "coordination_board"
    /// An INTERPOL member country (carries a country code), letter item 5.
    case memberCountry = "member_country"
    /// Công an (item 3).
    case police
    /// Biên phòng (item 3).
    case borderGuard = "border_guard"
    /// Quản lý thị trường (item 3).
    case marketManagement = "market_management"
    /// Customs' own intelligence (item 2).
    case customsIntelligence = "customs_intelligence"
    /// A tip from the public.
    case publicTip = "public_tip"
}

/// The source of an alert; `country` (ISO 3166-1 alpha-2, e.g. `TH`) is required for
/// `member_country` and absent otherwise.
public struct AlertSource: Sendable, Hashable {
    public var kind: AlertSourceKind
    public var country: String?
    public init(kind: AlertSourceKind, country: String? = nil) {
        self.kind = kind
        self.country = country
    }
}

/// A species concerned: scientific name and CITES appendix (`I`, `II`, `III`) where known.
public struct Species: Sendable, Hashable {
    public var scientificName: String
    public var citesAppendix: String?
    public init(scientificName: String, citesAppendix: String? = nil) {
        self.scientificName = scientificName
        self.citesAppendix = citesAppendix
    }
}

/// One measure of a quantity: an exact decimal amount (kept as its text, e.g. `"72.5"`)
/// and a unit (`pieces`, `kg`, `g`, `m3`, `individuals`, …). A quantity is a list of
/// measures because seizures are counted and weighed at once ("50 pieces", "72 kg").
public struct Measure: Sendable, Hashable {
    /// Decimal text, digits with an optional fraction (`"50"`, `"72.5"`).
    public var amount: String
    public var unit: String
    public init(amount: String, unit: String) {
        self.amount = amount
        self.unit = unit
    }
    /// `"50 pieces"`.
    public var text: String { "\(amount) \(unit)" }
    /// True when `amount` is a non-negative decimal (`\d+(\.\d+)?`).
    public var isValidAmount: Bool {
        var seenDot = false
        var digitsBefore = 0
        var digitsAfter = 0
        for b in amount.utf8 {
            if b == 0x2E {
                if seenDot { return false }
                seenDot = true
                continue
            }
            guard b >= 48, b <= 57 else { return false }
            if seenDot { digitsAfter += 1 } else { digitsBefore += 1 }
        }
        return digitsBefore > 0 && (!seenDot || digitsAfter > 0)
    }
}

/// A person concerned by a tip about a traveller. **Personal data**: kept out of shared
/// outputs (exports, reports) unless explicitly requested.
public struct PersonConcerned: Sendable, Hashable {
    public var name: String
    /// Nationality, ISO 3166-1 alpha-2 where known.
    public var nationality: String?
    /// Travel document, e.g. `passport C1234567`.
    public var travelDocument: String?
    public init(name: String, nationality: String? = nil, travelDocument: String? = nil) {
        self.name = name
        self.nationality = nationality
        self.travelDocument = travelDocument
    }
}

/// Means of transport concerned (letter item 2: goods, means of transport, passengers' luggage).
public enum ConveyanceKind: String, Sendable, Hashable, CaseIterable {
    case cargo, vehicle
    case passengerLuggage = "passenger_luggage"
    case postal, vessel, aircraft
}

/// Conveyance and its reference (container number, flight, plate, vessel name…).
public struct Conveyance: Sendable, Hashable {
    public var kind: ConveyanceKind
    public var reference: String?
    public init(kind: ConveyanceKind, reference: String? = nil) {
        self.kind = kind
        self.reference = reference
    }
}

/// Kind of control point.
public enum LocationKind: String, Sendable, Hashable, CaseIterable {
    /// Land border gate (cửa khẩu).
    case borderGate = "border_gate"
    /// Seaport (cảng).
    case port
    /// Airport (sân bay).
    case airport
    /// Anything else (warehouse, inland depot, address).
    case other
}

/// Where the goods or traveller are expected or found.
public struct AlertLocation: Sendable, Hashable {
    public var kind: LocationKind
    /// Place name as officers write it, e.g. `Sân bay quốc tế Nội Bài`.
    public var name: String
    public init(kind: LocationKind, name: String) {
        self.kind = kind
        self.name = name
    }
}

/// What a customs tip carries, as received (payload of `alert.received`).
public struct AlertDetails: Sendable, Hashable {
    /// When the tip reached customs (may precede the event's log time).
    public var receivedAt: RFC3339Timestamp
    public var source: AlertSource
    /// The source's own reference (e.g. Coordination Board message number).
    public var sourceReference: String?
    public var priority: Priority
    public var subject: String
    public var commodity: String?
    public var species: [Species]
    public var quantity: [Measure]
    /// Personal data; see `PersonConcerned`.
    public var persons: [PersonConcerned]
    public var conveyance: Conveyance?
    public var location: AlertLocation?
    /// Code of the customs unit responsible (a campaign unit code).
    public var responsibleUnit: String?
    /// Expected arrival of the shipment or traveller: the window to intercept.
    public var eta: RFC3339Timestamp?
    public var notes: String?

    public init(
        receivedAt: RFC3339Timestamp, source: AlertSource, sourceReference: String? = nil,
        priority: Priority, subject: String, commodity: String? = nil, species: [Species] = [],
        quantity: [Measure] = [], persons: [PersonConcerned] = [], conveyance: Conveyance? = nil,
        location: AlertLocation? = nil, responsibleUnit: String? = nil, eta: RFC3339Timestamp? = nil,
        notes: String? = nil
    ) {
        self.receivedAt = receivedAt
        self.source = source
        self.sourceReference = sourceReference
        self.priority = priority
        self.subject = subject
        self.commodity = commodity
        self.species = species
        self.quantity = quantity
        self.persons = persons
        self.conveyance = conveyance
        self.location = location
        self.responsibleUnit = responsibleUnit
        self.eta = eta
        self.notes = notes
    }
}

/// Lifecycle status of an alert, as stored by the projection. Snoozing does not change
/// it: see `AlertRecord.isSnoozed(at:)` and `AlertRecord.displayStatus(at:)`.
public enum AlertStatus: String, Sendable, Hashable, CaseIterable {
    /// New, nobody owns it yet (`alert.received`, or after an undone acknowledgement).
    case received
    /// An officer took ownership.
    case acknowledged
    /// Assigned to a unit, officer or partner agency.
    case assigned
    /// Escalated to Division 1 or the Coordination Board.
    case escalated
    /// Snoozed (display only: never stored; derived from `snoozedUntil` and the clock).
    case snoozed
    /// Closed with a disposition.
    case closed
}

/// Who an alert is assigned to.
public enum AssigneeKind: String, Sendable, Hashable, CaseIterable {
    /// A campaign unit code.
    case unit
    /// An officer id.
    case officer
    /// A partner agency code (joint operation, item 3).
    case partner
}

/// An assignee: kind and id (unit code, officer id or partner agency code).
public struct Assignee: Sendable, Hashable {
    public var kind: AssigneeKind
    public var id: String
    public init(kind: AssigneeKind, id: String) {
        self.kind = kind
        self.id = id
    }
}

/// Escalation targets.
public enum EscalationTarget: String, Sendable, Hashable, CaseIterable {
    /// Division 1 of ĐTCBL (the campaign's focal unit, item 6).
    case division1 = "division_1"
    /// The Coordination Board (item 5).
    case coordinationBoard = "coordination_board"
}

/// Kind of a closing disposition.
public enum DispositionKind: String, Sendable, Hashable, CaseIterable {
    case seized
    case noFinding = "no_finding"
    case falseAlarm = "false_alarm"
    case duplicateOf = "duplicate_of"
    case referredToPartner = "referred_to_partner"
}

/// How an alert ended.
public indirect enum Disposition: Sendable, Hashable {
    /// Goods seized (bắt giữ): commodity and at least one measure; opens a rapid report (item 8).
    case seized(commodity: String, species: [Species], quantity: [Measure])
    case noFinding
    case falseAlarm
    /// Same tip as another alert (id).
    case duplicateOf(String)
    /// Handed to a partner agency (code).
    case referredToPartner(String)

    public var kind: DispositionKind {
        switch self {
        case .seized: .seized
        case .noFinding: .noFinding
        case .falseAlarm: .falseAlarm
        case .duplicateOf: .duplicateOf
        case .referredToPartner: .referredToPartner
        }
    }
}

/// A note on an alert.
public struct AlertNote: Sendable, Hashable {
    /// Id of the `alert.note_added` event.
    public var eventID: String
    public var actor: String
    public var at: RFC3339Timestamp
    public var text: String
    /// True once retracted by an undo.
    public var retracted: Bool
    public init(eventID: String, actor: String, at: RFC3339Timestamp, text: String, retracted: Bool = false) {
        self.eventID = eventID
        self.actor = actor
        self.at = at
        self.text = text
        self.retracted = retracted
    }
}

/// A reference to an event in an alert's timeline (not a copy of it).
public struct EventRef: Sendable, Hashable {
    public var seq: Int
    public var type: String
    public var actor: String
    public var at: RFC3339Timestamp
    public init(seq: Int, type: String, actor: String, at: RFC3339Timestamp) {
        self.seq = seq
        self.type = type
        self.actor = actor
        self.at = at
    }
}

/// The lifecycle part of an alert that actions change and undo restores
/// (carried whole in `alert.action_undone`).
public struct AlertLifecycle: Sendable, Hashable {
    public var status: AlertStatus
    /// Officer who acknowledged (owns) the alert.
    public var owner: String?
    public var acknowledgedAt: RFC3339Timestamp?
    public var assignee: Assignee?
    /// Escalation targets in the order reached.
    public var escalations: [EscalationTarget]
    public var snoozedUntil: RFC3339Timestamp?
    public var disposition: Disposition?
    public var closedAt: RFC3339Timestamp?
    /// The instant of the seizure as the officer entered it (`alert.closed`'s `seized_at`);
    /// nil when none was entered or the alert is not closed as seized. See `seizureInstant`.
    public var seizedAt: RFC3339Timestamp?
    /// Id of the alert this one was merged into.
    public var mergedInto: String?
    public init(
        status: AlertStatus = .received, owner: String? = nil, acknowledgedAt: RFC3339Timestamp? = nil,
        assignee: Assignee? = nil, escalations: [EscalationTarget] = [], snoozedUntil: RFC3339Timestamp? = nil,
        disposition: Disposition? = nil, closedAt: RFC3339Timestamp? = nil, seizedAt: RFC3339Timestamp? = nil,
        mergedInto: String? = nil
    ) {
        self.status = status
        self.owner = owner
        self.acknowledgedAt = acknowledgedAt
        self.assignee = assignee
        self.escalations = escalations
        self.snoozedUntil = snoozedUntil
        self.disposition = disposition
        self.closedAt = closedAt
        self.seizedAt = seizedAt
        self.mergedInto = mergedInto
    }

    /// When the goods were seized, for a seizure: the instant entered, else the instant
    /// the alert was closed (letter 4237, item 8: the rapid report and its deadline count
    /// from the seizure). Nil unless closed as seized.
    public var seizureInstant: RFC3339Timestamp? {
        guard status == .closed, case .seized? = disposition else { return nil }
        return seizedAt ?? closedAt
    }
}

/// What never changes after receipt: the details, shared by every copy of an
/// `AlertRecord` (copies then cost one reference, not a dozen).
final class AlertBody: Sendable {
    let details: AlertDetails
    /// The sharing level the alert was received with (`alert.received` `sharing`).
    let sharing: SharingLevel
    init(details: AlertDetails, sharing: SharingLevel = .standard) {
        self.details = details
        self.sharing = sharing
    }
}

/// An alert as projected from its events.
public struct AlertRecord: Sendable, Hashable, Identifiable {
    /// Alert id, e.g. `A-0042`.
    public let id: String
    private var body: AlertBody
    /// What the tip carried (immutable after `alert.received`).
    public var details: AlertDetails { body.details }
    /// Folded text (see `SearchFold`) of the searchable fields: id, subject, source,
    /// references, commodity, species, persons, conveyance, location, unit and notes.
    /// Built on each call (O(length of the details)); not stored, so 300k alerts do not
    /// carry a second copy of their text (issue 6, item 6). The dashboard keeps its own index.
    public var searchKey: String { AlertRecord.makeSearchKey(id: id, details: body.details) }
    public var lifecycle: AlertLifecycle
    public var notes: [AlertNote]
    /// Alerts merged into this one.
    public var duplicates: [String]
    /// Event references, oldest first.
    public var timeline: [EventRef]
    /// Hash (`AlertOp.hash(id:)`) of the id of the last event that changed `lifecycle`
    /// (undo is allowed only for it).
    var lastLifecycleIDHash: UInt64?
    /// The alert's sharing level (TLP 2.0, issue 11 item 4): the level it was received with,
    /// then as `alert.sharing_changed` events set it in canonical order (narrower stands
    /// between two that did not see each other). Declared here, in the padding of the hash
    /// above (the record stays 8 bytes smaller).
    public internal(set) var sharing: SharingLevel
    /// True when `eventID` is the last event that changed the lifecycle (undo is allowed
    /// only for it).
    public func isLastLifecycleChange(_ eventID: String) -> Bool { lastLifecycleIDHash == AlertOp.hash(id: eventID) }
    /// Every event on the alert but its receipt, as the fold keeps it: `ops[i]` is
    /// `timeline[i + 1]`.
    var ops: [AlertOp]
    /// Conflicts the fold resolved on this alert, in canonical order (`Conflict`).
    public var conflicts: [Conflict]
    /// Officers who acknowledged the alert after its owner without having seen that
    /// acknowledgement (`Conflict.Kind.alsoWorking`), in canonical order.
    public var alsoWorking: [String]
    /// The proposals on the alert as the rules last left them, in canonical order (issue 11,
    /// item 5; `CampaignState.proposals(of:)` reads them).
    var proposalStates: [ProposalState]
    /// The level the alert was received with (`alert.received` `sharing`; `amber` when absent).
    public var receivedSharing: SharingLevel { body.sharing }
    /// The desk whose log received the alert: the receipt's origin desk when another desk
    /// decided it (`RecordedEvent.origin`), else this log's desk code, `""` for a log
    /// without a desk. The unit of that desk owns the alert (issue 11, item 4).
    public internal(set) var ownerDesk: String

    public init(id: String, details: AlertDetails, sharing: SharingLevel = .standard, ownerDesk: String = "") {
        self.id = id
        self.body = AlertBody(details: details, sharing: sharing)
        self.sharing = sharing
        self.ownerDesk = ownerDesk
        self.lifecycle = AlertLifecycle()
        self.notes = []
        self.duplicates = []
        self.timeline = []
        self.lastLifecycleIDHash = nil
        self.ops = []
        self.conflicts = []
        self.alsoWorking = []
        self.proposalStates = []
    }

    public static func == (a: AlertRecord, b: AlertRecord) -> Bool {
        a.id == b.id && (a.body === b.body || a.body.details == b.body.details) && a.lifecycle == b.lifecycle
            && a.notes == b.notes && a.duplicates == b.duplicates && a.timeline == b.timeline
            && a.lastLifecycleIDHash == b.lastLifecycleIDHash && a.ops == b.ops && a.conflicts == b.conflicts
            && a.alsoWorking == b.alsoWorking && a.sharing == b.sharing && a.body.sharing == b.body.sharing
            && a.ownerDesk == b.ownerDesk && a.proposalStates == b.proposalStates
    }
    public func hash(into h: inout Hasher) {
        h.combine(id)
        h.combine(lifecycle)
        h.combine(timeline.count)
    }

    mutating func setOwnerDesk(_ code: String) { ownerDesk = code }
    /// Restores the sharing state a snapshot kept.
    mutating func setSharing(received: SharingLevel, current: SharingLevel, ownerDesk owner: String) {
        if received != body.sharing { body = AlertBody(details: body.details, sharing: received) }
        sharing = current
        ownerDesk = owner
    }

    public var status: AlertStatus { lifecycle.status }
    public var priority: Priority { details.priority }
    /// True while snoozed: acknowledged, not closed and `now < snoozedUntil`.
    public func isSnoozed(at now: RFC3339Timestamp) -> Bool {
        guard lifecycle.status != .closed, let until = lifecycle.snoozedUntil else { return false }
        return now < until
    }
    /// `.snoozed` while snoozed, else the stored status.
    public func displayStatus(at now: RFC3339Timestamp) -> AlertStatus {
        isSnoozed(at: now) ? .snoozed : lifecycle.status
    }

    static func makeSearchKey(id: String, details d: AlertDetails) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        func add(_ s: String?) {
            guard let s else { return }
            if !out.isEmpty { out.append(0x20) }
            SearchFold.fold(s, into: &out)
        }
        add(id)
        add(d.subject)
        add(d.source.kind.rawValue)
        add(d.source.country)
        add(d.sourceReference)
        add(d.commodity)
        for s in d.species { add(s.scientificName) }
        for p in d.persons { add(p.name) }
        if let c = d.conveyance {
            add(c.kind.rawValue)
            add(c.reference)
        }
        add(d.location?.name)
        add(d.responsibleUnit)
        add(d.notes)
        return String(decoding: out, as: UTF8.self)
    }
}
