import DutyDeskFuzz
import Testing

extension Fuzzing {
    /// `VietnameseDate.parse` (dd/MM/yyyy [HH:mm[:ss]]) (issue 12, item 5).
    @Suite struct VietnameseDateFuzz {
        @Test func vietnameseDatesAgreeWithTheirFields() {
            fuzz(TimeTargets.vietnameseDate(config: .default), iterations: 3000)
        }

    }
}
