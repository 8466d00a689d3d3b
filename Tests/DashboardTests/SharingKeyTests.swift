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

/// Issue 11, item 6: a desk whose log holds several units' alerts (Division 1) shows the
/// owning unit of each and narrows the list to one unit with `U`.
@Suite struct UnitColumnTests {
    /// The morning log plus two alerts another desk (HQQN) received.
    func twoUnits(language: Language = .en, width: Int = 120) -> AppState {
        var b = morningLog()
        b.run(.configureDesk(unit: "HQLS"), at: "2021-09-01T07:49:00")
        var s = makeState(b, language: language, width: width, height: 24)
        var records: [RecordedEvent] = []
        for (k, subject) in ["Gỗ trắc tại Móng Cái", "Rùa biển tại Cái Lân"].enumerated() {
            var r = RecordedEvent(
                seq: s.domain.lastSeq + 1 + k, id: "qn-\(k)", type: "alert.received", at: fixedNow, actor: "qn",
                payload: DomainEvent.alertReceived(
                    AlertReceived(
                        alertID: "HQQN-000\(k + 1)",
                        details: AlertDetails(
                            receivedAt: fixedNow, source: AlertSource(kind: .police), priority: .high,
                            subject: subject))
                ).payload)
            r.origin = EventOrigin(desk: "HQQN", seq: 10 + k)
            records.append(r)
        }
        _ = update(&s, .recordsAppended(records))
        return s
    }

    func rows(_ s: AppState) -> [Substring] { view(s).snapshot().split(separator: "\n") }

    @Test func theUnitColumnShowsOnlyWhenTheListHoldsSeveralUnits() {
        let single = makeState(morningLog(), width: 120, height: 24)
        #expect(!rows(single).contains { $0.contains(" Unit ") })
        let s = twoUnits()
        #expect(s.store.unitCounts == ["HQLS": 7, "HQQN": 2])
        let header = rows(s).first { $0.contains(" ID ") && $0.contains("Subject") }
        #expect(header?.contains(" Unit ") == true, "\(rows(s).joined(separator: "\n"))")
        #expect(rows(s).contains { $0.contains("HQQN-0001 HQQN") })
        #expect(rows(s).contains { $0.contains("A-0001") && $0.contains(" HQLS ") })
        // Too narrow for it: left out, the subject keeps its room.
        let narrow = twoUnits(width: 50)
        #expect(!rows(narrow).contains { $0.contains("HQQN-0001 HQQN") })
    }

    @Test func uNarrowsToTheSelectedAlertsUnitAndBack() throws {
        var s = twoUnits()
        press(&s, .char("/"))
        type(&s, "go trac")
        press(&s, .enter)
        #expect(s.currentAlertID() == "HQQN-0001")
        press(&s, .escape)  // clear the text filter; the selection stays on the alert
        #expect(s.store.visibleCount == 9)
        press(&s, .char("U"))
        #expect(s.store.unit == "HQQN")
        #expect(s.store.visibleCount == 2)
        #expect(s.currentAlertID() == "HQQN-0001")
        #expect(rows(s).contains { $0.contains("Alerts 2/9") })
        #expect(rows(s).contains { $0.contains("Unit HQQN") })
        // The text filter works inside the unit.
        press(&s, .char("/"))
        type(&s, "rua")
        #expect(s.store.visibleCount == 1)
        press(&s, .escape)
        #expect(s.store.visibleCount == 2)
        // A new alert of another unit stays out; one of this unit comes in.
        var r = RecordedEvent(
            seq: s.domain.lastSeq + 1, id: "qn-9", type: "alert.received", at: fixedNow, actor: "qn",
            payload: DomainEvent.alertReceived(
                AlertReceived(
                    alertID: "HQQN-0009",
                    details: AlertDetails(
                        receivedAt: fixedNow, source: AlertSource(kind: .police), priority: .low, subject: "Ba"))
            ).payload)
        r.origin = EventOrigin(desk: "HQQN", seq: 30)
        _ = update(&s, .recordsAppended([r]))
        #expect(s.store.visibleCount == 3)
        press(&s, .char("U"))
        #expect(s.store.unit == nil && s.store.visibleCount == 10)
        press(&s, .char("U"))
        press(&s, .escape)
        #expect(s.store.unit == nil)
        var vi = twoUnits(language: .vi)
        press(&vi, .char("U"))
        #expect(rows(vi).contains { $0.contains("Đơn vị HQLS") })
    }
}
