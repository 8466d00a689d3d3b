// Shift handover (issue 13, item 8): the officer ending a shift writes a note with the list
// of what is open; the next officer to open the dashboard at the desk sees it as a banner and
// a view until they mark it read; the timeline of each listed alert records it. Snapshots in
// English and Vietnamese at 80×24 and 160×48.
import DutyDeskDomain
import DutyDeskJSON
import TerminalKit
import Testing

@testable import Dashboard

/// The morning log, then thu.le's day shift: HQLS-style alerts A-0001 (unacknowledged),
/// A-0002 acknowledged by thu.le, A-0003 snoozed until 23:00, and the handover at 18:00
/// whose note carries an escape sequence.
func dayShiftHandedOver() -> LogBuilder {
    var b = LogBuilder()
    b.run(
        .receiveAlert(
            alert(
                "Xe tải 12C-345.67 chở vảy tê tê", .critical, AlertSource(kind: .borderGuard),
                received: "2021-09-01T08:00:00")),
        at: "2021-09-01T08:00:00")
    b.run(
        .receiveAlert(
            alert(
                "Ngà voi trong hành lý chuyến VN0512", .high, AlertSource(kind: .police),
                received: "2021-09-01T09:00:00")),
        at: "2021-09-01T09:00:00")
    b.run(
        .receiveAlert(
            alert("Rùa sống tại Móng Cái", .normal, AlertSource(kind: .publicTip), received: "2021-09-01T10:00:00")),
        at: "2021-09-01T10:00:00")
    b.run(.acknowledge(alertID: "A-0002"), by: "thu.le", at: "2021-09-01T09:05:00")
    b.run(.acknowledge(alertID: "A-0003"), by: "thu.le", at: "2021-09-01T10:05:00")
    b.run(.snooze(alertID: "A-0003", until: ict("2021-09-01T23:00:00")), by: "thu.le", at: "2021-09-01T10:06:00")
    b.run(
        .handOver(note: "A-0002: chờ Biên phòng xác nhận\nGọi lại \u{1B}[31mPhòng 1 lúc 20:00"), by: "thu.le",
        at: "2021-09-01T18:00:00")
    return b
}

@Suite struct HandoverViewTests {
    let evening = ict("2021-09-01T18:30:00")

    @Test func theNextOfficerMeetsTheHandoverAsABannerAndAViewUntilMarkedRead() throws {
        var s = makeState(dayShiftHandedOver(), width: 160, height: 48, now: evening, officer: "lan.nguyen")
        #expect(s.overlay == .handover(scroll: 0))
        var text = view(s).snapshot()
        #expect(
            text.contains("Shift handover from thu.le (2021-09-01 18:00): 4 open item(s) — H to read it"), "\(text)")
        // Past its acknowledgement time: marked `!`; each with its priority and status now.
        #expect(text.contains("! A-0001  crit · Xe tải 12C-345.67 chở vảy tê tê · new"), "\(text)")
        #expect(text.contains("A-0002  high · Ngà voi trong hành lý chuyến VN0512 · ack'd"))
        #expect(text.contains("A-0003  norm · Rùa sống tại Móng Cái · snoozed"))
        #expect(text.contains("Acknowledged by thu.le (1)") && text.contains("Snoozed (1)"))
        #expect(!text.contains("\u{1B}") && text.contains("Gọi lại"))
        // Esc leaves the view; the banner stays; H brings the view back.
        press(&s, .escape)
        #expect(s.overlay == nil && s.banners.contains { $0.kind == .handover(s.domain.handovers[0].eventID) })
        press(&s, .char("H"))
        #expect(s.overlay == .handover(scroll: 0))
        // r marks it read: one shift.handover_read; once durable the banner clears.
        let fx = press(&s, .char("r"))
        guard case .append(let id, let events)? = fx.first else {
            Issue.record("no append: \(fx)")
            return
        }
        #expect(events.map(\.type) == [EventType.shiftHandoverRead])
        let stored = LogBuilder().stamp(events, by: "lan.nguyen", at: evening, after: s.lastAppliedSeq)
        _ = update(&s, .appendSucceeded(requestID: id, records: stored))
        #expect(!s.banners.contains { if case .handover = $0.kind { true } else { false } })
        text = view(s).snapshot()
        #expect(text.contains("Read by lan.nguyen at 2021-09-01 18:30"), "\(text)")
        // Reading it again is refused with the domain's reason, in the footer.
        #expect(press(&s, .char("r")).isEmpty)
        #expect(view(s).snapshot().contains("already marked read by lan.nguyen"))
    }

    @Test func theAuthorSeesNoBannerAndCannotMarkTheirOwnHandoverRead() {
        var s = makeState(dayShiftHandedOver(), now: evening, officer: "thu.le")
        #expect(s.overlay == nil && !s.banners.contains { if case .handover = $0.kind { true } else { false } })
        press(&s, .char("H"))
        #expect(press(&s, .char("r")).isEmpty)
        #expect(view(s).snapshot().contains("is your own"))
    }

    @Test func writingAHandoverRecordsTheNoteAndWhatIsOpen() throws {
        var s = makeState(dayShiftHandedOver(), now: evening, officer: "lan.nguyen")
        press(&s, .escape, .char("H"), .char("w"))
        #expect(s.openFormKind == .handover)
        // An empty note is refused in the form, which stays open.
        #expect(press(&s, .enter).isEmpty && s.openFormKind == .handover)
        type(&s, "Ca đêm bình thường")
        let fx = press(&s, .enter)
        guard case .append(_, let events)? = fx.first, let e = events.first else {
            Issue.record("no append: \(fx)")
            return
        }
        guard case .shiftHandedOver(let h) = try DomainEvent(type: e.type, payload: e.payload) else {
            Issue.record("not a handover: \(e.type)")
            return
        }
        #expect(h.note == "Ca đêm bình thường")
        #expect(h.unacknowledged == ["A-0001"] && h.acknowledged == [] && h.snoozed == ["A-0003"])
        #expect(h.asOfSeq == s.lastAppliedSeq)
    }

    @Test func eachListedAlertsTimelineRecordsTheHandover() {
        var s = makeState(dayShiftHandedOver(), width: 160, height: 48, now: evening, officer: "lan.nguyen")
        press(&s, .escape)
        // The critical A-0001 is first in the list.
        press(&s, .char("g"), .enter)
        let text = view(s).snapshot()
        #expect(text.contains("#7 in the shift handover of thu.le (Not yet acknowledged)"), "\(text)")
    }

    /// A long note is wrapped to the view, every character of it on screen; a word wider than
    /// the view is broken at the edge.
    @Test func aLongNoteIsWrappedNotCut() {
        var b = LogBuilder()
        let long = String(repeating: "x", count: 300) + " cuối"
        b.run(.handOver(note: long), by: "thu.le", at: "2021-09-01T18:00:00")
        let s = makeState(b, now: evening, officer: "lan.nguyen")
        let text = view(s).snapshot()
        let box = text.split(separator: "\n").filter { $0.hasPrefix("┃") }.joined()
        #expect(box.filter { $0 == "x" }.count == 300 && box.contains("cuối"), "\(text)")
        #expect(TooSmallScreen.wrap("ab cd ef", width: 5) == ["ab cd", "ef"])
        #expect(TooSmallScreen.wrap("abcdefgh", width: 3) == ["abc", "def", "gh"])
        #expect(TooSmallScreen.wrap("ab cdefgh", width: 4) == ["ab", "cdef", "gh"])
        #expect(TooSmallScreen.wrap("", width: 3) == [])
        #expect(TooSmallScreen.wrap("tê tê", width: 10) == ["tê tê"])
    }

    @Test func handover80English() {
        assertSnapshot(makeState(dayShiftHandedOver(), now: evening), "handover-80x24-en")
    }
    @Test func handover80Vietnamese() {
        assertSnapshot(makeState(dayShiftHandedOver(), language: .vi, now: evening), "handover-80x24-vi")
    }
    @Test func handover160English() {
        assertSnapshot(makeState(dayShiftHandedOver(), width: 160, height: 48, now: evening), "handover-160x48-en")
    }
    @Test func handover160Vietnamese() {
        assertSnapshot(
            makeState(dayShiftHandedOver(), language: .vi, width: 160, height: 48, now: evening),
            "handover-160x48-vi")
    }
}
