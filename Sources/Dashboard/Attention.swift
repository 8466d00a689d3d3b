// Attention (issue 13, item 1): snoozes that run out and acknowledgement times that pass
// raise banners and the alarm on the dashboard's clock (`.tick`); a banner about an alert
// clears itself once the alert is acted on, by anyone.
import DutyDeskDomain
import DutyDeskJSON
import HeapModule
import TerminalKit

/// Instants (epoch nanoseconds) keyed by alert id, handed back in time order once the
/// clock reaches them. One instant per id: scheduling again replaces it, `cancel` drops it
/// (stale entries are skipped and compacted away). A min-heap (swift-collections'
/// `Heap`): `schedule` costs O(log n) — a sorted array's insertion moved the whole queue,
/// 14 % of the idle dashboard's CPU at 1M events (docs/performance.md, issue 15) — and
/// `popDue` O(log n) per instant handed back; a tick with nothing due costs O(1).
struct TimerQueue: Sendable {
    private var due: [String: Int64] = [:]
    private var heap = Heap<Entry>()
    /// Entries scheduled with `bulk`, heapified together at the next `popDue`.
    private var pending: [Entry] = []

    private struct Entry: Sendable, Comparable {
        var at: Int64
        var id: String
        static func < (a: Entry, b: Entry) -> Bool { a.at != b.at ? a.at < b.at : a.id < b.id }
    }

    /// The instant scheduled for `id`, if any.
    func when(_ id: String) -> Int64? { due[id] }

    /// Schedules `id` at `at` (replacing its earlier instant). With `bulk` the entries are
    /// heapified together at the next `popDue` (O(n) for the start-up's n instead of
    /// O(n log n)).
    mutating func schedule(_ id: String, at: Int64, bulk: Bool = false) {
        if due[id] == at { return }
        due[id] = at
        let e = Entry(at: at, id: id)
        if bulk || !pending.isEmpty {
            pending.append(e)
        } else {
            heap.insert(e)
        }
    }

    mutating func cancel(_ id: String) { due[id] = nil }

    /// Removes and returns, in time order, the ids whose instant is at or before `through`.
    mutating func popDue(through: Int64) -> [String] {
        if !pending.isEmpty {
            heap = heap.isEmpty ? Heap(pending) : Heap(Array(heap.unordered) + pending)
            pending = []
        }
        var out: [String] = []
        while let first = heap.min, first.at <= through {
            let e = heap.removeMin()
            if due[e.id] == e.at {
                due[e.id] = nil
                out.append(e.id)
            }
        }
        // Stale entries (rescheduled or cancelled ids) are dropped once they outnumber the
        // live ones.
        if heap.count > 2 * due.count + 1024 {
            heap = Heap(heap.unordered.filter { due[$0.id] == $0.at })
        }
        return out
    }
}

/// What a banner is about, for clearing it once its alert is acted on.
enum NoticeKind: Sendable, Equatable {
    /// A new critical or high alert: clears once it is no longer unacknowledged.
    case newAlert
    /// An alert past its acknowledgement time: clears once it is no longer unacknowledged.
    case acknowledgementOverdue
    /// A snooze ran out: clears once someone acts on the alert (`AlertItem.wokeAt` cleared).
    case snoozeEnded
    /// An acknowledged alert nobody touched since `since` (epoch ns of its newest event):
    /// clears once anything is recorded on it, or it is closed or snoozed.
    case untouched(since: Int64)
    /// An unread shift handover (its event id): clears once it is marked read (`refreshHandover`).
    case handover(String)
    /// Anything else (deadlines, the log, the clock): cleared by `x` or `X` only.
    case other
}

extension AppState {
    /// The alarm an alert of priority `p` raises (snooze ended, acknowledgement overdue):
    /// the bell policy's critical or high alarm, and for normal and low alerts the
    /// deadline alarm (an acknowledgement time is a deadline).
    func alarm(for p: Priority) -> Alarm {
        switch p {
        case .critical: config.bellPolicy.critical
        case .high: config.bellPolicy.high
        case .normal, .low: config.bellPolicy.deadline
        }
    }

    /// One effect for the strongest of `alarms` (flash over bell), or none.
    static func effects(_ alarms: [Alarm]) -> [Effect] {
        if alarms.contains(.flash) { return [.flash] }
        if alarms.contains(.bell) { return [.bell] }
        return []
    }

    /// Keeps the timers of `a` current after its row was rebuilt: its snooze end while it
    /// is snoozed, and its next acknowledgement reminder while it is unacknowledged. When
    /// `live` is false (the log read at start) an acknowledgement time already past raises
    /// nothing now: the first reminder is the next one of the repeat (`ackReminderSeconds`).
    mutating func trackAttention(_ a: AlertItem, live: Bool, bulk: Bool = false) {
        if !a.status.isDone, let u = a.snoozedUntil, now < u {
            snoozeEnds.schedule(a.id, at: u.epochNanoseconds, bulk: bulk)
        } else {
            snoozeEnds.cancel(a.id)
        }
        if a.status == .new, config.acknowledgementReminders {
            guard ackReminders.when(a.id) == nil else { return }
            var at = reminderAnchor(a)
            if !live, at < now.epochNanoseconds {
                // A self-escalation that fell due while no dashboard ran comes at the first tick.
                at =
                    dueSelfEscalation(a.id) != nil
                    ? now.epochNanoseconds : nextReminder(after: now, from: at, a.priority)
            }
            ackReminders.schedule(a.id, at: at, bulk: bulk)
        } else {
            ackReminders.cancel(a.id)
        }
        trackUntouched(a, live: live, bulk: bulk)
    }

    /// True for an alert the untouched reminder watches: acknowledged, assigned or
    /// escalated (not snoozed, not closed), owned by this desk's unit (every alert of a log
    /// without a desk), with reminders on.
    func watchesUntouched(_ a: AlertItem) -> Bool {
        guard config.acknowledgementReminders else { return false }
        switch a.status {
        case .acknowledged, .assigned, .escalated: break
        case .new, .snoozed, .closed, .merged: return false
        }
        if let u = a.snoozedUntil, now < u { return false }
        guard let mine = domain.desk?.unit else { return true }
        return a.unit == mine || a.unit.isEmpty
    }

    /// Schedules the untouched reminder of `a` at its newest event + the campaign's
    /// `untouchedAfterSeconds` (issue 13, item 1), keeping a schedule made from the same
    /// event (so its repeats stand). At a start (`live` false) one already past comes at
    /// the next repeat after now.
    mutating func trackUntouched(_ a: AlertItem, live: Bool, bulk: Bool) {
        guard watchesUntouched(a), let touched = a.lastTouchedAt?.epochNanoseconds else {
            untouchedReminders.cancel(a.id)
            untouchedFrom[a.id] = nil
            return
        }
        if untouchedFrom[a.id] == touched, untouchedReminders.when(a.id) != nil { return }
        untouchedFrom[a.id] = touched
        let every = config.campaign.untouchedAfterSeconds
        let at =
            live
            ? touched + Int64(max(60, every)) * 1_000_000_000
            : nextRepeat(after: now, from: touched, every: every)
        untouchedReminders.schedule(a.id, at: at, bulk: bulk)
    }

    /// Where the acknowledgement reminders of `a` count from (epoch ns): its acknowledgement
    /// time, or when the log recorded it if that is later (an alert typed in late has had
    /// no reminder yet) — the same instant the self-escalation counts from
    /// (`CampaignState.selfEscalations`, decision 0017).
    func reminderAnchor(_ a: AlertItem) -> Int64 {
        let due = a.acknowledgeBy.epochNanoseconds
        guard let recorded = domain.alerts[a.id]?.timeline.first?.at.epochNanoseconds else { return due }
        return max(due, recorded)
    }

    /// The first instant `from + k·N` (k ≥ 1, N the priority's repeat) after `now`.
    func nextReminder(after now: RFC3339Timestamp, from: Int64, _ p: Priority) -> Int64 {
        nextRepeat(after: now, from: from, every: config.reminderSeconds(p))
    }

    /// The first instant `from + k·N` (k ≥ 1; N = `seconds`, at least 60) after `now`.
    func nextRepeat(after now: RFC3339Timestamp, from: Int64, every seconds: Int) -> Int64 {
        let n = Int64(max(60, seconds)) * 1_000_000_000
        let late = max(0, now.epochNanoseconds - from)
        return from + (late / n + 1) * n
    }

    /// The rows of `id` rebuilt from the domain keep `wokeAt` only while nobody acted on
    /// the alert since its snooze ended: status, owner and snooze end unchanged.
    func carryingWake(_ item: AlertItem) -> AlertItem {
        guard let old = store.item(id: item.id), let w = old.wokeAt, !item.status.isDone,
            old.status == item.status, old.owner == item.owner, old.snoozedUntil == item.snoozedUntil
        else { return item }
        var it = item
        it.wokeAt = w
        return it
    }

    /// At a tick: snoozes that ran out put their alert back at the top of its priority
    /// group with a banner; alerts past their acknowledgement time get a banner now and
    /// every `ackReminderSeconds` after, until someone acts. Returns the alarm raised once.
    mutating func attentionTick() -> [Effect] {
        store.clock = now
        var alarms: [Alarm] = []
        var woken: [AlertItem] = []
        for id in snoozeEnds.popDue(through: now.epochNanoseconds) {
            guard var it = store.item(id: id), !it.status.isDone, let u = it.snoozedUntil, u <= now else { continue }
            it.wokeAt = u
            woken.append(it)
            addBanner(
                Notice(
                    key: "woke:\(id)", text: "\(id) · " + strings.snoozeEndedBanner(it.subject), role: it.priority.role,
                    alertID: id, kind: .snoozeEnded, priority: it.priority))
            alarms.append(alarm(for: it.priority))
        }
        if !woken.isEmpty {
            let keepID = currentAlertID()
            store.upsertMany(woken)
            if let keepID { follow(alertID: keepID) }
            clampAll()
        }
        // Strictly after the acknowledgement time, as `AlertItem.isPastAcknowledgement`.
        var fx: [Effect] = []
        var reminderAlarms: [Alarm] = []
        // The reminders' banners are added in one pass at the end: at Division 1's size
        // about a hundred fall due each second, and one pass over the banners each (they can
        // number thousands) was most of an idle second's CPU.
        var reminded: [Notice] = []
        for id in ackReminders.popDue(through: now.epochNanoseconds - 1) {
            guard let it = store.item(id: id), it.status == .new else { continue }
            if dueSelfEscalation(id) != nil { fx += selfEscalate(id) }
            if let a = domain.alerts[id], let e = a.latestSelfEscalation {
                // Already escalated by the desk: the reminder says so (one banner per alert).
                raiseSelfEscalationBanner(a, to: e.target, after: e.afterReminders)
            } else {
                // One banner per alert: the reminder takes the place of its "new alert" banner.
                reminded.append(
                    Notice(
                        key: "ack:\(id)",
                        text: "\(id) · " + strings.acknowledgementOverdueBanner(it.priority, it.subject),
                        role: it.priority.role, alertID: id, kind: .acknowledgementOverdue, priority: it.priority))
            }
            reminderAlarms.append(alarm(for: it.priority))
            ackReminders.schedule(
                id, at: nextReminder(after: now, from: reminderAnchor(it), it.priority))
        }
        if !reminded.isEmpty {
            for id in reminded.compactMap(\.alertID) {
                for key in banners.keys(about: id) where banners.notice(key: key)?.kind == .newAlert {
                    banners.remove(key: key)
                }
            }
            addBanners(reminded)
        }
        for id in untouchedReminders.popDue(through: now.epochNanoseconds) {
            guard let it = store.item(id: id), watchesUntouched(it), let t = it.lastTouchedAt,
                untouchedFrom[id] == t.epochNanoseconds
            else { continue }
            let hours = max(1, (now.epochNanoseconds - t.epochNanoseconds) / 3_600_000_000_000)
            addBanner(
                Notice(
                    key: "untouched:\(id)",
                    text: "\(id) · " + strings.untouchedBanner(owner: it.owner, hours: Int(hours), it.subject),
                    role: .warning, alertID: id, kind: .untouched(since: t.epochNanoseconds), priority: it.priority))
            reminderAlarms.append(config.bellPolicy.deadline)
            untouchedReminders.schedule(
                id, at: nextRepeat(after: now, from: t.epochNanoseconds, every: config.campaign.untouchedAfterSeconds))
        }
        alarms += quietenedReminderAlarms(reminderAlarms)
        return fx + Self.effects(alarms)
    }

    /// The reminders' alarms that may sound now (decision 0019): each kind of alarm (bell,
    /// flash) at most once per `reminderAlarmGapSeconds` for reminders; their banners all
    /// come. At Division 1's size a reminder falls due every second or so, and a flash
    /// every second held the loop 100 ms of each (ncurses) and left the officer nothing
    /// to tell a new alert by. New alerts, snooze ends and deadlines are not held back.
    mutating func quietenedReminderAlarms(_ alarms: [Alarm]) -> [Alarm] {
        var out: [Alarm] = []
        for a in Set(alarms) where a != .none {
            let t = now.epochNanoseconds
            if let last = lastReminderAlarm[a], t >= last, t - last < Self.reminderAlarmGapSeconds * 1_000_000_000 {
                continue
            }
            lastReminderAlarm[a] = t
            out.append(a)
        }
        return out
    }

    /// The least time between two reminder alarms of one kind (decision 0019).
    static let reminderAlarmGapSeconds: Int64 = 60

    /// The self-escalation of `id` due at `now` (decision 0017), if any: the campaign sets
    /// one, the alert is unacknowledged and of this desk's unit, and its instant has come.
    func dueSelfEscalation(_ id: String) -> SelfEscalationStep? {
        guard config.acknowledgementReminders, let s = domain.nextSelfEscalation(id), s.dueAt <= now else {
            return nil
        }
        return s
    }

    /// Sends the self-escalation of `id` (actor `system`), unless one is already on its way;
    /// a refusal (someone acknowledged it meanwhile) sends nothing. Not on the undo stack:
    /// it is not the officer's action.
    mutating func selfEscalate(_ id: String) -> [Effect] {
        guard !pending.contains(where: { $0.bySystem && $0.alertIDs.contains(id) }) else { return [] }
        if case .readOnly = logStatus { return [] }
        var n = nextEventNumber
        let prefix = config.eventIDPrefix
        let result = decide(
            .selfEscalate(alertID: id), state: domain, actor: CampaignState.systemActor, now: now,
            newID: {
                defer { n += 1 }
                return "\(prefix)-\(n)"
            })
        guard case .success(let events) = result, !events.isEmpty else { return [] }
        nextEventNumber = n
        let rid = send(events, label: strings.selfEscalationLabel(id))
        if let i = pending.firstIndex(where: { $0.requestID == rid }) { pending[i].bySystem = true }
        return [.appendAsSystem(requestID: rid, events: events)]
    }

    /// A banner for each self-escalation among `records` just applied (from any process or
    /// desk).
    mutating func announceSelfEscalations(_ records: [RecordedEvent]) {
        for r in records {
            guard let id = r.subjects.alertID, let a = domain.alerts[id], let last = a.timeline.last,
                last.seq == r.seq, case .selfEscalated(let to, let n)? = a.timelineAction(a.timeline.count - 1)
            else { continue }
            raiseSelfEscalationBanner(a, to: to, after: n)
        }
    }

    /// The banner of alert `a`'s self-escalation to `to` after `n` reminders: it takes the
    /// place of the alert's other banners (new alert, acknowledgement overdue) and clears,
    /// like them, once the alert is acknowledged, closed or merged.
    mutating func raiseSelfEscalationBanner(_ a: AlertRecord, to: EscalationTarget, after n: Int) {
        let id = a.id
        let p = a.details.priority
        banners.remove(key: "alert:\(id)")
        banners.remove(key: "ack:\(id)")
        addBanner(
            Notice(
                key: "escalated:\(id)",
                text: "\(id) · "
                    + strings.selfEscalatedBanner(strings.escalationTarget(to.rawValue), n, a.details.subject),
                role: p.role, alertID: id, kind: .acknowledgementOverdue, priority: p))
    }

    /// Drops the banners about alerts in `ids` that someone has acted on since (any
    /// writer's record: acknowledged, assigned, escalated, closed, merged, snoozed again).
    mutating func clearSettledBanners(_ ids: Set<String>) {
        guard !ids.isEmpty else { return }
        // By the alerts' own banners (O(ids)), not a pass over every banner.
        var gone = false
        for id in ids {
            let keys = banners.keys(about: id)
            guard !keys.isEmpty, let it = store.item(id: id) else { continue }
            for key in keys {
                guard let b = banners.notice(key: key) else { continue }
                let settled: Bool
                switch b.kind {
                case .newAlert, .acknowledgementOverdue: settled = it.status != .new
                case .snoozeEnded: settled = it.wokeAt == nil
                case .untouched(let since):
                    settled = !watchesUntouched(it) || (it.lastTouchedAt?.epochNanoseconds ?? 0) != since
                case .other, .handover: settled = false
                }
                if settled {
                    banners.remove(key: key)
                    gone = true
                }
            }
        }
        if gone { clampAll() }
    }
}
