import Dispatch
import DutyDeskJSON

#if canImport(Glibc)
    import Glibc
#endif

/// Verifies and decodes log bytes: line splitting, per-line hash and envelope checks
/// (in parallel on all cores for large inputs), then the chain checks in order.
public enum LogScanner {
    /// Result of a scan over a byte range.
    public struct Outcome: Sendable {
        /// Good records handed to the body.
        public var records: Int
        /// State after the last good record.
        public var checkpoint: VerifyCheckpoint
        /// The first bad record, if any.
        public var issue: VerifyIssue?
        /// Bytes of an unterminated last line left alone because `partialTailIsPending` was set.
        public var pendingBytes: Int
        /// `\n`-terminated lines after the issue.
        public var linesAfterIssue: Int
        /// Of those, lines whose own hash matches.
        public var selfConsistentAfterIssue: Int
    }

    /// Verifies log bytes held in memory (the whole log from byte 0, or a continuation:
    /// `buffer[0]` is file offset `bufferOffset` and checking resumes at `checkpoint.offset`).
    /// Stops at the first bad record. Never throws and never crashes on any input.
    /// `describeRest` also hashes every line after a bad one to count the self-consistent
    /// ones (`VerifyReport.selfConsistentAfterIssue`; 0 otherwise).
    public static func verify(
        _ buffer: UnsafeBufferPointer<UInt8>, bufferOffset: Int64 = 0,
        from checkpoint: VerifyCheckpoint = .genesis, parallel: Bool = false,
        describeRest: Bool = false
    ) -> VerifyReport {
        let o = scan(
            buffer, bufferOffset: bufferOffset, from: checkpoint, decodePayload: false, keepRaw: false,
            parallel: parallel, partialTailIsPending: false, describeAfterIssue: describeRest, wantRecords: false,
            body: { _ in })
        return VerifyReport(
            goodRecords: o.records, bytes: bufferOffset + Int64(buffer.count) - checkpoint.offset, issue: o.issue,
            checkpoint: o.checkpoint, linesAfterIssue: o.linesAfterIssue,
            selfConsistentAfterIssue: o.selfConsistentAfterIssue)
    }

    /// Verifies a byte array holding a whole log. See `verify(_:bufferOffset:from:parallel:)`.
    public static func verify(bytes: [UInt8], from checkpoint: VerifyCheckpoint = .genesis, describeRest: Bool = false)
        -> VerifyReport
    {
        bytes.withUnsafeBufferPointer { verify($0, from: checkpoint, describeRest: describeRest) }
    }

    /// Decodes and hands every good record to `body` in seq order, stopping at the first bad
    /// record (returned in `Outcome.issue`) or when `body` throws (rethrown).
    ///
    /// - Parameters:
    ///   - decodePayload: false skips building payload values (`payload` is `.null`).
    ///   - keepRaw: fill `LogRecord.raw` with the stored line.
    ///   - parallel: decode and hash on all cores (chain checks stay sequential).
    ///   - partialTailIsPending: an unterminated last line is "not yet written" (followers)
    ///     rather than a torn tail.
    public static func scan(
        _ buffer: UnsafeBufferPointer<UInt8>, bufferOffset: Int64 = 0, from checkpoint: VerifyCheckpoint,
        decodePayload: Bool, keepRaw: Bool, parallel: Bool, partialTailIsPending: Bool,
        describeAfterIssue: Bool = false, wantRecords: Bool = true,
        body: (LogRecord) throws -> Void
    ) rethrows -> Outcome {
        try scanCore(
            buffer, bufferOffset: bufferOffset, from: checkpoint, decodePayload: decodePayload, keepRaw: keepRaw,
            parallel: parallel, partialTailIsPending: partialTailIsPending, describeAfterIssue: describeAfterIssue,
            wantRecords: wantRecords
        ) { rec, _ in try body(rec) }
    }

    /// The one chunked read loop of the code base (issue 16, item 5): reads `fd` from
    /// `start.offset` up to byte `size` with `pread`, `chunk` bytes at a time (doubled when a
    /// line or a batch does not fit), and verifies the chain on from `start`, handing each
    /// good record and its id-index key to `body` (a batch only once it is whole). Not mmap:
    /// another process may truncate a torn tail meanwhile (a short read ends the loop).
    ///
    /// `parallel`: false keeps the hashing on the caller's thread (a low-priority one).
    /// `tailIsPending`: an unterminated last line or an incomplete batch at `size` is "still
    /// being written" (`pendingBytes`, the checkpoint stays before it) — followers, which
    /// read without the lock; false (a writer under the lock, a replay) makes it an issue.
    /// - Returns: records handed on (in total), the checkpoint after the last of them, the
    ///   first bad record (the loop stops there), the pending bytes at the end.
    /// - Throws: `LogError.io` (a failed read), or what `body` throws.
    static func readChain(
        fd: Int32, path: String, from start: VerifyCheckpoint, upTo size: Int64, chunk firstChunk: Int = 16 << 20,
        parallel: Bool = true, tailIsPending: Bool, decodePayload: Bool, keepRaw: Bool,
        body: (LogRecord, UInt64) throws -> Void
    ) throws -> Outcome {
        var cp = start
        var total = 0
        var pending = 0
        var chunk = firstChunk
        while cp.offset < size {
            let want = Int(min(Int64(chunk), size - cp.offset))
            let bytes = try Posix.pread(fd, offset: cp.offset, count: want, path: path)
            if bytes.isEmpty { break }  // the file was cut meanwhile
            let atEnd = cp.offset + Int64(bytes.count) >= size
            var o = try bytes.withUnsafeBufferPointer { buf in
                try scanCore(
                    buf, bufferOffset: cp.offset, from: cp, decodePayload: decodePayload, keepRaw: keepRaw,
                    parallel: parallel && buf.count > 1 << 20, partialTailIsPending: tailIsPending || !atEnd,
                    body: body)
            }
            total += o.records
            if o.issue != nil {
                o.records = total
                return o
            }
            let before = cp.offset
            cp = o.checkpoint
            if atEnd {
                pending = o.pendingBytes
                break
            }
            if cp.offset == before { chunk *= 2 }  // a line or batch longer than the window
        }
        return Outcome(
            records: total, checkpoint: cp, issue: nil, pendingBytes: pending, linesAfterIssue: 0,
            selfConsistentAfterIssue: 0)
    }

    /// One decoded line: the record (built on a worker thread), where its `prev` hex starts
    /// (from the line start) and the id-index key of its id; or why it is bad.
    enum LineResult {
        case good(LogRecord, prevAt: Int, key: UInt64)
        case bad(VerifyReason)
    }

    @inline(__always)
    static func decodeLine(
        _ base: UnsafePointer<UInt8>, _ s: Int, _ e: Int, bufferOffset: Int64, decodePayload: Bool, keepRaw: Bool
    ) -> LineResult {
        // e: index of the '\n'
        switch RecordCodec.decode(UnsafeBufferPointer(start: base + s, count: e - s), decodePayload: decodePayload) {
        case .failure(let f): return .bad(f.reason)
        case .success(let d):
            let rec = LogRecord(
                v: d.v, seq: d.seq, ts: d.ts, actor: d.actor, type: d.type, id: d.id, payload: d.payload,
                prevHex: HexDigest(at: base + s + d.prevAt), hashHex: HexDigest(at: base + e - 66),
                extraEnvelope: d.extra, batch: d.batch,
                offset: bufferOffset + Int64(s), length: e + 1 - s,
                raw: keepRaw ? Array(UnsafeBufferPointer(start: base + s, count: e + 1 - s)) : [])
            return .good(rec, prevAt: d.prevAt, key: IDIndex.key(d.id))
        }
    }

    static func scanCore(
        _ buffer: UnsafeBufferPointer<UInt8>, bufferOffset: Int64 = 0, from checkpoint: VerifyCheckpoint,
        decodePayload: Bool, payloadsFrom: Int64 = 0, keepRaw: Bool, parallel: Bool, partialTailIsPending: Bool,
        describeAfterIssue: Bool = false, wantRecords: Bool = true,
        body: (LogRecord, UInt64) throws -> Void
    ) rethrows -> Outcome {
        var state = checkpoint
        var lastHash = checkpoint.lastHash
        var records = 0
        let count = buffer.count
        var pos = Int(checkpoint.offset - bufferOffset)
        precondition(pos >= 0 && pos <= count, "checkpoint outside buffer")
        guard let base = buffer.baseAddress, count > 0 else {
            return Outcome(
                records: 0, checkpoint: state, issue: nil, pendingBytes: 0, linesAfterIssue: 0,
                selfConsistentAfterIssue: 0)
        }
        let workers = parallel ? max(1, min(8, sysconf(Int32(_SC_NPROCESSORS_ONLN)))) : 1
        // Big inputs: a pipeline. While this thread checks the chain of batch k and hands
        // its records to `body`, the worker threads hash and decode batch k+1.
        // Small inputs (or parallel == false): line by line, stopping at the first bad line
        // without touching the rest.
        let pipelined = workers > 1 && count - pos > 1 << 20
        let batchLines = pipelined ? 8192 : 1
        var issue: VerifyIssue?
        var issueEnd = 0
        var pending = 0
        let group = DispatchGroup()
        var cur = ScanBatch(capacity: batchLines)
        var next = ScanBatch(capacity: batchLines)
        nonisolated(unsafe) let basep = base
        // A multi-record append being read (issue 12, item 1): its records are held back
        // until the last one is seen, so no reader ever hands on part of a batch, and the
        // checkpoint stays before it until then.
        struct OpenBatch {
            var batch: LogBatch
            var start: Int
            var checkpoint: VerifyCheckpoint
            var present = 0
        }
        var inBatch: OpenBatch?
        // The open batch's records, outside `inBatch` so appending never copies the array.
        var held: [(LogRecord, UInt64)] = []

        func split(_ b: ScanBatch, from: Int) {
            b.count = 0
            b.tornAt = nil
            var p = from
            while b.count < batchLines, p < count {
                guard let nl = memchr(base + p, 0x0A, count - p) else {
                    b.tornAt = p
                    break
                }
                b.starts[b.count] = p
                b.count += 1
                p = base.distance(to: nl.assumingMemoryBound(to: UInt8.self)) + 1
            }
            b.starts[b.count] = p  // end sentinel: start of the next line
            b.count += 1
        }
        func launch(_ b: ScanBatch) {
            let n = b.count - 1
            guard n > 0 else { return }
            let per = (n + workers - 1) / workers
            nonisolated(unsafe) let st = b.starts
            nonisolated(unsafe) let out = b.results
            for w in 0..<workers {
                let lo = w * per
                let hi = min(n, lo + per)
                if lo >= hi { continue }
                DispatchQueue.global().async(group: group) {
                    for i in lo..<hi {
                        out[i] = decodeLine(
                            basep, st[i], st[i + 1] - 1, bufferOffset: bufferOffset,
                            decodePayload: decodePayload && bufferOffset + Int64(st[i]) >= payloadsFrom,
                            keepRaw: keepRaw)
                    }
                }
            }
        }

        if pipelined {
            split(cur, from: pos)
            launch(cur)
        }
        outer: while pos < count {
            if pipelined {
                group.wait()
                let end = cur.starts[cur.count - 1]
                if cur.tornAt == nil, end < count, cur.count > 1 {
                    split(next, from: end)
                    launch(next)
                }
            } else {
                split(cur, from: pos)
            }
            let starts = cur.starts
            let n = cur.count - 1
            // Chain checks in order.
            for i in 0..<n {
                let s = starts[i]
                let e = starts[i + 1]
                let result: LineResult
                // Copied, not taken: the worker that overwrites this slot two batches later
                // frees it, off this thread. A slot left empty is decoded here instead.
                if pipelined, let decoded = cur.results[i] {
                    result = decoded
                } else {
                    result = decodeLine(
                        base, s, e - 1, bufferOffset: bufferOffset,
                        decodePayload: decodePayload && bufferOffset + Int64(s) >= payloadsFrom, keepRaw: keepRaw)
                }
                func fail(_ r: VerifyReason) {
                    if let o = inBatch, e == count, r.isCrashDamage {
                        // An unparsable last line inside a batch: the whole batch is crash damage.
                        issue = VerifyIssue(
                            seq: o.batch.first, offset: bufferOffset + Int64(o.start), length: count - o.start,
                            reason: .incompleteBatch(
                                count: o.batch.count, present: o.present, then: "an unparsable last line"),
                            isLastLine: true)
                    } else {
                        issue = VerifyIssue(
                            seq: state.nextSeq, offset: bufferOffset + Int64(s), length: e - s, reason: r,
                            isLastLine: e == count)
                    }
                    issueEnd = e
                }
                /// A complete record that does not continue the open batch `o` ends it early.
                func cut(_ o: OpenBatch, by what: String) {
                    issue = VerifyIssue(
                        seq: o.batch.first, offset: bufferOffset + Int64(o.start), length: e - o.start,
                        reason: .incompleteBatch(count: o.batch.count, present: o.present, then: what),
                        isLastLine: false)
                    issueEnd = e
                }
                switch result {
                case .bad(let reason):
                    fail(reason)
                    break outer
                case .good(let rec, let prevAt, let key):
                    if rec.seq != state.nextSeq {
                        fail(.seqGap(found: rec.seq))
                        break outer
                    }
                    let prevOK = lastHash.withUnsafeBufferPointer {
                        $0.baseAddress.map { RecordCodec.memcmpBytes(base + s + prevAt, $0, 64) } ?? false
                    }
                    if !prevOK {
                        fail(.prevMismatch)
                        break outer
                    }
                    if let last = state.lastTimestampNanos, rec.ts.epochNanoseconds < last {
                        fail(.timestampDecreased)
                        break outer
                    }
                    if let b = rec.batch {
                        if rec.seq < b.first || rec.seq > b.last {
                            if let o = inBatch {
                                cut(o, by: "seq \(rec.seq), which is not part of it")
                            } else {
                                fail(.batchMismatch("seq \(rec.seq) outside its batch \(b.first)…\(b.last)"))
                            }
                            break outer
                        }
                        if rec.seq == b.first {
                            if let o = inBatch {
                                cut(o, by: "seq \(rec.seq), which starts another batch")
                                break outer
                            }
                            var cp = state
                            cp.lastHash = lastHash
                            inBatch = OpenBatch(batch: b, start: s, checkpoint: cp)
                        } else if let o = inBatch, o.batch != b {
                            cut(o, by: "seq \(rec.seq), which is not part of it")
                            break outer
                        } else if inBatch == nil {
                            fail(
                                .batchMismatch(
                                    "record \(rec.seq - b.first + 1) of the \(b.count)-record batch from seq \(b.first) without the batch's earlier records"
                                ))
                            break outer
                        }
                    } else if let o = inBatch {
                        cut(o, by: "seq \(rec.seq), which is not part of it")
                        break outer
                    }
                    lastHash.withUnsafeMutableBufferPointer {
                        $0.baseAddress?.update(from: base + e - 1 - 66, count: 64)
                    }
                    state.nextSeq += 1
                    state.lastTimestampNanos = rec.ts.epochNanoseconds
                    state.offset = bufferOffset + Int64(e)
                    if let o = inBatch {
                        inBatch?.present += 1
                        if wantRecords { held.append((rec, key)) }
                        if rec.seq < o.batch.last { continue }
                        inBatch = nil
                        records += o.present + 1
                        if wantRecords {
                            do {
                                for (r, k) in held { try body(r, k) }
                                held.removeAll(keepingCapacity: true)
                            } catch {
                                group.wait()
                                throw error
                            }
                        }
                        continue
                    }
                    records += 1
                    if wantRecords {
                        do { try body(rec, key) } catch {
                            group.wait()
                            throw error
                        }
                    }
                }
            }
            pos = starts[n]
            if let t = cur.tornAt {
                if partialTailIsPending {
                    pending = count - (inBatch?.start ?? t)
                } else if let o = inBatch {
                    issue = VerifyIssue(
                        seq: o.batch.first, offset: bufferOffset + Int64(o.start), length: count - o.start,
                        reason: .incompleteBatch(count: o.batch.count, present: o.present, then: "a torn last line"),
                        isLastLine: true)
                    issueEnd = count
                } else {
                    issue = VerifyIssue(
                        seq: state.nextSeq, offset: bufferOffset + Int64(t), length: count - t, reason: .tornTail,
                        isLastLine: true)
                    issueEnd = count
                }
                break
            }
            if pipelined { swap(&cur, &next) }
        }
        if pipelined { group.wait() }
        if let o = inBatch {
            // The file (or the bytes read) ends inside a batch: nothing of it counts.
            if issue == nil {
                if partialTailIsPending {
                    pending = count - o.start
                } else {
                    issue = VerifyIssue(
                        seq: o.batch.first, offset: bufferOffset + Int64(o.start), length: count - o.start,
                        reason: .incompleteBatch(count: o.batch.count, present: o.present, then: "the end of the file"),
                        isLastLine: true)
                    issueEnd = count
                }
            }
            state = o.checkpoint
        } else {
            state.lastHash = lastHash
        }
        var after = 0
        var consistent = 0
        if issue != nil {
            var q = issueEnd
            while q < count, let nl = memchr(base + q, 0x0A, count - q) {
                let e = base.distance(to: nl.assumingMemoryBound(to: UInt8.self))
                after += 1
                if describeAfterIssue, RecordCodec.selfConsistent(UnsafeBufferPointer(start: base + q, count: e - q)) {
                    consistent += 1
                }
                q = e + 1
            }
        }
        return Outcome(
            records: records, checkpoint: state, issue: issue, pendingBytes: pending,
            linesAfterIssue: after, selfConsistentAfterIssue: consistent)
    }
}

/// Event id → (seq, offset) for idempotent appends. Keyed by 64-bit FNV-1a of the id's
/// UTF-8 (computed on the decoding threads), so start-up does not hash a million Swift
/// strings on one core. A key match is confirmed against the stored record's id
/// (`idAt`), and ids whose key is taken by another id live in `collided`, so the index
/// is exact.
struct IDIndex {
    struct Entry {
        var seq: Int
        var offset: Int64
    }
    var byKey: [UInt64: Entry] = [:]
    var collided: [String: Entry] = [:]

    static func key(_ id: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in id.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    mutating func removeAll() {
        byKey.removeAll()
        collided.removeAll()
    }

    /// Records `id` unless it is already indexed (the first record with an id wins).
    mutating func insert(id: String, key: UInt64, entry: Entry, idAt: (Int64) -> String?) {
        guard let existing = byKey[key] else {
            byKey[key] = entry
            return
        }
        if idAt(existing.offset) == id { return }
        if collided[id] == nil { collided[id] = entry }
    }

    func lookup(id: String, key: UInt64, idAt: (Int64) -> String?) -> Entry? {
        if let e = byKey[key], idAt(e.offset) == id { return e }
        return collided[id]
    }
}

/// One batch of lines in the replay pipeline: line starts (plus an end sentinel), the
/// decoded lines, and where an unterminated last line starts. Fixed-capacity manual
/// storage, so worker threads can write disjoint ranges of `results` without Swift's
/// exclusivity checks on a shared array.
final class ScanBatch: @unchecked Sendable {
    let capacity: Int
    let starts: UnsafeMutablePointer<Int>
    var count = 0  // number of entries in `starts` (lines + 1 sentinel)
    let results: UnsafeMutablePointer<LogScanner.LineResult?>
    var tornAt: Int?

    init(capacity: Int) {
        self.capacity = capacity
        starts = .allocate(capacity: capacity + 1)
        results = .allocate(capacity: capacity)
        results.initialize(repeating: nil, count: capacity)
    }

    deinit {
        results.deinitialize(count: capacity)
        results.deallocate()
        starts.deallocate()
    }
}
