import DutyDeskDomain
import TerminalKit
import Testing

@testable import Dashboard

/// Dispatch, the footer hints and the help overlay read the same live keymaps
/// (`AppState.activeKeymaps`, issue 16 item 3): checked in every app state the keys can
/// reach — each pane, each detail view, each form with a text and a choice field focused,
/// the filter line, and help over each screen — in both languages.
@Suite struct KeymapAgreementTests {
    /// Every key any table binds, and a few that no table binds.
    static let allKeys: [Key] = {
        var keys: [Key] = []
        for m in Keymaps.all { for b in m.bindings { for k in b.keys where !keys.contains(k) { keys.append(k) } } }
        return keys + [.char("Q"), .char("7"), .function(5)]
    }()

    /// (name, state) for every context the dashboard has.
    static func states(_ language: Language) -> [(String, AppState)] {
        var out: [(String, AppState)] = []
        func add(_ name: String, _ keys: [Key]) {
            var s = makeState(morningLog(), language: language, width: 160, height: 48)
            for k in keys { _ = update(&s, .key(k)) }
            out.append((name, s))
            var h = s
            _ = update(&h, .key(.function(1)))
            if h.isHelpVisible { out.append((name + " + help", h)) }
        }
        let toAck: [Key] = [.char("j"), .char("j"), .char("j"), .char("j")]  // A-0003, acknowledged
        add("alerts", [])
        add("verification", [.char("2")])
        add("deadlines", [.char("3")])
        add("alert detail", [.enter])
        add("request detail", [.char("2"), .enter])
        add("deadline detail", [.char("3"), .enter])
        add("filter line", [.char("/")])
        add("command line", [.char(":")])
        add("assign form (text)", toAck + [.char("s")])
        add("escalate form (choice)", toAck + [.char("e")])
        add("escalate form (text)", toAck + [.char("e"), .tab])
        add("close form (choice)", toAck + [.char("c")])
        add("snooze form (choice)", toAck + [.char("z")])
        add("note form", [.char("n")])
        add("merge form", [.char("m")])
        add("reopen form", [.char("G"), .char("r")])  // the closed seizure sinks to the last row
        add("open request form (choice)", [.char("2"), .char("o")])
        add("open request form (text)", [.char("2"), .char("o"), .tab])
        add("reply form", [.char("2"), .char("r")])
        add("nominate form", [.char("3"), .char("f")])
        add("report form (choice)", [.char("3"), .char("d")])
        add("bulk confirmation", [.char("*"), .char("a")])
        add("acknowledge-first offer", [.char("c")])  // A-0001 is not acknowledged
        return out
    }

    /// The binding of each key that wins in `maps` (first table, first binding).
    static func winners(_ maps: [Keymap<Action>]) -> [Key: KeyBinding<Action>] {
        var w: [Key: KeyBinding<Action>] = [:]
        for m in maps { for b in m.bindings { for k in b.keys where w[k] == nil { w[k] = b } } }
        return w
    }

    @Test(arguments: Language.allCases) func dispatchFooterAndHelpAgree(_ language: Language) {
        let contexts = Self.states(language)
        #expect(contexts.count == 29, "23 screens, 6 of them with help over them")
        var formKinds = Set<FormKind>()
        for (name, s) in contexts {
            if let k = s.openFormKind { formKinds.insert(k) }
            let live = s.activeKeymaps
            #expect(!live.isEmpty, "\(name)")
            let win = Self.winners(live)
            // Dispatch: a key does what its winning live binding says, and nothing when no
            // live table binds it (tables of other screens are not consulted).
            for k in Self.allKeys {
                #expect(s.action(for: k) == win[k]?.action, "\(name): \(k.label)")
            }
            // Footer: exactly the live bindings that carry a hint (once per action), each
            // shown with a key that dispatches to it, in the officer's language.
            let hints = s.footerHints
            var expected: [(String, String)] = []
            var seen = Set<Action>()
            for m in live {
                for b in m.bindings where b.hint != nil && seen.insert(b.action).inserted {
                    guard let h = b.hint, let key = b.keys.first else { continue }
                    expected.append((key.label, language == .vi ? h.vi : h.en))
                    #expect(!h.en.isEmpty && !h.vi.isEmpty, "\(name): \(b.action)")
                    #expect(win[key]?.action == b.action, "\(name): hint \(key.label) is shadowed")
                }
            }
            #expect(Set(hints.map { "\($0.key) \($0.help)" }) == Set(expected.map { "\($0.0) \($0.1)" }), "\(name)")
            #expect(hints.count == expected.count, "\(name)")
            if seen.contains(.help) { #expect(hints.first?.help == (language == .vi ? "trợ giúp" : "help")) }
            // Help: the tables of the screen beneath come first, in lookup order, then the rest.
            // (The last heading is the About part, not a table.)
            let headings = s.helpLines(width: 100).filter { $0.style.underline && $0.text != s.strings.aboutTitle }
                .map(\.text)
            let screen = s.screenKeymaps.map { language == .vi ? $0.nameVI : $0.name }
            #expect(Array(headings.prefix(screen.count)) == screen, "\(name)")
            #expect(headings.count == Keymaps.all.count, "\(name): help lists every table once")
            // The drawn footer shows the hints (the screen is wide enough for the first ones).
            // (The `:` line takes the footer row while it is open.)
            if !s.isFormOpen, !s.isCommandLineOpen, let first = hints.first {
                let footer = view(s).rowText(s.height - 1)
                #expect(footer.contains("\(first.key) \(first.help)"), "\(name): \(footer)")
            }
        }
        #expect(formKinds.count >= 10, "every form kind but one is reached: \(formKinds)")
    }

    @Test func textFieldsTypeWhatNoLiveTableBinds() {
        // A space moves a choice field on, but is typed in a text field: the field's table decides.
        var s = makeState(morningLog())
        press(&s, .char("n"))
        #expect(s.action(for: .char(" ")) == nil)
        type(&s, "a b")
        press(&s, .left)
        #expect(s.form?.fields[0].editor.text == "a b")
        var c = makeState(morningLog())
        press(&c, .char("j"), .char("j"), .char("j"), .char("j"), .char("z"))
        #expect(c.action(for: .char(" ")) == .nextChoice)
        #expect(c.action(for: .left) == .previousChoice)
    }

    @Test func everyHintIsInBothLanguagesAndNoActionNameShows() {
        for m in Keymaps.all {
            for b in m.bindings {
                guard let h = b.hint else { continue }
                #expect(!h.en.isEmpty && !h.vi.isEmpty)
                #expect(h.en != b.action.rawValue || h.en.count <= 6, "\(b.action): the hint is the action's raw name")
            }
        }
    }
}
