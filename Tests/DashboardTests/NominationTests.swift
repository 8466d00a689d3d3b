// Focal-officer nominations in the dashboard (issue 13, item 6; letter 4237, item 9): the
// phone rule's refusal in the form (its input kept), the question before a unit's nominee is
// replaced (`y` replaces, anything else goes back to the form), the history kept in view, and
// the units still to nominate offered first. Snapshots in English and Vietnamese at 80×24
// and 160×48.
import DutyDeskDomain
import DutyDeskJSON
import TerminalKit
import Testing

@testable import Dashboard

/// The morning log, HQHN's focal officer nominated at 07:30.
func morningWithNominee() -> LogBuilder {
    var b = morningLog()
    b.run(
        .nominateFocalOfficer(unit: "HQHN", name: "Trần Thị Lan", position: "Kiểm soát viên", phone: "0912 345 678"),
        by: "hn.duty", at: "2021-09-01T07:30:00")
    return b
}

/// Opens the nomination form (`3`, `f`) and fills it; Enter is left to the caller.
func fillNomination(_ s: inout AppState, unit: String, name: String, position: String, phone: String) {
    press(&s, .char("3"), .char("f"))
    type(&s, unit)
    press(&s, .tab)
    type(&s, name)
    press(&s, .tab)
    type(&s, position)
    press(&s, .tab)
    type(&s, phone)
}

/// The nomination events among `fx`'s appends.
func nominations(_ fx: [Effect]) -> [ProposedEvent] {
    appends(fx).flatMap(\.1).filter { $0.type == EventType.focalOfficerNominated }
}

@Suite struct NominationTests {
    @Test func theFormOffersTheUnitsStillToNominateFirst() {
        let s = makeState(morningWithNominee())
        let values = s.nominatingUnitCandidates.map(\.value)
        #expect(values.count == campaign.nominatingUnits.count)
        #expect(values.last == "HQHN")
        #expect(values.first == campaign.nominatingUnits.first { $0.code != "HQHN" }?.code)
        // Without a nomination, the campaign's order.
        #expect(makeState(morningLog()).nominatingUnitCandidates.map(\.value) == campaign.nominatingUnits.map(\.code))
    }

    @Test func aPhoneOfAnotherFormIsRefusedInTheFormWithItsInputKept() {
        var s = makeState(morningLog())
        fillNomination(&s, unit: "HQHP", name: "Phạm Văn Hải", position: "Đội phó", phone: "0912")
        #expect(nominations(press(&s, .enter)).isEmpty)
        #expect(s.isFormOpen && !s.isAskingToReplaceNominee)
        #expect(s.form?.error == DomainError.badPhone("0912").text(.en))
        #expect(s.form?.fields[3].editor.text == "0912" && s.form?.fields[1].editor.text == "Phạm Văn Hải")
        // Mended, it is sent at once (HQHP had no focal officer: no question), stored as 0….
        press(&s, .backspace, .backspace, .backspace, .backspace)
        type(&s, "+84 225 3842 555")
        let sent = nominations(press(&s, .enter))
        #expect(sent.count == 1 && !s.isFormOpen)
        #expect(sent.first?.payload["phone"]?.stringValue == "02253842555")
    }

    @Test func replacingANomineeAsksFirstAndAnyOtherKeyGoesBackToTheForm() {
        var s = makeState(morningWithNominee(), width: 160, height: 48)
        fillNomination(&s, unit: "HQHN", name: "Lê Văn Bình", position: "Đội trưởng", phone: "0987.654.321")
        #expect(nominations(press(&s, .enter)).isEmpty)
        #expect(s.isAskingToReplaceNominee && s.isFormOpen)
        let text = screen(s)
        #expect(text.contains("Replace the focal officer of HQHN?"))
        #expect(text.contains("Lan (Kiểm soát viên, 0912345678)"))
        #expect(text.contains("2021-09-01 07:30"))
        // Any other key: not replaced, the form as typed.
        #expect(nominations(press(&s, .char("n"))).isEmpty)
        #expect(!s.isAskingToReplaceNominee && s.isFormOpen)
        #expect(s.statusText?.contains("was not replaced") == true)
        #expect(s.form?.fields[1].editor.text == "Lê Văn Bình")
        // Esc cancels the question too; the form stays.
        press(&s, .enter)
        press(&s, .escape)
        #expect(!s.isAskingToReplaceNominee && s.isFormOpen)
        // y replaces.
        press(&s, .enter)
        let fx = press(&s, .char("y"))
        let sent = nominations(fx)
        #expect(sent.count == 1 && !s.isFormOpen && !s.isAskingToReplaceNominee)
        #expect(sent.first?.payload["name"]?.stringValue == "Lê Văn Bình")
        settle(&s, fx)
        #expect(s.domain.nominations["HQHN"]?.name == "Lê Văn Bình")
        #expect(s.domain.earlierNominations["HQHN"]?.map(\.name) == ["Trần Thị Lan"])
    }

    @Test func aRefusalIsGivenBeforeTheQuestion() {
        var s = makeState(morningWithNominee())
        fillNomination(&s, unit: "HQHN", name: "Lê Văn Bình", position: "Đội trưởng", phone: "12345")
        press(&s, .enter)
        #expect(!s.isAskingToReplaceNominee && s.isFormOpen)
        #expect(s.form?.error?.contains("is not a Vietnamese phone number") == true)
    }

    @Test func earlierNomineesStayInViewInTheUnitsViewAndTheDeadlineDetail() {
        var b = morningWithNominee()
        b.run(
            .nominateFocalOfficer(unit: "HQHN", name: "Lê Văn Bình", position: "Đội trưởng", phone: "0987654321"),
            by: "hn.duty", at: "2021-09-01T07:50:00")
        var s = makeState(b, width: 160, height: 48)
        press(&s, .char("4"))
        let units = screen(s)
        #expect(units.contains("✔ Lê Văn Bình · 1 earlier"), "\(units)")
        press(&s, .escape, .char("3"))
        // The nominations' deadline: the detail lists the one replaced.
        for _ in 0..<20 where s.selectedDeadline?.key != "focal_officer_nominations" { press(&s, .char("j")) }
        #expect(s.selectedDeadline?.key == "focal_officer_nominations")
        press(&s, .enter)
        let detail = screen(s)
        #expect(detail.contains("✔ HQHN · Lê Văn Bình"), "\(detail)")
        #expect(detail.contains("↳ replaced: Trần Thị Lan · Kiểm soát viên · 0912345678 · 2021-09-01 07:30"))
    }

    @Test(arguments: [(Language.en, 80, 24), (.vi, 80, 24), (.en, 160, 48), (.vi, 160, 48)])
    func questionSnapshot(_ language: Language, _ w: Int, _ h: Int) {
        var s = makeState(morningWithNominee(), language: language, width: w, height: h)
        fillNomination(&s, unit: "HQHN", name: "Lê Văn Bình", position: "Đội trưởng", phone: "0987 654 321")
        press(&s, .enter)
        #expect(s.isAskingToReplaceNominee)
        assertSnapshot(s, "nominee-replace-\(w)x\(h)-\(language.rawValue)")
    }

    @Test(arguments: [(Language.en, 80, 24), (.vi, 80, 24), (.en, 160, 48), (.vi, 160, 48)])
    func refusalSnapshot(_ language: Language, _ w: Int, _ h: Int) {
        var s = makeState(morningLog(), language: language, width: w, height: h)
        fillNomination(&s, unit: "HQHP", name: "Phạm Văn Hải", position: "Đội phó", phone: "0912")
        press(&s, .enter)
        #expect(s.form?.error != nil)
        assertSnapshot(s, "nominee-phone-refused-\(w)x\(h)-\(language.rawValue)")
    }
}
