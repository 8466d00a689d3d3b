// The `:` command line (issue 13, item 7), like k9s's and neomutt's: every action of the
// keymaps and every view by name, with completion. A command runs the keymap action it
// names through `perform`, the same code as its key: there is no second implementation.
import DutyDeskDomain
import TerminalKit

/// What a command of the `:` line does.
enum PromptRun: Sendable, Equatable {
    /// The first of these actions that a live keymap binds (else the first): `close` closes
    /// an alert, or in the Verification requests pane the request.
    case actions([Action])
    /// `:filter TEXT`: the focused pane's filter becomes TEXT (the query language of `/`);
    /// no text clears it.
    case filter
    /// `:view NAME`: a pane, the units view or help (`PromptView`), or a saved filter.
    case view
    /// `:save NAME`: the focused pane's filter saved as NAME (`SavedFilters.swift`).
    case save
}

/// A view `:view NAME` shows, and the action of the keymaps that shows it.
struct PromptView: Sendable, Equatable {
    /// As typed: `alerts`, `verification`, `deadlines`, `units`, `help`.
    var name: String
    var action: Action

    static let all: [PromptView] = [
        PromptView(name: "alerts", action: .focusAlerts),
        PromptView(name: "verification", action: .focusVerification),
        PromptView(name: "deadlines", action: .focusDeadlines),
        PromptView(name: "units", action: .viewUnits),
        PromptView(name: "handover", action: .handover),
        PromptView(name: "help", action: .help),
    ]
}

/// One command of the `:` line: its name as typed and what it runs. Its help is the help
/// of the keymap binding of its action (one sentence per action, in both languages), or for
/// `filter` and `view` the string table's.
struct PromptCommand: Sendable, Equatable {
    var name: String
    var run: PromptRun

    /// Every command, in the order help, docs/keys.md and an empty line's completions list them.
    static let all: [PromptCommand] = [
        PromptCommand(name: "help", run: .actions([.help])),
        PromptCommand(name: "view", run: .view),
        PromptCommand(name: "filter", run: .filter),
        PromptCommand(name: "save", run: .save),
        PromptCommand(name: "ack", run: .actions([.acknowledge])),
        PromptCommand(name: "assign", run: .actions([.assign])),
        PromptCommand(name: "escalate", run: .actions([.escalate])),
        PromptCommand(name: "close", run: .actions([.close, .closeRequest])),
        PromptCommand(name: "snooze", run: .actions([.snooze])),
        PromptCommand(name: "note", run: .actions([.note])),
        PromptCommand(name: "merge", run: .actions([.merge])),
        PromptCommand(name: "reopen", run: .actions([.reopen])),
        PromptCommand(name: "share", run: .actions([.share])),
        PromptCommand(name: "answer", run: .actions([.answerProposal])),
        PromptCommand(name: "details", run: .actions([.open])),
        PromptCommand(name: "back", run: .actions([.back])),
        PromptCommand(name: "mark", run: .actions([.mark])),
        PromptCommand(name: "markall", run: .actions([.markAll])),
        PromptCommand(name: "unmark", run: .actions([.clearMarks])),
        PromptCommand(name: "unit", run: .actions([.filterUnit])),
        PromptCommand(name: "sortleft", run: .actions([.sortLeft])),
        PromptCommand(name: "sortright", run: .actions([.sortRight])),
        PromptCommand(name: "reverse", run: .actions([.reverseSort])),
        PromptCommand(name: "request", run: .actions([.openRequest])),
        PromptCommand(name: "reply", run: .actions([.reply])),
        PromptCommand(name: "nominate", run: .actions([.nominate])),
        PromptCommand(name: "report", run: .actions([.reportSubmitted])),
        PromptCommand(name: "undo", run: .actions([.undo])),
        PromptCommand(name: "redo", run: .actions([.redo])),
        PromptCommand(name: "dismiss", run: .actions([.dismissBanner])),
        PromptCommand(name: "dismissall", run: .actions([.dismissAllBanners])),
        PromptCommand(name: "zoom", run: .actions([.zoom])),
        PromptCommand(name: "handover", run: .actions([.handover])),
        PromptCommand(name: "next", run: .actions([.nextPane])),
        PromptCommand(name: "quit", run: .actions([.quit])),
    ]

    static func named(_ name: String) -> PromptCommand? { all.first { $0.name == name } }

    /// True when the command reads a word after its name (`filter`, `view`, `save`).
    var takesArgument: Bool { run == .filter || run == .view || run == .save }

    /// The binding of the command's first action in `Keymaps.all` (its help and key), if any.
    var binding: KeyBinding<Action>? {
        guard case .actions(let a) = run, let first = a.first else { return nil }
        for m in Keymaps.all { if let b = m.bindings.first(where: { $0.action == first }) { return b } }
        return nil
    }

    /// What the command does, in `language`.
    func help(_ s: Strings) -> String {
        switch run {
        case .filter: return s.promptFilterHelp
        case .view: return s.promptViewHelp
        case .save: return s.promptSaveHelp
        case .actions:
            guard let b = binding else { return "" }
            return s.language == .vi ? b.helpVI : b.help
        }
    }

    /// The key that does the same, as shown to people (`a`), "" for none.
    var keyLabel: String { binding.map(Keymaps.keysLabel) ?? "" }
}

/// The `:` line while it is open: the text typed after the colon and the highlighted completion.
struct CommandPrompt: Sendable, Equatable {
    var editor = TextField()
    /// Index of the highlighted completion among `AppState.promptCompletions`.
    var highlighted = 0
}

extension AppState {
    /// The completions of the `:` line as typed, best first, at most `limit`. The first word
    /// completes to command names: names starting with it first, then, from 3 letters typed,
    /// commands whose help (in the officer's language, diacritics ignored) has words starting
    /// with every typed word ("tiep" finds `ack`: tiếp nhận). After `view `: the view names (and their pane titles in
    /// either language). After `filter `: the query language's field prefixes (`unit:` …) and,
    /// after `unit:`, the unit codes. Each completion's `value` is the whole line it makes.
    func promptCompletions(_ line: String, limit: Int = 8) -> [Completion] {
        let trimmed = line.drop { $0 == " " }
        let parts = trimmed.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        let head = parts.first.map(String.init) ?? ""
        if parts.count == 2, let cmd = PromptCommand.named(head) {
            let arg = String(parts[1])
            switch cmd.run {
            case .view: return viewCompletions(arg, limit: limit)
            case .filter: return filterCompletions(arg, limit: limit)
            case .actions, .save: return []
            }
        }
        let q = fold(String(trimmed).trimmingSpaces)
        let words = q.split(separator: " ").map(String.init)
        var byName: [Completion] = []
        var byHelp: [Completion] = []
        for c in PromptCommand.all {
            let help = c.help(strings)
            let label = c.name + " · " + help
            let item = Completion(value: c.name + (c.takesArgument ? " " : ""), label: label, folded: fold(help))
            if q.isEmpty || c.name.hasPrefix(q) {
                byName.append(item)
            } else if q.count >= 3, Self.wordsStart(words, in: item.folded) {
                byHelp.append(item)
            }
        }
        return Array((byName + byHelp).prefix(limit))
    }

    /// True when every one of `words` starts a word of `text` (both folded).
    static func wordsStart(_ words: [String], in text: String) -> Bool {
        let tw = text.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
        return words.allSatisfy { w in tw.contains { $0.hasPrefix(w) } }
    }

    /// The views after `view `: the built-in ones, then the saved filters (by name, or by
    /// words of their query), each matching what is typed.
    func viewCompletions(_ arg: String, limit: Int) -> [Completion] {
        let q = fold(arg.trimmingSpaces)
        let words = q.split(separator: " ").map(String.init)
        let builtIn = PromptView.all.compactMap { v -> Completion? in
            let title = strings.promptViewTitle(v.action)
            let other = Strings(language == .vi ? .en : .vi).promptViewTitle(v.action)
            let c = Completion(value: "view " + v.name, label: "view \(v.name) · \(title)", folded: fold(other))
            if q.isEmpty || v.name.hasPrefix(q) || Self.wordsStart(words, in: fold(title) + " " + c.folded) {
                return c
            }
            return nil
        }
        // A saved name never shadows a built-in view (`:save` refuses one; a file edited by
        // hand may hold one all the same: the built-in wins).
        let saved = savedFilters.names.compactMap { name -> Completion? in
            guard let f = savedFilters.byName[name], SavedFilters.nameProblem(name) != .builtIn else { return nil }
            let pane = strings.promptViewTitle(Self.focusAction(f.pane))
            let c = Completion(
                value: "view " + name, label: "view \(name) · \(strings.savedFilterLabel(pane, f.query))",
                folded: fold(name + " " + f.query))
            if q.isEmpty || fold(name).hasPrefix(q) || Self.wordsStart(words, in: c.folded) { return c }
            return nil
        }
        return Array((builtIn + saved).prefix(limit))
    }

    /// True when `name` is what `:view` shows: a built-in view or a saved filter.
    func isViewName(_ name: String?) -> Bool {
        guard let name else { return false }
        return PromptView.all.contains { $0.name == name } || savedFilters.byName[name] != nil
    }

    /// Field prefixes of the query language for the last word of a filter, and unit codes after `unit:`.
    func filterCompletions(_ arg: String, limit: Int) -> [Completion] {
        let lastStart = arg.lastIndex(of: " ").map { arg.index(after: $0) } ?? arg.startIndex
        let before = "filter " + arg[..<lastStart]
        var word = String(arg[lastStart...])
        var neg = ""
        if word.hasPrefix("!") {
            neg = "!"
            word.removeFirst()
        }
        let low = fold(word)
        if low.hasPrefix("unit:") {
            let q = String(low.dropFirst(5))
            return config.campaign.units.filter { q.isEmpty || fold($0.code).hasPrefix(q) }.prefix(limit).map { u in
                Completion(
                    value: before + neg + "unit:" + u.code, label: "unit:\(u.code) · \(strings.unitName(u))",
                    folded: fold(u.code))
            }
        }
        guard !low.contains(":") else { return [] }
        let fields = ["unit:", "ref:", "loc:", "sp:", "status:", "prio:", "src:"]
        return fields.filter { low.isEmpty || $0.hasPrefix(low) }.prefix(limit).map { f in
            Completion(value: before + neg + f, label: f, folded: f)
        }
    }

    /// Opens nothing and changes nothing but the line and its highlight: the `:` line's keys.
    /// Enter runs the line (an exact command name, else the highlighted completion); Tab puts
    /// the highlighted completion in the line; Backspace on an empty line closes it, as Esc does.
    mutating func promptKey(_ key: Key, _ action: Action?) -> [Effect] {
        guard var p = prompt else { return [] }
        let matches = promptCompletions(p.editor.text)
        switch action {
        case .cancel?:
            prompt = nil
            return []
        case .deleteBackward? where p.editor.isEmpty:
            prompt = nil
            return []
        case .nextCompletion?, .previousCompletion?:
            let n = matches.count
            if n > 0 { p.highlighted = (p.highlighted + (action == .nextCompletion ? 1 : n - 1)) % n }
        case .completeCommand?:
            if !matches.isEmpty {
                p.editor.setText(matches[min(p.highlighted, matches.count - 1)].value)
                p.highlighted = 0
            }
        case .runCommand?:
            prompt = nil
            var line = p.editor.text.trimmingSpaces
            let words = line.split(separator: " ", maxSplits: 1).map(String.init)
            let cmd = words.first.flatMap(PromptCommand.named)
            // Not a command yet, or `view` with a word that names no view: the highlighted completion.
            let unfinished = cmd == nil || (cmd?.run == .view && !isViewName(words.count > 1 ? words.last : nil))
            if unfinished, !matches.isEmpty {
                line = matches[min(p.highlighted, matches.count - 1)].value.trimmingSpaces
            }
            return runCommandLine(line)
        default:
            let before = p.editor.text
            if edit(&p.editor, action, key), p.editor.text != before { p.highlighted = 0 }
        }
        prompt = p
        return []
    }

    /// Runs one command line (without its colon): the keymap action it names through
    /// `perform`, the same code as the key. An unknown command or view is said in the footer.
    mutating func runCommandLine(_ line: String) -> [Effect] {
        let parts = line.split(separator: " ", maxSplits: 1)
        guard let head = parts.first.map(String.init) else { return [] }
        let arg = parts.count > 1 ? String(parts[1]).trimmingSpaces : ""
        guard let cmd = PromptCommand.named(head) else {
            setStatus(strings.unknownCommand(head), role: .danger)
            return []
        }
        switch cmd.run {
        case .actions(let actions):
            let live = screenKeymaps
            let a = actions.first { a in live.contains { m in m.bindings.contains { $0.action == a } } } ?? actions[0]
            return perform(a)
        case .view:
            if let v = PromptView.all.first(where: { $0.name == arg }) { return perform(v.action) }
            if let f = savedFilters.byName[arg] { return showSavedFilter(arg, f) }
            setStatus(strings.unknownView(arg), role: .danger)
            return []
        case .save:
            return saveFilter(arg)
        case .filter:
            overlay = nil
            if arg.isEmpty {
                clearFilter()
                return []
            }
            setPaneFilter(focus, TextField(arg))
            return []
        }
    }
}

extension Renderer {
    /// The `:` line on the footer row, its completions in a box above it.
    mutating func drawPrompt(_ p: CommandPrompt, _ g: inout Grid) {
        let r = layout.footer
        guard !r.isEmpty else { return }
        g.fill(r)
        g.put(":", x: r.x, y: r.y, style: Style(.accent, bold: true))
        let cx = p.editor.draw(into: &g, Rect(x: r.x + 1, y: r.y, width: max(0, r.width - 1), height: 1))
        cursor = CursorPosition(x: cx, y: r.y)
        let body = layout.body
        let rows = min(8, max(0, body.height - 2))
        let matches = s.promptCompletions(p.editor.text, limit: rows)
        guard !matches.isEmpty, rows > 0 else { return }
        let w = min(r.width, 72)
        let box = Rect(x: r.x, y: r.y - matches.count - 2, width: w, height: matches.count + 2)
        guard box.y >= body.y else { return }
        g.fill(box)
        let inner = self.box(box, title: str.promptTitle, focused: true, &g)
        let hl = min(p.highlighted, matches.count - 1)
        for (i, m) in matches.enumerated() {
            let on = i == hl
            g.put(
                (on ? "▸ " : "  ") + m.label, x: inner.x, y: inner.y + i, maxWidth: inner.width,
                style: Style(on ? .selection : .text, bold: on, reverse: on))
        }
    }
}
