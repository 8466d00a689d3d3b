import Dashboard
import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog
import Foundation
import TerminalKit
import Testing

@testable import DutyDeskCLI

/// The dashboard's start-up with a projection snapshot (issue 6, item 3): used only when
/// it matches the log, and then the same state as folding the whole log.
@Suite struct SnapshotStartTests {
    let now = RFC3339Timestamp.parse("2021-09-03T08:00:00+07:00")!

    func config() throws -> DashboardConfig {
        DashboardConfig(
            campaign: try goldenStrike(), officer: "desk1", language: .en, bellPolicy: .standard, eventIDPrefix: "t1")
    }

    /// Appends the next `count` events of `feed` to the log at `path`.
    func append(_ count: Int, of feed: inout SyntheticFeed, to path: String) throws {
        let log = try EventLog.open(path: path, mode: .readWrite)
        defer { log.close() }
        let actor = LogActor(officer: "feed", process: "test/1", host: "h")
        try log.append(
            feed.next(count).map { NewRecord(type: $0.type, id: $0.id, payload: $0.payload, ts: $0.at, actor: actor) })
    }

    func start(_ path: String) throws -> DashboardStart {
        let s = try LogBridge.startDashboard(path: path, config: try config(), now: now, width: 120, height: 40)
        s.log.close()
        return s
    }

    /// Writes the snapshot of the log at `path` the way the dashboard does, and waits.
    func writeSnapshot(_ path: String) throws {
        let s = try LogBridge.startDashboard(path: path, config: try config(), now: now, width: 120, height: 40)
        defer { s.log.close() }
        let keeper = SnapshotKeeper(logPath: path, coveredSeq: 0)
        #expect(keeper.refresh(s.state.domain, checkpoint: s.log.checkpoint))
        keeper.wait()
        #expect(keeper.lastError == nil)
        #expect(keeper.coveredSeq == s.state.domain.lastSeq)
    }

    @Test func resumesFromAMatchingSnapshotAndFoldsOnlyTheTail() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/c.log"
        var feed = SyntheticFeed(campaign: try goldenStrike(), seed: 5)
        try append(6_000, of: &feed, to: path)
        let cold = try start(path)
        #expect(cold.snapshot == .none)
        #expect(cold.folded == 6_000)
        // The start-up's two-stage fold (decode on a worker, fold here) equals the plain fold.
        let (plainLog, plain) = try LogBridge.load(path: path, campaign: try goldenStrike())
        plainLog.close()
        #expect(cold.state.domain == plain)
        try writeSnapshot(path)
        #expect(FileManager.default.fileExists(atPath: path + ".snapshot"))

        let warm = try start(path)
        #expect(warm.snapshot == .used(coveredSeq: 6_000))
        #expect(warm.folded == 0)
        #expect(warm.state.domain == cold.state.domain)
        #expect(warm.state.visibleAlertCount == cold.state.visibleAlertCount)
        #expect(warm.state.selectedAlert == cold.state.selectedAlert)

        // Another desk appends: the tail is folded on top of the snapshot.
        try append(700, of: &feed, to: path)
        let tail = try start(path)
        #expect(tail.snapshot == .used(coveredSeq: 6_000))
        #expect(tail.folded == 700)
        unlink(path + ".snapshot")
        let full = try start(path)
        #expect(full.snapshot == .none)
        #expect(tail.state.domain == full.state.domain)
    }

    /// Commands that read the log (here `alert add`, deciding under the lock) use the
    /// snapshot too, and number the new alert after every alert in the log.
    @Test func commandsLoadFromTheSnapshot() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/cli.log"
        var feed = SyntheticFeed(campaign: try goldenStrike(), seed: 12)
        try append(6_000, of: &feed, to: path)
        try writeSnapshot(path)
        try append(50, of: &feed, to: path)
        let load = try LogBridge.loadProjection(path: path, campaign: try goldenStrike(), mode: .readOnly)
        load.log.close()
        #expect(load.snapshot == .used(coveredSeq: 6_000))
        #expect(load.folded == 50)
        let next = alertID(number: load.projection.maxAlertNumber + 1)
        let add = try runDutyDesk([
            "alert", "add", "--log", path, "--source", "police", "--subject", "Ngà voi tại Nội Bài",
            "--received", "2021-09-03T07:55:00+07:00",
        ])
        #expect(add.status == 0, "\(add.err)")
        #expect(add.out.contains(next), "\(add.out)")
        let after = try LogBridge.loadProjection(path: path, campaign: try goldenStrike(), mode: .readOnly)
        after.log.close()
        #expect(after.projection.alerts[next]?.details.subject == "Ngà voi tại Nội Bài")
        unlink(path + ".snapshot")
        let (fullLog, full) = try LogBridge.load(path: path, campaign: try goldenStrike(), readOnly: true)
        fullLog.close()
        #expect(after.projection == full)
    }

    @Test func aSnapshotThatDoesNotMatchTheLogIsIgnored() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = dir + "/a.log"
        let b = dir + "/b.log"
        let short = dir + "/short.log"
        var feedA = SyntheticFeed(campaign: try goldenStrike(), seed: 1)
        var feedB = SyntheticFeed(campaign: try goldenStrike(), seed: 2)
        var feedS = SyntheticFeed(campaign: try goldenStrike(), seed: 1)
        try append(5_500, of: &feedA, to: a)
        try append(5_500, of: &feedB, to: b)
        try append(3_000, of: &feedS, to: short)
        try writeSnapshot(a)
        let snapshot = try Data(contentsOf: URL(fileURLWithPath: a + ".snapshot"))

        // Another log's snapshot (same length, other records), and a log shorter than it.
        // With a's snapshot key beside them: authenticated, but not their records.
        let key = try Data(contentsOf: URL(fileURLWithPath: LogSnapshotKey.path(forLog: a)))
        for other in [b, short] {
            try snapshot.write(to: URL(fileURLWithPath: other + ".snapshot"))
            try key.write(to: URL(fileURLWithPath: LogSnapshotKey.path(forLog: other)))
            chmod(LogSnapshotKey.path(forLog: other), 0o600)
            let s = try start(other)
            guard case .ignored(let reason) = s.snapshot else {
                Issue.record("used \(other)'s foreign snapshot")
                continue
            }
            #expect(reason.contains("not in the log as it was"))
            unlink(other + ".snapshot")
            #expect(s.state.domain == (try start(other)).state.domain)
        }

        // A damaged body, a cut-short file, garbage: refused with the reason, log folded.
        var bytes = [UInt8](snapshot)
        bytes[bytes.count / 2] ^= 0x20
        let damaged: [([UInt8], String)] = [
            (bytes, "SHA-256"), (Array(bytes.prefix(bytes.count - 10)), "cut short"),
            (Array(bytes.prefix(bytes.count / 2)), "cut short"), (Array("hello\n".utf8), "not a dutydesk snapshot"),
        ]
        let reference = try start(b).state.domain
        for (content, expected) in damaged {
            try Data(content).write(to: URL(fileURLWithPath: b + ".snapshot"))
            let s = try start(b)
            guard case .ignored(let reason) = s.snapshot else {
                Issue.record("used a damaged snapshot")
                continue
            }
            #expect(reason.contains(expected), "\(reason)")
            #expect(s.state.domain == reference)
        }
    }

    /// The run loop rewrites the snapshot in the background once the log has grown
    /// `snapshotRefreshRecords` past it, covering exactly what the dashboard shows.
    @Test func theRunLoopRefreshesTheSnapshotAsTheLogGrows() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/live.log"
        var feed = SyntheticFeed(campaign: try goldenStrike(), seed: 9)
        try append(LogBridge.snapshotMinimumRecords + 100, of: &feed, to: path)
        let start = try LogBridge.startDashboard(path: path, config: try config(), now: now, width: 120, height: 40)
        let follower = try LogFollower(path: path, from: start.log.checkpoint, keepRaw: false)
        let clock = CampaignClock(start: now, offsetSeconds: 25_200)
        let runner = DashboardRunner(
            terminal: FakeTerminal(width: 120, height: 40), log: start.log, follower: follower,
            clock: clock, actor: LogActor(officer: "desk1", process: "t/1", host: "h"), state: start.state)
        let keeper = SnapshotKeeper(logPath: path, coveredSeq: 0)
        runner.snapshots = keeper
        runner.refreshSnapshot()
        keeper.wait()
        #expect(keeper.coveredSeq == LogBridge.snapshotMinimumRecords + 100)
        // Less than the refresh step behind: nothing is written.
        try append(LogBridge.snapshotRefreshRecords - 1, of: &feed, to: path)
        runner.pollLog()
        runner.refreshSnapshot()
        keeper.wait()
        #expect(keeper.coveredSeq == LogBridge.snapshotMinimumRecords + 100)
        try append(1, of: &feed, to: path)
        runner.pollLog()
        runner.refreshSnapshot()
        keeper.wait()
        let total = LogBridge.snapshotMinimumRecords + 100 + LogBridge.snapshotRefreshRecords
        #expect(keeper.coveredSeq == total)
        start.log.close()
        let warm = try self.start(path)
        #expect(warm.snapshot == .used(coveredSeq: total))
        #expect(warm.state.domain == runner.state.domain)
    }

    /// Something other than a regular file at the snapshot's path (a FIFO would block a
    /// reader forever, a directory cannot be read) is ignored, the log folded.
    @Test func aSnapshotPathThatIsNotARegularFileIsIgnored() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/odd.log"
        var feed = SyntheticFeed(campaign: try goldenStrike(), seed: 4)
        try append(300, of: &feed, to: path)
        let reference = try start(path).state.domain
        #expect(mkfifo(path + ".snapshot", 0o600) == 0)
        let s = try start(path)
        guard case .ignored(let reason) = s.snapshot else {
            Issue.record("a FIFO was read as a snapshot")
            return
        }
        #expect(reason.contains("not a regular file"))
        #expect(s.state.domain == reference)
        unlink(path + ".snapshot")
        #expect(mkdir(path + ".snapshot", 0o700) == 0)
        guard case .ignored = try start(path).snapshot else {
            Issue.record("a directory was read as a snapshot")
            return
        }
        rmdir(path + ".snapshot")
    }

    @Test func aCancelledKeeperWritesNothing() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/c.log"
        var feed = SyntheticFeed(campaign: try goldenStrike(), seed: 6)
        try append(LogBridge.snapshotMinimumRecords, of: &feed, to: path)
        let s = try LogBridge.startDashboard(path: path, config: try config(), now: now, width: 120, height: 40)
        defer { s.log.close() }
        let keeper = SnapshotKeeper(logPath: path, coveredSeq: 0)
        keeper.cancel()
        #expect(!keeper.refresh(s.state.domain, checkpoint: s.log.checkpoint, force: true))
        keeper.wait()
        #expect(!FileManager.default.fileExists(atPath: path + ".snapshot"))
        #expect(keeper.lastError == nil)
    }

    @Test func smallLogsKeepNoSnapshot() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/small.log"
        var feed = SyntheticFeed(campaign: try goldenStrike(), seed: 3)
        try append(LogBridge.snapshotMinimumRecords - 1, of: &feed, to: path)
        let s = try LogBridge.startDashboard(path: path, config: try config(), now: now, width: 120, height: 40)
        defer { s.log.close() }
        // A temporary file left by a writer that was killed mid-write (no such process) is
        // removed; one of a live process is not.
        let dead = path + ".snapshot.tmp.999999999"
        let live = path + ".snapshot.tmp.1"
        #expect(FileManager.default.createFile(atPath: dead, contents: Data("half".utf8)))
        #expect(FileManager.default.createFile(atPath: live, contents: Data("half".utf8)))
        let keeper = SnapshotKeeper(logPath: path, coveredSeq: 0)
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(!keeper.refresh(s.state.domain, checkpoint: s.log.checkpoint))
        #expect(keeper.refresh(s.state.domain, checkpoint: s.log.checkpoint, force: true))
        keeper.wait()
        #expect(FileManager.default.fileExists(atPath: path + ".snapshot"))
        // Nothing newer to write; and a projection that is not the log up to the checkpoint is refused.
        #expect(!keeper.refresh(s.state.domain, checkpoint: s.log.checkpoint, force: true))
        var behind = s.log.checkpoint
        behind.nextSeq -= 1
        #expect(!keeper.refresh(s.state.domain, checkpoint: behind, force: true))
    }
}
