import Dashboard
import DutyDeskDomain
import DutyDeskLog
import Foundation
import TerminalKit
import Testing

@testable import DutyDeskCLI

/// The run loop over a fake terminal and a real log file.
@Suite struct RunnerTests {
    func makeRunner(log path: String, terminal: FakeTerminal = FakeTerminal(width: 120, height: 40)) throws -> (
        DashboardRunner, EventLog
    ) {
        let campaign = try goldenStrike()
        let clock = CampaignClock(start: RFC3339Timestamp.parse("2021-09-01T08:00:00+07:00"), offsetSeconds: 25_200)
        let config = DashboardConfig(
            campaign: campaign, officer: "desk1", language: .en, bellPolicy: .standard, eventIDPrefix: "t1")
        var state = AppState(config: config, now: clock.now(), width: 120, height: 40)
        var records: [RecordedEvent] = []
        let log = try EventLog.open(path: path, mode: .readWrite, replay: { records.append(LogBridge.recorded($0)) })
        state.replay(records)
        state.finishReplay()
        let follower = LogFollower(sharing: log)
        let runner = DashboardRunner(
            terminal: terminal, log: log, follower: follower,
            clock: clock, actor: LogActor(officer: "desk1", process: "t/1", host: "h"), state: state)
        return (runner, log)
    }

    @Test func acknowledgeIsDurableBeforeItShowsAsDone() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/campaign.log"
        let add = try runDutyDesk([
            "alert", "add", "--log", path, "--source", "police", "--subject", "Ivory at Nội Bài",
            "--received", "2021-09-01T07:55:00+07:00",
        ])
        #expect(add.status == 0, "\(add.err)")
        let (runner, _) = try makeRunner(log: path)
        #expect(runner.state.selectedAlert == "A-0001")
        runner.send(.key(.char("a")))
        runner.settle()
        #expect(readText(path).contains("\"type\":\"alert.acknowledged\""))
        #expect(runner.state.domain.alerts["A-0001"]?.lifecycle.owner == "desk1")
        #expect(runner.state.pendingCount == 0)
    }

    @Test func aDecisionOnAStaleScreenIsRefusedNotWritten() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/campaign.log"
        _ = try runDutyDesk([
            "alert", "add", "--log", path, "--source", "police", "--subject", "Ivory at Nội Bài",
            "--received", "2021-09-01T07:55:00+07:00",
        ])
        let (runner, _) = try makeRunner(log: path)
        // Another desk acknowledges A-0001 after our screen was drawn, before our key press.
        let other = try EventLog.open(path: path)
        try other.append(
            NewRecord(
                type: "alert.acknowledged", id: "other-1",
                payload: .object([("schema", .int(1)), ("alert_id", .string("A-0001"))]),
                ts: RFC3339Timestamp.parse("2021-09-01T08:00:01+07:00"),
                actor: LogActor(officer: "desk2", process: "o/1", host: "h")))
        runner.send(.key(.char("a")))
        runner.settle()
        let acks = readText(path).split(separator: "\n").filter { $0.contains("\"type\":\"alert.acknowledged\"") }
        #expect(acks.count == 1, "only the other desk's acknowledgement is in the log")
        #expect(
            runner.state.bannerTexts.contains { $0.contains("another desk") }, "banners: \(runner.state.bannerTexts)")
        #expect(runner.state.domain.alerts["A-0001"]?.lifecycle.owner == "desk2")
    }

    /// Issue 15 (live latency): the alarm of another desk's critical alert comes after the
    /// frame that shows the alert — ncurses' flash holds the loop for 100 ms, and the row
    /// waited behind it.
    @Test func theFlashOfANewCriticalAlertComesAfterTheFrameThatShowsIt() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/campaign.log"
        _ = try runDutyDesk([
            "alert", "add", "--log", path, "--source", "police", "--subject", "Ivory at Nội Bài",
            "--received", "2021-09-01T07:55:00+07:00",
        ])
        let terminal = FakeTerminal(width: 120, height: 40)
        let (runner, _) = try makeRunner(log: path, terminal: terminal)
        runner.draw()
        let add = try runDutyDesk([
            "alert", "add", "--log", path, "--source", "police", "--subject", "Pangolin scales at Lao Bảo",
            "--priority", "critical", "--received", "2021-09-01T08:00:00+07:00",
        ])
        #expect(add.status == 0, "\(add.err)")
        runner.pollLog()
        #expect(terminal.alarms.isEmpty, "nothing sounds before the frame is drawn")
        runner.draw()
        #expect(terminal.alarms.map(\.kind) == [.flash])
        let frame = try #require(terminal.alarms.first?.afterFrames)
        #expect(frame == terminal.presented.count)
        let shown = terminal.presented[frame - 1]
        #expect((0..<shown.height).contains { shown.rowText($0).contains("Pangolin scales at Lao Bảo") })
        runner.draw()
        #expect(terminal.alarms.count == 1, "once")
    }

    /// `:save` (issue 13, item 7): the dashboard asks, the runner writes the file and says so.
    @Test func saveFilterIsWrittenByTheRunner() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (runner, _) = try makeRunner(log: dir + "/campaign.log")
        runner.savedFiltersPath = dir + "/config/dutydesk/filters.json"
        for c in ":filter unit:HQLS" { runner.send(.key(.char(c))) }
        runner.send(.key(.enter))
        for c in ":save langson" { runner.send(.key(.char(c))) }
        runner.send(.key(.enter))
        #expect(runner.state.savedFilterNames == ["langson"])
        #expect(runner.state.statusText == "Filter saved as langson; :view langson shows it")
        let read = SavedFiltersFile.read(dir + "/config/dutydesk/filters.json")
        #expect((try? read.get().byName["langson"]) == SavedFilter(pane: .alerts, query: "unit:HQLS"))
    }
}
