// Desk keys and records copied from other desks, through the real `dutydesk` binary:
// `desk init` with a key and in place, `desk show`, and `verify` of every origin
// (issue 11, items 1 and 3; docs/log-format.md §6, §12).
import DutyDeskConfig
import DutyDeskDomain
import DutyDeskJSON
import Foundation
import Testing

@testable import DutyDeskCLI
@testable import DutyDeskLog

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct DeskKeyCommandTests {
    let now = "01/09/2021 08:00"

    func lines(_ path: String) -> [[UInt8]] {
        [UInt8](FileManager.default.contents(atPath: path) ?? Data()).split(separator: 0x0A).map { Array($0) + [0x0A] }
    }

    func mode(_ path: String) -> mode_t {
        var st = stat()
        _ = lstat(path, &st)
        return st.st_mode & 0o7777
    }

    /// Appends to `path` the copies of `theirs` (desk `desk`'s lines), signed by `key`.
    func copyIn(_ theirs: [[UInt8]], desk: String, key: DeskKey, into path: String) throws {
        let log = try EventLog.open(path: path, mode: .readWrite)
        defer { log.close() }
        for l in theirs {
            let o = try OriginRecord.originLine(l)
            try log.append(
                try OriginRecord.newRecord(
                    fromLine: l, desk: desk, signature: key.sign(desk: desk, seq: o.seq, hash: o.hash)))
        }
    }

    /// `line` (without its hash) changed by `edit`, with its own hash computed again.
    func rehashed(_ line: [UInt8], _ edit: (String) -> String) -> [UInt8] {
        var text = String(decoding: line.dropLast(), as: UTF8.self)
        text.removeLast(75)
        var body = Array(edit(text).utf8)
        let digest = body.withUnsafeBufferPointer { RecordCodec.hexBytes(RecordCodec.hashedDigest($0)) }
        body += Array(",\"hash\":\"".utf8) + digest + Array("\"}\n".utf8)
        return body
    }

    func state(_ path: String) throws -> CampaignState {
        let (log, s, _) = try LogBridge.loadForReading(path: path, campaign: CampaignLoader.embeddedGoldenStrike2021)
        log.close()
        return s
    }

    func addAlert(_ log: String, _ subject: String = "Ngà voi") throws -> String {
        let r = try runDutyDesk([
            "alert", "add", "--log", log, "--source", "police", "--subject", subject, "--now", now,
        ])
        #expect(r.status == 0, "\(r.err)")
        return r.out
    }

    /// Desk HQLS's log (desk.configured with a name and a key, one alert) and its key.
    func hqls(_ dir: String, _ name: String = "hqls.log") throws -> (path: String, key: DeskKey) {
        let path = dir + "/" + name
        let r = try runDutyDesk([
            "desk", "init", "--unit", "HQLS", "--name", "Cửa khẩu Hữu Nghị", "--log", path, "--now", now,
        ])
        #expect(r.status == 0, "\(r.err)")
        #expect(try addAlert(path) == "HQLS-0001\n")
        return (path, try #require(try DeskKey.load(forLog: path)))
    }

    @Test func deskInitCreatesTheKeyAndRecordsItsPublicHalf() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (log, key) = try hqls(dir)
        #expect(mode(log + ".key") == 0o600)
        let first = try records(log)[0]
        #expect(first.type == "desk.configured")
        #expect(first.payload["public_key"]?.stringValue == key.publicKeyBase64)
        #expect(first.payload["name"]?.stringValue == "Cửa khẩu Hữu Nghị")
        let s = try state(log)
        #expect(s.desk?.publicKey == key.publicKeyBase64 && s.desk?.name == "Cửa khẩu Hữu Nghị")
        #expect(s.publicKey(ofDesk: "HQLS") == key.publicKeyBase64 && s.unit(ofDesk: "HQLS") == "HQLS")
        let show = try runDutyDesk(["desk", "show", "--log", log])
        let fp = try #require(DeskKey.fingerprint(publicKeyBase64: key.publicKeyBase64))
        #expect(show.out.contains("name: Cửa khẩu Hữu Nghị\nkey: \(fp) "), "\(show.out)")
        #expect(show.out.contains("directory: 1 desk\n"), "\(show.out)")
        #expect(!show.out.contains("key file"), "\(show.out)")
        // A key file that went missing, or was replaced, is said.
        try FileManager.default.moveItem(atPath: log + ".key", toPath: log + ".key.saved")
        let missing = try runDutyDesk(["desk", "show", "--log", log])
        #expect(missing.out.contains("key file: \(log).key is missing"), "\(missing.out)")
        _ = try DeskKey.create(forLog: log)
        let replaced = try runDutyDesk(["desk", "show", "--log", log])
        #expect(replaced.out.contains("holds another key"), "\(replaced.out)")
        unlink(log + ".key")
        try FileManager.default.moveItem(atPath: log + ".key.saved", toPath: log + ".key")
        let again = try runDutyDesk(["desk", "init", "--unit", "HQLS", "--log", log])
        #expect(again.status == 65 && again.err.contains("already belongs to desk HQLS"), "\(again.err)")
        #expect(try DeskKey.load(forLog: log)?.publicKeyBase64 == key.publicKeyBase64)
        // A name with a control character is a usage error, before anything is made.
        let other = dir + "/o.log"
        let bad = try runDutyDesk(["desk", "init", "--unit", "HQQN", "--name", "Móng\u{1b}[2J", "--log", other])
        #expect(bad.status == 64 && bad.err.contains("--name"), "\(bad.err)")
        #expect(access(other, F_OK) != 0 && access(other + ".key", F_OK) != 0)
    }

    /// A log whose desk was recorded before desk keys is upgraded in place (desk.keyed);
    /// a refused init makes no key file.
    @Test func deskInitUpgradesAnOldDeskInPlace() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/old.log"
        let log = try EventLog.open(path: path, mode: .readWrite)
        try log.append(
            NewRecord(
                type: "desk.configured", id: "ev-old-desk",
                payload: .object([("schema", .int(1)), ("unit", .string("HQLS")), ("desk", .string("HQLS"))]),
                ts: RFC3339Timestamp.parse("2021-09-01T07:00:00+07:00"),
                actor: LogActor(officer: "ls.minh", process: "dutydesk/1", host: "h")))
        log.close()
        #expect(try state(path).desk?.publicKey == nil)
        let show = try runDutyDesk(["desk", "show", "--log", path])
        #expect(show.out.contains("key: none"), "\(show.out)")
        let wrongUnit = try runDutyDesk(["desk", "init", "--unit", "HQQN", "--log", path, "--now", now])
        #expect(wrongUnit.status == 65 && wrongUnit.err.contains("already belongs to desk HQLS"), "\(wrongUnit.err)")
        #expect(access(path + ".key", F_OK) != 0, "a refused init leaves no key")
        let up = try runDutyDesk(["desk", "init", "--unit", "HQLS", "--log", path, "--now", now])
        #expect(up.status == 0 && up.out == "HQLS\n", "\(up.err)")
        let key = try #require(try DeskKey.load(forLog: path))
        let all = try records(path)
        #expect(all.count == 2 && all[1].type == "desk.keyed")
        #expect(all[1].payload == .object([("schema", .int(1)), ("public_key", .string(key.publicKeyBase64))]))
        #expect(try state(path).desk?.publicKey == key.publicKeyBase64)
        let twice = try runDutyDesk(["desk", "init", "--unit", "HQLS", "--log", path, "--now", now])
        #expect(twice.status == 65 && twice.err.contains("already belongs to desk HQLS"), "\(twice.err)")
        #expect(try records(path).count == 2)
        #expect(try runDutyDesk(["verify", "--log", path]).status == 0)
    }

    /// A key file a crash left before its record is used, not replaced; one others may read
    /// is refused.
    @Test func aKeyLeftBehindIsReusedAndAnUnsafeOneRefused() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/l.log"
        let left = try DeskKey.create(forLog: path)
        let r = try runDutyDesk(["desk", "init", "--unit", "HQLS", "--log", path, "--now", now])
        #expect(r.status == 0, "\(r.err)")
        #expect(try records(path)[0].payload["public_key"]?.stringValue == left.publicKeyBase64)
        let loose = dir + "/loose.log"
        _ = try DeskKey.create(forLog: loose)
        chmod(loose + ".key", 0o644)
        let refused = try runDutyDesk(["desk", "init", "--unit", "HQLS", "--log", loose, "--now", now])
        #expect(refused.status == 65, "\(refused.err)")
        #expect(refused.err.contains(loose + ".key: has mode 644"), "\(refused.err)")
        #expect(try records(loose).isEmpty)
    }

    /// Another desk's desk.configured, copied in, enters the directory and never configures
    /// this log's desk (with a desk of its own or without).
    @Test func aPulledDeskConfiguredDoesNotChangeThisLogsDesk() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (a, keyA) = try hqls(dir)
        let b = dir + "/hqqn.log"
        #expect(try runDutyDesk(["desk", "init", "--unit", "HQQN", "--log", b, "--now", now]).status == 0)
        try copyIn(lines(a), desk: "HQLS", key: keyA, into: b)
        let s = try state(b)
        #expect(s.desk?.desk == "HQQN" && s.desk?.unit == "HQQN")
        #expect(s.directory.count == 2)
        #expect(s.unit(ofDesk: "HQLS") == "HQLS" && s.publicKey(ofDesk: "HQLS") == keyA.publicKeyBase64)
        #expect(s.directory["HQLS"]?.name == "Cửa khẩu Hữu Nghị")
        #expect(s.alerts["HQLS-0001"] != nil)
        #expect(try addAlert(b) == "HQQN-0001\n")
        let v = try runDutyDesk(["verify", "--log", b])
        #expect(v.status == 0, "\(v.out)\(v.err)")
        #expect(try runDutyDesk(["desk", "show", "--log", b]).out.contains("directory: 2 desks"))
        // A log without a desk stays without one.
        let c = dir + "/none.log"
        try copyIn(lines(a), desk: "HQLS", key: keyA, into: c)
        let t = try state(c)
        #expect(t.desk == nil && t.publicKey(ofDesk: "HQLS") == keyA.publicKeyBase64)
        #expect(try addAlert(c) == "A-0001\n")
        #expect(try runDutyDesk(["verify", "--log", c]).status == 0)
        // The snapshot body keeps the directory.
        let back = try CampaignState(snapshotBody: s.snapshotBody(), campaign: CampaignLoader.embeddedGoldenStrike2021)
        #expect(back.directory == s.directory && back.desk == s.desk)
    }

    @Test func verifyNamesATamperedPayloadAndAWrongSignature() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (a, keyA) = try hqls(dir)
        let theirs = lines(a)
        // Tampered here: the copied alert's subject changed and the line hashed again.
        let b = dir + "/b.log"
        try copyIn(theirs, desk: "HQLS", key: keyA, into: b)
        var mine = lines(b)
        mine[1] = rehashed(mine[1]) { $0.replacingOccurrences(of: "Ngà voi", with: "Gỗ trắc") }
        try Data(mine.joined()).write(to: URL(fileURLWithPath: b))
        let v = try runDutyDesk(["verify", "--log", b])
        #expect(v.status == 65, "\(v.out)\(v.err)")
        #expect(
            v.out.hasPrefix("seq 2 at byte \(mine[0].count): origin HQLS seq 2: the record does not rebuild"),
            "\(v.out)")
        // Signed by another key.
        let stranger = try DeskKey.create(forLog: dir + "/x.log")
        let c = dir + "/c.log"
        try copyIn([theirs[0]], desk: "HQLS", key: keyA, into: c)
        try copyIn([theirs[1]], desk: "HQLS", key: stranger, into: c)
        let w = try runDutyDesk(["verify", "--log", c])
        #expect(w.status == 65, "\(w.out)\(w.err)")
        #expect(w.out.contains("seq 2 at byte "), "\(w.out)")
        #expect(
            w.out.contains(": origin HQLS seq 2: the signature does not verify with desk HQLS's public key"), "\(w.out)"
        )
        #expect(!w.out.contains("seq 1 at byte"), "\(w.out)")
        // A desk whose key never arrived.
        let d = dir + "/d.log"
        try copyIn([theirs[1]], desk: "HQLS", key: keyA, into: d)
        let k = try runDutyDesk(["verify", "--log", d])
        #expect(k.status == 65 && k.out.contains("origin HQLS seq 2: no public key of desk HQLS"), "\(k.out)")
    }

    /// The golden log's copy of desk HQLS's desk.configured rebuilds and verifies; its
    /// origin member is pinned there.
    @Test func theGoldenLogsCopiedRecordVerifies() throws {
        let golden = try records(GoldenLogTests.logPath)
        let copy = try #require(golden.first { !$0.extraEnvelope.isEmpty })
        #expect(copy.type == "desk.configured")
        let key = try #require(copy.payload["public_key"]?.stringValue)
        #expect(OriginRecord.check(copy, publicKeyBase64: key) == nil)
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: GoldenLogTests.logPath, toPath: dir + "/g.log")
        let v = try runDutyDesk(["verify", "--log", dir + "/g.log"])
        #expect(v.status == 0, "\(v.out)\(v.err)")
    }

    /// Two different records for one place in a desk's log (a fork), and consecutive
    /// origin seqs that do not chain.
    @Test func verifyNamesAForkAndABrokenOriginChain() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (a, keyA) = try hqls(dir)
        // A second log of desk HQLS, with the same key (reused, as after a crash).
        let a2 = dir + "/hqls2.log"
        try FileManager.default.copyItem(atPath: a + ".key", toPath: a2 + ".key")
        chmod(a2 + ".key", 0o600)
        #expect(try runDutyDesk(["desk", "init", "--unit", "HQLS", "--log", a2, "--now", now]).status == 0)
        #expect(try addAlert(a2, "Sừng tê giác") == "HQLS-0001\n")
        let one = lines(a)
        let two = lines(a2)
        let fork = dir + "/fork.log"
        try copyIn(one, desk: "HQLS", key: keyA, into: fork)
        try copyIn([two[1]], desk: "HQLS", key: keyA, into: fork)
        let f = try runDutyDesk(["verify", "--log", fork])
        #expect(f.status == 65, "\(f.out)\(f.err)")
        #expect(f.out.contains("seq 3 at byte "), "\(f.out)")
        #expect(f.out.contains(": origin HQLS seq 2: fork: seq 2 here holds another record for this place"), "\(f.out)")
        let broken = dir + "/broken.log"
        try copyIn([one[0], two[1]], desk: "HQLS", key: keyA, into: broken)
        let g = try runDutyDesk(["verify", "--log", broken])
        #expect(g.status == 65, "\(g.out)\(g.err)")
        #expect(
            g.out.contains("origin HQLS seq 2: its prev does not equal the hash of origin seq 1 (seq 1 here)"),
            "\(g.out)")
        // Gaps are normal: records not routed to this desk.
        let gap = dir + "/gap.log"
        try copyIn([one[0]], desk: "HQLS", key: keyA, into: gap)
        #expect(try runDutyDesk(["verify", "--log", gap]).status == 0)
    }
}
