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
        allRequests = domain.verifications.values.map(Self.requestItem).sorted(by: Self.requestOrder)
        refilterRequests()
    }

    /// `refreshRequests()` for a few changed requests (`ids`): each one's row is taken out
    /// and put back at its place — O(n + k log n) instead of a sort of every request (27 %
    /// of the CPU of another desk's append at Division 1's size, docs/performance.md). The
    /// order is total (ids break ties), so the rows are exactly those of a full rebuild.
    mutating func refreshRequests(_ ids: Set<String>) {
        guard ids.count <= 64 else { return refreshRequests() }
        // The shown rows share the array when no filter is set: let go of them first, so
        // the edits below do not copy every row.
        requests = []
        allRequests.removeAll { ids.contains($0.id) }
        for id in ids {
            guard let v = domain.verifications[id] else { continue }
            let item = Self.requestItem(v)
            allRequests.insert(item, at: allRequests.partitionPoint { Self.requestOrder(item, $0) })
        }
        refilterRequests()
    }

    /// A request's row.
    static func requestItem(_ v: VerificationRequest) -> VerificationItem {
        VerificationItem(
            id: v.id, direction: v.direction, counterpart: v.counterpart, subject: v.subject,
            openedAt: v.openedAt, due: v.dueAt, state: v.status)
    }

    /// The Verification requests pane's order: open before closed, then by due instant,
    /// then by id.
    static func requestOrder(_ a: VerificationItem, _ b: VerificationItem) -> Bool {
        let ac = a.state == .closed
        let bc = b.state == .closed
        if ac != bc { return !ac }
        return (a.due, a.id) < (b.due, b.id)
    }

    /// Units that have not nominated a focal officer yet (letter 4237, item 9).
    var unitsWithoutFocalOfficer: [CampaignUnit] {
        config.campaign.nominatingUnits.filter { domain.nominations[$0.code] == nil }
    }
}
