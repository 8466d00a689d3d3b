import DutyDeskDomain
import DutyDeskJSON
import TerminalKit
import Testing

@testable import Dashboard

/// Issue 11, item 5: another unit's proposals on an alert this desk owns are marked in the
/// alerts pane, listed in the detail view, and answered with the `p` key.
@Suite struct ProposalViewTests {
    /// This desk (HQHN) received an alert; Lạng Sơn's desk (HQLS) proposed to acknowledge it
    /// and to escalate it (its records as the network copies them in: origin desk and seq).
    func proposed() -> LogBuilder {
        var b = LogBuilder()
        b.run(.configureDesk(unit: "HQHN"), at: "2021-09-01T07:40:00")
        b.run(
            .receiveAlert(
                alert(
                    "Vảy tê tê trong container MSKU1234567", .high,
                    AlertSource(kind: .memberCountry, country: "TH"), received: "2021-09-01T07:45:00",
                    commodity: "vảy tê tê")), by: "lan.nguyen", at: "2021-09-01T07:50:00")
        let events: [DomainEvent] = [
            .alertAcknowledged(AlertAcknowledged(alertID: "HQHN-0001")),
            .alertAssigned(AlertAssigned(alertID: "HQHN-0001", assignee: Assignee(kind: .unit, id: "HQLS"))),
        ]
        for (k, e) in events.enumerated() {
            let p = ProposedEvent(e, id: "HQLS-ev\(k + 1)", seen: SeenMark(k == 0 ? [:] : ["HQLS": 40]))
            b.records.append(
                RecordedEvent(
                    seq: b.records.count + 1, id: p.id, type: p.type, at: ict("2021-09-01T07:5\(5 + k):00"),
                    actor: "ls.minh", payload: p.payload, origin: EventOrigin(desk: "HQLS", seq: 40 + k)))
        }
        return b
    }

    @Test func theListMarksTheAlertAndTheDetailListsTheProposals() {
        var s = makeState(proposed(), width: 110, height: 44)
        let a = s.domain.alerts["HQHN-0001"]
        #expect(a?.lifecycle.status == .received)
        #expect(a?.openProposalCount == 2)
        let line = view(s).snapshot().split(separator: "\n").first { $0.contains("Vảy tê tê") }
        #expect(line?.contains("⟶ Vảy tê tê") == true)
        press(&s, .enter)
        assertSnapshot(s, "detail-proposals-110x44-en")
    }

    @Test func theDetailListsTheProposalsInVietnamese() {
        var s = makeState(proposed(), language: .vi, width: 110, height: 44)
        press(&s, .enter)
        assertSnapshot(s, "detail-proposals-110x44-vi")
    }

    @Test func theKeyAnswersAProposalAcceptOrDecline() throws {
        var s = makeState(proposed(), width: 110, height: 44)
        press(&s, .char("p"))
        let f = try #require(s.form)
        #expect(f.kind == .answerProposal)
        #expect(f.value(.proposal) == "1")
        #expect(f.value(.answer) == "accept")
        let e = try #require(appends(press(&s, .enter)).first?.1.first)
        #expect(e.type == EventType.alertProposalAnswered)
        #expect(e.payload["proposal"]?.stringValue == "HQLS-ev1")
        #expect(e.payload["accepted"]?.boolValue == true)
        // Decline the second, with a reason.
        var d = makeState(proposed(), width: 110, height: 44)
        press(&d, .char("p"), .right, .tab, .right, .tab)
        type(&d, "không cần")
        let e2 = try #require(appends(press(&d, .enter)).first?.1.first)
        #expect(e2.payload["proposal"]?.stringValue == "HQLS-ev2")
        #expect(e2.payload["accepted"]?.boolValue == false)
        #expect(e2.payload["reason"]?.stringValue == "không cần")
        #expect(Keymaps.alerts.bindings.contains { $0.action == .answerProposal })
    }

    /// On another unit's desk an acknowledgement is recorded as a proposal, and the footer says
    /// it went to the owning unit (in the officer's language).
    @Test func anActionOnAnotherUnitsAlertSaysItWasSentAsAProposal() throws {
        var b = LogBuilder()
        b.run(.configureDesk(unit: "HQLS"), at: "2021-09-01T07:40:00")
        var s = makeState(b, language: .vi)
        let received = RecordedEvent(
            seq: s.domain.lastSeq + 1, id: "hn-1", type: "alert.received", at: fixedNow, actor: "hn",
            payload: DomainEvent.alertReceived(
                AlertReceived(
                    alertID: "HQHN-0001",
                    details: AlertDetails(
                        receivedAt: fixedNow, source: AlertSource(kind: .police), priority: .critical,
                        subject: "Ngà voi của Hà Nội"))
            ).payload, origin: EventOrigin(desk: "HQHN", seq: 3))
        _ = update(&s, .recordsAppended([received]))
        #expect(s.currentAlertID() == "HQHN-0001")
        let ap = appends(press(&s, .char("a")))
        let e = try #require(ap.first)
        let stored = RecordedEvent(
            seq: s.domain.lastSeq + 1, id: e.1[0].id, type: e.1[0].type, at: fixedNow, actor: "lan.nguyen",
            payload: e.1[0].payload)
        _ = update(&s, .appendSucceeded(requestID: e.0, records: [stored]))
        #expect(s.domain.alerts["HQHN-0001"]?.lifecycle.status == .received)
        #expect(s.domain.alerts["HQHN-0001"]?.openProposalCount == 1)
        #expect(s.statusText?.contains("đã gửi HQHN dưới dạng đề xuất") == true, "\(String(describing: s.statusText))")
    }

    @Test func withoutOpenProposalsTheKeySaysSo() {
        var s = makeState(morningLog())
        press(&s, .char("p"))
        #expect(s.form == nil)
        #expect(view(s).snapshot().contains("has no open proposal"))
    }
}
