// Self-escalation (issue 13, item 1; docs/decisions/0017-self-escalation.md): an alert left
// unacknowledged through M acknowledgement reminders escalates itself to the next level,
// as an `alert.escalated` record with the actor `system` and `after_reminders`.

extension EscalationTarget {
    /// The levels an unanswered alert climbs, in order: Division 1 of ĐTCBL (the campaign's
    /// focal unit, letter 4237, item 6), then the Coordination Board (item 5).
    public static let ladder: [EscalationTarget] = [.division1, .coordinationBoard]
}

/// The next self-escalation of an alert: where to, after how many unanswered reminders,
/// and from when.
public struct SelfEscalationStep: Sendable, Hashable {
    public var target: EscalationTarget
    /// Reminders gone unanswered when it is due: level L (1, 2) of the ladder comes after
    /// L·M of them (M: `Campaign.selfEscalationAfterReminders`).
    public var afterReminders: Int
    /// Due from this instant (in the campaign zone): the acknowledgement time plus L·M
    /// reminder repeats, i.e. when reminder L·M + 1 would come.
    public var dueAt: RFC3339Timestamp

    public init(target: EscalationTarget, afterReminders: Int, dueAt: RFC3339Timestamp) {
        self.target = target
        self.afterReminders = afterReminders
        self.dueAt = dueAt
    }
}

extension AlertRecord {
    /// The alert's latest self-escalation (target, unanswered reminders), if any: the
    /// dashboard's reminder banner names it.
    public var latestSelfEscalation: (target: EscalationTarget, afterReminders: Int)? {
        for i in stride(from: timeline.count - 1, through: 1, by: -1) {
            if case .selfEscalated(let t, let n)? = timelineAction(i) { return (t, n) }
        }
        return nil
    }
}

extension CampaignState {
    /// The officer id of automatic records (self-escalations; the log's recovery records).
    public static let systemActor = "system"

    /// The next self-escalation of `alertID` (decision 0017), due or not yet: nil when the
    /// campaign sets none (`selfEscalationAfterReminders`), for an unknown or closed alert,
    /// one acknowledged (not `.received`), one this desk only proposes on (outside its owning
    /// unit: only the owning unit's desks escalate it) and one at the top of the ladder.
    ///
    /// Reminders of an alert of priority p come from its acknowledgement time, or from when
    /// the log recorded it if that is later (an alert entered after its acknowledgement time
    /// has had no reminder yet), and then every `Campaign.remindEverySeconds(p)` (N): reminder
    /// k at from + (k − 1)·N. Level L is due at from + L·M·N, when reminder L·M + 1 would
    /// come; it is counted from the log and the campaign alone, so every process computes
    /// the same instant.
    public func nextSelfEscalation(_ alertID: String) -> SelfEscalationStep? {
        selfEscalations(alertID, through: nil).first
    }

    /// The self-escalations of `alertID` due at `now`, lowest level first (a dashboard that
    /// was not running when level 1 and level 2 fell due sends both); with `now` nil, only
    /// the next level, due or not. Empty in the cases `nextSelfEscalation` is nil.
    public func selfEscalations(_ alertID: String, through now: RFC3339Timestamp?) -> [SelfEscalationStep] {
        guard let m = campaign.selfEscalationAfterReminders, m > 0, let a = alerts[alertID],
            a.lifecycle.status == .received, !proposes(on: a), let ackDue = acknowledgementDue(alertID)
        else { return [] }
        let from = max(ackDue, a.timeline.first?.at ?? ackDue)
        let every = campaign.remindEverySeconds(a.details.priority)
        var out: [SelfEscalationStep] = []
        for (i, target) in EscalationTarget.ladder.enumerated() where !a.lifecycle.escalations.contains(target) {
            let level = i + 1
            let step = SelfEscalationStep(
                target: target, afterReminders: level * m,
                dueAt: campaign.zone.local(from.adding(seconds: level * m * every)))
            if let now, step.dueAt > now { break }
            out.append(step)
            if now == nil { break }
        }
        return out
    }
}
