import DutyDeskJSON
import DutyDeskLog
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What one harness writer reported (see Sources/log-writer-harness/main.swift).
struct HarnessOutput {
    /// Every write attempted: file offset and bytes, in order.
    var writes: [(offset: Int64, bytes: [UInt8])] = []
    /// Acknowledged appends: seq, id, offset, hash.
    var acks: [(seq: Int, id: String, offset: Int64, hash: String)] = []

    init(_ data: [UInt8]) {
        // A killed writer may leave a half-printed last line: only lines with their line end
        // count (a write is announced whole before it is made; a half-printed announcement
        // is of a write that never happened, and acknowledgements follow the append).
        let whole = data.last == 0x0A ? data[...] : data[..<(data.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)]
        for line in whole.split(separator: 0x0A, omittingEmptySubsequences: true) {
            let text = String(decoding: line, as: UTF8.self)
            let parts = text.split(separator: " ")
            if parts.count == 3, parts[0] == "W", let off = Int64(parts[1]) {
                writes.append((off, hexDecode(parts[2])))
            } else if parts.count == 5, parts[0] == "A", let seq = Int(parts[1]), let off = Int64(parts[3]),
                parts[4].utf8.count == 64
            {
                acks.append((seq, String(parts[2]), off, String(parts[4])))
            }
        }
    }
}

/// Why `log` is not a concatenation of whole writes from `writes` (each at its announced
/// offset), or nil when it is. Names the first offset it cannot explain, and says whether
/// a write announced there is present only in part (its first lines) — a write cut short
/// and never recovered.
func unexplainedLogBytes(_ log: [UInt8], writes: [(offset: Int64, bytes: [UInt8])]) -> String? {
    var at: [Int: [[UInt8]]] = [:]
    for w in writes where !w.bytes.isEmpty { at[Int(w.offset), default: []].append(w.bytes) }
    var pos = 0
    while pos < log.count {
        let here = at[pos] ?? []
        let whole = here.filter { pos + $0.count <= log.count && log[pos..<(pos + $0.count)].elementsEqual($0) }
        if let w = whole.max(by: { $0.count < $1.count }) {
            pos += w.count
            continue
        }
        let line = String(decoding: log[pos...].prefix(while: { $0 != 0x0A }).prefix(200), as: UTF8.self)
        // Whole lines of a write announced here that the log holds before it departs.
        let partial =
            here.map { w -> Int in
                var l = 0
                var lines = 0
                while l < w.count, pos + l < log.count, log[pos + l] == w[l] {
                    if w[l] == 0x0A { lines += 1 }
                    l += 1
                }
                return lines
            }.max() ?? 0
        return partial > 0
            ? "log bytes at \(pos): only the first \(partial) line(s) of the write announced there, cut short and never recovered: \(line)"
            : "log bytes at \(pos) come from no write announced at that offset (\(here.count) announced there): \(line)"
    }
    return nil
}

@Suite("Fault harness", .serialized)
struct FaultHarnessTests {
    /// Before batches were marked (decision 0008), a batch write a kill cut short at a line
    /// end stayed in the log, and the harness's check took the longest common prefix of the
    /// write and the log — which runs on past that line end into the next writer's record
    /// (`{"v":1,"seq":N,"ts":"2026-…` starts both) — so it said "log bytes at X come from no
    /// attempted write" (seen once under load). Now such a prefix is crash damage that must
    /// not stay, and the check says so.
    @Test func theHarnessCheckNamesAWriteLeftInPart() {
        let a1 = Array(#"{"v":1,"seq":1,"id":"w1-1"}"#.utf8) + [0x0A]
        let a2 = Array(#"{"v":1,"seq":2,"id":"w1-2"}"#.utf8) + [0x0A]
        let b2 = Array(#"{"v":1,"seq":2,"id":"w2-1"}"#.utf8) + [0x0A]
        let batch = a1 + a2
        // Writer 1's batch, then writer 2's record after it: explained.
        #expect(unexplainedLogBytes(batch + b2, writes: [(0, batch), (Int64(batch.count), b2)]) == nil)
        // Writer 1's batch cut after its first line, writer 2's record after that line.
        let cut = a1 + b2
        let why = unexplainedLogBytes(cut, writes: [(0, batch), (Int64(a1.count), b2)])
        #expect(why?.hasPrefix("log bytes at 0: only the first 1 line(s) of the write announced there") == true)
        // Bytes nobody announced.
        #expect(unexplainedLogBytes(a1, writes: [])?.hasPrefix("log bytes at 0 come from no write announced") == true)
    }

    /// Issue 2, item 7: kill -9 a writer at random moments, 200 cycles (1000 with
    /// DUTYDESK_LONG_FAULTS=1). Every acknowledged append is present byte-identical, the
    /// chain verifies, and log plus quarantine are exactly the bytes the writers wrote.
    /// One cycle in four (mode `tear`) is killed between the two halves of a split write
    /// — the test waits until the first half is in the log — so every run leaves torn
    /// tails (50 of them) for the next writers to recover, whatever the machine's load.
    @Test func killNineAtRandomMoments() throws {
        let harness = try builtExecutable("log-writer-harness")
        let long = ProcessInfo.processInfo.environment["DUTYDESK_LONG_FAULTS"] == "1"
        let cycles = long ? 1000 : 200
        let dir = TempDir("kill9")
        defer { dir.cleanup() }
        let path = dir.file("k.log")
        var all = HarnessOutput([])
        var killed = 0
        // Half-lines a `tear` writer certainly left at the tail: offset and bytes.
        var tears: [(offset: Int64, bytes: [UInt8])] = []
        let modes = ["single", "batch", "torn", "tear"]
        for cycle in 0..<cycles {
            let out = dir.file("w\(cycle).out")
            let mode = modes[cycle % modes.count]
            let pid = spawn(harness, [path, "w\(cycle)", "60", mode], stdout: out)
            if mode == "tear" {
                // Wait (at most 60 s) for the first write's announcement, then for its first
                // half to reach the log; the writer then sleeps 60 s before the second half.
                var first: (offset: Int64, bytes: [UInt8])?
                var exited = false
                for _ in 0..<300_000 {
                    if first == nil { first = HarnessOutput(readBytes(out)).writes.first }
                    if let f = first, Int64(fileSize(path)) >= f.offset + Int64(f.bytes.count / 2) { break }
                    var status: Int32 = 0
                    if waitpid(pid, &status, WNOHANG) == pid {
                        exited = true
                        Issue.record("tear writer w\(cycle) exited (status \(status)) before its first half-write")
                        break
                    }
                    usleep(200)
                }
                if let f = first, !exited {
                    tears.append((f.offset, Array(f.bytes.prefix(f.bytes.count / 2))))
                }
                if exited {
                    let o = HarnessOutput(readBytes(out))
                    all.writes += o.writes
                    all.acks += o.acks
                    unlink(out)
                    continue
                }
            } else {
                usleep(UInt32.random(in: 2_000...45_000))
            }
            kill(pid, SIGKILL)
            if waitExit(pid) == 128 + SIGKILL { killed += 1 }
            let o = HarnessOutput(readBytes(out))
            all.writes += o.writes
            all.acks += o.acks
            unlink(out)
        }
        // A last writer that finishes: recovers whatever the last kill left.
        let finalOut = dir.file("final.out")
        #expect(waitExit(spawn(harness, [path, "final", "3", "single"], stdout: finalOut)) == 0)
        let f = HarnessOutput(readBytes(finalOut))
        all.writes += f.writes
        all.acks += f.acks

        let log = readBytes(path)
        let report = try EventLog.verifyFile(path: path)
        #expect(report.isClean, "\(report.issue.map { "\($0)" } ?? "")")

        // Every acknowledged append is present, byte-identical, at its offset.
        var bySeq: [Int: LogRecord] = [:]
        let reader = try EventLog.open(path: path, mode: .readOnly)
        try reader.replay(keepRaw: true) { bySeq[$0.seq] = $0 }
        for a in all.acks {
            let r = try #require(bySeq[a.seq], "acknowledged seq \(a.seq) (\(a.id)) missing")
            #expect(r.id == a.id && r.offset == a.offset && r.hash == a.hash)
            let attempt = all.writes.first {
                $0.offset <= a.offset && a.offset < $0.offset + Int64($0.bytes.count) && $0.bytes.count > 0
            }
            #expect(attempt != nil)
        }
        // Acknowledgements are unique per seq and per id.
        #expect(Set(all.acks.map(\.seq)).count == all.acks.count)
        #expect(Set(all.acks.map(\.id)).count == all.acks.count)

        // The log is a concatenation of whole attempted writes: a write a kill cut short is
        // crash damage — a torn line, or an incomplete batch (decision 0008) — that the next
        // writer quarantined whole.
        if let problem = unexplainedLogBytes(log, writes: all.writes) { Issue.record("\(problem)") }
        // …and every quarantined fragment is bytes a writer attempted at that offset (the
        // start of a write, or the torn rest of one that was cut short).
        let qpath = path + ".quarantine"
        let quarantine = access(qpath, F_OK) == 0 ? try parseQuarantine(readBytes(qpath)) : []
        for q in quarantine {
            #expect(!q.bytes.isEmpty)
            let source = all.writes.contains { w in
                let start = Int(q.offset - w.offset)
                return start >= 0 && start + q.bytes.count < w.bytes.count
                    && Array(w.bytes[start..<(start + q.bytes.count)]) == q.bytes
            }
            #expect(source, "quarantined bytes at \(q.offset) were never written")
            #expect(LogFormat.sha256Hex(q.bytes) == q.sha256)
        }
        // Each log.recovered record names a quarantine entry. (There can be more entries
        // than records: a writer killed after quarantining but before its log.recovered
        // record was durable leaves the tail for the next writer, which quarantines again.)
        let recoveries = bySeq.values.filter { $0.type == "log.recovered" }
        #expect(recoveries.count <= quarantine.count)
        for r in recoveries {
            #expect(
                quarantine.contains {
                    $0.offset == Int64(r.payload["offset"]?.intValue ?? -1)
                        && $0.sha256 == r.payload["sha256"]?.stringValue
                })
        }
        #expect(killed > cycles / 2)
        // Every half-line a `tear` writer left was quarantined, byte-exact, at its offset.
        #expect(tears.count == cycles / modes.count, "\(tears.count) tears in \(cycles / modes.count) tear cycles")
        for t in tears {
            #expect(
                quarantine.contains { $0.offset == t.offset && $0.bytes == t.bytes },
                "the half-line torn at \(t.offset) (\(t.bytes.count) bytes) is not in the quarantine")
        }
        print(
            "kill -9 harness: \(cycles) cycles, \(killed) killed, \(all.acks.count) acknowledged, \(quarantine.count) torn tails recovered (\(tears.count) left by tear cycles), \(all.writes.count) writes announced, \(log.count) log bytes"
        )
    }

    /// Issue 12, item 1: kill -9 during multi-megabyte batch writes (one write, or two
    /// halves with a pause), 100 cycles (1000 with DUTYDESK_LONG_FAULTS=1). After each kill
    /// the log holds only whole batches — what a reader is handed is whole batches, and
    /// anything after them is crash damage at the tail — and once the next writer has
    /// recovered it, it verifies clean. Every acknowledged batch is present whole.
    @Test func killNineDuringLargeBatches() throws {
        let harness = try builtExecutable("log-writer-harness")
        let long = ProcessInfo.processInfo.environment["DUTYDESK_LONG_FAULTS"] == "1"
        let cycles = long ? 1000 : 100
        let dir = TempDir("kill9batch")
        defer { dir.cleanup() }
        var paths = [dir.file("b0.log")]
        var acked: [(path: String, writer: String, first: Int, last: Int)] = []
        var killed = 0
        var incompleteSeen = 0
        for cycle in 0..<cycles {
            var path = paths[paths.count - 1]
            // A fresh log now and then keeps every writer's start-up scan small.
            if readBytes(path).count > 4 << 20 {
                path = dir.file("b\(paths.count).log")
                paths.append(path)
            }
            let out = dir.file("w\(cycle).out")
            let writer = "w\(cycle)"
            let pid = spawn(harness, [path, writer, "300", cycle % 2 == 0 ? "bigtorn" : "bigbatch"], stdout: out)
            // Kill around the write: wait for the writer to announce it (or to finish), then
            // a random 0–4 ms; a few cycles kill before it gets that far.
            var reaped = false
            if cycle % 10 != 9 {
                var waited = 0
                while waited < 10_000_000, !readBytes(out).contains(UInt8(ascii: "B")) {
                    var status: Int32 = 0
                    if waitpid(pid, &status, WNOHANG) == pid {
                        reaped = true
                        #expect(
                            readBytes(out).contains(UInt8(ascii: "B")), "\(writer) exited (\(status)) before writing")
                        break
                    }
                    usleep(200)
                    waited += 200
                }
                if !reaped { usleep(UInt32.random(in: 0...4_000)) }
            } else {
                usleep(UInt32.random(in: 1_000...20_000))
            }
            if !reaped {
                kill(pid, SIGKILL)
                if waitExit(pid) == 128 + SIGKILL { killed += 1 }
            }
            for line in String(decoding: readBytes(out), as: UTF8.self).split(separator: "\n") {
                let f = line.split(separator: " ")
                if f.count == 4, f[0] == "A", let first = Int(f[1]), let last = Int(f[2]) {
                    acked.append((path, writer, first, last))
                }
            }
            unlink(out)
            // Only whole batches are handed to a reader; the rest can only be crash damage at the tail.
            let bytes = readBytes(path)
            var perBatch: [Int: (count: Int, seen: Int)] = [:]
            let outcome = bytes.withUnsafeBufferPointer { buf in
                LogScanner.scan(
                    buf, from: .genesis, decodePayload: false, keepRaw: false, parallel: true,
                    partialTailIsPending: false
                ) { r in
                    if let b = r.batch { perBatch[b.first, default: (b.count, 0)].seen += 1 }
                }
            }
            #expect(perBatch.values.allSatisfy { $0.count == $0.seen }, "cycle \(cycle): part of a batch delivered")
            if let issue = outcome.issue {
                #expect(
                    issue.isLastLine && issue.reason.isCrashDamage, "cycle \(cycle): \(issue) is not crash damage")
                if case .incompleteBatch = issue.reason { incompleteSeen += 1 }
            }
        }
        // Each log, once opened for writing (recovering the tail), verifies clean and holds
        // every acknowledged batch whole, at its seqs.
        var quarantined = 0
        for path in paths {
            let log = try EventLog.open(path: path)
            let report = try log.verify()
            #expect(report.isClean, "\(path): \(report.issue.map { "\($0)" } ?? "")")
            var ids: [Int: String] = [:]
            try log.replay { ids[$0.seq] = $0.id }
            for a in acked where a.path == path {
                for seq in a.first...a.last {
                    #expect(ids[seq] == "\(a.writer)-\(seq - a.first + 1)", "acknowledged seq \(seq) of \(a.writer)")
                }
            }
            let q = path + ".quarantine"
            if access(q, F_OK) == 0 {
                let entries = try parseQuarantine(readBytes(q))
                for e in entries { #expect(LogFormat.sha256Hex(e.bytes) == e.sha256) }
                quarantined += entries.count
            }
        }
        #expect(killed > cycles / 2)
        #expect(incompleteSeen > 0, "no kill left an incomplete batch in \(cycles) cycles")
        print(
            "kill -9 batch harness: \(cycles) cycles, \(killed) killed, \(acked.count) batches acknowledged, \(incompleteSeen) incomplete batches left by a kill, \(quarantined) quarantine entries, \(paths.count) logs"
        )
    }

    /// Issue 2, item 7: 8 writer processes × 2000 appends → exactly 16000 records,
    /// seq 1…16000, chain valid, each writer's events in its own order.
    @Test func eightConcurrentWriters() throws {
        let harness = try builtExecutable("log-writer-harness")
        let dir = TempDir("eight")
        defer { dir.cleanup() }
        let path = dir.file("e.log")
        let pids = (0..<8).map { w in
            spawn(
                harness, [path, "w\(w)", "2000", "single"], stdout: dir.file("w\(w).out"), stderr: dir.file("w\(w).err")
            )
        }
        for (w, pid) in pids.enumerated() {
            let code = waitExit(pid)
            #expect(
                code == 0,
                "writer \(w) exited \(code): \(String(decoding: readBytes(dir.file("w\(w).err")), as: UTF8.self))")
        }
        let report = try EventLog.verifyFile(path: path)
        #expect(report.isClean && report.goodRecords == 16_000)
        var seqs: [Int] = []
        var lastN: [String: Int] = [:]
        var ids = Set<String>()
        let log = try EventLog.open(path: path, mode: .readOnly)
        try log.replay { r in
            seqs.append(r.seq)
            ids.insert(r.id)
            let writer = r.payload["writer"]?.stringValue ?? "?"
            let n = r.payload["n"]?.intValue ?? -1
            #expect(n == (lastN[writer] ?? 0) + 1, "writer \(writer) out of order at seq \(r.seq)")
            lastN[writer] = n
        }
        #expect(seqs == Array(1...16_000))
        #expect(ids.count == 16_000)
        #expect(lastN.count == 8 && lastN.values.allSatisfy { $0 == 2000 })
        for w in 0..<8 {
            let acks = HarnessOutput(readBytes(dir.file("w\(w).out"))).acks
            #expect(acks.count == 2000)
            #expect(acks.map(\.seq) == acks.map(\.seq).sorted())
        }
    }
}

@Suite("Follow and command line")
struct FollowAndCLITests {
    @Test func followerSeesGrowthQuicklyAndWaitsForWholeLines() throws {
        let dir = TempDir("follow")
        defer { dir.cleanup() }
        let path = dir.file("f.log")
        let writer = try EventLog.open(path: path)
        try writer.append([alertRecord(1), alertRecord(2)])
        let follower = try LogFollower(path: path)
        #expect(try follower.poll().map(\.seq) == [1, 2])
        #expect(try follower.poll().isEmpty)
        // Growth from another thread is seen within 250 ms.
        let start = EventLog.systemNanos()
        let t = Thread {
            usleep(50_000)
            let w = try? EventLog.open(path: path)
            _ = try? w?.append(alertRecord(3))
        }
        t.start()
        var got: [LogRecord] = []
        while got.isEmpty && EventLog.systemNanos() - start < 2_000_000_000 {
            follower.wait(milliseconds: 250)
            got = try follower.poll()
        }
        let elapsedMS = (EventLog.systemNanos() - start) / 1_000_000
        #expect(got.map(\.seq) == [3])
        #expect(elapsedMS < 50 + 250, "growth seen after \(elapsedMS) ms")
        #expect(got.first?.raw == Array(readBytes(path)[Int(got.first!.offset)...]))
        // A line being written is not returned until it is whole. (The line is made by
        // appending to a copy of the log, then written to the followed file in two parts.)
        writeBytes(dir.file("copy.log"), readBytes(path))
        let fourth = try #require(try EventLog.open(path: dir.file("copy.log")).append(alertRecord(4))).raw
        let fd = open(path, O_WRONLY | O_APPEND)
        _ = fourth.withUnsafeBytes { write(fd, $0.baseAddress, 100) }
        #expect(try follower.poll().isEmpty)
        #expect(try follower.pendingBytes() == 100)
        _ = fourth.withUnsafeBytes { write(fd, $0.baseAddress! + 100, $0.count - 100) }
        close(fd)
        #expect(try follower.poll().map(\.seq) == [4])
    }

    @Test func verifyAndEventsThroughTheRealBinary() throws {
        let dutydesk = try builtExecutable("dutydesk")
        let dir = TempDir("cli")
        defer { dir.cleanup() }
        let path = dir.file("c.log")
        var bytes = try makeLog(path, count: 200)
        let starts = lineStarts(bytes)
        let (ok, okOut) = run(dutydesk, ["verify", "--log", path], in: dir)
        #expect(ok == 0)
        #expect(String(decoding: okOut, as: UTF8.self).hasPrefix("ok: 200 records"))
        // Events prints the records exactly as stored; --since is exclusive.
        let (e0, all) = run(dutydesk, ["events", "--log", path], in: dir)
        #expect(e0 == 0 && all == bytes)
        let (_, tail) = run(dutydesk, ["events", "--log", path, "--since", "198"], in: dir)
        #expect(tail == Array(bytes[starts[198]...]))
        // DUTYDESK_LOG is honoured.
        let (_, viaEnv) = run(
            dutydesk, ["events", "--since", "199"], in: dir, environment: ["DUTYDESK_LOG": path, "HOME": dir.path])
        #expect(viaEnv == Array(bytes[starts[199]...]))
        // Two flips checked through the CLI: first line names seq and byte offset.
        for (record, byte) in [(57, 123), (200, 10)] {
            var copy = bytes
            copy[starts[record - 1] + byte] ^= 0x10
            writeBytes(path, copy)
            let (code, out) = run(dutydesk, ["verify", "--log", path], in: dir)
            #expect(code == 65)
            let first = String(decoding: out, as: UTF8.self).split(separator: "\n").first.map(String.init)
            #expect(first == "seq \(record) at byte \(starts[record - 1]): hash mismatch")
        }
        // Torn tail.
        bytes.removeLast(7)
        writeBytes(path, bytes)
        let (tornCode, tornOut) = run(dutydesk, ["verify", "--log", path], in: dir)
        #expect(tornCode == 65)
        #expect(String(decoding: tornOut, as: UTF8.self).hasPrefix("seq 200 at byte \(starts[199]): torn tail\n"))
        let (missing, _) = run(dutydesk, ["verify", "--log", dir.file("nope.log")], in: dir)
        #expect(missing == 66)
    }
}

/// The size of the file at `path` in bytes (0 when it cannot be read).
private func fileSize(_ path: String) -> Int {
    var st = stat()
    return stat(path, &st) == 0 ? Int(st.st_size) : 0
}
