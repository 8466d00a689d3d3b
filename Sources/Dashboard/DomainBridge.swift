import DutyDeskDomain
import DutyDeskJSON
import TerminalKit

// The one place that knows the domain's shapes: records → projection → rows, and
// forms → commands → proposed events.

/// Why a form cannot be sent (shown in the form).
struct FormError: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}

extension AppState {
    // MARK: records in

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
            for k in held.keys.sorted() { toApply.append(held[k]!) }
            held.removeAll()
        }
        guard !toApply.isEmpty else { return [] }
        if deferViews {
            for r in toApply { domain.apply(r) }
            viewsStale = true
            return []
        }
        var touchedAlerts: [String] = []
        var touchedRequests = Set<String>()
        var requestsChanged = false
        var deadlinesChanged = false
        var newAlarmAlerts: [String] = []
        var applied = 0
        for r in toApply {
            // The fold says what each event changed (`StateChange`); the payload is never read here.
            let c = domain.apply(r)
            applied += 1
            if let id = c.subjects.alertID { touchedAlerts.append(id) }
            if let id = c.subjects.otherAlertID { touchedAlerts.append(id) }
            if let id = c.createdAlertID { newAlarmAlerts.append(id) }
            if let id = c.subjects.requestID {
                requestsChanged = true
                touchedRequests.insert(id)
            }
            if !c.deadlines.isDisjoint(with: Self.deadlinePaneKinds) { deadlinesChanged = true }
        }
        guard applied > 0 else { return [] }
        let keepID = currentAlertID()
        var seen = Set<String>()
        var items: [AlertItem] = []
        items.reserveCapacity(touchedAlerts.count)
        for id in touchedAlerts.reversed() where seen.insert(id).inserted {
            if let a = domain.alerts[id] { items.append(alertItem(a)) }
        }
        store.upsertMany(items)
        if requestsChanged { refreshRequests() }
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
                        role: p == .critical ? .critical : .high))
            }
            if rang == .bell { effects.append(.bell) }
            if rang == .flash { effects.append(.flash) }
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
        refreshRequests()
        deadlinesDirty = true
        viewsStale = false
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

    mutating func addBanner(_ b: Notice) {
        if let i = banners.firstIndex(where: { $0.key == b.key }) {
            banners[i] = b
        } else {
            banners.append(b)
            clampAll()
        }
    }

    // MARK: rows

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
        return AlertItem(
            id: a.id, receivedAt: d.receivedAt, priority: d.priority, source: sourceName(d.source),
            subject: d.subject, location: d.location?.name ?? "", status: status, owner: owner,
            acknowledgeBy: ackBy, snoozedUntil: l.snoozedUntil)
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
        requests = domain.verifications.values.map { v in
            VerificationItem(
                id: v.id, direction: v.direction, counterpart: v.counterpart, subject: v.subject,
                openedAt: v.openedAt, due: v.dueAt, state: v.status)
        }.sorted { a, b in
            let ac = a.state == .closed
            let bc = b.state == .closed
            if ac != bc { return !ac }
            return (a.due, a.id) < (b.due, b.id)
        }
    }

    /// Units that have not nominated a focal officer yet (letter 4237, item 9).
    var unitsWithoutFocalOfficer: [CampaignUnit] {
        config.campaign.nominatingUnits.filter { domain.nominations[$0.code] == nil }
    }

    // MARK: commands out

    /// Proposes `command`: decides it against the projection and returns the append effect,
    /// or shows the domain's refusal. Nothing changes on screen until the append is durable.
    mutating func propose(_ command: Command, label: String) -> (effects: [Effect], error: String?) {
        if case .readOnly = logStatus { return ([], strings.readOnlyRefusal) }
        var n = nextEventNumber
        let prefix = config.eventIDPrefix
        let result = decide(
            command, state: domain, actor: config.officer, now: now,
            newID: {
                defer { n += 1 }
                return "\(prefix)-\(n)"
            })
        switch result {
        case .failure(let e):
            return ([], e.text(language))
        case .success(let events):
            nextEventNumber = n
            let id = nextRequestID
            nextRequestID += 1
            let ids = events.flatMap { $0.subjects.alertIDs }
            pending.append(PendingAction(requestID: id, label: label, alertIDs: ids))
            return ([.append(requestID: id, events: events)], nil)
        }
    }

    /// The command a submitted form asks for, or the reason it cannot be sent.
    func command(for f: FormState) -> Result<Command, FormError> {
        let s = strings
        // Required visible fields first, with the field's name in the message.
        for i in f.visibleIndices where f.fields[i].required && f.fields[i].value.isEmpty {
            return .failure(FormError("\(s.field(f.fields[i].key)) \(s.required)"))
        }
        for i in f.visibleIndices where f.fields[i].mustComplete {
            let v = f.fields[i].value
            guard case .list(let all) = f.fields[i].completions else { continue }
            if !all.contains(where: { $0.value == v }) {
                return .failure(FormError("\(s.field(f.fields[i].key)): «\(f.fields[i].editor.text)» \(s.notInList)"))
            }
        }
        func v(_ k: FieldKey) -> String { f.value(k) ?? "" }
        switch f.kind {
        case .assign:
            let raw = v(.assignee)
            let assignee: Assignee
            if let picked = f.accepted(.assignee)?.assignee {
                assignee = picked
            } else if config.campaign.unit(raw) != nil {
                assignee = Assignee(kind: .unit, id: raw)
            } else if config.campaign.partner(raw) != nil {
                assignee = Assignee(kind: .partner, id: raw)
            } else {
                assignee = Assignee(kind: .officer, id: raw)
            }
            return .success(.assign(alertID: f.target.alertID, to: assignee))
        case .escalate:
            guard let t = EscalationTarget(rawValue: v(.assignee)) else {
                return .failure(FormError(s.field(.assignee)))
            }
            let reason = v(.reason)
            return .success(.escalate(alertID: f.target.alertID, to: t, reason: reason.isEmpty ? nil : reason))
        case .close:
            switch DispositionKind(rawValue: v(.disposition)) {
            case .seized?:
                let amount = v(.quantity)
                let m = Measure(amount: amount, unit: v(.quantityUnit))
                if !m.isValidAmount { return .failure(FormError("\(s.field(.quantity)): «\(amount)» \(s.notANumber)")) }
                return .success(
                    .close(
                        alertID: f.target.alertID,
                        disposition: .seized(commodity: v(.commodity), species: [], quantity: [m])))
            case .noFinding?:
                return .success(.close(alertID: f.target.alertID, disposition: .noFinding))
            case .falseAlarm?:
                return .success(.close(alertID: f.target.alertID, disposition: .falseAlarm))
            case .referredToPartner?:
                return .success(.close(alertID: f.target.alertID, disposition: .referredToPartner(v(.counterpart))))
            case .duplicateOf?, nil:
                return .failure(FormError(s.field(.disposition)))
            }
        case .snooze:
            let minutes = Int(v(.duration)) ?? 15
            return .success(.snooze(alertID: f.target.alertID, until: now.adding(seconds: minutes * 60)))
        case .note:
            return .success(.addNote(alertID: f.target.alertID, text: v(.text)))
        case .merge:
            return .success(.merge(duplicate: f.target.alertID, into: v(.duplicateOf)))
        case .openRequest:
            let dir = VerificationDirection(rawValue: v(.direction)) ?? .incoming
            var due: RFC3339Timestamp?
            let daysText = v(.dueDays)
            if !daysText.isEmpty {
                guard let days = Int(daysText), days > 0, days <= 3650 else {
                    return .failure(FormError("\(s.field(.dueDays)): «\(daysText)» \(s.notANumber)"))
                }
                due = now.adding(seconds: days * 86_400)
            }
            return .success(
                .openVerification(direction: dir, counterpart: v(.counterpart), subject: v(.subject), due: due))
        case .reply:
            return .success(.replyVerification(requestID: f.target.requestID, summary: v(.text)))
        case .closeRequest:
            let o = v(.outcome)
            return .success(.closeVerification(requestID: f.target.requestID, outcome: o.isEmpty ? nil : o))
        case .nominate:
            return .success(
                .nominateFocalOfficer(unit: v(.unit), name: v(.name), position: v(.position), phone: v(.phone)))
        case .report:
            switch ReportKind(rawValue: v(.reportKind)) ?? .final {
            case .rapid:
                return .success(.submitReport(kind: .rapid, alertID: v(.alertID)))
            case .daily:
                guard case .report(let day) = f.target else { return .success(.submitReport(kind: .daily)) }
                return .success(.submitReport(kind: .daily, day: day))
            case .final:
                return .success(.submitReport(kind: .final))
            }
        }
    }

    // MARK: completion candidates

    func fold(_ s: String) -> String { SearchFold.fold(s) }

    /// Units, partner agencies and officers seen in the log (assign completion).
    var assigneeCandidates: [Completion] {
        var out: [Completion] = []
        for u in config.campaign.units {
            let name = strings.unitName(u)
            out.append(
                Completion(
                    value: u.code, label: "\(u.code) · \(name)", folded: fold("\(u.code) \(u.nameVI) \(u.nameEN)"),
                    assignee: Assignee(kind: .unit, id: u.code)))
        }
        for p in config.campaign.partnerAgencies {
            let name = strings.partnerName(p)
            out.append(
                Completion(
                    value: p.code, label: name, folded: fold("\(p.code) \(p.nameVI) \(p.nameEN)"),
                    assignee: Assignee(kind: .partner, id: p.code)))
        }
        for o in domain.actors.sorted() {
            out.append(Completion(value: o, label: o, folded: fold(o), assignee: Assignee(kind: .officer, id: o)))
        }
        return out
    }

    var partnerCandidates: [Completion] {
        config.campaign.partnerAgencies.map { p in
            Completion(
                value: p.code, label: strings.partnerName(p),
                folded: fold("\(p.code) \(p.nameVI) \(p.nameEN)"))
        }
    }

    var nominatingUnitCandidates: [Completion] {
        config.campaign.nominatingUnits.map { u in
            Completion(
                value: u.code, label: "\(u.code) · \(strings.unitName(u))",
                folded: fold("\(u.code) \(u.nameVI) \(u.nameEN)"))
        }
    }

    var counterpartCandidates: [Completion] {
        ["INTERPOL", "CN", "TH", "LA", "KH", "MY", "ID", "NG", "ZA", "MZ", "CD"].map {
            Completion(value: $0, label: $0, folded: fold($0))
        }
    }
}
