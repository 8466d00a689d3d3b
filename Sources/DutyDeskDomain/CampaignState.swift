import DutyDeskJSON

/// The last undoable action of an officer (undo proposes its compensating event).
public struct LastAction: Sendable, Hashable {
    /// Id and type of the event to undo.
    public var eventID: String
    public var type: String
    /// The alert whose lifecycle it changed (for a merge: the duplicate).
    public var alertID: String
    /// The alert's lifecycle just before the action.
    public var before: AlertLifecycle
    /// For a merge: the surviving alert.
    public var survivorID: String?
    /// False when the fold took the action as a conflict (`Conflict`) or skipped it: it
    /// changed nothing, and there is nothing to undo. The officer's last action all the
    /// same, so that an earlier one is not undone by mistake.
    public var undoable: Bool = true
}

/// The projection of a campaign's events: alerts, verification requests, focal-officer
/// nominations and submitted reports. Built incrementally with `apply(_:)` (O(1) per event
/// apart from an O(log n) insertion into the priority ordering), or with `fold(_:campaign:)`;
/// both give equal states for the same events.
///
/// Events are facts: `apply` never rejects. An event that cannot apply (unknown alert,
/// malformed payload, duplicate `alert.received`) is counted in `skippedCount` with its
/// reason in `lastSkipReason`; unknown event types are counted in `unknownCount`.
public struct CampaignState: Sendable, Equatable {
    public let campaign: Campaign
    /// Alerts by id.
    public internal(set) var alerts = AlertTable()
    /// Verification requests by id.
    public internal(set) var verifications: [String: VerificationRequest] = [:]
    /// Latest focal-officer nomination per unit code.
    public internal(set) var nominations: [String: FocalOfficerNomination] = [:]
    /// The nominations a later one replaced, per unit code, oldest first (the latest is in
    /// `nominations`); a unit that nominated once has none (issue 13, item 6: the history).
    public internal(set) var earlierNominations: [String: [FocalOfficerNomination]] = [:]
    /// Every submitted report, in log order.
    public internal(set) var reports: [SubmittedReport] = []
    /// First rapid report per alert id.
    public internal(set) var rapidReports: [String: SubmittedReport] = [:]
    /// First daily update per campaign day (`yyyy-MM-dd`).
    public internal(set) var dailyReports: [String: SubmittedReport] = [:]
    /// First final report.
    public internal(set) var finalReport: SubmittedReport?
    /// Shift handovers in log order (issue 13, item 8; Handover.swift).
    public internal(set) var handovers: [ShiftHandover] = []
    /// Seizure time per alert closed as seized (opens a rapid-report deadline).
    public internal(set) var seizures: [String: RFC3339Timestamp] = [:]
    /// Alerts in status `received` (the acknowledgement deadline runs).
    public internal(set) var awaitingAcknowledgement: Set<String> = []
    /// Open alerts that carry an ETA (the interception deadline runs).
    public internal(set) var openWithETA: Set<String> = []
    /// Each officer's last undoable action.
    public internal(set) var lastActions: [String: LastAction] = [:]
    /// Alert ids per priority rank (0 = critical), each sorted by received time then id.
    /// O(1) to read when alerts arrived in order; a bucket that took an older alert is
    /// sorted on read, O(n log n) (see `PriorityOrder`).
    public var alertIDsByPriority: [[String]] { (0..<4).map { order.bucket($0) } }
    /// The alert ids behind `alertIDsByPriority`.
    var order = PriorityOrder()
    /// Number of alerts per stored status (`.snoozed` is never counted: it is display only).
    public var statusCounts: [AlertStatus: Int] {
        var d: [AlertStatus: Int] = [:]
        for s in AlertStatus.allCases where s != .snoozed { d[s] = countByStatus[Self.statusSlot(s)] }
        return d
    }
    /// Count of alerts in `status` (0 for `.snoozed`, which is display only).
    public func count(of status: AlertStatus) -> Int { status == .snoozed ? 0 : countByStatus[Self.statusSlot(status)] }
    var countByStatus: [Int] = [0, 0, 0, 0, 0]
    static func statusSlot(_ s: AlertStatus) -> Int {
        switch s {
        case .received: 0
        case .acknowledged: 1
        case .assigned: 2
        case .escalated: 3
        case .closed, .snoozed: 4
        }
    }
    /// Sequence number of the last event applied (0 before any).
    public internal(set) var lastSeq: Int = 0
    /// Events that changed the state.
    public internal(set) var appliedCount: Int = 0
    /// Events of unknown types (ignored).
    public internal(set) var unknownCount: Int = 0
    /// Events that could not apply (malformed, unknown alert or request, conflicting).
    public internal(set) var skippedCount: Int = 0
    /// Why the last skipped event was skipped.
    public internal(set) var lastSkipReason: String?
    /// Highest numeric suffix of `A-NNNN` alert ids and `V-NNNN` request ids seen.
    public internal(set) var maxAlertNumber: Int = 0
    public internal(set) var maxVerificationNumber: Int = 0

    /// Officer ids seen as the actor of an event (completion when assigning).
    public internal(set) var actors: Set<String> = []
    /// Shared copies of repeated text (officer ids, place, species and commodity names).
    var pool = StringPool()
    /// The desks met in the log's records and seen marks (0 = this log).
    var origins = OriginTable()

    // MARK: desk and drill clock (issue 10; Desk.swift)

    /// The desk the log belongs to (its first `desk.configured`); nil for a log without one.
    public internal(set) var desk: DeskConfiguration?
    /// The drill clock (the last `drill.started`); nil for a log that is not a drill.
    public internal(set) var drillClock: DrillStarted?
    /// Highest number of this desk's alert ids (`<DESK>-NNNN`); 0 without a desk.
    public internal(set) var deskAlertNumber: Int = 0
    /// Highest number of this desk's request ids (`<DESK>-VNNNN`); 0 without a desk.
    public internal(set) var deskRequestNumber: Int = 0
    /// The desks this log knows, by desk code: its own (from its `desk.configured` and
    /// `desk.keyed`) and the other desks' whose records sync copied in (their own
    /// `desk.configured` / `desk.keyed`, which carry an `origin`; issue 11). `DeskEntry`.
    public internal(set) var directory: [String: DeskEntry] = [:]
    /// The desk's network state, from its `network.*` records (issue 11; decision 0013).
    public internal(set) var network = NetworkStatus()
    /// When each other desk's newest record held here was written (its `ts`), by desk code:
    /// the "last contact" of Division 1's units view (issue 11, item 6; `unitSummaries(at:)`).
    public internal(set) var lastContact: [String: RFC3339Timestamp] = [:]

    public init(campaign: Campaign) { self.campaign = campaign }

    /// Folds `events` from scratch.
    public static func fold(_ events: [RecordedEvent], campaign: Campaign) -> CampaignState {
        var s = CampaignState(campaign: campaign)
        for e in events { s.apply(e) }
        return s
    }

    /// Applies `events` in order (the CLI's catch-up after reading new log records).
    public mutating func apply<S: Sequence>(contentsOf events: S) where S.Element == RecordedEvent {
        for e in events { apply(e) }
    }

    /// Every alert id, critical first, oldest received first within a priority.
    public var sortedAlertIDs: [String] { alertIDsByPriority.flatMap { $0 } }

    /// Alerts matching `filter` at `now`, in priority-then-received order. O(alerts).
    public func alerts(matching filter: AlertFilter, now: RFC3339Timestamp) -> [AlertRecord] {
        var out: [AlertRecord] = []
        for bucket in alertIDsByPriority {
            for id in bucket { if let a = alerts[id], filter.matches(a, now: now) { out.append(a) } }
        }
        return out
    }

    /// Ids of the alerts matching `filter` at `now`, in priority-then-received order.
    public func alertIDs(matching filter: AlertFilter, now: RFC3339Timestamp) -> [String] {
        var out: [String] = []
        for bucket in alertIDsByPriority {
            for id in bucket {
                guard let i = alerts.index(forKey: id) else { continue }
                if filter.matches(alerts.records[i], now: now) { out.append(id) }
            }
        }
        return out
    }

    /// Provincial departments that have not nominated a focal officer yet, in campaign
    /// file order (letter item 9: the dashboard lists them).
    public var unitsWithoutFocalOfficer: [CampaignUnit] {
        campaign.nominatingUnits.filter { nominations[$0.code] == nil }
    }

    /// Verification requests, open ones first, each group by due instant then id.
    public var verificationsByDue: [VerificationRequest] {
        verifications.values.sorted {
            let a = $0.status == .open
            let b = $1.status == .open
            if a != b { return a }
            return ($0.dueAt, $0.id) < ($1.dueAt, $1.id)
        }
    }

    /// When `alertID` must be (or had to be) acknowledged: received time plus the
    /// campaign's acknowledgement time for its priority (practice defaults). Nil for an unknown id.
    public func acknowledgementDue(_ alertID: String) -> RFC3339Timestamp? {
        guard let a = alerts[alertID] else { return nil }
        return campaign.zone.local(
            a.details.receivedAt.adding(seconds: campaign.acknowledgeWithinSeconds(a.details.priority)))
    }

    /// Every nomination of `unit`, oldest first, the current one last (empty when it never
    /// nominated).
    public func nominationHistory(of unit: String) -> [FocalOfficerNomination] {
        (earlierNominations[unit] ?? []) + (nominations[unit].map { [$0] } ?? [])
    }

    /// Nominated units among the campaign's nominating units, and their total.
    public var nominationProgress: (nominated: Int, total: Int) {
        let units = campaign.nominatingUnits
        return (units.reduce(0) { $0 + (nominations[$1.code] == nil ? 0 : 1) }, units.count)
    }

    /// Names this log's own desk (`code`) in the table of desks: seen marks written from
    /// this state then key this log's entries by it, and the canonical order breaks ties
    /// between desks by code. The log's desk record calls it; before one, the code is `""`.
    mutating func setLocalDesk(_ code: String) { origins.setLocal(code) }

    /// What a decider working on this state has seen of the alert or request `event` acts
    /// on (`SeenMark`): recorded in the event so the fold can tell what it did not see.
    /// Nil for events that create their subject or have none (a receipt, an opening, a
    /// nomination, a report). For a merge, the duplicate (whose lifecycle it changes).
    public func seenMark(for event: DomainEvent) -> SeenMark? {
        switch event {
        case .alertReceived, .verificationOpened, .focalOfficerNominated, .reportSubmitted, .shiftHandedOver,
            .shiftHandoverRead, .unknown:
            return nil
        case .alertMerged(let p): return alerts[p.duplicateID]?.ops.seenMark(origins)
        case .verificationReplied(let p): return verifications[p.requestID]?.ops.seenMark(origins)
        case .verificationClosed(let p): return verifications[p.requestID]?.ops.seenMark(origins)
        default:
            guard let id = event.subjects.alertID else { return nil }
            return alerts[id]?.ops.seenMark(origins)
        }
    }

    /// Applies one event and says what it changed. Never throws; see the type's notes.
    @discardableResult
    public mutating func apply(_ e: RecordedEvent) -> StateChange {
        if e.seq > lastSeq { lastSeq = e.seq }
        // A record time outside the window cannot take part in any arithmetic (TimeRules).
        if let p = TimeRules.problem(e.at, field: "ts") {
            skip(p)
            return .skipped
        }
        let event: DomainEvent
        do { event = try DomainEvent(type: e.type, payload: e.payload) } catch {
            skip(error.description)
            return .skipped
        }
        return apply(event, e)
    }

    /// Applies an event decoded ahead, possibly on another thread (`DecodedEvent`), and
    /// says what it changed.
    @discardableResult
    public mutating func apply(_ d: DecodedEvent) -> StateChange {
        switch d.event {
        case .success(let event): return apply(event, d.record, mark: d.seen)
        case .failure(let error):
            if d.record.seq > lastSeq { lastSeq = d.record.seq }
            skip(error.description)
            return .skipped
        }
    }

    /// Applies an already decoded event (`e` gives seq, id, time and actor) and says what
    /// it changed (`StateChange`: the subjects it changed, the alert it created, the kinds
    /// of deadline that may differ). The switch below is the one place that knows what
    /// each event type changes; callers read the change, never the payload.
    @discardableResult
    public mutating func apply(_ event: DomainEvent, _ e: RecordedEvent) -> StateChange {
        apply(event, e, mark: SeenMark(payload: e.payload))
    }

    /// `apply(_:_:)` with the event's seen mark already read from its payload (nil: none).
    mutating func apply(_ event: DomainEvent, _ e: RecordedEvent, mark: SeenMark?) -> StateChange {
        if e.seq > lastSeq { lastSeq = e.seq }
        if let o = e.origin, o.desk != desk?.desk { noteContact(o.desk, e.at) }
        // One copy of each officer id and event type however many events carry them.
        let actor = pool.intern(e.actor)
        actors.insert(actor)
        let ref = EventRef(seq: e.seq, type: EventType.canonical[e.type] ?? e.type, actor: actor, at: e.at)
        var c = StateChange(outcome: .applied, subjects: event.subjects)
        switch event {
        case .unknown:
            unknownCount += 1
            return .unknownType
        case .alertReceived(let p):
            guard alerts.index(forKey: p.alertID) == nil else {
                skip("alert \(p.alertID) already received")
                return .skipped
            }
            var a = AlertRecord(
                id: p.alertID, details: p.details.interned(&pool), sharing: p.sharing,
                ownerDesk: pool.intern(e.origin?.desk ?? desk?.desk ?? ""))
            a.timeline.append(ref)
            alerts[p.alertID] = a
            awaitingAcknowledgement.insert(p.alertID)
            if p.details.eta != nil { openWithETA.insert(p.alertID) }
            insertOrdered(id: p.alertID, priority: p.details.priority, receivedAt: p.details.receivedAt)
            countByStatus[0] += 1
            if let n = Self.number(p.alertID, prefix: "A-"), n > maxAlertNumber { maxAlertNumber = n }
            countDeskAlert(p.alertID)
            c.createdPriority = p.details.priority
            c.deadlines = p.details.eta == nil ? [.acknowledgement] : [.acknowledgement, .alertETA]
        // Lifecycle actions: proposals when decided outside the owning unit (Proposals.swift).
        case .alertAcknowledged(let p):
            guard let r = lifecycleEvent(p.alertID, .acknowledge, e, ref, mark) else { return .skipped }
            c.took(r)
        case .alertAssigned(let p):
            guard
                let r = lifecycleEvent(p.alertID, .assign(id: p.assignee.id, kind: p.assignee.kind), e, ref, mark)
            else {
                return .skipped
            }
            c.took(r)
        case .alertEscalated(let p):
            if let n = p.afterReminders {
                // A self-escalation is the owning unit's desk's own (decision 0017): never a proposal.
                if let i = alerts.index(forKey: p.alertID), isProposal(by: decidingDesk(e), on: alerts.records[i]) {
                    skip("\(e.type) for alert \(p.alertID): a self-escalation by a desk outside its owning unit")
                    return .skipped
                }
                guard let r = lifecycleEvent(p.alertID, .selfEscalate(p.target, afterReminders: n), e, ref, mark)
                else { return .skipped }
                c.took(r)
                break
            }
            guard let r = lifecycleEvent(p.alertID, .escalate(p.target, reason: p.reason), e, ref, mark) else {
                return .skipped
            }
            c.took(r)
        case .alertSnoozed(let p):
            guard let r = lifecycleEvent(p.alertID, .snooze(p.until), e, ref, mark) else { return .skipped }
            c.took(r)
        case .alertNoteAdded(let p):
            guard let i = alerts.index(forKey: p.alertID) else {
                skip("\(e.type) for unknown alert \(p.alertID)")
                return .skipped
            }
            alerts.records[i].notes.append(AlertNote(eventID: e.id, actor: actor, at: e.at, text: p.text))
            _ = alertEvent(p.alertID, .note, e, ref, mark)
            lastActions[e.actor] = LastAction(
                eventID: e.id, type: e.type, alertID: p.alertID,
                before: alerts.records[i].lifecycle, survivorID: nil)
        case .alertClosed(let p):
            guard let r = lifecycleEvent(p.alertID, .close(p.disposition, seizedAt: p.seizedAt), e, ref, mark) else {
                return .skipped
            }
            c.took(r)
        case .alertReopened(let p):
            guard let r = lifecycleEvent(p.alertID, .reopen, e, ref, mark) else { return .skipped }
            c.took(r)
        case .alertProposalAnswered(let p):
            guard let i = alerts.index(forKey: p.alertID) else {
                skip("\(e.type) for unknown alert \(p.alertID)")
                return .skipped
            }
            guard isOwningUnit(decidingDesk(e), of: alerts.records[i]) else {
                skip("\(e.type) for alert \(p.alertID): only the owning unit answers a proposal")
                return .skipped
            }
            let a = AnswerDetails(proposal: p.proposal, accepted: p.accepted, reason: p.reason)
            guard let r = alertEvent(p.alertID, .answer(a), e, ref, mark) else { return .skipped }
            c.took(r)
        case .alertProposalWithdrawn(let p):
            guard let r = alertEvent(p.alertID, .withdraw(of: p.proposal), e, ref, mark) else { return .skipped }
            c.took(r)
        case .alertMerged(let p):
            guard alerts.index(forKey: p.alertID) != nil else {
                skip("\(e.type) into unknown alert \(p.alertID)")
                return .skipped
            }
            guard let r = alertEvent(p.duplicateID, .merge(into: p.alertID), e, ref, mark, survivor: p.alertID)
            else { return .skipped }
            c.took(r)
            _ = alertEvent(p.alertID, .linked, e, ref, mark)
        case .alertActionUndone(let p):
            guard let i = alerts.index(forKey: p.alertID) else {
                skip("\(e.type) for unknown alert \(p.alertID)")
                return .skipped
            }
            if p.undoneType == EventType.alertNoteAdded {
                if let n = alerts.records[i].notes.firstIndex(where: { $0.eventID == p.undoes }) {
                    alerts.records[i].notes[n].retracted = true
                }
                _ = alertEvent(p.alertID, .undoNote, e, ref, mark)
            } else {
                let details = UndoDetails(undoes: p.undoes, restored: p.restored)
                guard let r = alertEvent(p.alertID, .undo(details), e, ref, mark) else { return .skipped }
                c.took(r)
            }
            if let s = p.survivorID, alerts.index(forKey: s) != nil { _ = alertEvent(s, .linked, e, ref, mark) }
            lastActions[e.actor] = nil
        case .verificationOpened(let p):
            guard verifications[p.requestID] == nil else {
                skip("verification \(p.requestID) already opened")
                return .skipped
            }
            var v = VerificationRequest(
                id: p.requestID, direction: p.direction, counterpart: p.counterpart, subject: p.subject,
                reference: p.reference, linkedAlert: p.linkedAlert, unit: p.unit, routedVia: p.routedVia,
                caseDate: p.caseDate, openedAt: p.openedAt, dueAt: p.due, answeredAt: nil, answerSummary: nil,
                closedAt: nil, closeOutcome: nil, status: .open, timeline: [ref])
            let (origin, oseq) = place(e)
            v.ops = [
                RequestOp(
                    action: .opened, stamp: Stamp(origin: origin, depth: 0, oseq: oseq, seenLocal: 0, seenOthers: nil))
            ]
            verifications[p.requestID] = v
            if let n = Self.number(p.requestID, prefix: "V-"), n > maxVerificationNumber { maxVerificationNumber = n }
            countDeskRequest(p.requestID)
            c.deadlines = [.verificationDue]
        case .verificationReplied(let p):
            guard requestEvent(p.requestID, .replied(summary: p.summary), e, ref, mark) else { return .skipped }
            c.deadlines = [.verificationDue]
        case .verificationClosed(let p):
            guard requestEvent(p.requestID, .closed(outcome: p.outcome), e, ref, mark) else { return .skipped }
            c.deadlines = [.verificationDue]
        case .focalOfficerNominated(let p):
            if let replaced = nominations[p.unit] { earlierNominations[p.unit, default: []].append(replaced) }
            nominations[p.unit] = FocalOfficerNomination(
                unit: p.unit, name: p.name, position: p.position, phone: p.phone,
                email: p.email, nominatedAt: e.at, eventID: e.id)
            c.nominationsChanged = true
            c.deadlines = [.focalOfficerNominations, .focalOfficerNomination]
        case .reportSubmitted(let p):
            let r = SubmittedReport(
                eventID: e.id, kind: p.kind, unit: p.unit, alertID: p.alertID, day: p.day,
                reference: p.reference, submittedAt: e.at, actor: e.actor)
            reports.append(r)
            c.reportsChanged = true
            switch p.kind {
            case .rapid:
                if let a = p.alertID, rapidReports[a] == nil { rapidReports[a] = r }
                c.deadlines = [.rapidReport]
            case .daily:
                if let d = p.day, dailyReports[d] == nil { dailyReports[d] = r }
                c.deadlines = [.dailyUpdate]
            case .final:
                if finalReport == nil { finalReport = r }
                c.deadlines = [.finalReport]
            }
        // Desks and drill clocks (issue 10; Desk.swift).
        case .deskConfigured(let p):
            guard applyDeskConfigured(p, origin: e.origin) else { return .skipped }
            if e.origin == nil { ownLocalAlerts(p.desk) }
        case .deskKeyed(let p):
            guard applyDeskKeyed(p, origin: e.origin) else { return .skipped }
        case .alertSharingChanged(let p):
            guard let i = alerts.index(forKey: p.alertID) else {
                skip("\(e.type) for unknown alert \(p.alertID)")
                return .skipped
            }
            let byOwner = isOwningUnit(e.origin?.desk ?? desk?.desk ?? "", of: alerts.records[i])
            guard alertEvent(p.alertID, .share(p.level, byOwner: byOwner), e, ref, mark) != nil else { return .skipped }
        case .drillStarted(let p):
            drillClock = p
        // The desk's network bookkeeping (issue 11; Network.swift).
        case .networkPulled, .networkPushed, .networkLink, .networkQuarantined:
            network.apply(event, at: e.at)
            c.networkChanged = true
        case .shiftHandedOver, .shiftHandoverRead:
            guard applyHandover(event, e) else {
                skip("\(e.type) of an unknown or already read handover")
                return .skipped
            }
            c.handoversChanged = true
        }
        appliedCount += 1
        return c
    }

    // MARK: internals

    mutating func skip(_ reason: String) {
        skippedCount += 1
        lastSkipReason = reason
    }

    /// This log's desk index and seq for the record `e` (its origin's, for a record another
    /// desk decided).
    private mutating func place(_ e: RecordedEvent) -> (Int32, Int) {
        guard let o = e.origin else { return (0, e.seq) }
        let i = origins.intern(o.desk)
        return (i, i == 0 ? e.seq : o.seq)
    }

    /// A seen mark with desk codes as this state's origin indexes.
    private mutating func indexed(_ mark: SeenMark?) -> SeenIndexes? {
        guard let mark else { return nil }
        var out = SeenIndexes()
        for (code, seq) in mark.seqs {
            let i = origins.intern(code)
            if i == 0 {
                out.local = max(out.local, seq)
            } else {
                out.others[i] = max(out.others[i] ?? 0, seq)
            }
        }
        return out
    }

    /// Adds event `e` to request `id`'s history and applies the request rules
    /// (`VerificationRequest.step`), re-applying them in canonical order when it arrived
    /// out of it (as `alertEvent` does). False when skipped.
    private mutating func requestEvent(
        _ id: String, _ action: RequestOp.Action, _ e: RecordedEvent, _ ref: EventRef, _ mark: SeenMark?
    ) -> Bool {
        guard var v = verifications[id] else {
            skip("\(e.type) for unknown request \(id)")
            return false
        }
        verifications[id] = nil  // edited out of the table: no copy of the request's arrays
        defer { verifications[id] = v }
        let (origin, oseq) = place(e)
        let stamp = v.ops.stamp(origin: origin, oseq: oseq, mark: indexed(mark))
        let inOrder = v.ops.allSatisfy { precedes($0.stamp, stamp, origins) }
        v.ops.append(RequestOp(action: action, stamp: stamp))
        v.timeline.append(ref)
        if inOrder {
            if let why = v.step(v.ops.count - 1, origins) {
                skip(why)
                return false
            }
        } else {
            v.refold(origins)
        }
        return true
    }

    /// `alertEvent` for a lifecycle action: a proposal when the deciding desk is not of the
    /// alert's owning unit (`owned`; issue 11, item 5).
    private mutating func lifecycleEvent(
        _ id: String, _ action: AlertOp.Action, _ e: RecordedEvent, _ ref: EventRef, _ mark: SeenMark?
    ) -> Reindexed? {
        guard let i = alerts.index(forKey: id) else {
            skip("\(e.type) for unknown alert \(id)")
            return nil
        }
        return alertEvent(id, owned(action, i, e), e, ref, mark)
    }

    /// Adds event `e` (`action`, decided with `mark`) to alert `id`'s history and applies
    /// the lifecycle rules (`AlertRecord.step`): at once when it comes last in the alert's
    /// canonical order — always so for this log's own records — else by re-applying the
    /// rules to the whole history in canonical order (`AlertRecord.refold`), so the result
    /// does not depend on arrival order. Records the undo point and keeps the indexes.
    /// Returns what the indexes say changed, or nil when the event was skipped (unknown
    /// alert, or an old record that cannot apply; `skippedCount`).
    @discardableResult
    private mutating func alertEvent(
        _ id: String, _ action: AlertOp.Action, _ e: RecordedEvent, _ ref: EventRef, _ mark: SeenMark?,
        survivor: String? = nil
    ) -> Reindexed? {
        guard let i = alerts.index(forKey: id) else {
            skip("\(e.type) for unknown alert \(id)")
            return nil
        }
        let (origin, oseq) = place(e)
        let m = indexed(mark)
        let stamp = alerts.records[i].ops.stamp(origin: origin, oseq: oseq, mark: m)
        // An event that changes no lifecycle never needs the rules re-applied.
        let inOrder = action.isInert || alerts.records[i].ops.allSatisfy { precedes($0.stamp, stamp, origins) }
        alerts.records[i].ops.append(AlertOp(action: action, idHash: AlertOp.hash(id: e.id), stamp: stamp))
        alerts.records[i].timeline.append(ref)
        let k = alerts.records[i].ops.count - 1
        let before = alerts.records[i].lifecycle
        if case .share = action {
            // A sharing level is not a lifecycle change: no undo point, no index changes.
            if inOrder {
                if case .skipped(let why) = alerts.records[i].step(k, origins) {
                    skip(why)
                    return nil
                }
            } else {
                refoldKeepingUndoPoints(i, id)
            }
            return Reindexed(deadlines: [], linked: nil)
        }
        if inOrder {
            switch alerts.records[i].step(k, origins) {
            case .none: return Reindexed(deadlines: [], linked: nil)
            case .conflict:
                lastActions[e.actor] = LastAction(
                    eventID: e.id, type: e.type, alertID: id, before: before, survivorID: survivor, undoable: false)
                return Reindexed(deadlines: [], linked: nil)
            case .skipped(let why):
                skip(why)
                lastActions[e.actor] = LastAction(
                    eventID: e.id, type: e.type, alertID: id, before: before, survivorID: survivor, undoable: false)
                return nil
            case .changed(let b):
                lastActions[e.actor] = LastAction(
                    eventID: e.id, type: e.type, alertID: id, before: b, survivorID: survivor)
            }
        } else {
            if !action.isInert {
                lastActions[e.actor] = LastAction(
                    eventID: e.id, type: e.type, alertID: id, before: before, survivorID: survivor, undoable: false)
            }
            refoldKeepingUndoPoints(i, id)
        }
        return reindex(
            id, before: before, after: alerts.records[i].lifecycle, hasETA: alerts.records[i].details.eta != nil,
            receivedAt: alerts.records[i].details.receivedAt)
    }

    /// Re-applies the rules to alert `id` (at `i`) in canonical order; each officer's last
    /// action on it follows the rules' new outcome: an undo point while it changed the
    /// lifecycle (with what it was before), none else.
    private mutating func refoldKeepingUndoPoints(_ i: Int, _ id: String) {
        let befores = alerts.records[i].refold(origins)
        for (officer, last) in lastActions where last.alertID == id && last.type != EventType.alertNoteAdded {
            let h = AlertOp.hash(id: last.eventID)
            guard let j = alerts.records[i].ops.firstIndex(where: { $0.idHash == h }) else { continue }
            if let b = befores[j] {
                lastActions[officer]?.before = b
                lastActions[officer]?.undoable = true
            } else {
                lastActions[officer]?.undoable = false
            }
        }
    }

    /// Keeps `awaitingAcknowledgement`, `openWithETA` and `seizures` in step with a change
    /// of lifecycle, touching only the indexes whose membership changes. Returns the kinds
    /// of deadline those indexes feed that may have changed (acknowledgement, ETA, rapid
    /// report: the only deadlines an alert's lifecycle decides) and the other alert whose
    /// list of duplicates changed, if any.
    @discardableResult
    private mutating func reindex(
        _ id: String, before: AlertLifecycle, after l: AlertLifecycle, hasETA: Bool,
        receivedAt: RFC3339Timestamp
    ) -> Reindexed {
        var kinds: DeadlineKinds = []
        var linked: String?
        if before.status != l.status {
            countByStatus[Self.statusSlot(before.status)] -= 1
            countByStatus[Self.statusSlot(l.status)] += 1
        }
        let wasWaiting = before.status == .received
        let isWaiting = l.status == .received
        if wasWaiting != isWaiting {
            if isWaiting { awaitingAcknowledgement.insert(id) } else { awaitingAcknowledgement.remove(id) }
            kinds.insert(.acknowledgement)
        }
        if hasETA {
            let wasOpen = before.status != .closed
            let isOpen = l.status != .closed
            if wasOpen != isOpen {
                if isOpen { openWithETA.insert(id) } else { openWithETA.remove(id) }
                kinds.insert(.alertETA)
            }
        }
        var wasSeized = false
        var isSeized = false
        if before.status == .closed, case .seized? = before.disposition { wasSeized = true }
        if l.status == .closed, case .seized? = l.disposition { isSeized = true }
        if isSeized {
            seizures[id] = l.seizedAt ?? l.closedAt ?? receivedAt
        } else if wasSeized {
            seizures.removeValue(forKey: id)
        }
        if isSeized || wasSeized { kinds.insert(.rapidReport) }
        // Keep the survivor's list of duplicates in step with `mergedInto` (merge, close as
        // duplicate_of, reopen, undo).
        if before.mergedInto != l.mergedInto {
            if let old = before.mergedInto, let j = alerts.index(forKey: old) {
                alerts.records[j].duplicates.removeAll { $0 == id }
                linked = old
            }
            if let new = l.mergedInto, let j = alerts.index(forKey: new), !alerts.records[j].duplicates.contains(id) {
                alerts.records[j].duplicates.append(id)
                linked = new
            }
        }
        return Reindexed(deadlines: kinds, linked: linked)
    }

    /// What `reindex` found changed besides the alert itself.
    struct Reindexed {
        var deadlines: DeadlineKinds
        /// The alert whose `duplicates` gained or lost the alert (close as duplicate,
        /// reopen or undo of a duplicate).
        var linked: String?
    }

    private mutating func insertOrdered(id: String, priority: Priority, receivedAt: RFC3339Timestamp) {
        order.insert(id: id, rank: priority.rank, key: receivedAt.epochNanoseconds)
    }

    static func number(_ id: String, prefix: String) -> Int? {
        guard id.hasPrefix(prefix) else { return nil }
        return Int(id.dropFirst(prefix.count))
    }
}

extension StateChange {
    /// Takes in what a lifecycle change did to the indexes: the deadline kinds, and the
    /// linked alert as the second subject when the event does not already name it.
    fileprivate mutating func took(_ r: CampaignState.Reindexed) {
        deadlines = r.deadlines
        guard let l = r.linked, l != subjects.alertID, l != subjects.otherAlertID else { return }
        if subjects.otherAlertID == nil { subjects.otherAlertID = l }
    }
}

extension RFC3339Timestamp {
    /// This instant plus `seconds`, keeping the offset.
    public func adding(seconds: Int) -> RFC3339Timestamp {
        RFC3339Timestamp(
            epochNanoseconds: epochNanoseconds + Int64(seconds) * 1_000_000_000, offsetSeconds: offsetSeconds)
    }
    /// The same instant shown at `offsetSeconds`.
    public func at(offset offsetSeconds: Int32) -> RFC3339Timestamp {
        RFC3339Timestamp(epochNanoseconds: epochNanoseconds, offsetSeconds: offsetSeconds)
    }
}

/// Every alert by id: the records in one array (in arrival order) and an index from id
/// to position. Read like a dictionary (`alerts[id]`, `values`, `keys`, `count`, iterating
/// `(key, value)` pairs); alerts are never removed. A `[String: AlertRecord]` kept each
/// 216-byte record in a hash table at most 75 % full and sized in powers of two: about
/// 120 MB for 293k alerts against about 75 MB this way (issue 6, item 6).
public struct AlertTable: Sendable, Equatable, Sequence {
    public typealias Element = (key: String, value: AlertRecord)
    /// The records, in the order they were first stored.
    var records: [AlertRecord] = []
    private var slots: [String: Int32] = [:]

    public init() {}

    public var count: Int { records.count }
    public var isEmpty: Bool { records.isEmpty }
    /// Every alert, in arrival order (or snapshot order after a warm start).
    public var values: [AlertRecord] { records }
    /// Every alert id, in no particular order.
    public var keys: Dictionary<String, Int32>.Keys { slots.keys }

    /// The alert with `id`, or nil. Setting stores or replaces it (nil is ignored:
    /// alerts are facts and are never removed).
    public subscript(id: String) -> AlertRecord? {
        get { slots[id].map { records[Int($0)] } }
        set {
            guard let newValue else { return }
            if let i = slots[id] {
                records[Int(i)] = newValue
                return
            }
            slots[id] = Int32(records.count)
            records.append(newValue)
        }
    }

    /// Position of `id` in `records` (for in-place changes), or nil.
    func index(forKey id: String) -> Int? { slots[id].map(Int.init) }

    mutating func reserveCapacity(_ n: Int) {
        records.reserveCapacity(n)
        slots.reserveCapacity(n)
    }

    public func makeIterator() -> AnyIterator<Element> {
        var i = records.makeIterator()
        return AnyIterator { i.next().map { ($0.id, $0) } }
    }

    /// Equal when they hold the same alerts, whatever the order they were stored in.
    public static func == (a: AlertTable, b: AlertTable) -> Bool {
        a.count == b.count && a.records.allSatisfy { b[$0.id] == $0 }
    }
}

/// Alert ids in four priority buckets, each ordered by received time then id. Alerts
/// usually arrive in order and are appended in O(1); one older than the bucket's last
/// (an import of past tips) is appended too and marks the bucket unsorted, and the
/// bucket is sorted when read. Inserting in place instead cost a move of the whole
/// bucket per older alert, quadratic for a large import of past tips. Two orders are
/// equal when their sorted buckets are.
struct PriorityOrder: Sendable, Equatable {
    private(set) var ids: [[String]] = [[], [], [], []]
    private(set) var keys: [[Int64]] = [[], [], [], []]
    private(set) var sorted: [Bool] = [true, true, true, true]

    mutating func insert(id: String, rank r: Int, key: Int64) {
        if sorted[r], let lastKey = keys[r].last, let lastID = ids[r].last,
            lastKey > key || (lastKey == key && lastID > id)
        {
            sorted[r] = false
        }
        keys[r].append(key)
        ids[r].append(id)
    }

    mutating func reserve(rank r: Int, _ n: Int) {
        ids[r].reserveCapacity(n)
        keys[r].reserveCapacity(n)
    }

    /// Bucket `r` in (received time, id) order.
    func bucket(_ r: Int) -> [String] {
        if sorted[r] { return ids[r] }
        let k = keys[r]
        let i = ids[r]
        return k.indices.sorted { (k[$0], i[$0]) < (k[$1], i[$1]) }.map { i[$0] }
    }

    /// The last (key, id) appended to bucket `r`.
    func last(rank r: Int) -> (key: Int64, id: String)? {
        guard let key = keys[r].last, let id = ids[r].last else { return nil }
        return (key, id)
    }

    static func == (a: PriorityOrder, b: PriorityOrder) -> Bool {
        (0..<4).allSatisfy { a.bucket($0) == b.bucket($0) }
    }
}

/// A stored event with its payload decoded into a `DomainEvent` (or the reason it could
/// not be), so decoding can run on other threads than the fold: the dashboard's start-up
/// decodes one batch while it folds the previous one (issue 6, item 2). The record's
/// JSON payload is dropped once decoded (`.null`), except for unknown event types.
public struct DecodedEvent: Sendable {
    public var record: RecordedEvent
    public var event: Result<DomainEvent, DomainError>
    /// The payload's seen mark, read before the payload is dropped.
    public var seen: SeenMark?

    public init(_ record: RecordedEvent) {
        seen = SeenMark(payload: record.payload)
        var r = record
        do throws(DomainError) {
            try TimeRules.check(record.at, field: "ts")
            let e = try DomainEvent(type: record.type, payload: record.payload)
            if case .unknown = e {} else { r.payload = .null }
            event = .success(e)
        } catch {
            event = .failure(error)
        }
        self.record = r
    }
}

/// Keeps one copy of each repeated text of the projection (officer ids, place, species,
/// commodity and unit names) so a million events do not hold a million copies: part of
/// the memory budget of issue 6, item 6 (≤ 600 MB with 1M events). Strings of up to 15
/// UTF-8 bytes are stored inline by Swift and are passed through. At most `capacity`
/// distinct texts are kept; later ones pass through unshared. Equality ignores the pool.
struct StringPool: Sendable, Equatable {
    private var table: Set<String> = []
    static let capacity = 65_536

    mutating func intern(_ s: String) -> String {
        if s.utf8.count <= 15 { return s }
        if let i = table.firstIndex(of: s) { return table[i] }
        if table.count < Self.capacity { table.insert(s) }
        return s
    }

    mutating func intern(_ s: String?) -> String? { s.map { intern($0) } }

    static func == (_: StringPool, _: StringPool) -> Bool { true }
}

extension AlertDetails {
    /// The details with their categorical texts (commodity, species, units, nationality,
    /// place, unit code) shared through `pool`. Subjects, names and references are left
    /// as they are: they rarely repeat.
    func interned(_ pool: inout StringPool) -> AlertDetails {
        var d = self
        d.commodity = pool.intern(d.commodity)
        for i in d.species.indices {
            d.species[i].scientificName = pool.intern(d.species[i].scientificName)
        }
        for i in d.quantity.indices { d.quantity[i].unit = pool.intern(d.quantity[i].unit) }
        for i in d.persons.indices { d.persons[i].nationality = pool.intern(d.persons[i].nationality) }
        if let l = d.location { d.location = AlertLocation(kind: l.kind, name: pool.intern(l.name)) }
        d.responsibleUnit = pool.intern(d.responsibleUnit)
        return d
    }
}
