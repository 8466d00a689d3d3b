import DutyDeskDomain
import DutyDeskJSON
import Testing

/// Self-escalation (issue 13, item 1; decision 0017): the rule, the decision, the fold.
@Suite struct SelfEscalationTests {
    /// A high alert received 07:30 (acknowledge by 08:30, reminders every 15 min) under a
    /// campaign that escalates after `m` reminders.
    func received(after m: Int? = 2) -> Harness {
        var c = testCampaign
        c.selfEscalationAfterReminders = m
        var h = Harness()
        h.state = CampaignState(campaign: c)
        h.ok(.receiveAlert(sampleDetails(.high)))
        return h
    }

    @Test func offByDefault() {
        var h = received(after: nil)
        #expect(h.state.nextSelfEscalation("A-0001") == nil)
        h.now = ts("2021-09-01T12:00:00+07:00")
        #expect(h.refused(.selfEscalate(alertID: "A-0001"), as: "system") == .selfEscalationOff)
    }

    @Test func climbsTheLadderAfterEveryMRemindersAndLeavesTheAlertUnacknowledged() throws {
        var h = received()
        // Reminders at 08:30, 08:45; the third would come at 09:00: level 1 is due then.
        #expect(
            h.state.nextSelfEscalation("A-0001")
                == SelfEscalationStep(
                    target: .division1, afterReminders: 2, dueAt: ts("2021-09-01T09:00:00+07:00")))
        h.now = ts("2021-09-01T08:59:59+07:00")
        #expect(
            h.refused(.selfEscalate(alertID: "A-0001"), as: "system")
                == .selfEscalationNotDue("A-0001", at: ts("2021-09-01T09:00:00+07:00")))
        #expect(h.refused(.selfEscalate(alertID: "A-0001"), as: "officer.lan") == .selfEscalationBySystemOnly)
        h.now = ts("2021-09-01T09:00:00+07:00")
        let e = try #require(try h.run(.selfEscalate(alertID: "A-0001"), as: "system").get().first)
        #expect(e.type == "alert.escalated" && e.actor == "system")
        #expect(e.payload["after_reminders"]?.intValue == 2 && e.payload["target"]?.stringValue == "division_1")
        var a = try #require(h.state.alerts["A-0001"])
        #expect(a.status == .received && a.lifecycle.owner == nil)
        #expect(a.lifecycle.escalations == [.division1])
        #expect(a.timelineAction(1) == .selfEscalated(.division1, afterReminders: 2))
        #expect(h.state.awaitingAcknowledgement.contains("A-0001"))
        // Twice at the same level: the second is refused (not yet due for the next level).
        #expect(
            h.refused(.selfEscalate(alertID: "A-0001"), as: "system")
                == .selfEscalationNotDue("A-0001", at: ts("2021-09-01T09:30:00+07:00")))
        h.now = ts("2021-09-01T09:30:00+07:00")
        h.ok(.selfEscalate(alertID: "A-0001"), as: "system")
        a = try #require(h.state.alerts["A-0001"])
        #expect(a.lifecycle.escalations == [.division1, .coordinationBoard])
        #expect(a.timelineAction(2) == .selfEscalated(.coordinationBoard, afterReminders: 4))
        #expect(h.state.nextSelfEscalation("A-0001") == nil)
        #expect(
            h.refused(.selfEscalate(alertID: "A-0001"), as: "system")
                == .alreadyEscalated("A-0001", to: .coordinationBoard))
        // It can still be acknowledged: the officer becomes its owner, the levels stay.
        h.ok(.acknowledge(alertID: "A-0001"), as: "officer.minh")
        a = try #require(h.state.alerts["A-0001"])
        #expect(a.status == .acknowledged && a.lifecycle.owner == "officer.minh")
        #expect(a.lifecycle.escalations == [.division1, .coordinationBoard])
        // The snapshot keeps the entries.
        let back = try CampaignState(snapshotBody: h.state.snapshotBody(), campaign: h.state.campaign)
        #expect(back == h.state)
    }

    @Test func anAcknowledgedOrClosedAlertDoesNotEscalateItself() {
        var h = received()
        h.ok(.acknowledge(alertID: "A-0001"), as: "officer.minh")
        #expect(h.state.nextSelfEscalation("A-0001") == nil)
        h.now = ts("2021-09-01T10:00:00+07:00")
        #expect(
            h.refused(.selfEscalate(alertID: "A-0001"), as: "system")
                == .alreadyAcknowledged("A-0001", by: "officer.minh"))
        h.ok(.close(alertID: "A-0001", disposition: .noFinding), as: "officer.minh")
        #expect(h.refused(.selfEscalate(alertID: "A-0001"), as: "system") == .alertClosed("A-0001"))
    }

    @Test func theRepeatOfThePriorityCounts() {
        var c = testCampaign
        c.selfEscalationAfterReminders = 3
        c.priorities[0].remindEverySeconds = 300
        var h = Harness()
        h.state = CampaignState(campaign: c)
        // Critical, recorded as received at 07:30: acknowledge by 07:45 (15 min), reminders
        // every 5 min: due 08:00.
        h.now = ts("2021-09-01T07:30:00+07:00")
        h.ok(.receiveAlert(sampleDetails(.critical)))
        #expect(h.state.nextSelfEscalation("A-0001")?.dueAt == ts("2021-09-01T08:00:00+07:00"))
        #expect(h.state.nextSelfEscalation("A-0001")?.afterReminders == 3)
    }

    /// An acknowledgement at one desk and a self-escalation at another that had not seen it:
    /// in either arrival order the officer owns the alert and Division 1 stays notified.
    @Test func anAcknowledgementItHadNotSeenKeepsItsOwner() throws {
        var h = received()
        h.now = ts("2021-09-01T09:00:00+07:00")
        let base = h
        var x = base
        let esc = try x.run(.selfEscalate(alertID: "A-0001"), as: "system").get()
        var y = base
        let ack = try y.run(.acknowledge(alertID: "A-0001"), as: "officer.minh").get()
        x.state.apply(
            RecordedEvent(
                seq: 3, id: ack[0].id + "y", type: ack[0].type, at: ack[0].at, actor: ack[0].actor,
                payload: ack[0].payload))
        y.state.apply(
            RecordedEvent(
                seq: 3, id: esc[0].id + "x", type: esc[0].type, at: esc[0].at, actor: esc[0].actor,
                payload: esc[0].payload))
        for s in [x.state, y.state] {
            let a = try #require(s.alerts["A-0001"])
            #expect(a.status == .acknowledged && a.lifecycle.owner == "officer.minh")
            #expect(a.lifecycle.escalations == [.division1])
        }
    }

    /// An alert entered after its acknowledgement time has had no reminder yet: its
    /// reminders, and so its escalation, count from when the log recorded it.
    @Test func anAlertEnteredLateCountsFromItsRecord() {
        var c = testCampaign
        c.selfEscalationAfterReminders = 2
        var h = Harness()
        h.state = CampaignState(campaign: c)
        h.now = ts("2021-09-01T08:20:00+07:00")
        // High, received 07:00 (acknowledge by 08:00), typed in at 08:20.
        h.ok(.receiveAlert(sampleDetails(.high, at: ts("2021-09-01T07:00:00+07:00"))))
        #expect(h.state.nextSelfEscalation("A-0001")?.dueAt == ts("2021-09-01T08:50:00+07:00"))
        h.now = ts("2021-09-01T08:21:00+07:00")
        #expect(
            h.refused(.selfEscalate(alertID: "A-0001"), as: "system")
                == .selfEscalationNotDue("A-0001", at: ts("2021-09-01T08:50:00+07:00")))
    }

    /// A desk that was not running when both levels fell due writes both at once.
    @Test func everyLevelDueIsWrittenAtOnce() throws {
        var h = received()
        h.now = ts("2021-09-01T10:00:00+07:00")
        let records = try h.run(.selfEscalate(alertID: "A-0001"), as: "system").get()
        #expect(records.map { $0.payload["target"]?.stringValue } == ["division_1", "coordination_board"])
        #expect(records.map { $0.payload["after_reminders"]?.intValue } == [2, 4])
        #expect(h.state.alerts["A-0001"]?.lifecycle.escalations == [.division1, .coordinationBoard])
    }

    @Test func theRecordIsPinned() throws {
        let e = AlertEscalated(alertID: "A-0001", target: .division1, afterReminders: 3)
        let json = DomainEvent.alertEscalated(e).payload
        #expect(json["after_reminders"]?.intValue == 3 && json["reason"] == nil)
        #expect(try DomainEvent(type: "alert.escalated", payload: json) == .alertEscalated(e))
        var bad = json
        if case .object(var m) = bad {
            m = m.map { $0.0 == "after_reminders" ? ($0.0, .int(0)) : $0 }
            bad = .object(m)
        }
        #expect(throws: DomainError.self) { try DomainEvent(type: "alert.escalated", payload: bad) }
    }
}
