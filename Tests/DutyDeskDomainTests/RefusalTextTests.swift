import DutyDeskDomain
import DutyDeskJSON
import Testing

/// Domain refusals are values rendered in the officer's language (issue 16, item 4), and
/// the rules the dashboard shares with the domain exist once (item 3).
@Suite struct RefusalTextTests {
    static let t = ts("2021-09-01T08:00:00+07:00")

    /// One value of every case (the switch in `text(_:)` is exhaustive; this list is what
    /// the texts are checked on).
    static let samples: [DomainError] = [
        .noAlert("A-0042"), .emptyAlertID, .alertExists("A-0042"), .alertClosed("A-0042"),
        .alertMergedClosed("A-0042", into: "A-0007"), .notAcknowledged("A-0042", before: .assign),
        .notAcknowledged("A-0042", before: .close), .alreadyAcknowledged("A-0042", by: "lan.nguyen"),
        .alreadyAcknowledged("A-0042", by: nil), .alreadyAssigned("A-0042", to: Assignee(kind: .unit, id: "HQHN")),
        .alreadyEscalated("A-0042", to: .coordinationBoard), .snoozeNotInFuture(until: t),
        .notClosed("A-0042", status: .acknowledged), .mergeIntoItself("A-0042"),
        .survivorMerged("A-0042", into: "A-0007"), .duplicateOfItself("A-0042"), .empty(.note),
        .empty(.focalOfficerName), .countryCodeNeeded, .badQuantity("1,5"),
        .badCitesAppendix("IV", species: "Manis javanica"), .personWithoutName, .unknownUnit("XX"),
        .unknownPartner("navy"), .seizureNeedsCommodity, .seizureNeedsQuantity, .seizureTimeWithoutSeizure,
        .seizureInFuture(at: t), .nothingToUndo(actor: "lan.nguyen"),
        .noteAlreadyRetracted(alertID: "A-0042"),
        .undoOutdated(
            alertID: "A-0042", yourAction: "alert.assigned", lastChange: .init(type: "alert.closed", actor: "minh")),
        .lastActionElsewhere(alertID: "A-0042", lastOn: "A-0007", yourAction: "alert.snoozed"),
        .noRequest("V-0001"), .requestExists("V-0001"), .linkedAlertMissing("A-0404"),
        .dueNotAfterOpening(due: t, opened: t), .requestNotOpen("V-0001", status: .answered),
        .requestAlreadyClosed("V-0001"), .notProvincialDepartment("DTCBL-P1"), .badPhone("0912"), .badPhone(nil),
        .rapidReportNeedsAlert,
        .noSeizureToReport(alertID: "A-0042"), .notCampaignDay("2021-09-07"), .deskAlreadyConfigured("HQLS"),
        .badDeskCode("hq"), .deskNotConfigured, .deskAlreadyKeyed("HQLS"),
        .deskCodeTaken("HQLS"),
        .badPayload(type: "alert.snoozed", field: "until", .notATimestamp("tomorrow")),
        .badPayload(type: "alert.acknowledged", field: nil, .notAnObject),
    ]

    @Test func everyReasonHasAnEnglishAndAVietnameseSentence() {
        let requiredText = DomainError.RequiredText.allCases.map { DomainError.empty($0) }
        let actions = DomainError.AlertAction.allCases.map { DomainError.notAcknowledged("A-1", before: $0) }
        for e in Self.samples + requiredText + actions {
            let en = e.text(.en)
            let vi = e.text(.vi)
            #expect(!en.isEmpty && !vi.isEmpty)
            #expect(en != vi, "\(e): the Vietnamese text is the English one")
            #expect(e.description == en)
        }
        // No internal code (`coordination_board`, `acknowledged` as a raw status) in either
        // language, and no ISO instant in Vietnamese (issue 14, item 2).
        for e in Self.samples {
            for lang in Language.allCases {
                let words = e.text(lang).split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") })
                #expect(!words.contains { $0.contains("_") }, "\(e) in \(lang): \(e.text(lang))")
            }
            if case .badPayload = e { continue }
            #expect(!e.text(.vi).contains("2021-09-01T"), "\(e): \(e.text(.vi))")
        }
        // Distinct reasons read differently in both languages.
        #expect(Set(Self.samples.map { $0.text(.en) }).count == Self.samples.count)
        #expect(Set(Self.samples.map { $0.text(.vi) }).count == Self.samples.count)
    }

    @Test func vietnameseUsesTheFieldsWords() {
        // The directive's table: tin báo, yêu cầu xác minh, cán bộ đầu mối, Ban điều phối, bắt giữ, báo cáo nhanh.
        #expect(DomainError.alertClosed("A-0042").text(.vi) == "tin báo A-0042 đã đóng; hãy mở lại trước")
        #expect(DomainError.noRequest("V-0001").text(.vi) == "không có yêu cầu xác minh V-0001")
        #expect(DomainError.empty(.focalOfficerName).text(.vi) == "họ tên cán bộ đầu mối để trống")
        #expect(DomainError.alreadyEscalated("A-1", to: .coordinationBoard).text(.vi).contains("Ban điều phối"))
        #expect(DomainError.seizureNeedsCommodity.text(.vi).contains("bắt giữ"))
        #expect(DomainError.rapidReportNeedsAlert.text(.vi).contains("báo cáo nhanh"))
        #expect(
            DomainError.notAcknowledged("A-0042", before: .assign).text(.vi)
                == "tin báo A-0042 chưa được tiếp nhận; hãy tiếp nhận trước khi giao xử lý")
    }

    @Test func englishTextIsUnchanged() {
        // What the commands always printed (scripts and docs quote these).
        #expect(DomainError.alertClosed("A-0042").text(.en) == "alert A-0042 is closed; reopen it first")
        #expect(
            DomainError.notAcknowledged("A-0001", before: .snooze).text(.en)
                == "alert A-0001 is not acknowledged; acknowledge it before you snooze it")
        #expect(
            DomainError.alreadyAcknowledged("A-0001", by: nil).text(.en)
                == "alert A-0001 is already acknowledged by another officer")
        #expect(
            DomainError.snoozeNotInFuture(until: Self.t).text(.en)
                == "snooze end 2021-09-01T08:00:00+07:00 is not in the future")
        #expect(
            DomainError.undoOutdated(
                alertID: "A-0001", yourAction: "alert.acknowledged",
                lastChange: .init(type: "alert.assigned", actor: "officer.minh")
            ).text(.en)
                == "alert A-0001 changed since your alert.acknowledged (alert.assigned by officer.minh); undo is no longer possible"
        )
        #expect(
            DomainError.badPayload(type: "alert.received", field: "amount", .missing).text(.en)
                == "alert.received: quantity field \"amount\" is missing")
    }

    @Test func oneTrimmingRuleForDomainFormsAndImport() {
        #expect("  x  ".trimmingSpaces == "x")
        #expect("\t\r\nx y\n".trimmingSpaces == "x y")
        // No-break and ideographic spaces are white space too (a pasted Vietnamese name).
        #expect("\u{00A0}Trần Thị Lan\u{3000}".trimmingSpaces == "Trần Thị Lan")
        #expect("plain".trimmingSpaces == "plain")
        #expect(" ".trimmingSpaces.isEmpty)
        #expect("".trimmingSpaces.isEmpty)
        // The domain refuses what trims to nothing with the same rule.
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails()))
        #expect(h.refused(.addNote(alertID: "A-0001", text: "\u{00A0}\t")) == .empty(.note))
    }

    @Test func deadlineStateRuleBoundaries() {
        let soon: Int64 = 7_200 * 1_000_000_000
        let due: Int64 = 1_000 * 1_000_000_000_000
        func at(_ left: Int64, met: Bool = false, milestone: Bool = false) -> Deadline.State {
            .at(due - left, due: due, dueSoonNanoseconds: soon, met: met, milestone: milestone)
        }
        #expect(at(soon + 1) == .upcoming)
        #expect(at(soon) == .dueSoon)
        #expect(at(0) == .dueSoon)
        #expect(at(-1) == .overdue)
        #expect(at(soon + 1, met: true) == .met)
        #expect(at(0, milestone: true) == .met)
        #expect(at(1, milestone: true) == .dueSoon)
        #expect(at(soon + 1, milestone: true) == .upcoming)
    }
}
