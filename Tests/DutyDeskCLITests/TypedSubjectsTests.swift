import Dashboard
import DutyDeskDomain
import DutyDeskLog
import Foundation
import TerminalKit
import Testing

@testable import DutyDeskCLI

/// The run loop's stale-decision check reads the typed subjects of other desks' events
/// (issue 16, item 1), not three payload keys.
extension RunnerTests {
    /// Another desk undoes a merge into A-0001: its event names A-0001 as the survivor
    /// (`survivor_id`, which the payload keys read before did not include), so our
    /// acknowledgement of A-0001, decided on the screen before it, is refused.
    @Test func anUndoneMergeMakesADecisionOnItsSurvivorStale() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/campaign.log"
        for (subject, at) in [("Ivory at Nội Bài", "07:55"), ("Ivory again", "07:56")] {
            let add = try runDutyDesk([
                "alert", "add", "--log", path, "--source", "police", "--subject", subject,
                "--received", "2021-09-01T\(at):00+07:00",
            ])
            #expect(add.status == 0, "\(add.err)")
        }
        let desk2 = LogActor(officer: "desk2", process: "o/1", host: "h")
        let other = try EventLog.open(path: path)
        defer { other.close() }
        try other.append(
            NewRecord(
                type: EventType.alertMerged, id: "other-merge",
                payload: DomainEvent.alertMerged(AlertMerged(alertID: "A-0001", duplicateID: "A-0002")).payload,
                ts: RFC3339Timestamp.parse("2021-09-01T07:58:00+07:00"), actor: desk2))
        let (runner, _) = try makeRunner(log: path)
        #expect(runner.state.selectedAlert == "A-0001")
        try other.append(
            NewRecord(
                type: EventType.alertActionUndone, id: "other-undo",
                payload: DomainEvent.alertActionUndone(
                    AlertActionUndone(
                        alertID: "A-0002", undoes: "other-merge", undoneType: EventType.alertMerged,
                        restored: AlertLifecycle(status: .received), survivorID: "A-0001")
                ).payload,
                ts: RFC3339Timestamp.parse("2021-09-01T08:00:01+07:00"), actor: desk2))
        runner.send(.key(.char("a")))
        runner.settle()
        #expect(!readText(path).contains("\"type\":\"alert.acknowledged\""))
        #expect(
            runner.state.bannerTexts.contains { $0.contains("A-0001") && $0.contains("another desk") },
            "banners: \(runner.state.bannerTexts)")
        #expect(runner.state.domain.alerts["A-0002"]?.lifecycle.status == .received)
    }
}
