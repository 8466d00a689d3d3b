import DutyDeskJSON
import DutyDeskLog
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A fresh private directory for one test, on tmpfs (/dev/shm) when available so the
/// fdatasync-heavy harness tests measure locking, not the disk; removed by `cleanup()`.
struct TempDir {
    let path: String
    init(_ name: String) {
        let base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        var template = Array("\(base)/dutydesk-\(name)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = String(cString: template)
    }
    func file(_ name: String) -> String { path + "/" + name }
    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

func readBytes(_ path: String) -> [UInt8] {
    (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))) ?? []
}

func writeBytes(_ path: String, _ bytes: [UInt8]) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    precondition(fd >= 0)
    bytes.withUnsafeBytes { _ = write(fd, $0.baseAddress, $0.count) }
    close(fd)
}

let testActor = LogActor(officer: "HQ-0412", process: "tests/1", host: "desk-1")
let ict: Int32 = 25_200

/// A realistic alert-like record (Vietnamese text, ~450 bytes as a line).
func alertRecord(_ n: Int, prefix: String = "A") -> NewRecord {
    NewRecord(
        type: "alert.received", id: "\(prefix)-\(n)",
        payload: .object([
            ("schema", .int(1)), ("gate", .string("Cửa khẩu quốc tế Móng Cái")), ("n", .int(n)),
            ("summary", .string("Tin báo: nghi vận chuyển \(n) kg vảy tê tê qua đường tiểu ngạch")),
            ("unit", .string("Chi cục Hải quan cửa khẩu")), ("priority", .string(n % 3 == 0 ? "urgent" : "normal")),
        ]),
        ts: RFC3339Timestamp(
            epochNanoseconds: 1_630_457_100_000_000_000 + Int64(n) * 1_000_000_000, offsetSeconds: ict),
        actor: testActor)
}

/// Writes `count` records to a new log at `path` and returns the file's bytes: one
/// append per record (single-record lines, no `batch` member), or, with `batched`, all
/// of them as one batch.
func makeLog(_ path: String, count: Int, batched: Bool = false) throws -> [UInt8] {
    let log = try EventLog.open(path: path)
    if batched {
        try log.append((1...count).map { alertRecord($0) })
    } else {
        for n in 1...count { try log.append(alertRecord(n)) }
    }
    log.close()
    return readBytes(path)
}

/// Byte offsets where each line starts, plus the total length at the end.
func lineStarts(_ bytes: [UInt8]) -> [Int] {
    var out = [0]
    for (i, b) in bytes.enumerated() where b == 0x0A { out.append(i + 1) }
    if out.last == bytes.count, bytes.count > 0 { return out }
    return out
}

/// The built executables (`log-writer-harness`, `dutydesk`) next to the test bundle, or in
/// `<package>/.build/debug`. Fails the test with a clear message when missing.
func builtExecutable(_ name: String) throws -> String {
    var candidates: [String] = []
    let arg0 = CommandLine.arguments.first ?? ""
    var dir = URL(fileURLWithPath: arg0).deletingLastPathComponent()
    for _ in 0..<4 {
        candidates.append(dir.appendingPathComponent(name).path)
        dir = dir.deletingLastPathComponent()
    }
    let bundleDir = Bundle.main.bundleURL.deletingLastPathComponent()
    candidates.append(bundleDir.appendingPathComponent(name).path)
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    candidates.append(packageRoot.appendingPathComponent(".build/debug/\(name)").path)
    for c in candidates where access(c, X_OK) == 0 { return c }
    throw HarnessMissing(name: name, looked: candidates)
}

struct HarnessMissing: Error, CustomStringConvertible {
    let name: String
    let looked: [String]
    var description: String {
        "executable \(name) not found (build it with `swift build --build-tests`); looked in: "
            + looked.joined(separator: ", ")
    }
}

/// Starts `exe args…` with stdout and stderr redirected to files. Returns the pid.
func spawn(_ exe: String, _ args: [String], stdout: String, stderr: String? = nil, environment: [String: String]? = nil)
    -> pid_t
{
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, stderr ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv: [UnsafeMutablePointer<CChar>?] = ([exe] + args).map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var envp: [UnsafeMutablePointer<CChar>?] = []
    if let environment {
        envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    }
    defer { for p in envp { free(p) } }
    var pid: pid_t = 0
    let rc =
        environment == nil
        ? posix_spawn(&pid, exe, &actions, nil, argv, environ)
        : posix_spawn(&pid, exe, &actions, nil, argv, envp)
    precondition(rc == 0, "posix_spawn \(exe) failed: \(rc)")
    return pid
}

/// Waits for `pid`; returns the exit status, or 128+signal when killed.
@discardableResult
func waitExit(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    if status & 0x7F == 0 { return (status >> 8) & 0xFF }
    return 128 + (status & 0x7F)
}

/// Runs an executable to completion; returns (exit code, stdout bytes).
func run(_ exe: String, _ args: [String], in dir: TempDir, environment: [String: String]? = nil) -> (Int32, [UInt8]) {
    let out = dir.file("run-\(UInt32.random(in: 0...UInt32.max)).out")
    let pid = spawn(exe, args, stdout: out, environment: environment)
    let code = waitExit(pid)
    let bytes = readBytes(out)
    unlink(out)
    return (code, bytes)
}

func hexDecode(_ s: Substring) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(s.utf8.count / 2)
    var hi: UInt8 = 0
    var odd = false
    for c in s.utf8 {
        let v: UInt8 = c <= 0x39 ? c - 0x30 : c - 0x61 + 10
        if odd { out.append(hi << 4 | v) } else { hi = v }
        odd.toggle()
    }
    return out
}
