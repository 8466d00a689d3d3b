import DutyDeskDomain
import DutyDeskJSON
import TerminalKit
import Testing

@testable import Dashboard

/// Issue 13, item 2: the id column of the Alerts pane, the ids of linked items in the
/// detail views, and sorting by any column.
@Suite struct IDColumnTests {
    func renderer(_ s: AppState) -> Renderer {
        Renderer(s: s, layout: Layout.make(width: s.width, height: s.height, banners: 0, focus: s.focus))
    }

    @Test func theIDFollowsTheAgeAtBothMainSizes() {
        for lang in [Language.en, .vi] {
            for (w, h) in [(80, 24), (160, 48)] {
                let s = makeState(morningLog(), language: lang, width: w, height: h)
                let g = view(s)
                let heading = g.rowText(2)
                #expect(heading.contains("ID"), "\(lang) \(w)")
                let ageEnd = heading.range(of: lang == .en ? "Age" : "Nhận")?.upperBound
                let idAt = heading.range(of: "ID")?.lowerBound
                if let ageEnd, let idAt { #expect(ageEnd < idAt) }
                #expect(g.rowText(3).contains("A-0001"), "\(lang) \(w)")
            }
        }
    }

    @Test func theIDIsDroppedBeforeTheSubjectGetsUnreadable() {
        for lang in [Language.en, .vi] {
            let r = renderer(makeState(morningLog(), language: lang))
            for w in 10...220 {
                let c = r.alertColumns(w, idWidth: 9)  // HQHN-0042
                if c.id > 0 { #expect(c.subject(in: w) >= Renderer.minSubjectWithID, "\(lang) \(w)") }
                // Wide enough, it is always there.
                if w >= 78 { #expect(c.id == 9, "\(lang) \(w)") }
            }
            // Too narrow: left out, and the other columns keep their width.
            let narrow = r.alertColumns(40, idWidth: 9)
            #expect(narrow.id == 0)
            #expect(narrow.source == r.alertColumns(40, idWidth: 0).source)
        }
    }

    @Test func theColumnIsAsWideAsTheLongestIDShown() {
        var b = morningLog()
        b.run(
            .receiveAlert(
                alert("Chim quý hiếm", .low, AlertSource(kind: .police), received: "2021-08-31T07:59:00"),
                alertID: "HQHN-0042"), at: "2021-09-01T07:59:30")
        let s = makeState(b, width: 160, height: 48)
        let g = view(s).snapshot()
        #expect(g.contains("HQHN-0042"))
        // A-0001 is padded to the desk-prefixed id's width: nine columns, then the priority.
        #expect(g.contains("A-0001    crit"))
    }

    @Test func detailViewsNameLinkedItemsByID() {
        var b = morningLog()
        b.run(
            .openVerification(
                direction: .outgoing, counterpart: "CN", subject: "Xác minh lô vảy", linkedAlert: "A-0001",
                openedAt: ict("2021-09-01T07:55:00"), requestID: "V-0009"), at: "2021-09-01T07:55:00")
        var s = makeState(b, width: 120, height: 40)
        press(&s, .enter)
        let detail = view(s).snapshot()
        #expect(detail.contains("Requests:"))
        #expect(detail.contains("V-0009"))
        press(&s, .escape, .char("2"))
        while s.selectedRequest?.id != "V-0009", s.selectedRequest != nil {
            let before = s.selectedRequest?.id
            press(&s, .down)
            if s.selectedRequest?.id == before { break }
        }
        #expect(s.selectedRequest?.id == "V-0009")
        press(&s, .enter)
        let req = view(s).snapshot()
        #expect(req.contains("Linked alert:"))
        #expect(req.contains("A-0001"))
    }
}

@Suite struct AlertSortTests {
    func item(_ id: String, _ subject: String, _ p: Priority, _ minutes: Int, _ status: AlertRowStatus = .new)
        -> AlertItem
    {
        AlertItem(
            id: id, receivedAt: fixedNow.adding(seconds: minutes * 60), priority: p, source: "Board",
            subject: subject, location: "", status: status, acknowledgeBy: fixedNow.adding(seconds: 3600))
    }

    func rows(_ s: AlertStore) -> [String] { (0..<s.visibleCount).map { s.visible($0).id } }

    @Test func storeSortsByAColumnBothWaysWithOpenAlertsFirst() {
        var s = AlertStore(fold: { SearchFold.fold($0) })
        s.upsertMany([
            item("a", "Ngà voi", .low, 1), item("b", "ảnh tê tê", .critical, 2), item("c", "Bò tót", .high, 3),
            item("d", "Ạ closed", .critical, 0, .closed),
        ])
        #expect(rows(s) == ["b", "c", "a", "d"])
        s.setSort(AlertSort(column: .subject, descending: false))
        // Diacritics folded: "ảnh" sorts as "anh"; the closed alert stays last.
        #expect(rows(s) == ["b", "c", "a", "d"])
        s.setSort(AlertSort(column: .subject, descending: true))
        #expect(rows(s) == ["a", "c", "b", "d"])
        s.setSort(AlertSort(column: .age, descending: true))
        #expect(rows(s) == ["a", "b", "c", "d"])
        s.setSort(AlertSort(column: .age, descending: false))
        #expect(rows(s) == ["c", "b", "a", "d"])
        s.setSort(AlertSort(column: .priority, descending: false))
        #expect(rows(s) == ["a", "c", "b", "d"])
        // Live changes keep the sort: one move, the row found by binary search.
        s.upsert(item("e", "Cá heo", .normal, 4))
        #expect(rows(s) == ["a", "e", "c", "b", "d"])
        #expect(s.row(of: "e") == 1)
        s.setSort(AlertSort(column: .subject, descending: false))
        s.upsert(item("a", "Zebu", .low, 1))
        #expect(rows(s) == ["b", "c", "e", "a", "d"])
        // The filter result is sorted with the list, and stays so as the query grows.
        s.setQuery("h")  // "Cá heo", and "c" by its priority, high
        #expect(rows(s) == ["c", "e"])
        s.setSort(AlertSort(column: .subject, descending: true))
        #expect(rows(s) == ["e", "c"])
        s.setQuery("he")
        #expect(rows(s) == ["e"])
        s.setQuery("")
        #expect(rows(s) == ["a", "e", "c", "b", "d"])
        s.setSort(.standard)
        #expect(rows(s) == ["b", "c", "e", "a", "d"])
        // The sort column costs 16 bytes a key (docs/performance.md), not more.
        #expect(MemoryLayout<AlertStore.Key>.stride == 40)
    }

    @Test func sortKeysMoveTheColumnFlipItAndShowItInTheTitle() {
        var s = makeState(morningLog())
        #expect(view(s).rowText(1).contains("Alerts (7) · by Prio ↓"))
        press(&s, .down)
        let selected = s.selectedAlert
        press(&s, .char(">"))
        #expect(s.store.sort == AlertSort(column: .source, descending: false))
        #expect(view(s).rowText(1).contains("by Source ↑"))
        #expect(s.selectedAlert == selected)
        press(&s, .char("I"))
        #expect(view(s).rowText(1).contains("by Source ↓"))
        #expect(s.selectedAlert == selected)
        press(&s, .char("<"), .char("<"), .char("<"), .char("<"), .char("<"))
        #expect(s.store.sort == AlertSort(column: .age, descending: true))
        // The oldest first: A-0005 came in the evening before.
        #expect(view(s).rowText(3).contains("A-0005"))
        press(&s, .char(">"), .char(">"), .char(">"), .char(">"), .char(">"), .char(">"), .char(">"), .char(">"))
        #expect(s.store.sort == AlertSort(column: .owner, descending: false))
        press(&s, .char("/"), .char("n"))
        #expect(view(s).rowText(1).contains("· by Owner ↑ · Filter:"))
        var vi = makeState(morningLog(), language: .vi)
        #expect(view(vi).rowText(1).contains("Tin báo (7) · sắp theo Mức ↓"))
        press(&vi, .char("<"))
        #expect(view(vi).rowText(1).contains("sắp theo ID ↑"))
    }

    @Test func sortKeysAreOnlyLiveInTheAlertsPane() {
        var s = makeState(morningLog())
        press(&s, .char("2"), .char(">"))
        #expect(s.store.sort == .standard)
        press(&s, .char("1"), .enter, .char(">"))
        #expect(s.store.sort == .standard)
    }
}
