import DutyDeskDomain
import DutyDeskJSON
import TerminalKit
import Testing

@testable import Dashboard

/// The dashboard learns what live events changed from the fold's `StateChange`
/// (issue 16, item 1), not from their payloads or a list of event types.
@Suite struct AppliedChangeTests {
    /// Applies the records `b` gained since `from` the way the follower delivers them, and
    /// returns the deadline touches they left for the next refresh.
    func apply(_ b: LogBuilder, from: Int, to s: inout AppState) -> (alerts: Set<String>, requests: Set<String>)? {
        _ = s.applyRecords(Array(b.records[from...]), alarms: false)
        defer { s.deadlineTouches = nil }
        return s.deadlineTouches
    }

    @Test func onlyEventsThatCanMoveThePaneTouchTheDeadlines() {
        var b = morningLog()
        var s = makeState(b)
        _ = s.refreshDeadlines(alarms: false)
        #expect(s.deadlineTouches == nil)
        b.run(
            .receiveAlert(alert("Ngà voi", .high, AlertSource(kind: .police), received: "2021-09-01T07:59:00")),
            at: "2021-09-01T08:00:10")
        let id = b.records.last.flatMap { $0.subjects.alertID } ?? "?"
        // A new alert without ETA, its acknowledgement, a snooze, a note, a close with no
        // seizure: the pane lists none of what they change (acknowledgement times are on
        // the alert list).
        var n = b.records.count - 1
        #expect(apply(b, from: n, to: &s) == nil)
        for (command, at) in [
            (Command.acknowledge(alertID: id), "08:01"),
            (.snooze(alertID: id, until: ict("2021-09-01T09:00:00")), "08:02"),
            (.addNote(alertID: id, text: "ghi chú"), "08:03"),
            (.close(alertID: id, disposition: .noFinding), "08:04"),
        ] {
            n = b.records.count
            b.run(command, at: "2021-09-01T\(at):00")
            #expect(apply(b, from: n, to: &s) == nil, "\(command)")
        }
        // A seizure opens a rapid-report deadline: its alert is touched.
        n = b.records.count
        b.run(.reopen(alertID: id, reason: "mới"), at: "2021-09-01T08:05:00")
        b.run(
            .close(
                alertID: id,
                disposition: .seized(commodity: "ivory", species: [], quantity: [Measure(amount: "3", unit: "kg")])),
            at: "2021-09-01T08:06:00")
        #expect(apply(b, from: n, to: &s)?.alerts == [id])
        // A verification request and a nomination move the pane too.
        n = b.records.count
        b.run(
            .openVerification(direction: .incoming, counterpart: "TH", subject: "vảy tê tê"), at: "2021-09-01T08:07:00")
        let request = b.records.last.flatMap { $0.subjects.requestID } ?? "?"
        #expect(apply(b, from: n, to: &s)?.requests == [request])
        n = b.records.count
        b.run(
            .nominateFocalOfficer(unit: "HQHN", name: "Trần Thị Lan", position: "KSV", phone: "0912345678"),
            at: "2021-09-01T08:08:00")
        #expect(apply(b, from: n, to: &s) != nil)
    }
}
