import Testing

@testable import DutyDeskJSON

@Suite struct JSONTests {
    @Test func roundTripKeepsOrderAndNumbers() throws {
        let text = #"{"z":1,"a":[true,false,null],"n":72.50,"s":"Hồ Chí Minh \"q\" \n","big":123456789012345678901234}"#
        let v = try JSON.parse(text)
        #expect(v.compactString == text)
        #expect(v["n"] == .number("72.50"))
        #expect(v["s"]?.stringValue == "Hồ Chí Minh \"q\" \n")
    }

    @Test func escapesAndSurrogates() throws {
        let v = try JSON.parse(#""\u0041\ud83d\ude00\u00e9\/""#)
        #expect(v.stringValue == "A😀é/")
        #expect(throws: JSONParseError.self) { try JSON.parse(#""\ud83d""#) }
        #expect(throws: JSONParseError.self) { try JSON.parse(#"{"a":1} x"#) }
        #expect(throws: JSONParseError.self) { try JSON.parse(#"{"a":01}"#) }
        #expect(throws: JSONParseError.self) { try JSON.parse([0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test func controlCharactersAreEscapedOnWrite() {
        let v = JSON.string("a\u{1B}[31m\u{7F}")
        #expect(v.compactString == "\"a\\u001b[31m\u{7F}\"")
    }

    @Test func everyByteIsWrittenAsRFC8259Requires() throws {
        // Each C0 control, quote and backslash escaped, at the start, middle and end of runs.
        var text = ""
        for c in 0..<0x80 {
            text.unicodeScalars.append(Unicode.Scalar(UInt8(c)))
            text += "ắ"
        }
        var expected: [UInt8] = [0x22]
        let short: [UInt8: String] = [
            0x22: "\\\"", 0x5C: "\\\\", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x08: "\\b", 0x0C: "\\f",
        ]
        for c in UInt8(0)..<0x80 {
            if let e = short[c] {
                expected += Array(e.utf8)
            } else if c < 0x20 {
                expected +=
                    Array("\\u00".utf8)
                    + Array(
                        String(c, radix: 16).count == 1 ? "0\(String(c, radix: 16))".utf8 : String(c, radix: 16).utf8)
            } else {
                expected.append(c)
            }
            expected += Array("ắ".utf8)
        }
        expected.append(0x22)
        #expect(JSON.string(text).compactBytes == expected)
        #expect(JSON.string("").compactString == "\"\"" && JSON.string("\"").compactString == #""\"""#)
        #expect(try JSON.parse(JSON.string(text).compactBytes).stringValue == text)
    }
}

@Suite struct RFC3339Tests {
    @Test func parsesOffsetsAndFormatsBack() throws {
        let t = try #require(RFC3339Timestamp.parse("2021-09-01T07:45:00+07:00"))
        #expect(t == RFC3339Timestamp.parse("2021-09-01T00:45:00Z"))
        #expect(t.offsetSeconds == 25200)
        #expect(t.description == "2021-09-01T07:45:00+07:00")
        #expect(t.epochNanoseconds == 1_630_457_100 * 1_000_000_000)
        let f = try #require(RFC3339Timestamp.parse("2021-09-01T00:45:00.25Z"))
        #expect(f.description == "2021-09-01T00:45:00.250Z")
    }

    @Test func rejectsImpossibleDatesAndMissingOffsets() {
        #expect(RFC3339Timestamp.parse("2021-09-31T00:00:00+07:00") == nil)
        #expect(RFC3339Timestamp.parse("2021-02-29T00:00:00Z") == nil)
        #expect(RFC3339Timestamp.parse("2020-02-29T00:00:00Z") != nil)
        #expect(RFC3339Timestamp.parse("2021-09-01T00:00:00") == nil)
        #expect(RFC3339Timestamp.parse("2021-09-01T24:00:00Z") == nil)
        #expect(RFC3339Timestamp.parse("2021-09-01T00:00:00+07:00x") == nil)
    }
}
