// The header's network state and its banners (issue 11, item 3): connected, offline and
// refused desks, at 80 and 160 columns, in Vietnamese and English.
import DutyDeskDomain
import DutyDeskJSON
import Testing

@testable import Dashboard

extension LogBuilder {
    /// Appends the desk's own network bookkeeping record `e` at `at` (as `dutydesk sync` writes it).
    @discardableResult
    mutating func network(_ e: DomainEvent, at: String) -> RecordedEvent {
        n += 1
        let r = RecordedEvent(
            seq: records.count + 1, id: "net-\(n)", type: e.type, at: ict(at), actor: "sync", payload: e.payload)
        state.apply(r)
        records.append(r)
        return r
    }

    /// A record another desk decided, as the sync appends it (it keeps its origin).
    @discardableResult
    mutating func pulledNote(from desk: String, seq: Int, at: String) -> RecordedEvent {
        n += 1
        let r = RecordedEvent(
            seq: records.count + 1, id: "\(desk)-\(n)", type: EventType.alertNoteAdded, at: ict(at), actor: "x",
            payload: .object([("schema", .int(1)), ("alert_id", .string("A-0001")), ("text", .string("ghi chú"))]),
            origin: EventOrigin(desk: desk, seq: seq))
        records.append(r)
        return r
    }
}

/// The morning log, synced: the link up, pushed through seq 10 at 07:50, pulled at 07:55.
func syncedMorning() -> LogBuilder {
    var b = morningLog()
    b.network(.networkLink(NetworkLink(up: true, reason: nil)), at: "2021-09-01T07:49:00")
    b.network(.networkPushed(NetworkPushed(through: 10, count: 10)), at: "2021-09-01T07:50:00")
    b.network(
        .networkPulled(NetworkPulled(cursor: "900/3", grantsCursor: "0/0", count: 0)), at: "2021-09-01T07:55:00")
    return b
}

/// The synced morning log whose link then went down at 07:58 (the reason carries an escape).
func offlineMorning() -> LogBuilder {
    var b = syncedMorning()
    b.network(
        .networkLink(NetworkLink(up: false, reason: "connection refused \u{1b}[31m(127.0.0.1:5432)")),
        at: "2021-09-01T07:58:00")
    return b
}

/// The synced morning log with a record from HQQN (its seq 42) that the sync refused.
func refusedMorning() -> LogBuilder {
    var b = syncedMorning()
    b.network(
        .networkQuarantined(
            NetworkQuarantined(
                desk: "HQQN", seq: 42, reason: "signature does not verify\u{7}", line: "{\"type\":\"alert.received\"}")),
        at: "2021-09-01T07:56:00")
    return b
}

@Suite struct NetworkHeaderSnapshotTests {
    @Test func connected80English() { assertSnapshot(makeState(syncedMorning()), "network-connected-80x24-en") }
    @Test func connected160Vietnamese() {
        assertSnapshot(
            makeState(syncedMorning(), language: .vi, width: 160, height: 48), "network-connected-160x48-vi")
    }
    @Test func offline80Vietnamese() {
        assertSnapshot(makeState(offlineMorning(), language: .vi), "network-offline-80x24-vi")
    }
    @Test func offline160English() {
        assertSnapshot(makeState(offlineMorning(), width: 160, height: 48), "network-offline-160x48-en")
    }
    @Test func refused80English() { assertSnapshot(makeState(refusedMorning()), "network-refused-80x24-en") }
    @Test func refused160Vietnamese() {
        assertSnapshot(makeState(refusedMorning(), language: .vi, width: 160, height: 48), "network-refused-160x48-vi")
    }
}

@Suite struct NetworkHeaderTests {
    func header(_ s: AppState) -> String {
        String(view(s).snapshot().split(separator: "\n", omittingEmptySubsequences: false)[0])
    }

    @Test func aDeskThatNeverSyncedShowsNoNetworkState() {
        let s = makeState(morningLog(), width: 160, height: 48)
        #expect(!header(s).contains("network"))
        #expect(!header(s).contains("connected"))
        #expect(s.banners.isEmpty)
    }

    @Test func lagCountsOwnRecordsAfterThePushNotBookkeepingNorPulledRecords() {
        var b = morningLog()
        let own = b.records.count
        b.network(.networkLink(NetworkLink(up: true, reason: nil)), at: "2021-09-01T07:49:00")
        b.network(.networkPushed(NetworkPushed(through: 3, count: 3)), at: "2021-09-01T07:50:00")
        b.pulledNote(from: "HQLS", seq: 7, at: "2021-09-01T07:51:00")
        var s = makeState(b, width: 160, height: 48)
        #expect(s.unsentRecords == own - 3)
        #expect(header(s).contains("\(own - 3) not yet sent"))
        // A push that covers everything: no lag, and the words go.
        let r = b.network(.networkPushed(NetworkPushed(through: own + 3, count: own - 3)), at: "2021-09-01T07:59:00")
        _ = update(&s, .recordsAppended([r]))
        #expect(s.unsentRecords == 0)
        #expect(!header(s).contains("not yet sent"))
        #expect(header(s).contains("pushed 07:59"))
    }

    @Test func offlineBannerCarriesTheSanitisedReasonAndGoesWhenTheLinkReturns() {
        var b = offlineMorning()
        var s = makeState(b)
        let offline = s.bannerTexts.filter { $0.hasPrefix("Offline since 07:58") }
        #expect(offline.count == 1)
        #expect(!(offline.first ?? "").unicodeScalars.contains { $0.value == 0x1b })
        #expect((offline.first ?? "").contains("connection refused"))
        // Seen (X) stays seen while the same spell lasts: more records do not raise it again.
        press(&s, .char("X"))
        let more = b.network(
            .networkPulled(NetworkPulled(cursor: "901/1", grantsCursor: "0/0", count: 0)), at: "2021-09-01T07:59:00")
        _ = update(&s, .recordsAppended([more]))
        #expect(!s.bannerTexts.contains { $0.hasPrefix("Offline") })
        let up = b.network(.networkLink(NetworkLink(up: true, reason: nil)), at: "2021-09-01T08:00:00")
        _ = update(&s, .recordsAppended([up]))
        #expect(!s.bannerTexts.contains { $0.hasPrefix("Offline") })
        #expect(header(s).contains("connected"))
    }

    @Test func aRefusedRecordRaisesABannerNamingItsDeskAndSeq() {
        let s = makeState(refusedMorning(), language: .vi)
        let refused = s.bannerTexts.filter { $0.contains("HQQN #42") }
        #expect(refused.count == 1)
        #expect(!(refused.first ?? "").unicodeScalars.contains { $0.value == 0x07 })
        #expect(header(makeState(refusedMorning(), width: 160, height: 48)).contains("1 refused"))
    }
}
