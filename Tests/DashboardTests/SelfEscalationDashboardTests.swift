import DutyDeskDomain
import TerminalKit
import Testing

@testable import Dashboard

/// Issue 13, item 1 (decision 0017): an alert left unacknowledged through the campaign's
/// reminders escalates itself, as the desk (actor `system`). The clock is `.tick` alone.
@Suite struct SelfEscalationDashboardTests {
    /// The embedded campaign escalating after two reminders, a log with one high alert
    /// received 08:00 (acknowledge by 09:00; reminders 09:00, 09:15; escalation due 09:30).
    func setUp(language: Language = .en, width: Int = 120, height: Int = 30) -> (LogBuilder, AppState) {
        var c = campaign
        c.selfEscalationAfterReminders = 2
        var b = LogBuilder()
        b.state = CampaignState(campaign: c)
        b.run(
            .receiveAlert(
                alert(
                    "Ngà voi trong xe tải 12C-345.67", .high, AlertSource(kind: .police),
                    received: "2021-09-01T08:00:00"),
                alertID: "A-0010"), at: "2021-09-01T08:00:00")
        let s = AppState(
            config: DashboardConfig(campaign: c, officer: "lan.nguyen", language: language, eventIDPrefix: "test"),
            now: fixedNow, width: width, height: height, records: b.records)
        return (b, s)
    }

    func systemAppends(_ fx: [Effect]) -> [(Int, [ProposedEvent])] {
        fx.compactMap {
            if case .appendAsSystem(let id, let events) = $0 { return (id, events) }
            return nil
        }
    }

    @Test func afterMRemindersTheDeskEscalatesOnceAndTheBannerSaysSo() throws {
        var (b, s) = setUp()
        #expect(systemAppends(update(&s, .tick(ict("2021-09-01T09:00:01")))).isEmpty)
        #expect(systemAppends(update(&s, .tick(ict("2021-09-01T09:15:01")))).isEmpty)
        let fx = update(&s, .tick(ict("2021-09-01T09:30:01")))
        let sent = systemAppends(fx)
        try #require(sent.count == 1)
        #expect(appends(fx).isEmpty)
        let e = try #require(sent[0].1.first)
        #expect(e.type == "alert.escalated" && e.payload["after_reminders"]?.intValue == 2)
        // Not on the officer's undo stack, nothing in the footer; not sent twice while it is on its way.
        #expect(s.undoStack.isEmpty)
        #expect(systemAppends(update(&s, .tick(ict("2021-09-01T09:45:01")))).isEmpty)
        let records = b.stamp(sent[0].1, by: "system", at: ict("2021-09-01T09:30:01"), after: b.records.count)
        for r in records {
            b.state.apply(r)
            b.records.append(r)
        }
        _ = update(&s, .appendSucceeded(requestID: sent[0].0, records: records))
        #expect(s.statusText == nil)
        let a = try #require(s.domain.alerts["A-0010"])
        #expect(a.status == .received && a.lifecycle.escalations == [.division1])
        let banner = try #require(s.banners.first { $0.alertID == "A-0010" })
        #expect(banner.key == "escalated:A-0010")
        #expect(banner.text.contains("escalated itself to Division 1") && banner.text.contains("2 reminders"))
        #expect(s.banners.filter { $0.alertID == "A-0010" }.count == 1)
        // The next level comes after two more reminders (09:30, 09:45): at 10:00, not before.
        #expect(systemAppends(update(&s, .tick(ict("2021-09-01T09:59:59")))).isEmpty)
        #expect(systemAppends(update(&s, .tick(ict("2021-09-01T10:00:01")))).count == 1)
        // Acknowledged at another desk: the banner clears by itself.
        let ack = b.run(.acknowledge(alertID: "A-0010"), by: "hoa.le", at: "2021-09-01T10:00:02")
        _ = update(&s, .recordsAppended(ack))
        #expect(!s.banners.contains { $0.alertID == "A-0010" })
    }

    /// Another process of the desk wrote the escalation; this dashboard started after it, or
    /// its own reminder came after the record: its reminders raise the escalation's banner,
    /// never a second "not acknowledged" one beside it.
    @Test func remindersOfAnEscalatedAlertNameTheEscalation() throws {
        var (b, _) = setUp()
        let r = b.run(.selfEscalate(alertID: "A-0010"), by: "system", at: "2021-09-01T09:30:00")
        try #require(r.count == 1)
        var s = AppState(
            config: DashboardConfig(campaign: b.state.campaign, officer: "lan.nguyen", eventIDPrefix: "test"),
            now: ict("2021-09-01T09:35:00"), width: 120, height: 30, records: b.records)
        #expect(s.banners.isEmpty)  // a start is quiet
        _ = update(&s, .tick(ict("2021-09-01T09:45:01")))
        #expect(s.banners.map(\.key) == ["escalated:A-0010"])
        #expect(s.banners.first?.text.contains("escalated itself to Division 1") == true)
        // The record arriving after this dashboard's own reminder replaces that banner.
        var (b2, s2) = setUp()
        _ = update(&s2, .tick(ict("2021-09-01T09:15:01")))
        #expect(s2.banners.map(\.key) == ["ack:A-0010"])
        let r2 = b2.run(.selfEscalate(alertID: "A-0010"), by: "system", at: "2021-09-01T09:30:00")
        _ = update(&s2, .recordsAppended(r2))
        _ = update(&s2, .tick(ict("2021-09-01T09:30:01")))
        #expect(s2.banners.map(\.key) == ["escalated:A-0010"])
    }

    @Test func aFailedSelfEscalationSaysNothingAndTheNextReminderTriesAgain() throws {
        var (_, s) = setUp(language: .vi)
        let sent = systemAppends(update(&s, .tick(ict("2021-09-01T09:30:01"))))
        try #require(sent.count == 1)
        _ = update(&s, .appendFailed(requestID: sent[0].0, message: "A-0010 was just changed by system"))
        // Not the officer's action: no banner, no footer line (another process wrote it, or
        // the log failed, which the officer's own actions report).
        #expect(!s.banners.contains { $0.key.hasPrefix("failed:") })
        #expect(s.statusText?.contains("A-0010") != true)
        #expect(systemAppends(update(&s, .tick(ict("2021-09-01T09:45:01")))).count == 1)
        #expect(s.pendingCount == 1)
    }

    @Test func aDashboardStartedLateEscalatesAtItsFirstTick() {
        let (b, _) = setUp()
        var s = AppState(
            config: DashboardConfig(campaign: b.state.campaign, officer: "lan.nguyen", eventIDPrefix: "test"),
            now: ict("2021-09-01T11:00:00"), width: 120, height: 30, records: b.records)
        // Both levels were due (09:30 and 10:00): both records, in one batch.
        let sent = systemAppends(update(&s, .tick(ict("2021-09-01T11:00:01"))))
        #expect(sent.count == 1)
        #expect(sent.first?.1.map { $0.payload["target"]?.stringValue } == ["division_1", "coordination_board"])
    }

    /// An alert typed in 20 minutes after its acknowledgement time: reminded at once, then
    /// every 15 minutes from then, and escalated when the third reminder would come (08:50).
    @Test func anAlertEnteredLateIsRemindedAndEscalatedFromWhenItWasEntered() {
        var (b, s) = setUp()
        let r = b.run(
            .receiveAlert(
                alert("Vảy tê tê nhập muộn", .high, AlertSource(kind: .police), received: "2021-09-01T07:00:00"),
                alertID: "A-0011"), at: "2021-09-01T08:20:00")
        _ = update(&s, .tick(ict("2021-09-01T08:20:00")))
        _ = update(&s, .recordsAppended(r))
        _ = update(&s, .tick(ict("2021-09-01T08:20:01")))
        #expect(s.banners.contains { $0.key == "ack:A-0011" })
        #expect(systemAppends(update(&s, .tick(ict("2021-09-01T08:35:01")))).isEmpty)
        #expect(systemAppends(update(&s, .tick(ict("2021-09-01T08:49:59")))).isEmpty)
        let sent = systemAppends(update(&s, .tick(ict("2021-09-01T08:50:01"))))
        #expect(sent.first?.1.first?.payload["alert_id"]?.stringValue == "A-0011")
    }

    @Test func offByDefault() {
        var s = makeState(morningLog())
        #expect(systemAppends(update(&s, .tick(ict("2021-09-01T18:00:00")))).isEmpty)
    }

    /// After the self-escalation's record: its banner over the list, the row still new.
    func escalated(_ language: Language, _ width: Int, _ height: Int) throws -> AppState {
        var (b, s) = setUp(language: language, width: width, height: height)
        let sent = systemAppends(update(&s, .tick(ict("2021-09-01T09:30:01"))))
        try #require(sent.count == 1)
        let records = b.stamp(sent[0].1, by: "system", at: ict("2021-09-01T09:30:01"), after: b.records.count)
        _ = update(&s, .appendSucceeded(requestID: sent[0].0, records: records))
        return s
    }

    @Test(arguments: [(80, 24), (160, 48)])
    func snapshots(_ size: (Int, Int)) throws {
        for language in [Language.en, .vi] {
            var s = try escalated(language, size.0, size.1)
            assertSnapshot(s, "self-escalated-\(size.0)x\(size.1)-\(language.rawValue)")
            // The detail view: escalated to Division 1, still to acknowledge; the timeline says why.
            press(&s, .enter)
            assertSnapshot(s, "self-escalated-detail-\(size.0)x\(size.1)-\(language.rawValue)")
        }
    }
}
