// Network benchmarks (issue 11, item 9). Figures and commands: docs/performance.md, "The network".
//
//   dutydesk-bench network [--records N] [--catch-up K] [--latency-runs R] [--dutydesk PATH] [--keep]
//       starts a private PostgreSQL server (durable: fsync on) on loopback, sets up three desks
//       (HQLS, HQQN, DTCBL-P1) with the release `dutydesk` (spawned, as an officer's machine
//       would run it), then measures:
//         push: N records of HQLS's log (SyntheticFeed events after its desk record) by one
//               `dutydesk sync --once`: records/s;
//         pull: the same N records into Division 1's log by one `sync --once`: records/s;
//         catch-up: Division 1 offline while HQLS adds and pushes K more; Division 1's
//               `sync --once` back: seconds;
//         latency: with `dutydesk sync` running on HQLS and on Division 1, R times an
//               `alert add` on HQLS, timed until the alert is in Division 1's log (the log the
//               dashboard follows): median, p95, max.
import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog
import DutyDeskNetwork

#if canImport(Glibc)
    import Glibc
#endif

enum NetworkBench {
    static func main(_ args: [String]) -> Bool {
        guard args.count >= 2, args[1] == "network" else { return false }
        let o = ProductBench.Options(args.dropFirst(2))
        let records = o.int("records", 100_000)
        let catchUp = o.int("catch-up", 10_000)
        let runs = o.int("latency-runs", 30)
        let dutydesk = o.named["dutydesk"] ?? (dirName(args[0]) + "/dutydesk")
        do {
            try run(records: records, catchUp: catchUp, runs: runs, dutydesk: dutydesk, keep: o.flag("keep"))
        } catch {
            print("network bench failed: \(error)")
            exit(70)
        }
        return true
    }

    static func dirName(_ p: String) -> String {
        guard let i = p.lastIndex(of: "/") else { return "." }
        return String(p[..<i])
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Spawns `argv` with output to `out` (or /dev/null); returns the pid.
    static func spawn(_ argv: [String], out: String = "/dev/null") -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let c: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in c { free(p) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0], &actions, nil, c, environ) == 0 else { return -1 }
        return pid
    }

    /// Runs `argv` to its end; fails on a non-zero exit.
    static func run(_ argv: [String], out: String = "/dev/null") throws {
        let pid = spawn(argv, out: out)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        if status != 0 { throw BenchError("\(argv.joined(separator: " ")) exited with status \(status) (see \(out))") }
    }

    struct BenchError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    static func run(records: Int, catchUp: Int, runs: Int, dutydesk: String, keep: Bool) throws {
        print(
            "network bench: \(records) records, catch-up \(catchUp), \(runs) latency runs; \(ProductBench.loadAverage())"
        )
        let server = try LocalServer.start(durable: true)
        defer { server.stop(keepFiles: keep) }
        let dir = server.directory + "/desks"
        mkdir(dir, 0o700)
        try blockingSetUp(server)
        let admin = server.adminURL(database: "dutydesk").withPassword
        let out = dir + "/commands.out"
        try run([dutydesk, "network", "setup", "--database", admin], out: out)
        for desk in ["HQLS", "HQQN", "DTCBL-P1"] {
            let log = "\(dir)/\(desk).log"
            try run([dutydesk, "desk", "init", "--unit", desk, "--log", log], out: out)
            try run([dutydesk, "network", "enrol", "--database", admin, "--log", log], out: out)
        }
        let hqls = dir + "/HQLS.log"
        let p1 = dir + "/DTCBL-P1.log"
        // N feed events after HQLS's desk record (what a busy desk writes).
        try appendFeed(hqls, count: records, seed: 42)
        var t = now()
        try run([dutydesk, "sync", "--once", "--log", hqls], out: out)
        let push = now() - t
        print("push \(records) records: \(LogBench.format2(push)) s, \(Int(Double(records) / push)) records/s")
        t = now()
        try run([dutydesk, "sync", "--once", "--log", p1], out: out)
        let pull = now() - t
        print(
            "pull \(records) records into Division 1: \(LogBench.format2(pull)) s, \(Int(Double(records) / pull)) records/s"
        )
        // Division 1 offline while HQLS writes and pushes K more.
        try appendFeed(hqls, count: catchUp, seed: 43)
        try run([dutydesk, "sync", "--once", "--log", hqls], out: out)
        t = now()
        try run([dutydesk, "sync", "--once", "--log", p1], out: out)
        let back = now() - t
        print("catch-up of Division 1 after \(catchUp) records offline: \(LogBench.format2(back)) s")
        // Latency: both syncs running; HQLS's log has its projection snapshot, as a desk whose
        // dashboard is open keeps one (so `alert add` does not fold the whole log).
        try ProductBench.writeSnapshot(
            path: hqls, now: RFC3339Timestamp(epochNanoseconds: EventLog.systemNanos(), offsetSeconds: 25_200))
        let s1 = spawn([dutydesk, "sync", "--log", hqls, "--interval", "5"], out: dir + "/sync-hqls.out")
        let s2 = spawn([dutydesk, "sync", "--log", p1, "--interval", "5"], out: dir + "/sync-p1.out")
        defer {
            kill(s1, SIGTERM)
            kill(s2, SIGTERM)
            var st: Int32 = 0
            waitpid(s1, &st, 0)
            waitpid(s2, &st, 0)
        }
        let follower = try LogFollower(path: p1, keepRaw: false)
        _ = try follower.poll()
        usleep(1_500_000)
        var latencies: [Double] = []
        var afterAdd: [Double] = []
        for i in 0..<runs {
            let subject = "Độ trễ \(i)"
            let t0 = now()
            try run(
                [
                    dutydesk, "alert", "add", "--log", hqls, "--source", "police", "--subject", subject, "--priority",
                    "high",
                ], out: out)
            let t1 = now()
            var seen = false
            while !seen && now() - t0 < 30 {
                for r in try follower.poll() where r.type == EventType.alertReceived {
                    if r.payload["subject"]?.stringValue == subject { seen = true }
                }
                if !seen { usleep(2000) }
            }
            guard seen else { throw BenchError("alert \(i) did not reach Division 1 in 30 s") }
            latencies.append(now() - t0)
            afterAdd.append(now() - t1)
            usleep(200_000)
        }
        let sorted = latencies.sorted()
        func ms(_ x: Double) -> String { LogBench.format2(x * 1000) }
        print(
            "latency alert add on HQLS → in Division 1's log: median \(ms(sorted[sorted.count / 2])) ms, p95 \(ms(sorted[min(sorted.count - 1, sorted.count * 95 / 100)])) ms, max \(ms(sorted.last ?? 0)) ms (includes the alert add process itself)"
        )
        let sync = afterAdd.sorted()
        print(
            "  of which after the alert add exited (sync on HQLS → server → sync on Division 1): median \(ms(sync[sync.count / 2])) ms, p95 \(ms(sync[min(sync.count - 1, sync.count * 95 / 100)])) ms"
        )
        print("memory of this process: \(ProductBench.mb(ProductBench.memory().peak)) peak")
    }

    /// The `dutydesk` database on the server.
    static func blockingSetUp(_ server: LocalServer) throws {
        final class Box: @unchecked Sendable { var error: (any Error)? }
        let box = Box()
        let done = DispatchSemaphoreLike()
        Task.detached {
            do { try await server.createDatabase("dutydesk") } catch { box.error = error }
            done.signal()
        }
        done.wait()
        if let e = box.error { throw e }
    }

    /// Appends `count` SyntheticFeed events to `path` in batches of 10,000 (after what it holds).
    static func appendFeed(_ path: String, count: Int, seed: UInt64) throws {
        let log = try EventLog.open(path: path, mode: .readWrite)
        defer { log.close() }
        let campaign = ProductBench.campaign
        var feed = SyntheticFeed(campaign: campaign, seed: seed, meanGapSeconds: 2)
        var left = count
        while left > 0 {
            let n = min(10_000, left)
            let events = feed.next(n)
            _ = try log.append(
                events.map { e in
                    var r = ProductBench.record(e)
                    r.id = "bench-\(seed)-\(e.id)"
                    return r
                })
            left -= n
        }
    }
}

/// A counting semaphore on a pthread condition (the bench does not import Dispatch here).
final class DispatchSemaphoreLike: @unchecked Sendable {
    private var m = pthread_mutex_t()
    private var c = pthread_cond_t()
    private var count = 0
    init() {
        pthread_mutex_init(&m, nil)
        pthread_cond_init(&c, nil)
    }
    func signal() {
        pthread_mutex_lock(&m)
        count += 1
        pthread_cond_signal(&c)
        pthread_mutex_unlock(&m)
    }
    func wait() {
        pthread_mutex_lock(&m)
        while count == 0 { pthread_cond_wait(&c, &m) }
        count -= 1
        pthread_mutex_unlock(&m)
    }
}
