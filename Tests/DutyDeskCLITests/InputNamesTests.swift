import DutyDeskDomain
import DutyDeskJSON
import Testing

@testable import DutyDeskCLI

/// Issue 14, item 3: import and `alert add` take the names officers type — Vietnamese or
/// English, any case, with or without diacritics, NFC or NFD — and an unknown value's
/// message suggests the nearest ones.
@Suite struct InputNamesTests {
    let now = RFC3339Timestamp.parse("2021-09-01T08:00:00+07:00")!

    func build(_ v: [String: String]) throws -> Result<AlertDetails, AlertDraft.Problems> {
        AlertDraft.build(v.merging(["subject": "x"]) { a, _ in a }, campaign: try goldenStrike(), now: now)
    }

    @Test func sourcesPrioritiesConveyancesAndUnitsInTheOfficersWords() throws {
        let cases: [([String: String], (AlertDetails) -> Bool)] = [
            (["source": "Công an"], { $0.source.kind == .police }),
            (["source": "cong an"], { $0.source.kind == .police }),
            (["source": "CÔNG AN"], { $0.source.kind == .police }),
            (["source": "Bo doi bien phong"], { $0.source.kind == .borderGuard }),
            (["source": "Border Guard"], { $0.source.kind == .borderGuard }),
            (["source": "border-guard"], { $0.source.kind == .borderGuard }),
            (["source": "QLTT"], { $0.source.kind == .marketManagement }),
            (["source": "Ban điều phối"], { $0.source.kind == .coordinationBoard }),
            (["source": "police", "priority": "cao"], { $0.priority == .high }),
            (["source": "police", "priority": "khẩn"], { $0.priority == .critical }),
            (["source": "police", "priority": "Khẩn cấp"], { $0.priority == .critical }),
            (["source": "police", "priority": "thap"], { $0.priority == .low }),
            (["source": "police", "priority": "HIGH"], { $0.priority == .high }),
            (["source": "police", "conveyance": "hành lý"], { $0.conveyance?.kind == .passengerLuggage }),
            (["source": "police", "conveyance": "xe tải"], { $0.conveyance?.kind == .vehicle }),
            (["source": "police", "conveyance": "tàu bay"], { $0.conveyance?.kind == .aircraft }),
            (["source": "police", "unit": "Quảng Ninh"], { $0.responsibleUnit == "HQQN" }),
            (["source": "police", "unit": "HQ Quảng Ninh"], { $0.responsibleUnit == "HQQN" }),
            (["source": "police", "unit": "hai quan quang ninh"], { $0.responsibleUnit == "HQQN" }),
            (["source": "police", "unit": "Cục Hải quan tỉnh Lạng Sơn"], { $0.responsibleUnit == "HQLS" }),
            (["source": "police", "unit": "Lang Son Customs Department"], { $0.responsibleUnit == "HQLS" }),
            (["source": "police", "unit": "hqhn"], { $0.responsibleUnit == "HQHN" }),
            (["source": "police", "unit": "Hà Nội"], { $0.responsibleUnit == "HQHN" }),
            // Decomposed (NFD) Vietnamese: "Công an".
            (["source": "Co\u{302}ng an"], { $0.source.kind == .police }),
        ]
        for (values, check) in cases {
            let d = try build(values).get()
            #expect(check(d), "\(values)")
        }
        // Quảng Nam is not Quảng Ninh.
        #expect(try build(["source": "police", "unit": "Quảng Nam"]).get().responsibleUnit == "HQQNA")
    }

    @Test func anUnknownValueNamesTheNearestOnes() throws {
        guard
            case .failure(let ps) = try build(["source": "Bien phong tinh", "priority": "caoo", "unit": "Quang Nimh"])
        else {
            Issue.record("unknown names were accepted")
            return
        }
        let byField = Dictionary(uniqueKeysWithValues: ps.list.map { ($0.field, $0.reason) })
        #expect(byField["source"]?.contains("did you mean border_guard (Biên phòng)") == true, "\(byField)")
        #expect(byField["priority"]?.contains("did you mean high (cao)") == true, "\(byField)")
        #expect(byField["unit"]?.contains("did you mean HQQN (Cục Hải quan tỉnh Quảng Ninh)") == true, "\(byField)")
    }

    @Test func everyVietnameseLabelTheDashboardShowsReadsBack() {
        // The names the product writes must be names it reads (the dashboard's long and short
        // labels are in the table).
        for (kind, names) in InputNames.sources { #expect(InputNames.source(names[0]) == kind) }
        for p in Priority.allCases { #expect(InputNames.priority(p.rawValue) == p) }
        for k in ConveyanceKind.allCases { #expect(InputNames.conveyance(k.rawValue) == k) }
        for k in AlertSourceKind.allCases { #expect(InputNames.source(k.rawValue) == k) }
        #expect(InputNames.key("  Bộ_đội--Biên   phòng ") == "bo doi bien phong")
    }

    /// The command-line words (`--disposition`, `--to`, a report kind, `--direction`) take
    /// the same names, and no name in a table belongs to two values.
    @Test func dispositionsTargetsReportKindsAndDirectionsInTheOfficersWords() {
        #expect(InputNames.value("Bắt giữ", in: InputNames.dispositions) == .seized)
        #expect(InputNames.value("khong phat hien vi pham", in: InputNames.dispositions) == .noFinding)
        #expect(InputNames.value("Tin trùng", in: InputNames.dispositions) == .duplicateOf)
        #expect(InputNames.value("phong 1", in: InputNames.escalationTargets) == .division1)
        #expect(InputNames.value("Ban Điều Phối", in: InputNames.escalationTargets) == .coordinationBoard)
        #expect(InputNames.value("báo cáo nhanh", in: InputNames.reportKinds) == .rapid)
        #expect(InputNames.value("hàng ngày", in: InputNames.reportKinds) == .daily)
        #expect(InputNames.value("đi", in: InputNames.directions) == .outgoing)
        #expect(InputNames.value("", in: InputNames.directions) == nil)
        #expect(InputNames.value("weekly", in: InputNames.reportKinds) == nil)
        func distinct<T: Hashable>(_ table: [(T, [String])]) {
            var owner: [String: T] = [:]
            for (v, names) in table {
                for n in names {
                    let k = InputNames.key(n)
                    #expect(owner[k] == nil || owner[k] == v, "'\(n)' names two values")
                    owner[k] = v
                }
            }
        }
        distinct(InputNames.dispositions)
        distinct(InputNames.escalationTargets)
        distinct(InputNames.reportKinds)
        distinct(InputNames.directions)
        distinct(InputNames.sources)
        distinct(InputNames.priorities)
        distinct(InputNames.conveyances)
    }
}
