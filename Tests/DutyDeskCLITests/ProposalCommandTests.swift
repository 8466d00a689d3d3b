import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog
import Foundation
import Testing

@testable import DutyDeskCLI

/// Issue 11, item 5: another unit's action on an alert is a proposal; `alert show` lists it,
/// `alert accept|decline ID N` answers it on the owning unit's desk, `alert withdraw` takes
/// it back on the proposer's, and an action on a non-owner desk says it was sent as a proposal.
@Suite struct ProposalCommandTests {
    func run(_ args: [String], as officer: String = "lan", lang: String = "C.UTF-8") throws -> (
        status: Int32, out: String, err: String
    ) {
        try runDutyDesk(args, environment: ["DUTYDESK_OFFICER": officer, "LC_ALL": lang, "LANG": lang])
    }

    /// Appends `event` to `log` as a record desk `desk` decided (its seq there `seq`), as the
    /// network's sync copies it in (the origin member on the last line).
    func appendForeign(_ log: String, _ event: DomainEvent, id: String, desk: String, seq: Int, seen: SeenMark?) throws
    {
        let l = try EventLog.open(path: log, mode: .readWrite)
        let p = ProposedEvent(event, id: id, seen: seen)
        _ = try l.append([
            NewRecord(
                type: p.type, id: p.id, payload: p.payload, ts: RFC3339Timestamp.parse("2021-09-01T08:10:00+07:00"),
                actor: LogActor(officer: "ls.minh", process: "dutydesk/57", host: "desk-ls-1"))
        ])
        l.close()
        var lines = try [UInt8](Data(contentsOf: URL(fileURLWithPath: log))).split(separator: 0x0A).map(Array.init)
        let k = lines.count - 1
        lines[k] = OriginEnvelopeTests().withMember(lines[k], ",\"origin\":{\"desk\":\"\(desk)\",\"seq\":\(seq)}")
        try Data(lines.flatMap { $0 + [0x0A] }).write(to: URL(fileURLWithPath: log))
    }

    @Test func theOwnerAcceptsAndDeclinesAnotherUnitsProposals() throws {
        let log = tempDir() + "/hn.log"
        #expect(try run(["desk", "init", "--log", log, "--unit", "HQHN"]).status == 0)
        let add = try run([
            "alert", "add", "--log", log, "--source", "police", "--subject", "Ngà voi", "--now",
            "2021-09-01T08:00:00+07:00",
        ])
        #expect(add.status == 0, "\(add.err)")
        // Lạng Sơn's desk proposes to acknowledge it, then to escalate... twice acknowledge.
        let ack = DomainEvent.alertAcknowledged(AlertAcknowledged(alertID: "HQHN-0001"))
        try appendForeign(log, ack, id: "ls-1", desk: "HQLS", seq: 5, seen: SeenMark([:]))
        try appendForeign(log, ack, id: "ls-2", desk: "HQLS", seq: 6, seen: SeenMark(["HQLS": 5]))
        var state = try loadState(log)
        #expect(state.alerts["HQHN-0001"]?.lifecycle.status == .received)
        #expect(state.alerts["HQHN-0001"]?.openProposalCount == 2)
        let show = try run(["alert", "show", "HQHN-0001", "--log", log])
        #expect(show.status == 0 && show.out.contains("Proposals"), "\(show.out)")
        #expect(show.out.contains("1. #") && show.out.contains("HQLS ls.minh · open"), "\(show.out)")
        let showVI = try run(["alert", "show", "HQHN-0001", "--log", log], lang: "vi_VN.UTF-8")
        #expect(showVI.out.contains("Đề xuất") && showVI.out.contains("đang chờ"), "\(showVI.out)")
        let json = try run(["alert", "show", "HQHN-0001", "--json", "--log", log])
        let o = try JSON.parse(json.out.trimmingCharacters(in: .newlines))
        #expect(o["proposals"]?.arrayValue?.count == 2)
        #expect(o["proposals"]?.arrayValue?.first?["event_id"]?.stringValue == "ls-1")
        #expect(o["proposals"]?.arrayValue?.first?["status"]?.stringValue == "open")

        // Decline the second with a reason; accept the first.
        let decline = try run(["alert", "decline", "HQHN-0001", "2", "--reason", "trùng", "--log", log])
        #expect(decline.status == 0 && decline.out == "HQHN-0001 proposal 2 declined\n", "\(decline.err)")
        let accept = try run(["alert", "accept", "HQHN-0001", "#1", "--log", log], lang: "vi_VN.UTF-8")
        #expect(accept.status == 0 && accept.out == "HQHN-0001 đã chấp nhận đề xuất 1\n", "\(accept.err)")
        state = try loadState(log)
        let a = try #require(state.alerts["HQHN-0001"])
        #expect(a.lifecycle.status == .acknowledged && a.lifecycle.owner == "lan")
        #expect(state.proposals(of: a).map(\.status) == [.accepted, .declined])
        #expect(state.proposals(of: a).last?.reason == "trùng")

        // Answered already, unknown, withdrawn by the owner, a blank reason: refused, nothing written.
        let before = state.lastSeq
        let again = try run(["alert", "accept", "HQHN-0001", "1", "--log", log])
        #expect(again.status == 65 && again.err.contains("proposal 1 on alert HQHN-0001 is no longer open"))
        let none = try run(["alert", "decline", "HQHN-0001", "7", "--log", log])
        #expect(none.status == 65 && none.err.contains("has no proposal 7"), "\(none.err)")
        let notMine = try run(["alert", "withdraw", "HQHN-0001", "1", "--log", log])
        #expect(notMine.status == 65 && notMine.err.contains("is desk HQLS's"), "\(notMine.err)")
        let blank = try run(["alert", "decline", "HQHN-0001", "2", "--reason", " ", "--log", log])
        #expect(blank.status == 65, "\(blank.err)")
        #expect(try loadState(log).lastSeq == before)
    }

    @Test func anotherUnitsDeskSaysItSentAProposalAndMayWithdrawIt() throws {
        let log = tempDir() + "/ls.log"
        #expect(try run(["desk", "init", "--log", log, "--unit", "HQLS"]).status == 0)
        let received = DomainEvent.alertReceived(
            AlertReceived(
                alertID: "HQHN-0001",
                details: AlertDetails(
                    receivedAt: RFC3339Timestamp.parse("2021-09-01T08:00:00+07:00")!,
                    source: AlertSource(kind: .police), priority: .high, subject: "Ngà voi")))
        try appendForeign(log, received, id: "hn-1", desk: "HQHN", seq: 4, seen: nil)
        let ack = try run(["alert", "ack", "HQHN-0001", "--log", log])
        #expect(ack.status == 0, "\(ack.err)")
        #expect(ack.out.contains("HQHN-0001 alert.acknowledged: sent to HQHN as a proposal"), "\(ack.out)")
        let vi = try run(
            ["alert", "note", "HQHN-0001", "--text", "tàu đã cập cảng", "--log", log], lang: "vi_VN.UTF-8")
        #expect(vi.status == 0 && vi.out == "HQHN-0001 đã thêm ghi chú\n", "\(vi.out)")
        var state = try loadState(log)
        #expect(state.alerts["HQHN-0001"]?.lifecycle.status == .received)
        #expect(state.alerts["HQHN-0001"]?.notes.count == 1)
        // Not the owner: an answer is refused; the proposer withdraws its own.
        let accept = try run(["alert", "accept", "HQHN-0001", "1", "--log", log])
        #expect(accept.status == 65 && accept.err.contains("only the owning unit HQHN"), "\(accept.err)")
        let w = try run(["alert", "withdraw", "HQHN-0001", "1", "--log", log])
        #expect(w.status == 0 && w.out == "HQHN-0001 proposal 1 withdrawn\n", "\(w.err)")
        state = try loadState(log)
        let a = try #require(state.alerts["HQHN-0001"])
        #expect(state.proposals(of: a).map(\.status) == [.withdrawn])
        #expect(a.timeline.count == 4)  // receipt, proposal, note, withdrawal: nothing deleted
    }
}
