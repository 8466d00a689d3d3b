// `dutydesk-bench fuzz`: the fuzz targets of the suite for a longer run (docs/testing.md, "Fuzzing").
//
//   dutydesk-bench fuzz [--seconds N] [--seed S] [--target NAME] [--save DIR] [--keep-going] [--skip-far-years]
//                       [--case-deadline SECONDS]
//       runs every target (or NAME) for N seconds in all (default 60), split evenly, from run
//       seed S (default: random, printed); failing inputs are saved in DIR (default /tmp)
//   dutydesk-bench fuzz --target NAME --case-seed S [--save DIR]
//       replays one case (the seed a failure printed) and saves its input
//   dutydesk-bench fuzz --corpus DIR [--target NAME]
//       checks every file of DIR/<target>/ (the suite's Tests/DutyDeskFuzzTests/Fuzz) with its target
import DutyDeskDomain
import DutyDeskFuzz

#if canImport(Glibc)
    import Glibc
#endif

enum FuzzBench {
    static func main(_ args: [String]) -> Bool {
        guard args.count >= 2, args[1] == "fuzz" else { return false }
        let o = ProductBench.Options(args.dropFirst(2))
        var config = FuzzConfig.default
        if o.named["skip-far-years"] != nil { config.skipOutOfRangeYears = true }
        let names = o.named["target"].map { [$0] } ?? FuzzTargets.names
        var targets: [FuzzTarget] = []
        for n in names {
            guard let t = FuzzTargets.named(n, config: config) else {
                print("dutydesk-bench fuzz: no target \(n); targets: \(FuzzTargets.names.joined(separator: ", "))")
                exit(64)
            }
            targets.append(t)
        }
        let save = o.named["save"] ?? "/tmp"
        if let corpus = o.named["corpus"] {
            exit(runCorpus(corpus, targets) ? 0 : 1)
        }
        if let s = o.named["case-seed"] {
            guard let seed = Fuzz.parseSeed(s), targets.count == 1 else {
                print("dutydesk-bench fuzz: --case-seed needs one --target and a seed (decimal or 0x hex)")
                exit(64)
            }
            let (input, verdict) = Fuzz.replay(targets[0], caseSeed: seed)
            let path = "\(save)/\(targets[0].name)-\(Fuzz.hex(seed)).input"
            _ = FuzzFiles.write(path, input)
            print("\(targets[0].name) case \(Fuzz.hex(seed)): \(verdict), \(input.count) input bytes saved at \(path)")
            exit(verdict == .passed || verdict == .skipped ? 0 : 1)
        }
        let seconds = Double(o.named["seconds"] ?? "60") ?? 60
        let deadline = o.named["case-deadline"].flatMap(Double.init) ?? Fuzz.caseDeadlineSeconds
        var g = SystemRandomNumberGenerator()
        let runSeed = o.named["seed"].flatMap(Fuzz.parseSeed) ?? g.next()
        print(
            "fuzz: run seed \(Fuzz.hex(runSeed)), \(seconds) s over \(targets.count) target(s)"
                + (config.skipOutOfRangeYears ? " (years outside 1900–2200 skipped where a parser reads them)" : ""))
        var failed = 0
        for t in targets {
            let r = Fuzz.run(
                t, runSeed: runSeed, seconds: seconds / Double(targets.count), keepGoing: o.named["keep-going"] != nil,
                saveDirectory: save, deadlineSeconds: deadline)
            let rate = r.seconds > 0 ? Double(r.cases) / r.seconds : 0
            print(
                "  \(t.name): \(r.cases) cases (\(r.skipped) skipped) in \(format1(r.seconds)) s, \(Int(rate))/s, \(r.failures.count) failure(s)"
            )
            for f in r.failures { print("    " + f.description.split(separator: "\n").joined(separator: "\n    ")) }
            failed += r.failures.count
        }
        print(failed == 0 ? "fuzz: no failure" : "fuzz: \(failed) failure(s)")
        exit(failed == 0 ? 0 : 1)
    }

    static func format1(_ v: Double) -> String {
        let t = Int((v * 10).rounded())
        return "\(t / 10).\(t % 10)"
    }

    /// Checks every file of `dir/<target>/`; true when all pass.
    static func runCorpus(_ dir: String, _ targets: [FuzzTarget]) -> Bool {
        var ok = true
        var checked = 0
        for t in targets {
            let sub = dir + "/" + t.name
            guard let d = opendir(sub) else { continue }
            var files: [String] = []
            while let e = readdir(d) {
                let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                    String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                }
                if !name.hasPrefix(".") { files.append(name) }
            }
            closedir(d)
            for f in files.sorted() {
                let bytes = FuzzFiles.read(sub + "/" + f) ?? []
                let v = t.check(bytes)
                checked += 1
                if case .failed(let m) = v {
                    ok = false
                    print("  \(t.name)/\(f): \(Fuzz.clip(m))")
                }
            }
        }
        print("fuzz: \(checked) corpus file(s) checked, \(ok ? "all pass" : "failures above")")
        return ok
    }
}
