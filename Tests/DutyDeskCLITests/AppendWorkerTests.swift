import Dashboard
import Dispatch
import DutyDeskDomain
import DutyDeskLog
import Foundation
import TerminalKit
import Testing

@testable import DutyDeskCLI

/// The durable append runs off the input loop (issue 16, item 5): a slow disk never
/// freezes keys or countdowns. The slow disk is a gate the test holds shut in the log's
/// sync hook, so nothing here depends on timing.
extension RunnerTests {
    /// A gate in `fdatasync`: each append waits until the test opens it once (or 20 s,
    /// so a runner that appends on the loop's thread fails instead of hanging).
    final class SyncGate: @unchecked Sendable {
        let semaphore = DispatchSemaphore(value: 0)
        let lock = NSLock()
        var timedOut = false
        var entered = 0
        func hook() {
            lock.withLock { entered += 1 }
            if semaphore.wait(timeout: .now() + 20) == .timedOut { lock.withLock { timedOut = true } }
        }
        func open(_ n: Int = 1) { for _ in 0..<n { semaphore.signal() } }
    }

    func addAlerts(_ path: String, _ n: Int) throws {
        for i in 1...n {
            let add = try runDutyDesk([
                "alert", "add", "--log", path, "--source", "police", "--subject", "Ivory \(i)",
                "--received", "2021-09-01T07:5\(i):00+07:00", "--now", "2021-09-01T07:59:00+07:00",
            ])
            #expect(add.status == 0, "\(add.err)")
        }
    }

    @Test func keysAndTicksAreHandledWhileAnAppendIsPendingAndTwoActionsKeepTheirOrder() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/campaign.log"
        try addAlerts(path, 2)
        let (runner, log) = try makeRunner(log: path)
        let gate = SyncGate()
        log._beforeSync = { gate.hook() }
        let first = try #require(runner.state.selectedAlert)
        runner.send(.key(.char("a")))
        // The loop's thread is free: a key moves the selection, a tick moves the clock.
        #expect(runner.state.pendingCount == 1)
        runner.send(.key(.down))
        let second = try #require(runner.state.selectedAlert)
        #expect(second != first)
        let later = try #require(RFC3339Timestamp.parse("2021-09-01T08:00:07+07:00"))
        runner.send(.tick(later))
        #expect(runner.state.now == later)
        runner.send(.key(.char("a")))
        #expect(runner.state.pendingCount == 2)
        // The bytes may be written already, but the sync has not returned: not done on screen.
        #expect(runner.state.domain.alerts[first]?.lifecycle.owner == nil, "shown as done before it was durable")
        gate.open(2)
        runner.settle()
        #expect(!gate.timedOut, "the append ran on the loop's thread")
        #expect(gate.entered == 2)
        #expect(runner.state.pendingCount == 0)
        let acks = readText(path).split(separator: "\n").filter { $0.contains("\"type\":\"alert.acknowledged\"") }
        #expect(acks.count == 2)
        #expect(acks.first?.contains("\"\(first)\"") == true, "the first action is stored first")
        #expect(acks.last?.contains("\"\(second)\"") == true)
        #expect(runner.state.domain.alerts[first]?.lifecycle.owner == "desk1")
        #expect(runner.state.domain.alerts[second]?.lifecycle.owner == "desk1")
        #expect(runner.state.bannerTexts.isEmpty, "banners: \(runner.state.bannerTexts)")
    }

    /// A second action on the same alert, decided while the first was not yet saved, did
    /// not see the first: it is refused as stale (our own pending record counts), not written.
    @Test func aSecondActionDecidedBeforeTheFirstWasSavedIsStale() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/campaign.log"
        try addAlerts(path, 1)
        let (runner, log) = try makeRunner(log: path)
        let gate = SyncGate()
        log._beforeSync = { gate.hook() }
        runner.send(.key(.char("a")))
        runner.send(.key(.char("a")))
        #expect(runner.state.pendingCount == 2)
        gate.open(2)
        runner.settle()
        let acks = readText(path).split(separator: "\n").filter { $0.contains("\"type\":\"alert.acknowledged\"") }
        #expect(acks.count == 1)
        #expect(
            runner.state.bannerTexts.contains { $0.contains("A-0001") && $0.contains("previous action") },
            "banners: \(runner.state.bannerTexts)")
        #expect(runner.state.pendingCount == 0)
    }

    /// The whole loop, headless, through `TerminalBackend` only: keys in, frames out; the
    /// pending action is on a frame while the disk is slow; `q` waits for it and exits 0.
    @Test func theRunLoopDrivenHeadlessByAFakeTerminal() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/campaign.log"
        try addAlerts(path, 2)
        let terminal = FakeTerminal(width: 120, height: 40, keys: [.char("a")])
        let (runner, log) = try makeRunner(log: path, terminal: terminal)
        let gate = SyncGate()
        log._beforeSync = { gate.hook() }
        let first = try #require(runner.state.selectedAlert)
        var step = 0
        var pendingFrame = false
        var selectionMoved = false
        terminal.onIdle = { t in
            step += 1
            switch step {
            case 1: t.queuedKeys = [.down]  // while the append waits in fdatasync
            case 2:
                selectionMoved = runner.state.selectedAlert != first
                pendingFrame = runner.state.pendingCount == 1
                gate.open()
            default:
                if runner.state.pendingCount == 0 { t.queuedKeys = [.char("q")] }
            }
        }
        let status = runner.run()
        #expect(status == 0)
        #expect(!gate.timedOut)
        #expect(selectionMoved, "the key after the action was handled while it was pending")
        #expect(pendingFrame)
        let frames = terminal.presented.map { g in (0..<g.height).map { g.rowText($0) }.joined(separator: "\n") }
        #expect(frames.contains { $0.contains("pending…") }, "no frame showed the action as pending")
        #expect(terminal.isShutDown)
        #expect(readText(path).contains("\"type\":\"alert.acknowledged\""))
        #expect(runner.state.domain.alerts[first]?.lifecycle.owner == "desk1")
    }

    /// A quit signal seen through the backend ends the loop with 128 + its number.
    @Test func aQuitSignalFromTheBackendEndsTheLoop() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/campaign.log"
        try addAlerts(path, 1)
        let terminal = FakeTerminal(width: 120, height: 40, keys: [.down])
        let (runner, _) = try makeRunner(log: path, terminal: terminal)
        terminal.onIdle = { t in t.pendingQuitSignal = SIGTERM }
        #expect(runner.run() == 128 + SIGTERM)
        #expect(terminal.isShutDown)
        #expect(!terminal.presented.isEmpty)
    }

    /// A terminal that hung up (its window closed) makes poll(2) return at once forever: the
    /// loop must end as after SIGHUP (129), not spin. The pipe's closed write end plays it.
    @Test func aTerminalThatHungUpEndsTheLoopAsSIGHUP() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/campaign.log"
        try addAlerts(path, 1)
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        close(ends[1])
        let terminal = FakeTerminal(width: 120, height: 40)
        terminal.inputDescriptor = ends[0]
        let (runner, _) = try makeRunner(log: path, terminal: terminal)
        // Without the check the loop would never end; a bound on idle turns fails it instead.
        terminal.onIdle = { t in if t.emptyReads > 1000 { t.pendingQuitSignal = SIGKILL } }
        #expect(runner.run() == 128 + SIGHUP)
        #expect(terminal.isShutDown)
        #expect(terminal.emptyReads < 10)
    }
}
