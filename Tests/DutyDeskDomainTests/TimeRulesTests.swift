import DutyDeskJSON
import Testing

@testable import DutyDeskDomain

/// Issue 12, items 4 and 10: every time is checked against `TimeRules` before arithmetic,
/// and the domain refuses texts that must be one line.
@Suite struct TimeRulesTests {
    static let ict = CampaignZone.ict

    @Test func vietnameseDatesOutsideTheRepresentableRangeThrowNotTrap() {
        for text in ["01/01/0001", "31/12/9999 23:59", "01/01/1677", "13/04/2262"] {
            #expect(throws: VietnameseDateError.self, "\(text)") { try VietnameseDate.parse(text) }
        }
        #expect(throws: Never.self) { try VietnameseDate.parse("01/01/1700") }
    }

    @Test func zoneInstantSaturatesInsteadOfTrapping() {
        #expect(Self.ict.checkedInstant(year: 1, month: 1, day: 1) == nil)
        #expect(Self.ict.instant(year: 9999, month: 1, day: 1) == RFC3339Timestamp.latestRepresentable)
        #expect(Self.ict.checkedInstant(year: 2021, month: 9, day: 1) != nil)
    }

    @Test func theWindowIsTheSameForEveryField() throws {
        let before = try #require(RFC3339Timestamp.parse("1899-12-31T23:59:59Z"))
        let first = try #require(RFC3339Timestamp.parse("1900-01-01T00:00:00Z"))
        let last = try #require(RFC3339Timestamp.parse("2099-12-31T23:59:59Z"))
        let after = try #require(RFC3339Timestamp.parse("2100-01-01T00:00:00Z"))
        #expect(first == TimeRules.earliest && after == TimeRules.end)
        #expect(
            TimeRules.problem(before, field: "received_at")?.hasPrefix(
                "received_at 1899-12-31T23:59:59Z is before 1900-01-01") == true)
        #expect(TimeRules.problem(first, field: "x") == nil && TimeRules.problem(last, field: "x") == nil)
        #expect(TimeRules.problem(after, field: "eta")?.contains("is not before 2100-01-01") == true)
        // Any two accepted instants plus the longest duration stay far inside 64-bit nanoseconds.
        let span =
            (after.epochNanoseconds - first.epochNanoseconds) / 1_000_000_000 + Int64(TimeRules.longestDurationSeconds)
        #expect(span < Int64.max / 1_000_000_000 / 4 * 3)
    }

    static func payload(_ receivedAt: String, eta: String? = nil) -> JSON {
        var m: [(String, JSON)] = [
            ("schema", .int(1)), ("alert_id", .string("A-0001")), ("received_at", .string(receivedAt)),
            ("source", .object([("kind", .string("police"))])), ("priority", .string("normal")),
            ("subject", .string("s")),
        ]
        if let eta { m.append(("eta", .string(eta))) }
        return .object(m)
    }

    @Test func decodingRefusesPayloadTimesOutsideTheWindow() {
        for (r, eta) in [
            ("1700-01-01T00:00:00Z", nil), ("2262-04-11T23:47:16Z", nil), ("0000-01-01T00:00:00Z", nil),
            ("2021-09-01T00:00:00Z", "1678-01-01T00:00:00Z"),
        ] as [(String, String?)] {
            let p = Self.payload(r, eta: eta)
            #expect(throws: DomainError.self) { try DomainEvent(type: EventType.alertReceived, payload: p) }
            let problem = TimeRules.payloadProblem(type: EventType.alertReceived, payload: p)
            #expect(problem?.contains(eta == nil ? "\"received_at\"" : "\"eta\"") == true, "\(problem ?? "nil")")
        }
        let opened = JSON.object([
            ("request_id", .string("V-0001")), ("direction", .string("incoming")), ("counterpart", .string("c")),
            ("subject", .string("s")), ("opened_at", .string("1700-01-01T00:00:00Z")),
            ("due", .string("2021-09-08T00:00:00Z")),
        ])
        #expect(throws: DomainError.self) { try DomainEvent(type: EventType.verificationOpened, payload: opened) }
        #expect(
            TimeRules.payloadProblem(type: EventType.verificationOpened, payload: opened)?.contains("opened_at") == true
        )
        #expect(
            TimeRules.payloadProblem(type: EventType.alertReceived, payload: Self.payload("2021-09-01T00:00:00Z"))
                == nil)
    }

    @Test func foldingSkipsRecordsWithAbsurdTimesAndNeverTraps() throws {
        let campaign = testCampaign
        var state = CampaignState(campaign: campaign)
        let good = try #require(RFC3339Timestamp.parse("2021-09-01T08:00:00+07:00"))
        let absurd = try #require(RFC3339Timestamp.parse("1700-01-01T00:00:00Z"))
        let e1 = RecordedEvent(
            seq: 1, id: "e1", type: EventType.alertReceived, at: absurd, actor: "o",
            payload: Self.payload("2021-09-01T00:00:00Z"))
        #expect(TimeRules.recordProblem(e1)?.hasPrefix("ts 1700-01-01T00:00:00Z") == true)
        state.apply(e1)
        state.apply(DecodedEvent(e1).record)
        let e2 = RecordedEvent(
            seq: 2, id: "e2", type: EventType.alertReceived, at: good, actor: "o",
            payload: Self.payload("1700-01-01T00:00:00Z"))
        state.apply(DecodedEvent(e2))
        #expect(TimeRules.recordProblem(DecodedEvent(e2))?.contains("received_at") == true)
        #expect(state.alerts.count == 0 && state.skippedCount == 3 && state.lastSeq == 2)
        _ = deadlines(campaign: campaign, state: state, now: good)
    }

    @Test func decideRefusesTimesOutsideTheWindowAndETABeforeReceipt() throws {
        let state = CampaignState(campaign: testCampaign)
        let now = try #require(RFC3339Timestamp.parse("2021-09-01T08:00:00+07:00"))
        func refused(_ c: Command, actor: String = "o") -> DomainError? {
            if case .failure(let e) = decide(c, state: state, actor: actor, now: now, newID: { "x" }) { return e }
            return nil
        }
        let old = try #require(RFC3339Timestamp.parse("1700-01-01T00:00:00Z"))
        var d = AlertDetails(receivedAt: old, source: AlertSource(kind: .police), priority: .normal, subject: "s")
        #expect(refused(.receiveAlert(d)) == .timeOutsideWindow(field: "received_at", time: old))
        #expect(
            refused(.receiveAlert(d))?.description.contains("received_at 1700-01-01T00:00:00Z is before 1900-01-01")
                == true)
        d.receivedAt = now
        let early = try #require(RFC3339Timestamp.parse("2021-09-01T07:00:00+07:00"))
        d.eta = early
        #expect(
            refused(.receiveAlert(d))
                == .etaBeforeReceipt(eta: testCampaign.zone.local(early), received: testCampaign.zone.local(now)))
        d.eta = nil
        d.subject = "line one\nline two"
        #expect(refused(.receiveAlert(d)) == .subjectLineBreak("U+000A"))
        d.subject = "ok"
        #expect(refused(.receiveAlert(d)) == nil)
        #expect(refused(.receiveAlert(d), actor: "") == .empty(.officerID))
        #expect(refused(.receiveAlert(d), actor: "a\nb") == .officerIDControl("U+000A"))
        #expect(refused(.receiveAlert(d), actor: "a\u{1B}]0;x\u{07}") == .officerIDControl("U+001B"))
        // A clock outside the window is refused before anything is recorded with its time.
        if case .failure(let e) = decide(
            .acknowledge(alertID: "A-0001"), state: state, actor: "o", now: TimeRules.end, newID: { "x" })
        {
            #expect(e == .timeOutsideWindow(field: "the clock (now)", time: TimeRules.end))
            #expect(e.description.hasPrefix("the clock (now) 2100-01-01T00:00:00Z is not before 2100-01-01"))
        } else {
            Issue.record("a clock in 2100 must be refused")
        }
        #expect(
            refused(.openVerification(direction: .incoming, counterpart: "c", subject: "s", openedAt: TimeRules.end))
                == .timeOutsideWindow(field: "opened_at", time: TimeRules.end))
        // A default due date (7 days after opening) past the window is refused as well.
        let late = TimeRules.end.adding(seconds: -86_400)
        let lateDue = late.adding(seconds: testCampaign.deadlines.verificationAnswerSeconds)
        #expect(
            refused(.openVerification(direction: .incoming, counterpart: "c", subject: "s", openedAt: late))
                == .timeOutsideWindow(field: "due", time: lateDue))
    }
}
