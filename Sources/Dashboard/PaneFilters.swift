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

    /// Recomputes the Deadlines pane's filtered rows (`deadlineShown`) from the deadline
    /// list; nil when the filter has no term. One pass over the list's rows.
    mutating func refilterDeadlines() {
        let q = SearchQuery(deadlineFilter.text)
        if q.isEmpty {
            deadlineShown = nil
        } else {
            deadlineShown = (0..<deadlineList.count).filter { q.matches(Self.searchText(deadlineList.deadline($0))) }
        }
        clamp(.deadlines)
    }

    /// Rows the Deadlines pane shows (after its filter).
    var shownDeadlineCount: Int { deadlineShown?.count ?? deadlineRowCount }

    /// The Deadlines pane's shown row `i` (after its filter).
    func shownDeadline(_ i: Int) -> DeadlineItem { deadlineItem(deadlineShown.map { $0[i] } ?? i) }
}
