import DutyDeskDomain
import DutyDeskJSON
import Testing

/// The focal officer's phone number (issue 13, item 6; letter 4237, item 9): Vietnamese
/// mobile and landline numbers as written, stored in the national form, checked by `decide`
/// only (decision 0015).
@Suite struct PhoneNumberTests {
    @Test(arguments: [
        // Mobiles: 0 + 3/5/7/8/9 + 8 digits, with separators, and +84 / 84 without the 0.
        ("0912345678", "0912345678"), ("0912 345 678", "0912345678"), ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"), ("  0987 654 321  ", "0987654321"), ("0312345678", "0312345678"),
        ("0512345678", "0512345678"), ("0712345678", "0712345678"), ("0812345678", "0812345678"),
        ("+84912345678", "0912345678"), ("+84 912 345 678", "0912345678"), ("84912345678", "0912345678"),
        ("+84-912-345-678", "0912345678"), ("0912 - 345 - 678", "0912345678"),
        // Landlines: 02 + area code + number, 11 digits; +84 without the 0.
        ("024 3826 5555", "02438265555"), ("0205 3870 123", "02053870123"), ("+84 24 3826 5555", "02438265555"),
        ("842438265555", "02438265555"), ("028.3829.7654", "02838297654"), ("0203 3881 234", "02033881234"),
    ])
    func acceptedForms(_ typed: String, _ stored: String) {
        #expect(PhoneNumber.normalised(typed) == stored, "\(typed)")
    }

    @Test(arguments: [
        "", " ", "0912", "09", "z", "091234567", "09123456789", "0112345678", "0412345678", "0612345678",
        "1912345678", "912345678", "+0912345678", "+84 0912345678", "+8491234567", "+849123456789",
        "0243826555", "024382655555", "+85 912 345 678", "0912 345 678.", ".0912345678", "0912/345/678",
        "(024) 3826 5555", "0912 345 678 ext 2", "0912345678\u{1B}[31m", "\u{1B}]0;pwned\u{07}0912345678",
        "０９１２３４５６７８", "0912\u{0}345678", "0912\n345678", "++84912345678", "+", "84",
        String(repeating: "0", count: 10_000), String(repeating: "0912 ", count: 2_000),
    ])
    func refusedForms(_ typed: String) {
        #expect(PhoneNumber.normalised(typed) == nil, "\(typed.prefix(40))")
    }

    @Test func theDomainStoresTheNationalForm() {
        var h = Harness()
        h.ok(
            .nominateFocalOfficer(
                unit: "HQHN", name: "Trần Thị Lan", position: "Kiểm soát viên", phone: "+84 912 345 678"))
        #expect(h.state.nominations["HQHN"]?.phone == "0912345678")
        #expect(h.events.last?.payload["phone"]?.stringValue == "0912345678")
        h.ok(.nominateFocalOfficer(unit: "HQHCM", name: "Hoàng Văn D", position: "Đội phó", phone: "0205 3870 123"))
        #expect(h.state.nominations["HQHCM"]?.phone == "02053870123")
    }

    @Test func aRefusalNamesTheFieldAndTheAcceptedFormsInBothLanguages() {
        var h = Harness()
        let e = h.refused(.nominateFocalOfficer(unit: "HQHN", name: "Lan", position: "KSV", phone: "0912"))
        #expect(e == .badPhone("0912"))
        let en = e?.text(.en) ?? ""
        let vi = e?.text(.vi) ?? ""
        #expect(en.hasPrefix("phone number \"0912\" is not a Vietnamese phone number"), "\(en)")
        #expect(en.contains("0912 345 678") && en.contains("+84") && en.contains("024 3826 5555"))
        #expect(en.contains("spaces, dots and dashes"))
        #expect(vi.hasPrefix("số điện thoại \"0912\" không đúng dạng số điện thoại Việt Nam"), "\(vi)")
        #expect(vi.contains("di động") && vi.contains("cố định") && vi.contains("+84"))
        #expect(h.state.nominations["HQHN"] == nil && h.events.isEmpty)
    }

    @Test func escapeSequencesAndVeryLongInputAreNotQuoted() {
        var h = Harness()
        let hostile = "\u{1B}]0;pwned\u{07}0912345678"
        #expect(
            h.refused(.nominateFocalOfficer(unit: "HQHN", name: "Lan", position: "KSV", phone: hostile))
                == .badPhone(nil))
        let long = String(repeating: "9", count: 100_000)
        let e = h.refused(.nominateFocalOfficer(unit: "HQHN", name: "Lan", position: "KSV", phone: long))
        #expect(e == .badPhone(nil))
        for lang in Language.allCases {
            let text = e?.text(lang) ?? ""
            #expect(text.count < 600 && !text.contains("\u{1B}"))
        }
        // An empty phone is still "empty", not "bad".
        #expect(
            h.refused(.nominateFocalOfficer(unit: "HQHN", name: "Lan", position: "KSV", phone: "  ")) == .empty(.phone))
    }

    @Test func storedNominationsWithOtherPhonesStillFold() {
        // Events are facts: a nomination stored before the rule (or by another writer) with a
        // phone of another form is folded as it is.
        let payload = FocalOfficerNominated(unit: "HQHN", name: "Lan", position: "KSV", phone: "0912 ext. 5")
        let e = RecordedEvent(
            seq: 1, id: "old-1", type: EventType.focalOfficerNominated, at: ts("2021-09-01T08:00:00+07:00"),
            actor: "officer.lan", payload: DomainEvent.focalOfficerNominated(payload).payload)
        let s = CampaignState.fold([e], campaign: testCampaign)
        #expect(s.nominations["HQHN"]?.phone == "0912 ext. 5")
        #expect(s.skippedCount == 0)
    }

    @Test func aReplacedNomineeStaysInTheHistoryAndTheSnapshot() throws {
        var h = Harness()
        h.ok(.nominateFocalOfficer(unit: "HQHN", name: "Trần Thị Lan", position: "KSV", phone: "0912345678"))
        h.now = ts("2021-09-02T09:00:00+07:00")
        h.ok(.nominateFocalOfficer(unit: "HQHN", name: "Lê Văn B", position: "Đội phó", phone: "0987654321"))
        h.now = ts("2021-09-03T09:00:00+07:00")
        h.ok(.nominateFocalOfficer(unit: "HQHN", name: "Phạm C", position: "Đội trưởng", phone: "024 3826 5555"))
        h.ok(.nominateFocalOfficer(unit: "HQHCM", name: "Hoàng D", position: "KSV", phone: "0205 3870 123"))
        #expect(h.state.nominations["HQHN"]?.name == "Phạm C")
        #expect(h.state.earlierNominations["HQHN"]?.map(\.name) == ["Trần Thị Lan", "Lê Văn B"])
        #expect(h.state.earlierNominations["HQHCM"] == nil)
        #expect(h.state.nominationHistory(of: "HQHN").map(\.name) == ["Trần Thị Lan", "Lê Văn B", "Phạm C"])
        #expect(h.state.nominationProgress.nominated == 2)
        // The fold and the incremental state agree; the snapshot carries the history.
        #expect(CampaignState.fold(h.events, campaign: testCampaign) == h.state)
        let back = try CampaignState(snapshotBody: h.state.snapshotBody(), campaign: testCampaign)
        #expect(back == h.state)
        #expect(back.earlierNominations["HQHN"]?.map(\.phone) == ["0912345678", "0987654321"])
    }
}
