import DutyDeskJSON

/// A deadline derived from the campaign and the state (a projection; nothing stored).
public struct Deadline: Sendable, Hashable, Identifiable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case campaignStart = "campaign_start"
        case campaignEnd = "campaign_end"
        /// All units' nominations together ("focal officers 0 of 35 nominated").
        case focalOfficerNominations = "focal_officer_nominations"
        /// One unit's nomination.
        case focalOfficerNomination = "focal_officer_nomination"
        case rapidReport = "rapid_report"
        case dailyUpdate = "daily_update"
        case finalReport = "final_report"
        case verificationDue = "verification_due"
        /// An open alert's ETA: the window to intercept the shipment or traveller.
        case alertETA = "alert_eta"
        /// A received alert's acknowledgement time (per priority).
        case acknowledgement
    }

    public enum State: String, Sendable, Hashable, CaseIterable {
        case upcoming
        /// Pending and within the campaign's due-soon threshold (practice: 2 h).
        case dueSoon = "due_soon"
        /// Pending and past due.
        case overdue
        /// Met (for the campaign start and end: reached).
        case met
    }

    /// Stable id, e.g. `campaign_end`, `focal_officer_nomination:HQHN`, `rapid_report:A-0042`.
    public var id: String
    public var kind: Kind
    public var title: BilingualText
    /// What it concerns: a unit code, an alert id, a request id, a day, or nil.
    public var concerns: String?
    public var due: RFC3339Timestamp
    /// `"item 9"` etc. when the letter fixes it, `"practice"` when it is a configurable default.
    public var letterItem: String
    public var state: State
    /// When it was met, if it was.
    public var metAt: RFC3339Timestamp?
    /// For aggregates: done and total (focal officers nominated of units).
    public var progress: (done: Int, total: Int)? {
        get { progressDone.map { ($0, progressTotal ?? 0) } }
        set {
            progressDone = newValue?.done
            progressTotal = newValue?.total
        }
    }
    var progressDone: Int?
    var progressTotal: Int?

    public init(
        id: String, kind: Kind, title: BilingualText, concerns: String?, due: RFC3339Timestamp,
        letterItem: String, state: State, metAt: RFC3339Timestamp? = nil
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.concerns = concerns
        self.due = due
        self.letterItem = letterItem
        self.state = state
        self.metAt = metAt
    }

    /// Countdown text from `now` (see `Countdown.text`); empty when met.
    public func countdown(from now: RFC3339Timestamp) -> String {
        state == .met ? "" : Countdown.text(from: now, to: due)
    }
}

/// Countdown texts. From one day up: `Nd HH:MM:SS`; below: `HH:MM:SS`; past the
/// deadline: `overdue HH:MM:SS` or `overdue Nd HH:MM:SS`. Whole seconds, truncated.
public enum Countdown {
    /// English/neutral form (`4d 16:00:00`, `00:59:59`, `overdue 1d 02:00:00`).
    public static func text(from now: RFC3339Timestamp, to due: RFC3339Timestamp) -> String {
        let (overdue, body) = parts(from: now, to: due, dayUnit: "d")
        return overdue ? "overdue " + body : body
    }
    /// Vietnamese form (`4 ngày 16:00:00`, `quá hạn 02:00:00`).
    public static func textVI(from now: RFC3339Timestamp, to due: RFC3339Timestamp) -> String {
        let (overdue, body) = parts(from: now, to: due, dayUnit: " ngày")
        return overdue ? "quá hạn " + body : body
    }
    /// The duration `seconds` (≥ 0) as `Nd HH:MM:SS` or `HH:MM:SS`.
    public static func duration(seconds: Int64, dayUnit: String = "d") -> String {
        let s = max(0, seconds)
        let d = s / 86_400
        let h = s % 86_400 / 3600
        let m = s % 3600 / 60
        let sec = s % 60
        func p(_ v: Int64) -> String { v < 10 ? "0\(v)" : String(v) }
        let hms = "\(p(h)):\(p(m)):\(p(sec))"
        return d > 0 ? "\(d)\(dayUnit) \(hms)" : hms
    }
    static func parts(from now: RFC3339Timestamp, to due: RFC3339Timestamp, dayUnit: String) -> (Bool, String) {
        let diff = due.epochNanoseconds - now.epochNanoseconds
        if diff >= 0 { return (false, duration(seconds: diff / 1_000_000_000, dayUnit: dayUnit)) }
        return (true, duration(seconds: -diff / 1_000_000_000, dayUnit: dayUnit))
    }
}

/// All deadlines of the campaign at `now`, sorted by due instant (then id).
///
/// Included: campaign start and end; the aggregated focal-officer nomination and one entry
/// per provincial department (item 9); a rapid report per seizure (item 8; delay is
/// practice); a daily results update per campaign day and the final report (item 6; times
/// are practice); each verification request's due date (item 6 / paragraph after it);
/// ETAs of open alerts and acknowledgement times of unacknowledged alerts (practice).
/// Acknowledgement and ETA entries disappear once met (the alert list shows them);
/// the others stay with state `met`.
///
/// - Parameter unit: when given, daily and final reports count as met only when that
///   unit submitted them, and rapid reports only for seizures of alerts it is responsible for.
/// - Parameter excluding: kinds not to build at all (the dashboard leaves out per-unit
///   nominations and acknowledgements, which are tens of thousands of entries at 1M events).
public func deadlines(
    campaign: Campaign, state: CampaignState, now: RFC3339Timestamp, unit: String? = nil,
    excluding: Set<Deadline.Kind> = []
) -> [Deadline] {
    let b = DeadlineBuilder(campaign: campaign, state: state, now: now)
    var out = b.campaignWide(unit: unit, excluding: excluding)
    if !excluding.contains(.rapidReport) {
        for (alertID, seizedAt) in state.seizures {
            if let unit, state.alerts[alertID]?.details.responsibleUnit != unit { continue }
            out.append(b.rapidReport(alertID, seizedAt: seizedAt))
        }
    }
    if !excluding.contains(.verificationDue) {
        for v in state.verifications.values { if let d = b.verificationDue(v) { out.append(d) } }
    }
    if !excluding.contains(.alertETA) {
        for id in state.openWithETA { if let d = b.eta(id) { out.append(d) } }
    }
    if !excluding.contains(.acknowledgement) {
        for id in state.awaitingAcknowledgement { if let d = b.acknowledgement(id) { out.append(d) } }
    }
    out.sort { ($0.due, $0.id) < ($1.due, $1.id) }
    return out
}

/// The part of `deadlines(campaign:state:now:excluding:)` that events touching
/// `alertIDs` and `requestIDs` can change: the entries concerning them (rapid report,
/// ETA, acknowledgement; verification answer) plus the campaign-wide ones (milestones,
/// focal-officer nominations, daily and final reports), sorted the same way. The
/// dashboard merges it into its list after live events instead of rebuilding every
/// deadline (issue 6, item 5: 244k deadlines at 1M events).
public func deadlines(
    campaign: Campaign, state: CampaignState, now: RFC3339Timestamp,
    concerningAlerts alertIDs: Set<String>, requests requestIDs: Set<String>,
    excluding: Set<Deadline.Kind> = []
) -> [Deadline] {
    let b = DeadlineBuilder(campaign: campaign, state: state, now: now)
    var out = b.campaignWide(unit: nil, excluding: excluding)
    for id in alertIDs {
        if !excluding.contains(.rapidReport), let at = state.seizures[id] {
            out.append(b.rapidReport(id, seizedAt: at))
        }
        if !excluding.contains(.alertETA), state.openWithETA.contains(id), let d = b.eta(id) { out.append(d) }
        if !excluding.contains(.acknowledgement), state.awaitingAcknowledgement.contains(id),
            let d = b.acknowledgement(id)
        {
            out.append(d)
        }
    }
    if !excluding.contains(.verificationDue) {
        for id in requestIDs { if let v = state.verifications[id], let d = b.verificationDue(v) { out.append(d) } }
    }
    out.sort { ($0.due, $0.id) < ($1.due, $1.id) }
    return out
}

/// Brings `list` (a result of `deadlines(campaign:state:now:excluding:)`, sorted by due
/// then id) up to date, in place, after events that touched only `alertIDs` and
/// `requestIDs` (any event's `alert_id`, `duplicate_id` and `request_id`): the entries
/// for them and the campaign-wide ones are rebuilt; those that did not change stay where
/// they are, the others are removed and the new ones inserted at their place. O(list)
/// reads and a move of the array per changed entry, no copy of the kept entries — so a
/// live event at 1M events does not copy 150k entries. Equal to recomputing the list
/// whole at `now`, except that kept entries keep the pending state (upcoming, due soon,
/// overdue) they were built with; whether an entry is met is always current.
/// - Returns: the entries removed and the positions inserted (`DeadlineChanges`), so a
///   view over the list can follow without comparing it whole.
@discardableResult
public func updateDeadlines(
    _ list: inout [Deadline], campaign: Campaign, state: CampaignState, now: RFC3339Timestamp,
    concerningAlerts alertIDs: Set<String>, requests requestIDs: Set<String>,
    excluding: Set<Deadline.Kind> = []
) -> DeadlineChanges {
    var fresh: [String: Deadline] = [:]
    for d in deadlines(
        campaign: campaign, state: state, now: now, concerningAlerts: alertIDs, requests: requestIDs,
        excluding: excluding)
    { fresh[d.id] = d }
    // Entries are read in place (a copy of each would retain its five strings: 150k
    // entries at 1M events); only those to drop are collected, then removed by moving.
    var drop: [Int] = []
    list.withUnsafeBufferPointer { l in
        for i in l.indices {
            let rebuilt: Bool
            switch l[i].kind {
            case .campaignStart, .campaignEnd, .focalOfficerNominations, .focalOfficerNomination, .dailyUpdate,
                .finalReport:
                rebuilt = true
            case .rapidReport, .alertETA, .acknowledgement:
                rebuilt = !alertIDs.isEmpty && l[i].concerns.map { alertIDs.contains($0) } ?? false
            case .verificationDue:
                rebuilt = !requestIDs.isEmpty && l[i].concerns.map { requestIDs.contains($0) } ?? false
            }
            guard rebuilt else { continue }
            if let f = fresh[l[i].id], f.sameEntry(as: l[i]) {
                fresh[l[i].id] = nil
            } else {
                drop.append(i)
            }
        }
    }
    var changes = DeadlineChanges()
    changes.removed = drop.map { ($0, list[$0]) }
    for i in drop.reversed() { list.remove(at: i) }
    // In ascending order, so each lands after the ones before it: the positions stay valid.
    for d in fresh.values.sorted(by: { ($0.due, $0.id) < ($1.due, $1.id) }) {
        let i = list.partitionPoint { ($0.due, $0.id) >= (d.due, d.id) }
        list.insert(d, at: i)
        changes.inserted.append(i)
    }
    return changes
}

/// What `updateDeadlines` changed in the list: the entries it removed, at their indices
/// in the list as it was (ascending), and the indices of the entries it inserted, in the
/// list as it is now (ascending). Every other entry is unchanged and kept its order.
public struct DeadlineChanges: Sendable {
    public var removed: [(index: Int, deadline: Deadline)] = []
    public var inserted: [Int] = []
    public init() {}
}

extension Deadline.State {
    /// The deadline-state rule, the one copy the domain's entries and the dashboard's rows
    /// both use: `met` when the projection met it; a milestone (campaign start, end) is met
    /// once reached (`now >= due`); otherwise overdue past `due`, due soon within
    /// `dueSoonNanoseconds` of it (the campaign's practice threshold, default 2 h), upcoming
    /// before. Instants are epoch nanoseconds (zone-free).
    public static func at(
        _ now: Int64, due: Int64, dueSoonNanoseconds soon: Int64, met: Bool = false, milestone: Bool = false
    ) -> Deadline.State {
        if met { return .met }
        let left = due - now
        if milestone && left <= 0 { return .met }
        return left < 0 ? .overdue : (left <= soon ? .dueSoon : .upcoming)
    }
}

extension Deadline {
    /// Equal but for the pending state (upcoming, due soon, overdue), which depends on the
    /// instant the entry was built at, not on the projection.
    func sameEntry(as o: Deadline) -> Bool {
        id == o.id && kind == o.kind && due == o.due && (state == .met) == (o.state == .met) && metAt == o.metAt
            && title == o.title && concerns == o.concerns && letterItem == o.letterItem
            && progressDone == o.progressDone && progressTotal == o.progressTotal
    }
}

/// Builds single deadline entries (rules: letter 4237 items 2, 6–9 and the campaign's
/// practice times; see `deadlines(campaign:state:now:unit:excluding:)`).
struct DeadlineBuilder {
    let campaign: Campaign
    let state: CampaignState
    let now: RFC3339Timestamp
    var rules: DeadlineRules { campaign.deadlines }
    var z: CampaignZone { campaign.zone }

    func pending(_ due: RFC3339Timestamp) -> Deadline.State {
        .at(
            now.epochNanoseconds, due: due.epochNanoseconds,
            dueSoonNanoseconds: Int64(rules.dueSoonSeconds) * 1_000_000_000)
    }
    func milestone(_ due: RFC3339Timestamp) -> Deadline.State {
        .at(
            now.epochNanoseconds, due: due.epochNanoseconds,
            dueSoonNanoseconds: Int64(rules.dueSoonSeconds) * 1_000_000_000, milestone: true)
    }

    /// Milestones, focal-officer nominations (per unit and the aggregate), daily updates
    /// and the final report; `unit` as in `deadlines(…unit:…)`.
    func campaignWide(unit: String?, excluding: Set<Deadline.Kind>) -> [Deadline] {
        var out: [Deadline] = []
        out.append(
            Deadline(
                id: "campaign_start", kind: .campaignStart,
                title: BilingualText(en: "Campaign starts", vi: "Bắt đầu chiến dịch"), concerns: campaign.id,
                due: z.local(campaign.windowStart), letterItem: "letter", state: milestone(campaign.windowStart),
                metAt: now >= campaign.windowStart ? z.local(campaign.windowStart) : nil))
        out.append(
            Deadline(
                id: "campaign_end", kind: .campaignEnd,
                title: BilingualText(en: "Campaign ends", vi: "Kết thúc chiến dịch"), concerns: campaign.id,
                due: z.local(campaign.windowEnd), letterItem: "letter", state: milestone(campaign.windowEnd),
                metAt: now >= campaign.windowEnd ? z.local(campaign.windowEnd) : nil))

        // Focal officers (item 9).
        let nomDue = z.local(rules.focalOfficerNominationDue)
        let item = rules.focalOfficerNominationSource.text
        let units = campaign.nominatingUnits
        var done = 0
        var lastNominated: RFC3339Timestamp?
        for u in units {
            let n = state.nominations[u.code]
            if let n {
                done += 1
                lastNominated = max(lastNominated ?? n.nominatedAt, n.nominatedAt)
            }
            if excluding.contains(.focalOfficerNomination) { continue }
            out.append(
                Deadline(
                    id: "focal_officer_nomination:\(u.code)", kind: .focalOfficerNomination,
                    title: BilingualText(
                        en: "Focal officer nomination: \(u.nameEN)", vi: "Cử cán bộ đầu mối: \(u.nameVI)"),
                    concerns: u.code, due: nomDue, letterItem: item,
                    state: n == nil ? pending(nomDue) : .met, metAt: n.map { z.local($0.nominatedAt) }))
        }
        var agg = Deadline(
            id: "focal_officer_nominations", kind: .focalOfficerNominations,
            title: BilingualText(
                en: "Focal officers \(done) of \(units.count) nominated",
                vi: "Đã cử cán bộ đầu mối: \(done)/\(units.count) đơn vị"),
            concerns: nil, due: nomDue, letterItem: item,
            state: done == units.count ? .met : pending(nomDue),
            metAt: done == units.count ? lastNominated.map(z.local) : nil)
        agg.progress = (done, units.count)
        out.append(agg)

        // Daily updates and the final report (item 6; times practice).
        let minute = rules.dailyUpdateMinuteOfDay
        for d in campaign.campaignDays {
            let day = CampaignZone.isoDay(year: d.year, month: d.month, day: d.day)
            let due = z.instant(year: d.year, month: d.month, day: d.day, hour: minute / 60, minute: minute % 60)
            var r = state.dailyReports[day]
            if let unit { r = state.reports.first { $0.kind == .daily && $0.day == day && $0.unit == unit } }
            out.append(
                Deadline(
                    id: "daily_update:\(day)", kind: .dailyUpdate,
                    title: BilingualText(
                        en:
                            "Daily results update \(d.day < 10 ? "0" : "")\(d.day)/\(d.month < 10 ? "0" : "")\(d.month)",
                        vi:
                            "Cập nhật kết quả ngày \(d.day < 10 ? "0" : "")\(d.day)/\(d.month < 10 ? "0" : "")\(d.month)"
                    ),
                    concerns: day, due: due, letterItem: rules.dailyUpdateSource.text,
                    state: r == nil ? pending(due) : .met, metAt: r.map { z.local($0.submittedAt) }))
        }
        var fin = state.finalReport
        if let unit { fin = state.reports.first { $0.kind == .final && $0.unit == unit } }
        let finDue = z.local(rules.finalReportDue)
        out.append(
            Deadline(
                id: "final_report", kind: .finalReport,
                title: BilingualText(en: "Final results report", vi: "Báo cáo tổng kết kết quả"), concerns: campaign.id,
                due: finDue, letterItem: rules.finalReportSource.text,
                state: fin == nil ? pending(finDue) : .met, metAt: fin.map { z.local($0.submittedAt) }))
        if !excluding.isEmpty { out.removeAll { excluding.contains($0.kind) } }
        return out
    }

    /// The rapid report due after the seizure of `alertID` at `seizedAt` (item 8; delay practice).
    func rapidReport(_ alertID: String, seizedAt: RFC3339Timestamp) -> Deadline {
        let due = z.local(seizedAt.adding(seconds: rules.rapidReportAfterSeizureSeconds))
        let r = state.rapidReports[alertID]
        return Deadline(
            id: "rapid_report:\(alertID)", kind: .rapidReport,
            title: BilingualText(en: "Rapid report on seizure \(alertID)", vi: "Báo cáo nhanh vụ bắt giữ \(alertID)"),
            concerns: alertID, due: due,
            letterItem: rules.rapidReportSource.isPractice ? "item 8 (delay: practice)" : rules.rapidReportSource.text,
            state: r == nil ? pending(due) : .met, metAt: r.map { z.local($0.submittedAt) })
    }

    /// The answer due for `v` (items 6 and 7), nil once closed unanswered.
    func verificationDue(_ v: VerificationRequest) -> Deadline? {
        guard v.status != .closed || v.answeredAt != nil else { return nil }
        let met = v.answeredAt
        let counterpart = v.counterpart
        let title =
            v.direction == .incoming
            ? BilingualText(
                en: "Answer verification request \(v.id) from \(counterpart)",
                vi: "Trả lời yêu cầu xác minh \(v.id) của \(counterpart)")
            : BilingualText(
                en: "Reply expected to verification request \(v.id) to \(counterpart)",
                vi: "Chờ trả lời yêu cầu xác minh \(v.id) gửi \(counterpart)")
        return Deadline(
            id: "verification_due:\(v.id)", kind: .verificationDue, title: title, concerns: v.id,
            due: z.local(v.dueAt), letterItem: v.direction == .incoming ? "item 6" : "item 7",
            state: met == nil ? pending(v.dueAt) : .met, metAt: met.map(z.local))
    }

    /// The ETA of open alert `id` (item 2), nil without one.
    func eta(_ id: String) -> Deadline? {
        guard let a = state.alerts[id], let eta = a.details.eta else { return nil }
        return Deadline(
            id: "alert_eta:\(id)", kind: .alertETA,
            title: BilingualText(
                en: "ETA of \(id): \(a.details.subject)", vi: "Dự kiến đến \(id): \(a.details.subject)"),
            concerns: id, due: z.local(eta), letterItem: "item 2", state: pending(eta))
    }

    /// When unacknowledged alert `id` must be acknowledged (practice times per priority).
    func acknowledgement(_ id: String) -> Deadline? {
        guard let a = state.alerts[id] else { return nil }
        let due = z.local(a.details.receivedAt.adding(seconds: campaign.acknowledgeWithinSeconds(a.details.priority)))
        return Deadline(
            id: "acknowledgement:\(id)", kind: .acknowledgement,
            title: BilingualText(
                en: "Acknowledge \(id) (\(a.details.priority.rawValue))",
                vi: "Tiếp nhận tin báo \(id) (\(a.details.priority.vi))"),
            concerns: id, due: due,
            letterItem: campaign.priorityRule(a.details.priority)?.source.text ?? "practice",
            state: pending(due))
    }
}
