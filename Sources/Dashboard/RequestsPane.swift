// The Verification requests pane.
import DutyDeskDomain
import TerminalKit

extension Renderer {
    func requestCountdown(_ v: VerificationItem) -> String {
        guard v.state == .open else { return "" }
        return s.countdownText(to: v.due)
    }

    /// Requests not closed. `AppState.requests` keeps them before the closed ones
    /// (`refreshRequests`), so this is a binary search, not a pass over every request.
    var openRequestCount: Int { s.requests.partitionPoint { $0.state == .closed } }

    mutating func drawRequests(_ r: Rect, _ g: inout Grid) {
        let focused = s.focus == .verification
        let open = openRequestCount
        let filtered = s.showsFilter(.verification)
        // Filtered: "Verification requests 2/11 · Filter:" (shown of all, open or not), then the text.
        let title =
            filtered
            ? "\(str.verification) \(s.requests.count)/\(s.allRequests.count) · \(str.filter):"
            : "\(str.verification) (\(open))"
        let inner = box(r, title: title, focused: focused, &g)
        if filtered { drawFilterText(.verification, r, title: title, &g) }
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
        // Desk-prefixed ids (`HQHN-V0007`, decision 0011) are read out on the phone: as wide
        // as the longest shown, within a fifth of the pane.
        let idW = min(
            max(6, visible.map { TextWidth.of($0.id) }.max() ?? 6), max(6, inner.width / 5))
        let table = TableView(columns: [
            TableColumn(str.colDirection, width: .fixed(dirW)),
            TableColumn(str.idLabel, width: .fixed(idW)),
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
            g.put(
                filtered ? str.noRowMatches : str.noRequests, x: inner.x + 1, y: inner.y + 1, maxWidth: inner.width - 1,
                style: Style(.muted))
        }
        scrollMarker(inner, top: shownTop, rows: max(1, inner.height - 1), total: s.requests.count, &g)
    }
}
