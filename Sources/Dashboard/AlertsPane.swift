// The Alerts pane: the filtered, sorted alert list.
import DutyDeskDomain
import TerminalKit

extension Renderer {
    struct AlertColumns {
        var mark = 1, age = 4, prio = 5, source = 0, location = 0, status = 10, owner = 0
    }

    func alertColumns(_ w: Int) -> AlertColumns {
        var c = AlertColumns()
        if lang == .en { c.status = 9 } else { c.prio = 6 }
        if w >= 70 {
            c.source = 10
            c.location = min(28, max(8, w / 6))
            c.owner = min(16, max(6, w / 9))
        } else {
            c.source = w >= 50 ? 10 : max(4, w / 6)
        }
        return c
    }

    func alertsTitle() -> String {
        var t = str.alerts
        let total = s.store.count
        if s.store.isFiltered || s.filterEditing {
            t += " \(s.store.visibleCount)/\(total) · \(str.filter):"
        } else {
            t += " (\(total))"
        }
        return t
    }

    mutating func drawAlerts(_ r: Rect, _ g: inout Grid) {
        let focused = s.focus == .alerts
        let title = alertsTitle()
        let inner = box(r, title: title, focused: focused, &g)
        // The filter text sits in the title line, after the title, with its cursor while editing.
        if s.store.isFiltered || s.filterEditing {
            let tx = r.x + 2 + TextWidth.of(title) + 1
            let room = min(30, r.maxX - 2 - tx)
            if room > 2 {
                let cx = s.filter.draw(
                    into: &g, Rect(x: tx, y: r.y, width: room, height: 1),
                    style: Style(.accent, bold: true, underline: true))
                if s.filterEditing, focused { cursor = CursorPosition(x: cx, y: r.y) }
            }
        }
        guard inner.height > 0, inner.width > 0 else { return }
        let c = alertColumns(inner.width)
        var columns = [
            TableColumn("", width: .fixed(c.mark)),
            TableColumn(str.colAge, width: .fixed(c.age), alignment: .right),
            TableColumn(str.colPriority, width: .fixed(c.prio)),
            TableColumn(str.colSource, width: .fixed(c.source)),
            TableColumn(str.colSubject, width: .flexible(min: 1, weight: 1)),
        ]
        if c.location > 0 { columns.append(TableColumn(str.colLocation, width: .fixed(c.location))) }
        columns.append(TableColumn(str.colStatus, width: .fixed(c.status)))
        if c.owner > 0 { columns.append(TableColumn(str.colOwner, width: .fixed(c.owner))) }
        let table = TableView(columns: columns)
        let n = s.store.visibleCount
        let top = s.scroll[.alerts] ?? 0
        let now = s.now
        let str = self.str
        let store = s.store
        let pendingIDs = Set(s.pending.flatMap(\.alertIDs))
        let shownTop = table.draw(
            into: &g, inner, rowCount: n, selected: focused ? (s.selected[.alerts] ?? 0) : nil, offset: top
        ) { i in
            let a = store.visible(i)
            let status = a.displayStatus(at: now)
            let late = a.isPastAcknowledgement(at: now)
            let done = a.status.isDone
            let base = Style(done ? .muted : .text)
            // "!" past its acknowledgement time, "*" new: marks that need no colour.
            let mark = late ? "!" : (status == .new ? "*" : " ")
            var cells = [mark, self.age(a.receivedAt), str.priority(a.priority), a.source, a.subject]
            var styles: [Style?] = [
                Style(late ? .danger : .accent, bold: true), nil,
                done ? nil : Style(a.priority.role, bold: a.priority == .critical), nil,
                status == .new ? Style(base.role, bold: true) : nil,
            ]
            if c.location > 0 {
                cells.append(a.location)
                styles.append(nil)
            }
            // "…" while an action on it is on its way to the log.
            let waiting = !pendingIDs.isEmpty && pendingIDs.contains(a.id)
            cells.append(str.status(status) + (late ? "!" : "") + (waiting ? "…" : ""))
            styles.append(
                waiting
                    ? Style(.warning, bold: true)
                    : late ? Style(.danger, bold: true) : (status == .new ? Style(.accent, bold: true) : nil))
            if c.owner > 0 {
                cells.append(a.owner)
                styles.append(nil)
            }
            return TableRow(cells, style: base, cellStyles: styles)
        }
        if n == 0, inner.height > 1 {
            g.put(
                s.store.isFiltered ? str.noMatches : str.noAlerts, x: inner.x + 1, y: inner.y + 1,
                maxWidth: inner.width - 1, style: Style(.muted))
        }
        scrollMarker(inner, top: shownTop, rows: max(1, inner.height - 1), total: n, &g)
    }
}
