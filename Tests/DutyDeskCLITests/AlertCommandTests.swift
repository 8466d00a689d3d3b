import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog
import Foundation
import Testing

@testable import DutyDeskCLI

#if canImport(Glibc)
    import Glibc
#endif

/// Every dashboard action on the command line (issue 10, item 3), through the real binary:
/// the stored event, the printed line, the exit code, the refusals (65, the domain's reason)
/// and the bad options (64, nothing read or written).
@Suite struct AlertActionCommandTests {
    /// A fresh log holding one new alert A-0001 (and A-0002 when `two`), added by the binary.
    func logWithAlerts(two: Bool = false) throws -> String {
        let log = tempDir() + "/l.log"
        for subject in two ? ["Ngà voi tại Cát Lái", "Ngà voi, tin trùng"] : ["Ngà voi tại Cát Lái"] {
            let r = try runDutyDesk([
                "alert", "add", "--log", log, "--source", "police", "--subject", subject, "--priority", "high",
                "--unit", "HQHCM",
            ])
            #expect(r.status == 0, "\(r.err)")
        }
        return log
    }

    /// Runs `dutydesk alert ARGS --log LOG` as `officer`.
    func alert(_ args: [String], _ log: String, as officer: String = "lan", lang: String? = nil) throws -> (
        status: Int32, out: String, err: String
    ) {
        var env = ["DUTYDESK_OFFICER": officer, "LC_ALL": lang ?? "C.UTF-8"]
        env["LANG"] = lang ?? "C.UTF-8"
        return try runDutyDesk(["alert"] + args + ["--log", log], environment: env)
    }

    /// The type and actor of the last stored record.
    func last(_ log: String) throws -> RecordedEvent {
        let l = try EventLog.open(path: log, mode: .readOnly)
        defer { l.close() }
        var out: RecordedEvent?
        try l.replay { out = LogBridge.recorded($0) }
        return try #require(out)
    }

    @Test func everyActionIsStoredAndSaysWhatItDid() throws {
        let log = try logWithAlerts(two: true)
        let ack = try alert(["ack", "A-0001"], log)
        #expect(ack.status == 0 && ack.out == "A-0001 acknowledged by lan\n" && ack.err.isEmpty, "\(ack.err)")
        #expect(try last(log).type == EventType.alertAcknowledged && last(log).actor == "lan")
        let assign = try alert(["assign", "A-0001", "--to", "unit:HQHCM"], log)
        #expect(assign.status == 0 && assign.out == "A-0001 assigned to unit HQHCM\n", "\(assign.err)")
        #expect(try loadState(log).alerts["A-0001"]?.lifecycle.assignee == Assignee(kind: .unit, id: "HQHCM"))
        let esc = try alert(["escalate", "A-0001", "--to", "division_1", "--reason", "đường dây xuyên quốc gia"], log)
        #expect(esc.status == 0 && esc.out == "A-0001 escalated to Division 1 (ĐTCBL)\n", "\(esc.err)")
        #expect(try last(log).payload["reason"]?.stringValue == "đường dây xuyên quốc gia")
        let snooze = try alert(["snooze", "A-0001", "--for", "1h30m"], log)
        #expect(snooze.status == 0 && snooze.out.hasPrefix("A-0001 snoozed until "), "\(snooze.err)")
        let snoozed = try last(log)
        let until = try #require(snoozed.payload["until"]?.stringValue.flatMap(RFC3339Timestamp.parse))
        #expect(until.epochNanoseconds - snoozed.at.epochNanoseconds == 5400 * 1_000_000_000)
        #expect(snooze.out == "A-0001 snoozed until \(until)\n")
        let later = try alert(["snooze", "A-0001", "--until", "2099-01-01"], log)
        #expect(later.status == 0 && later.out == "A-0001 snoozed until 2099-01-01T00:00:00+07:00\n", "\(later.err)")
        let note = try alert(["note", "A-0001", "--text", "Đã liên hệ Đội Kiểm soát"], log)
        #expect(note.status == 0 && note.out == "A-0001 note added\n")
        #expect(try loadState(log).alerts["A-0001"]?.notes.map(\.text) == ["Đã liên hệ Đội Kiểm soát"])
        let close = try alert(
            [
                "close", "A-0001", "--disposition", "seized", "--commodity", "ngà voi", "--quantity", "50",
                "--quantity-unit", "pieces", "--quantity", "72,5", "--quantity-unit", "kg", "--species",
                "Loxodonta africana (I)",
            ], log)
        #expect(close.status == 0 && close.out == "A-0001 closed: seizure\n", "\(close.err)")
        // The decimal comma an officer types (`72,5`) is stored as the decimal 72.5 (issue 14, item 1).
        #expect(
            try loadState(log).alerts["A-0001"]?.lifecycle.disposition
                == .seized(
                    commodity: "ngà voi", species: [Species(scientificName: "Loxodonta africana", citesAppendix: "I")],
                    quantity: [Measure(amount: "50", unit: "pieces"), Measure(amount: "72.5", unit: "kg")]))
        let reopen = try alert(["reopen", "A-0001", "--reason", "danh sách hành khách mới"], log)
        #expect(reopen.status == 0 && reopen.out == "A-0001 reopened\n", "\(reopen.err)")
        #expect(try loadState(log).alerts["A-0001"]?.status == .acknowledged)
        let undo = try alert(["undo", "A-0001"], log)
        #expect(undo.status == 0 && undo.out == "A-0001 undone: alert.reopened\n", "\(undo.err)")
        #expect(try loadState(log).alerts["A-0001"]?.status == .closed)
        // Merge, then undo without an id.
        let merge = try alert(["merge", "A-0002", "--into", "A-0001"], log, as: "minh")
        #expect(merge.status == 0 && merge.out == "A-0002 merged into A-0001 (duplicate)\n", "\(merge.err)")
        #expect(try loadState(log).alerts["A-0001"]?.duplicates == ["A-0002"])
        let undoMerge = try alert(["undo"], log, as: "minh")
        #expect(undoMerge.status == 0 && undoMerge.out == "A-0002 undone: alert.merged\n", "\(undoMerge.err)")
        #expect(try loadState(log).alerts["A-0002"]?.status == .received)
        // The other closes.
        #expect(try alert(["ack", "A-0002"], log, as: "minh").status == 0)
        let referred = try alert(
            ["close", "A-0002", "--disposition", "referred_to_partner", "--partner", "border_guard"], log)
        #expect(referred.status == 0 && referred.out == "A-0002 closed: referred to partner\n", "\(referred.err)")
        #expect(try loadState(log).alerts["A-0002"]?.lifecycle.disposition == .referredToPartner("border_guard"))
        // The officer's words for a disposition (issue 14, item 3), and a Vietnamese refusal.
        #expect(try alert(["reopen", "A-0002", "--reason", "new facts"], log, as: "minh").status == 0)
        let vi = try alert(["close", "A-0002", "--disposition", "Khong phat hien vi pham"], log, as: "minh")
        #expect(vi.status == 0, "\(vi.err)")
        #expect(try loadState(log).alerts["A-0002"]?.lifecycle.disposition == .noFinding)
        let bad = try alert(["close", "A-0001", "--disposition", "bat giu ngay"], log, lang: "vi_VN.UTF-8")
        #expect(
            bad.status == 64 && bad.err.contains("«bat giu ngay» không phải kết quả xử lý; có phải «bắt giữ»"),
            "\(bad.err)")
    }

    @Test func theVietnameseLineUsesTheFieldsWords() throws {
        let log = try logWithAlerts()
        let ack = try alert(["ack", "A-0001"], log, lang: "vi_VN.UTF-8")
        #expect(ack.status == 0 && ack.out == "A-0001 đã được lan tiếp nhận\n", "\(ack.err)")
        let esc = try alert(
            ["escalate", "A-0001", "--to", "coordination_board", "--reason", "r"], log, lang: "vi_VN.UTF-8")
        #expect(esc.out == "A-0001 đã chuyển cấp tới Ban điều phối\n")
    }

    @Test func refusalsExit65WithTheDomainsReasonAndStoreNothing() throws {
        let log = try logWithAlerts(two: true)
        #expect(try alert(["ack", "A-0001"], log).status == 0)
        func refused(_ args: [String], as officer: String = "lan", lang: String? = nil) throws -> String {
            let before = try loadState(log).lastSeq
            let r = try alert(args, log, as: officer, lang: lang)
            #expect(r.status == 65, "\(args): \(r.status) \(r.err)")
            #expect(r.out.isEmpty)
            #expect(try loadState(log).lastSeq == before, "\(args) stored something")
            return r.err
        }
        // Ack means ownership: a second acknowledgement by another officer is refused, naming the owner.
        #expect(
            try refused(["ack", "A-0001"], as: "minh") == "dutydesk: alert A-0001 is already acknowledged by lan\n")
        #expect(
            try refused(["ack", "A-0001"], as: "minh", lang: "vi_VN.UTF-8")
                == "dutydesk: \(DomainError.alreadyAcknowledged("A-0001", by: "lan").text(.vi))\n")
        // Taking over is an explicit assign.
        let take = try alert(["assign", "A-0001", "--to", "officer:minh"], log, as: "minh")
        #expect(take.status == 0 && take.out == "A-0001 assigned to officer minh\n")
        // A snooze in the past.
        #expect(try refused(["snooze", "A-0001", "--until", "01/09/2021 14:00"]).contains("is not in the future"))
        // Acknowledge first.
        #expect(try refused(["note", "A-0404", "--text", "x"]) == "dutydesk: no alert A-0404\n")
        #expect(try refused(["close", "A-0002", "--disposition", "no_finding"]).contains("acknowledge it before"))
        // A seizure needs commodity and a measure: the domain's rule, as in the dashboard's form.
        #expect(
            try refused(["close", "A-0001", "--disposition", "seized", "--quantity", "5", "--quantity-unit", "kg"])
                == "dutydesk: \(DomainError.seizureNeedsCommodity.text(.en))\n")
        #expect(
            try refused(["close", "A-0001", "--disposition", "seized", "--commodity", "ngà voi"])
                == "dutydesk: \(DomainError.seizureNeedsQuantity.text(.en))\n")
        // A quantity that is not one reading of a number is a bad option (64), nothing stored,
        // in the officer's language (issue 14, item 1).
        for (q, lang, says) in [
            ("-5", nil, "--quantity: '-5' is negative"), ("1.234", nil, "write 1234 for the whole number"),
            ("1.234.567", "vi_VN.UTF-8", "«1.234.567» có dấu phân cách hàng nghìn"),
        ] {
            let before = try loadState(log).lastSeq
            let r = try alert(
                [
                    "close", "A-0001", "--disposition", "seized", "--commodity", "c", "--quantity", q,
                    "--quantity-unit", "kg",
                ],
                log, lang: lang)
            #expect(r.status == 64 && r.err.contains(says), "\(q): \(r.status) \(r.err)")
            #expect(try loadState(log).lastSeq == before)
        }
        #expect(try refused(["reopen", "A-0001", "--reason", "x"]).contains("is not closed"))
        // Close of a closed alert: the refusal names the command that reopens it.
        #expect(try alert(["close", "A-0001", "--disposition", "false_alarm"], log).status == 0)
        #expect(
            try refused(["close", "A-0001", "--disposition", "no_finding"])
                == "dutydesk: alert A-0001 is closed; reopen it first (dutydesk alert reopen A-0001 --reason …)\n")
        #expect(try refused(["reopen", "A-0001", "--reason", "  "]).contains("reason for reopening is empty"))
        // Undo with an id: refused unless your last action was on that alert, naming where it was.
        #expect(
            try refused(["undo", "A-0002"])
                == "dutydesk: \(DomainError.lastActionElsewhere(alertID: "A-0002", lastOn: "A-0001", yourAction: "alert.closed").text(.en))\n"
        )
        #expect(try refused(["undo", "A-0002"]).contains("was on alert A-0001, not on A-0002"))
        #expect(try refused(["undo"], as: "hoa") == "dutydesk: nothing to undo for hoa\n")
        #expect(try refused(["merge", "A-0002", "--into", "A-0002"]).contains("cannot be merged into itself"))
    }

    /// Issue 14, item 4: the seizure time as entered, which the rapid report states and its
    /// deadline counts from, not the time the officer closed the alert.
    @Test func theSeizureTimeIsAsEntered() throws {
        let log = try logWithAlerts()
        #expect(try alert(["ack", "A-0001"], log).status == 0)
        let seized = ["close", "A-0001", "--disposition", "seized", "--commodity", "ngà voi"]
        func close(_ extra: [String]) throws -> (status: Int32, out: String, err: String) {
            try alert(seized + ["--quantity", "12,5", "--quantity-unit", "kg"] + extra, log)
        }
        let future = try close(["--seized-at", "01/01/2099 00:00"])
        #expect(future.status == 65 && future.err.contains("is after now"), "\(future.err)")
        let bad = try close(["--seized-at", "31/09/2021 06:30"])
        #expect(bad.status == 64 && bad.err.contains("--seized-at"), "\(bad.err)")
        let other = try alert(["close", "A-0001", "--disposition", "no_finding", "--seized-at", "01/09/2021"], log)
        #expect(other.status == 64 && other.err.contains("--seized-at: only with --disposition seized"))
        let ok = try close(["--seized-at", "01/09/2021 06:30"])
        #expect(ok.status == 0, "\(ok.err)")
        let l = try #require(try loadState(log).alerts["A-0001"]?.lifecycle)
        #expect(l.seizedAt == RFC3339Timestamp.parse("2021-09-01T06:30:00+07:00"))
        #expect(try loadState(log).seizures["A-0001"] == l.seizedAt)
        let report = try runDutyDesk(["report", "rapid", "A-0001", "--lang", "vi", "--log", log])
        #expect(report.status == 0 && report.out.contains("Hồi 06:30 ngày 01/09/2021"), "\(report.err)")
    }

    @Test func badOptionsExit64BeforeTheLogIsOpened() throws {
        let d = tempDir()
        let log = d + "/none.log"
        func usage(_ args: [String]) throws -> String {
            let r = try alert(args, log)
            #expect(r.status == 64, "\(args): \(r.status) \(r.err)")
            #expect(r.out.isEmpty)
            #expect(access(log, F_OK) != 0, "\(args) created the log")
            return r.err
        }
        #expect(try usage(["assign", "A-0001", "--to", "HQHCM"]).contains("--to: 'HQHCM' is not KIND:ID"))
        #expect(try usage(["assign", "A-0001", "--to", "unit:"]).contains("names no unit"))
        #expect(try usage(["escalate", "A-0001", "--to", "division_2", "--reason", "r"]).contains("division_1"))
        #expect(try usage(["escalate", "A-0001", "--to", "division_1", "--reason", " "]).contains("--reason"))
        #expect(try usage(["escalate", "A-0001", "--to", "division_1"]).contains("--reason"))
        #expect(try usage(["snooze", "A-0001"]).contains("--for DURATION"))
        #expect(try usage(["snooze", "A-0001", "--for", "1h", "--until", "2099-01-01"]).contains("not both"))
        #expect(try usage(["snooze", "A-0001", "--for", "soon"]).contains("--for: 'soon' is not a positive duration"))
        #expect(try usage(["snooze", "A-0001", "--until", "tomorrow"]).contains("--until: 'tomorrow' is not a time"))
        #expect(try usage(["close", "A-0001", "--disposition", "burnt"]).contains("--disposition: 'burnt'"))
        #expect(
            try usage(["close", "A-0001", "--disposition", "no_finding", "--commodity", "x"])
                == "dutydesk: --commodity: only with --disposition seized\n")
        #expect(
            try usage(["close", "A-0001", "--disposition", "seized", "--quantity", "5"]).contains(
                "come in pairs: 1 --quantity, 0 --quantity-unit"))
        #expect(try usage(["close", "A-0001", "--disposition", "duplicate_of"]).contains("--duplicate-of: needed"))
        #expect(try usage(["close", "A-0001", "--disposition", "referred_to_partner"]).contains("--partner: needed"))
        #expect(try usage(["note", "A-0001"]).contains("--text"))
        #expect(try usage(["list", "--status", "open"]).contains("--status: 'open'"))
        #expect(try usage(["list", "--priority", "urgent"]).contains("--priority: 'urgent'"))
    }

    @Test func helpListsExamplesAndExitCodes() throws {
        for sub in ["ack", "assign", "escalate", "snooze", "note", "close", "reopen", "merge", "undo", "show", "list"] {
            let r = try runDutyDesk(["alert", sub, "--help"])
            #expect(r.status == 0, "\(sub)")
            // ArgumentParser wraps the discussion: compare with the line breaks as spaces.
            let text = r.out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(text.contains("Examples:") && text.contains("dutydesk alert \(sub)"), "\(sub)")
            #expect(text.contains("Exit codes: 0") && text.contains("64 bad option"), "\(sub): \(text)")
        }
        let undo = try runDutyDesk(["alert", "undo", "--help"]).out.split(whereSeparator: \.isWhitespace)
        #expect(undo.joined(separator: " ").contains("unless your last action was on that alert"))
        // Completions list the fixed words.
        let bash = try runDutyDesk(["--generate-completion-script", "bash"])
        #expect(bash.out.contains("division_1 coordination_board") || bash.out.contains("division_1"))
        #expect(bash.out.contains("referred_to_partner"))
    }
}

/// `alert show` and `alert list` (issue 10, item 3): read-only, readable in both languages, and
/// one JSON object per alert pinned by a golden file.
@Suite struct AlertReadCommandTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden")
    static let goldenLog = golden.appendingPathComponent("golden-strike-2021.log").path
    static let goldenJSON = golden.appendingPathComponent("golden-strike-2021.alerts.jsonl").path
    /// The instant the golden JSON is computed at: after the golden log's last record (12:15
    /// ICT) and before the end of A-0004's snooze (14:00), so one alert shows as snoozed.
    static let goldenNow = RFC3339Timestamp.parse("2021-09-01T13:00:00+07:00")!

    /// Every file of `dir` with its bytes.
    func contents(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for f in try FileManager.default.contentsOfDirectory(atPath: dir) {
            out[f] = FileManager.default.contents(atPath: dir + "/" + f) ?? Data()
        }
        return out
    }

    /// The JSON Lines of every alert of the golden log at `goldenNow`, as `alert list --json` builds them.
    func goldenLines(includePersonalData: Bool = false) throws -> [UInt8] {
        let dir = tempDir()
        let path = dir + "/golden.log"
        try FileManager.default.copyItem(atPath: Self.goldenLog, toPath: path)
        let campaign = try goldenStrike()
        let (log, state, _) = try LogBridge.loadForReading(path: path, campaign: campaign)
        let alerts = state.alerts(matching: AlertFilter(), now: Self.goldenNow)
        let records = try AlertReading.records(log, seqs: AlertExport.neededSeqs(alerts), upTo: state.lastSeq)
        return AlertReading.jsonLines(
            alerts, records: records, now: Self.goldenNow, zone: campaign.zone,
            includePersonalData: includePersonalData,
            state: state)
    }

    @Test func jsonLinesMatchTheGoldenFile() throws {
        let lines = try goldenLines()
        if let out = ProcessInfo.processInfo.environment["DUTYDESK_GOLDEN_OUT"] {
            writeBytes(out + "/golden-strike-2021.alerts.jsonl", lines)
        }
        let expected = try #require(FileManager.default.contents(atPath: Self.goldenJSON))
        #expect(
            lines == Array(expected),
            "regenerate with DUTYDESK_GOLDEN_OUT=/tmp/golden swift test --filter AlertReadCommandTests and review")
        // One object a line, each with the documented members, in order.
        let members = [
            "id", "status", "priority", "sharing", "owner_desk", "subject", "received_at", "source", "unit", "owner",
            "assignee",
            "escalations", "snoozed_until", "disposition", "seized_at", "merged_into", "duplicates", "also_working",
            "conflicts",
            "proposals", "timeline",
        ]
        for line in lines.split(separator: 0x0A) {
            let o = try JSON.parse(Array(line))
            #expect(o.objectValue?.map(\.0) == members)
            for e in o["timeline"]?.arrayValue ?? [] {
                #expect(e.objectValue?.map(\.0) == ["seq", "time", "actor", "type", "values"])
                #expect(e["values"]?["schema"] == nil)
                #expect(e["time"]?.stringValue?.hasSuffix("+07:00") == true)
            }
        }
        #expect(lines.split(separator: 0x0A).count == 11)
        #expect(
            String(decoding: lines, as: UTF8.self).contains(
                "\"id\":\"HQHN-0002\",\"status\":\"closed\",\"priority\":\"high\",\"sharing\":\"red\",\"owner_desk\":\"HQHN\""
            ))
        #expect(String(decoding: lines, as: UTF8.self).contains("\"snoozed_until\":\"2021-09-01T14:00:00+07:00\""))
        // Personal data only on request.
        let text = String(decoding: lines, as: UTF8.self)
        #expect(!text.contains("\"persons\":"))
        #expect(String(decoding: try goldenLines(includePersonalData: true), as: UTF8.self).contains("\"persons\":"))
    }

    @Test func showAndListOnlyReadTheLog() throws {
        let dir = tempDir()
        let log = dir + "/l.log"
        let add = try runDutyDesk([
            "alert", "add", "--log", log, "--source", "police", "--subject",
            "Rhino horn \u{1B}]52;c;aGk=\u{7} \u{202E}x",
            "--unit", "HQHN",
        ])
        #expect(add.status == 0)
        let before = try contents(dir)
        chmod(log, 0o400)
        defer { chmod(log, 0o600) }
        let env = ["LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"]
        let show = try runDutyDesk(["alert", "show", "A-0001", "--log", log], environment: env)
        #expect(show.status == 0, "\(show.err)")
        #expect(show.out.contains("Rhino horn ␛]52;c;aGk=␇ ¤x") && !show.out.contains("\u{1B}"), "\(show.out)")
        #expect(show.out.contains("Status            new") && show.out.contains("#1 alert.received · test-officer"))
        let list = try runDutyDesk(["alert", "list", "--log", log], environment: env)
        #expect(
            list.status == 0 && list.out.hasPrefix("ID      Priority  Status  Owner  Unit  Subject\n"), "\(list.out)")
        #expect(list.out.contains("A-0001  normal    new     —      HQHN  Rhino horn ␛]52;c;aGk=␇ ¤x\n"))
        let vi = try runDutyDesk(
            ["alert", "list", "--log", log], environment: ["LC_ALL": "vi_VN.UTF-8", "LANG": "vi_VN.UTF-8"])
        #expect(vi.out.hasPrefix("ID      Mức ưu tiên  Trạng thái  Phụ trách  Đơn vị  Nội dung\n"), "\(vi.out)")
        #expect(vi.out.contains("thường") && vi.out.contains("mới"))
        // `alert show` in Vietnamese: dates as officers write them, never RFC 3339.
        let viShow = try runDutyDesk(
            ["alert", "show", "A-0001", "--log", log], environment: ["LC_ALL": "vi_VN.UTF-8", "LANG": "vi_VN.UTF-8"])
        #expect(viShow.status == 0 && !viShow.out.contains("T0") && viShow.out.contains("/20"), "\(viShow.out)")
        let json = try runDutyDesk(["alert", "list", "--log", log, "--json"], environment: env)
        #expect(json.status == 0)
        let o = try JSON.parse(Array(json.out.utf8.dropLast()))
        #expect(o["id"]?.stringValue == "A-0001" && o["status"]?.stringValue == "received")
        #expect(o["timeline"]?.arrayValue?.first?["values"]?["subject"]?.stringValue?.contains("\u{1B}") == true)
        let shown = try runDutyDesk(["alert", "show", "A-0001", "--json", "--log", log], environment: env)
        #expect(shown.status == 0 && shown.out == json.out)
        let filtered = try runDutyDesk(["alert", "list", "--log", log, "--status", "closed"], environment: env)
        #expect(filtered.status == 0 && filtered.out == "No alert matches.\n")
        let unit = try runDutyDesk(["alert", "list", "--log", log, "--unit", "HQHN", "--json"], environment: env)
        #expect(unit.out == json.out)
        #expect(try runDutyDesk(["alert", "list", "--log", log, "--unit", "XX"]).status == 64)
        let none = try runDutyDesk(["alert", "show", "A-0404", "--log", log], environment: env)
        #expect(none.status == 65 && none.err == "dutydesk: no alert A-0404\n")
        // Nothing was written: not the log, no snapshot, no other file.
        #expect(try contents(dir) == before)
        let missing = try runDutyDesk(["alert", "list", "--log", dir + "/nope.log"])
        #expect(missing.status == 66 && access(dir + "/nope.log", F_OK) != 0)
    }
}
