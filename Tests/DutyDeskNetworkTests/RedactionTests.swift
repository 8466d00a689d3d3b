// Personal data reaches only the owning unit and Division 1; a unit that merely shares the
// alert gets a copy without it, which verifies there (issue 11, item 4; docs/log-format.md §12).
import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog
import DutyDeskNetwork
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the built `dutydesk` with `args`; returns its exit status and standard output.
private func redactionRun(_ args: [String]) throws -> (status: Int32, out: String) {
    let exe = URL(
        fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0])
    var binDir = exe.deletingLastPathComponent()
    while binDir.path != "/" && binDir.lastPathComponent.hasSuffix(".xctest") {
        binDir = binDir.deletingLastPathComponent()
    }
    let bin = binDir.appendingPathComponent("dutydesk").path
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dd-redaction-\(getpid())").path
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let out = dir + "/out-\(UInt64.random(in: 0...UInt64.max))"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let argv: [UnsafeMutablePointer<CChar>?] = ([bin] + args).map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, bin, &actions, nil, argv, environ) == 0 else { throw CocoaError(.executableLoad) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    unlink(out)
    return (status, text)
}

@Suite(.serialized) struct RedactionTests {
    @Test func personsConcernedReachOnlyTheOwnerAndDivision1() async throws {
        let (_, admin) = try await freshCampaignDatabase()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dd-redact-\(randomToken(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func log(_ d: String) -> String { "\(dir)/\(d).log" }
        for d in ["HQLS", "HQQN", "DTCBL-P1"] {
            #expect(try redactionRun(["desk", "init", "--unit", d, "--log", log(d)]).status == 0)
            #expect(
                try redactionRun(["network", "enrol", "--database", admin.withPassword, "--log", log(d)]).status == 0)
        }
        // A green alert naming a person concerned, received on HQLS (as the drill feed writes them).
        let received = DomainEvent.alertReceived(
            AlertReceived(
                alertID: "HQLS-0001",
                details: AlertDetails(
                    receivedAt: RFC3339Timestamp.parse("2021-09-01T08:00:00+07:00")!,
                    source: AlertSource(kind: .police),
                    priority: .high, subject: "Hành khách mang ngà voi",
                    persons: [PersonConcerned(name: "Nguyễn Văn Riêng", nationality: "VN", travelDocument: "C1234567")]),
                sharing: .green))
        let hqls = try EventLog.open(path: log("HQLS"), mode: .readWrite)
        _ = try hqls.append(
            NewRecord(
                type: received.type, id: "redaction-1", payload: received.payload,
                actor: LogActor(officer: "HQLS-0007", process: "test/1", host: "desk-ls")))
        hqls.close()
        for _ in 0..<2 {
            for d in ["HQLS", "HQQN", "DTCBL-P1"] {
                #expect(try redactionRun(["sync", "--once", "--log", log(d)]).status == 0)
            }
        }
        let qn = try String(contentsOfFile: log("HQQN"), encoding: .utf8)
        let p1 = try String(contentsOfFile: log("DTCBL-P1"), encoding: .utf8)
        #expect(qn.contains("Hành khách mang ngà voi"))
        #expect(!qn.contains("Nguyễn Văn Riêng") && !qn.contains("C1234567"))
        #expect(qn.contains("\"redacted_from\":"))
        #expect(p1.contains("Nguyễn Văn Riêng"))
        #expect(!p1.contains("\"redacted_from\":"))
        for d in ["HQQN", "DTCBL-P1"] {
            let v = try redactionRun(["verify", "--log", log(d)])
            #expect(v.status == 0, "\(d): \(v.out)")
        }
        // Division 1's results cover every unit; --unit keeps one (issue 11, item 6).
        let all = try redactionRun(["report", "results", "--format", "csv", "--log", log("DTCBL-P1")])
        let ls = try redactionRun(["report", "results", "--format", "csv", "--unit", "HQLS", "--log", log("DTCBL-P1")])
        let qnOnly = try redactionRun([
            "report", "results", "--format", "csv", "--unit", "HQQN", "--log", log("DTCBL-P1"),
        ])
        #expect(all.out.contains("Tổng hợp,Tin báo tiếp nhận,1") && ls.out.contains("Tổng hợp,Tin báo tiếp nhận,1"))
        #expect(qnOnly.status == 0 && qnOnly.out.contains("Tổng hợp,Tin báo tiếp nhận,0"))
        #expect(try redactionRun(["report", "results", "--unit", "XX", "--log", log("DTCBL-P1")]).status >> 8 == 64)
        // HQQN's own query: no row with the person's name is readable by its role.
        let qnSettings = try #require(try DeskSettings.load(forLog: log("HQQN")))
        let rows = try await ServerConnection.with(qnSettings.database) { c in
            try await c.pull(after: .start, limit: 1000).records
        }
        #expect(!rows.isEmpty && !rows.contains { $0.line.contains("Nguyễn Văn Riêng") })
    }
}
