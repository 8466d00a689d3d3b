// `/` in the Verification requests and Deadlines panes (issue 13, item 3): the same query
// language as the alert list (`SearchQuery`) over the pane's rows, which are few enough
// (hundreds, a few thousand) to be filtered by one pass per keypress or per list change.
import DutyDeskDomain
import TerminalKit

extension AppState {
    /// The filter text of pane `p` (the Alerts pane's is `filter`).
    func paneFilter(_ p: Pane) -> TextField {
        switch p {
        case .alerts: filter
        case .verification: requestFilter
        case .deadlines: deadlineFilter
        }
    }

    /// Sets pane `p`'s filter to `field` and filters the pane by it (typed, or `:filter`).
    mutating func setPaneFilter(_ p: Pane, _ field: TextField) {
        switch p {
        case .alerts: filter = field
        case .verification: requestFilter = field
        case .deadlines: deadlineFilter = field
        }
        applyFilter(p)
    }

    /// True when pane `p` shows its filter line (being edited there, or not empty).
    func showsFilter(_ p: Pane) -> Bool { !paneFilter(p).isEmpty || (filterEditing && focus == p) }

    /// Applies pane `p`'s filter text after it changed; the selection goes to the first row.
    mutating func applyFilter(_ p: Pane) {
        switch p {
        case .alerts:
            store.setQuery(filter.text)
            selectedAlertID = store.visibleCount > 0 ? store.visible(0).id : nil
        case .verification: refilterRequests()
        case .deadlines: refilterDeadlines()
        }
        selected[p] = 0
        scroll[p] = 0
    }

    /// The requests' search text: id, counterpart, subject, linked alert, direction and state in both languages.
    static func searchText(_ v: VerificationItem) -> [UInt8] {
        var t = SearchText()
        let en = Strings(.en)
        let vi = Strings(.vi)
        t.add(.id, v.id)
        t.add(.source, v.counterpart)
        t.add(.subject, v.subject)
        t.add(.other, en.direction(v.direction))
        t.add(.other, vi.direction(v.direction))
        t.add(.status, v.state.rawValue)
        t.add(.status, en.verificationState(v.state))
        t.add(.status, vi.verificationState(v.state))
        return t.bytes
    }

    /// Rebuilds `requests` (the shown rows) from `allRequests` and the pane's filter.
    mutating func refilterRequests() {
        let q = SearchQuery(requestFilter.text)
        requests = q.isEmpty ? allRequests : allRequests.filter { q.matches(Self.searchText($0)) }
        clamp(.verification)
    }

    /// The deadlines' search text: the labels in both languages, the id of what it concerns and its rule.
    static func searchText(_ d: Deadline) -> [UInt8] {
        let label = DeadlineItem.label(d)
        var t = SearchText()
        t.add(.subject, label.en)
        t.add(.subject, label.vi)
        t.add(.id, d.concerns)
        t.add(.other, d.letterItem)
        return t.bytes
    }

    /// Recomputes the Deadlines pane's shown rows (`deadlineShown`) from the deadline list:
    /// with a filter, the rows it keeps (flat); without, the ETAs of two or more alerts
    /// under one group row (`etaGroup`, issue 13, item 7), collapsed unless `etaExpanded`,
    /// so that the letter's deadlines stay in view; nil when the rows are shown as they are.
    /// One pass over the list's rows.
    mutating func refilterDeadlines() {
        deadlineShownVersion = deadlineList.rowsVersion
        etaGroup = nil
        let q = SearchQuery(deadlineFilter.text)
        if !q.isEmpty {
            deadlineShown = (0..<deadlineList.count).filter { q.matches(Self.searchText(deadlineList.deadline($0))) }
        } else {
            var shown: [Int] = []
            var group: ETAGroup?
            var etas: [Int] = []
            var groupAt = 0
            for row in 0..<deadlineList.count {
                guard deadlineList.isETA(row) else {
                    shown.append(row)
                    continue
                }
                if group == nil {
                    group = ETAGroup(count: 0, firstPending: nil)
                    groupAt = shown.count
                    shown.append(Self.etaGroupRow)
                }
                group?.count += 1
                if group?.firstPending == nil,
                    deadlineList.state(deadlineList.deadline(row), at: now.epochNanoseconds) != .met
                {
                    group?.firstPending = row
                }
                etas.append(row)
            }
            // Open, the ETAs follow their group's row together (by due instant), not spread
            // among the letter's deadlines.
            if etaExpanded, group != nil { shown.insert(contentsOf: etas, at: groupAt + 1) }
            if let g = group, g.count >= 2 {
                etaGroup = g
                deadlineShown = shown
            } else {
                deadlineShown = nil
            }
        }
        clamp(.deadlines)
    }

    /// The place of the ETA group's row in `deadlineShown`.
    static let etaGroupRow = -1

    /// Rows the Deadlines pane shows (after its filter and the ETA group).
    var shownDeadlineCount: Int { deadlineShown?.count ?? deadlineRowCount }

    /// The Deadlines pane's shown row `i` (after its filter and the ETA group).
    func shownDeadline(_ i: Int) -> DeadlineItem {
        guard let m = deadlineShown else { return deadlineItem(i) }
        if m[i] == Self.etaGroupRow, let g = etaGroup { return etaGroupItem(g) }
        var item = deadlineItem(m[i])
        // An ETA listed under the open group is indented under it.
        if etaGroup != nil, case .alert = item.subject {
            item.labelEN = "  " + item.labelEN
            item.labelVI = "  " + item.labelVI
        }
        return item
    }

    /// True when shown row `i` of the Deadlines pane is the ETA group's.
    func isETAGroupRow(_ i: Int) -> Bool { deadlineShown.map { i < $0.count && $0[i] == Self.etaGroupRow } ?? false }

    /// The group row: how many ETAs, open or closed, and the state and countdown of the
    /// earliest ETA not met (all met: met).
    func etaGroupItem(_ g: ETAGroup) -> DeadlineItem {
        let first = g.firstPending.map { deadlineItem($0) }
        let s = strings
        return DeadlineItem(
            key: "alert_eta_group", subject: .etaGroup(count: g.count),
            labelEN: Strings(.en).etaGroupLabel(g.count, open: etaExpanded),
            labelVI: Strings(.vi).etaGroupLabel(g.count, open: etaExpanded), due: first?.due ?? now,
            state: first?.state ?? .met, countdown: first?.countdown ?? "", rule: s.etaGroupRule)
    }

    /// Opens or closes the ETA group (Enter on its row), the selection staying on it.
    mutating func toggleETAGroup() {
        etaExpanded.toggle()
        refilterDeadlines()
        if let i = deadlineShown?.firstIndex(of: Self.etaGroupRow) { selected[.deadlines] = i }
        clamp(.deadlines)
    }
}
