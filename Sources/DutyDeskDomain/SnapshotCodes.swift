import DutyDeskJSON

// The numbers projection snapshot bodies store for enums (issue 16, item 2; decision 0009).
// Each case's number is written here, case by case: it is never a position in
// `allCases` or in the declaration, so reordering, inserting or renaming a case cannot
// change what an existing body means. Rules for a change:
// - a new case takes the next unused number of its enum; a removed case's number is
//   never reused;
// - 0 is never a code, so a zeroed byte reads as damage, not as the first case;
// - changing any number here is a change of the body format: bump
//   `CampaignState.snapshotFormatVersion` (old snapshots are then ignored and rewritten).
// `SnapshotCodeTests` checks every number against a table of its own, and the golden
// snapshot body in `Tests/Golden/` against the bytes it holds.

/// An enum stored in projection snapshot bodies by a fixed number (see the notes above).
protocol SnapshotCoded {
    /// The case's number in snapshot bodies (1…255, fixed per case).
    var snapshotCode: UInt8 { get }
    /// The case numbered `snapshotCode`, or nil for a number no case has.
    init?(snapshotCode: UInt8)
}

extension AlertStatus: SnapshotCoded {
    var snapshotCode: UInt8 {
        switch self {
        case .received: 1
        case .acknowledged: 2
        case .assigned: 3
        case .escalated: 4
        case .snoozed: 5
        case .closed: 6
        }
    }
    init?(snapshotCode: UInt8) {
        switch snapshotCode {
        case 1: self = .received
        case 2: self = .acknowledged
        case 3: self = .assigned
        case 4: self = .escalated
        case 5: self = .snoozed
        case 6: self = .closed
        default: return nil
        }
    }
}

extension Priority: SnapshotCoded {
    var snapshotCode: UInt8 {
        switch self {
        case .critical: 1
        case .high: 2
        case .normal: 3
        case .low: 4
        }
    }
    init?(snapshotCode: UInt8) {
        switch snapshotCode {
        case 1: self = .critical
        case 2: self = .high
        case 3: self = .normal
        case 4: self = .low
        default: return nil
        }
    }
}

extension AlertSourceKind: SnapshotCoded {
    var snapshotCode: UInt8 {
        switch self {
        case .coordinationBoard: 1
        case .memberCountry: 2
        case .police: 3
        case .borderGuard: 4
        case .marketManagement: 5
        case .customsIntelligence: 6
        case .publicTip: 7
        }
    }
    init?(snapshotCode: UInt8) {
        switch snapshotCode {
        case 1: self = .coordinationBoard
        case 2: self = .memberCountry
        case 3: self = .police
        case 4: self = .borderGuard
        case 5: self = .marketManagement
        case 6: self = .customsIntelligence
        case 7: self = .publicTip
        default: return nil
        }
    }
}

extension ConveyanceKind: SnapshotCoded {
    var snapshotCode: UInt8 {
        switch self {
        case .cargo: 1
        case .vehicle: 2
        case .passengerLuggage: 3
        case .postal: 4
        case .vessel: 5
        case .aircraft: 6
        }
    }
    init?(snapshotCode: UInt8) {
        switch snapshotCode {
        case 1: self = .cargo
        case 2: self = .vehicle
        case 3: self = .passengerLuggage
        case 4: self = .postal
        case 5: self = .vessel
        case 6: self = .aircraft
        default: return nil
        }
    }
}

extension LocationKind: SnapshotCoded {
    var snapshotCode: UInt8 {
        switch self {
        case .borderGate: 1
        case .port: 2
        case .airport: 3
        case .other: 4
        }
    }
    init?(snapshotCode: UInt8) {
        switch snapshotCode {
        case 1: self = .borderGate
        case 2: self = .port
        case 3: self = .airport
        case 4: self = .other
        default: return nil
        }
    }
}

extension AssigneeKind: SnapshotCoded {
    var snapshotCode: UInt8 {
        switch self {
        case .unit: 1
        case .officer: 2
        case .partner: 3
        }
    }
    init?(snapshotCode: UInt8) {
        switch snapshotCode {
        case 1: self = .unit
        case 2: self = .officer
        case 3: self = .partner
        default: return nil
        }
    }
}

extension EscalationTarget: SnapshotCoded {
    var snapshotCode: UInt8 {
        switch self {
        case .division1: 1
        case .coordinationBoard: 2
        }
    }
    init?(snapshotCode: UInt8) {
        switch snapshotCode {
        case 1: self = .division1
        case 2: self = .coordinationBoard
        default: return nil
        }
    }
}

extension VerificationDirection: SnapshotCoded {
    var snapshotCode: UInt8 {
        switch self {
        case .incoming: 1
        case .outgoing: 2
        }
    }
    init?(snapshotCode: UInt8) {
        switch snapshotCode {
        case 1: self = .incoming
        case 2: self = .outgoing
        default: return nil
        }
    }
}

extension VerificationStatus: SnapshotCoded {
    var snapshotCode: UInt8 {
        switch self {
        case .open: 1
        case .answered: 2
        case .closed: 3
        }
    }
    init?(snapshotCode: UInt8) {
        switch snapshotCode {
        case 1: self = .open
        case 2: self = .answered
        case 3: self = .closed
        default: return nil
        }
    }
}

extension ReportKind: SnapshotCoded {
    var snapshotCode: UInt8 {
        switch self {
        case .rapid: 1
        case .daily: 2
        case .final: 3
        }
    }
    init?(snapshotCode: UInt8) {
        switch snapshotCode {
        case 1: self = .rapid
        case 2: self = .daily
        case 3: self = .final
        default: return nil
        }
    }
}

/// `disposition` in a lifecycle: 0 for none, else the kind's number, then its members.
extension DispositionKind: SnapshotCoded {
    var snapshotCode: UInt8 {
        switch self {
        case .seized: 1
        case .noFinding: 2
        case .falseAlarm: 3
        case .duplicateOf: 4
        case .referredToPartner: 5
        }
    }
    init?(snapshotCode: UInt8) {
        switch snapshotCode {
        case 1: self = .seized
        case 2: self = .noFinding
        case 3: self = .falseAlarm
        case 4: self = .duplicateOf
        case 5: self = .referredToPartner
        default: return nil
        }
    }
}

/// A conflict's rule (`Conflict.Kind`), snapshot version 3 (`sharing`: version 4).
extension Conflict.Kind: SnapshotCoded {
    var snapshotCode: UInt8 {
        switch self {
        case .alsoWorking: 1
        case .afterClose: 2
        case .assignment: 3
        case .snooze: 4
        case .undoOutdated: 5
        case .secondAnswer: 6
        case .alreadyReopened: 7
        case .sharing: 8
        case .proposalAnswered: 9
        }
    }
    init?(snapshotCode: UInt8) {
        switch snapshotCode {
        case 1: self = .alsoWorking
        case 2: self = .afterClose
        case 3: self = .assignment
        case 4: self = .snooze
        case 5: self = .undoOutdated
        case 6: self = .secondAnswer
        case 7: self = .alreadyReopened
        case 8: self = .sharing
        case 9: self = .proposalAnswered
        default: return nil
        }
    }
}

/// The kind of an alert's history entry (`AlertOp.Action`), snapshot version 3 (`share`: version 4); each is
/// followed by its members (see `SnapshotWriter.op`). `received` (1) is never written: a
/// receipt has no entry; the number stays taken.
enum AlertOpCode: UInt8 {
    case received = 1
    case acknowledge, assign, escalate, snooze, note, close, reopen, merge, linked, undo, undoNote
    /// Issue 11, item 4: followed by the level's code and whether the owning unit decided it.
    case share
    /// Issue 11, item 5 (version 6): a proposal (its event id, then the proposed entry's code
    /// and members), an answer (the proposal's id, accepted, the reason) and a withdrawal (the id).
    case proposal, answer, withdraw
    /// Issue 13, item 1 (version 10): a self-escalation, followed by the target's code and
    /// the number of unanswered reminders.
    case selfEscalate
}

extension AlertOp.Action {
    var snapshotCode: AlertOpCode {
        switch self {
        case .acknowledge: .acknowledge
        case .assign: .assign
        case .escalate: .escalate
        case .selfEscalate: .selfEscalate
        case .snooze: .snooze
        case .note: .note
        case .close: .close
        case .reopen: .reopen
        case .merge: .merge
        case .linked: .linked
        case .undo: .undo
        case .undoNote: .undoNote
        case .share: .share
        case .proposal: .proposal
        case .answer: .answer
        case .withdraw: .withdraw
        }
    }
}
