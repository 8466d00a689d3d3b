import Foundation
import Testing

/// Issue 13, items 1 and 9: in the real binary, on the dashboard's own clock, a snooze that
/// ends and an acknowledgement time that passes each raise their banner without a key
/// press, and acting on the alert clears it. Vietnamese, no colour.
@Suite(.serialized) struct AttentionEndToEndTests {
    let dir: URL
    let log: String

    init() throws { (dir, log) = try makeEndToEndLogDirectory() }

    @Test(.enabled(if: TmuxSession.available))
    func aSnoozeThatEndsAndAnAcknowledgementTimeThatPassesRaiseTheirBanners() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let dutydesk = try Products.path("dutydesk")
        func run(_ args: [String]) throws {
            let r = try TmuxSession.run([dutydesk] + args + ["--log", log])
            #expect(r.status == 0, "\(args): \(r.output)")
        }
        // A critical alert received at 07:45:20: its 15 minutes run out at 08:00:20. A high
        // one, acknowledged and snoozed until 08:00:25. The dashboard starts at 08:00:00,
        // before either (what is already late at a start rings nothing).
        try run([
            "alert", "add", "--source", "police", "--priority", "critical", "--subject", "Hổ đông lạnh trong xe tải",
            "--received", "2021-09-01T07:45:20+07:00", "--now", "2021-09-01T07:45:20+07:00",
        ])
        try run([
            "alert", "add", "--source", "border_guard", "--priority", "high", "--subject", "Ngà voi ở Móng Cái",
            "--received", "2021-09-01T07:50:00+07:00", "--now", "2021-09-01T07:50:00+07:00",
        ])
        try run(["alert", "ack", "A-0002", "--officer", "lan", "--now", "2021-09-01T07:51:00+07:00"])
        try run([
            "alert", "snooze", "A-0002", "--until", "2021-09-01T08:00:25+07:00", "--officer", "lan", "--now",
            "2021-09-01T07:52:00+07:00",
        ])
        let t = try TmuxSession(
            width: 120, height: 40,
            environment: ["LANG": "vi_VN.UTF-8", "NO_COLOR": "1", "TERM": "xterm-256color"])
        defer { t.kill() }
        try t.typeLine("\(dutydesk) --log \(log) --now 2021-09-01T08:00:00+07:00 --officer lan; echo EXITED=$?")
        try t.waitFor("Tin báo")
        let start = try t.capture()
        #expect(!start.contains("Quá hạn tiếp nhận") && !start.contains("Hết tạm hoãn"), "\(start)")
        try t.waitFor("A-0001 · Quá hạn tiếp nhận (khẩn cấp): Hổ đông lạnh", timeout: 45)
        try t.waitFor("A-0002 · Hết tạm hoãn: Ngà voi ở Móng Cái", timeout: 45)
        // Acknowledging the late one (the top row: critical) clears its banner by itself.
        try t.send("g")
        try t.send("a")
        try t.waitForScreen("the overdue banner cleared") { !$0.contains("Quá hạn tiếp nhận") }
        #expect(try t.capture().contains("Hết tạm hoãn"))
        try t.send("X")
        try t.waitForScreen("every banner cleared") { !$0.contains("Hết tạm hoãn") }
        try t.send("q")
        try t.waitFor("EXITED=0")
        let verify = try TmuxSession.run([dutydesk, "verify", "--log", log])
        #expect(verify.status == 0, "verify: \(verify.output)")
    }
}
