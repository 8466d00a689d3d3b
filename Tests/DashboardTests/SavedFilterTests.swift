// Saved filters (issue 13, item 7): `:save NAME` asks the runner to keep the focused pane's
// filter (an effect: the dashboard does no file I/O), `:view NAME` shows it again, names that
// are views already are refused, a damaged file is a banner and is never written over, and
// `:view`'s completion offers the saved names, sanitised. Snapshots in English and
// Vietnamese at 80×24 and 160×48.
import DutyDeskDomain
import DutyDeskJSON
import TerminalKit
import Testing

@testable import Dashboard

/// Runs `line` in the `:` command line.
@discardableResult
func command(_ s: inout AppState, _ line: String) -> [Effect] {
    var fx = press(&s, .char(":"))
    fx += type(&s, line)
    fx += press(&s, .enter)
    return fx
}

/// The `saveFilter` effects among `fx`.
func saves(_ fx: [Effect]) -> [(String, SavedFilter)] {
    fx.compactMap { if case .saveFilter(let n, let f) = $0 { (n, f) } else { nil } }
}

/// Two saved filters, as the runner would read them at start.
func withSavedFilters(_ s: inout AppState, _ filters: [(String, SavedFilter)]) {
    var all = SavedFilters()
    for (n, f) in filters { all = all.setting(n, f) }
    _ = update(&s, .savedFiltersRead(path: "/home/lan/.config/dutydesk/filters.json", .success(all)))
}

@Suite struct SavedFilterTests {
    @Test func saveAsksTheRunnerAndViewShowsItAgain() {
        var s = makeState(morningLog())
        command(&s, "filter unit:HQHP")
        #expect(s.filterText == "unit:HQHP")
        let fx = command(&s, "save haiphong")
        let asked = saves(fx)
        #expect(asked.count == 1 && asked.first?.0 == "haiphong")
        #expect(asked.first?.1 == SavedFilter(pane: .alerts, query: "unit:HQHP"))
        // Nothing is kept until the runner says the file was written.
        #expect(s.savedFilterNames.isEmpty)
        let written = SavedFilters().setting("haiphong", SavedFilter(pane: .alerts, query: "unit:HQHP"))
        _ = update(&s, .filterSaved(name: "haiphong", .success(written)))
        #expect(s.savedFilterNames == ["haiphong"])
        #expect(s.statusText == "Filter saved as haiphong; :view haiphong shows it")
        // Elsewhere, with the filter cleared: :view haiphong is the Alerts pane filtered again.
        command(&s, "filter")
        press(&s, .char("3"))
        #expect(s.filterText.isEmpty && s.focus == .deadlines)
        command(&s, "view haiphong")
        #expect(s.focus == .alerts && s.filterText == "unit:HQHP")
        #expect(s.visibleAlertCount < makeState(morningLog()).visibleAlertCount)
        // Saving the same name again replaces it, and says so.
        _ = update(&s, .filterSaved(name: "haiphong", .success(written)))
        #expect(s.statusText?.contains("replaced") == true)
    }

    @Test func theFocusedPanesFilterIsSavedWithItsPane() {
        var s = makeState(morningLog())
        press(&s, .char("2"))
        command(&s, "filter TH")
        let asked = saves(command(&s, "save thai"))
        #expect(asked.first?.1 == SavedFilter(pane: .verification, query: "TH"))
        withSavedFilters(&s, [("thai", SavedFilter(pane: .verification, query: "TH"))])
        press(&s, .char("1"))
        command(&s, "view thai")
        #expect(s.focus == .verification && s.paneFilter(.verification).text == "TH")
    }

    @Test(arguments: ["alerts", "Units", "HELP", "deadlines", "verification"])
    func aBuiltInViewNameIsRefused(_ name: String) {
        var s = makeState(morningLog())
        command(&s, "filter unit:HQHP")
        #expect(saves(command(&s, "save \(name)")).isEmpty)
        #expect(s.statusText?.contains("is a view already") == true, "\(s.statusText ?? "")")
    }

    @Test func otherNamesAndEmptyFiltersAreRefused() {
        var s = makeState(morningLog())
        #expect(saves(command(&s, "save x")).isEmpty)
        #expect(s.statusText == "The Alerts pane has no filter to save (/ or :filter sets one)")
        command(&s, "filter unit:HQHP")
        #expect(saves(command(&s, "save")).isEmpty)
        #expect(s.statusText == "Save as what? :save NAME")
        #expect(saves(command(&s, "save two words")).isEmpty)
        #expect(s.statusText?.contains("one word") == true)
        #expect(saves(command(&s, "save \u{1B}[31mred")).isEmpty)
        #expect(s.statusText?.contains("one word") == true)
        #expect(saves(command(&s, "save " + String(repeating: "a", count: 33))).isEmpty)
        #expect(s.statusText?.contains("32") == true)
        // Vietnamese letters are letters.
        #expect(saves(command(&s, "save cảng-hải-phòng")).count == 1)
    }

    @Test func aDamagedFileIsABannerAndIsNeverWrittenOver() {
        var s = makeState(morningLog())
        let path = "/home/lan/.config/dutydesk/filters.json"
        _ = update(&s, .savedFiltersRead(path: path, .failure(.notJSON("unexpected end of input at byte 12"))))
        #expect(s.bannerTexts.contains { $0.contains(path) && $0.contains("not JSON") })
        command(&s, "filter unit:HQHP")
        #expect(saves(command(&s, "save hp")).isEmpty)
        #expect(s.statusText?.contains("never overwritten") == true)
        // The runner found it damaged at save time (another program wrote it): the same.
        var t = makeState(morningLog())
        command(&t, "filter unit:HQHP")
        #expect(saves(command(&t, "save hp")).count == 1)
        _ = update(&t, .filterSaved(name: "hp", .failure(.wrongShape("\"version\" is not 1"))))
        #expect(t.bannerTexts.contains { $0.contains("filters.json") })
        #expect(saves(command(&t, "save hp")).isEmpty)
        // A write that failed is said, and the next save is tried again.
        var u = makeState(morningLog())
        command(&u, "filter unit:HQHP")
        _ = update(&u, .filterSaved(name: "hp", .failure(.unwritable("No space left on device (errno 28)"))))
        #expect(u.statusText?.contains("No space left") == true)
        #expect(saves(command(&u, "save hp")).count == 1)
    }

    @Test func viewCompletionOffersSavedNamesAfterTheViewsSanitised() {
        var s = makeState(morningLog())
        withSavedFilters(
            &s,
            [
                ("haiphong", SavedFilter(pane: .alerts, query: "unit:HQHP")),
                ("crit", SavedFilter(pane: .alerts, query: "prio:crit")),
                ("alerts", SavedFilter(pane: .deadlines, query: "x")),  // written by hand: never shadows
                ("\u{1B}]0;x\u{07}", SavedFilter(pane: .alerts, query: "\u{1B}[2J")),
            ])
        let all = s.promptCompletions("view ", limit: 20).map(\.value)
        #expect(Array(all.prefix(PromptView.all.count)) == PromptView.all.map { "view " + $0.name })
        #expect(all.contains("view haiphong") && all.contains("view crit"))
        #expect(all.filter { $0 == "view alerts" }.count == 1)
        #expect(s.promptCompletions("view hai").map(\.value) == ["view haiphong"])
        // The built-in view wins over a saved name it shares.
        command(&s, "view alerts")
        #expect(s.focus == .alerts && s.filterText.isEmpty)
        // Typed but unfinished: Enter takes the completion.
        press(&s, .char(":"))
        type(&s, "view hai")
        press(&s, .enter)
        #expect(s.filterText == "unit:HQHP")
        // On screen, the hostile name is markers, never an escape.
        press(&s, .char(":"))
        type(&s, "view ")
        let text = screen(s)
        #expect(!text.contains("\u{1B}") && !text.contains("\u{07}"))
        #expect(text.contains("view ␛]0;x"), "\(text)")
    }

    @Test func theFileRoundTripsAndNamesWhatIsWrong() {
        let f = SavedFilters()
            .setting("haiphong", SavedFilter(pane: .alerts, query: "unit:HQHP \"x\""))
            .setting("cảng", SavedFilter(pane: .deadlines, query: "nhanh"))
        let bytes = f.encoded()
        #expect(SavedFilters.decode(bytes) == .success(f))
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == "{\"version\":1,\"filters\":{\n\"cảng\":{\"pane\":\"deadlines\",\"query\":\"nhanh\"},\n"
                + "\"haiphong\":{\"pane\":\"alerts\",\"query\":\"unit:HQHP \\\"x\\\"\"}\n}}\n")
        #expect(SavedFilters.decode(SavedFilters().encoded()) == .success(SavedFilters()))
        func problem(_ text: String) -> SavedFiltersProblem? {
            if case .failure(let p) = SavedFilters.decode(Array(text.utf8)) { return p }
            return nil
        }
        #expect(problem("{").map { if case .notJSON = $0 { true } else { false } } == true)
        #expect(problem("[]") == .wrongShape("not a JSON object"))
        #expect(problem("{\"version\":2,\"filters\":{}}") == .wrongShape("\"version\" is not 1"))
        #expect(problem("{\"version\":1}") == .wrongShape("no \"filters\" object"))
        #expect(
            problem("{\"version\":1,\"filters\":{\"a\":{\"pane\":\"alerts\"}}}")
                == .wrongShape("filters.a: needs \"pane\" and \"query\" strings"))
        #expect(
            problem("{\"version\":1,\"filters\":{\"a\":{\"pane\":\"inbox\",\"query\":\"x\"}}}")
                == .wrongShape("filters.a: unknown pane"))
        #expect(problem(String(repeating: " ", count: SavedFilters.maxFileBytes + 1)) == .tooLarge)
    }

    @Test(arguments: [(Language.en, 80, 24), (.vi, 80, 24), (.en, 160, 48), (.vi, 160, 48)])
    func viewCompletionSnapshot(_ language: Language, _ w: Int, _ h: Int) {
        var s = makeState(morningLog(), language: language, width: w, height: h)
        withSavedFilters(
            &s,
            [
                ("haiphong", SavedFilter(pane: .alerts, query: "unit:HQHP")),
                ("nhanh", SavedFilter(pane: .deadlines, query: "nhanh")),
            ])
        press(&s, .char(":"))
        type(&s, "view ")
        assertSnapshot(s, "saved-filters-view-\(w)x\(h)-\(language.rawValue)")
    }

    @Test(arguments: [(Language.en, 80, 24), (.vi, 80, 24), (.en, 160, 48), (.vi, 160, 48)])
    func refusalSnapshot(_ language: Language, _ w: Int, _ h: Int) {
        var s = makeState(morningLog(), language: language, width: w, height: h)
        _ = update(
            &s,
            .savedFiltersRead(
                path: "/home/lan/.config/dutydesk/filters.json", .failure(.wrongShape("\"version\" is not 1"))))
        command(&s, "filter unit:HQHP")
        command(&s, "save hp")
        assertSnapshot(s, "saved-filters-refused-\(w)x\(h)-\(language.rawValue)")
    }
}
