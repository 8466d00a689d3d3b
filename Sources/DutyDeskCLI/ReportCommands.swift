// `dutydesk report rapid|results|submit` (issue 5, items 1 and 4).
import ArgumentParser
import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `dutydesk report …`: write reports and record their submission.
public struct ReportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the rapid report or the results summary; record a report as submitted.",
        subcommands: [RapidReportCommand.self, ResultsReportCommand.self, SubmitReportCommand.self])
    public init() {}
}

extension ReportLanguage: ExpressibleByArgument {}

/// Output formats of the results summary.
public enum ResultsFormat: String, Sendable, CaseIterable, ExpressibleByArgument { case md, csv }

/// Output formats of the rapid report: Markdown, or a Word document (`.docx`, written with
/// `DocxWriter`) that an office opens directly.
public enum RapidFormat: String, Sendable, CaseIterable, ExpressibleByArgument { case md, docx }

/// Writes `bytes` to `path` whole or not at all (temporary file, fsync, rename), or to
/// standard output when `path` is nil. Every write, the sync and the rename are checked.
/// - Throws: `CLIFailure` EX_CANTCREAT (73) when the file cannot be created or renamed,
///   EX_IOERR (74) when a write or the sync fails (a full disk, `/dev/full`), naming the
///   path or "standard output".
func writeOutput(_ bytes: [UInt8], to path: String?) throws(CLIFailure) {
    guard let path else {
        var o = RawOut(fd: 1)
        o.add(bytes)
        try o.finish()
        return
    }
    // A device or a FIFO (`--output /dev/full`, `--output /dev/stdout`) is written in place:
    // no temporary file can be renamed over it.
    var st = stat()
    if stat(path, &st) == 0, (st.st_mode & S_IFMT) != S_IFREG {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw CLIFailure("cannot write \(path): \(String(cString: strerror(errno)))", code: SysExit.cantCreat)
        }
        var o = RawOut(fd: fd, target: path)
        o.add(bytes)
        o.flush()
        let closed = close(fd) == 0 ? nil : errno
        if let f = o.failure { throw f }
        if let e = closed, e != EINTR {
            throw CLIFailure("cannot write \(path): \(String(cString: strerror(e)))", code: SysExit.ioErr)
        }
        return
    }
    let tmp = path + ".tmp.\(getpid())"
    let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
        throw CLIFailure("cannot write \(path): \(String(cString: strerror(errno)))", code: SysExit.cantCreat)
    }
    var o = RawOut(fd: fd, target: path)
    o.add(bytes)
    o.flush()
    if let f = o.failure {
        close(fd)
        unlink(tmp)
        throw f
    }
    if fsync(fd) != 0 {
        let m = String(cString: strerror(errno))
        close(fd)
        unlink(tmp)
        throw CLIFailure("cannot write \(path): \(m)", code: SysExit.ioErr)
    }
    if close(fd) != 0 && errno != EINTR {
        let m = String(cString: strerror(errno))
        unlink(tmp)
        throw CLIFailure("cannot write \(path): \(m)", code: SysExit.ioErr)
    }
    if rename(tmp, path) != 0 {
        let m = String(cString: strerror(errno))
        unlink(tmp)
        throw CLIFailure("cannot write \(path): \(m)", code: SysExit.cantCreat)
    }
}

/// Refuses an `--output` that names the log itself or one of its companions
/// (`<log>.quarantine`, `<log>.snapshot`) — by the same file, not the same spelling: an
/// existing `output` whose device and inode (`stat`, through symlinks) are those of one of
/// them, so `--output ./x.log`, a hard link or a symlink to the log are refused too.
/// Writing the report there would replace every record of the log (issue 12, B1). A path
/// that does not exist yet, or another file, passes. Called before anything is read or
/// written.
/// - Throws: `CLIFailure.usage` (64) naming `--output` and the file it would overwrite.
func refuseOutputOverLog(_ output: String?, log: String) throws(CLIFailure) {
    guard let output else { return }
    var out = stat()
    guard stat(output, &out) == 0 else { return }
    let companions = [
        log, log + ".quarantine", LogSnapshotFile.path(forLog: log), LogSnapshotKey.path(forLog: log),
        DeskKey.path(forLog: log),
    ]
    for file in companions {
        var st = stat()
        if stat(file, &st) == 0, st.st_dev == out.st_dev, st.st_ino == out.st_ino {
            let what = file == log ? "the log \(log)" : "\(file), a companion of the log \(log)"
            let whatVI = file == log ? "chính nhật ký \(log)" : "\(file), tệp đi kèm nhật ký \(log)"
            throw .usage(
                en: "--output \(output) is \(what); writing the report there would destroy it: choose another file",
                vi: "--output \(output) là \(whatVI); ghi báo cáo vào đó sẽ làm mất dữ liệu: chọn tệp khác")
        }
    }
}

/// `dutydesk report rapid ALERT_ID [--lang vi|en] [--number N] [--place P] [--date D]
/// [--unit CODE] [--proposal TEXT]… [--output FILE]`: the rapid report on a seizure as the
/// official report Division 1 files (Markdown). Exit 65 when the alert is not a seizure, 66
/// when the log is missing.
public struct RapidReportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rapid",
        abstract: "Write the rapid report (báo cáo nhanh, item 8) on a seizure, in Markdown.",
        discussion: """
            The official report to Division 1: national heading, reporting unit, document \
            number, place and date, "Kính gửi: Phòng 1 – Cục Điều tra chống buôn lậu", the \
            legal basis (letter 4237/TCHQ-ĐTCBL item 8, Directive 28/CT-TTg), the case, the \
            goods seized with every measure, handling so far, proposals, the officer and \
            "Nơi nhận". Without --number the number of the recorded submission is used, \
            else the report is marked DỰ THẢO / DRAFT. Persons concerned only with \
            --include-personal-data.

            Examples:
              dutydesk report rapid A-0042
              dutydesk report rapid A-0042 --number 125/BC-HQLS --date 01/09/2021 --output A-0042.md
              dutydesk report rapid A-0042 --lang en --proposal "Request DNA analysis of the ivory."
              dutydesk report rapid A-0042 --number 125/BC-HQLS --format docx --output A-0042.docx
            A record of the log whose time is out of range (see `dutydesk verify`) is left \
            out, with a warning on standard error naming its seq.
            Exit codes: 0 written, 64 bad option or --output is the log (or its .quarantine \
            or .snapshot), 65 the alert is not a seizure, 66 no log, 73/74 output error.
            """)
    @Argument(help: ArgumentHelp("The alert closed as seized.", valueName: "alert-id")) public var alertID: String
    /// The report's language: `--lang` (shared by every command), else Vietnamese.
    var lang: ReportLanguage {
        (try? campaignOptions.logOptions.language.chosen).flatMap { $0 }.map { $0 == .en ? .en : .vi } ?? .vi
    }
    @Option(name: .long, help: "md (default) or docx (a Word document; needs --output).") public var format:
        RapidFormat = .md
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The document number (default: the recorded submission's, else a draft).", valueName: "number"))
    public var number: String?
    @Option(
        name: .long,
        help: ArgumentHelp("Place of the date line (default: the reporting unit's seat).", valueName: "place"))
    public var place: String?
    @Option(
        name: .long,
        help: ArgumentHelp("Date of the document, dd/MM/yyyy (default: today, ICT).", valueName: "dd/MM/yyyy"))
    public var date: String?
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Reporting unit (default: the alert's responsible unit, else the unit that received it).",
            valueName: "code"))
    public var unit: String?
    @Option(
        name: .long,
        help: ArgumentHelp("A proposal (đề xuất, kiến nghị); repeatable. Default: the standard one.", valueName: "text")
    )
    public var proposal: [String] = []
    @Option(
        name: .long, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"),
        completion: .file()) public var output: String?
    @Flag(name: .customLong("include-personal-data"), help: "Include persons concerned (personal data).") public
        var includePersonalData = false
    @OptionGroup public var campaignOptions: CampaignOptions
    public init() {}
    public func run() throws {
        let campaign = try campaignOptions.loadCampaign()
        if let unit, campaign.unit(unit) == nil {
            throw CLIFailure.usage(
                en: "--unit: \(unit) is not a unit of the campaign \(campaign.id)",
                vi: "--unit: \(unit) không phải đơn vị của chiến dịch \(campaign.id)")
        }
        if format == .docx && output == nil {
            throw CLIFailure.usage(
                en: "--format docx: give --output FILE.docx (a Word document is not written to a terminal)",
                vi: "--format docx: cần --output TỆP.docx (văn bản Word không in ra màn hình)")
        }
        var documentDate: RFC3339Timestamp?
        if let date {
            do { documentDate = try VietnameseDate.parse(date, offsetSeconds: campaign.zone.offsetSeconds) } catch {
                throw CLIFailure.usage(
                    en: "--date: \(error.reason)",
                    vi: "--date: \(error.reasonVI)")
            }
        }
        _ = try campaignOptions.explicitClock(for: campaign)
        let officer = try campaignOptions.officerID()
        let path = campaignOptions.logPath(for: campaign)
        try refuseOutputOverLog(output, log: path)
        let (_, state, timeProblem) = try LogBridge.loadForReading(path: path, campaign: campaign)
        if let t = timeProblem {
            printWarning(
                "\(path): seq \(t.seq): time out of range: \(t.reason); that record is left out of the report. Run `dutydesk verify --log \(path)`."
            )
        }
        let clock = try campaignOptions.clock(for: campaign, state: state)
        let heading = RapidReport.Heading(
            number: number, place: place, date: documentDate ?? clock.now(), unit: unit, officer: officer,
            proposals: proposal, includePersonalData: includePersonalData)
        let md = try RapidReport.markdown(
            alertID: state.resolveAlertID(alertID), state: state, language: lang, heading: heading)
        if format == .docx {
            let modified = Date(timeIntervalSince1970: heading.date?.epochSeconds ?? 0)
            let bytes: [UInt8]
            do { bytes = try DocxWriter.document(markdown: md, modified: modified) } catch {
                throw CLIFailure.software("cannot build the Word document: \(error)")
            }
            try writeOutput(bytes, to: output)
        } else {
            try writeOutput(Array(md.utf8), to: output)
        }
    }
}

/// `dutydesk report results [--lang vi|en] [--format md|csv] [--now TIME] [--day dd/MM/yyyy]
/// [--unit CODE] [--output FILE|DIR] [--include-personal-data]`.
public struct ResultsReportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "Write the campaign results for Division 1 (Markdown or CSV).",
        discussion: """
            A summary; alerts by source and outcome; seizures by goods (ivory and "ngà \
            voi" are one row) and species with quantities summed per unit of measure; every \
            seizure case with its rapid report's status; per responsible unit; verification \
            requests by direction and each one answered or open with its case date; focal \
            officers nominated and outstanding. Phone numbers and e-mails stay out unless \
            --include-personal-data.

            --now is a cut-off: records after it are not counted and deadlines are judged \
            at it. --day gives one campaign day (the daily update): the alerts received, \
            seizures made and requests answered that day, as of the end of the day (or \
            --now if earlier). --unit keeps one unit's results (on Division 1's log every \
            unit's are there).

            The CSV is one tidy table: the first column names the table, then the union of \
            every table's columns, every row the same width, so a spreadsheet filters and \
            pivots it. Numbers are written in the report's language (72,5 with --lang vi, \
            what a spreadsheet set to Vietnamese reads; 72.5 with --lang en); the first \
            rows say so. UTF-8 with a byte-order mark and CRLF. --output DIR (an existing \
            directory, or a path ending in /) writes one CSV file per table instead.

            Examples:
              dutydesk report results
              dutydesk report results --day 02/09/2021 --format csv --output ket-qua-02-09.csv
              dutydesk report results --now "05/09/2021 17:00" --unit HQLS --format csv --output ket-qua/
            On a damaged log (a bad record in the middle, see `dutydesk verify`) the report \
            counts only the records before the first bad one; a record whose time is out \
            of range is left out. Either way it says so on standard error and in its own \
            text (PARTIAL / CHƯA ĐẦY ĐỦ), and exits 65 unless --allow-partial.
            Exit codes: 0 written, 64 bad option or --output is the log (or its .quarantine \
            or .snapshot), 65 the log is damaged (the partial report is still written), \
            66 no log, 73/74 output error.
            """)
    /// The report's language: `--lang` (shared by every command), else Vietnamese.
    var lang: ReportLanguage {
        (try? campaignOptions.logOptions.language.chosen).flatMap { $0 }.map { $0 == .en ? .en : .vi } ?? .vi
    }
    @Option(name: .long, help: "md (default) or csv.") public var format: ResultsFormat = .md
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write to this file instead of standard output; with --format csv, a directory (existing, or ending in /) gets one file per table.",
            valueName: "file|dir"),
        completion: .file()) public var output: String?
    @Flag(name: .customLong("include-personal-data"), help: "Include focal officers' phone numbers and e-mails.") public
        var includePersonalData = false
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Only this unit's alerts (owned or responsible), requests and focal officer (on Division 1's log, every unit's are there).",
            valueName: "code"))
    public var unit: String?
    @Option(
        name: .long,
        help: ArgumentHelp(
            "One campaign day (the daily update): what happened that day, as of its end.", valueName: "dd/MM/yyyy"))
    public var day: String?
    @Flag(
        name: .customLong("allow-partial"),
        help: "On a damaged log, exit 0 after writing the partial report (it is still marked partial).") public
        var allowPartial = false
    @OptionGroup public var campaignOptions: CampaignOptions
    public init() {}

    /// True when `output` names a directory: an existing one, or a path ending in `/`.
    static func isDirectory(_ output: String) -> Bool {
        if output.hasSuffix("/") { return true }
        var st = stat()
        return stat(output, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    public func run() throws {
        let campaign = try campaignOptions.loadCampaign()
        if let unit, campaign.unit(unit) == nil {
            throw CLIFailure.usage(
                en: "--unit: \(unit) is not a unit of the campaign \(campaign.id)",
                vi: "--unit: \(unit) không phải đơn vị của chiến dịch \(campaign.id)")
        }
        let z = campaign.zone
        var dayRange: Range<RFC3339Timestamp>?
        if let day {
            do {
                dayRange = ResultsReport.dayRange(
                    try VietnameseDate.parse(day, offsetSeconds: z.offsetSeconds), zone: z)
            } catch {
                throw CLIFailure.usage(
                    en: "--day: \(error.reason)",
                    vi: "--day: \(error.reasonVI)")
            }
        }
        let toDirectory = output.map(Self.isDirectory) ?? false
        if toDirectory && format != .csv {
            throw CLIFailure.usage(
                en: "--output \(output ?? ""): a directory takes --format csv (one file per table)",
                vi: "--output \(output ?? ""): thư mục chỉ dùng với --format csv (mỗi bảng một tệp)")
        }
        // --now (the cut-off) is checked before the log is read.
        let explicit = try campaignOptions.explicitClock(for: campaign)
        var cutOff = explicit?.start
        if let d = dayRange {
            let lastOfDay = RFC3339Timestamp(
                epochNanoseconds: d.upperBound.epochNanoseconds - 1, offsetSeconds: z.offsetSeconds)
            cutOff = min(cutOff ?? lastOfDay, lastOfDay)
        }
        let path = campaignOptions.logPath(for: campaign)
        if !toDirectory { try refuseOutputOverLog(output, log: path) }
        let (log, state, timeProblem) = try LogBridge.loadForReading(path: path, campaign: campaign, cutOff: cutOff)
        let clock = try campaignOptions.clock(for: campaign, state: state)
        let generated = clock.now()
        // With --now the figures are as of it exactly; otherwise as of the clock (or the
        // end of --day when that is earlier).
        let asOf = explicit != nil ? (cutOff ?? generated) : min(cutOff ?? generated, generated)
        var r = ResultsReport(
            state: state, now: asOf, includePersonalData: includePersonalData, unit: unit, day: dayRange,
            language: lang, generatedAt: generated)
        let damage = LogDamage(log.state)
        if case .tornTail(let issue) = damage {
            printWarning(
                "\(path): the last line (\(issue.length) bytes at byte \(issue.offset)) is an interrupted write, left out of the report; the next write to the log recovers it"
            )
        }
        if case .badRecord(let issue) = damage {
            r.partialAtSeq = issue.seq
            printWarning(
                "\(path): bad record at seq \(issue.seq) (\(issue.reason)); the report is PARTIAL: it counts only seq 1…\(issue.seq - 1). Run `dutydesk verify --log \(path)`."
            )
        }
        if let t = timeProblem {
            // The fold skipped the record (issue 12, B4): what it says is missing from the counts.
            r.timeProblemAtSeq = t.seq
            printWarning(
                "\(path): seq \(t.seq): time out of range: \(t.reason); the report is PARTIAL: it leaves that record out. Run `dutydesk verify --log \(path)`."
            )
        }
        if toDirectory, let dir = output {
            if mkdir(dir, 0o755) != 0 && errno != EEXIST {
                throw CLIFailure(
                    "cannot create \(dir): \(String(cString: strerror(errno)))", code: SysExit.cantCreat)
            }
            let base = dir.hasSuffix("/") ? dir : dir + "/"
            let files = r.csvFiles
            for f in files { try refuseOutputOverLog(base + f.name, log: path) }
            for f in files { try writeOutput(f.bytes, to: base + f.name) }
        } else {
            try writeOutput(format == .md ? Array(r.markdown.utf8) : r.csv, to: output)
        }
        if (r.partialAtSeq != nil || r.timeProblemAtSeq != nil) && !allowPartial {
            throw CLIFailure.data(
                en: "the report is partial (the log is damaged); use --allow-partial to accept it",
                vi: "báo cáo không đầy đủ (nhật ký bị hỏng); dùng --allow-partial nếu chấp nhận")
        }
    }
}

/// `dutydesk report submit rapid|daily|final [--alert ID] [--day yyyy-MM-dd] [--unit CODE] [--reference REF]`.
public struct SubmitReportCommand: ScriptCommand {
    public static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Record a report as submitted to Division 1.",
        discussion: """
            Examples:
              dutydesk report submit rapid --alert A-0042 --reference 123/BC-HQHCM
              dutydesk report submit daily --day 2021-09-05 --unit HQQN
              dutydesk report submit final
            Exit codes: 0 recorded (event id printed), 64 bad option, 65 refused, \
            73/74 log error.
            """)
    @Argument(help: "rapid, daily or final.", completion: .list(ReportKind.allCases.map(\.rawValue))) public var kind:
        String
    @Option(name: .long, help: ArgumentHelp("The seized alert (rapid reports).", valueName: "id")) public var alert:
        String?
    @Option(name: .long, help: ArgumentHelp("The day reported (daily; default today, ICT).", valueName: "yyyy-MM-dd"))
    public var day: String?
    @Option(name: .long, help: ArgumentHelp("Submitting unit code.", valueName: "code")) public var unit: String?
    @Option(name: .long, help: ArgumentHelp("The report's document number.", valueName: "ref")) public var reference:
        String?
    @OptionGroup public var campaignOptions: CampaignOptions
    public init() {}
    /// The report kind argument.
    /// - Throws: `CLIFailure.usage` (64) when it is not rapid, daily or final.
    func reportKind() throws(CLIFailure) -> ReportKind {
        try word(kind, option: "KIND", what: ("a report kind", "loại báo cáo"), among: InputNames.reportKinds)
    }

    /// The kind is checked before the campaign is read.
    func checkOptions() throws(CLIFailure) { _ = try reportKind() }

    /// `report.submitted` for the kind, with the options as given.
    func domainCommand(campaign: Campaign, now: RFC3339Timestamp) throws(CLIFailure) -> Command {
        .submitReport(kind: try reportKind(), unit: unit, alertID: alert, day: day, reference: reference)
    }
}

/// What a read-only open of a log found wrong with it, as a report sees it.
enum LogDamage {
    /// The log verified clean.
    case none
    /// Only the last line is an interrupted write (crash damage recovery will quarantine):
    /// nothing acknowledged is missing.
    case tornTail(VerifyIssue)
    /// A bad record: what follows it is not counted (issue 12, item 9).
    case badRecord(VerifyIssue)

    init(_ state: LogOpenState) {
        switch state {
        case .ok, .recovered: self = .none
        case .readOnly(let issue):
            self = issue.isLastLine && issue.reason.isCrashDamage ? .tornTail(issue) : .badRecord(issue)
        }
    }
}
