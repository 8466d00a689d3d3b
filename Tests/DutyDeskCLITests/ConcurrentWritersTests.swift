import Dispatch
import DutyDeskDomain
import Foundation
import Testing

@testable import DutyDeskCLI

/// Several processes adding alerts at the same moment (a second desk, CLI ingest):
/// every tip must get its own alert id and be visible in the projection.
@Suite struct ConcurrentWritersTests {
    @Test func eightProcessesAddingAlertsAtOnceGetDistinctIDs() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let log = dir + "/campaign.log"
        let results = ResultBox()
        // One thread per process (not concurrentPerform, which runs only as many as there
        // are cores), so all eight are deciding at the same moment.
        let group = DispatchGroup()
        for i in 0..<8 {
            group.enter()
            Thread.detachNewThread {
                let r = try? runDutyDesk([
                    "alert", "add", "--log", log, "--source", "police", "--priority", "high",
                    "--subject", "Tip \(i) from desk \(i)", "--received", "2021-09-01T08:0\(i):00+07:00",
                ])
                results.add(r?.status ?? -1, r?.out ?? "")
                group.leave()
            }
        }
        group.wait()
        #expect(
            results.statuses == Array(repeating: 0, count: 8),
            "exit codes: \(results.statuses), output: \(results.outputs)")
        let printed = Set(results.outputs.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
        #expect(printed.count == 8, "each process printed its own alert id: \(results.outputs)")
        let state = try loadState(log)
        #expect(state.alerts.count == 8)
        #expect(state.skippedCount == 0)
        #expect(Set(state.alerts.keys) == printed)
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var statuses: [Int32] = []
    private(set) var outputs: [String] = []
    func add(_ s: Int32, _ o: String) {
        lock.lock()
        statuses.append(s)
        outputs.append(o)
        lock.unlock()
    }
}
