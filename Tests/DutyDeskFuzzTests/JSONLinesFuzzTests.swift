import DutyDeskFuzz
import Testing

extension Fuzzing {
    /// JSON Lines as the import reads them (issue 12, item 5).
    @Suite struct JSONLinesFuzz {
        @Test func jsonLinesHoldTheirProperties() {
            fuzz(ImportTargets.jsonl(config: .default, lemisDirectory: lemisDirectory), iterations: 100)
        }
    }
}
