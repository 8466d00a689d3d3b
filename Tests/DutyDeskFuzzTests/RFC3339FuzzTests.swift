import DutyDeskFuzz
import Testing

extension Fuzzing {
    /// `RFC3339Timestamp.parse` against an independent reading (issue 12, item 5).
    @Suite struct RFC3339Fuzz {
        @Test func rfc3339AgreesWithAnIndependentReading() {
            fuzz(TimeTargets.rfc3339(config: .default), iterations: 3000)
        }

    }
}
