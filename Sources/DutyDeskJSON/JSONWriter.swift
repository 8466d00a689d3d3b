extension JSON {
    /// The compact serialisation: no whitespace, members in stored order, strings with
    /// only the escapes RFC 8259 requires (`"`, `\`, and C0 controls as `\n`, `\t`, … or
    /// `\u00XX`); everything else, including non-ASCII, is written as raw UTF-8.
    /// The same value always gives the same bytes (the log hashes them).
    public var compactBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out)
        return out
    }

    /// `compactBytes` as a String.
    public var compactString: String { String(decoding: compactBytes, as: UTF8.self) }

    /// Appends the compact serialisation to `out`.
    public func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .bool(let b): out.append(contentsOf: b ? Array("true".utf8) : Array("false".utf8))
        case .number(let n): out.append(contentsOf: n.utf8)
        case .string(let s): JSON.writeString(s, to: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, e) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                e.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            for (i, (k, v)) in o.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSON.writeString(k, to: &out)
                out.append(UInt8(ascii: ":"))
                v.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `s` as a JSON string literal (with quotes) to `out`.
    /// Runs of bytes that need no escape are copied whole (issue 6, item 7: the log writes
    /// every string of every record through here).
    public static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = s
        text.withUTF8 { b in
            let n = b.count
            var start = 0
            var i = 0
            while i < n {
                let c = b[i]
                if c >= 0x20 && c != 0x22 && c != 0x5C {
                    i += 1
                    continue
                }
                if start < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<i])) }
                switch c {
                case UInt8(ascii: "\""):
                    out.append(0x5C)
                    out.append(0x22)
                case UInt8(ascii: "\\"):
                    out.append(0x5C)
                    out.append(0x5C)
                case 0x0A:
                    out.append(0x5C)
                    out.append(UInt8(ascii: "n"))
                case 0x0D:
                    out.append(0x5C)
                    out.append(UInt8(ascii: "r"))
                case 0x09:
                    out.append(0x5C)
                    out.append(UInt8(ascii: "t"))
                case 0x08:
                    out.append(0x5C)
                    out.append(UInt8(ascii: "b"))
                case 0x0C:
                    out.append(0x5C)
                    out.append(UInt8(ascii: "f"))
                default:
                    out.append(contentsOf: [
                        0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), Hex.digit(c >> 4),
                        Hex.digit(c & 0xF),
                    ])
                }
                i += 1
                start = i
            }
            if start < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<n])) }
        }
        out.append(UInt8(ascii: "\""))
    }
}
