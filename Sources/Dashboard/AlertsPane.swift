// The Alerts pane: the filtered, sorted alert list.
import DutyDeskDomain
import TerminalKit

extension Renderer {
    struct AlertColumns {
        /// The mark column (issue 13, item 5): 1 wide while any alert is marked, else left out.
        var picked = 0
        var mark = 1, age = 4, id = 0, unit = 0, prio = 5, source = 0, location = 0, status = 10, owner = 0
        /// Vietnamese ages in the officers' abbreviations (`12ph`) under the short heading.
        var compactAge = false

        /// What the fixed columns and the gaps between all columns take of a table `w` wide:
        /// the subject gets the rest.
        func subject(in w: Int) -> Int {
            let fixed = [picked, mark, age, id, unit, prio, source, location, status, owner]
            let shown = fixed.filter { $0 > 0 }
            return w - shown.reduce(0, +) - shown.count  // one gap per fixed column, subject included
        }
    }

    /// The narrowest the subject may get before the id column is left out: the subject is
    /// how an officer recognises an alert, 16 columns keep two or three words of it.
    static let minSubjectWithID = 16

    /// The columns of an alerts table `w` wide whose ids are at most `idWidth` wide.
    ///
    /// The id (decision 0011: `HQHN-0042`, read out on the phone) comes after the age,
    /// as wide as the longest shown. Its room comes from the subject; when the subject
    /// would keep fewer than `minSubjectWithID` columns, location and owner shrink to their
    /// minimum (8 and 6) first, and when that is not enough the id is left out (the
    /// detail view has it) and the other columns keep their width. Rule in decision 0004.
    ///
    /// The owning unit (issue 11, item 6) follows the id, as wide as the longest shown, only
    /// while the list holds alerts of more than one unit (`unitWidth` > 0: a Division 1 desk)
    /// and only when the subject keeps `minSubjectWithID` columns with it.
    /// With `marks` (alerts are marked) a mark column of 1 comes first, taken from the subject.
    func alertColumns(_ w: Int, idWidth: Int, unitWidth: Int = 0, marks: Bool = false) -> AlertColumns {
        var c = alertColumnsWithoutUnit(w - (marks ? 2 : 0), idWidth: idWidth)
        if marks { c.picked = 1 }
        guard unitWidth > 0 else { return c }
        var withUnit = c
        withUnit.unit = max(TextWidth.of(str.colUnit), unitWidth)
        return withUnit.subject(in: w) >= Self.minSubjectWithID ? withUnit : c
    }

    fileprivate func alertColumnsWithoutUnit(_ w: Int, idWidth: Int) -> AlertColumns {
        var c = AlertColumns()
        // Vietnamese ages are words (`12 phút`, `3 giờ`): 7 columns, as wide as `Đã nhận`,
        // or the officers' abbreviations (`12ph`, `3g`) in 4 where the id would not fit.
        if lang == .en { c.status = 9 } else { (c.prio, c.age) = (6, 7) }
        if lang == .vi, idWidth > 0 {
            let words = alertColumnsWithID(c, w, idWidth: idWidth)
            if words.id > 0 { return words }
            (c.age, c.compactAge) = (4, true)
        }
        return alertColumnsWithID(c, w, idWidth: idWidth)
    }

    fileprivate func alertColumnsWithID(_ base: AlertColumns, _ w: Int, idWidth: Int) -> AlertColumns {
        var c = base
        if w >= 70 {
            c.source = 10
            c.location = min(28, max(8, w / 6))
            c.owner = min(16, max(6, w / 9))
        } else {
            c.source = w >= 50 ? 10 : max(4, w / 6)
        }
        guard idWidth > 0 else { return c }
        var withID = c
        withID.id = max(TextWidth.of(str.idLabel), idWidth)
        if withID.subject(in: w) >= Self.minSubjectWithID { return withID }
        if withID.location > 0 { withID.location = 8 }
        if withID.owner > 0 { withID.owner = 6 }
        return withID.subject(in: w) >= Self.minSubjectWithID ? withID : c
    }

    /// "Alerts (140) · by Prio ↓", or "Alerts 3/140 · by Prio ↓ · filter:" with the filter
    /// text drawn after it.
    func alertsTitle() -> String {
        let total = s.store.count
        let sort =
            " · " + str.sortedBy(s.store.sort) + (s.store.unit.map { " · \(str.colUnit) \($0)" } ?? "")
            + (s.marked.isEmpty ? "" : " · " + str.markedCount(s.marked.count))
        if s.store.isFiltered || s.showsFilter(.alerts) {
            return str.alerts + " \(s.store.visibleCount)/\(total)" + sort + " · \(str.filter):"
        }
        if s.store.isNarrowed { return str.alerts + " \(s.store.visibleCount)/\(total)" + sort }
        return str.alerts + " (\(total))" + sort
    }

    mutating func drawAlerts(_ r: Rect, _ g: inout Grid) {
        let focused = s.focus == .alerts
        let title = alertsTitle()
        let inner = box(r, title: title, focused: focused, &g)
        if s.store.isFiltered || s.showsFilter(.alerts) { drawFilterText(.alerts, r, title: title, &g) }
        guard inner.height > 0, inner.width > 0 else { return }
        let n = s.store.visibleCount
        let rows = max(0, inner.height - 1)
        let first = TableView.scrollOffset(
            selected: focused ? (s.selected[.alerts] ?? 0) : nil, offset: s.scroll[.alerts] ?? 0, visibleRows: rows,
            rowCount: n)
        // The id column is as wide as the longest id on screen: one look per row shown.
        var idWidth = 0
        var unitWidth = 0
        let manyUnits = s.store.unitCounts.count > 1
        for i in first..<min(n, first + rows) {
            let a = s.store.visible(i)
            idWidth = max(idWidth, TextWidth.of(a.id))
            if manyUnits { unitWidth = max(unitWidth, 1, TextWidth.of(a.unit)) }
        }
        let c = alertColumns(inner.width, idWidth: idWidth, unitWidth: unitWidth, marks: !s.marked.isEmpty)
        var columns: [TableColumn] = c.picked > 0 ? [TableColumn("", width: .fixed(c.picked))] : []
        columns += [
            TableColumn("", width: .fixed(c.mark)),
            TableColumn(c.compactAge ? str.colAgeShort : str.colAge, width: .fixed(c.age), alignment: .right),
        ]
        if c.id > 0 { columns.append(TableColumn(str.idLabel, width: .fixed(c.id))) }
        if c.unit > 0 { columns.append(TableColumn(str.colUnit, width: .fixed(c.unit))) }
        columns += [
            TableColumn(str.colPriority, width: .fixed(c.prio)),
            TableColumn(str.colSource, width: .fixed(c.source)),
            TableColumn(str.colSubject, width: .flexible(min: 1, weight: 1)),
        ]
        if c.location > 0 { columns.append(TableColumn(str.colLocation, width: .fixed(c.location))) }
        columns.append(TableColumn(str.colStatus, width: .fixed(c.status)))
        if c.owner > 0 { columns.append(TableColumn(str.colOwner, width: .fixed(c.owner))) }
        let table = TableView(columns: columns)
        let top = s.scroll[.alerts] ?? 0
        let now = s.now
        let str = self.str
        let store = s.store
        let pendingIDs = Set(s.pending.flatMap(\.alertIDs))
        let marked = s.marked
        let duplicates = s.duplicates
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
            var cells = [mark, self.age(a.receivedAt, compact: c.compactAge)]
            var styles: [Style?] = [Style(late ? .danger : .accent, bold: true), nil]
            if c.picked > 0 {
                let on = marked.contains(a.id)
                cells.insert(on ? str.markSign : " ", at: 0)
                styles.insert(on ? Style(.accent, bold: true) : nil, at: 0)
            }
            if c.id > 0 {
                cells.append(a.id)
                styles.append(nil)
            }
            if c.unit > 0 {
                cells.append(a.unit)
                styles.append(nil)
            }
            // A `TLP:RED` alert (never leaves this desk) says so before its subject.
            // Open proposals from other units (issue 11, item 5): "⟶" before the subject.
            let proposed = a.openProposals > 0 ? str.proposalMarker + " " : ""
            // Possible duplicates (issue 13, item 4): "≈A-0007" before the subject.
            let dup = str.possibleDuplicateMark(duplicates.candidates(of: a.id))
            cells += [
                str.priority(a.priority), a.source, proposed + dup + (a.isRed ? str.redMark + a.subject : a.subject),
            ]
            styles += [
                done ? nil : Style(a.priority.role, bold: a.priority == .critical), nil,
                a.isRed ? Style(.danger, bold: status == .new) : status == .new ? Style(base.role, bold: true) : nil,
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

extension Renderer {
    /// Draws pane `p`'s filter text in its title line, after `title`, with the cursor while
    /// it is being edited (issue 13, item 3: `/` in every pane).
    mutating func drawFilterText(_ p: Pane, _ r: Rect, title: String, _ g: inout Grid) {
        let tx = r.x + 2 + TextWidth.of(title) + 1
        let room = min(30, r.maxX - 2 - tx)
        guard room > 2 else { return }
        let cx = s.paneFilter(p).draw(
            into: &g, Rect(x: tx, y: r.y, width: room, height: 1), style: Style(.accent, bold: true, underline: true))
        if s.filterEditing, s.focus == p { cursor = CursorPosition(x: cx, y: r.y) }
    }
}
