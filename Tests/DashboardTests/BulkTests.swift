import DutyDeskDomain
import DutyDeskJSON
import TerminalKit
import Testing

@testable import Dashboard

/// Makes the appends of `fx` durable as the log would (next seqs, the dashboard's clock,
/// actor `by`) and feeds them back; returns the stored records.
@discardableResult
func settle(_ s: inout AppState, _ fx: [Effect], by actor: String = "lan.nguyen") -> [RecordedEvent] {
    var out: [RecordedEvent] = []
    for (id, events) in appends(fx) {
        let seq = s.lastAppliedSeq
        let records = events.enumerated().map { i, e in
            RecordedEvent(seq: seq + i + 1, id: e.id, type: e.type, at: s.now, actor: actor, payload: e.payload)
        }
        _ = update(&s, .appendSucceeded(requestID: id, records: records))
        out += records
    }
    return out
}

/// The confirmation's question, as the box shows it (wrapped there).
func question(_ s: AppState) -> String { s.confirm.map { s.strings.bulkQuestion($0) } ?? "" }

/// The screen as text, one line per row.
func screen(_ s: AppState) -> String { view(s).snapshot() }

/// Acting on many alerts (issue 13, item 5): marks, one confirmation that counts and names,
/// one event per alert in one append, an undo that undoes all of it.
@Suite struct BulkActionTests {
    @Test func spaceMarksAndMovesOnAgainUnmarks() {
        var s = makeState(morningLog())
        press(&s, .char(" "))
        #expect(s.markedAlerts == ["A-0001"])
        #expect(s.selectedAlert == "A-0002")
        press(&s, .char(" "), .char("k"), .char(" "))
        #expect(s.markedAlerts == ["A-0001"], "A-0002 marked then unmarked")
        #expect(view(s).rowText(1).contains("1 marked"))
        #expect(view(s).rowText(3).hasPrefix("┃✓"), "\(view(s).rowText(3))")
        press(&s, .char("-"))
        #expect(s.markedAlerts.isEmpty)
        #expect(!view(s).rowText(1).contains("marked"))
    }

    @Test func starMarksEveryShownAlertAndTheFilterNarrowsIt() {
        var s = makeState(morningLog())
        press(&s, .char("/"))
        type(&s, "ivory")
        press(&s, .enter)
        press(&s, .char("*"))
        #expect(s.markedAlerts == ["A-0005"], "only the alerts the filter shows")
        press(&s, .escape)  // clears the filter
        press(&s, .char("*"))
        #expect(s.markedAlerts.count == 7)
        press(&s, .escape)  // nothing else to go back from: clears the marks
        #expect(s.markedAlerts.isEmpty)
    }

    @Test func bulkAcknowledgementConfirmsCountsAndSendsOneBatch() {
        var s = makeState(morningLog())
        press(&s, .char("*"))
        #expect(appends(press(&s, .char("a"))).isEmpty, "nothing is sent before the confirmation")
        #expect(s.isConfirming)
        #expect(screen(s).contains("Acknowledge 4 alerts"))
        let text = question(s)
        #expect(text.contains("7 alerts marked: 4 will be acknowledged"), "\(text)")
        #expect(text.contains("2 already are (A-0007, A-0003)"), "\(text)")
        #expect(text.contains("1 is closed (A-0006)"), "\(text)")
        let fx = press(&s, .char("y"))
        let ap = appends(fx)
        #expect(ap.count == 1, "one append: the log keeps all of it or none")
        #expect(ap.first?.1.map(\.type) == Array(repeating: "alert.acknowledged", count: 4))
        #expect(
            ap.first?.1.compactMap { $0.payload["alert_id"]?.stringValue } == ["A-0001", "A-0002", "A-0004", "A-0005"])
        #expect(s.markedAlerts.isEmpty, "sent: the marks are cleared")
        #expect(!s.isConfirming)
        settle(&s, fx)
        for id in ["A-0001", "A-0002", "A-0004", "A-0005"] {
            #expect(s.domain.alerts[id]?.status == .acknowledged, "\(id)")
        }
        #expect(s.statusText == "Acknowledge 4 alerts: done")
    }

    @Test func anyOtherKeyCancelsAndKeepsTheMarks() {
        var s = makeState(morningLog())
        press(&s, .char(" "), .char(" "), .char("a"))
        #expect(s.isConfirming)
        #expect(appends(press(&s, .char("j"))).isEmpty)
        #expect(!s.isConfirming)
        #expect(s.markedAlerts == ["A-0001", "A-0002"])
        #expect(s.selectedAlert == "A-0004", "the cancelling key does nothing else")
        #expect(s.statusText?.contains("Cancelled") == true)
    }

    @Test func nothingToConfirmWhenEveryMarkedAlertIsLeftOut() {
        var s = makeState(morningLog())
        press(&s, .char("j"), .char("j"), .char("j"), .char(" "), .char(" "))  // A-0007, A-0003
        #expect(appends(press(&s, .char("a"))).isEmpty)
        #expect(!s.isConfirming)
        #expect(
            s.statusText?.contains("none of the 2 alerts: 2 already are (A-0007, A-0003)") == true,
            "\(s.statusText ?? "")")
    }

    @Test func aFormFilledOnceActsOnEveryMarkedAlert() {
        var s = makeState(morningLog())
        press(&s, .char(" "))  // A-0001, new
        press(&s, .char("j"), .char("j"), .char(" "), .char(" "))  // A-0007, A-0003
        press(&s, .char("s"))
        #expect(s.openFormKind == .assign)
        #expect(screen(s).contains("Assign · 3 alerts"))
        type(&s, "lang son")
        #expect(appends(press(&s, .enter)).isEmpty)
        #expect(!s.isFormOpen)
        #expect(s.isConfirming)
        let text = question(s)
        #expect(text.contains("2 will be assigned; 1 is not acknowledged yet (A-0001)"), "\(text)")
        let ap = appends(press(&s, .char("y")))
        #expect(ap.count == 1)
        #expect(ap.first?.1.map(\.type) == ["alert.assigned", "alert.assigned"])
        #expect(ap.first?.1.compactMap { $0.payload["alert_id"]?.stringValue } == ["A-0007", "A-0003"])
        #expect(ap.first?.1.allSatisfy { $0.payload["assignee"]?["id"]?.stringValue == "HQLS" } == true)
    }

    @Test func aBulkFormEveryAlertRefusesKeepsItsInput() {
        var s = makeState(morningLog())
        press(&s, .char(" "), .char(" "))  // A-0001, A-0002: both new
        press(&s, .char("n"))
        type(&s, "gọi lại")
        #expect(appends(press(&s, .enter)).isEmpty)
        #expect(s.isConfirming, "a note needs no acknowledgement")
        press(&s, .escape)
        // Closing two unacknowledged alerts: every one is refused, the form stays with its input.
        press(&s, .char("c"), .right)  // no finding
        let before = s.form?.fields.map(\.choice)
        #expect(appends(press(&s, .enter)).isEmpty)
        #expect(s.isFormOpen)
        #expect(
            s.form?.error?.contains("2 are not acknowledged yet (A-0001, A-0002)") == true, "\(s.form?.error ?? "")")
        #expect(s.form?.fields.map(\.choice) == before)
    }

    @Test func theUndoOfABulkActionUndoesAllOfItAndRedoDoesItAgain() {
        var s = makeState(morningLog())
        press(&s, .char("*"), .char("a"))
        settle(&s, press(&s, .char("y")))
        let acked = ["A-0001", "A-0002", "A-0004", "A-0005"]
        let fx = press(&s, .char("u"))
        let ap = appends(fx)
        #expect(ap.count == 1)
        #expect(ap.first?.1.map(\.type) == Array(repeating: "alert.action_undone", count: 4))
        #expect(Set(ap.first?.1.compactMap { $0.payload["alert_id"]?.stringValue } ?? []) == Set(acked))
        #expect(view(s).rowText(23).contains("Undo: Acknowledge 4 alerts"))
        settle(&s, fx)
        for id in acked { #expect(s.domain.alerts[id]?.status == .received, "\(id)") }
        #expect(s.statusText == "Undo: Acknowledge 4 alerts: done")
        // Redo: the same acknowledgements again, one batch; then undo reaches them again.
        let redo = press(&s, .ctrl("r"))
        #expect(appends(redo).first?.1.map(\.type) == Array(repeating: "alert.acknowledged", count: 4))
        settle(&s, redo)
        for id in acked { #expect(s.domain.alerts[id]?.status == .acknowledged, "\(id)") }
        #expect(s.statusText == "Redo: Acknowledge 4 alerts: done")
        settle(&s, press(&s, .char("u")))
        for id in acked { #expect(s.domain.alerts[id]?.status == .received, "\(id)") }
    }
}

/// The undo stack (issue 13, item 6): several levels, each named; redo; a new action ends redo.
@Suite struct UndoStackTests {
    @Test func undoGoesBackSeveralLevelsAndNamesEach() {
        var s = makeState(morningLog())
        settle(&s, press(&s, .char("a")))  // A-0001
        press(&s, .char("j"))
        settle(&s, press(&s, .char("a")))  // A-0002
        press(&s, .char("j"), .char("j"), .char("j"))  // A-0003 (acknowledged by lan.nguyen)
        press(&s, .char("n"))
        type(&s, "soi chiếu xong")
        settle(&s, press(&s, .enter))
        #expect(s.domain.alerts["A-0003"]?.notes.count == 2)
        settle(&s, press(&s, .char("u")))
        #expect(s.statusText == "Undo: Add note A-0003: done")
        #expect(s.domain.alerts["A-0003"]?.notes.last?.retracted == true)
        settle(&s, press(&s, .char("u")))
        #expect(s.statusText == "Undo: Acknowledge A-0002: done")
        #expect(s.domain.alerts["A-0002"]?.status == .received)
        #expect(s.domain.alerts["A-0001"]?.status == .acknowledged)
        settle(&s, press(&s, .char("u")))
        #expect(s.statusText == "Undo: Acknowledge A-0001: done")
        #expect(s.domain.alerts["A-0001"]?.status == .received)
        // Two redos, in the order undone last first.
        settle(&s, press(&s, .ctrl("r")))
        #expect(s.domain.alerts["A-0001"]?.status == .acknowledged)
        settle(&s, press(&s, .ctrl("r")))
        #expect(s.domain.alerts["A-0002"]?.status == .acknowledged)
        // A new action ends the redo list.
        press(&s, .char("g"))
        press(&s, .char("n"))
        type(&s, "x")
        settle(&s, press(&s, .enter))
        #expect(appends(press(&s, .ctrl("r"))).isEmpty)
        #expect(s.statusText == "Nothing to redo.")
    }

    @Test func anActionStillBeingWrittenIsNotUndoneYet() {
        var s = makeState(morningLog())
        _ = press(&s, .char("a"))
        #expect(appends(press(&s, .char("u"))).isEmpty)
        #expect(s.statusText?.contains("still being written") == true)
    }

    @Test func anUndoAnotherChangeMadeOutdatedIsRefusedAndDropped() {
        var b = morningLog()
        var s = makeState(b)
        let mine = settle(&s, press(&s, .char("a")))  // A-0001
        for r in mine { b.state.apply(r) }
        b.records += mine
        // Another officer assigns it after: undoing the acknowledgement would drop that.
        let theirs = b.run(
            .assign(alertID: "A-0001", to: Assignee(kind: .unit, id: "HQHP")), by: "hoa.le", at: "2021-09-01T08:00:00")
        _ = update(&s, .recordsAppended(theirs))
        #expect(appends(press(&s, .char("u"))).isEmpty)
        #expect(s.statusText?.hasPrefix("Cannot undo Acknowledge A-0001:") == true, "\(s.statusText ?? "")")
        // Dropped: the stack is empty, so u falls back to the log's own undo of the last action.
        #expect(s.undoStack.isEmpty)
    }

    @Test func aFailedAppendLeavesNothingToUndo() {
        var s = makeState(morningLog())
        let ap = appends(press(&s, .char("a")))
        _ = update(&s, .appendFailed(requestID: ap[0].0, message: "disk full"))
        #expect(s.undoStack.isEmpty)
    }
}

/// The new screens, EN and VI, at 80×24 and 160×48.
@Suite struct BulkSnapshotTests {
    static func marked(_ language: Language, _ w: Int, _ h: Int) -> AppState {
        var s = makeState(morningLog(), language: language, width: w, height: h)
        press(&s, .char(" "), .char(" "), .char("j"), .char(" "))  // A-0001, A-0002, A-0007
        return s
    }

    @Test(arguments: [(Language.en, 80, 24), (.vi, 80, 24), (.en, 160, 48), (.vi, 160, 48)])
    func marks(_ language: Language, _ w: Int, _ h: Int) {
        assertSnapshot(Self.marked(language, w, h), "marks-\(w)x\(h)-\(language.rawValue)")
    }

    @Test(arguments: [(Language.en, 80, 24), (.vi, 80, 24), (.en, 160, 48), (.vi, 160, 48)])
    func confirmation(_ language: Language, _ w: Int, _ h: Int) {
        var s = makeState(morningLog(), language: language, width: w, height: h)
        press(&s, .char("*"), .char("a"))
        assertSnapshot(s, "bulk-confirm-\(w)x\(h)-\(language.rawValue)")
    }

    @Test(arguments: [(Language.en, 80, 24), (.vi, 80, 24), (.en, 160, 48), (.vi, 160, 48)])
    func bulkForm(_ language: Language, _ w: Int, _ h: Int) {
        var s = Self.marked(language, w, h)
        press(&s, .char("z"))
        assertSnapshot(s, "bulk-form-\(w)x\(h)-\(language.rawValue)")
    }
}

/// Fewer dead ends (issue 13, item 6): a refusal known before a form is given before it; a
/// form's input survives a refusal.
@Suite struct RefusalBeforeFormTests {
    @Test func closingAnUnacknowledgedAlertOffersToAcknowledgeFirst() {
        var s = makeState(morningLog())
        #expect(s.selectedAlert == "A-0001")
        #expect(appends(press(&s, .char("c"))).isEmpty)
        #expect(!s.isFormOpen, "no form the domain would refuse once filled")
        #expect(s.isOfferingAcknowledgement)
        #expect(screen(s).contains("Acknowledge A-0001 now"))
        let ack = press(&s, .char("y"))
        #expect(appends(ack).first?.1.map(\.type) == ["alert.acknowledged"])
        #expect(s.openFormKind == .close, "the form opens once the acknowledgement is sent")
        settle(&s, ack)
        press(&s, .right)  // no finding
        let close = appends(press(&s, .enter))
        #expect(close.first?.1.map(\.type) == ["alert.closed"])
    }

    @Test func snoozingOffersTooAndAnyOtherKeyCancels() {
        var s = makeState(morningLog())
        press(&s, .char("z"))
        #expect(s.isOfferingAcknowledgement)
        #expect(appends(press(&s, .char("q"))).isEmpty, "q cancels the offer, it does not quit")
        #expect(!s.isOfferingAcknowledgement)
        #expect(!s.isFormOpen)
    }

    @Test func aClosedAlertIsRefusedBeforeTheForm() {
        var s = makeState(morningLog())
        press(&s, .char("G"))
        #expect(s.selectedAlert == "A-0006")
        press(&s, .char("c"))
        #expect(!s.isFormOpen)
        #expect(!s.isOfferingAcknowledgement)
        #expect(s.statusText?.contains("r reopens it") == true, "\(s.statusText ?? "")")
    }

    @Test func aFormsInputSurvivesARefusal() {
        var s = makeState(morningLog())
        press(&s, .char("j"), .char("j"), .char("j"))
        #expect(s.selectedAlert == "A-0007")  // assigned to HQQT already
        press(&s, .char("s"))
        #expect(s.isFormOpen)
        type(&s, "HQQT")
        #expect(appends(press(&s, .enter)).isEmpty)
        #expect(s.isFormOpen)
        #expect(s.form?.error?.contains("HQQT") == true, "\(s.form?.error ?? "")")
        #expect(s.form?.fields[0].editor.text.hasPrefix("HQQT") == true)
    }

    @Test(arguments: [(Language.en, 80, 24), (.vi, 80, 24), (.en, 160, 48), (.vi, 160, 48)])
    func offerSnapshot(_ language: Language, _ w: Int, _ h: Int) {
        var s = makeState(morningLog(), language: language, width: w, height: h)
        press(&s, .char("c"))
        assertSnapshot(s, "acknowledge-first-\(w)x\(h)-\(language.rawValue)")
    }
}

/// The report form (issue 13, item 6): every option of `dutydesk report submit`, and the
/// report named in words, never by an internal key.
@Suite struct ReportFormTests {
    @Test func aRapidReportIsNamedInWordsWithItsDocumentNumber() {
        var s = makeState(morningLog())
        press(&s, .char("3"), .char("j"), .char("d"))
        press(&s, .tab, .tab, .tab)  // alert (kept), unit (empty), document number
        type(&s, "123/BC-HQHCM")
        let fx = press(&s, .enter)
        let e = appends(fx).first?.1.first
        #expect(e?.payload["kind"]?.stringValue == "rapid")
        #expect(e?.payload["alert_id"]?.stringValue == "A-0006")
        #expect(e?.payload["reference"]?.stringValue == "123/BC-HQHCM")
        #expect(view(s).rowText(23).contains("Report submitted: Rapid report on seizure A-0006 · 123/BC-HQHCM"))
        settle(&s, fx)
        #expect(s.statusText == "Report submitted: Rapid report on seizure A-0006 · 123/BC-HQHCM: done")
        #expect(s.statusText?.contains("daily") == false)
    }

    @Test func aDailyUpdateTakesItsDayAsOfficersWriteItAndAUnit() {
        var s = makeState(morningLog(), language: .vi)
        press(&s, .char("3"), .char("d"))
        press(&s, .tab)
        #expect(s.form?.value(.reportDay) == "01/09/2021")
        press(&s, .ctrl("u"))
        type(&s, "02/09/2021")
        press(&s, .tab)
        type(&s, "HQQN")
        press(&s, .tab)
        let fx = press(&s, .enter)
        let e = appends(fx).first?.1.first
        #expect(e?.payload["day"]?.stringValue == "2021-09-02")
        #expect(e?.payload["unit"]?.stringValue == "HQQN")
        settle(&s, fx)
        #expect(s.statusText == "Đã nộp báo cáo: Cập nhật kết quả ngày 02/09: xong")
    }

    @Test func aDayThatIsNotADateStaysInTheForm() {
        var s = makeState(morningLog())
        press(&s, .char("3"), .char("d"), .tab, .ctrl("u"))
        type(&s, "2021-09-02")
        #expect(appends(press(&s, .enter)).isEmpty)
        #expect(s.form?.error?.contains("is not a date") == true)
        #expect(s.form?.value(.reportDay) == "2021-09-02")
    }

    @Test(arguments: [(Language.en, 80, 24), (.vi, 160, 48)])
    func reportFormSnapshot(_ language: Language, _ w: Int, _ h: Int) {
        var s = makeState(morningLog(), language: language, width: w, height: h)
        press(&s, .char("3"), .char("j"), .char("d"))
        assertSnapshot(s, "form-report-\(w)x\(h)-\(language.rawValue)")
    }
}

/// The detail view's timeline says what happened with its values (issue 13, item 6).
@Suite struct TimelineWordingTests {
    @Test(arguments: Language.allCases)
    func timelineLinesCarryTheirValues(_ language: Language) {
        var b = morningLog()
        b.run(
            .assign(alertID: "A-0003", to: Assignee(kind: .unit, id: "HQQN")), by: "officer.thu",
            at: "2021-09-01T07:40:00")
        b.run(
            .escalate(alertID: "A-0003", to: .division1, reason: "many parcels"), by: "officer.thu",
            at: "2021-09-01T07:41:00")
        b.run(
            .snooze(alertID: "A-0003", until: ict("2021-09-01T08:07:00")), by: "officer.thu", at: "2021-09-01T07:42:00")
        var s = makeState(b, language: language, width: 120, height: 60)
        press(&s, .char("j"), .char("j"), .char("j"), .char("j"))
        #expect(s.selectedAlert == "A-0003")
        press(&s, .enter)
        let text = screen(s)
        let en = language == .en
        #expect(text.contains(en ? "assigned to " : "giao cho "), "\(text)")
        #expect(text.contains(en ? "HQQN" : "HQQN"))
        #expect(text.contains(en ? "by officer.thu" : "(officer.thu)"))
        #expect(text.contains(en ? "escalated to Division 1" : "chuyển cấp tới Phòng 1"), "\(text)")
        // The reason, on the timeline and as a field.
        #expect(text.contains(en ? ": reason many parcels" : ": lý do many parcels"), "\(text)")
        #expect(text.contains(en ? "Escalation reason" : "Lý do chuyển cấp"), "\(text)")
        #expect(text.contains(en ? "snoozed until 2021-09-01 08:07" : "tạm hoãn đến 01/09/2021 08:07"), "\(text)")
        // Escalated and snoozed: both show.
        #expect(text.contains(en ? "Escalated to" : "Chuyển cấp tới"))
        #expect(text.contains(en ? "Snoozed until" : "Tạm hoãn đến"))
    }
}
