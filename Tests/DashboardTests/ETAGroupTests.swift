// The Deadlines pane groups shipment ETAs under one row (issue 13, item 7), so that the
// letter's deadlines (nominations, reports) stay in view; Enter opens and closes the group,
// a filter lists matching ETAs flat. Snapshots in English and Vietnamese at 80×24 and 160×48.
import DutyDeskDomain
import DutyDeskJSON
import TerminalKit
import Testing

@testable import Dashboard

/// The morning log and four alerts whose shipments are due: one ETA already past at 08:00.
func morningWithETAs() -> LogBuilder {
    var b = morningLog()
    for (i, eta) in ["2021-09-01T07:30:00", "2021-09-01T09:30:00", "2021-09-02T06:00:00", "2021-09-03T14:00:00"]
        .enumerated()
    {
        b.run(
            .receiveAlert(
                alert(
                    "Container MSKU12345\(i) dự kiến cập cảng", .normal, AlertSource(kind: .customsIntelligence),
                    received: "2021-09-01T07:0\(i):00", eta: eta)),
            at: "2021-09-01T07:0\(i):00")
    }
    return b
}

@Suite struct ETAGroupTests {
    func labels(_ s: AppState) -> [String] { (0..<s.shownDeadlineCount).map { s.shownDeadline($0).labelEN } }

    @Test func etasSitUnderOneRowThatEnterOpensAndCloses() throws {
        var s = makeState(morningWithETAs(), width: 160, height: 48)
        let collapsed = labels(s)
        let group = try #require(collapsed.firstIndex { $0.hasPrefix("▸ ETAs of 4 alerts") })
        #expect(!collapsed.contains { $0.contains("ETA of") }, "\(collapsed)")
        // The group's state and countdown are those of its earliest ETA not met: overdue.
        #expect(s.shownDeadline(group).state == .overdue)
        #expect(collapsed.contains { $0.contains("Focal officers") })
        press(&s, .char("3"))
        s.selected[.deadlines] = group
        press(&s, .enter)
        #expect(s.overlay == nil && s.selected[.deadlines] == group)
        let open = labels(s)
        #expect(open[group].hasPrefix("▾ ETAs of 4 alerts"))
        #expect(open.filter { $0.hasPrefix("  ETA of") }.count == 4, "\(open)")
        // The four follow the group's row together.
        #expect(open[(group + 1)...(group + 4)].allSatisfy { $0.hasPrefix("  ETA of") }, "\(open)")
        #expect(open.count == collapsed.count + 4)
        // Enter on an ETA row opens its detail, as before.
        s.selected[.deadlines] = group + 1
        press(&s, .enter)
        guard case .deadlineDetail(let key, _)? = s.overlay else {
            Issue.record("no detail: \(String(describing: s.overlay))")
            return
        }
        #expect(key.hasPrefix("alert_eta:"))
        press(&s, .escape)
        s.selected[.deadlines] = group
        press(&s, .enter)
        #expect(labels(s) == collapsed)
    }

    @Test func aFilterListsMatchingETAsFlat() {
        var s = makeState(morningWithETAs(), width: 160, height: 48)
        press(&s, .char("3"), .char("/"))
        type(&s, "MSKU")
        let shown = labels(s)
        #expect(shown.count == 4 && shown.allSatisfy { $0.hasPrefix("ETA of") }, "\(shown)")
        press(&s, .escape, .escape)
        #expect(labels(s).contains { $0.hasPrefix("▸ ETAs of 4") })
    }

    @Test func oneETAIsNotGrouped() {
        var b = morningLog()
        b.run(
            .receiveAlert(
                alert(
                    "Tàu cá chở ngà voi", .high, AlertSource(kind: .borderGuard), received: "2021-09-01T07:00:00",
                    eta: "2021-09-01T12:00:00")),
            at: "2021-09-01T07:00:00")
        let s = makeState(b, width: 160, height: 48)
        #expect(labels(s).contains { $0.hasPrefix("ETA of") } && !labels(s).contains { $0.contains("ETAs of") })
    }

    @Test(arguments: [(80, 24), (160, 48)], [Language.en, .vi])
    func etaGroupSnapshots(_ size: (Int, Int), _ language: Language) {
        var s = makeState(morningWithETAs(), language: language, width: size.0, height: size.1)
        press(&s, .char("3"))
        let suffix = "\(size.0)x\(size.1)-\(language.rawValue)"
        assertSnapshot(s, "eta-group-closed-" + suffix)
        if let i = (0..<s.shownDeadlineCount).first(where: { s.isETAGroupRow($0) }) { s.selected[.deadlines] = i }
        press(&s, .enter)
        assertSnapshot(s, "eta-group-open-" + suffix)
    }
}
