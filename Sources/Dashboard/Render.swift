import DutyDeskDomain
import DutyDeskJSON
import TerminalKit

/// Where the runner should show the terminal's text cursor (a form field or the filter
/// line being edited), in cells from the top-left; nil to hide it.
public struct CursorPosition: Sendable, Equatable {
    public var x: Int
    public var y: Int
}

/// Draws the whole screen for `state` into `grid` (normally `state.width` ×
/// `state.height`; any other size is drawn as far as it goes). Pure: same state, same
/// cells. Only the visible rows of each list are laid out. Returns where the text
/// cursor belongs (for `TerminalBackend.setCursor`), or nil.
@discardableResult
public func render(_ state: AppState, into grid: inout Grid) -> CursorPosition? {
    if TooSmallScreen.applies(width: grid.width, height: grid.height) {
        TooSmallScreen.draw(state.strings, into: &grid)
        return nil
    }
    var r = Renderer(
        s: state,
        layout: Layout.make(
            width: grid.width, height: grid.height,
            banners: state.banners.count, focus: state.focus))
    r.draw(&grid)
    return r.cursor
}

/// A new grid of the state's size with the screen drawn in it.
public func view(_ state: AppState) -> Grid {
    var g = Grid(width: state.width, height: state.height)
    render(state, into: &g)
    return g
}

struct Renderer {
    let s: AppState
    let layout: Layout
    var cursor: CursorPosition?
    var str: Strings { s.strings }
    var lang: Language { s.language }

    mutating func draw(_ g: inout Grid) {
        g.fill(g.bounds)
        drawHeader(&g)
        drawBanners(&g)
        if let ov = s.overlay {
            drawOverlay(ov, &g)
        } else {
            if let bar = layout.tabBar {
                TabBar(
                    titles: ["1 " + str.alerts, "2 " + str.verificationShort, "3 " + str.deadlines],
                    selected: s.focus.rawValue
                ).draw(into: &g, bar)
            }
            for (p, rect) in layout.panes.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                switch p {
                case .alerts: drawAlerts(rect, &g)
                case .verification: drawRequests(rect, &g)
                case .deadlines: drawDeadlines(rect, &g)
                }
            }
        }
        drawFooter(&g)
        if s.helpVisible { drawHelp(&g) }
        if let f = s.form { drawForm(f, &g) }
    }

    // MARK: time

    var zone: CampaignZone { s.config.campaign.zone }

    func clock(_ t: RFC3339Timestamp) -> String {
        let c = zone.civil(t)
        return "\(p2(c.hour)):\(p2(c.minute)):\(p2(c.second))"
    }

    func dateTime(_ t: RFC3339Timestamp) -> String {
        let c = zone.civil(t)
        return "\(c.year)-\(p2(c.month))-\(p2(c.day)) \(p2(c.hour)):\(p2(c.minute))"
    }

    func p2(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }

    var zoneLabel: String {
        let o = Int(zone.offsetSeconds)
        let sign = o < 0 ? "-" : "+"
        let a = abs(o)
        let m = a % 3600 / 60
        return "\(zone.name) (UTC\(sign)\(a / 3600)\(m == 0 ? "" : ":" + p2(m)))"
    }

    /// Age of something received at `t`: `45s`, `12m`, `3h`, `2d`.
    func age(_ t: RFC3339Timestamp) -> String {
        let secs = max(0, (s.now.epochNanoseconds - t.epochNanoseconds) / 1_000_000_000)
        if secs < 60 { return "\(secs)s" }
        if secs < 3600 { return "\(secs / 60)m" }
        if secs < 86_400 { return "\(secs / 3600)h" }
        return "\(secs / 86_400)d"
    }

    // MARK: header, banners, footer

    var logLabel: String {
        switch s.logStatus {
        case .ok: return str.logOK
        case .readOnly: return str.logReadOnly
        case .recovered: return str.logRecovered
        }
    }

    func drawHeader(_ g: inout Grid) {
        let r = layout.header
        guard !r.isEmpty else { return }
        let hs = Style(.header, reverse: true)
        g.fill(r, style: hs)
        let c = s.config.campaign
        var dayText: String
        if s.now < c.windowStart {
            dayText = str.startsIn(s.countdownText(to: c.windowStart))
        } else if s.now >= c.windowEnd {
            dayText = str.ended
        } else {
            let days = c.campaignDays
            let today = zone.civil(s.now)
            let n =
                (days.firstIndex { $0.year == today.year && $0.month == today.month && $0.day == today.day } ?? 0) + 1
            dayText = str.day(n, of: days.count)
        }
        let full = str.campaignName(c)
        // "Chiến dịch Golden Strike 2021 (Đợt cao điểm …)": the part before the parenthesis.
        let name = full.split(separator: "(", maxSplits: 1).first.map { String($0).trimmingSpaces } ?? full
        let logWidth = TextWidth.of(logLabel) + 1
        let variants = [
            " \(name) · \(dayText) · \(clock(s.now)) \(zoneLabel) · \(s.config.officer) · ",
            " \(name) · \(dayText) · \(clock(s.now)) \(zone.name) · \(s.config.officer) · ",
            " \(c.name.en) · \(dayText) · \(clock(s.now)) \(zone.name) · \(s.config.officer) · ",
            " \(dayText) · \(clock(s.now)) \(zone.name) · \(s.config.officer) · ",
            " \(clock(s.now)) \(zone.name) · \(s.config.officer) · ",
        ]
        let left = variants.first { TextWidth.of($0) + logWidth <= r.width } ?? variants[variants.count - 1]
        var x = g.put(left, x: r.x, y: r.y, maxWidth: r.width, style: Style(.header, bold: true, reverse: true))
        var logStyle = hs
        switch s.logStatus {
        case .ok: break
        case .readOnly: logStyle = Style(.danger, bold: true, reverse: true)
        case .recovered: logStyle = Style(.warning, bold: true, reverse: true)
        }
        x += g.put(logLabel, x: r.x + x, y: r.y, maxWidth: max(0, r.width - x), style: logStyle)
        if !s.pending.isEmpty, r.width - x > 14 {
            g.put(
                " · " + str.pending, x: r.x + x, y: r.y, maxWidth: r.width - x,
                style: Style(.warning, bold: true, reverse: true))
        }
    }

    func drawBanners(_ g: inout Grid) {
        let r = layout.banners
        guard !r.isEmpty else { return }
        let shown = s.banners.prefix(r.height)
        let more = s.banners.count - shown.count
        for (i, b) in shown.enumerated() {
            let row = Rect(x: r.x, y: r.y + i, width: r.width, height: 1)
            var text = "! " + b.text
            if i == shown.count - 1, more > 0 {
                text += str.moreBanners(more)
            }
            let tail = i == 0 ? "  x: " + str.seen + " " : ""
            let tw = r.width > TextWidth.of(tail) + 10 ? TextWidth.of(tail) : 0
            Banner(text, role: b.role).draw(into: &g, Rect(x: row.x, y: row.y, width: row.width - tw, height: 1))
            if tw > 0 { g.put(tail, x: row.maxX - tw, y: row.y, style: Style(b.role, bold: true)) }
            // Reverse video too, so a banner stands out on monochrome terminals.
            g.restyle(row) { $0.reverse = true }
        }
    }

    func drawFooter(_ g: inout Grid) {
        let r = layout.footer
        guard !r.isEmpty else { return }
        // From the live keymaps (`AppState.activeKeymaps`), "? help" first.
        let hints = s.footerHints
        var status = ""
        var role = Role.text
        if let p = s.pending.last {
            status = "… \(str.pending) \(p.label)"
            role = .warning
        } else if let m = s.status {
            status = m.text
            role = m.role
        }
        StatusLine(hints: hints, status: status).draw(into: &g, r)
        if !status.isEmpty {
            let w = min(r.width, TextWidth.of(Sanitizer.sanitize(status)))
            g.restyle(Rect(x: r.maxX - w, y: r.y, width: w, height: 1)) { $0 = Style(role, bold: true) }
        }
    }

    // MARK: boxes

    /// A pane's box: heavy lines when focused, light otherwise (readable without colour).
    @discardableResult
    func box(_ r: Rect, title: String, focused: Bool, _ g: inout Grid) -> Rect {
        Box(title: title, focused: focused).draw(into: &g, r)
    }

    /// "↓ 123 more" on the bottom border when rows are hidden below (or "↑ n above").
    func scrollMarker(_ inner: Rect, top: Int, rows: Int, total: Int, _ g: inout Grid) {
        let below = total - top - rows
        let text: String
        if below > 0 {
            text = str.moreBelow(below)
        } else if top > 0 {
            text = str.moreAbove(top)
        } else {
            return
        }
        let w = TextWidth.of(text)
        if inner.width > w + 4, inner.maxY < layout.footer.y || layout.footer.isEmpty {
            g.put(text, x: inner.maxX - w - 1, y: inner.maxY, style: Style(.muted))
        }
    }

    // MARK: alerts

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

    // MARK: verification requests

    func requestCountdown(_ v: VerificationItem) -> String {
        guard v.state == .open else { return "" }
        return s.countdownText(to: v.due)
    }

    /// Requests not closed. `AppState.requests` keeps them before the closed ones
    /// (`refreshRequests`), so this is a binary search, not a pass over every request.
    var openRequestCount: Int { s.requests.partitionPoint { $0.state == .closed } }

    func drawRequests(_ r: Rect, _ g: inout Grid) {
        let focused = s.focus == .verification
        let open = openRequestCount
        let inner = box(r, title: "\(str.verification) (\(open))", focused: focused, &g)
        guard inner.height > 0, inner.width > 0 else { return }
        let dirW = max(
            TextWidth.of(str.colDirection), TextWidth.of(str.direction(.incoming)),
            TextWidth.of(str.direction(.outgoing)))
        let stateW = VerificationStatus.allCases.map { TextWidth.of(str.verificationState($0)) }.max() ?? 8
        let top = s.scroll[.verification] ?? 0
        let visible = s.requests.dropFirst(top).prefix(max(0, inner.height - 1))
        let cdW = min(
            24, max(8, visible.map { TextWidth.of(requestCountdown($0)) }.max() ?? 8), max(4, inner.width / 4))
        let cpW = min(12, max(TextWidth.of(str.colCounterpart), 4), max(4, inner.width / 7))
        let table = TableView(columns: [
            TableColumn(str.colDirection, width: .fixed(dirW)),
            TableColumn(str.idLabel, width: .fixed(6)),
            TableColumn(str.colCounterpart, width: .fixed(cpW)),
            TableColumn(str.colSubject, width: .flexible(min: 1, weight: 1)),
            TableColumn(str.colState, width: .fixed(stateW)),
            TableColumn(str.colDue, width: .fixed(cdW), alignment: .right),
        ])
        let shownTop = table.draw(
            into: &g, inner, rowCount: s.requests.count, selected: focused ? (s.selected[.verification] ?? 0) : nil,
            offset: top
        ) { i in
            let v = s.requests[i]
            let overdue = v.state == .open && s.now > v.due
            let base = Style(v.state == .closed ? .muted : .text)
            return TableRow(
                [
                    str.direction(v.direction), v.id, v.counterpart, v.subject, str.verificationState(v.state),
                    requestCountdown(v),
                ],
                style: base, cellStyles: [nil, nil, nil, nil, nil, overdue ? Style(.danger, bold: true) : nil])
        }
        if s.requests.isEmpty, inner.height > 1 {
            g.put(str.noRequests, x: inner.x + 1, y: inner.y + 1, maxWidth: inner.width - 1, style: Style(.muted))
        }
        scrollMarker(inner, top: shownTop, rows: max(1, inner.height - 1), total: s.requests.count, &g)
    }

    // MARK: deadlines

    func drawDeadlines(_ r: Rect, _ g: inout Grid) {
        let focused = s.focus == .deadlines
        let late = s.overdueDeadlineCount
        var title = str.deadlines
        if late > 0 { title += str.overdueCount(late) }
        let inner = box(r, title: title, focused: focused, &g)
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
        let n = s.deadlineRowCount
        let shownTop = table.draw(
            into: &g, inner, rowCount: n, selected: focused ? (s.selected[.deadlines] ?? 0) : nil,
            offset: top
        ) { i in
            let d = s.deadlineItem(i)
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
            g.put(str.noDeadlines, x: inner.x + 1, y: inner.y + 1, maxWidth: inner.width - 1, style: Style(.muted))
        }
        scrollMarker(inner, top: shownTop, rows: max(1, inner.height - 1), total: n, &g)
    }

    // MARK: detail views

    typealias Line = (text: String, style: Style)

    func drawOverlay(_ ov: DetailView, _ g: inout Grid) {
        let title: String
        let lines: [Line]
        let scroll: Int
        switch ov {
        case .alertDetail(let id, let sc):
            title = "\(str.detail) \(id)"
            lines = alertDetailLines(id)
            scroll = sc
        case .deadlineDetail(let key, let sc):
            title = str.deadlines
            lines = deadlineDetailLines(key)
            scroll = sc
        case .requestDetail(let id, let sc):
            title = "\(str.verification) \(id)"
            lines = requestDetailLines(id)
            scroll = sc
        }
        let inner = box(layout.body, title: title, focused: true, &g)
        guard inner.height > 0 else { return }
        let top = min(scroll, max(0, lines.count - inner.height))
        for i in 0..<inner.height {
            guard top + i < lines.count else { break }
            let l = lines[top + i]
            g.put(l.text, x: inner.x + 1, y: inner.y + i, maxWidth: max(0, inner.width - 2), style: l.style)
        }
        scrollMarker(inner, top: top, rows: inner.height, total: lines.count, &g)
    }

    func fieldLines(_ pairs: [(String, String?)]) -> [Line] {
        let present = pairs.compactMap { p in p.1.flatMap { $0.isEmpty ? nil : (p.0, $0) } }
        let lw = (present.map { TextWidth.of($0.0) }.max() ?? 0) + 2
        return present.map { (TextWidth.fit($0.0 + ":", columns: lw) + Sanitizer.sanitize($0.1), Style(.text)) }
    }

    func alertDetailLines(_ id: String) -> [Line] {
        guard let a = s.domain.alerts[id] else { return [(id + " ?", Style(.danger))] }
        let d = a.details
        let l = a.lifecycle
        let item = s.alertItem(a)
        let t = str
        var status = t.statusLong(item.displayStatus(at: s.now))
        if item.isPastAcknowledgement(at: s.now) {
            status += t.pastAcknowledgement
        }
        var pairs: [(String, String?)] = [
            (t.idLabel, a.id),
            (t.colStatus, status),
            (t.priorityLabel, t.priorityLong(item.priority)),
            (t.receivedLabel, dateTime(d.receivedAt) + " (" + age(d.receivedAt) + ")"),
            (t.acknowledgeByLabel, l.status == .received ? dateTime(item.acknowledgeBy) : nil),
            (t.colSource, s.sourceLongName(d.source) + (d.sourceReference.map { " · " + $0 } ?? "")),
            (t.colSubject, d.subject),
            (t.commodityLabel, d.commodity),
            (
                t.speciesLabel,
                d.species.isEmpty
                    ? nil
                    : d.species.map { $0.scientificName + ($0.citesAppendix.map(t.cites) ?? "") }.joined(
                        separator: ", ")
            ),
            (t.quantityLabel, d.quantity.isEmpty ? nil : d.quantity.map(\.text).joined(separator: ", ")),
            (
                t.personsLabel,
                d.persons.isEmpty
                    ? nil
                    : d.persons.map { p in
                        [p.name, p.nationality, p.travelDocument].compactMap { $0 }.joined(separator: " · ")
                    }.joined(separator: "; ")
            ),
            (
                t.conveyanceLabel,
                d.conveyance.map { t.conveyanceKind($0.kind.rawValue) + ($0.reference.map { " " + $0 } ?? "") }
            ),
            (t.colLocation, d.location.map { $0.name + " (" + t.locationKind($0.kind.rawValue) + ")" }),
            (
                t.responsibleUnitLabel,
                d.responsibleUnit.map { code in
                    code + (s.config.campaign.unit(code).map { " · " + t.unitName($0) } ?? "")
                }
            ),
            (t.etaLabel, d.eta.map(dateTime)),
            (t.colOwner, l.owner.map { o in o + (l.acknowledgedAt.map { " · " + dateTime($0) } ?? "") }),
            (
                t.assignedToLabel,
                l.assignee.map { t.assigneeKind($0.kind.rawValue) + " " + s.assigneeName($0) }
            ),
            (
                t.escalatedToLabel,
                l.escalations.isEmpty
                    ? nil : l.escalations.map { t.escalationTarget($0.rawValue) }.joined(separator: ", ")
            ),
            (t.snoozedUntilLabel, l.snoozedUntil.flatMap { s.now < $0 ? dateTime($0) : nil }),
            (t.field(.disposition), l.disposition.map(dispositionText)),
            (t.duplicateOfLabel, l.mergedInto),
            (t.duplicatesLabel, a.duplicates.isEmpty ? nil : a.duplicates.joined(separator: ", ")),
            (t.sourceNotesLabel, d.notes),
        ]
        pairs = pairs.filter { $0.1 != nil }
        var out = fieldLines(pairs)
        out.append(("", Style()))
        out.append((t.notes, Style(.title, bold: true, underline: true)))
        if a.notes.isEmpty { out.append(("  " + t.noNotes, Style(.muted))) }
        for n in a.notes {
            let text =
                "  \(dateTime(n.at)) \(n.actor): \(n.text)" + (n.retracted ? t.retracted : "")
            out.append((text, Style(n.retracted ? .muted : .text)))
        }
        out.append(("", Style()))
        out.append((t.timeline, Style(.title, bold: true, underline: true)))
        for e in a.timeline {
            out.append(("  \(dateTime(e.at)) #\(e.seq) \(str.eventName(e.type)) · \(e.actor)", Style(.text)))
        }
        return out
    }

    func dispositionText(_ d: Disposition) -> String {
        switch d {
        case .seized(let commodity, let species, let quantity):
            var s = str.disposition(.seized) + ": " + commodity
            if !quantity.isEmpty { s += ", " + quantity.map(\.text).joined(separator: " + ") }
            if !species.isEmpty { s += " (" + species.map(\.scientificName).joined(separator: ", ") + ")" }
            return s
        case .noFinding: return str.disposition(.noFinding)
        case .falseAlarm: return str.disposition(.falseAlarm)
        case .duplicateOf(let id): return str.duplicateOf(id)
        case .referredToPartner(let p):
            return str.disposition(.referredToPartner) + ": "
                + (s.config.campaign.partner(p).map(str.partnerName) ?? p)
        }
    }

    func deadlineDetailLines(_ key: String) -> [Line] {
        guard let d = s.deadlineItem(key: key) else { return [(key + " ?", Style(.danger))] }
        var pairs: [(String, String?)] = [
            (str.colConcerns, d.label(lang)),
            (str.colDue, dateTime(d.due) + " " + zone.name),
            (
                str.colState,
                d.state.symbol + " " + str.deadlineWord(d.state) + (d.countdown.isEmpty ? "" : " · " + d.countdown)
            ),
            (
                str.sourceRule,
                str.ruleSource(d.rule, letter: s.config.campaign.letterReference)
            ),
        ]
        var out: [Line] = []
        switch d.subject {
        case .focalOfficers:
            out = fieldLines(pairs)
            out.append(("", Style()))
            let missing = s.unitsWithoutFocalOfficer
            out.append(
                (
                    str.notNominatedYet(missing.count),
                    Style(.title, bold: true, underline: true)
                ))
            for u in missing { out.append(("  ✖ \(u.code) · \(str.unitName(u))", Style(.warning))) }
            let done = s.config.campaign.nominatingUnits.compactMap { u in s.domain.nominations[u.code].map { (u, $0) }
            }
            if !done.isEmpty {
                out.append(("", Style()))
                out.append(
                    (
                        str.nominated(done.count),
                        Style(.title, bold: true, underline: true)
                    ))
                for (u, n) in done {
                    out.append(
                        (
                            "  ✔ \(u.code) · \(n.name) · \(n.position) · \(n.phone) · \(dateTime(n.nominatedAt))",
                            Style(.ok)
                        ))
                }
            }
            out.append(("", Style()))
            out.append((str.nominateHint(Keymaps.keyLabel(of: .nominate, in: Keymaps.deadlines)), Style(.muted)))
            return out
        case .rapidReport(let id), .alert(let id):
            if let a = s.domain.alerts[id] { pairs.append((str.alerts, "\(id) · \(a.details.subject)")) }
        case .verification(let id):
            if let v = s.domain.verifications[id] {
                pairs.append((str.verification, "\(id) · \(v.counterpart) · \(v.subject)"))
            }
        case .report(let k, let day):
            pairs.append((str.field(.reportKind), str.reportKind(k) + (day.map { " · " + $0 } ?? "")))
        case .campaignEnd:
            let c = s.config.campaign
            pairs.append(
                (str.windowLabel, dateTime(c.windowStart) + " → " + dateTime(c.windowEnd) + " " + zone.name)
            )
            pairs.append((str.letterLabel, c.letterReference))
        }
        out = fieldLines(pairs)
        if case .report = d.subject {
            out += [
                ("", Style()),
                (str.reportHint(Keymaps.keyLabel(of: .reportSubmitted, in: Keymaps.deadlines)), Style(.muted)),
            ]
        }
        if case .rapidReport = d.subject {
            out += [
                ("", Style()),
                (str.rapidReportHint(Keymaps.keyLabel(of: .reportSubmitted, in: Keymaps.deadlines)), Style(.muted)),
            ]
        }
        return out
    }

    func requestDetailLines(_ id: String) -> [Line] {
        guard let v = s.domain.verifications[id] else { return [(id + " ?", Style(.danger))] }
        let item = s.requests.first { $0.id == id }
        var out = fieldLines([
            (str.idLabel, v.id),
            (str.colDirection, str.directionLong(v.direction)),
            (str.colCounterpart, v.counterpart),
            (str.colSubject, v.subject),
            (str.referenceLabel, v.reference),
            (str.alerts, v.linkedAlert),
            (str.field(.unit), v.unit),
            (str.routedViaLabel, v.routedVia),
            (str.caseDateLabel, v.caseDate.map(dateTime)),
            (str.openedLabel, dateTime(v.openedAt)),
            (str.colDue, dateTime(v.dueAt) + (v.status == .open ? " · " + s.countdownText(to: v.dueAt) : "")),
            (str.colState, item.map { str.verificationState($0.state) }),
            (str.answeredLabel, v.answeredAt.map(dateTime)),
            (str.answerLabel, v.answerSummary),
            (str.closedLabel, v.closedAt.map(dateTime)),
            (str.field(.outcome), v.closeOutcome),
        ])
        out.append(("", Style()))
        out.append((str.timeline, Style(.title, bold: true, underline: true)))
        for e in v.timeline {
            out.append(("  \(dateTime(e.at)) #\(e.seq) \(str.eventName(e.type)) · \(e.actor)", Style(.text)))
        }
        return out
    }

    // MARK: help

    func drawHelp(_ g: inout Grid) {
        let r = layout.helpBox
        guard r.height >= 3, r.width >= 6 else { return }
        let lines = s.helpLines(width: r.width - 4)
        let rows = r.height - 2
        let top = min(s.helpScroll, max(0, lines.count - rows))
        let shown = lines[top..<min(lines.count, top + rows)].map { StyledLine($0.text, style: $0.style) }
        let frame = Overlay(title: "\(str.help) — \(str.helpClose)", lines: Array(shown), preferredWidth: r.width - 4)
            .draw(into: &g, in: Rect(x: r.x, y: r.y, width: r.width, height: min(r.height, shown.count + 2)))
        scrollMarker(frame.inset(1), top: top, rows: rows, total: lines.count, &g)
    }

    // MARK: forms

    mutating func drawForm(_ f: FormState, _ g: inout Grid) {
        let body = layout.body
        let hasCompletion = f.visibleIndices.contains { i in
            if case .none = f.fields[i].completions { return false }
            return true
        }
        let h = min(body.height, 2 + f.visibleIndices.count + (hasCompletion ? 5 : 0) + 2)
        let r = Rect(
            x: layout.formBox.x, y: body.y + max(0, (body.height - h) / 3), width: layout.formBox.width, height: h)
        guard !r.isEmpty else { return }
        g.fill(r)
        let inner = box(r, title: s.formLabel(f), focused: true, &g)
        guard inner.height > 0, inner.width > 4 else { return }
        let vis = f.visibleIndices
        let lw = min(inner.width / 2, (vis.map { TextWidth.of(str.field(f.fields[$0].key)) }.max() ?? 0) + 3)
        let vx = inner.x + 1 + lw
        let vw = max(1, inner.maxX - 1 - vx)
        var y = inner.y
        let bottomReserved = min(2, inner.height - 1)
        for i in vis {
            guard y < inner.maxY - bottomReserved else { break }
            let field = f.fields[i]
            let focused = i == f.focus
            let label = str.field(field.key) + (field.required && !field.isChoice ? "*" : "")
            g.put(
                TextWidth.fit(label, columns: lw), x: inner.x + 1, y: y,
                style: Style(focused ? .accent : .text, bold: focused))
            if field.isChoice {
                let text = "‹ " + field.choices[field.choice].label + " ›"
                let w = g.put(text, x: vx, y: y, maxWidth: vw, style: Style(.text, bold: focused, reverse: focused))
                if focused, vw > w + 12 {
                    g.put(
                        " \(field.choice + 1)/\(field.choices.count) ←/→", x: vx + w, y: y, maxWidth: vw - w,
                        style: Style(.muted))
                }
            } else {
                let cx = field.editor.draw(
                    into: &g, Rect(x: vx, y: y, width: vw, height: 1), style: Style(.text, underline: true))
                if focused {
                    cursor = CursorPosition(x: cx, y: y)
                    g.restyle(Rect(x: cx, y: y, width: 1, height: 1)) { $0.reverse = true }
                }
            }
            y += 1
            if focused, !field.isChoice {
                let matches = completionMatches(field, store: s.store, fold: s.fold, limit: 5)
                for (k, m) in matches.enumerated() {
                    guard y < inner.maxY - bottomReserved else { break }
                    let hl = k == min(field.highlighted, matches.count - 1)
                    g.put(
                        (hl ? "▸ " : "  ") + m.label, x: vx, y: y, maxWidth: vw,
                        style: Style(hl ? .selection : .muted, bold: hl, reverse: hl))
                    y += 1
                }
            }
        }
        if let e = f.error, inner.height >= 3 {
            g.put(
                "✖ " + e, x: inner.x + 1, y: inner.maxY - 2, maxWidth: inner.width - 2,
                style: Style(.danger, bold: true))
        }
        g.put(str.formHint, x: inner.x + 1, y: inner.maxY - 1, maxWidth: inner.width - 2, style: Style(.muted))
    }
}
