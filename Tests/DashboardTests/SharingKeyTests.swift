import DutyDeskDomain
import DutyDeskJSON
import Testing

@testable import Dashboard
@testable import TerminalKit

/// Issue 11, item 4: the `L` key sets an alert's sharing level from the alerts pane and the
/// detail view, the detail shows the level, and a `TLP:RED` alert is marked in the list.
@Suite struct SharingKeyTests {
    @Test func theKeyOpensAChoiceOfLevelsWithTheCurrentOneAndSendsTheChange() throws {
        var s = makeState(morningLog())
        press(&s, .char("L"))
        let f = try #require(s.form)
        #expect(f.kind == .share)
        #expect(f.value(.sharing) == "amber")
        // One step left is amber+strict (narrowest first).
        press(&s, .left)
        let e = try #require(appends(press(&s, .enter)).first?.1.first)
        #expect(e.type == "alert.sharing_changed")
        #expect(e.payload["level"]?.stringValue == "amber+strict")
        #expect(e.payload["seen"] != nil)
        #expect(s.form == nil)
    }

    @Test func theDetailViewHasTheKeyAndShowsTheLevel() throws {
        var s = makeState(morningLog(), width: 100, height: 40)
        press(&s, .enter)
        #expect(view(s).snapshot().contains("TLP:AMBER (the owning unit"))
        press(&s, .char("L"), .left, .left)
        let e = try #require(appends(press(&s, .enter)).first?.1.first)
        #expect(e.payload["level"]?.stringValue == "red")
        #expect(Keymaps.detail.bindings.contains { $0.action == .share })
        #expect(Keymaps.alerts.bindings.contains { $0.action == .share })
    }

    @Test func aRedAlertIsMarkedInTheList() {
        var b = morningLog()
        b.run(.changeSharing(alertID: "A-0004", level: .red), at: "2021-09-01T07:50:00")
        let s = makeState(b, width: 120, height: 24)
        let text = view(s).snapshot()
        let line = text.split(separator: "\n").first { $0.contains("穿山甲") }
        #expect(line?.contains("TLP:RED 穿山甲") == true, "\(text)")
        #expect(text.split(separator: "\n").filter { $0.contains("TLP:RED") }.count == 1)
        var vi = makeState(b, language: .vi, width: 120, height: 24)
        press(&vi, .char("L"))
        #expect(vi.form.map { vi.strings.formTitle($0.kind) } == "Mức chia sẻ")
    }

    @Test func aWideningTheDeskMayNotMakeIsRefusedInTheFormInTheOfficersLanguage() throws {
        // This desk (HQLS) holds an alert that desk HQHN received (a record with its origin).
        var b = morningLog()
        b.run(.configureDesk(unit: "HQLS"), at: "2021-09-01T07:49:00")
        var s = makeState(b, language: .vi)
        var received = RecordedEvent(
            seq: s.domain.lastSeq + 1, id: "hn-1", type: "alert.received", at: fixedNow, actor: "hn",
            payload: DomainEvent.alertReceived(
                AlertReceived(
                    alertID: "HQHN-0001",
                    details: AlertDetails(
                        receivedAt: fixedNow, source: AlertSource(kind: .police), priority: .critical,
                        subject: "Ngà voi của Hà Nội"))
            ).payload)
        received.origin = EventOrigin(desk: "HQHN", seq: 3)
        _ = update(&s, .recordsAppended([received]))
        #expect(s.domain.alerts["HQHN-0001"]?.ownerDesk == "HQHN")
        // Find it with the filter, then widen it to green.
        press(&s, .char("/"))
        type(&s, "cua Ha Noi")
        press(&s, .enter)
        #expect(s.currentAlertID() == "HQHN-0001")
        press(&s, .char("L"), .right)
        #expect(appends(press(&s, .enter)).isEmpty)
        #expect(s.form?.error?.contains("chỉ đơn vị chủ trì HQHN") == true, "\(String(describing: s.form?.error))")
        // Narrowing is allowed.
        press(&s, .escape, .char("L"), .left)
        #expect(appends(press(&s, .enter)).count == 1)
    }
}
