import DutyDeskJSON

// The alert lifecycle rules of the fold, applied in each alert's canonical order so that
// the projection does not depend on the order events from several desks arrive in
// (issue 10, item 5; docs/decisions/0012-seen-and-conflicts.md).

/// One event in an alert's history as the fold keeps it to re-apply the rules: what it
/// does, its id (hashed), its stamp, and whether it changed the lifecycle the last time
/// the rules ran. `AlertRecord.ops[i]` and `AlertRecord.timeline[i + 1]` are the same event:
/// the receipt (always `timeline[0]`) has no entry, it changes nothing and sees nothing
/// (every alert would otherwise carry one more entry: 30 MB with 1M events).
struct AlertOp: Sendable, Hashable, StampedOp {
    enum Action: Sendable, Hashable {
        case acknowledge
        /// The assignee's id first: an `Assignee` (kind, then id) would pad the case to 24
        /// bytes and every entry to 80 (this layout: 64).
        case assign(id: String, kind: AssigneeKind)
        /// The target and the reason given (`alert.escalated`'s `reason`; issue 13, item 6).
        case escalate(EscalationTarget, reason: String?)
        /// A self-escalation (`alert.escalated` with `after_reminders`; decision 0017): the
        /// target is notified, the alert stays unacknowledged and ownerless.
        case selfEscalate(EscalationTarget, afterReminders: Int)
        case snooze(RFC3339Timestamp)
        case note
        /// The disposition and the seizure instant entered (`alert.closed`'s `seized_at`).
        case close(Disposition, seizedAt: RFC3339Timestamp?)
        case reopen
        /// On the duplicate: closed as a duplicate of the survivor.
        case merge(into: String)
        /// On the other alert of a merge or of an undone merge: no effect of its own.
        case linked
        case undo(UndoDetails)
        case undoNote
        /// A sharing level (`alert.sharing_changed`); `byOwner`: decided by a desk of the
        /// owning unit, which alone may widen it (issue 11, item 4). Never changes the
        /// lifecycle nor an officer's undo point.
        case share(SharingLevel, byOwner: Bool)
        /// A lifecycle action decided by a desk outside the owning unit (issue 11, item 5;
        /// Proposals.swift): kept and listed, changes nothing until the owner accepts it.
        case proposal(ProposalDetails)
        /// The owning unit's answer to a proposal (`alert.proposal_answered`).
        case answer(AnswerDetails)
        /// The proposer's withdrawal of the proposal with this event id (`alert.proposal_withdrawn`).
        case withdraw(of: String)

        /// True for the events that never change the lifecycle.
        var isInert: Bool {
            switch self {
            case .note, .linked, .undoNote: true
            default: false
            }
        }
    }
    var action: Action
    /// Set while the rules run: the event changed the lifecycle. (Declared right after
    /// `action`, in its padding.)
    var applied = false
    /// `AlertOp.hash(id:)` of the event id.
    var idHash: UInt64
    var stamp: Stamp

    init(action: Action, idHash: UInt64, stamp: Stamp, applied: Bool = false) {
        self.action = action
        self.applied = applied
        self.idHash = idHash
        self.stamp = stamp
    }

    /// FNV-1a over the UTF-8 of an event id: stable across runs (it is in snapshots).
    static func hash(id: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in id.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }

    var isShare: Bool {
        if case .share = action { true } else { false }
    }

    var isCloseLike: Bool { action.isCloseLike }
}

extension AlertOp.Action {
    var isCloseLike: Bool {
        switch self {
        case .close, .merge: true
        default: false
        }
    }
}

/// What an undo restores (boxed: rare, and large).
final class UndoDetails: Sendable, Hashable {
    let undoes: String
    let restored: AlertLifecycle
    init(undoes: String, restored: AlertLifecycle) {
        self.undoes = undoes
        self.restored = restored
    }
    static func == (a: UndoDetails, b: UndoDetails) -> Bool {
        a === b || (a.undoes == b.undoes && a.restored == b.restored)
    }
    func hash(into h: inout Hasher) { h.combine(undoes) }
}

/// The outcome of the rules for one event.
enum StepOutcome {
    /// The lifecycle changed; `before` is what it was.
    case changed(before: AlertLifecycle)
    /// Taken as the rules say (`Conflict`), the lifecycle unchanged.
    case conflict
    /// Nothing to do for the lifecycle (a note, the receipt, a linked merge).
    case none
    /// Cannot apply (e.g. an old record acting on a closed alert it had seen closed).
    case skipped(String)
}

extension AlertRecord {
    /// The last event, in canonical order, that the rules applied and that matches `test`.
    func lastApplied(_ origins: OriginTable, where test: (AlertOp) -> Bool) -> Int? {
        ops.lastApplied(origins, where: test)
    }

    /// The timeline entry of history entry `k` (nil: the receipt).
    func ref(_ k: Int?) -> EventRef { timeline[k.map { $0 + 1 } ?? 0] }

    /// Records that entry `k` was taken as `kind` against entry `standing` (nil: the receipt).
    mutating func addConflict(_ kind: Conflict.Kind, _ k: Int, _ standing: Int?) {
        conflicts.append(Conflict(kind: kind, event: ref(k), standing: ref(standing)))
    }

    /// Applies the rules to `ops[k]`, whose canonical predecessors are the ops already
    /// applied (`applied` reflects them). The one place the alert lifecycle rules live
    /// (docs/events.md). A merge reaches the history only when its survivor is known.
    mutating func step(_ k: Int, _ origins: OriginTable) -> StepOutcome {
        let o = ops[k]
        let ref = self.ref(k)
        let type = ref.type
        let before = lifecycle
        func changed() -> StepOutcome {
            ops[k].applied = true
            lastLifecycleIDHash = o.idHash
            return .changed(before: before)
        }
        switch o.action {
        case .linked, .note, .undoNote: return .none
        case .share(let level, let byOwner): return stepSharing(k, level, byOwner: byOwner, origins)
        default: break
        }
        // Proposals, answers and withdrawals (Proposals.swift): an accepted answer goes on as
        // the action it accepts, decided by the owner.
        let action: AlertOp.Action
        switch stepProposal(k, origins) {
        case .success(let a): action = a
        case .failure(.taken): return .conflict
        case .failure(.skipped(let why)): return .skipped(why)
        }
        // An action on a closed alert: a reopen or an undo may act on it; anything else
        // that had not seen the close is kept as a note and does not reopen it.
        if lifecycle.status == .closed {
            switch action {
            case .reopen, .undo: break
            default:
                if let c = lastApplied(origins, where: { self.acts($0).isCloseLike }), !o.stamp.saw(ops[c].stamp) {
                    addConflict(.afterClose, k, c)
                    return .conflict
                }
                return .skipped("\(type) for alert \(id) that is closed")
            }
        }
        switch action {
        case .linked, .note, .undoNote, .share, .proposal, .answer, .withdraw:
            return .none
        case .acknowledge:
            guard lifecycle.status == .received else {
                // Ack means ownership: the first owner keeps it, the other is also working.
                let p =
                    lastApplied(origins) {
                        switch self.acts($0) {
                        case .acknowledge, .reopen: true
                        default: false
                        }
                    } ?? lastApplied(origins) { !$0.isShare }
                addConflict(.alsoWorking, k, p)
                if ref.actor != lifecycle.owner, !alsoWorking.contains(ref.actor) { alsoWorking.append(ref.actor) }
                return .conflict
            }
            lifecycle.status = .acknowledged
            lifecycle.owner = ref.actor
            lifecycle.acknowledgedAt = ref.at
            lifecycle.snoozedUntil = nil
            return changed()
        case .assign(let assigneeID, let kind):
            let to = Assignee(kind: kind, id: assigneeID)
            if lifecycle.assignee != nil,
                let p = lastApplied(origins, where: { if case .assign = self.acts($0) { true } else { false } }),
                !o.stamp.saw(ops[p].stamp)
            {
                addConflict(.assignment, k, p)
                return .conflict
            }
            if !keepsEscalated(o, origins) { lifecycle.status = .assigned }
            lifecycle.assignee = to
            takeOwnerIfNone(ref)
            return changed()
        case .escalate(let target, _):
            lifecycle.status = .escalated
            if !lifecycle.escalations.contains(target) { lifecycle.escalations.append(target) }
            takeOwnerIfNone(ref)
            return changed()
        case .selfEscalate(let target, _):
            // The level is reached whatever happened meanwhile (an acknowledgement it had not
            // seen keeps its owner and status); a second one to the same level adds nothing.
            guard !lifecycle.escalations.contains(target) else { return .none }
            lifecycle.escalations.append(target)
            return changed()
        case .snooze(let until):
            if let current = lifecycle.snoozedUntil,
                let p = lastApplied(origins, where: { if case .snooze = self.acts($0) { true } else { false } }),
                !o.stamp.saw(ops[p].stamp)
            {
                // Two snoozes that did not see each other: the earlier return time stands.
                guard until < current else {
                    addConflict(.snooze, k, p)
                    return .conflict
                }
                // This one returns earlier: it stands, the other is the one set aside.
                addConflict(.snooze, p, k)
                lifecycle.snoozedUntil = until
                return changed()
            }
            lifecycle.snoozedUntil = until
            return changed()
        case .close(let d, let seizedAt):
            lifecycle.status = .closed
            lifecycle.disposition = d
            lifecycle.closedAt = ref.at
            lifecycle.seizedAt = seizedAt
            lifecycle.snoozedUntil = nil
            if case .duplicateOf(let other) = d { lifecycle.mergedInto = other }
            return changed()
        case .merge(let into):
            lifecycle.status = .closed
            lifecycle.disposition = .duplicateOf(into)
            lifecycle.closedAt = ref.at
            lifecycle.seizedAt = nil
            lifecycle.mergedInto = into
            lifecycle.snoozedUntil = nil
            return changed()
        case .reopen:
            guard lifecycle.status == .closed else {
                if let p = lastApplied(origins, where: { if case .reopen = self.acts($0) { true } else { false } }),
                    !o.stamp.saw(ops[p].stamp)
                {
                    addConflict(.alreadyReopened, k, p)
                    return .conflict
                }
                return .skipped("\(type) for alert \(id) that is not closed")
            }
            if let c = lastApplied(origins, where: { self.acts($0).isCloseLike }), !o.stamp.saw(ops[c].stamp) {
                // A reopen does not reopen a close its decider had not seen.
                addConflict(.afterClose, k, c)
                return .conflict
            }
            lifecycle.status = .acknowledged
            lifecycle.disposition = nil
            lifecycle.closedAt = nil
            lifecycle.seizedAt = nil
            lifecycle.mergedInto = nil
            lifecycle.snoozedUntil = nil
            lifecycle.owner = ref.actor
            lifecycle.acknowledgedAt = ref.at
            return changed()
        case .undo(let u):
            if lastLifecycleIDHash == AlertOp.hash(id: u.undoes) {
                lifecycle = u.restored
                return changed()
            }
            if let p = lastApplied(origins, where: { !$0.isShare }),
                ops.contains(where: { $0.idHash == AlertOp.hash(id: u.undoes) })
            {
                // The action was followed by a change the undo had not seen: undoing it
                // would drop that change.
                addConflict(.undoOutdated, k, p)
                return .conflict
            }
            return .skipped("\(type) of \(u.undoes), which is not the last change of alert \(id)")
        }
    }

    /// The sharing rule (issue 11, item 4), for a level change `ops[k]`: a desk outside the
    /// owning unit only narrows (a widening of its is skipped); a change that had not seen the
    /// last applied one stands only when it is narrower (the other is then the one set aside),
    /// so a narrowing is never undone by a widening made without seeing it. Allowed on a closed
    /// alert: the level is about the record, not its lifecycle.
    private mutating func stepSharing(
        _ k: Int, _ level: SharingLevel, byOwner: Bool, _ origins: OriginTable
    ) -> StepOutcome {
        let o = ops[k]
        if !byOwner && !level.isNarrower(than: sharing) {
            return .skipped("\(ref(k).type) for alert \(id): only the owning unit widens its sharing level")
        }
        if let p = lastApplied(origins, where: \.isShare), !o.stamp.saw(ops[p].stamp) {
            guard level.isNarrower(than: sharing) else {
                if level != sharing { addConflict(.sharing, k, p) }
                return .none
            }
            addConflict(.sharing, p, k)
        }
        sharing = level
        ops[k].applied = true
        return .none
    }

    /// An assignment that had not seen the escalation that made the alert escalated
    /// leaves it escalated (an escalation is not dropped by another writer's action).
    private func keepsEscalated(_ o: AlertOp, _ origins: OriginTable) -> Bool {
        guard lifecycle.status == .escalated,
            let p = lastApplied(origins, where: { if case .escalate = self.acts($0) { true } else { false } })
        else { return false }
        return !o.stamp.saw(ops[p].stamp)
    }

    private mutating func takeOwnerIfNone(_ ref: EventRef) {
        if lifecycle.owner == nil {
            lifecycle.owner = ref.actor
            lifecycle.acknowledgedAt = ref.at
        }
    }

    /// Re-applies the rules to every op in canonical order, from the alert as received.
    /// Returns, per op index, the lifecycle before it for the ops that changed it.
    mutating func refold(_ origins: OriginTable) -> [Int: AlertLifecycle] {
        lifecycle = AlertLifecycle()
        sharing = receivedSharing
        lastLifecycleIDHash = nil
        conflicts = []
        alsoWorking = []
        proposalStates = []
        for i in ops.indices { ops[i].applied = false }
        var befores: [Int: AlertLifecycle] = [:]
        for k in ops.canonicalOrder(origins) {
            if case .changed(let b) = step(k, origins) { befores[k] = b }
        }
        return befores
    }
}

/// What one entry of an alert's timeline did, with its values, for people to read (the
/// dashboard's detail view, issue 13 item 6: "assigned to HQQN", "snoozed until 08:07").
/// Read from the fold's history (`AlertRecord.ops`); a note's text is in `notes`, not here.
public enum TimelineAction: Sendable, Hashable {
    case acknowledged
    case assigned(Assignee)
    /// The target and the reason the officer gave, if any.
    case escalated(EscalationTarget, reason: String?)
    /// Escalated by the desk itself (actor `system`) after this many unanswered
    /// acknowledgement reminders (decision 0017).
    case selfEscalated(EscalationTarget, afterReminders: Int)
    case snoozed(until: RFC3339Timestamp)
    case noted
    case closed(Disposition)
    case reopened
    /// Closed as a duplicate of the alert `into`.
    case merged(into: String)
    /// The other alert of a merge (or of an undone merge).
    case linked
    /// An undo: the lifecycle restored to what it was before the undone action.
    case undone
    case noteRetracted
    case sharing(SharingLevel)
    /// A proposal from another unit, its answer, its withdrawal (`AlertRecord.proposals`).
    case proposal, answer, withdrawal
}

extension AlertRecord {
    /// The reason given with the alert's latest escalation that gave one, while it is
    /// escalated; nil otherwise (issue 13, item 6: the detail view and `alert show`).
    public var escalationReason: String? {
        guard timeline.count > 1, !lifecycle.escalations.isEmpty else { return nil }
        for i in stride(from: timeline.count - 1, through: 1, by: -1) {
            if case .escalated(_, let reason?)? = timelineAction(i) { return reason }
        }
        return nil
    }

    /// The action of `timeline[i]` with its values; nil for the receipt (`i == 0`) and out of range.
    public func timelineAction(_ i: Int) -> TimelineAction? {
        guard i >= 1, i - 1 < ops.count else { return nil }
        switch ops[i - 1].action {
        case .acknowledge: return .acknowledged
        case .assign(let id, let kind): return .assigned(Assignee(kind: kind, id: id))
        case .escalate(let t, let reason): return .escalated(t, reason: reason)
        case .selfEscalate(let t, let n): return .selfEscalated(t, afterReminders: n)
        case .snooze(let until): return .snoozed(until: until)
        case .note: return .noted
        case .close(let d, _): return .closed(d)
        case .reopen: return .reopened
        case .merge(let into): return .merged(into: into)
        case .linked: return .linked
        case .undo: return .undone
        case .undoNote: return .noteRetracted
        case .share(let level, _): return .sharing(level)
        case .proposal: return .proposal
        case .answer: return .answer
        case .withdraw: return .withdrawal
        }
    }
}
