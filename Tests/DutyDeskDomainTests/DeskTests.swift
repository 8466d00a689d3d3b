// Desks, desk-prefixed ids, bare-number ids, the drill clock and the feed deciding against a
// shared log (issue 10, items 1, 2 and 6; decision 0011).
import DutyDeskJSON
import Testing

@testable import DutyDeskDomain

@Suite struct DeskIDTests {
    func request(_ h: inout Harness) {
        h.ok(.openVerification(direction: .incoming, counterpart: "INTERPOL", subject: "Ivory"))
    }

    @Test func withoutADeskIdsAreAsBefore() {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails()))
        request(&h)
        #expect(h.state.alerts["A-0001"] != nil)
        #expect(h.state.verifications["V-0001"] != nil)
        #expect(h.state.nextAlertID == "A-0002")
        #expect(h.state.nextRequestID == "V-0002")
    }

    @Test func aDeskPrefixesTheIdsItMints() {
        var h = Harness()
        h.ok(.configureDesk(unit: "HQHN"))
        h.ok(.receiveAlert(sampleDetails()))
        h.ok(.receiveAlert(sampleDetails()))
        request(&h)
        #expect(h.state.desk == DeskConfiguration(unit: "HQHN", desk: "HQHN"))
        #expect(Set(h.state.alerts.keys) == ["HQHN-0001", "HQHN-0002"])
        #expect(h.state.verifications["HQHN-V0001"] != nil)
        #expect(h.state.nextAlertID == "HQHN-0003")
    }

    @Test func aUnitsSecondDeskHasItsOwnCode() {
        var h = Harness()
        h.ok(.configureDesk(unit: "HQHN", desk: "HQHN2"))
        h.ok(.receiveAlert(sampleDetails()))
        #expect(h.state.alerts["HQHN2-0001"] != nil)
    }

    /// The count is this desk's highest number + 1: other desks' ids and the old `A-` ids
    /// never move it; the desk's own ids received before the desk was recorded do.
    @Test func numberingCountsOnlyThisDesksPrefix() {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails()))  // A-0001
        h.ok(.receiveAlert(sampleDetails(), alertID: "HQHN-0041"))
        h.ok(.receiveAlert(sampleDetails(), alertID: "HQHCM-0900"))
        h.ok(.receiveAlert(sampleDetails(), alertID: "HQHN-V0500"))
        h.ok(.configureDesk(unit: "HQHN"))
        #expect(h.state.deskAlertNumber == 41)
        h.ok(.receiveAlert(sampleDetails(), alertID: "HQHCM-0901"))
        h.ok(.receiveAlert(sampleDetails()))
        #expect(h.state.alerts["HQHN-0042"] != nil)
        #expect(h.state.maxAlertNumber == 1)
        request(&h)
        #expect(h.state.verifications["HQHN-V0001"] != nil)
    }

    /// A desk's key: recorded with the desk, or later in place (`desk.keyed`), once.
    @Test func aDeskIsKeyedOnce() {
        var h = Harness()
        #expect(h.refused(.keyDesk(publicKey: "K1")) == .deskNotConfigured)
        h.ok(.configureDesk(unit: "HQHN", name: "Bàn trực Hà Nội"))
        #expect(h.state.desk?.publicKey == nil && h.state.desk?.name == "Bàn trực Hà Nội")
        h.ok(.keyDesk(publicKey: "K1"))
        #expect(h.state.desk?.publicKey == "K1" && h.state.publicKey(ofDesk: "HQHN") == "K1")
        #expect(h.refused(.keyDesk(publicKey: "K2")) == .deskAlreadyKeyed("HQHN"))
        // Another writer's second key is skipped by the fold.
        let other = DomainEvent.deskKeyed(DeskKeyed(publicKey: "K2"))
        let e = RecordedEvent(seq: 3, id: "y", type: other.type, at: h.now, actor: "o", payload: other.payload)
        #expect(h.state.apply(e).outcome == .skipped)
        #expect(h.state.desk?.publicKey == "K1")
        var k = Harness()
        k.ok(.configureDesk(unit: "HQHCM", publicKey: "K3"))
        #expect(k.refused(.keyDesk(publicKey: "K4")) == .deskAlreadyKeyed("HQHCM"))
        #expect(k.state.directory == ["HQHCM": DeskEntry(unit: "HQHCM", publicKey: "K3")])
    }

    /// Another desk's desk.configured and desk.keyed (with an origin) fill the directory and
    /// never configure this log's desk, with a desk of its own or without.
    @Test func anotherDesksDeskRecordsFillTheDirectory() throws {
        for own in [true, false] {
            var h = Harness()
            if own { h.ok(.configureDesk(unit: "HQHN")) }
            func theirs(_ ev: DomainEvent, _ seq: Int, from desk: String) -> RecordedEvent {
                RecordedEvent(
                    seq: h.state.lastSeq + 1, id: "\(desk)-\(seq)", type: ev.type, at: h.now, actor: "ls.minh",
                    payload: ev.payload, origin: EventOrigin(desk: desk, seq: seq))
            }
            let ls = DomainEvent.deskConfigured(DeskConfigured(unit: "HQLS", desk: "HQLS", name: "Hữu Nghị"))
            #expect(h.state.apply(theirs(ls, 1, from: "HQLS")).outcome != .skipped)
            #expect(h.state.apply(theirs(.deskKeyed(DeskKeyed(publicKey: "KLS")), 2, from: "HQLS")).outcome != .skipped)
            // One that claims another desk than its origin, or this log's own desk: skipped.
            let qn = DomainEvent.deskConfigured(DeskConfigured(unit: "HQQN", desk: "HQQN"))
            #expect(h.state.apply(theirs(qn, 1, from: "HQLS2")).outcome == .skipped)
            if own {
                let me = DomainEvent.deskConfigured(DeskConfigured(unit: "HQHN", desk: "HQHN", publicKey: "X"))
                #expect(h.state.apply(theirs(me, 1, from: "HQHN")).outcome == .skipped)
            }
            #expect(h.state.desk?.desk == (own ? "HQHN" : nil))
            #expect(h.state.desk?.publicKey == nil)
            #expect(h.state.unit(ofDesk: "HQLS") == "HQLS" && h.state.publicKey(ofDesk: "HQLS") == "KLS")
            #expect(h.state.directory["HQLS"]?.name == "Hữu Nghị")
            #expect(h.state.directory.count == (own ? 2 : 1))
            h.ok(.receiveAlert(sampleDetails()))
            #expect(h.state.alerts[own ? "HQHN-0001" : "A-0001"] != nil)
            let back = try CampaignState(snapshotBody: h.state.snapshotBody(), campaign: testCampaign)
            #expect(back == h.state)
            // A log without a desk cannot take the code of a desk whose records it holds.
            if !own {
                let hcm = DomainEvent.deskConfigured(DeskConfigured(unit: "HQHCM", desk: "HQHCM"))
                #expect(h.state.apply(theirs(hcm, 1, from: "HQHCM")).outcome != .skipped)
                #expect(h.refused(.configureDesk(unit: "HQHCM")) == .deskCodeTaken("HQHCM"))
                #expect(h.refused(.configureDesk(unit: "HQHCM", desk: "HQHCM2")) == nil)
                #expect(h.state.desk?.desk == "HQHCM2")
            }
        }
    }

    @Test func theFirstDeskWins() {
        var h = Harness()
        h.ok(.configureDesk(unit: "HQHN"))
        #expect(h.refused(.configureDesk(unit: "HQHCM")) == .deskAlreadyConfigured("HQHN"))
        // A second record from another writer is skipped by the fold.
        let other = DomainEvent.deskConfigured(DeskConfigured(unit: "HQHCM", desk: "HQHCM"))
        let e = RecordedEvent(
            seq: 2, id: "x", type: other.type, at: h.now, actor: "officer.minh", payload: other.payload)
        let change = h.state.apply(e)
        #expect(change.outcome == .skipped)
        #expect(h.state.desk?.desk == "HQHN")
        h.ok(.receiveAlert(sampleDetails()))
        #expect(h.state.alerts["HQHN-0001"] != nil)
    }

    @Test func badDeskCodesAndUnknownUnitsAreRefused() {
        var h = Harness()
        for bad in ["hq", "H", "HQ HN", "HQHN_2", "ABCDEFGHIJKLMNOPQ", "ĐHN"] {
            #expect(h.refused(.configureDesk(unit: "HQHN", desk: bad)) == .badDeskCode(bad), "\(bad)")
        }
        #expect(h.refused(.configureDesk(unit: "XX99")) == .unknownUnit("XX99"))
        #expect(DeskCode.isValid("DTCBL-P1"))
        #expect(DeskCode.isValid("HQLS2"))
    }

    @Test func numbersAreDigitsOnly() {
        #expect(DeskCode.number("HQHN-0042", prefix: "HQHN-") == 42)
        #expect(DeskCode.number("HQHN--0042", prefix: "HQHN-") == nil)
        #expect(DeskCode.number("HQHN-+42", prefix: "HQHN-") == nil)
        #expect(DeskCode.number("HQHN-V0007", prefix: "HQHN-") == nil)
        #expect(DeskCode.number("HQHN-", prefix: "HQHN-") == nil)
    }

    /// `42` names this desk's HQHN-0042 on every command (resolved in `decide`).
    @Test func aBareNumberIsThisDesksID() {
        var h = Harness()
        h.ok(.configureDesk(unit: "HQHN"))
        h.ok(.receiveAlert(sampleDetails()))
        h.ok(.receiveAlert(sampleDetails()))
        request(&h)
        h.ok(.acknowledge(alertID: "2"))
        #expect(h.state.alerts["HQHN-0002"]?.lifecycle.status == .acknowledged)
        h.ok(.addNote(alertID: "0001", text: "gọi lại"))
        #expect(h.state.alerts["HQHN-0001"]?.notes.count == 1)
        h.ok(.close(alertID: "2", disposition: .duplicateOf("1")))
        #expect(h.state.alerts["HQHN-0002"]?.lifecycle.mergedInto == "HQHN-0001")
        h.ok(.replyVerification(requestID: "V1", summary: "ok"))
        h.ok(.closeVerification(requestID: "1"))
        #expect(h.state.verifications["HQHN-V0001"]?.status == .closed)
        #expect(h.refused(.acknowledge(alertID: "77")) == .noAlert("HQHN-0077"))
        #expect(h.state.resolveAlertID("A-0001") == "A-0001")
    }

    @Test func aBareNumberWithoutADeskIsTheOldID() {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails()))
        h.ok(.acknowledge(alertID: "1"))
        #expect(h.state.alerts["A-0001"]?.lifecycle.status == .acknowledged)
        #expect(h.state.resolveRequestID("7") == "V-0007")
    }

    @Test func aSnapshotKeepsTheDeskAndTheDrillClock() throws {
        var h = Harness()
        h.ok(.startDrill(drillAt: ts("2021-09-01T07:45:00+07:00"), realAt: ts("2026-12-01T23:00:00Z")))
        h.ok(.configureDesk(unit: "HQHN", desk: "HQHN2"))
        h.ok(.receiveAlert(sampleDetails()))
        request(&h)
        let back = try CampaignState(snapshotBody: h.state.snapshotBody(), campaign: testCampaign)
        #expect(back == h.state)
        #expect(back.desk?.desk == "HQHN2")
        #expect(back.deskAlertNumber == 1)
        #expect(back.deskRequestNumber == 1)
        #expect(back.drillClock?.drillAt == ts("2021-09-01T07:45:00+07:00"))
    }
}

@Suite struct DrillClockTests {
    @Test func theDrillClockRunsOnFromItsStart() {
        let d = DrillStarted(drillAt: ts("2021-09-01T07:45:00+07:00"), realAt: ts("2026-12-01T23:00:00Z"))
        #expect(d.drillInstant(atReal: ts("2026-12-01T23:10:30Z")) == ts("2021-09-01T07:55:30+07:00"))
    }

    @Test func theLastDrillStartWins() {
        var h = Harness()
        h.ok(.startDrill(drillAt: ts("2021-09-01T07:45:00+07:00"), realAt: ts("2026-12-01T23:00:00Z")))
        h.ok(.startDrill(drillAt: ts("2021-09-04T16:30:00+07:00"), realAt: ts("2026-12-01T23:05:00Z")))
        #expect(h.state.drillClock?.drillAt == ts("2021-09-04T16:30:00+07:00"))
    }

    @Test func aClockMoreThanAMinuteBehindIsSaid() throws {
        let last = ts("2021-09-01T08:03:00+07:00").epochNanoseconds
        #expect(ClockBehind.check(clock: ts("2021-09-01T08:02:00+07:00"), lastRecordNanos: last) == nil)
        #expect(ClockBehind.check(clock: ts("2021-09-01T08:03:30+07:00"), lastRecordNanos: last) == nil)
        #expect(ClockBehind.check(clock: ts("2021-09-01T08:00:00+07:00"), lastRecordNanos: nil) == nil)
        let b = try #require(ClockBehind.check(clock: ts("2021-09-01T08:00:00+07:00"), lastRecordNanos: last))
        #expect(
            b.text(.en, zone: .ict)
                == "the clock (01/09/2021 08:00 ICT) is 3 min behind the log's last record (01/09/2021 08:03 ICT); the record is stamped with the log's time. Check the machine's clock, or give --now."
        )
        #expect(b.text(.vi, zone: .ict).hasPrefix("đồng hồ (01/09/2021 08:00 ICT) chậm 3 phút"))
    }
}

@Suite struct LiveFeedTests {
    /// Alone, the feed started from a desk's state mints the desk's ids.
    @Test func theFeedMintsTheDesksIDs() {
        var h = Harness()
        h.ok(.configureDesk(unit: "HQHN"))
        var feed = SyntheticFeed(campaign: testCampaign, seed: 5, start: h.now, meanGapSeconds: 30, state: h.state)
        let events = feed.next(300)
        let ids = feed.state.alerts.keys.sorted()
        #expect(!ids.isEmpty)
        #expect(ids.allSatisfy { $0.hasPrefix("HQHN-") })
        #expect(events.first?.seq == 2)
        #expect(feed.state.verifications.keys.allSatisfy { $0.hasPrefix("HQHN-V") })
    }

    /// The feed proposes, the log decides: ids come from the log's state (an officer's
    /// alert numbered in between moves them on), and the feed never acts on an alert an
    /// officer touched.
    @Test func theFeedDecidesAgainstTheLogAndLeavesTheOfficersAlertsAlone() {
        var log = Harness()
        log.ok(.configureDesk(unit: "HQHN"))
        var feed = SyntheticFeed(campaign: testCampaign, seed: 11, start: log.now, meanGapSeconds: 20, state: log.state)
        var touched: [String: AlertLifecycle] = [:]
        var feedIDs = 0
        for step in 0..<400 {
            // Every tenth step an officer adds an alert, acknowledges and snoozes it.
            if step % 10 == 0 {
                log.ok(.receiveAlert(sampleDetails(at: log.now)), as: "duty1")
                let id = log.state.alertID(number: log.state.highestAlertNumber)
                log.ok(.acknowledge(alertID: id), as: "duty1")
                log.ok(.snooze(alertID: id, until: log.now.adding(seconds: 86_400)), as: "duty1")
                touched[id] = log.state.alerts[id]?.lifecycle
            }
            guard let p = feed.nextProposal() else { break }
            log.now = max(log.now, p.at)
            // What other writers appended since the feed last looked.
            for e in log.events where e.seq > feed.state.lastSeq { feed.absorb(e) }
            var n = 0
            guard
                case .success(let events) = decide(
                    p.command, state: log.state, actor: p.actor, now: log.now,
                    newID: {
                        n += 1
                        return "feed-\(step)-\(n)"
                    }),
                feed.mayApply(events, to: log.state, at: log.now, actor: p.actor)
            else { continue }
            for ev in events {
                let r = RecordedEvent(
                    seq: log.events.count + 1, id: ev.id, type: ev.type, at: log.now, actor: p.actor,
                    payload: ev.payload)
                log.events.append(r)
                log.state.apply(r)
                feed.absorb(r)
                feedIDs += 1
            }
        }
        #expect(feedIDs > 100)
        #expect(log.state.skippedCount == 0)
        let received = log.events.filter { $0.type == EventType.alertReceived }
        #expect(Set(received.map { $0.subjects.alertID }).count == received.count)
        for (id, lifecycle) in touched {
            #expect(log.state.alerts[id]?.lifecycle == lifecycle, "\(id)")
            #expect(log.state.alerts[id]?.timeline.allSatisfy { $0.actor == "duty1" } == true, "\(id)")
        }
        #expect(feed.state == log.state)
    }
}

@Suite struct ContinuedFeedTests {
    /// A feed started from a log's state (a continued drill) acts on the feed's alerts it
    /// finds there, never on an officer's.
    @Test func aContinuedFeedActsOnWhatItFindsButNotOnTheOfficers() {
        var first = SyntheticFeed(campaign: testCampaign, seed: 3, start: ts("2021-09-01T08:00:00+07:00"))
        _ = first.next(200)
        var state = first.state
        let officer = DomainEvent.alertReceived(
            AlertReceived(alertID: "HAND-0001", details: sampleDetails(at: first.now)))
        state.apply(
            RecordedEvent(
                seq: state.lastSeq + 1, id: "hand", type: officer.type, at: first.now, actor: "duty1",
                payload: officer.payload))
        var feed = SyntheticFeed(campaign: testCampaign, seed: 4, start: first.now, state: state)
        let before = Set(state.alerts.keys)
        let events = feed.next(300)
        let touchedOld = events.filter { e in
            e.type != EventType.alertReceived && before.contains(e.subjects.alertID ?? "")
        }
        #expect(!touchedOld.isEmpty, "the continued feed acts on the alerts it found")
        #expect(feed.state.alerts["HAND-0001"]?.timeline.count == 1)
    }
}
