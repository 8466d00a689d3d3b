import DutyDeskJSON
import Testing

@testable import DutyDeskDomain

// The desks of these rules are all of the owning unit (HQHN: `HQHN-LS`, `HQHN-QN`, …): another
// unit's actions are proposals (issue 11, item 5; ProposalTests.swift).
//
// Issue 10, item 5: every event records what its decider saw; conflicting events that
// did not see each other are resolved by one deterministic rule, whatever their arrival
// order, and shown with both actors (docs/decisions/0012-seen-and-conflicts.md).

/// A desk deciding on its own view: the shared history it received, then its own events.
/// Its records carry its code and its own seqs, as another desk receives them.
struct Desk {
    let code: String
    var state: CampaignState
    var own: [RecordedEvent] = []
    var seq: Int
    var now: RFC3339Timestamp
    var counter = 0

    /// A desk whose log already holds `shared` (records of other desks, kept with their origin).
    init(_ code: String, shared: [RecordedEvent], now: RFC3339Timestamp) {
        self.code = code
        state = CampaignState(campaign: testCampaign)
        state.setLocalDesk(code)
        for (i, e) in shared.enumerated() {
            var r = e
            r.seq = i + 1
            state.apply(r)
        }
        seq = shared.count
        self.now = now
    }

    /// Decides `c` as `actor`; the stored events as another desk receives them (origin set).
    @discardableResult
    mutating func run(_ c: Command, as actor: String) -> [RecordedEvent] {
        now = now.adding(seconds: 30)
        let prefix = code
        var n = counter
        let r = decide(
            c, state: state, actor: actor, now: now,
            newID: {
                n += 1
                return "\(prefix)-ev\(n)"
            })
        counter = n
        guard case .success(let proposed) = r else { return [] }
        var out: [RecordedEvent] = []
        for p in proposed {
            seq += 1
            let local = RecordedEvent(seq: seq, id: p.id, type: p.type, at: now, actor: actor, payload: p.payload)
            state.apply(local)
            var shipped = local
            shipped.origin = EventOrigin(desk: code, seq: seq)
            own.append(shipped)
            out.append(shipped)
        }
        return out
    }
}

/// The shared start: desk HQHN receives alerts and a request, and acknowledges the first.
func sharedHistory(alerts: Int = 3) -> [RecordedEvent] {
    var h = Harness()
    for k in 0..<alerts {
        h.ok(.receiveAlert(sampleDetails(k == 0 ? .critical : .high, at: ts("2021-09-01T07:30:00+07:00"))))
    }
    h.ok(.acknowledge(alertID: "A-0002"), as: "hn.lan")
    h.ok(
        .openVerification(
            direction: .incoming, counterpart: "INTERPOL", subject: "Xác minh lô ngà", openedAt: h.now))
    return h.events.map { e in
        var r = e
        r.origin = EventOrigin(desk: "HQHN", seq: e.seq)
        return r
    }
}

/// Folds `records` at a reading desk (`code`), stamping arrival seqs 1, 2, 3, …
func readingDesk(_ records: [RecordedEvent], at code: String = "DTCBL-P1") -> CampaignState {
    var s = CampaignState(campaign: testCampaign)
    s.setLocalDesk(code)
    for (i, e) in records.enumerated() {
        var r = e
        r.seq = i + 1
        s.apply(r)
    }
    return s
}

/// A description of the projection that does not depend on arrival order: local seqs are
/// replaced by (desk, seq at that desk), timelines and notes compared as sets.
func canonicalDescription(_ s: CampaignState, _ arrived: [RecordedEvent]) -> [String] {
    func key(_ seq: Int) -> String {
        guard seq >= 1, seq <= arrived.count else { return "?\(seq)" }
        let o = arrived[seq - 1].origin
        return "\(o?.desk ?? "local")#\(o?.seq ?? seq)"
    }
    func ref(_ r: EventRef) -> String { "\(key(r.seq)) \(r.type) \(r.actor)" }
    var out: [String] = []
    for a in s.alerts.values.sorted(by: { $0.id < $1.id }) {
        out.append("alert \(a.id) \(a.lifecycle)")
        out.append("  also_working \(a.alsoWorking)")
        out.append("  conflicts \(a.conflicts.map { "\($0.kind.rawValue): \(ref($0.event)) / \(ref($0.standing))" })")
        out.append("  notes \(a.notes.map { "\($0.eventID) \($0.retracted)" }.sorted())")
        out.append("  timeline \(a.timeline.map(ref).sorted())")
        out.append("  duplicates \(a.duplicates.sorted()) last \(a.lastLifecycleIDHash.map { String($0) } ?? "-")")
        out.append(
            "  proposals \(s.proposals(of: a).map { "\($0.number) \(ref($0.event)) \($0.desk) \($0.status) \($0.answer.map(ref) ?? "-") \($0.reason ?? "-")" })"
        )
        out.append("  sharing \(a.sharing)")
    }
    for v in s.verifications.values.sorted(by: { $0.id < $1.id }) {
        out.append(
            "request \(v.id) \(v.status) \(String(describing: v.answerSummary)) \(String(describing: v.closeOutcome))")
        out.append("  conflicts \(v.conflicts.map { "\($0.kind.rawValue): \(ref($0.event)) / \(ref($0.standing))" })")
    }
    out.append("counts \(s.statusCounts.sorted { $0.key.rawValue < $1.key.rawValue })")
    out.append("awaiting \(s.awaitingAcknowledgement.sorted()) eta \(s.openWithETA.sorted())")
    out.append("seizures \(s.seizures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" })")
    out.append(
        "undo points \(s.lastActions.filter(\.value.undoable).sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.eventID)" })"
    )
    return out
}

/// The lines where two descriptions differ, for failure messages.
func differing(_ a: [String], _ b: [String]) -> String {
    zip(a, b).filter { $0.0 != $0.1 }.prefix(3).map { "\n- \($0.0)\n+ \($0.1)" }.joined()
}

/// A random interleaving of `streams` that keeps each stream's own order.
func interleave(_ streams: [[RecordedEvent]], _ rng: inout SeededGenerator) -> [RecordedEvent] {
    var next = Array(repeating: 0, count: streams.count)
    var out: [RecordedEvent] = []
    while true {
        let open = streams.indices.filter { next[$0] < streams[$0].count }
        if open.isEmpty { return out }
        let w = rng.pick(open)
        out.append(streams[w][next[w]])
        next[w] += 1
    }
}

/// A random command a desk's officer might give on the shared alerts and request.
func randomAction(_ rng: inout SeededGenerator, _ d: Desk) -> Command {
    let ids = ["A-0001", "A-0002", "A-0003"]
    let id = rng.pick(ids)
    switch rng.below(13) {
    case 0, 1: return .acknowledge(alertID: id)
    case 2: return .assign(alertID: id, to: Assignee(kind: .unit, id: rng.pick(["HQHN", "HQHCM", "HQ05"])))
    case 3: return .escalate(alertID: id, to: rng.pick(EscalationTarget.allCases))
    case 4: return .snooze(alertID: id, until: d.now.adding(seconds: 600 + rng.below(7200)))
    case 5: return .addNote(alertID: id, text: "ghi chú \(rng.below(100))")
    case 6:
        return .close(
            alertID: id,
            disposition: rng.pick([
                .noFinding, .falseAlarm,
                .seized(commodity: "ngà voi", species: [], quantity: [Measure(amount: "2", unit: "kg")]),
            ]))
    case 7: return .reopen(alertID: id, reason: "có thông tin mới")
    case 8: return .undo
    case 9: return .merge(duplicate: id, into: rng.pick(ids))
    case 10: return .replyVerification(requestID: "V-0001", summary: "trả lời \(rng.below(100))")
    case 11: return .closeVerification(requestID: "V-0001", outcome: "xong")
    default: return .acknowledge(alertID: id)
    }
}

@Suite struct ConflictRuleTests {
    let t0 = ts("2021-09-01T09:00:00+07:00")

    /// Both arrival orders of two desks' streams give the same projection.
    func bothOrders(_ a: [RecordedEvent], _ b: [RecordedEvent], shared: [RecordedEvent]) -> CampaignState {
        let one = readingDesk(shared + a + b)
        let two = readingDesk(shared + b + a)
        let d1 = canonicalDescription(one, shared + a + b)
        let d2 = canonicalDescription(two, shared + b + a)
        #expect(d1 == d2, "\(differing(d1, d2))")
        return one
    }

    @Test func twoAcknowledgementsKeepTheFirstOwnerAndShowTheOtherAsAlsoWorking() {
        let shared = sharedHistory()
        var x = Desk("HQHN-LS", shared: shared, now: t0)
        var y = Desk("HQHN-QN", shared: shared, now: t0)
        let a = x.run(.acknowledge(alertID: "A-0001"), as: "ls.minh")
        let b = y.run(.acknowledge(alertID: "A-0001"), as: "qn.hoa")
        #expect(a.count == 1 && b.count == 1)
        let s = bothOrders(a, b, shared: shared)
        let alert = s.alerts["A-0001"]
        // Same depth: the tie goes to the desk code that sorts first (HQHN-LS < HQHN-QN).
        #expect(alert?.lifecycle.owner == "ls.minh")
        #expect(alert?.alsoWorking == ["qn.hoa"])
        #expect(alert?.conflicts.map(\.kind) == [.alsoWorking])
        #expect(alert?.conflicts.first?.event.actor == "qn.hoa")
        #expect(alert?.conflicts.first?.standing.actor == "ls.minh")
    }

    @Test func anActionAfterAnUnseenCloseIsANoteAndDoesNotReopen() {
        let shared = sharedHistory()
        var x = Desk("HQHN-LS", shared: shared, now: t0)
        var y = Desk("HQHN-QN", shared: shared, now: t0)
        // Both desks see A-0002 acknowledged by HQHN; x closes it, y (unaware) escalates then reopens nothing.
        let a = x.run(.close(alertID: "A-0002", disposition: .falseAlarm), as: "ls.minh")
        var b = y.run(.addNote(alertID: "A-0002", text: "đang kiểm tra"), as: "qn.hoa")
        b += y.run(.escalate(alertID: "A-0002", to: .division1), as: "qn.hoa")
        let s = bothOrders(a, b, shared: shared)
        let alert = s.alerts["A-0002"]
        #expect(alert?.lifecycle.status == .closed)
        #expect(alert?.lifecycle.disposition == .falseAlarm)
        #expect(alert?.conflicts.map(\.kind) == [.afterClose])
        #expect(alert?.conflicts.first?.event.type == EventType.alertEscalated)
        #expect(alert?.conflicts.first?.standing.type == EventType.alertClosed)
        #expect(alert?.notes.count == 1)
    }

    @Test func aReopenDoesNotReopenACloseItHadNotSeen() {
        let shared = sharedHistory()
        var x = Desk("HQHN-LS", shared: shared, now: t0)
        x.run(.close(alertID: "A-0002", disposition: .noFinding), as: "ls.minh")
        let base = shared + x.own
        var y = Desk("HQHN-QN", shared: base, now: t0)
        var z = Desk("HQHN-CB", shared: base, now: t0)
        // y reopens the close it saw; z, concurrently, had reopened and closed it again.
        let b = y.run(.reopen(alertID: "A-0002", reason: "tin mới"), as: "qn.hoa")
        var c = z.run(.reopen(alertID: "A-0002", reason: "kiểm tra lại"), as: "cb.tuan")
        c += z.run(.close(alertID: "A-0002", disposition: .falseAlarm), as: "cb.tuan")
        #expect(b.count == 1 && c.count == 2)
        let s = bothOrders(b, c, shared: base)
        let alert = s.alerts["A-0002"]
        #expect(alert?.conflicts.isEmpty == false)
        #expect(alert?.conflicts.allSatisfy { $0.kind == .alreadyReopened || $0.kind == .afterClose } == true)
    }

    @Test func twoAssignmentsKeepTheFirst() {
        let shared = sharedHistory()
        var x = Desk("HQHN-LS", shared: shared, now: t0)
        var y = Desk("HQHN-QN", shared: shared, now: t0)
        let a = x.run(.assign(alertID: "A-0002", to: Assignee(kind: .unit, id: "HQHN")), as: "ls.minh")
        let b = y.run(.assign(alertID: "A-0002", to: Assignee(kind: .unit, id: "HQHCM")), as: "qn.hoa")
        let s = bothOrders(a, b, shared: shared)
        #expect(s.alerts["A-0002"]?.lifecycle.assignee == Assignee(kind: .unit, id: "HQHN"))
        #expect(s.alerts["A-0002"]?.conflicts.map(\.kind) == [.assignment])
    }

    /// Two snoozes that did not see each other: the earlier return stands, and the conflict
    /// names it as the one that stands, whichever came first in canonical order.
    @Test func twoSnoozesKeepTheEarlierReturnAndNameItAsStanding() {
        let shared = sharedHistory()
        var x = Desk("HQHN-LS", shared: shared, now: t0)
        var y = Desk("HQHN-QN", shared: shared, now: t0)
        let early = t0.adding(seconds: 1800)
        let late = t0.adding(seconds: 7200)
        let a = x.run(.snooze(alertID: "A-0002", until: late), as: "ls.minh")
        let b = y.run(.snooze(alertID: "A-0002", until: early), as: "qn.hoa")
        let s = bothOrders(a, b, shared: shared)
        let alert = s.alerts["A-0002"]
        #expect(alert?.lifecycle.snoozedUntil == early)
        #expect(alert?.conflicts.map(\.kind) == [.snooze])
        #expect(alert?.conflicts.first?.standing.actor == "qn.hoa")
        #expect(alert?.conflicts.first?.event.actor == "ls.minh")
    }

    /// The issue's third finding: another writer's acknowledgement silently took over an
    /// alert the officer had escalated and snoozed.
    @Test func anotherWritersAcknowledgementKeepsTheSnoozeAndTheEscalation() {
        let shared = sharedHistory()
        var x = Desk("HQHN-LS", shared: shared, now: t0)
        var y = Desk("HQHN-QN", shared: shared, now: t0)
        var a = x.run(.acknowledge(alertID: "A-0003"), as: "ls.minh")
        a += x.run(.escalate(alertID: "A-0003", to: .division1), as: "ls.minh")
        a += x.run(.snooze(alertID: "A-0003", until: t0.adding(seconds: 3600)), as: "ls.minh")
        let b = y.run(.acknowledge(alertID: "A-0003"), as: "qn.hoa")
        #expect(a.count == 3 && b.count == 1)
        let s = bothOrders(a, b, shared: shared)
        let l = s.alerts["A-0003"]?.lifecycle
        #expect(l?.owner == "ls.minh")
        #expect(l?.status == .escalated)
        #expect(l?.escalations == [.division1])
        #expect(l?.snoozedUntil == t0.adding(seconds: 3600))
        #expect(s.alerts["A-0003"]?.alsoWorking == ["qn.hoa"])
    }

    @Test func anUndoThatWouldDropAnUnseenChangeIsNotApplied() {
        let shared = sharedHistory()
        var x = Desk("HQHN-LS", shared: shared, now: t0)
        x.run(.acknowledge(alertID: "A-0001"), as: "ls.minh")
        let base = shared + x.own
        var x2 = Desk("HQHN-LS2", shared: base, now: t0)
        var y = Desk("HQHN-QN", shared: base, now: t0)
        // x2's officer assigns then undoes; y (concurrently) escalates the same alert.
        var a = x2.run(.assign(alertID: "A-0001", to: Assignee(kind: .unit, id: "HQHN")), as: "ls2.thu")
        a += x2.run(.undo, as: "ls2.thu")
        let b = y.run(.escalate(alertID: "A-0001", to: .coordinationBoard), as: "qn.hoa")
        #expect(a.count == 2 && b.count == 1)
        let s = bothOrders(a, b, shared: base)
        let l = s.alerts["A-0001"]?.lifecycle
        #expect(l?.escalations == [.coordinationBoard])
    }

    @Test func twoAnswersToARequestKeepTheFirstAndAnAnswerAfterAnUnseenCloseIsShown() {
        let shared = sharedHistory()
        var x = Desk("HQHN-LS", shared: shared, now: t0)
        var y = Desk("HQHN-QN", shared: shared, now: t0)
        var z = Desk("HQHN-CB", shared: shared, now: t0)
        let a = x.run(.replyVerification(requestID: "V-0001", summary: "đã xác minh"), as: "ls.minh")
        let b = y.run(.replyVerification(requestID: "V-0001", summary: "chưa rõ"), as: "qn.hoa")
        let c = z.run(.closeVerification(requestID: "V-0001", outcome: "hủy"), as: "cb.tuan")
        var orders: [[String]] = []
        let permutations: [[[RecordedEvent]]] = [[a, b, c], [c, b, a], [b, c, a], [c, a, b]]
        for order in permutations {
            let arrived: [RecordedEvent] = shared + order.flatMap { $0 }
            orders.append(canonicalDescription(readingDesk(arrived), arrived))
        }
        #expect(Set(orders.map { $0.joined(separator: "\n") }).count == 1)
        let s = readingDesk(shared + a + b + c)
        let v = s.verifications["V-0001"]
        #expect(v?.conflicts.isEmpty == false)
        let kinds = Set(v?.conflicts.map(\.kind) ?? [])
        #expect(kinds.isSubset(of: [.secondAnswer, .afterClose]))
    }

    /// One desk's own stream, received by another desk, folds to the lifecycles that desk
    /// itself holds: the foreign path applies the same rules as the local one.
    @Test(arguments: [1, 7, 42] as [UInt64])
    func oneDesksStreamFoldsElsewhereAsAtHome(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let shared = sharedHistory()
        var x = Desk("HQHN-LS", shared: shared, now: t0)
        for _ in 0..<60 { x.run(randomAction(&rng, x), as: rng.pick(["ls.minh", "ls.lan"])) }
        let s = readingDesk(shared + x.own)
        for a in x.state.alerts.values {
            #expect(s.alerts[a.id]?.lifecycle == a.lifecycle)
            #expect(s.alerts[a.id]?.conflicts.isEmpty == true)
        }
        #expect(s.verifications["V-0001"]?.status == x.state.verifications["V-0001"]?.status)
    }

    /// The snapshot keeps the history, the stamps, the conflicts and the desks.
    @Test func aSnapshotKeepsConflictsAndStamps() throws {
        let shared = sharedHistory()
        var x = Desk("HQHN-LS", shared: shared, now: t0)
        var y = Desk("HQHN-QN", shared: shared, now: t0)
        let a = x.run(.acknowledge(alertID: "A-0001"), as: "ls.minh")
        let b = y.run(.acknowledge(alertID: "A-0001"), as: "qn.hoa")
        let s = readingDesk(shared + b + a)
        let back = try CampaignState(snapshotBody: s.snapshotBody(), campaign: testCampaign)
        #expect(back == s)
        #expect(back.origins == s.origins)
        // And it goes on folding alike: a late reply arrives at both.
        var z = Desk("HQHN-CB", shared: shared, now: t0)
        var late = z.run(.replyVerification(requestID: "V-0001", summary: "ok"), as: "cb.tuan")
        late[0].seq = shared.count + 3
        var s2 = s
        var back2 = back
        s2.apply(late[0])
        back2.apply(late[0])
        #expect(back2 == s2)
    }

    /// An event's payload carries what its decider had seen, keyed by desk code.
    @Test func decidedEventsRecordWhatTheirDeciderSaw() {
        let shared = sharedHistory()
        var x = Desk("HQHN-LS", shared: shared, now: t0)
        let a = x.run(.acknowledge(alertID: "A-0001"), as: "ls.minh")
        // Nothing but the receipt on A-0001 yet: an empty mark (the receipt is not counted).
        #expect(SeenMark(payload: a[0].payload) == SeenMark([:]))
        let b = x.run(.addNote(alertID: "A-0001", text: "x"), as: "ls.minh")
        #expect(SeenMark(payload: b[0].payload) == SeenMark(["HQHN-LS": a[0].origin?.seq ?? -1]))
        let c = x.run(.addNote(alertID: "A-0002", text: "y"), as: "ls.minh")
        #expect(SeenMark(payload: c[0].payload) == SeenMark(["HQHN": 4]))
    }
}

@Suite struct InterleavingPropertyTests {
    /// Issue 10, item 5: for any interleaving of three or more desks' streams that keeps
    /// each desk's own order, the projection is identical.
    @Test(arguments: Array(UInt64(1)...UInt64(24)))
    func everyInterleavingGivesTheSameProjection(seed: UInt64) {
        var rng = SeededGenerator(seed: seed &* 7919)
        let shared = sharedHistory()
        let t0 = ts("2021-09-01T09:00:00+07:00")
        let codes = ["HQHN-LS", "HQHN-QN", "HQHN-CB", "HQHN-HCM"].prefix(3 + rng.below(2))
        var streams: [[RecordedEvent]] = []
        for code in codes {
            var d = Desk(code, shared: shared, now: t0)
            let officers = ["\(code.lowercased()).a", "\(code.lowercased()).b"]
            for _ in 0..<(6 + rng.below(10)) { d.run(randomAction(&rng, d), as: rng.pick(officers)) }
            streams.append(d.own)
        }
        let first: [RecordedEvent] = shared + streams.flatMap { $0 }
        let expected = canonicalDescription(readingDesk(first), first)
        for k in 0..<20 {
            let arrived = shared + interleave(streams, &rng)
            let reader = k % 2 == 0 ? "DTCBL-P1" : "HQ05"
            let got = canonicalDescription(readingDesk(arrived, at: reader), arrived)
            #expect(got == expected, "seed \(seed), interleaving \(k): \(differing(got, expected))")
            if got != expected { break }
        }
    }
}
