import Crypto
import DutyDeskJSON

/// Encoding and decoding of single records (docs/log-format.md §2–§3).
enum RecordCodec {
    /// Appends the complete line for a record (including `\n`) to `out` and returns the
    /// 64 hex bytes of its hash. `origin` (an envelope member of a record another desk
    /// wrote, docs/log-format.md §2) is written after `payload` and `batch`, before `prev`.
    static func encode(
        v: Int = LogFormat.version, seq: Int, ts: RFC3339Timestamp, actor: LogActor, type: String, id: String,
        payload: JSON, batch: LogBatch? = nil, origin: JSON? = nil, prev: [UInt8], to out: inout [UInt8]
    ) -> [UInt8] {
        let start = out.count
        out.append(contentsOf: #"{"v":"#.utf8)
        out.append(contentsOf: String(v).utf8)
        out.append(contentsOf: #","seq":"#.utf8)
        out.append(contentsOf: String(seq).utf8)
        out.append(contentsOf: #","ts":"#.utf8)
        JSON.writeString(ts.description, to: &out)
        out.append(contentsOf: #","actor":"#.utf8)
        actor.json.write(to: &out)
        out.append(contentsOf: #","type":"#.utf8)
        JSON.writeString(type, to: &out)
        out.append(contentsOf: #","id":"#.utf8)
        JSON.writeString(id, to: &out)
        out.append(contentsOf: #","payload":"#.utf8)
        payload.write(to: &out)
        if let batch {
            out.append(contentsOf: #","batch":{"first":"#.utf8)
            out.append(contentsOf: String(batch.first).utf8)
            out.append(contentsOf: #","count":"#.utf8)
            out.append(contentsOf: String(batch.count).utf8)
            out.append(UInt8(ascii: "}"))
        }
        if let origin {
            out.append(contentsOf: #","origin":"#.utf8)
            origin.write(to: &out)
        }
        out.append(contentsOf: #","prev":""#.utf8)
        out.append(contentsOf: prev)
        out.append(UInt8(ascii: "\""))
        var hex = [UInt8](repeating: 0, count: 64)
        out.withUnsafeBufferPointer { buf in
            let digest = hashedDigest(UnsafeBufferPointer(rebasing: buf[start...]))
            hex = hexBytes(digest)
        }
        out.append(contentsOf: LogFormat.hashPrefix)
        out.append(contentsOf: hex)
        out.append(contentsOf: #""}"#.utf8)
        out.append(0x0A)
        return hex
    }

    /// SHA-256 of `body` followed by `}` (the record object without its hash member).
    @inline(__always)
    static func hashedDigest(_ body: UnsafeBufferPointer<UInt8>) -> SHA256.Digest {
        var h = SHA256()
        h.update(bufferPointer: UnsafeRawBufferPointer(body))
        withUnsafeBytes(of: UInt8(ascii: "}")) { h.update(bufferPointer: $0) }
        return h.finalize()
    }

    static func hexBytes(_ digest: SHA256.Digest) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(64)
        digest.withUnsafeBytes { raw in Hex.append(raw, to: &out) }
        return out
    }

    /// Compares a digest with 64 lower-case hex bytes at `hex`.
    @inline(__always)
    static func digest(_ digest: SHA256.Digest, equalsHexAt hex: UnsafePointer<UInt8>) -> Bool {
        digest.withUnsafeBytes { raw -> Bool in
            var i = 0
            for b in raw {
                if hex[i] != Hex.digit(b >> 4) || hex[i + 1] != Hex.digit(b & 0xF) { return false }
                i += 2
            }
            return true
        }
    }

    @inline(__always)
    static func isLowerHex(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        for i in 0..<n where !Hex.isLowerDigit(p[i]) { return false }
        return true
    }

    /// A record's envelope decoded from one line (without its `\n`).
    struct Decoded {
        var v: Int
        var seq: Int
        var ts: RFC3339Timestamp
        var actor: LogActor
        var type: String
        var id: String
        var payload: JSON
        var extra: [(String, JSON)]
        var batch: LogBatch?
        /// Offset of the 64 prev hex bytes from the start of the line.
        var prevAt: Int
    }

    struct Failure: Error { var reason: VerifyReason }

    /// Checks and decodes one line (without `\n`). Order: hash suffix shape, hash, then
    /// envelope syntax and members. With `decodePayload == false` the payload is only
    /// checked for JSON structure and returned as `.null`.
    static func decode(_ line: UnsafeBufferPointer<UInt8>, decodePayload: Bool) -> Result<Decoded, Failure> {
        let n = line.count
        guard let base = line.baseAddress, n >= LogFormat.suffixLength + 2 else {
            return .failure(Failure(reason: .parseError("line too short to be a record")))
        }
        let sfx = n - LogFormat.suffixLength
        let prefix: StaticString = #","hash":""#
        guard memcmpBytes(base + sfx, prefix.utf8Start, 9) else {
            return .failure(Failure(reason: .parseError("line does not end with a \"hash\" member")))
        }
        guard base[n - 2] == UInt8(ascii: "\""), base[n - 1] == UInt8(ascii: "}") else {
            return .failure(Failure(reason: .parseError("line does not end with a \"hash\" member")))
        }
        guard isLowerHex(base + sfx + 9, 64) else {
            return .failure(Failure(reason: .parseError("hash is not 64 lower-case hex digits")))
        }
        let body = UnsafeBufferPointer(start: base, count: sfx)
        let digest = hashedDigest(body)
        guard RecordCodec.digest(digest, equalsHexAt: base + sfx + 9) else {
            return .failure(Failure(reason: .hashMismatch))
        }
        do {
            return .success(try decodeEnvelope(body, decodePayload: decodePayload))
        } catch let e as JSONParseError {
            return .failure(Failure(reason: .parseError("\(e.reason) at byte \(e.offset) of the record")))
        } catch let f as Failure {
            return .failure(f)
        } catch {
            return .failure(Failure(reason: .parseError("\(error)")))
        }
    }

    /// Only checks that the line's own hash matches (used to describe lines after a bad one).
    static func selfConsistent(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = line.count
        guard let base = line.baseAddress, n >= LogFormat.suffixLength + 2 else { return false }
        let sfx = n - LogFormat.suffixLength
        return RecordCodec.digest(
            hashedDigest(UnsafeBufferPointer(start: base, count: sfx)), equalsHexAt: base + sfx + 9)
    }

    /// Decodes the members of `{ … ` (the hashed bytes without the closing brace).
    static func decodeEnvelope(_ body: UnsafeBufferPointer<UInt8>, decodePayload: Bool) throws -> Decoded {
        func bad(_ s: String) -> Failure { Failure(reason: .parseError(s)) }
        var p = JSONByteParser(body)
        guard body.count > 0, body[0] == UInt8(ascii: "{") else { throw bad("record does not start with '{'") }
        p.index = 1
        var v: Int?
        var seq: Int?
        var ts: RFC3339Timestamp?
        var actor: LogActor?
        var type: String?
        var id: String?
        var payload: JSON?
        var prevAt: Int?
        var extra: [(String, JSON)] = []
        var batch: LogBatch?
        var first = true
        while true {
            FastPayload.ws(&p)
            if p.index == body.count { break }
            if !first {
                guard body[p.index] == UInt8(ascii: ",") else {
                    throw JSONParseError(offset: p.index, reason: "expected ',' or '}'")
                }
                p.index += 1
                FastPayload.ws(&p)
            }
            first = false
            guard p.index < body.count, body[p.index] == UInt8(ascii: "\"") else {
                throw JSONParseError(offset: p.index, reason: "expected member name")
            }
            let key = try keyName(&p)
            FastPayload.ws(&p)
            guard p.index < body.count, body[p.index] == UInt8(ascii: ":") else {
                throw JSONParseError(offset: p.index, reason: "expected ':'")
            }
            p.index += 1
            FastPayload.ws(&p)
            guard p.index < body.count else {
                throw JSONParseError(offset: p.index, reason: "unexpected end of record")
            }
            switch key {
            case .v:
                guard v == nil else { throw bad("duplicate member \"v\"") }
                guard let x = try integer(&p), x >= 1 else { throw bad("\"v\" must be a positive integer") }
                v = x
            case .seq:
                guard seq == nil else { throw bad("duplicate member \"seq\"") }
                guard let x = try integer(&p), x >= 1 else { throw bad("\"seq\" must be a positive integer") }
                seq = x
            case .ts:
                guard ts == nil else { throw bad("duplicate member \"ts\"") }
                guard body[p.index] == UInt8(ascii: "\"") else { throw bad("\"ts\" must be a string") }
                var q = p.index + 1
                while q < body.count, body[q] != UInt8(ascii: "\""), body[q] != UInt8(ascii: "\\") { q += 1 }
                let t: RFC3339Timestamp?
                if q < body.count, body[q] == UInt8(ascii: "\"") {
                    t = RFC3339Timestamp.parse(bytes: UnsafeBufferPointer(rebasing: body[(p.index + 1)..<q]))
                    p.index = q + 1
                } else {
                    t = RFC3339Timestamp.parse(try p.parseString())
                }
                guard let t else { throw bad("\"ts\" is not an RFC 3339 time with offset") }
                ts = t
            case .actor:
                guard actor == nil else { throw bad("duplicate member \"actor\"") }
                actor = try parseActor(&p)
            case .type:
                guard type == nil else { throw bad("duplicate member \"type\"") }
                guard body[p.index] == UInt8(ascii: "\"") else { throw bad("\"type\" must be a string") }
                type = try FastPayload.string(&p)
            case .id:
                guard id == nil else { throw bad("duplicate member \"id\"") }
                guard body[p.index] == UInt8(ascii: "\"") else { throw bad("\"id\" must be a string") }
                id = try FastPayload.string(&p)
            case .payload:
                guard payload == nil else { throw bad("duplicate member \"payload\"") }
                guard body[p.index] == UInt8(ascii: "{") else { throw bad("\"payload\" must be an object") }
                if decodePayload {
                    payload = try FastPayload.object(&p, depth: 1)
                } else {
                    try skipValue(&p, depth: 1)
                    payload = .null
                }
            case .prev:
                guard prevAt == nil else { throw bad("duplicate member \"prev\"") }
                guard p.index + 66 <= body.count, body[p.index] == UInt8(ascii: "\""),
                    body[p.index + 65] == UInt8(ascii: "\""), let bodyBase = body.baseAddress,
                    isLowerHex(bodyBase + p.index + 1, 64)
                else { throw bad("\"prev\" must be 64 lower-case hex digits") }
                prevAt = p.index + 1
                p.index += 66
            case .batch:
                guard batch == nil else { throw bad("duplicate member \"batch\"") }
                batch = try parseBatch(&p)
            case .hash:
                throw bad("\"hash\" must be the last member")
            case .other(let name):
                extra.append((name, try FastPayload.value(&p, depth: 1)))
            }
        }
        guard let v, let seq, let ts, let actor, let type, let id, let payload, let prevAt else {
            let missing = [
                ("v", v == nil), ("seq", seq == nil), ("ts", ts == nil), ("actor", actor == nil), ("type", type == nil),
                ("id", id == nil), ("payload", payload == nil), ("prev", prevAt == nil),
            ].filter { $0.1 }.map { $0.0 }
            throw bad("missing member(s): " + missing.joined(separator: ", "))
        }
        return Decoded(
            v: v, seq: seq, ts: ts, actor: actor, type: type, id: id, payload: payload, extra: extra, batch: batch,
            prevAt: prevAt)
    }

    /// Reads the object at `p.index` member by member: `member` gets each name with the
    /// parser at its value and must consume the value. `bad` is thrown for an empty object.
    /// - Throws: `bad`, `JSONParseError` for broken syntax, or what `member` throws.
    static func objectMembers(
        _ p: inout JSONByteParser, bad: Failure, _ member: (String, inout JSONByteParser) throws -> Void
    ) throws {
        let b = p.bytes
        guard p.index < b.count, b[p.index] == UInt8(ascii: "{") else { throw bad }
        p.index += 1
        p.skipWhitespace()
        if p.index < b.count, b[p.index] == UInt8(ascii: "}") { throw bad }
        while true {
            p.skipWhitespace()
            guard p.index < b.count, b[p.index] == UInt8(ascii: "\"") else {
                throw JSONParseError(offset: p.index, reason: "expected member name")
            }
            let key = try p.parseString()
            p.skipWhitespace()
            guard p.index < b.count, b[p.index] == UInt8(ascii: ":") else {
                throw JSONParseError(offset: p.index, reason: "expected ':'")
            }
            p.index += 1
            p.skipWhitespace()
            try member(key, &p)
            p.skipWhitespace()
            guard p.index < b.count else { throw JSONParseError(offset: p.index, reason: "unterminated object") }
            if b[p.index] == UInt8(ascii: ",") {
                p.index += 1
                continue
            }
            if b[p.index] == UInt8(ascii: "}") {
                p.index += 1
                return
            }
            throw JSONParseError(offset: p.index, reason: "expected ',' or '}'")
        }
    }

    /// `{"first":F,"count":N}` (any order; other members skipped): positive integers.
    static func parseBatch(_ p: inout JSONByteParser) throws -> LogBatch {
        let bad = Failure(reason: .parseError("\"batch\" must be an object with positive integers first and count"))
        var first: Int?
        var count: Int?
        try objectMembers(&p, bad: bad) { key, p in
            switch key {
            case "first" where first == nil:
                guard let x = try integer(&p), x >= 1 else { throw bad }
                first = x
            case "count" where count == nil:
                guard let x = try integer(&p), x >= 1 else { throw bad }
                count = x
            case "first", "count": throw bad
            default: try skipValue(&p, depth: 2)
            }
        }
        guard let first, let count, first <= Int.max - count else { throw bad }
        return LogBatch(first: first, count: count)
    }

    /// `{"officer":"…","process":"…","host":"…"}` with any member order and extra members
    /// (skipped; they stay in the stored bytes).
    static func parseActor(_ p: inout JSONByteParser) throws -> LogActor {
        let bad = Failure(reason: .parseError("\"actor\" must be an object with string officer, process and host"))
        var officer: String?
        var process: String?
        var host: String?
        try objectMembers(&p, bad: bad) { key, p in
            guard p.index < p.bytes.count else { throw bad }
            let isString = p.bytes[p.index] == UInt8(ascii: "\"")
            switch key {
            case "officer" where isString && officer == nil: officer = try FastPayload.string(&p)
            case "process" where isString && process == nil: process = try FastPayload.string(&p)
            case "host" where isString && host == nil: host = try FastPayload.string(&p)
            case "officer", "process", "host": throw bad
            default: try skipValue(&p, depth: 2)
            }
        }
        guard let officer, let process, let host else { throw bad }
        return LogActor(officer: officer, process: process, host: host)
    }

    enum Key {
        case v, seq, ts, actor, type, id, payload, prev, hash, batch
        case other(String)
    }

    /// Reads a member name, recognising the envelope names without allocating.
    static func keyName(_ p: inout JSONByteParser) throws -> Key {
        let b = p.bytes
        let start = p.index + 1
        var i = start
        while i < b.count, b[i] != UInt8(ascii: "\""), b[i] != UInt8(ascii: "\\") { i += 1 }
        if i < b.count, b[i] == UInt8(ascii: "\""), let bBase = b.baseAddress {
            let len = i - start
            let s = bBase + start
            func eq(_ lit: StaticString) -> Bool {
                lit.utf8CodeUnitCount == len && memcmpBytes(s, lit.utf8Start, len)
            }
            var k: Key?
            switch len {
            case 1: if eq("v") { k = .v }
            case 2: if eq("ts") { k = .ts } else if eq("id") { k = .id }
            case 3: if eq("seq") { k = .seq }
            case 4: if eq("type") { k = .type } else if eq("prev") { k = .prev } else if eq("hash") { k = .hash }
            case 5: if eq("actor") { k = .actor } else if eq("batch") { k = .batch }
            case 7: if eq("payload") { k = .payload }
            default: break
            }
            if let k {
                p.index = i + 1
                return k
            }
        }
        let name = try p.parseString()
        switch name {
        case "v": return .v
        case "seq": return .seq
        case "ts": return .ts
        case "actor": return .actor
        case "type": return .type
        case "id": return .id
        case "payload": return .payload
        case "prev": return .prev
        case "hash": return .hash
        case "batch": return .batch
        default: return .other(name)
        }
    }

    @inline(__always)
    static func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        for i in 0..<n where a[i] != b[i] { return false }
        return true
    }

    /// A JSON integer (no fraction or exponent) that fits in Int; nil otherwise.
    static func integer(_ p: inout JSONByteParser) throws -> Int? {
        let b = p.bytes
        guard p.index < b.count, b[p.index] == UInt8(ascii: "-") || (b[p.index] >= 0x30 && b[p.index] <= 0x39) else {
            return nil
        }
        let lexeme = try p.parseNumber()
        return Int(lexeme)
    }

    /// Skips one JSON value, checking its structure (strings: escapes and control
    /// characters; UTF-8 is covered by the hash) without building it.
    static func skipValue(_ p: inout JSONByteParser, depth: Int) throws {
        let b = p.bytes
        guard depth < 512 else { throw JSONParseError(offset: p.index, reason: "nesting deeper than 512") }
        guard p.index < b.count else { throw JSONParseError(offset: p.index, reason: "unexpected end of input") }
        switch b[p.index] {
        case UInt8(ascii: "{"):
            p.index += 1
            p.skipWhitespace()
            if p.index < b.count, b[p.index] == UInt8(ascii: "}") {
                p.index += 1
                return
            }
            while true {
                p.skipWhitespace()
                guard p.index < b.count, b[p.index] == UInt8(ascii: "\"") else {
                    throw JSONParseError(offset: p.index, reason: "expected member name")
                }
                try skipString(&p)
                p.skipWhitespace()
                guard p.index < b.count, b[p.index] == UInt8(ascii: ":") else {
                    throw JSONParseError(offset: p.index, reason: "expected ':'")
                }
                p.index += 1
                p.skipWhitespace()
                try skipValue(&p, depth: depth + 1)
                p.skipWhitespace()
                guard p.index < b.count else { throw JSONParseError(offset: p.index, reason: "unterminated object") }
                if b[p.index] == UInt8(ascii: ",") {
                    p.index += 1
                    continue
                }
                if b[p.index] == UInt8(ascii: "}") {
                    p.index += 1
                    return
                }
                throw JSONParseError(offset: p.index, reason: "expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            p.index += 1
            p.skipWhitespace()
            if p.index < b.count, b[p.index] == UInt8(ascii: "]") {
                p.index += 1
                return
            }
            while true {
                p.skipWhitespace()
                try skipValue(&p, depth: depth + 1)
                p.skipWhitespace()
                guard p.index < b.count else { throw JSONParseError(offset: p.index, reason: "unterminated array") }
                if b[p.index] == UInt8(ascii: ",") {
                    p.index += 1
                    continue
                }
                if b[p.index] == UInt8(ascii: "]") {
                    p.index += 1
                    return
                }
                throw JSONParseError(offset: p.index, reason: "expected ',' or ']'")
            }
        case UInt8(ascii: "\""): try skipString(&p)
        default: _ = try p.parseValue(depth: depth)
        }
    }

    /// Skips a string as `JSONByteParser.parseString` reads it, without building it: an
    /// escape-free string is only checked (UTF-8 validated when not ASCII); any other
    /// string, and any string with a problem, is read by `parseString`, so that `verify`
    /// and the replay accept the same strings and name the same error (issue 12, item 5:
    /// `verify` said ok for a payload string of invalid UTF-8 or a lone surrogate escape
    /// that the replay refused).
    static func skipString(_ p: inout JSONByteParser) throws {
        let b = p.bytes
        let open = p.index
        p.index += 1
        var nonASCII = false
        while p.index < b.count {
            let c = b[p.index]
            if c == UInt8(ascii: "\"") {
                if nonASCII, !validUTF8(UnsafeBufferPointer(rebasing: b[(open + 1)..<p.index])) { break }
                p.index += 1
                return
            }
            if c < 0x20 || c == UInt8(ascii: "\\") { break }
            if c >= 0x80 { nonASCII = true }
            p.index += 1
        }
        p.index = open
        _ = try p.parseString()
    }

    /// Whether `s` is well-formed UTF-8 (as `String(validating:)` decides), without allocating.
    static func validUTF8(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        var it = s.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&it) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
