// Log benchmarks (issue 2, item 8). Figures and commands: docs/performance.md, "Log".
//
//   dutydesk-bench log-generate PATH [RECORDS]     realistic alert-like log (default 1,000,000 records)
//   dutydesk-bench log-replay PATH                 jq -c .seq vs our cold single-pass open+replay, same run
//   dutydesk-bench log-append DIR [WRITERS] [N]    durable appends/s, WRITERS processes × N appends each
//   dutydesk-bench log-batch DIR [RECORDS] [BATCH] batch-append events/s
import DutyDeskJSON
import DutyDeskLog

#if canImport(Glibc)
    import Glibc
#endif

enum LogBench {
    static func nanos() -> Int64 { EventLog.systemNanos() }

    static func seconds(_ from: Int64) -> Double { Double(nanos() - from) / 1e9 }

    /// User + system CPU seconds used by this process so far.
    static func cpu() -> Double {
        var u = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &u)
        return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
    }

    static let gates = [
        "Cửa khẩu quốc tế Móng Cái", "Cửa khẩu quốc tế Hữu Nghị", "Cảng Hải Phòng", "Sân bay quốc tế Nội Bài",
        "Cửa khẩu quốc tế Lao Bảo", "Cảng Cát Lái", "Sân bay quốc tế Tân Sơn Nhất", "Cửa khẩu quốc tế Mộc Bài",
    ]
    static let goods = ["vảy tê tê", "ngà voi", "sừng tê giác", "xương hổ", "rùa biển", "gỗ trắc"]
    static let types = [
        "alert.received", "alert.acknowledged", "verification.requested", "alert.note", "seizure.recorded",
    ]

    /// A realistic record: an alert-like payload with Vietnamese text, ~400 bytes a line.
    static func record(_ n: Int, writer: String = "gen") -> NewRecord {
        let gate = gates[n % gates.count]
        let good = goods[n % goods.count]
        return NewRecord(
            type: types[n % types.count], id: "\(writer)-\(n)",
            payload: .object([
                ("schema", .int(1)), ("alert", .string("TB-2021-\(100_000 + n / 3)")), ("gate", .string(gate)),
                ("summary", .string("Nghi vận chuyển \(n % 90 + 5) kg \(good)")),
                ("priority", .string(n % 7 == 0 ? "urgent" : "normal")),
            ]), actor: LogActor(officer: "HQ-\(1000 + n % 35)", process: "dutydesk/4242", host: "desk\(n % 2 + 1)"))
    }

    static func generate(_ path: String, records: Int) throws {
        unlink(path)
        unlink(path + ".quarantine")
        let log = try EventLog.open(path: path)
        let t0 = nanos()
        var n = 1
        while n <= records {
            let k = min(20_000, records - n + 1)
            try log.append((n..<(n + k)).map { record($0) })
            n += k
        }
        var st = stat()
        stat(path, &st)
        print(
            "generated \(records) records, \(st.st_size) bytes (\(st.st_size / Int(max(records, 1))) bytes/record) in \(format2(seconds(t0))) s"
        )
    }

    /// A stand-in projection: alert states, counts per type and per gate.
    final class Projection {
        var byType: [String: Int] = [:]
        var gates: [String: Int] = [:]
        var alerts: [String: String] = [:]
        func apply(_ r: LogRecord) {
            byType[r.type, default: 0] += 1
            if let g = r.payload["gate"]?.stringValue { gates[g, default: 0] += 1 }
            if let a = r.payload["alert"]?.stringValue { alerts[a] = r.type }
        }
    }

    static func replay(_ path: String) throws {
        var st = stat()
        guard stat(path, &st) == 0 else {
            print("no such file: \(path)")
            exit(66)
        }
        // jq over the same file, in the same run.
        let jqStart = nanos()
        let jqStatus = runJQ(path)
        let jqTime = seconds(jqStart)
        // Ours: cold open (hash check of every record, chain, id index) + decode + projection, one pass.
        let c0 = cpu()
        let t0 = nanos()
        let projection = Projection()
        var count = 0
        let log = try EventLog.open(path: path, mode: .readOnly) { r in
            projection.apply(r)
            count += 1
        }
        let ours = seconds(t0)
        let oursCPU = cpu() - c0
        guard log.state == .ok else {
            print("log not clean: \(log.state)")
            exit(65)
        }
        print("file: \(path), \(st.st_size) bytes, \(count) records, cores: \(sysconf(Int32(_SC_NPROCESSORS_ONLN)))")
        print("jq -c .seq > /dev/null: \(format2(jqTime)) s (exit \(jqStatus))")
        print(
            "dutydesk open+replay (hash, chain, decode, projection): \(format2(ours)) s = \(format2(ours / jqTime)) × jq (target ≤ 0.33); CPU \(format2(oursCPU)) s"
        )
        print(
            "projection: \(projection.byType.count) types, \(projection.gates.count) gates, \(projection.alerts.count) alerts"
        )
        // Also: verify only (what `dutydesk verify` does).
        let t1 = nanos()
        let c1 = cpu()
        let report = try EventLog.verifyFile(path: path)
        print("verify: \(format2(seconds(t1))) s, CPU \(format2(cpu() - c1)) s, clean: \(report.isClean)")
        let t2 = nanos()
        let c2 = cpu()
        var payloadMembers = 0
        _ = try EventLog.open(path: path, mode: .readOnly) { r in payloadMembers += r.payload.objectValue?.count ?? 0 }
        print(
            "open+replay, payload decoded but a trivial projection (count members): \(format2(seconds(t2))) s, CPU \(format2(cpu() - c2)) s"
        )
    }

    static func runJQ(_ path: String) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ["jq", "-c", ".seq", path].map { (s: String) in strdup(s) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        guard posix_spawnp(&pid, "jq", &actions, nil, argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return status
    }

    /// WRITERS processes (this executable, `log-append-worker`) each append N records one
    /// at a time, durably (flock, write, fdatasync per record).
    static func append(dir: String, writers: Int, each: Int) throws {
        let path = dir + "/append-\(writers).log"
        unlink(path)
        _ = try EventLog.open(path: path)
        let exe = selfPath()
        let t0 = nanos()
        var pids: [pid_t] = []
        for w in 0..<writers {
            let argv: [UnsafeMutablePointer<CChar>?] =
                [exe, "log-append-worker", path, "w\(w)", String(each)].map { (s: String) in strdup(s) } + [nil]
            var pid: pid_t = 0
            posix_spawn(&pid, exe, nil, nil, argv, environ)
            for p in argv { free(p) }
            pids.append(pid)
        }
        for p in pids {
            var s: Int32 = 0
            waitpid(p, &s, 0)
        }
        let t = seconds(t0)
        let report = try EventLog.verifyFile(path: path)
        print(
            "durable appends, \(writers) writer(s) × \(each): \(format2(Double(writers * each) / t)) appends/s (\(format2(t)) s; records \(report.goodRecords), clean \(report.isClean)); file system: \(fsName(dir))"
        )
    }

    static func appendWorker(_ path: String, _ writer: String, _ n: Int) throws {
        let log = try EventLog.open(path: path)
        for i in 1...n { try log.append(record(i, writer: writer)) }
    }

    static func batch(dir: String, records: Int, batchSize: Int) throws {
        let path = dir + "/batch.log"
        unlink(path)
        let log = try EventLog.open(path: path)
        let all = (1...records).map { record($0) }
        let t0 = nanos()
        var i = 0
        while i < records {
            try log.append(Array(all[i..<min(records, i + batchSize)]))
            i += batchSize
        }
        let t = seconds(t0)
        print(
            "batch append, \(records) records in batches of \(batchSize): \(format2(Double(records) / t)) events/s (\(format2(t)) s); file system: \(fsName(dir))"
        )
    }

    static func fsName(_ dir: String) -> String {
        var best = (0, "?")
        guard let f = fopen("/proc/self/mounts", "r") else { return "?" }
        defer { fclose(f) }
        var line: UnsafeMutablePointer<CChar>?
        var cap = 0
        guard let rp = realpath(dir, nil) else { return "?" }
        let full = String(cString: rp)
        free(rp)
        while getline(&line, &cap, f) > 0, let l = line {
            let parts = String(cString: l).split(separator: " ")
            if parts.count > 2, full.hasPrefix(String(parts[1])), parts[1].count >= best.0 {
                best = (parts[1].count, String(parts[2]))
            }
        }
        free(line)
        return best.1
    }

    static func selfPath() -> String {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, 4095)
        return n > 0 ? String(cString: buf) : CommandLine.arguments[0]
    }

    static func format2(_ x: Double) -> String {
        let r = (x * 100).rounded() / 100
        return String(r)
    }

    /// Dispatches `log-*` subcommands; returns false when `args[1]` is not one of them.
    static func main(_ args: [String]) -> Bool {
        guard args.count >= 2, args[1].hasPrefix("log-") else { return false }
        func arg(_ i: Int, _ d: Int) -> Int { args.count > i ? Int(args[i]) ?? d : d }
        do {
            switch args[1] {
            case "log-generate" where args.count >= 3: try generate(args[2], records: arg(3, 1_000_000))
            case "log-replay" where args.count >= 3: try replay(args[2])
            case "log-append" where args.count >= 3: try append(dir: args[2], writers: arg(3, 1), each: arg(4, 500))
            case "log-append-worker" where args.count >= 5: try appendWorker(args[2], args[3], Int(args[4]) ?? 1)
            case "log-batch" where args.count >= 3:
                try batch(dir: args[2], records: arg(3, 200_000), batchSize: arg(4, 1000))
            default:
                print(
                    "usage: dutydesk-bench log-generate PATH [RECORDS] | log-replay PATH | log-append DIR [WRITERS] [N] | log-batch DIR [RECORDS] [BATCH]"
                )
                exit(64)
            }
        } catch {
            print("error: \(error)")
            exit(74)
        }
        return true
    }
}
