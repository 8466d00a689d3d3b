/// Writes RFC 4180 CSV that spreadsheet programs open with Vietnamese text intact:
/// UTF-8 with a byte-order mark (Excel otherwise assumes the ANSI code page), CRLF line
/// ends, and quotes around any field holding a comma, quote, CR or LF.
///
/// Cells that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
/// TAB or CR) are prefixed with `'` (OWASP "CSV injection"); numbers are written by
/// `number(_:)` and are exempt.
public struct CSVWriter {
    public private(set) var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]

    public init() {}

    /// A cell that is a number, written as is.
    public struct Number: Sendable {
        public var text: String
        public init(_ t: String) { text = t }
    }

    /// Appends one row.
    public mutating func row(_ cells: [String]) {
        for (i, c) in cells.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: Self.escape(Self.defuse(c)).utf8)
        }
        bytes.append(contentsOf: [0x0D, 0x0A])
    }

    /// Appends one row of mixed text and numbers.
    public mutating func row(_ cells: [Any]) {
        for (i, c) in cells.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            if let n = c as? Number {
                bytes.append(contentsOf: n.text.utf8)
            } else if let n = c as? Int {
                bytes.append(contentsOf: String(n).utf8)
            } else {
                bytes.append(contentsOf: Self.escape(Self.defuse("\(c)")).utf8)
            }
        }
        bytes.append(contentsOf: [0x0D, 0x0A])
    }

    static func defuse(_ s: String) -> String {
        guard let f = s.unicodeScalars.first else { return s }
        return "=+-@\t\r".unicodeScalars.contains(f) ? "'" + s : s
    }

    static func escape(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return s
        }
        var out = "\""
        for ch in s { if ch == "\"" { out += "\"\"" } else { out.append(ch) } }
        return out + "\""
    }
}
