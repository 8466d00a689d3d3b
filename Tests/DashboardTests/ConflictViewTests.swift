import DutyDeskDomain
import DutyDeskJSON
import TerminalKit
import Testing

@testable import Dashboard

/// Issue 10, item 5: the detail view shows a conflict with both actors, and the timeline
/// marks the event that was taken as one.
@Suite struct ConflictViewTests {
    /// An alert received here, then acknowledged at two other desks that had not seen each
    /// other (their records as the network copies them in: origin desk and seq there).
    func twoDesksAcknowledge() -> LogBuilder {
        var b = LogBuilder()
        b.run(
            .receiveAlert(
                alert(
                    "Vảy tê tê trong container MSKU1234567", .high,
                    AlertSource(kind: .memberCountry, country: "TH"), received: "2021-09-01T07:45:00",
                    commodity: "vảy tê tê"), alertID: "A-0001"), by: "lan.nguyen", at: "2021-09-01T07:50:00")
        let seen = SeenMark(["": b.records.count])
        for (k, (desk, officer)) in [("HQLS", "ls.minh"), ("HQQN", "qn.hoa")].enumerated() {
            let p = ProposedEvent(
                .alertAcknowledged(AlertAcknowledged(alertID: "A-0001")), id: "\(desk)-ev1", seen: seen)
            b.records.append(
                RecordedEvent(
                    seq: b.records.count + 1, id: p.id, type: p.type, at: ict("2021-09-01T07:5\(5 + k):00"),
                    actor: officer, payload: p.payload, origin: EventOrigin(desk: desk, seq: 40 + k)))
        }
        return b
    }

    @Test func theDetailViewNamesBothActors() {
        var s = makeState(twoDesksAcknowledge(), width: 110, height: 44)
        let a = s.domain.alerts["A-0001"]
        #expect(a?.lifecycle.owner == "ls.minh")
        #expect(a?.alsoWorking == ["qn.hoa"])
        press(&s, .enter)
        assertSnapshot(s, "detail-conflict-110x44-en")
    }

    @Test func theDetailViewNamesBothActorsInVietnamese() {
        var s = makeState(twoDesksAcknowledge(), language: .vi, width: 110, height: 44)
        press(&s, .enter)
        assertSnapshot(s, "detail-conflict-110x44-vi")
    }
}
