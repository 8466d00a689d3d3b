import DutyDeskFuzz
import Testing

extension Fuzzing {
    /// The whole import (dry run) on CSV and JSON Lines (issue 12, item 5).
    @Suite struct ImportFuzz {
        @Test func importNeverTrapsAndAnswersWithASummaryOrADataError() {
            fuzz(ImportTargets.importFile(config: .default, lemisDirectory: lemisDirectory), iterations: 150)
        }

    }
}
