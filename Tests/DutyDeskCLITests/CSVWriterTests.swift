import Testing

@testable import DutyDeskCLI

@Suite struct CSVWriterTests {
    @Test func bomCrlfQuotingAndFormulaDefusing() throws {
        var w = CSVWriter()
        w.row(["Đơn vị", "ghi chú"])
        w.row(["Cục Hải quan TP. Hồ Chí Minh", "a, \"b\"\nc"])
        w.row(["=HYPERLINK(\"x\")", "-5 kg"])
        w.row(["ngà voi", CSVWriter.Number("-72.5"), 3] as [Any])
        let s = String(decoding: w.bytes.dropFirst(3), as: UTF8.self)
        #expect(Array(w.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(
            s
                == "Đơn vị,ghi chú\r\nCục Hải quan TP. Hồ Chí Minh,\"a, \"\"b\"\"\nc\"\r\n\"'=HYPERLINK(\"\"x\"\")\",'-5 kg\r\nngà voi,-72.5,3\r\n"
        )
        // What we write, our reader reads back.
        let back = try CSVReader.parse(w.bytes)
        #expect(back[1].fields == ["Cục Hải quan TP. Hồ Chí Minh", "a, \"b\"\nc"])
    }
}
