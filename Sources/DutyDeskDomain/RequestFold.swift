import DutyDeskJSON

// The verification request rules of the fold, applied in each request's canonical order
// (as `AlertFold.swift` does for alerts; docs/decisions/0012-seen-and-conflicts.md).

/// One event in a request's history, aligned with `VerificationRequest.timeline`.
struct RequestOp: Sendable, Hashable, StampedOp {
    enum Action: Sendable, Hashable {
        case opened
        case replied(summary: String)
        case closed(outcome: String?)
    }
    var action: Action
    var stamp: Stamp
    var applied = false
}

extension VerificationRequest {
    func lastApplied(_ origins: OriginTable, where test: (RequestOp) -> Bool) -> Int? {
        ops.lastApplied(origins, where: test)
    }

    /// Applies the rules to `ops[k]` (see `AlertRecord.step`). Returns false when the
    /// event was skipped (an old record acting on a request it had seen closed), with why.
    mutating func step(_ k: Int, _ origins: OriginTable) -> String? {
        let o = ops[k]
        let ref = timeline[k]
        func isClose(_ op: RequestOp) -> Bool { if case .closed = op.action { true } else { false } }
        func isReply(_ op: RequestOp) -> Bool { if case .replied = op.action { true } else { false } }
        switch o.action {
        case .opened: return nil
        case .replied(let summary):
            if status == .closed {
                if let c = lastApplied(origins, where: isClose), !o.stamp.saw(ops[c].stamp) {
                    conflicts.append(Conflict(kind: .afterClose, event: ref, standing: timeline[c]))
                    return nil
                }
                return "\(ref.type) for request \(id) that is closed"
            }
            if status == .answered, let p = lastApplied(origins, where: isReply), !o.stamp.saw(ops[p].stamp) {
                // Two answers that did not see each other: the first stands.
                conflicts.append(Conflict(kind: .secondAnswer, event: ref, standing: timeline[p]))
                return nil
            }
            status = .answered
            answeredAt = ref.at
            answerSummary = summary
            ops[k].applied = true
            return nil
        case .closed(let outcome):
            if status == .closed {
                if let c = lastApplied(origins, where: isClose), !o.stamp.saw(ops[c].stamp) {
                    conflicts.append(Conflict(kind: .afterClose, event: ref, standing: timeline[c]))
                    return nil
                }
                return "\(ref.type) for request \(id) that is closed"
            }
            status = .closed
            closedAt = ref.at
            closeOutcome = outcome
            ops[k].applied = true
            return nil
        }
    }

    /// Re-applies the rules to every op in canonical order, from the request as opened.
    mutating func refold(_ origins: OriginTable) {
        status = .open
        answeredAt = nil
        answerSummary = nil
        closedAt = nil
        closeOutcome = nil
        conflicts = []
        for i in ops.indices { ops[i].applied = false }
        for k in ops.canonicalOrder(origins) { _ = step(k, origins) }
    }
}
