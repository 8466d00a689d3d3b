/// An RFC 4180 CSV reader that remembers where each record starts.
///
/// Accepts: fields quoted with `"` holding commas, doubled quotes and line breaks;
/// CRLF or LF line ends (mixed is fine); a UTF-8 byte-order mark at the start; a last
/// line with or without a line end. Rejects (with the 1-based line number): invalid
/// UTF-8, a quote inside an unquoted field, text after a closing quote, and an
/// unterminated quoted field.
///
/// We read CSV ourselves rather than through a CSV package because every error we
/// print must name `FILE:LINE`, and the packages available to us do not report the
/// physical line on which a record starts (a quoted field may span lines).
/// See docs/decisions/0005-import.md.
public struct CSVReader {
    /// One record: its fields and the 1-based physical line on which it starts.
    public struct Record: Sendable, Equatable {
        public var fields: [String]
        public var line: Int
    }

    /// A syntax error at a 1-based physical line.
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// Parses the whole input. Blank lines between records are skipped.
    /// - Throws: `SyntaxError`.
    public static func parse(_ bytes: [UInt8]) throws -> [Record] {
        let n = bytes.count
        var i = 0
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        var line = 1
        var records: [Record] = []

        /// Length of the line end at `j` (LF, CRLF, or a CR that ends the input), else 0.
        func lineEnd(_ j: Int) -> Int {
            guard j < n else { return 0 }
            if bytes[j] == 0x0A { return 1 }
            if bytes[j] == 0x0D { return j + 1 < n ? (bytes[j + 1] == 0x0A ? 2 : 0) : 1 }
            return 0
        }
        func text(_ field: [UInt8], _ line: Int) throws -> String {
            guard let s = String(validating: field, as: UTF8.self) else {
                throw SyntaxError(line: line, reason: "invalid UTF-8 (save the file as UTF-8)")
            }
            return s
        }

        while i < n {
            let blank = lineEnd(i)
            if blank > 0 { i += blank; line += 1; continue }
            let recordLine = line
            var fields: [String] = []
            while true {
                var field: [UInt8] = []
                if i < n, bytes[i] == 0x22 {
                    let startLine = line
                    i += 1
                    var closed = false
                    while i < n {
                        let c = bytes[i]
                        if c == 0x22 {
                            if i + 1 < n, bytes[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                            i += 1
                            closed = true
                            break
                        }
                        if c == 0x0A { line += 1 }
                        field.append(c)
                        i += 1
                    }
                    guard closed else { throw SyntaxError(line: startLine, reason: "quoted field is never closed") }
                    guard i == n || bytes[i] == 0x2C || lineEnd(i) > 0 else {
                        throw SyntaxError(line: line, reason: "text after a closing quote")
                    }
                } else {
                    while i < n, bytes[i] != 0x2C, lineEnd(i) == 0 {
                        if bytes[i] == 0x22 {
                            throw SyntaxError(line: line, reason: "quote inside an unquoted field (quote the whole field and double the quote)")
                        }
                        field.append(bytes[i])
                        i += 1
                    }
                }
                fields.append(try text(field, line))
                if i < n, bytes[i] == 0x2C {
                    i += 1
                    if i == n { fields.append(""); break }
                    continue
                }
                let e = lineEnd(i)
                if e > 0 { i += e; line += 1 }
                break
            }
            records.append(Record(fields: fields, line: recordLine))
        }
        return records
    }
}
