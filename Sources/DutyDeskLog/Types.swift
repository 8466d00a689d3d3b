// DutyDeskLog: the append-only, hash-chained, multi-process event log (issue 2).
// Format: docs/log-format.md. Decisions: docs/decisions/0002-log-format.md.
import DutyDeskJSON

/// Who wrote a record: the officer (cán bộ) on duty, the process and the host.
///
/// Shape in the log: `"actor":{"officer":"…","process":"…","host":"…"}` (members in that
/// order; unknown extra members written by newer versions are kept in `extra`).
public struct LogActor: Sendable, Hashable {
    /// Officer id as issued by the unit (e.g. `"HQ-0412"`); may be `"system"` for automatic records.
    public var officer: String
    /// Writing process, e.g. `"dutydesk/1234"` (program name and pid).
    public var process: String
    /// Host name of the machine that wrote the record.
    public var host: String

    public init(officer: String, process: String, host: String) {
        self.officer = officer
        self.process = process
        self.host = host
    }

    var json: JSON { .object([("officer", .string(officer)), ("process", .string(process)), ("host", .string(host))]) }
}

/// A record to append. The writer assigns `seq`, `prev` and `hash` under the lock.
public struct NewRecord: Sendable {
    /// Dotted event type such as `alert.received` (ASCII letters, digits, `_`, `-`, separated by dots).
    public var type: String
    /// Unique event id and idempotency key: an id already in the log is not appended again.
    /// 1…200 bytes of UTF-8 without control characters.
    public var id: String
    /// The payload; must be a JSON object. By convention it carries its schema version
    /// as member `"schema"` (integer, absent = 1); the log does not interpret it.
    public var payload: JSON
    /// The record time with its offset; nil means "now" in the log's `clockOffsetSeconds`
    /// (ICT, UTC+7, by default). Times earlier than the log's last record are raised to it
    /// (the `ts` field is non-decreasing; see docs/log-format.md §4).
    public var ts: RFC3339Timestamp?
    /// Who wrote it.
    public var actor: LogActor
    /// The envelope member `origin` (docs/log-format.md §2), for a record another desk wrote
    /// and this log keeps a copy of (`OriginRecord.newRecord`); nil for this log's own
    /// records. Written after `payload` and `batch`, before `prev`, covered by the hash, and
    /// read back as `LogRecord.extraEnvelope` member `origin`. Must be a JSON object.
    public var origin: JSON?

    public init(
        type: String, id: String, payload: JSON, ts: RFC3339Timestamp? = nil, actor: LogActor, origin: JSON? = nil
    ) {
        self.type = type
        self.id = id
        self.payload = payload
        self.ts = ts
        self.actor = actor
        self.origin = origin
    }
}

/// A stored record with its envelope and position.
public struct LogRecord: Sendable {
    /// Format version the record was written with (`v`); this module writes 1.
    public var v: Int
    /// Position in the log: 1, 2, 3, … contiguous over the whole log.
    public var seq: Int
    /// Record time (RFC 3339 with offset), non-decreasing along the log.
    public var ts: RFC3339Timestamp
    public var actor: LogActor
    /// Dotted event type, e.g. `alert.received`. Unknown types are passed on untouched.
    public var type: String
    /// Unique event id (idempotency key).
    public var id: String
    /// The payload object, members in stored order (unknown members preserved).
    /// `.null` only when a caller asked for envelopes without payloads.
    public var payload: JSON
    /// Lower-case hex SHA-256 of the previous record (64 zeros for seq 1).
    public var prev: String { prevHex.description }
    /// Lower-case hex SHA-256 of this record's hashed bytes (docs/log-format.md §3).
    public var hash: String { hashHex.description }
    /// `prev` as 64 hex bytes stored inline (no allocation during replay).
    public var prevHex: HexDigest
    /// `hash` as 64 hex bytes stored inline.
    public var hashHex: HexDigest
    /// Envelope members this version does not know (from newer writers), in stored order.
    public var extraEnvelope: [(String, JSON)]
    /// The batch this record belongs to (member `batch`), nil for a single-record append
    /// and for records written before batches were marked (docs/log-format.md §2, §5).
    public var batch: LogBatch?
    /// Byte offset of the record's first byte in the log file.
    public var offset: Int64
    /// Length of the stored line in bytes, including its terminating `\n`.
    public var length: Int
    /// The stored line exactly as on disk, including `\n` — only when requested
    /// (`keepRaw: true`), otherwise empty.
    public var raw: [UInt8]
}

/// Marks a record as one of a multi-record append (issue 12, item 1; decision 0008).
///
/// Shape in the log: `"batch":{"first":F,"count":N}` between `payload` and `prev`: the
/// record belongs to the batch whose first record has seq `F` and which holds `N ≥ 2`
/// records (seq `F` … `F+N−1`). Readers deliver a batch's records only once all `N` are
/// present; an incomplete batch at the end of the file is crash damage (quarantined on
/// the next write), anywhere else a bad record.
public struct LogBatch: Sendable, Hashable {
    /// Seq of the batch's first record (also the batch's id: seqs are unique).
    public var first: Int
    /// Number of records in the batch (≥ 1; DutyDesk writes ≥ 2).
    public var count: Int

    public init(first: Int, count: Int) {
        self.first = first
        self.count = count
    }

    /// Seq of the batch's last record.
    public var last: Int { first + count - 1 }
}

/// A SHA-256 written as 64 lower-case hex ASCII bytes, stored inline.
public struct HexDigest: Sendable, Hashable, CustomStringConvertible {
    var lo: SIMD32<UInt8>
    var hi: SIMD32<UInt8>

    /// Reads 64 bytes at `p` (not checked).
    @inline(__always)
    init(at p: UnsafePointer<UInt8>) {
        lo = UnsafeRawPointer(p).loadUnaligned(as: SIMD32<UInt8>.self)
        hi = UnsafeRawPointer(p + 32).loadUnaligned(as: SIMD32<UInt8>.self)
    }

    /// From 64 hex bytes; nil when `bytes.count != 64`.
    public init?(_ bytes: [UInt8]) {
        guard bytes.count == 64, let digest = bytes.withUnsafeBufferPointer({ $0.baseAddress.map(HexDigest.init(at:)) })
        else { return nil }
        self = digest
    }

    /// The 64 hex bytes.
    public var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 64)
        for i in 0..<32 {
            out[i] = lo[i]
            out[32 + i] = hi[i]
        }
        return out
    }

    public var description: String { String(decoding: bytes, as: UTF8.self) }
}

/// Why a record is bad (see docs/log-format.md §6 for the checks in order).
public enum VerifyReason: Sendable, Equatable, CustomStringConvertible {
    /// The line is not a record (bad JSON, missing or mistyped member, malformed hash suffix, …).
    case parseError(String)
    /// `hash` does not equal SHA-256 of the hashed bytes.
    case hashMismatch
    /// `prev` does not equal the previous record's `hash`.
    case prevMismatch
    /// `seq` is not the previous seq + 1.
    case seqGap(found: Int)
    /// `ts` is earlier than the previous record's.
    case timestampDecreased
    /// The file ends with bytes that are not terminated by `\n` (an interrupted write).
    case tornTail
    /// A batch (`LogBatch`) of `count` records of which only `present` are in the log
    /// before `then` (what comes instead: the end of the file, a torn or unparsable last
    /// line, or a record that is not part of the batch). The issue starts at the batch's
    /// first record and covers all of it.
    case incompleteBatch(count: Int, present: Int, then: String)
    /// A record's `batch` member contradicts its position (a record of a batch without
    /// the batch's earlier records, or a malformed batch).
    case batchMismatch(String)

    public var description: String {
        switch self {
        case .parseError(let why): return "parse error (\(why))"
        case .hashMismatch: return "hash mismatch"
        case .prevMismatch: return "prev mismatch"
        case .seqGap(let found): return "seq gap (record says seq \(found))"
        case .timestampDecreased: return "timestamp earlier than the previous record"
        case .tornTail: return "torn tail"
        case .incompleteBatch(let count, let present, let then):
            return "incomplete batch (\(present) of \(count) records, then \(then))"
        case .batchMismatch(let why): return "batch mismatch (\(why))"
        }
    }

    /// True for the reasons a crash can leave behind in the last line (torn or unparsable)
    /// or at the end of the file (an incomplete batch), which recovery may quarantine
    /// when `VerifyIssue.isLastLine` is also true.
    public var isCrashDamage: Bool {
        switch self {
        case .tornTail, .parseError, .incompleteBatch: return true
        default: return false
        }
    }
}

/// The first bad record found by a verification.
public struct VerifyIssue: Sendable, Equatable, CustomStringConvertible {
    /// The seq the record at `offset` should have: the previous good record's seq + 1
    /// (which is its own seq when the record is intact).
    public var seq: Int
    /// Byte offset of the bad line in the file.
    public var offset: Int64
    /// Length of the bad line in bytes (including its `\n` when present).
    public var length: Int
    public var reason: VerifyReason
    /// True when nothing follows the bad line (for an incomplete batch: when nothing but
    /// crash damage follows the batch's records).
    public var isLastLine: Bool

    public init(seq: Int, offset: Int64, length: Int, reason: VerifyReason, isLastLine: Bool) {
        self.seq = seq
        self.offset = offset
        self.length = length
        self.reason = reason
        self.isLastLine = isLastLine
    }

    /// `seq 42 at byte 16384: hash mismatch` — the first line `dutydesk verify` prints.
    public var description: String { "seq \(seq) at byte \(offset): \(reason)" }
}

/// Where a scan or verification stands: enough to continue verifying after a prefix.
public struct VerifyCheckpoint: Sendable, Equatable {
    /// The seq the next record must carry.
    public var nextSeq: Int
    /// The `hash` of the last good record as 64 lower-case hex bytes (64 `0`s before seq 1).
    public var lastHash: [UInt8]
    /// The last good record's instant in nanoseconds since the epoch (nil before seq 1).
    public var lastTimestampNanos: Int64?
    /// Byte offset just after the last good record.
    public var offset: Int64

    public init(nextSeq: Int, lastHash: [UInt8], lastTimestampNanos: Int64?, offset: Int64) {
        self.nextSeq = nextSeq
        self.lastHash = lastHash
        self.lastTimestampNanos = lastTimestampNanos
        self.offset = offset
    }

    /// The state before the first record.
    public static let genesis = VerifyCheckpoint(
        nextSeq: 1, lastHash: LogFormat.genesisPrev, lastTimestampNanos: nil, offset: 0)
}

/// The outcome of verifying a log.
public struct VerifyReport: Sendable, Equatable {
    /// Number of good records before the first issue (or in total when clean).
    public var goodRecords: Int
    /// Bytes examined.
    public var bytes: Int64
    /// The first bad record, nil when the log is clean.
    public var issue: VerifyIssue?
    /// State after the last good record.
    public var checkpoint: VerifyCheckpoint
    /// Number of `\n`-terminated lines after the bad one (0 when clean).
    public var linesAfterIssue: Int
    /// How many of those lines are self-consistent (their own hash matches).
    public var selfConsistentAfterIssue: Int

    /// True when no issue was found.
    public var isClean: Bool { issue == nil }
}

/// What recovery did when the log was opened for writing.
public struct RecoveryInfo: Sendable, Equatable {
    /// Offset where the quarantined bytes started (the log was truncated to it).
    public var offset: Int64
    /// Number of bytes quarantined.
    public var length: Int
    /// Lower-case hex SHA-256 of the quarantined bytes.
    public var sha256: String
    /// Why they were quarantined (`torn tail`, `parse error (…)`).
    public var reason: String
    /// The quarantine file (`<log>.quarantine`).
    public var quarantinePath: String
    /// Seq of the `log.recovered` record appended afterwards.
    public var recordSeq: Int
}

/// The state of a log after `EventLog.open`.
public enum LogOpenState: Sendable, Equatable {
    /// The log verified clean.
    case ok
    /// A torn or unparsable last line was quarantined and a `log.recovered` record appended.
    case recovered(RecoveryInfo)
    /// A bad record was found that recovery must not touch (it is followed by other records,
    /// or it is a complete record whose hash or chain is wrong). Nothing was changed; appends
    /// are refused. `dutydesk verify` explains.
    case readOnly(VerifyIssue)
}

/// What is at a log path instead of a regular file (`LogError.unsafePath`; issue 12, item 8).
public enum PathKind: Sendable, Hashable {
    case symbolicLink, fifo, socket, directory, device
    /// Anything else that is not a regular file.
    case other

    /// `is a FIFO (named pipe), not a regular file`: the English reason (the CLI has the
    /// Vietnamese one).
    public var reason: String {
        switch self {
        case .symbolicLink:
            return
                "is a symbolic link, not a regular file (DutyDesk does not follow links at a log path: give the real file)"
        case .fifo: return "is a FIFO (named pipe), not a regular file"
        case .socket: return "is a socket, not a regular file"
        case .directory: return "is a directory, not a regular file"
        case .device: return "is a device, not a regular file"
        case .other: return "is not a regular file"
        }
    }
}

/// Errors of the log. Every case names the file; messages are for the officer.
/// The CLI maps them to sysexits codes: `badLog`/`readOnly` → 65 (EX_DATAERR),
/// `notFound` and `unsafePath` → 66 (EX_NOINPUT), `cannotCreate` → 73 (EX_CANTCREAT), I/O, write and
/// sync failures → 74 (EX_IOERR), `invalidRecord` → 65.
public enum LogError: Error, Sendable, CustomStringConvertible {
    case notFound(path: String)
    /// Something other than a regular file is at the path: a symbolic link (never
    /// followed), a FIFO, a socket, a directory or a device (issue 12, item 8).
    case unsafePath(path: String, kind: PathKind)
    case cannotCreate(path: String, errno: Int32)
    case io(path: String, operation: String, errno: Int32)
    /// `write` wrote fewer bytes than the line(s): nothing is acknowledged; the descriptor is dropped.
    case shortWrite(path: String, offset: Int64, expected: Int, written: Int)
    /// `fdatasync`/`fsync` failed: nothing is acknowledged; the descriptor is dropped.
    case syncFailed(path: String, errno: Int32)
    /// The log holds a bad record (see the issue).
    case badLog(path: String, issue: VerifyIssue)
    /// The log is open read-only (a bad record, or opened `.readOnly`).
    case readOnly(path: String, reason: String)
    /// A record handed to `append` is not acceptable (index in the batch, id, why).
    case invalidRecord(index: Int, id: String, reason: String)
    /// The log shrank under us: records already seen are gone.
    case shrank(path: String, from: Int64, to: Int64)

    public var description: String {
        switch self {
        case .notFound(let p): return "\(p): no such log file"
        case .unsafePath(let p, let kind): return "\(p): \(kind.reason); refusing to use it"
        case .cannotCreate(let p, let e): return "\(p): cannot create: \(errnoText(e))"
        case .io(let p, let op, let e): return "\(p): \(op) failed: \(errnoText(e))"
        case .shortWrite(let p, let off, let exp, let got):
            return "\(p): short write at byte \(off) (\(got) of \(exp) bytes); the record was NOT saved"
        case .syncFailed(let p, let e): return "\(p): sync to disk failed: \(errnoText(e)); the record may NOT be saved"
        case .badLog(let p, let issue): return "\(p): \(issue)"
        case .readOnly(let p, let why): return "\(p): log is read-only: \(why)"
        case .invalidRecord(let i, let id, let why): return "record \(i) (id \(id)): \(why)"
        case .shrank(let p, let a, let b):
            return "\(p): log shrank from \(a) to \(b) bytes; records already read are gone"
        }
    }
}

/// Constants of the on-disk format (docs/log-format.md).
public enum LogFormat {
    /// The format version this module writes (`"v":1`).
    public static let version = 1
    /// `prev` of the first record: 64 ASCII zeros.
    public static let genesisPrev: [UInt8] = Array(repeating: UInt8(ascii: "0"), count: 64)
    /// The fixed suffix before the hash hex: `,"hash":"`.
    static let hashPrefix: [UInt8] = Array(#","hash":""#.utf8)
    /// Bytes from the start of `,"hash":"` to the end of the line without `\n`: 9 + 64 + 2.
    static let suffixLength = 75
}
