import DutyDeskJSON
import Testing

@testable import DutyDeskDomain

// Issue 11, item 5: the owning unit decides an alert's lifecycle; another unit's actions are
// proposals it accepts or declines; every desk folds them alike, whatever the arrival order.
// The alerts of `sharedHistory()` are HQHN's; HQHN-LS and HQHN-QN are desks of HQHN, HQ05 and
// HQHCM desks of other units.

/// The shared history, then HQ05's proposals: acknowledge A-0001 (proposal 1 on it), escalate
/// A-0002 to Division 1 (proposal 1 on it). Returns the records and HQ05's desk, which goes on.
func proposalHistory(_ t0: RFC3339Timestamp) -> ([RecordedEvent], Desk) {
    let shared = sharedHistory()
    var f = Desk("HQ05", shared: shared, now: t0)
    f.run(.acknowledge(alertID: "A-0001"), as: "hq05.an")
    f.run(.escalate(alertID: "A-0002", to: .division1), as: "hq05.an")
    let out = shared + f.own
    f.own = []
    return (out, f)
}

@Suite struct ProposalRuleTests {
    let t0 = ts("2021-09-01T09:00:00+07:00")

    /// Both arrival orders of two streams give the same projection (at Division 1's desk).
    func bothOrders(_ a: [RecordedEvent], _ b: [RecordedEvent], shared: [RecordedEvent]) -> CampaignState {
        let one = readingDesk(shared + a + b)
        let two = readingDesk(shared + b + a)
        let d1 = canonicalDescription(one, shared + a + b)
        let d2 = canonicalDescription(two, shared + b + a)
        #expect(d1 == d2, "\(differing(d1, d2))")
        return one
    }

    @Test func anotherUnitsActionIsAProposalOnEveryDeskAndChangesNothing() {
        let (history, f) = proposalHistory(t0)
        // On the proposer's own desk, on the owner's, and at Division 1: listed, nothing changed.
        let owner = Desk("HQHN-LS", shared: history, now: t0)
        for s in [f.state, owner.state, readingDesk(history)] {
            let a1 = s.alerts["A-0001"]
            #expect(a1?.lifecycle.status == .received)
            #expect(a1?.lifecycle.owner == nil)
            #expect(a1?.openProposalCount == 1)
            let p = a1.map { s.proposals(of: $0) }
            #expect(p?.map(\.status) == [.open])
            #expect(p?.first?.desk == "HQ05")
            #expect(p?.first?.action == .acknowledge)
            #expect(p?.first?.event.actor == "hq05.an")
            #expect(s.alerts["A-0002"]?.lifecycle.escalations == [])
            #expect(s.alerts["A-0002"].map { s.proposals(of: $0).first?.action } == .escalate(.division1))
            #expect(s.awaitingAcknowledgement.contains("A-0001"))
        }
        #expect(f.state.proposes(on: f.state.alerts["A-0001"]!))
        #expect(!owner.state.proposes(on: owner.state.alerts["A-0001"]!))
    }

    @Test func acceptingAppliesTheProposedActionAsTheOwnersAndEveryDeskAgrees() {
        let (history, _) = proposalHistory(t0)
        var owner = Desk("HQHN-LS", shared: history, now: t0)
        let a = owner.run(.answerProposal(alertID: "A-0001", proposal: "1", accept: true), as: "ls.minh")
        #expect(a.count == 1)
        #expect(a.first?.type == EventType.alertProposalAnswered)
        for s in [owner.state, readingDesk(history + a)] {
            let al = s.alerts["A-0001"]
            #expect(al?.lifecycle.status == .acknowledged)
            #expect(al?.lifecycle.owner == "ls.minh")
            #expect(al.map { s.proposals(of: $0).map(\.status) } == [.accepted])
            #expect(al?.openProposalCount == 0)
            #expect(!s.awaitingAcknowledgement.contains("A-0001"))
        }
        // The owner's undo point is the acceptance: undo restores the alert as received.
        let u = owner.run(.undo, as: "ls.minh")
        #expect(u.count == 1)
        #expect(owner.state.alerts["A-0001"]?.lifecycle.status == .received)
    }

    @Test func decliningKeepsTheAlertAndRecordsTheReason() {
        let (history, _) = proposalHistory(t0)
        var owner = Desk("HQHN-LS", shared: history, now: t0)
        let a = owner.run(
            .answerProposal(alertID: "A-0002", proposal: "#1", accept: false, reason: "đã có cán bộ xử lý"),
            as: "ls.minh")
        let s = readingDesk(history + a)
        let al = s.alerts["A-0002"]
        #expect(al?.lifecycle.escalations == [])
        let p = al.map { s.proposals(of: $0) }
        #expect(p?.map(\.status) == [.declined])
        #expect(p?.first?.reason == "đã có cán bộ xử lý")
        #expect(p?.first?.answer?.actor == "ls.minh")
    }

    /// Two owner desks apart answer one proposal: the first in canonical order stands (HQHN-LS
    /// sorts first), the other is a conflict; both arrival orders agree.
    @Test func aProposalAnsweredTwiceKeepsTheFirstAnswerAndShowsTheOther() {
        let (history, _) = proposalHistory(t0)
        var x = Desk("HQHN-LS", shared: history, now: t0)
        var y = Desk("HQHN-QN", shared: history, now: t0)
        let a = x.run(.answerProposal(alertID: "A-0002", proposal: "1", accept: false, reason: "không cần"), as: "ls.a")
        let b = y.run(.answerProposal(alertID: "A-0002", proposal: "1", accept: true), as: "qn.b")
        let s = bothOrders(a, b, shared: history)
        let al = s.alerts["A-0002"]
        #expect(al.map { s.proposals(of: $0).map(\.status) } == [.declined])
        #expect(al?.lifecycle.escalations == [])
        #expect(al?.conflicts.map(\.kind) == [.proposalAnswered])
        #expect(al?.conflicts.first?.event.actor == "qn.b")
        #expect(al?.conflicts.first?.standing.actor == "ls.a")
    }

    /// The proposer withdraws while the owner, apart, accepts: the first in canonical order stands.
    @Test func aWithdrawalAndAnAnswerApartKeepTheFirst() {
        let (history, proposer) = proposalHistory(t0)
        var f = proposer
        var x = Desk("HQHN-LS", shared: history, now: t0)
        let a = x.run(.answerProposal(alertID: "A-0001", proposal: "1", accept: true), as: "ls.a")
        let b = f.run(.withdrawProposal(alertID: "A-0001", proposal: "1"), as: "hq05.an")
        #expect(a.count == 1 && b.count == 1)
        let s = bothOrders(a, b, shared: history)
        let al = s.alerts["A-0001"]
        // Same depth: HQ05 sorts before HQHN-LS, so the withdrawal stands.
        #expect(al.map { s.proposals(of: $0).map(\.status) } == [.withdrawn])
        #expect(al?.lifecycle.status == .received)
        #expect(al?.conflicts.map(\.kind) == [.proposalAnswered])
        // Nothing is deleted: the proposal and both answers stay on the timeline.
        #expect(al?.timeline.map(\.type).filter { $0 != EventType.alertReceived }.count == 3)
    }

    @Test func notesFromAnotherUnitAreKeptAsNotes() {
        let (history, proposer) = proposalHistory(t0)
        var f = proposer
        let n = f.run(.addNote(alertID: "A-0001", text: "tàu cập cảng lúc 10h"), as: "hq05.an")
        let s = readingDesk(history + n)
        #expect(s.alerts["A-0001"]?.notes.map(\.text) == ["tàu cập cảng lúc 10h"])
    }

    @Test func decideRefusesAnswersOutsideTheOwnerAndWithdrawalsOfOthers() {
        let (history, f) = proposalHistory(t0)
        func refusal(_ s: CampaignState, _ c: Command) -> DomainError? {
            if case .failure(let e) = decide(c, state: s, actor: "x", now: t0.adding(seconds: 600), newID: { "id" }) {
                return e
            }
            return nil
        }
        let accept = Command.answerProposal(alertID: "A-0001", proposal: "1", accept: true)
        #expect(refusal(f.state, accept) == .notOwningUnit("A-0001", owner: "HQHN"))
        let owner = Desk("HQHN-LS", shared: history, now: t0)
        #expect(refusal(owner.state, accept) == nil)
        #expect(
            refusal(owner.state, .answerProposal(alertID: "A-0001", proposal: "2", accept: true))
                == .noProposal("A-0001", "2"))
        #expect(
            refusal(owner.state, .withdrawProposal(alertID: "A-0001", proposal: "1"))
                == .notYourProposal("A-0001", number: 1, desk: "HQ05"))
        #expect(
            refusal(owner.state, .answerProposal(alertID: "A-0001", proposal: "1", accept: false, reason: "  "))
                == .empty(.declineReason))
        var o2 = owner
        o2.run(accept, as: "ls.a")
        #expect(refusal(o2.state, accept) == .proposalNotOpen("A-0001", number: 1, status: .accepted))
    }

    /// A log without other desks, and this unit's own alerts, behave as before: no proposals.
    @Test func aSingleDeskLogMakesNoProposals() {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails(.high, at: ts("2021-09-01T07:30:00+07:00"))))
        h.ok(.acknowledge(alertID: "A-0001"), as: "hn.lan")
        let s = CampaignState.fold(h.events, campaign: testCampaign)
        #expect(s.alerts["A-0001"]?.lifecycle.status == .acknowledged)
        #expect(s.alerts["A-0001"].map { s.proposals(of: $0) } == [])
        #expect(!s.proposes(on: s.alerts["A-0001"]!))
    }

    @Test func aSnapshotKeepsProposalsAndAnswers() throws {
        let (history, _) = proposalHistory(t0)
        var x = Desk("HQHN-LS", shared: history, now: t0)
        var y = Desk("HQHN-QN", shared: history, now: t0)
        let a = x.run(.answerProposal(alertID: "A-0002", proposal: "1", accept: true), as: "ls.a")
        let b = y.run(.answerProposal(alertID: "A-0002", proposal: "1", accept: false, reason: "không"), as: "qn.b")
        let s = readingDesk(history + b + a)
        let back = try CampaignState(snapshotBody: s.snapshotBody(), campaign: testCampaign)
        #expect(back == s)
        #expect(back.alerts["A-0002"].map { back.proposals(of: $0) } == s.alerts["A-0002"].map { s.proposals(of: $0) })
    }

    @Test func theEventsRoundTripTheirPayloads() throws {
        let answered = DomainEvent.alertProposalAnswered(
            AlertProposalAnswered(alertID: "HQLS-0042", proposal: "ev-1", accepted: false, reason: "không"))
        let withdrawn = DomainEvent.alertProposalWithdrawn(
            AlertProposalWithdrawn(alertID: "HQLS-0042", proposal: "ev-1"))
        for e in [answered, withdrawn] {
            #expect(try DomainEvent(type: e.type, payload: e.payload) == e)
            #expect(e.subjects.alertID == "HQLS-0042")
        }
        #expect(throws: DomainError.self) {
            try DomainEvent(type: EventType.alertProposalAnswered, payload: .object([("alert_id", .string("X"))]))
        }
    }
}

/// A random command on the shared alerts, proposals included (answers, withdrawals).
func randomProposalAction(_ rng: inout SeededGenerator, _ d: Desk) -> Command {
    let id = rng.pick(["A-0001", "A-0002", "A-0003"])
    switch rng.below(6) {
    case 0, 1:
        return .answerProposal(
            alertID: id, proposal: "\(1 + rng.below(3))", accept: rng.below(2) == 0,
            reason: rng.below(2) == 0 ? nil : "lý do \(rng.below(10))")
    case 2: return .withdrawProposal(alertID: id, proposal: "\(1 + rng.below(3))")
    default: return randomAction(&rng, d)
    }
}

@Suite struct ProposalInterleavingTests {
    /// Issue 11, item 5, with decision 0012's property: owner desks and other units' desks act
    /// apart (proposals, answers, withdrawals, and every other action); every interleaving that
    /// keeps each desk's order gives the same projection, at any reading desk.
    @Test(arguments: Array(UInt64(1)...UInt64(16)))
    func everyInterleavingGivesTheSameProjection(seed: UInt64) {
        var rng = SeededGenerator(seed: seed &* 104_729)
        let t0 = ts("2021-09-01T09:00:00+07:00")
        let (history, proposer) = proposalHistory(t0)
        var desks = [proposer]
        for code in ["HQHN-LS", "HQHN-QN", "HQHCM"].prefix(2 + rng.below(2)) {
            desks.append(Desk(code, shared: history, now: t0))
        }
        var streams: [[RecordedEvent]] = []
        for var d in desks {
            let officers = ["\(d.code.lowercased()).a", "\(d.code.lowercased()).b"]
            for _ in 0..<(6 + rng.below(10)) { d.run(randomProposalAction(&rng, d), as: rng.pick(officers)) }
            streams.append(d.own)
        }
        let first: [RecordedEvent] = history + streams.flatMap { $0 }
        let expected = canonicalDescription(readingDesk(first), first)
        for k in 0..<16 {
            let arrived = history + interleave(streams, &rng)
            let reader = k % 2 == 0 ? "DTCBL-P1" : "HQ07"
            let got = canonicalDescription(readingDesk(arrived, at: reader), arrived)
            #expect(got == expected, "seed \(seed), interleaving \(k): \(differing(got, expected))")
            if got != expected { break }
        }
    }
}
