// Fuzz targets over the log scanner and the projection snapshot reader.
import DutyDeskCLI
import DutyDeskConfig
import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog

#if canImport(Glibc)
    import Glibc
#endif

/// A real log made by the code (domain events from `SyntheticFeed`, plus records whose
/// payloads carry hostile values), its projection and its projection snapshot.
final class ReferenceLog: @unchecked Sendable {
    static let shared = ReferenceLog()

    let dir: String
    let path: String
    let bytes: [UInt8]
    /// Start of every line, and the file's length last.
    let lineStarts: [Int]
    let campaign: Campaign
    /// The projection of the whole log, as a snapshot body.
    let projectionBody: [UInt8]
    /// The projection snapshot the dashboard writes for the log, and its body.
    let snapshot: [UInt8]
    let snapshotBody: [UInt8]
    /// The snapshot key file beside the log (copied beside the scratch logs).
    let snapshotKeyFile: [UInt8]
    /// Why building it failed, if it did (every case then fails with this message).
    let problem: String?

    private init() {
        let dir = FuzzFiles.directory("reference")
        let path = dir + "/reference.log"
        let campaign = CampaignLoader.embeddedGoldenStrike2021
        var problem: String?
        var projectionBody: [UInt8] = []
        var snapshot: [UInt8] = []
        do {
            let log = try EventLog.open(path: path)
            var feed = SyntheticFeed(campaign: campaign, seed: 4237)
            var rng = SeededGenerator(seed: 12)
            var batch: [NewRecord] = []
            for (k, e) in feed.next(70).enumerated() {
                let actor = LogActor(officer: e.actor, process: "fuzz/1", host: "desk-1")
                batch.append(NewRecord(type: e.type, id: e.id, payload: e.payload, ts: e.at, actor: actor))
                if k % 10 == 5 {
                    batch.append(
                        NewRecord(
                            type: "fuzz.hostile", id: "hostile-\(k)", payload: ReferenceLog.hostilePayload(&rng),
                            ts: e.at, actor: actor))
                }
                if batch.count >= 40 {
                    _ = try log.append(batch)
                    batch.removeAll()
                }
            }
            if !batch.isEmpty { _ = try log.append(batch) }
            log.close()
            let p = try LogBridge.loadProjection(path: path, campaign: campaign, mode: .readOnly)
            projectionBody = p.projection.snapshotBody()
            let keeper = SnapshotKeeper(logPath: path, coveredSeq: 0)
            keeper.refresh(p.projection, checkpoint: p.log.checkpoint, force: true)
            keeper.wait()
            p.log.close()
            if let e = keeper.lastError { problem = "writing the reference snapshot: \(e)" }
            snapshot = FuzzFiles.read(LogSnapshotFile.path(forLog: path)) ?? []
            let again = try LogBridge.loadProjection(path: path, campaign: campaign, mode: .readOnly)
            again.log.close()
            if case .used = again.snapshot {
            } else {
                problem = "the reference snapshot was not used: \(again.snapshot)"
            }
        } catch {
            problem = "building the reference log: \(error)"
        }
        let bytes = FuzzFiles.read(path) ?? []
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A { starts.append(i + 1) }
        if starts.last != bytes.count { starts.append(bytes.count) }
        let body = ReferenceLog.body(ofSnapshot: snapshot) ?? []
        self.dir = dir
        self.path = path
        self.campaign = campaign
        self.bytes = bytes
        self.lineStarts = starts
        self.projectionBody = projectionBody
        self.snapshot = snapshot
        self.snapshotBody = body
        self.snapshotKeyFile = FuzzFiles.read(LogSnapshotKey.path(forLog: path)) ?? []
        self.problem = problem ?? (body.isEmpty ? "the reference snapshot has no body" : nil)
    }

    /// The body of a snapshot file (between the header line and the trailer line).
    static func body(ofSnapshot s: [UInt8]) -> [UInt8]? {
        guard let nl = s.firstIndex(of: 0x0A), let magicEnd = s[(nl + 1)...].firstIndex(of: 0x0A),
            s.count >= 2, let t = s[..<(s.count - 1)].lastIndex(of: 0x0A), t > magicEnd
        else { return nil }
        return Array(s[(magicEnd + 1)..<t])
    }

    /// A payload of hostile strings, numbers and nesting.
    static func hostilePayload(_ rng: inout SeededGenerator) -> JSON {
        var members: [(String, JSON)] = [("schema", .number("1"))]
        for k in 0..<rng.between(1, 6) {
            let v = String(decoding: Hostile.value(&rng, maxBytes: 2048), as: UTF8.self)
            switch rng.below(5) {
            case 0:
                members.append(
                    ("n\(k)", .number(rng.pick(["99999999999999999999999999", "-9223372036854775809", "1e308", "-0"]))))
            case 1: members.append(("a\(k)", .array([.string(v), .null, .bool(true)])))
            case 2: members.append((v, .string(v)))
            default: members.append(("s\(k)", .string(v)))
            }
        }
        return .object(members)
    }
}

/// The log scanner and snapshot targets.
public enum LogTargets {
    /// A record line (without its line end) with its hash recomputed after its body was
    /// changed, as a writer holding the format (not the log's history) can forge it; nil
    /// for a line too short to hold a hash.
    public static func rehashed(_ line: [UInt8]) -> [UInt8]? {
        // `…,"hash":"<64 hex>"}` (docs/log-format.md): the hash is SHA-256 of the line
        // without that member, closed with `}`.
        let suffix = 9 + 64 + 2
        guard line.count > suffix else { return nil }
        let body = Array(line[..<(line.count - suffix)])
        let hex = LogFormat.sha256Hex(body + [0x7D])
        return body + Array(#","hash":""#.utf8) + Array(hex.utf8) + [0x22, 0x7D]
    }

    /// Changes one member of a record line, keeping it valid JSON where it can.
    static func changeMember(_ line: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        let text = String(decoding: line, as: UTF8.self)
        let replacements: [(String, [String])] = [
            (
                #""ts":""#,
                [
                    "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "1677-09-21T00:12:43Z", "2262-04-11T23:47:16Z",
                    "1700-01-01T00:00:00+07:00", "2021-13-01T00:00:00Z", "2021-09-01T08:00:00", "",
                    "2021-09-01T08:00:00.99999999999999999999+07:00",
                ]
            ),
            (#""seq":"#, ["0", "-1", "99999999999999999999", "1e3", "1.5", "\"1\"", "null"]),
            (#""v":"#, ["0", "2", "99999999999999999999", "-1", "null"]),
            (#""type":""#, ["", "\u{1B}]0;x\u{07}", "alert.received\u{0}"]),
            (#""id":""#, ["", "\u{202E}", String(repeating: "x", count: 10_000)]),
        ]
        let (key, values) = rng.pick(replacements)
        guard let r = text.firstRange(of: key) else { return line }
        let value = rng.pick(values)
        var out = String(text[..<r.upperBound])
        let rest = text[r.upperBound...]
        if key.hasSuffix("\"") {
            guard let q = rest.firstIndex(of: "\"") else { return line }
            var escaped = ""
            for s in value.unicodeScalars {
                let h = String(s.value, radix: 16)
                escaped += s.value < 0x20 ? "\\u" + String(repeating: "0", count: 4 - h.count) + h : String(s)
            }
            out += escaped + rest[q...]
        } else {
            guard let end = rest.firstIndex(where: { $0 == "," || $0 == "}" }) else { return line }
            out += value + rest[end...]
        }
        return Array(out.utf8)
    }

    /// The payload text of a record line: between the first `"payload":` and the `,"prev":"`
    /// that the hash member follows — or, in a record of a batch, the `,"batch":{…}` member
    /// the writer puts between them (docs/log-format.md §2).
    static func payloadRange(_ line: [UInt8]) -> Range<Int>? {
        let key = Array(#""payload":"#.utf8)
        let prev = Array(#","prev":""#.utf8)
        // `,"prev":"<64 hex>","hash":"<64 hex>"}`, then the line end if there is one.
        var b = line.count - (line.last == 0x0A ? 1 : 0) - (9 + 64 + 1 + 9 + 64 + 2)
        guard b >= 0, sameBytes(line, prev, b, 0, prev.count) else { return nil }
        if let m = batchMemberStart(line, end: b) { b = m }
        var a: Int?
        var i = 0
        while i + key.count <= b {
            if line[i] == 0x22, sameBytes(line, key, i, 0, key.count) {
                a = i
                break
            }
            i += 1
        }
        guard let a, a + key.count <= b else { return nil }
        return (a + key.count)..<b
    }

    /// Where the writer's `,"batch":{"first":F,"count":C}` member starts, when it ends at `end`.
    static func batchMemberStart(_ line: [UInt8], end: Int) -> Int? {
        func digitsBefore(_ i: Int) -> Int? {
            var j = i
            while j > 0, (0x30...0x39).contains(line[j - 1]) { j -= 1 }
            return j < i ? j : nil
        }
        let count = Array(#","count":"#.utf8)
        let first = Array(#","batch":{"first":"#.utf8)
        guard end >= 1, end <= line.count, line[end - 1] == 0x7D, let c = digitsBefore(end - 1),
            c >= count.count, sameBytes(line, count, c - count.count, 0, count.count),
            let f = digitsBefore(c - count.count), f >= first.count,
            sameBytes(line, first, f - first.count, 0, first.count)
        else { return nil }
        return f - first.count
    }

    /// Replaces a record line's payload with a mutation of it, hostile JSON or deep nesting.
    static func changePayload(_ line: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        guard let r = payloadRange(line) else { return line }
        let payload = Array(line[r])
        var np: [UInt8]
        switch rng.below(4) {
        case 0, 1: np = Mutate.bytes(payload, &rng, maxSteps: 3, maxBytes: payload.count + 1024)
        case 2:
            np = Array(
                rng.pick([
                    #" { "a" : [ 1 , -0.5e+3 , "\u00e9\ud83d\ude00" , null , true , false , { } , [ ] ] } "#,
                    #"{"a":"\ud800"}"#, #"{"a":"\u0000\u001b]0;x\u0007"}"#, #"{"a":1e99999,"b":-0,"c":0.000001}"#,
                    #"{"a":01}"#, #"{"a":1.}"#, #"{"a":"\x"}"#, "{\"a\":\"tab\there\"}", #"{"a":1,"a":2}"#,
                    #"{"":{"":{"":""}}}"#, #"{"a":[1,]}"#, #"{"a":[,1]}"#, #"{,}"#, #"{"a"}"#, #"{"a":tru}"#,
                ]).utf8)
            if rng.chance(30) { np.insert(rng.pick([0xFF, 0xC0, 0x80, 0xED]), at: rng.below(np.count)) }
        default:
            let depth = rng.between(300, 600)
            np =
                Array("{\"a\":".utf8) + [UInt8](repeating: 0x5B, count: depth) + [UInt8](repeating: 0x5D, count: depth)
                + [0x7D]
        }
        var out = Array(line[..<r.lowerBound])
        out += np
        out += line[r.upperBound...]
        return out
    }

    /// Inputs of the log target; the first byte says which kind:
    /// 0 = the reference log mutated; 1 = a random log (its bytes first) and a mutation
    /// of it; 2 = the reference log with one record changed and its hash recomputed.
    static func logInput(_ rng: inout SeededGenerator, reference ref: ReferenceLog, maxBytes: Int) -> [UInt8] {
        switch rng.below(20) {
        case 0..<13:
            var b = ref.bytes
            if rng.chance(30) {
                // Structure-aware: a line copied over another, dropped, or cut.
                let n = ref.lineStarts.count - 1
                let i = rng.below(n)
                let j = rng.below(n)
                let li = Array(b[ref.lineStarts[i]..<ref.lineStarts[i + 1]])
                switch rng.below(3) {
                case 0: b.replaceSubrange(ref.lineStarts[j]..<ref.lineStarts[j + 1], with: li)
                case 1: b.removeSubrange(ref.lineStarts[i]..<ref.lineStarts[i + 1])
                default: b.removeSubrange((ref.lineStarts[i] + rng.below(li.count))...)
                }
            } else {
                b = Mutate.bytes(b, &rng, maxSteps: 4, maxBytes: max(maxBytes, b.count + 4096))
            }
            return [0] + b
        case 13..<16:
            let original = randomLog(&rng)
            let m = Mutate.bytes(original, &rng, maxSteps: 4, maxBytes: original.count + 4096)
            let length: [UInt8] = withUnsafeBytes(of: UInt32(original.count).littleEndian, Array.init)
            var out: [UInt8] = [1]
            out += length
            out += original
            out += m
            return out
        default:
            let n = ref.lineStarts.count - 1
            let i = rng.below(n)
            var b = ref.bytes
            let line = Array(b[ref.lineStarts[i]..<(ref.lineStarts[i + 1] - 1)])
            let edited = rng.chance(50) ? changeMember(line, &rng) : changePayload(line, &rng)
            if let changed = rehashed(edited) {
                b.replaceSubrange(ref.lineStarts[i]..<(ref.lineStarts[i + 1] - 1), with: changed)
            }
            if rng.chance(50) { b.removeSubrange(min(b.count, ref.lineStarts[i + 1] + changeDelta(b, ref))...) }
            return [2] + b
        }
    }

    /// How much longer the changed line is than the original (to cut right after it).
    static func changeDelta(_ b: [UInt8], _ ref: ReferenceLog) -> Int { b.count - ref.bytes.count }

    /// A small log of random records with hostile payloads, written by `EventLog.append`.
    static func randomLog(_ rng: inout SeededGenerator) -> [UInt8] {
        let dir = ScratchLogs.shared.dir
        let path = dir + "/random.log"
        unlink(path)
        defer { unlink(path) }
        do {
            let log = try EventLog.open(path: path)
            var t: Int64 = 1_630_457_100_000_000_000
            var records: [NewRecord] = []
            for k in 0..<rng.between(1, 12) {
                t += Int64(rng.below(3)) * 1_000_000_000
                let officer =
                    rng.chance(20) ? String(decoding: Hostile.value(&rng, maxBytes: 256), as: UTF8.self) : "HQ-0412"
                records.append(
                    NewRecord(
                        type: rng.pick(["alert.received", "alert.acknowledged", "note.added", "x\u{1B}[2J"]),
                        id: "r-\(rng.next())-\(k)", payload: ReferenceLog.hostilePayload(&rng),
                        ts: RFC3339Timestamp(epochNanoseconds: t, offsetSeconds: rng.pick([25_200, 0, -3600])),
                        actor: LogActor(officer: officer, process: "fuzz/\(k)", host: "desk-\(k)")))
            }
            _ = try log.append(records)
            log.close()
        } catch {
            return []
        }
        return FuzzFiles.read(path) ?? []
    }

    /// The log scanner (`LogScanner.verify`, `scan` with payloads decoded): never traps;
    /// names the first bad record by seq (its seq is the good records plus one) or says
    /// ok; the records it accepts are byte for byte the original log's first records and
    /// end on one of its line ends (a changed record is never accepted); `scan` agrees
    /// with `verify` (their payload parsers too: the replay's one gives what `JSON.parse`
    /// gives); a read-only `EventLog.open` of the bytes does not trap.
    public static func log(config: FuzzConfig) -> FuzzTarget {
        let ref = ReferenceLog.shared
        let maxBytes = config.maxInputBytes
        let skipYears = config.skipOutOfRangeYears
        return FuzzTarget(
            name: "log",
            summary:
                "LogScanner on a real log mutated (flips, cuts, insertions, garbage tails, copied lines), random logs, re-hashed records",
            generate: { rng in logInput(&rng, reference: ref, maxBytes: maxBytes) },
            check: { input in
                if let p = ref.problem { return .failed(p) }
                guard let kind = input.first else { return .skipped }
                var original: [UInt8]?
                var bytes = Array(input.dropFirst())
                switch kind {
                case 0: original = ref.bytes
                case 1:
                    guard bytes.count >= 4 else { return .skipped }
                    var n = 0
                    for k in 0..<4 { n |= Int(bytes[k]) << (8 * k) }
                    guard n <= bytes.count - 4 else { return .skipped }
                    original = Array(bytes[4..<(4 + n)])
                    bytes = Array(bytes[(4 + n)...])
                default:
                    // A changed record with a good hash may hold a time the parsers trap on.
                    if skipYears && changedTimes(bytes, reference: ref).contains(where: holdsOutOfRangeYear) {
                        return .skipped
                    }
                }
                return checkLog(bytes, original: original)
            })
    }

    /// Whether `a[i..<i+n]` and `b[j..<j+n]` hold the same bytes (both in range).
    static func sameBytes(_ a: [UInt8], _ b: [UInt8], _ i: Int, _ j: Int, _ n: Int) -> Bool {
        guard n >= 0, i + n <= a.count, j + n <= b.count else { return false }
        if n == 0 { return true }
        return a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                guard let x = pa.baseAddress, let y = pb.baseAddress else { return false }
                return memcmp(x + i, y + j, n) == 0
            }
        }
    }

    /// The `ts` values of the lines of `bytes` that are not lines of the reference log.
    static func changedTimes(_ bytes: [UInt8], reference ref: ReferenceLog) -> [[UInt8]] {
        let known = Set(ref.bytes.split(separator: 0x0A).map(Array.init))
        let key = Array(#""ts":""#.utf8)
        var out: [[UInt8]] = []
        for line in bytes.split(separator: 0x0A) where !known.contains(Array(line)) {
            let l = Array(line)
            guard
                let at = (0..<max(0, l.count - key.count)).first(where: { l[$0..<($0 + key.count)].elementsEqual(key) })
            else { continue }
            out.append(Array(l[(at + key.count)...].prefix(while: { $0 != 0x22 })))
        }
        return out
    }

    static func checkLog(_ bytes: [UInt8], original: [UInt8]?) -> FuzzVerdict {
        let r = LogScanner.verify(bytes: bytes, describeRest: bytes.count % 4 == 0)
        if let issue = r.issue {
            guard issue.length > 0, issue.offset >= r.checkpoint.offset, issue.offset < Int64(bytes.count) else {
                return .failed(
                    "issue at byte \(issue.offset) (\(issue.length) bytes), good records end at \(r.checkpoint.offset)")
            }
            let held = Int(issue.offset - r.checkpoint.offset)
            if held == 0 {
                // The first record after the good ones: seq = good records + 1 (an incomplete
                // batch too: reported at its first record, docs/log-format.md §6).
                guard issue.seq == r.goodRecords + 1 else {
                    return .failed("issue at seq \(issue.seq) after \(r.goodRecords) good records")
                }
            } else {
                // A bad record inside a batch is reported as itself and the batch's records
                // before it are not counted (§6, check 7): the held lines are the first k
                // records of one batch that starts right after the good records, so the issue
                // is at seq good + 1 + k, and those bytes alone end in that incomplete batch.
                let k = bytes[Int(r.checkpoint.offset)..<Int(issue.offset)].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                guard bytes[Int(issue.offset) - 1] == 0x0A, issue.seq == r.goodRecords + 1 + k else {
                    return .failed(
                        "issue at seq \(issue.seq) (byte \(issue.offset)) after \(r.goodRecords) good records and \(k) held lines"
                    )
                }
                let prefix = LogScanner.verify(bytes: Array(bytes[..<Int(issue.offset)]))
                guard let p = prefix.issue, prefix.goodRecords == r.goodRecords, p.seq == r.goodRecords + 1,
                    p.offset == r.checkpoint.offset,
                    case .incompleteBatch(let count, let present, "the end of the file") = p.reason,
                    present == k, count > k
                else {
                    return .failed(
                        "issue at seq \(issue.seq) after \(r.goodRecords) good records, but the \(k) lines held before it are not the start of a batch (\(prefix.issue.map { "\($0)" } ?? "ok"))"
                    )
                }
            }
            guard r.selfConsistentAfterIssue <= r.linesAfterIssue else {
                return .failed("more consistent lines than lines")
            }
        } else if r.checkpoint.offset != Int64(bytes.count) {
            return .failed("ok, but the good records end at \(r.checkpoint.offset) of \(bytes.count) bytes")
        }
        let good = Int(r.checkpoint.offset)
        if let original {
            let boundary = good == 0 || (good <= original.count && original[good - 1] == 0x0A)
            guard good <= original.count, boundary, sameBytes(bytes, original, 0, 0, good) else {
                return .failed(
                    "accepted \(r.goodRecords) records (\(good) bytes) that are not the original's first records"
                        + (r.issue.map { "; then \($0)" } ?? ""))
            }
        }
        // `scan` with payloads decoded agrees, and hands over each accepted line as stored.
        var seen = 0
        var rawOK = true
        var payloadOK = true
        var badPayload: Int?
        let o = bytes.withUnsafeBufferPointer { b in
            LogScanner.scan(
                b, from: .genesis, decodePayload: true, keepRaw: true, parallel: false, partialTailIsPending: false
            ) { rec in
                seen += 1
                let s = Int(rec.offset)
                if rec.seq != seen || rec.raw.count != rec.length || !sameBytes(rec.raw, bytes, 0, s, rec.length) {
                    rawOK = false
                }
                // The replay's payload parser gives what `JSON.parse` gives for the payload's text.
                if rec.extraEnvelope.isEmpty, let pr = payloadRange(rec.raw) {
                    if (try? JSON.parse(rec.raw[pr])) != rec.payload {
                        payloadOK = false
                        if badPayload == nil { badPayload = rec.seq }
                    }
                }
            }
        }
        guard payloadOK else {
            return .failed(
                "a payload decoded during the replay differs from JSON.parse of its text (seq \(badPayload ?? 0))")
        }
        guard rawOK, seen == r.goodRecords, o.records == r.goodRecords, o.issue == r.issue else {
            return .failed(
                "scan (\(seen) records, \(o.issue.map { "\($0)" } ?? "ok")) disagrees with verify (\(r.goodRecords), \(r.issue.map { "\($0)" } ?? "ok"))"
            )
        }
        // A follower's view: an unterminated last line is pending, not an issue.
        let f = bytes.withUnsafeBufferPointer { b in
            LogScanner.scan(
                b, from: .genesis, decodePayload: false, keepRaw: false, parallel: false, partialTailIsPending: true,
                body: { _ in })
        }
        guard f.records >= r.goodRecords else { return .failed("follower scan accepted fewer records") }
        // The file opened read-only, as `verify` and the reports open it.
        if bytes.count % 7 == 0 {
            let path = ScratchLogs.shared.dir + "/case.log"
            FuzzFiles.write(path, bytes)
            if let log = try? EventLog.open(path: path, mode: .readOnly) {
                guard log.lastSeq <= f.records + 1 else { return .failed("read-only open found more records") }
                log.close()
            }
            unlink(path)
        }
        return .passed
    }

    /// Inputs of the snapshot target; the first byte says which kind:
    /// 0 = the reference snapshot file mutated, read by `LogSnapshotFile.read`;
    /// 1 = the same, read by the start-up (`LogBridge.loadProjection`) beside the real log;
    /// 2 = the body alone mutated, decoded without the checksum; 3 = random bytes as a file;
    /// 4 = the LOG mutated, the real snapshot beside it.
    static func snapshotInput(_ rng: inout SeededGenerator, reference ref: ReferenceLog) -> [UInt8] {
        let kind = rng.pick([0, 0, 0, 1, 1, 2, 2, 2, 3, 4, 4, 4])
        switch kind {
        case 4:
            let log = logInput(&rng, reference: ref, maxBytes: ref.bytes.count + 4096)
            return [4] + (log.first == 0 ? Array(log.dropFirst()) : ref.bytes)
        case 0, 1:
            var b = ref.snapshot
            if rng.chance(20) {
                // The header's checkpoint edited: not covered by the body's SHA-256.
                let header = b.prefix(while: { $0 != 0x0A }).count + 1
                let headerEnd = header + b[header...].prefix(while: { $0 != 0x0A }).count
                for key in ["\"next_seq\":", "\"offset\":", "\"last_ts_ns\":"] where rng.chance(50) {
                    let k = Array(key.utf8)
                    guard
                        let at = (header..<max(header, headerEnd - k.count)).first(where: {
                            b[$0..<($0 + k.count)].elementsEqual(k)
                        })
                    else { continue }
                    var e = at + k.count
                    while e < b.count, b[e] == 0x2D || (0x30...0x39).contains(b[e]) { e += 1 }
                    b.replaceSubrange(
                        (at + k.count)..<e, with: Array(rng.pick(["1", "0", "99999999999999999999", "-1", "7"]).utf8))
                }
            } else {
                b = Mutate.bytes(b, &rng, maxSteps: 3, maxBytes: b.count + 4096)
            }
            return [UInt8(kind)] + b
        case 2:
            var b = ref.snapshotBody
            if rng.chance(30) {
                // A varint bomb: ten bytes of continuation.
                let at = rng.below(b.count + 1)
                let bomb: [UInt8] =
                    rng.chance(50)
                    ? [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01] : [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]
                b.replaceSubrange(at..<min(b.count, at + bomb.count), with: bomb)
            }
            return [2] + Mutate.bytes(b, &rng, maxSteps: 3, maxBytes: b.count + 4096)
        default:
            var out: [UInt8] = [3]
            if rng.chance(50) { out += Array("dutydesk-snapshot 3\n".utf8) }
            out += Hostile.bytes(&rng, count: rng.length(max: 4096), alphabet: Array("{}\":,\n0123abc".utf8))
            return out
        }
    }

    /// The snapshot reader: never traps; a damaged or edited snapshot is refused, or gives
    /// the very projection of the real one (through `LogSnapshotFile.read`: the same body;
    /// through the start-up: the projection of the whole log); a body decoded without its
    /// checksum is refused or re-encodes stably; beside a damaged log, the real snapshot
    /// changes nothing (the start-up gives what it gives without it).
    public static func snapshot(config: FuzzConfig) -> FuzzTarget {
        let ref = ReferenceLog.shared
        return FuzzTarget(
            name: "snapshot",
            summary: "projection snapshot: real one mutated (reader and start-up), body mutated, random bytes",
            generate: { rng in snapshotInput(&rng, reference: ref) },
            check: { input in
                if let p = ref.problem { return .failed(p) }
                guard let kind = input.first else { return .skipped }
                let bytes = Array(input.dropFirst())
                let scratch = ScratchLogs.shared
                switch kind {
                case 4:
                    // With the snapshot or without it, the start-up gives the same projection.
                    let log = scratch.dir + "/mutated.log"
                    let snap = LogSnapshotFile.path(forLog: log)
                    FuzzFiles.write(log, bytes)
                    FuzzFiles.write(snap, ref.snapshot)
                    FuzzFiles.write(LogSnapshotKey.path(forLog: log), ref.snapshotKeyFile)
                    defer {
                        unlink(log)
                        unlink(snap)
                        unlink(LogSnapshotKey.path(forLog: log))
                    }
                    func load(trust: Bool = false) -> (
                        state: CampaignState?, use: SnapshotUse?, error: String?, bad: Bool
                    ) {
                        do {
                            let p = try LogBridge.loadProjection(
                                path: log, campaign: ref.campaign, mode: .readOnly, trustSnapshot: trust)
                            defer { p.log.close() }
                            // The dashboard's warm start: the trusted part is verified after.
                            var bad = false
                            if case .readOnly = p.log.state { bad = true }
                            if try p.log.verifyUnverifiedPrefix(progress: { _, _ in }) != nil { bad = true }
                            return (p.projection, p.snapshot, nil, bad)
                        } catch { return (nil, nil, "\(error)", false) }
                    }
                    let trusted = load(trust: true)
                    let with = load()
                    unlink(snap)
                    let without = load()
                    // A trusted start gives the same projection, or finds the log bad (then a
                    // cold start finds it bad too); it never accepts what a full read refuses.
                    if let a = trusted.state, let b = with.state, !trusted.bad {
                        guard a.snapshotBody() == b.snapshotBody() else {
                            return .failed("a trusted warm start gave another projection than a verified one")
                        }
                        guard !without.bad else {
                            return .failed("a trusted warm start found nothing wrong in a log a cold start refuses")
                        }
                    } else if trusted.bad, !without.bad {
                        return .failed("a trusted warm start refused a log a cold start accepts")
                    } else if trusted.error != with.error {
                        return .failed(
                            "trusted start-up: \(trusted.error ?? "ok"), verified: \(with.error ?? "ok")")
                    }
                    if let a = with.state, let b = without.state {
                        guard a.snapshotBody() == b.snapshotBody() else {
                            return .failed(
                                "a damaged log gave another projection with the snapshot (\(String(describing: with.use))) than without"
                            )
                        }
                    } else if with.error != without.error {
                        return .failed(
                            "start-up with the snapshot: \(with.error ?? "ok"), without: \(without.error ?? "ok")")
                    }
                    return .passed
                case 2:
                    let state: CampaignState
                    do throws(SnapshotDecodingError) {
                        state = try CampaignState(snapshotBody: bytes, campaign: ref.campaign)
                    } catch {
                        return error.reason.isEmpty ? .failed("refused without a reason") : .passed
                    }
                    let once = state.snapshotBody()
                    do throws(SnapshotDecodingError) {
                        let again = try CampaignState(snapshotBody: once, campaign: ref.campaign)
                        guard again.snapshotBody() == once else {
                            return .failed("a decoded body re-encodes differently")
                        }
                    } catch {
                        return .failed("a decoded body, re-encoded, is refused: \(error)")
                    }
                    return .passed
                case 1:
                    FuzzFiles.write(LogSnapshotFile.path(forLog: scratch.log), bytes)
                    do {
                        let p = try LogBridge.loadProjection(path: scratch.log, campaign: ref.campaign, mode: .readOnly)
                        p.log.close()
                        guard p.projection.snapshotBody() == ref.projectionBody else {
                            return .failed("start-up with an edited snapshot (\(p.snapshot)) gave another projection")
                        }
                    } catch {
                        return .failed("start-up refused the log because of its snapshot: \(error)")
                    }
                    return .passed
                default:
                    let path = scratch.dir + "/alone.snapshot"
                    FuzzFiles.write(path, bytes)
                    do throws(LogSnapshotFile.Refusal) {
                        let got = try LogSnapshotFile.read(
                            path: path, kind: "projection",
                            key: try? LogSnapshotKey.load(forLog: ref.path),
                            decode: { body in try CampaignState(snapshotBody: body, campaign: ref.campaign) })
                        guard let got else { return .failed("a snapshot file was read as missing") }
                        guard got.value.snapshotBody() == ref.snapshotBody else {
                            return .failed("a damaged snapshot was accepted with another projection")
                        }
                    } catch {
                        return error.reason.isEmpty ? .failed("refused without a reason") : .passed
                    }
                    return .passed
                }
            })
    }
}

/// Scratch files of the log and snapshot targets, and a copy of the reference log for
/// start-ups with an edited snapshot beside it.
final class ScratchLogs: @unchecked Sendable {
    static let shared = ScratchLogs()
    let dir: String
    let log: String
    private init() {
        dir = FuzzFiles.directory("scratch")
        log = dir + "/copy.log"
        FuzzFiles.write(log, ReferenceLog.shared.bytes)
        FuzzFiles.write(LogSnapshotKey.path(forLog: log), ReferenceLog.shared.snapshotKeyFile)
    }
}
