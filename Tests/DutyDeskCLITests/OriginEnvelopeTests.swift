import DutyDeskConfig
import DutyDeskDomain
import DutyDeskJSON
import Foundation
import Testing

@testable import DutyDeskCLI
@testable import DutyDeskLog

/// A record another desk decided carries `"origin":{"desk":…,"seq":…}` in its envelope
/// (docs/log-format.md §2): the log keeps it, the bridge reads it, the fold uses it
/// (decision 0012).
@Suite struct OriginEnvelopeTests {
    /// `line` with `member` inserted before `"prev"` and its hash recomputed (§3).
    func withMember(_ line: [UInt8], _ member: String) -> [UInt8] {
        let text = String(decoding: line, as: UTF8.self)
        guard let at = text.range(of: ",\"prev\":") else { return line }
        var body = Array((String(text[..<at.lowerBound]) + member + String(text[at.lowerBound...])).utf8)
        body.removeLast(75)  // `,"hash":"…"}`
        let digest = body.withUnsafeBufferPointer { RecordCodec.hexBytes(RecordCodec.hashedDigest($0)) }
        return body + Array(",\"hash\":\"".utf8) + digest + Array("\"}".utf8)
    }

    @Test func anotherDesksRecordIsReadWithItsOriginAndFoldedAsConcurrent() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/o.log"
        let campaign = CampaignLoader.embeddedGoldenStrike2021
        var state = CampaignState(campaign: campaign)
        let now = try #require(RFC3339Timestamp.parse("2021-09-01T08:00:00+07:00"))
        let details = AlertDetails(
            receivedAt: now, source: AlertSource(kind: .police), priority: .high, subject: "Ngà voi")
        let log = try EventLog.open(path: path, mode: .readWrite)
        var n = 0
        func run(_ c: Command, _ officer: String) throws {
            guard
                case .success(let events) = decide(
                    c, state: state, actor: officer, now: now,
                    newID: {
                        n += 1
                        return "ev-\(n)"
                    })
            else { throw LogError.io(path: path, operation: "decide", errno: 0) }
            let stored = try log.append(
                events.map { LogBridge.newRecord($0, at: now, actor: LogBridge.actor(officer: officer)) })
            for r in stored { state.apply(LogBridge.recorded(r)) }
        }
        try run(.receiveAlert(details), "lan")
        let received = state
        try run(.acknowledge(alertID: "A-0001"), "lan")
        // Desk HQLS acknowledged too, having seen only the receipt.
        let theirs = decide(.acknowledge(alertID: "A-0001"), state: received, actor: "ls.minh", now: now) { "HQLS-ev1" }
        guard case .success(let proposed) = theirs else {
            Issue.record("refused")
            return
        }
        _ = try log.append([LogBridge.newRecord(proposed[0], at: now, actor: LogBridge.actor(officer: "ls.minh"))])
        log.close()
        // Give the third record its origin, as the network's sync will write it.
        var lines = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))).split(separator: 0x0A).map(Array.init)
        lines[2] = withMember(lines[2], ",\"origin\":{\"desk\":\"HQLS\",\"seq\":57}")
        try Data(lines.flatMap { $0 + [0x0A] }).write(to: URL(fileURLWithPath: path))

        let reread = try EventLog.open(path: path, mode: .readOnly)
        defer { reread.close() }
        #expect(reread.state == .ok)
        var records: [LogRecord] = []
        try reread.replay { records.append($0) }
        #expect(records.count == 3)
        #expect(LogBridge.recorded(records[2]).origin == EventOrigin(desk: "HQLS", seq: 57))
        #expect(LogBridge.recorded(records[1]).origin == nil)
        // An origin of only desk and seq is no copy anyone can check (no original hash, no
        // signature, issue 11): verify names it; the fold still reads it.
        let short = try runDutyDesk(["verify", "--log", path])
        #expect(short.status == 65, "\(short.out)\(short.err)")
        #expect(short.out.hasPrefix("seq 3 at byte "), "\(short.out)")
        #expect(short.out.contains(": origin HQLS seq 57: \"origin\" has no \"ts\""), "\(short.out)")
        // A malformed origin is named by verify (DutyDesk never writes one).
        let bad = dir + "/bad.log"
        var badLines = lines
        badLines[2] = withMember(
            Array(
                String(decoding: lines[2], as: UTF8.self).replacingOccurrences(
                    of: ",\"origin\":{\"desk\":\"HQLS\",\"seq\":57}", with: ""
                ).utf8),
            ",\"origin\":{\"desk\":\"\\u001bx\",\"seq\":-1}")
        try Data(badLines.flatMap { $0 + [0x0A] }).write(to: URL(fileURLWithPath: bad))
        let v = try runDutyDesk(["verify", "--log", bad])
        #expect(v.status == 65, "\(v.out)\(v.err)")
        #expect(v.out.contains("seq 3") && v.out.contains("\"origin\" does not name a desk code"), "\(v.out)")
        let folded = CampaignState.fold(records.map(LogBridge.recorded), campaign: campaign)
        let a = folded.alerts["A-0001"]
        #expect(a?.lifecycle.owner == "lan")
        #expect(a?.alsoWorking == ["ls.minh"])
        #expect(a?.conflicts.first?.kind == .alsoWorking)
    }
}
