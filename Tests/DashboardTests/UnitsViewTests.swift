// Division 1's units view (issue 11, item 6): every unit with its desks, last contact,
// focal officer, rapid reports and open alerts; Enter shows a unit's alerts. Snapshots in
// English and Vietnamese at 80×24 and 160×48.
import DutyDeskDomain
import DutyDeskJSON
import TerminalKit
import Testing

@testable import Dashboard

/// Division 1's log at 08:00 on day 1 after its sync pulled the records of two desks: HQLS
/// (two alerts, one seized at 06:10 whose rapid report is outstanding; last heard 06:10)
/// and HQQN (one open alert, a focal officer whose name carries an escape; heard 07:58).
func division1Morning() -> LogBuilder {
    func desk(_ unit: String, _ build: (inout LogBuilder) -> Void) -> [RecordedEvent] {
        var b = LogBuilder()
        b.run(.configureDesk(unit: unit), at: "2021-09-01T05:00:00")
        build(&b)
        return b.records.map { r in
            var o = r
            o.origin = EventOrigin(desk: unit, seq: r.seq)
            return o
        }
    }
    let hqls = desk("HQLS") { b in
        b.run(
            .receiveAlert(
                alert(
                    "Vảy tê tê trên xe tải 12C-045.67", .critical, AlertSource(kind: .borderGuard),
                    received: "2021-09-01T05:30:00",
                    location: AlertLocation(kind: .borderGate, name: "Cửa khẩu Hữu Nghị"))),
            at: "2021-09-01T05:30:00")
        b.run(
            .receiveAlert(
                alert(
                    "Ngà voi trong hành lý", .high, AlertSource(kind: .police), received: "2021-09-01T05:40:00")),
            at: "2021-09-01T05:40:00")
        b.run(.acknowledge(alertID: "HQLS-0001"), by: "thu.le", at: "2021-09-01T05:45:00")
        b.run(
            .close(
                alertID: "HQLS-0001",
                disposition: .seized(
                    commodity: "vảy tê tê", species: [], quantity: [Measure(amount: "12.5", unit: "kg")])),
            by: "thu.le", at: "2021-09-01T06:10:00")
    }
    let hqqn = desk("HQQN") { b in
        b.run(
            .receiveAlert(
                alert("Rùa sống tại Móng Cái", .normal, AlertSource(kind: .publicTip), received: "2021-09-01T07:30:00")),
            at: "2021-09-01T07:30:00")
        b.run(
            .nominateFocalOfficer(
                unit: "HQQN", name: "Trần Văn \u{1B}[31mBình", position: "Đội phó", phone: "0203 3881 234"),
            at: "2021-09-01T07:58:00")
    }
    var d1 = LogBuilder()
    d1.run(.configureDesk(unit: "DTCBL-P1"), at: "2021-09-01T05:00:00")
    for var r in hqls + hqqn {
        r.seq = d1.records.count + 1
        d1.state.apply(r)
        d1.records.append(r)
    }
    return d1
}

@Suite struct UnitsViewTests {
    @Test func theUnitsViewSaysWhatEachUnitOwesAndWhenItWasLastHeardFrom() throws {
        var s = makeState(division1Morning(), width: 160, height: 48)
        press(&s, .char("4"))
        let text = view(s).snapshot()
        // 35 provincial departments, the department and Division 1; only HQQN nominated.
        #expect(text.contains("Units (37) · 34 without focal officer ━"))
        let units = s.domain.unitSummaries(at: s.now)
        let hqls = try #require(units.first { $0.unit.code == "HQLS" })
        #expect(hqls.rapidReportsDue == 1 && hqls.alertsOpen == 1)
        let line = try #require(text.split(separator: "\n").first { $0.contains("HQLS ") })
        #expect(line.contains("1 due") && line.contains("1h") && line.contains("✖ not nominated"))
        let qn = try #require(text.split(separator: "\n").first { $0.contains("HQQN ") })
        #expect(qn.contains("2m") && qn.contains("✔ Trần Văn"))
        #expect(!text.contains("\u{1B}"))
        let mine = try #require(text.split(separator: "\n").first { $0.contains("DTCBL-P1*") })
        #expect(mine.contains("this desk"))
    }

    @Test func enterShowsTheSelectedUnitsAlertsAndEscGoesBack() throws {
        var s = makeState(division1Morning(), width: 120, height: 40)
        press(&s, .char("4"))
        let codes = s.domain.knownUnits.map(\.code)
        let i = try #require(codes.firstIndex(of: "HQQN"))
        for _ in 0..<i { press(&s, .char("j")) }
        #expect(s.overlay == .units(selected: i, scroll: 0))
        press(&s, .enter)
        #expect(s.overlay == nil && s.focus == .alerts)
        #expect(s.store.unit == "HQQN")
        #expect(s.store.visibleCount == 1)
        press(&s, .char("4"))
        press(&s, .escape)
        #expect(s.overlay == nil)
        // The last row is reachable and the selection never leaves the list.
        press(&s, .char("4"), .char("G"), .char("j"))
        let rows = Layout.make(s).body.height - 3
        #expect(s.overlay == .units(selected: codes.count - 1, scroll: codes.count - rows))
        #expect(view(s).snapshot().contains("DTCBL-P1*"))
    }

    @Test func units80English() {
        var s = makeState(division1Morning())
        press(&s, .char("4"))
        assertSnapshot(s, "units-80x24-en")
    }
    @Test func units80Vietnamese() {
        var s = makeState(division1Morning(), language: .vi)
        press(&s, .char("4"))
        assertSnapshot(s, "units-80x24-vi")
    }
    @Test func units160English() {
        var s = makeState(division1Morning(), width: 160, height: 48)
        press(&s, .char("4"), .char("G"))
        assertSnapshot(s, "units-160x48-en")
    }
    @Test func units160Vietnamese() {
        var s = makeState(division1Morning(), language: .vi, width: 160, height: 48)
        press(&s, .char("4"))
        assertSnapshot(s, "units-160x48-vi")
    }
}

@Suite struct UnitsViewOverdueTests {
    /// A day and more after HQLS's seizure its rapid report is overdue: the title counts it.
    @Test func anOverdueRapidReportIsCountedInTheTitle() throws {
        var s = makeState(division1Morning(), now: ict("2021-09-02T07:00:00"))
        press(&s, .char("4"))
        let text = view(s).snapshot()
        #expect(text.contains("· 1 rapid reports overdue"), "\(text)")
        let line = try #require(text.split(separator: "\n").first { $0.contains("HQLS ") })
        #expect(line.contains("1 overdue"))
    }
}
