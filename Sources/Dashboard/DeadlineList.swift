import DutyDeskDomain
import DutyDeskJSON
import TerminalKit

/// The rows of the Deadlines pane, kept so that a clock tick costs what the screen shows,
/// not what the campaign holds (issue 6, item 5: at 1M events there are tens of thousands
/// of deadlines — a rapid report per seizure, an answer per verification request).
///
/// - `all` is the domain's list (`deadlines(campaign:state:now:)` without per-unit
///   nominations and acknowledgements), sorted by due instant then id. It is replaced
///   only when the projection changed (`AppState.deadlinesDirty`). Apart from the two
///   milestones, whether an entry is met depends on the projection only, so the state of
///   every row at any instant follows from `due` and the clock: `state(_:at:)`.
/// - `rows` are the entries shown (the "calm list" rules: the campaign start disappears
///   once reached, daily updates of later days stay out). Which rows are shown changes
///   with the clock only when the campaign start is reached or the local day changes
///   (`Phase`); the list is rebuilt then, and when `all` is replaced — O(deadlines), rare.
/// - A tick inside one phase only looks at the rows whose state can differ between the
///   previous instant and the new one: those due between the two instants (turning
///   overdue or, for milestones, reached) and those due between the two instants plus the
///   due-soon threshold (turning due soon). Two binary searches over `rowDue`; nothing
///   else is touched, and no text is built (countdowns are formatted at render, for the
///   visible rows only).
///
/// Alarm semantics are those of the list it replaces (a dictionary of every deadline's
/// last state, rewritten every second): a deadline raises once when the state it is seen
/// in differs from the state it was last seen in and is due soon or overdue; a deadline
/// seen for the first time raises nothing. "Last seen" is `state(at: at)` for rows shown
/// at the last reconciliation and `departed[id]` for deadlines that left the shown rows.
struct DeadlineList: Sendable {
    /// What decides which rows are shown besides the projection: the campaign zone's
    /// local day (`yyyy-MM-dd`) and whether the campaign start was reached.
    struct Phase: Sendable, Equatable {
        var today: String
        var started: Bool
    }

    /// Every deadline the pane may show, sorted by (due, id).
    private(set) var all: [Deadline] = []
    /// Indices into `all` of the rows shown, in display order.
    private(set) var rows: [Int32] = []
    /// Due instant (epoch nanoseconds) of each shown row; non-decreasing.
    private(set) var rowDue: [Int64] = []
    /// How the state of each shown row follows from the clock.
    private(set) var rowKind: [RowKind] = []
    /// Positions in `rows` of the shown rows that are neither milestones nor met by the
    /// projection (the ones that can be overdue), in display order.
    private(set) var pending: [Int32] = []
    /// Due instants of `pending`; non-decreasing.
    private(set) var pendingDue: [Int64] = []
    /// Positions in `rows` of the shown milestones (campaign start and end).
    private(set) var milestones: [Int32] = []
    /// Instant (epoch nanoseconds) the shown rows were last brought up to date at; nil before the first time.
    private(set) var at: Int64?
    private(set) var phase: Phase?
    /// Last state seen of deadlines that are not among the shown rows (gone from the
    /// projection, or hidden by the calm-list rules), by id.
    private(set) var departed: [String: DeadlineState] = [:]
    /// The campaign's due-soon threshold in nanoseconds (practice: 2 h).
    let soon: Int64
    /// Counts the rebuilds of `rows` (`reconcile`): the pane's grouping of ETAs follows it.
    private(set) var rowsVersion = 0

    init(dueSoonSeconds: Int) { soon = Int64(dueSoonSeconds) * 1_000_000_000 }

    var count: Int { rows.count }

    /// The deadline shown at `row` (0-based, display order).
    func deadline(_ row: Int) -> Deadline { all[Int(rows[row])] }

    static func isMilestone(_ d: Deadline) -> Bool { d.kind == .campaignStart || d.kind == .campaignEnd }

    /// How a deadline's state follows from the clock: met by the projection (stays met),
    /// a milestone (met once reached), or pending (due soon, then overdue).
    enum RowKind: UInt8, Sendable { case pending, met, milestone }

    static func rowKind(_ d: Deadline) -> RowKind { isMilestone(d) ? .milestone : (d.state == .met ? .met : .pending) }

    /// `state(_:at:soon:)` from a row's due instant and kind: the domain's rule
    /// (`Deadline.State.at`).
    static func state(due: Int64, kind: RowKind, at now: Int64, soon: Int64) -> DeadlineState {
        .at(now, due: due, dueSoonNanoseconds: soon, met: kind == .met, milestone: kind == .milestone)
    }

    /// The state of `d` at `now` (epoch nanoseconds) with due-soon threshold `soon`:
    /// met when the projection met it (milestones: once reached), otherwise overdue past
    /// `due`, due soon within `soon` of it, upcoming before.
    static func state(_ d: Deadline, at now: Int64, soon: Int64) -> DeadlineState {
        state(due: d.due.epochNanoseconds, kind: rowKind(d), at: now, soon: soon)
    }

    func state(_ d: Deadline, at now: Int64) -> DeadlineState { Self.state(d, at: now, soon: soon) }

    /// Calm list: the campaign start once reached, and daily updates of later days, stay out.
    static func isShown(kind: Deadline.Kind, concerns: String?, state: DeadlineState, today: String) -> Bool {
        if kind == .campaignStart && state == .met { return false }
        if kind == .dailyUpdate, let day = concerns, day > today { return false }
        return true
    }

    /// Number of shown rows overdue at `now`: pending rows due before it.
    func overdueCount(at now: Int64) -> Int { Self.lowerBound(pendingDue, now) }

    /// Positions of the shown rows that are not met at `now` and whose countdown text is
    /// the widest: the earliest and latest pending rows (the text's width grows with the
    /// distance to the due instant, overdue or not) and unreached milestones.
    func widestCountdownCandidates(at now: Int64) -> [Int] {
        var out: [Int] = []
        if let f = pending.first { out.append(Int(f)) }
        if let l = pending.last, pending.count > 1 { out.append(Int(l)) }
        for m in milestones where state(deadline(Int(m)), at: now) != .met { out.append(Int(m)) }
        return out
    }

    /// Brings the shown rows to `now` in `phase`, replacing the list by `fresh` when given
    /// (sorted by due then id), or changing it in place with `updating` (which must keep
    /// it sorted: a live event's few entries, without copying the others). Returns the positions (in the new `rows`, ascending) of the
    /// shown deadlines whose state turned due soon or overdue since they were last seen.
    mutating func advance(
        to now: Int64, phase: Phase, replacing fresh: [Deadline]?,
        updating: ((inout [Deadline]) -> DeadlineChanges)? = nil
    ) -> [Int] {
        if fresh == nil, let updating, phase == self.phase, let last = at {
            return patch(from: last, to: now, updating: updating)
        }
        if fresh != nil || updating != nil || phase != self.phase || at == nil {
            return reconcile(to: now, phase: phase, replacing: fresh, updating: updating)
        }
        guard let last = at, last != now else { return [] }
        at = now
        let lo = min(last, now)
        let hi = max(last, now)
        // Overdue / reached: due in [lo, hi]; due soon: due in (lo + soon, hi + soon].
        let a0 = Self.lowerBound(rowDue, lo)
        let a1 = Self.upperBound(rowDue, hi)
        let b0 = max(a1, Self.upperBound(rowDue, lo &+ soon))
        let b1 = Self.upperBound(rowDue, hi &+ soon)
        var turned: [Int] = []
        for p in Array(a0..<a1) + Array(b0..<max(b0, b1)) {
            let before = Self.state(due: rowDue[p], kind: rowKind[p], at: last, soon: soon)
            let after = Self.state(due: rowDue[p], kind: rowKind[p], at: now, soon: soon)
            if before != after, after == .dueSoon || after == .overdue { turned.append(p) }
        }
        return turned
    }

    /// Rebuilds the shown rows (O(deadlines), no text built) and compares every shown
    /// deadline with the state it was last seen in: by a merge of the old and new shown
    /// rows (both sorted by due then id), or `departed` for deadlines not shown before.
    private mutating func reconcile(
        to now: Int64, phase: Phase, replacing fresh: [Deadline]?,
        updating: ((inout [Deadline]) -> DeadlineChanges)? = nil
    ) -> [Int] {
        // The old rows' ids, due instants and kinds (the list may change in place below).
        let oldIDs: [String] = all.withUnsafeBufferPointer { a in rows.map { a[Int($0)].id } }
        let oldDue = rowDue
        let oldKind = rowKind
        let oldAt = at ?? now
        if let fresh { all = fresh }
        if let updating { _ = updating(&all) }
        rows = []
        rowDue = []
        rowKind = []
        pending = []
        pendingDue = []
        milestones = []
        rows.reserveCapacity(all.count)
        rowDue.reserveCapacity(all.count)
        rowKind.reserveCapacity(all.count)
        // Fields are read through the buffers: copying a `Deadline` retains all its strings.
        all.withUnsafeBufferPointer { a in
            for i in a.indices {
                let kind: RowKind =
                    a[i].kind == .campaignStart || a[i].kind == .campaignEnd
                    ? .milestone
                    : (a[i].state == .met ? .met : .pending)
                let due = a[i].due.epochNanoseconds
                let st = Self.state(due: due, kind: kind, at: now, soon: soon)
                guard Self.isShown(kind: a[i].kind, concerns: a[i].concerns, state: st, today: phase.today) else {
                    continue
                }
                let p = Int32(rows.count)
                rows.append(Int32(i))
                rowDue.append(due)
                rowKind.append(kind)
                if kind == .milestone {
                    milestones.append(p)
                } else if kind == .pending {
                    pending.append(p)
                    pendingDue.append(due)
                }
            }
        }
        // What each shown deadline was last seen as; nil = not shown before (look in `departed`).
        var before = [DeadlineState?](repeating: nil, count: rows.count)
        var unseen: [Int] = []
        do {
            all.withUnsafeBufferPointer { a in
                var i = 0
                func depart(_ i: Int) {
                    departed[oldIDs[i]] = Self.state(due: oldDue[i], kind: oldKind[i], at: oldAt, soon: soon)
                }
                for j in rows.indices {
                    let due = rowDue[j]
                    // Old rows before this one (by due, then id) are no longer shown.
                    while i < oldIDs.count, oldDue[i] < due || (oldDue[i] == due && oldIDs[i] < a[Int(rows[j])].id) {
                        depart(i)
                        i += 1
                    }
                    if i < oldIDs.count, oldDue[i] == due, oldIDs[i] == a[Int(rows[j])].id {
                        before[j] = Self.state(due: oldDue[i], kind: oldKind[i], at: oldAt, soon: soon)
                        i += 1
                    } else {
                        unseen.append(j)
                    }
                }
                while i < oldIDs.count {
                    depart(i)
                    i += 1
                }
                // After every departure is recorded: a deadline whose due instant moved was
                // "departed" from its old place a moment ago.
                for j in unseen { before[j] = departed[a[Int(rows[j])].id] }
            }
        }
        var turned: [Int] = []
        for j in rows.indices {
            guard let b = before[j] else { continue }
            let after = Self.state(due: rowDue[j], kind: rowKind[j], at: now, soon: soon)
            if b != after, after == .dueSoon || after == .overdue { turned.append(j) }
        }
        at = now
        self.phase = phase
        rowsVersion &+= 1
        return turned
    }

    /// `reconcile` for a live event's few changed entries within one phase (issue 15, live
    /// latency: the rebuild was 59 % of another desk's new alert at 1M events): the kept
    /// rows are renumbered (integers only, no entry read), the removed ones depart, the
    /// inserted ones that are shown are merged in, and only the rows whose state the clock
    /// can have changed since `last` (the windows of `advance`) and the inserted rows are
    /// compared. Within a phase whether an entry is shown does not change (it depends on
    /// the day and on the campaign start being reached, the phase), and a kept entry is
    /// unchanged (`updateDeadlines` removes and re-inserts a changed one), so the rows and
    /// the alarms are those `reconcile` gives — checked against a from-scratch list after
    /// every step of `DeadlineListTests`.
    private mutating func patch(
        from last: Int64, to now: Int64, updating: (inout [Deadline]) -> DeadlineChanges
    ) -> [Int] {
        let changes = updating(&all)
        let today = phase?.today ?? ""
        var newRows: [Int32] = []
        var newDue: [Int64] = []
        var newKind: [RowKind] = []
        var inserted: [Int] = []  // positions in the new rows of inserted entries
        newRows.reserveCapacity(rows.count + changes.inserted.count)
        newDue.reserveCapacity(rows.count + changes.inserted.count)
        newKind.reserveCapacity(rows.count + changes.inserted.count)
        // Inserted entries that are shown, by their index in the new list.
        var shownInserted: [Int] = []
        for i in changes.inserted {
            let d = all[i]
            if Self.isShown(kind: d.kind, concerns: d.concerns, state: state(d, at: now), today: today) {
                shownInserted.append(i)
            }
        }
        var removedAt = 0  // into changes.removed (old indices, ascending)
        var ins = 0  // into changes.inserted (new indices, ascending)
        var next = 0  // into shownInserted
        func appendInsertedBefore(_ limit: Int) {
            while next < shownInserted.count, shownInserted[next] < limit {
                let i = shownInserted[next]
                inserted.append(newRows.count)
                newRows.append(Int32(i))
                newDue.append(all[i].due.epochNanoseconds)
                newKind.append(Self.rowKind(all[i]))
                next += 1
            }
        }
        for j in rows.indices {
            let old = Int(rows[j])
            while removedAt < changes.removed.count, changes.removed[removedAt].index < old { removedAt += 1 }
            if removedAt < changes.removed.count, changes.removed[removedAt].index == old {
                // A shown row removed: it departs in the state it was last seen in.
                departed[changes.removed[removedAt].deadline.id] = Self.state(
                    due: rowDue[j], kind: rowKind[j], at: last, soon: soon)
                continue
            }
            // Its index in the new list: less the removed entries before it, plus the
            // inserted ones that land at or before it.
            var index = old - removedAt + ins
            while ins < changes.inserted.count, changes.inserted[ins] <= index {
                ins += 1
                index += 1
            }
            appendInsertedBefore(index)
            newRows.append(Int32(index))
            newDue.append(rowDue[j])
            newKind.append(rowKind[j])
        }
        appendInsertedBefore(Int.max)
        rows = newRows
        rowDue = newDue
        rowKind = newKind
        pending = []
        pendingDue = []
        milestones = []
        for p in rows.indices {
            switch rowKind[p] {
            case .milestone: milestones.append(Int32(p))
            case .pending:
                pending.append(Int32(p))
                pendingDue.append(rowDue[p])
            case .met: break
            }
        }
        // Which rows turned due soon or overdue: the kept ones the clock moved (the
        // windows of `advance`), and the inserted ones against what they were last seen as.
        var turned = Set<Int>()
        if last != now {
            let lo = min(last, now)
            let hi = max(last, now)
            let a0 = Self.lowerBound(rowDue, lo)
            let a1 = Self.upperBound(rowDue, hi)
            let b0 = max(a1, Self.upperBound(rowDue, lo &+ soon))
            let b1 = Self.upperBound(rowDue, hi &+ soon)
            for p in Array(a0..<a1) + Array(b0..<max(b0, b1)) {
                let before = Self.state(due: rowDue[p], kind: rowKind[p], at: last, soon: soon)
                let after = Self.state(due: rowDue[p], kind: rowKind[p], at: now, soon: soon)
                if before != after, after == .dueSoon || after == .overdue { turned.insert(p) }
            }
        }
        let insertedSet = Set(inserted)
        turned = turned.filter { !insertedSet.contains($0) }
        for p in inserted {
            guard let before = departed[all[Int(rows[p])].id] else { continue }
            let after = Self.state(due: rowDue[p], kind: rowKind[p], at: now, soon: soon)
            if before != after, after == .dueSoon || after == .overdue { turned.insert(p) }
        }
        at = now
        rowsVersion &+= 1
        return turned.sorted()
    }

    /// True when shown row `row` is an alert's ETA.
    func isETA(_ row: Int) -> Bool { all[Int(rows[row])].kind == .alertETA }

    /// First index of `xs` (non-decreasing) whose value is ≥ `v`.
    static func lowerBound(_ xs: [Int64], _ v: Int64) -> Int { xs.partitionPoint { $0 >= v } }

    /// First index of `xs` (non-decreasing) whose value is > `v`.
    static func upperBound(_ xs: [Int64], _ v: Int64) -> Int { xs.partitionPoint { $0 > v } }
}

extension AppState {
    /// The deadlines' phase at `now`: the local day in the campaign zone and whether the
    /// campaign start was reached.
    var deadlinePhase: DeadlineList.Phase {
        DeadlineList.Phase(today: config.campaign.zone.day(now), started: now >= config.campaign.windowStart)
    }

    /// Brings the deadline rows to `now`: the domain's list is recomputed only after the
    /// projection changed (`deadlinesDirty`), or updated for the subjects live events
    /// touched (`deadlineTouches`); the states follow from the clock (see
    /// `DeadlineList`), so a tick that crosses no threshold costs two binary searches.
    /// Raises an alarm once per deadline turning due soon or overdue (when `alarms`): a
    /// banner each (in list order) and the deadline bell policy's bell or flash once.
    @discardableResult
    mutating func refreshDeadlines(alarms: Bool) -> [Effect] {
        var fresh: [DutyDeskDomain.Deadline]?
        var updating: ((inout [DutyDeskDomain.Deadline]) -> DeadlineChanges)?
        let excluded = Self.deadlinePaneExcluded
        if deadlinesDirty {
            fresh = deadlines(campaign: config.campaign, state: domain, now: now, excluding: excluded)
            deadlinesDirty = false
            deadlineTouches = nil
        } else if let t = deadlineTouches {
            // Live events: rebuild the entries of the alerts and requests they touched (and
            // the campaign-wide ones) in place, keep the rest — not O(projection).
            let (campaign, domain, now) = (config.campaign, domain, now)
            updating = { list in
                updateDeadlines(
                    &list, campaign: campaign, state: domain, now: now,
                    concerningAlerts: t.alerts, requests: t.requests, excluding: excluded)
            }
            deadlineTouches = nil
        }
        let turned = deadlineList.advance(
            to: now.epochNanoseconds, phase: deadlinePhase, replacing: fresh, updating: updating)
        // The shown rows (filter, ETA group) depend on the rows alone, not on the clock: a
        // tick that rebuilt nothing leaves them (refiltering every tick cost 60 % of an idle
        // tick at 1M events).
        if deadlineList.rowsVersion != deadlineShownVersion { refilterDeadlines() }
        clamp(.deadlines)
        guard alarms, !turned.isEmpty else { return [] }
        for p in turned {
            let row = deadlineItem(p)
            addBanner(
                Notice(
                    key: "deadline:\(row.key)", text: strings.deadlineBanner(row.state, row.label(language)),
                    role: row.state == .overdue ? .danger : .warning))
        }
        switch config.bellPolicy.deadline {
        case .none: return []
        case .bell: return [.bell]
        case .flash: return [.flash]
        }
    }

    /// Number of rows in the Deadlines pane.
    var deadlineRowCount: Int { deadlineList.count }

    /// The Deadlines pane's row `row` at `now`: its state, countdown and labels.
    func deadlineItem(_ row: Int) -> DeadlineItem {
        let d = deadlineList.deadline(row)
        let state = deadlineList.state(d, at: now.epochNanoseconds)
        let label = DeadlineItem.label(d)
        return DeadlineItem(
            key: d.id, subject: DeadlineSubject(d), labelEN: label.en, labelVI: label.vi, due: d.due,
            state: state, countdown: state == .met ? "" : countdownText(to: d.due), rule: d.letterItem)
    }

    /// The shown row with id `key` (the deadline detail view), or nil. A linear search
    /// by id: only the open detail view asks, once per frame.
    func deadlineItem(key: String) -> DeadlineItem? {
        for (p, i) in deadlineList.rows.enumerated() where deadlineList.all[Int(i)].id == key { return deadlineItem(p) }
        return nil
    }

    /// Countdown from `now` to `due` in the dashboard's language (`4d 16:00:00`, `quá hạn 02:00:00`).
    func countdownText(to due: RFC3339Timestamp) -> String {
        language == .vi ? Countdown.textVI(from: now, to: due) : Countdown.text(from: now, to: due)
    }

    /// Number of deadline rows overdue at `now` (the pane's title).
    var overdueDeadlineCount: Int { deadlineList.overdueCount(at: now.epochNanoseconds) }

    /// Columns of the widest countdown among all rows at `now` (0 when every row is met),
    /// found from at most four rows (see `DeadlineList.widestCountdownCandidates`).
    var widestDeadlineCountdown: Int {
        deadlineList.widestCountdownCandidates(at: now.epochNanoseconds)
            .map { TextWidth.of(countdownText(to: deadlineList.deadline($0).due)) }.max() ?? 0
    }
}

extension DeadlineSubject {
    /// What the domain's deadline `d` concerns (Enter opens it; `f` and `d` record for it).
    init(_ d: Deadline) {
        switch d.kind {
        case .campaignStart, .campaignEnd: self = .campaignEnd
        case .focalOfficerNominations, .focalOfficerNomination: self = .focalOfficers
        case .rapidReport: self = .rapidReport(alertID: d.concerns ?? "")
        case .dailyUpdate: self = .report(.daily, day: d.concerns)
        case .finalReport: self = .report(.final, day: nil)
        case .verificationDue: self = .verification(requestID: d.concerns ?? "")
        case .alertETA, .acknowledgement: self = .alert(alertID: d.concerns ?? "")
        }
    }
}

extension DeadlineItem {
    /// The pane's label of `d` in English and Vietnamese: the domain's title, except the
    /// focal-officer aggregate, which says how many units nominated (letter 4237, item 9).
    static func label(_ d: Deadline) -> (en: String, vi: String) {
        guard d.kind == .focalOfficerNominations, let p = d.progress else { return (d.title.en, d.title.vi) }
        return (
            Strings(.en).focalOfficersNominated(p.done, of: p.total),
            Strings(.vi).focalOfficersNominated(p.done, of: p.total)
        )
    }
}
