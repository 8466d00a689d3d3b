import DutyDeskJSON

// What a decider had seen, and the canonical order the fold derives from it (issue 10,
// item 5; docs/decisions/0012-seen-and-conflicts.md).

/// Where a record was decided when it is not this log's own: another desk's code and the
/// record's seq in that desk's log. Read from the record envelope's `origin` member
/// (`{"desk":"HQLS","seq":57}`), which the network's sync writes when it copies another
/// desk's record into this log (issue 11). Nil for this log's own records.
public struct EventOrigin: Sendable, Hashable {
    /// The deciding desk's code (e.g. `HQLS`).
    public var desk: String
    /// The record's seq in that desk's own log (≥ 1).
    public var seq: Int
    public init(desk: String, seq: Int) {
        self.desk = desk
        self.seq = seq
    }
}

/// What the decider of an event had seen of the alert or request it acts on: for each
/// desk, the highest seq — in that desk's own log — among the subject's events it knew.
/// Stored in the event's payload as `"seen":{"HQLS":41}` (docs/events.md); this log's own
/// desk is written with its code, `""` while the log has no desk. An event without it
/// (written before issue 10) counts as having seen everything before it in the log.
///
/// Because every writer of one log decides under its lock from the whole log, an event of
/// this log has always seen the log's earlier events on its subject; only events decided
/// at another desk (or by a writer working on a stale view) can miss some.
public struct SeenMark: Sendable, Hashable {
    /// Desk code → highest seq known of that desk's events on the subject.
    public var seqs: [String: Int]
    public init(_ seqs: [String: Int]) { self.seqs = seqs }

    /// The payload member name.
    public static let member = "seen"

    /// The mark in an event payload, nil when the payload has none or it is malformed (a
    /// non-object, a negative or non-integer seq: the event is then treated as one written
    /// before marks existed).
    public init?(payload: JSON) {
        guard case .object(let members) = payload,
            let v = members.last(where: { $0.0 == Self.member })?.1,
            case .object(let entries) = v
        else { return nil }
        var d: [String: Int] = [:]
        for (k, x) in entries {
            guard let n = x.intValue, n >= 0 else { return nil }
            d[k] = max(d[k] ?? 0, n)
        }
        seqs = d
    }

    /// What is wrong with the payload's `seen` member, or nil when it is absent or well
    /// formed: an object of desk codes (`""` or a desk code, `DeskCode`) to seqs ≥ 0.
    /// `dutydesk verify` names it; the fold reads such a record as one without a mark.
    public static func problem(in payload: JSON) -> String? {
        guard case .object(let members) = payload, let v = members.last(where: { $0.0 == member })?.1 else {
            return nil
        }
        guard case .object(let entries) = v else { return "\"seen\" is not an object of desk codes and seqs" }
        for (k, x) in entries {
            if !k.isEmpty && !DeskCode.isValid(k) { return "\"seen\" names a desk code that is not one" }
            guard let n = x.intValue, n >= 0 else { return "\"seen\" has a seq that is not a whole number ≥ 0" }
        }
        return nil
    }

    /// As the payload member's value: desks in code order.
    public var json: JSON { .object(seqs.sorted { $0.key < $1.key }.map { ($0.key, JSON.int($0.value)) }) }
}

/// A seen mark with desk codes as origin indexes: this log's entry apart, so the common
/// mark (this log's desk only) needs no table.
struct SeenIndexes {
    var local = 0
    var others: [Int32: Int] = [:]
}

/// An event's place in its subject's causal history, as the fold keeps it. `origin` and
/// the seen seqs are indexes into `CampaignState.origins` (0 = this log), so one entry
/// costs a few words and no text.
struct Stamp: Sendable, Hashable {
    /// The deciding desk (index in `CampaignState.origins`; 0 = this log).
    var origin: Int32
    /// Length of the longest chain of seen events on the subject before this one: the
    /// first key of the canonical order (an event is always deeper than what it saw).
    var depth: Int32
    /// The event's seq in its desk's log (this log's seq for its own records).
    var oseq: Int
    /// The highest seq of this log's own events on the subject that its decider knew.
    var seenLocal: Int
    /// The same for other desks (origin index → seq); nil when it saw none.
    var seenOthers: SeenOthers?

    /// True when the decider of `self` knew the event stamped `p`.
    func saw(_ p: Stamp) -> Bool {
        if p.origin == 0 { return seenLocal >= p.oseq }
        return (seenOthers?.seqs[p.origin] ?? 0) >= p.oseq
    }
}

/// The other desks' entries of a stamp: shared, immutable, compared by value.
final class SeenOthers: Sendable, Hashable {
    let seqs: [Int32: Int]
    init(_ seqs: [Int32: Int]) { self.seqs = seqs }
    static func == (a: SeenOthers, b: SeenOthers) -> Bool { a === b || a.seqs == b.seqs }
    func hash(into h: inout Hasher) { h.combine(seqs) }
}

/// The desks met in a log's records, by index: 0 is this log (its code is `""` until
/// the log has a desk), then every other desk in the order first met.
struct OriginTable: Sendable, Equatable {
    private(set) var codes: [String] = [""]
    private var index: [String: Int32] = [:]

    /// The index of desk `code`: 0 for this log's own code (and for `""`), else the other
    /// desk's, added when first met.
    mutating func intern(_ code: String) -> Int32 {
        if code.isEmpty || code == codes[0] { return 0 }
        if let i = index[code] { return i }
        let i = Int32(codes.count)
        codes.append(code)
        index[code] = i
        return i
    }

    /// The index of `code` without adding it; nil when unknown.
    func lookup(_ code: String) -> Int32? {
        if code.isEmpty || code == codes[0] { return 0 }
        return index[code]
    }

    func code(_ i: Int32) -> String { Int(i) < codes.count ? codes[Int(i)] : "" }

    /// Sets this log's own code (once the log has a desk).
    mutating func setLocal(_ code: String) { codes[0] = code }

    /// Rebuilt from a snapshot's list (index 0 first).
    init(codes: [String]) {
        self.codes = codes.isEmpty ? [""] : codes
        for (i, c) in self.codes.enumerated() where i > 0 { index[c] = Int32(i) }
    }
    init() {}
}

/// A subject's events as the fold keeps them to apply its rules in one order whatever
/// the order they arrived in: each event's stamp, and the canonical order (`precedes`).
protocol StampedOp {
    var stamp: Stamp { get }
    /// Set while the rules run: the event changed its subject.
    var applied: Bool { get }
}

extension Array where Element: StampedOp {
    /// The stamp of an event of this subject decided with `mark` (nil: an old event, which
    /// saw everything before it) at `origin`/`oseq`. Depth is one more than the deepest
    /// event it saw. O(events of the subject).
    func stamp(origin: Int32, oseq: Int, mark: SeenIndexes?) -> Stamp {
        var local = 0
        var others: [Int32: Int] = [:]
        if let mark {
            local = mark.local
            others = mark.others
        } else {
            for op in self {
                if op.stamp.origin == 0 {
                    local = Swift.max(local, op.stamp.oseq)
                } else {
                    others[op.stamp.origin] = Swift.max(others[op.stamp.origin] ?? 0, op.stamp.oseq)
                }
            }
        }
        var s = Stamp(
            origin: origin, depth: 0, oseq: oseq, seenLocal: local,
            seenOthers: others.isEmpty ? nil : SeenOthers(others))
        var depth: Int32 = 0
        for op in self where s.saw(op.stamp) { depth = Swift.max(depth, op.stamp.depth + 1) }
        s.depth = depth
        return s
    }

    /// The seen mark a decider working on these events writes: the highest seq per desk.
    func seenMark(_ origins: OriginTable) -> SeenMark {
        var d: [String: Int] = [:]
        for op in self {
            let code = origins.code(op.stamp.origin)
            d[code] = Swift.max(d[code] ?? 0, op.stamp.oseq)
        }
        return SeenMark(d)
    }

    /// The last event, in canonical order, that the rules applied and that matches `test`.
    func lastApplied(_ origins: OriginTable, where test: (Element) -> Bool) -> Int? {
        var best: Int?
        for (i, op) in enumerated() where op.applied && test(op) {
            if let b = best, precedes(op.stamp, self[b].stamp, origins) { continue }
            best = i
        }
        return best
    }

    /// Indexes in canonical order: by depth, then the deciding desk's code, then its seq.
    /// A linear extension of "saw", the same on every desk for the same events.
    func canonicalOrder(_ origins: OriginTable) -> [Int] {
        indices.sorted { precedes(self[$0].stamp, self[$1].stamp, origins) }
    }
}

/// The canonical order of two stamps of one subject (see `canonicalOrder`).
func precedes(_ a: Stamp, _ b: Stamp, _ origins: OriginTable) -> Bool {
    if a.depth != b.depth { return a.depth < b.depth }
    if a.origin != b.origin {
        let ca = origins.code(a.origin)
        let cb = origins.code(b.origin)
        if ca != cb { return ca < cb }
        return a.origin < b.origin
    }
    return a.oseq < b.oseq
}
