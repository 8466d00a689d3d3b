import DutyDeskDomain
import TerminalKit
import Testing

@testable import Dashboard

/// Issue 13, item 1: banners by priority that clear themselves, snoozes that end with a
/// banner, acknowledgement reminders. The clock is the `.tick` messages alone.
@Suite struct AttentionTests {
    /// A new alert of `priority`, received 5 s before it arrives at `at`.
    @discardableResult
    func receive(
        _ b: inout LogBuilder, _ s: inout AppState, _ id: String, _ priority: Priority, _ subject: String,
        at: String
    ) -> [Effect] {
        let r = b.run(
            .receiveAlert(
                alert(subject, priority, AlertSource(kind: .police), received: at), alertID: id), at: at)
        return update(&s, .recordsAppended(r))
    }

    /// The ids of the open alerts of `priority`, in row order.
    func rows(_ s: AppState, _ priority: Priority) -> [String] {
        (0..<s.store.visibleCount).map { s.store.visible($0) }.filter { $0.priority == priority && !$0.status.isDone }
            .map(\.id)
    }

    @Test func bannersAreOrderedByPriorityThenAge() {
        var b = morningLog()
        var s = makeState(b)
        receive(&b, &s, "A-0010", .high, "Ngà voi ở Lạng Sơn", at: "2021-09-01T07:59:00")
        _ = update(&s, .tick(ict("2021-09-01T08:00:01")))
        receive(&b, &s, "A-0011", .critical, "Hổ đông lạnh", at: "2021-09-01T08:00:01")
        _ = update(&s, .tick(ict("2021-09-01T08:00:02")))
        receive(&b, &s, "A-0012", .critical, "Tê tê sống", at: "2021-09-01T08:00:02")
        #expect(s.banners.map(\.alertID) == ["A-0011", "A-0012", "A-0010"])
        // `x` marks the top one seen: the older critical.
        press(&s, .char("x"))
        #expect(s.banners.map(\.alertID) == ["A-0012", "A-0010"])
    }

    @Test func aBannerClearsOnceAnotherWriterActsOnItsAlert() {
        var b = morningLog()
        var s = makeState(b)
        receive(&b, &s, "A-0010", .critical, "Hổ đông lạnh", at: "2021-09-01T07:59:00")
        receive(&b, &s, "A-0011", .high, "Ngà voi", at: "2021-09-01T07:59:10")
        receive(&b, &s, "A-0012", .high, "Sừng tê giác", at: "2021-09-01T07:59:20")
        #expect(s.banners.count == 3)
        // Acknowledged at another desk: the record arrives from the log follower.
        let ack = b.run(.acknowledge(alertID: "A-0010"), by: "hoa.le", at: "2021-09-01T07:59:30")
        _ = update(&s, .recordsAppended(ack))
        #expect(s.banners.map(\.alertID) == ["A-0011", "A-0012"])
        // Merged into another: closed, so the banner goes too.
        let merge = b.run(.merge(duplicate: "A-0012", into: "A-0011"), by: "hoa.le", at: "2021-09-01T07:59:40")
        _ = update(&s, .recordsAppended(merge))
        #expect(s.banners.map(\.alertID) == ["A-0011"])
        // A note is not acting on it.
        let note = b.run(.addNote(alertID: "A-0011", text: "đang xem"), by: "hoa.le", at: "2021-09-01T07:59:50")
        _ = update(&s, .recordsAppended(note))
        #expect(s.banners.map(\.alertID) == ["A-0011"])
    }

    @Test func capitalXClearsEveryBanner() {
        var b = morningLog()
        var s = makeState(b)
        receive(&b, &s, "A-0010", .critical, "Hổ đông lạnh", at: "2021-09-01T07:59:00")
        receive(&b, &s, "A-0011", .high, "Ngà voi", at: "2021-09-01T07:59:10")
        _ = update(
            &s,
            .clockBehind(
                ClockBehind.check(clock: fixedNow, lastRecordNanos: ict("2021-09-01T08:05:00").epochNanoseconds)!))
        #expect(s.banners.count == 3)
        press(&s, .char("X"))
        #expect(s.bannerTexts.isEmpty)
    }

    @Test func theMoreCountSaysHowManyHiddenBannersAreCritical() {
        var b = morningLog()
        var s = makeState(b)
        receive(&b, &s, "A-0010", .high, "Ngà voi", at: "2021-09-01T07:59:00")
        receive(&b, &s, "A-0011", .critical, "Hổ đông lạnh", at: "2021-09-01T07:59:10")
        receive(&b, &s, "A-0012", .critical, "Tê tê sống", at: "2021-09-01T07:59:20")
        receive(&b, &s, "A-0013", .critical, "Vảy tê tê", at: "2021-09-01T07:59:30")
        let screen = view(s).snapshot()
        #expect(screen.contains("(+2 more, 1 critical)"))
        var vi = makeState(morningLog(), language: .vi)
        var bv = morningLog()
        receive(&bv, &vi, "A-0010", .high, "Ngà voi", at: "2021-09-01T07:59:00")
        receive(&bv, &vi, "A-0011", .critical, "Hổ đông lạnh", at: "2021-09-01T07:59:10")
        receive(&bv, &vi, "A-0012", .critical, "Tê tê sống", at: "2021-09-01T07:59:20")
        receive(&bv, &vi, "A-0013", .critical, "Vảy tê tê", at: "2021-09-01T07:59:30")
        #expect(view(vi).snapshot().contains("(+2 nữa, 1 khẩn)"))
    }

    /// Morning log plus an active normal alert (A-0009) and two snoozed ones: A-0007
    /// until 09:00 and A-0003 until 08:05.
    func snoozedMorning(language: Language = .en) -> (LogBuilder, AppState) {
        var b = morningLog()
        b.run(
            .receiveAlert(
                alert("Gỗ trắc ở Móng Cái", .normal, AlertSource(kind: .borderGuard), received: "2021-09-01T07:30:00"),
                alertID: "A-0009"), at: "2021-09-01T07:30:00")
        b.run(.snooze(alertID: "A-0007", until: ict("2021-09-01T09:00:00")), by: "minh.tran", at: "2021-09-01T07:40:00")
        b.run(.snooze(alertID: "A-0003", until: ict("2021-09-01T08:05:00")), at: "2021-09-01T07:45:00")
        return (b, makeState(b, language: language))
    }

    @Test func aSnoozedAlertSitsBelowTheActiveOnesOfItsGroup() {
        let (_, s) = snoozedMorning()
        #expect(rows(s, .normal) == ["A-0009", "A-0007", "A-0003"])
    }

    @Test func aSnoozeThatEndsRaisesABannerRingsAndComesBackOnTop() {
        var (b, s) = snoozedMorning()
        #expect(update(&s, .tick(ict("2021-09-01T08:04:59"))).isEmpty)
        #expect(s.bannerTexts.isEmpty)
        let fx = update(&s, .tick(ict("2021-09-01T08:05:00")))
        // Normal priority: the deadline alarm of the bell policy (a bell by default).
        #expect(fx == [.bell])
        #expect(s.bannerTexts[0].hasPrefix("A-0003 · Snooze ended: "))
        #expect(rows(s, .normal) == ["A-0003", "A-0009", "A-0007"])
        // Once: the next tick raises nothing.
        #expect(update(&s, .tick(ict("2021-09-01T08:05:01"))).isEmpty)
        // Another desk assigns it: it is acted on, the banner clears and it rejoins the group.
        let r = b.run(
            .assign(alertID: "A-0003", to: Assignee(kind: .unit, id: "HQHN")), by: "hoa.le", at: "2021-09-01T08:05:02")
        _ = update(&s, .recordsAppended(r))
        #expect(s.bannerTexts.isEmpty)
        #expect(s.store.item(id: "A-0003")?.wokeAt == nil)
        #expect(rows(s, .normal) == ["A-0003", "A-0009", "A-0007"])  // received 05:10, before A-0009
    }

    @Test func aSnoozeEndedBannerFollowsTheAlarmSetting() {
        var b = snoozedMorning().0
        var s = AppState(
            config: DashboardConfig(
                campaign: campaign, officer: "lan.nguyen", bellPolicy: BellPolicy(deadline: .none),
                eventIDPrefix: "test"),
            now: fixedNow, width: 80, height: 24, records: b.records)
        #expect(update(&s, .tick(ict("2021-09-01T08:05:00"))).isEmpty)
        #expect(s.bannerTexts.count == 1)
        // Snoozed again: the banner clears, the alert goes back below the active ones.
        let r = b.run(.snooze(alertID: "A-0003", until: ict("2021-09-01T10:00:00")), at: "2021-09-01T08:05:01")
        _ = update(&s, .recordsAppended(r))
        #expect(s.bannerTexts.isEmpty)
        #expect(rows(s, .normal) == ["A-0009", "A-0007", "A-0003"])
    }

    @Test func anAlertPastItsAcknowledgementTimeRemindsEveryFifteenMinutes() {
        var b = morningLog()
        var s = makeState(b)
        // A-0001 (critical, received 07:52) must be acknowledged by 08:07 (15 min).
        #expect(update(&s, .tick(ict("2021-09-01T08:07:00"))).isEmpty)
        #expect(update(&s, .tick(ict("2021-09-01T08:07:01"))) == [.flash])
        #expect(s.bannerTexts.count == 1)
        #expect(s.bannerTexts[0].hasPrefix("A-0001 · Not acknowledged in time (critical): "))
        #expect(update(&s, .tick(ict("2021-09-01T08:10:00"))).isEmpty)
        press(&s, .char("x"))
        #expect(s.bannerTexts.isEmpty)
        // A-0002 and A-0004 (high) were already late at start: their first reminder is the
        // next one of their repeat (07:30 + 45 min; 08:15 is A-0004's own time).
        let at815 = update(&s, .tick(ict("2021-09-01T08:15:01")))
        #expect(at815 == [.bell])
        #expect(s.banners.compactMap(\.alertID) == ["A-0002", "A-0004"])
        // 15 min after the first reminder, A-0001 again, above the high ones.
        #expect(update(&s, .tick(ict("2021-09-01T08:22:01"))) == [.flash])
        #expect(s.banners.compactMap(\.alertID) == ["A-0001", "A-0002", "A-0004"])
        // Acknowledged at another desk: the banner clears and the reminders stop.
        let ack = b.run(.acknowledge(alertID: "A-0001"), by: "hoa.le", at: "2021-09-01T08:23:00")
        _ = update(&s, .recordsAppended(ack))
        #expect(s.banners.compactMap(\.alertID) == ["A-0002", "A-0004"])
        let later = update(&s, .tick(ict("2021-09-01T08:37:01")))
        #expect(!s.banners.contains { $0.alertID == "A-0001" })
        #expect(later == [.bell])  // A-0002 and A-0004 are still waiting
    }

    @Test func remindersFollowTheConfiguredRepeat() {
        let b = morningLog()
        var s = AppState(
            config: DashboardConfig(
                campaign: campaign, officer: "lan.nguyen", eventIDPrefix: "test",
                ackReminderSeconds: [.critical: 300]),
            now: fixedNow, width: 80, height: 24, records: b.records)
        #expect(update(&s, .tick(ict("2021-09-01T08:07:01"))) == [.flash])
        press(&s, .char("X"))
        #expect(update(&s, .tick(ict("2021-09-01T08:12:00"))).isEmpty)
        #expect(update(&s, .tick(ict("2021-09-01T08:12:01"))) == [.flash])
        #expect(s.bannerTexts.count == 1)
    }

    @Test func remindersCanBeTurnedOff() {
        var s = makeState(morningLog(), ackReminders: false)
        #expect(update(&s, .tick(ict("2021-09-01T08:07:01"))).isEmpty)
        #expect(s.bannerTexts.isEmpty)
    }

    @Test func aClockJumpRemindsOnceNotOncePerMissedPeriod() {
        var s = makeState(morningLog())
        _ = update(&s, .tick(ict("2021-09-01T10:00:00")))
        let n = s.banners.filter { $0.alertID == "A-0001" }.count
        #expect(n == 1)
        #expect(!update(&s, .tick(ict("2021-09-01T10:00:01"))).contains(.flash))
    }
}

@Suite struct AttentionSnapshotTests {
    func manyBanners(_ language: Language) -> AppState {
        var b = morningLog()
        var s = makeState(b, language: language)
        for (id, p, subject, at) in [
            ("A-0010", Priority.high, "Ngà voi ở Lạng Sơn", "2021-09-01T07:59:00"),
            ("A-0011", .critical, "Hổ đông lạnh trong xe tải 29C-123.45", "2021-09-01T07:59:10"),
            ("A-0012", .critical, "Tê tê sống ở Móng Cái", "2021-09-01T07:59:20"),
            ("A-0013", .critical, "Vảy tê tê, container MSKU 7731450", "2021-09-01T07:59:30"),
        ] {
            let r = b.run(
                .receiveAlert(alert(subject, p, AlertSource(kind: .police), received: at), alertID: id), at: at)
            _ = update(&s, .recordsAppended(r))
        }
        _ = update(&s, .tick(ict("2021-09-01T08:07:01")))  // A-0001 not acknowledged in time
        return s
    }

    @Test func bannerLineEnglish() { assertSnapshot(manyBanners(.en), "banners-80x24-en") }
    @Test func bannerLineVietnamese() { assertSnapshot(manyBanners(.vi), "banners-80x24-vi") }
}

@Suite struct TimerQueueTests {
    @Test func dueInstantsComeBackInOrderOnceAndRescheduleReplaces() {
        var q = TimerQueue()
        q.schedule("b", at: 20)
        q.schedule("a", at: 10)
        q.schedule("c", at: 30, bulk: true)
        q.schedule("b", at: 5)  // replaces 20
        q.schedule("d", at: 15)
        q.cancel("d")
        #expect(q.popDue(through: 4).isEmpty)
        #expect(q.popDue(through: 20) == ["b", "a"])
        #expect(q.when("b") == nil && q.when("c") == 30)
        #expect(q.popDue(through: 20).isEmpty)
        #expect(q.popDue(through: 100) == ["c"])
    }

    /// The heap against a plain model (the latest instant per id, handed back in
    /// (instant, id) order), over seeded random schedules, bulk schedules, cancels and pops
    /// — enough reschedules that the stale entries are compacted away several times.
    @Test func agreesWithAPlainModelOverRandomOperations() {
        var rng = SeededGenerator(seed: 15)
        var q = TimerQueue()
        var model: [String: Int64] = [:]
        var clock: Int64 = 0
        for step in 0..<20_000 {
            let id = "A-\(rng.next() % 300)"
            switch rng.next() % 10 {
            case 0...5:
                let at = clock + Int64(rng.next() % 1_000)
                q.schedule(id, at: at, bulk: step < 2_000 && rng.next() % 2 == 0)
                model[id] = at
            case 6:
                q.cancel(id)
                model[id] = nil
            default:
                clock += Int64(rng.next() % 50)
                let expected = model.filter { $0.value <= clock }.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
                #expect(q.popDue(through: clock) == expected.map(\.key), "step \(step)")
                for (id, _) in expected { model[id] = nil }
            }
        }
        for (id, at) in model { #expect(q.when(id) == at) }
    }
}

/// Issue 13, item 1: an acknowledged alert nobody touched for the campaign's
/// `untouched_after` (2 h in the embedded campaign) reminds its desk; the repeat of
/// acknowledgement reminders comes from the campaign file.
@Suite struct UntouchedReminderTests {
    func state(_ b: LogBuilder, campaign c: Campaign = campaign, language: Language = .en) -> AppState {
        AppState(
            config: DashboardConfig(campaign: c, officer: "lan.nguyen", language: language, eventIDPrefix: "test"),
            now: fixedNow, width: 100, height: 30, records: b.records)
    }

    func untouched(_ s: AppState) -> [String] {
        s.banners.filter { if case .untouched = $0.kind { true } else { false } }.compactMap(\.alertID)
    }

    @Test func anAcknowledgedAlertNobodyTouchedRemindsEveryTwoHoursUntilSomethingIsRecorded() throws {
        // Morning log: A-0003 acknowledged 05:20, a note at 05:25; A-0007 assigned at 03:31.
        var b = morningLog()
        var s = state(b)
        // At the start (08:00) both are past 2 h: the next repeat, not at once.
        #expect(untouched(s).isEmpty)
        // (The acknowledgement reminders due since 08:00 ring at 09:23:59; one at 09:24:59
        // would be held back, a minute not having passed: decision 0019.)
        _ = update(&s, .tick(ict("2021-09-01T09:23:59")))
        _ = update(&s, .tick(ict("2021-09-01T09:24:59")))
        #expect(untouched(s).isEmpty)
        let fx = update(&s, .tick(ict("2021-09-01T09:25:00")))
        #expect(untouched(s) == ["A-0003"])
        #expect(fx == [.bell])
        let text = try #require(s.bannerTexts.first { $0.hasPrefix("A-0003") })
        #expect(text.contains("acknowledged by lan.nguyen, nothing recorded for 4 h"), "\(text)")
        _ = update(&s, .tick(ict("2021-09-01T09:31:00")))
        #expect(Set(untouched(s)) == ["A-0003", "A-0007"])
        // Another desk records a note on A-0003: its banner goes, the clock restarts from the note.
        let note = b.run(.addNote(alertID: "A-0003", text: "đã gọi bưu cục"), by: "hoa.le", at: "2021-09-01T09:40:00")
        _ = update(&s, .recordsAppended(note))
        #expect(untouched(s) == ["A-0007"])
        _ = update(&s, .tick(ict("2021-09-01T11:39:59")))
        #expect(!untouched(s).contains("A-0003"))
        _ = update(&s, .tick(ict("2021-09-01T11:40:00")))
        #expect(untouched(s).contains("A-0003"))
        // Closed: no more reminders, the banner goes.
        let close = b.run(.close(alertID: "A-0003", disposition: .noFinding), at: "2021-09-01T11:41:00")
        _ = update(&s, .recordsAppended(close))
        #expect(!untouched(s).contains("A-0003"))
        _ = update(&s, .tick(ict("2021-09-01T14:00:00")))
        #expect(!untouched(s).contains("A-0003"))
    }

    /// Decision 0019: with reminders falling due every few seconds (Division 1's size), each
    /// kind of alarm sounds for reminders at most once a minute; every banner still comes.
    @Test func reminderAlarmsSoundAtMostOnceAMinuteEachAndTheirBannersAllCome() throws {
        var c = campaign
        for i in c.priorities.indices { c.priorities[i].remindEverySeconds = 20 }
        var s = state(morningLog(), campaign: c)
        let waiting = s.store.items.filter { $0.status == .new }.map(\.id)
        #expect(waiting.count >= 2, "the morning log has unacknowledged alerts")
        var t = ict("2021-09-01T09:00:00")
        var sounded: [(at: Int64, Effect)] = []
        for _ in 0..<60 {
            t = t.adding(seconds: 10)
            for e in update(&s, .tick(t)) where e == .bell || e == .flash { sounded.append((t.epochNanoseconds, e)) }
        }
        for kind in [Effect.bell, .flash] {
            let times = sounded.filter { $0.1 == kind }.map(\.at)
            for (a, b) in zip(times, times.dropFirst()) {
                #expect(b - a >= 60_000_000_000, "\(kind) twice within a minute")
            }
        }
        #expect(sounded.count >= 9, "ten minutes of reminders: about one alarm a minute (\(sounded.count))")
        let overdue = Set(s.banners.filter { $0.kind == .acknowledgementOverdue }.compactMap(\.alertID))
        #expect(overdue.count >= 2 && overdue.isSubset(of: Set(waiting)), "\(overdue)")
    }

    @Test func theCampaignFileSetsTheUntouchedTimeAndTheAcknowledgementRepeat() throws {
        var c = campaign
        c.untouchedAfterSeconds = 1800
        for i in c.priorities.indices { c.priorities[i].remindEverySeconds = 300 }
        var b = morningLog()
        var s = state(b, campaign: c)
        let r = b.run(.addNote(alertID: "A-0003", text: "x"), by: "hoa.le", at: "2021-09-01T08:00:00")
        _ = update(&s, .recordsAppended(r))
        _ = update(&s, .tick(ict("2021-09-01T08:29:59")))
        #expect(!untouched(s).contains("A-0003"))
        _ = update(&s, .tick(ict("2021-09-01T08:30:00")))
        #expect(untouched(s).contains("A-0003"))
        #expect(s.config.reminderSeconds(.low) == 300)
        #expect(DashboardConfig(campaign: campaign, officer: "x", eventIDPrefix: "t").reminderSeconds(.normal) == 3600)
        // A snoozed alert is waiting on purpose: no reminder.
        let z = b.run(.snooze(alertID: "A-0003", until: ict("2021-09-01T12:00:00")), at: "2021-09-01T08:31:00")
        _ = update(&s, .recordsAppended(z))
        #expect(!untouched(s).contains("A-0003"))
        _ = update(&s, .tick(ict("2021-09-01T09:10:00")))
        #expect(!untouched(s).contains("A-0003"))
    }

    @Test func theBannerInVietnamese() throws {
        var s = state(morningLog(), language: .vi)
        _ = update(&s, .tick(ict("2021-09-01T09:25:00")))
        let text = try #require(s.bannerTexts.first { $0.hasPrefix("A-0003") })
        #expect(text.contains("đã tiếp nhận bởi lan.nguyen, 4 giờ chưa ghi nhận gì thêm"), "\(text)")
    }
}

/// `BannerList` (one array per rank, indexes by key and alert) against the plain model it
/// replaced: one array in shown order, a banner raised again replaced where it stands at
/// the same rank, otherwise moved after the last banner of its rank.
@Suite struct BannerListTests {
    @Test func agreesWithOneArrayInShownOrderOverRandomOperations() {
        var rng = SeededGenerator(seed: 13)
        for round in 0..<200 {
            var list = BannerList()
            var model: [Notice] = []
            func notice(_ i: Int) -> Notice {
                let p = rng.chance(20) ? nil : rng.pick(Priority.allCases)
                return Notice(
                    key: "k\(i)", text: "t\(i)-\(rng.below(3))", role: rng.chance(50) ? .danger : .warning,
                    alertID: rng.chance(80) ? "A-\(i % 7)" : nil, priority: p)
            }
            for step in 0..<rng.below(80) {
                switch rng.below(10) {
                case 0...5:
                    // New, raised again unchanged, with a new text, or at another rank.
                    let b: Notice
                    if let old = model.isEmpty || rng.chance(40) ? nil : rng.pick(model) {
                        var again = old
                        if rng.chance(50) { again.text += "!" }
                        if rng.chance(20) { again.priority = rng.pick(Priority.allCases) }
                        b = again
                    } else {
                        b = notice(rng.below(40))
                    }
                    if let i = model.firstIndex(where: { $0.key == b.key }), model[i].rank == b.rank {
                        model[i] = b
                    } else {
                        model.removeAll { $0.key == b.key }
                        model.insert(b, at: model.firstIndex { $0.rank > b.rank } ?? model.count)
                    }
                    list.raise(b)
                case 6:
                    let key = "k\(rng.below(40))"
                    model.removeAll { $0.key == key }
                    list.remove(key: key)
                case 7:
                    let t = "t\(rng.below(40))-"
                    model.removeAll { $0.text.hasPrefix(t) }
                    list.removeAll { $0.text.hasPrefix(t) }
                case 8:
                    if !model.isEmpty { model.removeFirst() }
                    list.removeFirst()
                default:
                    // Each alert's banners, and the critical ones after the first few.
                    for a in 0..<7 {
                        #expect(list.keys(about: "A-\(a)") == Set(model.filter { $0.alertID == "A-\(a)" }.map(\.key)))
                    }
                    let shown = rng.below(4)
                    #expect(
                        list.criticalAfter(shown) == model.dropFirst(shown).filter { $0.priority == .critical }.count)
                }
                #expect(Array(list) == model, "round \(round), step \(step)")
                for b in model { #expect(list.notice(key: b.key) == b) }
            }
        }
    }
}
