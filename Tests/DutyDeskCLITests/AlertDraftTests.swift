import DutyDeskDomain
import DutyDeskJSON
import Testing

@testable import DutyDeskCLI

@Suite struct AlertDraftTests {
    @Test func timesInTheCampaignZone() throws {
        let z = CampaignZone.ict
        #expect(
            try AlertDraft.parseTime("2021-09-01T08:00:00+07:00", zone: z).get()
                == RFC3339Timestamp.parse("2021-09-01T01:00:00Z"))
        #expect(try AlertDraft.parseTime("2021-09-01", zone: z).get() == RFC3339Timestamp.parse("2021-08-31T17:00:00Z"))
        #expect(
            try AlertDraft.parseTime("05/09/2021 14:30", zone: z).get()
                == RFC3339Timestamp.parse("2021-09-05T14:30:00+07:00"))
        #expect(throws: AlertDraft.Problem.self) { try AlertDraft.parseTime("2021-02-30", zone: z).get() }
        #expect(throws: AlertDraft.Problem.self) { try AlertDraft.parseTime("yesterday", zone: z).get() }
    }

    @Test func codeFallbackKeepsUnknownCodes() throws {
        var m = try ImportMapping(
            maps: ["location=port:{port:port?}", "notes={port:port}"], sets: [], missing: [],
            knownFields: AlertDraft.fields)
        try m.loadCodes(csv: Array("field,code,value\nport,LA,Los Angeles\n".utf8))
        let known = m.apply(header: ["port"], fields: ["LA"], knownFields: AlertDraft.fields)
        #expect(known.values["location"] == "port:Los Angeles" && known.problems.isEmpty)
        let unknown = m.apply(header: ["port"], fields: ["JX"], knownFields: AlertDraft.fields)
        #expect(unknown.values["location"] == "port:JX")
        #expect(
            unknown.problems == [
                ImportMapping.RowProblem(field: "notes", kind: .unknownCode(code: "JX", column: "port", table: "port"))
            ])
        #expect(unknown.problems[0].reason(.en) == "code 'JX' of column 'port' is not in the port code table")
        #expect(unknown.problems[0].reason(.vi) == "mã «JX» ở cột «port» không có trong bảng mã port")
    }

    @Test func locationKindsAndSourceDetail() throws {
        let c = try goldenStrike()
        let now = RFC3339Timestamp.parse("2021-09-01T08:00:00+07:00")!
        let d = try AlertDraft.build(
            [
                "source": "police", "source_detail": "Công an Lạng Sơn", "subject": "x",
                "location": "Cửa khẩu Hữu Nghị", "notes": "n",
            ], campaign: c, now: now
        ).get()
        #expect(d.location == AlertLocation(kind: .borderGate, name: "Cửa khẩu Hữu Nghị"))
        #expect(d.notes == "n\nNguồn tin: Công an Lạng Sơn" && d.receivedAt == now && d.priority == .normal)
        let e = try AlertDraft.build(
            ["source": "police", "subject": "x", "location": "airport:Nội Bài"], campaign: c, now: now
        ).get()
        #expect(e.location == AlertLocation(kind: .airport, name: "Nội Bài"))
        guard
            case .failure(let ps) = AlertDraft.build(
                ["source": "police", "subject": "x", "quantity": "5"], campaign: c, now: now)
        else {
            Issue.record("a quantity without its unit was accepted")
            return
        }
        #expect(ps.list.map(\.field) == ["quantity_unit"])
        // The decimal comma of a Vietnamese sheet; grouped thousands refused with the reading
        // to write (issue 14, item 1).
        let comma = try AlertDraft.build(
            ["source": "police", "subject": "x", "quantity": "12,5", "quantity_unit": "kg"], campaign: c, now: now
        ).get()
        #expect(comma.quantity == [Measure(amount: "12.5", unit: "kg")])
        guard
            case .failure(let grouped) = AlertDraft.build(
                ["source": "police", "subject": "x", "quantity": "1.234.567", "quantity_unit": "kg"], campaign: c,
                now: now)
        else {
            Issue.record("a grouped quantity was accepted")
            return
        }
        #expect(grouped.list.map(\.field) == ["quantity"])
        #expect(grouped.list.first?.reason.contains("write 1234567") == true)
    }

    @Test func fieldPositionsMatchTheFieldNames() {
        // `build(values:)` reads a row by position: each case must sit at its name.
        #expect(AlertDraft.Field.allCases.count == AlertDraft.fields.count)
        for f in AlertDraft.Field.allCases {
            let snake = String(describing: f).map { $0.isUppercase ? "_" + $0.lowercased() : String($0) }.joined()
            #expect(snake == f.name)
        }
    }

    @Test func vietnameseTimesReadFromBytesAgreeWithVietnameseDate() throws {
        let z = CampaignZone.ict
        let accepted = [
            "5/9/2021", "05/09/2021", "05/09/2021 14:30", "05/09/2021 14:30:15", "31/12/2021 23:59:59",
            "29/02/2024 00:00",
            "05/09/2021  14:30",
        ]
        for t in accepted {
            #expect(
                try AlertDraft.parseTime(t, zone: z).get() == VietnameseDate.parse(t, offsetSeconds: z.offsetSeconds),
                "\(t)")
        }
        #expect(
            AlertDraft.vietnameseDateTime("05/09/2021 14:30", offsetSeconds: z.offsetSeconds)
                == RFC3339Timestamp.parse("2021-09-05T14:30:00+07:00"))
        // Impossible dates and other shapes are left to VietnameseDate, which says what is wrong.
        let rejected = [
            "29/02/2021", "05/13/2021", "00/09/2021", "05/09/2021 24:00", "05/09/2021 14:60", "05/09/2021 14:30:60",
            "05/09/21", "05/09/2021 1:30", "123/09/2021", "05/09/20211", "05/09/2021 14:30 ICT",
        ]
        for t in rejected {
            #expect(AlertDraft.vietnameseDateTime(t, offsetSeconds: z.offsetSeconds) == nil, "\(t)")
            guard case .failure(let p) = AlertDraft.parseTime(t, zone: z) else {
                Issue.record("\(t) was accepted")
                continue
            }
            do throws(VietnameseDateError) {
                _ = try VietnameseDate.parse(t, offsetSeconds: z.offsetSeconds)
                Issue.record("\(t)")
            } catch {
                #expect(p.reason == error.reason)
            }
        }
    }

    @Test func speciesSplitByByteOrByCharacter() throws {
        let c = try goldenStrike()
        let now = RFC3339Timestamp.parse("2021-09-01T08:00:00+07:00")!
        let d = try AlertDraft.build(
            ["source": "police", "subject": "x", "species": "Manis javanica (I); ;Panthera tigris ( II );Rùa (III)"],
            campaign: c, now: now
        ).get()
        #expect(
            d.species == [
                Species(scientificName: "Manis javanica", citesAppendix: "I"),
                Species(scientificName: "Panthera tigris", citesAppendix: "II"),
                Species(scientificName: "Rùa", citesAppendix: "III"),
            ])
        let a = try AlertDraft.build(
            ["source": "police", "subject": "x", "species": "Manis javanica (I);;Panthera tigris"], campaign: c,
            now: now
        ).get()
        #expect(
            a.species == [
                Species(scientificName: "Manis javanica", citesAppendix: "I"),
                Species(scientificName: "Panthera tigris", citesAppendix: nil),
            ])
    }
}
