import DutyDeskDomain
import DutyDeskJSON
import TerminalKit
import Testing

@testable import Dashboard

/// The Deadlines pane keeps its rows incrementally (DeadlineList.swift). These tests hold
/// it to the from-scratch computation it replaced: every row's state and countdown
/// re-derived from the domain's list at every tick, with a dictionary of each deadline's
/// last state deciding the alarms.
@Suite struct DeadlineListTests {
    /// The former `refreshDeadlines`, verbatim in its rules for states, the calm list,
    /// countdowns and alarms: the reference.
    struct Reference {
        var states: [String: DeadlineState] = [:]
        /// Deadline banners as `addBanner` keeps them: replaced in place by key while the rank
        /// (overdue 1, due soon 2) stays, else inserted after every banner of its rank or less.
        var banners: [(key: String, text: String, rank: Int)] = []

        mutating func refresh(_ s: AppState, alarms: Bool) -> (rows: [DeadlineItem], raised: Bool) {
            let all = deadlines(campaign: s.config.campaign, state: s.domain, now: s.now)
                .filter { $0.kind != .acknowledgement && $0.kind != .focalOfficerNomination }
            let now = s.now
            let soon = Int64(s.config.campaign.deadlines.dueSoonSeconds) * 1_000_000_000
            let today = s.config.campaign.zone.day(now)
            var rows: [DeadlineItem] = []
            var raised = false
            for d in all {
                var state: DeadlineState
                let left = d.due.epochNanoseconds - now.epochNanoseconds
                let milestone = d.kind == .campaignStart || d.kind == .campaignEnd
                if d.state == .met && !milestone {
                    state = .met
                } else if milestone && left <= 0 {
                    state = .met
                } else {
                    state = left < 0 ? .overdue : (left <= soon ? .dueSoon : .upcoming)
                }
                if d.kind == .campaignStart && state == .met { continue }
                if d.kind == .dailyUpdate, let day = d.concerns, day > today { continue }
                let countdown =
                    state == .met
                    ? ""
                    : (s.language == .vi
                        ? Countdown.textVI(from: now, to: d.due) : Countdown.text(from: now, to: d.due))
                // Subject and labels are plain mappings of the domain's entry (shared with the
                // pane); states, visibility, countdowns and alarms are what this reference checks.
                let (titleEN, titleVI) = DeadlineItem.label(d)
                let row = DeadlineItem(
                    key: d.id, subject: DeadlineSubject(d), labelEN: titleEN, labelVI: titleVI, due: d.due,
                    state: state, countdown: countdown, rule: d.letterItem)
                rows.append(row)
                let before = states[d.id]
                if alarms, before != nil, before != state, state == .dueSoon || state == .overdue {
                    raised = true
                    let key = "deadline:\(d.id)"
                    let text = s.strings.deadlineBanner(state, row.label(s.language))
                    let rank = state == .overdue ? 1 : 2
                    if let i = banners.firstIndex(where: { $0.key == key }), banners[i].rank == rank {
                        banners[i].text = text
                    } else {
                        banners.removeAll { $0.key == key }
                        banners.insert((key, text, rank), at: banners.firstIndex { $0.rank > rank } ?? banners.count)
                    }
                }
                states[d.id] = state
            }
            return (rows, raised)
        }
    }

    /// Checks that the pane's rows, overdue count, countdown width and banners equal the reference's.
    static func expectSame(
        _ s: AppState, _ ref: [DeadlineItem], _ refBanners: [(key: String, text: String, rank: Int)], _ step: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> Bool {
        let rows = (0..<s.deadlineRowCount).map { s.deadlineItem($0) }
        let banners = s.banners.filter { $0.key.hasPrefix("deadline:") }.map { "\($0.key) \($0.text)" }
        let width = ref.map { TextWidth.of($0.countdown) }.max() ?? 0
        let ok =
            rows == ref && banners == refBanners.map { "\($0.key) \($0.text)" }
            && s.overdueDeadlineCount == ref.filter({ $0.state == .overdue }).count
            && s.widestDeadlineCountdown == width
        #expect(rows == ref, "rows differ after \(step)", sourceLocation: sourceLocation)
        #expect(
            banners == refBanners.map { "\($0.key) \($0.text)" }, "banners differ after \(step)",
            sourceLocation: sourceLocation)
        #expect(
            s.overdueDeadlineCount == ref.filter { $0.state == .overdue }.count, "overdue count after \(step)",
            sourceLocation: sourceLocation)
        #expect(s.widestDeadlineCountdown == width, "countdown width after \(step)", sourceLocation: sourceLocation)
        // The requests' rows, kept by taking out and putting back the changed ones, are those
        // of a full sort.
        let requests = s.domain.verifications.values.map(AppState.requestItem).sorted(by: AppState.requestOrder)
        #expect(s.allRequests == requests, "request rows after \(step)", sourceLocation: sourceLocation)
        #expect(s.requests == requests, "shown request rows after \(step)", sourceLocation: sourceLocation)
        return ok && s.allRequests == requests
    }

    /// A command decided against the builder's projection, or nothing when the domain refuses it.
    static func attempt(
        _ b: inout LogBuilder, _ command: Command, at t: RFC3339Timestamp, by actor: String = "lan.nguyen"
    ) -> [RecordedEvent] {
        let seq = b.records.count
        guard
            case .success(let events) = decide(
                command, state: b.state, actor: actor, now: t,
                newID: {
                    b.n += 1
                    return "fx-\(b.n)"
                })
        else { return [] }
        let recs = b.stamp(events, by: actor, at: t, after: seq)
        for r in recs {
            b.state.apply(r)
            b.records.append(r)
        }
        return recs
    }

    /// A random campaign command at `t`: alerts with ETAs, seizures (rapid reports),
    /// reports, verification requests with due dates, replies, reopenings and undos, so
    /// deadlines appear, are met, come back and move.
    static func randomCommand(_ rng: inout SeededGenerator, _ b: LogBuilder, at t: RFC3339Timestamp, n: Int) -> Command?
    {
        let open = b.state.alerts.values.filter { $0.lifecycle.status != .closed }.map(\.id).sorted()
        let closed = b.state.alerts.values.filter { $0.lifecycle.status == .closed }.map(\.id).sorted()
        let seizedWithoutReport = b.state.seizures.keys.filter { b.state.rapidReports[$0] == nil }.sorted()
        let openRequests = b.state.verifications.values.filter { $0.status == .open }.map(\.id).sorted()
        switch rng.below(11) {
        case 0, 1:
            // Whole minutes, like the clock steps below, so ticks land exactly on thresholds.
            let eta = t.adding(seconds: 60 * (rng.below(6 * 60) - 30))
            return .receiveAlert(
                AlertDetails(
                    receivedAt: t, source: AlertSource(kind: .police), priority: rng.pick(Priority.allCases),
                    subject: "Lô hàng \(n)", eta: rng.chance(70) ? eta : nil))
        case 2: return open.isEmpty ? nil : .acknowledge(alertID: rng.pick(open))
        case 3:
            return open.isEmpty
                ? nil
                : .close(
                    alertID: rng.pick(open),
                    disposition: .seized(
                        commodity: "ivory", species: [],
                        quantity: [Measure(amount: "3", unit: "kg")]))
        case 4:
            return seizedWithoutReport.isEmpty
                ? nil : .submitReport(kind: .rapid, alertID: rng.pick(seizedWithoutReport))
        case 5:
            return .openVerification(
                direction: rng.chance(50) ? .incoming : .outgoing, counterpart: "TH", subject: "Kiểm tra \(n)",
                due: t.adding(seconds: 3600 + 60 * rng.below(3 * 1440)))
        case 6: return openRequests.isEmpty ? nil : .replyVerification(requestID: rng.pick(openRequests), summary: "ok")
        case 7, 8: return closed.isEmpty ? nil : .reopen(alertID: rng.pick(closed), reason: "new information")
        case 9: return .undo
        default: return .submitReport(kind: .daily)
        }
    }

    @Test(arguments: [
        (UInt64(1), Language.en), (UInt64(2), Language.vi), (UInt64(3), Language.en), (UInt64(4), Language.en),
    ])
    func rowsAndAlarmsEqualAFromScratchComputation(seed: UInt64, language: Language) {
        var rng = SeededGenerator(seed: seed)
        var b = morningLog()
        // From before the campaign start (crossing it and several local days).
        var now = ict("2021-08-31T21:30:00")
        var s = makeState(b, language: language, width: 120, height: 40, now: now, ackReminders: false)
        var ref = Reference()
        var (rows, _) = ref.refresh(s, alarms: false)
        guard Self.expectSame(s, rows, ref.banners, "start") else { return }
        // Mostly whole minutes (dues are on whole minutes: thresholds are hit exactly), some
        // seconds either side, long jumps over both thresholds, and the clock going back.
        let steps: [Int] = [60, 60, 60, 60, 120, 1, -1, 59, 61, 600, 3600, 7200, 7260, 86_400, -60, -3600]
        for step in 0..<800 {
            if rng.chance(35) {
                guard let c = Self.randomCommand(&rng, b, at: now, n: step) else { continue }
                let recs = Self.attempt(&b, c, at: now, by: rng.chance(80) ? "lan.nguyen" : "minh.tran")
                guard !recs.isEmpty else { continue }
                _ = update(&s, .recordsAppended(recs))
                (rows, _) = ref.refresh(s, alarms: true)
                guard Self.expectSame(s, rows, ref.banners, "step \(step): \(c)") else { return }
            } else {
                now = now.adding(seconds: rng.pick(steps))
                let fx = update(&s, .tick(now))
                let raised: Bool
                (rows, raised) = ref.refresh(s, alarms: true)
                #expect(fx.contains(.bell) == raised, "bell after tick to \(now)")
                guard Self.expectSame(s, rows, ref.banners, "step \(step): tick to \(now)") else { return }
            }
        }
        #expect(ref.banners.count > 5, "the run should have raised deadline alarms")
    }

    @Test func aDeadlineCrossingDueSoonAndOverdueBetweenTicksRaisesOneBannerEach() {
        var b = morningLog()
        b.run(
            .openVerification(
                direction: .incoming, counterpart: "LA", subject: "Gỗ trắc", due: ict("2021-09-02T12:00:00"),
                requestID: "V-0009"), at: "2021-09-01T08:00:00")
        var s = makeState(
            b, language: .vi, width: 120, height: 40, now: ict("2021-09-02T09:59:58"), ackReminders: false)
        func banners() -> [String] { s.bannerTexts.filter { $0.contains("V-0009") } }
        #expect(update(&s, .tick(ict("2021-09-02T09:59:59"))).isEmpty)
        #expect(banners().isEmpty)
        // 2 h before: due soon (practice threshold), exactly once.
        #expect(update(&s, .tick(ict("2021-09-02T10:00:00"))) == [.bell])
        #expect(banners().count == 1 && banners()[0].hasPrefix("Sắp đến hạn: Trả lời yêu cầu xác minh V-0009"))
        #expect(update(&s, .tick(ict("2021-09-02T10:00:01"))).isEmpty)
        #expect(update(&s, .tick(ict("2021-09-02T12:00:00"))).isEmpty)
        // One nanosecond past due is overdue; the banner's text changes, it is not doubled.
        #expect(update(&s, .tick(ict("2021-09-02T12:00:01"))) == [.bell])
        #expect(banners() == ["Quá hạn: Trả lời yêu cầu xác minh V-0009 của LA"])
        #expect(update(&s, .tick(ict("2021-09-02T12:00:02"))).isEmpty)
        let row = (0..<s.deadlineRowCount).map { s.deadlineItem($0) }.first { $0.key == "verification_due:V-0009" }
        #expect(row?.state == .overdue && row?.countdown == "quá hạn 00:00:02")
    }

    @Test func aJumpOverBothThresholdsRaisesOnlyTheOverdueAlarm() {
        var b = morningLog()
        b.run(
            .openVerification(
                direction: .outgoing, counterpart: "CN", subject: "consignee", due: ict("2021-09-01T12:00:00"),
                requestID: "V-0010"), at: "2021-09-01T08:00:00")
        var s = makeState(b, width: 120, height: 40, ackReminders: false)
        #expect(update(&s, .tick(ict("2021-09-01T13:00:00"))) == [.bell])
        let mine = s.bannerTexts.filter { $0.contains("V-0010") }
        #expect(mine == ["Overdue: Reply expected to verification request V-0010 to CN"])
    }

    @Test func aReplyMeetsTheDeadlineAndAnUndoneSeizureReportRingsAgain() {
        var b = morningLog()
        // A-0006 was seized at 06:00 on day 1: rapid report due 06:00 on day 2 (practice 24 h).
        var s = makeState(b, width: 120, height: 40, now: ict("2021-09-02T05:59:59"))
        #expect(s.bannerTexts.isEmpty)
        _ = update(&s, .tick(ict("2021-09-02T06:00:01")))
        #expect(s.overdueDeadlineCount >= 1)
        let late = s.overdueDeadlineCount
        let recs = b.run(.submitReport(kind: .rapid, alertID: "A-0006"), at: "2021-09-02T06:00:02")
        _ = update(&s, .recordsAppended(recs))
        #expect(s.overdueDeadlineCount == late - 1)
        let row = (0..<s.deadlineRowCount).map { s.deadlineItem($0) }.first { $0.key == "rapid_report:A-0006" }
        #expect(row?.state == .met && row?.countdown == "")
    }

    @Test func theCampaignStartLeavesTheListAndTodaysDailyUpdateJoinsIt() {
        var s = makeState(LogBuilder(), width: 120, height: 40, now: ict("2021-08-31T23:59:59"))
        func keys() -> [String] { (0..<s.deadlineRowCount).map { s.deadlineItem($0).key } }
        #expect(keys().contains("campaign_start"))
        #expect(!keys().contains("daily_update:2021-09-01"))
        _ = update(&s, .tick(ict("2021-09-01T00:00:00")))
        #expect(!keys().contains("campaign_start"))
        #expect(keys().contains("daily_update:2021-09-01"))
        #expect(!keys().contains("daily_update:2021-09-02"))
        _ = update(&s, .tick(ict("2021-09-02T00:00:00")))
        #expect(keys().contains("daily_update:2021-09-02"))
        // The clock going back restores the earlier list.
        _ = update(&s, .tick(ict("2021-08-31T23:00:00")))
        #expect(keys().contains("campaign_start") && !keys().contains("daily_update:2021-09-01"))
    }
}
