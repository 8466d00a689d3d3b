#if canImport(Glibc)
    import Glibc
#endif

/// The verified end of one log file within a process (issue 16, item 5): the only reader
/// of bytes nobody in the process has verified yet. An `EventLog` and the `LogFollower`
/// made from it (`LogFollower(sharing:)`) share one tail, so every byte another process
/// appends is read and hashed once: by the follower when it polls first, or by the
/// appender under the file lock when it comes first — each continues from the chain the
/// other left (`chain`), and the id index grows with whatever either read.
///
/// Records read are kept (`retained`) only while someone still needs them: the follower
/// (records after the last one it returned) and pinned decisions (`LogPin`: records after
/// the seq the decision saw). While this process's own append is in flight
/// (`appendingFrom`), readers stop before its bytes: nothing of it is handed on before it
/// is durable, and a rolled-back append is never seen.
///
/// Thread-safe: every member is used under `lock` (a plain mutex, never held across a
/// `write`, `fdatasync` or `flock` wait).
final class LogTail: @unchecked Sendable {
    let path: String
    /// A read-only descriptor of its own (its own open file description: the writer's
    /// `flock` is never shared with it).
    let fd: Int32
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    /// Chain state after the last verified record.
    var chain: VerifyCheckpoint
    /// Event id → seq and offset, for every verified record.
    var idIndex = IDIndex()
    /// Verified records still needed (by the follower or a pin), in seq order.
    var retained: [LogRecord] = []
    /// Every verified record with a seq ≥ this one is in `retained`.
    var retainedFrom: Int
    /// Whether a follower reads through this tail.
    var hasFollower = false
    /// Whether the follower wants `LogRecord.raw`.
    var keepRaw = false
    /// Chain state after the last record handed to the follower.
    var delivered: VerifyCheckpoint
    /// Seqs that pinned decisions saw (sorted; one entry per pin).
    var pins: [Int] = []
    /// Where this process's own append in flight starts; readers stop there.
    var appendingFrom: Int64?
    /// The chain a resumed open took on trust, until it is verified
    /// (`EventLog.verifyUnverifiedPrefix`).
    var unverifiedPrefix: VerifyCheckpoint?
    /// The first bad record found in that chain; appends are refused once it is set.
    var prefixIssue: VerifyIssue?

    init(path: String, fd: Int32, chain: VerifyCheckpoint) {
        self.path = path
        self.fd = fd
        self.chain = chain
        delivered = chain
        retainedFrom = chain.nextSeq
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        Glibc.close(fd)
    }

    /// After an open's scan (tail locked): everything up to `checkpoint` is verified and
    /// delivered, and no earlier record is retained.
    func restart(at checkpoint: VerifyCheckpoint) {
        chain = checkpoint
        delivered = checkpoint
        retainedFrom = checkpoint.nextSeq
    }

    /// Runs `body` with the tail locked. `body` must not call back into the tail.
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// The id of the record stored at `offset` (confirms an id-index key match).
    func storedID(at offset: Int64) -> String? {
        var want = 4096
        while want <= 1 << 26 {
            guard let bytes = try? Posix.pread(fd, offset: offset, count: want, path: path) else { return nil }
            if let nl = bytes.firstIndex(of: 0x0A) {
                let r = bytes.withUnsafeBufferPointer {
                    RecordCodec.decode(UnsafeBufferPointer(rebasing: $0[..<nl]), decodePayload: false)
                }
                if case .success(let d) = r { return d.id }
                return nil
            }
            if bytes.count < want { return nil }
            want *= 4
        }
        return nil
    }

    /// Whether a record with `seq` must be kept for the follower or a pin. Locked.
    private func wanted(_ seq: Int) -> Bool {
        (hasFollower && seq > delivered.nextSeq - 1) || (pins.first.map { seq > $0 } ?? false)
    }

    /// Keeps `rec` if anyone needs it. Locked.
    func note(_ rec: LogRecord) {
        if wanted(rec.seq) {
            var r = rec
            if !keepRaw { r.raw = [] }
            retained.append(r)
        } else {
            retainedFrom = rec.seq + 1
        }
    }

    /// Reads and verifies the bytes after `chain` — up to the file's size, or to the start
    /// of this process's own append in flight — through the one chunked read loop
    /// (`LogScanner.readChain`), indexing ids and keeping what the follower and pins need.
    /// `underFileLock`: the caller holds the file lock, so an unterminated last line or an
    /// incomplete batch at the end is crash damage (returned as the issue); without it,
    /// such bytes are a write in progress and wait. `fresh` sees each new record. Locked.
    ///
    /// - Returns: the scan outcome (`issue`: the first bad record; `chain` stays before it).
    /// - Throws: `LogError.shrank` when the file is shorter than the verified chain,
    ///   `.io`, or what `fresh` throws.
    func advance(underFileLock: Bool, decodePayload: Bool, fresh: (LogRecord) throws -> Void = { _ in }) throws
        -> LogScanner.Outcome
    {
        let size = try Posix.fstatSize(fd, path: path)
        if size < chain.offset, appendingFrom == nil {
            throw LogError.shrank(path: path, from: chain.offset, to: size)
        }
        let end = min(size, appendingFrom ?? size)
        if end <= chain.offset {
            return LogScanner.Outcome(
                records: 0, checkpoint: chain, issue: nil, pendingBytes: 0, linesAfterIssue: 0,
                selfConsistentAfterIssue: 0)
        }
        let decode = decodePayload || hasFollower || !pins.isEmpty
        let idAt = storedID
        let o = try LogScanner.readChain(
            fd: fd, path: path, from: chain, upTo: end, tailIsPending: !underFileLock, decodePayload: decode,
            keepRaw: keepRaw
        ) { rec, key in
            idIndex.insert(id: rec.id, key: key, entry: .init(seq: rec.seq, offset: rec.offset), idAt: idAt)
            note(rec)
            try fresh(rec)
        }
        chain = o.checkpoint
        return o
    }

    /// Retained records after `seq`, oldest first. Locked.
    func records(after seq: Int) -> [LogRecord] {
        let i = firstIndex(after: seq)
        return i < retained.count ? Array(retained[i...]) : []
    }

    /// The index of the first retained record with a seq above `seq` (binary search:
    /// `retained` is in seq order). Locked.
    private func firstIndex(after seq: Int) -> Int {
        var lo = 0
        var hi = retained.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if retained[mid].seq > seq { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Takes the records the follower has not had yet (through the end of the last whole
    /// batch: records are retained batch by batch). Locked.
    func takeForFollower() -> [LogRecord] {
        let out = records(after: delivered.nextSeq - 1)
        if let last = out.last { delivered = Self.checkpoint(after: last) }
        trim()
        return out
    }

    /// Drops the records nobody needs any more. Locked.
    func trim() {
        var floor = Int.max
        if hasFollower { floor = delivered.nextSeq - 1 }
        if let p = pins.first { floor = min(floor, p) }
        let i = firstIndex(after: floor)
        if i >= retained.count {
            retained.removeAll(keepingCapacity: retained.count < 1024)
        } else if i > 0 {
            retained.removeFirst(i)
        }
        retainedFrom = max(retainedFrom, min(floor, chain.nextSeq - 1) + 1)
    }

    /// The chain state just after `rec` (records are handed on only between batches).
    static func checkpoint(after rec: LogRecord) -> VerifyCheckpoint {
        VerifyCheckpoint(
            nextSeq: rec.seq + 1, lastHash: rec.hashHex.bytes, lastTimestampNanos: rec.ts.epochNanoseconds,
            offset: rec.offset + Int64(rec.length))
    }
}

/// Keeps the records appended after `seq` available to a later
/// `EventLog.append(after:deciding:)` — the seq the screen showed when a decision was
/// made; the decision is checked under the lock against every record after it, whoever
/// read it meanwhile (decision 0006). Released when the pin is freed. Thread-safe.
public final class LogPin: @unchecked Sendable {
    /// The last seq the decision saw.
    public let seq: Int
    /// False when some records after `seq` had already been let go when the pin was made
    /// (a caller then treats its decision as stale rather than checking part of the
    /// records).
    public let isComplete: Bool
    let tail: LogTail

    init(tail: LogTail, seq: Int) {
        self.tail = tail
        self.seq = seq
        isComplete = tail.locked {
            let i = tail.pins.firstIndex { $0 > seq } ?? tail.pins.count
            tail.pins.insert(seq, at: i)
            return seq + 1 >= tail.retainedFrom
        }
    }

    deinit {
        let (tail, seq) = (self.tail, self.seq)
        tail.locked {
            if let i = tail.pins.firstIndex(of: seq) { tail.pins.remove(at: i) }
            tail.trim()
        }
    }
}
