import DutyDeskJSON
import Testing

@testable import DutyDeskDomain

// Issue 11, item 6: Division 1's units view — each unit's desks, last contact, focal
// officer, rapid reports due or overdue and open alerts (`CampaignState.unitSummaries`).

@Suite struct UnitsTests {
    func seize(_ d: inout SharingDesk, _ id: String) {
        d.ok(.acknowledge(alertID: id))
        d.ok(
            .close(
                alertID: id,
                disposition: .seized(commodity: "ngà voi", species: [], quantity: [Measure(amount: "2", unit: "kg")])))
    }

    func summary(_ s: [UnitSummary], _ code: String) throws -> UnitSummary {
        try #require(s.first { $0.unit.code == code })
    }

    @Test func division1SeesEachUnitsDesksContactFocalOfficerRapidReportsAndOpenAlerts() throws {
        var hq05 = SharingDesk("HQ05")
        var hq05b = SharingDesk("HQ05B", unit: "HQ05")
        var hq04 = SharingDesk("HQ04")
        var p1 = SharingDesk("DTCBL-P1")
        // HQ05: two alerts, one seized (its rapid report outstanding); a focal officer.
        hq05.ok(.receiveAlert(sampleDetails()))
        hq05.ok(.receiveAlert(sampleDetails()))
        seize(&hq05, "HQ05-0002")
        hq05.ok(.nominateFocalOfficer(unit: "HQ05", name: "Nguyễn Văn An", position: "Đội trưởng", phone: "0912345678"))
        // HQ05's second desk: one open alert, heard from later.
        hq05b.now = hq05.now.adding(seconds: 600)
        hq05b.ok(.receiveAlert(sampleDetails()))
        // HQ04: a seizure whose rapid report was submitted; no focal officer.
        hq04.ok(.receiveAlert(sampleDetails()))
        seize(&hq04, "HQ04-0001")
        hq04.ok(.submitReport(kind: .rapid, unit: "HQ04", alertID: "HQ04-0001"))
        for d in [hq05, hq05b, hq04] { p1.receive(d.setup + d.shipped) }

        let early = p1.state.unitSummaries(at: hq05.now)
        let u5 = try summary(early, "HQ05")
        #expect(u5.desks.map(\.code) == ["HQ05", "HQ05B"])
        #expect(u5.desks.allSatisfy { !$0.isThisDesk })
        #expect(u5.lastContact == hq05b.shipped.last?.at)
        #expect(u5.desks[0].lastRecordAt == hq05.shipped.last?.at)
        #expect(u5.focalOfficer?.name == "Nguyễn Văn An" && u5.nominates)
        #expect(u5.alertsOpen == 2)
        #expect(u5.rapidReportsDue == 1 && u5.rapidReportsOverdue == 0)
        #expect(!u5.isThisUnit)

        let u4 = try summary(early, "HQ04")
        #expect(u4.focalOfficer == nil && u4.nominates)
        #expect(u4.alertsOpen == 0 && u4.rapidReportsDue == 0 && u4.rapidReportsOverdue == 0)

        // Division 1 itself: this desk, no contact of its own, nominates no focal officer.
        let d1 = try summary(early, "DTCBL-P1")
        #expect(d1.isThisUnit && d1.desks.map(\.isThisDesk) == [true] && d1.lastContact == nil)
        #expect(!d1.nominates)
        // A unit with no desk.
        let quiet = try summary(early, "HQ07")
        #expect(quiet.desks.isEmpty && quiet.lastContact == nil && quiet.alertsOpen == 0)
        // Every campaign unit, in the campaign's order.
        #expect(early.map(\.unit.code) == testCampaign.units.map(\.code))

        // A day after the seizure (86 400 s in the test campaign) the report is overdue.
        let seizedAt = try #require(p1.state.seizures["HQ05-0002"])
        let late = p1.state.unitSummaries(at: seizedAt.adding(seconds: 86_401))
        #expect(try summary(late, "HQ05").rapidReportsOverdue == 1)
        #expect(try summary(late, "HQ05").rapidReportsDue == 0)
        #expect(try summary(p1.state.unitSummaries(at: seizedAt.adding(seconds: 86_400)), "HQ05").rapidReportsDue == 1)
    }

    @Test func lastContactKeepsTheNewestRecordWhateverOrderTheyArriveIn() throws {
        var hq05 = SharingDesk("HQ05")
        var p1 = SharingDesk("DTCBL-P1")
        hq05.ok(.receiveAlert(sampleDetails()))
        hq05.ok(.acknowledge(alertID: "HQ05-0001"))
        let newest = try #require(hq05.shipped.last?.at)
        p1.receive(hq05.setup + hq05.shipped.reversed())
        #expect(p1.state.lastContact["HQ05"] == newest)
        // This log's own records are no contact.
        #expect(p1.state.lastContact["DTCBL-P1"] == nil)
        #expect(hq05.state.lastContact.isEmpty)
    }

    @Test func aUnitADeskNamesThatTheCampaignDoesNotListIsShownAfterTheCampaignsUnits() throws {
        // The campaign file of the sending desk may list a unit this one's does not.
        let e = DomainEvent.deskConfigured(DeskConfigured(unit: "ZZ9", desk: "ZZ9"))
        var p1 = SharingDesk("DTCBL-P1")
        p1.receive([
            RecordedEvent(
                seq: 1, id: "ZZ9-ev1", type: e.type, at: p1.now, actor: "setup", payload: e.payload,
                origin: EventOrigin(desk: "ZZ9", seq: 1))
        ])
        let units = p1.state.knownUnits
        #expect(units.count == testCampaign.units.count + 1)
        #expect(units.last?.code == "ZZ9")
        #expect(p1.state.unitSummaries(at: p1.now).last?.desks.map(\.code) == ["ZZ9"])
    }

    @Test func theLastContactsSurviveTheSnapshot() throws {
        var hq05 = SharingDesk("HQ05")
        var p1 = SharingDesk("DTCBL-P1")
        hq05.ok(.receiveAlert(sampleDetails()))
        p1.receive(hq05.setup + hq05.shipped)
        let body = p1.state.snapshotBody()
        let back = try CampaignState(snapshotBody: body, campaign: testCampaign)
        #expect(back.lastContact == p1.state.lastContact)
        #expect(back.lastContact["HQ05"] != nil)
        #expect(back == p1.state)
    }
}
