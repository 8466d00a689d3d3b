import Testing
@testable import DutyDeskCLI

@Suite struct CSVReaderTests {
    func parse(_ s: String) throws -> [CSVReader.Record] { try CSVReader.parse(Array(s.utf8)) }

    @Test func quotedFieldsWithCommasQuotesAndLineBreaks() throws {
        let r = try parse("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nlast,,\n")
        #expect(r.count == 3)
        #expect(r[1].fields == ["x, y", "say \"hi\"", "two\nlines"])
        #expect(r[1].line == 2)
        #expect(r[2].fields == ["last", "", ""])
        #expect(r[2].line == 4)
    }

    @Test func bomLfAndNoFinalNewline() throws {
        let r = try CSVReader.parse([0xEF, 0xBB, 0xBF] + Array("subject,source\nHồ Chí Minh,police".utf8))
        #expect(r.map(\.fields) == [["subject", "source"], ["Hồ Chí Minh", "police"]])
    }

    @Test func blankLinesAreSkippedButCountedForLineNumbers() throws {
        let r = try parse("h\n\n\nv\n")
        #expect(r.map(\.line) == [1, 4])
    }

    @Test func trailingCommaAtEndOfInputIsAnEmptyField() throws {
        #expect(try parse("a,").map(\.fields) == [["a", ""]])
    }

    @Test func errorsNameTheLine() {
        #expect(throws: CSVReader.SyntaxError(line: 2, reason: "quoted field is never closed")) {
            try parse("a\n\"open\nstill open")
        }
        #expect(throws: CSVReader.SyntaxError(line: 1, reason: "text after a closing quote")) { try parse("\"a\"b,c") }
        #expect(throws: CSVReader.SyntaxError.self) { try parse("ab\"c\n") }
        #expect(throws: CSVReader.SyntaxError(line: 2, reason: "invalid UTF-8 (save the file as UTF-8)")) {
            try CSVReader.parse(Array("a\n".utf8) + [0xC3, 0x28])
        }
    }
}
