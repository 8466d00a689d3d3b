import DutyDeskJSON
import Testing

@testable import DutyDeskDomain

// `CampaignState.apply` returns what it changed (issue 16, item 1): callers learn the
// touched alerts and requests, the alert created and the kinds of deadline that moved
// from the fold, never from the payload.

/// Folds `events` one by one and checks every change against the deadlines before and
/// after: each deadline entry that differs has its kind in the change, and an entry about
/// an alert or a request is about one of the change's subjects (what the dashboard's
/// incremental deadline update relies on). The path through `DecodedEvent` gives the
/// same change. Returns the changes.
@discardableResult
func checkChanges(
    _ events: [RecordedEvent], now: RFC3339Timestamp, sourceLocation: SourceLocation = #_sourceLocation
) -> [StateChange] {
    var state = CampaignState(campaign: testCampaign)
    var decoded = CampaignState(campaign: testCampaign)
    func index(_ s: CampaignState) -> [String: Deadline] {
        Dictionary(uniqueKeysWithValues: deadlines(campaign: testCampaign, state: s, now: now).map { ($0.id, $0) })
    }
    var before = index(state)
    var out: [StateChange] = []
    for e in events {
        let applied = state.appliedCount
        let c = state.apply(e)
        out.append(c)
        #expect(decoded.apply(DecodedEvent(e)) == c, "seq \(e.seq)", sourceLocation: sourceLocation)
        #expect((c.outcome == .applied) == (state.appliedCount == applied + 1), sourceLocation: sourceLocation)
        if c.outcome != .applied {
            #expect(c == StateChange(outcome: c.outcome), sourceLocation: sourceLocation)
        }
        let after = index(state)
        for id in Set(before.keys).union(after.keys) where before[id] != after[id] {
            guard let d = after[id] ?? before[id] else { continue }
            #expect(
                c.deadlines.contains(kind: d.kind), "seq \(e.seq) \(e.type) moved \(id) but its change omits \(d.kind)",
                sourceLocation: sourceLocation)
            switch d.kind {
            case .rapidReport, .alertETA, .acknowledgement:
                #expect(
                    c.subjects.alertIDs.contains(d.concerns ?? "?"), "seq \(e.seq) \(e.type) moved \(id)",
                    sourceLocation: sourceLocation)
            case .verificationDue:
                #expect(
                    c.subjects.requestID == d.concerns, "seq \(e.seq) \(e.type) moved \(id)",
                    sourceLocation: sourceLocation)
            default: break
            }
        }
        before = after
    }
    return out
}

@Suite struct StateChangeTests {
    @Test(arguments: [3, 11, 2021] as [UInt64])
    func everyMovedDeadlineIsInTheChange(seed: UInt64) {
        var feed = SyntheticFeed(campaign: testCampaign, seed: seed, meanGapSeconds: 60)
        let events = feed.next(1_500)
        let changes = checkChanges(events, now: ts("2021-09-03T12:00:00+07:00"))
        // The feed reaches the kinds events move; milestones move with the clock alone.
        let moved = changes.reduce(DeadlineKinds()) { $0.union($1.deadlines) }
        #expect(
            moved.isSuperset(of: [
                .acknowledgement, .alertETA, .rapidReport, .verificationDue, .focalOfficerNominations,
                .focalOfficerNomination, .dailyUpdate,
            ]))
        #expect(moved.isDisjoint(with: [.campaignStart, .campaignEnd]))
    }

    @Test func eachEventSaysWhatItChanged() throws {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails(.critical, eta: ts("2021-09-02T06:00:00+07:00"))))
        h.ok(.receiveAlert(sampleDetails(.normal)))
        h.ok(.acknowledge(alertID: "A-0001"))
        h.ok(.snooze(alertID: "A-0001", until: ts("2021-09-01T09:00:00+07:00")))
        h.ok(.acknowledge(alertID: "A-0002"))
        h.ok(.merge(duplicate: "A-0002", into: "A-0001"))
        h.ok(.undo)
        h.ok(
            .close(
                alertID: "A-0001",
                disposition: .seized(commodity: "ivory", species: [], quantity: [Measure(amount: "2", unit: "kg")])))
        h.ok(.submitReport(kind: .rapid, alertID: "A-0001"))
        h.ok(.openVerification(direction: .incoming, counterpart: "TH", subject: "scales"))
        h.ok(.replyVerification(requestID: "V-0001", summary: "ok"))
        h.ok(.nominateFocalOfficer(unit: "HQHN", name: "Lan", position: "KSV", phone: "0912345678"))
        h.ok(.addNote(alertID: "A-0002", text: "ghi chú"))
        h.ok(.close(alertID: "A-0002", disposition: .duplicateOf("A-0001")))
        h.ok(.reopen(alertID: "A-0002", reason: "not the same"))
        let c = checkChanges(h.events, now: h.now)
        #expect(c.count == 15)
        #expect(
            c[0]
                == StateChange(
                    outcome: .applied, subjects: EventSubjects(alertID: "A-0001"), createdPriority: .critical,
                    deadlines: [.acknowledgement, .alertETA]))
        #expect(c[0].createdAlertID == "A-0001")
        #expect(c[1].createdPriority == .normal && c[1].deadlines == [.acknowledgement])
        #expect(
            c[2]
                == StateChange(
                    outcome: .applied, subjects: EventSubjects(alertID: "A-0001"), deadlines: [.acknowledgement]))
        #expect(c[2].createdAlertID == nil)
        #expect(c[3] == StateChange(outcome: .applied, subjects: EventSubjects(alertID: "A-0001")))
        #expect(c[5].subjects == EventSubjects(alertID: "A-0001", otherAlertID: "A-0002"))
        #expect(c[5].deadlines == [])
        #expect(c[6].subjects == EventSubjects(alertID: "A-0002", otherAlertID: "A-0001"))
        #expect(c[7].deadlines == [.alertETA, .rapidReport])
        #expect(
            c[8]
                == StateChange(
                    outcome: .applied, subjects: EventSubjects(alertID: "A-0001"), deadlines: [.rapidReport],
                    reportsChanged: true))
        #expect(
            c[9]
                == StateChange(
                    outcome: .applied, subjects: EventSubjects(requestID: "V-0001"), deadlines: [.verificationDue]))
        #expect(c[9].requestChanged && !c[8].requestChanged)
        #expect(c[10].subjects.requestID == "V-0001")
        #expect(
            c[11]
                == StateChange(
                    outcome: .applied, deadlines: [.focalOfficerNominations, .focalOfficerNomination],
                    nominationsChanged: true))
        #expect(c[12] == StateChange(outcome: .applied, subjects: EventSubjects(alertID: "A-0002")))
        // A close as duplicate and its reopening also change the other alert's duplicates.
        #expect(c[13].subjects == EventSubjects(alertID: "A-0002", otherAlertID: "A-0001"))
        #expect(c[14].subjects == EventSubjects(alertID: "A-0002", otherAlertID: "A-0001"))
        #expect(h.state.alerts["A-0001"]?.duplicates == [])

        // Skipped and unknown events change nothing and say so.
        var s = h.state
        #expect(s.apply(h.events[0]) == .skipped)
        let future = RecordedEvent(
            seq: 99, id: "f", type: "desk.future", at: h.now, actor: "x",
            payload: .object([("alert_id", .string("A-0001"))]))
        #expect(s.apply(future) == .unknownType)
        let bad = RecordedEvent(
            seq: 100, id: "b", type: EventType.alertAcknowledged, at: h.now, actor: "x", payload: .object([]))
        #expect(s.apply(bad) == .skipped)
        #expect(bad.subjects.isEmpty)
    }

    @Test func proposedEventsCarryTheirSubjects() {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails(.high)))
        h.ok(.receiveAlert(sampleDetails(.high)))
        h.ok(.acknowledge(alertID: "A-0002"))
        let cases: [(Command, EventSubjects)] = [
            (.acknowledge(alertID: "A-0001"), EventSubjects(alertID: "A-0001")),
            (.merge(duplicate: "A-0002", into: "A-0001"), EventSubjects(alertID: "A-0001", otherAlertID: "A-0002")),
            (.receiveAlert(sampleDetails(.low)), EventSubjects(alertID: "A-0003")),
            (
                .openVerification(direction: .outgoing, counterpart: "CN", subject: "x"),
                EventSubjects(requestID: "V-0001")
            ),
            (.nominateFocalOfficer(unit: "HQHN", name: "Lan", position: "KSV", phone: "0912345678"), EventSubjects()),
        ]
        for (command, expected) in cases {
            guard case .success(let events) = decide(command, state: h.state, actor: "o", now: h.now, newID: { "n" }),
                let e = events.first
            else {
                Issue.record("refused: \(command)")
                continue
            }
            #expect(e.subjects == expected, "\(command)")
            #expect(ProposedEvent(type: e.type, id: e.id, payload: e.payload).subjects == expected)
            #expect(RecordedEvent(e, seq: 1, at: h.now, actor: "o").subjects == expected)
        }
    }

    @Test func subjectsShareAlertsWithAlertsAndRequestsWithRequests() {
        let merge = EventSubjects(alertID: "A-0001", otherAlertID: "A-0002")
        #expect(merge.shared(with: EventSubjects(alertID: "A-0002")) == "A-0002")
        #expect(EventSubjects(alertID: "A-0002").shared(with: merge) == "A-0002")
        #expect(merge.shared(with: EventSubjects(alertID: "A-0003")) == nil)
        #expect(EventSubjects(alertID: "X").shared(with: EventSubjects(requestID: "X")) == nil)
        #expect(EventSubjects(requestID: "V-1").shared(with: EventSubjects(requestID: "V-1")) == "V-1")
        #expect(EventSubjects().shared(with: EventSubjects()) == nil)
        #expect(merge.alertIDs == ["A-0001", "A-0002"])
    }

    @Test func deadlineKindsHoldEveryKindOnce() {
        let all = DeadlineKinds(Deadline.Kind.allCases)
        #expect(all.kinds == Deadline.Kind.allCases)
        #expect(Set(Deadline.Kind.allCases.map { DeadlineKinds($0).rawValue }).count == Deadline.Kind.allCases.count)
        for k in Deadline.Kind.allCases {
            #expect(DeadlineKinds(k).kinds == [k])
            #expect(DeadlineKinds(k).rawValue.nonzeroBitCount == 1)
        }
    }
}
