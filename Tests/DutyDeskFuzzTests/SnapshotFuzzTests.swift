import DutyDeskFuzz
import Testing

extension Fuzzing {
    /// The projection snapshot reader (issue 12, item 5).
    @Suite struct SnapshotFuzz {
        @Test func snapshotIsRefusedOrGivesTheRealProjection() {
            fuzz(LogTargets.snapshot(config: .default), iterations: 100)
        }

    }
}
