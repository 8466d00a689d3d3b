import DutyDeskJSON
import DutyDeskLog
import Foundation
import Testing

@testable import DutyDeskFuzz

extension Fuzzing {
    /// The log scanner on a real log mutated, random logs and re-hashed records (issue 12, item 5).
    @Suite struct LogScannerFuzz {
        @Test func logScannerNamesTheFirstBadSeqAndNeverAcceptsAChangedRecord() {
            fuzz(LogTargets.log(config: .default), iterations: 120)
        }

    }
}

extension Fuzzing.LogScannerFuzz {
    /// Found by the fuzzer: with payloads skipped (`verify`), a payload string holding invalid
    /// UTF-8 or a lone surrogate escape passed, while the replay (payloads decoded) refused the
    /// record; `dutydesk verify` said ok for a log the dashboard opened read-only.
    @Test(arguments: [#"{"a":"\ud800"}"#, #"{"a":"x\udc00y"}"#, #"{"a":"\x"}"#, "BAD-UTF8"])
    func verifyAndReplayAgreeOnPayloadStrings(payload: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dd-fuzz-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("l.log").path
        let log = try EventLog.open(path: path)
        _ = try log.append(
            NewRecord(
                type: "note.added", id: "n-1", payload: .object([("a", .string("b"))]),
                ts: RFC3339Timestamp(epochNanoseconds: 1_630_457_100_000_000_000, offsetSeconds: 25_200),
                actor: LogActor(officer: "HQ-0412", process: "tests/1", host: "desk-1")))
        log.close()
        var line = [UInt8](try #require(FileManager.default.contents(atPath: path)))
        line.removeLast()  // the line end
        let text = String(decoding: line, as: UTF8.self)
        let range = try #require(text.firstRange(of: #"{"a":"b"}"#))
        var bytes = Array(text[..<range.lowerBound].utf8)
        bytes +=
            payload == "BAD-UTF8" ? Array(#"{"a":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8) : Array(payload.utf8)
        bytes += Array(text[range.upperBound...].utf8)
        let forged = try #require(LogTargets.rehashed(bytes)) + [0x0A]
        let verify = LogScanner.verify(bytes: forged)
        let replay = forged.withUnsafeBufferPointer {
            LogScanner.scan(
                $0, from: .genesis, decodePayload: true, keepRaw: false, parallel: false, partialTailIsPending: false,
                body: { _ in })
        }
        #expect(replay.issue?.seq == 1, "the replay refuses the record")
        #expect(verify.issue == replay.issue, "verify: \(verify.issue.map { "\($0)" } ?? "ok")")
    }
}

extension Fuzzing.LogScannerFuzz {
    /// A log of one 5-record batch between single records (seq 1, 2–6, 7), written by `EventLog`.
    func batchLog() throws -> [UInt8] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dd-fuzz-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("b.log").path
        let log = try EventLog.open(path: path)
        func record(_ n: Int) -> NewRecord {
            NewRecord(
                type: "note.added", id: "n-\(n)",
                payload: .object([("n", .int(n)), ("text", .string("Móng Cái \(n)"))]),
                ts: RFC3339Timestamp(epochNanoseconds: 1_630_457_100_000_000_000, offsetSeconds: 25_200),
                actor: LogActor(officer: "HQ-0412", process: "tests/1", host: "desk-1"))
        }
        _ = try log.append(record(1))
        _ = try log.append((2...6).map(record))
        _ = try log.append(record(7))
        log.close()
        return [UInt8](try #require(FileManager.default.contents(atPath: path)))
    }

    /// After the batch merge the property said "issue at seq 4 after 1 good records" for a bad
    /// record inside a batch: the scanner reports it as itself (seq 4) and counts none of the
    /// batch's records before it (docs/log-format.md §6, check 7). The property now checks that
    /// rule, and still the old one everywhere else; and it compares the payloads of batch
    /// records without their `batch` member (it used to parse `{…},"batch":{…}`: "a payload
    /// decoded during the replay differs from JSON.parse of its text").
    @Test func theLogPropertyFollowsTheBatchRule() throws {
        let log = try batchLog()
        var starts = [0]
        for (i, b) in log.enumerated() where b == 0x0A { starts.append(i + 1) }
        #expect(starts.count == 8)
        #expect(LogTargets.checkLog(log, original: log) == .passed)
        for bad in 1...7 {
            var b = log
            b[starts[bad - 1] + 20] ^= 0x01  // inside "ts": the hash no longer matches
            let r = LogScanner.verify(bytes: b)
            let issue = try #require(r.issue)
            #expect(issue.seq == bad && issue.offset == Int64(starts[bad - 1]))
            // Record 1 is good before the batch; inside the batch (seq 2–6) nothing of it counts.
            let expectedGood = bad == 1 ? 0 : (bad <= 6 ? 1 : 6)
            #expect(r.goodRecords == expectedGood, "bad seq \(bad): \(r.goodRecords) good")
            #expect(LogTargets.checkLog(b, original: log) == .passed, "bad seq \(bad)")
        }
        // A batch cut short at the end of the file: reported at its first record.
        let cut = Array(log[..<starts[4]])
        #expect(LogScanner.verify(bytes: cut).issue?.seq == 2)
        #expect(LogTargets.checkLog(cut, original: log) == .passed)
        // The payload text of a batch record, as the property cuts it, is the payload alone.
        let third = Array(log[starts[2]..<starts[3]])
        let range = try #require(LogTargets.payloadRange(third))
        #expect(try JSON.parse(third[range]) == .object([("n", .int(3)), ("text", .string("Móng Cái 3"))]))
    }
}
