// The lines of a verification request's detail view.
import DutyDeskDomain
import TerminalKit

extension Renderer {
    func requestDetailLines(_ id: String) -> [Line] {
        guard let v = s.domain.verifications[id] else { return [(id + " ?", Style(.danger))] }
        let item = s.requests.first { $0.id == id }
        var out = fieldLines([
            (str.idLabel, v.id),
            (str.colDirection, str.directionLong(v.direction)),
            (str.colCounterpart, v.counterpart),
            (str.colSubject, v.subject),
            (str.referenceLabel, v.reference),
            (str.linkedAlertLabel, v.linkedAlert),
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
        out += conflictLines(v.conflicts)
        out += timelineLines(v.timeline, conflicts: v.conflicts)
        return out
    }
}
