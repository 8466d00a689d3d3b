import Foundation
import Testing

/// Issue 13, item 1 (decision 0017): in the real binary, on the dashboard's own clock, an
/// alert left unacknowledged through the campaign's reminders escalates itself (a record with
/// the actor `system`), the banner says so, and acknowledging it clears the banner.
@Suite(.serialized) struct SelfEscalationEndToEndTests {
    let dir: URL
    let log: String

    init() throws { (dir, log) = try makeEndToEndLogDirectory() }

    /// The embedded campaign with critical reminders every minute and self-escalation after one.
    func campaignFile() throws -> String {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        var yaml = try String(
            contentsOf: repo.appendingPathComponent("docs/campaigns/golden-strike-2021.yaml"), encoding: .utf8)
        for (old, new) in [
            (
                "{ id: critical, acknowledge_within: 15m, remind_every: 15m,",
                "{ id: critical, acknowledge_within: 15m, remind_every: 1m,"
            ),
            ("  untouched_after: 2h", "  untouched_after: 2h\n  escalate_after_reminders: 1"),
        ] {
            #expect(yaml.contains(old), "\(old)")
            yaml = yaml.replacingOccurrences(of: old, with: new)
        }
        let path = dir.appendingPathComponent("campaign.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(.enabled(if: TmuxSession.available))
    func anUnansweredAlertEscalatesItselfAndTheBannerClearsOnAcknowledgement() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let dutydesk = try Products.path("dutydesk")
        let campaign = try campaignFile()
        func run(_ args: [String]) throws -> String {
            let r = try TmuxSession.run([dutydesk] + args + ["--log", log, "--campaign", campaign])
            #expect(r.status == 0, "\(args): \(r.output)")
            return r.output
        }
        // Critical, received 07:44:10: acknowledge by 07:59:10, one reminder then, and the
        // self-escalation when the second would come, 08:00:10 (the dashboard starts at 08:00).
        _ = try run([
            "alert", "add", "--source", "police", "--priority", "critical", "--subject",
            "Tê tê sống trên xe 29C-123.45",
            "--received", "2021-09-01T07:44:10+07:00", "--now", "2021-09-01T07:44:10+07:00",
        ])
        let t = try TmuxSession(
            width: 120, height: 40,
            environment: ["LANG": "vi_VN.UTF-8", "NO_COLOR": "1", "TERM": "xterm-256color"])
        defer { t.kill() }
        try t.typeLine(
            "\(dutydesk) --log \(log) --campaign \(campaign) --now 2021-09-01T08:00:00+07:00 --officer lan; echo EXITED=$?"
        )
        try t.waitFor("Tin báo")
        #expect(!(try t.capture()).contains("tự chuyển cấp"))
        try t.waitFor("A-0001 · đã tự chuyển cấp tới Phòng 1 (ĐTCBL) — chưa tiếp nhận sau 1 lần nhắc", timeout: 45)
        // Still unacknowledged: the officer acknowledges it and the banner goes by itself.
        try t.send("g")
        try t.send("a")
        try t.waitForScreen("the self-escalation banner cleared") { !$0.contains("đã tự chuyển cấp") }
        try t.send("q")
        try t.waitFor("EXITED=0")
        let show = try run(["alert", "show", "A-0001", "--lang", "vi"])
        #expect(show.contains("tự chuyển cấp tới Phòng 1"), "\(show)")
        #expect(show.contains("· hệ thống (system)"), "\(show)")
        #expect(show.contains("chưa tiếp nhận sau 1 lần nhắc"), "\(show)")
        #expect(show.contains("tiếp nhận · lan"), "\(show)")
        let verify = try TmuxSession.run([dutydesk, "verify", "--log", log])
        #expect(verify.status == 0, "verify: \(verify.output)")
    }
}
