import DutyDeskDomain
import DutyDeskJSON
import Testing

func ts(_ s: String) -> RFC3339Timestamp {
    guard let t = RFC3339Timestamp.parse(s) else { fatalError("bad timestamp in test: \(s)") }
    return t
}

/// A Golden Strike 2021–shaped campaign built in code (the domain tests do not depend on
/// DutyDeskConfig; the config tests check the embedded file itself).
let testCampaign: Campaign = {
    var units = (1...35).map { i in
        CampaignUnit(
            code: "HQ\(i < 10 ? "0" : "")\(i)", nameVI: "Cục Hải quan số \(i)", nameEN: "Customs Department \(i)",
            kind: .provincialDepartment)
    }
    units[0] = CampaignUnit(
        code: "HQHN", nameVI: "Cục Hải quan thành phố Hà Nội", nameEN: "Hanoi Customs Department",
        kind: .provincialDepartment)
    units[1] = CampaignUnit(
        code: "HQHCM", nameVI: "Cục Hải quan Thành phố Hồ Chí Minh",
        nameEN: "Ho Chi Minh City Customs Department", kind: .provincialDepartment)
    units.append(
        CampaignUnit(
            code: "DTCBL", nameVI: "Cục Điều tra chống buôn lậu", nameEN: "Anti-Smuggling Investigation Department",
            kind: .department))
    units.append(
        CampaignUnit(code: "DTCBL-P1", nameVI: "Phòng 1", nameEN: "Division 1", kind: .division, parent: "DTCBL"))
    return Campaign(
        id: "golden-strike-2021", name: BilingualText(en: "Golden Strike 2021", vi: "Golden Strike 2021"),
        letterReference: "4237/TCHQ-ĐTCBL", zone: .ict,
        windowStart: ts("2021-09-01T00:00:00+07:00"), windowEnd: ts("2021-09-06T00:00:00+07:00"), units: units,
        partnerAgencies: [
            PartnerAgency(code: "police", nameVI: "Công an", nameEN: "Police"),
            PartnerAgency(code: "border_guard", nameVI: "Bộ đội Biên phòng", nameEN: "Border Guard"),
            PartnerAgency(code: "market_management", nameVI: "Quản lý thị trường", nameEN: "Market Management"),
        ],
        coordinationBoard: BilingualText(en: "Coordination Board", vi: "Ban điều phối"), focalUnit: "DTCBL-P1",
        deadlines: DeadlineRules(
            focalOfficerNominationDue: ts("2021-09-05T00:00:00+07:00"), focalOfficerNominationSource: .letter(item: 9),
            rapidReportAfterSeizureSeconds: 86_400, rapidReportSource: .practice,
            dailyUpdateMinuteOfDay: 1020, dailyUpdateSource: .practice,
            finalReportDue: ts("2021-09-10T17:00:00+07:00"), finalReportSource: .practice,
            verificationAnswerSeconds: 7 * 86_400, verificationAnswerSource: .practice,
            dueSoonSeconds: 7200, dueSoonSource: .practice),
        priorities: Priority.allCases.map {
            PriorityRule(priority: $0, acknowledgeWithinSeconds: $0.practiceAcknowledgeSeconds, source: .practice)
        })
}()

/// Applies commands through `decide` like the CLI would: each proposed event gets the next
/// sequence number, the given time and actor. Records the events.
struct Harness {
    var state = CampaignState(campaign: testCampaign)
    var events: [RecordedEvent] = []
    var now = ts("2021-09-01T08:00:00+07:00")
    var counter = 0

    @discardableResult
    mutating func run(_ c: Command, as actor: String = "officer.lan") -> Result<[RecordedEvent], DomainError> {
        var n = counter
        let r = decide(
            c, state: state, actor: actor, now: now,
            newID: {
                n += 1
                return "E\(n)"
            })
        counter = n
        switch r {
        case .failure(let e): return .failure(e)
        case .success(let proposed):
            var out: [RecordedEvent] = []
            for p in proposed {
                let e = RecordedEvent(
                    seq: events.count + 1, id: p.id, type: p.type, at: now, actor: actor, payload: p.payload)
                events.append(e)
                state.apply(e)
                out.append(e)
            }
            return .success(out)
        }
    }
    /// Runs a command that must succeed.
    mutating func ok(_ c: Command, as actor: String = "officer.lan", sourceLocation: SourceLocation = #_sourceLocation)
    {
        if case .failure(let e) = run(c, as: actor) {
            Issue.record("command refused: \(e)", sourceLocation: sourceLocation)
        }
    }
    /// Runs a command that must fail and returns its reason (a `DomainError` value).
    mutating func refused(_ c: Command, as actor: String = "officer.lan") -> DomainError? {
        switch run(c, as: actor) {
        case .failure(let e): return e
        case .success: return nil
        }
    }
    mutating func advance(seconds: Int) { now = now.adding(seconds: seconds) }
}

func sampleDetails(
    _ priority: Priority = .high, at: RFC3339Timestamp = ts("2021-09-01T07:30:00+07:00"),
    eta: RFC3339Timestamp? = nil
) -> AlertDetails {
    AlertDetails(
        receivedAt: at, source: AlertSource(kind: .memberCountry, country: "ZA"), sourceReference: "ZA-GS-2021-017",
        priority: priority, subject: "Rhino horn in passenger luggage, flight from Johannesburg via Doha",
        commodity: "rhino horn", species: [Species(scientificName: "Ceratotherium simum", citesAppendix: "I")],
        quantity: [Measure(amount: "50", unit: "pieces"), Measure(amount: "72", unit: "kg")],
        persons: [PersonConcerned(name: "Nguyễn Văn A", nationality: "VN", travelDocument: "passport C1234567")],
        conveyance: Conveyance(kind: .passengerLuggage, reference: "QR968"),
        location: AlertLocation(kind: .airport, name: "Sân bay quốc tế Nội Bài"), responsibleUnit: "HQHN",
        eta: eta, notes: "Hồ Chí Minh transit booking also reported")
}
