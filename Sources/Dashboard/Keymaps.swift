import TerminalKit

/// Everything a key can ask the dashboard to do. Which key does what is data: the
/// tables in `Keymaps`, which also generate the help overlay, the footer hints and
/// docs/keys.md.
public enum Action: String, Sendable, Hashable, CaseIterable {
    // Global.
    case nextPane, previousPane, focusAlerts, focusVerification, focusDeadlines
    case help, quit, undo, filter, dismissBanner, dismissAllBanners
    /// Division 1's units view (issue 11, item 6).
    case viewUnits
    /// Do again what the last undo undid (issue 13, item 6).
    case redo
    /// The `:` command line, and the focused pane zoomed to the whole body and back (issue 13, item 7).
    case commandLine, zoom
    /// The shift-handover view, and in it: write one's own, mark the shown one read (issue 13, item 8).
    case handover, writeHandover, readHandover
    // Lists.
    case down, up, top, bottom, pageDown, pageUp, open, back
    // Alerts (also in the detail view).
    case acknowledge, assign, escalate, close, snooze, note, merge, reopen
    /// The alert's sharing level (TLP 2.0; issue 11, item 4).
    case share
    /// Answer another unit's proposal on the alert (issue 11, item 5).
    case answerProposal
    // Alerts pane only: the sort column and its direction; the unit filter (issue 11, item 6).
    case sortLeft, sortRight, reverseSort, filterUnit
    /// Marks (issue 13, item 5): the selected row, every row shown, none.
    case mark, markAll, clearMarks
    /// The confirmation of a bulk action: `y` sends it, any other key cancels.
    case confirm, cancelConfirm
    // Verification requests.
    case openRequest, reply, closeRequest
    // Deadlines.
    case nominate, reportSubmitted
    // Forms.
    case submit, cancel, nextField, previousField, nextCompletion, previousCompletion, nextChoice, previousChoice
    // Text fields.
    case cursorLeft, cursorRight, fieldStart, fieldEnd, deleteBackward, deleteForward, deleteWord, deleteToStart,
        deleteToEnd, yank
    // Filter line.
    case keepFilter, clearFilter
    // Help overlay.
    case closeHelp
    // The command line (issue 13, item 7): run the line, take the highlighted completion.
    case runCommand, completeCommand
}

extension Action {
    /// True for the actions of the text-field table (`Keymaps.editing`).
    var isTextEditing: Bool { Keymaps.editing.bindings.contains { $0.action == self } }
}

/// The keymap tables (issue 4, item 3: vim keys and arrows). First match wins inside a
/// table; the dashboard looks in the context's table first, then the global one.
public enum Keymaps {
    typealias B = KeyBinding<Action>
    typealias H = KeyHint

    /// Keys that work everywhere outside forms, the filter line and the help overlay.
    public static let global = Keymap<Action>(
        name: "Global", nameVI: "Chung",
        bindings: [
            B([.tab], .nextPane, help: "next pane", helpVI: "khung tiếp", hint: H("pane", "khung")),
            B([.backTab], .previousPane, help: "previous pane", helpVI: "khung trước"),
            B([.char("1")], .focusAlerts, help: "Alerts pane", helpVI: "khung Tin báo"),
            B([.char("2")], .focusVerification, help: "Verification requests pane", helpVI: "khung Yêu cầu xác minh"),
            B([.char("3")], .focusDeadlines, help: "Deadlines pane", helpVI: "khung Thời hạn"),
            B(
                [.char("4")], .viewUnits,
                help: "units: desks, focal officers, rapid reports",
                helpVI: "đơn vị: bàn trực, cán bộ đầu mối, báo cáo nhanh"),
            B(
                [.char("H")], .handover, help: "shift handover: read it, or write yours",
                helpVI: "bàn giao ca: xem, hoặc lập bàn giao của bạn"),
            B(
                [.char("/")], .filter, help: "filter the pane (ignores diacritics; see Search)",
                helpVI: "lọc khung đang chọn (không phân biệt dấu; xem Tìm kiếm)",
                hint: H("filter", "lọc")),
            B(
                [.char("u")], .undo, help: "undo your last action (again: the one before)",
                helpVI: "hoàn tác thao tác gần nhất (nhấn lại: thao tác trước đó)"),
            B([.ctrl("r")], .redo, help: "redo what undo undid", helpVI: "làm lại thao tác vừa hoàn tác"),
            B(
                [.char(":")], .commandLine, help: "command line (:ack, :filter unit:HQLS, :view deadlines, :help)",
                helpVI: "dòng lệnh (:ack, :filter unit:HQLS, :view deadlines, :help)"),
            B(
                [.char("+")], .zoom, help: "zoom the focused pane to the full screen (again: back)",
                helpVI: "phóng to khung đang chọn ra toàn màn hình (nhấn lại: trở về)"),
            B(
                [.char("x")], .dismissBanner, help: "mark the top banner as seen",
                helpVI: "đánh dấu đã xem thông báo trên cùng"),
            B(
                [.char("X")], .dismissAllBanners, help: "mark every banner as seen",
                helpVI: "đánh dấu đã xem mọi thông báo"),
            B([.char("?"), .function(1)], .help, help: "help", helpVI: "trợ giúp", hint: H("help", "trợ giúp")),
            B([.char("q"), .ctrl("c")], .quit, help: "quit", helpVI: "thoát", hint: H("quit", "thoát")),
        ])

    /// Moving in any list (alerts, requests, deadlines, detail lines).
    public static let navigation = Keymap<Action>(
        name: "Lists", nameVI: "Danh sách",
        bindings: [
            B([.char("j"), .down], .down, help: "down", helpVI: "xuống"),
            B([.char("k"), .up], .up, help: "up", helpVI: "lên"),
            B([.char("g"), .home], .top, help: "first row", helpVI: "dòng đầu"),
            B([.char("G"), .end], .bottom, help: "last row", helpVI: "dòng cuối"),
            B([.pageDown, .ctrl("d")], .pageDown, help: "page down", helpVI: "trang sau"),
            B([.pageUp, .ctrl("u")], .pageUp, help: "page up", helpVI: "trang trước"),
            B([.enter], .open, help: "details", helpVI: "chi tiết", hint: H("open", "mở")),
            B([.escape], .back, help: "back / clear filter", helpVI: "quay lại / xóa bộ lọc"),
        ])

    /// The Alerts pane.
    public static let alerts = Keymap<Action>(
        name: "Alerts", nameVI: "Tin báo",
        bindings: alertActions + [
            B([.char("<")], .sortLeft, help: "sort by the column to the left", helpVI: "sắp theo cột bên trái"),
            B([.char(">")], .sortRight, help: "sort by the column to the right", helpVI: "sắp theo cột bên phải"),
            // htop's "invert sort order" key.
            B([.char("I")], .reverseSort, help: "reverse the sort order", helpVI: "đảo chiều sắp xếp"),
            B(
                [.char(" ")], .mark, help: "mark or unmark the row (alert keys act on marks)",
                helpVI: "chọn hoặc bỏ chọn dòng (phím xử lý áp dụng cho tin đã chọn)"),
            B([.char("*")], .markAll, help: "mark every alert shown", helpVI: "chọn mọi tin báo đang hiện"),
            B([.char("-")], .clearMarks, help: "clear the marks", helpVI: "bỏ mọi lựa chọn"),
            B(
                [.char("U")], .filterUnit, help: "only the selected alert's unit (again: every unit)",
                helpVI: "chỉ đơn vị của tin báo đang chọn (nhấn lại: mọi đơn vị)"),
        ])

    static let alertActions: [B] = [
        B(
            [.char("a")], .acknowledge, help: "acknowledge (take ownership)", helpVI: "tiếp nhận (nhận phụ trách)",
            hint: H("ack", "tiếp nhận")),
        B(
            [.char("s")], .assign, help: "assign to a unit, officer or partner agency",
            helpVI: "giao cho đơn vị, cán bộ hoặc cơ quan phối hợp", hint: H("assign", "giao")),
        B([.char("e")], .escalate, help: "escalate", helpVI: "chuyển cấp"),
        B(
            [.char("c")], .close, help: "close with a disposition", helpVI: "đóng kèm kết quả xử lý",
            hint: H("close", "đóng")),
        B([.char("z")], .snooze, help: "snooze", helpVI: "tạm hoãn"),
        B([.char("n")], .note, help: "add a note", helpVI: "thêm ghi chú"),
        B(
            [.char("m")], .merge, help: "mark as duplicate of another (likely ones first)",
            helpVI: "đánh dấu trùng với tin khác (gợi ý tin có thể trùng trước)"),
        B(
            [.char("r")], .reopen, help: "reopen a closed alert (with the reason)",
            helpVI: "mở lại tin báo đã đóng (ghi lý do)"),
        B(
            [.char("L")], .share, help: "sharing level (TLP: red, amber+strict, amber, green, clear)",
            helpVI: "mức chia sẻ (TLP: red, amber+strict, amber, green, clear)"),
        B(
            [.char("p")], .answerProposal, help: "accept or decline another unit's proposal (the owning unit)",
            helpVI: "chấp nhận hoặc từ chối đề xuất của đơn vị khác (đơn vị chủ trì)"),
    ]

    /// The Verification requests pane (letter 4237, items 4 and 7).
    public static let verification = Keymap<Action>(
        name: "Verification requests", nameVI: "Yêu cầu xác minh",
        bindings: [
            B(
                [.char("o")], .openRequest, help: "open a request (incoming or outgoing)",
                helpVI: "mở yêu cầu (đến hoặc đi)", hint: H("open", "mở")),
            B([.char("r")], .reply, help: "record a reply", helpVI: "ghi nhận trả lời", hint: H("reply", "trả lời")),
            B([.char("c")], .closeRequest, help: "close the request", helpVI: "đóng yêu cầu", hint: H("close", "đóng")),
        ])

    /// The Deadlines pane (letter 4237, items 6, 8 and 9).
    public static let deadlines = Keymap<Action>(
        name: "Deadlines", nameVI: "Thời hạn",
        bindings: [
            B(
                [.char("f")], .nominate, help: "record a focal-officer nomination",
                helpVI: "ghi nhận cử cán bộ đầu mối", hint: H("focal officer", "đầu mối")),
            B(
                [.char("d")], .reportSubmitted, help: "mark a report submitted", helpVI: "đánh dấu đã nộp báo cáo",
                hint: H("report done", "đã nộp BC")),
        ])

    /// The detail view of one alert: the alert keys, plus scrolling and Esc.
    public static let detail = Keymap<Action>(
        name: "Alert details", nameVI: "Chi tiết tin báo",
        bindings: [
            B(
                [.escape, .char("h"), .left], .back, help: "back to the list", helpVI: "về danh sách",
                hint: H("back", "quay lại")),
            B([.char("j"), .down], .down, help: "scroll down", helpVI: "cuộn xuống"),
            B([.char("k"), .up], .up, help: "scroll up", helpVI: "cuộn lên"),
        ] + alertActions)

    /// Detail views of a deadline or a verification request: back, plus that pane's keys.
    public static let detailBack = Keymap<Action>(
        name: "Details", nameVI: "Chi tiết",
        bindings: [
            B(
                [.escape, .char("h"), .left], .back, help: "back to the list", helpVI: "về danh sách",
                hint: H("back", "quay lại")),
            B([.char("j"), .down], .down, help: "scroll down", helpVI: "cuộn xuống"),
            B([.char("k"), .up], .up, help: "scroll up", helpVI: "cuộn lên"),
        ])

    /// The units view (issue 11, item 6): a list of units; Enter shows one unit's alerts.
    public static let units = Keymap<Action>(
        name: "Units", nameVI: "Đơn vị",
        bindings: [
            B(
                [.enter, .char("l"), .right], .open, help: "this unit's alerts (the unit filter)",
                helpVI: "tin báo của đơn vị này (lọc theo đơn vị)", hint: H("alerts", "tin báo")),
            B(
                [.escape, .char("h"), .left], .back, help: "back to the panes", helpVI: "về các khung",
                hint: H("back", "quay lại")),
        ])

    /// The shift-handover view (issue 13, item 8).
    public static let handover = Keymap<Action>(
        name: "Shift handover", nameVI: "Bàn giao ca",
        bindings: [
            B(
                [.char("w")], .writeHandover, help: "write your handover (end of shift)",
                helpVI: "lập bàn giao ca của bạn (hết ca)", hint: H("write", "lập")),
            B(
                [.char("r")], .readHandover, help: "mark the handover read (taking over)",
                helpVI: "xác nhận đã đọc bàn giao ca (nhận ca)", hint: H("read", "đã đọc")),
            B(
                [.escape, .char("h"), .left], .back, help: "back to the panes", helpVI: "về các khung",
                hint: H("back", "quay lại")),
            B([.char("j"), .down], .down, help: "scroll down", helpVI: "cuộn xuống"),
            B([.char("k"), .up], .up, help: "scroll up", helpVI: "cuộn lên"),
        ])

    /// Modal forms (assign, close, snooze, note, merge, reopen, sharing, verification, nomination, report).
    public static let form = Keymap<Action>(
        name: "Forms", nameVI: "Biểu mẫu",
        bindings: [
            B(
                [.enter], .submit, help: "save (appends to the log)", helpVI: "lưu (ghi vào nhật ký)",
                hint: H("save", "lưu")),
            B([.escape], .cancel, help: "cancel", helpVI: "hủy", hint: H("cancel", "hủy")),
            B(
                [.tab, .down], .nextField, help: "accept completion, next field", helpVI: "nhận gợi ý, ô tiếp",
                hint: H("next", "ô tiếp")),
            B([.backTab, .up], .previousField, help: "previous field", helpVI: "ô trước"),
            B(
                [.ctrl("n")], .nextCompletion, help: "next completion", helpVI: "gợi ý tiếp",
                hint: H("suggestion", "gợi ý")),
            B([.ctrl("p")], .previousCompletion, help: "previous completion", helpVI: "gợi ý trước"),
        ])

    /// A choice field of a form (its value is one of a list): with the form keys.
    public static let choice = Keymap<Action>(
        name: "Choice fields", nameVI: "Ô chọn",
        bindings: [
            B([.right, .char(" ")], .nextChoice, help: "next choice", helpVI: "lựa chọn tiếp"),
            B([.left], .previousChoice, help: "previous choice", helpVI: "lựa chọn trước"),
        ])

    /// Text editing inside a form's text field or the filter line (with the form or filter
    /// keys), per character as the officer
    /// sees it (Vietnamese letters with their marks are one character).
    public static let editing = Keymap<Action>(
        name: "Text fields", nameVI: "Ô nhập chữ",
        bindings: [
            B([.left, .ctrl("b")], .cursorLeft, help: "cursor left", helpVI: "con trỏ sang trái"),
            B([.right, .ctrl("f")], .cursorRight, help: "cursor right", helpVI: "con trỏ sang phải"),
            B([.home, .ctrl("a")], .fieldStart, help: "start of field", helpVI: "đầu ô"),
            B([.end, .ctrl("e")], .fieldEnd, help: "end of field", helpVI: "cuối ô"),
            B(
                [.backspace, .ctrl("h")], .deleteBackward, help: "delete the character before the cursor",
                helpVI: "xóa ký tự trước con trỏ"),
            B(
                [.delete, .ctrl("d")], .deleteForward, help: "delete the character under the cursor",
                helpVI: "xóa ký tự tại con trỏ"),
            B([.ctrl("w")], .deleteWord, help: "delete the word before the cursor", helpVI: "xóa từ trước con trỏ"),
            B([.ctrl("u")], .deleteToStart, help: "delete to the start", helpVI: "xóa đến đầu ô"),
            B([.ctrl("k")], .deleteToEnd, help: "delete to the end", helpVI: "xóa đến cuối ô"),
            B([.ctrl("y")], .yank, help: "paste what was last deleted", helpVI: "dán phần vừa xóa"),
        ])

    /// The live filter line of the focused pane.
    public static let filter = Keymap<Action>(
        name: "Filter", nameVI: "Bộ lọc",
        bindings: [
            B(
                [.enter, .down], .keepFilter, help: "keep the filter, back to the list",
                helpVI: "giữ bộ lọc, về danh sách", hint: H("keep", "giữ")),
            B([.escape], .clearFilter, help: "clear the filter", helpVI: "xóa bộ lọc", hint: H("clear", "xóa")),
        ])

    /// A confirmation (a bulk action, issue 13 item 5; acknowledging first; replacing a
    /// unit's focal officer, item 6): `y` does what it asks; any other key, these included,
    /// cancels it.
    public static let confirm = Keymap<Action>(
        name: "Confirmation", nameVI: "Xác nhận",
        bindings: [
            B(
                [.char("y")], .confirm, help: "confirm: do what the question says",
                helpVI: "xác nhận: thực hiện điều được hỏi", hint: H("yes, do it", "đồng ý")),
            B(
                [.escape, .char("n")], .cancelConfirm, help: "cancel (so does any other key)",
                helpVI: "hủy (mọi phím khác cũng hủy)", hint: H("cancel", "hủy")),
        ])

    /// The `:` command line (issue 13, item 7), with the text-field keys.
    public static let commandLine = Keymap<Action>(
        name: "Command line", nameVI: "Dòng lệnh",
        bindings: [
            B([.enter], .runCommand, help: "run the command", helpVI: "chạy lệnh", hint: H("run", "chạy")),
            B(
                [.tab], .completeCommand, help: "take the highlighted completion", helpVI: "nhận gợi ý đang chọn",
                hint: H("complete", "gợi ý")),
            B([.down, .ctrl("n")], .nextCompletion, help: "next completion", helpVI: "gợi ý tiếp"),
            B([.up, .ctrl("p")], .previousCompletion, help: "previous completion", helpVI: "gợi ý trước"),
            B([.escape], .cancel, help: "close the command line", helpVI: "đóng dòng lệnh", hint: H("cancel", "hủy")),
        ])

    /// The help overlay.
    public static let help = Keymap<Action>(
        name: "Help", nameVI: "Trợ giúp",
        bindings: [
            B(
                [.escape, .char("?"), .char("q")], .closeHelp, help: "close help", helpVI: "đóng trợ giúp",
                hint: H("close", "đóng")),
            B([.char("j"), .down], .down, help: "scroll down", helpVI: "cuộn xuống"),
            B([.char("k"), .up], .up, help: "scroll up", helpVI: "cuộn lên"),
            B([.pageDown], .pageDown, help: "page down", helpVI: "trang sau"),
            B([.pageUp], .pageUp, help: "page up", helpVI: "trang trước"),
        ])

    /// Every table in the order help and docs/keys.md list them.
    public static let all: [Keymap<Action>] = [
        global, navigation, alerts, verification, deadlines, detail, detailBack, units, handover, form, choice, editing,
        filter,
        commandLine, confirm, help,
    ]

    /// The first key bound to `action` in `map`, as shown to people (`f`), for sentences
    /// that name a key; "?" when the table does not bind it.
    static func keyLabel(of action: Action, in map: Keymap<Action>) -> String {
        map.bindings.first { $0.action == action }?.keys.first?.label ?? "?"
    }

    /// The keys of a binding as shown to people: `j / ↓`.
    static func keysLabel(_ b: KeyBinding<Action>) -> String { b.keys.map(\.label).joined(separator: " / ") }
}

/// The content of docs/keys.md, generated from the keymap tables (English and
/// Vietnamese). A test fails when the committed file is stale; regenerate with
/// `DUTYDESK_UPDATE_DOCS=1 swift test --filter KeysDoc`.
public func keysMarkdown() -> String {
    var out = "<!-- Generated from Sources/Dashboard/Keymaps.swift by keysMarkdown(); do not edit by hand.\n"
    out += "     Regenerate: DUTYDESK_UPDATE_DOCS=1 swift test --filter KeysDoc -->\n"
    out += "# DutyDesk keys / Phím tắt\n\n"
    out += "Which tables are live is decided in one place (`AppState.activeKeymaps`): the help overlay's;\n"
    out += "a form's with its choice or text-field keys; the filter line's with the text-field keys; a\n"
    out += "detail view's; or the focused pane's, then the list keys, then the global table. A key is\n"
    out += "looked up in the live tables in that order, first match wins. The same tables drive the\n"
    out += "help overlay (`?`, the live tables first) and the footer hints (last column, English / Vietnamese).\n"
    for map in Keymaps.all {
        out += "\n## \(map.name) / \(map.nameVI)\n\n"
        out += "| Keys | Action | Thao tác | Footer / Chân trang |\n|---|---|---|---|\n"
        for b in map.bindings {
            let keys = b.keys.map { "`" + $0.label.replacingPipe + "`" }.joined(separator: ", ")
            let hint = b.hint.map { "\($0.en.replacingPipe) / \($0.vi.replacingPipe)" } ?? ""
            out += "| \(keys) | \(b.help.replacingPipe) | \(b.helpVI.replacingPipe) | \(hint) |\n"
        }
    }
    // The query language of `/`, as the help overlay's last section shows it.
    let en = Strings(.en)
    let vi = Strings(.vi)
    out += "\n## \(en.searchHelpTitle) / \(vi.searchHelpTitle)\n\n"
    out += "| Query | Finds | Tìm thấy |\n|---|---|---|\n"
    for (e, v) in zip(en.searchHelp, vi.searchHelp) {
        out += "| `\(e.0.replacingPipe)` | \(e.1.replacingPipe) | \(v.1.replacingPipe) |\n"
    }
    // The `:` commands (issue 13, item 7), as the help overlay lists them.
    out += "\n## \(en.commandsHelpTitle) / \(vi.commandsHelpTitle)\n\n"
    out += "| Command | Key | Action | Thao tác |\n|---|---|---|---|\n"
    for c in PromptCommand.all {
        let name = "`:" + c.name + (c.takesArgument ? " …" : "") + "`"
        let key = c.keyLabel.isEmpty ? "" : "`" + c.keyLabel.replacingPipe + "`"
        out += "| \(name) | \(key) | \(c.help(en).replacingPipe) | \(c.help(vi).replacingPipe) |\n"
    }
    return out
}

extension String {
    var replacingPipe: String {
        var s = ""
        for c in self { if c == "|" { s += "\\|" } else { s.append(c) } }
        return s
    }
}

extension AppState {
    /// The keymaps live now, in lookup order (first match wins). The one place that decides
    /// it: `update` dispatches every key through these tables (`action(for:)`), the footer
    /// shows their hints (`footerHints`) and the help overlay lists them first
    /// (`helpLines`). Help open: its own table. A form: the form keys, then the focused
    /// field's (choice or text-field keys). The filter line: its keys, then the text-field
    /// keys. A bulk action's confirmation, the offer to acknowledge first, or the question
    /// before replacing a focal officer: its table (any key it does not bind cancels too).
    /// A detail view: its table (and its pane's), then the global one. Otherwise the
    /// focused pane's table, the list keys, the global table.
    public var activeKeymaps: [Keymap<Action>] { helpVisible ? [Keymaps.help] : screenKeymaps }

    /// The tables of the screen beneath the help overlay (the same as `activeKeymaps` when
    /// help is closed): what help lists first.
    var screenKeymaps: [Keymap<Action>] {
        if confirm != nil || acknowledgeFirst != nil || replaceNominee != nil { return [Keymaps.confirm] }
        if prompt != nil { return [Keymaps.commandLine, Keymaps.editing] }
        if let f = form {
            let onChoice = f.focus < f.fields.count && f.fields[f.focus].isChoice
            return [Keymaps.form, onChoice ? Keymaps.choice : Keymaps.editing]
        }
        if filterEditing { return [Keymaps.filter, Keymaps.editing] }
        switch overlay {
        case .alertDetail?: return [Keymaps.detail, Keymaps.global]
        case .deadlineDetail?: return [Keymaps.detailBack, Keymaps.deadlines, Keymaps.global]
        case .requestDetail?: return [Keymaps.detailBack, Keymaps.verification, Keymaps.global]
        case .units?: return [Keymaps.units, Keymaps.navigation, Keymaps.global]
        case .handover?: return [Keymaps.handover, Keymaps.global]
        case nil: break
        }
        switch focus {
        case .alerts: return [Keymaps.alerts, Keymaps.navigation, Keymaps.global]
        case .verification: return [Keymaps.verification, Keymaps.navigation, Keymaps.global]
        case .deadlines: return [Keymaps.deadlines, Keymaps.navigation, Keymaps.global]
        }
    }

    /// The action `key` asks for now: its first binding in `activeKeymaps`, or nil (a
    /// plain character in a text field is then typed into it).
    public func action(for key: Key) -> Action? {
        for m in activeKeymaps { if let a = m.action(for: key) { return a } }
        return nil
    }

    /// The footer's hints: (first key, hint in the officer's language) of every live binding
    /// that carries a hint, once per action, in table order; help's (`? help`) first, so it
    /// is the last to be cut at a narrow width.
    var footerHints: [(key: String, help: String)] {
        var hints: [(key: String, help: String)] = []
        var seen = Set<Action>()
        var helpHint: (key: String, help: String)?
        for map in activeKeymaps {
            for b in map.bindings {
                guard let h = b.hint, let k = b.keys.first, seen.insert(b.action).inserted else { continue }
                let item = (key: k.label, help: language == .vi ? h.vi : h.en)
                if b.action == .help { helpHint = item } else { hints.append(item) }
            }
        }
        return (helpHint.map { [$0] } ?? []) + hints
    }

    /// The help overlay's lines, generated from the keymap tables (issue 4, item 2): the
    /// tables live on the screen beneath first, then help's own keys and every other table
    /// in `Keymaps.all` order.
    func helpLines(width: Int) -> [(text: String, style: Style)] {
        var out: [(text: String, style: Style)] = []
        let vi = language == .vi
        let keyW = min(24, max(10, width / 4))
        let live = screenKeymaps
        let rest = Keymaps.all.filter { m in !live.contains { $0.name == m.name } }
        func table(_ map: Keymap<Action>) {
            if !out.isEmpty { out.append(("", Style())) }
            out.append((vi ? map.nameVI : map.name, Style(.title, bold: true, underline: true)))
            for b in map.bindings {
                let keys = TextWidth.fit(Keymaps.keysLabel(b), columns: keyW)
                out.append(("  " + keys + "  " + (vi ? b.helpVI : b.help), Style(.text)))
            }
        }
        // The keys of this screen first, then the drill's first steps and the legend of every
        // marker (issue 13, item 7), then every other table.
        for map in live { table(map) }
        out.append(("", Style()))
        out.append((strings.startHereTitle, Style(.title, bold: true)))
        for step in strings.startHere {
            for (i, l) in TooSmallScreen.wrap(step, width: max(10, width - 5)).enumerated() {
                out.append(((i == 0 ? "  " : "     ") + l, Style(.text)))
            }
        }
        out.append(("", Style()))
        out.append((strings.legendTitle, Style(.title, bold: true)))
        for (sign, meaning) in strings.legend {
            out.append(("  " + TextWidth.fit(sign, columns: keyW) + "  " + meaning, Style(.text)))
        }
        for map in rest { table(map) }
        // The query language of `/` (issue 13, item 3).
        out.append(("", Style()))
        out.append((strings.searchHelpTitle, Style(.title, bold: true)))
        for (example, meaning) in strings.searchHelp {
            out.append(("  " + TextWidth.fit(example, columns: keyW) + "  " + meaning, Style(.text)))
        }
        // The `:` commands (issue 13, item 7): name, what it does, the key that does the same.
        out.append(("", Style()))
        out.append((strings.commandsHelpTitle, Style(.title, bold: true)))
        for c in PromptCommand.all {
            let name = TextWidth.fit(":" + c.name + (c.takesArgument ? " …" : ""), columns: keyW)
            let key = c.keyLabel.isEmpty ? "" : " (\(c.keyLabel))"
            out.append(("  " + name + "  " + c.help(strings) + key, Style(.text)))
        }
        // About: the campaign and its basis (letter 4237, item 1: Directive 28/CT-TTg).
        out.append(("", Style()))
        out.append((strings.aboutTitle, Style(.title, bold: true, underline: true)))
        for l in TooSmallScreen.wrap(strings.about(config.campaign), width: max(10, width - 2)) {
            out.append(("  " + l, Style(.text)))
        }
        return out
    }
}
