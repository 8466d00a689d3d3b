// What travels between a desk and the server, and the pull cursor (issue 11, item 3;
// decision 0013 "Push, pull and the cursor").

/// Which copy of a record a row holds: the record as its desk wrote it, or — for a record
/// with personal data that units sharing its alert may read — a copy without the personal
/// data, signed by the same desk (issue 11, item 4).
public enum RecordVariant: String, Sendable {
    case full, redacted
}

/// One row this desk pushes.
public struct OutgoingRecord: Sendable, Equatable {
    /// The record's seq in this desk's own log.
    public var seq: Int
    public var variant: RecordVariant
    /// `campaign`, `amber+strict`, `amber`, `green` or `clear` (never `red`: red never leaves the desk).
    public var level: String
    /// The alert or request id the record is about, if any.
    public var subject: String?
    /// Whether the row holds personal data (only the owning unit and Division 1 may read it).
    public var personal: Bool
    public var type: String
    /// SHA-256 (64 lower-case hex) of `line`.
    public var hash: String
    /// The hash of the record in this desk's chain (= `hash` for the full copy).
    public var chainHash: String
    /// `prev` of the record in this desk's chain.
    public var prev: String
    /// Ed25519 signature (base64) of the desk's key over `hash` (docs/log-format.md, "Origin records").
    public var signature: String
    /// The record line as hashed, without its `\n`.
    public var line: String
    /// Units the record's subject is routed to (assignment, escalation, request; item 4).
    public var grants: [String]

    public init(
        seq: Int, variant: RecordVariant, level: String, subject: String?, personal: Bool, type: String,
        hash: String, chainHash: String, prev: String, signature: String, line: String, grants: [String]
    ) {
        self.seq = seq
        self.variant = variant
        self.level = level
        self.subject = subject
        self.personal = personal
        self.type = type
        self.hash = hash
        self.chainHash = chainHash
        self.prev = prev
        self.signature = signature
        self.line = line
        self.grants = grants
    }
}

/// One row another desk pushed, as this desk pulls it.
public struct PulledRecord: Sendable, Equatable {
    /// Where the row is in the server's order.
    public var cursor: PullCursor
    /// The desk that wrote it, and its seq there.
    public var origin: String
    public var originSeq: Int
    /// The alert or request id it is about, if any.
    public var subject: String?
    /// Its event type (as the pusher declared it; the line is what counts).
    public var type: String
    public var variant: RecordVariant
    public var hash: String
    public var chainHash: String
    public var prev: String
    public var signature: String
    /// The record line as its desk hashed it.
    public var line: String
}

/// Position in the server's commit order: the inserting transaction's id (`xid8`) and the
/// row's `pos`. A pull reads rows after the cursor whose transaction is older than every
/// transaction still running (`tx < pg_snapshot_xmin(pg_current_snapshot())`), so a row
/// committed later with a smaller `pos` is never skipped (decision 0013).
///
/// Text form `TX/POS` (`0/0` before the first pull), as kept in the desk's log.
public struct PullCursor: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var tx: UInt64
    public var pos: Int64

    public init(tx: UInt64, pos: Int64) {
        self.tx = tx
        self.pos = pos
    }

    public static let start = PullCursor(tx: 0, pos: 0)

    /// Parses `TX/POS`; nil when malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let t = UInt64(parts[0]), let p = Int64(parts[1]), p >= 0 else { return nil }
        self.init(tx: t, pos: p)
    }

    public var description: String { "\(tx)/\(pos)" }

    public static func < (a: PullCursor, b: PullCursor) -> Bool { (a.tx, a.pos) < (b.tx, b.pos) }
}

/// What a push did.
public struct PushOutcome: Sendable, Equatable {
    /// Rows the server did not have.
    public var inserted: Int
    /// Rows it already had, with the same hash (a resend after a lost reply).
    public var alreadyThere: Int
    /// Rows it already had with a different hash: this desk's log forked (restored from an
    /// old copy and written again). Nothing of the push is committed when there is one.
    public var forks: [(seq: Int, serverHash: String)]

    public static func == (a: PushOutcome, b: PushOutcome) -> Bool {
        a.inserted == b.inserted && a.alreadyThere == b.alreadyThere
            && a.forks.map(\.seq) == b.forks.map(\.seq) && a.forks.map(\.serverHash) == b.forks.map(\.serverHash)
    }
}

/// An enrolled desk, as the server's directory lists it.
public struct EnrolledDesk: Sendable, Equatable {
    public var code: String
    public var unit: String
    public var name: String?
    /// Ed25519 public key, base64 of 32 bytes.
    public var publicKey: String
    /// Last time its sync reached the server (UTC); nil before the first.
    public var lastContact: String?
}
