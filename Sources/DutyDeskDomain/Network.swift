// The desk's own bookkeeping of the campaign network (issue 11, item 3; decision 0013):
// where its pull stands, what it pushed, whether the link is up, and the records it
// refused. These records never leave the desk (route `.local`).
import DutyDeskJSON

/// `network.pulled`: the last record of every batch the sync appends from the server; the
/// batch holds the other desks' records it pulled and this cursor, so a kill at any moment
/// leaves both or neither (the cursor is kept in the desk's own log, item 3).
public struct NetworkPulled: Sendable, Hashable {
    /// The records cursor `TX/POS` (decision 0013) after this batch.
    public var cursor: String
    /// The grants cursor `TX/POS`.
    public var grantsCursor: String
    /// Records appended by this batch (quarantined ones included).
    public var count: Int
    public init(cursor: String, grantsCursor: String, count: Int) {
        self.cursor = cursor
        self.grantsCursor = grantsCursor
        self.count = count
    }
}

/// `network.pushed`: this desk's records up to `through` are on the server.
public struct NetworkPushed: Sendable, Hashable {
    /// The highest seq of this log that is on the server.
    public var through: Int
    /// Rows this push inserted.
    public var count: Int
    public init(through: Int, count: Int) {
        self.through = through
        self.count = count
    }
}

/// `network.link`: the link to the server came up or went down (recorded on a change only).
public struct NetworkLink: Sendable, Hashable {
    public var up: Bool
    /// Why it went down, in words (the server's or the system's message).
    public var reason: String?
    public init(up: Bool, reason: String?) {
        self.up = up
        self.reason = reason
    }
}

/// `network.quarantined`: a record the sync refused to apply — its signature does not verify,
/// it forks its desk's chain (the same desk and seq with another hash), or it is unreadable.
/// Kept, with its line, and shown; never applied (issue 11, item 3).
public struct NetworkQuarantined: Sendable, Hashable {
    /// The desk the server said wrote it, and its seq there.
    public var desk: String
    public var seq: Int
    /// Why it was refused, in words.
    public var reason: String
    /// The line as received (untrusted text: shown only through the sanitiser).
    public var line: String
    public init(desk: String, seq: Int, reason: String, line: String) {
        self.desk = desk
        self.seq = seq
        self.reason = reason
        self.line = line
    }
}

/// What the desk's log says of its network link: the dashboard header's network state.
public struct NetworkStatus: Sendable, Equatable {
    /// Pull cursors (`TX/POS`), `0/0` before the first pull.
    public var pullCursor = "0/0"
    public var grantsCursor = "0/0"
    /// The highest seq of this log on the server (0: nothing pushed yet).
    public var pushedThrough = 0
    /// When the last push and pull were recorded (the records' times).
    public var lastPush: RFC3339Timestamp?
    public var lastPull: RFC3339Timestamp?
    /// nil: the desk never synced; true/false: the last recorded state of the link.
    public var linkUp: Bool?
    /// Since when the link is down (nil when up or never synced).
    public var offlineSince: RFC3339Timestamp?
    /// Why it went down.
    public var downReason: String?
    /// Records pulled from other desks.
    public var pulledRecords = 0
    /// Records refused, in log order.
    public var quarantined: [NetworkQuarantined] = []

    public init() {}

    /// True once the desk has synced at least once.
    public var isNetworked: Bool { linkUp != nil }
}

extension NetworkStatus {
    mutating func apply(_ event: DomainEvent, at ts: RFC3339Timestamp) {
        switch event {
        case .networkPulled(let p):
            pullCursor = p.cursor
            grantsCursor = p.grantsCursor
            pulledRecords += p.count
            lastPull = ts
        case .networkPushed(let p):
            pushedThrough = max(pushedThrough, p.through)
            lastPush = ts
        case .networkLink(let p):
            if p.up {
                offlineSince = nil
                downReason = nil
            } else if linkUp != false {
                offlineSince = ts
                downReason = p.reason
            }
            linkUp = p.up
        case .networkQuarantined(let p):
            quarantined.append(p)
        default:
            break
        }
    }
}
