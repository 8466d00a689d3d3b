// The domain bridge, records in: the log's records folded into the projection, and the rows
// re-derived from what each one changed (`StateChange`).
import DutyDeskDomain
import TerminalKit

extension AppState {
    /// Applies records in seq order. A record whose seq was already applied is ignored
    /// (the follower also delivers our own appends); one that arrives ahead of a gap is
    /// held until the gap fills, or until `throughGaps` (the gap outlived a whole tick:
    /// the runner never saw those seqs) or 10 000 held records let it through.
    /// Returns the alarms raised (when `alarms` is true).
    /// With `deferViews` (the start-up replay) only the projection changes: the rows are
    /// rebuilt once by `rebuildViews()` after the last chunk (building them per chunk
    /// re-sorted every alert once per chunk; docs/performance.md, item 2).
    mutating func applyRecords(
        _ records: [RecordedEvent], alarms: Bool, throughGaps: Bool = false,
        deferViews: Bool = false
    ) -> [Effect] {
        var batch = records
        if !zip(batch, batch.dropFirst()).allSatisfy({ $0.seq < $1.seq }) { batch.sort { $0.seq < $1.seq } }
        let firstEver = domain.lastSeq == 0 && domain.appliedCount + domain.skippedCount + domain.unknownCount == 0
        var expected: Int? = firstEver && held.isEmpty ? nil : domain.lastSeq + 1
        var toApply: [RecordedEvent] = []
        toApply.reserveCapacity(batch.count)
        for r in batch where r.seq > domain.lastSeq {
            if let e = expected, r.seq < e { continue }
            if expected == nil || r.seq == expected {
                toApply.append(r)
                expected = r.seq + 1
            } else {
                held[r.seq] = r
            }
        }
        while let e = expected, let r = held.removeValue(forKey: e) {
            toApply.append(r)
            expected = e + 1
        }
        if !held.isEmpty, throughGaps || held.count > 10_000 {
            for k in held.keys.sorted() { if let r = held[k] { toApply.append(r) } }
            held.removeAll()
        }
        guard !toApply.isEmpty else { return [] }
        net.count(toApply)
        if deferViews {
            for r in toApply { domain.apply(r) }
            viewsStale = true
            refreshNetwork()
            return []
        }
        var touchedAlerts: [String] = []
        var touchedRequests = Set<String>()
        var requestsChanged = false
        var deadlinesChanged = false
        var newAlarmAlerts: [String] = []
        var handoversChanged = false
        var applied = 0
        for r in toApply {
            // The fold says what each event changed (`StateChange`); the payload is never read here.
            let c = domain.apply(r)
            if !awaitingUndoPoints.isEmpty { captureUndoPoint(r) }
            applied += 1
            if let id = c.subjects.alertID { touchedAlerts.append(id) }
            if let id = c.subjects.otherAlertID { touchedAlerts.append(id) }
            if let id = c.createdAlertID { newAlarmAlerts.append(id) }
            if let id = c.subjects.requestID {
                requestsChanged = true
                touchedRequests.insert(id)
            }
            if !c.deadlines.isDisjoint(with: Self.deadlinePaneKinds) { deadlinesChanged = true }
            if c.handoversChanged { handoversChanged = true }
        }
        guard applied > 0 else { return [] }
        refreshNetwork()
        // Records given at the start raise no alarms: an unread handover among them opens its view.
        if handoversChanged { refreshHandover(atStart: !alarms) }
        let keepID = currentAlertID()
        var seen = Set<String>()
        var items: [AlertItem] = []
        items.reserveCapacity(touchedAlerts.count)
        for id in touchedAlerts.reversed() where seen.insert(id).inserted {
            if let a = domain.alerts[id] { items.append(carryingWake(alertItem(a))) }
            indexDuplicates(id)
        }
        store.upsertMany(items)
        for it in items { trackAttention(it, live: alarms) }
        clearSettledBanners(seen)
        if requestsChanged { refreshRequests(touchedRequests) }
        if deadlinesChanged {
            var t = deadlineTouches ?? ([], [])
            t.alerts.formUnion(touchedAlerts)
            t.requests.formUnion(touchedRequests)
            deadlineTouches = t
        }
        if let keepID { follow(alertID: keepID) }
        clampAll()
        var effects: [Effect] = []
        if alarms {
            var rang: Alarm = .none
            for id in newAlarmAlerts {
                guard let a = domain.alerts[id] else { continue }
                let p = a.details.priority
                guard p == .critical || p == .high else { continue }
                let alarm = p == .critical ? config.bellPolicy.critical : config.bellPolicy.high
                if alarm == .flash || (alarm == .bell && rang == .none) { rang = alarm }
                addBanner(
                    Notice(
                        key: "alert:\(id)", text: "\(id) · " + strings.newAlertBanner(p, a.details.subject),
                        role: p == .critical ? .critical : .high, alertID: id, kind: .newAlert, priority: p))
            }
            if rang == .bell { effects.append(.bell) }
            if rang == .flash { effects.append(.flash) }
            if domain.campaign.selfEscalationAfterReminders != nil { announceSelfEscalations(toApply) }
            effects += refreshDeadlines(alarms: true)
        }
        return effects
    }

    /// Rebuilds every row from the projection: the alert list sorted once, the
    /// verification requests, and the deadline list (recomputed at the next refresh).
    /// Keeps the selected alert selected. O(alerts · log alerts).
    mutating func rebuildViews() {
        let keepID = currentAlertID()
        store.replaceAll(domain.alerts.values.map { alertItem($0) })
        duplicates = DuplicateIndex()
        // Straight over the records: a lookup by id copied each record out of the table
        // first (the index does not depend on the order: candidates come sorted).
        for a in domain.alerts.values {
            duplicates.update(id: a.id, details: a.details, isOpen: a.lifecycle.status != .closed)
        }
        for it in store.items { trackAttention(it, live: false, bulk: true) }
        refreshRequests()
        deadlinesDirty = true
        viewsStale = false
        refreshNetwork()
        refreshHandover(atStart: true)
        if let keepID { follow(alertID: keepID) }
        clampAll()
    }

    /// The kinds of deadline the Deadlines pane lists: all but acknowledgement times (the
    /// alert list shows them) and per-unit nominations (the aggregate stands for them) —
    /// tens of thousands of entries at 1M events. An event whose `StateChange.deadlines`
    /// holds none of these leaves the pane as it is, so a burst of acknowledgements does
    /// not recompute the list once per batch.
    static let deadlinePaneExcluded: Set<Deadline.Kind> = [.acknowledgement, .focalOfficerNomination]
    static let deadlinePaneKinds = DeadlineKinds(Deadline.Kind.allCases.filter { !deadlinePaneExcluded.contains($0) })

    /// Shows `b`: in place of the banner with its key (keeping that one's age) unless its
    /// rank changed, else after every banner of its rank or a higher one (priority, then
    /// oldest raised first).
    mutating func addBanner(_ b: Notice) {
        if banners.raise(b) { clampAll() }
    }

    /// `addBanner` of each of `new` in turn (`BannerList.raise`: O(1) each when the
    /// banner is new or unchanged, as a reminder's repeat).
    mutating func addBanners(_ new: [Notice]) {
        var changed = false
        for b in new where banners.raise(b) { changed = true }
        if changed { clampAll() }
    }
}
