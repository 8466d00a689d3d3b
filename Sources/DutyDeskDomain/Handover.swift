// Shift handover (issue 13, item 8): an officer ending a standby shift (letter 4237, item 5:
// officers on standby receive and handle at once what the Coordination Board and member
// countries send) records a note and the list of what is open, so that nothing slips
// between shifts. The next officer at the desk reads it and marks it read. Both events stay
// on the desk (`Routing`: local), like the desk's own bookkeeping.
import DutyDeskJSON

/// An overdue deadline as the handover's author saw it: its id (`Deadline.id`), its title in
/// both languages and its due instant (RFC 3339 with offset; shown in the campaign zone).
public struct HandoverDeadline: Sendable, Hashable {
    public var id: String
    public var title: BilingualText
    public var due: RFC3339Timestamp
    public init(id: String, title: BilingualText, due: RFC3339Timestamp) {
        self.id = id
        self.title = title
        self.due = due
    }
}

/// `shift.handed_over`: the note and what was open when the shift ended, as the author's
/// projection held it at seq `asOfSeq`. Each list keeps at most `ShiftHandedOver.listLimit`
/// entries, oldest first; its `…Total` counts all of them (a desk holding 50 000
/// unacknowledged alerts writes a readable record, not a megabyte).
public struct ShiftHandedOver: Sendable, Hashable {
    /// The author's free text (required, one or more lines).
    public var note: String
    /// Open alerts nobody has acknowledged yet (status `received`, not snoozed).
    public var unacknowledged: [String]
    public var unacknowledgedTotal: Int
    /// Open alerts the author owns (acknowledged, assigned or escalated, not snoozed).
    public var acknowledged: [String]
    public var acknowledgedTotal: Int
    /// Alerts snoozed at the time of the handover.
    public var snoozed: [String]
    public var snoozedTotal: Int
    /// Campaign deadlines past due and not met (letter items 6, 8, 9; verification answers).
    public var overdue: [HandoverDeadline]
    public var overdueTotal: Int
    /// The last seq of the log the lists were read from (what the decider saw).
    public var asOfSeq: Int

    /// Entries kept per list.
    public static let listLimit = 200
    /// The longest note `decide` takes, in characters (a page of text; the record stays small).
    public static let noteLimit = 5000

    public init(
        note: String, unacknowledged: [String] = [], unacknowledgedTotal: Int? = nil, acknowledged: [String] = [],
        acknowledgedTotal: Int? = nil, snoozed: [String] = [], snoozedTotal: Int? = nil,
        overdue: [HandoverDeadline] = [], overdueTotal: Int? = nil, asOfSeq: Int = 0
    ) {
        self.note = note
        self.unacknowledged = unacknowledged
        self.unacknowledgedTotal = unacknowledgedTotal ?? unacknowledged.count
        self.acknowledged = acknowledged
        self.acknowledgedTotal = acknowledgedTotal ?? acknowledged.count
        self.snoozed = snoozed
        self.snoozedTotal = snoozedTotal ?? snoozed.count
        self.overdue = overdue
        self.overdueTotal = overdueTotal ?? overdue.count
        self.asOfSeq = asOfSeq
    }

    /// True when `alertID` is in one of the lists.
    public func lists(_ alertID: String) -> Bool {
        unacknowledged.contains(alertID) || acknowledged.contains(alertID) || snoozed.contains(alertID)
    }

    /// How many open items it names, all lists together.
    public var openTotal: Int { unacknowledgedTotal + acknowledgedTotal + snoozedTotal + overdueTotal }
}

/// `shift.handover_read`: the officer (the record's actor) read the handover `handoverID`
/// (the event id of its `shift.handed_over`).
public struct ShiftHandoverRead: Sendable, Hashable {
    public var handoverID: String
    public init(handoverID: String) { self.handoverID = handoverID }
}

/// A handover as the projection keeps it: the event, who wrote it and when, and who read it.
public struct ShiftHandover: Sendable, Hashable {
    /// The `shift.handed_over` event id.
    public var eventID: String
    public var seq: Int
    /// When it was written (RFC 3339, the record's instant).
    public var at: RFC3339Timestamp
    /// The officer ending the shift.
    public var author: String
    public var content: ShiftHandedOver
    /// The officer who marked it read and when; nil while unread.
    public var readBy: String?
    public var readAt: RFC3339Timestamp?

    public init(
        eventID: String, seq: Int, at: RFC3339Timestamp, author: String, content: ShiftHandedOver,
        readBy: String? = nil, readAt: RFC3339Timestamp? = nil
    ) {
        self.eventID = eventID
        self.seq = seq
        self.at = at
        self.author = author
        self.content = content
        self.readBy = readBy
        self.readAt = readAt
    }
}

extension CampaignState {
    /// The newest handover nobody has marked read, written by someone other than `officer`
    /// (the one the next officer to open the dashboard is shown), or nil.
    public func unreadHandover(for officer: String) -> ShiftHandover? {
        handovers.last { $0.readBy == nil && $0.author != officer }
    }

    /// The handovers that list `alertID`, oldest first (for the alert's timeline).
    public func handovers(listing alertID: String) -> [ShiftHandover] {
        handovers.filter { $0.content.lists(alertID) }
    }

    /// The handover of `officer` ending a shift at `now`: `note` and what this projection
    /// holds open — unacknowledged alerts, alerts `officer` owns, snoozed alerts (each by
    /// received time, oldest first) and campaign deadlines overdue at `now` (per-unit
    /// nominations and acknowledgement times left out: the first is the nominations
    /// deadline, the second the unacknowledged list).
    func handover(note: String, by officer: String, at now: RFC3339Timestamp) -> ShiftHandedOver {
        var unack: [(RFC3339Timestamp, String)] = []
        var mine: [(RFC3339Timestamp, String)] = []
        var snoozed: [(RFC3339Timestamp, String)] = []
        for a in alerts.records {
            let l = a.lifecycle
            if let u = l.snoozedUntil, now < u, l.status != .closed {
                snoozed.append((a.details.receivedAt, a.id))
                continue
            }
            switch l.status {
            case .received: unack.append((a.details.receivedAt, a.id))
            case .acknowledged, .assigned, .escalated:
                if l.owner == officer { mine.append((a.details.receivedAt, a.id)) }
            default: break
            }
        }
        func ids(_ l: [(RFC3339Timestamp, String)]) -> [String] {
            Array(l.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.prefix(ShiftHandedOver.listLimit).map(\.1))
        }
        let late = deadlines(
            campaign: campaign, state: self, now: now, excluding: [.focalOfficerNomination, .acknowledgement]
        )
        .filter { $0.state == .overdue }
        return ShiftHandedOver(
            note: note, unacknowledged: ids(unack), unacknowledgedTotal: unack.count, acknowledged: ids(mine),
            acknowledgedTotal: mine.count, snoozed: ids(snoozed), snoozedTotal: snoozed.count,
            overdue: late.prefix(ShiftHandedOver.listLimit).map {
                HandoverDeadline(id: $0.id, title: $0.title, due: $0.due)
            },
            overdueTotal: late.count, asOfSeq: lastSeq)
    }

    /// Folds `shift.handed_over` and `shift.handover_read`. A read of an unknown handover,
    /// or of one already read, changes nothing (false: the fold counts it skipped).
    mutating func applyHandover(_ event: DomainEvent, _ e: RecordedEvent) -> Bool {
        switch event {
        case .shiftHandedOver(let p):
            handovers.append(ShiftHandover(eventID: e.id, seq: e.seq, at: e.at, author: e.actor, content: p))
            return true
        case .shiftHandoverRead(let p):
            guard let i = handovers.lastIndex(where: { $0.eventID == p.handoverID }), handovers[i].readBy == nil
            else { return false }
            handovers[i].readBy = e.actor
            handovers[i].readAt = e.at
            return true
        default:
            return false
        }
    }
}

// MARK: - payloads

extension ShiftHandedOver {
    var payloadMembers: [(String, JSON)] {
        [
            ("note", .string(note)),
            ("unacknowledged", .array(unacknowledged.map { .string($0) })),
            ("unacknowledged_total", .int(unacknowledgedTotal)),
            ("acknowledged", .array(acknowledged.map { .string($0) })),
            ("acknowledged_total", .int(acknowledgedTotal)),
            ("snoozed", .array(snoozed.map { .string($0) })),
            ("snoozed_total", .int(snoozedTotal)),
            (
                "overdue_deadlines",
                .array(
                    overdue.map { d in
                        .object([
                            ("id", .string(d.id)), ("title_en", .string(d.title.en)), ("title_vi", .string(d.title.vi)),
                            ("due", .string(d.due.description)),
                        ])
                    })
            ),
            ("overdue_total", .int(overdueTotal)),
            ("as_of_seq", .int(asOfSeq)),
        ]
    }

    /// Reads the payload of `shift.handed_over`.
    /// - Throws: `DomainError.badPayload` naming the field.
    static func decode(_ r: Reader) throws(DomainError) -> ShiftHandedOver {
        func strings(_ f: String) throws(DomainError) -> [String] {
            try Codec.decodeList(r.json[f], type: r.type, field: f) { (j, type) throws(DomainError) -> String in
                guard let s = j.stringValue else { throw DomainError.badPayload(type: type, field: f, .notAString) }
                return s
            }
        }
        let overdue = try Codec.decodeList(r.json["overdue_deadlines"], type: r.type, field: "overdue_deadlines") {
            (j, type) throws(DomainError) -> HandoverDeadline in
            let d = Reader(type: type + " overdue_deadlines", json: j)
            return HandoverDeadline(
                id: try d.string("id"),
                title: BilingualText(en: try d.string("title_en"), vi: try d.string("title_vi")),
                due: try d.timestamp("due"))
        }
        let unack = try strings("unacknowledged")
        let mine = try strings("acknowledged")
        let snoozed = try strings("snoozed")
        func total(_ f: String, _ n: Int) throws(DomainError) -> Int {
            r.json[f] == nil ? n : max(n, try r.count(f))
        }
        return ShiftHandedOver(
            note: try r.string("note"), unacknowledged: unack,
            unacknowledgedTotal: try total("unacknowledged_total", unack.count), acknowledged: mine,
            acknowledgedTotal: try total("acknowledged_total", mine.count), snoozed: snoozed,
            snoozedTotal: try total("snoozed_total", snoozed.count), overdue: overdue,
            overdueTotal: try total("overdue_total", overdue.count),
            asOfSeq: r.json["as_of_seq"] == nil ? 0 : try r.count("as_of_seq"))
    }
}

// MARK: - snapshot (version 9)

extension CampaignState {
    /// The handovers (count; each: event id, seq, instant, author, note, the three alert
    /// lists each as count and ids then total, the overdue deadlines as count and (id, English
    /// title, Vietnamese title, due) then total, the seq it was read as of, reader and read
    /// instant as optionals), in log order. Written at the very end of the body.
    func writeHandoverSection(_ w: inout SnapshotWriter) {
        w.uint(UInt64(handovers.count))
        for h in handovers {
            w.str(h.eventID)
            w.uint(UInt64(h.seq))
            w.ts(h.at)
            w.str(h.author)
            let c = h.content
            w.str(c.note)
            for (ids, total) in [
                (c.unacknowledged, c.unacknowledgedTotal), (c.acknowledged, c.acknowledgedTotal),
                (c.snoozed, c.snoozedTotal),
            ] {
                w.uint(UInt64(ids.count))
                for id in ids { w.str(id) }
                w.uint(UInt64(total))
            }
            w.uint(UInt64(c.overdue.count))
            for d in c.overdue {
                w.str(d.id)
                w.str(d.title.en)
                w.str(d.title.vi)
                w.ts(d.due)
            }
            w.uint(UInt64(c.overdueTotal))
            w.uint(UInt64(c.asOfSeq))
            w.optStr(h.readBy)
            w.optTs(h.readAt)
        }
    }

    mutating func readHandoverSection(_ r: inout SnapshotReader) throws(SnapshotDecodingError) {
        func number(_ r: inout SnapshotReader) throws(SnapshotDecodingError) -> Int {
            let v = try r.uint()
            guard v <= UInt64(Int32.max) else { throw r.error("bad number \(v) in a handover") }
            return Int(v)
        }
        func list(_ r: inout SnapshotReader) throws(SnapshotDecodingError) -> ([String], Int) {
            var ids: [String] = []
            for _ in 0..<(try r.count()) { ids.append(try r.str()) }
            let total = try number(&r)
            guard total >= ids.count else { throw r.error("a handover list longer than its total") }
            return (ids, total)
        }
        for _ in 0..<(try r.count()) {
            let id = try r.str()
            let seq = try number(&r)
            let at = try r.ts()
            let author = try r.str()
            let note = try r.str()
            let (unack, unackTotal) = try list(&r)
            let (mine, mineTotal) = try list(&r)
            let (snoozed, snoozedTotal) = try list(&r)
            var overdue: [HandoverDeadline] = []
            for _ in 0..<(try r.count()) {
                let did = try r.str()
                let title = BilingualText(en: try r.str(), vi: try r.str())
                overdue.append(HandoverDeadline(id: did, title: title, due: try r.ts()))
            }
            let overdueTotal = try number(&r)
            guard overdueTotal >= overdue.count else { throw r.error("a handover list longer than its total") }
            let content = ShiftHandedOver(
                note: note, unacknowledged: unack, unacknowledgedTotal: unackTotal, acknowledged: mine,
                acknowledgedTotal: mineTotal, snoozed: snoozed, snoozedTotal: snoozedTotal, overdue: overdue,
                overdueTotal: overdueTotal, asOfSeq: try number(&r))
            handovers.append(
                ShiftHandover(
                    eventID: id, seq: seq, at: at, author: author, content: content, readBy: try r.optStr(),
                    readAt: try r.optTs()))
        }
    }
}
