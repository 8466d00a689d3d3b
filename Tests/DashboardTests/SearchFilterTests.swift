import DutyDeskDomain
import TerminalKit
import Testing

@testable import Dashboard

/// The `/` filter as an officer uses it (issue 13, item 3): the fields searched, prefixes,
/// negation, live arrivals, and `/` in the Verification requests and Deadlines panes.
@Suite struct SearchFilterTests {
    /// The morning log plus a tip with every reference an officer searches by.
    static func log() -> LogBuilder {
        var b = morningLog()
        let d = AlertDetails(
            receivedAt: ict("2021-09-01T07:30:00"), source: AlertSource(kind: .borderGuard),
            sourceReference: "BP-2021/117", priority: .high, subject: "Chim quý hiếm trên xe khách",
            commodity: "live birds", species: [Species(scientificName: "Garrulax milleti")],
            persons: [PersonConcerned(name: "Nguyễn Văn A", travelDocument: "passport C1234567")],
            conveyance: Conveyance(kind: .vehicle, reference: "TGHU 8812345"),
            location: AlertLocation(kind: .borderGate, name: "Cửa khẩu Tân Thanh"), responsibleUnit: "HQLS",
            notes: "Xe chạy tuyến Lạng Sơn – Hà Nội")
        b.run(.receiveAlert(d, alertID: "A-0008"), at: "2021-09-01T07:30:05")
        return b
    }

    func shown(_ s: AppState) -> [String] { (0..<s.store.visibleCount).map { s.store.visible($0).id }.sorted() }

    func filtered(_ q: String, _ language: Language = .en) -> [String] {
        var s = makeState(Self.log(), language: language)
        press(&s, .char("/"))
        type(&s, q)
        return shown(s)
    }

    @Test func wordsInARowAndAtWordStarts() {
        #expect(filtered("te te") == ["A-0001"], "tê tê, not Sừng tê giác nor Sân bay quốc tế")
        #expect(filtered("tê giác") == ["A-0002"])
        #expect(filtered("quoc te") == ["A-0002"])
        // Decomposed input finds precomposed text and the other way round.
        #expect(filtered("nga\u{300} voi") == ["A-0003"])
        #expect(filtered("Ngà voi") == ["A-0003"])
    }

    @Test func referencesSpeciesNotesAndUnitsAreSearched() {
        #expect(filtered("ref:tghu") == ["A-0008"], "conveyance reference")
        #expect(filtered("tghu 881") == ["A-0008"], "bare words search references too")
        #expect(filtered("ref:bp 2021") == ["A-0008"], "source reference")
        #expect(filtered("ref:c123") == ["A-0008"], "travel document")
        #expect(filtered("ref:a") == [], "the id is not a reference")
        #expect(filtered("sp:garrulax") == ["A-0008"])
        #expect(filtered("sp:pangolin") == ["A-0001"], "the commodity is searched with the species")
        #expect(filtered("soi chieu") == ["A-0003"], "an officer's note")
        #expect(filtered("tuyen lang") == ["A-0008"], "the tip's notes")
        // Units: code, Vietnamese and English names from the campaign's unit list.
        #expect(filtered("unit:hqls") == ["A-0004", "A-0008"])
        #expect(filtered("unit:\"lang son\"") == ["A-0004", "A-0008"])
        #expect(filtered("unit:\"hai quan tinh lang\"") == ["A-0004", "A-0008"])
        #expect(filtered("unit:\"hai phong customs\"") == ["A-0001"])
        #expect(filtered("lang son customs") == ["A-0004", "A-0008"], "bare words find unit names")
    }

    @Test func prefixesOfEnumeratedFieldsInBothLanguages() {
        #expect(filtered("status:closed") == ["A-0006"])
        #expect(filtered("status:\"da dong\"") == ["A-0006"])
        #expect(filtered("prio:crit") == ["A-0001"])
        #expect(filtered("prio:khan", .vi) == ["A-0001"], "khẩn cấp")
        #expect(filtered("src:police") == ["A-0002"])
        #expect(filtered("src:\"cong an\"") == ["A-0002"], "the other language's words work too")
        #expect(filtered("src:\"bien phong\"") == ["A-0006", "A-0008"])
        #expect(filtered("src:cn") == ["A-0004"], "a member country by its code")
        #expect(filtered("loc:\"mong cai\"") == ["A-0006"])
        #expect(filtered("loc:cua !loc:lao") == ["A-0004", "A-0008"])
    }

    @Test func negationLeavesOut() {
        #expect(!filtered("!status:closed").contains("A-0006"))
        #expect(filtered("!status:closed").count == 7)
        #expect(filtered("te !giac") == ["A-0001"])
    }

    @Test func typingBackAndForthKeepsResultsRight() {
        var s = makeState(Self.log())
        press(&s, .char("/"))
        // Each step, typed on top of the last (narrowing, widening, negating), shows what the
        // same query typed afresh shows.
        let steps: [(type: String, back: Int)] = [
            ("te", 0), (" t", 0), ("e", 0), ("", 2), ("e !s", 0), ("ung", 0), ("", 3), ("", 1), (" unit:hq", 0),
            ("ls", 0), ("", 2),
        ]
        for (t, back) in steps {
            for _ in 0..<back { press(&s, .backspace) }
            type(&s, t)
            #expect(shown(s) == filtered(s.filterText), "«\(s.filterText)»")
        }
        #expect(filtered("te t") == ["A-0001"])
        #expect(filtered("te !s") == [], "!s leaves out every alert with a word starting with s (Sừng, Sân bay, …)")
        #expect(filtered("te !sung") == ["A-0001"])
    }

    @Test func liveArrivalsAndChangesFollowTheFilter() {
        var b = Self.log()
        var s = makeState(b)
        press(&s, .char("/"))
        type(&s, "ref:tghu")
        press(&s, .enter)
        #expect(shown(s) == ["A-0008"])
        let d = AlertDetails(
            receivedAt: ict("2021-09-01T07:58:00"), source: AlertSource(kind: .police), priority: .normal,
            subject: "Xe tải nghi chở ngà", conveyance: Conveyance(kind: .vehicle, reference: "TGHU 8812345"))
        let new = b.run(.receiveAlert(d, alertID: "A-0009"), at: "2021-09-01T07:58:10")
        _ = update(&s, .recordsAppended(new))
        #expect(shown(s) == ["A-0008", "A-0009"])
        // A note that adds the words brings an alert in; the filter follows it.
        press(&s, .char("/"))
        press(&s, .ctrl("u"))
        type(&s, "ghi chu moi")
        #expect(shown(s) == [])
        let note = b.run(.addNote(alertID: "A-0002", text: "Ghi chú mới từ Nội Bài"), at: "2021-09-01T07:59:00")
        _ = update(&s, .recordsAppended(note))
        #expect(shown(s) == ["A-0002"])
    }

    @Test func helpAndKeysDocExplainTheQueryLanguage() {
        for language in [Language.en, .vi] {
            var s = makeState(Self.log(), language: language, width: 120, height: 200)
            press(&s, .char("?"))
            let text = view(s).snapshot()
            let str = Strings(language)
            #expect(text.contains(str.searchHelpTitle))
            for (example, meaning) in str.searchHelp { #expect(text.contains(example) && text.contains(meaning)) }
        }
        let doc = keysMarkdown()
        for (example, _) in Strings(.en).searchHelp { #expect(doc.contains("`\(example)`")) }
    }

    @Test func slashFiltersTheVerificationAndDeadlinePanes() {
        var s = makeState(Self.log())
        press(&s, .char("2"), .char("/"))
        type(&s, "nga voi")
        #expect(s.requests.map(\.id) == ["V-0001"])
        #expect(s.focus == .verification, "/ filters the focused pane")
        #expect(s.visibleAlertCount == 8, "the alerts are not filtered")
        press(&s, .enter)
        #expect(s.selectedRequest?.id == "V-0001")
        press(&s, .escape)
        #expect(s.requests.count == 2)
        press(&s, .char("3"))
        let all = s.shownDeadlineCount
        press(&s, .char("/"))
        type(&s, "daily")
        #expect(s.shownDeadlineCount > 0 && s.shownDeadlineCount < all)
        #expect((0..<s.shownDeadlineCount).allSatisfy { s.shownDeadline($0).labelEN.lowercased().contains("daily") })
        // The list follows the clock with the filter kept.
        _ = update(&s, .tick(ict("2021-09-01T08:00:01")))
        #expect(s.shownDeadlineCount > 0 && s.shownDeadlineCount < all)
        press(&s, .escape)
        #expect(s.shownDeadlineCount == all)
    }
}

/// Screens of the filter (issue 13, item 9): a filtered alert list with a prefix and a
/// negation, in English and Vietnamese at 80×24 and 160×48, and a filtered request pane.
@Suite struct SearchFilterSnapshotTests {
    func filteredList(_ language: Language, _ width: Int, _ height: Int) -> AppState {
        var s = makeState(SearchFilterTests.log(), language: language, width: width, height: height)
        press(&s, .char("/"))
        type(&s, "!status:closed cua")
        return s
    }

    @Test func filteredList80English() { assertSnapshot(filteredList(.en, 80, 24), "filter-80x24-en") }
    @Test func filteredList80Vietnamese() { assertSnapshot(filteredList(.vi, 80, 24), "filter-80x24-vi") }
    @Test func filteredList160English() { assertSnapshot(filteredList(.en, 160, 48), "filter-160x48-en") }
    @Test func filteredList160Vietnamese() { assertSnapshot(filteredList(.vi, 160, 48), "filter-160x48-vi") }

    @Test func filteredRequests() {
        var s = makeState(SearchFilterTests.log(), language: .vi)
        press(&s, .char("2"), .char("/"))
        type(&s, "ngà")
        assertSnapshot(s, "filter-requests-80x24-vi")
    }
}
