/// An RFC 4180 CSV reader that remembers where each record starts.
import DutyDeskDomain

///
/// Accepts: fields quoted with `"` holding commas, doubled quotes and line breaks;
/// CRLF or LF line ends (mixed is fine); a UTF-8 byte-order mark at the start; a last
/// line with or without a line end. Rejects (with the 1-based line number and field
/// number): invalid UTF-8, a quote inside an unquoted field, text after a closing quote,
/// an unterminated quoted field, a carriage return not followed by a line feed outside
/// quotes (lines ending in CR only are refused, never read as one long line), a
/// byte-order mark at the start of a row other than the first (two files joined), a
/// field longer than `maximumFieldBytes` (64 KiB) and a record longer than
/// `maximumRecordBytes` (1 MiB).
///
/// We read CSV ourselves rather than through a CSV package because every error we
/// print must name `FILE:LINE`, and the packages available to us do not report the
/// physical line on which a record starts (a quoted field may span lines).
/// See docs/decisions/0005-import.md.
///
/// `scan` works on the bytes in place: it hands each record to a callback as byte ranges
/// and makes a `String` only for the fields the caller asks for (issue 6, item 7: a
/// 100k-row import must not build a `String` per cell). `parse` is `scan` with every
/// field made a `String`.
public struct CSVReader {
    /// One record: its fields and the 1-based physical line on which it starts.
    public struct Record: Sendable, Equatable {
        public var fields: [String]
        public var line: Int
    }

    /// The longest field accepted, in bytes (64 KiB).
    public static let maximumFieldBytes = 64 << 10
    /// The longest record accepted, in bytes (1 MiB), line ends and quotes included.
    public static let maximumRecordBytes = 1 << 20

    /// A syntax error at a 1-based physical line and, when known, 1-based field (column) number.
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        /// The 1-based field of the record the error is in (nil: the record as a whole).
        public var field: Int?
        public var kind: Kind
        public init(line: Int, field: Int? = nil, _ kind: Kind) {
            self.line = line
            self.field = field
            self.kind = kind
        }
        public var description: String { "line \(line)\(field.map { ", field \($0)" } ?? ""): \(reason)" }

        /// What is wrong with the text: each case has its sentence in both languages.
        public enum Kind: Sendable, Equatable {
            case invalidUTF8
            case byteOrderMarkInside
            case unclosedQuote
            case textAfterClosingQuote
            case carriageReturnOnly
            case quoteInUnquotedField
            /// A field of `bytes` bytes, over `maximumFieldBytes`.
            case fieldTooLong(bytes: Int)
            case recordTooLong
            /// A code table (`--codes`) gives `code` of `field` again (first on `firstLine`).
            case codeGivenTwice(code: String, field: String, firstLine: Int)
        }

        /// The reason in English.
        public var reason: String { reason(.en) }

        /// The reason in `language` (issue 14, item 2).
        public func reason(_ language: Language) -> String {
            let vi = language == .vi
            switch kind {
            case .invalidUTF8:
                return vi ? "không phải UTF-8 hợp lệ (lưu tệp dạng UTF-8)" : "invalid UTF-8 (save the file as UTF-8)"
            case .byteOrderMarkInside:
                return vi
                    ? "dòng bắt đầu bằng dấu thứ tự byte (U+FEFF), không chỉ đầu tệp: có phải hai tệp bị nối? hãy xóa nó"
                    : "a byte-order mark (U+FEFF) starts this row, not only the file: were two files joined? remove it"
            case .unclosedQuote: return vi ? "trường trong ngoặc kép không được đóng" : "quoted field is never closed"
            case .textAfterClosingQuote: return vi ? "có chữ sau dấu ngoặc kép đóng" : "text after a closing quote"
            case .carriageReturnOnly:
                return vi
                    ? "ký tự CR không có LF theo sau: dòng chỉ kết thúc bằng CR không đọc được; lưu tệp với kết thúc dòng LF hoặc CRLF"
                    : "a carriage return (CR) without a line feed: lines ending in CR only are not read; save the file with LF or CRLF line ends"
            case .quoteInUnquotedField:
                return vi
                    ? "dấu ngoặc kép trong trường không đặt trong ngoặc kép (đặt cả trường trong ngoặc kép và viết dấu ngoặc kép hai lần)"
                    : "quote inside an unquoted field (quote the whole field and double the quote)"
            case .fieldTooLong(let n):
                return vi
                    ? "trường dài hơn \(maximumFieldBytes >> 10) KiB (\(n) byte)"
                    : "the field is longer than \(maximumFieldBytes >> 10) KiB (\(n) bytes)"
            case .recordTooLong:
                return vi
                    ? "bản ghi dài hơn \(maximumRecordBytes >> 20) MiB"
                    : "the record is longer than \(maximumRecordBytes >> 20) MiB"
            case .codeGivenTwice(let code, let field, let first):
                return vi
                    ? "mã «\(code)» của trường «\(field)» có hai lần, ở dòng \(first) và dòng \(line); hãy giữ một"
                    : "code '\(code)' of field '\(field)' is given twice, on lines \(first) and \(line); keep one"
            }
        }
    }

    /// One record during `scan`, valid only inside the callback (it points into the
    /// input; do not keep it): the fields as byte ranges of the input (UTF-8, already
    /// checked), with doubled quotes still doubled until a field is read.
    public struct Row {
        /// The 1-based physical line on which the record starts.
        public let line: Int
        let bytes: UnsafeBufferPointer<UInt8>
        /// `spans[2k]`, `spans[2k+1]`: start and end of field k; a negative start marks a
        /// quoted field holding doubled quotes (start = -1 - real start).
        let spans: UnsafeBufferPointer<Int>

        /// The number of fields.
        public var count: Int { spans.count / 2 }

        /// Field `i` (0-based) as text, doubled quotes undone.
        public func string(_ i: Int) -> String {
            let s = spans[2 * i]
            let e = spans[2 * i + 1]
            if s >= 0 { return String(decoding: UnsafeBufferPointer(rebasing: bytes[s..<e]), as: UTF8.self) }
            return String(decoding: CSVReader.unescaped(bytes, from: -1 - s, to: e), as: UTF8.self)
        }

        /// Whether field `i` was quoted in the file (`"NA"`, `""`): its text is text, never
        /// a missing-value marker.
        public func isQuoted(_ i: Int) -> Bool {
            let s = spans[2 * i]
            let start = s >= 0 ? s : -1 - s
            // A quoted field's content starts right after its opening quote; an unquoted
            // field starts after a comma, a line end or at the start of the input.
            return start > 0 && bytes[start - 1] == 0x22
        }

        /// Whether field `i` has no bytes.
        public func isEmpty(_ i: Int) -> Bool {
            let s = spans[2 * i]
            return (s >= 0 ? s : -1 - s) == spans[2 * i + 1]
        }
    }

    /// The content of a quoted field between `from` and `to` with each `""` made one `"`.
    static func unescaped(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(to - from)
        var j = from
        while j < to {
            out.append(bytes[j])
            j += bytes[j] == 0x22 ? 2 : 1
        }
        return out
    }

    /// Parses the whole input. Blank lines between records are skipped.
    /// - Throws: `SyntaxError`.
    public static func parse(_ bytes: [UInt8]) throws -> [Record] {
        var records: [Record] = []
        try scan(bytes) { row in
            var fields: [String] = []
            fields.reserveCapacity(row.count)
            for i in 0..<row.count { fields.append(row.string(i)) }
            records.append(Record(fields: fields, line: row.line))
        }
        return records
    }

    /// Hands every record to `body` in file order, without copying the input. Blank lines
    /// between records are skipped. The rules and errors are those of `parse`; a syntax
    /// error is thrown when the scan reaches it, after `body` has seen the records before it.
    /// - Throws: `SyntaxError`, or what `body` throws.
    public static func scan(_ bytes: [UInt8], _ body: (Row) throws -> Void) throws {
        // Whole-input UTF-8 check once; only an invalid input is checked field by field,
        // to name the line as before. (Structural bytes are ASCII, so the input is valid
        // exactly when every field is.)
        let valid = String(validating: bytes, as: UTF8.self) != nil
        try bytes.withUnsafeBufferPointer { b in
            var spans: [Int] = []
            spans.reserveCapacity(64)
            try scan(b, checkEachField: !valid, spans: &spans, body)
        }
    }

    private static func scan(
        _ b: UnsafeBufferPointer<UInt8>, checkEachField: Bool, spans: inout [Int],
        _ body: (Row) throws -> Void
    ) throws {
        let n = b.count
        var i = 0
        if n >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
        var line = 1

        /// Length of the line end at `j` (LF, CRLF, or a CR that ends the input), else 0.
        @inline(__always) func lineEnd(_ j: Int) -> Int {
            guard j < n else { return 0 }
            let c = b[j]
            if c == 0x0A { return 1 }
            if c == 0x0D { return j + 1 < n ? (b[j + 1] == 0x0A ? 2 : 0) : 1 }
            return 0
        }
        func check(_ s: Int, _ e: Int, escaped: Bool, _ line: Int) throws {
            let ok =
                escaped
                ? String(validating: unescaped(b, from: s, to: e), as: UTF8.self) != nil
                : String(validating: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self) != nil
            if !ok {
                throw SyntaxError(line: line, field: spans.count / 2 + 1, .invalidUTF8)
            }
        }

        while i < n {
            let blank = lineEnd(i)
            if blank > 0 {
                i += blank
                line += 1
                continue
            }
            let recordLine = line
            let recordStart = i
            if i + 2 < n, b[i] == 0xEF, b[i + 1] == 0xBB, b[i + 2] == 0xBF {
                throw SyntaxError(line: line, field: 1, .byteOrderMarkInside)
            }
            spans.removeAll(keepingCapacity: true)
            while true {
                let field = spans.count / 2 + 1
                if i < n, b[i] == 0x22 {
                    let startLine = line
                    i += 1
                    let start = i
                    var escaped = false
                    var closed = false
                    while i < n {
                        let c = b[i]
                        if c == 0x22 {
                            if i + 1 < n, b[i + 1] == 0x22 {
                                escaped = true
                                i += 2
                                continue
                            }
                            closed = true
                            break
                        }
                        if c == 0x0A { line += 1 }
                        i += 1
                    }
                    guard closed else {
                        throw SyntaxError(line: startLine, field: field, .unclosedQuote)
                    }
                    let end = i
                    i += 1
                    guard i == n || b[i] == 0x2C || lineEnd(i) > 0 else {
                        if b[i] == 0x0D { throw SyntaxError(line: line, field: field, .carriageReturnOnly) }
                        throw SyntaxError(line: line, field: field, .textAfterClosingQuote)
                    }
                    if end - start > maximumFieldBytes {
                        throw SyntaxError(line: startLine, field: field, .fieldTooLong(bytes: end - start))
                    }
                    if checkEachField { try check(start, end, escaped: escaped, line) }
                    spans.append(escaped ? -1 - start : start)
                    spans.append(end)
                } else {
                    let start = i
                    while i < n {
                        let c = b[i]
                        if c == 0x2C || c == 0x0A { break }
                        if c == 0x0D {
                            if lineEnd(i) > 0 { break }
                            throw SyntaxError(line: line, field: field, .carriageReturnOnly)
                        }
                        if c == 0x22 {
                            throw SyntaxError(line: line, field: field, .quoteInUnquotedField)
                        }
                        i += 1
                    }
                    if i - start > maximumFieldBytes {
                        throw SyntaxError(line: line, field: field, .fieldTooLong(bytes: i - start))
                    }
                    if checkEachField { try check(start, i, escaped: false, line) }
                    spans.append(start)
                    spans.append(i)
                }
                if i - recordStart > maximumRecordBytes {
                    throw SyntaxError(line: recordLine, .recordTooLong)
                }
                if i < n, b[i] == 0x2C {
                    i += 1
                    if i == n {
                        spans.append(n)
                        spans.append(n)
                        break
                    }
                    continue
                }
                let e = lineEnd(i)
                if e > 0 {
                    i += e
                    line += 1
                }
                break
            }
            try spans.withUnsafeBufferPointer { s in
                try body(Row(line: recordLine, bytes: b, spans: s))
            }
        }
    }
}
