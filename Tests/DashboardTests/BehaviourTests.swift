import DutyDeskDomain
import DutyDeskJSON
import TerminalKit
import Testing

@testable import Dashboard

/// The appends an effect list asks for.
func appends(_ fx: [Effect]) -> [(Int, [ProposedEvent])] {
    fx.compactMap {
        if case .append(let id, let events) = $0 { return (id, events) }
        return nil
    }
}

@Suite struct ActionTests {
    @Test func acknowledgeIsPendingUntilDurable() {
        let b = morningLog()
        var s = makeState(b)
        #expect(s.selectedAlert == "A-0001")
        let fx = press(&s, .char("a"))
        let ap = appends(fx)
        #expect(ap.count == 1)
        #expect(ap.first?.1.map(\.type) == ["alert.acknowledged"])
        #expect(ap.first?.1.first?.payload["alert_id"]?.stringValue == "A-0001")
        #expect(s.pendingCount == 1)
        // Not shown as done before the log says it is durable.
        #expect(s.domain.alerts["A-0001"]?.status == .received)
        #expect(view(s).rowText(23).contains("pending"))
        #expect(view(s).rowText(3).contains("new…"))
        let records = b.stamp(ap[0].1, by: "lan.nguyen", at: fixedNow, after: b.records.count)
        _ = update(&s, .appendSucceeded(requestID: ap[0].0, records: records))
        #expect(s.pendingCount == 0)
        #expect(s.domain.alerts["A-0001"]?.status == .acknowledged)
        #expect(s.domain.alerts["A-0001"]?.lifecycle.owner == "lan.nguyen")
        #expect(s.statusText?.contains("done") == true)
        // The follower delivers the same records again: ignored.
        let seq = s.lastAppliedSeq
        _ = update(&s, .recordsAppended(records))
        #expect(s.lastAppliedSeq == seq)
        #expect(s.domain.alerts["A-0001"]?.timeline.count == 2)
    }

    @Test func failedAppendChangesNothingAndShowsABanner() {
        var s = makeState(morningLog())
        let ap = appends(press(&s, .char("a")))
        _ = update(&s, .appendFailed(requestID: ap[0].0, message: "disk full"))
        #expect(s.pendingCount == 0)
        #expect(s.domain.alerts["A-0001"]?.status == .received)
        #expect(s.bannerTexts.count == 1)
        #expect(s.bannerTexts[0].contains("disk full"))
        #expect(view(s).rowText(1).contains("disk full"))
        press(&s, .char("x"))
        #expect(s.bannerTexts.isEmpty)
    }

    @Test func domainRefusalIsShownAndNothingIsAppended() {
        var s = makeState(morningLog())
        press(&s, .char("j"), .char("j"), .char("j"), .char("j"))
        #expect(s.selectedAlert == "A-0003")
        let fx = press(&s, .char("a"))
        #expect(appends(fx).isEmpty)
        #expect(s.statusText == DomainError.alreadyAcknowledged("A-0003", by: "lan.nguyen").text(.en))
    }

    @Test func readOnlyLogRefusesActions() {
        var s = makeState(morningLog())
        _ = update(&s, .logStatus(.readOnly(reason: "bad record at seq 12")))
        #expect(appends(press(&s, .char("a"))).isEmpty)
        #expect(s.statusText?.contains("read-only") == true)
        #expect(view(s).rowText(0).contains("READ-ONLY"))
        // The reason (the bad record's seq) is on screen, not only the header's word.
        let screen = (0..<24).map { view(s).rowText($0) }.joined(separator: "\n")
        #expect(screen.contains("bad record at seq 12"), "\(screen)")
    }

    @Test func undoProposesTheCompensatingEvent() {
        var b = morningLog()
        b.run(.acknowledge(alertID: "A-0001"), by: "lan.nguyen", at: "2021-09-01T07:58:00")
        var s = makeState(b)
        let ap = appends(press(&s, .char("u")))
        #expect(ap.first?.1.map(\.type) == ["alert.action_undone"])
        #expect(ap.first?.1.first?.payload["alert_id"]?.stringValue == "A-0001")
        // Another officer has nothing to undo.
        var other = makeState(b, officer: "hoa.le")
        #expect(appends(press(&other, .char("u"))).isEmpty)
        #expect(other.statusText?.contains("nothing to undo") == true)
    }

    @Test func assignFormCompletesUnitsIgnoringDiacritics() {
        var s = makeState(morningLog())
        press(&s, .char("j"), .char("j"), .char("j"), .char("j"))
        press(&s, .char("s"))
        #expect(s.openFormKind == .assign)
        type(&s, "lang son")
        #expect(view(s).snapshot().contains("HQLS · Lang Son Customs Department"))
        let ap = appends(press(&s, .enter))
        #expect(ap.count == 1)
        let e = ap.first?.1.first
        #expect(e?.type == "alert.assigned")
        #expect(e?.payload["alert_id"]?.stringValue == "A-0003")
        #expect(e?.payload["assignee"]?["kind"]?.stringValue == "unit")
        #expect(e?.payload["assignee"]?["id"]?.stringValue == "HQLS")
        #expect(s.isFormOpen == false)
    }

    @Test func closeWithSeizureAsksForCommodityAndQuantity() {
        var s = makeState(morningLog())
        press(&s, .char("j"), .char("j"), .char("j"), .char("j"))
        press(&s, .char("c"))
        #expect(s.openFormKind == .close)
        // Seizure is the first disposition; commodity and quantity are required.
        var fx = press(&s, .enter)
        #expect(appends(fx).isEmpty)
        #expect(s.form?.error?.contains("Commodity") == true)
        press(&s, .tab)
        type(&s, "ngà voi")
        press(&s, .tab)
        // A grouped or ambiguous number is refused with the reading to write; the form keeps
        // what was typed (issue 14, item 1).
        type(&s, "1.234")
        fx = press(&s, .enter)
        #expect(appends(fx).isEmpty)
        #expect(s.form?.error?.contains("1234") == true, "\(s.form?.error ?? "")")
        #expect(s.form?.fields.contains { $0.value == "1.234" } == true)
        for _ in 0..<5 { press(&s, .backspace) }
        // The decimal comma is a decimal separator.
        type(&s, "12,5")
        fx = press(&s, .enter)
        let e = appends(fx).first?.1.first
        #expect(e?.type == "alert.closed")
        #expect(e?.payload["disposition"]?["kind"]?.stringValue == "seized")
        #expect(e?.payload["disposition"]?["quantity"]?.arrayValue?.first?["amount"] == .number("12.5"))
        #expect(s.isFormOpen == false)
    }

    /// Issue 14, item 4: the close form takes the seizure time as entered (empty: now).
    @Test func closeWithSeizureTakesTheSeizureTime() {
        var s = makeState(morningLog())
        press(&s, .char("j"), .char("j"), .char("j"), .char("j"), .char("c"))
        press(&s, .tab)
        type(&s, "ngà voi")
        press(&s, .tab)
        type(&s, "3")
        // Past the unit, the second quantity and its unit.
        press(&s, .tab, .tab, .tab, .tab)
        type(&s, "31/09/2021 06:30")
        var fx = press(&s, .enter)
        #expect(appends(fx).isEmpty)
        #expect(s.form?.error?.contains("dd/MM/yyyy HH:mm") == true, "\(s.form?.error ?? "")")
        for _ in 0..<16 { press(&s, .backspace) }
        type(&s, "01/09/2021 06:30")
        fx = press(&s, .enter)
        let e = appends(fx).first?.1.first
        #expect(e?.type == "alert.closed", "\(s.form?.error ?? "")")
        #expect(e?.payload["seized_at"]?.stringValue == "2021-09-01T06:30:00+07:00")
    }

    /// Issue 13, item 6: a seizure counted and weighed — two measures from the form.
    @Test func closeWithSeizureTakesASecondMeasure() {
        var s = makeState(morningLog())
        press(&s, .char("j"), .char("j"), .char("j"), .char("j"), .char("c"))
        press(&s, .tab)
        type(&s, "ngà voi")
        press(&s, .tab)
        type(&s, "72,5")
        press(&s, .tab, .tab)
        type(&s, "1.234")
        var fx = press(&s, .enter)
        #expect(appends(fx).isEmpty && s.form?.error?.contains("1234") == true, "\(s.form?.error ?? "")")
        for _ in 0..<5 { press(&s, .backspace) }
        type(&s, "50")
        fx = press(&s, .enter)
        let q = appends(fx).first?.1.first?.payload["disposition"]?["quantity"]?.arrayValue
        #expect(q?.count == 2, "\(s.form?.error ?? "")")
        #expect(q?.first?["amount"] == .number("72.5") && q?.first?["unit"]?.stringValue == "kg")
        #expect(q?.last?["amount"] == .number("50") && q?.last?["unit"]?.stringValue == "pieces")
    }

    @Test func closeWithoutSeizureHidesSeizureFields() {
        var s = makeState(morningLog())
        press(&s, .char("j"), .char("j"), .char("j"), .char("j"), .char("c"))
        press(&s, .right)  // no violation found
        let e = appends(press(&s, .enter)).first?.1.first
        #expect(e?.payload["disposition"]?["kind"]?.stringValue == "no_finding")
    }

    @Test func escapeCancelsAForm() {
        var s = makeState(morningLog())
        press(&s, .char("n"))
        #expect(s.openFormKind == .note)
        type(&s, "q")  // typed into the note, not quitting
        #expect(s.isFormOpen)
        press(&s, .escape)
        #expect(s.isFormOpen == false)
    }

    @Test func nominationFromTheDeadlinePane() {
        var s = makeState(morningLog())
        press(&s, .char("3"), .char("f"))
        #expect(s.openFormKind == .nominate)
        type(&s, "cao bang")
        press(&s, .tab)
        type(&s, "Nguyễn Văn Hải")
        press(&s, .tab)
        type(&s, "Phó Đội trưởng")
        press(&s, .tab)
        type(&s, "0912 345 678")
        let e = appends(press(&s, .enter)).first?.1.first
        #expect(e?.type == "focal_officer.nominated")
        #expect(e?.payload["unit"]?.stringValue == "HQCB")
        #expect(e?.payload["name"]?.stringValue == "Nguyễn Văn Hải")
    }

    @Test func verificationKeysWorkOnlyInTheirPane() {
        var s = makeState(morningLog())
        press(&s, .char("2"), .char("r"))
        #expect(s.openFormKind == .reply)
        type(&s, "Đã xác minh: lô hàng hợp lệ")
        let e = appends(press(&s, .enter)).first?.1.first
        #expect(e?.type == "verification.replied")
        #expect(e?.payload["request_id"]?.stringValue == "V-0001")
        press(&s, .char("o"))
        #expect(s.openFormKind == .openRequest)
    }
}

@Suite struct NavigationTests {
    @Test func paneSwitching() {
        var s = makeState(morningLog())
        #expect(s.focus == .alerts)
        press(&s, .tab)
        #expect(s.focus == .verification)
        press(&s, .tab)
        #expect(s.focus == .deadlines)
        press(&s, .tab)
        #expect(s.focus == .alerts)
        press(&s, .backTab)
        #expect(s.focus == .deadlines)
        press(&s, .char("2"))
        #expect(s.focus == .verification)
        press(&s, .char("1"))
        #expect(s.focus == .alerts)
    }

    @Test func movingAndPaging() {
        var s = makeState(morningLog())
        press(&s, .char("G"))
        #expect(s.selectedAlert == "A-0006")
        press(&s, .char("g"))
        #expect(s.selectedAlert == "A-0001")
        press(&s, .down, .down)
        #expect(s.selectedAlert == "A-0004")
        press(&s, .up)
        #expect(s.selectedAlert == "A-0002")
        press(&s, .pageDown)
        #expect(s.selectedAlert == "A-0006")
        press(&s, .pageUp)
        #expect(s.selectedAlert == "A-0001")
        press(&s, .up)
        #expect(s.selectedAlert == "A-0001")
    }

    @Test func detailViewOpensAndEscapeGoesBack() {
        var s = makeState(morningLog())
        press(&s, .char("j"), .char("j"), .char("j"), .char("j"), .enter)
        let text = view(s).snapshot()
        #expect(text.contains("Alert A-0003"))
        #expect(text.contains("Đã liên hệ bưu cục"))
        #expect(text.contains("alert.note_added"))
        press(&s, .escape)
        #expect(!view(s).snapshot().contains("Alert A-0003"))
    }

    @Test func selectionFollowsTheAlertWhenRowsMove() {
        var b = morningLog()
        var s = makeState(b)
        press(&s, .down)
        #expect(s.selectedAlert == "A-0002")
        let new = b.run(
            .receiveAlert(
                alert("Chim quý hiếm", .critical, AlertSource(kind: .police), received: "2021-09-01T07:59:00"),
                alertID: "A-0008"), at: "2021-09-01T07:59:30")
        _ = update(&s, .recordsAppended(new))
        #expect(s.selectedAlert == "A-0002")
    }

    @Test func resizeSwitchesToTabsAndBack() {
        var s = makeState(morningLog())
        _ = update(&s, .resize(width: 60, height: 20))
        #expect(view(s).rowText(1).contains("1 Alerts"))
        press(&s, .char("3"))
        #expect(view(s).snapshot().contains("Campaign ends"))
        _ = update(&s, .resize(width: 100, height: 30))
        #expect(!view(s).rowText(1).contains("1 Alerts"))
    }

    @Test func anySizeRendersWithoutCrashing() {
        var s = makeState(morningLog())
        press(&s, .char("j"), .char("j"), .char("j"), .char("j"), .char("c"))  // with a form open too
        for w in [0, 1, 2, 5, 9, 20, 39, 79, 80, 81, 200] {
            for h in [0, 1, 2, 3, 4, 5, 8, 23, 24, 60] {
                _ = update(&s, .resize(width: w, height: h))
                let g = view(s)
                #expect(g.width == w && g.height == h)
            }
        }
    }

    @Test func helpIsGeneratedFromTheKeymaps() {
        var s = makeState(morningLog(), width: 120, height: 200)
        press(&s, .char("?"))
        #expect(s.isHelpVisible)
        let text = view(s).snapshot()
        for map in Keymaps.all {
            #expect(text.contains(map.name))
            for b in map.bindings { #expect(text.contains(b.help), "help lacks \(b.help)") }
        }
        press(&s, .escape)
        #expect(s.isHelpVisible == false)
    }
}

@Suite struct FilterTests {
    @Test func filterIgnoresDiacriticsAndEscapeClearsIt() {
        var s = makeState(morningLog())
        press(&s, .char("/"))
        type(&s, "nga voi")
        #expect(s.visibleAlertCount == 1)
        #expect(s.selectedAlert == "A-0003")  // decomposed "Ngà voi"
        press(&s, .backspace, .backspace, .backspace, .backspace)
        #expect(s.filterText == "nga")
        press(&s, .enter)  // keep the filter, keys act on the list again
        press(&s, .escape)
        #expect(s.filterText.isEmpty)
        #expect(s.visibleAlertCount == 7)
    }

    @Test func precomposedQueryFindsDecomposedText() {
        var s = makeState(morningLog())
        press(&s, .char("/"))
        type(&s, "Ngà")
        #expect(s.visibleAlertCount == 1)
        _ = update(&s, .key(.escape))
        #expect(s.visibleAlertCount == 7)
    }

    @Test func newAlertsMatchingTheFilterAppear() {
        var b = morningLog()
        var s = makeState(b)
        press(&s, .char("/"))
        type(&s, "tê tê")
        let before = s.visibleAlertCount
        let r = b.run(
            .receiveAlert(
                alert(
                    "Thêm vảy tê tê ở Móng Cái", .low, AlertSource(kind: .borderGuard), received: "2021-09-01T07:59:00"),
                alertID: "A-0009"), at: "2021-09-01T07:59:00")
        _ = update(&s, .recordsAppended(r))
        #expect(s.visibleAlertCount == before + 1)
    }
}

@Suite struct LiveTests {
    @Test func newCriticalAlertRingsOnceAndLeavesABanner() {
        var b = morningLog()
        var s = makeState(b)
        let r = b.run(
            .receiveAlert(
                alert(
                    "Hổ đông lạnh trong xe tải", .critical, AlertSource(kind: .police), received: "2021-09-01T07:59:50"),
                alertID: "A-0010"), at: "2021-09-01T07:59:55")
        let fx = update(&s, .recordsAppended(r))
        #expect(fx == [.flash])
        #expect(s.bannerTexts.count == 1)
        #expect(s.bannerTexts[0].contains("A-0010"))
        // The same record again raises nothing.
        #expect(update(&s, .recordsAppended(r)).isEmpty)
        // A normal alert raises nothing.
        let n = b.run(
            .receiveAlert(
                alert("Gỗ trắc", .normal, AlertSource(kind: .police), received: "2021-09-01T07:59:58"),
                alertID: "A-0011"), at: "2021-09-01T07:59:58")
        #expect(update(&s, .recordsAppended(n)).isEmpty)
        #expect(s.bannerTexts.count == 1)
    }

    @Test func recordsArrivingAheadOfAGapWait() {
        var b = morningLog()
        var s = makeState(b)
        let r1 = b.run(.acknowledge(alertID: "A-0001"), by: "hoa.le", at: "2021-09-01T07:59:00")
        let r2 = b.run(.addNote(alertID: "A-0001", text: "ok"), by: "hoa.le", at: "2021-09-01T07:59:10")
        _ = update(&s, .recordsAppended(r2))
        #expect(s.domain.alerts["A-0001"]?.notes.isEmpty == true)
        _ = update(&s, .recordsAppended(r1))
        #expect(s.domain.alerts["A-0001"]?.notes.count == 1)
        #expect(s.domain.alerts["A-0001"]?.status == .acknowledged)
    }

    @Test func aGapThatOutlivesATickIsSkipped() {
        var b = morningLog()
        var s = makeState(b)
        b.run(.acknowledge(alertID: "A-0001"), by: "hoa.le", at: "2021-09-01T07:59:00")  // never delivered
        let r2 = b.run(.addNote(alertID: "A-0002", text: "ok"), by: "hoa.le", at: "2021-09-01T07:59:10")
        _ = update(&s, .recordsAppended(r2))
        _ = update(&s, .tick(ict("2021-09-01T08:00:01")))
        #expect(s.domain.alerts["A-0002"]?.notes.isEmpty == true)
        _ = update(&s, .tick(ict("2021-09-01T08:00:02")))
        #expect(s.domain.alerts["A-0002"]?.notes.count == 1)
        #expect(s.lastAppliedSeq == r2[0].seq)
    }

    @Test func countdownsTickAndDeadlinesTurningDueSoonRing() {
        // Acknowledgement reminders off: only the deadline alarms ring (AttentionTests has those).
        var s = makeState(morningLog(), ackReminders: false)
        #expect(view(s).snapshot().contains("09:00:00"))
        _ = update(&s, .tick(ict("2021-09-01T08:00:01")))
        #expect(view(s).snapshot().contains("08:59:59"))
        // Daily update due 17:00; due soon from 15:00 (practice: 2 h).
        let fx = update(&s, .tick(ict("2021-09-01T15:00:01")))
        #expect(fx == [.bell])
        #expect(s.bannerTexts.contains { $0.contains("Due soon") && $0.contains("Daily results update") })
        #expect(update(&s, .tick(ict("2021-09-01T15:00:02"))).isEmpty)
        let late = update(&s, .tick(ict("2021-09-01T17:00:01")))
        #expect(late == [.bell])
        #expect(view(s).snapshot().contains("✖ overdue"))
    }

    @Test func headerCountsDownToTheStartBeforeTheCampaign() {
        let s = makeState(LogBuilder(), now: ict("2021-08-31T06:00:00"))
        #expect(view(s).rowText(0).contains("starts in 18:00:00"))
    }
}

@Suite struct EditingTests {
    @Test func combiningMarksJoinTheCharacterBeforeTheCursor() {
        var e = TextField()
        for k: Key in [.char("e"), .char("\u{323}"), .char("\u{302}")] { #expect(edit(&e, k)) }
        #expect(e.text == "e\u{323}\u{302}")
        #expect(e.characters.count == 1)
        #expect(e.cursor == 1)
        #expect(edit(&e, .backspace))
        #expect(e.text.isEmpty)
        #expect(edit(&e, .enter) == false)
    }

    @Test func cursorMovesByCharacterInVietnamese() {
        var e = TextField("Hồ Chí Minh")
        for k: Key in [.home, .right, .right, .backspace] { _ = edit(&e, k) }  // deletes "ồ" whole
        #expect(e.text == "H Chí Minh")
        _ = edit(&e, .char("ô"))
        #expect(e.text == "Hô Chí Minh")
        _ = edit(&e, .end)
        _ = edit(&e, .ctrl("w"))
        #expect(e.text == "Hô Chí ")
        _ = edit(&e, .ctrl("y"))
        #expect(e.text == "Hô Chí Minh")
    }

    @Test func everyEditingBindingEdits() {
        for b in Keymaps.editing.bindings {
            for k in b.keys {
                var e = TextField("ab")
                #expect(edit(&e, k), "\(k.label) is documented but not handled")
            }
        }
    }
}

@Suite struct MoreActionTests {
    /// Selects A-0003 (acknowledged by lan.nguyen in the fixture).
    func acknowledgedSelected() -> AppState {
        var s = makeState(morningLog())
        press(&s, .char("j"), .char("j"), .char("j"), .char("j"))
        return s
    }

    @Test func escalateToDivision1() {
        var s = acknowledgedSelected()
        press(&s, .char("e"))
        press(&s, .tab)
        type(&s, "cần Phòng 1 hỗ trợ")
        let e = appends(press(&s, .enter)).first?.1.first
        #expect(e?.type == "alert.escalated")
        #expect(e?.payload["target"]?.stringValue == "division_1")
        #expect(e?.payload["reason"]?.stringValue == "cần Phòng 1 hỗ trợ")
    }

    @Test func snoozeOneHour() {
        var s = acknowledgedSelected()
        press(&s, .char("z"), .right)
        let e = appends(press(&s, .enter)).first?.1.first
        #expect(e?.type == "alert.snoozed")
        #expect(e?.payload["until"]?.stringValue == "2021-09-01T09:00:00+07:00")
    }

    @Test func noteKeepsVietnamese() {
        var s = acknowledgedSelected()
        press(&s, .char("n"))
        type(&s, "Đã phối hợp với Biên phòng")
        let e = appends(press(&s, .enter)).first?.1.first
        #expect(e?.type == "alert.note_added")
        #expect(e?.payload["text"]?.stringValue == "Đã phối hợp với Biên phòng")
    }

    @Test func mergeCompletesAlertIDs() {
        var s = acknowledgedSelected()
        press(&s, .char("m"))
        type(&s, "A-0005")
        let e = appends(press(&s, .enter)).first?.1.first
        #expect(e?.type == "alert.merged")
        #expect(e?.payload["alert_id"]?.stringValue == "A-0005")
        #expect(e?.payload["duplicate_id"]?.stringValue == "A-0003")
    }

    @Test func mergeCompletionFindsIdsByTheirEnd() {
        var s = acknowledgedSelected()
        press(&s, .char("m"))
        type(&s, "05")
        #expect(view(s).snapshot().contains("▸ A-0005 · 🐘 ivory carvings"))
        let e = appends(press(&s, .enter)).first?.1.first
        #expect(e?.payload["alert_id"]?.stringValue == "A-0005")
    }

    @Test func dailyReportFromTheDeadlinePane() {
        var s = makeState(morningLog())
        press(&s, .char("3"), .char("d"))
        #expect(s.openFormKind == .report)
        let e = appends(press(&s, .enter)).first?.1.first
        #expect(e?.type == "report.submitted")
        #expect(e?.payload["kind"]?.stringValue == "daily")
        #expect(e?.payload["day"]?.stringValue == "2021-09-01")
    }

    @Test func rapidReportNamesTheSeizure() {
        var s = makeState(morningLog())
        press(&s, .char("3"), .char("j"), .char("d"))
        let e = appends(press(&s, .enter)).first?.1.first
        #expect(e?.payload["kind"]?.stringValue == "rapid")
        #expect(e?.payload["alert_id"]?.stringValue == "A-0006")
    }

    @Test func openOutgoingVerificationRequest() {
        var s = makeState(morningLog())
        press(&s, .char("2"), .char("o"), .right, .tab)
        type(&s, "TH")
        press(&s, .tab)
        type(&s, "Xác minh chủ hàng lô ngà voi")
        press(&s, .tab)
        type(&s, "10")
        let e = appends(press(&s, .enter)).first?.1.first
        #expect(e?.type == "verification.opened")
        #expect(e?.payload["direction"]?.stringValue == "outgoing")
        #expect(e?.payload["counterpart"]?.stringValue == "TH")
        #expect(e?.payload["routed_via"]?.stringValue == "DTCBL-P1")
    }

    @Test func deadlineDetailKeysWork() {
        var s = makeState(morningLog())
        press(&s, .char("3"), .char("j"), .char("j"), .enter)
        #expect(view(s).snapshot().contains("Not nominated yet (35)"))
        press(&s, .char("f"))
        #expect(s.openFormKind == .nominate)
    }
}

@Suite struct StartupTests {
    @Test func replayInChunksEqualsOneLoad() {
        let b = morningLog()
        var chunked = AppState(
            config: DashboardConfig(campaign: campaign, officer: "lan.nguyen", eventIDPrefix: "t"),
            now: fixedNow, width: 80, height: 24)
        var i = 0
        while i < b.records.count {
            chunked.replay(Array(b.records[i..<min(i + 4, b.records.count)]))
            i += 4
        }
        chunked.finishReplay()
        let whole = makeState(b)
        #expect(chunked.domain == whole.domain)
        #expect(view(chunked) == view(whole))
        #expect(chunked.bannerTexts.isEmpty)
    }

    @Test func languageFromLANG() {
        #expect(Language.fromLocale("vi_VN.UTF-8") == .vi)
        #expect(Language.fromLocale("en_US.UTF-8") == .en)
        #expect(Language.fromLocale("C") == .en)
        #expect(Language.fromLocale(nil) == .en)
    }
}

/// Reopen in the dashboard (issue 10, item 4): a key on a closed alert, a form asking for the
/// reason, decided like the other actions (pending until durable, refusals shown).
@Suite struct ReopenTests {
    /// The morning log with the closed seizure A-0006 selected in the Alerts pane.
    func closedSelected(language: Language = .en) -> AppState {
        var s = makeState(morningLog(), language: language)
        for _ in 0..<20 where s.selectedAlert != "A-0006" { press(&s, .char("j")) }
        #expect(s.selectedAlert == "A-0006")
        return s
    }

    @Test func theReopenKeyAsksForTheReasonAndProposesAlertReopened() {
        let b = morningLog()
        var s = closedSelected()
        #expect(s.domain.alerts["A-0006"]?.status == .closed)
        press(&s, .char("r"))
        #expect(s.openFormKind == .reopen)
        // The reason is required (the form says so before the domain is asked).
        #expect(appends(press(&s, .enter)).isEmpty)
        #expect(s.form?.error == "Reason is required")
        type(&s, "Hãng bay gửi danh sách hành khách mới")
        let ap = appends(press(&s, .enter))
        #expect(ap.first?.1.map(\.type) == ["alert.reopened"])
        #expect(ap.first?.1.first?.payload["alert_id"]?.stringValue == "A-0006")
        #expect(ap.first?.1.first?.payload["reason"]?.stringValue == "Hãng bay gửi danh sách hành khách mới")
        #expect(!s.isFormOpen && s.pendingCount == 1)
        // Pending until durable: still closed on screen.
        #expect(s.domain.alerts["A-0006"]?.status == .closed)
        let records = b.stamp(ap[0].1, by: "lan.nguyen", at: fixedNow, after: b.records.count)
        _ = update(&s, .appendSucceeded(requestID: ap[0].0, records: records))
        #expect(s.domain.alerts["A-0006"]?.status == .acknowledged)
        #expect(s.domain.alerts["A-0006"]?.lifecycle.owner == "lan.nguyen")
    }

    @Test func theKeyWorksInTheDetailViewToo() {
        var s = closedSelected()
        press(&s, .enter, .char("r"))
        #expect(s.openFormKind == .reopen && s.form?.target == .alert(id: "A-0006"))
    }

    @Test func onAnOpenAlertTheKeyIsRefusedAndNothingIsAppended() {
        var s = makeState(morningLog())
        press(&s, .char("j"), .char("j"), .char("j"), .char("j"))
        #expect(s.selectedAlert == "A-0003")
        let fx = press(&s, .char("r"))
        #expect(appends(fx).isEmpty && !s.isFormOpen)
        #expect(s.statusText == DomainError.notClosed("A-0003", status: .acknowledged).text(.en))
        var vi = makeState(morningLog(), language: .vi)
        press(&vi, .char("j"), .char("j"), .char("j"), .char("j"), .char("r"))
        #expect(vi.statusText == DomainError.notClosed("A-0003", status: .acknowledged).text(.vi))
    }

    @Test func aRefusalThatSaysReopenItFirstNamesTheKey() {
        var s = closedSelected()
        #expect(appends(press(&s, .char("a"))).isEmpty)
        #expect(s.statusText == "alert A-0006 is closed; reopen it first (r reopens it)")
        var vi = closedSelected(language: .vi)
        press(&vi, .char("a"))
        #expect(vi.statusText == "tin báo A-0006 đã đóng; hãy mở lại trước (nhấn r để mở lại)")
        #expect(Keymaps.keyLabel(of: .reopen, in: Keymaps.alerts) == "r")
        #expect(Keymaps.keyLabel(of: .reopen, in: Keymaps.detail) == "r")
    }
}

/// Issue 14, item 6: the help overlay's "about" part cites the letter and Directive
/// 28/CT-TTg (17/09/2016), the basis its item 1 names, in both languages.
@Suite struct HelpAboutTests {
    @Test func theAboutPartCitesTheLetterAndDirective28InBothLanguages() {
        for (language, needles) in [
            (Language.en, ["About", "letter 4237/TCHQ-ĐTCBL", "Directive 28/CT-TTg of 17/09/2016", "ICT (UTC+7)"]),
            (
                .vi,
                ["Giới thiệu", "công văn 4237/TCHQ-ĐTCBL", "Chỉ thị 28/CT-TTg ngày 17/09/2016", "mục 1 của công văn"]
            ),
        ] {
            var s = makeState(morningLog(), language: language, width: 160, height: 48)
            press(&s, .char("?"))
            let text = s.helpLines(width: 150).map(\.text).joined(separator: " ")
            let flat = text.split(separator: " ").joined(separator: " ")
            for n in needles { #expect(flat.contains(n), "\(language): \(n)") }
        }
    }
}
