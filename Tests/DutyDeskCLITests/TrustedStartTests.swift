import Dashboard
import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog
import Foundation
import TerminalKit
import Testing

@testable import DutyDeskCLI

/// The warm start that takes an authenticated snapshot's checkpoint on trust (issue 15,
/// item 1; decision 0018): only the record at the checkpoint is read, the tail is
/// verified before it is shown, the rest in the background; a bad record found there
/// turns the dashboard read-only, naming its seq.
@Suite struct TrustedStartTests {
    let now = RFC3339Timestamp.parse("2021-09-03T08:00:00+07:00")!

    func config(_ language: Language = .en) throws -> DashboardConfig {
        DashboardConfig(
            campaign: try goldenStrike(), officer: "desk1", language: language, bellPolicy: .standard,
            eventIDPrefix: "t1")
    }

    func append(_ count: Int, of feed: inout SyntheticFeed, to path: String) throws {
        let log = try EventLog.open(path: path, mode: .readWrite)
        defer { log.close() }
        let actor = LogActor(officer: "feed", process: "test/1", host: "h")
        // Batches of 500, as several appends would leave them.
        var left = count
        while left > 0 {
            let n = min(500, left)
            try log.append(
                feed.next(n).map { NewRecord(type: $0.type, id: $0.id, payload: $0.payload, ts: $0.at, actor: actor) })
            left -= n
        }
    }

    func start(_ path: String, trust: Bool = true, language: Language = .en) throws -> DashboardStart {
        try LogBridge.startDashboard(
            path: path, config: try config(language), now: now, width: 120, height: 40, trustSnapshot: trust)
    }

    /// A log of `count` feed records with the dashboard's snapshot of it beside it.
    func logWithSnapshot(_ path: String, count: Int, feed: inout SyntheticFeed) throws {
        try append(count, of: &feed, to: path)
        let s = try start(path, trust: false)
        defer { s.log.close() }
        let keeper = SnapshotKeeper(logPath: path, coveredSeq: 0)
        #expect(keeper.refresh(s.state.domain, checkpoint: s.log.checkpoint))
        keeper.wait()
        #expect(keeper.lastError == nil)
    }

    /// The byte range of the line of record `seq` (1-based) in `bytes`.
    func line(_ seq: Int, in bytes: [UInt8]) -> Range<Int> {
        var start = 0
        for _ in 1..<seq { start = bytes[start...].firstIndex(of: 0x0A)! + 1 }
        return start..<(bytes[start...].firstIndex(of: 0x0A)! + 1)
    }

    /// `bytes` with one letter of record `seq`'s id changed (its hash no longer matches).
    func changingID(of seq: Int, in bytes: [UInt8]) throws -> [UInt8] {
        var out = bytes
        let r = line(seq, in: out)
        let at = try #require(out[r].firstRange(of: Array("\"id\":\"".utf8))).upperBound
        out[at] = out[at] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
        return out
    }

    /// The id of record `seq` as stored.
    func storedID(_ seq: Int, in bytes: [UInt8]) throws -> String {
        let r = line(seq, in: bytes)
        let json = try JSON.parse(Array(bytes[r].dropLast()))
        return try #require(json["id"]?.stringValue)
    }

    @Test func aWarmStartReadsTheTailAndLeavesTheRestForLater() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/w.log"
        var feed = SyntheticFeed(campaign: try goldenStrike(), seed: 21)
        try logWithSnapshot(path, count: 6_000, feed: &feed)
        // The snapshot's key was made beside the log by the first write, mode 0600.
        var st = stat()
        #expect(stat(LogSnapshotKey.path(forLog: path), &st) == 0 && st.st_mode & 0o777 == 0o600)
        try append(50, of: &feed, to: path)
        let early = try storedID(10, in: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))

        let warm = try start(path)
        defer { warm.log.close() }
        #expect(warm.snapshot == .used(coveredSeq: 6_000))
        #expect(warm.folded == 50)
        #expect(warm.log.unverifiedPrefix?.nextSeq == 6_001)
        #expect(warm.log.lastSeq == 6_050)
        // Ids of the trusted part are not indexed until it is verified.
        #expect(warm.log.seq(forID: early) == nil)
        let trusted = try #require(warm.log.unverifiedPrefix)
        var steps: [Int64] = []
        let issue = try warm.log.verifyUnverifiedPrefix { done, total in
            steps.append(done)
            #expect(done <= total)
        }
        #expect(issue == nil)
        #expect(steps.count > 10 && steps.last == trusted.offset)
        #expect(steps == steps.sorted())
        #expect(warm.log.unverifiedPrefix == nil && warm.log.prefixIssue == nil)
        #expect(warm.log.seq(forID: early) == 10)

        let cold = try start(path, trust: false)
        defer { cold.log.close() }
        #expect(cold.log.unverifiedPrefix == nil)
        #expect(warm.state.domain == cold.state.domain)
        #expect(warm.log.checkpoint == cold.log.checkpoint)
    }

    /// A record changed before the checkpoint: the first frame comes from the snapshot,
    /// then the background verification finds it, the header and a banner say read-only
    /// with its seq, and appends are refused.
    @Test func aBadRecordBeforeTheCheckpointTurnsTheDashboardReadOnly() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/bad.log"
        var feed = SyntheticFeed(campaign: try goldenStrike(), seed: 22)
        try logWithSnapshot(path, count: 5_500, feed: &feed)
        let bytes = try changingID(of: 1_234, in: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let warm = try start(path, language: .vi)
        #expect(warm.snapshot == .used(coveredSeq: 5_500))
        #expect(warm.log.state == .ok)
        let runner = DashboardRunner(
            terminal: FakeTerminal(width: 120, height: 40), log: warm.log,
            follower: LogFollower(sharing: warm.log, keepRaw: false),
            clock: CampaignClock(start: now, offsetSeconds: 25_200),
            actor: LogActor(officer: "desk1", process: "t/1", host: "h"), state: warm.state)
        let keeper = SnapshotKeeper(logPath: path, coveredSeq: 5_500)
        runner.snapshots = keeper
        let verifier = try #require(PrefixVerifier(log: warm.log, language: .vi))
        runner.verifier = verifier
        let deadline = Date().addingTimeInterval(60)
        while verifier.status.percent != nil, Date() < deadline { usleep(10_000) }
        #expect(verifier.status == .failed(try #require(warm.log.prefixIssue)))
        runner.pollVerifier()
        guard case .readOnly(let reason) = runner.state.logStatus else {
            Issue.record("still writable after a bad record: \(runner.state.logStatus)")
            return
        }
        #expect(reason.contains("bản ghi số 1234"), "\(reason)")
        #expect(runner.state.verifyingPercent == nil)
        var grid = Grid(width: 120, height: 40)
        _ = render(runner.state, into: &grid)
        let screen = grid.snapshot()
        #expect(grid.rowText(0).contains("nhật ký CHỈ ĐỌC"), "\(grid.rowText(0))")
        #expect(screen.contains("bản ghi số 1234"), "\(screen)")
        // No snapshot is written from it, and the log refuses appends.
        runner.refreshSnapshot()
        keeper.wait()
        #expect(keeper.coveredSeq == 5_500)
        let actor = LogActor(officer: "desk1", process: "t/1", host: "h")
        #expect(throws: LogError.self) {
            try warm.log.append(NewRecord(type: "x.y", id: "new-1", payload: .object([]), actor: actor))
        }
        warm.log.close()
        // A cold start finds it at once, as before.
        let cold = try start(path, trust: false)
        defer { cold.log.close() }
        guard case .readOnly(let issue) = cold.log.state else {
            Issue.record("a cold start did not find the bad record")
            return
        }
        #expect(issue.seq == 1_234)
    }

    /// While the verification runs the header says how far it is; the snapshot is not
    /// refreshed from a projection still being verified.
    @Test func theHeaderShowsTheVerificationsProgress() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/p.log"
        var feed = SyntheticFeed(campaign: try goldenStrike(), seed: 23)
        try append(10, of: &feed, to: path)
        for language in [Language.en, .vi] {
            var state = try start(path, trust: false, language: language).state
            _ = update(&state, .verifying(percent: 37))
            var grid = Grid(width: 120, height: 40)
            _ = render(state, into: &grid)
            let header = grid.rowText(0)
            #expect(header.contains(language == .vi ? "nhật ký đang kiểm tra 37 %" : "log verifying 37 %"), "\(header)")
            _ = update(&state, .verifying(percent: nil))
            _ = render(state, into: &grid)
            #expect(grid.rowText(0).contains(language == .vi ? "nhật ký ổn" : "log ok"), "\(grid.rowText(0))")
        }
    }

    /// A snapshot is taken on trust only when this log's key made it: none beside the log,
    /// another key, or a key file others may read — each is ignored with its reason, and
    /// the whole log is read.
    @Test func onlyASnapshotMadeWithTheLogsKeyIsUsed() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/k.log"
        var feed = SyntheticFeed(campaign: try goldenStrike(), seed: 24)
        try logWithSnapshot(path, count: 5_200, feed: &feed)
        let keyPath = LogSnapshotKey.path(forLog: path)
        let key = try Data(contentsOf: URL(fileURLWithPath: keyPath))
        let reference = try start(path, trust: false)
        reference.log.close()
        let other = "\(LogSnapshotKey.fileTag) \(Data(repeating: 9, count: 32).base64EncodedString())\n"
        let cases: [(String, () throws -> Void)] = [
            ("no snapshot key", { unlink(keyPath) }),
            (
                "not made with this log's snapshot key",
                { try Data(other.utf8).write(to: URL(fileURLWithPath: keyPath)) }
            ),
            ("other users could read", { chmod(keyPath, 0o644) }),
        ]
        for (expected, damage) in cases {
            unlink(keyPath)
            try key.write(to: URL(fileURLWithPath: keyPath))
            chmod(keyPath, 0o600)
            try damage()
            let s = try start(path)
            defer { s.log.close() }
            guard case .ignored(let reason) = s.snapshot else {
                Issue.record("\(expected): the snapshot was used")
                continue
            }
            #expect(reason.contains(expected), "\(reason)")
            #expect(s.log.unverifiedPrefix == nil)
            #expect(s.state.domain == reference.state.domain)
        }
    }

    /// After the checkpoint everything is as at a full open: a bad record in the tail is
    /// found before the first frame, a torn last line is quarantined and recovered.
    @Test func theTailIsVerifiedBeforeTheFirstFrame() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/t.log"
        var feed = SyntheticFeed(campaign: try goldenStrike(), seed: 25)
        try logWithSnapshot(path, count: 5_100, feed: &feed)
        try append(20, of: &feed, to: path)
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))

        let bad = try changingID(of: 5_110, in: good)
        try Data(bad).write(to: URL(fileURLWithPath: path))
        let s1 = try start(path)
        guard case .readOnly(let issue) = s1.log.state else {
            Issue.record("a bad record after the checkpoint was not found at start: \(s1.log.state)")
            s1.log.close()
            return
        }
        #expect(issue.seq == 5_110)
        s1.log.close()

        try Data(good + Array("{\"v\":1,\"seq\":51".utf8)).write(to: URL(fileURLWithPath: path))
        let s2 = try start(path)
        defer { s2.log.close() }
        guard case .recovered = s2.log.state else {
            Issue.record("a torn tail was not recovered: \(s2.log.state)")
            return
        }
        #expect(s2.snapshot == .used(coveredSeq: 5_100))
        #expect(s2.log.lastSeq == 5_121)
        #expect(try s2.log.verifyUnverifiedPrefix { _, _ in } == nil)
    }

    /// A bad record at a start (here a cold one) and the follower meeting it afterwards:
    /// the banner stays in the officer's language, naming the record.
    @Test func theReadOnlyBannerStaysInTheOfficersLanguage() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/v.log"
        var feed = SyntheticFeed(campaign: try goldenStrike(), seed: 27)
        try append(1_200, of: &feed, to: path)
        let bad = try changingID(of: 1_100, in: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        try Data(bad).write(to: URL(fileURLWithPath: path))
        let s = try start(path, trust: false, language: .vi)
        var state = s.state
        _ = update(&state, .logStatus(LogBridge.startStatus(s.log.state, timeProblem: nil, language: .vi)))
        let runner = DashboardRunner(
            terminal: FakeTerminal(width: 120, height: 40), log: s.log,
            follower: LogFollower(sharing: s.log, keepRaw: false),
            clock: CampaignClock(start: now, offsetSeconds: 25_200),
            actor: LogActor(officer: "desk1", process: "t/1", host: "h"), state: state)
        runner.pollLog()
        s.log.close()
        let banners = runner.state.bannerTexts.joined(separator: "\n")
        #expect(banners.contains("bản ghi số 1100"), "\(banners)")
        #expect(!banners.contains("hash mismatch"), "\(banners)")
    }

    /// The record at the checkpoint must be in the log as recorded: a log cut before it,
    /// or one whose record there differs, is read in full and the snapshot ignored.
    @Test func theRecordAtTheCheckpointMustBeAsRecorded() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/c.log"
        var feed = SyntheticFeed(campaign: try goldenStrike(), seed: 26)
        try logWithSnapshot(path, count: 5_300, feed: &feed)
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let changed = try changingID(of: 5_300, in: good)
        let cut = Array(good[..<line(5_001, in: good).lowerBound])
        for bytes in [changed, cut] {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let s = try start(path)
            defer { s.log.close() }
            guard case .ignored(let reason) = s.snapshot else {
                Issue.record("a snapshot was used on a log whose checkpoint record is not as recorded")
                continue
            }
            #expect(reason.contains("not in the log as it was"), "\(reason)")
            #expect(s.log.unverifiedPrefix == nil)
            // What the full read gives without any snapshot.
            let snap = LogSnapshotFile.path(forLog: path)
            #expect(rename(snap, snap + ".away") == 0)
            let cold = try start(path, trust: false)
            cold.log.close()
            #expect(rename(snap + ".away", snap) == 0)
            #expect(s.state.domain == cold.state.domain)
            #expect(s.log.state == cold.log.state)
        }
    }
}
