// The dashboard's start-up: the projection from a snapshot when one matches the log,
// else from the whole log; and the background writer that keeps the snapshot fresh.
import Dashboard
import Dispatch
import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// What the start-up did with the projection snapshot (issue 6, item 3).
public enum SnapshotUse: Sendable, Equatable {
    /// There was none: every record was folded.
    case none
    /// It matched the log: only records after `coveredSeq` were folded.
    case used(coveredSeq: Int)
    /// It was damaged, foreign or did not match the log (the reason says which); every
    /// record was folded and the snapshot is replaced in the background.
    case ignored(reason: String)
}

/// Thrown by the dashboard's progress report when Ctrl-C was pressed or a quit signal
/// arrived while the log was being read: the start-up stops and the terminal is restored.
struct StartUpInterrupted: Error {}

/// The log opened and the dashboard state brought up to date, ready for the first frame.
public struct DashboardStart {
    public var log: EventLog
    public var state: AppState
    public var snapshot: SnapshotUse
    /// Records folded into the projection at start (all of them without a snapshot).
    public var folded: Int
    /// The first record whose times are outside `TimeRules`' window (seq and reason), if
    /// any: it was skipped, and the dashboard opens read-only with it in the banner.
    public var timeProblem: (seq: Int, reason: String)?
    /// Why the log was opened read-only although it is intact (a read-only file system,
    /// no write permission: the open for writing failed with this); nil when writable.
    public var readOnlyReason: String? = nil
}

extension LogBridge {
    /// Records a log must hold before the dashboard keeps a projection snapshot of it
    /// (smaller logs fold in a few milliseconds).
    public static let snapshotMinimumRecords = 5_000
    /// Records a snapshot may fall behind the log before it is rewritten.
    public static let snapshotRefreshRecords = 10_000
    static let snapshotKind = "projection"

    /// Opens the log read-write and builds the dashboard's state (see `loadProjection`),
    /// then its rows. `progress` is called now and then with how far the reading is; what
    /// it throws stops the reading (the log is closed and unlocked) and is rethrown.
    /// With `trustSnapshot` (the dashboard) a valid snapshot's checkpoint is taken on trust
    /// and the log before it is left for `PrefixVerifier` (`log.unverifiedPrefix`; decision
    /// 0018).
    /// - Throws: `LogError` from opening or reading the log.
    public static func startDashboard(
        path: String, config: DashboardConfig, now: RFC3339Timestamp,
        width: Int, height: Int, trustSnapshot: Bool = true,
        progress: ((LoadingProgress) throws -> Void)? = nil
    ) throws -> DashboardStart {
        var readOnlyReason: String?
        let p: ProjectionLoad
        do {
            p = try loadProjection(
                path: path, campaign: config.campaign, mode: .readWrite, trustSnapshot: trustSnapshot,
                progress: progress)
        } catch let e as LogError where isUnwritable(e) {
            // A log the officer may read but not write (read-only file system or no write
            // permission) opens read-only, with the banner, instead of refusing (issue 12, item 8).
            readOnlyReason = e.description
            p = try loadProjection(
                path: path, campaign: config.campaign, mode: .readOnly, trustSnapshot: trustSnapshot,
                progress: progress)
        }
        var state = AppState(config: config, now: now, width: width, height: height, resumingFrom: p.projection)
        state.finishReplay()
        return DashboardStart(
            log: p.log, state: state, snapshot: p.snapshot, folded: p.folded, timeProblem: p.timeProblem,
            readOnlyReason: readOnlyReason)
    }

    /// True for the failures of an open for writing that mean "this log may be read but
    /// not written": `EROFS`, `EACCES`, `EPERM` on an existing file (its directory too).
    static func isUnwritable(_ e: LogError) -> Bool {
        switch e {
        case .io(_, "open", let code), .cannotCreate(_, let code):
            return code == EROFS || code == EACCES || code == EPERM
        default: return false
        }
    }

    /// The log opened and its projection, and how the projection snapshot served.
    public struct ProjectionLoad {
        public var log: EventLog
        public var projection: CampaignState
        public var snapshot: SnapshotUse
        /// Records folded (all of them without a usable snapshot).
        public var folded: Int
        /// The first record folded whose `ts` or payload times are outside `TimeRules`'
        /// window: seq and reason (`ts 1700-01-01T00:00:00Z is before 1900-01-01: …`).
        /// The projection skipped it (as every fold does); nil when there is none.
        public var timeProblem: (seq: Int, reason: String)?
    }

    /// Opens the log and folds it into a projection, in one pass over the file: with a
    /// projection snapshot (`<log>.snapshot`) whose last covered record is in the log
    /// with the same seq, hash and end offset, the records it covers are verified but not
    /// decoded or folded; otherwise (none, damaged, another campaign or another log)
    /// every record is folded and the snapshot is ignored — never trusted. Used by the
    /// dashboard and by every command that reads the log. `progress` is called every 2 %
    /// of the file.
    /// With `cutOff` (a report's `--now`, issue 14, item 5) only the records whose time
    /// is at or before it are folded and the snapshot is not used: it may cover later
    /// records. Every record is still verified, and a time out of range is still reported.
    ///
    /// The snapshot must be authenticated by the log's snapshot key (`LogSnapshotKey`);
    /// one without a key beside the log, or made with another, is ignored. With
    /// `trustSnapshot` (the dashboard's warm start, decision 0018) the records it covers
    /// are not read at all: only the record at its checkpoint is checked (one read,
    /// `EventLog.open(path:mode:resumingAt:replay:)`), the records after it are verified
    /// and folded, and the rest is `log.unverifiedPrefix`, for the caller to verify.
    /// - Throws: `LogError` from opening or reading the log (`.notFound` in read-only
    ///   mode when there is no log).
    public static func loadProjection(
        path: String, campaign: Campaign, mode: EventLog.Mode, cutOff: RFC3339Timestamp? = nil,
        trustSnapshot: Bool = false, progress: ((LoadingProgress) throws -> Void)? = nil
    ) throws -> ProjectionLoad {
        var st = stat()
        let total = stat(path, &st) == 0 ? Int64(st.st_size) : 0
        try progress?(LoadingProgress(done: 0, total: total, fromSnapshot: false))
        var use: SnapshotUse = .none
        var resumed: (state: CampaignState, checkpoint: VerifyCheckpoint)?
        do {
            if cutOff != nil {
                use = .ignored(reason: "a cut-off is given")
            } else if let c = try LogSnapshotFile.read(
                path: LogSnapshotFile.path(forLog: path), kind: snapshotKind,
                key: try LogSnapshotKey.load(forLog: path),
                decode: { body in
                    try CampaignState(snapshotBody: body, campaign: campaign)
                })
            {
                if c.value.lastSeq == c.checkpoint.nextSeq - 1 {
                    resumed = (c.value, c.checkpoint)
                } else {
                    use = .ignored(
                        reason:
                            "its projection ends at seq \(c.value.lastSeq), its header at \(c.checkpoint.nextSeq - 1)")
                }
            }
        } catch let r as LogSnapshotFile.Refusal {
            use = .ignored(reason: r.reason)
        } catch {
            use = .ignored(reason: "\(error)")
        }
        var projection = resumed?.state ?? CampaignState(campaign: campaign)
        var covered = resumed?.checkpoint
        var nextReport = total / 50
        func report(_ at: Int64) throws {
            guard let progress, at >= nextReport else { return }
            nextReport = at + total / 50
            try progress(LoadingProgress(done: at, total: total, fromSnapshot: covered != nil))
        }
        // Whether the log holds the snapshot's last record unchanged (decided when the
        // replay reaches its seq; a log that ends before it never matches).
        var matched = covered.map { $0.nextSeq == 1 } ?? true
        var folded = 0
        // Two stages: while this thread folds a batch, a worker decodes the next one
        // (JSON payload → DomainEvent, and frees the JSON), so the fold is not the only
        // thing running while the log's own workers wait (docs/performance.md, item 2).
        let decoder = BatchDecoder()
        var pending: [LogRecord] = []
        pending.reserveCapacity(BatchDecoder.batchSize)
        var timeProblem: (seq: Int, reason: String)?
        func fold(_ batch: [DecodedEvent]) {
            for d in batch where d.record.seq > projection.lastSeq {
                // A time outside the window: the fold skips the record; the first is reported.
                if timeProblem == nil, let p = TimeRules.recordProblem(d) { timeProblem = (d.record.seq, p) }
                if let cutOff, d.record.at > cutOff { continue }
                projection.apply(d)
            }
        }
        func take(_ r: LogRecord) {
            pending.append(r)
            folded += 1
            if pending.count == BatchDecoder.batchSize {
                fold(decoder.swap(pending))
                pending.removeAll(keepingCapacity: true)
            }
        }
        func notAsRecorded(_ cp: VerifyCheckpoint) -> SnapshotUse {
            .ignored(
                reason:
                    "its record \(cp.nextSeq - 1) is not in the log as it was (hash or offset differ, or the log is shorter)"
            )
        }
        // The dashboard's warm start (decision 0018): the checkpoint's record and the tail only.
        var resumedLog: EventLog?
        if trustSnapshot, let cp = covered {
            resumedLog = try EventLog.open(
                path: path, mode: mode, resumingAt: cp,
                replay: { r in
                    try report(r.offset)
                    take(r)
                })
            if resumedLog != nil {
                use = .used(coveredSeq: cp.nextSeq - 1)
            } else {
                use = notAsRecorded(cp)
                projection = CampaignState(campaign: campaign)
                covered = nil
                matched = true
            }
        }
        let log: EventLog
        if let resumedLog {
            log = resumedLog
        } else {
            log = try EventLog.open(
                path: path, mode: mode, payloadsFrom: covered?.offset ?? 0,
                replay: { r in
                    try report(r.offset)
                    if let cp = covered, r.seq < cp.nextSeq {
                        if r.seq == cp.nextSeq - 1 {
                            matched = r.hashHex.bytes == cp.lastHash && r.offset + Int64(r.length) == cp.offset
                        }
                        return
                    }
                    if matched { take(r) }
                })
            if let cp = covered {
                if matched {
                    use = .used(coveredSeq: cp.nextSeq - 1)
                } else {
                    use = notAsRecorded(cp)
                    projection = CampaignState(campaign: campaign)
                    folded = 0
                    timeProblem = nil
                    _ = try log.replay { take($0) }
                }
            }
        }
        fold(decoder.swap(pending))
        fold(decoder.finish())
        try progress?(LoadingProgress(done: total, total: total, fromSnapshot: covered != nil))
        return ProjectionLoad(
            log: log, projection: projection, snapshot: use, folded: folded, timeProblem: timeProblem)
    }
}

/// Decodes batches of records on a worker thread, one batch ahead of the caller.
final class BatchDecoder: @unchecked Sendable {
    static let batchSize = 16_384
    private let group = DispatchGroup()
    /// Written by the worker, read by the caller only after `group.wait()`.
    private var decoded: [DecodedEvent] = []

    /// Starts decoding `batch` and returns the batch decoded before it (empty at first).
    func swap(_ batch: [LogRecord]) -> [DecodedEvent] {
        group.wait()
        let ready = decoded
        decoded = []
        if !batch.isEmpty {
            DispatchQueue.global().async(group: group) {
                self.decoded = batch.map { DecodedEvent(LogBridge.recorded($0)) }
            }
        }
        return ready
    }

    /// Waits for the batch in flight and returns it.
    func finish() -> [DecodedEvent] { swap([]) }
}

/// Writes projection snapshots beside the log on a background thread, one at a time, so
/// the next start-up folds only the log's tail (issue 6, item 3). A failed write leaves
/// the previous snapshot (or none) in place and is reported by `lastError`.
public final class SnapshotKeeper: Sendable {
    public let path: String
    /// The log's path (its snapshot key is beside it, made by the first write).
    let logPath: String
    private struct Status {
        var writing = false
        var cancelled = false
        var covered: Int
        var error: String?
    }
    /// Thrown into a write by `cancel()`.
    struct Cancelled: Error {}
    private let status: Mutex<Status>
    private let group = DispatchGroup()

    /// - Parameter coveredSeq: the last seq the snapshot on disk covers (0 for none).
    public init(logPath: String, coveredSeq: Int) {
        path = LogSnapshotFile.path(forLog: logPath)
        self.logPath = logPath
        status = Mutex(Status(covered: coveredSeq))
        LogSnapshotFile.removeAbandonedTemporaries(path: path)
    }

    /// Last seq the snapshot on disk covers.
    public var coveredSeq: Int { status.withLock { $0.covered } }
    /// Why the last write failed, if it did.
    public var lastError: String? { status.withLock { $0.error } }

    /// Starts writing a snapshot of `projection`, which must be exactly the fold of the
    /// log up to `checkpoint`, unless a write is running, the log holds fewer than
    /// `LogBridge.snapshotMinimumRecords` or the snapshot on disk is less than
    /// `LogBridge.snapshotRefreshRecords` behind (`force` ignores the last two).
    /// Returns true when a write started.
    @discardableResult
    public func refresh(_ projection: CampaignState, checkpoint: VerifyCheckpoint, force: Bool = false) -> Bool {
        guard projection.lastSeq == checkpoint.nextSeq - 1 else { return false }
        let start = status.withLock { s -> Bool in
            guard !s.writing, !s.cancelled, projection.lastSeq > s.covered else { return false }
            if !force {
                guard projection.lastSeq >= LogBridge.snapshotMinimumRecords,
                    s.covered == 0 || projection.lastSeq - s.covered >= LogBridge.snapshotRefreshRecords
                else { return false }
            }
            s.writing = true
            return true
        }
        guard start else { return false }
        let path = self.path
        let logPath = self.logPath
        DispatchQueue.global(qos: .utility).async(group: group) {
            var failure: String?
            do {
                try LogSnapshotFile.write(
                    path: path, kind: LogBridge.snapshotKind, checkpoint: checkpoint,
                    key: try LogSnapshotKey.loadOrCreate(forLog: logPath),
                    body: { sink in
                        try projection.writeSnapshotBody { piece in
                            if self.status.withLock({ $0.cancelled }) { throw Cancelled() }
                            try sink(piece)
                        }
                    })
            } catch is Cancelled {
                failure = nil
            } catch { failure = "\(error)" }
            self.status.withLock { s in
                s.writing = false
                if s.cancelled { return }
                if let failure {
                    s.error = failure
                } else {
                    s.covered = projection.lastSeq
                    s.error = nil
                }
            }
        }
        return true
    }

    /// Waits for a running write to finish (before the process exits).
    public func wait() { group.wait() }

    /// Abandons a running write (its temporary file is removed; the snapshot on disk is
    /// left as it was) and starts no more. For quitting without waiting.
    public func cancel() { status.withLock { $0.cancelled = true } }
}
