import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog
import Foundation
import Testing

@testable import DutyDeskCLI

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 11, item 4: every place that creates an alert takes a sharing level (`alert add
/// --sharing`, the import's `sharing` column), `alert share ID LEVEL` changes it, and the read
/// commands show it.
@Suite struct SharingCommandTests {
    func run(_ args: [String], as officer: String = "lan", lang: String = "C.UTF-8") throws -> (
        status: Int32, out: String, err: String
    ) {
        try runDutyDesk(args, environment: ["DUTYDESK_OFFICER": officer, "LC_ALL": lang, "LANG": lang])
    }

    func add(_ log: String, _ extra: [String] = []) throws -> (status: Int32, out: String, err: String) {
        try run(
            [
                "alert", "add", "--log", log, "--source", "police", "--subject", "Ngà voi", "--now",
                "2021-09-01T08:00:00+07:00",
            ] + extra)
    }

    @Test func addTakesALevelAndShareChangesIt() throws {
        let log = tempDir() + "/l.log"
        let a = try add(log, ["--sharing", "TLP:AMBER+STRICT"])
        #expect(a.status == 0, "\(a.err)")
        #expect(try loadState(log).alerts["A-0001"]?.sharing == .amberStrict)
        let plain = try add(log)
        #expect(plain.status == 0)
        #expect(try loadState(log).alerts["A-0002"]?.sharing == .amber)
        let bad = try add(log, ["--sharing", "white"])
        #expect(bad.status == 64 && bad.err.contains("--sharing: 'white' is not a sharing level"), "\(bad.err)")
        #expect(try loadState(log).alerts.count == 2)
        let red = try run(["alert", "share", "A-0001", "red", "--log", log])
        #expect(red.status == 0 && red.out == "A-0001 sharing: TLP:RED (this desk only)\n", "\(red.err)")
        let vi = try run(["alert", "share", "2", "green", "--log", log], lang: "vi_VN.UTF-8")
        #expect(vi.status == 0 && vi.out.hasPrefix("A-0002 mức chia sẻ: TLP:GREEN"), "\(vi.err)")
        let same = try run(["alert", "share", "A-0001", "red", "--log", log])
        #expect(same.status == 65 && same.err.contains("already shared at TLP:RED"), "\(same.err)")
        let word = try run(["alert", "share", "A-0001", "purple", "--log", log])
        #expect(word.status == 64 && word.err.contains("not a sharing level"), "\(word.err)")
        let missing = try run(["alert", "share", "A-0099", "red", "--log", log])
        #expect(missing.status == 65, "\(missing.err)")
        // Shown by show (both languages) and list --json.
        let show = try run(["alert", "show", "A-0001", "--log", log])
        #expect(show.status == 0 && show.out.contains("TLP:RED (this desk only)"), "\(show.out)")
        let showVI = try run(["alert", "show", "A-0001", "--log", log], lang: "vi_VN.UTF-8")
        #expect(showVI.out.contains("Mức chia sẻ") && showVI.out.contains("chỉ bàn trực này"), "\(showVI.out)")
        let list = try run(["alert", "list", "--json", "--log", log])
        let objects = try list.out.split(separator: "\n").map { try JSON.parse(String($0)) }
        #expect(objects.map { $0["sharing"]?.stringValue } == ["red", "green"])
    }

    @Test func anotherUnitsDeskOnlyNarrows() throws {
        let log = tempDir() + "/l.log"
        // The desk of HQLS (Lạng Sơn) holds an alert HQHN's desk received (its origin says so).
        #expect(try run(["desk", "init", "--log", log, "--unit", "HQLS"]).status == 0)
        let l = try EventLog.open(path: log, mode: .readWrite)
        let received = DomainEvent.alertReceived(
            AlertReceived(
                alertID: "HQHN-0001",
                details: AlertDetails(
                    receivedAt: RFC3339Timestamp.parse("2021-09-01T08:00:00+07:00")!,
                    source: AlertSource(kind: .police), priority: .high, subject: "Ngà voi")))
        let rec = NewRecord(
            type: received.type, id: "hn-1", payload: received.payload,
            ts: RFC3339Timestamp.parse("2021-09-01T08:01:00+07:00"), actor: testActor)
        _ = try l.append([rec])
        l.close()
        // Give it its origin, as the network's sync will write it.
        var lines = try [UInt8](Data(contentsOf: URL(fileURLWithPath: log))).split(separator: 0x0A).map(Array.init)
        let k = lines.count - 1
        lines[k] = OriginEnvelopeTests().withMember(lines[k], ",\"origin\":{\"desk\":\"HQHN\",\"seq\":4}")
        try Data(lines.flatMap { $0 + [0x0A] }).write(to: URL(fileURLWithPath: log))
        #expect(try loadState(log).alerts["HQHN-0001"]?.ownerDesk == "HQHN")
        let wider = try run(["alert", "share", "HQHN-0001", "green", "--log", log])
        #expect(wider.status == 65 && wider.err.contains("only the owning unit HQHN may widen"), "\(wider.err)")
        let widerVI = try run(["alert", "share", "HQHN-0001", "clear", "--log", log], lang: "vi_VN.UTF-8")
        #expect(widerVI.status == 65 && widerVI.err.contains("chỉ đơn vị chủ trì HQHN"), "\(widerVI.err)")
        let narrower = try run(["alert", "share", "HQHN-0001", "amber+strict", "--log", log])
        #expect(narrower.status == 0, "\(narrower.err)")
        #expect(try loadState(log).alerts["HQHN-0001"]?.sharing == .amberStrict)
    }

    @Test func theImportReadsASharingColumnAndRefusesABadOneNamingFileAndLine() throws {
        let d = tempDir()
        let log = d + "/l.log"
        let csv = d + "/a.csv"
        writeFile(csv, "received,source,subject,sharing\n2021-09-01,police,Một,red\n2021-09-01,police,Hai,\n")
        let s = try importFile(csv, log: log)
        #expect(s.appended == 2)
        let state = try loadState(log)
        #expect(state.alerts["A-0001"]?.sharing == .red && state.alerts["A-0002"]?.sharing == .amber)
        let jsonl = d + "/a.jsonl"
        writeFile(
            jsonl,
            """
            {"received":"2021-09-01","source":"police","subject":"Ba","sharing":"amber+strict"}
            {"received":"2021-09-01","source":"police","subject":"Bốn","sharing":"TLP:GREEN"}

            """)
        #expect(try importFile(jsonl, log: log, format: .jsonl).appended == 2)
        let after = try loadState(log)
        #expect(after.alerts["A-0003"]?.sharing == .amberStrict && after.alerts["A-0004"]?.sharing == .green)
        let bad = d + "/bad.csv"
        writeFile(bad, "received,source,subject,sharing\n2021-09-01,police,Năm,amber\n2021-09-01,police,Sáu,purple\n")
        do {
            _ = try importFile(bad, log: log)
            Issue.record("a bad sharing level was imported")
        } catch let e as CLIFailure {
            #expect(e.code == 65)
            #expect(e.message.contains("\(bad):3: sharing: 'purple' is not a sharing level"), "\(e.message)")
        }
        #expect(try loadState(log).alerts.count == 4)  // nothing of the bad file
        // The same file through the binary: exit 65, nothing appended.
        let r = try run(["import", bad, "--log", log, "--now", "2021-09-01T08:00:00+07:00"])
        #expect(r.status == 65 && r.err.contains("bad.csv:3: sharing:"), "\(r.err)")
        #expect(try loadState(log).alerts.count == 4)
    }

    /// A file without the column imports with the ids it always had (idempotency), so an
    /// import run again before and after this change is still recognised.
    @Test func rowsWithoutALevelKeepTheirImportIDs() throws {
        let d = tempDir()
        let csv = d + "/a.csv"
        writeFile(csv, "received,source,subject\n2021-09-01,police,Một\n")
        let log = d + "/l.log"
        _ = try importFile(csv, log: log)
        let l = try EventLog.open(path: log, mode: .readOnly)
        defer { l.close() }
        var ids: [String] = []
        try l.replay { ids.append($0.id) }
        // imp- + SHA-256 of the 16 fields of before issue 11, each `name=value` then 0x1E.
        var canonical: [UInt8] = []
        let old = [
            "received", "source", "source_detail", "subject", "priority", "reference", "commodity", "species",
            "quantity", "quantity_unit", "conveyance", "conveyance_ref", "location", "unit", "eta", "notes",
        ]
        let values = ["received": "2021-09-01", "source": "police", "subject": "Một"]
        for f in old {
            canonical += Array((f + "=").utf8)
            if let v = values[f] { canonical += Array(v.utf8) }
            canonical.append(0x1E)
        }
        #expect(ids == ["imp-" + LogFormat.sha256Hex(canonical)])
    }
}
