import DutyDeskDomain
import DutyDeskJSON
import Testing

@Suite struct SearchFoldTests {
    // "Hồ Chí Minh" in three forms.
    let precomposed = "H\u{1ED3} Ch\u{00ED} Minh"
    let decomposed = "Ho\u{0302}\u{0300} Chi\u{0301} Minh"
    /// Windows-1258 style: precomposed ô (U+00F4) followed by a combining grave.
    let mixed = "H\u{00F4}\u{0300} Chi\u{0301} Minh"

    @Test func formsFoldAlike() {
        #expect(precomposed.unicodeScalars.count != decomposed.unicodeScalars.count)
        #expect(SearchFold.fold(precomposed) == "ho chi minh")
        #expect(SearchFold.fold(decomposed) == "ho chi minh")
        #expect(SearchFold.fold(mixed) == "ho chi minh")
        #expect(SearchFold.fold("ĐẶNG Văn Đức") == "dang van duc")
        #expect(SearchFold.fold("Ê\u{0301}") == "e")
        #expect(SearchFold.fold("ê\u{0301}") == SearchFold.fold("\u{1EBF}"))
        #expect(SearchFold.fold("Ư\u{031B}") == "u")
        #expect(SearchFold.fold("Quảng Ngãi – Đắk Lắk") == "quang ngai – dak lak")
        #expect(SearchFold.fold("MSKU1234567") == "msku1234567")
        #expect(SearchFold.fold("ΑΒΓ 🐅 Über 象牙 Ж") == "αβγ 🐅 uber 象牙 ж")
        #expect(SearchFold.fold("") == "")
    }

    @Test func prefixMatching() {
        for form in [precomposed, decomposed, mixed] {
            let f = SearchFold.fold("Sân bay " + form)
            #expect(SearchFold.matches(foldedQuery: SearchFold.fold("ho chi"), in: f))
            #expect(SearchFold.matches(foldedQuery: SearchFold.fold("HỒ CHÍ"), in: f))
            #expect(SearchFold.matches(foldedQuery: SearchFold.fold(mixed), in: f))
            #expect(SearchFold.matches(foldedQuery: SearchFold.fold("minh san"), in: f))
            #expect(!SearchFold.matches(foldedQuery: SearchFold.fold("chi ho x"), in: f))
            #expect(!SearchFold.matches(foldedQuery: SearchFold.fold("inh"), in: f))
        }
        #expect(SearchFold.matches(foldedQuery: "", in: "anything"))
        #expect(SearchFold.matches(foldedQuery: "msku", in: "container msku1234567, flight vn123"))
        #expect(SearchFold.matches(foldedQuery: "vn1", in: "container msku1234567, flight vn123"))
        #expect(!SearchFold.matches(foldedQuery: "sku", in: "container msku1234567"))
        #expect(SearchFold.matches(foldedQuery: "tê", in: "vảy tê tê"))  // unfolded non-ASCII still matches itself
        #expect(SearchFold.tokens("ho chi-minh, 2021") == ["ho", "chi", "minh", "2021"])
        #expect(SearchFold.matches(foldedQuery: SearchFold.fold("dang"), in: SearchFold.fold("Đặng")))
    }

    @Test func alertFilter() {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails(.high)))
        var d = sampleDetails(.low)
        d.source = AlertSource(kind: .police)
        d.responsibleUnit = "HQHCM"
        d.subject = "Vảy tê tê tại Cảng Cát Lái"
        d.commodity = "pangolin scales"
        d.location = AlertLocation(kind: .port, name: "Cảng Cát Lái")
        d.notes = nil
        d.persons = []
        d.conveyance = Conveyance(kind: .cargo, reference: "MSKU7654321")
        h.ok(.receiveAlert(d))
        h.ok(.acknowledge(alertID: "A-0002"))
        let now = h.now
        func ids(_ f: AlertFilter) -> [String] { h.state.alerts(matching: f, now: now).map(\.id) }
        #expect(ids(AlertFilter()) == ["A-0001", "A-0002"])
        #expect(ids(AlertFilter(query: "cat lai")) == ["A-0002"])
        #expect(ids(AlertFilter(query: "VAY TE")) == ["A-0002"])
        #expect(ids(AlertFilter(query: "noi bai")) == ["A-0001"])
        #expect(ids(AlertFilter(query: "ho chi")) == ["A-0001"])  // in its notes
        #expect(ids(AlertFilter(query: "a-0002")) == ["A-0002"])
        #expect(ids(AlertFilter(query: "qr968")) == ["A-0001"])
        #expect(ids(AlertFilter(statuses: [.received])) == ["A-0001"])
        #expect(ids(AlertFilter(statuses: [.acknowledged])) == ["A-0002"])
        #expect(ids(AlertFilter(priorities: [.low])) == ["A-0002"])
        #expect(ids(AlertFilter(sources: [.memberCountry])) == ["A-0001"])
        #expect(ids(AlertFilter(units: ["HQHCM"])) == ["A-0002"])
        #expect(ids(AlertFilter(query: "cat lai", priorities: [.high])) == [])
        var f = AlertFilter()
        f.query = "Cát"
        #expect(f.foldedQuery == "cat")
    }
}

@Suite struct VietnameseDateTests {
    @Test func parsesDayFirst() throws {
        #expect(try VietnameseDate.parse("05/09/2021") == ts("2021-09-05T00:00:00+07:00"))
        #expect(try VietnameseDate.parse("05/09/2021").description == "2021-09-05T00:00:00+07:00")
        #expect(try VietnameseDate.parse("5/9/2021 14:30") == ts("2021-09-05T14:30:00+07:00"))
        #expect(try VietnameseDate.parse(" 01/09/2021 23:59:59 ") == ts("2021-09-01T23:59:59+07:00"))
        #expect(try VietnameseDate.parse("29/02/2020") == ts("2020-02-29T00:00:00+07:00"))
        #expect(try VietnameseDate.parse("05/09/2021", offsetSeconds: 0) == ts("2021-09-05T00:00:00Z"))
    }
    func reason(_ s: String) -> String? {
        do {
            _ = try VietnameseDate.parse(s)
            return nil
        } catch { return error.reason }
    }
    @Test func impossibleDatesSaySo() {
        #expect(reason("31/09/2021") == "31/09/2021 is not a date: September 2021 has 30 days")
        #expect(reason("29/02/2021") == "29/02/2021 is not a date: February 2021 has 28 days")
        #expect(reason("00/09/2021") == "00/09/2021 is not a date: September 2021 has 30 days")
        #expect(reason("12/13/2021") == "12/13/2021 is not a date: there is no month 13")
        #expect(reason("2021-09-05") == "expected dd/MM/yyyy (e.g. 05/09/2021), got \"2021-09-05\"")
        #expect(reason("05/09/21") == "expected dd/MM/yyyy (e.g. 05/09/2021), got \"05/09/21\"")
        #expect(reason("05/09/2021 24:00") == "24:00 is not a time of day")
        #expect(reason("05/09/2021 9h") == "expected a time HH:mm after the date, got \"9h\"")
        #expect(reason("") != nil)
    }
    @Test func formats() {
        let t = ts("2021-09-04T18:30:00Z")  // 01:30 on 5 September in ICT
        #expect(VietnameseDate.formatDate(t) == "05/09/2021")
        #expect(VietnameseDate.format(t) == "05/09/2021 01:30")
        #expect(CampaignZone.ict.day(t) == "2021-09-05")
    }
}
