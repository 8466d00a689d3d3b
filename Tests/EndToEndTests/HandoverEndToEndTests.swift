import Foundation
import Testing

/// Issue 13, item 8: in the real binary, a shift handed over on the command line meets the
/// next officer as a banner and the handover view when the dashboard opens; `r` marks it
/// read, the banner goes, and `dutydesk handover show` says who read it. The officer then
/// writes their own handover with `w`. Vietnamese, no colour.
@Suite(.serialized) struct HandoverEndToEndTests {
    let dir: URL
    let log: String

    init() throws { (dir, log) = try makeEndToEndLogDirectory() }

    @Test(.enabled(if: TmuxSession.available))
    func theNextOfficerReadsTheHandoverAndWritesTheirOwn() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let dutydesk = try Products.path("dutydesk")
        func run(_ args: [String]) throws -> String {
            let r = try TmuxSession.run([dutydesk] + args + ["--log", log])
            #expect(r.status == 0, "\(args): \(r.output)")
            return r.output
        }
        _ = try run([
            "alert", "add", "--source", "police", "--priority", "high", "--subject", "Xe tải 12C-345.67 chở tê tê",
            "--now", "2021-09-01T17:00:00+07:00",
        ])
        _ = try run([
            "handover", "--note", "Chờ Biên phòng xác nhận biển số", "--officer", "thu", "--now",
            "2021-09-01T18:00:00+07:00",
        ])
        let t = try TmuxSession(
            width: 120, height: 40,
            environment: ["LANG": "vi_VN.UTF-8", "NO_COLOR": "1", "TERM": "xterm-256color"])
        defer { t.kill() }
        try t.typeLine("\(dutydesk) --log \(log) --now 2021-09-01T18:30:00+07:00 --officer lan; echo EXITED=$?")
        try t.waitFor("Bàn giao ca của thu")
        let view = try t.waitFor("Chờ Biên phòng xác nhận biển số")
        #expect(view.contains("A-0001  cao · Xe tải 12C-345.67 chở tê tê"), "\(view)")
        try t.send("r")
        try t.waitFor("lan đã đọc lúc 01/09/2021 18:30")
        try t.waitForScreen("the handover banner cleared") { !$0.contains("nhấn H để xem") }
        try t.send("w")
        try t.waitFor("Bàn giao ca: điều cán bộ ca sau cần biết")
        try t.sendLiteral("Ca đêm: theo dõi A-0001")
        try t.send("Enter")
        try t.waitFor("lan bàn giao lúc")
        try t.send("q")
        try t.waitFor("EXITED=0")
        var env = ProcessInfo.processInfo.environment
        env["LANG"] = "C.UTF-8"
        env["LC_ALL"] = "C.UTF-8"
        let show = try TmuxSession.run([dutydesk, "handover", "show", "--log", log], environment: env)
        #expect(show.status == 0 && show.output.contains("by: lan"), "\(show.output)")
        #expect(show.output.contains("Ca đêm: theo dõi A-0001"), "\(show.output)")
        let verify = try TmuxSession.run([dutydesk, "verify", "--log", log])
        #expect(verify.status == 0, "verify: \(verify.output)")
    }
}
