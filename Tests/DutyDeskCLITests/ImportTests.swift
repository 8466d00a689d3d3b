import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog
import Foundation
import Testing

@testable import DutyDeskCLI

@Suite struct ImportTests {
    static let header =
        "received,source,source_detail,subject,priority,reference,commodity,species,quantity,quantity_unit,conveyance,conveyance_ref,location,unit,eta,notes\n"

    @Test func goodFileImportsOnceAndReimportAppendsNothing() throws {
        let d = tempDir()
        let f = d + "/tips.csv"
        let log = d + "/l.log"
        writeFile(
            f,
            Self.header + """
                2021-09-01T07:00:00+07:00,police,,Ngà voi tại Cát Lái,high,CA-1,ngà voi,Loxodonta africana (I),72.5,kg,cargo,MSKU1,port:Cảng Cát Lái,HQHCM,05/09/2021 14:00,
                02/09/2021 09:30,member_country,TH,Pangolin scales,,TH-9,,,,,,,,,2021-09-06,
                2021-09-03,police,,Same row twice,,,,,,,,,,,,
                2021-09-03,police,,Same row twice,,,,,,,,,,,,

                """)
        let s = try importFile(f, log: log)
        #expect(s.rowsRead == 4 && s.appended == 4 && s.alreadyPresent == 0 && s.possibleDuplicates == 0)
        #expect(s.alertIDs == ["A-0001", "A-0002", "A-0003", "A-0004"])
        let st = try loadState(log)
        let a = try #require(st.alerts["A-0001"]).details
        #expect(a.subject == "Ngà voi tại Cát Lái" && a.priority == .high && a.sourceReference == "CA-1")
        #expect(a.quantity == [Measure(amount: "72.5", unit: "kg")])
        #expect(a.species == [Species(scientificName: "Loxodonta africana", citesAppendix: "I")])
        #expect(a.location == AlertLocation(kind: .port, name: "Cảng Cát Lái") && a.responsibleUnit == "HQHCM")
        #expect(a.eta == RFC3339Timestamp.parse("2021-09-05T14:00:00+07:00"))
        let b = try #require(st.alerts["A-0002"]).details
        #expect(b.source == AlertSource(kind: .memberCountry, country: "TH"))
        #expect(b.receivedAt == RFC3339Timestamp.parse("2021-09-02T09:30:00+07:00"))
        #expect(b.eta == RFC3339Timestamp.parse("2021-09-06T00:00:00+07:00"))

        let again = try importFile(f, log: log)
        #expect(again.appended == 0 && again.alreadyPresent == 4)
        #expect(try loadState(log).alerts.count == 4)
    }

    @Test func badFileListsEveryBadRowAndAppendsNothing() throws {
        let d = tempDir()
        let f = d + "/bad.csv"
        let log = d + "/l.log"
        writeFile(
            f,
            Self.header + """
                2021-09-01,police,,Good row,,,,,,,,,,,,
                31/09/2021,polic,,Bad date and source,,,,,,,,,,,,
                2021-09-01,police,,,urgent,,,,12x,kg,,,,HQXX,,
                2021-09-01,member_country,,No country,,,,,,,,,,,,

                """)
        do {
            _ = try importFile(f, log: log)
            Issue.record("a bad file was imported")
        } catch let e as CLIFailure {
            #expect(e.code == 65)
            let lines = e.message.split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.hasPrefix("\(f):3: received: 31/09/2021 is not a date") })
            #expect(lines.contains { $0.hasPrefix("\(f):3: source: 'polic' is not a source") })
            #expect(lines.contains("\(f):4: subject: missing"))
            #expect(lines.contains { $0.hasPrefix("\(f):4: priority: 'urgent'") })
            #expect(lines.contains { $0.hasPrefix("\(f):4: quantity: '12x'") })
            #expect(lines.contains { $0.hasPrefix("\(f):4: unit: unknown unit 'HQXX'") })
            #expect(lines.contains { $0.hasPrefix("\(f):5: source_detail: a member_country source needs") })
            #expect(!lines.contains { $0.hasPrefix("\(f):2:") })
        }
        let empty = access(log, F_OK) != 0 ? true : try loadState(log).alerts.isEmpty
        #expect(empty)
    }

    @Test func bomCRLFQuotedMultiLineAndDuplicateReference() throws {
        let d = tempDir()
        let f = d + "/bom.csv"
        let log = d + "/l.log"
        let text =
            "subject,source,reference,notes,received\r\n\"Sừng tê giác, 3 chiếc\",police,REF-1,\"Line one\r\nsaid \"\"urgent\"\"\",2021-09-01\r\nOther,police,REF-2,,2021-09-01\r\n"
        writeBytes(f, [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        let s = try importFile(f, log: log)
        #expect(s.appended == 2)
        let a = try #require(try loadState(log).alerts["A-0001"]).details
        #expect(a.subject == "Sừng tê giác, 3 chiếc")
        #expect(a.notes == "Line one\r\nsaid \"urgent\"")

        // A new file sharing REF-1 with A-0001: imported and flagged, never dropped.
        let g = d + "/dup.csv"
        writeFile(g, "subject,source,reference,received\nRhino horn again,border_guard,REF-1,2021-09-02\n")
        let s2 = try importFile(g, log: log)
        #expect(s2.appended == 1 && s2.possibleDuplicates == 1)
        let dup = try #require(try loadState(log).alerts["A-0003"]).details
        #expect(dup.notes?.contains("Possible duplicate of A-0001") == true)
    }

    @Test func sharedReferenceIsFlaggedAgainstItsLowestAlertAndIdsContinue() throws {
        let d = tempDir()
        let log = d + "/l.log"
        let f = d + "/a.csv"
        let g = d + "/b.csv"
        writeFile(
            f, "subject,source,reference\nPangolin scales,police,R\nPangolin scales again,police,R\nIvory,police,Q\n")
        #expect(try importFile(f, log: log).alertIDs == ["A-0001", "A-0002", "A-0003"])
        writeFile(
            g,
            "subject,source,reference\nMore scales,customs_intelligence,R\nNo reference,police,\nMore ivory,police,Q\n")
        let s = try importFile(g, log: log)
        #expect(s.alertIDs == ["A-0004", "A-0005", "A-0006"] && s.possibleDuplicates == 2)
        let state = try loadState(log)
        #expect(
            state.alerts["A-0004"]?.details.notes
                == "Possible duplicate of A-0001 (same source reference R) / Có thể trùng tin báo A-0001")
        #expect(state.alerts["A-0005"]?.details.notes == nil)
        #expect(
            state.alerts["A-0006"]?.details.notes
                == "Possible duplicate of A-0003 (same source reference Q) / Có thể trùng tin báo A-0003")
        #expect(state.maxAlertNumber == 6)
    }

    @Test func identicalRowsBothImportAndOnlyOnce() throws {
        let d = tempDir()
        let log = d + "/l.log"
        let f = d + "/same.csv"
        writeFile(
            f,
            "subject,source\nTwo crates of scales,police\nTwo crates of scales,police\nOther,police\nTwo crates of scales,police\n"
        )
        let s = try importFile(f, log: log)
        #expect(s.appended == 4 && s.alertIDs == ["A-0001", "A-0002", "A-0003", "A-0004"])
        let again = try importFile(f, log: log)
        #expect(again.appended == 0 && again.alreadyPresent == 4)
        // One more copy of the row is new: it is the fourth identical one.
        writeFile(
            f,
            "subject,source\nTwo crates of scales,police\nTwo crates of scales,police\nTwo crates of scales,police\nTwo crates of scales,police\n"
        )
        let more = try importFile(f, log: log)
        #expect(more.appended == 1 && more.alreadyPresent == 3 && more.alertIDs == ["A-0005"])
    }

    @Test func jsonLinesAndDryRun() throws {
        let d = tempDir()
        let f = d + "/feed.jsonl"
        let log = d + "/l.log"
        writeFile(
            f,
            """
            {"subject":"Vảy tê tê","received":"2021-09-01T10:00:00+07:00","quantity":120,"quantity_unit":"kg"}
            {"subject":"Ngà voi","received":"2021-09-01T11:00:00+07:00"}
            """)
        let dry = try importFile(f, log: log, sets: ["source=coordination_board"], format: .jsonl, dryRun: true)
        #expect(dry.appended == 2 && dry.dryRun)
        #expect(access(log, F_OK) != 0)
        let s = try importFile(f, log: log, sets: ["source=coordination_board"], format: .jsonl)
        #expect(s.appended == 2)
        let a = try #require(try loadState(log).alerts["A-0001"]).details
        #expect(a.quantity == [Measure(amount: "120", unit: "kg")] && a.source.kind == .coordinationBoard)
    }

    /// The LEMIS mapping documented in docs/import-format.md.
    /// `shared/data/lemis` beside the repository (`../shared/data/lemis` from its root), found
    /// from this file's path upwards, so a checkout one level deeper (a worktree) finds it too.
    static let lemisDir: String = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        while dir.path != "/" {
            dir = dir.deletingLastPathComponent()
            let candidate = dir.appendingPathComponent("shared/data/lemis").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../../shared/data/lemis"
        ).standardized.path
    }()
    static let lemisMaps = [
        "subject=[{specific_name} ][{generic_name}][ ({genus} {species})][ – {description:description?}]",
        "species={genus} {species}", "quantity=quantity", "quantity_unit={unit:unit}", "location=port:{port:port?}",
        "received=shipment_date", "reference=control_number",
        "notes=LEMIS {control_number}: {action:action}, {disposition:disposition?}[; origin {country_origin:country?}][; exporter country {country_imp_exp:country?}][; purpose {purpose:purpose?}]",
    ]
    static let lemisSets = ["source=member_country", "source_detail=US", "unit="]

    @Test func lemisWholeFile() throws {
        let csv = Self.lemisDir + "/amphibian_LEMIS_2016_2021_sample.csv"
        guard FileManager.default.fileExists(atPath: csv) else {
            Issue.record("LEMIS sample not found at \(csv)")
            return
        }
        let d = tempDir()
        let log = d + "/l.log"
        let s = try importFile(
            csv, log: log, maps: Self.lemisMaps, sets: Self.lemisSets, missing: ["NA"],
            codes: Self.lemisDir + "/lemis_codes.csv")
        #expect(s.rowsRead == 1361 && s.appended == 1361 && s.possibleDuplicates == 0)
        let st = try loadState(log)
        #expect(st.alerts.count == 1361)
        // Line 2: 2016787148,BUME,…,Bufo,melanostictus,NA,BLACK-SPINED,TOAD,LIV,36,NO,…,VN,VN,T,W,C,C,…,2016-01-03T00:00:00Z,…,LA
        let a = try #require(st.alerts["A-0001"]).details
        #expect(a.subject == "BLACK-SPINED TOAD (Bufo melanostictus) – Live specimens (live animals or plants)")
        #expect(a.quantity == [Measure(amount: "36", unit: "Number of Specimens")])
        #expect(a.location == AlertLocation(kind: .port, name: "Los Angeles") && a.sourceReference == "2016787148")
        #expect(
            a.receivedAt == RFC3339Timestamp.parse("2016-01-03T00:00:00Z")
                && a.source == AlertSource(kind: .memberCountry, country: "US"))
        #expect(
            a.notes
                == "LEMIS 2016787148: Cleared, Cleared; origin Vietnam; exporter country Vietnam; purpose Commercial")
        // Line 10: 2016799579,NONA,…,Non-CITES entry,NA,…,NA,AMPHIBIANS,BOD,151,GM,…,LA,LA,P,W,R,S,…,2016-01-20…,CH
        let b = try #require(st.alerts["A-0009"]).details
        #expect(b.subject == "AMPHIBIANS – Dead animal (whole animal)" && b.species.isEmpty)
        #expect(b.quantity == [Measure(amount: "151", unit: "Grams")] && b.location?.name == "Chicago")
        #expect(
            b.notes?.hasPrefix("LEMIS 2016799579: Refused, Seized; origin Lao People’s Democratic Republic") == true)
        // Line 158: 2016950697,BEF?,…,Theloderma,sp.,NA,BUG-EYED,FROG,UNS,6,KG,…,2016-11-08…,LO
        let c = try #require(st.alerts["A-0157"]).details
        #expect(c.subject == "BUG-EYED FROG (Theloderma sp.) – Unspecified" && c.sourceReference == "2016950697")
        #expect(c.quantity == [Measure(amount: "6", unit: "Kilograms")] && c.location?.name == "Louisville")
        // A port code missing from the table (JX, line 564) is kept as written.
        #expect(st.alerts.values.contains { $0.details.location?.name == "JX" })
        // Re-import appends nothing.
        let again = try importFile(
            csv, log: log, maps: Self.lemisMaps, sets: Self.lemisSets, missing: ["NA"],
            codes: Self.lemisDir + "/lemis_codes.csv")
        #expect(again.appended == 0 && again.alreadyPresent == 1361)
    }
}
