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
        #expect(throws: CSVReader.SyntaxError(line: 2, field: 1, .unclosedQuote)) {
            try parse("a\n\"open\nstill open")
        }
        #expect(throws: CSVReader.SyntaxError(line: 1, field: 1, .textAfterClosingQuote)) {
            try parse("\"a\"b,c")
        }
        #expect(throws: CSVReader.SyntaxError.self) { try parse("ab\"c\n") }
        #expect(throws: CSVReader.SyntaxError(line: 2, field: 1, .invalidUTF8)) {
            try CSVReader.parse(Array("a\n".utf8) + [0xC3, 0x28])
        }
    }

    @Test func scanMakesStringsOnlyOnRequestAndMatchesParse() throws {
        let text = "h1,h2,h3\r\n\"a \"\"q\"\"\",\"two\nlines\",\n\nx,,\"\"\n"
        var seen: [(Int, [String], [Bool])] = []
        try CSVReader.scan(Array(text.utf8)) { row in
            seen.append((row.line, (0..<row.count).map { row.string($0) }, (0..<row.count).map { row.isEmpty($0) }))
        }
        #expect(seen.map(\.0) == [1, 2, 5])
        #expect(seen.map(\.1) == [["h1", "h2", "h3"], ["a \"q\"", "two\nlines", ""], ["x", "", ""]])
        #expect(seen.map(\.2) == [[false, false, false], [false, false, true], [false, true, true]])
        #expect(try parse(text).map(\.fields) == seen.map(\.1))
    }

    @Test func invalidUTF8IsReportedAtItsLineEvenInALaterQuotedField() {
        // The line is where the field ends, as before the reader scanned in place.
        #expect(throws: CSVReader.SyntaxError(line: 3, field: 2, .invalidUTF8)) {
            try CSVReader.parse(Array("a,b\nok,\"multi\nline".utf8) + [0xE1, 0x28] + Array("\"\nfine,row\n".utf8))
        }
        // A syntax error before the bad byte is reported first.
        #expect(throws: CSVReader.SyntaxError(line: 2, field: 1, .textAfterClosingQuote)) {
            try CSVReader.parse(Array("a,b\n\"x\"y,1\n".utf8) + [0xFF])
        }
    }
}
