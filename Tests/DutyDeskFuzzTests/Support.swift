// Shared running of the fuzz targets in the suite (docs/testing.md, "Fuzzing").
import DutyDeskFuzz
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Every fuzz test runs inside this suite, one at a time: the watchdog and the crash note
/// follow one case at a time.
@Suite(.serialized) struct Fuzzing {}

/// Where the suite's regression corpus lives: `Fuzz/<target>/<file>` and `Fuzz/regressions.txt`.
let fuzzDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fuzz").path

/// The LEMIS sample beside the repository (the main checkout or a worktree), if present.
let lemisDirectory: String? = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    for up in ["../shared/data/lemis", "../../shared/data/lemis"] {
        let p = root.appendingPathComponent(up).standardized.path
        if FileManager.default.fileExists(atPath: p + "/amphibian_LEMIS_2016_2021_sample.csv") { return p }
    }
    return nil
}()

/// Runs `target` for its CI budget: a fixed number of cases (`iterations`, times
/// `DUTYDESK_FUZZ_SCALE` when set), from the run seed (`DUTYDESK_FUZZ_SEED`, else fixed),
/// then its regression seeds and corpus files. Each failure is recorded with its seeds.
func fuzz(_ target: FuzzTarget, iterations: Int) {
    let env = ProcessInfo.processInfo.environment
    let scale = env["DUTYDESK_FUZZ_SCALE"].flatMap(Double.init) ?? 1
    let runSeed = Fuzz.runSeed(environment: env)
    let n = max(1, Int(Double(iterations) * scale))
    let report = Fuzz.run(target, runSeed: runSeed, iterations: n, keepGoing: true, saveDirectory: "/tmp")
    for f in report.failures.prefix(5) { Issue.record("\(f.description)") }
    #expect(report.failures.isEmpty, "\(report.failures.count) of \(report.cases) cases failed")
    // Most cases must be checked, not skipped.
    #expect(report.skipped * 2 <= report.cases, "\(report.skipped) of \(report.cases) cases skipped")
    for (name, seed) in regressionSeeds(for: target.name) {
        let (_, verdict) = Fuzz.replay(target, caseSeed: seed)
        if case .failed(let m) = verdict {
            Issue.record("regression seed \(Fuzz.hex(seed)) (\(name)) of \(target.name) fails again: \(Fuzz.clip(m))")
        }
    }
    for (file, bytes) in corpus(for: target.name) {
        if case .failed(let m) = target.check(bytes) {
            Issue.record("corpus file Fuzz/\(target.name)/\(file) fails again: \(Fuzz.clip(m))")
        }
    }
}

/// `Fuzz/regressions.txt`: lines `TARGET CASE-SEED  # what it found`.
func regressionSeeds(for target: String) -> [(String, UInt64)] {
    guard let text = try? String(contentsOfFile: fuzzDirectory + "/regressions.txt", encoding: .utf8) else { return [] }
    var out: [(String, UInt64)] = []
    for line in text.split(separator: "\n") {
        let parts = line.split(separator: "#", maxSplits: 1)
        let fields = parts.first?.split(separator: " ") ?? []
        guard fields.count == 2, fields[0] == target, let seed = Fuzz.parseSeed(String(fields[1])) else { continue }
        out.append((parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "", seed))
    }
    return out
}

/// The files of `Fuzz/<target>/`, by name.
func corpus(for target: String) -> [(String, [UInt8])] {
    let dir = fuzzDirectory + "/" + target
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted().compactMap { name in
        FileManager.default.contents(atPath: dir + "/" + name).map { (name, [UInt8]($0)) }
    }
}

/// Runs the built `dutydesk-bench` (beside the test bundle) with `args`; returns the exit
/// status (128 + signal when killed) and standard error.
func runBench(_ args: [String]) throws -> (status: Int32, err: String) {
    let exe = URL(
        fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0])
    var dir = exe.deletingLastPathComponent()
    while dir.path != "/" && dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
    let bin = dir.appendingPathComponent("dutydesk-bench").path
    guard FileManager.default.isExecutableFile(atPath: bin) else {
        throw BenchMissing(description: "dutydesk-bench not found at \(bin); run swift build --build-tests")
    }
    let err = "/tmp/dd-fuzz-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).err"
    defer { unlink(err) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    var env = ProcessInfo.processInfo.environment
    env["SWIFT_BACKTRACE"] = "enable=no"  // the backtracer takes seconds; the note is what is checked
    let cArgs = ([bin] + args).map { strdup($0) } + [nil]
    let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        for p in cArgs { free(p) }
        for p in cEnv { free(p) }
    }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, bin, &actions, nil, cArgs, cEnv)
    guard rc == 0 else { throw BenchMissing(description: "cannot run dutydesk-bench: \(rc)") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    let text = String(decoding: FileManager.default.contents(atPath: err) ?? Data(), as: UTF8.self)
    return (code, text)
}

struct BenchMissing: Error, CustomStringConvertible { var description: String }
