import DutyDeskDomain
import DutyDeskJSON
import Testing

/// The decoding failure reason for a payload, or nil when it decodes.
private func reason(_ type: String, _ json: String) -> DomainError? {
    guard let j = try? JSON.parse(json) else {
        return .badPayload(type: "test JSON does not parse", field: nil, .missing)
    }
    let r = Result { () throws(DomainError) -> DomainEvent in try DomainEvent(type: type, payload: j) }
    if case .failure(let e) = r { return e }
    return nil
}

@Suite struct EventCodecTests {
    static let lifecycle = AlertLifecycle(
        status: .closed, owner: "officer.lan", acknowledgedAt: ts("2021-09-01T08:01:00+07:00"),
        assignee: Assignee(kind: .unit, id: "HQHN"), escalations: [.division1],
        snoozedUntil: nil, disposition: .duplicateOf("A-0001"),
        closedAt: ts("2021-09-01T09:00:00+07:00"), mergedInto: "A-0001")
    static let samples: [DomainEvent] = [
        .alertReceived(AlertReceived(alertID: "A-0042", details: sampleDetails(eta: ts("2021-09-02T06:15:00+07:00")))),
        .alertReceived(
            AlertReceived(
                alertID: "A-0043",
                details: AlertDetails(
                    receivedAt: ts("2021-09-01T01:00:00Z"),
                    source: AlertSource(kind: .publicTip), priority: .low, subject: "Gấu ngựa nuôi nhốt"))),
        .alertAcknowledged(AlertAcknowledged(alertID: "A-0042")),
        .alertAssigned(AlertAssigned(alertID: "A-0042", assignee: Assignee(kind: .partner, id: "police"))),
        .alertEscalated(AlertEscalated(alertID: "A-0042", target: .coordinationBoard, reason: "transnational")),
        .alertEscalated(AlertEscalated(alertID: "A-0042", target: .division1)),
        .alertSnoozed(AlertSnoozed(alertID: "A-0042", until: ts("2021-09-01T10:00:00+07:00"))),
        .alertNoteAdded(AlertNoteAdded(alertID: "A-0042", text: "Đã liên hệ \"Đội 2\"\n")),
        .alertClosed(
            AlertClosed(
                alertID: "A-0042",
                disposition: .seized(
                    commodity: "rhino horn",
                    species: [Species(scientificName: "Ceratotherium simum", citesAppendix: "I")],
                    quantity: [Measure(amount: "50", unit: "pieces"), Measure(amount: "72.50", unit: "kg")]))),
        .alertClosed(AlertClosed(alertID: "A-0042", disposition: .noFinding)),
        .alertClosed(AlertClosed(alertID: "A-0042", disposition: .falseAlarm)),
        .alertClosed(AlertClosed(alertID: "A-0042", disposition: .duplicateOf("A-0001"))),
        .alertClosed(AlertClosed(alertID: "A-0042", disposition: .referredToPartner("market_management"))),
        .alertReopened(AlertReopened(alertID: "A-0042", reason: "new evidence")),
        .alertMerged(AlertMerged(alertID: "A-0001", duplicateID: "A-0042")),
        .alertActionUndone(
            AlertActionUndone(
                alertID: "A-0042", undoes: "E7", undoneType: "alert.merged", restored: lifecycle, survivorID: "A-0001")),
        .alertActionUndone(
            AlertActionUndone(
                alertID: "A-0042", undoes: "E2", undoneType: "alert.acknowledged", restored: AlertLifecycle())),
        .verificationOpened(
            VerificationOpened(
                requestID: "V-0003", direction: .incoming, counterpart: "INTERPOL",
                subject: "Ivory case", reference: "IP-2018-77", linkedAlert: "A-0042", unit: "HQHP", routedVia: nil,
                caseDate: ts("2018-05-02T00:00:00+07:00"), openedAt: ts("2021-09-01T08:00:00+07:00"),
                due: ts("2021-09-08T08:00:00+07:00"))),
        .verificationOpened(
            VerificationOpened(
                requestID: "V-0004", direction: .outgoing, counterpart: "TH", subject: "Consignor",
                routedVia: "DTCBL-P1", openedAt: ts("2021-09-01T08:00:00+07:00"), due: ts("2021-09-08T08:00:00+07:00"))),
        .verificationReplied(VerificationReplied(requestID: "V-0003", summary: "no record")),
        .verificationClosed(VerificationClosed(requestID: "V-0003", outcome: "answered")),
        .verificationClosed(VerificationClosed(requestID: "V-0004")),
        .focalOfficerNominated(
            FocalOfficerNominated(
                unit: "HQHN", name: "Trần Thị Lan", position: "Kiểm soát viên",
                phone: "0912345678", email: "lan@example.invalid")),
        .reportSubmitted(ReportSubmitted(kind: .rapid, unit: "HQHN", alertID: "A-0042", reference: "123/BC-HQHN")),
        .reportSubmitted(ReportSubmitted(kind: .daily, day: "2021-09-02")),
        .reportSubmitted(ReportSubmitted(kind: .final)),
        .deskConfigured(DeskConfigured(unit: "HQLS", desk: "HQLS2")),
        .deskConfigured(
            DeskConfigured(
                unit: "HQLS", desk: "HQLS", name: "Cửa khẩu Hữu Nghị",
                publicKey: "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")),
        .deskKeyed(DeskKeyed(publicKey: "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")),
        .alertSharingChanged(AlertSharingChanged(alertID: "A-0042", level: .amberStrict)),
        .alertProposalAnswered(
            AlertProposalAnswered(alertID: "HQHN-0001", proposal: "ev-9", accepted: false, reason: "đã có cán bộ")),
        .alertProposalAnswered(AlertProposalAnswered(alertID: "HQHN-0001", proposal: "ev-9", accepted: true)),
        .alertProposalWithdrawn(AlertProposalWithdrawn(alertID: "HQHN-0001", proposal: "ev-9")),
        .networkPulled(NetworkPulled(cursor: "7731/42", grantsCursor: "7730/3", count: 12)),
        .networkPushed(NetworkPushed(through: 57, count: 5)),
        .networkLink(NetworkLink(up: false, reason: "the campaign server is unavailable: connection refused")),
        .networkLink(NetworkLink(up: true, reason: nil)),
        .networkQuarantined(
            NetworkQuarantined(
                desk: "HQQN", seq: 9, reason: "the signature does not verify with desk HQQN's public key",
                line: "{\"v\":1,\"seq\":9}")),
        .drillStarted(
            DrillStarted(drillAt: ts("2021-09-01T07:45:00+07:00"), realAt: ts("2026-12-01T23:00:00.125Z"))),
        .shiftHandedOver(
            ShiftHandedOver(
                note: "Ca sáng: A-0042 chờ xác nhận\nGọi lại Phòng 1", unacknowledged: ["A-0043"],
                unacknowledgedTotal: 250, acknowledged: ["A-0042"], snoozed: [],
                overdue: [
                    HandoverDeadline(
                        id: "daily_update:2021-09-01",
                        title: BilingualText(en: "Daily results update 01/09", vi: "Cập nhật kết quả ngày 01/09"),
                        due: ts("2021-09-01T17:00:00+07:00"))
                ], asOfSeq: 812)),
        .shiftHandedOver(ShiftHandedOver(note: "Không có gì tồn đọng")),
        .shiftHandoverRead(ShiftHandoverRead(handoverID: "ev-812")),
    ]

    @Test func everyKnownTypeHasASample() {
        #expect(Set(Self.samples.map(\.type)) == Set(EventType.all))
    }

    @Test(arguments: samples)
    func roundTripThroughJSONText(_ event: DomainEvent) throws {
        let text = event.payload.compactString
        let parsed = try JSON.parse(text)
        let back = try DomainEvent(type: event.type, payload: parsed)
        #expect(back == event)
        #expect(parsed["schema"] == .int(1))
        #expect(back.payload.compactString == text)
    }

    @Test func unknownFieldsAreIgnoredAndUnknownTypesKept() throws {
        let p = try JSON.parse(#"{"schema":2,"alert_id":"A-1","extra":{"x":[1,2]}}"#)
        #expect(
            try DomainEvent(type: "alert.acknowledged", payload: p)
                == .alertAcknowledged(AlertAcknowledged(alertID: "A-1")))
        let u = try DomainEvent(type: "alert.teleported", payload: p)
        #expect(u == .unknown("alert.teleported", p))
        #expect(u.payload == p)
        var s = CampaignState(campaign: testCampaign)
        s.apply(
            RecordedEvent(
                seq: 1, id: "x", type: "alert.teleported", at: ts("2021-09-01T08:00:00+07:00"), actor: "a", payload: p))
        #expect(s.unknownCount == 1)
        #expect(s.lastSeq == 1)
        #expect(s.alerts.isEmpty)
    }

    @Test func malformedPayloadsAreReportedNotCrashed() throws {
        #expect(
            reason("alert.snoozed", #"{"alert_id":"A-1","until":"tomorrow"}"#)
                == .badPayload(type: "alert.snoozed", field: "until", .notATimestamp("tomorrow")))
        #expect(
            reason("alert.acknowledged", #"{"alert_id":7}"#)
                == .badPayload(type: "alert.acknowledged", field: "alert_id", .missingOrWrongType))
        #expect(
            reason(
                "alert.received",
                #"{"alert_id":"A-1","received_at":"2021-09-01T08:00:00+07:00","source":{"kind":"police"},"priority":"urgent","subject":"x"}"#
            )
                == .badPayload(type: "alert.received", field: "priority", .badPriority))
        #expect(
            reason("alert.received", #"{"alert_id":"A-1","source":{"kind":"police"},"priority":"low","subject":"x"}"#)
                == .badPayload(type: "alert.received", field: "received_at", .missing))
        #expect(
            reason(
                "alert.closed",
                #"{"alert_id":"A-1","disposition":{"kind":"seized","commodity":"ivory","quantity":[{"amount":"-3","unit":"kg"}]}}"#
            )
                == .badPayload(type: "alert.closed", field: "amount", .badAmount("-3")))
        #expect(
            reason("alert.escalated", #"{"alert_id":"A-1","target":"minister"}"#)
                == .badPayload(type: "alert.escalated", field: "target", .unknownValue("minister")))
        #expect(
            reason("alert.acknowledged", "[1]") == .badPayload(type: "alert.acknowledged", field: nil, .notAnObject))
        var s = CampaignState(campaign: testCampaign)
        s.apply(
            RecordedEvent(
                seq: 4, id: "x", type: "alert.snoozed", at: ts("2021-09-01T08:00:00+07:00"), actor: "a",
                payload: try JSON.parse(#"{"alert_id":"A-1","until":"tomorrow"}"#)))
        #expect(s.skippedCount == 1)
        #expect(s.lastSkipReason?.hasPrefix("alert.snoozed:") == true)
        s.apply(
            RecordedEvent(
                seq: 5, id: "y", type: "alert.acknowledged", at: ts("2021-09-01T08:00:00+07:00"), actor: "a",
                payload: try JSON.parse(#"{"alert_id":"A-9"}"#)))
        #expect(s.skippedCount == 2)
        #expect(s.lastSkipReason == "alert.acknowledged for unknown alert A-9")
    }

    @Test func quantitiesKeepTheirExactDecimalText() throws {
        let e = DomainEvent.alertClosed(
            AlertClosed(
                alertID: "A-1",
                disposition: .seized(
                    commodity: "ivory", species: [],
                    quantity: [Measure(amount: "72.50", unit: "kg")])))
        #expect(e.payload.compactString.contains(#""amount":72.50"#))
    }

    @Test func personalDataIsMarkedAndCanBeRedacted() {
        let received = DomainEvent.alertReceived(AlertReceived(alertID: "A-1", details: sampleDetails())).payload
        #expect(received["personal_data"] == .array([.string("persons")]))
        let redacted = DomainEvent.redactingPersonalData(received)
        #expect(redacted["persons"] == nil)
        #expect(!redacted.compactString.contains("Nguyễn Văn A"))
        #expect(redacted["subject"] != nil)
        let nominated = DomainEvent.focalOfficerNominated(
            FocalOfficerNominated(
                unit: "HQHN", name: "Trần Thị Lan",
                position: "Kiểm soát viên", phone: "0912345678")
        ).payload
        let r2 = DomainEvent.redactingPersonalData(nominated)
        #expect(r2["name"] == nil && r2["phone"] == nil)
        #expect(r2["unit"] == .string("HQHN"))
        #expect(r2["position"] != nil)
    }
}
