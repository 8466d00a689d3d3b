import DutyDeskConfig
import DutyDeskDomain
import Foundation
import Testing

private func ts(_ s: String) -> RFC3339Timestamp { RFC3339Timestamp.parse(s)! }

/// The repository root, found from this file's path.
private let repoRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

@Suite struct EmbeddedCampaignTests {
    @Test func embeddedTextEqualsTheDocsFileByteForByte() throws {
        let file = try Data(contentsOf: repoRoot.appendingPathComponent("docs/campaigns/golden-strike-2021.yaml"))
        #expect(Array(file) == Array(CampaignLoader.embeddedGoldenStrike2021Text.utf8))
    }

    @Test func goldenStrike2021AsTheLetterGivesIt() {
        let c = CampaignLoader.embeddedGoldenStrike2021
        #expect(c.id == "golden-strike-2021")
        #expect(c.zone == .ict)
        #expect(c.windowStart == ts("2021-09-01T00:00:00+07:00"))
        #expect(c.windowEnd == ts("2021-09-06T00:00:00+07:00"))
        #expect(c.nominatingUnits.count == 35)
        #expect(c.units.count == 37)
        #expect(Set(c.units.map(\.code)).count == 37)
        #expect(c.focalUnit == "DTCBL-P1")
        #expect(c.unit("DTCBL-P1")?.parent == "DTCBL")
        #expect(c.unit("DTCBL-P1")?.kind == .division)
        #expect(c.unit("HQHN")?.nameVI == "Cục Hải quan thành phố Hà Nội")
        #expect(c.partnerAgencies.map(\.code) == ["police", "border_guard", "market_management"])
        #expect(c.deadlines.focalOfficerNominationDue == ts("2021-09-05T00:00:00+07:00"))
        #expect(c.deadlines.focalOfficerNominationSource.text == "item 9")
        #expect(c.deadlines.rapidReportAfterSeizureSeconds == 86_400)
        #expect(c.deadlines.rapidReportSource.isPractice)
        #expect(c.deadlines.dailyUpdateMinuteOfDay == 17 * 60)
        #expect(c.deadlines.dailyUpdateSource.isPractice)
        #expect(c.deadlines.finalReportDue == ts("2021-09-10T17:00:00+07:00"))
        #expect(c.deadlines.finalReportSource.isPractice)
        #expect(c.deadlines.verificationAnswerSeconds == 7 * 86_400)
        #expect(c.deadlines.verificationAnswerSource.isPractice)
        #expect(c.deadlines.dueSoonSeconds == 7200)
        #expect(c.priorities.map(\.acknowledgeWithinSeconds) == [900, 3600, 14_400, 86_400])
        #expect(c.priorities.allSatisfy { $0.source.isPractice })
        #expect(c.campaignDays.count == 5)
    }

    @Test func deadlinesAtEightOnTheFirstMorning() {
        let c = CampaignLoader.embeddedGoldenStrike2021
        let now = ts("2021-09-01T08:00:00+07:00")
        let d = deadlines(campaign: c, state: CampaignState(campaign: c), now: now)
        let end = d.first { $0.kind == .campaignEnd }!
        #expect(end.countdown(from: now) == "4d 16:00:00")
        let agg = d.first { $0.kind == .focalOfficerNominations }!
        #expect(agg.title.en == "Focal officers 0 of 35 nominated")
        #expect(agg.countdown(from: now) == "3d 16:00:00")
        #expect(agg.letterItem == "item 9")
        #expect(agg.state == .upcoming)
        #expect(d.filter { $0.kind == .focalOfficerNomination }.count == 35)
        #expect(d.first { $0.kind == .campaignStart }?.state == .met)
        // Same reading whatever offset `now` was written in.
        let utcNow = ts("2021-09-01T01:00:00Z")
        #expect(
            deadlines(campaign: c, state: CampaignState(campaign: c), now: utcNow).first { $0.kind == .campaignEnd }!
                .countdown(from: utcNow) == "4d 16:00:00")
    }

    @Test func secondExampleLoads() throws {
        let path = repoRoot.appendingPathComponent("docs/campaigns/example-thunder-2022.yaml").path
        let c = try CampaignLoader.load(path: path)
        #expect(c.id != "golden-strike-2021")
        #expect(!c.units.isEmpty)
    }
}

@Suite struct CampaignFileErrorTests {
    func replacing(_ old: String, _ new: String) -> String {
        let t = CampaignLoader.embeddedGoldenStrike2021Text
        precondition(t.contains(old))
        return t.replacingOccurrences(of: old, with: new)
    }
    func error(_ yaml: String) -> CampaignFileError? {
        do {
            _ = try CampaignLoader.parse(yaml: yaml, file: "c.yaml")
            return nil
        } catch { return error }
    }
    func line(of needle: String, in yaml: String) -> Int {
        yaml.components(separatedBy: "\n").firstIndex { $0.contains(needle) }! + 1
    }

    @Test func badTimestampNamesLineAndField() {
        let y = replacing("start: \"2021-09-01T00:00:00+07:00\"", "start: \"01/09/2021\"")
        let e = error(y)
        #expect(e?.field == "window.start")
        #expect(e?.line == line(of: "start: \"01/09/2021\"", in: y))
        #expect(e?.description.hasPrefix("c.yaml:\(line(of: "start: \"01/09/2021\"", in: y)): window.start: ") == true)
    }
    @Test func duplicateUnitCode() {
        let y = replacing("code: HQHP,", "code: HQHN,")
        let e = error(y)
        #expect(e?.field == "units[2].code")
        #expect(e?.message == "duplicate unit code HQHN")
        #expect(
            e?.line
                == line(of: "code: HQHN,   kind: provincial_department, vi: \"Cục Hải quan thành phố Hải Phòng", in: y))
    }
    @Test func unknownKindAndUnknownField() {
        #expect(
            error(replacing("code: HQCM,   kind: provincial_department", "code: HQCM,   kind: province"))?.field
                == "units[34].kind")
        #expect(error(replacing("focal_unit: DTCBL-P1", "focal_unit: DTCBL-P1\ncolour: red"))?.field == "colour")
    }
    @Test func missingAndInvalidValues() {
        #expect(error(replacing("focal_unit: DTCBL-P1", "focal_unit: P9"))?.message == "unknown unit P9")
        #expect(
            error(replacing("after_seizure: 24h", "after_seizure: soon"))?.field
                == "deadlines.rapid_report.after_seizure")
        #expect(
            error(replacing("local_time: \"17:00\"", "local_time: \"25:00\""))?.field
                == "deadlines.daily_update.local_time")
        #expect(
            error(
                replacing("  - { id: low,      acknowledge_within: 24h, remind_every: 1h,  source: practice }\n", ""))?
                .field == "priorities")
        // Reminders (issue 13, item 1): at least a minute.
        #expect(
            error(replacing("remind_every: 15m, source: practice }", "remind_every: 30s, source: practice }"))?.field
                == "priorities[0].remind_every")
        #expect(
            error(replacing("untouched_after: 2h", "untouched_after: 10s"))?.field == "attention.untouched_after")
        #expect(error(replacing("untouched_after: 2h", "untouched_after: soon"))?.field == "attention.untouched_after")
        // Self-escalation (decision 0017): off unless set, a whole number from 1 to 100.
        #expect(CampaignLoader.embeddedGoldenStrike2021.selfEscalationAfterReminders == nil)
        let on = replacing("untouched_after: 2h", "untouched_after: 2h\n  escalate_after_reminders: 3")
        #expect((try? CampaignLoader.parse(yaml: on, file: "c.yaml"))?.selfEscalationAfterReminders == 3)
        for bad in ["0", "101", "2.5", "three", "-1"] {
            let e = error(replacing("untouched_after: 2h", "untouched_after: 2h\n  escalate_after_reminders: \(bad)"))
            #expect(e?.field == "attention.escalate_after_reminders", "\(bad)")
        }
        #expect(
            error(replacing("source: item 9", "source: somewhere"))?.field
                == "deadlines.focal_officer_nomination.source")
        #expect(
            error(replacing("end: \"2021-09-06T00:00:00+07:00\"", "end: \"2021-08-06T00:00:00+07:00\""))?.field
                == "window.end")
        let e = error(replacing("id: golden-strike-2021\n", ""))
        #expect(e?.field == "id")
        #expect(e?.message == "required field is missing")
    }
    @Test func yamlSyntaxErrorHasLine() {
        let y = replacing("  vi: Ban điều phối chiến dịch Golden Strike", "  vi: [unclosed")
        let e = error(y)
        #expect(e?.line != nil)
        #expect(e?.message.hasPrefix("YAML syntax") == true)
    }
    @Test func missingFile() {
        do {
            _ = try CampaignLoader.load(path: "/nonexistent/campaign.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.file == "/nonexistent/campaign.yaml")
            #expect(error.description.contains("cannot read"))
        }
    }
    @Test func durations() {
        #expect(CampaignLoader.parseDuration("15m") == 900)
        #expect(CampaignLoader.parseDuration("1h30m") == 5400)
        #expect(CampaignLoader.parseDuration("7d") == 604_800)
        #expect(CampaignLoader.parseDuration("h") == nil)
        #expect(CampaignLoader.parseDuration("12") == nil)
        #expect(CampaignLoader.parseDuration("3w") == nil)
    }
    /// Issue 12, item 4: durations are parsed with overflow checks and bounded; campaign
    /// dates are checked against `TimeRules` (1900-01-01 up to 2100-01-01).
    @Test func hugeDurationsAndAbsurdDatesAreRefusedNotTrapped() {
        #expect(CampaignLoader.parseDuration("99999999999999999999d") == nil)
        #expect(CampaignLoader.parseDuration("9223372036854775807s") == nil)
        #expect(CampaignLoader.parseDuration("3660d") == 3660 * 86_400)
        #expect(CampaignLoader.parseDuration("3660d1s") == nil)
        #expect(CampaignLoader.parseDuration(String(repeating: "9", count: 10_000) + "s") == nil)
        let huge = error(replacing("after_seizure: 24h", "after_seizure: 99999999999999999999d"))
        #expect(huge?.field == "deadlines.rapid_report.after_seizure")
        #expect(huge?.message.contains("at most 3660 days") == true)
        let old = error(
            replacing("start: \"2021-09-01T00:00:00+07:00\"", "start: \"1700-09-01T00:00:00+07:00\""))
        #expect(old?.field == "window.start" && old?.message.contains("before 1900-01-01") == true)
        let far = error(
            replacing("end: \"2021-09-06T00:00:00+07:00\"", "end: \"9999-09-06T00:00:00+07:00\""))
        #expect(far?.field == "window.end" && far?.message.contains("cannot represent") == false)
        #expect(far?.message.contains("outside the times DutyDesk can represent") == true)
        #expect(
            error(replacing("due: \"2021-09-10T17:00:00+07:00\"", "due: \"2150-09-10T17:00:00+07:00\""))?.field
                == "deadlines.final_report.due")
    }
}

@Suite struct CampaignAttentionTests {
    @Test func theEmbeddedCampaignSetsTheRemindersAndAFileWithoutThemGetsThePracticeDefaults() throws {
        let c = CampaignLoader.embeddedGoldenStrike2021
        #expect(c.priorities.map(\.remindEverySeconds) == [900, 900, 3600, 3600])
        #expect(c.untouchedAfterSeconds == 7200)
        var t = CampaignLoader.embeddedGoldenStrike2021Text
        t = t.replacingOccurrences(of: "remind_every: 15m, ", with: "").replacingOccurrences(
            of: "remind_every: 1h,  ", with: "")
        // The `attention` section: its line and the two indented lines after it.
        var lines = t.split(separator: "\n", omittingEmptySubsequences: false)
        let i = try #require(lines.firstIndex { $0.hasPrefix("attention:") })
        lines.removeSubrange(i...(i + 2))
        t = lines.joined(separator: "\n")
        let bare = try CampaignLoader.parse(yaml: t, file: "bare.yaml")
        #expect(bare.priorities.allSatisfy { $0.remindEverySeconds == nil })
        #expect(bare.untouchedAfterSeconds == Campaign.defaultUntouchedAfterSeconds)
    }
}
