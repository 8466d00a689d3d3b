import Foundation
import Testing

/// The thin end-to-end layer: the real binary in tmux, as an officer would use it.
/// Each test gets its own log in a fresh temporary directory and its own tmux server.
@Suite(.serialized) struct DashboardEndToEndTests {
    let dir: URL
    let log: String

    init() throws { (dir, log) = try makeEndToEndLogDirectory() }

    func cleanUp() { try? FileManager.default.removeItem(at: dir) }

    func logText() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    /// Waits until the log holds a line containing `needle`.
    func waitForLog(_ needle: String, timeout: Double = 10) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if logText().contains(needle) { return }
            usleep(50_000)
        }
        throw TmuxSession.Failure(description: "log never contained \(needle); log:\n\(logText())")
    }

    @Test(.enabled(if: TmuxSession.available))
    func liveAlertAcknowledgeResizeQuit() throws {
        defer { cleanUp() }
        let dutydesk = try Products.path("dutydesk")
        let t = try TmuxSession(width: 120, height: 40, environment: ["LANG": "C.UTF-8", "TERM": "xterm-256color"])
        defer { t.kill() }
        let before = dir.appendingPathComponent("stty-before").path
        let after = dir.appendingPathComponent("stty-after").path
        try t.typeLine(
            "stty -g > \(before); \(dutydesk) --log \(log) --now 2021-09-01T08:00:00+07:00 --officer duty1 --lang en; stty -g > \(after); echo \"EXITED\"=$?"
        )
        try t.waitFor("Alerts")
        try t.waitFor("Verification requests")
        try t.waitFor("Deadlines")
        // The drill clock runs on from 08:00:00, so the countdown reads 4d 16:00:00 or a
        // second or two less by the time we look.
        try t.waitForScreen("the campaign-end countdown") {
            $0.contains("Campaign ends") && ($0.contains("4d 16:00:00") || $0.contains("4d 15:59:"))
        }

        // A second process appends an alert; it appears without a key press.
        let add = try TmuxSession.run([
            dutydesk, "alert", "add", "--log", log, "--source", "police",
            "--priority", "critical", "--subject", "Pangolin scales in transit",
            "--location", "Cảng Cát Lái", "--received", "2021-09-01T07:59:00+07:00",
        ])
        #expect(add.status == 0, "alert add failed: \(add.output)")
        try t.waitFor("Pangolin scales", timeout: 10)

        // Acknowledge it with `a`: an alert.acknowledged record by duty1 lands in the log.
        try t.send("a")
        try waitForLog("\"type\":\"alert.acknowledged\"")
        #expect(logText().contains("\"officer\":\"duty1\""))

        // Resize below 80×24: one pane with a tab bar, no refusal; then back.
        try t.resize(width: 70, height: 20)
        try t.waitForScreen("the tab bar of the narrow layout") {
            $0.contains("1 Alerts │ 2 Verification │ 3 Deadlines")
        }
        try t.resize(width: 160, height: 48)
        try t.waitFor("Verification requests")

        // Quit with q: the shell comes back with the terminal as it was.
        try t.send("q")
        try t.waitFor("EXITED=0")
        #expect(try t.paneValue("#{alternate_on}") == "0")
        #expect(try t.paneValue("#{cursor_flag}") == "1")
        let s1 = try String(contentsOfFile: before, encoding: .utf8)
        let s2 = try String(contentsOfFile: after, encoding: .utf8)
        #expect(s1 == s2, "terminal modes differ after quitting")

        let verify = try TmuxSession.run([dutydesk, "verify", "--log", log])
        #expect(verify.status == 0, "verify: \(verify.output)")
    }

    @Test(.enabled(if: TmuxSession.available))
    func vietnameseNoColorCtrlCAndSigterm() throws {
        defer { cleanUp() }
        let dutydesk = try Products.path("dutydesk")
        let t = try TmuxSession(
            width: 100, height: 30, environment: ["LANG": "vi_VN.UTF-8", "NO_COLOR": "1", "TERM": "xterm-256color"])
        defer { t.kill() }
        let before = dir.appendingPathComponent("stty-before").path
        let after = dir.appendingPathComponent("stty-after").path
        try t.typeLine(
            "stty -g > \(before); \(dutydesk) --log \(log) --now 2021-09-01T08:00:00+07:00 --officer duty2; stty -g > \(after); echo \"EXITED\"=$?"
        )
        try t.waitFor("Tin báo")
        try t.waitFor("Thời hạn")
        try t.send("C-c")
        try t.waitFor("EXITED=")
        #expect(try t.paneValue("#{alternate_on}") == "0")
        #expect(try String(contentsOfFile: before, encoding: .utf8) == String(contentsOfFile: after, encoding: .utf8))

        // SIGTERM from outside also restores the terminal.
        try t.typeLine("clear; \(dutydesk) --log \(log) --now 2021-09-01T08:00:00+07:00; echo \"TERMINATED\"=$?")
        let shell = try t.paneValue("#{pane_pid}")
        // Wait for the dashboard process itself (the old screen may still show its text).
        let deadline = Date().addingTimeInterval(10)
        while try TmuxSession.run(["pgrep", "-P", shell, "-f", "dutydesk"]).status != 0 && Date() < deadline {
            usleep(50_000)
        }
        try t.waitFor("08:00:0")
        let killed = try TmuxSession.run(["pkill", "-TERM", "-P", shell])
        #expect(killed.status == 0, "no dashboard process under the shell \(shell): \(killed.output)")
        // 128 + SIGTERM, as a shell reports a process a signal ended (a supervisor can
        // tell a kill from the officer quitting, which exits 0).
        try t.waitFor("TERMINATED=143")
        #expect(try t.paneValue("#{alternate_on}") == "0")
    }

    /// Issue 13, item 5: three alerts marked with `*`, acknowledged with `a` after one
    /// confirmation (`y`): three `alert.acknowledged` records by the officer in the log.
    @Test(.enabled(if: TmuxSession.available))
    func bulkAcknowledgement() throws {
        defer { cleanUp() }
        let dutydesk = try Products.path("dutydesk")
        for (i, subject) in ["Ivory in parcel", "Pangolin scales", "Live turtles"].enumerated() {
            let add = try TmuxSession.run([
                dutydesk, "alert", "add", "--log", log, "--source", "police", "--priority", "high",
                "--subject", subject, "--received", "2021-09-01T07:5\(i):00+07:00",
            ])
            #expect(add.status == 0, "alert add failed: \(add.output)")
        }
        let t = try TmuxSession(width: 120, height: 40, environment: ["LANG": "C.UTF-8", "TERM": "xterm-256color"])
        defer { t.kill() }
        try t.typeLine(
            "\(dutydesk) --log \(log) --now 2021-09-01T08:00:00+07:00 --officer duty3 --lang en; echo \"EXITED\"=$?")
        try t.waitFor("Live turtles")
        try t.send("*")
        try t.waitFor("3 marked")
        try t.send("a")
        try t.waitFor("3 alerts marked: 3 will be acknowledged")
        #expect(!logText().contains("alert.acknowledged"), "nothing is written before the confirmation")
        try t.send("y")
        try t.waitFor("Acknowledge 3 alerts: done")
        let acks = logText().split(separator: "\n").filter { $0.contains("\"type\":\"alert.acknowledged\"") }
        #expect(acks.count == 3, "log:\n\(logText())")
        #expect(acks.allSatisfy { $0.contains("\"officer\":\"duty3\"") })
        try t.send("q")
        try t.waitFor("EXITED=0")
    }

    @Test(.enabled(if: TmuxSession.available))
    func unknownTerminalGivesAClearMessage() throws {
        defer { cleanUp() }
        let dutydesk = try Products.path("dutydesk")
        let t = try TmuxSession(width: 100, height: 20, environment: ["LANG": "C.UTF-8", "TERM": "xterm-256color"])
        defer { t.kill() }
        try t.typeLine("TERM=no-such-terminal-xyz \(dutydesk) --log \(log); echo \"EXIT\"=$?")
        let screen = try t.waitFor("EXIT=")
        #expect(screen.contains("unknown terminal type 'no-such-terminal-xyz'"), "screen:\n\(screen)")
        #expect(!screen.contains("EXIT=0"))
        // Nothing was touched: the terminal check comes before the log is opened.
        #expect(!FileManager.default.fileExists(atPath: log))
    }
}
