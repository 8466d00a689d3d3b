import Dashboard
import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog
import Foundation
import Testing

@testable import DutyDeskCLI

#if canImport(Glibc)
    import Glibc
#endif

/// Whether a tmpfs can be mounted here (root or CAP_SYS_ADMIN), tried once.
private let canMountTmpfs: Bool = {
    let dir = tempDir()
    defer { rmdir(dir) }
    guard mount("tmpfs", dir, "tmpfs", 0, "size=65536") == 0 else { return false }
    _ = umount2(dir, Int32(MNT_DETACH))
    return true
}()

/// Issue 12, item 8: the dashboard's start-up on an unusable or read-only log path.
@Suite struct LogPathStartTests {
    let now = RFC3339Timestamp.parse("2021-09-03T08:00:00+07:00")!

    func config() throws -> DashboardConfig {
        DashboardConfig(
            campaign: try goldenStrike(), officer: "desk1", language: .en, bellPolicy: .standard, eventIDPrefix: "t1")
    }

    /// A FIFO, a symlink or a directory at the log path stops the dashboard's start-up at
    /// once with `LogError.unsafePath` (exit 66), never a blocking open.
    @Test func theDashboardRefusesAFIFOSymlinkOrDirectory() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fifo = dir + "/f.log"
        #expect(mkfifo(fifo, 0o600) == 0)
        let link = dir + "/l.log"
        #expect(symlink(dir + "/real.log", link) == 0)
        let directory = dir + "/d.log"
        #expect(mkdir(directory, 0o700) == 0)
        for path in [fifo, link, directory] {
            do {
                _ = try LogBridge.startDashboard(path: path, config: try config(), now: now, width: 120, height: 40)
                Issue.record("\(path) opened")
            } catch let e as LogError {
                guard case .unsafePath(let p, _) = e else {
                    Issue.record("\(path): \(e)")
                    continue
                }
                #expect(p == path && SysExit.code(for: e) == 66)
            }
        }
        #expect(access(dir + "/real.log", F_OK) != 0)
    }

    /// A log on a read-only file system opens in the dashboard read-only (the banner's
    /// reason names the failure) instead of refusing.
    @Test(.enabled(if: canMountTmpfs, "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)"))
    func aReadOnlyLogOpensReadOnlyInTheDashboard() throws {
        let dir = tempDir()
        defer { rmdir(dir) }
        try #require(mount("tmpfs", dir, "tmpfs", 0, "size=1048576,mode=0700") == 0)
        defer { _ = umount2(dir, Int32(MNT_DETACH)) }
        let path = dir + "/ro.log"
        let log = try EventLog.open(path: path)
        let actor = LogActor(officer: "feed", process: "test/1", host: "h")
        var feed = SyntheticFeed(campaign: try goldenStrike(), seed: 3)
        try log.append(
            feed.next(20).map { NewRecord(type: $0.type, id: $0.id, payload: $0.payload, ts: $0.at, actor: actor) })
        log.close()
        try #require(mount("tmpfs", dir, "tmpfs", UInt(MS_REMOUNT | MS_RDONLY), nil) == 0)
        let start = try LogBridge.startDashboard(path: path, config: try config(), now: now, width: 120, height: 40)
        defer { start.log.close() }
        #expect(start.log.mode == .readOnly && start.log.lastSeq == 20)
        let reason = try #require(start.readOnlyReason)
        #expect(reason.contains(path) && reason.contains("Read-only file system"))
        #expect(start.state.domain.lastSeq == 20)
    }
}
