import DutyDeskFuzz
import DutyDeskJSON
import DutyDeskLog
import Foundation
import Testing

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
