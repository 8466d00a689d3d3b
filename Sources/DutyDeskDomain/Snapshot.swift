import DutyDeskJSON

// The projection as bytes: the body of a projection snapshot (issue 6, item 3). The
// snapshot file (header, checkpoint, checksum, atomic write) is the CLI's; this file only
// turns a `CampaignState` into bytes and back, so that a start-up folds the log's tail
// instead of a million events. A snapshot is a derived cache: the log stays the truth.

/// Why snapshot bytes could not be read back. The caller then ignores the snapshot and
/// folds the whole log; nothing else is affected.
public struct SnapshotDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset in the body where reading failed.
    public var offset: Int
    /// What was wrong (e.g. "truncated", "bad alert status 9").
    public var reason: String
    public var description: String { "snapshot body at byte \(offset): \(reason)" }
}

extension CampaignState {
    /// Version of the body layout written by `snapshotBody()`; bodies of other versions
    /// are refused by `init(snapshotBody:campaign:)` (the start-up then ignores the
    /// snapshot, folds the whole log and writes a new one). Version 1 stored enums by their
    /// position in `allCases`; version 2 by the numbers fixed in `SnapshotCodes.swift`
    /// (decision 0009); version 3 adds each alert's and request's history with the seen
    /// stamps, its conflicts and the table of desks (decision 0012) and, at the end, the desk
    /// and the drill clock (decision 0011); version 4 adds the desk's name and public key and
    /// the directory of desks (issue 11) and the sharing section after those (issue 11,
    /// item 4: `writeSharingSection`) with the history entries and conflicts of sharing levels;
    /// version 5 adds the desk's network state at the very end (issue 11, decision 0013);
    /// version 6 adds proposals: their history entries and each alert's list (issue 11, item 5);
    /// version 7 adds the last contact of each other desk at the very end (issue 11, item 6);
    /// version 8 adds each lifecycle's seizure instant as entered, after `closedAt`
    /// (issue 14, item 4); version 9 adds each escalation's reason after its target in the
    /// history entries (issue 13, item 6), after each unit's nomination, the nominations it
    /// replaced (`earlierNominations`; issue 13, item 6), and the shift handovers at the very
    /// end (issue 13, item 8); version 10 adds the self-escalation history entry (issue 13,
    /// item 1). The body of `Tests/Golden/` pins the layout byte for byte.
    public static let snapshotFormatVersion: UInt64 = 10

    /// The projection as a compact binary body (varints and length-prefixed UTF-8), alerts
    /// in priority-then-received order. Derived indexes (waiting for acknowledgement, open
    /// with ETA, seizures, counts, first reports) are not stored: they are rebuilt on read.
    /// O(size of the projection); about 1 KB per alert.
    public func snapshotBody() -> [UInt8] {
        var all: [UInt8] = []
        writeSnapshotBody { all += $0 }
        return all
    }

    /// `snapshotBody()` handed to `sink` in pieces of about 1 MB, in order, so a large
    /// projection is written without holding its whole body in memory.
    /// - Throws: what `sink` throws (the rest is not produced).
    public func writeSnapshotBody(to sink: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        var w = SnapshotWriter()
        w.out.reserveCapacity(SnapshotWriter.flushAt + 64 * 1024)
        func flush(_ force: Bool = false) throws {
            if force || w.out.count >= SnapshotWriter.flushAt {
                try w.out.withUnsafeBufferPointer { try sink($0) }
                w.out.removeAll(keepingCapacity: true)
            }
        }
        w.uint(Self.snapshotFormatVersion)
        w.str(campaign.id)
        w.uint(UInt64(lastSeq))
        w.uint(UInt64(appliedCount))
        w.uint(UInt64(unknownCount))
        w.uint(UInt64(skippedCount))
        w.optStr(lastSkipReason)
        w.uint(UInt64(maxAlertNumber))
        w.uint(UInt64(maxVerificationNumber))
        w.uint(UInt64(alerts.count))
        for bucket in alertIDsByPriority {
            // Every bucket id is an alert (reindex keeps them so); count what is written all the same.
            w.uint(UInt64(bucket.reduce(0) { $0 + (alerts[$1] == nil ? 0 : 1) }))
            for id in bucket {
                guard let alert = alerts[id] else { continue }
                w.alert(alert)
                try flush()
            }
        }
        w.uint(UInt64(verifications.count))
        for v in verifications.values.sorted(by: { $0.id < $1.id }) {
            w.verification(v)
            try flush()
        }
        w.uint(UInt64(nominations.count))
        for n in nominations.values.sorted(by: { $0.unit < $1.unit }) {
            w.nomination(n)
            let earlier = earlierNominations[n.unit] ?? []
            w.uint(UInt64(earlier.count))
            for e in earlier { w.nomination(e) }
        }
        w.uint(UInt64(reports.count))
        for r in reports {
            w.str(r.eventID)
            w.code(r.kind)
            w.optStr(r.unit)
            w.optStr(r.alertID)
            w.optStr(r.day)
            w.optStr(r.reference)
            w.ts(r.submittedAt)
            w.str(r.actor)
            try flush()
        }
        w.uint(UInt64(lastActions.count))
        for (officer, a) in lastActions.sorted(by: { $0.key < $1.key }) {
            w.str(officer)
            w.str(a.eventID)
            w.str(a.type)
            w.str(a.alertID)
            w.lifecycle(a.before)
            w.optStr(a.survivorID)
            w.bool(a.undoable)
        }
        w.uint(UInt64(actors.count))
        for a in actors.sorted() { w.str(a) }
        w.uint(UInt64(origins.codes.count))
        for c in origins.codes { w.str(c) }
        writeDeskSection(&w)
        writeSharingSection(&w)
        writeNetworkSection(&w)
        writeContactSection(&w)
        writeHandoverSection(&w)
        try flush(true)
    }

    /// Reads a body written by `snapshotBody()` for `campaign`.
    /// - Throws: `SnapshotDecodingError` when the bytes are truncated, of another format
    ///   version or campaign, or hold a value no projection can hold. Never traps.
    public init(snapshotBody bytes: [UInt8], campaign: Campaign) throws(SnapshotDecodingError) {
        self = try bytes.withUnsafeBufferPointer { b throws(SnapshotDecodingError) in
            try CampaignState(snapshotBody: b, campaign: campaign)
        }
    }

    /// Reads a body from memory it does not own. Same errors as `init(snapshotBody:campaign:)`.
    public init(snapshotBody bytes: UnsafeBufferPointer<UInt8>, campaign: Campaign) throws(SnapshotDecodingError) {
        self.init(campaign: campaign)
        var r = SnapshotReader(bytes)
        let version = try r.uint()
        guard version == Self.snapshotFormatVersion else {
            throw r.error("format version \(version), expected \(Self.snapshotFormatVersion)")
        }
        let cid = try r.str()
        guard cid == campaign.id else { throw r.error("campaign \(cid), expected \(campaign.id)") }
        lastSeq = try r.number()
        appliedCount = try r.number()
        unknownCount = try r.number()
        skippedCount = try r.number()
        lastSkipReason = try r.optStr()
        maxAlertNumber = try r.number()
        maxVerificationNumber = try r.number()
        let total = try r.count()
        alerts.reserveCapacity(total)
        var seen = 0
        for rank in 0..<4 {
            let n = try r.count()
            seen += n
            guard seen <= total else { throw r.error("more alerts than announced") }
            order.reserve(rank: rank, n)
            for _ in 0..<n {
                let a = try r.alert(&pool)
                guard a.details.priority.rank == rank else {
                    throw r.error("alert \(a.id) in the wrong priority bucket")
                }
                if let (k, lastID) = order.last(rank: rank) {
                    let t = a.details.receivedAt.epochNanoseconds
                    guard k < t || (k == t && lastID < a.id) else { throw r.error("alert \(a.id) out of order") }
                }
                guard alerts[a.id] == nil else { throw r.error("alert \(a.id) twice") }
                order.insert(id: a.id, rank: rank, key: a.details.receivedAt.epochNanoseconds)
                let l = a.lifecycle
                countByStatus[Self.statusSlot(l.status)] += 1
                if l.status == .received { awaitingAcknowledgement.insert(a.id) }
                if l.status != .closed, a.details.eta != nil { openWithETA.insert(a.id) }
                if l.status == .closed, case .seized? = l.disposition {
                    seizures[a.id] = l.seizedAt ?? l.closedAt ?? a.details.receivedAt
                }
                alerts[a.id] = a
            }
        }
        guard seen == total else { throw r.error("\(seen) alerts, \(total) announced") }
        for _ in 0..<(try r.count()) {
            let v = try r.verification(&pool)
            guard verifications[v.id] == nil else { throw r.error("verification \(v.id) twice") }
            verifications[v.id] = v
        }
        for _ in 0..<(try r.count()) {
            let n = try r.nomination()
            guard nominations[n.unit] == nil else { throw r.error("nomination of unit \(n.unit) twice") }
            nominations[n.unit] = n
            var earlier: [FocalOfficerNomination] = []
            for _ in 0..<(try r.count()) {
                let e = try r.nomination()
                guard e.unit == n.unit else { throw r.error("earlier nomination of \(e.unit) under unit \(n.unit)") }
                earlier.append(e)
            }
            if !earlier.isEmpty { earlierNominations[n.unit] = earlier }
        }
        let reportCount = try r.count()
        reports.reserveCapacity(reportCount)
        for _ in 0..<reportCount {
            let rep = SubmittedReport(
                eventID: try r.str(), kind: try r.code(ReportKind.self), unit: try r.optStr(),
                alertID: try r.optStr(), day: try r.optStr(), reference: try r.optStr(),
                submittedAt: try r.ts(), actor: pool.intern(try r.str()))
            reports.append(rep)
            switch rep.kind {
            case .rapid: if let a = rep.alertID, rapidReports[a] == nil { rapidReports[a] = rep }
            case .daily: if let d = rep.day, dailyReports[d] == nil { dailyReports[d] = rep }
            case .final: if finalReport == nil { finalReport = rep }
            }
        }
        for _ in 0..<(try r.count()) {
            let officer = try r.str()
            lastActions[officer] = LastAction(
                eventID: try r.str(), type: try r.str(), alertID: try r.str(),
                before: try r.lifecycle(&pool), survivorID: try r.optStr(), undoable: try r.bool())
        }
        for _ in 0..<(try r.count()) { actors.insert(pool.intern(try r.str())) }
        let originCount = try r.count()
        guard originCount >= 1 else { throw r.error("no desk table") }
        var codes: [String] = []
        for _ in 0..<originCount { codes.append(try r.str()) }
        origins = OriginTable(codes: codes)
        try readDeskSection(&r)
        try readSharingSection(&r)
        try readNetworkSection(&r)
        try readContactSection(&r)
        try readHandoverSection(&r)
        guard r.atEnd else { throw r.error("\(r.remaining) bytes after the end") }
    }
}

// MARK: - v3: desk and drill clock (issue 10, decision 0011); v4: keys and directory (issue 11)

extension CampaignState {
    /// The desk (flag; unit, desk code, highest alert and request numbers of its prefixes,
    /// name and public key as optional texts), the drill clock (flag; drill instant, real
    /// instant) and the directory of desks (count; each by desk code in byte order: code,
    /// unit, name and public key as optional texts).
    func writeDeskSection(_ w: inout SnapshotWriter) {
        w.bool(desk != nil)
        if let d = desk {
            w.str(d.unit)
            w.str(d.desk)
            w.uint(UInt64(deskAlertNumber))
            w.uint(UInt64(deskRequestNumber))
            w.optStr(d.name)
            w.optStr(d.publicKey)
        }
        w.bool(drillClock != nil)
        if let c = drillClock {
            w.ts(c.drillAt)
            w.ts(c.realAt)
        }
        w.uint(UInt64(directory.count))
        for code in directory.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            guard let e = directory[code] else { continue }
            w.str(code)
            w.str(e.unit)
            w.optStr(e.name)
            w.optStr(e.publicKey)
        }
    }

    mutating func readDeskSection(_ r: inout SnapshotReader) throws(SnapshotDecodingError) {
        if try r.bool() {
            let unit = try r.str()
            let code = try r.str()
            guard DeskCode.isValid(code) else { throw r.error("bad desk code") }
            deskAlertNumber = try r.number()
            deskRequestNumber = try r.number()
            desk = DeskConfiguration(unit: unit, desk: code, name: try r.optStr(), publicKey: try r.optStr())
        }
        if try r.bool() { drillClock = DrillStarted(drillAt: try r.ts(), realAt: try r.ts()) }
        for _ in 0..<(try r.count()) {
            let code = try r.str()
            guard DeskCode.isValid(code), directory[code] == nil else { throw r.error("bad or repeated desk \(code)") }
            directory[code] = DeskEntry(unit: try r.str(), name: try r.optStr(), publicKey: try r.optStr())
        }
    }
}

// MARK: - v5: the desk's network state (issue 11, decision 0013)

extension CampaignState {
    /// Pull and grants cursors, pushed-through seq, last push and pull (optional instants),
    /// the link (0 never synced, 1 down, 2 up), offline since and the reason (optional),
    /// records pulled, and the quarantined records (count; desk, seq, reason, line).
    func writeNetworkSection(_ w: inout SnapshotWriter) {
        let n = network
        w.str(n.pullCursor)
        w.str(n.grantsCursor)
        w.uint(UInt64(n.pushedThrough))
        w.optTs(n.lastPush)
        w.optTs(n.lastPull)
        w.uint(n.linkUp == nil ? 0 : n.linkUp == true ? 2 : 1)
        w.optTs(n.offlineSince)
        w.optStr(n.downReason)
        w.uint(UInt64(n.pulledRecords))
        w.uint(UInt64(n.quarantined.count))
        for q in n.quarantined {
            w.str(q.desk)
            w.uint(UInt64(q.seq))
            w.str(q.reason)
            w.str(q.line)
        }
    }

    mutating func readNetworkSection(_ r: inout SnapshotReader) throws(SnapshotDecodingError) {
        var n = NetworkStatus()
        n.pullCursor = try r.str()
        n.grantsCursor = try r.str()
        n.pushedThrough = try r.number()
        n.lastPush = try r.optTs()
        n.lastPull = try r.optTs()
        switch try r.uint() {
        case 0: n.linkUp = nil
        case 1: n.linkUp = false
        case 2: n.linkUp = true
        default: throw r.error("bad link state")
        }
        n.offlineSince = try r.optTs()
        n.downReason = try r.optStr()
        n.pulledRecords = try r.number()
        for _ in 0..<(try r.count()) {
            n.quarantined.append(
                NetworkQuarantined(desk: try r.str(), seq: try r.number(), reason: try r.str(), line: try r.str()))
        }
        network = n
    }
}

// MARK: - bytes

struct SnapshotWriter {
    static let flushAt = 1 << 20
    var out: [UInt8] = []

    mutating func uint(_ v: UInt64) {
        var v = v
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }
    /// Zigzag, so small negative numbers (offsets west of UTC) stay short.
    mutating func int(_ v: Int64) { uint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }
    mutating func bool(_ b: Bool) { out.append(b ? 1 : 0) }
    mutating func str(_ s: String) {
        var s = s
        s.withUTF8 { u in
            uint(UInt64(u.count))
            out.append(contentsOf: u)
        }
    }
    /// nil as 0, else length + 1 then the bytes.
    mutating func optStr(_ s: String?) {
        guard var s else {
            uint(0)
            return
        }
        s.withUTF8 { u in
            uint(UInt64(u.count) + 1)
            out.append(contentsOf: u)
        }
    }
    mutating func ts(_ t: RFC3339Timestamp) {
        int(t.epochNanoseconds)
        int(Int64(t.offsetSeconds))
    }
    mutating func optTs(_ t: RFC3339Timestamp?) {
        guard let t else {
            bool(false)
            return
        }
        bool(true)
        ts(t)
    }
    /// An enum case as its fixed number (`SnapshotCodes.swift`), never its position.
    mutating func code<E: SnapshotCoded>(_ v: E) { uint(UInt64(v.snapshotCode)) }

    mutating func refs(_ refs: [EventRef]) {
        uint(UInt64(refs.count))
        for e in refs {
            uint(UInt64(e.seq))
            str(e.type)
            str(e.actor)
            ts(e.at)
        }
    }
    mutating func species(_ s: [Species]) {
        uint(UInt64(s.count))
        for x in s {
            str(x.scientificName)
            optStr(x.citesAppendix)
        }
    }
    mutating func measures(_ m: [Measure]) {
        uint(UInt64(m.count))
        for x in m {
            str(x.amount)
            str(x.unit)
        }
    }

    mutating func lifecycle(_ l: AlertLifecycle) {
        code(l.status)
        optStr(l.owner)
        optTs(l.acknowledgedAt)
        if let a = l.assignee {
            bool(true)
            code(a.kind)
            str(a.id)
        } else {
            bool(false)
        }
        uint(UInt64(l.escalations.count))
        for e in l.escalations { code(e) }
        optTs(l.snoozedUntil)
        // 0 for none, else the kind's number, then its members.
        if let d = l.disposition { code(d.kind) } else { uint(0) }
        switch l.disposition {
        case nil, .noFinding?, .falseAlarm?: break
        case .seized(let commodity, let sp, let q)?:
            str(commodity)
            species(sp)
            measures(q)
        case .duplicateOf(let other)?: str(other)
        case .referredToPartner(let p)?: str(p)
        }
        optTs(l.closedAt)
        optTs(l.seizedAt)
        optStr(l.mergedInto)
    }

    mutating func alert(_ a: AlertRecord) {
        str(a.id)
        let d = a.details
        ts(d.receivedAt)
        code(d.source.kind)
        optStr(d.source.country)
        optStr(d.sourceReference)
        code(d.priority)
        str(d.subject)
        optStr(d.commodity)
        species(d.species)
        measures(d.quantity)
        uint(UInt64(d.persons.count))
        for p in d.persons {
            str(p.name)
            optStr(p.nationality)
            optStr(p.travelDocument)
        }
        if let c = d.conveyance {
            bool(true)
            code(c.kind)
            optStr(c.reference)
        } else {
            bool(false)
        }
        if let l = d.location {
            bool(true)
            code(l.kind)
            str(l.name)
        } else {
            bool(false)
        }
        optStr(d.responsibleUnit)
        optTs(d.eta)
        optStr(d.notes)
        lifecycle(a.lifecycle)
        uint(UInt64(a.notes.count))
        for n in a.notes {
            str(n.eventID)
            str(n.actor)
            ts(n.at)
            str(n.text)
            bool(n.retracted)
        }
        uint(UInt64(a.duplicates.count))
        for x in a.duplicates { str(x) }
        refs(a.timeline)
        if let h = a.lastLifecycleIDHash {
            bool(true)
            raw64(h)
        } else {
            bool(false)
        }
        uint(UInt64(a.ops.count))
        for op in a.ops { self.op(op) }
        conflicts(a.conflicts)
        uint(UInt64(a.alsoWorking.count))
        for o in a.alsoWorking { str(o) }
        proposals(a.proposalStates)
    }

    /// A 64-bit value as 8 bytes, little-endian (hashes: a varint would not be shorter).
    mutating func raw64(_ v: UInt64) {
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
    }

    mutating func stamp(_ s: Stamp) {
        uint(UInt64(s.origin))
        uint(UInt64(s.depth))
        uint(UInt64(s.oseq))
        uint(UInt64(s.seenLocal))
        let others = (s.seenOthers?.seqs ?? [:]).sorted { $0.key < $1.key }
        uint(UInt64(others.count))
        for (o, q) in others {
            uint(UInt64(o))
            uint(UInt64(q))
        }
    }

    mutating func conflicts(_ cs: [Conflict]) {
        uint(UInt64(cs.count))
        for c in cs {
            code(c.kind)
            refs([c.event, c.standing])
        }
    }

    /// A history entry: its code, its members, the id hash, the stamp, the applied flag.
    mutating func op(_ op: AlertOp) {
        opAction(op.action)
        raw64(op.idHash)
        stamp(op.stamp)
        bool(op.applied)
    }

    /// An entry's code and members.
    mutating func opAction(_ action: AlertOp.Action) {
        uint(UInt64(action.snapshotCode.rawValue))
        switch action {
        case .acknowledge, .note, .reopen, .linked, .undoNote: break
        case .assign(let id, let kind):
            code(kind)
            str(id)
        case .escalate(let t, let reason):
            code(t)
            optStr(reason)
        case .selfEscalate(let t, let n):
            code(t)
            uint(UInt64(n))
        case .snooze(let t): ts(t)
        case .close(let d, let seizedAt):
            var l = AlertLifecycle()
            l.disposition = d
            l.seizedAt = seizedAt
            lifecycle(l)
        case .merge(let into): str(into)
        case .undo(let u):
            str(u.undoes)
            lifecycle(u.restored)
        case .share(let level, let byOwner):
            code(level)
            bool(byOwner)
        case .proposal(let d):
            str(d.eventID)
            opAction(d.action)
        case .answer(let a):
            str(a.proposal)
            bool(a.accepted)
            optStr(a.reason)
        case .withdraw(let id): str(id)
        }
    }

    /// An alert's proposals (version 6): entry, status, answering entry + 1 (0: none).
    mutating func proposals(_ ps: [ProposalState]) {
        uint(UInt64(ps.count))
        for p in ps {
            uint(UInt64(p.op))
            code(p.status)
            uint(UInt64(p.answer.map { $0 + 1 } ?? 0))
        }
    }

    /// A focal-officer nomination: unit, name, position, phone, e-mail, instant, event id.
    mutating func nomination(_ n: FocalOfficerNomination) {
        str(n.unit)
        str(n.name)
        str(n.position)
        str(n.phone)
        optStr(n.email)
        ts(n.nominatedAt)
        str(n.eventID)
    }

    mutating func verification(_ v: VerificationRequest) {
        str(v.id)
        code(v.direction)
        str(v.counterpart)
        str(v.subject)
        optStr(v.reference)
        optStr(v.linkedAlert)
        optStr(v.unit)
        optStr(v.routedVia)
        optTs(v.caseDate)
        ts(v.openedAt)
        ts(v.dueAt)
        optTs(v.answeredAt)
        optStr(v.answerSummary)
        optTs(v.closedAt)
        optStr(v.closeOutcome)
        code(v.status)
        refs(v.timeline)
        conflicts(v.conflicts)
        uint(UInt64(v.ops.count))
        for op in v.ops {
            switch op.action {
            case .opened: uint(1)
            case .replied(let summary):
                uint(2)
                str(summary)
            case .closed(let outcome):
                uint(3)
                optStr(outcome)
            }
            stamp(op.stamp)
            bool(op.applied)
        }
    }
}

struct SnapshotReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var pos = 0
    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool { pos == bytes.count }
    var remaining: Int { bytes.count - pos }
    func error(_ reason: String) -> SnapshotDecodingError { SnapshotDecodingError(offset: pos, reason: reason) }

    mutating func byte() throws(SnapshotDecodingError) -> UInt8 {
        guard pos < bytes.count else { throw error("truncated") }
        defer { pos += 1 }
        return bytes[pos]
    }
    mutating func uint() throws(SnapshotDecodingError) -> UInt64 {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw error("varint too long") }
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }
    mutating func int() throws(SnapshotDecodingError) -> Int64 {
        let u = try uint()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }
    /// A non-negative number (a seq, a counter).
    mutating func number() throws(SnapshotDecodingError) -> Int {
        let v = try uint()
        guard v <= UInt64(Int64.max / 2) else { throw error("bad number \(v)") }
        return Int(v)
    }
    /// A count of items that follow: each takes at least one byte, so a count larger than
    /// the bytes left is damage (and must not size an allocation).
    mutating func count() throws(SnapshotDecodingError) -> Int {
        let v = try uint()
        guard v <= UInt64(remaining) else { throw error("bad count \(v)") }
        return Int(v)
    }
    mutating func bool() throws(SnapshotDecodingError) -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        case let b: throw error("bad flag \(b)")
        }
    }
    mutating func utf8(_ n: Int) throws(SnapshotDecodingError) -> String {
        guard n <= remaining else { throw error("truncated string") }
        defer { pos += n }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[pos..<pos + n]), as: UTF8.self)
    }
    mutating func str() throws(SnapshotDecodingError) -> String {
        let n = try uint()
        guard n <= UInt64(remaining) else { throw error("truncated string") }
        return try utf8(Int(n))
    }
    mutating func optStr() throws(SnapshotDecodingError) -> String? {
        let n = try uint()
        if n == 0 { return nil }
        guard n - 1 <= UInt64(remaining) else { throw error("truncated string") }
        return try utf8(Int(n - 1))
    }
    mutating func ts() throws(SnapshotDecodingError) -> RFC3339Timestamp {
        let ns = try int()
        let off = try int()
        guard off > -86_400, off < 86_400 else { throw error("bad UTC offset \(off)") }
        let t = RFC3339Timestamp(epochNanoseconds: ns, offsetSeconds: Int32(off))
        // The snapshot is a cache of the fold, which holds only times in the window (TimeRules).
        guard TimeRules.isPlausible(t) else { throw error("time \(t) outside the accepted window") }
        return t
    }
    mutating func optTs() throws(SnapshotDecodingError) -> RFC3339Timestamp? { try bool() ? try ts() : nil }
    /// An enum case from its fixed number (`SnapshotCodes.swift`).
    mutating func code<E: SnapshotCoded>(_: E.Type) throws(SnapshotDecodingError) -> E {
        let i = try uint()
        guard i <= 255, let e = E(snapshotCode: UInt8(i)) else { throw error("bad \(E.self) \(i)") }
        return e
    }

    mutating func refs(_ pool: inout StringPool) throws(SnapshotDecodingError) -> [EventRef] {
        let n = try count()
        var out: [EventRef] = []
        out.reserveCapacity(n)
        for _ in 0..<n {
            let seq = try number()
            let t = try str()
            out.append(
                EventRef(seq: seq, type: EventType.canonical[t] ?? t, actor: pool.intern(try str()), at: try ts()))
        }
        return out
    }
    // Species and measures are read as written; an alert's details are then shared
    // through the pool by `AlertDetails.interned`, as `CampaignState.apply` does (a
    // seizure's disposition is kept as read, also as `apply` does).
    mutating func species() throws(SnapshotDecodingError) -> [Species] {
        let n = try count()
        var out: [Species] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(Species(scientificName: try str(), citesAppendix: try optStr())) }
        return out
    }
    mutating func measures() throws(SnapshotDecodingError) -> [Measure] {
        let n = try count()
        var out: [Measure] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(Measure(amount: try str(), unit: try str())) }
        return out
    }

    mutating func lifecycle(_ pool: inout StringPool) throws(SnapshotDecodingError) -> AlertLifecycle {
        var l = AlertLifecycle(status: try code(AlertStatus.self))
        l.owner = pool.intern(try optStr())
        l.acknowledgedAt = try optTs()
        if try bool() { l.assignee = Assignee(kind: try code(AssigneeKind.self), id: try str()) }
        let e = try count()
        for _ in 0..<e { l.escalations.append(try code(EscalationTarget.self)) }
        l.snoozedUntil = try optTs()
        let k = try uint()
        if k == 0 {
            l.disposition = nil
        } else {
            guard k <= 255, let kind = DispositionKind(snapshotCode: UInt8(k)) else {
                throw error("bad disposition \(k)")
            }
            switch kind {
            case .seized:
                l.disposition = .seized(commodity: try str(), species: try species(), quantity: try measures())
            case .noFinding: l.disposition = .noFinding
            case .falseAlarm: l.disposition = .falseAlarm
            case .duplicateOf: l.disposition = .duplicateOf(try str())
            case .referredToPartner: l.disposition = .referredToPartner(try str())
            }
        }
        l.closedAt = try optTs()
        l.seizedAt = try optTs()
        l.mergedInto = try optStr()
        return l
    }

    mutating func alert(_ pool: inout StringPool) throws(SnapshotDecodingError) -> AlertRecord {
        let id = try str()
        let receivedAt = try ts()
        let source = AlertSource(kind: try code(AlertSourceKind.self), country: try optStr())
        let reference = try optStr()
        let priority: Priority = try code(Priority.self)
        let subject = try str()
        let commodity = try optStr()
        let species = try species()
        let quantity = try measures()
        let np = try count()
        var persons: [PersonConcerned] = []
        for _ in 0..<np {
            persons.append(PersonConcerned(name: try str(), nationality: try optStr(), travelDocument: try optStr()))
        }
        var conveyance: Conveyance?
        if try bool() { conveyance = Conveyance(kind: try code(ConveyanceKind.self), reference: try optStr()) }
        var location: AlertLocation?
        if try bool() { location = AlertLocation(kind: try code(LocationKind.self), name: try str()) }
        let details = AlertDetails(
            receivedAt: receivedAt, source: source, sourceReference: reference, priority: priority,
            subject: subject, commodity: commodity, species: species, quantity: quantity,
            persons: persons, conveyance: conveyance, location: location,
            responsibleUnit: try optStr(), eta: try optTs(), notes: try optStr())
        var a = AlertRecord(id: id, details: details.interned(&pool))
        a.lifecycle = try lifecycle(&pool)
        let nn = try count()
        for _ in 0..<nn {
            a.notes.append(
                AlertNote(
                    eventID: try str(), actor: pool.intern(try str()), at: try ts(), text: try str(),
                    retracted: try bool()))
        }
        let nd = try count()
        for _ in 0..<nd { a.duplicates.append(try str()) }
        a.timeline = try refs(&pool)
        if try bool() { a.lastLifecycleIDHash = try raw64() }
        let nops = try count()
        guard nops + 1 == a.timeline.count else {
            throw error("alert \(id): \(nops) history entries for a timeline of \(a.timeline.count)")
        }
        a.ops.reserveCapacity(nops)
        for _ in 0..<nops { a.ops.append(try op(&pool)) }
        a.conflicts = try conflicts(&pool)
        for _ in 0..<(try count()) { a.alsoWorking.append(pool.intern(try str())) }
        for _ in 0..<(try count()) {
            let op = try number()
            let status = try code(AlertProposal.Status.self)
            let answer = try number()
            guard op < nops, answer <= nops else { throw error("alert \(id): a proposal outside its history") }
            a.proposalStates.append(ProposalState(op: op, status: status, answer: answer == 0 ? nil : answer - 1))
        }
        return a
    }

    mutating func raw64() throws(SnapshotDecodingError) -> UInt64 {
        guard remaining >= 8 else { throw error("truncated") }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[pos + i]) << (8 * UInt64(i)) }
        pos += 8
        return v
    }

    mutating func int32() throws(SnapshotDecodingError) -> Int32 {
        let v = try uint()
        guard v <= UInt64(Int32.max) else { throw error("bad number \(v)") }
        return Int32(v)
    }

    mutating func stamp() throws(SnapshotDecodingError) -> Stamp {
        var s = Stamp(
            origin: try int32(), depth: try int32(), oseq: try number(), seenLocal: try number(), seenOthers: nil)
        let n = try count()
        if n > 0 {
            var d: [Int32: Int] = [:]
            for _ in 0..<n { d[try int32()] = try number() }
            s.seenOthers = SeenOthers(d)
        }
        return s
    }

    mutating func conflicts(_ pool: inout StringPool) throws(SnapshotDecodingError) -> [Conflict] {
        var out: [Conflict] = []
        for _ in 0..<(try count()) {
            let kind = try code(Conflict.Kind.self)
            let r = try refs(&pool)
            guard r.count == 2 else { throw error("a conflict with \(r.count) events") }
            out.append(Conflict(kind: kind, event: r[0], standing: r[1]))
        }
        return out
    }

    mutating func op(_ pool: inout StringPool) throws(SnapshotDecodingError) -> AlertOp {
        let action = try opAction(&pool, nested: false)
        return AlertOp(action: action, idHash: try raw64(), stamp: try stamp(), applied: try bool())
    }

    /// An entry's code and members; `nested`: the action of a proposal (never itself one).
    mutating func opAction(_ pool: inout StringPool, nested: Bool) throws(SnapshotDecodingError) -> AlertOp.Action {
        let c = try uint()
        guard c <= 255, let code = AlertOpCode(rawValue: UInt8(c)) else { throw error("bad history entry \(c)") }
        let action: AlertOp.Action
        switch code {
        case .received: throw error("a history entry for a receipt (not kept since version 3)")
        case .acknowledge: action = .acknowledge
        case .note: action = .note
        case .reopen: action = .reopen
        case .linked: action = .linked
        case .undoNote: action = .undoNote
        case .assign:
            let kind = try self.code(AssigneeKind.self)
            action = .assign(id: try str(), kind: kind)
        case .escalate:
            let target = try self.code(EscalationTarget.self)
            action = .escalate(target, reason: try optStr())
        case .selfEscalate:
            let target = try self.code(EscalationTarget.self)
            let n = try uint()
            guard (1...UInt64(Int32.max)).contains(n) else { throw error("a self-escalation after \(n) reminders") }
            action = .selfEscalate(target, afterReminders: Int(n))
        case .snooze: action = .snooze(try ts())
        case .close:
            let l = try lifecycle(&pool)
            guard let d = l.disposition else { throw error("a close without a disposition") }
            action = .close(d, seizedAt: l.seizedAt)
        case .merge: action = .merge(into: try str())
        case .undo: action = .undo(UndoDetails(undoes: try str(), restored: try lifecycle(&pool)))
        case .share:
            let level = try self.code(SharingLevel.self)
            action = .share(level, byOwner: try bool())
        case .proposal:
            guard !nested else { throw error("a proposal inside a proposal") }
            let id = try str()
            let inner = try opAction(&pool, nested: true)
            guard inner.proposed != nil else { throw error("a proposal of an entry that is never proposed") }
            action = .proposal(ProposalDetails(eventID: id, action: inner))
        case .answer:
            action = .answer(AnswerDetails(proposal: try str(), accepted: try bool(), reason: try optStr()))
        case .withdraw: action = .withdraw(of: try str())
        }
        return action
    }

    mutating func nomination() throws(SnapshotDecodingError) -> FocalOfficerNomination {
        FocalOfficerNomination(
            unit: try str(), name: try str(), position: try str(), phone: try str(),
            email: try optStr(), nominatedAt: try ts(), eventID: try str())
    }

    mutating func verification(_ pool: inout StringPool) throws(SnapshotDecodingError) -> VerificationRequest {
        var v = VerificationRequest(
            id: try str(), direction: try code(VerificationDirection.self), counterpart: try str(),
            subject: try str(),
            reference: try optStr(), linkedAlert: try optStr(), unit: try optStr(), routedVia: try optStr(),
            caseDate: try optTs(),
            openedAt: try ts(), dueAt: try ts(), answeredAt: try optTs(), answerSummary: try optStr(),
            closedAt: try optTs(),
            closeOutcome: try optStr(), status: try code(VerificationStatus.self), timeline: try refs(&pool),
            conflicts: try conflicts(&pool))
        let n = try count()
        guard n == v.timeline.count else {
            throw error("request \(v.id): \(n) history entries for a timeline of \(v.timeline.count)")
        }
        for _ in 0..<n {
            let action: RequestOp.Action
            switch try uint() {
            case 1: action = .opened
            case 2: action = .replied(summary: try str())
            case 3: action = .closed(outcome: try optStr())
            case let c: throw error("bad request history entry \(c)")
            }
            v.ops.append(RequestOp(action: action, stamp: try stamp(), applied: try bool()))
        }
        return v
    }
}
