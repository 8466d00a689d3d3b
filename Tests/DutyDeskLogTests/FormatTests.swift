import DutyDeskJSON
import Testing

@testable import DutyDeskLog

@Suite("Log format")
struct FormatTests {
    static let goldenBody =
        #"{"v":1,"seq":1,"ts":"2021-09-01T07:45:00+07:00","actor":{"officer":"HQ-0412","process":"test/1","host":"desk-1"},"type":"alert.received","id":"A-1","payload":{"schema":1,"text":"Tin báo: ngà voi"},"prev":"0000000000000000000000000000000000000000000000000000000000000000""#
    /// Computed independently (Python hashlib) over goldenBody + "}".
    static let goldenHash = "7bc4c7ed7c42e6e32bdac1c88f67912a92ea9e4546f82715c6726a403d50ffc4"

    @Test func writerProducesTheDocumentedBytes() throws {
        let dir = TempDir("golden")
        defer { dir.cleanup() }
        let log = try EventLog.open(path: dir.file("g.log"))
        let rec = try #require(
            try log.append(
                NewRecord(
                    type: "alert.received", id: "A-1",
                    payload: .object([("schema", .int(1)), ("text", .string("Tin báo: ngà voi"))]),
                    ts: RFC3339Timestamp.parse("2021-09-01T07:45:00+07:00"),
                    actor: LogActor(officer: "HQ-0412", process: "test/1", host: "desk-1"))))
        let expected = Array((Self.goldenBody + #","hash":""# + Self.goldenHash + "\"}\n").utf8)
        #expect(readBytes(dir.file("g.log")) == expected)
        #expect(rec.hash == Self.goldenHash)
        #expect(rec.raw == expected)
        #expect(LogFormat.sha256Hex(Array((Self.goldenBody + "}").utf8)) == Self.goldenHash)
    }

    /// Builds a line the way any writer would: body, then the hash of body + "}".
    func line(_ body: String) -> [UInt8] {
        let h = LogFormat.sha256Hex(Array((body + "}").utf8))
        return Array((body + #","hash":""# + h + "\"}\n").utf8)
    }

    @Test func unknownEnvelopeAndPayloadFieldsArePreserved() throws {
        let body =
            #"{"v":2,"seq":1,"ts":"2021-09-01T07:45:00.250Z","actor":{"officer":"o","process":"p","host":"h","desk":2},"type":"future.kind.v9","id":"x-1","origin":{"relay":"hq","hops":[1,2]},"payload":{"schema":7,"mới":"giá trị","n":72.50},"prev":"0000000000000000000000000000000000000000000000000000000000000000""#
        let bytes = line(body)
        let report = LogScanner.verify(bytes: bytes)
        #expect(report.isClean)
        var got: [LogRecord] = []
        _ = bytes.withUnsafeBufferPointer {
            LogScanner.scan(
                $0, from: .genesis, decodePayload: true, keepRaw: true, parallel: false, partialTailIsPending: false
            ) { got.append($0) }
        }
        let r = try #require(got.first)
        #expect(r.v == 2 && r.type == "future.kind.v9")
        #expect(r.extraEnvelope.map(\.0) == ["origin"])
        #expect(r.payload["mới"]?.stringValue == "giá trị")
        #expect(r.payload["n"] == .number("72.50"))
        #expect(r.raw == bytes)
        #expect(r.ts.epochNanoseconds == 1_630_482_300_250_000_000)
    }

    @Test func hashMustBeLastAndLowerCase() {
        let body =
            #"{"v":1,"seq":1,"ts":"2021-09-01T07:45:00Z","actor":{"officer":"o","process":"p","host":"h"},"type":"a.b","id":"x","payload":{},"prev":"0000000000000000000000000000000000000000000000000000000000000000""#
        #expect(LogScanner.verify(bytes: line(body)).isClean)
        let inner = body + #","hash":"00""#
        let r1 = LogScanner.verify(bytes: line(inner))
        #expect(r1.issue?.reason == .parseError("\"hash\" must be the last member"))
        var upper = line(body)
        let at = upper.count - 10
        if let i = (at..<(upper.count - 3)).first(where: { upper[$0] >= 0x61 && upper[$0] <= 0x66 }) {
            upper[i] -= 0x20
            #expect(
                LogScanner.verify(bytes: upper).issue?.reason == .parseError("hash is not 64 lower-case hex digits"))
        }
        let missing =
            #"{"v":1,"seq":1,"ts":"2021-09-01T07:45:00Z","type":"a.b","id":"x","payload":{},"prev":"0000000000000000000000000000000000000000000000000000000000000000""#
        #expect(LogScanner.verify(bytes: line(missing)).issue?.reason == .parseError("missing member(s): actor"))
        let noOffset = body.replacingOccurrences(of: "07:45:00Z", with: "07:45:00")
        #expect(
            LogScanner.verify(bytes: line(noOffset)).issue?.reason
                == .parseError("\"ts\" is not an RFC 3339 time with offset"))
    }

    @Test func chainChecksNameTheReason() throws {
        let dir = TempDir("chain")
        defer { dir.cleanup() }
        let bytes = try makeLog(dir.file("c.log"), count: 5)
        let starts = lineStarts(bytes)
        // Drop record 3: record 4 now follows record 2.
        let dropped = Array(bytes[..<starts[2]] + bytes[starts[3]...])
        let r = LogScanner.verify(bytes: dropped, describeRest: true)
        #expect(r.issue?.seq == 3)
        #expect(r.issue?.offset == Int64(starts[2]))
        #expect(r.issue?.reason == .seqGap(found: 4))
        #expect(r.issue?.description == "seq 3 at byte \(starts[2]): seq gap (record says seq 4)")
        #expect(r.linesAfterIssue == 1 && r.selfConsistentAfterIssue == 1)
        // A record written with a different prev.
        var broken = Array(bytes[..<starts[2]])
        let body = String(decoding: bytes[starts[2]..<(starts[3] - 76)], as: UTF8.self)
        let badPrev = body.replacingOccurrences(
            of: body.suffix(66), with: "\"" + String(repeating: "a", count: 64) + "\"")
        broken += line(badPrev)
        #expect(LogScanner.verify(bytes: broken).issue?.reason == .prevMismatch)
        #expect(
            LogScanner.verify(bytes: Array("garbage\n".utf8)).issue?.reason
                == .parseError("line too short to be a record"))
        #expect(LogScanner.verify(bytes: []).isClean)
    }
}

@Suite("Replay payload parser")
struct FastPayloadTests {
    /// The replay parser must give exactly what `JSON.parse` gives, errors included.
    @Test func agreesWithTheReferenceParser() {
        let texts = [
            #"{"a":1,"b":"x","c":[1,2,{"d":null}],"e":true,"f":false,"g":-0.5e3}"#,
            #"{ "mới" : "Cửa khẩu Móng Cái" , "esc":"a\"b\\c\nd\u00e9\ud83d\ude00" }"#,
            #"{"n":72.50,"big":123456789012345678901234567890,"empty":{},"arr":[]}"#,
            #"{"a":"\u0001"}"#, #"{"a":"x"#, #"{"a":1,}"#, #"{"a" 1}"#, #"{"a":"\ud800"}"#, "{\"a\":\"\u{1}\"}",
            "{\"a\":\"\u{FF}\"}",
        ]
        for t in texts {
            let reference = Result { try JSON.parse(t) }
            var copy = t
            let fast = copy.withUTF8 { buf in
                Result { () throws -> JSON in
                    var p = JSONByteParser(buf)
                    let v = try FastPayload.object(&p, depth: 0)
                    guard p.index == buf.count else {
                        throw JSONParseError(offset: p.index, reason: "trailing data after JSON value")
                    }
                    return v
                }
            }
            switch (reference, fast) {
            case (.success(let a), .success(let b)): #expect(a == b, "\(t)")
            case (.failure(let a as JSONParseError), .failure(let b as JSONParseError)): #expect(a == b, "\(t)")
            default: Issue.record("parsers disagree on \(t): \(reference) vs \(fast)")
            }
        }
    }
}

@Suite("File system checks")
struct FileSystemTests {
    @Test func networkFileSystemsAreRecognised() {
        for t in ["nfs", "nfs4", "cifs", "smb3", "fuse.sshfs", "9p", "ceph"] {
            #expect(Posix.isNetworkFileSystem(t), "\(t)")
        }
        for t in ["ext4", "xfs", "btrfs", "tmpfs", "overlay", "zfs"] { #expect(!Posix.isNetworkFileSystem(t), "\(t)") }
        // A local temp directory gives no warning.
        let dir = TempDir("fs")
        defer { dir.cleanup() }
        #expect(Posix.networkFileSystemWarning(dir.path) == nil)
    }
}
