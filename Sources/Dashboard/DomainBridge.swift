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
                        key: "alert:\(id)", text: "\(id) · " + strings.newAlertBanner(level(p), a.details.subject),
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

    func level(_ p: Priority) -> PriorityLevel {
        switch p {
        case .critical: .critical
        case .high: .high
        case .normal: .normal
        case .low: .low
        }
    }

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
            id: a.id, receivedAt: d.receivedAt, priority: level(d.priority), source: sourceName(d.source),
            subject: d.subject, location: d.location?.name ?? "", status: status, owner: owner,
            acknowledgeBy: ackBy, snoozedUntil: l.snoozedUntil)
    }

    /// Short source names (10 columns at most) for the alert list; the detail view adds the reference.
    func sourceName(_ s: AlertSource) -> String {
        let vi = language == .vi
        switch s.kind {
        case .coordinationBoard: return vi ? "Ban ĐP" : "Board"
        case .memberCountry: return (vi ? "Nước " : "Country ") + (s.country ?? "?")
        case .police: return vi ? "Công an" : "Police"
        case .borderGuard: return vi ? "Biên phòng" : "Border Gd"
        case .marketManagement: return vi ? "QLTT" : "Market Mgt"
        case .customsIntelligence: return vi ? "Hải quan" : "Customs"
        case .publicTip: return vi ? "Người dân" : "Public"
        }
    }

    /// Full source names for the detail view.
    func sourceLongName(_ s: AlertSource) -> String {
        let vi = language == .vi
        switch s.kind {
        case .coordinationBoard: return vi ? config.campaign.coordinationBoard.vi : config.campaign.coordinationBoard.en
        case .memberCountry: return (vi ? "Nước thành viên " : "Member country ") + (s.country ?? "?")
        case .police: return vi ? "Công an" : "Police"
        case .borderGuard: return vi ? "Bộ đội Biên phòng" : "Border Guard"
        case .marketManagement: return vi ? "Quản lý thị trường" : "Market Management"
        case .customsIntelligence: return vi ? "Thông tin nghiệp vụ hải quan" : "Customs intelligence"
        case .publicTip: return vi ? "Tin báo của người dân" : "Tip from the public"
        }
    }

    func assigneeName(_ a: Assignee) -> String {
        switch a.kind {
        case .unit: return a.id
        case .officer: return a.id
        case .partner:
            guard let p = config.campaign.partner(a.id) else { return a.id }
            return language == .vi ? p.nameVI : p.nameEN
        }
    }

    mutating func refreshRequests() {
        requests = domain.verifications.values.map { v in
            let st: RequestState
            switch v.status {
            case .open: st = .open
            case .answered: st = .replied
            case .closed: st = .closed
            }
            return VerificationItem(
                id: v.id, direction: v.direction == .incoming ? .incoming : .outgoing,
                counterpart: v.counterpart, subject: v.subject, openedAt: v.openedAt, due: v.dueAt, state: st)
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
            return ([], e.reason)
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
            let parts = raw.split(separator: ":", maxSplits: 1).map(String.init)
            let assignee: Assignee
            if parts.count == 2, let kind = AssigneeKind(rawValue: parts[0]) {
                assignee = Assignee(kind: kind, id: parts[1])
            } else if config.campaign.unit(raw) != nil {
                assignee = Assignee(kind: .unit, id: raw)
            } else if config.campaign.partner(raw) != nil {
                assignee = Assignee(kind: .partner, id: raw)
            } else {
                assignee = Assignee(kind: .officer, id: raw)
            }
            return .success(.assign(alertID: f.target, to: assignee))
        case .escalate:
            guard let t = EscalationTarget(rawValue: v(.assignee)) else {
                return .failure(FormError(s.field(.assignee)))
            }
            let reason = v(.reason)
            return .success(.escalate(alertID: f.target, to: t, reason: reason.isEmpty ? nil : reason))
        case .close:
            switch v(.disposition) {
            case DispositionChoice.seizure.rawValue:
                let amount = v(.quantity)
                let m = Measure(amount: amount, unit: v(.quantityUnit))
                if !m.isValidAmount { return .failure(FormError("\(s.field(.quantity)): «\(amount)» \(s.notANumber)")) }
                return .success(
                    .close(
                        alertID: f.target, disposition: .seized(commodity: v(.commodity), species: [], quantity: [m])))
            case DispositionChoice.noViolation.rawValue:
                return .success(.close(alertID: f.target, disposition: .noFinding))
            case DispositionChoice.falseAlarm.rawValue:
                return .success(.close(alertID: f.target, disposition: .falseAlarm))
            default:
                let p = v(.counterpart).split(separator: ":", maxSplits: 1).last.map(String.init) ?? ""
                return .success(.close(alertID: f.target, disposition: .referredToPartner(p)))
            }
        case .snooze:
            let minutes = Int(v(.duration)) ?? 15
            return .success(.snooze(alertID: f.target, until: now.adding(seconds: minutes * 60)))
        case .note:
            return .success(.addNote(alertID: f.target, text: v(.text)))
        case .merge:
            return .success(.merge(duplicate: f.target, into: v(.duplicateOf)))
        case .openRequest:
            let dir: VerificationDirection = v(.direction) == "outgoing" ? .outgoing : .incoming
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
            return .success(.replyVerification(requestID: f.target, summary: v(.text)))
        case .closeRequest:
            let o = v(.outcome)
            return .success(.closeVerification(requestID: f.target, outcome: o.isEmpty ? nil : o))
        case .nominate:
            return .success(
                .nominateFocalOfficer(unit: v(.unit), name: v(.name), position: v(.position), phone: v(.phone)))
        case .report:
            switch v(.reportKind) {
            case ReportChoice.rapid.rawValue:
                return .success(.submitReport(kind: .rapid, alertID: v(.alertID)))
            case ReportChoice.dailyUpdate.rawValue:
                let day = f.target.hasPrefix("daily_update:") ? String(f.target.dropFirst("daily_update:".count)) : nil
                return .success(.submitReport(kind: .daily, day: day))
            default:
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
            let name = language == .vi ? u.nameVI : u.nameEN
            out.append(
                Completion(
                    value: "unit:\(u.code)", label: "\(u.code) · \(name)",
                    folded: fold("\(u.code) \(u.nameVI) \(u.nameEN)")))
        }
        for p in config.campaign.partnerAgencies {
            let name = language == .vi ? p.nameVI : p.nameEN
            out.append(
                Completion(value: "partner:\(p.code)", label: name, folded: fold("\(p.code) \(p.nameVI) \(p.nameEN)")))
        }
        for o in domain.actors.sorted() {
            out.append(Completion(value: "officer:\(o)", label: o, folded: fold(o)))
        }
        return out
    }

    var partnerCandidates: [Completion] {
        config.campaign.partnerAgencies.map { p in
            Completion(
                value: "partner:\(p.code)", label: language == .vi ? p.nameVI : p.nameEN,
                folded: fold("\(p.code) \(p.nameVI) \(p.nameEN)"))
        }
    }

    var nominatingUnitCandidates: [Completion] {
        config.campaign.nominatingUnits.map { u in
            Completion(
                value: u.code, label: "\(u.code) · \(language == .vi ? u.nameVI : u.nameEN)",
                folded: fold("\(u.code) \(u.nameVI) \(u.nameEN)"))
        }
    }

    var counterpartCandidates: [Completion] {
        ["INTERPOL", "CN", "TH", "LA", "KH", "MY", "ID", "NG", "ZA", "MZ", "CD"].map {
            Completion(value: $0, label: $0, folded: fold($0))
        }
    }
}
