// `dutydesk-bench all` (issue 15, item 7): every start-up, memory, interaction, import, live
// and idle figure of docs/performance.md in one go, printed as one table with its targets.
//
//   dutydesk-bench all [--events N] [--alerts N] [--rows N] [--runs K] [--dir DIR]
//                      [--idle SECONDS] [--appends K] [--dutydesk PATH] [--no-live]
//                      [--only cold,warm,interact,import,live]
//
// Each measurement runs in a child process of this executable (so each has its own peak
// memory), its output kept in DIR/all-STEP.txt; the children print `figure KEY VALUE`
// lines (ProductBench.figure) that this collects. The live latency and idle CPU are the
// real release `dutydesk` in tmux (as docs/performance.md, item 5): skipped without tmux.
import DutyDeskJSON
import DutyDeskLog

#if canImport(Glibc)
    import Glibc
#endif

enum AllBench {
    /// One row of the table: what, the figure's key, its unit and the target.
    struct Row {
        var what: String
        var key: String
        var unit: String
        /// A ceiling: the figure meets it at or below.
        var target: Double?
    }

    static func main(_ args: [String]) -> Bool {
        guard args.count >= 2, args[1] == "all" else { return false }
        let o = ProductBench.Options(args.dropFirst(2))
        let events = o.int("events", 1_000_000)
        let alerts = o.int("alerts", 100_000)
        let rows = o.int("rows", 100_000)
        let runs = max(1, o.int("runs", 5))
        let dir = o.named["dir"].flatMap { $0.isEmpty ? nil : $0 } ?? "bench-data"
        let binary = o.named["dutydesk"].flatMap { $0.isEmpty ? nil : $0 } ?? ProductBench.siblingDutydesk()
        let only = o.named["only"].map { Set($0.split(separator: ",").map(String.init)) }
        run(
            events: events, alerts: alerts, rows: rows, runs: runs, dir: dir, binary: binary,
            idle: max(5, o.int("idle", 60)), appends: max(1, o.int("appends", 10)), live: !o.flag("no-live"),
            only: only)
        return true
    }

    static func run(
        events: Int, alerts: Int, rows: Int, runs: Int, dir: String, binary: String, idle: Int, appends: Int,
        live: Bool, only: Set<String>? = nil
    ) {
        /// True when `name` is to be measured (`--only` lists the steps; default all).
        func wanted(_ name: String) -> Bool { only?.contains(name) ?? true }
        mkdir(dir, 0o755)
        let me = selfPath()
        let started = LogBench.nanos()
        print("dutydesk-bench all: \(events) events, \(alerts) alerts, \(rows) CSV rows, \(runs) runs; dir \(dir)")
        print(
            "load average at the start: \(ProductBench.loadAverage()); cores: \(sysconf(Int32(_SC_NPROCESSORS_ONLN)))")
        var figures: [String: Double] = [:]
        /// Runs this executable with `arguments`, output to DIR/all-NAME.txt; collects its figures under `prefix`.
        func step(_ name: String, _ arguments: [String], prefix: String = "") {
            let out = "\(dir)/all-\(name).txt"
            let t = LogBench.nanos()
            let status = ProductBench.sh(
                ([me] + arguments).map(quoted).joined(separator: " ") + " > \(quoted(out)) 2>&1")
            print("  \(name): \(ProductBench.f2(LogBench.seconds(t))) s (exit \(status)) → \(out)")
            for line in lines(of: out) where line.hasPrefix("figure ") {
                let parts = line.split(separator: " ")
                if parts.count == 3, let v = Double(parts[2]) { figures[prefix + String(parts[1])] = v }
            }
        }
        let small = "\(dir)/e1000.log"
        let big = "\(dir)/e\(events).log"
        let tenth = "\(dir)/e\(events / 10).log"
        for (path, n) in [(small, 1000), (tenth, events / 10), (big, events)] where ProductBench.fileSize(path) < 0 {
            step("gen-\(n)", ["gen", "--events", "\(n)", "--out", path])
        }
        if wanted("cold") {
            step("cold-\(events)", ["cold", big, "--ticks", "60"], prefix: "big.")
            step("cold-\(events / 10)", ["cold", tenth, "--ticks", "0"], prefix: "tenth.")
        }
        if wanted("warm") { step("warm-\(events)", ["warm", big, small, "--runs", "\(runs)"]) }
        if wanted("interact") {
            step("interact-\(alerts)", ["interact", "--alerts", "\(alerts)", "--iterations", "200"])
        }
        let csv = "\(dir)/rows\(rows).csv"
        if wanted("import") {
            if ProductBench.fileSize(csv) < 0 { step("csv-gen-\(rows)", ["csv-gen", csv, "--rows", "\(rows)"]) }
            step("csv-import-\(rows)", ["csv-import", csv, "--runs", "3", "--dutydesk", binary])
        }
        if live, wanted("live") {
            if let l = liveAndIdle(log: big, dir: dir, binary: binary, me: me, idle: idle, appends: appends) {
                figures["live.p95_ms"] = l.p95
                figures["live.median_ms"] = l.median
                figures["idle.percent"] = l.idle
            }
        }
        let table: [Row] = [
            Row(
                what: "cold start, \(events) events: first frame / jq", key: "big.cold.ratio_jq", unit: "×",
                target: 0.33),
            Row(what: "cold start, \(events) events: first frame", key: "big.cold.first_frame_s", unit: "s"),
            Row(
                what: "cold start, \(events / 10) events: first frame / jq", key: "tenth.cold.ratio_jq", unit: "×",
                target: 0.33),
            Row(what: "warm start: \(events) events / 1,000 events (medians)", key: "warm.ratio", unit: "×", target: 2),
            Row(what: "warm start, \(events) events: first frame", key: "warm.big_ms", unit: "ms"),
            Row(
                what: "peak memory, cold start of \(events) events (target at 1M)", key: "big.cold.peak_mb", unit: "MB",
                target: 400),
            Row(
                what: "import of \(rows) CSV rows / sqlite3 .import (median)", key: "import.ratio", unit: "×", target: 2
            ),
            Row(what: "import CPU / sqlite3 CPU (median)", key: "import.cpu_ratio", unit: "×"),
            Row(
                what: "live latency, another process's append to the screen, p95", key: "live.p95_ms", unit: "ms",
                target: 100),
            Row(
                what: "idle CPU of the dashboard (\(events) events, \(idle) s)", key: "idle.percent",
                unit: "% of a core", target: 0.2),
        ]
        var keys: [Row] = []
        for (name, key) in [
            ("↓ (scroll + render)", "scroll"), ("PgDn", "pagedown"), ("PgUp", "pageup"), ("render only", "render"),
            ("filter, first character", "filter_first"), ("filter, further characters", "filter_further"),
            ("filter, backspace", "backspace"), ("clearing the filter (Esc)", "escape"),
        ] {
            keys.append(
                Row(what: "\(name), \(alerts) alerts: median", key: "interact.\(key).median_ms", unit: "ms", target: 2))
            keys.append(
                Row(what: "\(name), \(alerts) alerts: p99", key: "interact.\(key).p99_ms", unit: "ms", target: 8))
        }
        keys.append(Row(what: "peak memory, interaction bench (\(alerts) alerts)", key: "interact.peak_mb", unit: "MB"))
        print("")
        print("| figure | measured | target | |")
        print("|---|---|---|---|")
        var missed = 0
        for r in table + keys {
            let value = figures[r.key]
            let measured = value.map { ProductBench.f2($0) + " " + r.unit } ?? "not measured"
            var verdict = ""
            if let t = r.target, let v = value {
                let met = v <= t
                verdict = met ? "met" : "**missed**"
                if !met { missed += 1 }
            }
            print(
                "| \(r.what) | \(measured) | \(r.target.map { "≤ " + ProductBench.f2($0) + " " + r.unit } ?? "—") | \(verdict) |"
            )
        }
        print("")
        print(
            "\(missed) target(s) missed; whole run \(ProductBench.f2(LogBench.seconds(started))) s; load average at the end: \(ProductBench.loadAverage())"
        )
    }

    /// The release dashboard in tmux (200×60) on a copy of `log`, the clock at its last
    /// record: the share of a core it uses idle over `idle` seconds (utime + stime of
    /// /proc/PID/stat), then `appends` times the latency from another process's durable
    /// append (`dutydesk-bench append-next`, which prints the instant) to the moment the
    /// pane's "Alerts (N)" count changes (polled every 5 ms). Nil without tmux or when the
    /// dashboard does not start.
    static func liveAndIdle(
        log: String, dir: String, binary: String, me: String, idle: Int, appends: Int
    ) -> (median: Double, p95: Double, idle: Double)? {
        guard ProductBench.sh("tmux -V > /dev/null 2>&1") == 0 else {
            print("  live: no tmux; live latency and idle CPU not measured")
            return nil
        }
        let copy = "\(dir)/live.log"
        unlink(copy)
        unlink(copy + ".snapshot")
        guard ProductBench.sh("cp \(quoted(log)) \(quoted(copy))") == 0,
            let opened = try? EventLog.open(path: copy, mode: .readOnly, payloadsFrom: .max, replay: { _ in })
        else { return nil }
        let lastNanos = opened.checkpoint.lastTimestampNanos ?? 0
        opened.close()
        let now = RFC3339Timestamp(epochNanoseconds: lastNanos, offsetSeconds: 7 * 3600).description
        let socket = "ddbench-all-\(getpid())"
        let session = "all"
        func tmux(_ a: String) -> String { capture("tmux -L \(socket) \(a)") }
        defer { _ = ProductBench.sh("tmux -L \(socket) kill-server > /dev/null 2>&1") }
        let command =
            "env TERM=xterm-256color LANG=C.UTF-8 NO_COLOR=1 \(quoted(binary)) --log \(quoted(copy)) --now \(now) --officer bench --lang en"
        _ = ProductBench.sh("tmux -L \(socket) new-session -d -s \(session) -x 200 -y 60 \(quoted(command))")
        func alertsCount() -> Int? {
            let screen = tmux("capture-pane -p -t \(session)")
            guard let r = screen.range(of: "Alerts (") else { return nil }
            return Int(screen[r.upperBound...].prefix { $0.isNumber })
        }
        let t0 = LogBench.nanos()
        while alertsCount() == nil {
            if LogBench.seconds(t0) > 300 {
                print("  live: the dashboard drew no first frame in 300 s")
                return nil
            }
            usleep(100_000)
        }
        let startup = LogBench.seconds(t0)
        guard var pid = Int(tmux("display -p -t \(session) '#{pane_pid}'").filter(\.isNumber)) else { return nil }
        // The pane's shell may have started the dashboard as its child rather than exec'd it.
        if lines(of: "/proc/\(pid)/comm").first != "dutydesk",
            let child = lines(of: "/proc/\(pid)/task/\(pid)/children").first?.split(separator: " ").last.flatMap({
                Int($0)
            })
        {
            pid = child
        }
        // Let the start-up's background work finish first: the projection snapshot the
        // dashboard writes after a cold start (its size steady for 3 s; at most 120 s).
        var steady = 0
        var size = -1
        let s0 = LogBench.nanos()
        // (No snapshot after 30 s: a log too small for one.)
        while steady < 3, LogBench.seconds(s0) < 120, size >= 0 || LogBench.seconds(s0) < 30 {
            sleep(1)
            let now = ProductBench.fileSize(copy + ".snapshot")
            steady = now >= 0 && now == size ? steady + 1 : 0
            size = now
        }
        sleep(2)
        func cpuTicks() -> Int {
            let stat = lines(of: "/proc/\(pid)/stat").first ?? ""
            // Fields after the command name (which is in parentheses): utime is the 14th field.
            guard let close = stat.lastIndex(of: ")") else { return 0 }
            let f = stat[stat.index(after: close)...].split(separator: " ")
            return f.count > 12 ? (Int(f[11]) ?? 0) + (Int(f[12]) ?? 0) : 0
        }
        let c0 = cpuTicks()
        let w0 = LogBench.nanos()
        sleep(UInt32(idle))
        let idlePercent = Double(cpuTicks() - c0) / Double(sysconf(Int32(_SC_CLK_TCK))) / LogBench.seconds(w0) * 100
        print(
            "  live: first frame in tmux after \(ProductBench.f2(startup)) s; idle \(ProductBench.f2(idlePercent)) % of a core over \(idle) s"
        )
        var latencies: [Double] = []
        for i in 1...appends {
            guard let before = alertsCount() else { break }
            let size0 = ProductBench.fileSize(copy)
            let out = "\(dir)/all-append-\(i).txt"
            unlink(out)
            let child = NetworkBench.spawn([me, "append-next", copy], out: out)
            var seen: Int64 = 0
            let w = LogBench.nanos()
            while ProductBench.fileSize(copy) == size0, LogBench.seconds(w) < 60 { usleep(2_000) }
            while LogBench.seconds(w) < 60 {
                if let n = alertsCount(), n != before {
                    seen = EventLog.systemNanos()
                    break
                }
                usleep(5_000)
            }
            var status: Int32 = 0
            waitpid(child, &status, 0)
            let fields = (lines(of: out).first ?? "").split(separator: " ")
            guard seen > 0, fields.count >= 2, let durable = Int64(fields[1]) else {
                print("  live: append \(i) not seen on the screen")
                continue
            }
            latencies.append(Double(seen - durable) / 1e6)
            usleep(1_300_000)
        }
        guard !latencies.isEmpty else { return nil }
        let sorted = latencies.sorted()
        let median = sorted[sorted.count / 2]
        let p95 = sorted[min(sorted.count - 1, (sorted.count * 95 + 99) / 100 - 1)]
        print(
            "  live: \(latencies.count) appends, latency median \(ProductBench.f2(median)) ms, p95 \(ProductBench.f2(p95)) ms, max \(ProductBench.f2(sorted.last ?? 0)) ms"
        )
        return (median, p95, idlePercent)
    }

    // MARK: helpers

    /// `s` as one word for /bin/sh.
    static func quoted(_ s: String) -> String {
        "'" + s.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    /// This executable's path (/proc/self/exe).
    static func selfPath() -> String {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        return n > 0
            ? String(decoding: buf[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    }

    /// The lines of the file at `path` (none when it cannot be read).
    static func lines(of path: String) -> [String] {
        guard let f = fopen(path, "r") else { return [] }
        defer { fclose(f) }
        var out: [String] = []
        var line: UnsafeMutablePointer<CChar>?
        var cap = 0
        while getline(&line, &cap, f) > 0, let l = line {
            var s = String(cString: l)
            if s.hasSuffix("\n") { s.removeLast() }
            out.append(s)
        }
        free(line)
        return out
    }

    /// The standard output of `/bin/sh -c command`.
    static func capture(_ command: String) -> String {
        let out = "/tmp/dutydesk-bench-all-\(getpid()).out"
        defer { unlink(out) }
        _ = ProductBench.sh("\(command) > \(quoted(out)) 2>/dev/null")
        return lines(of: out).joined(separator: "\n")
    }
}
