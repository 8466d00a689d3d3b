import DutyDeskDomain
import TerminalKit
import Testing

@testable import Dashboard

@Suite struct SnapshotTests {
    @Test func main80x24English() { assertSnapshot(makeState(morningLog()), "main-80x24-en") }
    @Test func main160x48English() { assertSnapshot(makeState(morningLog(), width: 160, height: 48), "main-160x48-en") }
    @Test func main80x24Vietnamese() { assertSnapshot(makeState(morningLog(), language: .vi), "main-80x24-vi") }
    @Test func main160x48Vietnamese() {
        assertSnapshot(makeState(morningLog(), language: .vi, width: 160, height: 48), "main-160x48-vi")
    }
    @Test func tabBarBelow80x24() { assertSnapshot(makeState(morningLog(), width: 60, height: 20), "tabs-60x20-en") }
    @Test func tabBarVietnameseDeadlines() {
        var s = makeState(morningLog(), language: .vi, width: 50, height: 16)
        press(&s, .char("3"))
        assertSnapshot(s, "tabs-50x16-vi-deadlines")
    }
}

@Suite struct OverlaySnapshotTests {
    @Test func alertDetail() {
        var s = makeState(morningLog())
        press(&s, .char("j"), .char("j"), .char("j"), .char("j"), .enter)
        assertSnapshot(s, "detail-80x24-en")
    }

    @Test func seizureDetailInVietnamese() {
        var s = makeState(morningLog(), language: .vi, width: 100, height: 30)
        press(&s, .char("G"), .enter)
        assertSnapshot(s, "detail-100x30-vi")
    }

    @Test func focalOfficerDeadlineDetail() {
        var s = makeState(morningLog())
        press(&s, .char("3"), .char("j"), .char("j"), .enter)
        assertSnapshot(s, "deadline-focal-80x24-en")
    }

    @Test func helpOverlay() {
        var s = makeState(morningLog())
        press(&s, .char("?"))
        assertSnapshot(s, "help-80x24-en")
    }

    @Test func helpOverlayVietnamese160() {
        var s = makeState(morningLog(), language: .vi, width: 160, height: 48)
        press(&s, .char("?"))
        assertSnapshot(s, "help-160x48-vi")
    }

    @Test func closeFormWithSeizureFields() {
        var s = makeState(morningLog())
        press(&s, .char("j"), .char("j"), .char("j"), .char("j"), .char("c"), .tab)
        type(&s, "ngà voi")
        press(&s, .tab)
        type(&s, "x")
        press(&s, .enter)  // refused: quantity is not a number
        assertSnapshot(s, "form-close-80x24-en")
    }

    @Test func reopenFormVietnamese() {
        var s = makeState(morningLog(), language: .vi)
        for _ in 0..<20 where s.selectedAlert != "A-0006" { press(&s, .char("j")) }
        press(&s, .char("r"))
        type(&s, "Có danh sách hành khách mới")
        assertSnapshot(s, "form-reopen-80x24-vi")
    }

    @Test func assignFormWithCompletionVietnamese() {
        var s = makeState(morningLog(), language: .vi)
        press(&s, .char("j"), .char("j"), .char("j"), .char("j"), .char("s"))
        type(&s, "ha")
        assertSnapshot(s, "form-assign-80x24-vi")
    }

    @Test func bannersFilterAndPending() {
        var b = morningLog()
        var s = makeState(b)
        let r = b.run(
            .receiveAlert(
                alert(
                    "Hổ đông lạnh trong xe tải 🐅", .critical, AlertSource(kind: .police),
                    received: "2021-09-01T07:59:50"), alertID: "A-0010"), at: "2021-09-01T07:59:55")
        _ = update(&s, .recordsAppended(r))
        _ = update(&s, .tick(ict("2021-09-01T15:00:01")))
        press(&s, .char("/"))
        type(&s, "hổ")
        press(&s, .enter, .char("a"))
        assertSnapshot(s, "banners-filter-pending-80x24-en")
    }

    @Test func monochromeStylesKeepStatesReadable() {
        // The style block pins roles and bold/reverse; the text block alone must already
        // carry every state (words and symbols), which the other snapshots show.
        assertSnapshot(makeState(morningLog()), "styles-80x24-en", styles: true)
    }
}

/// The start-up screen shown while a large log is read.
@Suite struct LoadingScreenTests {
    func grid(
        _ p: LoadingProgress, _ language: Language, width: Int = 80, height: Int = 24,
        log: String = "golden-strike-2021.log"
    ) -> Grid {
        var g = Grid(width: width, height: height)
        renderLoading(p, campaignName: "Golden Strike 2021", logName: log, language: language, into: &g)
        return g
    }

    @Test func englishAndVietnameseAtSeveralSizes() {
        let p = LoadingProgress(done: 420, total: 1000, fromSnapshot: false)
        let en = grid(p, .en).snapshot()
        #expect(en.contains("DutyDesk · Golden Strike 2021"))
        #expect(en.contains("Reading the event log golden-strike-2021.log"))
        #expect(en.contains("█████████████████████░░░░░░░░░░░░░░░░░░░░░░░░░░░░░ 42 %"))
        let vi = grid(LoadingProgress(done: 1000, total: 1000, fromSnapshot: true), .vi).snapshot()
        #expect(vi.contains("Đang đọc nhật ký golden-strike-2021.log (từ bản chụp)"))
        #expect(vi.contains("100 %"))
        // Tiny and empty screens draw what fits and never trap.
        _ = grid(p, .en, width: 10, height: 3)
        _ = grid(p, .vi, width: 0, height: 0)
        #expect(LoadingProgress(done: 5, total: 0, fromSnapshot: false).percent == 100)
        #expect(LoadingProgress(done: -5, total: 10, fromSnapshot: false).percent == 0)
    }

    @Test func controlCharactersInTheLogNameAreShownAsMarkers() {
        let g = grid(LoadingProgress(done: 0, total: 1, fromSnapshot: false), .en, log: "evil\u{1B}[2J\u{202E}.log")
            .snapshot()
        #expect(!g.contains("\u{1B}"))
        #expect(!g.contains("\u{202E}"))
    }
}
