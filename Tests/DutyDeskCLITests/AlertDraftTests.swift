import Testing
import DutyDeskDomain
import DutyDeskJSON
@testable import DutyDeskCLI

@Suite struct AlertDraftTests {
    @Test func timesInTheCampaignZone() throws {
        let z = CampaignZone.ict
        #expect(try AlertDraft.parseTime("2021-09-01T08:00:00+07:00", zone: z).get() == RFC3339Timestamp.parse("2021-09-01T01:00:00Z"))
        #expect(try AlertDraft.parseTime("2021-09-01", zone: z).get() == RFC3339Timestamp.parse("2021-08-31T17:00:00Z"))
        #expect(try AlertDraft.parseTime("05/09/2021 14:30", zone: z).get() == RFC3339Timestamp.parse("2021-09-05T14:30:00+07:00"))
        #expect(throws: AlertDraft.Problem.self) { try AlertDraft.parseTime("2021-02-30", zone: z).get() }
        #expect(throws: AlertDraft.Problem.self) { try AlertDraft.parseTime("yesterday", zone: z).get() }
    }

    @Test func codeFallbackKeepsUnknownCodes() throws {
        var m = try ImportMapping(maps: ["location=port:{port:port?}", "notes={port:port}"], sets: [], missing: [], knownFields: AlertDraft.fields)
        try m.loadCodes(csv: Array("field,code,value\nport,LA,Los Angeles\n".utf8))
        let known = m.apply(header: ["port"], fields: ["LA"], knownFields: AlertDraft.fields)
        #expect(known.values["location"] == "port:Los Angeles" && known.problems.isEmpty)
        let unknown = m.apply(header: ["port"], fields: ["JX"], knownFields: AlertDraft.fields)
        #expect(unknown.values["location"] == "port:JX")
        #expect(unknown.problems == [ImportMapping.RowProblem(field: "notes", reason: "code 'JX' of column 'port' is not in the port code table")])
    }

    @Test func locationKindsAndSourceDetail() throws {
        let c = try goldenStrike(), now = RFC3339Timestamp.parse("2021-09-01T08:00:00+07:00")!
        let d = try AlertDraft.build(["source": "police", "source_detail": "Công an Lạng Sơn", "subject": "x",
                                      "location": "Cửa khẩu Hữu Nghị", "notes": "n"], campaign: c, now: now).get()
        #expect(d.location == AlertLocation(kind: .borderGate, name: "Cửa khẩu Hữu Nghị"))
        #expect(d.notes == "n\nSource: Công an Lạng Sơn" && d.receivedAt == now && d.priority == .normal)
        let e = try AlertDraft.build(["source": "police", "subject": "x", "location": "airport:Nội Bài"], campaign: c, now: now).get()
        #expect(e.location == AlertLocation(kind: .airport, name: "Nội Bài"))
        guard case .failure(let ps) = AlertDraft.build(["source": "police", "subject": "x", "quantity": "5"], campaign: c, now: now) else {
            Issue.record("a quantity without its unit was accepted"); return
        }
        #expect(ps.list.map(\.field) == ["quantity_unit"])
    }
}
