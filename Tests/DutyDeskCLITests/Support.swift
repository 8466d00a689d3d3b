import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog
import Foundation

@testable import DutyDeskCLI

#if canImport(Glibc)
    import Glibc
#endif

struct TestFailure: Error, CustomStringConvertible { var description: String }

/// A fresh temporary directory for one test.
func tempDir() -> String {
    var t = Array("/tmp/dd-cli-XXXXXX".utf8CString)
    return t.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
}

func writeFile(_ path: String, _ text: String) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
}
func writeBytes(_ path: String, _ bytes: [UInt8]) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
}
func readText(_ path: String) -> String {
    String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
}

/// Runs the built `dutydesk` (beside the test bundle) with posix_spawn + waitpid; stdout and
/// stderr go to temporary files (a pipe-based Foundation `Process` hung here).
func runDutyDesk(_ args: [String], stdout: String? = nil, environment extra: [String: String] = [:]) throws -> (
    status: Int32, out: String, err: String
) {
    let exe = URL(
        fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0])
    var dir = exe.deletingLastPathComponent()
    while dir.path != "/" && dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
    let bin = dir.appendingPathComponent("dutydesk").path
    guard FileManager.default.isExecutableFile(atPath: bin) else {
        throw TestFailure(description: "dutydesk not found at \(bin); run swift build --build-tests")
    }
    let base = "/tmp/dd-cli-run-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    defer {
        unlink(base + ".out")
        unlink(base + ".err")
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout ?? base + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, base + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    var env = ProcessInfo.processInfo.environment
    env["DUTYDESK_OFFICER"] = "test-officer"
    for (k, v) in extra { env[k] = v }
    let cArgs = ([bin] + args).map { strdup($0) } + [nil]
    let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        for a in cArgs { free(a) }
        for e in cEnv { free(e) }
    }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, bin, &actions, nil, cArgs, cEnv)
    guard rc == 0 else { throw TestFailure(description: "cannot run dutydesk: \(rc)") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return (code, readText(base + ".out"), readText(base + ".err"))
}

/// The embedded Golden Strike 2021 campaign.
func goldenStrike() throws -> Campaign { try CampaignOptions.parse([]).loadCampaign() }

let testActor = LogActor(officer: "test-officer", process: "tests/1", host: "test")

/// The log's state after a replay.
func loadState(_ logPath: String) throws -> CampaignState {
    let (_, s) = try LogBridge.load(path: logPath, campaign: try goldenStrike(), readOnly: true)
    return s
}

/// Imports with the library entry point.
func importFile(
    _ path: String, log: String, maps: [String] = [], sets: [String] = [], missing: [String] = [],
    codes: String? = nil, format: ImportFormat = .csv, dryRun: Bool = false
) throws -> ImportSummary {
    var m = try ImportMapping(maps: maps, sets: sets, missing: missing, knownFields: AlertDraft.fields)
    if let codes { try m.loadCodes(csv: Array(FileManager.default.contents(atPath: codes)!)) }
    return try AlertImporter.run(
        path: path, format: format, mapping: m, campaign: try goldenStrike(), logPath: log,
        actor: testActor, now: RFC3339Timestamp.parse("2021-09-01T08:00:00+07:00")!, dryRun: dryRun)
}
