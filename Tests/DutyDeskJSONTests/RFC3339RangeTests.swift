import Testing

@testable import DutyDeskJSON

/// Issue 12, item 4: the RFC 3339 parser is total — any text gives a value or nil, never a trap.
@Suite struct RFC3339RangeTests {
    @Test func instantsOutsideTheRepresentableRangeAreRefusedNotTrapped() {
        for text in [
            "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "1677-09-21T00:12:43Z", "1000-06-15T12:00:00+07:00",
            "2262-04-11T23:47:17Z", "2262-04-12T00:00:00Z", "9999-12-31T23:59:59Z", "9999-12-31T23:59:60-23:59",
        ] {
            #expect(RFC3339Timestamp.parse(text) == nil, "\(text)")
            #expect(RFC3339Timestamp.read(text) == .failure(.outOfRange), "\(text)")
        }
    }

    @Test func theEdgesOfTheRangeAreRead() throws {
        let early = try #require(RFC3339Timestamp.parse("1677-09-21T00:12:44Z"))
        #expect(early.epochNanoseconds < -9_223_372_035_000_000_000)
        let late = try #require(RFC3339Timestamp.parse("2262-04-11T23:47:16.854775807Z"))
        #expect(late.epochNanoseconds == .max)
        #expect(RFC3339Timestamp.parse("2262-04-11T23:47:16.854775808Z") == nil)
        #expect(RFC3339Timestamp.parse("2262-04-12T06:47:16+07:00") != nil)
    }

    @Test func longFractionsAndExtremeOffsetsNeverTrap() {
        let digits = String(repeating: "9", count: 100_000)
        #expect(RFC3339Timestamp.parse("2021-09-01T00:00:00.\(digits)Z")?.epochNanoseconds == 1_630_454_400_999_999_999)
        #expect(RFC3339Timestamp.parse("2262-04-11T23:47:16.\(digits)Z") == nil)
        #expect(RFC3339Timestamp.parse("2021-09-01T00:00:00+23:59")?.offsetSeconds == 86_340)
        #expect(RFC3339Timestamp.parse("2021-09-01T00:00:00+24:00") == nil)
        #expect(RFC3339Timestamp.read("2021-09-31T00:00:00Z") == .failure(.notRFC3339))
        #expect(RFC3339Timestamp.read("99999-01-01T00:00:00Z") == .failure(.notRFC3339))
    }

    @Test func fromLocalIsChecked() {
        #expect(RFC3339Timestamp.fromLocal(days: .max, secondOfDay: 0, nanos: 0, offsetSeconds: 0) == nil)
        #expect(RFC3339Timestamp.fromLocal(days: -200_000, secondOfDay: 0, nanos: 0, offsetSeconds: 0) == nil)
        #expect(
            RFC3339Timestamp.fromLocal(days: 1, secondOfDay: 0, nanos: 5, offsetSeconds: 0)?.epochNanoseconds
                == 86_400_000_000_005)
    }
}
