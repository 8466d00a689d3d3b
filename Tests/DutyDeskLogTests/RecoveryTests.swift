import DutyDeskJSON
import DutyDeskLog
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// One entry of `<log>.quarantine`: header fields and the exact quarantined bytes.
struct QuarantineEntry {
    var offset: Int64
    var length: Int
    var sha256: String
    var reason: String
    var bytes: [UInt8]
}

/// Parses the quarantine framing of docs/log-format.md §7.
func parseQuarantine(_ data: [UInt8]) throws -> [QuarantineEntry] {
    var out: [QuarantineEntry] = []
    var i = 0
    while i < data.count {
        guard let nl = data[i...].firstIndex(of: 0x0A) else {
            throw QuarantineError.bad("header without newline at \(i)")
        }
        let header = String(decoding: data[i..<nl], as: UTF8.self)
        guard header.hasPrefix("#dutydesk-quarantine v1 ") else { throw QuarantineError.bad("bad header at \(i)") }
        func field(_ name: String) -> String? {
            guard let r = header.range(of: " \(name)=") else { return nil }
            let rest = header[r.upperBound...]
            return name == "reason" ? String(rest) : String(rest.prefix { $0 != " " })
        }
        guard let off = field("offset").flatMap({ Int64($0) }), let len = field("length").flatMap({ Int($0) }),
            let sha = field("sha256"), let reason = field("reason")
        else { throw QuarantineError.bad("missing header field at \(i)") }
        let start = nl + 1
        guard start + len < data.count + 1, start + len < data.count, data[start + len] == 0x0A else {
            throw QuarantineError.bad("bad framing at \(i)")
        }
        out.append(
            QuarantineEntry(
                offset: off, length: len, sha256: sha, reason: reason, bytes: Array(data[start..<(start + len)])))
        i = start + len + 1
    }
    return out
}

enum QuarantineError: Error { case bad(String) }

@Suite("Recovery")
struct RecoveryTests {
    @Test func tornTailIsQuarantinedAndLogged() throws {
        let dir = TempDir("torn")
        defer { dir.cleanup() }
        let path = dir.file("t.log")
        let bytes = try makeLog(path, count: 10)
        let starts = lineStarts(bytes)
        let cut = starts[9] + 100
        writeBytes(path, Array(bytes[..<cut]))
        let log = try EventLog.open(path: path)
        guard case .recovered(let info) = log.state else {
            Issue.record("expected recovery, got \(log.state)")
            return
        }
        #expect(
            info.offset == Int64(starts[9]) && info.length == 100 && info.reason == "torn tail" && info.recordSeq == 10)
        let q = try parseQuarantine(readBytes(path + ".quarantine"))
        #expect(q.count == 1)
        #expect(q[0].bytes == Array(bytes[starts[9]..<cut]))
        #expect(q[0].sha256 == LogFormat.sha256Hex(q[0].bytes) && q[0].sha256 == info.sha256)
        let after = readBytes(path)
        #expect(Array(after[..<starts[9]]) == Array(bytes[..<starts[9]]))
        var last: LogRecord?
        try log.replay { last = $0 }
        #expect(last?.type == "log.recovered" && last?.seq == 10)
        #expect(last?.payload["offset"]?.intValue == starts[9] && last?.payload["length"]?.intValue == 100)
        #expect(last?.payload["sha256"]?.stringValue == info.sha256)
        #expect(last?.payload["reason"]?.stringValue == "torn tail")
        var st = stat()
        #expect(stat(path + ".quarantine", &st) == 0 && st.st_mode & 0o777 == 0o600)
        // Appends continue the chain.
        #expect(try log.append(alertRecord(11))?.seq == 11)
        #expect(try log.verify().isClean)
        // A second recovery adds a second, distinguishable entry.
        let now = readBytes(path)
        writeBytes(path, now + Array("{\"v\":1,\"seq\":12,".utf8))
        let again = try EventLog.open(path: path)
        guard case .recovered = again.state else {
            Issue.record("expected recovery")
            return
        }
        let q2 = try parseQuarantine(readBytes(path + ".quarantine"))
        #expect(q2.count == 2 && q2[1].bytes == Array("{\"v\":1,\"seq\":12,".utf8) && q2[1].offset == Int64(now.count))
    }

    @Test func unparsableCompleteLastLineIsRecovered() throws {
        let dir = TempDir("unparsable")
        defer { dir.cleanup() }
        let path = dir.file("u.log")
        let bytes = try makeLog(path, count: 3)
        writeBytes(path, bytes + [0, 0, 0, 0x0A])
        let log = try EventLog.open(path: path)
        guard case .recovered(let info) = log.state else {
            Issue.record("expected recovery, got \(log.state)")
            return
        }
        #expect(info.offset == Int64(bytes.count) && info.length == 4 && info.reason.hasPrefix("parse error"))
    }

    @Test func badRecordFollowedByGoodOnesMakesTheLogReadOnly() throws {
        let dir = TempDir("middle")
        defer { dir.cleanup() }
        let path = dir.file("m.log")
        var bytes = try makeLog(path, count: 20)
        let starts = lineStarts(bytes)
        bytes[starts[7] + 40] ^= 0x04
        writeBytes(path, bytes)
        let log = try EventLog.open(path: path)
        guard case .readOnly(let issue) = log.state else {
            Issue.record("expected read-only, got \(log.state)")
            return
        }
        #expect(issue.seq == 8 && issue.offset == Int64(starts[7]) && issue.reason == .hashMismatch)
        #expect(throws: LogError.self) { try log.append(alertRecord(99)) }
        #expect(readBytes(path) == bytes)
        #expect(access(path + ".quarantine", F_OK) != 0)
    }

    @Test func tamperedCompleteLastRecordIsNotTruncated() throws {
        let dir = TempDir("lastbad")
        defer { dir.cleanup() }
        let path = dir.file("l.log")
        var bytes = try makeLog(path, count: 5)
        let starts = lineStarts(bytes)
        bytes[starts[4] + 30] ^= 0x01
        writeBytes(path, bytes)
        let log = try EventLog.open(path: path)
        guard case .readOnly(let issue) = log.state else {
            Issue.record("expected read-only, got \(log.state)")
            return
        }
        #expect(issue.reason == .hashMismatch && issue.seq == 5)
        #expect(readBytes(path) == bytes)
    }

    /// Issue 2, item 7: truncation at every byte offset within the last three records is
    /// recovered as a torn tail (offsets on a line boundary leave a clean, shorter log).
    @Test func truncationAtEveryOffsetOfTheLastThreeRecords() throws {
        let dir = TempDir("trunc")
        defer { dir.cleanup() }
        let source = dir.file("source.log")
        let bytes = try makeLog(source, count: 200)
        let starts = lineStarts(bytes)
        #expect(starts.count == 201)
        let path = dir.file("t.log")
        // Checkpoints after records 197…200; the bytes before them never change below, and
        // the full log verified clean once here.
        #expect(LogScanner.verify(bytes: bytes).isClean)
        var cps: [Int: VerifyCheckpoint] = [:]
        for k in 197...200 { cps[k] = LogScanner.verify(bytes: Array(bytes[..<starts[k]])).checkpoint }
        var recovered = 0
        var clean = 0
        for cut in starts[197]..<bytes.count {
            unlink(path)
            unlink(path + ".quarantine")
            writeBytes(path, Array(bytes[..<cut]))
            let k = starts.lastIndex { $0 <= cut }!  // records fully kept
            let onBoundary = starts[k] == cut
            // In memory: the verifier names the torn record.
            let report = LogScanner.verify(bytes: Array(bytes[..<cut]), from: cps[k]!)
            if onBoundary {
                #expect(report.isClean && report.checkpoint.nextSeq == k + 1)
            } else {
                #expect(
                    report.issue
                        == VerifyIssue(
                            seq: k + 1, offset: Int64(starts[k]), length: cut - starts[k], reason: .tornTail,
                            isLastLine: true))
            }
            // On disk: open for writing recovers it.
            let log = try EventLog.open(path: path)
            switch log.state {
            case .ok:
                #expect(onBoundary, "cut at \(cut) not recovered")
                #expect(log.lastSeq == k)
                clean += 1
            case .recovered(let info):
                #expect(!onBoundary)
                #expect(info.offset == Int64(starts[k]) && info.length == cut - starts[k] && info.reason == "torn tail")
                let q = try parseQuarantine(readBytes(path + ".quarantine"))
                #expect(q.count == 1 && q.first?.bytes == Array(bytes[starts[k]..<cut]))
                let after = readBytes(path)
                #expect(Array(after[..<starts[k]]) == Array(bytes[..<starts[k]]))
                #expect(log.lastSeq == k + 1)
                recovered += 1
            case .readOnly(let issue):
                Issue.record("cut at \(cut): read-only \(issue)")
            }
            // The rest of the file (the log.recovered record, if any) continues the chain.
            let final = readBytes(path)
            #expect(Array(final[..<starts[k]]) == Array(bytes[..<starts[k]]))
            #expect(LogScanner.verify(bytes: final, from: cps[k]!).isClean)
        }
        #expect(clean == 3)
        #expect(recovered == bytes.count - starts[197] - 3)
    }
}
