import DutyDeskJSON
import Foundation
import Testing

@testable import DutyDeskLog

#if canImport(Glibc)
    import Glibc
#endif

/// Log lines built by hand (to make logs our writers never make: old-format batches,
/// batches cut short and then continued). Seq from 1, chained from genesis.
func craftLog(_ specs: [(NewRecord, LogBatch?)]) -> [UInt8] {
    var out: [UInt8] = []
    var prev = LogFormat.genesisPrev
    for (i, (r, b)) in specs.enumerated() {
        prev = RecordCodec.encode(
            seq: i + 1, ts: r.ts ?? RFC3339Timestamp(epochNanoseconds: 0, offsetSeconds: 0), actor: r.actor,
            type: r.type, id: r.id, payload: r.payload, batch: b, prev: prev, to: &out)
    }
    return out
}

/// A small tmpfs mounted in a fresh directory, for full-disk tests (needs root or
/// CAP_SYS_ADMIN; `available` says whether this machine allows it).
struct TmpfsMount {
    let dir: TempDir
    var path: String { dir.path }

    /// Mounts a tmpfs of `size` bytes; nil when mounting is not permitted here.
    init?(size: Int, options: String = "") {
        dir = TempDir("tmpfs")
        let data = "size=\(size),mode=0700" + (options.isEmpty ? "" : "," + options)
        if mount("tmpfs", dir.path, "tmpfs", 0, data) != 0 {
            dir.cleanup()
            return nil
        }
    }

    /// Remounts read-only (`MS_RDONLY`); false when refused.
    func remountReadOnly() -> Bool {
        mount("tmpfs", dir.path, "tmpfs", UInt(MS_REMOUNT | MS_RDONLY), nil) == 0
    }

    func unmount() {
        _ = umount2(dir.path, Int32(MNT_DETACH))
        dir.cleanup()
    }

    /// Whether a tmpfs can be mounted here (tried once, in a directory of its own).
    static let available: Bool = {
        guard let m = TmpfsMount(size: 1 << 16) else { return false }
        m.unmount()
        return true
    }()
}

/// Issue 12, item 1: a multi-record append is one unit, even when its write is cut short.
@Suite("Batches")
struct BatchTests {
    @Test func multiRecordAppendsAreMarkedAndSingleOnesAreNot() throws {
        let dir = TempDir("mark")
        defer { dir.cleanup() }
        let log = try EventLog.open(path: dir.file("m.log"))
        let one = try #require(try log.append(alertRecord(1)))
        #expect(one.batch == nil && !String(decoding: one.raw, as: UTF8.self).contains("\"batch\""))
        let three = try log.append([alertRecord(2), alertRecord(3), alertRecord(2), alertRecord(4)])
        #expect(three.map(\.seq) == [2, 3, 4])
        for r in three {
            #expect(r.batch == LogBatch(first: 2, count: 3))
            #expect(String(decoding: r.raw, as: UTF8.self).contains(#","batch":{"first":2,"count":3},"prev":""#))
        }
        // A batch reduced to one record by idempotency is written as a single record.
        let single = try log.append([alertRecord(4), alertRecord(5)])
        #expect(single.count == 1 && single[0].batch == nil)
        var read: [LogRecord] = []
        try log.replay { read.append($0) }
        #expect(read.map(\.batch) == [nil, three[0].batch, three[0].batch, three[0].batch, nil])
        #expect(read.allSatisfy { $0.extraEnvelope.isEmpty })
        #expect(try log.verify().isClean)
    }

    /// Logs written before batches were marked (every record single) still read and verify.
    @Test func logsWithoutBatchMarksStillReadAndVerify() throws {
        let dir = TempDir("old")
        defer { dir.cleanup() }
        let path = dir.file("o.log")
        let old = craftLog((1...5).map { (alertRecord($0), nil) })
        writeBytes(path, old)
        #expect(LogScanner.verify(bytes: old).isClean)
        let log = try EventLog.open(path: path)
        #expect(log.state == .ok && log.lastSeq == 5)
        #expect(try log.append([alertRecord(6), alertRecord(7)]).map(\.seq) == [6, 7])
        #expect(try log.verify().isClean)
    }

    /// A batch cut at any byte — on a line boundary or inside a line — is torn as a whole:
    /// all its bytes go to the quarantine byte-exact, everything before it stays, a
    /// `log.recovered` record names it, and none of its ids count (a retry writes them all).
    @Test func aBatchCutAnywhereIsQuarantinedWhole() throws {
        let dir = TempDir("cut")
        defer { dir.cleanup() }
        let source = dir.file("source.log")
        let log = try EventLog.open(path: source)
        for n in 1...3 { try log.append(alertRecord(n)) }
        try log.append((4...9).map { alertRecord($0) })
        let bytes = readBytes(source)
        let starts = lineStarts(bytes)
        let batchStart = starts[3]
        #expect(starts.count == 10 && LogScanner.verify(bytes: bytes).isClean)
        let cuts = Array(starts[4..<9]) + [batchStart + 1, starts[5] + 100, bytes.count - 1]
        for cut in cuts {
            let path = dir.file("t\(cut).log")
            let prefix = Array(bytes[..<cut])
            writeBytes(path, prefix)
            let report = LogScanner.verify(bytes: prefix)
            let issue = try #require(report.issue)
            let present = starts.filter { $0 > batchStart && $0 <= cut }.count
            if present == 0 {
                // Not one whole line of the batch: a torn line like any other (same bytes quarantined).
                #expect(
                    issue
                        == VerifyIssue(
                            seq: 4, offset: Int64(batchStart), length: cut - batchStart, reason: .tornTail,
                            isLastLine: true))
                continue
            }
            guard case .incompleteBatch(let count, present, _) = issue.reason else {
                Issue.record("cut at \(cut): \(issue)")
                continue
            }
            #expect(count == 6)
            #expect(issue.seq == 4 && issue.offset == Int64(batchStart) && issue.length == cut - batchStart)
            #expect(issue.isLastLine && report.goodRecords == 3 && report.checkpoint.offset == Int64(batchStart))
            // Readers see the three records before the batch and nothing of it.
            let reader = try EventLog.open(path: path, mode: .readOnly)
            #expect(reader.lastSeq == 3)
            var seen: [Int] = []
            try reader.replay { seen.append($0.seq) }
            #expect(seen == [1, 2, 3])
            // The next writer quarantines the whole batch and logs it.
            let w = try EventLog.open(path: path)
            guard case .recovered(let info) = w.state else {
                Issue.record("cut at \(cut): expected recovery, got \(w.state)")
                continue
            }
            #expect(info.offset == Int64(batchStart) && info.length == cut - batchStart)
            #expect(info.reason.hasPrefix("incomplete batch (\(present) of 6 records"))
            let q = try parseQuarantine(readBytes(path + ".quarantine"))
            #expect(q.count == 1 && q.first?.bytes == Array(prefix[batchStart...]))
            let after = readBytes(path)
            #expect(Array(after[..<batchStart]) == Array(bytes[..<batchStart]))
            #expect(w.lastSeq == 4)
            // The import's retry is written in full: none of its ids were kept.
            #expect(try w.append((4...9).map { alertRecord($0) }).map(\.seq) == Array(5...10))
            #expect(try w.verify().isClean)
        }
    }

    /// A follower reading while a batch is being written never hands on part of it.
    @Test func followersWaitForTheWholeBatch() throws {
        let dir = TempDir("fbatch")
        defer { dir.cleanup() }
        let source = dir.file("source.log")
        let w = try EventLog.open(path: source)
        for n in 1...2 { try w.append(alertRecord(n)) }
        let before = readBytes(source).count
        try w.append((3...8).map { alertRecord($0) })
        let bytes = readBytes(source)
        let starts = lineStarts(bytes)
        let path = dir.file("f.log")
        writeBytes(path, Array(bytes[..<before]))
        let follower = try LogFollower(path: path)
        #expect(try follower.poll().map(\.seq) == [1, 2])
        // Three whole lines of the batch, then half of the fourth, as a writer mid-write.
        let fd = open(path, O_WRONLY | O_APPEND)
        defer { close(fd) }
        for end in [starts[5], starts[6] + 50] {
            let from = Int(try follower.pendingBytes()) + before
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + from, end - from) }
            #expect(try follower.poll().isEmpty)
            #expect(try follower.pendingBytes() == Int64(end - before))
            #expect(follower.checkpoint.offset == Int64(before))
        }
        let from = Int(try follower.pendingBytes()) + before
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + from, bytes.count - from) }
        #expect(try follower.poll().map(\.seq) == Array(3...8))
        #expect(try follower.pendingBytes() == 0)
    }

    /// An incomplete batch followed by other records cannot come from our writers (a
    /// hand-edited log): it is a bad record, never recovered, and `verify` names it.
    @Test func anIncompleteBatchInTheMiddleIsABadRecord() throws {
        let dir = TempDir("midbatch")
        defer { dir.cleanup() }
        let path = dir.file("m.log")
        let b = LogBatch(first: 3, count: 4)
        let bytes = craftLog([
            (alertRecord(1), nil), (alertRecord(2), nil), (alertRecord(3), b), (alertRecord(4), b),
            (alertRecord(5), nil),
        ])
        let starts = lineStarts(bytes)
        writeBytes(path, bytes)
        let report = LogScanner.verify(bytes: bytes)
        #expect(
            report.issue
                == VerifyIssue(
                    seq: 3, offset: Int64(starts[2]), length: bytes.count - starts[2],
                    reason: .incompleteBatch(count: 4, present: 2, then: "seq 5, which is not part of it"),
                    isLastLine: false))
        #expect(report.goodRecords == 2)
        let log = try EventLog.open(path: path)
        guard case .readOnly = log.state else {
            Issue.record("expected read-only, got \(log.state)")
            return
        }
        #expect(throws: LogError.self) { try log.append(alertRecord(9)) }
        #expect(readBytes(path) == bytes)
        #expect(access(path + ".quarantine", F_OK) != 0)
        // A batch's later record without its start, and a second batch starting inside one.
        let orphan = craftLog([(alertRecord(1), nil), (alertRecord(2), LogBatch(first: 1, count: 3))])
        guard case .batchMismatch = LogScanner.verify(bytes: orphan).issue?.reason else {
            Issue.record("orphan: \(String(describing: LogScanner.verify(bytes: orphan).issue))")
            return
        }
        let overlap = craftLog([
            (alertRecord(1), LogBatch(first: 1, count: 3)), (alertRecord(2), LogBatch(first: 2, count: 2)),
            (alertRecord(3), LogBatch(first: 2, count: 2)),
        ])
        let o = LogScanner.verify(bytes: overlap).issue
        #expect(o?.seq == 1 && o?.isLastLine == false)
        // The real `dutydesk verify` explains it.
        let dutydesk = try builtExecutable("dutydesk")
        let (code, out) = run(dutydesk, ["verify", "--log", path], in: dir)
        let text = String(decoding: out, as: UTF8.self)
        #expect(code == 65)
        #expect(
            text.hasPrefix(
                "seq 3 at byte \(starts[2]): incomplete batch (2 of 4 records, then seq 5, which is not part of it)\n"),
            "\(text)")
        #expect(text.contains("never writes that"))
    }

    /// A bad record inside a batch is named as itself (a bit flip at seq 57 says seq 57),
    /// and the records of the batch before it are not counted.
    @Test func aBadRecordInsideABatchIsNamedAtItsSeq() throws {
        let dir = TempDir("inbatch")
        defer { dir.cleanup() }
        var bytes = try makeLog(dir.file("b.log"), count: 100, batched: true)
        let starts = lineStarts(bytes)
        bytes[starts[56] + 30] ^= 0x01
        let report = LogScanner.verify(bytes: bytes)
        #expect(report.issue?.seq == 57 && report.issue?.offset == Int64(starts[56]))
        #expect(report.issue?.reason == .hashMismatch)
        #expect(report.goodRecords == 0 && report.checkpoint.offset == 0)
    }

    /// Issue 12, item 1: a full disk during a batch leaves no record of it behind, the
    /// append throws, and the log verifies afterwards (a 1 MB tmpfs; needs root).
    @Test(
        "Full disk: nothing of a failed batch stays",
        .enabled(if: TmpfsMount.available, "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)"))
    func fullDiskLeavesNoHalfBatch() throws {
        let fs = try #require(TmpfsMount(size: 1 << 20))
        defer { fs.unmount() }
        let path = fs.path + "/full.log"
        let log = try EventLog.open(path: path)
        for n in 1...3 { try log.append(alertRecord(n)) }
        let before = readBytes(path)
        // ~1.8 MB: more than the file system holds.
        let big = (4...4003).map { alertRecord($0) }
        #expect(throws: LogError.self) { try log.append(big) }
        // Sizes and digests, not the bytes: a failing comparison of megabyte arrays takes
        // Swift Testing minutes to describe.
        let after = readBytes(path)
        #expect(after.count == before.count)
        #expect(LogFormat.sha256Hex(after) == LogFormat.sha256Hex(before))
        #expect(try EventLog.verifyFile(path: path).isClean)
        // The log keeps working once there is room, and a retry of a smaller import succeeds whole.
        let again = try EventLog.open(path: path)
        #expect(again.state == .ok && again.lastSeq == 3)
        #expect(try again.append(Array(big.prefix(50))).count == 50)
        let report = try EventLog.verifyFile(path: path)
        #expect(report.isClean && report.goodRecords == 53)
    }

    /// The same through the real `dutydesk import` (the attack of issue 12: 238 of 400 rows
    /// stayed while the command said "NOT saved"): the import fails, nothing of it stays,
    /// `verify` is clean, and a later smaller import is stored whole.
    @Test(
        "Full disk: a failed import leaves no row",
        .enabled(if: TmpfsMount.available, "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)"))
    func fullDiskDuringImportLeavesNoRow() throws {
        let fs = try #require(TmpfsMount(size: 1 << 20))
        defer { fs.unmount() }
        let dir = TempDir("fullimport")
        defer { dir.cleanup() }
        let path = fs.path + "/campaign.log"
        let log = try EventLog.open(path: path)
        for n in 1...3 { try log.append(alertRecord(n)) }
        log.close()
        let before = readBytes(path)
        let notes = String(repeating: "Kiểm tra container hàng đông lạnh tại cảng Cát Lái. ", count: 10)
        func csv(_ rows: ClosedRange<Int>) -> [UInt8] {
            Array(("source,subject,notes\n" + rows.map { "police,Tin báo lô \($0),\(notes)\n" }.joined()).utf8)
        }
        writeBytes(dir.file("big.csv"), csv(1...3000))
        writeBytes(dir.file("small.csv"), csv(1...20))
        let dutydesk = try builtExecutable("dutydesk")
        let env = ["HOME": dir.path, "PATH": "/usr/bin:/bin", "DUTYDESK_OFFICER": "HQ-0412"]
        let (code, _, err) = runBounded(
            dutydesk, ["import", dir.file("big.csv"), "--log", path], in: dir, environment: env, seconds: 120)
        #expect(code == 74, "\(err)")
        let after = readBytes(path)
        #expect(after.count == before.count)
        #expect(LogFormat.sha256Hex(after) == LogFormat.sha256Hex(before))
        let (v, out, _) = runBounded(dutydesk, ["verify", "--log", path], in: dir, environment: env)
        #expect(v == 0 && out.hasPrefix("ok: 3 records"), "\(out)")
        let (small, _, smallErr) = runBounded(
            dutydesk, ["import", dir.file("small.csv"), "--log", path], in: dir, environment: env, seconds: 120)
        #expect(small == 0, "\(smallErr)")
        let report = try EventLog.verifyFile(path: path)
        #expect(report.isClean && report.goodRecords == 23)
    }
}
