import DutyDeskDomain
import DutyDeskJSON
import Testing

@Suite struct LifecycleTests {
    func received() -> Harness {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails()))
        return h
    }

    @Test func receiveNumbersAlertsAndKeepsDetails() {
        var h = received()
        h.ok(.receiveAlert(sampleDetails(.critical)))
        #expect(h.state.alerts.keys.sorted() == ["A-0001", "A-0002"])
        let a = h.state.alerts["A-0001"]!
        #expect(a.status == .received)
        #expect(a.details.quantity == [Measure(amount: "50", unit: "pieces"), Measure(amount: "72", unit: "kg")])
        #expect(h.state.awaitingAcknowledgement == ["A-0001", "A-0002"])
        #expect(h.state.sortedAlertIDs == ["A-0002", "A-0001"])  // critical first
        #expect(h.refused(.receiveAlert(sampleDetails(), alertID: "A-0001")) == .alertExists("A-0001"))
    }

    @Test func fullLifecycleRecordsActorAndTime() {
        var h = received()
        h.advance(seconds: 60)
        h.ok(.acknowledge(alertID: "A-0001"), as: "officer.minh")
        h.ok(.assign(alertID: "A-0001", to: Assignee(kind: .partner, id: "border_guard")), as: "officer.minh")
        h.ok(.escalate(alertID: "A-0001", to: .division1, reason: "network"), as: "officer.minh")
        h.ok(.escalate(alertID: "A-0001", to: .coordinationBoard), as: "officer.minh")
        h.ok(.addNote(alertID: "A-0001", text: "Đã soi chiếu"), as: "officer.lan")
        h.advance(seconds: 3600)
        h.ok(
            .close(
                alertID: "A-0001",
                disposition: .seized(
                    commodity: "rhino horn", species: [],
                    quantity: [Measure(amount: "50", unit: "pieces"), Measure(amount: "72", unit: "kg")])),
            as: "officer.minh")
        let a = h.state.alerts["A-0001"]!
        #expect(a.status == .closed)
        #expect(a.lifecycle.owner == "officer.minh")
        #expect(a.lifecycle.acknowledgedAt == ts("2021-09-01T08:01:00+07:00"))
        #expect(a.lifecycle.assignee == Assignee(kind: .partner, id: "border_guard"))
        #expect(a.lifecycle.escalations == [.division1, .coordinationBoard])
        #expect(a.lifecycle.closedAt == ts("2021-09-01T09:01:00+07:00"))
        #expect(a.notes.map(\.text) == ["Đã soi chiếu"])
        #expect(
            a.timeline.map(\.type) == [
                "alert.received", "alert.acknowledged", "alert.assigned", "alert.escalated",
                "alert.escalated", "alert.note_added", "alert.closed",
            ])
        #expect(
            a.timeline.map(\.actor) == [
                "officer.lan", "officer.minh", "officer.minh", "officer.minh", "officer.minh",
                "officer.lan", "officer.minh",
            ])
        #expect(h.state.seizures["A-0001"] == ts("2021-09-01T09:01:00+07:00"))
        #expect(h.state.awaitingAcknowledgement.isEmpty)
    }

    @Test func invalidTransitionsAreRefusedWithAReason() {
        var h = received()
        #expect(h.refused(.acknowledge(alertID: "A-0099")) == .noAlert("A-0099"))
        #expect(
            h.refused(.assign(alertID: "A-0001", to: Assignee(kind: .unit, id: "HQHN")))
                == .notAcknowledged("A-0001", before: .assign))
        #expect(
            h.refused(.escalate(alertID: "A-0001", to: .division1))
                == .notAcknowledged("A-0001", before: .escalate))
        #expect(
            h.refused(.snooze(alertID: "A-0001", until: h.now.adding(seconds: 600)))
                == .notAcknowledged("A-0001", before: .snooze))
        #expect(
            h.refused(.close(alertID: "A-0001", disposition: .noFinding))
                == .notAcknowledged("A-0001", before: .close))
        #expect(h.refused(.reopen(alertID: "A-0001", reason: "x")) == .notClosed("A-0001", status: .received))
        h.ok(.acknowledge(alertID: "A-0001"))
        #expect(
            h.refused(.acknowledge(alertID: "A-0001"), as: "officer.minh")
                == .alreadyAcknowledged("A-0001", by: "officer.lan"))
        #expect(h.refused(.assign(alertID: "A-0001", to: Assignee(kind: .unit, id: "NOPE"))) == .unknownUnit("NOPE"))
        #expect(
            h.refused(.assign(alertID: "A-0001", to: Assignee(kind: .partner, id: "navy")))
                == .unknownPartner("navy"))
        #expect(
            h.refused(.snooze(alertID: "A-0001", until: h.now))
                == .snoozeNotInFuture(until: h.now))
        #expect(h.refused(.addNote(alertID: "A-0001", text: "  ")) == .empty(.note))
        #expect(
            h.refused(.close(alertID: "A-0001", disposition: .seized(commodity: "ivory", species: [], quantity: [])))
                == .seizureNeedsQuantity)
        #expect(
            h.refused(
                .close(
                    alertID: "A-0001",
                    disposition: .seized(commodity: "", species: [], quantity: [Measure(amount: "1", unit: "kg")])))
                == .seizureNeedsCommodity)
        #expect(
            h.refused(
                .close(
                    alertID: "A-0001",
                    disposition: .seized(
                        commodity: "ivory", species: [], quantity: [Measure(amount: "1,5", unit: "kg")])))
                == .badQuantity("1,5"))
        #expect(
            h.refused(.close(alertID: "A-0001", disposition: .duplicateOf("A-0001")))
                == .duplicateOfItself("A-0001"))
        #expect(h.refused(.close(alertID: "A-0001", disposition: .duplicateOf("A-0077"))) == .noAlert("A-0077"))
        #expect(
            h.refused(.close(alertID: "A-0001", disposition: .referredToPartner("navy")))
                == .unknownPartner("navy"))
        h.ok(.escalate(alertID: "A-0001", to: .division1))
        #expect(
            h.refused(.escalate(alertID: "A-0001", to: .division1)) == .alreadyEscalated("A-0001", to: .division1)
        )
        h.ok(.close(alertID: "A-0001", disposition: .falseAlarm))
        #expect(h.refused(.acknowledge(alertID: "A-0001")) == .alertClosed("A-0001"))
        #expect(
            h.refused(.assign(alertID: "A-0001", to: Assignee(kind: .officer, id: "x")))
                == .alertClosed("A-0001"))
        #expect(
            h.refused(.close(alertID: "A-0001", disposition: .noFinding)) == .alertClosed("A-0001"))
        #expect(h.refused(.reopen(alertID: "A-0001", reason: "")) == .empty(.reopenReason))
        // Notes stay possible on a closed alert.
        h.ok(.addNote(alertID: "A-0001", text: "lessons learnt"))
    }

    @Test func receiveValidation() {
        var h = Harness()
        var d = sampleDetails()
        d.source = AlertSource(kind: .memberCountry)
        #expect(h.refused(.receiveAlert(d)) == .countryCodeNeeded)
        d = sampleDetails()
        d.subject = " "
        #expect(h.refused(.receiveAlert(d)) == .empty(.alertSubject))
        d = sampleDetails()
        d.responsibleUnit = "XX"
        #expect(h.refused(.receiveAlert(d)) == .unknownUnit("XX"))
        d = sampleDetails()
        d.species = [Species(scientificName: "Manis javanica", citesAppendix: "IV")]
        #expect(h.refused(.receiveAlert(d)) == .badCitesAppendix("IV", species: "Manis javanica"))
        #expect(h.state.alerts.isEmpty)
    }

    @Test func snoozeReturnsToTheQueueWhenItEnds() {
        var h = received()
        h.ok(.acknowledge(alertID: "A-0001"))
        let until = h.now.adding(seconds: 1800)
        h.ok(.snooze(alertID: "A-0001", until: until))
        let a = h.state.alerts["A-0001"]!
        #expect(a.status == .acknowledged)
        #expect(a.isSnoozed(at: h.now))
        #expect(a.displayStatus(at: h.now) == .snoozed)
        #expect(!a.isSnoozed(at: until))
        #expect(a.displayStatus(at: until) == .acknowledged)
        let snoozed = AlertFilter(statuses: [.snoozed])
        #expect(snoozed.matches(a, now: h.now))
        #expect(!snoozed.matches(a, now: until))
        #expect(!snoozed.matches(a))
        #expect(AlertFilter(statuses: [.acknowledged]).matches(a))
    }

    @Test func duplicateLinksFollowCloseReopenAndUndo() {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails()))
        h.ok(.receiveAlert(sampleDetails()))
        h.ok(.acknowledge(alertID: "A-0002"))
        h.ok(.close(alertID: "A-0002", disposition: .duplicateOf("A-0001")))
        #expect(h.state.alerts["A-0001"]!.duplicates == ["A-0002"])
        h.ok(.reopen(alertID: "A-0002", reason: "not the same shipment"))
        #expect(h.state.alerts["A-0001"]!.duplicates.isEmpty)
        h.ok(.undo)
        #expect(h.state.alerts["A-0001"]!.duplicates == ["A-0002"])
        #expect(h.state.alerts["A-0002"]!.lifecycle.mergedInto == "A-0001")
    }

    @Test func reopenGivesOwnershipToTheReopener() {
        var h = received()
        h.ok(.acknowledge(alertID: "A-0001"))
        h.ok(.close(alertID: "A-0001", disposition: .noFinding))
        h.ok(.reopen(alertID: "A-0001", reason: "new passenger list"), as: "officer.hoa")
        let a = h.state.alerts["A-0001"]!
        #expect(a.status == .acknowledged)
        #expect(a.lifecycle.owner == "officer.hoa")
        #expect(a.lifecycle.disposition == nil)
    }

    @Test func mergeClosesTheDuplicateAndLinksIt() {
        var h = received()
        h.ok(.receiveAlert(sampleDetails(.low)))
        h.ok(.merge(duplicate: "A-0002", into: "A-0001"))
        #expect(h.state.alerts["A-0002"]!.status == .closed)
        #expect(h.state.alerts["A-0002"]!.lifecycle.disposition == .duplicateOf("A-0001"))
        #expect(h.state.alerts["A-0002"]!.lifecycle.mergedInto == "A-0001")
        #expect(h.state.alerts["A-0001"]!.duplicates == ["A-0002"])
        #expect(h.refused(.merge(duplicate: "A-0001", into: "A-0001")) == .mergeIntoItself("A-0001"))
        #expect(
            h.refused(.merge(duplicate: "A-0002", into: "A-0001"))
                == .alertMergedClosed("A-0002", into: "A-0001"))
        h.ok(.receiveAlert(sampleDetails(.low)))
        #expect(
            h.refused(.merge(duplicate: "A-0003", into: "A-0002"))
                == .survivorMerged("A-0002", into: "A-0001"))
    }
}

@Suite struct DuplicateChainTests {
    /// Closing as a duplicate of an alert that is itself a duplicate is refused, as a merge
    /// into one is: duplicates never form a cycle with no surviving alert.
    @Test func aDuplicateOfADuplicateIsRefused() {
        var h = Harness()
        for _ in 0..<3 { h.ok(.receiveAlert(sampleDetails())) }
        h.ok(.merge(duplicate: "A-0001", into: "A-0002"))
        h.ok(.merge(duplicate: "A-0002", into: "A-0003"))
        h.ok(.acknowledge(alertID: "A-0003"))
        #expect(
            h.refused(.close(alertID: "A-0003", disposition: .duplicateOf("A-0001")))
                == .survivorMerged("A-0001", into: "A-0002"))
        #expect(h.state.alerts["A-0003"]?.lifecycle.status == .acknowledged)
    }
}

@Suite struct AssigneeIDTests {
    /// An officer named as assignee is one line of text, as an actor is.
    @Test func anAssigneeOfficerIDWithAControlCharacterIsRefused() {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails()))
        h.ok(.acknowledge(alertID: "A-0001"))
        #expect(
            h.refused(.assign(alertID: "A-0001", to: Assignee(kind: .officer, id: "x\u{1B}]0;X\u{07}")))
                == .officerIDControl("U+001B"))
        h.ok(.assign(alertID: "A-0001", to: Assignee(kind: .officer, id: "hq.hn.minh")))
    }
}

@Suite struct ConcurrentWriterTests {
    /// Two processes decided against the same state; the log holds both events. The
    /// projection applies the first and skips the one that no longer fits, counting it.
    /// A snooze decided on a view that had not seen the close (issue 10, item 5): kept as a
    /// conflict naming both events, the alert stays closed and unchanged.
    @Test func aLateActionOnAnUnseenCloseIsAConflictAndDoesNotReopen() {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails()))
        h.ok(.acknowledge(alertID: "A-0001"))
        let stale = h.state
        h.ok(.close(alertID: "A-0001", disposition: .falseAlarm))
        guard
            case .success(let proposed) = decide(
                .snooze(alertID: "A-0001", until: h.now.adding(seconds: 60)), state: stale,
                actor: "officer.minh", now: h.now, newID: { "late" })
        else {
            Issue.record("the stale state should accept the snooze")
            return
        }
        var s = h.state
        s.apply(RecordedEvent(proposed[0], seq: 99, at: h.now, actor: "officer.minh"))
        #expect(s.skippedCount == 0)
        let a = s.alerts["A-0001"]
        #expect(a?.lifecycle == h.state.alerts["A-0001"]?.lifecycle)
        #expect(a?.conflicts.count == 1)
        #expect(a?.conflicts.first?.kind == .afterClose)
        #expect(a?.conflicts.first?.event.seq == 99)
        #expect(a?.conflicts.first?.event.actor == "officer.minh")
        #expect(a?.conflicts.first?.standing.type == EventType.alertClosed)
        #expect(a?.timeline.last?.seq == 99)
        #expect(s.lastSeq == 99)
    }

    /// A record written before seen marks that acts on an alert it must have seen closed
    /// is still skipped, as before issue 10.
    @Test func anOldRecordActingOnAClosedAlertIsSkipped() {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails()))
        h.ok(.acknowledge(alertID: "A-0001"))
        h.ok(.close(alertID: "A-0001", disposition: .falseAlarm))
        var s = h.state
        let old = DomainEvent.alertSnoozed(AlertSnoozed(alertID: "A-0001", until: h.now.adding(seconds: 60)))
        s.apply(RecordedEvent(ProposedEvent(old, id: "old"), seq: 99, at: h.now, actor: "officer.minh"))
        #expect(s.skippedCount == 1)
        #expect(s.lastSkipReason == "alert.snoozed for alert A-0001 that is closed")
        #expect(s.alerts["A-0001"]?.lifecycle == h.state.alerts["A-0001"]?.lifecycle)
        #expect(s.alerts["A-0001"]?.conflicts.isEmpty == true)
    }
}

@Suite struct UndoTests {
    @Test func undoAcknowledgementReturnsTheAlertToTheQueue() {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails()))
        h.ok(.acknowledge(alertID: "A-0001"))
        h.ok(.undo)
        let a = h.state.alerts["A-0001"]!
        #expect(a.status == .received)
        #expect(a.lifecycle.owner == nil)
        #expect(h.state.awaitingAcknowledgement == ["A-0001"])
        #expect(h.events.last?.type == "alert.action_undone")
        #expect(h.events.last?.payload["undoes"]?.stringValue == h.events[1].id)
        #expect(h.refused(.undo) == .nothingToUndo(actor: "officer.lan"))
        // The undone acknowledgement stays in the history: nothing was edited.
        #expect(h.events.map(\.type) == ["alert.received", "alert.acknowledged", "alert.action_undone"])
    }

    @Test func undoCloseRestoresTheStateBefore() {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails()))
        h.ok(.acknowledge(alertID: "A-0001"))
        h.ok(.assign(alertID: "A-0001", to: Assignee(kind: .unit, id: "HQHN")))
        let before = h.state.alerts["A-0001"]!.lifecycle
        h.ok(
            .close(
                alertID: "A-0001",
                disposition: .seized(commodity: "ivory", species: [], quantity: [Measure(amount: "3", unit: "kg")])))
        #expect(h.state.seizures["A-0001"] != nil)
        h.ok(.undo)
        #expect(h.state.alerts["A-0001"]!.lifecycle == before)
        #expect(h.state.seizures["A-0001"] == nil)
    }

    /// Issue 14, item 4: the seizure time as entered, not when close was pressed: stored with
    /// its offset, the rapid report's deadline counts from it, the snapshot keeps it, and
    /// reopen and undo take it away with the seizure.
    @Test func theSeizureTimeIsAsEntered() throws {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails()))
        h.ok(.acknowledge(alertID: "A-0001"))
        h.advance(seconds: 5 * 3600)  // 13:00 ICT; seized at 09:30 ICT, entered in UTC
        let seized = Disposition.seized(commodity: "ivory", species: [], quantity: [Measure(amount: "3", unit: "kg")])
        let at = ts("2021-09-01T02:30:00Z")
        #expect(
            h.refused(.close(alertID: "A-0001", disposition: seized, seizedAt: ts("2021-09-01T13:00:01+07:00")))
                == .seizureInFuture(at: ts("2021-09-01T13:00:01+07:00")))
        #expect(
            h.refused(.close(alertID: "A-0001", disposition: .noFinding, seizedAt: at)) == .seizureTimeWithoutSeizure)
        #expect(
            h.refused(.close(alertID: "A-0001", disposition: seized, seizedAt: ts("1899-12-31T00:00:00Z")))
                == .timeOutsideWindow(field: "seized_at", time: ts("1899-12-31T00:00:00Z")))
        h.ok(.close(alertID: "A-0001", disposition: seized, seizedAt: at))
        #expect(h.events.last?.payload["seized_at"]?.stringValue == "2021-09-01T02:30:00Z")
        let l = h.state.alerts["A-0001"]!.lifecycle
        #expect(l.seizedAt == at && l.closedAt == ts("2021-09-01T13:00:00+07:00") && l.seizureInstant == at)
        #expect(h.state.seizures["A-0001"] == at)
        let back = try CampaignState(snapshotBody: h.state.snapshotBody(), campaign: testCampaign)
        #expect(back.alerts["A-0001"]?.lifecycle == l && back.seizures["A-0001"] == at)
        #expect(back.alerts["A-0001"]?.timeline == h.state.alerts["A-0001"]?.timeline)
        h.ok(.undo)
        #expect(h.state.alerts["A-0001"]!.lifecycle.seizedAt == nil && h.state.seizures["A-0001"] == nil)
        // Without a time entered, the seizure is when the alert was closed, recorded in the
        // event: a copy on another desk (another envelope time) states the same seizure.
        h.ok(.close(alertID: "A-0001", disposition: seized))
        #expect(h.state.seizures["A-0001"] == ts("2021-09-01T13:00:00+07:00"))
        #expect(h.events.last?.payload["seized_at"]?.stringValue == "2021-09-01T13:00:00+07:00")
        h.ok(.reopen(alertID: "A-0001", reason: "r"))
        #expect(h.state.alerts["A-0001"]!.lifecycle.seizureInstant == nil)
    }

    @Test func undoIsRefusedAfterSomeoneElseChangedTheAlert() {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails()))
        h.ok(.acknowledge(alertID: "A-0001"), as: "officer.lan")
        h.ok(.assign(alertID: "A-0001", to: Assignee(kind: .officer, id: "officer.hoa")), as: "officer.minh")
        #expect(
            h.refused(.undo, as: "officer.lan")
                == .undoOutdated(
                    alertID: "A-0001", yourAction: "alert.acknowledged",
                    lastChange: .init(type: "alert.assigned", actor: "officer.minh"))
        )
        h.ok(.undo, as: "officer.minh")
        #expect(h.state.alerts["A-0001"]!.status == .acknowledged)
    }

    @Test func undoOnAnAlertIsRefusedUnlessYourLastActionWasOnIt() {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails()))
        h.ok(.receiveAlert(sampleDetails()))
        h.ok(.acknowledge(alertID: "A-0002"))
        #expect(
            h.refused(.undoOn(alertID: "A-0001"))
                == .lastActionElsewhere(alertID: "A-0001", lastOn: "A-0002", yourAction: "alert.acknowledged"))
        #expect(h.refused(.undoOn(alertID: "A-0001"), as: "officer.minh") == .nothingToUndo(actor: "officer.minh"))
        h.ok(.undoOn(alertID: "A-0002"))
        #expect(h.state.alerts["A-0002"]!.status == .received)
        // A merge is on both alerts: either id names it.
        h.ok(.merge(duplicate: "A-0002", into: "A-0001"))
        h.ok(.undoOn(alertID: "A-0001"))
        #expect(h.state.alerts["A-0002"]!.status == .received)
    }

    @Test func undoNoteRetractsIt() {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails()))
        h.ok(.addNote(alertID: "A-0001", text: "wrong alert"))
        h.ok(.undo)
        #expect(h.state.alerts["A-0001"]!.notes.first?.retracted == true)
        #expect(h.refused(.undo) == .nothingToUndo(actor: "officer.lan"))
    }

    @Test func undoMergeUnlinks() {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails()))
        h.ok(.receiveAlert(sampleDetails()))
        h.ok(.merge(duplicate: "A-0002", into: "A-0001"))
        h.ok(.undo)
        #expect(h.state.alerts["A-0002"]!.status == .received)
        #expect(h.state.alerts["A-0002"]!.lifecycle.mergedInto == nil)
        #expect(h.state.alerts["A-0001"]!.duplicates.isEmpty)
    }
}

@Suite struct VerificationAndReportTests {
    @Test func outgoingRequestsAreRoutedThroughDivision1() {
        var h = Harness()
        h.ok(.openVerification(direction: .outgoing, counterpart: "TH", subject: "Consignor of container MSKU1234567"))
        let v = h.state.verifications["V-0001"]!
        #expect(v.routedVia == "DTCBL-P1")
        #expect(v.dueAt == ts("2021-09-08T08:00:00+07:00"))  // practice: 7 days
        #expect(v.status == .open)
        h.ok(.replyVerification(requestID: "V-0001", summary: "Company registered in Bangkok"))
        #expect(h.state.verifications["V-0001"]!.status == .answered)
        #expect(
            h.refused(.replyVerification(requestID: "V-0001", summary: "again"))
                == .requestNotOpen("V-0001", status: .answered))
        h.ok(.closeVerification(requestID: "V-0001"))
        #expect(h.refused(.closeVerification(requestID: "V-0001")) == .requestAlreadyClosed("V-0001"))
        #expect(h.refused(.replyVerification(requestID: "V-0404", summary: "x")) == .noRequest("V-0404"))
    }

    @Test func incomingBacklogBackTo2018() {
        var h = Harness()
        h.ok(
            .openVerification(
                direction: .incoming, counterpart: "INTERPOL", subject: "Ivory seizure Hải Phòng 2018",
                caseDate: ts("2018-03-14T00:00:00+07:00"), openedAt: ts("2018-04-02T09:00:00+07:00"),
                due: ts("2018-05-02T09:00:00+07:00")))
        let v = h.state.verifications["V-0001"]!
        #expect(v.routedVia == nil)
        #expect(v.caseDate == ts("2018-03-14T00:00:00+07:00"))
        #expect(
            h.refused(.openVerification(direction: .incoming, counterpart: "ZA", subject: "x", linkedAlert: "A-0404"))
                == .linkedAlertMissing("A-0404"))
        #expect(
            h.refused(
                .openVerification(direction: .incoming, counterpart: "ZA", subject: "x", openedAt: h.now, due: h.now))
                == .dueNotAfterOpening(due: h.now, opened: h.now))
    }

    @Test func nominationsAndReports() {
        var h = Harness()
        h.ok(.nominateFocalOfficer(unit: "HQHN", name: "Trần Thị Lan", position: "Kiểm soát viên", phone: "0912345678"))
        #expect(h.state.nominations["HQHN"]?.name == "Trần Thị Lan")
        #expect(h.state.nominationProgress == (1, 35))
        #expect(
            h.refused(.nominateFocalOfficer(unit: "DTCBL-P1", name: "x", position: "y", phone: "z"))
                == .notProvincialDepartment("DTCBL-P1"))
        #expect(
            h.refused(.nominateFocalOfficer(unit: "HQHN", name: "", position: "y", phone: "z"))
                == .empty(.focalOfficerName))
        #expect(
            h.refused(.submitReport(kind: .rapid, alertID: "A-0001"))
                == .noSeizureToReport(alertID: "A-0001"))
        #expect(h.refused(.submitReport(kind: .rapid)) == .rapidReportNeedsAlert)
        #expect(h.refused(.submitReport(kind: .daily, day: "2021-09-07")) == .notCampaignDay("2021-09-07"))
        h.ok(.submitReport(kind: .daily))
        #expect(h.state.dailyReports["2021-09-01"] != nil)
        h.ok(.submitReport(kind: .final))
        #expect(h.state.finalReport != nil)
    }
}
