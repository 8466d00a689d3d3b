import DutyDeskJSON
import Testing

@testable import DutyDeskDomain

// Issue 11, item 4: who may read each record once it leaves the desk (`CampaignState.route`),
// and the copy without personal data for units that merely share an alert.

@Suite struct RoutingTests {
    /// A desk of unit HQ05 with one alert at `level`; its records and the state after each.
    func desk(_ level: SharingLevel = .amber) -> SharingDesk {
        var d = SharingDesk("HQ05")
        d.ok(.receiveAlert(sampleDetails(), sharing: level))
        return d
    }

    /// The route of the last record `d` stored, from the state after it.
    func lastRoute(_ d: SharingDesk, _ records: [RecordedEvent]) throws -> Route {
        let r = try #require(records.last)
        return d.state.route(of: try DomainEvent(r), origin: nil)
    }

    @Test func anAlertGoesAtItsLevelAndRedNeverLeaves() throws {
        for level in SharingLevel.allCases {
            var d = SharingDesk("HQ05")
            let r = d.ok(.receiveAlert(sampleDetails(), sharing: level))
            let route = try lastRoute(d, r)
            #expect(route.level == RouteLevel(level))
            if level == .red {
                #expect(route == .local)
            } else {
                #expect(route.subject == "HQ05-0001")
                #expect(route.personal)  // the sample names a person concerned
            }
        }
        var d = desk()
        var noPersons = sampleDetails()
        noPersons.persons = []
        let r = d.ok(.receiveAlert(noPersons))
        #expect(try lastRoute(d, r).personal == false)
    }

    @Test func assignmentsAndEscalationsRouteTheAlertToTheirUnitsFromThenOn() throws {
        var d = desk()
        d.ok(.acknowledge(alertID: "HQ05-0001"))
        let assigned = d.ok(.assign(alertID: "HQ05-0001", to: Assignee(kind: .unit, id: "HQ04")))
        #expect(try lastRoute(d, assigned).grants == ["HQ04"])
        let escalated = d.ok(.escalate(alertID: "HQ05-0001", to: .division1))
        #expect(try lastRoute(d, escalated).grants == ["DTCBL-P1", "HQ04"])
        // A later note goes to the same units; an assignment to an officer adds none.
        let officer = d.ok(.assign(alertID: "HQ05-0001", to: Assignee(kind: .officer, id: "lan")))
        #expect(try lastRoute(d, officer).grants == ["DTCBL-P1", "HQ04"])
        let note = d.ok(.addNote(alertID: "HQ05-0001", text: "x"))
        let route = try lastRoute(d, note)
        #expect(route == Route(level: .amber, subject: "HQ05-0001", grants: ["DTCBL-P1", "HQ04"]))
        // The receipt, asked again now, reaches them too.
        #expect(d.state.route(of: try DomainEvent(d.shipped[0]), origin: nil).grants == ["DTCBL-P1", "HQ04"])
        // An assignment to the owning unit itself grants nothing new.
        let own = d.ok(.assign(alertID: "HQ05-0001", to: Assignee(kind: .unit, id: "HQ05")))
        #expect(try lastRoute(d, own).grants == ["DTCBL-P1", "HQ04"])
    }

    @Test func amberStrictKeepsOnlyDivision1() throws {
        var d = desk(.amberStrict)
        d.ok(.acknowledge(alertID: "HQ05-0001"))
        let r = d.ok(.assign(alertID: "HQ05-0001", to: Assignee(kind: .unit, id: "HQ04")))
        #expect(try lastRoute(d, r) == Route(level: .amberStrict, subject: "HQ05-0001", grants: ["DTCBL-P1"]))
    }

    @Test func aLevelChangeGoesAtTheWidestLevelTheAlertHeldSoThoseWhoHadItLearnItNarrowed() throws {
        var d = desk(.green)
        let toRed = d.ok(.changeSharing(alertID: "HQ05-0001", level: .red))
        #expect(try lastRoute(d, toRed).level == .green)
        // Every other record on it now stays here.
        let note = d.ok(.addNote(alertID: "HQ05-0001", text: "x"))
        #expect(try lastRoute(d, note) == .local)
        // A red alert widened by its owner: the change goes at the new level.
        var r = desk(.red)
        let widened = r.ok(.changeSharing(alertID: "HQ05-0001", level: .amber))
        #expect(try lastRoute(r, widened).level == .amber)
    }

    @Test func requestsReportsAndNominationsGoThroughDivision1() throws {
        var d = desk()
        let opened = d.ok(
            .openVerification(direction: .outgoing, counterpart: "INTERPOL", subject: "Xác minh", openedAt: d.now))
        let req = try #require(d.state.verifications.keys.first)
        #expect(try lastRoute(d, opened) == Route(level: .amberStrict, subject: req, grants: ["DTCBL-P1"]))
        let replied = d.ok(.replyVerification(requestID: req, summary: "ok"))
        #expect(try lastRoute(d, replied) == Route(level: .amberStrict, subject: req, grants: ["DTCBL-P1"]))
        let closed = d.ok(.closeVerification(requestID: req))
        #expect(try lastRoute(d, closed) == Route(level: .amberStrict, subject: req, grants: ["DTCBL-P1"]))
        let nominated = d.ok(
            .nominateFocalOfficer(unit: "HQ05", name: "Trần Văn B", position: "Đội trưởng", phone: "0912345678"))
        #expect(try lastRoute(d, nominated) == Route(level: .amberStrict, grants: ["DTCBL-P1"], personal: true))
        let final = d.ok(.submitReport(kind: .final))
        #expect(try lastRoute(d, final) == Route(level: .amberStrict, grants: ["DTCBL-P1"]))
        d.ok(.acknowledge(alertID: "HQ05-0001"))
        d.ok(
            .close(
                alertID: "HQ05-0001",
                disposition: .seized(commodity: "ngà", species: [], quantity: [Measure(amount: "1", unit: "kg")])))
        let rapid = d.ok(.submitReport(kind: .rapid, alertID: "HQ05-0001"))
        #expect(try lastRoute(d, rapid) == Route(level: .amberStrict, subject: "HQ05-0001", grants: ["DTCBL-P1"]))
    }

    @Test func desksGoEverywhereAndTheRestStaysHere() throws {
        var d = SharingDesk("HQ05")
        let configured = try DomainEvent(
            try #require(
                d.state.desk.map { _ in
                    RecordedEvent(
                        seq: 1, id: "x", type: "desk.configured", at: d.now, actor: "a",
                        payload: DomainEvent.deskConfigured(DeskConfigured(unit: "HQ05", desk: "HQ05")).payload)
                }))
        #expect(d.state.route(of: configured, origin: nil) == Route(level: .campaign))
        #expect(d.state.route(of: .unknown("desk.keyed", .object([])), origin: nil) == Route(level: .campaign))
        let drill = d.ok(.startDrill(drillAt: d.now, realAt: d.now))
        #expect(try lastRoute(d, drill) == .local)
        for t in ["log.recovered", "network.pulled", "something.else"] {
            #expect(d.state.route(of: .unknown(t, .object([])), origin: nil) == .local)
        }
        // Another desk's record is never pushed again by this one, whatever it is.
        #expect(d.state.route(of: configured, origin: EventOrigin(desk: "HQ04", seq: 3)) == .local)
        let r = d.ok(.receiveAlert(sampleDetails(), sharing: .clear))
        #expect(
            d.state.route(of: try DomainEvent(try #require(r.last)), origin: EventOrigin(desk: "HQ04", seq: 1))
                == .local)
        // An event on an alert this state does not hold stays here.
        #expect(d.state.route(of: .alertAcknowledged(AlertAcknowledged(alertID: "ZZ-1")), origin: nil) == .local)
    }

    @Test func aMergeGoesAtTheNarrowerLevelOfItsTwoAlerts() throws {
        var d = SharingDesk("HQ05")
        d.ok(.receiveAlert(sampleDetails(), sharing: .green))
        d.ok(.receiveAlert(sampleDetails(), sharing: .amberStrict))
        let merged = d.ok(.merge(duplicate: "HQ05-0002", into: "HQ05-0001"))
        #expect(try lastRoute(d, merged) == Route(level: .amberStrict, subject: "HQ05-0001", grants: ["DTCBL-P1"]))
        d.ok(.receiveAlert(sampleDetails(), sharing: .red))
        d.ok(.reopen(alertID: "HQ05-0002", reason: "khác"))
        let toRed = d.ok(.merge(duplicate: "HQ05-0002", into: "HQ05-0003"))
        #expect(try lastRoute(d, toRed) == .local)
    }

    @Test func theCopyForSharingUnitsHasNoPersonalData() throws {
        let received = DomainEvent.alertReceived(
            AlertReceived(alertID: "A-1", details: sampleDetails(), sharing: .green))
        guard case .alertReceived(let p) = redactingPersonalData(received) else {
            Issue.record("not a receipt")
            return
        }
        #expect(p.details.persons.isEmpty)
        #expect(p.details.subject == sampleDetails().subject)
        #expect(p.sharing == .green)
        let text = String(describing: redactingPersonalData(received).payload)
        #expect(!text.contains("Nguyễn Văn A") && !text.contains("C1234567"))
        let nominated = DomainEvent.focalOfficerNominated(
            FocalOfficerNominated(
                unit: "HQ05", name: "Trần Văn B", position: "Đội trưởng", phone: "0912", email: "b@x.vn"))
        let red = redactingPersonalData(nominated)
        let payload = String(describing: red.payload)
        #expect(!payload.contains("Trần Văn B") && !payload.contains("0912") && !payload.contains("b@x.vn"))
        #expect(payload.contains("Đội trưởng") && payload.contains("HQ05"))
        let note = DomainEvent.alertNoteAdded(AlertNoteAdded(alertID: "A-1", text: "x"))
        #expect(redactingPersonalData(note) == note)
    }
}

@Suite struct SharingSnapshotTests {
    @Test func levelsAndOwningDesksSurviveASnapshotAndPlainBodiesAreUnchanged() throws {
        var plain = SharingDesk("HQ05")
        plain.ok(.receiveAlert(sampleDetails()))
        let plainBody = plain.state.snapshotBody()
        var d = plain
        d.ok(.receiveAlert(sampleDetails(), sharing: .red))
        d.ok(.changeSharing(alertID: "HQ05-0001", level: .green))
        var other = SharingDesk("HQ04")
        d.receive(other.ok(.receiveAlert(sampleDetails())))
        let back = try CampaignState(snapshotBody: d.state.snapshotBody(), campaign: testCampaign)
        #expect(back == d.state)
        #expect(back.alerts["HQ04-0001"]?.ownerDesk == "HQ04")
        #expect(back.alerts["HQ05-0002"]?.receivedSharing == .red)
        #expect(back.alerts["HQ05-0001"]?.sharing == .green)
        // An alert of this desk at amber needs no entry in the sharing section.
        #expect(plainBody.last == 0)
        #expect(plainBody.count < d.state.snapshotBody().count)
        let plainBack = try CampaignState(snapshotBody: plainBody, campaign: testCampaign)
        #expect(plainBack == plain.state)
        #expect(plainBack.alerts["HQ05-0001"]?.ownerDesk == "HQ05")
    }

    @Test func aDeskRecordedAfterItsAlertsOwnsThem() {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails()))
        #expect(h.state.alerts["A-0001"]?.ownerDesk == "")
        h.ok(.configureDesk(unit: "HQ05"))
        #expect(h.state.alerts["A-0001"]?.ownerDesk == "HQ05")
        #expect(h.state.mayWidenSharing(of: h.state.alerts["A-0001"]!))
    }
}

@Suite struct RoutingPropertyTests {
    /// Random actions and level changes on a desk's alerts: every record's route keeps the
    /// rules whatever the history — an alert at `red` never leaves (but for the change that made
    /// it red from a wider level), no route is wider than the widest level its alert held,
    /// `amber+strict` is granted to Division 1 alone, the owning unit is never a grant, grants
    /// are sorted and unique, and a local route carries nothing.
    @Test func routesKeepTheRulesOnRandomHistories() throws {
        let levels = SharingLevel.allCases
        for seed in 0..<30 {
            var rng = SeededGenerator(seed: UInt64(seed) &+ 101)
            var d = SharingDesk("HQ05")
            var records: [RecordedEvent] = []
            for _ in 0..<3 { records += d.ok(.receiveAlert(sampleDetails(), sharing: rng.pick(levels))) }
            for _ in 0..<25 {
                let id = "HQ05-000\(1 + rng.below(3))"
                let c: Command
                switch rng.below(7) {
                case 0: c = .acknowledge(alertID: id)
                case 1: c = .assign(alertID: id, to: Assignee(kind: .unit, id: rng.pick(["HQ04", "HQHN", "HQ05"])))
                case 2: c = .escalate(alertID: id, to: rng.pick(EscalationTarget.allCases))
                case 3: c = .addNote(alertID: id, text: "n")
                case 4: c = .merge(duplicate: id, into: "HQ05-000\(1 + rng.below(3))")
                default: c = .changeSharing(alertID: id, level: rng.pick(levels))
                }
                if case .success(let r) = d.run(c) { records += r }
            }
            for r in records {
                let event = try DomainEvent(r)
                let route = d.state.route(of: event, origin: nil)
                let id = event.subjects.alertID
                let alert = id.flatMap { d.state.alerts[$0] }
                #expect(route.grants == Array(Set(route.grants)).sorted())
                #expect(!route.grants.contains("HQ05"))
                if route.level == .local {
                    #expect(route == .local)
                    continue
                }
                if route.level == .amberStrict { #expect(route.grants == ["DTCBL-P1"]) }
                guard let a = alert else { continue }
                if case .alertSharingChanged = event {
                    #expect(route.level == RouteLevel(d.state.widestSharing(of: a)))
                } else if case .alertMerged = event {
                    #expect(RouteLevel(a.sharing) != .local)
                } else {
                    #expect(route.level == RouteLevel(a.sharing), "seed \(seed) \(r.type)")
                    #expect(a.sharing != .red)
                }
            }
        }
    }
}
