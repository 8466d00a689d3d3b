import DutyDeskJSON

/// What an officer asks for. `decide` turns a command into events or a reason to refuse.
public enum Command: Sendable, Hashable {
    /// Record a new alert. `alertID` nil: the next free id of the log's desk
    /// (`CampaignState.nextAlertID`: `HQLS-0042`, or `A-0042` without a desk); `sharing`: its
    /// sharing level (TLP 2.0, issue 11 item 4; default `amber`).
    case receiveAlert(AlertDetails, alertID: String? = nil, sharing: SharingLevel = .standard)
    /// Take ownership of a received alert.
    case acknowledge(alertID: String)
    case assign(alertID: String, to: Assignee)
    case escalate(alertID: String, to: EscalationTarget, reason: String? = nil)
    /// The desk's own escalation of an alert left unacknowledged through the campaign's
    /// reminders (issue 13, item 1; decision 0017), decided with the actor `system` at the
    /// instant `CampaignState.nextSelfEscalation` names or later. Refused for any other actor
    /// (`selfEscalationBySystemOnly`), when the campaign sets none (`selfEscalationOff`), for an
    /// acknowledged alert (`alreadyAcknowledged`), outside the owning unit (`selfEscalationOutsideUnit`),
    /// at the top of the ladder (`alreadyEscalated`) and before it is due (`selfEscalationNotDue`).
    /// Gives one `alert.escalated` per level due at now (both, for a desk that was not
    /// running when the second fell due).
    case selfEscalate(alertID: String)
    /// Put an acknowledged alert aside until `until` (after now); it returns to the queue then.
    case snooze(alertID: String, until: RFC3339Timestamp)
    case addNote(alertID: String, text: String)
    /// Close an acknowledged alert. `seizedAt`: the instant of a seizure as the officer
    /// entered it (only with `.seized`; not after now; nil: now, recorded as such), the
    /// time the rapid report states and its deadline counts from (letter 4237, item 8).
    case close(alertID: String, disposition: Disposition, seizedAt: RFC3339Timestamp? = nil)
    case reopen(alertID: String, reason: String)
    /// Close `duplicate` as a duplicate of `into` and link them.
    case merge(duplicate: String, into: String)
    /// Undo the actor's last alert action with a compensating `alert.action_undone`.
    case undo
    /// `undo`, refused with `DomainError.lastActionElsewhere` unless the actor's last
    /// action was on `alertID` (for a merge: the duplicate or the survivor). The command
    /// line's `alert undo ID`: the officer names the alert they mean to undo on.
    case undoOn(alertID: String)
    /// Open a verification request. `requestID` nil: the next free id of the log's desk
    /// (`CampaignState.nextRequestID`: `HQLS-V0007`, or `V-0007` without a desk); `due` nil:
    /// opened + the campaign's default answer time (practice: 7 days); `openedAt` nil: now.
    case openVerification(
        direction: VerificationDirection, counterpart: String, subject: String,
        reference: String? = nil, linkedAlert: String? = nil, unit: String? = nil,
        caseDate: RFC3339Timestamp? = nil, openedAt: RFC3339Timestamp? = nil,
        due: RFC3339Timestamp? = nil, requestID: String? = nil)
    case replyVerification(requestID: String, summary: String)
    case closeVerification(requestID: String, outcome: String? = nil)
    /// Record a unit's focal officer (letter item 9); a later nomination replaces it (the
    /// earlier ones stay in `CampaignState.earlierNominations`). `phone` must be a Vietnamese
    /// mobile or landline number as written (`PhoneNumber`; refused with
    /// `DomainError.badPhone`); it is stored in the national form, `0912345678`.
    case nominateFocalOfficer(unit: String, name: String, position: String, phone: String, email: String? = nil)
    /// Record a report as submitted: rapid (names the alert), daily (names the day
    /// `yyyy-MM-dd`, default today in the campaign zone) or final.
    case submitReport(
        kind: ReportKind, unit: String? = nil, alertID: String? = nil, day: String? = nil, reference: String? = nil)
    // Desks and drill clocks (issue 10; Desk.swift).
    /// Record the desk the log belongs to: the campaign unit `unit` and the desk code
    /// (`DeskCode.isValid`; nil: the unit code), with the desk's name for people and its
    /// Ed25519 public key (standard base64) when given. Refused when the log already has a desk.
    case configureDesk(unit: String, desk: String? = nil, name: String? = nil, publicKey: String? = nil)
    /// Record the public key (standard base64 of 32 bytes) of the log's desk, configured
    /// before desk keys (`desk.keyed`; issue 11). Refused without a desk, and when the desk
    /// already has a key.
    case keyDesk(publicKey: String)
    /// Record the drill clock: the drill instant `drillAt` at the real instant `realAt`.
    case startDrill(drillAt: RFC3339Timestamp, realAt: RFC3339Timestamp)
    /// Set an alert's sharing level (issue 11, item 4), open or closed. The owning unit (the
    /// unit of `AlertRecord.ownerDesk`) may set any level; any other desk only a narrower one
    /// (`DomainError.sharingWidenedByOther`); the same level is refused (`sharingUnchanged`).
    /// The acting officer is `decide`'s `actor`, as for every command.
    case changeSharing(alertID: String, level: SharingLevel)
    /// Accept or decline a proposal on an alert (issue 11, item 5; Proposals.swift): `proposal`
    /// is its number on the alert (`1`, `#1`, `P1`) or its event id. Only a desk of the owning
    /// unit answers (`DomainError.notOwningUnit`), an open proposal only (`proposalNotOpen`);
    /// `reason` (a decline's, optional) must not be blank when given. Accepting applies the
    /// proposed action as this desk's own (`alert.proposal_answered`, `accepted: true`).
    case answerProposal(alertID: String, proposal: String, accept: Bool, reason: String? = nil)
    /// Withdraw a proposal this desk made (`alert.proposal_withdrawn`): refused for another
    /// desk's proposal (`notYourProposal`) and for one no longer open (`proposalNotOpen`).
    case withdrawProposal(alertID: String, proposal: String)
    /// End the actor's shift with a handover (issue 13, item 8; Handover.swift): `note` (not
    /// blank) and what the projection holds open at `now` — unacknowledged alerts, the
    /// actor's own open alerts, snoozed alerts, overdue campaign deadlines.
    case handOver(note: String)
    /// Mark the handover `handoverID` (its event id) read: refused for an unknown one
    /// (`noHandover`), one already read (`handoverAlreadyRead`) and the actor's own
    /// (`ownHandover`: the next officer reads it).
    case readHandover(handoverID: String)
}

/// Decides a command against the current state: the events to append, or the reason
/// it is refused. Pure: the clock is `now`, event ids come from `newID`.
/// - Parameters:
///   - actor: the officer id acting (becomes the owner on acknowledgement).
///   - now: the current instant (from the injected clock).
/// - Returns: events in the order to append, or the `DomainError` reason it is refused,
///   e.g. `.alertClosed("A-0042")` (rendered with `DomainError.text(_:)` in the officer's language).
public func decide(
    _ command: Command, state: CampaignState, actor: String, now: RFC3339Timestamp,
    newID: () -> String
) -> Result<[ProposedEvent], DomainError> {
    do throws(DomainError) {
        return .success(try Decider(state: state, actor: actor, now: now).decide(command, newID: newID))
    } catch {
        return .failure(error)
    }
}

/// Decides the undo of `actions`: the actor's own actions, each as the projection recorded it
/// when it was applied (`CampaignState.lastActions` read right after the event's record was
/// applied), in the order to undo them. One compensating `alert.action_undone` per action, in
/// that order, to append as one batch; or the first refusal: `.nothingToUndo` for an action the
/// rules took as a conflict (it changed nothing), `.undoOutdated` when a later change followed
/// it on its alert, `.noteAlreadyRetracted`. The rules are `Command.undo`'s, which undoes the
/// actor's last action only; this is the dashboard's undo stack and the undo of a bulk action,
/// one event per alert (issue 13, items 5 and 6). Pure, like `decide`.
public func decideUndo(
    of actions: [LastAction], state: CampaignState, actor: String, now: RFC3339Timestamp,
    newID: () -> String
) -> Result<[ProposedEvent], DomainError> {
    do throws(DomainError) {
        let d = Decider(state: state, actor: actor, now: now)
        try d.validateActor()
        try TimeRules.check(now, field: "the clock (now)")
        var out: [ProposedEvent] = []
        for last in actions {
            let e = try d.undo(last)
            out.append(ProposedEvent(e, id: newID(), seen: state.seenMark(for: e)))
        }
        return .success(out)
    } catch {
        return .failure(error)
    }
}

/// The id of the alert numbered `number` in a log without a desk: `A-` and the number,
/// zero-padded to four digits (`A-0042`, `A-12345`). A log with a desk numbers its own
/// (`CampaignState.alertID(number:)`: `HQLS-0042`); `decide` mints `CampaignState.nextAlertID`.
public func alertID(number: Int) -> String { Decider.format("A-", number) }

/// The first line break or other control character of `s` (C0 but tab, DEL, C1, U+2028,
/// U+2029), written `U+000A`; nil when there is none. An officer id, recorded as the actor
/// of every record and shown on every screen, is refused with it.
public func firstControlCharacter(in s: String) -> String? {
    firstScalar(in: s) { v in (v < 0x20 && v != 0x09) || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 }
}

/// The first line break of `s` (LF, VT, FF, CR, NEL, U+2028, U+2029), written `U+000A`; nil
/// when there is none. An alert subject is one line (a list row): one with a line break is
/// refused. Other control characters are kept and shown as visible markers on screen.
public func firstLineBreak(in s: String) -> String? {
    firstScalar(in: s) { v in (0x0A...0x0D).contains(v) || v == 0x85 || v == 0x2028 || v == 0x2029 }
}

private func firstScalar(in s: String, where test: (UInt32) -> Bool) -> String? {
    for u in s.unicodeScalars where test(u.value) {
        let hex = String(u.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
    return nil
}

struct Decider {
    let state: CampaignState
    let actor: String
    let now: RFC3339Timestamp
    var campaign: Campaign { state.campaign }

    func alert(_ id: String) throws(DomainError) -> AlertRecord {
        guard let a = state.alerts[id] else { throw .noAlert(id) }
        return a
    }
    func open(_ id: String) throws(DomainError) -> AlertRecord {
        let a = try alert(id)
        if a.lifecycle.status == .closed {
            if let m = a.lifecycle.mergedInto {
                throw .alertMergedClosed(id, into: m)
            }
            throw .alertClosed(id)
        }
        return a
    }
    func acknowledged(_ id: String, before action: DomainError.AlertAction) throws(DomainError) -> AlertRecord {
        let a = try open(id)
        if a.lifecycle.status == .received {
            throw .notAcknowledged(id, before: action)
        }
        return a
    }
    func nonEmpty(_ s: String, _ what: DomainError.RequiredText) throws(DomainError) -> String {
        let t = s.trimmingSpaces
        if t.isEmpty { throw .empty(what) }
        return t
    }

    static func control(in s: String) -> String? { firstControlCharacter(in: s) }

    /// The acting officer id must be one line of text (it is shown and recorded as is).
    func validateActor() throws(DomainError) {
        if actor.trimmingSpaces.isEmpty { throw .empty(.officerID) }
        if let c = Self.control(in: actor) { throw .officerIDControl(c) }
    }

    func decide(_ typed: Command, newID: () -> String) throws(DomainError) -> [ProposedEvent] {
        func one(_ e: DomainEvent) -> [ProposedEvent] { [ProposedEvent(e, id: newID(), seen: state.seenMark(for: e))] }
        // Bare numbers (`42`) name this desk's alerts and requests (issue 10, item 1).
        let command = state.resolvingIDs(in: typed)
        try validateActor()
        // `now` becomes the record's time: a clock outside the window would write records
        // every reader then refuses (TimeRules).
        try TimeRules.check(now, field: "the clock (now)")
        switch command {
        case .receiveAlert(let d, let alertID, let sharing):
            let id = alertID ?? state.nextAlertID
            if id.trimmingSpaces.isEmpty { throw .emptyAlertID }
            if state.alerts[id] != nil { throw .alertExists(id) }
            try validate(d)
            return one(.alertReceived(AlertReceived(alertID: id, details: d, sharing: sharing)))
        case .changeSharing(let id, let level):
            // Closed alerts too: the level is about the record, not its lifecycle.
            let a = try alert(id)
            if a.sharing == level { throw .sharingUnchanged(id, level: level) }
            if !level.isNarrower(than: a.sharing), !state.mayWidenSharing(of: a) {
                throw .sharingWidenedByOther(
                    id, from: a.sharing, to: level, owner: state.owningUnit(of: a) ?? a.ownerDesk)
            }
            return one(.alertSharingChanged(AlertSharingChanged(alertID: id, level: level)))
        case .answerProposal(let id, let typed, let accept, let reason):
            let a = try alert(id)
            guard let p = state.proposal(typed, of: a) else { throw .noProposal(id, typed) }
            if state.proposes(on: a) { throw .notOwningUnit(id, owner: state.owningUnit(of: a) ?? a.ownerDesk) }
            if p.status != .open { throw .proposalNotOpen(id, number: p.number, status: p.status) }
            var why: String?
            if let r = reason { why = try nonEmpty(r, .declineReason) }
            return one(
                .alertProposalAnswered(
                    AlertProposalAnswered(alertID: id, proposal: p.eventID, accepted: accept, reason: why)))
        case .withdrawProposal(let id, let typed):
            let a = try alert(id)
            guard let p = state.proposal(typed, of: a) else { throw .noProposal(id, typed) }
            if p.desk != state.origins.code(0) { throw .notYourProposal(id, number: p.number, desk: p.desk) }
            if p.status != .open { throw .proposalNotOpen(id, number: p.number, status: p.status) }
            return one(.alertProposalWithdrawn(AlertProposalWithdrawn(alertID: id, proposal: p.eventID)))
        case .acknowledge(let id):
            let a = try open(id)
            if a.lifecycle.status != .received {
                throw .alreadyAcknowledged(id, by: a.lifecycle.owner)
            }
            return one(.alertAcknowledged(AlertAcknowledged(alertID: id)))
        case .assign(let id, let to):
            let a = try acknowledged(id, before: .assign)
            try validate(to)
            if a.lifecycle.assignee == to {
                throw .alreadyAssigned(id, to: to)
            }
            return one(.alertAssigned(AlertAssigned(alertID: id, assignee: to)))
        case .escalate(let id, let target, let reason):
            let a = try acknowledged(id, before: .escalate)
            if a.lifecycle.escalations.contains(target) {
                throw .alreadyEscalated(id, to: target)
            }
            return one(.alertEscalated(AlertEscalated(alertID: id, target: target, reason: reason)))
        case .selfEscalate(let id):
            if actor != CampaignState.systemActor { throw .selfEscalationBySystemOnly }
            guard campaign.selfEscalationAfterReminders != nil else { throw .selfEscalationOff }
            let a = try open(id)
            if a.lifecycle.status != .received { throw .alreadyAcknowledged(id, by: a.lifecycle.owner) }
            if state.proposes(on: a) {
                throw .selfEscalationOutsideUnit(id, owner: state.owningUnit(of: a) ?? a.ownerDesk)
            }
            guard let next = state.nextSelfEscalation(id) else {
                throw .alreadyEscalated(id, to: a.lifecycle.escalations.last ?? .coordinationBoard)
            }
            if now < next.dueAt { throw .selfEscalationNotDue(id, at: campaign.zone.local(next.dueAt)) }
            // Every level due now, lowest first: one record each, in one batch.
            return state.selfEscalations(id, through: now).map { step in
                let e = DomainEvent.alertEscalated(
                    AlertEscalated(alertID: id, target: step.target, afterReminders: step.afterReminders))
                return ProposedEvent(e, id: newID(), seen: state.seenMark(for: e))
            }
        case .snooze(let id, let until):
            _ = try acknowledged(id, before: .snooze)
            try TimeRules.check(until, field: "until")
            if until <= now { throw .snoozeNotInFuture(until: campaign.zone.local(until)) }
            return one(.alertSnoozed(AlertSnoozed(alertID: id, until: until)))
        case .addNote(let id, let text):
            _ = try alert(id)
            return one(.alertNoteAdded(AlertNoteAdded(alertID: id, text: try nonEmpty(text, .note))))
        case .close(let id, let disposition, let seizedAt):
            _ = try acknowledged(id, before: .close)
            try validate(disposition, closing: id)
            if let seizedAt {
                guard case .seized = disposition else { throw .seizureTimeWithoutSeizure }
                try TimeRules.check(seizedAt, field: "seized_at")
                if seizedAt > now { throw .seizureInFuture(at: campaign.zone.local(seizedAt)) }
            }
            // A seizure always records its instant (now when none was entered): a copy of the
            // record on another desk carries that desk's envelope time, the seizure stays one.
            var at = seizedAt
            if case .seized = disposition, at == nil { at = now }
            return one(.alertClosed(AlertClosed(alertID: id, disposition: disposition, seizedAt: at)))
        case .reopen(let id, let reason):
            let a = try alert(id)
            if a.lifecycle.status != .closed {
                throw .notClosed(id, status: a.lifecycle.status)
            }
            return one(.alertReopened(AlertReopened(alertID: id, reason: try nonEmpty(reason, .reopenReason))))
        case .merge(let dup, let into):
            if dup == into { throw .mergeIntoItself(dup) }
            _ = try open(dup)
            let survivor = try alert(into)
            if let m = survivor.lifecycle.mergedInto {
                throw .survivorMerged(into, into: m)
            }
            return one(.alertMerged(AlertMerged(alertID: into, duplicateID: dup)))
        case .undo:
            return one(try undo())
        case .undoOn(let id):
            if let last = state.lastActions[actor], last.alertID != id, last.survivorID != id {
                throw .lastActionElsewhere(alertID: id, lastOn: last.alertID, yourAction: last.type)
            }
            return one(try undo())
        case .openVerification(
            let direction, let counterpart, let subject, let reference, let linkedAlert, let unit, let caseDate,
            let openedAt, let due, let requestID):
            let id = requestID ?? state.nextRequestID
            if state.verifications[id] != nil { throw .requestExists(id) }
            let cp = try nonEmpty(counterpart, .counterpart)
            let subj = try nonEmpty(subject, .subject)
            if let l = linkedAlert, state.alerts[l] == nil { throw .linkedAlertMissing(l) }
            if let u = unit, campaign.unit(u) == nil { throw .unknownUnit(u) }
            if let c = caseDate { try TimeRules.check(c, field: "case_date") }
            let opened = openedAt ?? now
            try TimeRules.check(opened, field: "opened_at")
            if let due { try TimeRules.check(due, field: "due") }
            let dueAt = due ?? opened.adding(seconds: campaign.deadlines.verificationAnswerSeconds)
            // A default due date is computed: near the window's end it can fall outside it, and
            // every reader would refuse the record (TimeRules).
            try TimeRules.check(dueAt, field: "due")
            if dueAt <= opened {
                throw .dueNotAfterOpening(due: campaign.zone.local(dueAt), opened: campaign.zone.local(opened))
            }
            return one(
                .verificationOpened(
                    VerificationOpened(
                        requestID: id, direction: direction, counterpart: cp, subject: subj, reference: reference,
                        linkedAlert: linkedAlert, unit: unit,
                        routedVia: direction == .outgoing ? campaign.focalUnit : nil,
                        caseDate: caseDate, openedAt: opened, due: dueAt)))
        case .replyVerification(let id, let summary):
            guard let v = state.verifications[id] else { throw .noRequest(id) }
            if v.status != .open { throw .requestNotOpen(id, status: v.status) }
            return one(
                .verificationReplied(
                    VerificationReplied(requestID: id, summary: try nonEmpty(summary, .replySummary))))
        case .closeVerification(let id, let outcome):
            guard let v = state.verifications[id] else { throw .noRequest(id) }
            if v.status == .closed { throw .requestAlreadyClosed(id) }
            return one(.verificationClosed(VerificationClosed(requestID: id, outcome: outcome)))
        case .nominateFocalOfficer(let unit, let name, let position, let phone, let email):
            guard let u = campaign.unit(unit) else { throw .unknownUnit(unit) }
            if u.kind != .provincialDepartment {
                throw .notProvincialDepartment(unit)
            }
            let name = try nonEmpty(name, .focalOfficerName)
            let position = try nonEmpty(position, .position)
            // Checked here only: a stored nomination keeps the phone it holds (the fold
            // never refuses one). Stored in the national form (decision 0015).
            let typed = try nonEmpty(phone, .phone)
            guard let national = PhoneNumber.normalised(typed) else { throw .badPhone(PhoneNumber.quotable(typed)) }
            return one(
                .focalOfficerNominated(
                    FocalOfficerNominated(
                        unit: unit, name: name, position: position, phone: national, email: email)))
        case .submitReport(let kind, let unit, let alertID, let day, let reference):
            if let u = unit, campaign.unit(u) == nil { throw .unknownUnit(u) }
            switch kind {
            case .rapid:
                guard let a = alertID else { throw .rapidReportNeedsAlert }
                guard state.seizures[a] != nil else { throw .noSeizureToReport(alertID: a) }
                return one(
                    .reportSubmitted(ReportSubmitted(kind: .rapid, unit: unit, alertID: a, reference: reference)))
            case .daily:
                let d = day ?? campaign.zone.day(now)
                guard
                    campaign.campaignDays.contains(where: {
                        CampaignZone.isoDay(year: $0.year, month: $0.month, day: $0.day) == d
                    })
                else { throw .notCampaignDay(d) }
                return one(.reportSubmitted(ReportSubmitted(kind: .daily, unit: unit, day: d, reference: reference)))
            case .final:
                return one(.reportSubmitted(ReportSubmitted(kind: .final, unit: unit, reference: reference)))
            }
        case .handOver(let note):
            let text = try nonEmpty(note, .handoverNote)
            if text.count > ShiftHandedOver.noteLimit { throw .handoverNoteTooLong(limit: ShiftHandedOver.noteLimit) }
            return one(.shiftHandedOver(state.handover(note: text, by: actor, at: now)))
        case .readHandover(let id):
            guard let h = state.handovers.last(where: { $0.eventID == id }) else { throw .noHandover(id) }
            if let by = h.readBy { throw .handoverAlreadyRead(id, by: by) }
            if h.author == actor { throw .ownHandover(id) }
            return one(.shiftHandoverRead(ShiftHandoverRead(handoverID: id)))
        // Desks and drill clocks (issue 10; Desk.swift).
        case .configureDesk(let unit, let deskCode, let name, let publicKey):
            let code = deskCode ?? unit
            if let d = state.desk { throw .deskAlreadyConfigured(d.desk) }
            if !DeskCode.isValid(code) { throw .badDeskCode(code) }
            if campaign.unit(unit) == nil { throw .unknownUnit(unit) }
            // Without a desk of its own, the directory holds only other desks (issue 11).
            if state.directory[code] != nil { throw .deskCodeTaken(code) }
            return one(.deskConfigured(DeskConfigured(unit: unit, desk: code, name: name, publicKey: publicKey)))
        case .keyDesk(let publicKey):
            guard let d = state.desk else { throw .deskNotConfigured }
            if d.publicKey != nil { throw .deskAlreadyKeyed(d.desk) }
            return one(.deskKeyed(DeskKeyed(publicKey: publicKey)))
        case .startDrill(let drillAt, let realAt):
            try TimeRules.check(drillAt, field: "drill_at")
            try TimeRules.check(realAt, field: "real_at")
            return one(.drillStarted(DrillStarted(drillAt: campaign.zone.local(drillAt), realAt: realAt)))
        }
    }

    func undo() throws(DomainError) -> DomainEvent {
        guard let last = state.lastActions[actor], last.undoable else { throw .nothingToUndo(actor: actor) }
        return try undo(last)
    }

    /// The compensating event of `last`, one of the actor's actions as the projection recorded
    /// it when it was applied (`CampaignState.lastActions`).
    func undo(_ last: LastAction) throws(DomainError) -> DomainEvent {
        guard last.undoable else { throw .nothingToUndo(actor: actor) }
        let a = try alert(last.alertID)
        if last.type == EventType.alertNoteAdded {
            guard let n = a.notes.first(where: { $0.eventID == last.eventID }), !n.retracted else {
                throw .noteAlreadyRetracted(alertID: a.id)
            }
            return .alertActionUndone(
                AlertActionUndone(
                    alertID: a.id, undoes: last.eventID, undoneType: last.type,
                    restored: a.lifecycle))
        }
        if !a.isLastLifecycleChange(last.eventID) {
            throw .undoOutdated(
                alertID: a.id, yourAction: last.type,
                lastChange: a.timeline.last.map { DomainError.Change(type: $0.type, actor: $0.actor) })
        }
        return .alertActionUndone(
            AlertActionUndone(
                alertID: a.id, undoes: last.eventID, undoneType: last.type,
                restored: last.before, survivorID: last.survivorID))
    }

    func validate(_ d: AlertDetails) throws(DomainError) {
        if d.subject.trimmingSpaces.isEmpty { throw .empty(.alertSubject) }
        if let c = firstLineBreak(in: d.subject) { throw .subjectLineBreak(c) }
        try TimeRules.check(d.receivedAt, field: "received_at")
        if let eta = d.eta {
            try TimeRules.check(eta, field: "eta")
            if eta < d.receivedAt {
                throw .etaBeforeReceipt(eta: campaign.zone.local(eta), received: campaign.zone.local(d.receivedAt))
            }
        }
        if d.source.kind == .memberCountry {
            guard let c = d.source.country, Self.isCountryCode(c) else {
                throw .countryCodeNeeded
            }
        }
        if let u = d.responsibleUnit, campaign.unit(u) == nil { throw .unknownUnit(u) }
        for m in d.quantity where !m.isValidAmount {
            throw .badQuantity(m.amount)
        }
        for s in d.species {
            if let app = s.citesAppendix, !["I", "II", "III"].contains(app) {
                throw .badCitesAppendix(app, species: s.scientificName)
            }
        }
        for p in d.persons where p.name.trimmingSpaces.isEmpty { throw .personWithoutName }
    }
    func validate(_ a: Assignee) throws(DomainError) {
        switch a.kind {
        case .unit: if campaign.unit(a.id) == nil { throw .unknownUnit(a.id) }
        case .partner: if campaign.partner(a.id) == nil { throw .unknownPartner(a.id) }
        case .officer:
            // An officer id named as the assignee is shown and recorded like an actor's.
            if a.id.trimmingSpaces.isEmpty { throw .empty(.officerID) }
            if let c = Self.control(in: a.id) { throw .officerIDControl(c) }
        }
    }
    func validate(_ d: Disposition, closing id: String) throws(DomainError) {
        switch d {
        case .seized(let commodity, _, let quantity):
            if commodity.trimmingSpaces.isEmpty { throw .seizureNeedsCommodity }
            if quantity.isEmpty { throw .seizureNeedsQuantity }
            for m in quantity where !m.isValidAmount {
                throw .badQuantity(m.amount)
            }
        case .duplicateOf(let other):
            if other == id { throw .duplicateOfItself(id) }
            guard let target = state.alerts[other] else { throw .noAlert(other) }
            // As for a merge: the alert it duplicates must not itself be a duplicate, so
            // duplicates never form a cycle with no surviving alert.
            if let m = target.lifecycle.mergedInto { throw .survivorMerged(other, into: m) }
        case .referredToPartner(let p):
            if campaign.partner(p) == nil { throw .unknownPartner(p) }
        case .noFinding, .falseAlarm: break
        }
    }

    static func isCountryCode(_ c: String) -> Bool {
        c.utf8.count == 2 && c.utf8.allSatisfy { $0 >= 65 && $0 <= 90 }
    }
    static func format(_ prefix: String, _ n: Int) -> String {
        let s = String(n)
        return prefix + String(repeating: "0", count: max(0, 4 - s.count)) + s
    }
}

extension String {
    /// The string without leading and trailing white space (`Character.isWhitespace`:
    /// spaces, tabs, line ends, no-break and ideographic spaces). The one trimming rule of
    /// the project: the domain decides "empty" with it, and the dashboard's forms and the
    /// import read values with it, so what a form sends is what the domain checks.
    public var trimmingSpaces: String {
        // Most values have nothing to trim: answer from the first and last byte when both
        // are ASCII and not white space.
        let u = utf8
        guard let f = u.first, let l = u.last else { return self }
        func plain(_ c: UInt8) -> Bool { c < 0x80 && c != 0x20 && !(0x09...0x0D).contains(c) }
        if plain(f) && plain(l) { return self }
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
