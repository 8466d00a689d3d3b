// The `origin` envelope member written by the log, desk keys and records copied from
// another desk (issue 11, items 1 and 3; docs/log-format.md §2, §12).
import DutyDeskJSON
import Foundation
import Testing

@testable import DutyDeskLog

#if canImport(Glibc)
    import Glibc
#endif

/// Every line of the log at `path`, each with its `\n`.
func lines(_ path: String) -> [[UInt8]] {
    readBytes(path).split(separator: 0x0A).map { Array($0) + [0x0A] }
}

/// A copy of `line` (another desk's record, signed by `key` as desk `desk`) to append here.
func copied(_ line: [UInt8], desk: String, key: DeskKey) throws -> NewRecord {
    let o = try OriginRecord.originLine(line)
    return try OriginRecord.newRecord(
        fromLine: line, desk: desk, signature: key.sign(desk: desk, seq: o.seq, hash: o.hash))
}

func record(_ id: String, _ text: String = "Tin báo: ngà voi") -> NewRecord {
    NewRecord(
        type: "alert.received", id: id,
        payload: .object([("schema", .int(1)), ("alert_id", .string(id)), ("text", .string(text))]),
        ts: RFC3339Timestamp.parse("2021-09-01T07:45:00.250+07:00"),
        actor: LogActor(officer: "ls.minh", process: "dutydesk/57", host: "desk-ls-1"))
}

@Suite("Origin envelope")
struct OriginEnvelopeWriteTests {
    static let origin: JSON = .object([
        ("desk", .string("HQLS")), ("seq", .int(57)), ("ts", .string("2021-09-01T07:59:00+07:00")),
        ("prev", .string(String(repeating: "a", count: 64))), ("hash", .string(String(repeating: "b", count: 64))),
        ("sig", .string("c2ln")),
    ])
    static let body =
        #"{"v":1,"seq":1,"ts":"2021-09-01T08:00:00+07:00","actor":{"officer":"ls.minh","process":"dutydesk/57","host":"desk-ls-1"},"type":"alert.acknowledged","id":"HQLS-ev-57","payload":{"schema":1,"alert_id":"HQLS-0001"},"origin":{"desk":"HQLS","seq":57,"ts":"2021-09-01T07:59:00+07:00","prev":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","hash":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","sig":"c2ln"},"prev":"0000000000000000000000000000000000000000000000000000000000000000""#
    /// Computed independently (Python hashlib) over body + "}".
    static let hash = "b8f7cb88ad76509edfe281615c2fc2f29c87ff19b2971b0eba6fa596d8dd93ec"

    /// `origin` is written after `payload` (and `batch`), before `prev`, covered by the hash.
    @Test func theOriginMemberIsWrittenWhereTheFormatSays() throws {
        let dir = TempDir("origin-bytes")
        defer { dir.cleanup() }
        let log = try EventLog.open(path: dir.file("o.log"))
        defer { log.close() }
        let rec = try #require(
            try log.append(
                NewRecord(
                    type: "alert.acknowledged", id: "HQLS-ev-57",
                    payload: .object([("schema", .int(1)), ("alert_id", .string("HQLS-0001"))]),
                    ts: RFC3339Timestamp.parse("2021-09-01T08:00:00+07:00"),
                    actor: LogActor(officer: "ls.minh", process: "dutydesk/57", host: "desk-ls-1"),
                    origin: Self.origin)))
        let expected = Array((Self.body + #","hash":""# + Self.hash + "\"}\n").utf8)
        #expect(readBytes(dir.file("o.log")) == expected)
        #expect(rec.hash == Self.hash)
        #expect(rec.extraEnvelope.map(\.0) == ["origin"])
        #expect(rec.extraEnvelope.first?.1 == Self.origin)
    }

    /// A record with an origin, in a batch and alone, reads back the same through
    /// replay, a follower and verify.
    @Test func aRecordWithAnOriginRoundTrips() throws {
        let dir = TempDir("origin-roundtrip")
        defer { dir.cleanup() }
        let path = dir.file("o.log")
        let log = try EventLog.open(path: path)
        var one = record("A-1")
        one.origin = Self.origin
        var two = record("A-2")
        two.origin = .object([("desk", .string("HQQN")), ("seq", .int(3))])
        try log.append([record("A-0"), one, two])
        try log.append(one)  // idempotent: the id is in the log
        var single = record("A-3")
        single.origin = Self.origin
        try log.append(single)
        log.close()
        #expect(try EventLog.verifyFile(path: path).isClean)
        let again = try EventLog.open(path: path, mode: .readOnly)
        defer { again.close() }
        var got: [LogRecord] = []
        try again.replay { got.append($0) }
        #expect(got.map(\.id) == ["A-0", "A-1", "A-2", "A-3"])
        #expect(got[0].extraEnvelope.isEmpty)
        #expect(got[1].extraEnvelope.first?.1 == Self.origin)
        #expect(got[1].batch == LogBatch(first: 1, count: 3))
        #expect(got[2].extraEnvelope.first?.1["desk"]?.stringValue == "HQQN")
        #expect(got[3].extraEnvelope.first?.1 == Self.origin)
        // A batch member: `batch` comes before `origin` in the bytes.
        let text = String(decoding: lines(path)[1], as: UTF8.self)
        #expect(text.contains(#""batch":{"first":1,"count":3},"origin":{"desk":"HQLS""#))
    }

    @Test func anOriginThatIsNotAnObjectIsRefused() throws {
        let dir = TempDir("origin-bad")
        defer { dir.cleanup() }
        let log = try EventLog.open(path: dir.file("o.log"))
        defer { log.close() }
        var r = record("A-1")
        r.origin = .string("HQLS")
        #expect(throws: LogError.self) { try log.append(r) }
        #expect(readBytes(dir.file("o.log")).isEmpty)
    }
}

@Suite("Desk key")
struct DeskKeyTests {
    func mode(_ path: String) -> mode_t {
        var st = stat()
        _ = lstat(path, &st)
        return st.st_mode & 0o7777
    }

    @Test func aNewKeyIsOneLineOfMode600AndIsNeverReplaced() throws {
        let dir = TempDir("key")
        defer { dir.cleanup() }
        let log = dir.file("d.log")
        #expect(DeskKey.path(forLog: log) == log + ".key")
        #expect(try DeskKey.load(forLog: log) == nil)
        let key = try DeskKey.create(forLog: log)
        #expect(mode(log + ".key") == 0o600)
        let text = String(decoding: readBytes(log + ".key"), as: UTF8.self)
        #expect(text.hasPrefix("dutydesk-ed25519-v1 ") && text.hasSuffix("\n"))
        #expect(text.utf8.count == 20 + 44 + 1)
        #expect(key.publicKeyBase64.utf8.count == 44)
        let loaded = try #require(try DeskKey.load(forLog: log))
        #expect(loaded.publicKeyBase64 == key.publicKeyBase64)
        #expect(throws: DeskKeyError.exists(path: log + ".key")) { try DeskKey.create(forLog: log) }
        #expect(try DeskKey.load(forLog: log)?.publicKeyBase64 == key.publicKeyBase64)
        #expect(DeskKey.fingerprint(publicKeyBase64: key.publicKeyBase64)?.utf8.count == 16)
        #expect(DeskKey.fingerprint(publicKeyBase64: "not base64") == nil)
    }

    @Test func signaturesVerifyOnlyForTheirDeskSeqHashAndKey() throws {
        let dir = TempDir("key-sign")
        defer { dir.cleanup() }
        let key = try DeskKey.create(forLog: dir.file("a.log"))
        let other = try DeskKey.create(forLog: dir.file("b.log"))
        let hash = String(repeating: "ab", count: 32)
        let sig = key.sign(desk: "HQLS", seq: 57, hash: hash)
        let pub = key.publicKeyBase64
        #expect(DeskKey.verify(publicKeyBase64: pub, desk: "HQLS", seq: 57, hash: hash, signature: sig))
        #expect(!DeskKey.verify(publicKeyBase64: pub, desk: "HQQN", seq: 57, hash: hash, signature: sig))
        #expect(!DeskKey.verify(publicKeyBase64: pub, desk: "HQLS", seq: 58, hash: hash, signature: sig))
        #expect(
            !DeskKey.verify(
                publicKeyBase64: pub, desk: "HQLS", seq: 57, hash: String(repeating: "ba", count: 32), signature: sig))
        #expect(
            !DeskKey.verify(publicKeyBase64: other.publicKeyBase64, desk: "HQLS", seq: 57, hash: hash, signature: sig))
        #expect(!DeskKey.verify(publicKeyBase64: pub, desk: "HQLS", seq: 57, hash: hash, signature: "AAAA"))
        #expect(!DeskKey.verify(publicKeyBase64: "junk", desk: "HQLS", seq: 57, hash: hash, signature: sig))
    }

    /// The message signed is the documented one (docs/log-format.md §12).
    @Test func theSignedMessageIsTheDocumentedOne() {
        let m = DeskKey.message(desk: "HQLS", seq: 57, hash: String(repeating: "0", count: 64))
        #expect(m == Array(("dutydesk-record-v1\nHQLS\n57\n" + String(repeating: "0", count: 64)).utf8))
    }

    @Test func unsafeOrMalformedKeyFilesAreRefusedNamingThePath() throws {
        let dir = TempDir("key-bad")
        defer { dir.cleanup() }
        let log = dir.file("d.log")
        let path = log + ".key"
        _ = try DeskKey.create(forLog: log)
        chmod(path, 0o644)
        do {
            _ = try DeskKey.load(forLog: log)
            Issue.record("a key readable by others was used")
        } catch let e as DeskKeyError {
            guard case .unsafe(let p, let why) = e else { throw e }
            #expect(p == path && why.contains("mode 644"), "\(why)")
        }
        chmod(path, 0o600)
        #expect(try DeskKey.load(forLog: log) != nil)
        // A symbolic link is never followed.
        let linked = dir.file("l.log")
        symlink(path, linked + ".key")
        #expect(throws: DeskKeyError.self) { try DeskKey.load(forLog: linked) }
        #expect(throws: DeskKeyError.self) { try DeskKey.create(forLog: linked) }
        // Malformed files.
        for bad in [
            "", "dutydesk-ed25519-v1 AAAA\n", "dutydesk-ed25519-v2 " + String(repeating: "A", count: 43) + "=\n",
            "dutydesk-ed25519-v1 " + String(repeating: "A", count: 43) + "=",
        ] {
            let l = dir.file("m\(bad.utf8.count).log")
            writeBytes(l + ".key", Array(bad.utf8))
            #expect(throws: DeskKeyError.self, "\(bad)") { try DeskKey.load(forLog: l) }
        }
        // A directory at the path.
        mkdir(dir.file("dir.log.key"), 0o700)
        #expect(throws: DeskKeyError.self) { try DeskKey.load(forLog: dir.file("dir.log")) }
    }
}

@Suite("Origin records")
struct OriginRecordTests {
    /// Desk HQLS's log: a single record and a batch of two; its key.
    func hqls(_ dir: TempDir) throws -> (lines: [[UInt8]], key: DeskKey) {
        let path = dir.file("hqls.log")
        let key = try DeskKey.create(forLog: path)
        let log = try EventLog.open(path: path)
        try log.append(record("HQLS-0001"))
        try log.append([record("HQLS-0002", "Sừng tê giác"), record("HQLS-0003")])
        log.close()
        return (lines(path), key)
    }

    @Test func aCopiedRecordRebuildsToItsOriginalAndVerifies() throws {
        let dir = TempDir("origin-copy")
        defer { dir.cleanup() }
        let (theirs, key) = try hqls(dir)
        let here = dir.file("hqqn.log")
        let log = try EventLog.open(path: here)
        try log.append(record("HQQN-0001"))
        for l in theirs { try log.append(try copied(l, desk: "HQLS", key: key)) }
        log.close()
        #expect(try EventLog.verifyFile(path: here).isClean)
        let reread = try EventLog.open(path: here, mode: .readOnly)
        defer { reread.close() }
        var got: [LogRecord] = []
        try reread.replay { got.append($0) }
        #expect(got.count == 4)
        #expect(got[0].extraEnvelope.isEmpty)
        for (i, r) in got.dropFirst().enumerated() {
            #expect(OriginRecord.check(r, publicKeyBase64: key.publicKeyBase64) == nil)
            // The original line, byte for byte.
            #expect(OriginRecord.originalLine(of: r) == theirs[i])
            #expect(r.actor.officer == "ls.minh")
        }
        let o = try #require(got[2].extraEnvelope.first?.1)
        #expect(o.objectValue?.map(\.0) == ["desk", "seq", "ts", "batch", "prev", "hash", "sig"])
        #expect(o["batch"]?["first"]?.intValue == 2 && o["batch"]?["count"]?.intValue == 2)
        #expect(got[1].extraEnvelope.first?.1["batch"] == nil)
        #expect(o["ts"]?.stringValue == "2021-09-01T07:45:00.250+07:00")
        // With a line feed or without, the same record.
        let a = try OriginRecord.originLine(theirs[0])
        #expect(try OriginRecord.originLine(Array(theirs[0].dropLast())) == a)
        #expect(a.seq == 1 && a.prev == String(repeating: "0", count: 64) && a.id == "HQLS-0001")
        #expect(try OriginRecord.seq(ofLine: theirs[2]) == 3)
        #expect(try OriginRecord.hash(ofLine: theirs[0]) == a.hash)
        #expect(String(decoding: theirs[0], as: UTF8.self).hasSuffix(",\"hash\":\"\(a.hash)\"}\n"))
    }

    @Test func checkNamesATamperedCopyAWrongSignatureAndAMissingKey() throws {
        let dir = TempDir("origin-check")
        defer { dir.cleanup() }
        let (theirs, key) = try hqls(dir)
        let stranger = try DeskKey.create(forLog: dir.file("x.log"))
        var rec = try copied(theirs[0], desk: "HQLS", key: key)
        let here = dir.file("here.log")
        let log = try EventLog.open(path: here)
        defer { log.close() }
        let good = try #require(try log.append(rec))
        #expect(OriginRecord.check(good, publicKeyBase64: key.publicKeyBase64) == nil)
        let noKey = OriginRecord.check(good, publicKeyBase64: nil)
        #expect(noKey?.contains("no public key of desk HQLS") == true, "\(noKey ?? "")")
        let wrong = OriginRecord.check(good, publicKeyBase64: stranger.publicKeyBase64)
        #expect(wrong == "the signature does not verify with desk HQLS's public key")
        // The payload altered on the way.
        rec.id = "HQLS-ev-2"
        rec.payload = .object([("schema", .int(1)), ("alert_id", .string("HQLS-0001")), ("text", .string("khác"))])
        let altered = try #require(try log.append(rec))
        let why = OriginRecord.check(altered, publicKeyBase64: key.publicKeyBase64)
        #expect(why?.hasPrefix("the record does not rebuild to its origin hash") == true, "\(why ?? "")")
    }

    @Test func linesThatCannotBeCopiedAreRefused() throws {
        let dir = TempDir("origin-refuse")
        defer { dir.cleanup() }
        let (theirs, key) = try hqls(dir)
        var flipped = theirs[0]
        let at = try #require(flipped.firstIndex(of: UInt8(ascii: "T")))  // in its ts
        flipped[at] = UInt8(ascii: "M")
        #expect(throws: OriginRecordError.badHash) {
            try OriginRecord.newRecord(fromLine: flipped, desk: "HQLS", signature: "")
        }
        #expect(throws: OriginRecordError.self) {
            try OriginRecord.newRecord(fromLine: Array("{}\n".utf8), desk: "HQLS", signature: "")
        }
        // A copy is never copied on: a line with an origin member is refused.
        let here = dir.file("here.log")
        let log = try EventLog.open(path: here)
        try log.append(try copied(theirs[0], desk: "HQLS", key: key))
        log.close()
        #expect {
            try OriginRecord.newRecord(fromLine: lines(here)[0], desk: "HQQN", signature: "")
        } throws: { e in
            guard case .unparsable(let why) = e as? OriginRecordError else { return false }
            return why.contains("\"origin\"")
        }
        // Every cut and every changed byte is refused, never crashes, never passes.
        let line = theirs[1]
        for n in 0..<(line.count - 1) {
            #expect(throws: OriginRecordError.self) { try OriginRecord.originLine(Array(line.prefix(n))) }
        }
        for i in line.indices {
            for v: UInt8 in [0x00, 0x0A, 0x22, 0x5C, 0x7D, 0xFF, line[i] ^ 0x01] where v != line[i] {
                var m = line
                m[i] = v
                #expect(throws: OriginRecordError.self, "byte \(i) = \(v)") { try OriginRecord.originLine(m) }
            }
        }
        // Two lines are not one record.
        #expect(throws: OriginRecordError.self) {
            try OriginRecord.newRecord(fromLine: theirs[0] + theirs[1], desk: "HQLS", signature: "")
        }
    }
}
