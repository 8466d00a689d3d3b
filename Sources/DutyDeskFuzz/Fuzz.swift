// Seeded fuzzing of the readers (issue 12, item 5; docs/testing.md, "Fuzzing").
//
// A target builds one bounded input from a seeded generator and checks a property on it.
// The same targets run a fixed number of cases in `swift test` (DutyDeskFuzzTests) and for
// a time budget in `dutydesk-bench fuzz`. Every case has its own seed, printed on failure,
// so any failure replays alone; a watchdog fails a case that runs past its deadline, and a
// crash handler names the case (and saves its input) before a trap ends the process.
import Dispatch
import DutyDeskDomain

#if canImport(Glibc)
    import Glibc
#endif

/// What one fuzz case found.
public enum FuzzVerdict: Sendable, Equatable {
    /// The property held.
    case passed
    /// The input was not checked (see `FuzzConfig.skipOutOfRangeYears`).
    case skipped
    /// The property failed; the text says how.
    case failed(String)
}

/// Options shared by the targets.
public struct FuzzConfig: Sendable {
    /// Skip (do not check) inputs holding a year outside 1900–2200 where a time parser
    /// reads them. False by default: since issue 12, item 4 the time parsers are total
    /// (`RFC3339.swift` and `VietnameseDate.swift` used to trap on such years); true
    /// narrows a run to in-window years, e.g. to fuzz an older build.
    public var skipOutOfRangeYears: Bool
    /// Longest input a case may build, in bytes (each target stays under it).
    public var maxInputBytes: Int
    /// - Parameters:
    ///   - skipOutOfRangeYears: see the property.
    ///   - maxInputBytes: the bound on one case's input (default 256 KiB).
    public init(skipOutOfRangeYears: Bool, maxInputBytes: Int = 256 * 1024) {
        self.skipOutOfRangeYears = skipOutOfRangeYears
        self.maxInputBytes = maxInputBytes
    }
    /// The configuration of the suite and of `dutydesk-bench fuzz` by default.
    public static var `default`: FuzzConfig { FuzzConfig(skipOutOfRangeYears: false) }
}

/// One fuzz target: a generator of bounded inputs and the property checked on each.
public struct FuzzTarget: Sendable {
    /// Short name (`csv`, `jsonl`, `import`, `rfc3339`, `vndate`, `log`, `snapshot`).
    public let name: String
    /// What it feeds and what it checks, one line.
    public let summary: String
    let makeInput: @Sendable (inout SeededGenerator) -> [UInt8]
    let property: @Sendable ([UInt8]) -> FuzzVerdict

    /// - Parameters:
    ///   - generate: one input from the case's generator (at most `FuzzConfig.maxInputBytes`).
    ///   - check: the property on one input (also used to replay corpus files).
    public init(
        name: String, summary: String, generate: @escaping @Sendable (inout SeededGenerator) -> [UInt8],
        check: @escaping @Sendable ([UInt8]) -> FuzzVerdict
    ) {
        self.name = name
        self.summary = summary
        self.makeInput = generate
        self.property = check
    }

    /// The input of the case with seed `caseSeed`.
    public func input(caseSeed: UInt64) -> [UInt8] {
        var rng = SeededGenerator(seed: caseSeed)
        return makeInput(&rng)
    }

    /// Checks `input` under the watchdog and the crash note (a corpus file, a replayed case).
    public func check(_ input: [UInt8], caseSeed: UInt64? = nil, deadlineSeconds: Double = Fuzz.caseDeadlineSeconds)
        -> FuzzVerdict
    {
        CaseGuard.shared.begin(
            target: name, caseSeed: caseSeed, input: input, deadlineNanos: Int64(deadlineSeconds * 1e9))
        defer { CaseGuard.shared.end() }
        return input.withUnsafeBufferPointer { p in
            CaseGuard.shared.currentInput = p
            defer { CaseGuard.shared.currentInput = nil }
            return property(input)
        }
    }
}

/// A failed case: enough to replay it.
public struct FuzzFailure: Sendable, CustomStringConvertible {
    /// The target's name.
    public var target: String
    /// The run's seed (`DUTYDESK_FUZZ_SEED`).
    public var runSeed: UInt64
    /// The case's index in the run (0-based).
    public var caseIndex: Int
    /// The seed the case's input was built from (`dutydesk-bench fuzz --case-seed`).
    public var caseSeed: UInt64
    /// What the property found (may quote the input, with controls made visible).
    public var message: String
    /// Where the failing input was saved, if it was.
    public var savedInput: String?

    /// The failure, its seeds and how to replay it, on two or three lines.
    public var description: String {
        "fuzz target \(target), case \(caseIndex) of run seed \(Fuzz.hex(runSeed)), case seed \(Fuzz.hex(caseSeed)): "
            + Fuzz.clip(message)
            + "\n  replay: DUTYDESK_FUZZ_SEED=\(Fuzz.hex(runSeed)) swift test --filter DutyDeskFuzzTests"
            + " | dutydesk-bench fuzz --target \(target) --case-seed \(Fuzz.hex(caseSeed))"
            + (savedInput.map {
                "\n  input saved at \($0) (copy it to Tests/DutyDeskFuzzTests/Fuzz/\(target)/ to keep it)"
            }
                ?? "")
    }
}

/// What a run of one target did.
public struct FuzzReport: Sendable {
    /// The target's name.
    public var target: String
    /// The run's seed.
    public var runSeed: UInt64
    /// Cases built and checked (skipped ones included).
    public var cases = 0
    /// Cases not checked (`FuzzVerdict.skipped`).
    public var skipped = 0
    /// The failed cases, in order.
    public var failures: [FuzzFailure] = []
    /// Wall-clock seconds the run took (for the bench's report only; no test depends on it).
    public var seconds = 0.0
}

/// Running targets: a fixed number of cases (the suite) or a time budget (the bench).
public enum Fuzz {
    /// A case running longer than this fails the run (the watchdog ends the process after
    /// naming the case): generous, since cases take milliseconds even on a loaded machine.
    public static let caseDeadlineSeconds = 60.0

    /// The suite's run seed: `DUTYDESK_FUZZ_SEED` (decimal or 0x hex) if set, else a fixed
    /// seed, so that `swift test` is reproducible.
    public static func runSeed(environment: [String: String]) -> UInt64 {
        if let s = environment["DUTYDESK_FUZZ_SEED"], let v = parseSeed(s) { return v }
        return 0x4237_2021
    }

    /// Parses `123` or `0x7b`.
    public static func parseSeed(_ s: String) -> UInt64? {
        let t = s.lowercased()
        if t.hasPrefix("0x") { return UInt64(t.dropFirst(2), radix: 16) }
        return UInt64(t)
    }

    /// The seed of case `index` of target `name` in a run seeded `runSeed`.
    public static func caseSeed(runSeed: UInt64, target name: String, index: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        var g = SeededGenerator(seed: runSeed ^ h &+ UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15)
        return g.next()
    }

    /// Runs `target` for `iterations` cases, or until `seconds` have passed (whichever
    /// comes first; nil = no limit of that kind), stopping at the first failure unless
    /// `keepGoing`. A failing input is written to `saveDirectory` when given.
    /// `deadlineSeconds` is the watchdog's limit for one case.
    public static func run(
        _ target: FuzzTarget, runSeed: UInt64, iterations: Int? = nil, seconds: Double? = nil,
        keepGoing: Bool = false, saveDirectory: String? = nil, deadlineSeconds: Double = caseDeadlineSeconds
    ) -> FuzzReport {
        var report = FuzzReport(target: target.name, runSeed: runSeed)
        let start = nanos()
        var i = 0
        while true {
            if let iterations, i >= iterations { break }
            if let seconds, Double(nanos() - start) / 1e9 >= seconds { break }
            if iterations == nil && seconds == nil { break }
            let seed = caseSeed(runSeed: runSeed, target: target.name, index: i)
            let input = target.input(caseSeed: seed)
            let verdict = target.check(input, caseSeed: seed, deadlineSeconds: deadlineSeconds)
            report.cases += 1
            switch verdict {
            case .passed: break
            case .skipped: report.skipped += 1
            case .failed(let m):
                let saved = saveDirectory.flatMap { save(input, in: $0, target: target.name, seed: seed) }
                report.failures.append(
                    FuzzFailure(
                        target: target.name, runSeed: runSeed, caseIndex: i, caseSeed: seed, message: m,
                        savedInput: saved))
            }
            i += 1
            if !report.failures.isEmpty && !keepGoing { break }
        }
        report.seconds = Double(nanos() - start) / 1e9
        return report
    }

    /// Builds and checks the single case with seed `caseSeed`.
    public static func replay(_ target: FuzzTarget, caseSeed: UInt64) -> (input: [UInt8], verdict: FuzzVerdict) {
        let input = target.input(caseSeed: caseSeed)
        return (input, target.check(input, caseSeed: caseSeed))
    }

    /// Writes `input` to `<dir>/<target>-<seed>.input`; returns the path, or nil.
    static func save(_ input: [UInt8], in dir: String, target: String, seed: UInt64) -> String? {
        let path = "\(dir)/\(target)-\(hex(seed)).input"
        return FuzzFiles.write(path, input) ? path : nil
    }

    /// `0x…` with 16 hex digits.
    public static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - s.count) + s
    }

    /// `text` with control bytes shown as `\u{…}` and cut to 600 characters, for messages
    /// that quote fuzzed input.
    public static func clip(_ text: String, limit: Int = 600) -> String {
        var out = ""
        var n = 0
        for s in text.unicodeScalars {
            if n >= limit {
                out += "…"
                break
            }
            if s.value < 0x20 || (0x7F...0x9F).contains(s.value) || (0x200E...0x202E).contains(s.value)
                || (0x2066...0x2069).contains(s.value)
            {
                out += "\\u{\(String(s.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(s)
            }
            n += 1
        }
        return out
    }

    /// Monotonic nanoseconds.
    public static func nanos() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}

/// The case running now, for the watchdog and the crash handler. One case at a time per
/// process (the suite is serialized); both report only on the thread that runs it.
final class CaseGuard: @unchecked Sendable {
    static let shared = CaseGuard()

    private var lock = pthread_mutex_t()
    private var startedAt: Int64 = 0
    private var deadline: Int64 = 0
    private var active = false
    private var thread = pthread_self()
    /// The running case's input (valid while it runs), saved by the crash handler.
    var currentInput: UnsafeBufferPointer<UInt8>?
    /// `fuzz: …` note written by the crash handler and the watchdog (NUL-terminated).
    let note = UnsafeMutablePointer<CChar>.allocate(capacity: 1024)
    /// Path the crash handler saves the input to (NUL-terminated).
    let savePath = UnsafeMutablePointer<CChar>.allocate(capacity: 512)
    private var timer: DispatchSourceTimer?
    private var handlersInstalled = false

    private init() {
        pthread_mutex_init(&lock, nil)
        note[0] = 0
        savePath[0] = 0
    }

    func begin(target: String, caseSeed: UInt64?, input: [UInt8], deadlineNanos: Int64) {
        let seedText = caseSeed.map { Fuzz.hex($0) } ?? "none (a corpus file)"
        let text =
            "\nfuzz: case of target \(target), case seed \(seedText), \(input.count) input bytes, did not finish"
            + (caseSeed.map { "; replay: dutydesk-bench fuzz --target \(target) --case-seed \(Fuzz.hex($0))" } ?? "")
            + "\n"
        fill(note, capacity: 1024, text)
        fill(savePath, capacity: 512, "/tmp/dutydesk-fuzz-\(target)-\(caseSeed.map { Fuzz.hex($0) } ?? "corpus").input")
        pthread_mutex_lock(&lock)
        startedAt = Fuzz.nanos()
        deadline = deadlineNanos
        thread = pthread_self()
        active = true
        if !handlersInstalled {
            handlersInstalled = true
            installCrashHandlers()
            startWatchdog()
        }
        pthread_mutex_unlock(&lock)
    }

    func end() {
        pthread_mutex_lock(&lock)
        active = false
        pthread_mutex_unlock(&lock)
    }

    /// Whether the calling thread runs the active case (for the crash handler).
    func isCurrentThread() -> Bool { active && pthread_equal(thread, pthread_self()) != 0 }

    private func fill(_ p: UnsafeMutablePointer<CChar>, capacity: Int, _ s: String) {
        var i = 0
        for b in s.utf8 where i < capacity - 1 {
            p[i] = CChar(bitPattern: b)
            i += 1
        }
        p[i] = 0
    }

    private func startWatchdog() {
        let t = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "dutydesk.fuzz.watchdog"))
        t.schedule(deadline: .now() + 0.5, repeating: 0.5)
        t.setEventHandler { [self] in
            pthread_mutex_lock(&lock)
            let late = active && Fuzz.nanos() - startedAt > deadline
            pthread_mutex_unlock(&lock)
            guard late else { return }
            CaseGuard.report(prefix: "fuzz: WATCHDOG: a case ran past its deadline (a hang)")
            _exit(124)
        }
        t.resume()
        timer = t
    }

    /// Writes the note and saves the input (async-signal-safe calls only).
    static func report(prefix: StaticString) {
        let g = shared
        _ = write(2, prefix.utf8Start, prefix.utf8CodeUnitCount)
        _ = write(2, g.note, strlen(g.note))
        if let input = g.currentInput, let base = input.baseAddress {
            let fd = open(g.savePath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            if fd >= 0 {
                var done = 0
                while done < input.count {
                    let n = write(fd, base + done, input.count - done)
                    if n <= 0 { break }
                    done += n
                }
                close(fd)
                let msg: StaticString = "fuzz: its input was saved at "
                _ = write(2, msg.utf8Start, msg.utf8CodeUnitCount)
                _ = write(2, g.savePath, strlen(g.savePath))
                _ = write(2, "\n", 1)
            }
        }
    }
}

/// Signals a trap or a bad access raises, and the actions they had before ours.
private let crashSignals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT]
nonisolated(unsafe) private let previousActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)

/// Names the running case on a crash, then hands the signal to the handler that was
/// there before (the Swift runtime's backtracer, or the default action).
private func installCrashHandlers() {
    for s in crashSignals {
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = { sig, _, _ in
            if CaseGuard.shared.isCurrentThread() {
                CaseGuard.report(prefix: "fuzz: CRASH (a trap or a bad access) in a fuzz case")
            }
            // Put back the previous action; the faulting instruction runs again and raises
            // the signal to it (a raised signal is raised again).
            sigaction(sig, previousActions + Int(sig), nil)
            if sig == SIGTRAP || sig == SIGABRT { raise(sig) }
        }
        action.sa_flags = SA_SIGINFO | SA_ONSTACK
        sigemptyset(&action.sa_mask)
        sigaction(s, &action, previousActions + Int(s))
    }
}

/// Every target, by name.
public enum FuzzTargets {
    /// The targets in the order the suite and the bench run them. `lemisDirectory` is
    /// where the LEMIS sample is (else `DUTYDESK_LEMIS_DIR`, /work/shared/data/lemis, or
    /// the rows kept in the code).
    public static func all(config: FuzzConfig = .default, lemisDirectory: String? = nil) -> [FuzzTarget] {
        [
            ImportTargets.csv(config: config, lemisDirectory: lemisDirectory),
            ImportTargets.jsonl(config: config, lemisDirectory: lemisDirectory),
            ImportTargets.importFile(config: config, lemisDirectory: lemisDirectory),
            TimeTargets.rfc3339(config: config), TimeTargets.vietnameseDate(config: config),
            LogTargets.log(config: config), LogTargets.snapshot(config: config),
        ]
    }

    /// The names of `all`, for usage messages.
    public static let names = ["csv", "jsonl", "import", "rfc3339", "vndate", "log", "snapshot"]

    /// The target named `name`, built for `config`.
    public static func named(_ name: String, config: FuzzConfig = .default, lemisDirectory: String? = nil)
        -> FuzzTarget?
    {
        switch name {
        case "csv": return ImportTargets.csv(config: config, lemisDirectory: lemisDirectory)
        case "jsonl": return ImportTargets.jsonl(config: config, lemisDirectory: lemisDirectory)
        case "import": return ImportTargets.importFile(config: config, lemisDirectory: lemisDirectory)
        case "rfc3339": return TimeTargets.rfc3339(config: config)
        case "vndate": return TimeTargets.vietnameseDate(config: config)
        case "log": return LogTargets.log(config: config)
        case "snapshot": return LogTargets.snapshot(config: config)
        // Checks of the harness itself (not in `all`): a case that hangs, a case that traps.
        case "selftest-hang":
            return FuzzTarget(
                name: name, summary: "hangs (the watchdog must end the run)", generate: { _ in [1] },
                check: { _ in
                    while true { usleep(100_000) }
                })
        case "selftest-trap":
            return FuzzTarget(
                name: name, summary: "traps (the crash note must name the case)", generate: { _ in [2] },
                check: { input in
                    var a = [UInt8](repeating: 0, count: 1)
                    a[Int(input[0])] = 1  // out of bounds: a trap
                    return .passed
                })
        default: return nil
        }
    }
}
