import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog
import Foundation
import Testing

@testable import DutyDeskCLI

/// The reports as Division 1 receives them (issue 14, items 4 and 5), pinned by golden files
/// in both languages (`Tests/Golden/reports/`). `DUTYDESK_RECORD_REPORTS=1` rewrites them
/// from the code; read every difference before committing it.
@Suite struct ReportGoldenTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden").appendingPathComponent("reports")
    static var recording: Bool { ProcessInfo.processInfo.environment["DUTYDESK_RECORD_REPORTS"] != nil }

    static func t(_ s: String) -> RFC3339Timestamp { RFC3339Timestamp.parse(s)! }

    /// A campaign's first two days: ivory seized at Cát Lái (entered as "Ngà voi", rapid
    /// report sent with a number), ivory seized at Nội Bài (entered as "ivory", no rapid
    /// report), pangolin scales at Hữu Nghị on day 2 (1200 kg, report sent without a
    /// number), an open tip, a false alarm; verification requests from the 2018 and 2019
    /// backlog (one overdue, one answered) and an outgoing one; two focal officers. Every
    /// event at a fixed time, with fixed ids.
    static func campaignLog() throws -> String {
        let path = tempDir() + "/golden.log"
        let campaign = try goldenStrike()
        var (log, state) = try LogBridge.load(path: path, campaign: campaign)
        var n = 0
        func run(_ c: Command, _ at: String) throws {
            _ = try LogBridge.decideAndAppend(
                c, log: log, state: &state, actor: testActor, now: t(at),
                newID: {
                    n += 1
                    return "ev-\(String(repeating: "0", count: 16 - String(n).count))\(n)"
                })
        }
        try run(
            .receiveAlert(
                AlertDetails(
                    receivedAt: t("2021-09-01T08:00:00+07:00"), source: AlertSource(kind: .police),
                    sourceReference: "CA-7", priority: .high, subject: "Ngà voi trong container tại Cát Lái",
                    species: [Species(scientificName: "Loxodonta africana", citesAppendix: "I")],
                    persons: [PersonConcerned(name: "Trần Văn B", nationality: "VN", travelDocument: "B1234567")],
                    conveyance: Conveyance(kind: .cargo, reference: "MSKU1234567"),
                    location: AlertLocation(kind: .port, name: "Cảng Cát Lái"), responsibleUnit: "HQHCM")),
            "2021-09-01T08:00:00+07:00")
        try run(.acknowledge(alertID: "A-0001"), "2021-09-01T08:03:00+07:00")
        try run(
            .escalate(alertID: "A-0001", to: .division1, reason: "Số lượng lớn"), "2021-09-01T08:10:00+07:00")
        try run(.addNote(alertID: "A-0001", text: "Niêm phong container, chờ giám định"), "2021-09-01T08:40:00+07:00")
        try run(
            .close(
                alertID: "A-0001",
                disposition: .seized(
                    commodity: "Ngà voi", species: [Species(scientificName: "Loxodonta africana", citesAppendix: "I")],
                    quantity: [Measure(amount: "72.5", unit: "kg"), Measure(amount: "50", unit: "pieces")])),
            "2021-09-01T09:00:00+07:00")
        try run(
            .submitReport(kind: .rapid, unit: "HQHCM", alertID: "A-0001", reference: "125/BC-HQHCM"),
            "2021-09-01T09:30:00+07:00")
        try run(
            .receiveAlert(
                AlertDetails(
                    receivedAt: t("2021-09-01T10:00:00+07:00"), source: AlertSource(kind: .marketManagement),
                    priority: .low, subject: "Rao bán sừng tê giác trên mạng")),
            "2021-09-01T10:00:00+07:00")
        try run(.acknowledge(alertID: "A-0002"), "2021-09-01T10:05:00+07:00")
        try run(.close(alertID: "A-0002", disposition: .falseAlarm), "2021-09-01T11:00:00+07:00")
        try run(
            .openVerification(
                direction: .incoming, counterpart: "NCB Bangkok", subject: "Lô ngà voi tháng 6/2018",
                caseDate: t("2018-06-15T00:00:00+07:00"), due: t("2021-09-01T12:00:00+07:00")),
            "2021-09-01T11:30:00+07:00")
        try run(
            .openVerification(
                direction: .incoming, counterpart: "NCB Nairobi", subject: "Vụ vảy tê tê 2019",
                caseDate: t("2019-03-02T00:00:00+07:00")), "2021-09-01T11:40:00+07:00")
        try run(
            .nominateFocalOfficer(
                unit: "HQHCM", name: "Lê Thị C", position: "Đội trưởng", phone: "0901234567",
                email: "c@customs.gov.vn"), "2021-09-01T14:00:00+07:00")
        // Day 2.
        try run(
            .receiveAlert(
                AlertDetails(
                    receivedAt: t("2021-09-02T07:50:00+07:00"),
                    source: AlertSource(kind: .memberCountry, country: "TH"),
                    priority: .normal, subject: "Ivory in passenger luggage, flight TG560",
                    conveyance: Conveyance(kind: .passengerLuggage, reference: "TG560"),
                    location: AlertLocation(kind: .airport, name: "Sân bay quốc tế Nội Bài"), responsibleUnit: "HQHN")),
            "2021-09-02T07:50:00+07:00")
        try run(.acknowledge(alertID: "A-0003"), "2021-09-02T08:00:00+07:00")
        try run(
            .close(
                alertID: "A-0003",
                disposition: .seized(
                    commodity: "ivory", species: [Species(scientificName: "Loxodonta africana")],
                    quantity: [Measure(amount: "12.5", unit: "kg")])),
            "2021-09-02T08:30:00+07:00")
        try run(
            .receiveAlert(
                AlertDetails(
                    receivedAt: t("2021-09-02T09:00:00+07:00"), source: AlertSource(kind: .borderGuard),
                    priority: .critical, subject: "Xe tải chở vảy tê tê qua Hữu Nghị",
                    conveyance: Conveyance(kind: .vehicle, reference: "12C-345.67"),
                    location: AlertLocation(kind: .borderGate, name: "Cửa khẩu quốc tế Hữu Nghị"),
                    responsibleUnit: "HQLS")),
            "2021-09-02T09:00:00+07:00")
        try run(.acknowledge(alertID: "A-0004"), "2021-09-02T09:02:00+07:00")
        try run(
            .assign(alertID: "A-0004", to: Assignee(kind: .partner, id: "border_guard")), "2021-09-02T09:05:00+07:00")
        try run(.replyVerification(requestID: "V-0002", summary: "Đã xác minh"), "2021-09-02T09:30:00+07:00")
        try run(
            .close(
                alertID: "A-0004",
                disposition: .seized(
                    commodity: "vảy tê tê", species: [Species(scientificName: "Manis javanica", citesAppendix: "I")],
                    quantity: [Measure(amount: "1200", unit: "kg")])), "2021-09-02T14:00:00+07:00")
        try run(
            .openVerification(direction: .outgoing, counterpart: "CN", subject: "Chủ hàng lô vảy tê tê", unit: "HQLS"),
            "2021-09-02T15:00:00+07:00")
        try run(
            .receiveAlert(
                AlertDetails(
                    receivedAt: t("2021-09-02T16:00:00+07:00"), source: AlertSource(kind: .publicTip),
                    priority: .normal,
                    subject: "Nuôi nhốt gấu trái phép", responsibleUnit: "HQLS")),
            "2021-09-02T16:00:00+07:00")
        try run(
            .nominateFocalOfficer(unit: "HQLS", name: "Hoàng Văn D", position: "Phó đội trưởng", phone: "0987654321"),
            "2021-09-02T16:30:00+07:00")
        try run(.submitReport(kind: .rapid, unit: "HQLS", alertID: "A-0004"), "2021-09-02T20:00:00+07:00")
        // Day 3: after the cut-offs below.
        try run(.submitReport(kind: .rapid, unit: "HQHN", alertID: "A-0003"), "2021-09-03T09:00:00+07:00")
        return path
    }

    /// Compares `text` with the golden file `name`, or writes it when recording.
    static func check(_ text: String, _ name: String) throws {
        let url = dir.appendingPathComponent(name)
        if recording {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            return
        }
        let golden = try #require(FileManager.default.contents(atPath: url.path), "missing golden file \(name)")
        let expected = String(decoding: golden, as: UTF8.self)
        if expected != text {
            let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let b = text.split(separator: "\n", omittingEmptySubsequences: false)
            let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            Issue.record(
                "\(name) differs at line \(i + 1):\n golden: \(i < a.count ? String(a[i]) : "<end>")\n    now: \(i < b.count ? String(b[i]) : "<end>")\n(DUTYDESK_RECORD_REPORTS=1 rewrites it)"
            )
        }
    }

    /// Runs the real binary and returns standard output (status 0 expected).
    static func output(_ args: [String]) throws -> String {
        let r = try runDutyDesk(args)
        #expect(r.status == 0, "\(args): \(r.err)")
        return r.out
    }

    @Test func rapidReportsMatchTheGoldenFilesInBothLanguages() throws {
        let log = try Self.campaignLog()
        let now = ["--now", "01/09/2021 09:45"]
        try Self.check(
            try Self.output(["report", "rapid", "A-0001", "--log", log] + now), "rapid-A-0001.vi.md")
        try Self.check(
            try Self.output(["report", "rapid", "A-0001", "--log", log, "--lang", "en"] + now), "rapid-A-0001.en.md")
        // No number recorded: a draft; persons named only on request.
        let draft = ["report", "rapid", "A-0003", "--log", log, "--now", "02/09/2021 09:00", "--include-personal-data"]
        try Self.check(try Self.output(draft), "rapid-A-0003-draft.vi.md")
        try Self.check(try Self.output(draft + ["--lang", "en"]), "rapid-A-0003-draft.en.md")
        let numbered = [
            "report", "rapid", "A-0004", "--log", log, "--number", "88/BC-HQLS", "--date", "03/09/2021",
            "--proposal", "Đề nghị giám định loài.", "--include-personal-data", "--now", "03/09/2021 08:00",
        ]
        try Self.check(try Self.output(numbered), "rapid-A-0004.vi.md")
    }

    /// `--format docx`: a zip holding the three parts of a Word document, the same report's
    /// words in `word/document.xml` (escaped for XML), the layout tables without borders and
    /// the goods table with them; the same report gives the same bytes.
    @Test func theRapidReportAsAWordDocument() throws {
        let log = try Self.campaignLog()
        let d = tempDir()
        let args = ["report", "rapid", "A-0001", "--log", log, "--now", "01/09/2021 09:45", "--format", "docx"]
        let refused = try runDutyDesk(args)
        #expect(refused.status == 64 && refused.err.contains("--format docx: give --output"))
        for name in ["a.docx", "b.docx"] { #expect(try runDutyDesk(args + ["--output", d + "/" + name]).status == 0) }
        let bytes = try #require(FileManager.default.contents(atPath: d + "/a.docx"))
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]), "a zip")
        #expect(bytes == FileManager.default.contents(atPath: d + "/b.docx"))
        let md = try Self.output(["report", "rapid", "A-0001", "--log", log, "--now", "01/09/2021 09:45"])
        let xml = DocxWriter.documentXML(md)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("[Content_Types].xml") && text.contains("_rels/.rels") && text.contains(xml))
        for words in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc", "Số: 125/BC-HQHCM",
            "Kính gửi: Phòng 1 – Cục Điều tra chống buôn lậu.", "BÁO CÁO NHANH", "Nơi nhận:",
        ] {
            #expect(xml.contains(words), "\(words)")
        }
        #expect(!xml.contains("**") && !xml.contains("|:---"))
        #expect(xml.components(separatedBy: "<w:tbl>").count == 4)
        #expect(xml.components(separatedBy: "<w:tblBorders>").count == 2, "only the goods table has borders")
        #expect(DocxWriter.escape("a < b & \"c\"") == "a &lt; b &amp; &quot;c&quot;")
        #expect(DocxWriter.cells("| a \\| b | c |") == ["a \\| b", "c"])
    }

    @Test func resultsMatchTheGoldenFilesInBothLanguages() throws {
        let log = try Self.campaignLog()
        let cut = ["--now", "02/09/2021 17:00"]
        for lang in ["vi", "en"] {
            try Self.check(
                try Self.output(["report", "results", "--log", log, "--lang", lang] + cut), "results.\(lang).md")
            try Self.check(
                try Self.output(["report", "results", "--log", log, "--lang", lang, "--format", "csv"] + cut),
                "results.\(lang).csv")
            try Self.check(
                try Self.output([
                    "report", "results", "--log", log, "--lang", lang, "--day", "02/09/2021", "--unit", "HQLS",
                    "--now", "05/09/2021 08:00",
                ]), "results-day-HQLS.\(lang).md")
        }
    }

    /// No internal code (`market_management`, `border_gate`, `passenger_luggage`,
    /// `no_finding`, `duplicate_of`…) and no English word of the log in a Vietnamese report.
    @Test func noSnakeCaseCodeInAnyRenderedReport() throws {
        let log = try Self.campaignLog()
        var texts: [String] = []
        for lang in ["vi", "en"] {
            for id in ["A-0001", "A-0003", "A-0004"] {
                texts.append(
                    try Self.output(["report", "rapid", id, "--log", log, "--lang", lang, "--include-personal-data"]))
            }
            for extra in [[], ["--format", "csv"], ["--day", "02/09/2021"], ["--unit", "HQLS", "--format", "csv"]] {
                texts.append(try Self.output(["report", "results", "--log", log, "--lang", lang] + extra))
            }
        }
        let codes =
            AlertSourceKind.allCases.map(\.rawValue) + LocationKind.allCases.map(\.rawValue)
            + ConveyanceKind.allCases.map(\.rawValue) + DispositionKind.allCases.map(\.rawValue)
            + EscalationTarget.allCases.map(\.rawValue) + ["alert.", "verification.", "report.submitted"]
        for text in texts {
            for word in text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }) {
                let w = word.trimmingCharacters(in: CharacterSet(charactersIn: "."))
                #expect(!(w.contains("_") && w.first?.isLetter == true), "snake_case \(w) in a report")
            }
            for code in codes where code.contains("_") || code.contains(".") {
                #expect(!text.contains(code), "\(code) in a report")
            }
        }
        let vi = texts[0] + texts[1] + texts[3]
        for english in [" port", "vessel", "ref.", "pieces", "cargo", "seized", "open"] {
            #expect(!vi.contains(english), "'\(english)' in a Vietnamese report")
        }
    }

    @Test func theCutOffCountsNothingAfterItAndJudgesDeadlinesThere() throws {
        let log = try Self.campaignLog()
        let state = try loadState(log)
        // Folded up to 01/09 12:00 only: day 2's alerts are not there at all.
        let (_, early, _) = try LogBridge.loadForReading(
            path: log, campaign: try goldenStrike(), cutOff: Self.t("2021-09-01T12:00:00+07:00"))
        #expect(early.alerts.count == 2 && state.alerts.count == 5)
        let r = ResultsReport(
            state: early, now: Self.t("2021-09-01T12:00:00+07:00"), includePersonalData: false, language: .en)
        let summary = try #require(r.tables.first { $0.key == "summary" })
        #expect(summary.rows.contains(["Alerts received", "2"]) && summary.rows.contains(["Seizure cases", "1"]))
        // V-0001 was due at 12:00: not overdue at 12:00 itself, overdue a minute later.
        #expect(summary.rows.contains(["Verification requests overdue", "0"]))
        let later = ResultsReport(
            state: early, now: Self.t("2021-09-01T12:01:00+07:00"), includePersonalData: false, language: .en)
        #expect(later.tables[0].rows.contains(["Verification requests overdue", "1"]))
        // A-0003's rapid report (sent on 03/09) is overdue as of 02/09 17:00's cut-off +24 h,
        // and sent as of the full log.
        let (_, day4, _) = try LogBridge.loadForReading(
            path: log, campaign: try goldenStrike(), cutOff: Self.t("2021-09-03T08:40:00+07:00"))
        let cases = try #require(
            ResultsReport(state: day4, now: Self.t("2021-09-03T08:40:00+07:00"), includePersonalData: false)
                .tables.first { $0.key == "seizure-cases" })
        #expect(cases.rows.first { $0[0] == "A-0003" }?.last == "quá hạn 10 phút")
        let all = ResultsReport(state: state, now: Self.t("2021-09-04T00:00:00+07:00"), includePersonalData: false)
        #expect(
            all.tables.first { $0.key == "seizure-cases" }?.rows.first { $0[0] == "A-0003" }?.last
                == "đã gửi 03/09/2021 09:00")
    }

    @Test func oneDayCountsThatDaysCasesAndOneUnitItsOwn() throws {
        let log = try Self.campaignLog()
        let state = try loadState(log)
        let day = ResultsReport.dayRange(Self.t("2021-09-02T00:00:00+07:00"), zone: .ict)
        let r = ResultsReport(
            state: state, now: Self.t("2021-09-03T00:00:00+07:00"), includePersonalData: false, day: day,
            language: .en)
        let cases = try #require(r.tables.first { $0.key == "seizure-cases" })
        #expect(cases.rows.map { $0[0] } == ["A-0003", "A-0004"])
        let hqls = ResultsReport(
            state: state, now: Self.t("2021-09-03T00:00:00+07:00"), includePersonalData: false, unit: "HQLS",
            day: day, language: .en)
        #expect(hqls.tables.first { $0.key == "seizure-cases" }?.rows.map { $0[0] } == ["A-0004"])
        #expect(hqls.tables[0].rows.contains(["Alerts received", "2"]))
    }

    @Test func ivoryAndNgaVoiAreOneRow() throws {
        let log = try Self.campaignLog()
        let r = ResultsReport(
            state: try loadState(log), now: Self.t("2021-09-04T00:00:00+07:00"), includePersonalData: false)
        let goods = try #require(r.tables.first { $0.key == "seizures-by-commodity" })
        #expect(goods.rows.contains(["ngà voi", "Loxodonta africana", "85", "kg", "2"]), "\(goods.rows)")
        #expect(goods.rows.contains(["ngà voi", "Loxodonta africana", "50", "chiếc", "1"]))
        #expect(goods.rows.contains(["vảy tê tê", "Manis javanica", "1.200", "kg", "1"]))
        #expect(CommodityName("Ngà Voi") == CommodityName("ivory") && CommodityName("ivory").vi == "ngà voi")
        #expect(CommodityName("Vảy tê tê").key == CommodityName("vay te te").key)
        #expect(!CommodityName("gỗ mun").isKnown && CommodityName("Gỗ  mun").key == CommodityName("go mun").key)
    }

    @Test func theTidyCSVHasOneWidthAndADirectoryGetsOneFilePerTable() throws {
        let log = try Self.campaignLog()
        let csv = try Self.output(["report", "results", "--log", log, "--format", "csv", "--now", "02/09/2021 17:00"])
        let cut = Self.t("2021-09-02T17:00:00+07:00")
        let (_, state, _) = try LogBridge.loadForReading(path: log, campaign: try goldenStrike(), cutOff: cut)
        let r = ResultsReport(state: state, now: cut, includePersonalData: false)
        let rows = try CSVReader.parse(Array(csv.utf8)).map(\.fields)
        #expect(rows.count > 20)
        // No table names one column twice (it would land in one cell), in either language.
        for lang in [ReportLanguage.vi, .en] {
            let each = ResultsReport(state: state, now: cut, includePersonalData: true, language: lang)
            for t in each.csvTables { #expect(Set(t.csvHeader).count == t.csvHeader.count, "\(lang) \(t.title)") }
        }
        #expect(Set(rows.map(\.count)).count == 1, "every row the same width")
        #expect(rows[0][0] == "Bảng" && rows.dropFirst().allSatisfy { !$0[0].isEmpty })
        #expect(rows.contains { $0[0] == "Danh sách vụ bắt giữ" && $0.contains("72,5") && $0.contains("kg") })
        let dir = tempDir() + "/out/"
        let w = try runDutyDesk([
            "report", "results", "--log", log, "--format", "csv", "--now", "02/09/2021 17:00", "--output", dir,
        ])
        #expect(w.status == 0, "\(w.err)")
        for f in r.csvFiles {
            let text = readText(dir + f.name)
            #expect(text.hasPrefix("\u{FEFF}"), "\(f.name)")
            #expect(text == String(decoding: f.bytes, as: UTF8.self), "\(f.name)")
        }
        #expect(readText(dir + "seizure-cases.csv").contains("A-0004"))
        let md = try runDutyDesk(["report", "results", "--log", log, "--output", dir])
        #expect(md.status == 64 && md.err.contains("a directory takes --format csv"))
    }

    @Test func numbersDatesAndDurationsAsWrittenInVietnam() {
        let vi = ReportTexts(.vi)
        let en = ReportTexts(.en)
        #expect(vi.number("12.5") == "12,5" && vi.number("1234567.25") == "1.234.567,25" && vi.number("999") == "999")
        #expect(en.number("1234567.25") == "1,234,567.25" && vi.number("1234.5", grouping: false) == "1234,5")
        #expect(vi.number("abc") == "abc")
        #expect(
            vi.duration(seconds: 15 * 60) == "15 phút"
                && vi.duration(seconds: 2 * 86_400 + 3 * 3600) == "2 ngày 03:00:00")
        #expect(en.duration(seconds: -(3 * 3600 + 60)) == "03:01:00")
        let d = RFC3339Timestamp.parse("2021-02-05T10:00:00+07:00")!
        #expect(
            vi.documentDate(d, .ict) == "ngày 05 tháng 02 năm 2021" && en.documentDate(d, .ict) == "5 February 2021")
        let s = RFC3339Timestamp.parse("2021-09-01T10:00:00+07:00")!
        #expect(vi.documentDate(s, .ict) == "ngày 01 tháng 9 năm 2021")
        #expect(vi.measure(Measure(amount: "50", unit: "pieces")) == "50 chiếc")
    }
}
