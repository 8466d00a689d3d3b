import DutyDeskDomain
import DutyDeskJSON
import Testing

@Suite struct CountdownTests {
    let base = ts("2021-09-01T08:00:00+07:00")
    @Test func formats() {
        #expect(Countdown.text(from: base, to: ts("2021-09-06T00:00:00+07:00")) == "4d 16:00:00")
        #expect(Countdown.text(from: base, to: ts("2021-09-02T08:00:00+07:00")) == "1d 00:00:00")
        #expect(Countdown.text(from: base, to: ts("2021-09-02T07:59:59+07:00")) == "23:59:59")
        #expect(Countdown.text(from: base, to: base) == "00:00:00")
        #expect(Countdown.text(from: base, to: ts("2021-09-01T06:00:00+07:00")) == "overdue 02:00:00")
        #expect(Countdown.text(from: base, to: ts("2021-08-30T05:59:58+07:00")) == "overdue 2d 02:00:02")
        #expect(Countdown.text(from: base, to: ts("2021-09-21T08:00:00+07:00")) == "20d 00:00:00")
        #expect(Countdown.textVI(from: base, to: ts("2021-09-06T00:00:00+07:00")) == "4 ngày 16:00:00")
        #expect(Countdown.textVI(from: base, to: ts("2021-09-01T06:00:00+07:00")) == "quá hạn 02:00:00")
    }
    @Test func offsetsDoNotMatter() {
        #expect(Countdown.text(from: ts("2021-09-01T01:00:00Z"), to: ts("2021-09-06T00:00:00+07:00")) == "4d 16:00:00")
    }
}

@Suite struct DeadlineTests {
    func find(_ d: [Deadline], _ id: String) -> Deadline? { d.first { $0.id == id } }

    @Test func embeddedShapeAtEightOnTheFirstMorning() {
        let now = ts("2021-09-01T08:00:00+07:00")
        let d = deadlines(campaign: testCampaign, state: CampaignState(campaign: testCampaign), now: now)
        #expect(find(d, "campaign_end")?.countdown(from: now) == "4d 16:00:00")
        let agg = find(d, "focal_officer_nominations")!
        #expect(agg.title.en == "Focal officers 0 of 35 nominated")
        #expect(agg.progress! == (0, 35))
        #expect(agg.countdown(from: now) == "3d 16:00:00")
        #expect(zip(d, d.dropFirst()).allSatisfy { $0.due <= $1.due })
        #expect(find(d, "daily_update:2021-09-01")?.due == ts("2021-09-01T17:00:00+07:00"))
        #expect(find(d, "daily_update:2021-09-01")?.letterItem == "practice")
        #expect(d.filter { $0.kind == .dailyUpdate }.count == 5)
        #expect(find(d, "final_report")?.due == ts("2021-09-10T17:00:00+07:00"))
        // Displayed in the campaign zone whatever offset `now` carries.
        #expect(find(d, "campaign_end")?.due.description == "2021-09-06T00:00:00+07:00")
    }

    @Test func nominationsCountAndMeetPerUnit() {
        var h = Harness()
        h.ok(.nominateFocalOfficer(unit: "HQHN", name: "Trần Thị Lan", position: "Kiểm soát viên", phone: "0912345678"))
        h.ok(.nominateFocalOfficer(unit: "HQHCM", name: "Lê Minh", position: "Đội trưởng", phone: "0987654321"))
        let d = deadlines(campaign: testCampaign, state: h.state, now: h.now)
        #expect(find(d, "focal_officer_nominations")?.title.en == "Focal officers 2 of 35 nominated")
        #expect(find(d, "focal_officer_nomination:HQHN")?.state == .met)
        #expect(find(d, "focal_officer_nomination:HQ03")?.state == .upcoming)
        let late = deadlines(campaign: testCampaign, state: h.state, now: ts("2021-09-05T00:00:01+07:00"))
        #expect(find(late, "focal_officer_nomination:HQ03")?.state == .overdue)
        #expect(
            find(late, "focal_officer_nominations")?.countdown(from: ts("2021-09-05T00:00:01+07:00"))
                == "overdue 00:00:01")
        #expect(find(late, "campaign_start")?.state == .met)
        #expect(h.state.unitsWithoutFocalOfficer.count == 33)
        #expect(!h.state.unitsWithoutFocalOfficer.contains { $0.code == "HQHN" || $0.code == "HQHCM" })
    }

    @Test func acknowledgementAndETA() {
        var h = Harness()
        h.ok(
            .receiveAlert(
                sampleDetails(.critical, at: ts("2021-09-01T07:55:00+07:00"), eta: ts("2021-09-01T09:30:00+07:00"))))
        var d = deadlines(campaign: testCampaign, state: h.state, now: h.now)
        let ack = find(d, "acknowledgement:A-0001")!
        #expect(h.state.acknowledgementDue("A-0001") == ack.due)
        #expect(ack.due == ts("2021-09-01T08:10:00+07:00"))
        #expect(ack.state == .dueSoon)
        #expect(ack.countdown(from: h.now) == "00:10:00")
        #expect(find(d, "alert_eta:A-0001")?.state == .dueSoon)
        d = deadlines(campaign: testCampaign, state: h.state, now: ts("2021-09-01T08:20:00+07:00"))
        #expect(find(d, "acknowledgement:A-0001")?.state == .overdue)
        h.ok(.acknowledge(alertID: "A-0001"))
        d = deadlines(campaign: testCampaign, state: h.state, now: h.now)
        #expect(find(d, "acknowledgement:A-0001") == nil)
        #expect(find(d, "alert_eta:A-0001") != nil)
        h.ok(.close(alertID: "A-0001", disposition: .noFinding))
        #expect(find(deadlines(campaign: testCampaign, state: h.state, now: h.now), "alert_eta:A-0001") == nil)
    }

    @Test func rapidReportAfterSeizure() {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails()))
        h.ok(.acknowledge(alertID: "A-0001"))
        h.advance(seconds: 3600)
        h.ok(
            .close(
                alertID: "A-0001",
                disposition: .seized(
                    commodity: "rhino horn", species: [],
                    quantity: [Measure(amount: "50", unit: "pieces"), Measure(amount: "72", unit: "kg")])))
        var d = deadlines(campaign: testCampaign, state: h.state, now: h.now)
        let r = find(d, "rapid_report:A-0001")!
        #expect(r.due == ts("2021-09-02T09:00:00+07:00"))
        #expect(r.state == .upcoming)
        #expect(r.letterItem == "item 8 (delay: practice)")
        d = deadlines(campaign: testCampaign, state: h.state, now: ts("2021-09-02T08:30:00+07:00"))
        #expect(find(d, "rapid_report:A-0001")?.state == .dueSoon)
        h.ok(.submitReport(kind: .rapid, unit: "HQHN", alertID: "A-0001", reference: "12/BC"))
        d = deadlines(campaign: testCampaign, state: h.state, now: ts("2021-09-03T08:30:00+07:00"))
        #expect(find(d, "rapid_report:A-0001")?.state == .met)
        #expect(find(d, "rapid_report:A-0001")?.metAt == h.now)
    }

    @Test func verificationDueAndDailyUpdates() {
        var h = Harness()
        h.ok(
            .openVerification(
                direction: .incoming, counterpart: "INTERPOL", subject: "2019 pangolin case",
                caseDate: ts("2019-06-01T00:00:00+07:00"), due: ts("2021-09-03T17:00:00+07:00")))
        var d = deadlines(campaign: testCampaign, state: h.state, now: ts("2021-09-04T08:00:00+07:00"))
        #expect(find(d, "verification_due:V-0001")?.state == .overdue)
        #expect(find(d, "verification_due:V-0001")?.letterItem == "item 6")
        #expect(find(d, "daily_update:2021-09-01")?.state == .overdue)
        h.ok(
            .openVerification(
                direction: .outgoing, counterpart: "TH", subject: "consignor", due: ts("2021-09-20T17:00:00+07:00")))
        h.ok(
            .openVerification(
                direction: .outgoing, counterpart: "MY", subject: "consignee", due: ts("2021-09-10T17:00:00+07:00")))
        #expect(h.state.verificationsByDue.map(\.id) == ["V-0001", "V-0003", "V-0002"])
        h.ok(.replyVerification(requestID: "V-0001", summary: "Answered by HQHP"))
        #expect(h.state.verificationsByDue.map(\.id) == ["V-0003", "V-0002", "V-0001"])
        h.ok(.submitReport(kind: .daily, unit: "HQHN", day: "2021-09-01"))
        d = deadlines(campaign: testCampaign, state: h.state, now: ts("2021-09-04T08:00:00+07:00"))
        #expect(find(d, "verification_due:V-0001")?.state == .met)
        #expect(find(d, "daily_update:2021-09-01")?.state == .met)
        let forUnit = deadlines(
            campaign: testCampaign, state: h.state, now: ts("2021-09-04T08:00:00+07:00"), unit: "HQHP")
        #expect(find(forUnit, "daily_update:2021-09-01")?.state == .overdue)
    }

    /// Leaving kinds out at the source gives the full list without them, in the same order.
    @Test(
        arguments: [
            [.acknowledgement, .focalOfficerNomination], [.rapidReport, .alertETA], [.verificationDue],
            Set(Deadline.Kind.allCases),
        ] as [Set<Deadline.Kind>])
    func excludingKindsEqualsFilteringThem(kinds: Set<Deadline.Kind>) {
        var feed = SyntheticFeed(campaign: testCampaign, seed: 17)
        let state = CampaignState.fold(feed.next(3000), campaign: testCampaign)
        let now = feed.now
        let all = deadlines(campaign: testCampaign, state: state, now: now)
        #expect(Set(all.map(\.kind)).isSuperset(of: [.acknowledgement, .rapidReport, .alertETA, .verificationDue]))
        let some = deadlines(campaign: testCampaign, state: state, now: now, excluding: kinds)
        #expect(some == all.filter { !kinds.contains($0.kind) })
    }

    /// Updating a list after each event with only the touched alerts and requests gives
    /// the list computed whole (what the dashboard does on live events at 1M events).
    @Test(arguments: [3, 8, 21] as [UInt64])
    func updatingForTouchedSubjectsEqualsRecomputing(seed: UInt64) {
        var feed = SyntheticFeed(campaign: testCampaign, seed: seed)
        var state = CampaignState.fold(feed.next(2500), campaign: testCampaign)
        let excluded: Set<Deadline.Kind> = [.acknowledgement, .focalOfficerNomination]
        let now = feed.now
        var list = deadlines(campaign: testCampaign, state: state, now: now, excluding: excluded)
        var kinds = Set<String>()
        for _ in 0..<600 {
            let e = feed.next()
            state.apply(e)
            kinds.insert(e.type)
            var alerts = Set<String>()
            var requests = Set<String>()
            for key in ["alert_id", "duplicate_id"] { if let id = e.payload[key]?.stringValue { alerts.insert(id) } }
            if let id = e.payload["request_id"]?.stringValue { requests.insert(id) }
            updateDeadlines(
                &list, campaign: testCampaign, state: state, now: now,
                concerningAlerts: alerts, requests: requests, excluding: excluded)
            #expect(
                list == deadlines(campaign: testCampaign, state: state, now: now, excluding: excluded),
                "after \(e.type) \(e.seq)")
        }
        #expect(kinds.isSuperset(of: ["alert.received", "alert.closed", "report.submitted", "verification.replied"]))
    }
}
