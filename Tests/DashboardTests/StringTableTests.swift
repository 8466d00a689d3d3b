import DutyDeskDomain
import DutyDeskJSON
import TerminalKit
import Testing

@testable import Dashboard

/// Every word the officer reads comes from the string tables, in the officer's language
/// (issue 16, item 4), and forms hand the domain typed values (item 3).
@Suite struct StringTableTests {
    @Test func domainRefusalsShowInTheOfficersLanguage() {
        var s = makeState(morningLog(), language: .vi)
        press(&s, .char("j"), .char("j"), .char("j"), .char("j"))
        #expect(s.selectedAlert == "A-0003")
        let fx = press(&s, .char("a"))
        #expect(appends(fx).isEmpty)
        #expect(s.statusText == DomainError.alreadyAcknowledged("A-0003", by: "lan.nguyen").text(.vi))
        #expect(s.statusText == "tin báo A-0003 đã được lan.nguyen tiếp nhận")
    }

    @Test func aRefusalInAFormIsInTheOfficersLanguage() {
        var s = makeState(morningLog(), language: .vi)
        press(&s, .char("j"), .char("j"), .char("j"), .char("j"), .char("m"))
        type(&s, "A-0003")
        press(&s, .enter)
        #expect(s.form?.error == DomainError.mergeIntoItself("A-0003").text(.vi))
    }

    /// English words that must not appear on a Vietnamese screen (the labels Render.swift
    /// used to spell inline).
    static let englishLabels = [
        "Priority", "Received", "Acknowledge by", "Commodity", "Species", "Quantity", "Conveyance",
        "Responsible unit", "Assigned to", "Escalated to", "Snoozed until", "Duplicate of", "Source notes",
        "Reference", "Routed via", "Case date", "Opened", "Answered", "Not nominated yet", "records a nomination",
        "more", "above", "overdue", "seen", "configurable default", "letter 4237", "practice", "item 9",
        "alert.received", "alert.closed", "verification.opened",
    ]

    @Test func vietnameseScreensHaveNoEnglishLabels() {
        var screens: [String] = []
        func shot(_ keys: Key...) {
            var s = makeState(morningLog(), language: .vi, width: 160, height: 48)
            for k in keys { _ = update(&s, .key(k)) }
            screens.append(view(s).snapshot())
        }
        shot()
        shot(.enter)
        shot(.char("j"), .enter)
        shot(.char("2"), .enter)
        shot(.char("2"), .char("j"), .enter)
        shot(.char("3"), .enter)
        shot(.char("3"), .char("j"), .enter)
        shot(.char("3"), .char("j"), .char("j"), .enter)
        for screen in screens {
            for word in Self.englishLabels {
                #expect(!screen.contains(word), "«\(word)» on a Vietnamese screen:\n\(screen)")
            }
        }
    }

    @Test func englishScreensKeepTheirLabels() {
        var s = makeState(morningLog(), width: 160, height: 48)
        press(&s, .char("3"), .char("j"), .char("j"), .enter)
        let text = view(s).snapshot()
        #expect(text.contains("Not nominated yet (35):"))
        #expect(text.contains("f records a nomination."))
    }

    @Test func assigneeCompletionIsTypedNotParsedBack() {
        var s = makeState(morningLog())
        press(&s, .char("j"), .char("j"), .char("j"), .char("j"), .char("s"))
        #expect(s.form?.target == .alert(id: "A-0003"))
        type(&s, "Police")
        let e = appends(press(&s, .enter)).first?.1.first
        #expect(e?.type == "alert.assigned")
        #expect(e?.payload["assignee"]?["kind"]?.stringValue == "partner")
        #expect(e?.payload["assignee"]?["id"]?.stringValue == "police")
    }

    @Test func aTypedOfficerIdWithAColonStaysAnOfficerId() {
        // Nothing parses "kind:id" back out of the text any more.
        var s = makeState(morningLog())
        press(&s, .char("j"), .char("j"), .char("j"), .char("j"), .char("s"))
        type(&s, "unit:x")
        let e = appends(press(&s, .enter)).first?.1.first
        #expect(e?.payload["assignee"]?["kind"]?.stringValue == "officer")
        #expect(e?.payload["assignee"]?["id"]?.stringValue == "unit:x")
    }

    @Test func theDailyReportFormCarriesItsDay() {
        var s = makeState(morningLog())
        press(&s, .char("3"), .char("d"))
        #expect(s.form?.target == .report(day: "2021-09-01"))
        #expect(s.form.map(s.formLabel) == "Report submitted")
        #expect(s.form?.value(.reportDay) == "01/09/2021")
    }

    @Test func theFormShowsTheDomainsEnumsWithTheirWords() {
        var s = makeState(morningLog(), language: .vi)
        press(&s, .char("2"), .char("o"))
        #expect(s.form?.fields[0].choices.map(\.value) == VerificationDirection.allCases.map(\.rawValue))
        #expect(s.form?.fields[0].choices.map(\.label) == ["đến", "đi"])
        var c = makeState(morningLog())
        press(&c, .char("j"), .char("j"), .char("j"), .char("j"), .char("c"))
        #expect(
            c.form?.fields[0].choices.map(\.value) == ["seized", "no_finding", "referred_to_partner", "false_alarm"])
    }

    @Test func theDashboardsDeadlineStatesAreTheDomains() {
        let soon: Int64 = 7_200 * 1_000_000_000
        for left: Int64 in [soon + 1, soon, 1, 0, -1] {
            for kind in [DeadlineList.RowKind.pending, .met, .milestone] {
                #expect(
                    DeadlineList.state(due: left, kind: kind, at: 0, soon: soon)
                        == Deadline.State.at(
                            0, due: left, dueSoonNanoseconds: soon, met: kind == .met, milestone: kind == .milestone))
            }
        }
    }
}
