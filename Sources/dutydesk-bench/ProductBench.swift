// Product benchmarks (issue 6). Figures and commands: docs/performance.md, "Product".
//
//   dutydesk-bench gen --events N --out FILE [--seed S] [--gap SECONDS]
//       a realistic campaign log from the domain's SyntheticFeed (every event passed `decide`)
//   dutydesk-bench cold FILE [--now T] [--no-jq] [--chunk N] [--ticks K]
//       jq -c .seq FILE, then the dashboard's load sequence to the first 200×60 frame; VmHWM;
//       then K idle ticks (update .tick + render + grid diff; CPU per tick and per 60 s; default 60),
//       then --appends K live appends (a rapid report each) through update + render
//   dutydesk-bench warm FILE SMALL [--now T] [--runs K] [--reuse]
//       writes FILE's projection snapshot, then the first frame with it vs SMALL's first frame
//   dutydesk-bench interact [--alerts N] [--iterations K] [--seed S]
//       update + render of a 200×60 frame with N alerts: scrolling, paging, typing a filter
//   dutydesk-bench append-next FILE [--seed S]
//       appends the feed's events after the log's last seq up to and including the next
//       alert.received (what another desk would write); prints the alert id and the time
//   dutydesk-bench csv-gen FILE [--rows N]        an alert CSV in the `dutydesk import` column names
//   dutydesk-bench csv-parse FILE                 the import's stages in-process (scan + map; dry run), vs sqlite3 .import
//   dutydesk-bench csv-import FILE [--runs K] [--template] [--dutydesk PATH]
//       per run: sqlite3 .import, then the release `dutydesk import FILE` into a new log (spawned),
//       then the same import again (appends nothing); times, ratio, load average
import Dashboard
import DutyDeskCLI
import DutyDeskConfig
import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog
import TerminalKit

#if canImport(Glibc)
    import Glibc
#endif

enum ProductBench {
    static let defaultNow = "2021-09-05T17:00:00+07:00"
    static let width = 200, height = 60

    // MARK: options

    struct Options {
        var positional: [String] = []
        var named: [String: String] = [:]
        init(_ args: ArraySlice<String>) {
            var i = args.startIndex
            while i < args.endIndex {
                let a = args[i]
                if a.hasPrefix("--") {
                    let name = String(a.dropFirst(2))
                    if i + 1 < args.endIndex, !args[i + 1].hasPrefix("--") {
                        named[name] = args[i + 1]
                        i += 2
                    } else {
                        named[name] = ""
                        i += 1
                    }
                } else {
                    positional.append(a)
                    i += 1
                }
            }
        }
        func int(_ name: String, _ d: Int) -> Int { named[name].flatMap { Int($0.replacingUnderscores()) } ?? d }
        func flag(_ name: String) -> Bool { named[name] != nil }
    }

    // MARK: shared helpers

    static var campaign: Campaign { CampaignLoader.embeddedGoldenStrike2021 }

    static func nowStamp(_ text: String?) -> RFC3339Timestamp {
        guard let t = RFC3339Timestamp.parse(text ?? defaultNow) else {
            print("--now: not an RFC 3339 timestamp: \(text ?? "")")
            exit(64)
        }
        return t
    }

    static func record(_ e: RecordedEvent) -> NewRecord {
        NewRecord(
            type: e.type, id: e.id, payload: e.payload, ts: e.at,
            actor: LogActor(officer: e.actor, process: "dutydesk-bench/\(getpid())", host: "bench"))
    }

    /// Peak resident set size of this process (VmHWM), in bytes; current (VmRSS) too.
    static func memory() -> (peak: Int, current: Int, anon: Int, file: Int) {
        var peak = 0
        var cur = 0
        var anon = 0
        var file = 0
        for s in AllBench.lines(of: "/proc/self/status") {
            func kb() -> Int { Int(s.split(whereSeparator: { $0 == " " || $0 == "\t" })[1]) ?? 0 }
            if s.hasPrefix("VmHWM:") { peak = kb() * 1024 }
            if s.hasPrefix("VmRSS:") { cur = kb() * 1024 }
            if s.hasPrefix("RssAnon:") { anon = kb() * 1024 }
            if s.hasPrefix("RssFile:") { file = kb() * 1024 }
        }
        return (peak, cur, anon, file)
    }

    static func loadAverage() -> String {
        guard let f = fopen("/proc/loadavg", "r") else { return "?" }
        defer { fclose(f) }
        var buf = [UInt8](repeating: 0, count: 128)
        let n = fread(&buf, 1, 127, f)
        return String(String(decoding: buf[..<n], as: UTF8.self).split(separator: " ").prefix(3).joined(separator: " "))
    }

    static func mb(_ bytes: Int) -> String { "\(bytes / 1_048_576) MB" }

    /// A machine-readable line `figure KEY VALUE` that `dutydesk-bench all` collects
    /// (AllBench.swift); the human-readable lines stay as they are.
    static func figure(_ key: String, _ value: Double) { print("figure \(key) \(value)") }
    static func ms(_ nanos: Int64) -> String { LogBench.format2(Double(nanos) / 1e6) }
    static let f2 = LogBench.format2

    /// Runs `/bin/sh -c command`, returning the exit status.
    static func sh(_ command: String) -> Int32 {
        let argv: [UnsafeMutablePointer<CChar>?] = ["/bin/sh", "-c", command].map { (s: String) in strdup(s) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return status
    }

    static func fileSize(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : -1
    }

    // MARK: gen

    /// Writes `events` events of a seeded `SyntheticFeed` to a fresh log at `out`, in
    /// batches of 10,000 (one lock, write and fdatasync per batch).
    static func gen(events: Int, out: String, seed: UInt64, gap: Int) throws {
        unlink(out)
        unlink(out + ".quarantine")
        let log = try EventLog.open(path: out, mode: .readWrite)
        defer { log.close() }
        var feed = SyntheticFeed(campaign: campaign, seed: seed, meanGapSeconds: gap)
        var batch: [NewRecord] = []
        batch.reserveCapacity(10_000)
        var types: [String: Int] = [:]
        let t0 = LogBench.nanos()
        var first: RFC3339Timestamp?
        var last: RFC3339Timestamp?
        for _ in 0..<events {
            let e = feed.next()
            if first == nil { first = e.at }
            last = e.at
            types[e.type, default: 0] += 1
            batch.append(record(e))
            if batch.count == 10_000 {
                try log.append(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try log.append(batch) }
        let t = LogBench.seconds(t0)
        let size = fileSize(out)
        print(
            "generated \(events) events (seed \(seed), mean gap \(gap) s) to \(out): \(size) bytes (\(size / max(events, 1)) bytes/event) in \(f2(t)) s"
        )
        print("time span: \(first.map { $0.description } ?? "-") … \(last.map { $0.description } ?? "-")")
        print(
            "alerts: \(feed.state.alerts.count), verification requests: \(feed.state.verifications.count), nominations: \(feed.state.nominations.count), reports: \(feed.state.reports.count)"
        )
        print("types: " + types.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }

    // MARK: cold start

    /// The dashboard's load sequence (DashboardCommand.runDashboard without the terminal):
    /// open the log read-write with a replay closure folding records into `AppState` in
    /// chunks of 16,384, start the follower at the checkpoint, report the log status, render
    /// the first 200×60 frame.
    static func firstFrame(path: String, now: RFC3339Timestamp, chunk: Int = 16_384) throws -> (
        state: AppState, grid: Grid, openReplay: Int64, render: Int64, records: Int,
        rss: (peak: Int, current: Int, anon: Int, file: Int), snapshot: SnapshotUse
    ) {
        _ = chunk
        let t0 = LogBench.nanos()
        let config = DashboardConfig(
            campaign: campaign, officer: "bench", language: .en, bellPolicy: .standard,
            eventIDPrefix: "bench-\(getpid())")
        let start = try LogBridge.startDashboard(path: path, config: config, now: now, width: width, height: height)
        var state = start.state
        let follower = try LogFollower(path: path, from: start.log.checkpoint, keepRaw: false)
        _ = follower
        _ = update(&state, .logStatus(.ok))
        let t1 = LogBench.nanos()
        var grid = Grid(width: width, height: height)
        _ = render(state, into: &grid)
        let t2 = LogBench.nanos()
        let rss = memory()
        start.log.close()
        return (state, grid, t1 - t0, t2 - t1, start.folded, rss, start.snapshot)
    }

    /// Warm start (issue 6, item 3): writes a projection snapshot of FILE the way the
    /// dashboard does, then times the first frame with it, `runs` times; the same for
    /// SMALL (no snapshot: the product keeps none under 5,000 records) and the ratio.
    static func warm(path: String, small: String, now: RFC3339Timestamp, runs: Int, reuse: Bool) throws {
        print("load average before: \(loadAverage())")
        func median(_ p: String, _ label: String, runs: Int) throws -> Double {
            var times: [Int64] = []
            for i in 1...runs {
                let r = try firstFrame(path: p, now: now)
                times.append(r.openReplay + r.render)
                print(
                    "  \(label) run \(i): first frame \(ms(r.openReplay + r.render)) ms (open+fold \(ms(r.openReplay)) ms, render \(ms(r.render)) ms), folded \(r.records) records, snapshot \(r.snapshot), peak RSS \(mb(r.rss.peak))"
                )
            }
            return Double(percentile(times, 0.5)) / 1e6
        }
        let snap = LogSnapshotFile.path(forLog: path)
        if !reuse || fileSize(snap) < 0 { try writeSnapshot(path: path, now: now) }
        // Where a warm start's time goes, phase by phase (each run alone).
        let p0 = LogBench.nanos()
        var decodeNanos: Int64 = 0
        guard
            let read = try LogSnapshotFile.read(
                path: snap, kind: "projection", key: try LogSnapshotKey.load(forLog: path),
                decode: { body in
                    let t = LogBench.nanos()
                    defer { decodeNanos = LogBench.nanos() - t }
                    return try CampaignState(snapshotBody: body, campaign: campaign)
                })
        else {
            print("no snapshot written")
            exit(70)
        }
        let projection = read.value
        let p1 = LogBench.nanos() - decodeNanos
        let p2 = LogBench.nanos()
        // What a warm start reads of the log (decision 0018): the checkpoint's record and the tail.
        guard let resumedLog = try EventLog.open(path: path, mode: .readOnly, resumingAt: read.checkpoint, replay: nil)
        else {
            print("the snapshot's checkpoint is not in the log")
            exit(70)
        }
        let p3 = LogBench.nanos()
        let config = DashboardConfig(
            campaign: campaign, officer: "bench", language: .en, bellPolicy: .standard, eventIDPrefix: "bench")
        var resumed = AppState(config: config, now: now, width: width, height: height, resumingFrom: projection)
        resumed.finishReplay()
        let p4 = LogBench.nanos()
        // After the first frame, on a thread of its own in the product (nice 19).
        _ = try resumedLog.verifyUnverifiedPrefix { _, _ in }
        let p5 = LogBench.nanos()
        resumedLog.close()
        print(
            "phases: read + SHA-256 + MAC of the snapshot \(ms(p1 - p0)) ms, decode \(ms(p2 - p1)) ms (\(projection.alerts.count) alerts), the checkpoint's record and the tail \(ms(p3 - p2)) ms, rows and deadlines \(ms(p4 - p3)) ms (search texts still building); after the first frame: verifying the rest of the log on one thread \(ms(p5 - p4)) ms"
        )
        let big = try median(path, "1M-class log with snapshot", runs: runs)
        // The first runs after the large ones pay for the allocator giving memory back:
        // the small log is opened more times (the median is taken over all of them).
        let little = try median(small, "small log", runs: max(9, runs))
        print("warm first frame median: \(f2(big)) ms vs \(f2(little)) ms = \(f2(big / little)) × (target ≤ 2 ×)")
        figure("warm.big_ms", big)
        figure("warm.small_ms", little)
        figure("warm.ratio", big / little)
        print("load average after: \(loadAverage())")
    }

    /// Deletes FILE's snapshot, starts cold, and writes the snapshot as the dashboard does.
    static func writeSnapshot(path: String, now: RFC3339Timestamp) throws {
        let snap = LogSnapshotFile.path(forLog: path)
        unlink(snap)
        let c = try firstFrame(path: path, now: now)
        print("cold (snapshot deleted first): \(ms(c.openReplay + c.render)) ms, \(c.records) records folded")
        let log = try EventLog.open(path: path, mode: .readOnly)
        let keeper = SnapshotKeeper(logPath: path, coveredSeq: 0)
        let t = LogBench.nanos()
        keeper.refresh(c.state.domain, checkpoint: log.checkpoint, force: true)
        keeper.wait()
        log.close()
        print(
            "snapshot written in \(ms(LogBench.nanos() - t)) ms (in the background in the product): \(fileSize(snap)) bytes\(keeper.lastError.map { ", error: " + $0 } ?? "")"
        )
    }

    static func cold(path: String, now: RFC3339Timestamp, jq: Bool, chunk: Int, ticks: Int, appends: Int = 0) throws {
        let size = fileSize(path)
        guard size >= 0 else {
            print("no such file: \(path)")
            exit(66)
        }
        print(
            "file: \(path), \(size) bytes; load average before: \(loadAverage()); cores: \(sysconf(Int32(_SC_NPROCESSORS_ONLN)))"
        )
        var jqTime = 0.0
        if jq {
            let t = LogBench.nanos()
            let status = LogBench.runJQ(path)
            jqTime = LogBench.seconds(t)
            print("jq -c .seq FILE > /dev/null: \(f2(jqTime)) s (exit \(status))")
        }
        unlink(LogSnapshotFile.path(forLog: path))  // cold: no projection snapshot
        let c0 = LogBench.cpu()
        let r = try firstFrame(path: path, now: now, chunk: chunk)
        let rss = r.rss
        let cpu = LogBench.cpu() - c0
        let total = Double(r.openReplay + r.render) / 1e9
        let m = memory()
        print("AppState.replay chunk: \(chunk) records (the dashboard uses 16,384)")
        print(
            "records: \(r.records), alerts: \(r.state.domain.alerts.count), shown in the Alerts pane: \(r.state.visibleAlertCount)"
        )
        print(
            "first frame: \(f2(total)) s (open+replay into AppState \(ms(r.openReplay)) ms, first render \(ms(r.render)) ms); CPU \(f2(cpu)) s"
        )
        if jq { print("ratio to jq: \(f2(total / jqTime)) (target ≤ 0.33)") }
        figure("cold.first_frame_s", total)
        figure("cold.cpu_s", cpu)
        figure("cold.peak_mb", Double(m.peak) / 1_048_576)
        if jq {
            figure("cold.jq_s", jqTime)
            figure("cold.ratio_jq", total / jqTime)
        }
        print(
            "peak resident memory (VmHWM): \(mb(m.peak)) (target ≤ 600 MB with 1M events); at the first frame (log still mapped): resident \(mb(rss.current)) = anonymous \(mb(rss.anon)) + file-backed \(mb(rss.file)); after closing the log: \(mb(m.current))"
        )
        print("load average after: \(loadAverage())")
        // Show the first frame's top lines, so the run proves it drew something.
        for y in 0..<4 { print("  | " + rowText(r.grid, y)) }
        if ticks > 0 { idleTicks(state: r.state, grid: r.grid, now: now, ticks: ticks) }
        if appends > 0 { liveAppends(state: r.state, grid: r.grid, now: now, count: appends) }
    }

    /// What a record appended by another desk costs once loaded: `count` times, a rapid
    /// report on a seizure that has none yet (decided against the projection, stamped with
    /// the next seq, as the follower would deliver it) through `update(.recordsAppended)`
    /// and the frame after it. A report changes the deadlines, so the deadline list is
    /// recomputed each time.
    static func liveAppends(state initial: AppState, grid initialGrid: Grid, now: RFC3339Timestamp, count: Int) {
        var state = initial
        var grid = initialGrid
        let unreported = state.domain.seizures.keys.filter { state.domain.rapidReports[$0] == nil }.sorted().prefix(
            count)
        var up: [Int64] = []
        var re: [Int64] = []
        var n = 0
        for id in unreported {
            guard
                case .success(let events) = decide(
                    .submitReport(kind: .rapid, alertID: id), state: state.domain, actor: "bench2",
                    now: now,
                    newID: {
                        n += 1
                        return "bench-append-\(n)"
                    })
            else { continue }
            let seq = state.lastAppliedSeq
            let records = events.enumerated().map { i, e in
                RecordedEvent(seq: seq + i + 1, id: e.id, type: e.type, at: now, actor: "bench2", payload: e.payload)
            }
            let t = LogBench.nanos()
            _ = update(&state, .recordsAppended(records))
            let u = LogBench.nanos()
            _ = render(state, into: &grid)
            up.append(u - t)
            re.append(LogBench.nanos() - u)
        }
        guard !up.isEmpty else {
            print("live appends: no seizure without a rapid report")
            return
        }
        // Then as many new high alerts with an ETA (what the tmux bench's appender mostly
        // writes): a new row, its banner, and an ETA among the deadlines.
        var upAlert: [Int64] = []
        for i in 0..<count {
            let details = AlertDetails(
                receivedAt: now, source: AlertSource(kind: .police), priority: .high,
                subject: "Bench alert \(i) at Cửa khẩu quốc tế Lào Cai", eta: now.adding(seconds: 7200 + 60 * i))
            guard
                case .success(let events) = decide(
                    .receiveAlert(details), state: state.domain, actor: "bench2", now: now,
                    newID: {
                        n += 1
                        return "bench-append-\(n)"
                    })
            else { continue }
            let seq = state.lastAppliedSeq
            let records = events.enumerated().map { i, e in
                RecordedEvent(seq: seq + i + 1, id: e.id, type: e.type, at: now, actor: "bench2", payload: e.payload)
            }
            let t = LogBench.nanos()
            _ = update(&state, .recordsAppended(records))
            upAlert.append(LogBench.nanos() - t)
            _ = render(state, into: &grid)
        }
        // The part of it that is the domain's list of every deadline, computed alone.
        let d0 = LogBench.nanos()
        let all = deadlines(campaign: campaign, state: state.domain, now: now)
        print("deadlines(campaign:state:now:) alone: \(ms(LogBench.nanos() - d0)) ms for \(all.count) deadlines")
        print(
            "live appends (rapid report on a seizure, \(up.count) times), load average \(loadAverage()): update median \(ms(percentile(up, 0.5))) ms (max \(ms(up.max() ?? 0))), render median \(ms(percentile(re, 0.5))) ms"
        )
        if !upAlert.isEmpty {
            print(
                "live appends (new high alert with an ETA, \(upAlert.count) times): update median \(ms(percentile(upAlert, 0.5))) ms (max \(ms(upAlert.max() ?? 0)))"
            )
        }
    }

    /// What an idle second costs once loaded: `ticks` × (one `.tick` — the runner sends one
    /// per second — plus the frame it causes and the diff against the previous frame that
    /// the terminal backend sends), each a second later than the one before. Prints wall
    /// medians per part and the CPU time (getrusage, user + system) of the whole loop, per
    /// tick and per 60 s of ticking, i.e. the share of one core at one tick a second.
    static func idleTicks(state initial: AppState, grid initialGrid: Grid, now: RFC3339Timestamp, ticks: Int) {
        var state = initial
        var grid = initialGrid
        var previous = grid
        var up: [Int64] = []
        var re: [Int64] = []
        var di: [Int64] = []
        var changed = 0
        var raised = 0
        let load = loadAverage()
        let c0 = LogBench.cpu()
        let w0 = LogBench.nanos()
        for i in 1...ticks {
            let t = LogBench.nanos()
            raised +=
                update(
                    &state,
                    .tick(
                        RFC3339Timestamp(
                            epochNanoseconds: now.epochNanoseconds + Int64(i) * 1_000_000_000,
                            offsetSeconds: now.offsetSeconds))
                ).count
            let u = LogBench.nanos()
            _ = render(state, into: &grid)
            let v = LogBench.nanos()
            changed += GridDiff(from: previous, to: grid).changedCells
            previous = grid
            up.append(u - t)
            re.append(v - u)
            di.append(LogBench.nanos() - v)
        }
        let cpu = LogBench.cpu() - c0
        let wall = LogBench.seconds(w0)
        let perTick = cpu / Double(ticks)
        print(
            "idle ticks: \(ticks) × (update .tick + render + diff), load average \(load): update median \(ms(percentile(up, 0.5))) ms (max \(ms(up.max() ?? 0))), render median \(ms(percentile(re, 0.5))) ms, diff median \(ms(percentile(di, 0.5))) ms; \(changed / ticks) changed cells per tick; \(raised) alarm effects"
        )
        print(
            "idle CPU: \(f2(cpu * 1000)) ms over \(ticks) ticks (wall \(f2(wall * 1000)) ms) = \(LogBench.format2(perTick * 1000)) ms per tick = \(f2(perTick * 60 * 1000)) ms per 60 s = \(f2(perTick * 100)) % of one core at one tick a second (target ≤ 1 %)"
        )
    }

    static func rowText(_ g: Grid, _ y: Int) -> String {
        var s = ""
        for x in 0..<g.width {
            let c = g[x, y]
            if c.width > 0 { s += c.text }
        }
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }

    // MARK: interaction

    static func percentile(_ xs: [Int64], _ p: Double) -> Int64 {
        let s = xs.sorted()
        return s.isEmpty ? 0 : s[min(s.count - 1, Int(Double(s.count - 1) * p))]
    }

    static func interact(alerts: Int, iterations: Int, seed: UInt64) {
        var feed = SyntheticFeed(campaign: campaign, seed: seed, meanGapSeconds: 1)
        var events: [RecordedEvent] = []
        let g0 = LogBench.nanos()
        while feed.state.alerts.count < alerts { events.append(feed.next()) }
        let genTime = LogBench.seconds(g0)
        let config = DashboardConfig(
            campaign: campaign, officer: "bench", language: .en, bellPolicy: .standard,
            eventIDPrefix: "bench-\(getpid())")
        let now = events.last.map(\.at) ?? nowStamp(nil)
        var state = AppState(config: config, now: now, width: width, height: height)
        let r0 = LogBench.nanos()
        var i = 0
        while i < events.count {
            state.replay(Array(events[i..<min(events.count, i + 16_384)]))
            i += 16_384
        }
        state.finishReplay()
        let replayTime = LogBench.seconds(r0)
        print(
            "\(alerts) alerts from \(events.count) feed events (generated in \(f2(genTime)) s, replayed into AppState in \(f2(replayTime)) s); shown: \(state.visibleAlertCount); load average: \(loadAverage())"
        )
        var grid = Grid(width: width, height: height)
        _ = render(state, into: &grid)

        var updateOnly: [Int64] = []
        var renderOnly: [Int64] = []
        func step(_ keys: [Key]) -> Int64 {
            let t = LogBench.nanos()
            for k in keys { _ = update(&state, .key(k)) }
            let u = LogBench.nanos()
            _ = render(state, into: &grid)
            let e = LogBench.nanos()
            updateOnly.append(u - t)
            renderOnly.append(e - u)
            return e - t
        }
        func report(_ name: String, _ xs: [Int64], key: String? = nil) {
            print(
                "\(name): median \(ms(percentile(xs, 0.5))) ms, p90 \(ms(percentile(xs, 0.9))) ms, p99 \(ms(percentile(xs, 0.99))) ms, max \(ms(xs.max() ?? 0)) ms over \(xs.count) (target: median ≤ 2 ms)"
            )
            if let key {
                figure("interact.\(key).median_ms", Double(percentile(xs, 0.5)) / 1e6)
                figure("interact.\(key).p99_ms", Double(percentile(xs, 0.99)) / 1e6)
            }
        }
        _ = update(&state, .key(.char("1")))
        report("scroll down (↓ + render)", (0..<iterations).map { _ in step([.down]) }, key: "scroll")
        report("page down (PgDn + render)", (0..<iterations).map { _ in step([.pageDown]) }, key: "pagedown")
        report("page up (PgUp + render)", (0..<iterations).map { _ in step([.pageUp]) }, key: "pageup")
        _ = step([.home])
        // Typing a filter: "/" opens the filter line; each typed character narrows the list.
        let words = ["ivory", "pangolin", "noi bai", "mong cai", "rhino", "tan son nhat", "hai phong", "turtle"]
        var typing: [Int64] = []
        var first: [Int64] = []
        var backspace: [Int64] = []
        var clear: [Int64] = []
        var matched: [String: Int] = [:]
        var perCharacter: [String] = []
        var n = 0
        while typing.count < iterations {
            let w = words[n % words.count]
            n += 1
            _ = step([.char("/")])
            var line = "  «\(w)»:"
            for (j, ch) in w.enumerated() {
                let t = step([.char(ch)])
                if j == 0 { first.append(t) } else { typing.append(t) }
                line += " \(ch == " " ? "␣" : String(ch)) \(ms(updateOnly.last ?? 0))/\(state.visibleAlertCount)"
            }
            if n <= words.count { perCharacter.append(line) }
            matched[w] = state.visibleAlertCount
            backspace.append(step([.backspace]))
            _ = step([.enter])
            clear.append(step([.escape]))  // clears the filter: back to every alert
        }
        report("of all the steps above, update only", updateOnly)
        report("of all the steps above, render only", renderOnly, key: "render")
        report("typing a filter, first character (whole list scanned)", first, key: "filter_first")
        report("typing a filter, further characters (incremental)", typing, key: "filter_further")
        print("update only (ms) / alerts shown, per typed character, first round:")
        for l in perCharacter { print(l) }
        report("filter backspace (widens)", backspace, key: "backspace")
        report("clearing the filter (Esc)", clear, key: "escape")
        print(
            "matches: " + matched.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                + "; shown after clearing: \(state.visibleAlertCount)")
        let m = memory()
        print("peak resident memory: \(mb(m.peak)); resident now \(mb(m.current))")
        figure("interact.peak_mb", Double(m.peak) / 1_048_576)
    }

    // MARK: live append

    /// Appends the feed's events after the log's last record, up to and including the next
    /// `alert.received`, as one batch (as a second desk would), and prints the alert id.
    static func appendNext(path: String, seed: UInt64, gap: Int, dryRun: Bool) throws {
        var lastSeq = 0
        let log = try EventLog.open(path: path, mode: .readWrite, replay: { r in lastSeq = r.seq })
        defer { log.close() }
        var feed = SyntheticFeed(campaign: campaign, seed: seed, meanGapSeconds: gap)
        for _ in 0..<lastSeq { _ = feed.next() }
        var batch: [NewRecord] = []
        var alert = ""
        while true {
            let e = feed.next()
            batch.append(record(e))
            // The typed event names the alert (the payload key is `alert_id`; reading
            // `payload["id"]` here printed the event id instead).
            if case .alertReceived(let p)? = try? DomainEvent(e) {
                alert = p.alertID
                break
            }
        }
        if dryRun {
            print(alert)
            return
        }
        try log.append(batch)
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        print("\(alert) \(Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)) \(batch.count)")
    }

    // MARK: CSV

    /// The columns `csv-gen` writes: the `dutydesk import` field names (docs/import-format.md).
    static let csvHeader = [
        "received", "source", "source_detail", "subject", "priority", "reference", "commodity",
        "species", "quantity", "quantity_unit", "location", "unit", "notes",
    ]

    /// Writes `rows` alerts that `dutydesk import` accepts: times alternately RFC 3339 and
    /// `dd/MM/yyyy HH:mm` (ICT), every source kind (member_country with a country code),
    /// quoted subjects with doubled quotes and commas, Vietnamese text, unique references.
    static func csvGen(path: String, rows: Int) {
        guard let f = fopen(path, "w") else {
            print("cannot write \(path)")
            exit(73)
        }
        defer { fclose(f) }
        let sources = [
            "coordination_board", "member_country", "police", "border_guard", "market_management",
            "customs_intelligence", "public_tip",
        ]
        let countries = ["TH", "LA", "CN", "MY", "KH", "NG"]
        let prios = ["critical", "high", "normal", "low"]
        let species = [
            "Manis javanica (I)", "Loxodonta africana (I)", "Ceratotherium simum (II)", "Panthera tigris (I)",
            "Chelonia mydas (I)", "Dalbergia cochinchinensis (II)",
        ]
        let units = ["HQQN", "HQLS", "HQHP", "HQHN", "HQQT", "HQHCM", "HQHCM", "HQTN"]
        fputs(csvHeader.joined(separator: ",") + "\n", f)
        for n in 0..<rows {
            let g = n % LogBench.gates.count
            let k = n % LogBench.goods.count
            let day = 1 + (n / 20_000) % 5
            let sec = n % 86_400
            let (h, m, s) = (pad(sec / 3600), pad(sec / 60 % 60), pad(sec % 60))
            let ts = n % 2 == 0 ? "2021-09-0\(day)T\(h):\(m):\(s)+07:00" : "0\(day)/09/2021 \(h):\(m)"
            let source = sources[n % sources.count]
            let detail =
                source == "member_country"
                ? countries[n % countries.count] : (n % 3 == 0 ? "Tổ công tác \(n % 12 + 1)" : "")
            let subject =
                "\"Nghi vận chuyển \(n % 90 + 5) kg \(LogBench.goods[k]), container \"\"MSKU\(1_000_000 + n)\"\"\""
            let notes = n % 4 == 0 ? "\"Tin từ tổ tuần tra, đã báo Ban điều phối\"" : ""
            fputs(
                "\(ts),\(source),\(detail),\(subject),\(prios[n % prios.count]),GS-2021-\(100_000 + n),\(LogBench.goods[k]),"
                    + "\(species[k]),\(n % 90 + 5),kg,\(LogBench.gates[g]),\(units[g]),\(notes)\n", f)
        }
    }

    static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// The import's stages in this process, after sqlite3's `.import` of the same file:
    /// (1) read + `CSVReader.scan` + `ImportMapping.Compiled.values` (parse and map; a
    /// `String` only for the cells a field reads), (2) `AlertImporter.run` as a dry run
    /// without a log (parse, map, validate, idempotency hashes, `decide` per row; no log),
    /// (3) `AlertImporter.run` into a new log (`FILE.parse.log`, removed after).
    static func csvParse(path: String) throws {
        let size = fileSize(path)
        guard size >= 0 else {
            print("no such file: \(path)")
            exit(66)
        }
        print("file: \(path), \(size) bytes; load average: \(loadAverage())")
        let db = path + ".sqlite"
        unlink(db)
        let t0 = LogBench.nanos()
        let status = sh("sqlite3 '\(db)' -cmd '.mode csv' '.import \(path) alerts'")
        let sq = LogBench.seconds(t0)
        print("sqlite3 .mode csv + .import into a new table: \(f2(sq)) s (exit \(status))")
        unlink(db)
        let t1 = LogBench.nanos()
        guard let f = fopen(path, "r") else {
            print("cannot read \(path)")
            exit(66)
        }
        var bytes = [UInt8](repeating: 0, count: size)
        let got = fread(&bytes, 1, size, f)
        fclose(f)
        bytes.removeSubrange(got...)
        let mapping = try ImportMapping(maps: [], sets: [], missing: [], knownFields: AlertDraft.fields)
        var compiled: ImportMapping.Compiled?
        var rows = 0
        var values = 0
        var problems = 0
        try CSVReader.scan(bytes) { r in
            guard let c = compiled else {
                compiled = mapping.compile(header: (0..<r.count).map { r.string($0) }, knownFields: AlertDraft.fields)
                return
            }
            let (v, p) = c.values { r.string($0) }
            rows += 1
            values += v.count(where: { $0 != nil })
            problems += p.count
        }
        let parseMap = LogBench.seconds(t1)
        print(
            "read + scan + map: \(f2(parseMap)) s for \(rows) rows (\(values) values, \(problems) problems) = \(f2(parseMap / sq)) × sqlite3"
        )
        let t2 = LogBench.nanos()
        let summary = try AlertImporter.run(
            path: path, format: .csv, mapping: mapping, campaign: campaign, logPath: path + ".no-such.log",
            actor: LogBridge.actor(officer: "bench"), now: nowStamp(nil), dryRun: true)
        let dry = LogBench.seconds(t2)
        print(
            "AlertImporter.run, dry run (parse, map, validate, hash, decide; no log): \(f2(dry)) s = \(f2(dry / sq)) × sqlite3; \(summary.text)"
        )
        let log = path + ".parse.log"
        unlink(log)
        let t3 = LogBench.nanos()
        let real = try AlertImporter.run(
            path: path, format: .csv, mapping: mapping, campaign: campaign, logPath: log,
            actor: LogBridge.actor(officer: "bench"), now: nowStamp(nil), dryRun: false)
        let full = LogBench.seconds(t3)
        unlink(log)
        print(
            "AlertImporter.run into a new log (the above + open, lock, plan, one batch append + fdatasync): \(f2(full)) s = \(f2(full / sq)) × sqlite3; \(real.text)"
        )
        print("  of which the log (open, lock, append, fdatasync, the stored records freed): ≈ \(f2(full - dry)) s")
    }

    /// The `dutydesk` executable next to this one (same build directory).
    static func siblingDutydesk() -> String {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        guard n > 0 else { return "dutydesk" }
        let exe = String(decoding: buf[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(exe[..<(exe.lastIndex(of: "/") ?? exe.startIndex)]) + "/dutydesk"
    }

    /// The first line of a small text file, or "".
    static func firstLine(_ path: String) -> String {
        guard let f = fopen(path, "r") else { return "" }
        defer { fclose(f) }
        var buf = [CChar](repeating: 0, count: 4096)
        guard fgets(&buf, Int32(buf.count), f) != nil else { return "" }
        return String(decoding: buf.prefix(while: { $0 != 0 && $0 != 10 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Item 7, end to end: per run, `sqlite3 DB -cmd '.mode csv' '.import FILE alerts'` into a
    /// new database, then the release `dutydesk import FILE` (spawned: parse, map, validate,
    /// decide under the log lock, one durable batch) into a new log, then the same import
    /// again (re-import: nothing appended). Prints both times, the ratio and the load average.
    /// `--template` maps `subject` and `notes` through templates (with an optional group and a
    /// missing-marker) instead of reading them by column name.
    static func csvImport(path: String, binary: String?, runs: Int, template: Bool) {
        let size = fileSize(path)
        guard size >= 0 else {
            print("no such file: \(path)")
            exit(66)
        }
        let bin = binary ?? siblingDutydesk()
        guard access(bin, X_OK) == 0 else {
            print("no dutydesk executable at \(bin) (build it: swift build -c release --product dutydesk)")
            exit(66)
        }
        print("file: \(path), \(size) bytes; dutydesk: \(bin)")
        let db = path + ".sqlite"
        let log = path + ".import.log"
        let out = path + ".import.out"
        let maps =
            template
            ? " --missing NA --map 'subject=[{priority} ]{subject}' --map 'notes=[{notes}; ]ref {reference}[ ({commodity})]'"
            : ""
        let command = "'\(bin)' import '\(path)' --log '\(log)' --officer bench\(maps) > '\(out)'"
        /// User + system CPU seconds of the waited-for children so far.
        func childCPU() -> Double {
            var u = rusage()
            getrusage(RUSAGE_CHILDREN.rawValue, &u)
            return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
        }
        var ratios: [Double] = []
        var cpuRatios: [Double] = []
        for run in 1...max(1, runs) {
            unlink(db)
            unlink(log)
            let load = loadAverage()
            let c0 = childCPU()
            let t0 = LogBench.nanos()
            let sqStatus = sh("sqlite3 '\(db)' -cmd '.mode csv' '.import \(path) alerts'")
            let sq = LogBench.seconds(t0)
            let sqCPU = childCPU() - c0
            let c1 = childCPU()
            let t1 = LogBench.nanos()
            let status = sh(command)
            let ours = LogBench.seconds(t1)
            let oursCPU = childCPU() - c1
            let summary = firstLine(out)
            let t2 = LogBench.nanos()
            let again = sh(command)
            let reimport = LogBench.seconds(t2)
            let logSize = fileSize(log)
            ratios.append(ours / sq)
            cpuRatios.append(oursCPU / max(sqCPU, 0.001))
            print(
                "run \(run) (load average \(load)): sqlite3 .import \(f2(sq)) s (exit \(sqStatus)); dutydesk import \(f2(ours)) s (exit \(status)) = \(f2(ours / sq)) × sqlite3 (target ≤ 2)"
            )
            print("  CPU (user + system): sqlite3 \(f2(sqCPU)) s, dutydesk \(f2(oursCPU)) s = \(f2(oursCPU / sqCPU)) ×")
            print("  \(summary); log \(logSize) bytes; re-import \(f2(reimport)) s (exit \(again)): \(firstLine(out))")
            unlink(db)
            unlink(log)
            unlink(out)
        }
        let sorted = ratios.sorted()
        guard let best = sorted.first, let worst = sorted.last else { return }
        print(
            "ratio over \(ratios.count) run(s): best \(f2(best)), median \(f2(sorted[sorted.count / 2])), worst \(f2(worst))"
        )
        figure("import.ratio", sorted[sorted.count / 2])
        let cpu = cpuRatios.sorted()
        figure("import.cpu_ratio", cpu[cpu.count / 2])
    }

    // MARK: dispatch

    /// Dispatches the product subcommands; returns false when `args[1]` is not one of them.
    static func main(_ args: [String]) -> Bool {
        let names = ["gen", "cold", "warm", "interact", "append-next", "csv-gen", "csv-parse", "csv-import"]
        guard args.count >= 2, names.contains(args[1]) else { return false }
        let o = Options(args.dropFirst(2))
        let seed = UInt64(o.int("seed", 2021))
        do {
            switch args[1] {
            case "gen":
                guard let out = o.named["out"], !out.isEmpty else { usage() }
                try gen(events: o.int("events", 10_000), out: out, seed: seed, gap: o.int("gap", 1))
            case "warm":
                guard o.positional.count >= 2 else { usage() }
                try warm(
                    path: o.positional[0], small: o.positional[1], now: nowStamp(o.named["now"]),
                    runs: o.int("runs", 3), reuse: o.flag("reuse"))
            case "cold":
                guard let path = o.positional.first else { usage() }
                try cold(
                    path: path, now: nowStamp(o.named["now"]), jq: !o.flag("no-jq"),
                    chunk: max(1, o.int("chunk", 16_384)), ticks: max(0, o.int("ticks", 60)),
                    appends: max(0, o.int("appends", 0)))
            case "interact":
                interact(alerts: o.int("alerts", 100_000), iterations: o.int("iterations", 200), seed: seed)
            case "append-next":
                guard let path = o.positional.first else { usage() }
                try appendNext(path: path, seed: seed, gap: o.int("gap", 1), dryRun: o.flag("dry-run"))
            case "csv-gen":
                guard let path = o.positional.first else { usage() }
                csvGen(path: path, rows: o.int("rows", 100_000))
            case "csv-parse":
                guard let path = o.positional.first else { usage() }
                try csvParse(path: path)
            case "csv-import":
                guard let path = o.positional.first else { usage() }
                csvImport(path: path, binary: o.named["dutydesk"], runs: o.int("runs", 3), template: o.flag("template"))
            default: usage()
            }
        } catch {
            print("error: \(error)")
            exit(74)
        }
        return true
    }

    static func usage() -> Never {
        print(
            """
            usage: dutydesk-bench gen --events N --out FILE [--seed S] [--gap SECONDS]
                   dutydesk-bench cold FILE [--now RFC3339] [--no-jq] [--chunk N] [--ticks K] [--appends K]
                   dutydesk-bench warm FILE SMALL [--now T] [--runs K] [--reuse]
                   dutydesk-bench interact [--alerts N] [--iterations K] [--seed S]
                   dutydesk-bench append-next FILE [--seed S] [--gap SECONDS] [--dry-run]
                   dutydesk-bench csv-gen FILE [--rows N]
                   dutydesk-bench csv-parse FILE
                   dutydesk-bench csv-import FILE [--runs K] [--template] [--dutydesk PATH]
            """)
        exit(64)
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
