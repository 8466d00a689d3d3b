import DutyDeskJSON

/// A JSON value parser for replay, tuned for the compact text our writer produces (member
/// arrays sized up front, whitespace checks inline, escape-free strings built in one step).
/// Same results and errors as `JSON.parse`; strings with escapes use `JSONByteParser`.
enum FastPayload {
    @inline(__always)
    static func ws(_ p: inout JSONByteParser) {
        if p.index < p.bytes.count, p.bytes[p.index] <= 0x20 { p.skipWhitespace() }
    }

    static func value(_ p: inout JSONByteParser, depth: Int) throws -> JSON {
        let b = p.bytes
        guard depth < 512 else { throw JSONParseError(offset: p.index, reason: "nesting deeper than 512") }
        guard p.index < b.count else { throw JSONParseError(offset: p.index, reason: "unexpected end of input") }
        switch b[p.index] {
        case UInt8(ascii: "{"): return try object(&p, depth: depth)
        case UInt8(ascii: "\""): return .string(try string(&p))
        case UInt8(ascii: "["):
            p.index += 1
            var elements: [JSON] = []
            ws(&p)
            if p.index < b.count, b[p.index] == UInt8(ascii: "]") {
                p.index += 1
                return .array(elements)
            }
            while true {
                ws(&p)
                elements.append(try value(&p, depth: depth + 1))
                ws(&p)
                guard p.index < b.count else { throw JSONParseError(offset: p.index, reason: "unterminated array") }
                if b[p.index] == UInt8(ascii: ",") {
                    p.index += 1
                    continue
                }
                if b[p.index] == UInt8(ascii: "]") {
                    p.index += 1
                    return .array(elements)
                }
                throw JSONParseError(offset: p.index, reason: "expected ',' or ']'")
            }
        default: return try p.parseValue(depth: depth)
        }
    }

    static func object(_ p: inout JSONByteParser, depth: Int) throws -> JSON {
        let b = p.bytes
        p.index += 1
        var members: [(String, JSON)] = []
        members.reserveCapacity(8)
        ws(&p)
        if p.index < b.count, b[p.index] == UInt8(ascii: "}") {
            p.index += 1
            return .object(members)
        }
        while true {
            ws(&p)
            guard p.index < b.count, b[p.index] == UInt8(ascii: "\"") else {
                throw JSONParseError(offset: p.index, reason: "expected member name")
            }
            let key = try string(&p)
            ws(&p)
            guard p.index < b.count, b[p.index] == UInt8(ascii: ":") else {
                throw JSONParseError(offset: p.index, reason: "expected ':'")
            }
            p.index += 1
            ws(&p)
            members.append((key, try value(&p, depth: depth + 1)))
            ws(&p)
            guard p.index < b.count else { throw JSONParseError(offset: p.index, reason: "unterminated object") }
            if b[p.index] == UInt8(ascii: ",") {
                p.index += 1
                continue
            }
            if b[p.index] == UInt8(ascii: "}") {
                p.index += 1
                return .object(members)
            }
            throw JSONParseError(offset: p.index, reason: "expected ',' or '}'")
        }
    }

    /// A string at the opening quote. Escape-free strings: one scan, then one String
    /// (validated when non-ASCII); others go to `JSONByteParser.parseString`.
    @inline(__always)
    static func string(_ p: inout JSONByteParser) throws -> String {
        let b = p.bytes
        let start = p.index + 1
        var i = start
        var high: UInt8 = 0
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c < 0x20 { break }
            high |= c
            i += 1
        }
        guard i < b.count, b[i] == UInt8(ascii: "\"") else { return try p.parseString() }
        let slice = UnsafeBufferPointer(rebasing: b[start..<i])
        p.index = i + 1
        if high < 0x80 { return String(decoding: slice, as: UTF8.self) }
        guard let s = String(validating: slice, as: UTF8.self) else {
            throw JSONParseError(offset: start, reason: "invalid UTF-8 in string")
        }
        return s
    }
}
