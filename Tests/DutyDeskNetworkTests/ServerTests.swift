import Testing

// The server's schema, row-level security and pull cursor, with rows made up here (the
// records' own format is tested with the sync): issue 11, items 2, 3, 4 and 8.
@testable import DutyDeskNetwork

private func row(
    _ seq: Int, level: String, subject: String? = nil, personal: Bool = false, variant: RecordVariant = .full,
    grants: [String] = [], text: String = "x"
) -> OutgoingRecord {
    let h = String(repeating: String(seq % 10), count: 64)
    return OutgoingRecord(
        seq: seq, variant: variant, level: level, subject: subject, personal: personal, type: "alert.received",
        hash: variant == .full ? h : String(repeating: "f", count: 64), chainHash: h,
        prev: String(repeating: "0", count: 64), signature: "sig", line: "{\"text\":\"\(text)\"}", grants: grants)
}

private func pullAll(_ url: DatabaseURL) async throws -> [PulledRecord] {
    try await ServerConnection.with(url) { c in
        var cursor = PullCursor.start
        var out: [PulledRecord] = []
        while true {
            let page = try await c.pull(after: cursor, limit: 2)
            out += page.records
            cursor = page.cursor
            if !page.more { break }
        }
        return out
    }
}

@Suite(.serialized) struct ServerTests {
    @Test func setupIsVersionedAndIdempotent() async throws {
        let (_, url) = try await freshCampaignDatabase()
        let admin = try await ServerConnection.connect(url)
        let again = try await admin.setUp(campaignID: "golden-strike-2021", focalUnit: "DTCBL-P1")
        #expect(again.from == NetworkSchema.currentVersion && again.to == NetworkSchema.currentVersion)
        await #expect(throws: NetworkError.self) {
            _ = try await admin.setUp(campaignID: "another-campaign", focalUnit: "DTCBL-P1")
        }
        await admin.close()
    }

    @Test func levelsAndRoutingAreEnforcedByTheServer() async throws {
        let (_, admin) = try await freshCampaignDatabase()
        let hqls = try await enrolDesk(admin, "HQLS", unit: "HQLS")
        let hqqn = try await enrolDesk(admin, "HQQN", unit: "HQQN")
        let p1 = try await enrolDesk(admin, "DTCBL-P1", unit: "DTCBL-P1")
        let ls = try await ServerConnection.connect(hqls)
        let outcome = try await ls.push([
            row(1, level: "campaign"),
            row(2, level: "amber", subject: "HQLS-0001", text: "amber-secret"),
            row(3, level: "green", subject: "HQLS-0002", text: "green-news"),
            row(4, level: "amber+strict", subject: "HQLS-0003", text: "strict-secret"),
            row(5, level: "green", subject: "HQLS-0004", personal: true, text: "persons-full"),
            row(5, level: "green", subject: "HQLS-0004", variant: .redacted, text: "persons-redacted"),
        ])
        #expect(outcome.inserted == 6)
        // A resend is a no-op.
        let again = try await ls.push([row(2, level: "amber", subject: "HQLS-0001", text: "amber-secret")])
        #expect(again.inserted == 0 && again.alreadyThere == 1)
        // The same seq with another hash is a fork: refused, nothing committed.
        var forked = row(3, level: "green", subject: "HQLS-0002")
        forked.hash = String(repeating: "a", count: 64)
        await #expect(throws: NetworkError.self) { _ = try await ls.push([row(6, level: "green"), forked]) }
        #expect(try await ls.pushedThrough() == 5)

        let qnSees = try await pullAll(hqqn).map(\.line)
        #expect(qnSees.contains("{\"text\":\"green-news\"}"))
        #expect(qnSees.contains("{\"text\":\"persons-redacted\"}"))
        #expect(!qnSees.contains { $0.contains("secret") || $0.contains("persons-full") })
        let p1Sees = try await pullAll(p1).map(\.line)
        #expect(p1Sees.contains("{\"text\":\"amber-secret\"}") && p1Sees.contains("{\"text\":\"strict-secret\"}"))
        #expect(p1Sees.contains("{\"text\":\"persons-full\"}") && !p1Sees.contains("{\"text\":\"persons-redacted\"}"))

        // Routing HQLS-0001 to HQQN (an assignment) makes its records readable there.
        _ = try await ls.push([row(7, level: "amber", subject: "HQLS-0001", grants: ["HQQN"], text: "assigned")])
        let qn = try await ServerConnection.connect(hqqn)
        let granted = try await qn.grants(after: .start)
        #expect(granted.subjects == ["HQLS-0001"])
        let routed = try await qn.records(about: granted.subjects).map(\.line)
        #expect(routed == ["{\"text\":\"amber-secret\"}", "{\"text\":\"assigned\"}"])
        // A desk cannot write another desk's records, nor read rows around the policy.
        await #expect(throws: NetworkError.self) {
            _ = try await qn.rows(
                "INSERT INTO dutydesk.records (origin, origin_unit, origin_seq, level, type, hash, chain_hash, prev, sig, line) VALUES ('HQLS', 'HQLS', 99, 'green', 't', \(String(repeating: "1", count: 64)), \(String(repeating: "1", count: 64)), \(String(repeating: "0", count: 64)), 's', 'forged')"
            )
        }
        let strict = try await qn.rows("SELECT count(*)::int8 FROM dutydesk.records WHERE line LIKE '%strict%'")
        #expect(try strict.first?.decode(Int64.self) == 0)
        await qn.close()
        await ls.close()
    }

    /// The snapshot's xmin is the whole server's: a transaction left open in another database
    /// holds every pull back. The pull must see that rows wait (`blockedAfter`) rather than
    /// take "nothing readable" for "caught up".
    @Test func aTransactionOpenElsewhereHoldsThePullBackAndIsSeen() async throws {
        let (server, admin) = try await freshCampaignDatabase()
        let hqls = try await enrolDesk(admin, "HQLS", unit: "HQLS")
        let p1 = try await enrolDesk(admin, "DTCBL-P1", unit: "DTCBL-P1")
        let other = "t_other_" + randomToken(8).lowercased().replacingOccurrences(of: "-", with: "_")
        try await server.createDatabase(other)
        let elsewhere = try await ServerConnection.connect(server.adminURL(database: other))
        try await elsewhere.execute("BEGIN")
        try await elsewhere.execute("SELECT pg_current_xact_id()")
        _ = try await ServerConnection.with(hqls) { c in try await c.push([row(1, level: "campaign")]) }
        let reader = try await ServerConnection.connect(p1)
        let held = try await reader.pull(after: .start, limit: 100)
        #expect(held.records.isEmpty)
        #expect(try await reader.blockedAfter(held.cursor))
        try await elsewhere.execute("COMMIT")
        await elsewhere.close()
        // Other suites share this server: one of their transactions may hold the xmin a
        // little longer, so the row comes within a deadline rather than at once.
        var after = try await reader.pull(after: held.cursor, limit: 100)
        let deadline = ContinuousClock.now + .seconds(30)
        while after.records.isEmpty && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            after = try await reader.pull(after: held.cursor, limit: 100)
        }
        #expect(after.records.count == 1)
        #expect(try await reader.blockedAfter(after.cursor) == false)
        await reader.close()
    }

    /// Two pushers racing to commit: the later-started transaction commits first with a
    /// higher pos; a cursor on pos alone would skip the earlier one's row forever.
    @Test func theCursorSkipsNoRowCommittedOutOfOrder() async throws {
        let (_, admin) = try await freshCampaignDatabase()
        let hqls = try await enrolDesk(admin, "HQLS", unit: "HQLS")
        let hqqn = try await enrolDesk(admin, "HQQN", unit: "HQQN")
        let p1 = try await enrolDesk(admin, "DTCBL-P1", unit: "DTCBL-P1")
        let a = try await ServerConnection.connect(hqls)
        let b = try await ServerConnection.connect(hqqn)
        let reader = try await ServerConnection.connect(p1)
        try await a.execute("BEGIN")
        try await a.rows(
            "INSERT INTO dutydesk.records (origin, origin_unit, origin_seq, level, type, hash, chain_hash, prev, sig, line) VALUES ('HQLS', 'HQLS', 1, 'green', 't', \(String(repeating: "1", count: 64)), \(String(repeating: "1", count: 64)), \(String(repeating: "0", count: 64)), 's', 'first-begun')"
        )
        _ = try await b.push([row(1, level: "green", text: "second-begun")])
        // B committed, A has not: the reader must not move past A's place.
        let early = try await reader.pull(after: .start, limit: 100)
        #expect(early.records.isEmpty)
        try await a.execute("COMMIT")
        let late = try await reader.pull(after: early.cursor, limit: 100)
        #expect(late.records.map(\.line) == ["first-begun", "{\"text\":\"second-begun\"}"])
        await a.close()
        await b.close()
        await reader.close()
    }
}
