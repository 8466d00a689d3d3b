// `dutydesk import FILE`: alerts from CSV or JSON Lines, validated whole, appended as one batch
// (issue 5, item 2; docs/import-format.md, docs/decisions/0005-import.md).
import ArgumentParser
import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog

#if canImport(Glibc)
    import Glibc
#endif

/// Import file formats.
public enum ImportFormat: String, Sendable, CaseIterable, ExpressibleByArgument {
    /// RFC 4180 CSV with a header row (UTF-8, BOM optional, CRLF or LF).
    case csv
    /// One JSON object per line, members named as the alert fields.
    case jsonl
}

/// What an import did (or, with `dryRun`, would do).
public struct ImportSummary: Sendable, Equatable {
    /// Data rows read.
    public var rowsRead = 0
    /// Alerts appended (0 on a dry run).
    public var appended = 0
    /// Rows whose event id was already in the log (imported before).
    public var alreadyPresent = 0
    /// Rows sharing a source reference with an alert already in the log: imported with a
    /// `Possible duplicate of A-nnnn` line in their notes.
    public var possibleDuplicates = 0
    /// Ids of the alerts appended (or that would be), in file order.
    public var alertIDs: [String] = []
    public var dryRun = false

    /// `N rows read, M appended, K already present, D flagged as possible duplicates`.
    public var text: String {
        "\(rowsRead) rows read, \(dryRun ? "\(appended) would be appended" : "\(appended) appended"), \(alreadyPresent) already present, \(possibleDuplicates) flagged as possible duplicates"
            + (alertIDs.first.map { " (\($0)…\(alertIDs.last ?? $0))" } ?? "")
    }
}

/// The import itself, callable without the command line (tests call it with a temporary log).
public enum AlertImporter {
    /// One checked row: the 1-based physical line where it starts, its details and event id.
    struct Draft {
        var line: Int
        var details: AlertDetails
        var sharing: SharingLevel
        var eventID: String
    }

    /// Reads `path`, maps every row, validates all of them, then appends all alerts in one
    /// batch (one lock, one `fdatasync`) to the log at `logPath`.
    ///
    /// Idempotency: each row's event id is `imp-` + SHA-256 (hex) of its mapped field values
    /// in `AlertDraft.fields` order plus the count of identical rows before it in the file;
    /// rows whose id is already in the log are counted as already present and not decided again.
    /// Alert ids are consecutive ids of the log's desk after its highest (`HQLS-0042`, or
    /// `A-0042` without a desk; `CampaignState.alertID(number:)`). `now` nil: the log's one
    /// clock (its drill clock, else real time; decision 0011), taken once the log is read.
    /// - Throws: `CLIFailure` — EX_NOINPUT (66) unreadable file; EX_DATAERR (65) with one
    ///   `FILE:LINE: field: problem` line per problem when any row is bad (nothing appended);
    ///   the log's failure codes (73, 74, 65) from `LogBridge`.
    /// - Parameter exiting: the caller ends the process right after (the `dutydesk import`
    ///   command): the rows, the projection and the stored records are then left for the
    ///   exit to reclaim instead of being freed one by one (≈ 8 % of a 100k-row import,
    ///   issue 6 item 7). Leave it false in a process that goes on.
    public static func run(
        path: String, format: ImportFormat, mapping: ImportMapping, campaign: Campaign,
        logPath: String, actor: LogActor, now given: RFC3339Timestamp?, dryRun: Bool,
        exiting: Bool = false
    ) throws(CLIFailure) -> ImportSummary {
        let bytes = try readFile(path)
        // An existing log is read first: its drill clock, if any, is the import's clock
        // (decision 0011). A missing one is created only once every row is valid.
        var log: EventLog?
        var state = CampaignState(campaign: campaign)
        if access(logPath, F_OK) == 0 {
            let (l, loaded) = try LogBridge.load(path: logPath, campaign: campaign, readOnly: dryRun)
            log = l
            state = loaded
        }
        if !dryRun { try CampaignClock.refuseAheadOfDrill(given: given, drill: state.drillClock, zone: campaign.zone) }
        let now =
            given
            ?? CampaignClock.resolve(explicit: nil, drill: state.drillClock, offsetSeconds: campaign.zone.offsetSeconds)
            .now()
        // Syntax and mapping problems first, then validation problems, each in file order.
        var problems: [String] = []
        var invalid: [String] = []

        // Validate every row before touching the log, as the rows are read.
        var drafts: [Draft] = []
        var rowsRead = 0
        var seen: [String: Int] = [:]
        seen.reserveCapacity(bytes.count / 256 + 16)  // rows are rarely shorter than 256 bytes
        var canonical: [UInt8] = []
        let prefixes = AlertDraft.fields.map { Array($0.utf8) + [0x3D] }  // "name="
        try parse(bytes, path: path, format: format, mapping: mapping, problems: &problems) { line, values in
            rowsRead += 1
            canonical.removeAll(keepingCapacity: true)
            for (k, (prefix, v)) in zip(prefixes, values).enumerated() {
                // `sharing` (issue 11) counts only when given: older files keep their ids.
                if v == nil, k == AlertDraft.Field.sharing.rawValue { continue }
                canonical.append(contentsOf: prefix)
                if let v { canonical.append(contentsOf: v.utf8) }
                canonical.append(0x1E)
            }
            let key = LogFormat.sha256Hex(canonical)
            // Identical rows before this one; counted with one lookup.
            let n = { (count: inout Int) -> Int in
                defer { count += 1 }
                return count
            }(&seen[key, default: 0])
            let id = "imp-" + (n == 0 ? key : LogFormat.sha256Hex(Array((key + "#\(n)").utf8)))
            let sharing = AlertDraft.sharing(values: values)
            switch AlertDraft.build(values: values, campaign: campaign, now: now) {
            case .success(let d):
                if case .success(let level) = sharing {
                    drafts.append(Draft(line: line, details: d, sharing: level, eventID: id))
                }
            case .failure(let ps): for p in ps.list { invalid.append("\(path):\(line): \(p.text(language))") }
            }
            if case .failure(let p) = sharing { invalid.append("\(path):\(line): \(p.text(language))") }
        }
        problems += invalid
        if !problems.isEmpty { throw rejected(problems, path: path) }

        // A dry run reads the log if it exists and never creates it.
        if log == nil, !dryRun {
            let (l, loaded) = try LogBridge.load(path: logPath, campaign: campaign, readOnly: dryRun)
            log = l
            state = loaded
        }
        // Numbering and duplicate flags depend on the log's state, so they are decided
        // under the log's lock (after folding in what other writers appended), never on a
        // state read earlier.
        //
        // Each row is decided against that state with its alert id named (`A-` + the next
        // number): `decide(.receiveAlert)` reads only the alert-number high-water mark and
        // the existing ids, so the new alerts need not be folded into the state row by row
        // (that fold was 9 % of a 100k-row import and gave the same ids).
        func plan(_ state: CampaignState) -> (records: [NewRecord], summary: ImportSummary, problems: [String]) {
            var problems: [String] = []
            var byReference: [String: String] = [:]
            byReference.reserveCapacity(state.alerts.count)
            // Each reference names its lowest alert id (by `String` order), found in one pass.
            for (id, alert) in state.alerts {
                guard let r = alert.details.sourceReference else { continue }
                if let first = byReference[r], first < id { continue }
                byReference[r] = id
            }
            var summary = ImportSummary(dryRun: dryRun)
            summary.rowsRead = rowsRead
            var records: [NewRecord] = []
            records.reserveCapacity(drafts.count)
            var number = state.highestAlertNumber
            for draft in drafts {
                if log?.seq(forID: draft.eventID) != nil {
                    summary.alreadyPresent += 1
                    continue
                }
                var d = draft.details
                if let r = d.sourceReference, let other = byReference[r] {
                    let flag =
                        "Possible duplicate of \(other) (same source reference \(r)) / Có thể trùng tin báo \(other)"
                    d.notes = d.notes.map { $0 + "\n" + flag } ?? flag
                    summary.possibleDuplicates += 1
                }
                let newAlertID = state.alertID(number: number + 1)
                switch decide(
                    .receiveAlert(d, alertID: newAlertID, sharing: draft.sharing), state: state, actor: actor.officer,
                    now: now,
                    newID: { draft.eventID })
                {
                case .failure(let e):
                    problems.append("\(path):\(draft.line): alert: \(e.text(LogBridge.officerLanguage))")
                case .success(let events):
                    number += 1
                    for e in events { records.append(LogBridge.newRecord(e, at: now, actor: actor)) }
                    summary.alertIDs.append(newAlertID)
                }
            }
            return (records, summary, problems)
        }

        guard !dryRun, let log else {
            var p = plan(state)
            if exiting { keepUntilExit((drafts, seen, state, p.records)) }
            if !p.problems.isEmpty { throw rejected(p.problems, path: path) }
            p.summary.appended = p.records.count
            return p.summary
        }
        var summary = ImportSummary(dryRun: dryRun)
        var behind: ClockBehind?
        do {
            let stored = try log.append(deciding: { others in
                for r in others where r.seq > state.lastSeq { state.apply(LogBridge.recorded(r)) }
                behind = ClockBehind.check(clock: now, lastRecordNanos: log.checkpoint.lastTimestampNanos)
                let p = plan(state)
                if !p.problems.isEmpty { throw rejected(p.problems, path: path) }
                summary = p.summary
                summary.alreadyPresent += p.records.count
                return p.records
            })
            summary.appended = stored.count
            summary.alreadyPresent -= stored.count
            if let behind, !stored.isEmpty { LogBridge.warnClockBehind(behind, zone: campaign.zone) }
            if exiting { keepUntilExit((drafts, seen, state, stored)) }
        } catch let e as CLIFailure { throw e } catch let e as LogError { throw .log(e) } catch {
            throw .software("\(error)")
        }
        return summary
    }

    /// Holds `value` until the process exits (never freed): for `exiting` runs.
    private static func keepUntilExit(_ value: Any) {
        final class Box {
            let value: Any
            init(_ v: Any) { value = v }
        }
        _ = Unmanaged.passRetained(Box(value))
    }

    /// The failure listing every problem, one `FILE:LINE: field: problem` line each, after
    /// a first line with the count (so the `dutydesk: ` prefix stays off the problem lines).
    /// The officer's language, in which every problem is said (issue 14, item 2).
    static var language: Language { LogBridge.officerLanguage }
    /// `en` or `vi` in the officer's language.
    static func say(_ en: String, _ vi: String) -> String { language == .vi ? vi : en }

    static func rejected(_ problems: [String], path: String) -> CLIFailure {
        .data(
            en: "\(problems.count) problem(s) in \(path); nothing imported:\n" + problems.joined(separator: "\n"),
            vi: "\(problems.count) lỗi trong \(path); chưa nhập gì:\n" + problems.joined(separator: "\n"))
    }

    /// The largest import or code file read: 256 MiB (a 100k-row import is about 30 MiB).
    /// A larger file, or a device that never ends (`/dev/zero`), is refused before it
    /// fills memory.
    public static let maximumFileBytes = 256 << 20
    /// The longest record (CSV row, JSON line) accepted: 1 MiB (the CSV reader's limit).
    public static let maximumRecordBytes = CSVReader.maximumRecordBytes
    /// The longest cell (CSV field, JSON string value) accepted: 64 KiB (the CSV reader's limit).
    public static let maximumCellBytes = CSVReader.maximumFieldBytes

    /// Reads a text file whole, refusing what is not UTF-8 text before it is parsed.
    /// - Throws: `CLIFailure` — 66 when it cannot be opened; 74 on a read error; 65 when
    ///   it is larger than `maximumFileBytes`, is UTF-16 or UTF-32 (by its byte-order mark,
    ///   or ASCII interleaved with NUL bytes), or holds a NUL byte (`not a text file`).
    static func readFile(_ path: String) throws(CLIFailure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let e = errno
            throw .noInput(
                say(
                    "cannot read \(path): \(String(cString: strerror(e)))",
                    "không đọc được \(path): \(LogError.errnoVI(e))"))
        }
        defer { close(fd) }
        var st = stat()
        let limit = maximumFileBytes
        func tooLarge() -> CLIFailure {
            .data(
                en:
                    "\(path): the file is larger than \(limit >> 20) MiB, the import limit; split it into smaller files",
                vi: "\(path): tệp lớn hơn \(limit >> 20) MiB, giới hạn của một lần nhập; hãy chia thành các tệp nhỏ hơn"
            )
        }
        // One read into a buffer of the file's size (plus room to notice growth); pipes and
        // special files report 0 and are read in 64 KiB steps, up to the limit.
        let size = fstat(fd, &st) == 0 && st.st_size > 0 ? Int(st.st_size) : 0
        if size > limit { throw tooLarge() }
        var out = [UInt8](repeating: 0, count: max(size + 1, 1 << 16))
        var used = 0
        var checked = 0
        while true {
            if used == out.count {
                if used > limit { throw tooLarge() }
                out.append(contentsOf: repeatElement(0, count: min(max(out.count, 1 << 16), limit + 1 - used + 1)))
            }
            let r = out.withUnsafeMutableBytes { b in b.baseAddress.map { read(fd, $0 + used, b.count - used) } ?? 0 }
            if r < 0 {
                if errno == EINTR { continue }
                let e = errno
                throw CLIFailure(
                    say(
                        "cannot read \(path): \(String(cString: strerror(e)))",
                        "không đọc được \(path): \(LogError.errnoVI(e))"),
                    code: SysExit.ioErr)
            }
            if r == 0 { break }
            used += r
            if used > limit { throw tooLarge() }
            // The encoding is told from the first bytes; a NUL anywhere stops the read at once.
            if checked == 0 { try checkEncoding(out[0..<used], path: path, complete: false) }
            if let nul = out[checked..<used].firstIndex(of: 0) { throw notText(out[0..<used], nul: nul, path: path) }
            checked = used
        }
        out.removeSubrange(used...)
        try checkEncoding(out[...], path: path, complete: true)
        return out
    }

    /// Refuses UTF-16 and UTF-32 by their byte-order mark, and UTF-16 without one (ASCII
    /// with every other byte NUL). `complete`: `bytes` is the whole file.
    static func checkEncoding(_ bytes: ArraySlice<UInt8>, path: String, complete: Bool) throws(CLIFailure) {
        let b = Array(bytes.prefix(64))
        func utf(_ what: String) -> CLIFailure {
            .data(
                en: "\(path): the file is \(what), not UTF-8; save it as UTF-8 (CSV UTF-8) and import it again",
                vi: "\(path): tệp mã hóa \(what), không phải UTF-8; hãy lưu lại dạng UTF-8 (CSV UTF-8) rồi nhập lại")
        }
        if b.count >= 4, b[0] == 0xFF, b[1] == 0xFE, b[2] == 0, b[3] == 0 {
            throw utf("UTF-32 little-endian (byte-order mark FF FE 00 00)")
        }
        if b.count >= 4, b[0] == 0, b[1] == 0, b[2] == 0xFE, b[3] == 0xFF {
            throw utf("UTF-32 big-endian (byte-order mark 00 00 FE FF)")
        }
        if b.count >= 2, b[0] == 0xFF, b[1] == 0xFE { throw utf("UTF-16 little-endian (byte-order mark FF FE)") }
        if b.count >= 2, b[0] == 0xFE, b[1] == 0xFF { throw utf("UTF-16 big-endian (byte-order mark FE FF)") }
        guard b.count >= 4 || complete, b.count >= 2 else { return }
        let pairs = b.count / 2
        let evenNUL = stride(from: 0, to: pairs * 2, by: 2).filter { b[$0] == 0 }.count
        let oddNUL = stride(from: 1, to: pairs * 2, by: 2).filter { b[$0] == 0 }.count
        let evenASCII = stride(from: 0, to: pairs * 2, by: 2).allSatisfy { b[$0] != 0 && b[$0] < 0x80 }
        let oddASCII = stride(from: 1, to: pairs * 2, by: 2).allSatisfy { b[$0] != 0 && b[$0] < 0x80 }
        if oddNUL == pairs, evenASCII {
            throw utf("UTF-16 little-endian without a byte-order mark (a NUL byte after every character)")
        }
        if evenNUL == pairs, oddASCII {
            throw utf("UTF-16 big-endian without a byte-order mark (a NUL byte before every character)")
        }
    }

    /// `not a text file` for a NUL byte at `nul`, with its line.
    static func notText(_ bytes: ArraySlice<UInt8>, nul: Int, path: String) -> CLIFailure {
        let line = 1 + bytes[bytes.startIndex..<nul].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return .data(
            en: "\(path):\(line): a NUL byte at byte \(nul): not a text file (import reads UTF-8 CSV or JSON Lines)",
            vi:
                "\(path):\(line): byte NUL tại byte \(nul): không phải tệp văn bản (lệnh nhập đọc CSV hoặc JSON Lines mã UTF-8)"
        )
    }

    /// The message every import gives for a file without rows, CSV or JSON Lines alike.
    static func emptyFile(_ path: String) -> CLIFailure {
        .data(
            en: "\(path): the file is empty (no rows); nothing imported",
            vi: "\(path): tệp trống (không có dòng dữ liệu); chưa nhập gì")
    }

    /// Reads the rows and hands each one's 1-based starting line and mapped values (in
    /// `AlertDraft.fields` order, nil = not given) to `row`, in file order; mapping and
    /// syntax problems go to `problems` as `FILE:LINE: …`.
    /// - Throws: `CLIFailure.data` for a CSV syntax error (`FILE:LINE: column N (NAME): …`),
    ///   an empty file (CSV or JSON Lines: the same message), a header naming no field or
    ///   naming a column the mapping reads twice (nothing is imported then).
    static func parse(
        _ bytes: [UInt8], path: String, format: ImportFormat, mapping: ImportMapping,
        problems: inout [String], row: (_ line: Int, _ values: [String?]) -> Void
    ) throws(CLIFailure) {
        switch format {
        case .csv:
            var compiled: ImportMapping.Compiled?
            var header: [String] = []
            var failure: CLIFailure?
            do {
                try CSVReader.scan(bytes) { r in
                    if failure != nil { return }  // a bad header: look on only for a syntax error
                    guard let c = compiled else {
                        let names = (0..<r.count).map { r.string($0).trimmingSpaces }
                        if mapping.templates.isEmpty && mapping.constants.isEmpty
                            && !names.contains(where: { AlertDraft.fields.contains($0) })
                        {
                            failure = .data(
                                en:
                                    "\(path):\(r.line): header: no column is named as an alert field (\(AlertDraft.fields.joined(separator: ", "))); map columns with --map FIELD=COLUMN",
                                vi:
                                    "\(path):\(r.line): dòng tiêu đề: không cột nào mang tên một trường của tin báo (\(AlertDraft.fields.joined(separator: ", "))); ánh xạ cột bằng --map TRƯỜNG=CỘT"
                            )
                            return
                        }
                        // A column read twice would silently take its first copy: refuse.
                        let read = mapping.columnsRead(knownFields: AlertDraft.fields)
                        var firstAt: [String: Int] = [:]
                        for (k, name) in names.enumerated() where read.contains(name) {
                            if let first = firstAt[name] {
                                failure = .data(
                                    en:
                                        "\(path):\(r.line): header: columns \(first + 1) and \(k + 1) are both named '\(name)'; rename or remove one",
                                    vi:
                                        "\(path):\(r.line): dòng tiêu đề: cột \(first + 1) và cột \(k + 1) cùng tên «\(name)»; hãy đổi tên hoặc bỏ một cột"
                                )
                                return
                            }
                            firstAt[name] = k
                        }
                        header = names
                        compiled = mapping.compile(header: names, knownFields: AlertDraft.fields)
                        return
                    }
                    if r.count != header.count {
                        problems.append(
                            say(
                                "\(path):\(r.line): row: \(r.count) fields, the header has \(header.count)",
                                "\(path):\(r.line): dòng có \(r.count) trường, dòng tiêu đề có \(header.count)"))
                        return
                    }
                    let (values, ps) = c.values({ r.string($0) }, quoted: { r.isQuoted($0) })
                    for p in ps { problems.append("\(path):\(r.line): \(p.field): \(p.reason(language))") }
                    row(r.line, values)
                }
            } catch let e as CSVReader.SyntaxError {
                var at = ""
                if let f = e.field {
                    at =
                        f <= header.count && !header[f - 1].isEmpty
                        ? say("column \(f) (\(header[f - 1])): ", "cột \(f) («\(header[f - 1])»): ")
                        : say("column \(f): ", "cột \(f): ")
                }
                throw .data(
                    en: "\(path):\(e.line): \(at)\(e.reason); nothing imported",
                    vi: "\(path):\(e.line): \(at)\(e.reason(.vi)); chưa nhập gì")
            } catch {
                throw .software("\(error)")
            }
            if let failure { throw failure }
            if compiled == nil { throw emptyFile(path) }
        case .jsonl:
            var start = 0
            var line = 1
            var sawLine = false
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                var slice = bytes[start..<end]
                if slice.last == 0x0D { slice = slice.dropLast() }
                defer {
                    start = end + 1
                    line += 1
                }
                if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                sawLine = true
                if slice.count > maximumRecordBytes {
                    problems.append(
                        say(
                            "\(path):\(line): row: the line is longer than \(maximumRecordBytes >> 20) MiB (\(slice.count) bytes)",
                            "\(path):\(line): dòng dài hơn \(maximumRecordBytes >> 20) MiB (\(slice.count) byte)"))
                    continue
                }
                if slice.starts(with: [0xEF, 0xBB, 0xBF]) {
                    problems.append(
                        "\(path):\(line):1: " + say("row: ", "")
                            + CSVReader.SyntaxError(line: line, .byteOrderMarkInside).reason(language))
                    continue
                }
                let obj: JSON
                do { obj = try JSON.parse(slice) } catch let e as JSONParseError {
                    if let cr = slice.firstIndex(of: 0x0D) {
                        problems.append(
                            "\(path):\(line):\(cr - slice.startIndex + 1): " + say("row: ", "")
                                + CSVReader.SyntaxError(line: line, .carriageReturnOnly).reason(language))
                    } else {
                        problems.append(
                            say(
                                "\(path):\(line):\(e.offset + 1): row: not valid JSON: \(jsonReason(e.reason))",
                                "\(path):\(line):\(e.offset + 1): dòng không phải JSON hợp lệ: \(jsonReasonVI(e.reason))"
                            ))
                    }
                    continue
                } catch {
                    problems.append(
                        say("\(path):\(line): row: not valid JSON", "\(path):\(line): dòng không phải JSON hợp lệ"))
                    continue
                }
                guard let members = obj.objectValue else {
                    problems.append(
                        say(
                            "\(path):\(line):1: row: expected a JSON object {…} on each line",
                            "\(path):\(line):1: mỗi dòng phải là một đối tượng JSON {…}"))
                    continue
                }
                var header: [String] = []
                var cells: [String] = []
                var firstAt: [String: Int] = [:]
                for (k, v) in members {
                    if firstAt[k] != nil {
                        problems.append(
                            say(
                                "\(path):\(line): \(k): the member \"\(k)\" is given twice in the object",
                                "\(path):\(line): \(k): trường \"\(k)\" xuất hiện hai lần trong đối tượng"))
                    }
                    firstAt[k] = header.count
                    header.append(k)
                    switch v {
                    case .string(let s):
                        if s.utf8.count > maximumCellBytes {
                            problems.append(
                                say(
                                    "\(path):\(line): \(k): longer than \(maximumCellBytes >> 10) KiB",
                                    "\(path):\(line): \(k): dài hơn \(maximumCellBytes >> 10) KiB"))
                            cells.append("")
                        } else {
                            cells.append(s)
                        }
                    case .number(let n): cells.append(n)
                    case .null: cells.append("")
                    case .bool(let b): cells.append(b ? "true" : "false")
                    default:
                        problems.append(
                            say(
                                "\(path):\(line): \(k): expected a string or number",
                                "\(path):\(line): \(k): cần một chuỗi hoặc một số"))
                        cells.append("")
                    }
                }
                let (values, ps) = mapping.compile(header: header, knownFields: AlertDraft.fields).values { cells[$0] }
                // A JSON line need not have every member: a missing column is no problem here.
                for p in ps {
                    if case .missingColumn = p.kind { continue }
                    problems.append("\(path):\(line): \(p.field): \(p.reason(language))")
                }
                row(line, values)
            }
            if !sawLine && problems.isEmpty { throw emptyFile(path) }
        }
    }

    /// A JSON parser's reason said as what was expected.
    /// `jsonReason` in Vietnamese.
    static func jsonReasonVI(_ r: String) -> String {
        switch r {
        case "unexpected character": "cần một giá trị (đối tượng, chuỗi, số, true, false hoặc null)"
        case "trailing data after JSON value": "cần kết thúc dòng sau đối tượng"
        case "unexpected end of input": "dòng kết thúc giữa chừng đối tượng"
        case "unterminated object": "cần ',' hoặc '}': dòng kết thúc giữa chừng đối tượng"
        case "unterminated string": "cần '\"': dòng kết thúc giữa chừng một chuỗi"
        default: "lỗi cú pháp JSON (\(r))"
        }
    }

    static func jsonReason(_ r: String) -> String {
        switch r {
        case "unexpected character": "expected a value (an object, a string, a number, true, false or null)"
        case "trailing data after JSON value": "expected the end of the line after the object"
        case "unexpected end of input": "expected more: the line ends inside the object"
        case "unterminated object": "expected ',' or '}': the line ends inside the object"
        case "unterminated string": "expected '\"': the line ends inside a string"
        default: r
        }
    }
}

/// `dutydesk import FILE [--format csv|jsonl] [--map FIELD=TEMPLATE …] [--set FIELD=VALUE …]
/// [--missing MARKER …] [--codes FILE] [--dry-run]`.
public struct ImportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import alerts from a CSV or JSON Lines file (all rows or none).",
        discussion: """
            The header names the alert fields (docs/import-format.md): \(AlertDraft.fields.joined(separator: ", ")). \
            Other layouts are mapped with --map and --set. The whole file is checked \
            first: if any row is bad, every problem is listed as FILE:LINE: field: \
            problem, nothing is appended, exit 65. A good file is appended as one \
            batch. Importing the same file again appends nothing. Rows whose \
            reference matches an alert already in the log are imported and flagged \
            "Possible duplicate of A-nnnn" in their notes.

            Examples:
              dutydesk import tips.csv
              dutydesk import tips.csv --dry-run
              dutydesk import feed.jsonl --format jsonl --set source=coordination_board
              dutydesk import lemis.csv --codes lemis_codes.csv --missing NA \\
                --set source=member_country --set source_detail=US --set unit= \\
                --map 'subject=[{specific_name} ][{generic_name}]' \\
                --map 'quantity_unit={unit:unit}' --map 'location=port:{port:port?}' \\
                --map received=shipment_date --map reference=control_number
              (the full LEMIS mapping is in docs/import-format.md)

            Exit codes: 0 imported (or nothing new), 64 bad option, 65 bad rows \
            (nothing appended), 66 file not found, 73/74 log cannot be written.
            """)

    @Argument(help: ArgumentHelp("The file to import.", valueName: "file"), completion: .file())
    public var file: String

    @Option(name: .long, help: "Input format (csv or jsonl; default: jsonl for *.jsonl, else csv).")
    public var format: ImportFormat?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Fill FIELD from a column or a template ({col}, {col:codefield}, [optional]).", valueName: "field=template")
    )
    public var map: [String] = []

    @Option(name: .long, help: ArgumentHelp("Fill FIELD with a constant for every row.", valueName: "field=value"))
    public var set: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A cell value meaning \"no value\" (e.g. NA); repeatable. Nothing is missing unless named.",
            valueName: "marker"))
    public var missing: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp("Code table (CSV field,code,value) for {col:codefield} placeholders.", valueName: "file"),
        completion: .file(extensions: ["csv"]))
    public var codes: String?

    @Flag(name: .long, help: "Check the file and print the summary without appending.")
    public var dryRun = false

    @OptionGroup public var campaignOptions: CampaignOptions

    public init() {}

    public func run() throws {
        let campaign = try campaignOptions.loadCampaign()
        var mapping: ImportMapping
        do { mapping = try ImportMapping(maps: map, sets: set, missing: missing, knownFields: AlertDraft.fields) } catch
        {
            throw CLIFailure.usage("\(error)")
        }
        if let codes {
            let bytes = try AlertImporter.readFile(codes)
            do { try mapping.loadCodes(csv: bytes) } catch let e as CSVReader.SyntaxError {
                throw CLIFailure.data(en: "\(codes):\(e.line): \(e.reason)", vi: "\(codes):\(e.line): \(e.reason(.vi))")
            }
        }
        let fmt = format ?? (file.hasSuffix(".jsonl") || file.hasSuffix(".ndjson") ? .jsonl : .csv)
        let summary = try AlertImporter.run(
            path: file, format: fmt, mapping: mapping, campaign: campaign,
            logPath: campaignOptions.logPath(for: campaign),
            actor: LogBridge.actor(officer: try campaignOptions.officerID()),
            now: try campaignOptions.explicitClock(for: campaign)?.now(),
            dryRun: dryRun, exiting: true)
        var out = RawOut(fd: 1)
        out.say((dryRun ? "dry run: " : "") + summary.text + "\n")
        try out.finish()
    }
}
