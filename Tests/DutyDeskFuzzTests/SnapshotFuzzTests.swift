import DutyDeskConfig
import DutyDeskDomain
import DutyDeskFuzz
import Testing

extension Fuzzing {
    /// The projection snapshot reader (issue 12, item 5).
    @Suite struct SnapshotFuzz {
        @Test func snapshotIsRefusedOrGivesTheRealProjection() {
            fuzz(LogTargets.snapshot(config: .default), iterations: 100)
        }

        /// Found by the fuzzer: a UTC offset stored as the varint of Int64.min trapped in
        /// `abs` (Snapshot.swift, `SnapshotReader.ts`) instead of being refused.
        @Test func aUTCOffsetOfInt64MinIsRefused() throws {
            let file = try #require(corpus(for: "snapshot").first { $0.0 == "utc-offset-int64-min.input" })
            let body = Array(file.1.dropFirst())
            #expect(throws: SnapshotDecodingError.self) {
                try CampaignState(snapshotBody: body, campaign: CampaignLoader.embeddedGoldenStrike2021)
            }
        }
    }
}
