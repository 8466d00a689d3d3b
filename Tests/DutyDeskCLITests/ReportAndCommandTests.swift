import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog
import Foundation
import Testing

@testable import DutyDeskCLI

@Suite struct ReportTests {
    /// A log with two seizures (one with a rapid report), an open alert, verification
    /// requests open/answered/overdue and one focal officer nomination.
    static func seededLog() throws -> (log: String, now: RFC3339Timestamp) {
        let d = tempDir()
        let path = d + "/l.log"
        let campaign = try goldenStrike()
        var (log, state) = try LogBridge.load(path: path, campaign: campaign)
        let t0 = RFC3339Timestamp.parse("2021-09-01T08:00:00+07:00")!
        func run(_ c: Command, _ minutes: Int) throws {
            _ = try LogBridge.decideAndAppend(
                c, log: log, state: &state, actor: testActor, now: t0.adding(seconds: minutes * 60),
                newID: { LogBridge.newEventID() })
        }
        try run(
            .receiveAlert(
                AlertDetails(
                    receivedAt: t0, source: AlertSource(kind: .police), sourceReference: "CA-7", priority: .high,
                    subject: "Ngà voi tại Cát Lái",
                    species: [Species(scientificName: "Loxodonta africana", citesAppendix: "I")],
                    persons: [PersonConcerned(name: "Trần Văn B")],
                    conveyance: Conveyance(kind: .cargo, reference: "MSKU1234567"),
                    location: AlertLocation(kind: .port, name: "Cảng Cát Lái"), responsibleUnit: "HQHCM")), 0)
        try run(
            .receiveAlert(
                AlertDetails(
                    receivedAt: t0, source: AlertSource(kind: .memberCountry, country: "TH"), priority: .normal,
                    subject: "Vảy tê tê", responsibleUnit: "HQHCM")), 1)
        try run(
            .receiveAlert(
                AlertDetails(receivedAt: t0, source: AlertSource(kind: .police), priority: .low, subject: "Open tip")),
            2)
        try run(.acknowledge(alertID: "A-0001"), 3)
        try run(
            .close(
                alertID: "A-0001",
                disposition: .seized(
                    commodity: "ngà voi", species: [Species(scientificName: "Loxodonta africana")],
                    quantity: [Measure(amount: "72.5", unit: "kg"), Measure(amount: "50", unit: "pieces")])), 4)
        try run(.acknowledge(alertID: "A-0002"), 5)
        try run(
            .close(
                alertID: "A-0002",
                disposition: .seized(
                    commodity: "ngà voi", species: [Species(scientificName: "Loxodonta africana")],
                    quantity: [Measure(amount: "0.75", unit: "kg")])), 6)
        try run(.submitReport(kind: .rapid, alertID: "A-0001"), 7)
        try run(
            .openVerification(
                direction: .incoming, counterpart: "NCB Bangkok", subject: "Lô 2019", due: t0.adding(seconds: 3600)), 8)
        try run(.openVerification(direction: .outgoing, counterpart: "NCB Lagos", subject: "Công ty X"), 9)
        try run(.openVerification(direction: .incoming, counterpart: "NCB Vientiane", subject: "Lô 2020"), 10)
        try run(.replyVerification(requestID: "V-0003", summary: "Đã xác minh"), 11)
        try run(
            .nominateFocalOfficer(
                unit: "HQQN", name: "Nguyễn Văn A", position: "Đội trưởng", phone: "0912345678",
                email: "a@customs.gov.vn"), 12)
        return (path, t0.adding(seconds: 86_400))
    }

    @Test func resultsMarkdownAndCSV() throws {
        let (log, now) = try Self.seededLog()
        let r = ResultsReport(state: try loadState(log), now: now, includePersonalData: false)
        let md = r.markdown
        #expect(md.contains("| ngà voi | Loxodonta africana | 73,25 | kg | 2 |"))
        #expect(md.contains("| ngà voi | Loxodonta africana | 50 | chiếc | 1 |"))
        #expect(md.contains("| Công an | 1 | 1 | 0 | 0 | 0 | 0 | 2 |"))
        #expect(md.contains("| Nước thành viên | 0 | 1 | 0 | 0 | 0 | 0 | 1 |"))
        #expect(md.contains("| HQHCM | Cục Hải quan Thành phố Hồ Chí Minh | 2 | 0 | 2 | 1 |"))
        #expect(md.contains("| đến (nước ngoài yêu cầu) | 1 | 1 | 0 | 1 |"))
        #expect(md.contains("| đi (qua Phòng 1) | 1 | 0 | 0 | 0 |"))
        #expect(md.contains("| V-0001 | đến (nước ngoài yêu cầu) | NCB Bangkok | Lô 2019 |"))
        #expect(md.contains("| Cán bộ đầu mối đã cử | 1/35 |"))
        #expect(md.contains("| HQQN | Cục Hải quan tỉnh Quảng Ninh | đã cử | Nguyễn Văn A | Đội trưởng |"))
        #expect(!md.contains("0912345678") && !md.contains("a@customs.gov.vn"))
        let csv = String(decoding: r.csv, as: UTF8.self)
        #expect(r.csv.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(csv.contains("\r\n") && csv.contains("Cục Hải quan tỉnh Quảng Ninh") && !csv.contains("0912345678"))
        #expect(csv.contains("\"73,25\",kg,2"))
        let en = ResultsReport(state: try loadState(log), now: now, includePersonalData: false, language: .en)
        #expect(en.markdown.contains("| ivory | Loxodonta africana | 73.25 | kg | 2 |"))
        #expect(String(decoding: en.csv, as: UTF8.self).contains(",73.25,kg,2"))
        let withPD = ResultsReport(state: try loadState(log), now: now, includePersonalData: true)
        #expect(
            withPD.markdown.contains("0912345678") && String(decoding: withPD.csv, as: UTF8.self).contains("0912345678")
        )
    }

    @Test func rapidReportForSeizureAndErrorForOtherAlerts() throws {
        let (log, _) = try Self.seededLog()
        let st = try loadState(log)
        let vi = try RapidReport.markdown(alertID: "A-0001", state: st, language: .vi)
        // Submitted without a number: a draft.
        #expect(vi.hasPrefix("**DỰ THẢO**"))
        #expect(vi.contains("| TỔNG CỤC HẢI QUAN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |"))
        #expect(vi.contains("| **CỤC HẢI QUAN THÀNH PHỐ HỒ CHÍ MINH** | **Độc lập – Tự do – Hạnh phúc** |"))
        #expect(vi.contains("| Số: ……/BC-HQHCM | *TP. Hồ Chí Minh, ngày 01 tháng 9 năm 2021* |"))
        #expect(vi.contains("# BÁO CÁO NHANH") && vi.contains("Kính gửi: Phòng 1 – Cục Điều tra chống buôn lậu."))
        #expect(vi.contains("Công văn số 4237/TCHQ-ĐTCBL") && vi.contains("Chỉ thị số 28/CT-TTg"))
        #expect(vi.contains("| 1 | ngà voi | Loxodonta africana | 72,5 | kg |"))
        #expect(vi.contains("| 2 | ngà voi | Loxodonta africana | 50 | chiếc |"))
        #expect(vi.contains("tại Cảng Cát Lái (cảng biển)"))
        #expect(vi.contains("Hồi 08:04 ngày 01/09/2021"))
        #expect(vi.contains("hàng hóa xuất nhập khẩu (số hiệu MSKU1234567)"))
        #expect(vi.contains("Cục Hải quan Thành phố Hồ Chí Minh (HQHCM)"))
        #expect(vi.contains("Cán bộ thụ lý: test-officer"))
        #expect(vi.contains("Nơi nhận:"))
        #expect(!vi.contains("Trần Văn B") && vi.contains("Đối tượng liên quan: 1 người"))
        let en = try RapidReport.markdown(alertID: "A-0001", state: st, language: .en, includePersonalData: true)
        #expect(
            en.contains("| 2 | ivory | Loxodonta africana | 50 | pieces |")
                && en.contains("Ho Chi Minh City Customs Department")
                && en.contains("Trần Văn B"))
        #expect(throws: CLIFailure.self) { try RapidReport.markdown(alertID: "A-0003", state: st, language: .vi) }
        do { _ = try RapidReport.markdown(alertID: "A-0003", state: st, language: .vi) } catch {
            #expect(error.message.contains("A-0003 is not a seizure") && error.code == 65)
        }
    }

    @Test func decimalSums() {
        var s = DecimalSum()
        for a in ["72.5", "0.75", "1", "0.000000001"] { s.add(a) }
        #expect(s.text == "74.250000001")
    }
}

@Suite struct CommandTests {
    @Test func alertAddPrintsIDAndLogHoldsIt() throws {
        let log = tempDir() + "/l.log"
        let r = try runDutyDesk([
            "alert", "add", "--log", log, "--source", "member_country", "--source-detail", "TH",
            "--subject", "Vảy tê tê", "--quantity", "120", "--quantity-unit", "kg", "--unit", "HQHP",
            "--received", "01/09/2021 08:00", "--eta", "05/09/2021 14:00", "--species", "Manis javanica (I)",
            "--location", "Cảng Hải Phòng",
        ])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == "A-0001\n")
        let a = try #require(try loadState(log).alerts["A-0001"]).details
        #expect(
            a.subject == "Vảy tê tê" && a.source.country == "TH" && a.quantity == [Measure(amount: "120", unit: "kg")])
        #expect(a.location == AlertLocation(kind: .port, name: "Cảng Hải Phòng") && a.responsibleUnit == "HQHP")
        let events = try runDutyDesk(["events", "--log", log])
        #expect(events.out.contains("\"type\":\"alert.received\""))
    }

    @Test func badSourceIsAUsageError() throws {
        let log = tempDir() + "/l.log"
        let r = try runDutyDesk(["alert", "add", "--log", log, "--source", "polize", "--subject", "x"])
        #expect(r.status == 64)
        #expect(r.err.contains("--source: 'polize' is not a source; did you mean police (Công an)"))
        #expect(access(log, F_OK) != 0)
    }

    @Test func importBinaryExitCodesAndScriptCommands() throws {
        let d = tempDir()
        let log = d + "/l.log"
        let f = d + "/bad.csv"
        writeFile(f, "subject,source\nok,police\n,police\n")
        let bad = try runDutyDesk(["import", f, "--log", log])
        #expect(bad.status == 65 && bad.err.contains("\(f):3: subject: missing") && bad.out.isEmpty)
        let missing = try runDutyDesk(["import", d + "/nope.csv", "--log", log])
        #expect(missing.status == 66)
        writeFile(f, "subject,source\nok,police\n")
        let good = try runDutyDesk(["import", f, "--log", log])
        #expect(
            good.status == 0
                && good.out
                    == "1 rows read, 1 appended, 0 already present, 0 flagged as possible duplicates (A-0001…A-0001)\n"
        )
        let v = try runDutyDesk([
            "verification", "open", "--log", log, "--direction", "incoming", "--counterpart", "NCB", "--subject", "s",
        ])
        #expect(v.status == 0 && v.out == "V-0001\n")
        #expect(try runDutyDesk(["verification", "reply", "V-0001", "--log", log, "--summary", "ok"]).status == 0)
        #expect(try runDutyDesk(["verification", "close", "V-0001", "--log", log]).status == 0)
        let nom = try runDutyDesk([
            "officer", "nominate", "--log", log, "--unit", "HQLS", "--name", "Lê C", "--position", "Phó đội trưởng",
            "--phone", "0987654321",
        ])
        #expect(nom.status == 0 && nom.out == "HQLS\n")
        let refused = try runDutyDesk(["report", "submit", "rapid", "--alert", "A-0001", "--log", log])
        #expect(refused.status == 65 && refused.err.contains("A-0001 has no recorded seizure"))
        // The same refusal in the officer's language (LC_ALL, then LANG, as the dashboard's --lang default).
        let vi = try runDutyDesk(
            ["report", "submit", "rapid", "--alert", "A-0001", "--log", log], environment: ["LC_ALL": "vi_VN.UTF-8"])
        #expect(vi.status == 65 && vi.err.contains(DomainError.noSeizureToReport(alertID: "A-0001").text(.vi)))
        #expect(vi.err.contains("tin báo A-0001 chưa ghi nhận vụ bắt giữ nào để báo cáo"))
        let st = try loadState(log)
        #expect(st.verifications["V-0001"]?.status == .closed && st.nominations["HQLS"]?.phone == "0987654321")
        let results = try runDutyDesk(["report", "results", "--log", log, "--format", "csv", "--output", d + "/r.csv"])
        #expect(results.status == 0)
        let csv = readText(d + "/r.csv")
        #expect(csv.contains("Lê C") && !csv.contains("0987654321"))
        let help = try runDutyDesk(["import", "--help"])
        #expect(help.status == 0 && help.out.contains("Examples:"))
    }

    /// The script commands share one `run()` (`ScriptCommand`, issue 16, item 6); it keeps the
    /// order each command had: a word from a fixed list before the campaign file, the campaign
    /// before the officer id, the officer id before the log is opened (or created), and one
    /// line printed once durable.
    @Test func scriptCommandsCheckInTheirOrderAndPrintOneLine() throws {
        let d = tempDir()
        let log = d + "/l.log"
        let noCampaign = ["--campaign", d + "/nope.yaml", "--log", log]
        let dir = try runDutyDesk(
            ["verification", "open", "--direction", "sideways", "--counterpart", "NCB", "--subject", "s"] + noCampaign)
        #expect(
            dir.status == 64
                && dir.err
                    == "dutydesk: --direction: 'sideways' is not a direction; did you mean incoming (đến), outgoing (đi)?; codes: incoming, outgoing\n"
        )
        let kind = try runDutyDesk(["report", "submit", "weekly"] + noCampaign)
        #expect(kind.status == 64 && kind.err.hasPrefix("dutydesk: KIND: 'weekly' is not a report kind; did you mean"))
        let campaign = try runDutyDesk(
            ["verification", "reply", "V-0001", "--summary", "ok", "--officer", ""] + noCampaign)
        #expect(campaign.status == 66 && campaign.err.contains("cannot read campaign file \(d)/nope.yaml"))
        let officer = try runDutyDesk(["verification", "close", "V-0001", "--log", log, "--officer", "a\nb"])
        #expect(officer.status == 64 && officer.err.contains("--officer: the officer id contains a line break"))
        #expect(access(log, F_OK) != 0)
        let open = try runDutyDesk([
            "verification", "open", "--log", log, "--direction", "outgoing", "--counterpart", "NCB", "--subject", "s",
        ])
        #expect(open.status == 0 && open.out == "V-0001\n" && open.err.isEmpty)
        let reply = try runDutyDesk(["verification", "reply", "V-0001", "--log", log, "--summary", "ok"])
        #expect(reply.status == 0 && reply.out == "V-0001\n")
        let close = try runDutyDesk(["verification", "close", "V-0001", "--log", log])
        #expect(close.status == 0 && close.out == "V-0001\n")
        let final = try runDutyDesk(["report", "submit", "final", "--log", log])
        #expect(final.status == 0 && final.out.hasPrefix("ev-") && final.out.count == "ev-".count + 16 + 1)
        #expect(try loadState(log).lastSeq == 4)
    }
}

@Suite struct OneRuleTests {
    @Test func theCommandsAndTheLogNameTheHostTheSameWay() {
        // Both writers take the host field from LogActor.localHost (`unknown-host` when
        // gethostname fails; the commands used to say `localhost`).
        #expect(LogBridge.actor(officer: "x").host == LogActor.localHost)
        #expect(!LogActor.localHost.isEmpty)
    }

    @Test func eventIDsAreSixteenLowerHexDigits() {
        let id = LogBridge.newEventID(prefix: "ev")
        #expect(id.hasPrefix("ev-") && id.utf8.count == 19)
        #expect(id.utf8.dropFirst(3).allSatisfy(Hex.isLowerDigit))
    }

    @Test func refusalsSpeakTheLocalesLanguage() {
        #expect(Language.fromLocale("vi_VN.UTF-8") == .vi)
        #expect(DomainError.noAlert("A-0099").text(.vi) == "không có tin báo A-0099")
    }

    /// Issue 14, item 2: the commands' own messages and the log's failures are Vietnamese
    /// under `LANG=vi_*`, English otherwise, with the same exit code.
    @Test func commandMessagesSpeakTheLocalesLanguage() throws {
        let dir = tempDir()
        let vi = ["LC_ALL": "vi_VN.UTF-8", "LANG": "vi_VN.UTF-8", "DUTYDESK_OFFICER": "lan"]
        let en = ["LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "DUTYDESK_OFFICER": "lan"]
        var cases: [([String], Int32, String, String)] = [
            (["alert", "snooze", "A-0001", "--log", dir + "/l.log"], 64, "cần --for", "give --for"),
            (
                ["alert", "list", "--priority", "khẩn", "--log", dir + "/l.log"], 64, "--priority: «khẩn»: dùng",
                "--priority: 'khẩn': use"
            ),
            (["alert", "list", "--log", dir], 66, "là một thư mục, không phải tệp thường", "is a directory"),
            (
                ["alert", "snooze", "A-0001", "--until", "31/09/2021", "--log", dir + "/l.log"], 64,
                "--until: 31/09/2021 không phải ngày: tháng 9/2021 có 30 ngày", "--until: "
            ),
            (
                ["report", "results", "--day", "1/13/2021", "--log", dir + "/l.log"], 64,
                "--day: 1/13/2021 không phải ngày: không có tháng 13", "--day: "
            ),
        ]
        let empty = dir + "/empty.csv"
        FileManager.default.createFile(atPath: empty, contents: Data())
        cases.append((["import", empty, "--log", dir + "/l.log"], 65, "tệp trống (không có dòng dữ liệu)", "is empty"))
        // Import's per-field problems and the CSV reader's refusals (issue 14, item 2).
        let bad = dir + "/bad.csv"
        FileManager.default.createFile(
            atPath: bad, contents: Data("source,subject,priority\ncong an x,Ngà voi,khan\n".utf8))
        cases.append(
            (
                ["import", bad, "--log", dir + "/l.log"], 65,
                "bad.csv:2: source: «cong an x» không phải nguồn tin; có phải «Công an»",
                "bad.csv:2: source: 'cong an x' is not a source; did you mean police (Công an)"
            ))
        let quote = dir + "/quote.csv"
        FileManager.default.createFile(atPath: quote, contents: Data("source,subject\npolice,a\"b\n".utf8))
        cases.append(
            (
                ["import", quote, "--log", dir + "/l.log"], 65,
                "cột 2 («subject»): dấu ngoặc kép trong trường không đặt trong ngoặc kép",
                "column 2 (subject): quote inside"
            ))
        for (args, code, saysVI, saysEN) in cases {
            let v = try runDutyDesk(args, environment: vi)
            #expect(v.status == code && v.err.contains(saysVI), "\(args): \(v.status) \(v.err)")
            let e = try runDutyDesk(args, environment: en)
            #expect(e.status == code && e.err.contains(saysEN), "\(args): \(e.status) \(e.err)")
        }
        // `--lang` wins over the locale, for messages and for `verify`'s report alike.
        let overridden = try runDutyDesk(
            ["alert", "snooze", "A-0001", "--lang", "vi", "--log", dir + "/l.log"], environment: en)
        #expect(overridden.status == 64 && overridden.err.contains("cần --for"), "\(overridden.err)")
        let wrong = try runDutyDesk(["alert", "list", "--lang", "fr", "--log", dir + "/l.log"], environment: vi)
        #expect(wrong.status == 64 && wrong.err.contains("«fr» không phải ngôn ngữ"), "\(wrong.err)")
        let log = dir + "/v.log"
        _ = try runDutyDesk(
            ["alert", "add", "--source", "police", "--subject", "Ngà voi", "--log", log], environment: en)
        let ok = try runDutyDesk(["verify", "--log", log], environment: vi)
        #expect(
            ok.status == 0 && ok.out.hasPrefix("tốt: 1 bản ghi, ") && ok.out.contains("chuỗi băm nguyên vẹn"),
            "\(ok.out)")
        let okEN = try runDutyDesk(["verify", "--log", log, "--lang", "en"], environment: vi)
        #expect(okEN.status == 0 && okEN.out.hasPrefix("ok: 1 records, "), "\(okEN.out)")
        #expect(LogError.errnoVI(ENOSPC) == "đĩa đã đầy (errno \(ENOSPC))")
        #expect(
            LogError.badLog(
                path: "l.log",
                issue: VerifyIssue(seq: 42, offset: 16384, length: 9, reason: .hashMismatch, isLastLine: false)
            )
            .text(.vi) == "l.log: bản ghi số 42 tại byte 16384: sai mã băm (bản ghi đã bị thay đổi)")
    }
}
