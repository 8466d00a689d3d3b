// Records another desk wrote, copied into this log by the network's sync (issue 11,
// item 3): the original's line stays reconstructible, so its hash, its place in its desk's
// chain and its signature can be checked on any desk. Format: docs/log-format.md §2, §12.
import DutyDeskJSON

/// A line of another desk's log as that desk wrote it: the envelope members that place
/// it in its own chain.
public struct OriginLine: Sendable, Equatable {
    /// The record's seq in its own desk's log.
    public var seq: Int
    /// Its `hash` there (64 lower-case hex).
    public var hash: String
    /// Its `prev` there (64 lower-case hex).
    public var prev: String
    /// Its `ts` exactly as written there (RFC 3339 with offset).
    public var ts: String
    /// Event type and id.
    public var type: String
    public var id: String
    /// Its `batch` there, nil for a single-record append.
    public var batch: LogBatch?
}

/// Why a line of another desk cannot be copied in.
public enum OriginRecordError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The line's `hash` is not SHA-256 of its hashed bytes (docs/log-format.md §3).
    case badHash
    /// The line is not a record DutyDesk wrote (the reason in words).
    case unparsable(String)

    public var description: String {
        switch self {
        case .badHash: return "the record's hash does not match its bytes"
        case .unparsable(let why): return "not a DutyDesk record: \(why)"
        }
    }
}

/// Records another desk wrote, kept in this log with their origin (docs/log-format.md §2):
/// the envelope member
/// `"origin":{"desk":"HQLS","seq":57,"ts":"…","batch":{"first":F,"count":C},"prev":"<64 hex>","hash":"<64 hex>","sig":"<base64>"}`
/// (`batch` only when the original was in a batch). With the record's own `actor`,
/// `type`, `id` and `payload` it gives back the original line byte for byte
/// (`RecordCodec.encode(v: 1, seq: origin.seq, ts: origin.ts, …, batch: origin.batch,
/// prev: origin.prev)`), whose hash is `origin.hash` and whose signature is `origin.sig`.
public enum OriginRecord {
    /// Parses a line exactly as its desk stored it (with or without its trailing `\n`) and
    /// checks it is DutyDesk's own encoding of a record (so it can be rebuilt from its copy).
    /// - Throws: `OriginRecordError.badHash` when its hash does not match its bytes,
    ///   `.unparsable` for anything else (not a record, an envelope member or actor member
    ///   DutyDesk does not write, a record not in DutyDesk's canonical form).
    static func parse(line: [UInt8]) throws -> (OriginLine, RecordCodec.Decoded) {
        var bytes = line
        if bytes.last == 0x0A { bytes.removeLast() }
        if bytes.contains(0x0A) { throw OriginRecordError.unparsable("more than one line") }
        let result = bytes.withUnsafeBufferPointer { RecordCodec.decode($0, decodePayload: true) }
        let d: RecordCodec.Decoded
        switch result {
        case .success(let x): d = x
        case .failure(let f):
            if f.reason == .hashMismatch { throw OriginRecordError.badHash }
            throw OriginRecordError.unparsable(f.reason.description)
        }
        guard d.v == LogFormat.version else { throw OriginRecordError.unparsable("format version \(d.v)") }
        if let name = d.extra.first?.0 {
            throw OriginRecordError.unparsable("envelope member \"\(name)\" (a record another desk copied in?)")
        }
        let prev = Array(bytes[d.prevAt..<(d.prevAt + 64)])
        let hash = Array(bytes[(bytes.count - 66)..<(bytes.count - 2)])
        var rebuilt: [UInt8] = []
        let again = RecordCodec.encode(
            v: d.v, seq: d.seq, ts: d.ts, actor: d.actor, type: d.type, id: d.id, payload: d.payload, batch: d.batch,
            prev: prev, to: &rebuilt)
        guard again == hash, rebuilt.dropLast() == bytes[...] else {
            throw OriginRecordError.unparsable("not in DutyDesk's own encoding (it could not be rebuilt from a copy)")
        }
        let o = OriginLine(
            seq: d.seq, hash: String(decoding: hash, as: UTF8.self), prev: String(decoding: prev, as: UTF8.self),
            ts: d.ts.description, type: d.type, id: d.id, batch: d.batch)
        return (o, d)
    }

    /// The envelope members of `line` (a record as its own desk stored it, with or without
    /// its `\n`) that place it in its desk's chain.
    /// - Throws: `OriginRecordError.badHash` when its hash does not match its bytes,
    ///   `.unparsable` for anything else (as `newRecord(fromLine:desk:signature:)`).
    public static func originLine(_ line: [UInt8]) throws -> OriginLine { try parse(line: line).0 }

    /// The seq of `line` in its own desk's log (`originLine(_:).seq`).
    /// - Throws: as `originLine(_:)`.
    public static func seq(ofLine line: [UInt8]) throws -> Int { try originLine(line).seq }

    /// The hash of `line` as its own desk wrote it, 64 lower-case hex (`originLine(_:).hash`):
    /// what the desk signs (`DeskKey.sign`).
    /// - Throws: as `originLine(_:)`.
    public static func hash(ofLine line: [UInt8]) throws -> String { try originLine(line).hash }

    /// The record to append to this log for `line`, a record desk `desk` wrote and signed
    /// with `signature` (base64, `DeskKey.sign`): the original's type, id, payload and
    /// actor, and the `origin` member; `ts` nil (this log stamps its copy). The signature is
    /// not checked here (`check` does, with the key this log holds for `desk`).
    /// - Throws: `OriginRecordError.badHash` when its hash does not match its bytes,
    ///   `.unparsable` for anything else: not a record, an envelope member DutyDesk does
    ///   not write (e.g. an `origin`: a copy is never copied on), a record not in
    ///   DutyDesk's own encoding (it could not be rebuilt from its copy).
    public static func newRecord(fromLine line: [UInt8], desk: String, signature: String) throws -> NewRecord {
        let (o, d) = try parse(line: line)
        var origin: [(String, JSON)] = [("desk", .string(desk)), ("seq", .int(o.seq)), ("ts", .string(o.ts))]
        if let b = o.batch { origin.append(("batch", .object([("first", .int(b.first)), ("count", .int(b.count))]))) }
        origin.append(contentsOf: [("prev", .string(o.prev)), ("hash", .string(o.hash)), ("sig", .string(signature))])
        return NewRecord(type: d.type, id: d.id, payload: d.payload, actor: d.actor, origin: .object(origin))
    }

    /// The origin member of `record`, read: desk, the original's line members, signature.
    /// - Returns: nil with the reason when it is absent or malformed.
    public static func origin(of record: LogRecord) -> Result<(desk: String, line: OriginLine, sig: String), Failure> {
        func bad(_ s: String) -> Result<(desk: String, line: OriginLine, sig: String), Failure> {
            .failure(Failure(reason: s))
        }
        guard let o = record.extraEnvelope.last(where: { $0.0 == "origin" })?.1 else { return bad("no origin") }
        guard let desk = o["desk"]?.stringValue, !desk.isEmpty else { return bad("\"origin\" names no desk") }
        guard let seq = o["seq"]?.intValue, seq >= 1 else { return bad("\"origin\" has no seq ≥ 1") }
        guard let tsText = o["ts"]?.stringValue, RFC3339Timestamp.parse(tsText) != nil else {
            return bad("\"origin\" has no \"ts\" (RFC 3339)")
        }
        func hex(_ name: String) -> String? {
            guard let s = o[name]?.stringValue, s.utf8.count == 64, s.utf8.allSatisfy(Hex.isLowerDigit) else {
                return nil
            }
            return s
        }
        guard let prev = hex("prev") else { return bad("\"origin\" has no \"prev\" of 64 lower-case hex") }
        guard let hash = hex("hash") else { return bad("\"origin\" has no \"hash\" of 64 lower-case hex") }
        guard let sig = o["sig"]?.stringValue else { return bad("\"origin\" has no \"sig\"") }
        var batch: LogBatch?
        if let b = o["batch"] {
            guard let first = b["first"]?.intValue, let count = b["count"]?.intValue, first >= 1, count >= 1,
                first <= seq, seq <= first + count - 1
            else { return bad("\"origin\" has a malformed \"batch\"") }
            batch = LogBatch(first: first, count: count)
        }
        let line = OriginLine(
            seq: seq, hash: hash, prev: prev, ts: tsText, type: record.type, id: record.id, batch: batch)
        return .success((desk, line, sig))
    }

    /// A malformed origin member, in words.
    public struct Failure: Error, Sendable { public var reason: String }

    /// The hash the record has in its desk's chain: the origin's `redacted_from` for a copy
    /// without personal data (issue 11, item 4; docs/log-format.md §12), else its `hash`; nil
    /// without an origin.
    public static func chainHash(of record: LogRecord) -> String? {
        guard let o = record.extraEnvelope.last(where: { $0.0 == "origin" })?.1 else { return nil }
        if let r = o["redacted_from"]?.stringValue, r.utf8.count == 64, r.utf8.allSatisfy(Hex.isLowerDigit) {
            return r
        }
        return o["hash"]?.stringValue
    }

    /// The line of this log's own `record` with `payload` in place of its own — the copy
    /// without personal data that a desk pushes for units that may read the alert but not
    /// the persons concerned (issue 11, item 4) — and that line's hash (64 lower-case hex).
    /// Same envelope (seq, ts, actor, type, id, batch, prev): it stands at the record's place
    /// in the desk's chain, and is signed over its own hash.
    public static func redactedCopy(of record: LogRecord, payload: JSON) -> (line: [UInt8], hash: String) {
        var out: [UInt8] = []
        let hash = RecordCodec.encode(
            v: record.v, seq: record.seq, ts: record.ts, actor: record.actor, type: record.type, id: record.id,
            payload: payload, batch: record.batch, prev: record.prevHex.bytes, to: &out)
        if out.last == 0x0A { out.removeLast() }
        return (out, String(decoding: hash, as: UTF8.self))
    }

    /// The original line of `record`, rebuilt from its copy here; nil when its origin is
    /// absent or malformed.
    public static func originalLine(of record: LogRecord) -> [UInt8]? {
        guard case .success(let o) = origin(of: record), let ts = RFC3339Timestamp.parse(o.line.ts) else {
            return nil
        }
        var out: [UInt8] = []
        _ = RecordCodec.encode(
            v: LogFormat.version, seq: o.line.seq, ts: ts, actor: record.actor, type: record.type, id: record.id,
            payload: record.payload, batch: o.line.batch, prev: Array(o.line.prev.utf8), to: &out)
        return out
    }

    /// What is wrong with the copy `record` of another desk's record: nil when its origin
    /// rebuilds to the original's hash and its signature verifies with `publicKeyBase64`
    /// (the key this log holds for the origin desk); otherwise the reason in words
    /// (`dutydesk verify` prints it after `seq N at byte O: origin HQLS seq 57: `). A nil
    /// key is a finding too (`no public key of desk HQLS in this log`). `record` must have
    /// been read with its payload.
    public static func check(_ record: LogRecord, publicKeyBase64: String?) -> String? {
        let o: (desk: String, line: OriginLine, sig: String)
        switch origin(of: record) {
        case .success(let x): o = x
        case .failure(let f): return f.reason
        }
        guard let ts = RFC3339Timestamp.parse(o.line.ts), ts.description == o.line.ts else {
            return "\"origin\" has a \"ts\" DutyDesk does not write (\(o.line.ts))"
        }
        var out: [UInt8] = []
        let hash = RecordCodec.encode(
            v: LogFormat.version, seq: o.line.seq, ts: ts, actor: record.actor, type: record.type, id: record.id,
            payload: record.payload, batch: o.line.batch, prev: Array(o.line.prev.utf8), to: &out)
        guard String(decoding: hash, as: UTF8.self) == o.line.hash else {
            return
                "the record does not rebuild to its origin hash \(o.line.hash.prefix(16))… (its actor, type, id or payload was altered, or its origin)"
        }
        guard let key = publicKeyBase64 else {
            return
                "no public key of desk \(o.desk) in this log (its desk.configured or desk.keyed did not arrive first)"
        }
        guard DeskKey.verify(publicKeyBase64: key, desk: o.desk, seq: o.line.seq, hash: o.line.hash, signature: o.sig)
        else { return "the signature does not verify with desk \(o.desk)'s public key" }
        return nil
    }
}
