import DutyDeskFuzz
import Testing

extension Fuzzing {
    /// The CSV reader on LEMIS rows mutated, random tables and random bytes (issue 12, item 5).
    @Suite struct CSVReaderFuzz {
        @Test func csvReaderHoldsItsProperties() {
            fuzz(ImportTargets.csv(config: .default, lemisDirectory: lemisDirectory), iterations: 250)
        }
    }
}
