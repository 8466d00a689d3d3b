// The Deadlines pane.
import DutyDeskDomain
import TerminalKit

extension Renderer {
    mutating func drawDeadlines(_ r: Rect, _ g: inout Grid) {
        let focused = s.focus == .deadlines
        let late = s.overdueDeadlineCount
        var title = str.deadlines
        if late > 0 { title += str.overdueCount(late) }
        let filtered = s.showsFilter(.deadlines)
        if filtered { title += " \(s.shownDeadlineCount)/\(s.deadlineRowCount) · \(str.filter):" }
        let inner = box(r, title: title, focused: focused, &g)
        if filtered { drawFilterText(.deadlines, r, title: title, &g) }
        guard inner.height > 0, inner.width > 0 else { return }
        // Narrow panes keep the symbol (● ▲ ✖ ✔) and give the word's room to the label.
        let wordW = inner.width >= 60 ? DeadlineState.allCases.map { TextWidth.of(str.deadlineWord($0)) }.max() ?? 8 : 0
        let cdW = min(max(8, TextWidth.of(str.colCountdown), s.widestDeadlineCountdown), 24, max(0, inner.width / 3))
        var columns = [TableColumn("", width: .fixed(1))]
        if wordW > 0 { columns.append(TableColumn(str.colState, width: .fixed(wordW))) }
        columns += [
            TableColumn(str.colConcerns, width: .flexible(min: 1, weight: 1)),
            TableColumn(str.colCountdown, width: .fixed(cdW), alignment: .right),
        ]
        let table = TableView(columns: columns)
        let top = s.scroll[.deadlines] ?? 0
        let n = s.shownDeadlineCount
        let shownTop = table.draw(
            into: &g, inner, rowCount: n, selected: focused ? (s.selected[.deadlines] ?? 0) : nil,
            offset: top
        ) { i in
            let d = s.shownDeadline(i)
            let st = Style(d.state.role, bold: d.state == .overdue || d.state == .dueSoon)
            var cells = [d.state.symbol]
            var styles: [Style?] = [st]
            if wordW > 0 {
                cells.append(str.deadlineWord(d.state))
                styles.append(st)
            }
            cells += [d.label(lang), d.state == .met ? "✔" : d.countdown]
            styles += [nil, st]
            return TableRow(cells, style: Style(d.state == .met ? .muted : .text), cellStyles: styles)
        }
        if n == 0, inner.height > 1 {
            g.put(
                filtered ? str.noRowMatches : str.noDeadlines, x: inner.x + 1, y: inner.y + 1,
                maxWidth: inner.width - 1, style: Style(.muted))
        }
        scrollMarker(inner, top: shownTop, rows: max(1, inner.height - 1), total: n, &g)
    }
}
