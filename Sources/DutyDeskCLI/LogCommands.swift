// `dutydesk verify` and `dutydesk events` (issue 2, items 5–6).
import ArgumentParser
import DutyDeskDomain
import DutyDeskLog
import TerminalKit

#if canImport(Glibc)
    import Glibc
#endif

/// `dutydesk verify [--log PATH]`: checks every record's hash, the chain, seq and ts.
/// Exit 0 on a clean log; otherwise 65 and the first line names the first bad record:
/// `seq N at byte O: <reason>` (reasons: hash mismatch, prev mismatch, seq gap, parse
/// error, torn tail, timestamp earlier than the previous record, and — for a record whose
/// chain is intact — `time out of range: <field and value>` when its `ts` or a payload time
/// is outside `TimeRules`' window), then explanations. On an intact chain it also reports
/// two records claiming one alert id (two `alert.received`) or one request id (two
/// `verification.opened`), naming both seqs: `seq 9 at byte 4120: duplicate alert id
/// HQHN-0003: seq 4 already received it` (issue 10, item 1), exit 65. In the same pass it
/// checks every record another desk wrote (its `origin`, docs/log-format.md §6 and §12):
/// that it rebuilds to the original's hash, that the signature verifies with the key this
/// log holds for that desk, that no two copies of one origin seq differ (a fork), and that
/// consecutive origin seqs of one desk chain (`prev`): `seq 12 at byte 5230: origin HQLS seq
/// 57: the signature does not verify with desk HQLS's public key`, exit 65.
/// 66 when the file is missing, 74 on a read error.
public struct VerifyCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the event log's hash chain and report the first bad record.")

    @OptionGroup public var logOptions: LogOptions

    public init() {}

    public func run() throws {
        let path = logOptions.resolvedPath()
        let report: VerifyReport
        let lang = LogBridge.officerLanguage
        /// `en` or `vi` in the officer's language (issue 14, item 2).
        func t(_ en: String, _ vi: String) -> String { lang == .vi ? vi : en }
        do { report = try EventLog.verifyFile(path: path) } catch let e as LogError {
            printError(e.text(lang))
            throw ExitCode(SysExit.code(for: e))
        }
        // Human-readable: the path and the reasons are made safe for a terminal (`say`).
        var out = RawOut(fd: 1)
        // One more pass over an intact chain: times no reader may use, and ids claimed twice.
        let findings = report.issue == nil ? Self.findings(path: path, upTo: report.checkpoint) : Findings()
        if findings.timeProblem == nil {
            // Origin findings first: a fork also claims an id twice, and is the reason.
            try Self.sayFindings(
                findings.originProblems, more: t("origin finding(s)", "phát hiện về nguồn gốc"), path: path,
                meaning: t(
                    "a record another desk wrote does not match what that desk signed (altered here or on the way, signed by another key, or two different records for one place in that desk's log); it cannot be trusted",
                    "một bản ghi do bàn trực khác ghi không khớp với chữ ký của bàn đó (bị sửa ở đây hoặc trên đường truyền, ký bằng khóa khác, hoặc hai bản ghi khác nhau cho cùng một vị trí trong nhật ký của bàn đó); không thể tin cậy"
                ), language: lang, &out)
            try Self.sayFindings(
                findings.duplicates.map(\.text), more: t("duplicate id(s)", "số hiệu trùng"), path: path,
                meaning: t(
                    "two records claim the same alert or request id (writers that numbered without seeing each other); readers keep the first and skip the second",
                    "hai bản ghi cùng nhận một số hiệu tin báo hoặc yêu cầu xác minh (hai nơi ghi đánh số mà không thấy nhau); khi đọc giữ bản ghi thứ nhất và bỏ qua bản ghi thứ hai"
                ), language: lang, &out)
            try Self.sayFindings(
                findings.markProblems.map {
                    t(
                        "seq \($0.record.seq) at byte \($0.record.offset): ",
                        "bản ghi số \($0.record.seq) tại byte \($0.record.offset): ")
                        + $0.reason
                },
                more: "", path: path,
                meaning: t(
                    "a record's seen mark or origin (what its decider had seen, which desk decided it; decision 0012) is malformed; DutyDesk never writes that, and readers take the record as having seen everything before it",
                    "dấu «đã thấy» hoặc nguồn gốc của một bản ghi (người quyết định đã thấy gì, bàn trực nào quyết định; quyết định 0012) bị sai dạng; DutyDesk không bao giờ ghi như vậy, và khi đọc coi bản ghi đó đã thấy mọi bản ghi trước nó"
                ), language: lang, &out)
        }
        if let bad = findings.timeProblem {
            // The chain is intact but a record carries a time no reader may use (TimeRules).
            out.say(
                t(
                    "seq \(bad.record.seq) at byte \(bad.record.offset): time out of range: \(bad.reason)\n",
                    "bản ghi số \(bad.record.seq) tại byte \(bad.record.offset): thời điểm ngoài khoảng cho phép: \(bad.reason)\n"
                ))
            out.say(t("log: ", "nhật ký: ") + path + "\n")
            out.say(
                t("good records before it: ", "số bản ghi tốt trước nó: ") + "\(bad.record.seq - 1)"
                    + (bad.record.seq > 1
                        ? t(
                            " (seq 1…\(bad.record.seq - 1), bytes 0…\(bad.record.offset - 1))",
                            " (bản ghi số 1…\(bad.record.seq - 1), byte 0…\(bad.record.offset - 1))") : "")
                    + "\n")
            out.say(
                t(
                    "bad line: \(bad.record.length) bytes at byte \(bad.record.offset)\n",
                    "dòng hỏng: \(bad.record.length) byte tại byte \(bad.record.offset)\n"))
            out.say(
                t(
                    "meaning: the record's hash is valid but a time in it is outside what DutyDesk accepts (\(TimeRules.windowText)); readers skip it and the dashboard opens read-only",
                    "ý nghĩa: mã băm của bản ghi đúng nhưng có một thời điểm ngoài khoảng DutyDesk chấp nhận (01/01/1900 đến trước 01/01/2100); khi đọc bỏ qua bản ghi đó và bảng điều khiển mở ở chế độ chỉ đọc"
                )
                    + t(
                        " — do not edit the file; keep a copy and report to the Coordination Board (Ban điều phối)",
                        " — đừng sửa tệp; hãy giữ một bản sao và báo cáo Ban điều phối") + "\n")
            try out.finish()
            throw ExitCode(SysExit.dataErr)
        }
        guard let issue = report.issue else {
            let last = report.checkpoint
            out.say(
                t(
                    "ok: \(report.goodRecords) records, \(last.offset) bytes, chain intact\n",
                    "tốt: \(report.goodRecords) bản ghi, \(last.offset) byte, chuỗi băm nguyên vẹn\n"))
            if report.goodRecords > 0 {
                out.say(
                    t("last: seq ", "cuối: bản ghi số ") + "\(last.nextSeq - 1)" + t(", hash ", ", mã băm ")
                        + String(decoding: last.lastHash, as: UTF8.self) + "\n")
            }
            out.say(t("log: ", "nhật ký: ") + path + "\n")
            try out.finish()
            return
        }
        out.say(issue.text(lang) + "\n")
        out.say(t("log: ", "nhật ký: ") + path + "\n")
        out.say(
            t("good records before it: ", "số bản ghi tốt trước nó: ") + "\(report.goodRecords)"
                + (report.goodRecords > 0
                    ? t(
                        " (seq 1…\(report.goodRecords), bytes 0…\(report.checkpoint.offset - 1))",
                        " (bản ghi số 1…\(report.goodRecords), byte 0…\(report.checkpoint.offset - 1))") : "") + "\n")
        if report.checkpoint.offset < issue.offset {
            out.say(
                t(
                    "not counted: seq \(report.goodRecords + 1)…\(issue.seq - 1) (bytes \(report.checkpoint.offset)…\(issue.offset - 1)) belong to a batch that the bad line interrupts\n",
                    "không tính: bản ghi số \(report.goodRecords + 1)…\(issue.seq - 1) (byte \(report.checkpoint.offset)…\(issue.offset - 1)) thuộc một lô ghi bị dòng hỏng cắt ngang\n"
                ))
        }
        out.say(
            t(
                "bad line: \(issue.length) bytes at byte \(issue.offset)\n",
                "dòng hỏng: \(issue.length) byte tại byte \(issue.offset)\n"))
        let meaning: String
        switch issue.reason {
        case .hashMismatch:
            meaning = t(
                "the record's bytes changed after it was written (its hash no longer matches)",
                "nội dung bản ghi đã thay đổi sau khi ghi (mã băm không còn khớp)")
        case .prevMismatch:
            meaning = t(
                "the record does not link to the record before it (a record was removed, inserted or altered)",
                "bản ghi không nối với bản ghi trước nó (có bản ghi bị xóa, chèn thêm hoặc sửa)")
        case .seqGap: meaning = t("records are missing or out of order here", "ở đây thiếu bản ghi hoặc sai thứ tự")
        case .timestampDecreased:
            meaning = t(
                "the time goes backwards; the writer never writes that",
                "thời điểm lùi lại; chương trình ghi không bao giờ ghi như vậy")
        case .parseError: meaning = t("the line is not a well-formed record", "dòng không phải một bản ghi đúng dạng")
        case .tornTail:
            meaning = t(
                "a write was interrupted (crash or power loss); opening the log for writing quarantines these bytes to \(path).quarantine and appends a log.recovered record",
                "một lần ghi bị ngắt (chương trình dừng đột ngột hoặc mất điện); khi mở nhật ký để ghi, các byte này được chuyển sang \(path).quarantine và một bản ghi khôi phục được thêm vào"
            )
        case .incompleteBatch:
            meaning =
                issue.isLastLine
                ? t(
                    "a multi-record append (an import) was interrupted before all its records were written; none of them count, and opening the log for writing quarantines all of its bytes to \(path).quarantine and appends a log.recovered record",
                    "một lần ghi nhiều bản ghi (một lần nhập) bị ngắt trước khi ghi đủ; không bản ghi nào của lô được tính, và khi mở nhật ký để ghi, toàn bộ các byte đó được chuyển sang \(path).quarantine và một bản ghi khôi phục được thêm vào"
                )
                : t(
                    "a multi-record append is cut short by a record that is not part of it; DutyDesk never writes that (the file was edited)",
                    "một lô ghi nhiều bản ghi bị cắt ngang bởi một bản ghi không thuộc lô; DutyDesk không bao giờ ghi như vậy (tệp đã bị sửa)"
                )
        case .batchMismatch:
            meaning = t(
                "a record's batch marks do not fit its place in the log; DutyDesk never writes that",
                "dấu lô của một bản ghi không khớp với vị trí của nó trong nhật ký; DutyDesk không bao giờ ghi như vậy")
        }
        out.say(t("meaning: ", "ý nghĩa: ") + meaning + "\n")
        if report.linesAfterIssue > 0 {
            out.say(
                t(
                    "after it: \(report.linesAfterIssue) more line(s), \(report.selfConsistentAfterIssue) of them with a matching own hash; the log stays read-only and nothing is truncated",
                    "sau nó: còn \(report.linesAfterIssue) dòng, \(report.selfConsistentAfterIssue) dòng trong số đó có mã băm tự khớp; nhật ký giữ ở chế độ chỉ đọc và không cắt bỏ gì"
                )
                    + t(
                        " — do not edit the file; keep a copy and report to the Coordination Board (Ban điều phối)",
                        " — đừng sửa tệp; hãy giữ một bản sao và báo cáo Ban điều phối") + "\n")
        } else if issue.reason.isCrashDamage && issue.isLastLine {
            out.say(
                t(
                    "it is at the end of the log: `dutydesk` recovers it on the next write (bytes kept in the quarantine file)\n",
                    "lỗi ở cuối nhật ký: `dutydesk` tự khôi phục ở lần ghi tiếp theo (các byte được giữ trong tệp cách ly)\n"
                ))
        }
        try out.finish()
        throw ExitCode(SysExit.dataErr)
    }
}

extension VerifyCommand {
    /// Duplicate ids listed before the rest are only counted.
    static let duplicatesShown = 20

    /// Prints `lines` (the first `duplicatesShown`, then how many more), the log and what
    /// they mean, and fails with 65; nothing when there are none.
    /// - Throws: `ExitCode` 65 after printing; `CLIFailure` when standard output fails.
    static func sayFindings(
        _ lines: [String], more: String, path: String, meaning: String, language: Language, _ out: inout RawOut
    ) throws {
        guard !lines.isEmpty else { return }
        let vi = language == .vi
        for l in lines.prefix(duplicatesShown) { out.say(l + "\n") }
        if lines.count > duplicatesShown {
            let n = lines.count - duplicatesShown
            out.say(
                (vi
                    ? "… và \(n) \(more.isEmpty ? "dòng" : more) khác"
                    : "… and \(n) more\(more.isEmpty ? "" : " " + more)") + "\n")
        }
        out.say((vi ? "nhật ký: " : "log: ") + path + "\n")
        out.say(
            (vi ? "ý nghĩa: " : "meaning: ") + meaning
                + (vi
                    ? " — đừng sửa tệp; hãy giữ một bản sao và báo cáo Ban điều phối"
                    : " — do not edit the file; keep a copy and report to the Coordination Board (Ban điều phối)")
                + "\n")
        try out.finish()
        throw ExitCode(SysExit.dataErr)
    }

    /// What one pass over an intact chain finds.
    struct Findings {
        /// The first record whose `ts` or payload times are outside `TimeRules`' window,
        /// with the reason naming the field.
        var timeProblem: (record: LogRecord, reason: String)?
        /// Every record claiming an alert or request id an earlier record claimed, in log order.
        var duplicates: [DuplicateID] = []
        /// Every record whose `seen` mark or `origin` member is malformed (decision 0012), in
        /// log order, with what is wrong.
        var markProblems: [(record: LogRecord, reason: String)] = []
        /// Every finding on a record another desk wrote (`OriginChecks`), in log order:
        /// `seq N at byte O: origin HQLS seq 57: <reason>`.
        var originProblems: [String] = []
    }

    /// The checks of the records other desks wrote, record by record in log order
    /// (docs/log-format.md §6): rebuild and signature (`OriginRecord.check`) with the key
    /// this log holds for the desk (the first key its `desk.configured` / `desk.keyed`
    /// carried, which arrive before the desk's other records), forks, and the chain of
    /// consecutive origin seqs.
    struct OriginChecks {
        /// Desk code → its public key (first wins, as in the fold).
        var keys: [String: String] = [:]
        /// (desk, origin seq) → the copy here: its origin hash and prev, and seq here.
        var copies: [String: [Int: (hash: String, prev: String, seq: Int)]] = [:]

        /// This log's own desk (its first own `desk.configured`).
        var ownDesk: String?

        /// Takes the key a `desk.configured` or `desk.keyed` of desk `origin` (nil: this
        /// log's own) carries, when that desk has none yet.
        mutating func learnKey(_ e: RecordedEvent, origin: String?) {
            // The typed payload (only the domain reads payloads by key).
            switch try? DomainEvent(e) {
            case .deskConfigured(let p):
                // Another desk's configures only itself; this log's first own one is its desk.
                if origin == nil {
                    if ownDesk == nil { ownDesk = p.desk }
                    guard ownDesk == p.desk else { return }
                } else {
                    guard origin == p.desk else { return }
                }
                if let k = p.publicKey, keys[p.desk] == nil { keys[p.desk] = k }
            case .deskKeyed(let p):
                if let desk = origin ?? ownDesk, keys[desk] == nil { keys[desk] = p.publicKey }
            default: return
            }
        }

        /// The findings for `r` (empty when it is this log's own record or all is well).
        mutating func check(_ r: LogRecord, _ e: RecordedEvent) -> [String] {
            let o: (desk: String, line: OriginLine, sig: String)
            switch OriginRecord.origin(of: r) {
            case .success(let x): o = x
            case .failure(let f):
                guard let eo = e.origin else {
                    learnKey(e, origin: nil)
                    return []
                }
                // An origin naming only its desk and seq: not a copy anyone can check.
                return ["seq \(r.seq) at byte \(r.offset): origin \(eo.desk) seq \(eo.seq): \(f.reason)"]
            }
            learnKey(e, origin: o.desk)
            let at = "seq \(r.seq) at byte \(r.offset): origin \(o.desk) seq \(o.line.seq): "
            var out: [String] = []
            if let why = OriginRecord.check(r, publicKeyBase64: keys[o.desk]) { out.append(at + why) }
            let n = o.line.seq
            var mine = copies[o.desk] ?? [:]
            // A copy without personal data stands in its desk's chain for the record whose
            // hash is its `redacted_from`.
            let chainHash = OriginRecord.chainHash(of: r) ?? o.line.hash
            if let other = mine[n] {
                if other.hash != chainHash {
                    out.append(
                        at
                            + "fork: seq \(other.seq) here holds another record for this place (hash \(other.hash.prefix(16))…, this one \(o.line.hash.prefix(16))…)"
                    )
                }
            } else {
                if n > 1, let before = mine[n - 1], before.hash != o.line.prev {
                    out.append(
                        at
                            + "its prev does not equal the hash of origin seq \(n - 1) (seq \(before.seq) here): a record of that desk is missing from its chain or was replaced"
                    )
                }
                if let after = mine[n + 1], after.prev != chainHash {
                    out.append(
                        at
                            + "origin seq \(n + 1) (seq \(after.seq) here) does not chain to it (its prev is not this record's hash)"
                    )
                }
                mine[n] = (chainHash, o.line.prev, r.seq)
                copies[o.desk] = mine
            }
            return out
        }
    }

    /// A record claiming an id an earlier record already claimed.
    struct DuplicateID {
        var record: LogRecord
        /// `alert` or `request`.
        var kind: String
        var id: String
        var firstSeq: Int
        /// `seq 9 at byte 4120: duplicate alert id HQHN-0003: seq 4 already received it`.
        var text: String {
            "seq \(record.seq) at byte \(record.offset): duplicate \(kind) id \(id): seq \(firstSeq) already \(kind == "alert" ? "received" : "opened") it"
        }
    }

    /// One pass over the records up to `checkpoint`: the first time problem (the pass stops
    /// there) and every duplicate alert or request id before it; nothing when the log cannot
    /// be read again (the chain check already passed).
    static func findings(path: String, upTo checkpoint: VerifyCheckpoint) -> Findings {
        var f = Findings()
        guard let follower = try? LogFollower(path: path, keepRaw: false) else { return f }
        var alerts: [String: Int] = [:]
        var requests: [String: Int] = [:]
        var origins = OriginChecks()
        struct Stop: Error {}
        _ = try? follower.poll { r in
            if r.seq >= checkpoint.nextSeq { throw Stop() }
            let e = LogBridge.recorded(r)
            if let p = TimeRules.recordProblem(e) {
                f.timeProblem = (r, p)
                throw Stop()
            }
            if let p = LogBridge.originProblem(r) ?? SeenMark.problem(in: r.payload) {
                f.markProblems.append((r, p))
            } else {
                f.originProblems.append(contentsOf: origins.check(r, e))
            }
            if r.type == EventType.alertReceived, let id = e.subjects.alertID {
                if let first = alerts[id] {
                    f.duplicates.append(DuplicateID(record: r, kind: "alert", id: id, firstSeq: first))
                } else {
                    alerts[id] = r.seq
                }
            } else if r.type == EventType.verificationOpened, let id = e.subjects.requestID {
                if let first = requests[id] {
                    f.duplicates.append(DuplicateID(record: r, kind: "request", id: id, firstSeq: first))
                } else {
                    requests[id] = r.seq
                }
            }
        }
        return f
    }
}

/// `dutydesk events [--log PATH] [--since SEQ] [--follow]`: prints stored records, one
/// JSON object a line, byte-for-byte as stored (verified against the chain first).
/// `--since SEQ` prints records with seq greater than SEQ. `--follow` keeps printing new
/// records as they are appended (seen within 250 ms). When standard output is a terminal
/// (isatty), control, DEL, C1 and bidi characters in a record are shown as visible markers
/// (`Sanitizer`); to a file or a pipe the bytes are exactly as stored. Exit 65 at a bad
/// record (records before it are printed), 66 when the file is missing, 74 on read errors
/// and when standard output cannot be written (a full disk, `/dev/full`).
public struct EventsCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Print the stored records, one JSON object per line, exactly as stored.")

    @OptionGroup public var logOptions: LogOptions

    @Option(name: .long, help: ArgumentHelp("Print only records with seq greater than this.", valueName: "seq"))
    public var since: Int = 0

    @Flag(name: .long, help: "Keep printing records as they are appended.")
    public var follow = false

    public init() {}

    public func validate() throws {
        guard since >= 0 else { throw ValidationError("--since must be 0 or a positive seq") }
    }

    public func run() throws {
        let path = logOptions.resolvedPath()
        var out = RawOut(fd: 1)
        let toTerminal = isatty(1) == 1
        func emit(_ rec: LogRecord) {
            guard rec.seq > since else { return }
            if toTerminal { out.add(Self.forTerminal(rec.raw)) } else { out.add(rec.raw) }
        }
        do {
            let follower = try LogFollower(path: path, keepRaw: true)
            try follower.poll { rec in emit(rec) }
            try out.finish()
            if !follow {
                let pending = try follower.pendingBytes()
                if pending > 0 {
                    printError(
                        "\(pending) bytes at byte \(follower.checkpoint.offset) are not a complete record or batch (a write in progress, a torn tail or an interrupted import); run `dutydesk verify`"
                    )
                }
                return
            }
            while true {
                follower.wait(milliseconds: 200)
                try follower.poll { rec in emit(rec) }
                try out.finish()
            }
        } catch let e as LogError {
            out.flush()
            if let f = out.failure { printError(f.message) }
            printError(e.description)
            throw ExitCode(SysExit.code(for: e))
        }
    }

    /// A stored line as shown on a terminal: every control, DEL, C1 and bidi character as
    /// its marker, the final LF kept (invalid UTF-8 shows as U+FFFD).
    static func forTerminal(_ raw: [UInt8]) -> [UInt8] {
        let body = raw.last == 0x0A ? raw.dropLast() : raw[...]
        var out = Array(Sanitizer.sanitize(String(decoding: body, as: UTF8.self)).utf8)
        if raw.last == 0x0A { out.append(0x0A) }
        return out
    }
}
