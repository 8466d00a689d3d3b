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
        /// `abs` (Snapshot.swift, `SnapshotReader.ts`) instead of being refused. The body is
        /// built here with the current format version (the corpus file holds version 1).
        @Test func aUTCOffsetOfInt64MinIsRefused() throws {
            let campaign = CampaignLoader.embeddedGoldenStrike2021
            var body: [UInt8] = []
            var v = CampaignState.snapshotFormatVersion
            while v >= 0x80 {
                body.append(UInt8(v & 0x7F) | 0x80)
                v >>= 7
            }
            body.append(UInt8(v))
            body += [UInt8(campaign.id.utf8.count)] + Array(campaign.id.utf8)
            body += [0, 0, 0, 0, 0, 0, 0]  // seq, counters, no skip reason, alert and verification numbers
            body += [1, 1]  // one alert, in the first priority bucket
            body += [1, UInt8(ascii: "A")]  // its id
            body += [0] + [UInt8](repeating: 0xFF, count: 9) + [0x01]  // received: 0 ns at offset Int64.min
            body += [UInt8](repeating: 0, count: 8)
            #expect(throws: SnapshotDecodingError.self) {
                try CampaignState(snapshotBody: body, campaign: campaign)
            }
            let file = try #require(corpus(for: "snapshot").first { $0.0 == "utc-offset-int64-min.input" })
            if CampaignState.snapshotFormatVersion == 1 { #expect(Array(file.1.dropFirst()) == body) }
        }
    }
}
