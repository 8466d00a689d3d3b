// Who may read each record once it leaves the desk (issue 11, item 4): the network's push
// asks `CampaignState.route(of:origin:)` for every record it sends, and sends the copy of
// `redactingPersonalData(_:)` to units that merely share an alert.
import DutyDeskJSON

/// How far a record may travel: `local` never leaves this desk; `campaign` goes to every desk
/// (the directory of desks); the others are the sharing levels of `SharingLevel` past `red`.
public enum RouteLevel: String, Sendable, Hashable, CaseIterable {
    /// Never leaves this desk (a `TLP:RED` alert, drill clocks, recoveries, other desks' records).
    case local
    /// Every desk of the campaign network: the desks' own records (`desk.configured`, `desk.keyed`).
    case campaign
    /// The owning unit and Division 1 (the focal unit) only.
    case amberStrict = "amber+strict"
    /// The owning unit, Division 1 and the units in `Route.grants`.
    case amber
    /// Every customs desk of the campaign.
    case green
    /// No restriction.
    case clear

    /// The route level of an alert's sharing level (`red` → `local`).
    public init(_ sharing: SharingLevel) {
        switch sharing {
        case .red: self = .local
        case .amberStrict: self = .amberStrict
        case .amber: self = .amber
        case .green: self = .green
        case .clear: self = .clear
        }
    }
}

/// Where a record may go and what it is about (issue 11, item 4).
public struct Route: Sendable, Equatable {
    /// `.local`: never leaves this desk.
    public var level: RouteLevel
    /// The alert or request id the record is about (nil for records about neither).
    public var subject: String?
    /// Unit codes the record's subject is routed to besides the owning unit, sorted and
    /// without repeats: the units an alert was assigned to, the focal unit once escalated to
    /// Division 1; the focal unit for requests, reports and nominations. At `amberStrict` only
    /// the focal unit is kept (the level allows no other unit).
    public var grants: [String]
    /// Carries personal data (persons concerned, an officer's name, phone or e-mail): pushed
    /// only to Division 1, and only where the level allows; other units get
    /// `redactingPersonalData(_:)`'s copy.
    public var personal: Bool

    public init(level: RouteLevel, subject: String? = nil, grants: [String] = [], personal: Bool = false) {
        self.level = level
        self.subject = subject
        self.grants = grants
        self.personal = personal
    }

    /// A record that stays on this desk.
    public static let local = Route(level: .local)
}

extension CampaignState {
    /// The route of `event`, a record this log holds, given the state AFTER it was applied
    /// (issue 11, item 4; the items of letter 4237 cited are /work/shared/reference/directive.md's):
    ///
    /// - a record another desk decided (`origin` non-nil) is `.local`: this desk never pushes
    ///   it again;
    /// - an event on an alert: subject its id, level the alert's current sharing level (`red`
    ///   → `.local`); an `alert.sharing_changed` at the widest level the alert has held (its
    ///   receipt's, the changes applied, this one), so every desk that had the alert learns it
    ///   narrowed; grants the units it was ever assigned to and the focal unit once escalated
    ///   (to Division 1, or to the Coordination Board, which Division 1 relays to: item 6).
    ///   Routing only grows: a unit that had the alert keeps learning what becomes of it. A
    ///   merge goes at the narrower level of its two alerts, with the grants they share;
    /// - verification requests and their replies and closes: subject the request id,
    ///   `.amberStrict`, granted to the focal unit (item 7: always through Division 1);
    /// - `report.submitted` (rapid reports and results, items 6 and 8): `.amberStrict`, granted
    ///   to the focal unit, subject its alert id if any;
    /// - `focal_officer.nominated` (item 9): `.amberStrict`, granted to the focal unit, personal;
    /// - `desk.configured`, `desk.keyed`: `.campaign` (every desk: the directory of desks);
    /// - `drill.started`, `log.recovered`, `network.*` and unknown types: `.local`.
    ///
    /// `personal` is true for an `alert.received` with persons concerned and a focal-officer
    /// nomination. An alert this state does not hold routes `.local`.
    public func route(of event: DomainEvent, origin: EventOrigin?) -> Route {
        if origin != nil { return .local }
        let focal = campaign.focalUnit
        let viaDivision1 = Route(level: .amberStrict, grants: [focal])
        switch event.type {
        case EventType.deskConfigured, EventType.deskKeyed: return Route(level: .campaign)
        default: break
        }
        switch event {
        case .alertReceived(let p):
            var r = alertRoute(p.alertID)
            r.personal = r.level != .local && !p.details.persons.isEmpty
            return r
        case .alertSharingChanged(let p):
            guard let a = alerts[p.alertID] else { return .local }
            return alertRoute(a, at: SharingLevel.wider(widestSharing(of: a), p.level))
        case .alertMerged(let p):
            return mergedRoute(p.alertID, p.duplicateID)
        case .alertActionUndone(let p):
            guard let s = p.survivorID else { return alertRoute(p.alertID) }
            return mergedRoute(s, p.alertID)
        case .alertAcknowledged, .alertAssigned, .alertEscalated, .alertSnoozed, .alertNoteAdded, .alertClosed,
            .alertReopened, .alertProposalAnswered, .alertProposalWithdrawn:
            guard let id = event.subjects.alertID else { return .local }
            return alertRoute(id)
        case .verificationOpened(let p):
            var r = viaDivision1
            r.subject = p.requestID
            return r
        case .verificationReplied(let p):
            var r = viaDivision1
            r.subject = p.requestID
            return r
        case .verificationClosed(let p):
            var r = viaDivision1
            r.subject = p.requestID
            return r
        case .reportSubmitted(let p):
            var r = viaDivision1
            r.subject = p.alertID
            return r
        case .focalOfficerNominated:
            var r = viaDivision1
            r.personal = true
            return r
        case .deskConfigured, .deskKeyed: return Route(level: .campaign)
        // The desk's own network bookkeeping never leaves it (decision 0013).
        // A shift handover is between the desk's own officers (issue 13, item 8).
        case .drillStarted, .networkPulled, .networkPushed, .networkLink, .networkQuarantined, .shiftHandedOver,
            .shiftHandoverRead, .unknown:
            return .local
        }
    }

    /// The widest level `alert` has held: its receipt's and every change the fold applied.
    func widestSharing(of alert: AlertRecord) -> SharingLevel {
        var w = alert.receivedSharing
        for o in alert.ops where o.applied {
            if case .share(let l, _) = o.action { w = SharingLevel.wider(w, l) }
        }
        return SharingLevel.wider(w, alert.sharing)
    }

    /// The units alert `a` was routed to: every unit it was assigned to (taken or not: the
    /// unit was sent it) and the focal unit once escalated. Sorted, without repeats.
    func routedUnits(of a: AlertRecord) -> [String] {
        var units: Set<String> = []
        for o in a.ops {
            // A proposal routes nothing until the owner accepts it (then its answer acts as it).
            switch a.acts(o) {
            case .assign(let id, .unit): units.insert(id)
            case .escalate: units.insert(campaign.focalUnit)
            default: break
            }
        }
        if let owner = owningUnit(of: a) { units.remove(owner) }
        return units.sorted()
    }

    private func alertRoute(_ id: String) -> Route {
        guard let a = alerts[id] else { return .local }
        return alertRoute(a, at: a.sharing)
    }

    private func alertRoute(_ a: AlertRecord, at sharing: SharingLevel) -> Route {
        let level = RouteLevel(sharing)
        if level == .local { return .local }
        var grants = routedUnits(of: a)
        if level == .amberStrict {
            grants = grants.filter { $0 == campaign.focalUnit }
            if owningUnit(of: a) != campaign.focalUnit, !grants.contains(campaign.focalUnit) {
                grants = [campaign.focalUnit]
            }
        }
        return Route(level: level, subject: a.id, grants: grants)
    }

    /// Survivor `survivor` and duplicate `duplicate`: the narrower level, the grants both share.
    private func mergedRoute(_ survivor: String, _ duplicate: String) -> Route {
        guard let s = alerts[survivor], let d = alerts[duplicate] else { return alertRoute(survivor) }
        var r = alertRoute(s, at: SharingLevel.narrower(s.sharing, d.sharing))
        if r.level == .local { return .local }
        let other = Set(alertRoute(d, at: d.sharing).grants)
        r.grants = r.grants.filter { other.contains($0) }
        // At amber+strict Division 1 is granted whatever the other alert was routed to.
        if r.level == .amberStrict, owningUnit(of: s) != campaign.focalUnit { r.grants = [campaign.focalUnit] }
        return r
    }
}

/// `event` without its personal data, for the copy a unit merely sharing the alert gets
/// (issue 11, item 4: personal data goes only to Division 1): an `alert.received` loses its
/// persons concerned; a focal-officer nomination its officer's name, phone and e-mail (blank
/// name and phone, no e-mail; position and unit stay). Other events carry no personal data
/// and are returned unchanged.
public func redactingPersonalData(_ event: DomainEvent) -> DomainEvent {
    switch event {
    case .alertReceived(var p):
        p.details.persons = []
        return .alertReceived(p)
    case .focalOfficerNominated(var p):
        p.name = ""
        p.phone = ""
        p.email = nil
        return .focalOfficerNominated(p)
    default:
        return event
    }
}
