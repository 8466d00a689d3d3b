import Crypto
import DutyDeskJSON

#if canImport(Glibc)
    import Glibc
#endif

/// One campaign's event log file: open (with recovery), durable append, replay, verify.
///
/// Write protocol (issue 2, item 2; docs/log-format.md §5): `flock(LOCK_EX)` on the open
/// file description → re-read any bytes other writers appended since we last looked →
/// one `write` of all new lines → `fdatasync` → unlock → only then return. Several
/// processes may append to the same file at once. A failed write or sync throws and the
/// descriptor is dropped; the next append reopens the file, and the id index makes a
/// retry of the same records safe (an id already in the log is skipped).
///
/// New bytes are read once per process (issue 16, item 5): the log and the follower made
/// from it (`LogFollower(sharing:)`) share one `LogTail`, and an append under the lock
/// reads only the bytes neither has verified yet.
///
/// Threads: appends (and `close`) from one thread at a time — e.g. the dashboard's append
/// worker; `checkpoint`, `lastSeq`, `seq(forID:)`, `pin(after:)` and the shared follower
/// may be used from another thread meanwhile.
public final class EventLog {
    /// How to open the log.
    public enum Mode: Sendable {
        /// Create if missing, recover a torn tail, allow appends.
        case readWrite
        /// Never modify the file; a torn tail is reported as `.readOnly`.
        case readOnly
    }

    /// The log file path.
    public let path: String
    /// `<path>.quarantine`: where recovery copies damaged tail bytes.
    public var quarantinePath: String { path + ".quarantine" }
    /// The state found (and recovery done) at open.
    public private(set) var state: LogOpenState
    /// Warnings for the officer (network file system, loose permissions).
    public private(set) var warnings: [String]
    /// The mode the log was opened in.
    public let mode: Mode
    /// Offset from UTC for records appended without a time (default ICT, +07:00 = 25200 s).
    public var clockOffsetSeconds: Int32 = 25_200
    /// The clock, as nanoseconds since the epoch (injectable for tests).
    public var now: () -> Int64 = { EventLog.systemNanos() }
    /// The actor used for records the log writes itself (`log.recovered`).
    public var systemActor: LogActor

    /// Test hook: runs just before each `fdatasync` of an append (a slow disk, made
    /// deterministic by a test that blocks here). The product never sets it.
    public var _beforeSync: (() -> Void)?

    var fd: Int32
    /// The verified end of the file, shared with the follower made from this log.
    let tail: LogTail

    /// Seq of the last good record (0 when empty).
    public var lastSeq: Int { checkpoint.nextSeq - 1 }
    /// Byte offset just after the last good record known to this process.
    public var endOffset: Int64 { checkpoint.offset }
    /// The chain state after the last good record known to this process.
    public var checkpoint: VerifyCheckpoint { tail.locked { tail.chain } }
    /// The seq of the record with event id `id`, if it is in the log.
    public func seq(forID id: String) -> Int? {
        tail.locked { tail.idIndex.lookup(id: id, key: IDIndex.key(id), idAt: tail.storedID)?.seq }
    }

    init(path: String, mode: Mode, fd: Int32, readFD: Int32, warnings: [String]) {
        self.path = path
        self.mode = mode
        self.fd = fd
        self.warnings = warnings
        self.state = .ok
        self.tail = LogTail(path: path, fd: readFD, chain: .genesis)
        self.systemActor = LogActor(officer: "system", process: "dutydesk/\(getpid())", host: Posix.hostName())
    }

    /// Keeps the records appended after `seq` (the last seq a decision saw) for a later
    /// `append(after:deciding:)`, until the pin is freed. Any thread.
    public func pin(after seq: Int) -> LogPin { LogPin(tail: tail, seq: seq) }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    /// Opens (creating it 0600 in a 0700 directory for `.readWrite`) and verifies the log,
    /// building the id index. In `.readWrite` mode a torn or unparsable last line is
    /// quarantined and the log truncated to the last good record, then a `log.recovered`
    /// record is appended (state `.recovered`). A bad record that is followed by other
    /// lines, or a complete record with a wrong hash/chain, leaves the file untouched and
    /// the state `.readOnly`.
    ///
    /// - Throws: `LogError.notFound` (read-only and missing), `.unsafePath` (a symbolic
    ///   link, FIFO, socket, directory or device at `path`: never followed or opened
    ///   blocking; issue 12, item 8), `.cannotCreate`, `.io` (e.g. `EROFS`/`EACCES` when a
    ///   read-only log is opened `.readWrite`),
    ///   `.shortWrite`/`.syncFailed` during recovery.
    public static func open(path: String, mode: Mode = .readWrite) throws -> EventLog {
        try open(path: path, mode: mode, replay: nil)
    }

    /// `open(path:mode:)` that also hands every good record, payload decoded, to `replay`
    /// during the same pass (one read of the file at start-up instead of two), including
    /// the `log.recovered` record when recovery ran. The file lock is held meanwhile
    /// (exclusive in `.readWrite`, shared in `.readOnly`), so other writers wait.
    ///
    /// `payloadsFrom` (a byte offset of the file, e.g. where a projection snapshot ends)
    /// leaves the payloads of the records before it undecoded (`.null`): they are still
    /// verified (hash chain, seq, envelope) and handed to `replay`, at a fraction of the cost.
    /// - Throws: as `open(path:mode:)`, or what `replay` throws.
    public static func open(
        path: String, mode: Mode, payloadsFrom: Int64 = 0,
        replay: ((LogRecord) throws -> Void)?
    ) throws -> EventLog {
        let log = try handle(path: path, mode: mode)
        try Posix.lock(log.fd, exclusive: mode == .readWrite, path: path)
        defer { Posix.unlock(log.fd) }
        try log.rescanLocked(full: true, payloadsFrom: payloadsFrom, replay: replay)
        return log
    }

    /// The log's descriptors (the writer's and the tail's own), not yet locked or read.
    /// - Throws: as `open(path:mode:)`.
    static func handle(path: String, mode: Mode) throws -> EventLog {
        var warnings: [String] = []
        var fd: Int32
        switch mode {
        case .readOnly:
            fd = try Posix.openRegular(path, O_RDONLY)
            if fd < 0 {
                if errno == ENOENT { throw LogError.notFound(path: path) }
                throw LogError.io(path: path, operation: "open", errno: errno)
            }
        case .readWrite:
            let dir = Posix.parentDirectory(path)
            if try !Posix.makeDirectories(dir), let w = Posix.permissionWarning(dir, expected: 0o700, what: "directory")
            {
                warnings.append(w)
            }
            fd = try openForWriting(path, warnings: &warnings)
        }
        if let w = Posix.networkFileSystemWarning(path) { warnings.append(w) }
        // The tail's own open file description (the lock taken on `fd` is not shared with it).
        let readFD = try Posix.openRegular(path, O_RDONLY)
        guard readFD >= 0 else {
            let e = errno
            Glibc.close(fd)
            throw LogError.io(path: path, operation: "open", errno: e)
        }
        let log = EventLog(path: path, mode: mode, fd: fd, readFD: readFD, warnings: warnings)
        return log
    }

    /// Opens `path` O_RDWR, creating it with O_EXCL and mode 0600 (then fsyncing the
    /// directory so the new name is durable) when it does not exist.
    static func openForWriting(_ path: String, warnings: inout [String]) throws -> Int32 {
        var fd = try Posix.openRegular(path, O_RDWR | O_CREAT | O_EXCL | O_APPEND, mode: 0o600)
        if fd >= 0 {
            _ = fchmod(fd, 0o600)
            do { try Posix.syncDirectory(of: path) } catch {
                Glibc.close(fd)
                throw error
            }
            return fd
        }
        guard errno == EEXIST else { throw LogError.cannotCreate(path: path, errno: errno) }
        fd = try Posix.openRegular(path, O_RDWR | O_APPEND)
        guard fd >= 0 else { throw LogError.io(path: path, operation: "open", errno: errno) }
        if let w = Posix.permissionWarning(path, expected: 0o600, what: "log file") { warnings.append(w) }
        return fd
    }

    /// Brings the chain and the id index up to date with the file. File lock held.
    /// `full` (the open) scans from byte 0, mapped, on all cores; otherwise the shared tail
    /// reads only the bytes after its chain — the bytes nobody in this process has
    /// verified yet (`LogTail.advance`), handing the new records to `replay`.
    func rescanLocked(full: Bool, payloadsFrom: Int64 = 0, replay: ((LogRecord) throws -> Void)? = nil) throws {
        let outcome: LogScanner.Outcome
        if full {
            outcome = try scanWhole(payloadsFrom: payloadsFrom, replay: replay)
        } else {
            do {
                outcome = try tail.locked {
                    try tail.advance(underFileLock: true, decodePayload: replay != nil, fresh: replay ?? { _ in })
                }
            } catch let LogError.shrank(p, from, to) {
                state = .readOnly(
                    VerifyIssue(
                        seq: checkpoint.nextSeq, offset: to, length: 0, reason: .parseError("log shrank"),
                        isLastLine: true))
                throw LogError.shrank(path: p, from: from, to: to)
            }
        }
        try take(outcome, full: full, replay: replay)
    }

    /// The state a scan leaves: ok, a torn tail recovered (read-write only), or read-only
    /// at a bad record. File lock held.
    func take(_ outcome: LogScanner.Outcome, full: Bool, replay: ((LogRecord) throws -> Void)?) throws {
        guard let issue = outcome.issue else {
            if full { state = .ok }
            return
        }
        if mode == .readWrite && issue.isLastLine && issue.reason.isCrashDamage {
            let info = try recoverLocked(issue, replay: replay)
            state = .recovered(info)
        } else {
            state = .readOnly(issue)
        }
    }

    /// The open's scan of the whole file (mapped; pages dropped as the scan moves on),
    /// building the tail's chain and id index from scratch. File lock held.
    private func scanWhole(payloadsFrom: Int64, replay: ((LogRecord) throws -> Void)?) throws -> LogScanner.Outcome {
        let size = try Posix.fstatSize(fd, path: path)
        return try tail.locked {
            tail.idIndex.removeAll()
            tail.chain = .genesis
            // Records are 400–600 bytes; sizing for 256-byte records made the index of a
            // 1M-record log twice as large as needed (100 MB instead of 50 MB).
            tail.idIndex.byKey.reserveCapacity(Int(size / 512))
            var outcome = LogScanner.Outcome(
                records: 0, checkpoint: .genesis, issue: nil, pendingBytes: 0, linesAfterIssue: 0,
                selfConsistentAfterIssue: 0)
            if size > 0 {
                let map = try MappedFile(fd: fd, size: Int(size), path: path)
                defer { map.unmap() }
                let idAt = tail.storedID
                var released = 0
                outcome = try LogScanner.scanCore(
                    map.buffer, bufferOffset: 0, from: .genesis, decodePayload: replay != nil,
                    payloadsFrom: payloadsFrom, keepRaw: false, parallel: size > 1 << 20, partialTailIsPending: false
                ) { rec, key in
                    tail.idIndex.insert(
                        id: rec.id, key: key, entry: .init(seq: rec.seq, offset: rec.offset), idAt: idAt)
                    // Drop the pages already checked from our resident set as the scan moves on:
                    // without this a 575 MB log counts whole in the peak memory of a start-up.
                    if Int(rec.offset) - released > MappedFile.releaseStep {
                        released = map.release(upTo: Int(rec.offset) - MappedFile.releaseLag)
                    }
                    try replay?(rec)
                }
            }
            tail.restart(at: outcome.checkpoint)
            return outcome
        }
    }

    /// Quarantines the damaged tail, truncates, syncs and appends `log.recovered`. Lock held.
    func recoverLocked(_ issue: VerifyIssue, replay: ((LogRecord) throws -> Void)? = nil) throws -> RecoveryInfo {
        // Readers in this process stay before the damaged bytes while they are cut.
        tail.locked { tail.appendingFrom = issue.offset }
        defer { tail.locked { tail.appendingFrom = nil } }
        let size = try Posix.fstatSize(fd, path: path)
        let bad = try Posix.pread(fd, offset: issue.offset, count: Int(size - issue.offset), path: path)
        let sha = RecordCodec.hexBytes(SHA256.hash(data: bad))
        let shaText = String(decoding: sha, as: UTF8.self)
        let reason = issue.reason == .tornTail ? "torn tail" : issue.reason.description
        let at = RFC3339Timestamp(epochNanoseconds: now(), offsetSeconds: clockOffsetSeconds)
        // Frame: header line, the exact bytes, then "\n" (docs/log-format.md §7).
        var entry = Array(
            "#dutydesk-quarantine v1 log=\(path.utf8.count):\(path) offset=\(issue.offset) length=\(bad.count) sha256=\(shaText) at=\(at) reason=\(reason.replacingNewlines())\n"
                .utf8)
        entry.append(contentsOf: bad)
        entry.append(0x0A)
        var qfd = try Posix.openRegular(quarantinePath, O_WRONLY | O_APPEND | O_CREAT | O_EXCL, mode: 0o600)
        var created = false
        if qfd >= 0 {
            created = true
            _ = fchmod(qfd, 0o600)
        } else if errno == EEXIST {
            qfd = try Posix.openRegular(quarantinePath, O_WRONLY | O_APPEND)
        }
        guard qfd >= 0 else { throw LogError.cannotCreate(path: quarantinePath, errno: errno) }
        defer { Glibc.close(qfd) }
        let qsize = try Posix.fstatSize(qfd, path: quarantinePath)
        try entry.withUnsafeBytes { try Posix.writeOnce(qfd, $0, offset: qsize, path: quarantinePath) }
        try Posix.dataSync(qfd, path: quarantinePath)
        if created { try Posix.syncDirectory(of: quarantinePath) }
        // Only now that the bytes are safe elsewhere: cut them from the log.
        guard ftruncate(fd, off_t(issue.offset)) == 0 else {
            throw LogError.io(path: path, operation: "ftruncate", errno: errno)
        }
        do { try Posix.dataSync(fd, path: path) } catch {
            dropDescriptor()
            throw error
        }
        let payload = JSON.object([
            ("schema", .int(1)), ("offset", .number(String(issue.offset))), ("length", .int(bad.count)),
            ("sha256", .string(shaText)), ("reason", .string(reason)), ("quarantine", .string(quarantinePath)),
        ])
        let rec = NewRecord(
            type: "log.recovered", id: "log.recovered/\(issue.offset)/\(shaText.prefix(16))/\(at.epochNanoseconds)",
            payload: payload, ts: at, actor: systemActor)
        let written = try appendLocked([rec])
        if let replay { for r in written { try replay(r) } }
        return RecoveryInfo(
            offset: issue.offset, length: bad.count, sha256: shaText, reason: reason,
            quarantinePath: quarantinePath, recordSeq: written.first?.seq ?? lastSeq)
    }

    /// After a failed write or sync (lock held): cuts the file back to `offset`, where
    /// this append started, so nothing of an append that reported failure stays in the
    /// log (a full disk leaves no half batch, issue 12, item 1), then drops the
    /// descriptor. If the cut itself fails, the next open finds the incomplete batch or
    /// torn line at the tail and quarantines it (§7).
    func rollBack(to offset: Int64) {
        if fd >= 0, ftruncate(fd, off_t(offset)) == 0 { _ = fdatasync(fd) }
        dropDescriptor()
    }

    func dropDescriptor() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    /// Appends records durably, in order, as one batch: one lock, one write, one
    /// `fdatasync`. Returns the records written (with seq, hash, offset and raw line).
    ///
    /// Idempotency: a record whose `id` is already in the log — or earlier in the same
    /// batch — is skipped and not returned; `seq(forID:)` finds the stored one.
    ///
    /// - Throws: `LogError.invalidRecord` (nothing written), `.readOnly`, `.shortWrite`,
    ///   `.syncFailed`, `.io`. After a write or sync error nothing is acknowledged.
    @discardableResult
    public func append(_ records: [NewRecord]) throws -> [LogRecord] {
        for (i, r) in records.enumerated() { try Self.validate(r, index: i) }
        if records.isEmpty { return [] }
        return try lockedAppend(passingOthers: false) { _ in records }
    }

    /// Appends what `decide` returns, deciding under the lock: after the lock is taken
    /// and the tail re-read, `decide` receives the records other writers appended since
    /// this handle last looked (payloads decoded; after a reopen, every record from seq 1
    /// — callers skip seqs they have applied), folds them into its state and returns the
    /// records to write. No other writer can append in between, so a decision never
    /// rests on a stale projection (e.g. two desks numbering a new alert alike).
    /// Durability and idempotency as `append(_:)`.
    ///
    /// - Throws: what `decide` throws (nothing is written), or as `append(_:)`.
    @discardableResult
    public func append(deciding decide: (_ appendedByOthers: [LogRecord]) throws -> [NewRecord]) throws -> [LogRecord] {
        try lockedAppend(passingOthers: true, decide)
    }

    /// Appends what `decide` returns, deciding under the lock against every record after
    /// `pin.seq` — the seq the decision was made at (the dashboard: the screen when the key
    /// was pressed). `decide` receives those records, oldest first, whoever read them
    /// meanwhile (the shared follower, an earlier append) and whoever wrote them (other
    /// processes, and this log's own appends that were still pending when the decision
    /// was made); when `pin.isComplete` is false some were already let go, and the caller
    /// should treat its decision as stale. `decide` runs with the file lock held and
    /// should only look and decide (decision 0006: no UI work under the lock).
    /// Durability and idempotency as `append(_:)`.
    ///
    /// - Throws: what `decide` throws (nothing is written), or as `append(_:)`.
    @discardableResult
    public func append(after pin: LogPin, deciding decide: (_ appendedSince: [LogRecord]) throws -> [NewRecord])
        throws -> [LogRecord]
    {
        try lockedAppend(passingOthers: true, pin: pin, decide)
    }

    /// The write protocol shared by the appends: lock, read the bytes nobody verified yet
    /// (handing the new records — or, with a pin, every record after it — to `decide`
    /// when `passingOthers`), validate, write, fdatasync, unlock.
    private func lockedAppend(
        passingOthers: Bool, pin: LogPin? = nil, _ decide: ([LogRecord]) throws -> [NewRecord]
    ) throws -> [LogRecord] {
        guard mode == .readWrite else { throw LogError.readOnly(path: path, reason: "opened read-only") }
        if case .readOnly(let issue) = state { throw LogError.readOnly(path: path, reason: issue.description) }
        if let issue = prefixIssue { throw LogError.readOnly(path: path, reason: issue.description) }
        if fd < 0 {
            // After a failed write or sync: the file was cut back to the verified chain, so
            // the shared tail continues from there (verified bytes are not read again).
            var w: [String] = []
            fd = try Self.openForWriting(path, warnings: &w)
        }
        try Posix.lock(fd, exclusive: true, path: path)
        defer { if fd >= 0 { Posix.unlock(fd) } }
        var fresh: [LogRecord] = []
        try rescanLocked(full: false, replay: passingOthers && pin == nil ? { fresh.append($0) } : nil)
        if case .readOnly(let issue) = state { throw LogError.readOnly(path: path, reason: issue.description) }
        if let pin { fresh = tail.locked { tail.records(after: pin.seq) } }
        let records = try decide(fresh)
        // `append(_:)` validated before taking the lock; decided records are checked here.
        if passingOthers { for (i, r) in records.enumerated() { try Self.validate(r, index: i) } }
        if records.isEmpty { return [] }
        return try appendLocked(records)
    }

    /// Appends one record; nil when its id is already in the log. See `append(_:)`.
    @discardableResult
    public func append(_ record: NewRecord) throws -> LogRecord? { try append([record]).first }

    static func validate(_ r: NewRecord, index: Int) throws {
        func bad(_ why: String) -> LogError { .invalidRecord(index: index, id: r.id, reason: why) }
        guard case .object = r.payload else { throw bad("payload must be a JSON object") }
        if let o = r.origin {
            guard case .object = o else { throw bad("origin must be a JSON object") }
        }
        let idBytes = r.id.utf8
        guard !idBytes.isEmpty, idBytes.count <= 200 else { throw bad("id must be 1…200 bytes") }
        guard !idBytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            throw bad("id contains a control character")
        }
        let t = Array(r.type.utf8)
        guard !t.isEmpty, t.count <= 100, t.first != UInt8(ascii: "."), t.last != UInt8(ascii: "."),
            t.allSatisfy({
                ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39)
                    || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
            }),
            !r.type.contains("..")
        else {
            throw bad("type must be a dotted name such as alert.received (letters, digits, _ and -)")
        }
    }

    /// Writes records after the current tail. Lock held and chain current.
    ///
    /// Readers of the shared tail stop at `base` until the append is durable (or rolled
    /// back); the tail's mutex is not held during the write and the sync.
    func appendLocked(_ records: [NewRecord]) throws -> [LogRecord] {
        var out: [UInt8] = []
        out.reserveCapacity(records.count * 512)
        var written: [LogRecord] = []
        var batchIDs: [String: Int] = [:]
        var batchEntries: [(String, UInt64, IDIndex.Entry)] = []
        // Idempotency first, so the batch's size is known before its records are encoded.
        var fresh: [(NewRecord, UInt64)] = []
        fresh.reserveCapacity(records.count)
        let chain = tail.locked {
            for r in records {
                let key = IDIndex.key(r.id)
                if batchIDs[r.id] != nil || tail.idIndex.lookup(id: r.id, key: key, idAt: tail.storedID) != nil {
                    continue
                }
                batchIDs[r.id] = 0
                fresh.append((r, key))
            }
            if !fresh.isEmpty { tail.appendingFrom = tail.chain.offset }
            return tail.chain
        }
        if fresh.isEmpty { return [] }
        var committed = false
        defer { if !committed { tail.locked { tail.appendingFrom = nil } } }
        var seq = chain.nextSeq
        var prev = chain.lastHash
        var lastTS = chain.lastTimestampNanos
        let base = chain.offset
        // Two or more records are one batch: each carries `batch` (first seq, count), so a
        // write cut short leaves a recognisably incomplete batch (docs/log-format.md §5).
        let batch = fresh.count > 1 ? LogBatch(first: seq, count: fresh.count) : nil
        for (r, key) in fresh {
            var ts = r.ts ?? RFC3339Timestamp(epochNanoseconds: now(), offsetSeconds: clockOffsetSeconds)
            // Whole milliseconds: the written text carries at most milliseconds.
            ts = RFC3339Timestamp(
                epochNanoseconds: ts.epochNanoseconds - ((ts.epochNanoseconds % 1_000_000) + 1_000_000) % 1_000_000,
                offsetSeconds: ts.offsetSeconds)
            if let last = lastTS, ts.epochNanoseconds < last {
                ts = RFC3339Timestamp(epochNanoseconds: last, offsetSeconds: ts.offsetSeconds)
            }
            let start = out.count
            let hash = RecordCodec.encode(
                seq: seq, ts: ts, actor: r.actor, type: r.type, id: r.id, payload: r.payload, batch: batch,
                origin: r.origin, prev: prev, to: &out)
            // Both are SHA-256 digests in hex, 64 bytes by construction.
            guard let prevHex = HexDigest(prev), let hashHex = HexDigest(hash) else {
                throw LogError.invalidRecord(index: written.count, id: r.id, reason: "hash is not 64 hex digits")
            }
            written.append(
                LogRecord(
                    v: LogFormat.version, seq: seq, ts: ts, actor: r.actor, type: r.type, id: r.id, payload: r.payload,
                    prevHex: prevHex, hashHex: hashHex,
                    extraEnvelope: r.origin.map { [("origin", $0)] } ?? [], batch: batch, offset: base + Int64(start),
                    length: out.count - start,
                    raw: Array(out[start...])))
            batchEntries.append((r.id, key, IDIndex.Entry(seq: seq, offset: base + Int64(start))))
            prev = hash
            lastTS = ts.epochNanoseconds
            seq += 1
        }
        if written.isEmpty { return [] }
        // One write per ≤ 64 MiB of whole lines (one write in all but huge imports).
        var from = 0
        while from < out.count {
            var to = out.count
            if to - from > 64 << 20 {
                to = from + (64 << 20)
                while out[to - 1] != 0x0A { to -= 1 }
            }
            do {
                try out.withUnsafeBytes { raw in
                    let part = UnsafeRawBufferPointer(rebasing: raw[from..<to])
                    let hooks = EventLog._faultHooks
                    hooks.beforeWrite?(base + Int64(from), part)
                    if hooks.splitWrites && part.count > 1 {
                        let half = part.count / 2
                        try Posix.writeOnce(
                            fd, UnsafeRawBufferPointer(rebasing: part[..<half]), offset: base + Int64(from), path: path)
                        usleep(hooks.splitPauseMicroseconds)
                        try Posix.writeOnce(
                            fd, UnsafeRawBufferPointer(rebasing: part[half...]), offset: base + Int64(from + half),
                            path: path)
                    } else {
                        try Posix.writeOnce(fd, part, offset: base + Int64(from), path: path)
                    }
                }
            } catch {
                rollBack(to: base)
                throw error
            }
            from = to
        }
        _beforeSync?()
        do { try Posix.dataSync(fd, path: path) } catch {
            rollBack(to: base)
            throw error
        }
        tail.locked {
            for (id, key, entry) in batchEntries {
                tail.idIndex.insert(id: id, key: key, entry: entry, idAt: tail.storedID)
            }
            tail.chain = VerifyCheckpoint(
                nextSeq: seq, lastHash: prev, lastTimestampNanos: lastTS, offset: base + Int64(out.count))
            for r in written { tail.note(r) }
            tail.appendingFrom = nil
        }
        committed = true
        return written
    }

    /// Replays the good records with seq ≥ `fromSeq` in order, decoding payloads, using all
    /// cores for hashing and parsing. Reads the file as it is now (records appended later
    /// by others are included). Every record's hash and the chain are checked from seq 1.
    ///
    /// - Returns: the scan outcome; `issue` is set when a bad record stopped the replay.
    /// - Throws: `LogError.io`, or whatever `body` throws.
    @discardableResult
    public func replay(fromSeq: Int = 1, keepRaw: Bool = false, _ body: (LogRecord) throws -> Void) throws
        -> LogScanner.Outcome
    {
        let rfd = try Posix.openRegular(path, O_RDONLY)
        guard rfd >= 0 else { throw LogError.io(path: path, operation: "open", errno: errno) }
        defer { Glibc.close(rfd) }
        try Posix.lock(rfd, exclusive: false, path: path)
        let size = try Posix.fstatSize(rfd, path: path)
        Posix.unlock(rfd)  // writers hold the lock while writing, so bytes below `size` are complete lines
        return try EventLog.scanFile(fd: rfd, path: path, size: size, keepRaw: keepRaw) { rec in
            if rec.seq >= fromSeq { try body(rec) }
        }
    }

    /// Reads `fd` from seq 1 up to `size` through the one chunked read loop
    /// (`LogScanner.readChain`, 32 MiB windows).
    static func scanFile(
        fd: Int32, path: String, size: Int64, keepRaw: Bool, decodePayload: Bool = true,
        _ body: (LogRecord) throws -> Void
    ) throws -> LogScanner.Outcome {
        try LogScanner.readChain(
            fd: fd, path: path, from: .genesis, upTo: size, chunk: 32 << 20, tailIsPending: false,
            decodePayload: decodePayload, keepRaw: keepRaw
        ) { rec, _ in try body(rec) }
    }

    /// Verifies the whole file as it is now (shared lock held while reading).
    /// - Throws: `LogError.io` when the file cannot be read.
    public func verify() throws -> VerifyReport { try EventLog.verifyFile(path: path) }

    /// Verifies a log file without opening it for writing.
    /// - Throws: `LogError.notFound`, `.unsafePath`, `.io`.
    public static func verifyFile(path: String) throws -> VerifyReport {
        let rfd = try Posix.openRegular(path, O_RDONLY)
        guard rfd >= 0 else {
            if errno == ENOENT { throw LogError.notFound(path: path) }
            throw LogError.io(path: path, operation: "open", errno: errno)
        }
        defer { Glibc.close(rfd) }
        try Posix.lock(rfd, exclusive: false, path: path)
        defer { Posix.unlock(rfd) }
        let size = try Posix.fstatSize(rfd, path: path)
        if size == 0 { return LogScanner.verify(UnsafeBufferPointer(start: nil, count: 0)) }
        let map = try MappedFile(fd: rfd, size: Int(size), path: path)
        defer { map.unmap() }
        return LogScanner.verify(map.buffer, parallel: true, describeRest: true)
    }

    /// Closes the file. Further appends reopen it.
    public func close() { dropDescriptor() }

    /// Wall-clock time in nanoseconds since the epoch.
    public static func systemNanos() -> Int64 {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec)
    }
}

// The start-up that trusts a checkpoint (issue 15, item 1; decision 0018): the record the
// checkpoint ends on is read once, the records after it are verified as at any open, and
// the records before it are verified later, off the path to the first frame.
extension EventLog {
    /// Opens the log as `open(path:mode:payloadsFrom:replay:)` does, except that the chain
    /// up to `checkpoint` (seq 1 … `checkpoint.nextSeq - 1`, bytes `0..<checkpoint.offset`)
    /// is taken on trust for now: only the record it ends on is read (one `pread` of up to
    /// 64 MiB backwards from `checkpoint.offset`) and must be a good line with that seq,
    /// hash, end offset and instant, and the last of its batch. The records after it are
    /// verified, indexed, recovered and handed to `replay` exactly as at a full open. The
    /// trusted part is `unverifiedPrefix` until `verifyUnverifiedPrefix` has read it.
    ///
    /// Only for a checkpoint from a source that is already authenticated (the dashboard's
    /// own projection snapshot, `LogSnapshotKey`); the id index lacks the prefix's ids until
    /// it is verified, so only appends of freshly made ids may run meanwhile.
    /// - Returns: nil when the record at the checkpoint is not as recorded (another log, a
    ///   cut or rewritten one): the caller opens the log in full.
    /// - Throws: as `open(path:mode:)`, or what `replay` throws.
    public static func open(
        path: String, mode: Mode, resumingAt checkpoint: VerifyCheckpoint, replay: ((LogRecord) throws -> Void)?
    ) throws -> EventLog? {
        let log = try handle(path: path, mode: mode)
        try Posix.lock(log.fd, exclusive: mode == .readWrite, path: path)
        defer { Posix.unlock(log.fd) }
        guard let cp = try log.recordEnding(checkpoint) else { return nil }
        let size = try Posix.fstatSize(log.fd, path: path)
        let outcome = try log.tail.locked {
            let t = log.tail
            t.idIndex.removeAll()
            let idAt = t.storedID
            let o = try LogScanner.readChain(
                fd: log.fd, path: path, from: cp, upTo: size, tailIsPending: false, decodePayload: replay != nil,
                keepRaw: false
            ) { rec, key in
                t.idIndex.insert(id: rec.id, key: key, entry: .init(seq: rec.seq, offset: rec.offset), idAt: idAt)
                try replay?(rec)
            }
            t.restart(at: o.checkpoint)
            t.unverifiedPrefix = cp
            return o
        }
        try log.take(outcome, full: true, replay: replay)
        return log
    }

    /// The checkpoint, its instant taken from the record, when the record it ends on is in
    /// the file as recorded (see `open(path:mode:resumingAt:replay:)`); nil otherwise.
    func recordEnding(_ cp: VerifyCheckpoint) throws -> VerifyCheckpoint? {
        guard cp.nextSeq >= 2, cp.offset > 0, cp.offset <= (try Posix.fstatSize(fd, path: path)) else { return nil }
        var window: Int64 = 4096
        while true {
            let w = min(window, cp.offset)
            let bytes = try Posix.pread(fd, offset: cp.offset - w, count: Int(w), path: path)
            guard bytes.count == Int(w), bytes.last == 0x0A else { return nil }
            var start: Int?
            if let nl = bytes[..<(bytes.count - 1)].lastIndex(of: 0x0A) {
                start = nl + 1
            } else if w == cp.offset {
                start = 0
            }
            if let start {
                let line = bytes.withUnsafeBufferPointer { b in
                    b.baseAddress.map {
                        LogScanner.decodeLine(
                            $0, start, b.count - 1, bufferOffset: cp.offset - w, decodePayload: false, keepRaw: false)
                    }
                }
                guard case .good(let r, _, _)? = line, r.seq == cp.nextSeq - 1, r.hashHex.bytes == cp.lastHash,
                    r.offset + Int64(r.length) == cp.offset,
                    r.batch.map({ r.seq == $0.first + $0.count - 1 }) ?? true,
                    cp.lastTimestampNanos.map({ $0 == r.ts.epochNanoseconds }) ?? true
                else { return nil }
                var out = cp
                out.lastTimestampNanos = r.ts.epochNanoseconds
                return out
            }
            guard window < 1 << 26 else { return nil }
            window *= 2
        }
    }

    /// The chain a resumed open took on trust and nobody has verified yet; nil after a full
    /// open or once `verifyUnverifiedPrefix` has run. Any thread.
    public var unverifiedPrefix: VerifyCheckpoint? { tail.locked { tail.unverifiedPrefix } }

    /// The first bad record `verifyUnverifiedPrefix` found; appends are refused
    /// (`LogError.readOnly`) once it is set. Any thread.
    public var prefixIssue: VerifyIssue? { tail.locked { tail.prefixIssue } }

    /// Verifies the chain a resumed open took on trust (`unverifiedPrefix`) as a full open
    /// would (hashes, seqs, chain, envelopes, batches) and adds its ids to the id index, on
    /// one thread (the caller's: run it on a low-priority one), reading 4 MiB at a time
    /// through a descriptor of its own. `progress(done, total)` gets bytes checked and the
    /// prefix's size, every 0.5 % and at the end. Returns the first bad record (then
    /// `prefixIssue`, and appends are refused), or nil when the prefix is good or there
    /// was none. Any thread, while the log is in use.
    /// - Throws: `LogError.io` / `.unsafePath` when the file cannot be read (the prefix then
    ///   stays unverified).
    public func verifyUnverifiedPrefix(progress: (_ done: Int64, _ total: Int64) -> Void) throws -> VerifyIssue? {
        guard let cp = unverifiedPrefix else { return nil }
        let rfd = try Posix.openRegular(path, O_RDONLY)
        guard rfd >= 0 else { throw LogError.io(path: path, operation: "open", errno: errno) }
        defer { Glibc.close(rfd) }
        var entries: [(String, UInt64, IDIndex.Entry)] = []
        entries.reserveCapacity(8192)
        func flush() {
            tail.locked {
                let idAt = tail.storedID
                for e in entries { tail.idIndex.insert(id: e.0, key: e.1, entry: e.2, idAt: idAt) }
            }
            entries.removeAll(keepingCapacity: true)
        }
        var next: Int64 = 0
        let o = try LogScanner.readChain(
            fd: rfd, path: path, from: .genesis, upTo: cp.offset, chunk: 4 << 20, parallel: false,
            tailIsPending: false, decodePayload: false, keepRaw: false
        ) { rec, key in
            entries.append((rec.id, key, IDIndex.Entry(seq: rec.seq, offset: rec.offset)))
            if entries.count == entries.capacity { flush() }
            if rec.offset >= next {
                progress(rec.offset, cp.offset)
                next = rec.offset + max(1, cp.offset / 200)
            }
        }
        flush()
        var issue = o.issue
        if issue == nil, o.checkpoint.nextSeq != cp.nextSeq || o.checkpoint.lastHash != cp.lastHash {
            issue = VerifyIssue(
                seq: o.checkpoint.nextSeq, offset: o.checkpoint.offset, length: 0,
                reason: .parseError("the log before seq \(cp.nextSeq) changed while it was verified"),
                isLastLine: false)
        }
        tail.locked {
            tail.prefixIssue = issue
            tail.unverifiedPrefix = nil
        }
        progress(cp.offset, cp.offset)
        return issue
    }
}

/// A read-only memory map of a file prefix.
struct MappedFile {
    let base: UnsafeMutableRawPointer
    let size: Int
    init(fd: Int32, size: Int, path: String) throws {
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
            throw LogError.io(path: path, operation: "mmap", errno: errno)
        }
        _ = madvise(p, size, MADV_SEQUENTIAL)
        base = p
        self.size = size
    }
    var buffer: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: size)
    }
    func unmap() { munmap(base, size) }

    /// Bytes scanned between two releases, and how far behind the record being checked
    /// a release stops (the workers decode ahead of it, never behind).
    static let releaseStep = 16 << 20
    static let releaseLag = 4 << 20

    /// Drops the pages below `offset` from the resident set (they are re-read from the
    /// file if touched again). Returns the page-aligned offset released up to.
    func release(upTo offset: Int) -> Int {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = max(0, min(offset, size)) / page * page
        if end > 0 { _ = madvise(base, end, MADV_DONTNEED) }
        return end
    }
}

extension String {
    func replacingNewlines() -> String { String(map { $0 == "\n" || $0 == "\r" ? " " : $0 }) }
}

/// Fault injection for the fault harness (`log-writer-harness`) only; the product never
/// sets it. `beforeWrite` sees each write's file offset and bytes just before the `write`
/// call; `splitWrites` writes each batch in two calls with a pause, so a SIGKILL can
/// leave a torn tail the way a crash mid-write would.
public struct LogFaultHooks: @unchecked Sendable {
    public var beforeWrite: ((Int64, UnsafeRawBufferPointer) -> Void)?
    public var splitWrites = false
    public var splitPauseMicroseconds: UInt32 = 2000
    public init() {}
}

extension EventLog {
    /// Test-only hooks; see `LogFaultHooks`.
    nonisolated(unsafe) public static var _faultHooks = LogFaultHooks()
}

extension LogFormat {
    /// Lower-case hex SHA-256 of `bytes` (as `hash`/`prev` are written).
    public static func sha256Hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        String(decoding: RecordCodec.hexBytes(SHA256.hash(data: Array(bytes))), as: UTF8.self)
    }
}
