// The desk side of the campaign network (issue 11, item 3; decision 0013): reads this
// desk's log, pushes its own records (signed, routed) and appends the records of other
// desks that the server lets it read, each checked first. The log stays the desk's source
// of truth; this only carries records between logs.
import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog
import DutyDeskNetwork

#if canImport(Glibc)
    import Glibc
#endif

/// What one round of sync did.
struct SyncRound: Sendable, Equatable {
    var pushed = 0
    var pulled = 0
    var quarantined = 0
}

/// One desk's sync state: its log, followed from the start; the records of its own still to
/// push; which records of other desks it holds (desk → seq → hash, for forks).
final class DeskSync: @unchecked Sendable {
    let path: String
    let campaign: Campaign
    let log: EventLog
    let follower: LogFollower
    let key: DeskKey
    let settings: DeskSettings
    private(set) var state: CampaignState
    /// This desk's code (its log's `desk.configured`).
    let desk: String
    /// Other desks' records this log holds: desk → origin seq → hash.
    private(set) var held: [String: [Int: String]] = [:]
    /// Own records not yet known to be on the server, in seq order (raw line, event).
    private var unpushed: [(record: LogRecord, line: [UInt8], event: DomainEvent)] = []
    /// Seq of this log's own `desk.configured`: records before it (ids without the desk's
    /// prefix) never leave the desk.
    private var identitySeq: Int?
    /// Highest own seq known to be on the server (after the first push of a run).
    private(set) var pushedThrough: Int
    /// The connection whose server was last asked how far it holds this desk's records.
    private var askedServer: ObjectIdentifier?
    let actor: LogActor
    let clock: CampaignClock

    /// Opens the desk: its log (read-write), key and settings, and folds the log.
    /// - Throws: `CLIFailure` — 66 no log, 78 no desk identity or key (`desk init`), no
    ///   settings (`network enrol`), or settings that do not match the log's desk.
    init(path: String, campaign: Campaign, explicitClock: CampaignClock?) throws(CLIFailure) {
        self.path = path
        self.campaign = campaign
        let settings: DeskSettings
        do {
            guard let s = try DeskSettings.load(forLog: path) else {
                throw CLIFailure.config(
                    en:
                        "\(DeskSettings.path(forLog: path)): no network settings: enrol the desk first (dutydesk network enrol --database ADMIN_URL --log \(path))",
                    vi:
                        "\(DeskSettings.path(forLog: path)): chưa có cấu hình mạng: hãy đăng ký bàn trực trước (dutydesk network enrol --database URL_QUẢN_TRỊ --log \(path))"
                )
            }
            settings = s
        } catch let e as NetworkError { throw CLIFailure.config(e.text(LogBridge.officerLanguage)) } catch let e
            as CLIFailure
        { throw e } catch {
            throw .software("\(error)")
        }
        self.settings = settings
        let key: DeskKey
        do {
            guard let k = try DeskKey.load(forLog: path) else {
                throw CLIFailure.noDeskKey(path)
            }
            key = k
        } catch let e as CLIFailure { throw e } catch { throw .config("\(error)") }
        self.key = key
        do {
            log = try EventLog.open(path: path, mode: .readWrite)
            // A follower of its own from the first record: the sync folds the whole log once,
            // then what anyone (itself included) appends.
            follower = try LogFollower(path: path, from: .genesis, keepRaw: true)
        } catch let e as LogError { throw .log(e) } catch { throw .software("\(path): \(error)") }
        state = CampaignState(campaign: campaign)
        desk = settings.desk
        pushedThrough = 0
        actor = LogActor(officer: "system", process: "dutydesk-sync/\(getpid())", host: LogActor.localHost)
        clock = explicitClock ?? CampaignClock(start: nil, offsetSeconds: campaign.zone.offsetSeconds)
        try catchUpWithLog()
        guard let own = state.desk else {
            throw .noDesk(path)
        }
        guard own.desk == settings.desk else {
            throw .config(
                en:
                    "\(DeskSettings.path(forLog: path)): enrolled as desk \(settings.desk), but the log is desk \(own.desk)",
                vi:
                    "\(DeskSettings.path(forLog: path)): đã đăng ký là bàn trực \(settings.desk), nhưng nhật ký là của bàn trực \(own.desk)"
            )
        }
        guard own.publicKey == key.publicKeyBase64 || state.publicKey(ofDesk: own.desk) == key.publicKeyBase64 else {
            throw .config(
                en: "\(DeskKey.path(forLog: path)): the key is not the one the log recorded for desk \(own.desk)",
                vi: "\(DeskKey.path(forLog: path)): khóa không phải khóa nhật ký đã ghi cho bàn trực \(own.desk)")
        }
    }

    /// The clock records of the sync are stamped with: the log's drill clock when it is a
    /// drill (so its times stay the drill's), else `--now` or real time.
    var now: RFC3339Timestamp {
        CampaignClock.resolve(explicit: clock, drill: state.drillClock, offsetSeconds: campaign.zone.offsetSeconds)
            .now()
    }

    /// Folds what was appended to the log since the last call (by anyone): the state, the
    /// index of other desks' records, and this desk's records to push.
    func catchUpWithLog() throws(CLIFailure) {
        let records: [LogRecord]
        do { records = try follower.poll() } catch let e as LogError { throw .log(e) } catch {
            throw .software("\(path): \(error)")
        }
        for r in records {
            let e = LogBridge.recorded(r)
            state.apply(e)
            if let o = e.origin {
                if case .success(let parsed) = OriginRecord.origin(of: r) {
                    held[o.desk, default: [:]][parsed.line.seq] = OriginRecord.chainHash(of: r) ?? parsed.line.hash
                }
                continue
            }
            if identitySeq == nil, r.type == EventType.deskConfigured { identitySeq = r.seq }
            guard let id = identitySeq, r.seq >= id, r.seq > pushedThrough else { continue }
            guard let event = try? DomainEvent(e) else { continue }
            var line = r.raw
            if line.last == 0x0A { line.removeLast() }
            unpushed.append((r, line, event))
        }
    }

    /// The link changed: record it (only on a change, so a desk offline for a day does not
    /// fill its log).
    func recordLink(up: Bool, reason: String?) throws(CLIFailure) {
        guard state.network.linkUp != up else { return }
        try appendLocal([.networkLink(NetworkLink(up: up, reason: reason.map { String($0.prefix(300)) }))])
    }

    /// Appends the desk's own bookkeeping records (one batch).
    func appendLocal(_ events: [DomainEvent]) throws(CLIFailure) {
        let at = now
        let records = events.map {
            NewRecord(type: $0.type, id: LogBridge.newEventID(prefix: "net"), payload: $0.payload, ts: at, actor: actor)
        }
        do { _ = try log.append(records) } catch let e as LogError { throw .log(e) } catch {
            throw .software("\(error)")
        }
        try catchUpWithLog()
    }

    // MARK: Push

    /// Pushes every own record not on the server, in pages, then records `network.pushed`.
    /// - Returns: rows inserted.
    func push(_ server: ServerConnection, pageSize: Int = 1000) async throws -> Int {
        try catchUpWithLog()
        // What the server holds of this desk: asked once per connection, then known from
        // what this process pushed (a round with nothing new costs no query).
        if askedServer != ObjectIdentifier(server) {
            pushedThrough = max(pushedThrough, try await server.pushedThrough())
            askedServer = ObjectIdentifier(server)
        }
        unpushed.removeAll { $0.record.seq <= pushedThrough }
        if unpushed.isEmpty { return 0 }
        var inserted = 0
        var lastSeq = pushedThrough
        while !unpushed.isEmpty {
            let page = unpushed.prefix(pageSize)
            var rows: [OutgoingRecord] = []
            for r in page {
                var route = state.route(of: r.event, origin: nil)
                guard route.level != .local else { continue }
                // Another unit's alert or request: its owning unit always reads what is done
                // to it here (the owner decides its lifecycle; issue 11, item 5).
                if let subject = route.subject, let owner = state.unit(ofID: subject),
                    owner != state.desk?.unit, !route.grants.contains(owner)
                {
                    route.grants.append(owner)
                }
                let rec = r.record
                let hash = rec.hash
                rows.append(
                    OutgoingRecord(
                        seq: rec.seq, variant: .full, level: route.level.rawValue, subject: route.subject,
                        personal: route.personal, type: rec.type, hash: hash, chainHash: hash, prev: rec.prev,
                        signature: key.sign(desk: desk, seq: rec.seq, hash: hash),
                        line: String(decoding: r.line, as: UTF8.self), grants: route.grants))
                // Personal data goes only to the owning unit and Division 1 (the full row); units
                // that may read the alert get a copy without it, signed over its own hash.
                if route.personal, [.amber, .green, .clear].contains(route.level) {
                    let copy = OriginRecord.redactedCopy(
                        of: rec, payload: DomainEvent.redactingPersonalData(rec.payload))
                    rows.append(
                        OutgoingRecord(
                            seq: rec.seq, variant: .redacted, level: route.level.rawValue, subject: route.subject,
                            personal: false, type: rec.type, hash: copy.hash, chainHash: hash, prev: rec.prev,
                            signature: key.sign(desk: desk, seq: rec.seq, hash: copy.hash),
                            line: String(decoding: copy.line, as: UTF8.self), grants: route.grants))
                }
            }
            let outcome = try await server.push(rows)
            inserted += outcome.inserted
            lastSeq = page.last?.record.seq ?? lastSeq
            unpushed.removeFirst(page.count)
        }
        if lastSeq > state.network.pushedThrough && inserted > 0 {
            pushedThrough = lastSeq
            try appendLocal([.networkPushed(NetworkPushed(through: lastSeq, count: inserted))])
        }
        return inserted
    }

    // MARK: Pull

    /// Pulls until caught up: each page (with the records of subjects newly routed to this
    /// desk) is appended as one batch ending in `network.pulled`.
    /// - Returns: records appended and records quarantined.
    func pull(_ server: ServerConnection, pageSize: Int = 1000) async throws -> (pulled: Int, quarantined: Int) {
        var pulled = 0
        var quarantined = 0
        var waited = 0.0
        let keys = Dictionary(try await server.directory().map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        while true {
            try catchUpWithLog()
            guard let cursor = PullCursor(state.network.pullCursor),
                let grantsCursor = PullCursor(state.network.grantsCursor)
            else {
                throw CLIFailure.data(
                    en: "\(path): the log's pull cursor is malformed",
                    vi: "\(path): con trỏ nhận của nhật ký bị sai dạng")
            }
            let page = try await server.pull(after: cursor, limit: pageSize)
            // Subjects newly routed here bring their earlier records (behind the cursor) — only
            // once the stream is caught up, so every desk's own desk record (its key) came first.
            let granted =
                page.more ? (subjects: [], cursor: grantsCursor) : try await server.grants(after: grantsCursor)
            // A record about an alert or request this log has not received (routed here after it
            // began, or its receipt is in a later page) brings that subject's history first.
            let receivedHere = Set(
                page.records.filter { $0.type == EventType.alertReceived || $0.type == EventType.verificationOpened }
                    .compactMap(\.subject))
            let unheard = Set(page.records.compactMap(\.subject)).filter {
                !receivedHere.contains($0) && state.alerts[$0] == nil && state.verifications[$0] == nil
            }
            let routed = try await server.records(about: Array(Set(granted.subjects + unheard)).sorted())
            if routed.isEmpty && page.records.isEmpty && page.cursor == cursor && granted.cursor == grantsCursor {
                // Nothing readable yet — but rows committed behind a transaction still running
                // (on any database of the server) are not "caught up": wait for it (20 ms
                // steps, up to `blockedWaitSeconds`), then leave them to the next round.
                if waited < Self.blockedWaitSeconds, try await server.blockedAfter(cursor) {
                    try await Task.sleep(nanoseconds: 20_000_000)
                    waited += 0.02
                    continue
                }
                break
            }
            // Each desk's records in its own order, so a receipt comes before the actions on it.
            var rows: [PulledRecord] = []
            var taken = Set<String>()
            for r in page.records + routed where taken.insert("\(r.origin)/\(r.originSeq)/\(r.variant)").inserted {
                rows.append(r)
            }
            rows.sort { ($0.origin, $0.originSeq) < ($1.origin, $1.originSeq) }
            let (records, q) = incoming(rows, keys: keys)
            let mark = DomainEvent.networkPulled(
                NetworkPulled(
                    cursor: page.cursor.description, grantsCursor: granted.cursor.description, count: records.count))
            let at = now
            // Stamped with the time its desk wrote it (the log raises a time earlier than its
            // last record to that record's), so timelines show when things happened there.
            var batch = records.map { r -> NewRecord in
                var r = r
                r.ts = r.origin?["ts"]?.stringValue.flatMap(RFC3339Timestamp.parse) ?? at
                return r
            }
            batch.append(
                NewRecord(
                    type: mark.type, id: LogBridge.newEventID(prefix: "net"), payload: mark.payload, ts: at,
                    actor: actor))
            do { _ = try log.append(batch) } catch let e as LogError { throw CLIFailure.log(e) }
            pulled += records.count - q
            quarantined += q
            try catchUpWithLog()
            if !page.more { break }
        }
        return (pulled, quarantined)
    }

    /// The records to append for `rows`: each checked (hash, signature with the key the
    /// server's directory gives — and the log's, which must agree — and no fork with a record
    /// this log holds); a failing one becomes a `network.quarantined` record.
    func incoming(_ rows: [PulledRecord], keys: [String: EnrolledDesk]) -> ([NewRecord], quarantined: Int) {
        var out: [NewRecord] = []
        var quarantined = 0
        var seenHere: [String: [Int: String]] = [:]
        for row in rows {
            if row.origin == desk { continue }
            let bytes = Array(row.line.utf8)
            func refuse(_ reason: String) {
                quarantined += 1
                let q = DomainEvent.networkQuarantined(
                    NetworkQuarantined(
                        desk: row.origin, seq: row.originSeq, reason: reason, line: String(row.line.prefix(65536))))
                out.append(
                    NewRecord(
                        type: q.type, id: "quarantine-\(row.origin)-\(row.originSeq)-\(row.hash.prefix(16))",
                        payload: q.payload, actor: actor))
            }
            if let h = held[row.origin]?[row.originSeq] ?? seenHere[row.origin]?[row.originSeq] {
                if h != row.chainHash {
                    refuse("fork: this desk holds \(row.origin) seq \(row.originSeq) with another hash")
                }
                continue
            }
            guard let line = try? OriginRecord.originLine(bytes) else {
                refuse("unreadable: the line is not a record as DutyDesk writes it, or its hash does not match")
                continue
            }
            guard line.seq == row.originSeq, line.hash == row.hash else {
                refuse("the server's seq or hash (\(row.originSeq), \(row.hash.prefix(12))…) is not the line's")
                continue
            }
            let logKey = state.publicKey(ofDesk: row.origin)
            guard let serverKey = keys[row.origin]?.publicKey else {
                refuse("desk \(row.origin) is not in the server's directory")
                continue
            }
            if let logKey, logKey != serverKey {
                refuse("desk \(row.origin)'s key on the server is not the one this log recorded")
                continue
            }
            guard
                DeskKey.verify(
                    publicKeyBase64: serverKey, desk: row.origin, seq: row.originSeq, hash: row.hash,
                    signature: row.signature)
            else {
                refuse("the signature does not verify with desk \(row.origin)'s public key")
                continue
            }
            do {
                var copy = try OriginRecord.newRecord(fromLine: bytes, desk: row.origin, signature: row.signature)
                if row.variant == .redacted, case .object(var members)? = copy.origin {
                    members.append(("redacted_from", .string(row.chainHash)))
                    copy.origin = .object(members)
                }
                out.append(copy)
                seenHere[row.origin, default: [:]][row.originSeq] = row.chainHash
            } catch {
                refuse("refused: \(error)")
            }
        }
        return (out, quarantined)
    }

    /// How long a pull waits for a transaction that holds committed rows back (s).
    static let blockedWaitSeconds = 30.0

    /// One round: push, then pull.
    func round(_ server: ServerConnection) async throws -> SyncRound {
        let pushed = try await push(server)
        let (pulled, q) = try await pull(server)
        return SyncRound(pushed: pushed, pulled: pulled, quarantined: q)
    }

    /// `--once`: connect, push and pull until caught up.
    /// - Throws: `NetworkError` (unavailable: 69; a fork: 65), `CLIFailure` for the log.
    func once() async throws -> SyncRound {
        let server = try await ServerConnection.connect(settings.database)
        do {
            try recordLink(up: true, reason: nil)
            var total = SyncRound()
            while true {
                let r = try await round(server)
                total.pushed += r.pushed
                total.pulled += r.pulled
                total.quarantined += r.quarantined
                if r.pushed == 0 && r.pulled == 0 && r.quarantined == 0 { break }
            }
            await server.close()
            return total
        } catch {
            await server.close()
            throw error
        }
    }

    /// Runs until `stop()` says so: connects (retrying with a growing pause up to 30 s while
    /// the server is unreachable, the link recorded down once), listens for the server's
    /// notifications on a second connection, and runs a round whenever the server notifies,
    /// this log grows, or `interval` seconds pass. A broken link is recorded and retried.
    /// - Throws: a fork (65) or a log failure; never the server being unavailable.
    func runUntilStopped(interval: Double, stop: @escaping @Sendable () -> Bool) async throws {
        var pause = 0.25
        while !stop() {
            let server: ServerConnection
            let listener: ServerConnection
            do {
                server = try await ServerConnection.connect(settings.database)
                do { listener = try await ServerConnection.connect(settings.database) } catch {
                    await server.close()
                    throw error
                }
            } catch let e as NetworkError {
                try recordLink(up: false, reason: e.text)
                try await Self.sleep(seconds: pause, unless: stop)
                pause = min(pause * 2, 30)
                continue
            }
            pause = 0.25
            let woken = WakeFlag()
            let lost = WakeFlag()
            // Once LISTEN is in place, one more round: a record committed between the first
            // round's pull and the LISTEN would otherwise wait for the timer. When the listening
            // connection ends (cut by the server, a restart), the loop reconnects: no
            // notification would ever wake this desk again on it.
            let listening = Task {
                try? await listener.listen(NetworkSchema.notifyChannel, ready: { woken.set() }) { woken.set() }
                lost.set()
            }
            do {
                try recordLink(up: true, reason: nil)
                var lastSize = Self.fileSize(path)
                var lastRound = 0.0
                var first = true
                while !stop() {
                    if lost.take() {
                        throw NetworkError.unavailable(
                            "the connection that listens for the server's notifications closed")
                    }
                    let size = Self.fileSize(path)
                    let elapsed = Self.monotonicSeconds() - lastRound
                    if first || woken.take() || size != lastSize || elapsed >= interval {
                        first = false
                        // The size before the round: a record appended while it runs wakes the
                        // next one (the round's own appends cost one more, idle, round).
                        lastSize = size
                        _ = try await round(server)
                        lastRound = Self.monotonicSeconds()
                    } else {
                        try await Task.sleep(nanoseconds: 20_000_000)
                    }
                }
                listening.cancel()
                await listener.close()
                await server.close()
            } catch let e as NetworkError where e.exitCode == 69 {
                listening.cancel()
                await listener.close()
                await server.close()
                try recordLink(up: false, reason: e.text)
                try await Self.sleep(seconds: pause, unless: stop)
            } catch {
                listening.cancel()
                await listener.close()
                await server.close()
                throw error
            }
        }
    }

    static func sleep(seconds: Double, unless stop: @Sendable () -> Bool) async throws {
        let end = monotonicSeconds() + seconds
        while !stop() && monotonicSeconds() < end { try await Task.sleep(nanoseconds: 20_000_000) }
    }

    static func monotonicSeconds() -> Double { Double(CampaignClock.monotonicNanos()) / 1e9 }

    static func fileSize(_ path: String) -> Int64 {
        var st = stat()
        return stat(path, &st) == 0 ? Int64(st.st_size) : -1
    }
}

/// A flag the LISTEN task sets and the loop takes.
final class WakeFlag: @unchecked Sendable {
    private var value = false
    private let lock = NSLockLike()
    func set() { lock.withLock { value = true } }
    func take() -> Bool {
        lock.withLock {
            defer { value = false }
            return value
        }
    }
}

/// A pthread mutex (the CLI does not import Foundation here).
final class NSLockLike: @unchecked Sendable {
    private var m = pthread_mutex_t()
    init() { pthread_mutex_init(&m, nil) }
    deinit { pthread_mutex_destroy(&m) }
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&m)
        defer { pthread_mutex_unlock(&m) }
        return try body()
    }
}
