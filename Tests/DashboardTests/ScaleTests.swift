import DutyDeskDomain
import DutyDeskJSON
import Foundation
import TerminalKit
import Testing

@testable import Dashboard

/// 100k alerts (scale issue): update plus render of a 200×60 frame while scrolling,
/// paging and typing a filter. Speed is measured by `dutydesk-bench interact` (the 2 ms
/// median target is for release builds), never asserted here: this test checks what the
/// keypresses do and counts work that does not depend on the machine — a keypress folds
/// at most its query, never the 100k search texts again (the search texts are folded
/// once, at load, through the store's `fold`); the frame shows the selected row (the
/// table lays out only the visible rows: `drawsOnlyVisibleRowsAndKeepsSelectionVisible`).
/// The medians are printed for information only.
@Suite struct ScaleTests {
    /// Counts calls of the store's fold (the search texts' and the query's folding).
    final class FoldCounter: @unchecked Sendable {
        var calls = 0
    }

    static func hugeLog(_ n: Int) -> [RecordedEvent] {
        var rng = SeededGenerator(seed: 42)
        let subjects = [
            "Vảy tê tê trong container", "Ngà voi chế tác", "Sừng tê giác", "Rùa sống", "Gỗ trắc",
            "穿山甲 鳞片", "🐘 ivory", "Chim quý hiếm", "Hổ đông lạnh", "Da trăn",
        ]
        let places = ["Cảng Hải Phòng", "Sân bay quốc tế Nội Bài", "Cửa khẩu Hữu Nghị", "Móng Cái", "Cát Lái"]
        let sources: [AlertSourceKind] = [
            .coordinationBoard, .police, .borderGuard, .marketManagement, .customsIntelligence, .publicTip,
        ]
        let start = ict("2021-09-01T00:00:00").epochNanoseconds
        var out: [RecordedEvent] = []
        out.reserveCapacity(n)
        for i in 0..<n {
            let t = RFC3339Timestamp(epochNanoseconds: start + Int64(i) * 250_000_000, offsetSeconds: 25_200)
            let d = AlertDetails(
                receivedAt: t, source: AlertSource(kind: rng.pick(sources)),
                priority: rng.pick(Priority.allCases),
                subject: "\(rng.pick(subjects)) lô \(i)",
                location: AlertLocation(kind: .port, name: rng.pick(places)))
            let e = DomainEvent.alertReceived(AlertReceived(alertID: "A-\(i + 1)", details: d))
            out.append(
                RecordedEvent(seq: i + 1, id: "ev-\(i + 1)", type: e.type, at: t, actor: "feed", payload: e.payload))
        }
        return out
    }

    static func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

    @Test func hundredThousandAlertsStayInteractive() {
        let records = Self.hugeLog(100_000)
        let t0 = Date()
        var s = AppState(
            config: DashboardConfig(campaign: campaign, officer: "lan.nguyen", eventIDPrefix: "p"),
            now: ict("2021-09-01T08:00:00"), width: 200, height: 60, records: records)
        let load = Date().timeIntervalSince(t0)
        #expect(s.visibleAlertCount == 100_000)
        // The same alerts in a store whose fold counts its calls.
        let folds = FoldCounter()
        var counted = AlertStore(fold: {
            folds.calls += 1
            return SearchFold.fold($0)
        })
        counted.replaceAll(s.store.items)
        // The texts are folded on another thread; reading the table waits for it.
        _ = counted.searchTextCompactions
        #expect(folds.calls == 100_000, "one fold per search text at load")
        s.store = counted
        var grid = Grid(width: 200, height: 60)
        /// One keypress (update and render); its wall time in ms (printed only) and the folds it made.
        func step(_ msg: Msg) -> (ms: Double, folds: Int) {
            let before = folds.calls
            let a = DispatchTime.now().uptimeNanoseconds
            _ = update(&s, msg)
            render(s, into: &grid)
            return (Double(DispatchTime.now().uptimeNanoseconds - a) / 1e6, folds.calls - before)
        }
        /// Whether the frame shows the row of `item` (its subject ends in "lô N", N unique).
        func onScreen(_ item: AlertItem) -> Bool {
            let n = item.subject.components(separatedBy: " lô ").last ?? item.subject
            return grid.snapshot().contains("lô \(n) ")
        }
        var scroll: [(ms: Double, folds: Int)] = []
        var paging: [(ms: Double, folds: Int)] = []
        var typing: [(ms: Double, folds: Int)] = []
        for _ in 0..<200 { scroll.append(step(.key(.down))) }
        #expect(s.selected[.alerts] == 200 && s.selectedAlert == s.store.visible(200).id)
        #expect(onScreen(s.store.visible(200)), "the selected row is on screen")
        let page = max(1, Layout.make(s).rows(.alerts))
        for _ in 0..<50 { paging.append(step(.key(.pageDown))) }
        #expect(s.selected[.alerts] == 200 + 50 * page, "50 × PageDown moves \(page) rows each")
        let paged = s.store.visible(200 + 50 * page)
        #expect(s.selectedAlert == paged.id && onScreen(paged))
        _ = step(.key(.char("/")))
        for c in "te te !giac lo 12" { typing.append(step(.key(.char(c)))) }
        let matches = s.visibleAlertCount
        for _ in 0..<4 { typing.append(step(.key(.backspace))) }
        var renders: [Double] = []
        for _ in 0..<30 {
            let a = DispatchTime.now().uptimeNanoseconds
            render(s, into: &grid)
            renders.append(Double(DispatchTime.now().uptimeNanoseconds - a) / 1e6)
        }
        print("scale: render only median \(Self.median(renders)) ms")
        let tick = step(.tick(ict("2021-09-01T08:00:01")))
        let more = Self.hugeLog(100_020).suffix(20)
        let appends = more.map { step(.recordsAppended([$0])) }
        print(
            "scale: load \(Int(load * 1000)) ms; median update+render ms (debug build, information only): scroll \(Self.median(scroll.map(\.ms))), page \(Self.median(paging.map(\.ms))), type \(Self.median(typing.map(\.ms))); tick \(tick.ms), append \(Self.median(appends.map(\.ms))); filter matches \(matches)"
        )
        #expect(matches > 0 && matches < 100_000)
        #expect(s.visibleAlertCount > matches)
        // Work per keypress, counted: moving folds nothing; a filter keypress folds its
        // query once; a new alert folds its own search text (and nothing else).
        #expect(scroll.allSatisfy { $0.folds == 0 } && paging.allSatisfy { $0.folds == 0 })
        #expect(typing.allSatisfy { $0.folds <= 1 }, "folds per filter keypress: \(typing.map(\.folds))")
        #expect(appends.allSatisfy { $0.folds <= 2 }, "folds per appended alert: \(appends.map(\.folds))")
    }
}
