import DutyDeskJSON
import Testing

/// The one hex rule (issue 16, item 3): what the JSON writer, the log and the event ids use.
@Suite struct HexTests {
    @Test func digitsValuesAndPadding() {
        #expect((0..<16).map { Hex.digit(UInt8($0)) } == Array("0123456789abcdef".utf8))
        for c in "0123456789abcdefABCDEF".utf8 {
            #expect(Hex.value(c).map(Hex.digit) == Array(String(UnicodeScalar(c)).lowercased().utf8).first)
        }
        #expect(Hex.value(UInt8(ascii: "g")) == nil)
        #expect(Hex.isLowerDigit(UInt8(ascii: "f")) && !Hex.isLowerDigit(UInt8(ascii: "F")))
        var out: [UInt8] = []
        Hex.append([0x00, 0x7F, 0xFF], to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "007fff")
        #expect(Hex.padded(UInt64(0xbeef), width: 16) == "000000000000beef")
        #expect(Hex.padded(UInt64.max, width: 16) == "ffffffffffffffff")
    }

    @Test func jsonEscapesAndParsesWithIt() throws {
        var out: [UInt8] = []
        JSON.writeString("\u{1}\u{1F}", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == #""\u0001\u001f""#)
        #expect(try JSON.parse(#""\u00E9\u00e9""#).stringValue == "éé")
    }
}
