import DutyDeskJSON
import DutyDeskLog
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Append")
struct AppendTests {
    @Test func createsPrivateFileAndDirectory() throws {
        let dir = TempDir("perm")
        defer { dir.cleanup() }
        let path = dir.file("new/sub/campaign.log")
        let log = try EventLog.open(path: path)
        #expect(log.state == .ok)
        #expect(log.lastSeq == 0)
        var st = stat()
        #expect(stat(path, &st) == 0 && st.st_mode & 0o777 == 0o600)
        #expect(stat(dir.file("new/sub"), &st) == 0 && st.st_mode & 0o777 == 0o700)
        #expect(readBytes(path).isEmpty)
    }

    @Test func idempotentByEventID() throws {
        let dir = TempDir("idem")
        defer { dir.cleanup() }
        let log = try EventLog.open(path: dir.file("i.log"))
        let first = try log.append([alertRecord(1), alertRecord(2), alertRecord(1)])
        #expect(first.map(\.seq) == [1, 2])
        #expect(try log.append(alertRecord(2)) == nil)
        #expect(log.seq(forID: "A-2") == 2)
        // Another process (here: another open file description) sees the same index.
        let other = try EventLog.open(path: dir.file("i.log"))
        #expect(try other.append([alertRecord(1), alertRecord(3)]).map(\.id) == ["A-3"])
        #expect(try log.append(alertRecord(3)) == nil)
        #expect(try EventLog.verifyFile(path: dir.file("i.log")).goodRecords == 3)
    }

    @Test func twoWritersInterleaveWithoutBreakingTheChain() throws {
        let dir = TempDir("inter")
        defer { dir.cleanup() }
        let a = try EventLog.open(path: dir.file("x.log"))
        let b = try EventLog.open(path: dir.file("x.log"))
        for n in 1...50 {
            let w = n % 2 == 0 ? a : b
            let r = try #require(try w.append(alertRecord(n)))
            #expect(r.seq == n)
        }
        let report = try EventLog.verifyFile(path: dir.file("x.log"))
        #expect(report.isClean && report.goodRecords == 50)
    }

    @Test func timestampsNeverGoBackwards() throws {
        let dir = TempDir("ts")
        defer { dir.cleanup() }
        let log = try EventLog.open(path: dir.file("t.log"))
        let t0 = try #require(RFC3339Timestamp.parse("2021-09-01T07:45:00.123+07:00"))
        try log.append(NewRecord(type: "alert.received", id: "a", payload: .object([]), ts: t0, actor: testActor))
        log.now = { t0.epochNanoseconds - 60_000_000_000 }  // clock stepped back a minute
        let r = try #require(
            try log.append(NewRecord(type: "alert.note", id: "b", payload: .object([]), actor: testActor)))
        #expect(r.ts.epochNanoseconds == t0.epochNanoseconds)
        #expect(r.ts.offsetSeconds == 25_200)
        #expect(String(decoding: r.raw, as: UTF8.self).contains(#""ts":"2021-09-01T07:45:00.123+07:00""#))
        let earlier = try #require(RFC3339Timestamp.parse("2021-09-01T00:00:00Z"))
        let c = try #require(
            try log.append(NewRecord(type: "alert.note", id: "c", payload: .object([]), ts: earlier, actor: testActor)))
        #expect(c.ts.epochNanoseconds == t0.epochNanoseconds && c.ts.offsetSeconds == 0)
        #expect(try log.verify().isClean)
    }

    @Test func rejectsBadRecordsWithoutWriting() throws {
        let dir = TempDir("bad")
        defer { dir.cleanup() }
        let log = try EventLog.open(path: dir.file("b.log"))
        let cases: [NewRecord] = [
            NewRecord(type: "alert.received", id: "x", payload: .array([]), actor: testActor),
            NewRecord(type: "", id: "x", payload: .object([]), actor: testActor),
            NewRecord(type: "alert..x", id: "x", payload: .object([]), actor: testActor),
            NewRecord(type: "alert.received", id: "", payload: .object([]), actor: testActor),
            NewRecord(type: "alert.received", id: "a\nb", payload: .object([]), actor: testActor),
        ]
        for c in cases {
            #expect(throws: LogError.self) { try log.append([alertRecord(1), c]) }
        }
        #expect(readBytes(dir.file("b.log")).isEmpty)
    }

    @Test func readOnlyModeRefusesAppends() throws {
        let dir = TempDir("ro")
        defer { dir.cleanup() }
        _ = try makeLog(dir.file("r.log"), count: 3)
        let log = try EventLog.open(path: dir.file("r.log"), mode: .readOnly)
        #expect(log.lastSeq == 3)
        #expect(throws: LogError.self) { try log.append(alertRecord(9)) }
        #expect(throws: LogError.self) { try EventLog.open(path: dir.file("missing.log"), mode: .readOnly) }
    }

    @Test func replayDecodesEveryRecordInOrder() throws {
        let dir = TempDir("replay")
        defer { dir.cleanup() }
        let bytes = try makeLog(dir.file("p.log"), count: 3000)
        let log = try EventLog.open(path: dir.file("p.log"), mode: .readOnly)
        var seqs: [Int] = []
        var rebuilt: [UInt8] = []
        let o = try log.replay(keepRaw: true) { r in
            seqs.append(r.seq)
            rebuilt += r.raw
            if r.seq == 1234 { #expect(r.payload["n"]?.intValue == 1234 && r.id == "A-1234") }
        }
        #expect(o.issue == nil && o.records == 3000)
        #expect(seqs == Array(1...3000))
        #expect(rebuilt == bytes)
        var fromSeq: [Int] = []
        try log.replay(fromSeq: 2999) { fromSeq.append($0.seq) }
        #expect(fromSeq == [2999, 3000])
    }

    @Test func locationResolution() {
        let env = ["HOME": "/home/duty", "XDG_DATA_HOME": "/data/x"]
        #expect(
            LogLocation.resolve(
                explicit: "/a/b.log", environment: env.merging(["DUTYDESK_LOG": "/e.log"]) { $1 }, campaignID: "gs")
                == "/a/b.log")
        #expect(
            LogLocation.resolve(
                explicit: nil, environment: env.merging(["DUTYDESK_LOG": "/e.log"]) { $1 }, campaignID: "gs")
                == "/e.log")
        #expect(
            LogLocation.resolve(explicit: nil, environment: env, campaignID: "golden-strike-2021")
                == "/data/x/dutydesk/golden-strike-2021.log")
        #expect(
            LogLocation.resolve(
                explicit: nil, environment: ["HOME": "/home/duty", "XDG_DATA_HOME": "rel"], campaignID: "gs")
                == "/home/duty/.local/share/dutydesk/gs.log")
        #expect(
            LogLocation.resolve(explicit: nil, environment: ["HOME": "/h", "DUTYDESK_LOG": ""], campaignID: "a/../b c")
                == "/h/.local/share/dutydesk/a-..-b-c.log")
    }
}
