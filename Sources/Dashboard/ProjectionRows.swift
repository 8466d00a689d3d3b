// The domain bridge, rows: the projection's alerts and requests as the plain rows the views draw.
import DutyDeskDomain
import TerminalKit

extension AppState {
    func alertItem(_ a: AlertRecord) -> AlertItem {
        let l = a.lifecycle
        let status: AlertRowStatus
        switch l.status {
        case .received: status = .new
        case .acknowledged: status = .acknowledged
        case .assigned: status = .assigned
        case .escalated: status = .escalated
        case .snoozed: status = .snoozed
        case .closed: status = l.mergedInto != nil ? .merged : .closed
        }
        var owner = l.owner ?? ""
        if let asg = l.assignee { owner = assigneeName(asg) }
        let d = a.details
        let ackBy = d.receivedAt.adding(seconds: config.campaign.acknowledgeWithinSeconds(d.priority))
        var item = AlertItem(
            id: a.id, receivedAt: d.receivedAt, priority: d.priority, source: sourceName(d.source),
            subject: d.subject, location: d.location?.name ?? "", status: status, owner: owner,
            acknowledgeBy: ackBy, snoozedUntil: l.snoozedUntil)
        item.isRed = a.sharing == .red
        item.openProposals = a.openProposalCount
        item.unit = domain.owningUnit(of: a) ?? a.ownerDesk
        item.lastTouchedAt = a.timeline.last?.at
        item.sourceKind = d.source.kind
        item.responsibleUnit = d.responsibleUnit
        item.searchExtra = AlertItem.searchExtra(a)
        return item
    }

    /// Short source names (10 columns at most) for the alert list; the detail view adds the reference.
    func sourceName(_ s: AlertSource) -> String { strings.sourceShort(s) }

    /// Full source names for the detail view.
    func sourceLongName(_ s: AlertSource) -> String { strings.sourceLong(s, campaign: config.campaign) }

    func assigneeName(_ a: Assignee) -> String {
        switch a.kind {
        case .unit: return a.id
        case .officer: return a.id
        case .partner:
            guard let p = config.campaign.partner(a.id) else { return a.id }
            return strings.partnerName(p)
        }
    }

    mutating func refreshRequests() {
        allRequests = domain.verifications.values.map { v in
            VerificationItem(
                id: v.id, direction: v.direction, counterpart: v.counterpart, subject: v.subject,
                openedAt: v.openedAt, due: v.dueAt, state: v.status)
        }.sorted { a, b in
            let ac = a.state == .closed
            let bc = b.state == .closed
            if ac != bc { return !ac }
            return (a.due, a.id) < (b.due, b.id)
        }
        refilterRequests()
    }

    /// Units that have not nominated a focal officer yet (letter 4237, item 9).
    var unitsWithoutFocalOfficer: [CampaignUnit] {
        config.campaign.nominatingUnits.filter { domain.nominations[$0.code] == nil }
    }
}
