import DutyDeskDomain
import TerminalKit
import Testing

@testable import Dashboard

/// Possible duplicates found, not remembered (issue 13, item 4): open alerts sharing a
/// conveyance reference, a source reference or a travel document hint at each other; `m`
/// offers them first; merge completion searches subjects.
@Suite struct DuplicateHintTests {
    static func tip(
        _ subject: String, conveyance: String? = nil, sourceRef: String? = nil, document: String? = nil,
        source: AlertSource = AlertSource(kind: .borderGuard), at: String = "2021-09-01T07:40:00"
    ) -> AlertDetails {
        AlertDetails(
            receivedAt: ict(at), source: source, sourceReference: sourceRef, priority: .high, subject: subject,
            persons: document.map { [PersonConcerned(name: "Trần Văn B", travelDocument: $0)] } ?? [],
            conveyance: conveyance.map { Conveyance(kind: .vehicle, reference: $0) },
            location: AlertLocation(kind: .borderGate, name: "Cửa khẩu Tân Thanh"), responsibleUnit: "HQLS")
    }

    /// The morning log plus a truck by plate, then the same plate written differently.
    static func log() -> LogBuilder {
        var b = morningLog()
        b.run(
            .receiveAlert(Self.tip("Xe tải chở vảy tê tê", conveyance: "12C-045.67"), alertID: "A-0008"),
            at: "2021-09-01T07:40:05")
        b.run(
            .receiveAlert(
                Self.tip("Pangolin scales in a truck at Tân Thanh", conveyance: "12c 04567", at: "2021-09-01T07:50:00"),
                alertID: "A-0009"), at: "2021-09-01T07:50:05")
        return b
    }

    @Test func sharedConveyanceReferencesHintAtEachOther() {
        let s = makeState(Self.log())
        #expect(s.duplicates.candidates(of: "A-0008") == ["A-0009"])
        #expect(s.duplicates.candidates(of: "A-0009") == ["A-0008"], "12C-045.67 and 12c 04567 are one plate")
        #expect(s.duplicates.candidates(of: "A-0001") == [])
        let screen = view(s).snapshot()
        #expect(screen.contains("≈A-0009 Xe tải"), "the row says which alert it may duplicate")
        #expect(screen.contains("≈A-0008 Pangolin"))
    }

    /// A plate more than `commonKey` open alerts share ("N/A" in every row) hints at nothing.
    @Test func aKeyTooManyAlertsShareIsIgnored() {
        var b = morningLog()
        for i in 0...DuplicateIndex.commonKey {
            b.run(
                .receiveAlert(Self.tip("Xe \(i)", conveyance: "KHONG RO"), alertID: "A-\(1000 + i)"),
                at: "2021-09-01T07:40:05")
        }
        var s = makeState(b)
        #expect(s.duplicates.candidates(of: "A-1000").count == DuplicateIndex.commonKey)
        let more = b.run(
            .receiveAlert(Self.tip("Xe thêm", conveyance: "KHONG RO"), alertID: "A-2000"), at: "2021-09-01T07:41:00")
        _ = update(&s, .recordsAppended(more))
        #expect(s.duplicates.candidates(of: "A-1000").isEmpty)
        #expect(s.duplicates.candidates(of: "A-2000").isEmpty)
    }

    @Test func sourceReferencesAndTravelDocumentsCountToo() {
        var b = morningLog()
        let board = AlertSource(kind: .coordinationBoard)
        b.run(
            .receiveAlert(Self.tip("a", sourceRef: "GS21/0117", source: board), alertID: "A-0010"),
            at: "2021-09-01T07:41:00"
        )
        b.run(
            .receiveAlert(Self.tip("b", sourceRef: "gs21-0117", source: board), alertID: "A-0011"),
            at: "2021-09-01T07:42:00"
        )
        // The same number from another kind of source is another reference.
        b.run(.receiveAlert(Self.tip("c", sourceRef: "GS21/0117"), alertID: "A-0012"), at: "2021-09-01T07:43:00")
        b.run(.receiveAlert(Self.tip("d", document: "passport C1234567"), alertID: "A-0013"), at: "2021-09-01T07:44:00")
        b.run(
            .receiveAlert(Self.tip("e", document: "Passport C 1234567"), alertID: "A-0014"), at: "2021-09-01T07:45:00")
        // Too short to mean anything.
        b.run(.receiveAlert(Self.tip("f", conveyance: "A1"), alertID: "A-0015"), at: "2021-09-01T07:46:00")
        b.run(.receiveAlert(Self.tip("g", conveyance: "a-1"), alertID: "A-0016"), at: "2021-09-01T07:47:00")
        let s = makeState(b)
        #expect(s.duplicates.candidates(of: "A-0010") == ["A-0011"])
        #expect(s.duplicates.candidates(of: "A-0012") == [])
        #expect(s.duplicates.candidates(of: "A-0013") == ["A-0014"])
        #expect(s.duplicates.candidates(of: "A-0015") == [])
    }

    @Test func liveArrivalAndMergeKeepTheHintsCurrent() {
        var b = morningLog()
        b.run(
            .receiveAlert(Self.tip("Xe tải chở vảy tê tê", conveyance: "12C-045.67"), alertID: "A-0008"),
            at: "2021-09-01T07:40:05")
        var s = makeState(b)
        #expect(s.duplicates.candidates(of: "A-0008") == [])
        // Another desk's tip about the same plate arrives while the dashboard is open.
        let new = b.run(
            .receiveAlert(Self.tip("Same plate, other source", conveyance: "12c04567"), alertID: "A-0009"),
            at: "2021-09-01T07:55:00")
        _ = update(&s, .recordsAppended(new))
        #expect(s.duplicates.candidates(of: "A-0008") == ["A-0009"])
        #expect(s.duplicates.candidates(of: "A-0009") == ["A-0008"])
        // Merged: no longer open, no longer a hint on either.
        let merged = b.run(.merge(duplicate: "A-0009", into: "A-0008"), at: "2021-09-01T07:56:00")
        _ = update(&s, .recordsAppended(merged))
        #expect(s.duplicates.candidates(of: "A-0008") == [])
        #expect(s.duplicates.candidates(of: "A-0009") == [])
        // Reopened: open again, the hint comes back.
        let reopened = b.run(.reopen(alertID: "A-0009", reason: "not the same truck"), at: "2021-09-01T07:57:00")
        _ = update(&s, .recordsAppended(reopened))
        #expect(s.duplicates.candidates(of: "A-0008") == ["A-0009"])
    }

    @Test func detailNamesThePossibleDuplicates() {
        var s = makeState(Self.log())
        s.follow(alertID: "A-0009")
        press(&s, .enter)
        let screen = view(s).snapshot()
        #expect(screen.contains("Possible duplicate of:") && screen.contains(" A-0008 "), "\(screen)")
    }

    @Test func mergeOffersPossibleDuplicatesFirstAndSearchesSubjects() {
        var s = makeState(Self.log())
        s.follow(alertID: "A-0009")
        press(&s, .char("m"))
        guard let f = s.form else {
            Issue.record("no merge form")
            return
        }
        let offered = completionMatches(f.fields[0], store: s.store, fold: s.fold).map(\.value)
        #expect(offered == ["A-0008"], "with nothing typed, the possible duplicates")
        type(&s, "ngà voi")
        let bySubject = s.form.map { completionMatches($0.fields[0], store: s.store, fold: s.fold).map(\.value) }
        #expect(bySubject == ["A-0003"], "merge completion searches subjects")
        press(&s, .ctrl("u"))
        type(&s, "0001")
        let byID = s.form.map { completionMatches($0.fields[0], store: s.store, fold: s.fold).map(\.value) }
        #expect(byID == ["A-0001"])
        press(&s, .ctrl("u"))
        type(&s, "tê")
        let both = s.form.map { completionMatches($0.fields[0], store: s.store, fold: s.fold).map(\.value) } ?? []
        #expect(both.first == "A-0008", "the possible duplicate that matches comes first")
        #expect(both.contains("A-0001") && !both.contains("A-0009"), "never the alert itself")
    }
}

/// Screens of the duplicate hint (issue 13, item 9): the list in English and Vietnamese at
/// 80×24 and 160×48, and the detail line.
@Suite struct DuplicateHintSnapshotTests {
    @Test func list80English() { assertSnapshot(makeState(DuplicateHintTests.log()), "duplicates-80x24-en") }
    @Test func list80Vietnamese() {
        assertSnapshot(makeState(DuplicateHintTests.log(), language: .vi), "duplicates-80x24-vi")
    }
    @Test func list160English() {
        assertSnapshot(makeState(DuplicateHintTests.log(), width: 160, height: 48), "duplicates-160x48-en")
    }
    @Test func list160Vietnamese() {
        assertSnapshot(
            makeState(DuplicateHintTests.log(), language: .vi, width: 160, height: 48), "duplicates-160x48-vi")
    }
    @Test func detailVietnamese() {
        var s = makeState(DuplicateHintTests.log(), language: .vi)
        s.follow(alertID: "A-0009")
        press(&s, .enter)
        assertSnapshot(s, "duplicates-detail-80x24-vi")
    }
}
