import Foundation
import Testing

/// Issue 15, item 1 (decision 0018), in the real binary: a warm start shows the dashboard
/// from the desk's own snapshot, verifies the rest of the log behind it, and a record
/// changed there turns the dashboard read-only with the banner naming its seq.
@Suite(.serialized) struct TrustedStartEndToEndTests {
    let dir: URL
    let log: String

    init() throws { (dir, log) = try makeEndToEndLogDirectory() }

    @Test(.enabled(if: TmuxSession.available))
    func aRecordChangedBeforeTheSnapshotIsFoundAfterTheFirstFrame() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let dutydesk = try Products.path("dutydesk")
        let writer = try Products.path("log-writer-harness")
        // 6,000 records (over the 5,000 a snapshot needs), then one alert to look at.
        let w = try TmuxSession.run([writer, log, "w1", "6000", "batch"])
        #expect(w.status == 0, "\(w.output.suffix(300))")
        let add = try TmuxSession.run([
            dutydesk, "alert", "add", "--log", log, "--source", "police", "--priority", "high", "--subject",
            "Ngà voi tại cửa khẩu Móng Cái", "--now", "2021-09-01T07:50:00+07:00",
        ])
        #expect(add.status == 0, "\(add.output)")
        let t = try TmuxSession(
            width: 120, height: 40,
            environment: ["LANG": "vi_VN.UTF-8", "NO_COLOR": "1", "TERM": "xterm-256color"])
        defer { t.kill() }
        let start = "\(dutydesk) --log \(log) --now 2021-09-01T08:00:00+07:00 --officer lan; echo EXITED=$?"
        // The first start reads everything and writes the snapshot (and its key) behind.
        try t.typeLine(start)
        try t.waitFor("Ngà voi")
        let snapshot = log + ".snapshot"
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: snapshot), Date() < deadline { usleep(100_000) }
        #expect(FileManager.default.fileExists(atPath: log + ".snapshot-key"))
        try t.send("q")
        try t.waitFor("EXITED=0")

        // 10,000 more records: the snapshot is now far enough behind to be rewritten at
        // start, which must not happen while the log before it is unverified.
        let more = try TmuxSession.run([writer, log, "w2", "10000", "batch"])
        #expect(more.status == 0, "\(more.output.suffix(300))")
        let snapshotBefore = try Data(contentsOf: URL(fileURLWithPath: snapshot))
        // Record 100 changed in place (one letter of its id): its hash no longer matches.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: log)))
        var at = 0
        for _ in 1..<100 { at = bytes[at...].firstIndex(of: 0x0A)! + 1 }
        let id = try #require(bytes[at...].firstRange(of: Array("\"id\":\"w1-100\"".utf8)))
        bytes[id.lowerBound + 6] = UInt8(ascii: "x")
        try Data(bytes).write(to: URL(fileURLWithPath: log))

        try t.typeLine("clear; " + start)
        let screen = try t.waitFor("bản ghi số 100", timeout: 45)
        #expect(screen.contains("Ngà voi"), "\(screen)")
        #expect(screen.contains("nhật ký CHỈ ĐỌC"), "\(screen)")
        #expect(screen.contains("sai mã băm"), "\(screen)")
        // Actions are refused from then on.
        try t.send("a")
        try t.waitFor("không thể thao tác")
        try t.send("q")
        let after = try t.waitFor("EXITED=0")
        // The snapshot was used (a start that ignored it says so after it exits): the bad
        // record was found behind the first frame, not by reading the whole log first.
        #expect(!after.contains("snapshot ignored"), "\(after)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: snapshot)) == snapshotBefore, "a snapshot was written")
        // The log itself was not touched, and verify names the same record.
        let verify = try TmuxSession.run([dutydesk, "verify", "--log", log])
        #expect(verify.status != 0)
        #expect(verify.output.contains("100"), "\(verify.output)")
    }
}
