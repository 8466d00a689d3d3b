import DutyDeskDomain
import Foundation
import Testing

@testable import DutyDeskCLI

/// `dutydesk handover` (issue 13, item 8), through the real binary: the summary line, the
/// whole handover in both languages with escapes made visible, the refusals (65) and the
/// read.
@Suite struct HandoverCommandTests {
    func dd(_ args: [String], _ log: String, as officer: String, lang: String = "C.UTF-8") throws -> (
        status: Int32, out: String, err: String
    ) {
        try runDutyDesk(
            args + ["--log", log],
            environment: ["DUTYDESK_OFFICER": officer, "LANG": lang, "LC_ALL": lang])
    }

    @Test func aShiftIsHandedOverShownAndRead() throws {
        let log = tempDir() + "/l.log"
        for (subject, time) in [
            ("Ngà voi tại Cát Lái", "01/09/2021 08:00"), ("Tê tê trên xe 12C-345.67", "01/09/2021 09:00"),
        ] {
            let r = try dd(
                ["alert", "add", "--source", "police", "--subject", subject, "--priority", "high", "--now", time], log,
                as: "thu.le")
            #expect(r.status == 0, "\(r.err)")
        }
        #expect(try dd(["alert", "ack", "A-0002", "--now", "01/09/2021 09:05"], log, as: "thu.le").status == 0)
        // An empty note is refused and nothing is written.
        let empty = try dd(["handover", "--note", "  ", "--now", "01/09/2021 18:00"], log, as: "thu.le")
        #expect(empty.status == 65 && empty.err.contains("handover note is empty"), "\(empty.err)")
        let w = try dd(
            ["handover", "--note", "A-0002: chờ xác nhận\n\u{1B}[31mGọi Phòng 1", "--now", "01/09/2021 18:00"], log,
            as: "thu.le")
        #expect(w.status == 0, "\(w.err)")
        #expect(w.out.contains("recorded: 1 unacknowledged, 1 yours, 0 snoozed"), "\(w.out)")
        let state = try loadState(log)
        let h = try #require(state.handovers.last)
        #expect(h.content.unacknowledged == ["A-0001"] && h.content.acknowledged == ["A-0002"])
        // Shown whole, in Vietnamese, the escape visible and not sent.
        let show = try dd(["handover", "show"], log, as: "lan.nguyen", lang: "vi_VN.UTF-8")
        #expect(show.status == 0 && !show.out.contains("\u{1B}"), "\(show.err)")
        #expect(show.out.contains("người bàn giao: thu.le, lúc 01/09/2021 18:00"), "\(show.out)")
        #expect(show.out.contains("  A-0001  Ngà voi tại Cát Lái") && show.out.contains("thu.le đã tiếp nhận (1)"))
        #expect(show.out.contains("đã đọc: chưa"))
        // The author cannot mark it read; the next officer can, once.
        let own = try dd(["handover", "read", h.eventID], log, as: "thu.le")
        #expect(own.status == 65 && own.err.contains("is your own"), "\(own.err)")
        let read = try dd(["handover", "read", h.eventID, "--now", "01/09/2021 18:30"], log, as: "lan.nguyen")
        #expect(read.status == 0 && read.out == "handover \(h.eventID) marked read\n", "\(read.err)")
        let again = try dd(["handover", "read", h.eventID], log, as: "minh.tran")
        #expect(again.status == 65 && again.err.contains("already marked read by lan.nguyen"), "\(again.err)")
        let after = try dd(["handover", "show"], log, as: "lan.nguyen")
        #expect(after.out.contains("read: lan.nguyen, at 01/09/2021 18:30 ICT"), "\(after.out)")
    }

    /// A mistyped log path fails instead of creating a log nobody reads; an over-long note is
    /// refused; a long note line is printed whole, in pieces, never cut.
    @Test func aHandoverIsNeverLostOrCut() throws {
        let dir = tempDir()
        let missing = try dd(["handover", "--note", "x"], dir + "/nodir/x.log", as: "thu.le")
        #expect(missing.status == 66, "\(missing.err)")
        #expect(access(dir + "/nodir", F_OK) != 0)
        let log = dir + "/l.log"
        #expect(try dd(["alert", "add", "--source", "police", "--subject", "x"], log, as: "thu.le").status == 0)
        let tooLong = try dd(["handover", "--note", String(repeating: "ạ", count: 5001)], log, as: "thu.le")
        #expect(tooLong.status == 65 && tooLong.err.contains("longer than 5000 characters"), "\(tooLong.err)")
        let note = String(repeating: "ạ", count: 4999)
        #expect(try dd(["handover", "--note", note], log, as: "thu.le").status == 0)
        let show = try dd(["handover", "show"], log, as: "lan")
        #expect(!show.out.contains("cut") && show.out.filter { $0 == "ạ" }.count == 4999, "\(show.out.suffix(300))")
    }

    @Test func aLogWithoutHandoverSaysSo() throws {
        let log = tempDir() + "/l.log"
        #expect(try dd(["alert", "add", "--source", "police", "--subject", "x"], log, as: "thu.le").status == 0)
        let show = try dd(["handover", "show"], log, as: "thu.le", lang: "vi_VN.UTF-8")
        #expect(show.status == 0 && show.out == "chưa có bàn giao ca\n", "\(show.err)")
    }
}
