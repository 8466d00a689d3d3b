import DutyDeskDomain
import TerminalKit
import Testing

@testable import Dashboard

/// Moving around (issue 13, item 7): the `:` command line runs the keymaps' actions by name
/// with completion, help starts with this screen's keys then "start here" and the legend,
/// and `+` zooms the focused pane.
@Suite struct CommandLineTests {
    @Test func colonAckAcknowledgesTheSelectedAlertLikeTheKey() {
        var byKey = makeState(morningLog())
        let keyFx = press(&byKey, .char("a"))
        var s = makeState(morningLog())
        press(&s, .char(":"))
        #expect(s.isCommandLineOpen)
        type(&s, "ack")
        let fx = press(&s, .enter)
        #expect(!s.isCommandLineOpen)
        let types = appends(fx).flatMap { $0.1.map(\.type) }
        #expect(types == appends(keyFx).flatMap { $0.1.map(\.type) })
        #expect(types == ["alert.acknowledged"])
    }

    @Test func enterTakesTheHighlightedCompletionOfAPrefix() {
        var s = makeState(morningLog())
        press(&s, .char("j"), .char("j"), .char("j"), .char("j"), .char(":"))  // A-0003, acknowledged
        type(&s, "assi")
        press(&s, .enter)
        #expect(s.openFormKind == .assign)
    }

    @Test func vietnameseWordsFindTheCommand() {
        let s = makeState(morningLog(), language: .vi)
        let names = s.promptCompletions("tiep nhan").map(\.value)
        #expect(names.first == "ack")
        #expect(s.promptCompletions("hoan tac").map(\.value).contains("undo"))
    }

    @Test func tabCompletesViewNamesAndEnterShowsTheView() {
        var s = makeState(morningLog())
        press(&s, .char(":"))
        type(&s, "vi")
        press(&s, .tab)
        type(&s, "dea")
        press(&s, .tab)
        #expect(s.prompt?.editor.text == "view deadlines")
        press(&s, .enter)
        #expect(s.focus == .deadlines)
        press(&s, .char(":"))
        type(&s, "view units")
        press(&s, .enter)
        #expect(s.overlay == .units(selected: 0, scroll: 0))
    }

    @Test func filterSetsThePaneFilterAndNothingClearsIt() {
        var s = makeState(morningLog())
        let all = s.visibleAlertCount
        press(&s, .char(":"))
        type(&s, "filter unit:HQHN")
        press(&s, .enter)
        #expect(s.filterText == "unit:HQHN")
        #expect(s.visibleAlertCount == 2)
        #expect(s.visibleAlertCount < all)
        press(&s, .char(":"))
        type(&s, "filter")
        press(&s, .enter)
        #expect(s.filterText == "")
        #expect(s.visibleAlertCount == all)
    }

    @Test func filterCompletesFieldsAndUnitCodes() {
        let s = makeState(morningLog())
        #expect(s.promptCompletions("filter ho un").map(\.value) == ["filter ho unit:"])
        #expect(s.promptCompletions("filter unit:HQL").map(\.value).contains("filter unit:HQLS"))
        #expect(s.promptCompletions("filter !unit:HQL").map(\.value).contains("filter !unit:HQLS"))
    }

    @Test func closeInTheRequestsPaneClosesTheRequest() {
        var s = makeState(morningLog())
        press(&s, .char("2"), .char(":"))
        type(&s, "close")
        press(&s, .enter)
        #expect(s.openFormKind == .closeRequest)
    }

    @Test func anUnknownCommandIsSaidAndEscOrBackspaceCloses() {
        var s = makeState(morningLog())
        press(&s, .char(":"))
        type(&s, "zzz")
        press(&s, .enter)
        #expect(s.statusText == Strings(.en).unknownCommand("zzz"))
        press(&s, .char(":"), .escape)
        #expect(!s.isCommandLineOpen)
        press(&s, .char(":"), .backspace)
        #expect(!s.isCommandLineOpen)
        press(&s, .char(":"))
        type(&s, "help")
        press(&s, .enter)
        #expect(s.isHelpVisible)
    }

    @Test func everyCommandNamesAnActionOrAView() {
        for c in PromptCommand.all {
            #expect(!c.help(Strings(.en)).isEmpty, "\(c.name)")
            #expect(!c.help(Strings(.vi)).isEmpty, "\(c.name)")
            if case .actions = c.run { #expect(c.binding != nil, "\(c.name) has a key") }
        }
    }

    @Test func helpListsThisScreenFirstThenStartHereAndTheLegend() {
        var s = makeState(morningLog(), width: 160, height: 48)
        press(&s, .char("3"), .char("?"))
        let lines = s.helpLines(width: 100).map(\.text)
        #expect(lines.first == "Deadlines")
        let start = lines.firstIndex(of: Strings(.en).startHereTitle) ?? -1
        let legend = lines.firstIndex(of: Strings(.en).legendTitle) ?? -1
        let other = lines.firstIndex(of: "Alerts") ?? -1
        #expect(start > 0 && legend > start && other > legend)
        for sign in ["*", "!", "▲", "●", "✔", "✖", "✓", "≈A-0007"] {
            #expect(lines.contains { $0.hasPrefix("  " + sign + " ") }, "legend has \(sign)")
        }
        #expect(lines.contains { $0.hasPrefix("  :ack ") })
    }

    @Test func plusZoomsTheFocusedPaneAndBack() {
        var s = makeState(morningLog())
        press(&s, .char("3"), .char("+"))
        #expect(s.isZoomed)
        #expect(Layout.make(s).panes.keys.sorted { $0.rawValue < $1.rawValue } == [.deadlines])
        press(&s, .tab)
        #expect(Layout.make(s).panes.keys.sorted { $0.rawValue < $1.rawValue } == [.alerts])
        press(&s, .char("+"))
        #expect(!s.isZoomed)
        #expect(Layout.make(s).panes.count == 3)
    }

    // Snapshots, English and Vietnamese at 80×24 and 160×48.
    static func each(_ name: String, _ keys: [Key], typing: String = "") {
        for (lang, code) in [(Language.en, "en"), (Language.vi, "vi")] {
            for (w, h) in [(80, 24), (160, 48)] {
                var s = makeState(morningLog(), language: lang, width: w, height: h)
                for k in keys { _ = update(&s, .key(k)) }
                type(&s, typing)
                assertSnapshot(s, "\(name)-\(w)x\(h)-\(code)")
            }
        }
    }

    @Test func commandLineSnapshots() { Self.each("command-line", [.char(":")], typing: "f") }
    @Test func commandLineViewSnapshots() { Self.each("command-line-view", [.char(":")], typing: "view ") }
    @Test func zoomSnapshots() { Self.each("zoom-alerts", [.char("+")]) }
    @Test func helpStartSnapshots() { Self.each("help-start", [.char("2"), .char("?")]) }
}
