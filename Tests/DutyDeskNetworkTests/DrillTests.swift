// Three desks — Lạng Sơn (HQLS), Quảng Ninh (HQQN) and Division 1 (DTCBL-P1) — through the
// real binary on the private server (issue 11, item 8): routing and sharing levels, healing
// after partitions (a stopped sync, a cut connection, a restarted server), kill -9 of sync at
// random moments, and two pushers racing with a puller between them. What "converged" compares
// is in `Drill.checkHealed` (DrillSupport.swift): per alert, the lifecycle every desk that sees
// it shows; the timeline (without local seqs and times) and the record ids on the desks that
// read all of its records (its owner and Division 1), a part of it on the others.
import DutyDeskNetwork
import Foundation
import Testing

@testable import DutyDeskNetwork

#if canImport(Glibc)
    import Glibc
#endif

private let ls = "HQLS"
private let qn = "HQQN"
private let p1 = "DTCBL-P1"

/// A deterministic generator (SplitMix64): the kill moments of a run can be replayed from its seed.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A CSV of `count` alerts for `dutydesk import`, subjects `<tag>-<n>`, at `sharing`.
private func importFile(_ drill: Drill, tag: String, count: Int, sharing: String) -> String {
    var text = "received,source,subject,reference,sharing\n"
    for n in 0..<count { text += "2021-09-05T08:00:00+07:00,police,\(tag)-\(n),\(tag)-R\(n),\(sharing)\n" }
    let path = "\(drill.dir)/\(tag).csv"
    FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}

@Suite(.serialized) struct DrillTests {
    /// The owner and Division 1 read every record of an alert that leaves its desk.
    private static func ownerAndDivision1(_ drill: Drill) -> (String) -> Set<String> {
        { id in
            let owner = drill.units.first { id.hasPrefix(drill.desk($0) + "-") } ?? ls
            return [owner, p1]
        }
    }

    @Test func threeDesksRouteByLevelAndConverge() async throws {
        let d = try await Drill.make(units: [ls, qn, p1])
        defer { d.remove() }
        let amber = try d.addAlert(ls, "AMBER-ROUTED ngà voi")
        let green = try d.addAlert(ls, "GREEN-SHARED tê tê", sharing: "green")
        let strict = try d.addAlert(ls, "STRICT-ONLY-P1", sharing: "amber+strict")
        let red = try d.addAlert(ls, "REDSECRET never leaves", sharing: "red")
        let kept = try d.addAlert(ls, "AMBER-KEPT", sharing: "amber")
        try d.on(ls, ["alert", "ack", red])
        try d.on(ls, ["alert", "note", red, "--text", "REDNOTE never leaves either"])
        try d.syncOnce()

        // Before any routing: amber and amber+strict reach Division 1 only, green both.
        #expect(Set(try d.alerts(p1).keys) == [amber, green, strict, kept])
        #expect(Set(try d.alerts(qn).keys) == [green])

        // Routing: amber assigned to HQQN; the other amber escalated to Division 1; an outgoing
        // verification request (via Division 1); the green one seized, with its rapid report.
        try d.on(ls, ["alert", "ack", amber])
        try d.on(ls, ["alert", "assign", amber, "--to", "unit:HQQN"])
        try d.on(ls, ["alert", "ack", kept])
        try d.on(ls, ["alert", "escalate", kept, "--to", "division_1", "--reason", "Nghi đường dây"])
        let request = try d.on(
            ls,
            [
                "verification", "open", "--direction", "outgoing", "--counterpart", "INTERPOL NCB Bangkok",
                "--subject", "VERIFY-VIA-P1",
            ])
        try d.on(ls, ["alert", "ack", green])
        try d.on(
            ls,
            [
                "alert", "close", green, "--disposition", "seized", "--commodity", "vảy tê tê", "--quantity", "12",
                "--quantity-unit", "kg",
            ])
        try d.on(ls, ["report", "submit", "rapid", "--alert", green, "--reference", "12/BC-HQLS"])
        let own = try d.addAlert(qn, "GREEN-FROM-QN", sharing: "green")

        // Long-running syncs, woken by NOTIFY (a 2 s timer behind): both sides keep acting.
        let syncs = try d.units.map { try d.startSync($0) }
        try await d.waitHolds(qn, amber)
        try d.on(qn, ["alert", "note", amber, "--text", "HQQN đã kiểm tra"])
        try d.on(p1, ["alert", "note", green, "--text", "Phòng 1 ghi chú"])
        try d.on(p1, ["alert", "note", strict, "--text", "Phòng 1 theo dõi"])
        try d.on(qn, ["alert", "ack", own])
        try await d.waitHolds(ls, own)
        try d.on(ls, ["alert", "note", own, "--text", "HQLS biết"])
        try await d.waitCaughtUp(localSubjects: [red])
        for s in syncs { #expect(s.terminate() == 0, "\(s.log): \(s.stderr)") }

        // red: neither its text nor its id reaches the server, in any column of any table.
        for needle in ["REDSECRET", "REDNOTE", red] {
            #expect(try await !d.serverContains(needle), "\(needle) is on the server")
        }
        #expect(try await d.serverContains("AMBER-ROUTED"))
        #expect(try await d.serverContains("VERIFY-VIA-P1"))

        // As HQQN's role: only its own rows, the campaign's, green ones, and subjects routed to it.
        let qnRows = try await d.serverRows(as: d.url(qn))
        let granted = Set(try await d.adminTexts("SELECT subject FROM dutydesk.grants WHERE unit = 'HQQN'"))
        // amber assigned to HQQN; HQQN's own alert, which HQLS noted (its owner reads what is done to it).
        #expect(granted == [amber, own])
        for r in qnRows {
            let allowed =
                r.origin == d.desk(qn) || r.level == "campaign"
                || (["green", "clear"].contains(r.level) && !(r.personal && r.variant == "full"))
                || r.subject.map(granted.contains) == true
            #expect(allowed, "HQQN reads \(r.origin) seq \(r.seq) (\(r.level), \(r.subject ?? "-"))")
        }
        #expect(!qnRows.contains { [strict, kept, request].contains($0.subject ?? "") })
        #expect(qnRows.contains { $0.subject == amber && $0.origin == d.desk(ls) })

        try await d.checkHealed(
            visible: [
                ls: [amber, green, strict, red, kept, own], qn: [amber, green, own],
                p1: [amber, green, strict, kept, own],
            ],
            fullReaders: Self.ownerAndDivision1(d), localSubjects: [red])
        let shown = try d.projection(qn, amber).timeline
        #expect(shown.contains { $0.contains("HQQN đã kiểm tra") })
        for u in d.units {
            #expect(try d.ok(["network", "status", "--log", d.log(u)]).contains("link: connected"))
        }
    }

    /// A desk's sync stopped while both sides act on the same alerts: acknowledgements on
    /// both, a close on one and a note on the other; after healing every desk agrees.
    @Test func aStoppedSyncHealsWithBothSidesActing() async throws {
        let d = try await Drill.make(units: [ls, qn, p1])
        defer { d.remove() }
        let a = try d.addAlert(ls, "PART-A", sharing: "green")
        let q = try d.addAlert(qn, "PART-Q", sharing: "green")
        var syncs = try d.units.map { try d.startSync($0) }
        try await d.waitCaughtUp()
        let stopped = try #require(d.units.firstIndex(of: qn))
        #expect(syncs[stopped].terminate() == 0, "\(syncs[stopped].stderr)")

        try d.on(ls, ["alert", "ack", a])
        try d.on(qn, ["alert", "ack", a])
        try d.on(ls, ["alert", "close", a, "--disposition", "no_finding"])
        try d.on(qn, ["alert", "note", a, "--text", "QN-NOTE-WHILE-APART"])
        try d.on(qn, ["alert", "ack", q])
        try d.on(ls, ["alert", "ack", q])
        try d.on(qn, ["alert", "close", q, "--disposition", "false_alarm"])
        try d.on(ls, ["alert", "note", q, "--text", "LS-NOTE-WHILE-APART"])
        try d.on(p1, ["alert", "note", a, "--text", "P1-NOTE-WHILE-APART"])
        try await d.waitCaughtUp([ls, p1])

        syncs[stopped] = try d.startSync(qn)
        try await d.waitCaughtUp()
        for s in syncs { #expect(s.terminate() == 0, "\(s.log): \(s.stderr)") }
        try await d.checkHealed(visible: [ls: [a, q], qn: [a, q], p1: [a, q]], fullReaders: { _ in [ls, qn, p1] })
        for u in d.units {
            let t = try d.projection(u, a).timeline
            #expect(
                t.contains { $0.contains("QN-NOTE-WHILE-APART") } && t.contains { $0.contains("P1-NOTE-WHILE-APART") })
            #expect(try d.projection(u, q).timeline.contains { $0.contains("LS-NOTE-WHILE-APART") })
            #expect(try d.alerts(u)[a]?["status"] as? String == "closed")
            #expect(try d.alerts(u)[q]?["status"] as? String == "closed")
        }
    }

    /// `pg_terminate_backend` on an idle desk's connections (its LISTEN one included): it
    /// records the link down, reconnects (up again), and misses nothing — it must notice its
    /// cut LISTEN connection, or no notification would ever wake it again (its timer is an hour).
    @Test func aCutIdleConnectionReconnectsAndMissesNothing() async throws {
        let d = try await Drill.make(units: [ls, qn, p1])
        defer { d.remove() }
        let syncs = try d.units.map { try d.startSync($0, interval: 3600) }
        try await d.waitCaughtUp()
        try await waitUntil("Division 1's connections are cut") { try await d.cut(p1) > 0 }
        try await waitUntil("Division 1 records the link down") { d.linkChanges(p1).contains(false) }
        let late = try d.addAlert(qn, "AFTER-THE-CUT", sharing: "green")
        try await d.waitCaughtUp()
        #expect(try d.alerts(p1)[late] != nil)
        for s in syncs { #expect(s.terminate() == 0, "\(s.log): \(s.stderr)") }
        let changes = d.linkChanges(p1)
        #expect(changes.first == true && changes.contains(false) && changes.last == true, "\(changes)")
        #expect(try d.ok(["network", "status", "--log", d.log(p1)]).contains("link: connected"))
        try await d.checkLogs()
    }

    /// `pg_terminate_backend` on a desk's connections while it pushes a large batch.
    @Test
    func aConnectionCutMidPushReconnectsAndMissesNothing() async throws {
        let d = try await Drill.make(units: [ls, qn, p1])
        defer { d.remove() }
        let syncs = try d.units.map { try d.startSync($0) }
        try await d.waitCaughtUp()
        try d.on(ls, ["import", importFile(d, tag: "CUT", count: 300, sharing: "green")])
        try await waitUntil("HQLS records the link down") {
            _ = try await d.cut(ls)
            return d.linkChanges(ls).contains(false)
        }
        try await d.waitCaughtUp()
        for s in syncs { #expect(s.terminate() == 0, "\(s.log): \(s.stderr)") }
        let changes = d.linkChanges(ls)
        #expect(changes.first == true && changes.contains(false) && changes.last == true, "\(changes)")
        try await d.checkLogs()
    }

    /// The server restarted (every connection cut) under running syncs, each desk acting after.
    @Test func aServerRestartUnderRunningSyncsHeals() async throws {
        let server = try LocalServer.start(durable: false)
        defer { server.stop() }
        let d = try await Drill.make(units: [ls, qn, p1], server: server)
        defer { d.remove() }
        let a = try d.addAlert(ls, "RESTART-A", sharing: "green")
        let syncs = try d.units.map { try d.startSync($0) }
        try await d.waitCaughtUp()
        try server.restart()
        try d.on(ls, ["alert", "ack", a])
        try d.on(qn, ["alert", "note", a, "--text", "QN after the restart"])
        let b = try d.addAlert(p1, "P1-AFTER-RESTART", sharing: "green")
        try await d.waitCaughtUp()
        for s in syncs { #expect(s.terminate() == 0, "\(s.log): \(s.stderr)") }
        for u in d.units {
            let changes = d.linkChanges(u)
            #expect(changes.first == true && changes.contains(false) && changes.last == true, "\(u): \(changes)")
        }
        try await d.checkHealed(visible: [ls: [a, b], qn: [a, b], p1: [a, b]], fullReaders: { _ in [ls, qn, p1] })
    }

    /// kill -9 of a pushing and a pulling sync at random moments, 100 cycles (1000 with
    /// DUTYDESK_LONG_FAULTS=1), records added as it goes; then nothing lost or doubled.
    @Test func killNineAtRandomMomentsLosesAndDoublesNothing() async throws {
        let long = ProcessInfo.processInfo.environment["DUTYDESK_LONG_FAULTS"] == "1"
        let cycles = long ? 1000 : 100
        let seed = UInt64.random(in: 0...UInt64.max)
        var rng = SplitMix64(state: seed)
        let d = try await Drill.make(units: [ls, p1])
        defer { d.remove() }
        var added = 0
        for i in 0..<cycles {
            if i % 10 == 0 {
                try d.on(ls, ["import", importFile(d, tag: "K\(i)", count: 30, sharing: "green")])
                added += 30
            }
            let pusher = try d.startSync(ls, interval: 0.1)
            let puller = try d.startSync(p1, interval: 0.1)
            try await Task.sleep(nanoseconds: UInt64.random(in: 0...300_000_000, using: &rng))
            pusher.kill9()
            try await Task.sleep(nanoseconds: UInt64.random(in: 0...100_000_000, using: &rng))
            puller.kill9()
        }
        try d.syncOnce()
        #expect(try d.alerts(p1).count == added, "seed \(seed)")
        try await d.checkLogs()
    }

    /// Two desks pushing many records at once, Division 1 pulling all the while: the cursor
    /// skips no row committed out of order.
    @Test func twoPushersRacingWithAPullerBetweenSkipNothing() async throws {
        let d = try await Drill.make(units: [ls, qn, p1])
        defer { d.remove() }
        let syncs = try d.units.map { try d.startSync($0) }
        try await d.waitCaughtUp()
        for round in 0..<5 {
            try d.on(ls, ["import", importFile(d, tag: "LS\(round)", count: 60, sharing: "green")])
            try d.on(qn, ["import", importFile(d, tag: "QN\(round)", count: 60, sharing: "green")])
        }
        try await d.waitCaughtUp()
        for s in syncs { #expect(s.terminate() == 0, "\(s.log): \(s.stderr)") }
        for u in d.units { #expect(try d.alerts(u).count == 600, "\(u)") }
        try await d.checkLogs()
    }
}
