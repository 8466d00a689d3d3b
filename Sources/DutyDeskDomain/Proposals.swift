import DutyDeskJSON

// One owner, proposals from the rest (issue 11, item 5; docs/events.md "Proposals").
//
// The owning unit of an alert (`CampaignState.owningUnit(of:)`) decides its lifecycle. An
// acknowledgement, assignment, escalation, snooze, close or reopen decided by a desk of another
// unit is a *proposal*: every desk's fold keeps it on the timeline and in the alert's list of
// proposals, and it changes nothing. The owning unit answers it (`alert.proposal_answered`):
// accepting applies the proposed action as the owner's own event, declining records the refusal
// and its reason. The proposer may withdraw it (`alert.proposal_withdrawn`, a tombstone: nothing
// is deleted). Answers and withdrawals are ordered by the alert's canonical order: the first
// stands, a later one that had not seen it is a conflict (`Conflict.Kind.proposalAnswered`).

/// `alert.proposal_answered`: the owning unit accepted or declined the proposal `proposal`
/// (the event id of another desk's action on alert `alertID`). Accepted: the proposed action is
/// applied as this event's own; declined: `reason` (optional, free text) says why.
public struct AlertProposalAnswered: Sendable, Hashable {
    public var alertID: String
    /// The event id of the proposal.
    public var proposal: String
    public var accepted: Bool
    public var reason: String?
    public init(alertID: String, proposal: String, accepted: Bool, reason: String? = nil) {
        self.alertID = alertID
        self.proposal = proposal
        self.accepted = accepted
        self.reason = reason
    }
}

/// `alert.proposal_withdrawn`: the proposing desk withdrew its proposal `proposal` (an event id)
/// on alert `alertID`. A tombstone: the proposal stays on the timeline, marked withdrawn.
public struct AlertProposalWithdrawn: Sendable, Hashable {
    public var alertID: String
    /// The event id of the proposal.
    public var proposal: String
    public init(alertID: String, proposal: String) {
        self.alertID = alertID
        self.proposal = proposal
    }
}

/// What a proposal proposes: one of the lifecycle actions another unit's desk may propose.
public enum ProposedAction: Sendable, Hashable {
    case acknowledge
    case assign(Assignee)
    case escalate(EscalationTarget)
    /// Snooze until the instant (RFC 3339 with offset).
    case snooze(RFC3339Timestamp)
    case close(Disposition)
    case reopen
}

/// A proposal on an alert, as the officer reads it (`CampaignState.proposals(of:)`).
public struct AlertProposal: Sendable, Hashable {
    /// Where a proposal stands.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Waiting for the owning unit.
        case open
        /// Accepted by the owning unit: its action was applied as the owner's event.
        case accepted
        /// Declined by the owning unit.
        case declined
        /// Withdrawn by the proposing desk.
        case withdrawn

        /// The status in the officer's language (string table).
        public func text(_ language: Language) -> String {
            let en = language == .en
            return switch self {
            case .open: en ? "open" : "đang chờ"
            case .accepted: en ? "accepted" : "đã chấp nhận"
            case .declined: en ? "declined" : "đã từ chối"
            case .withdrawn: en ? "withdrawn" : "đã rút"
            }
        }
    }
    /// 1-based number among the alert's proposals, in the alert's canonical order (the same on
    /// every desk): what `dutydesk alert accept ID N` names.
    public var number: Int
    /// The proposal's event id (what `alert.proposal_answered` `proposal` names).
    public var eventID: String
    /// The proposal on the timeline (its type is the proposed action's event type).
    public var event: EventRef
    /// The proposing desk's code (`""`: a log without a desk).
    public var desk: String
    public var action: ProposedAction
    public var status: Status
    /// The answer or withdrawal that decided the status (nil while open).
    public var answer: EventRef?
    /// A decline's reason, when given.
    public var reason: String?

    /// `đề xuất` / `proposal`: the word the screens and commands use.
    public static func word(_ language: Language) -> String { language == .vi ? "đề xuất" : "proposal" }
}

/// The boxed member of `AlertOp.Action.proposal` (rare, and large).
final class ProposalDetails: Sendable, Hashable {
    let eventID: String
    let action: AlertOp.Action
    init(eventID: String, action: AlertOp.Action) {
        self.eventID = eventID
        self.action = action
    }
    static func == (a: ProposalDetails, b: ProposalDetails) -> Bool {
        a === b || (a.eventID == b.eventID && a.action == b.action)
    }
    func hash(into h: inout Hasher) { h.combine(eventID) }
}

/// The boxed member of `AlertOp.Action.answer`.
final class AnswerDetails: Sendable, Hashable {
    let proposal: String
    let accepted: Bool
    let reason: String?
    init(proposal: String, accepted: Bool, reason: String?) {
        self.proposal = proposal
        self.accepted = accepted
        self.reason = reason
    }
    static func == (a: AnswerDetails, b: AnswerDetails) -> Bool {
        a === b || (a.proposal == b.proposal && a.accepted == b.accepted && a.reason == b.reason)
    }
    func hash(into h: inout Hasher) { h.combine(proposal) }
}

/// A proposal's state as the rules last left it: its history entry, its status and the entry
/// that answered or withdrew it.
struct ProposalState: Sendable, Hashable {
    var op: Int
    var status: AlertProposal.Status
    var answer: Int?
}

extension AlertProposal.Status: SnapshotCoded {
    var snapshotCode: UInt8 {
        switch self {
        case .open: 1
        case .accepted: 2
        case .declined: 3
        case .withdrawn: 4
        }
    }
    init?(snapshotCode: UInt8) {
        switch snapshotCode {
        case 1: self = .open
        case 2: self = .accepted
        case 3: self = .declined
        case 4: self = .withdrawn
        default: return nil
        }
    }
}

extension AlertOp.Action {
    /// The action as a proposal shows it; nil for those that are never proposed.
    var proposed: ProposedAction? {
        switch self {
        case .acknowledge: .acknowledge
        case .assign(let id, let kind): .assign(Assignee(kind: kind, id: id))
        case .escalate(let t, _): .escalate(t)
        case .snooze(let u): .snooze(u)
        case .close(let d, _): .close(d)
        case .reopen: .reopen
        default: nil
        }
    }
}

extension AlertRecord {
    /// The history index of the proposal whose event id is `eventID`.
    func proposalOp(_ eventID: String) -> Int? {
        let h = AlertOp.hash(id: eventID)
        return ops.firstIndex {
            if $0.idHash == h, case .proposal(let d) = $0.action { d.eventID == eventID } else { false }
        }
    }

    /// What entry `o` did to the lifecycle: an accepted answer acts as the proposal it accepts.
    func acts(_ o: AlertOp) -> AlertOp.Action {
        if case .answer(let a) = o.action, a.accepted, let p = proposalOp(a.proposal),
            case .proposal(let d) = ops[p].action
        {
            return d.action
        }
        return o.action
    }

    /// Open proposals on the alert (the alerts pane's marker).
    public var openProposalCount: Int { proposalStates.reduce(0) { $0 + ($1.status == .open ? 1 : 0) } }

    /// The proposal rules, for a proposal, answer or withdrawal at history index `k`. Returns
    /// the action to apply as the owner's (an accepted answer), or the outcome when there is
    /// nothing more to do.
    mutating func stepProposal(_ k: Int, _ origins: OriginTable) -> Result<AlertOp.Action, ProposalOutcome> {
        let o = ops[k]
        switch o.action {
        case .proposal:
            proposalStates.append(ProposalState(op: k, status: .open, answer: nil))
            return .failure(.taken)
        case .answer(let a):
            switch settle(k, a.proposal, a.accepted ? .accepted : .declined, byProposer: false) {
            case .failure(let f): return .failure(f)
            case .success(let p):
                guard a.accepted, case .proposal(let d) = ops[p].action else { return .failure(.taken) }
                return .success(d.action)
            }
        case .withdraw(let proposal):
            switch settle(k, proposal, .withdrawn, byProposer: true) {
            case .failure(let f): return .failure(f)
            case .success: return .failure(.taken)
            }
        default:
            return .success(o.action)
        }
    }

    /// Sets the proposal `eventID` to `status` by entry `k`: the first answer or withdrawal in
    /// canonical order stands; a later one that had not seen it is a conflict.
    private mutating func settle(
        _ k: Int, _ eventID: String, _ status: AlertProposal.Status, byProposer: Bool
    ) -> Result<Int, ProposalOutcome> {
        let o = ops[k]
        let type = ref(k).type
        guard let op = proposalOp(eventID), let j = proposalStates.firstIndex(where: { $0.op == op }) else {
            return .failure(.skipped("\(type) for alert \(id): no proposal \(eventID) before it"))
        }
        let p = proposalStates[j].op
        if byProposer, ops[p].stamp.origin != o.stamp.origin {
            return .failure(.skipped("\(type) for alert \(id): only the proposing desk withdraws proposal \(eventID)"))
        }
        if proposalStates[j].status != .open {
            if let s = proposalStates[j].answer, !o.stamp.saw(ops[s].stamp) {
                addConflict(.proposalAnswered, k, s)
                return .failure(.taken)
            }
            return .failure(.skipped("\(type) for alert \(id): proposal \(eventID) is already answered"))
        }
        proposalStates[j].status = status
        proposalStates[j].answer = k
        return .success(p)
    }
}

/// How the proposal rules took an entry they did not pass on.
enum ProposalOutcome: Error {
    /// Kept (as a proposal, a decline, a withdrawal or a conflict); the lifecycle unchanged.
    case taken
    case skipped(String)
}

extension CampaignState {
    /// The proposals on `alert`, in its canonical order (numbered from 1), with their status.
    public func proposals(of alert: AlertRecord) -> [AlertProposal] {
        var out: [AlertProposal] = []
        for (n, s) in alert.proposalStates.enumerated() {
            guard s.op < alert.ops.count, case .proposal(let d) = alert.ops[s.op].action,
                let action = d.action.proposed
            else { continue }
            var reason: String?
            if let a = s.answer, a < alert.ops.count, case .answer(let ans) = alert.ops[a].action {
                reason = ans.reason
            }
            out.append(
                AlertProposal(
                    number: n + 1, eventID: d.eventID, event: alert.ref(s.op),
                    desk: origins.code(alert.ops[s.op].stamp.origin), action: action, status: s.status,
                    answer: s.answer.map { alert.ref($0) }, reason: reason))
        }
        return out
    }

    /// The proposal `typed` names on `alert`: its event id, or its number (`2`, `#2`, `P2`).
    public func proposal(_ typed: String, of alert: AlertRecord) -> AlertProposal? {
        let all = proposals(of: alert)
        if let p = all.first(where: { $0.eventID == typed }) { return p }
        var t = Substring(typed.trimmingSpaces)
        if t.first == "#" || t.first == "P" || t.first == "p" { t = t.dropFirst() }
        guard let n = Int(t), n >= 1, n <= all.count else { return nil }
        return all[n - 1]
    }

    /// True when an action this log's desk decides on `alert` is recorded as a proposal: the
    /// desk is not of the alert's owning unit. Such an action is sent to the owner
    /// (`owningUnit(of:)`) and changes nothing until it accepts it.
    /// An alert whose owning unit is unknown (received by a log without a desk) has none.
    public func proposes(on alert: AlertRecord) -> Bool { isProposal(by: origins.code(0), on: alert) }

    /// True when desk `code` is not of `alert`'s owning unit, and that unit is known.
    func isProposal(by code: String, on alert: AlertRecord) -> Bool {
        guard owningUnit(of: alert) != nil else { return false }
        return !isOwningUnit(code, of: alert)
    }

    /// The desk that decided record `e`: its origin's, else this log's (`""` without a desk).
    func decidingDesk(_ e: RecordedEvent) -> String { e.origin?.desk ?? origins.code(0) }

    /// `action` as the fold keeps it when decided by the desk of record `e` on the alert at `i`:
    /// a proposal when that desk is not of the owning unit.
    func owned(_ action: AlertOp.Action, _ i: Int, _ e: RecordedEvent) -> AlertOp.Action {
        if !isProposal(by: decidingDesk(e), on: alerts.records[i]) { return action }
        return .proposal(ProposalDetails(eventID: e.id, action: action))
    }
}
