// The campaign results for Division 1 (letter 4237, item 6: daily updates and the final
// report), in a form Division 1 can consolidate (issue 14, item 5).
import DutyDeskDomain
import DutyDeskJSON
import TerminalKit

/// The campaign results as of a cut-off: a summary; alerts by source and outcome; seizures
/// by commodity (normalised: `Ngà voi` and `ivory` are one row, `CommodityName`) and
/// species with quantities summed per unit of measure; every seizure case with its rapid
/// report's status; per responsible unit; verification requests by direction and each one
/// answered or open with its case date (the backlog since 2018, item 6); focal officers
/// nominated and outstanding (item 9). Optionally one campaign day (the daily update) and
/// one unit. Every word in the report's language, numbers and dates as written in it
/// (`ReportTexts`). Officers' phone numbers and e-mails (personal data) appear only with
/// `includePersonalData`.
public struct ResultsReport: Sendable {
    /// A table: a stable key (English, for file names), title, header and rows of text
    /// cells; `tidyHeader`/`tidyRows` when the CSV lays it out otherwise (one row per
    /// measure of a case, numbers without grouping).
    public struct Table: Sendable, Equatable {
        public var key: String
        public var title: String
        public var header: [String]
        public var rows: [[String]]
        public var tidyHeader: [String]?
        public var tidyRows: [[String]]?
        public var csvHeader: [String] { tidyHeader ?? header }
        public var csvRows: [[String]] { tidyRows ?? rows }
    }
    public var language: ReportLanguage
    public var title: String
    /// Lines under the title: scope, period, cut-off, generation time, number format.
    public var info: [(label: String, value: String)]
    public var generatedAt: RFC3339Timestamp
    /// The instant the figures are as of: nothing recorded after it is counted and every
    /// deadline is judged at it.
    public var cutOff: RFC3339Timestamp
    public var tables: [Table]
    /// The seq of the first bad record when the log is damaged: the report then counts only
    /// the records before it and says so in its text (issue 12, item 9); nil for a sound log.
    public var partialAtSeq: Int?
    /// The seq of the first record whose time is outside `TimeRules`' window: every fold
    /// skips it, so the report leaves it out and says so in its text (issue 12, B4); nil
    /// when there is none.
    public var timeProblemAtSeq: Int?

    /// The partial-report notice in both languages, for the text of the report.
    public static func partialNotice(seq: Int) -> String {
        "PARTIAL: the log has a bad record at seq \(seq); this report counts only the records before it "
            + "(seq 1…\(seq - 1)). Run `dutydesk verify`. / CHƯA ĐẦY ĐỦ: nhật ký có bản ghi hỏng tại seq \(seq); "
            + "báo cáo này chỉ tính các bản ghi trước đó (seq 1…\(seq - 1))."
    }

    /// The notice for a record left out because its time is out of range, in both languages.
    public static func timeProblemNotice(seq: Int) -> String {
        "PARTIAL: the log's record at seq \(seq) has a time out of range; this report leaves it out. "
            + "Run `dutydesk verify`. / CHƯA ĐẦY ĐỦ: bản ghi seq \(seq) của nhật ký có thời gian ngoài phạm vi; "
            + "báo cáo này không tính bản ghi đó."
    }

    /// The campaign day (`dd/MM/yyyy` in the campaign zone) as the instants it spans:
    /// its local midnight up to the next, end excluded.
    public static func dayRange(_ day: RFC3339Timestamp, zone: CampaignZone) -> Range<RFC3339Timestamp> {
        let c = zone.civil(day)
        let start = zone.instant(year: c.year, month: c.month, day: c.day)
        return start..<start.adding(seconds: 86_400)
    }

    /// Builds the results from `state` — the log folded up to the cut-off — as of `now`
    /// (the cut-off: overdue means open and due before it). With `unit` (issue 11, item 6:
    /// Division 1's log holds every unit's records), only that unit's: alerts it owns
    /// (received by one of its desks) or is responsible for, requests its desks opened or
    /// that name it, its focal officer. With `day` (the daily update), the alerts received,
    /// the seizures made and the requests answered that day; open requests and focal
    /// officers as of the cut-off. `generatedAt` is when the report is made (default `now`).
    public init(
        state: CampaignState, now: RFC3339Timestamp, includePersonalData: Bool, unit: String? = nil,
        day: Range<RFC3339Timestamp>? = nil, language: ReportLanguage = .vi, generatedAt: RFC3339Timestamp? = nil
    ) {
        let c = state.campaign
        let z = c.zone
        let x = ReportTexts(language)
        func t(_ en: String, _ v: String) -> String { x.t(en, v) }
        self.language = language
        cutOff = z.local(now)
        self.generatedAt = z.local(generatedAt ?? now)
        func inPeriod(_ at: RFC3339Timestamp) -> Bool { day.map { $0.contains(at) } ?? true }
        title =
            t("Results report", "Báo cáo kết quả") + " — " + (x.vi ? c.name.vi : c.name.en)
            + (day.map { t(" — day ", " — ngày ") + x.date($0.lowerBound, z) } ?? "")
            + (unit.map { " — " + x.unitName($0, c) } ?? "")
        info = [
            (
                t("Basis", "Căn cứ"),
                t(
                    "letter \(c.letterReference), item 6 (results to Division 1 during and after the campaign)",
                    "Công văn \(c.letterReference), mục 6 (báo cáo kết quả về Phòng 1 trong và sau chiến dịch)")
            ),
            (
                t("Units", "Phạm vi"),
                unit.map { x.unitName($0, c) } ?? t("all units in this log", "các đơn vị có trong nhật ký")
            ),
            (
                t("Period", "Kỳ báo cáo"),
                day.map { t("day ", "ngày ") + x.date($0.lowerBound, z) }
                    ?? t("from the start of the campaign", "từ đầu chiến dịch")
            ),
            (
                t("Figures as of", "Số liệu tính đến"),
                x.dateTime(cutOff, z) + t(" (ICT, UTC+7)", " (giờ Việt Nam, UTC+7)")
            ),
            (t("Generated", "Lập lúc"), x.dateTime(self.generatedAt, z)),
            (
                t("Number format", "Định dạng số"),
                t(
                    "decimal point (72.5), dates dd/MM/yyyy", "dấu phẩy thập phân (72,5), ngày dd/MM/yyyy")
            ),
        ]

        let inUnit = state.alerts.values.filter { a in
            guard let unit else { return true }
            return state.owningUnit(of: a) == unit || a.details.responsibleUnit == unit
        }.sorted { $0.id < $1.id }
        let alerts = inUnit.filter { inPeriod($0.details.receivedAt) }
        struct Seizure {
            var alert: AlertRecord
            var at: RFC3339Timestamp
            var commodity: CommodityName
            var species: [Species]
            var quantity: [Measure]
        }
        let seizures: [Seizure] = inUnit.compactMap { a in
            guard let at = state.seizures[a.id], inPeriod(at),
                case .seized(let commodity, let species, let quantity)? = a.lifecycle.disposition
            else { return nil }
            return Seizure(
                alert: a, at: at, commodity: CommodityName(commodity),
                species: species.isEmpty ? a.details.species : species, quantity: quantity)
        }.sorted { ($0.at, $0.alert.id) < ($1.at, $1.alert.id) }
        let rapidDelay = c.deadlines.rapidReportAfterSeizureSeconds

        // Alerts by source and outcome (as of the cut-off).
        func outcome(_ a: AlertRecord) -> DispositionKind? {
            a.lifecycle.status == .closed ? a.lifecycle.disposition?.kind : nil
        }
        let outcomes: [DispositionKind?] = [nil] + DispositionKind.allCases.map { $0 }
        var bySource: [AlertSourceKind: [DispositionKind?: Int]] = [:]
        for a in alerts { bySource[a.details.source.kind, default: [:]][outcome(a), default: 0] += 1 }
        var t1 = Table(
            key: "alerts-by-source", title: t("Alerts by source and outcome", "Tin báo theo nguồn và kết quả xử lý"),
            header: [t("Source", "Nguồn tin")] + outcomes.map { x.capitalized(x.outcome($0)) } + [
                t("Total", "Tổng số")
            ],
            rows: [])
        for s in AlertSourceKind.allCases {
            guard let m = bySource[s] else { continue }
            t1.rows.append(
                [x.capitalized(x.alert.sourceKind(s))] + outcomes.map { String(m[$0] ?? 0) } + [
                    String(m.values.reduce(0, +))
                ])
        }
        t1.rows.append(
            [t("Total", "Tổng số")] + outcomes.map { o in String(alerts.filter { outcome($0) == o }.count) }
                + [String(alerts.count)])

        // Seizures by commodity and species, quantities summed per unit of measure.
        struct Key: Hashable { var commodity, species, unit: String }
        var sums: [Key: DecimalSum] = [:]
        var counts: [Key: Set<String>] = [:]
        var names: [String: CommodityName] = [:]
        for s in seizures {
            names[s.commodity.key] = names[s.commodity.key] ?? s.commodity
            let sp = s.species.map(\.scientificName).joined(separator: "; ")
            for m in s.quantity {
                let k = Key(commodity: s.commodity.key, species: sp, unit: x.measureUnit(m.unit))
                sums[k, default: DecimalSum()].add(m.amount)
                counts[k, default: []].insert(s.alert.id)
            }
        }
        let goodsHeader = [
            t("Goods", "Tang vật"), t("Species", "Loài"), t("Quantity", "Số lượng"),
            t("Unit of measure", "Đơn vị tính"),
            t("Cases", "Số vụ"),
        ]
        var t2 = Table(
            key: "seizures-by-commodity", title: t("Seizures by goods and species", "Bắt giữ theo tang vật và loài"),
            header: goodsHeader, rows: [], tidyRows: [])
        func commodityName(_ key: String) -> String { names[key]?.name(x.domainLanguage) ?? key }
        for k in sums.keys.sorted(by: {
            (commodityName($0.commodity), $0.species, $0.unit) < (commodityName($1.commodity), $1.species, $1.unit)
        }) {
            guard let sum = sums[k], let cases = counts[k] else { continue }
            let name = commodityName(k.commodity)
            t2.rows.append([name, k.species, x.number(sum.text), k.unit, String(cases.count)])
            t2.tidyRows?.append([name, k.species, x.number(sum.text, grouping: false), k.unit, String(cases.count)])
        }

        // Every seizure case.
        func rapidStatus(_ s: Seizure) -> String {
            if let r = state.rapidReports[s.alert.id], r.submittedAt <= now {
                return t("sent ", "đã gửi ") + x.dateTime(r.submittedAt, z)
                    + (r.reference.map { t(", No. \($0)", ", số \($0)") } ?? "")
            }
            let due = s.at.adding(seconds: rapidDelay)
            let left = (due.epochNanoseconds - now.epochNanoseconds) / 1_000_000_000
            return due <= now
                ? t("overdue by ", "quá hạn ") + x.duration(seconds: left)
                : t("due in ", "còn ") + x.duration(seconds: left) + t(" (by ", " (hạn ") + x.dateTime(due, z) + ")"
        }
        func conveyance(_ a: AlertRecord) -> String {
            guard let cv = a.details.conveyance else { return "" }
            return x.conveyance(cv.kind) + (cv.reference.map { " \($0)" } ?? "")
        }
        func caseUnit(_ a: AlertRecord) -> String { a.details.responsibleUnit ?? state.owningUnit(of: a) ?? "" }
        let caseHeader = [
            t("Alert", "Số tin báo"), t("Seized at", "Thời gian bắt giữ"), t("Unit code", "Mã đơn vị"),
            t("Unit", "Đơn vị"), t("Place", "Địa điểm"), t("Goods", "Tang vật"),
        ]
        let caseTail = [t("Species", "Loài"), t("Conveyance", "Phương tiện"), t("Rapid report", "Báo cáo nhanh")]
        var t3 = Table(
            key: "seizure-cases", title: t("Seizure cases", "Danh sách vụ bắt giữ"),
            header: caseHeader + [t("Quantity", "Số lượng")] + caseTail, rows: [],
            tidyHeader: caseHeader + [t("Quantity", "Số lượng"), t("Unit of measure", "Đơn vị tính")] + caseTail,
            tidyRows: [])
        for s in seizures {
            let code = caseUnit(s.alert)
            let head = [
                s.alert.id, x.dateTime(s.at, z), code, code.isEmpty ? "" : x.unitPlainName(code, c),
                s.alert.details.location.map(x.place) ?? "", s.commodity.name(x.domainLanguage),
            ]
            let tail = [s.species.map(x.species).joined(separator: ", "), conveyance(s.alert), rapidStatus(s)]
            t3.rows.append(head + [s.quantity.map { x.measure($0) }.joined(separator: "; ")] + tail)
            for m in s.quantity {
                t3.tidyRows?.append(head + [x.number(m.amount, grouping: false), x.measureUnit(m.unit)] + tail)
            }
        }

        // Per responsible unit.
        var t4 = Table(
            key: "by-unit", title: t("By responsible unit", "Theo đơn vị chủ trì"),
            header: [
                t("Unit code", "Mã đơn vị"), t("Unit", "Đơn vị"), t("Alerts", "Tin báo"), t("Open", "Đang xử lý"),
                t("Seizures", "Vụ bắt giữ"), t("Rapid reports sent", "Báo cáo nhanh đã gửi"),
            ], rows: [])
        func responsible(_ a: AlertRecord) -> String { a.details.responsibleUnit ?? "" }
        func reportSent(_ s: Seizure) -> Bool {
            guard let r = state.rapidReports[s.alert.id] else { return false }
            return r.submittedAt <= now
        }
        let withAlerts = Set(alerts.map(responsible))
        let withSeizures = Set(seizures.map { (s: Seizure) -> String in responsible(s.alert) })
        var unitCodes: [String] = c.units.map(\.code).filter { withAlerts.contains($0) || withSeizures.contains($0) }
        if withAlerts.contains("") || withSeizures.contains("") { unitCodes.append("") }
        for code in unitCodes {
            let mine = alerts.filter { (a: AlertRecord) -> Bool in responsible(a) == code }
            let seized = seizures.filter { (s: Seizure) -> Bool in responsible(s.alert) == code }
            let name = code.isEmpty ? t("(no unit)", "(chưa xác định đơn vị)") : x.unitPlainName(code, c)
            let openCount = mine.filter { (a: AlertRecord) -> Bool in a.lifecycle.status != .closed }.count
            let sentCount = seized.filter(reportSent).count
            let row: [String] = [
                code, name, String(mine.count), String(openCount), String(seized.count), String(sentCount),
            ]
            t4.rows.append(row)
        }

        // Verification requests.
        let vs = state.verifications.values.filter { v in
            guard let unit else { return true }
            return state.unit(ofID: v.id) == unit || v.unit == unit
        }.sorted { $0.id < $1.id }
        func answeredInPeriod(_ v: VerificationRequest) -> Bool { v.answeredAt.map(inPeriod) ?? false }
        let open = vs.filter { $0.status == .open }
        let overdue = open.filter { $0.dueAt < now }
        var t5 = Table(
            key: "verification-by-direction", title: t("Verification requests", "Yêu cầu xác minh"),
            header: [
                t("Direction", "Chiều"), t("Open", "Đang mở"), t("Answered", "Đã trả lời"), t("Closed", "Đã đóng"),
                t("Overdue", "Quá hạn"),
            ], rows: [])
        for d in VerificationDirection.allCases {
            let m = vs.filter { $0.direction == d }
            t5.rows.append([
                x.direction(d), String(m.filter { $0.status == .open }.count),
                String(m.filter(answeredInPeriod).count),
                String(m.filter { $0.status == .closed && ($0.closedAt.map(inPeriod) ?? false) }.count),
                String(overdue.filter { $0.direction == d }.count),
            ])
        }
        var t6 = Table(
            key: "verification-requests",
            title: t("Verification requests answered and open", "Yêu cầu xác minh đã trả lời và đang mở"),
            header: [
                t("Request", "Số yêu cầu"), t("Direction", "Chiều"), t("Counterpart", "Đối tác"),
                t("Subject", "Nội dung"), t("Case date", "Ngày vụ việc"), t("Opened", "Ngày mở"),
                t("Due", "Hạn trả lời"), t("Status", "Tình trạng"),
            ], rows: [])
        let listed = vs.filter { $0.status == .open || answeredInPeriod($0) }.sorted {
            ($0.caseDate ?? $0.openedAt, $0.id) < ($1.caseDate ?? $1.openedAt, $1.id)
        }
        for v in listed {
            let status: String
            if v.status == .open {
                let left = (v.dueAt.epochNanoseconds - now.epochNanoseconds) / 1_000_000_000
                status =
                    v.dueAt < now
                    ? t("open, overdue by ", "đang mở, quá hạn ") + x.duration(seconds: left)
                    : t("open, due in ", "đang mở, còn ") + x.duration(seconds: left)
            } else {
                status =
                    t("answered ", "đã trả lời ") + (v.answeredAt.map { x.dateTime($0, z) } ?? "")
                    + (v.status == .closed ? t(", closed", ", đã đóng") : "")
            }
            t6.rows.append([
                v.id, x.direction(v.direction), v.counterpart, v.subject, v.caseDate.map { x.date($0, z) } ?? "",
                x.date(v.openedAt, z), x.dateTime(v.dueAt, z), status,
            ])
        }

        // Focal officers (item 9).
        var header7 = [
            t("Unit code", "Mã đơn vị"), t("Unit", "Đơn vị"), t("Status", "Tình trạng"),
            t("Focal officer", "Cán bộ đầu mối"), t("Position", "Chức vụ"), t("Nominated", "Ngày cử"),
        ]
        if includePersonalData { header7 += [t("Phone", "Điện thoại"), t("E-mail", "Thư điện tử")] }
        var t7 = Table(
            key: "focal-officers", title: t("Focal officers (item 9)", "Cán bộ đầu mối (mục 9)"), header: header7,
            rows: [])
        let nominating = c.nominatingUnits.filter { u in unit.map { u.code == $0 } ?? true }
        for u in nominating {
            let name = x.unitPlainName(u.code, c)
            if let n = state.nominations[u.code] {
                var r = [u.code, name, t("nominated", "đã cử"), n.name, n.position, x.dateTime(n.nominatedAt, z)]
                if includePersonalData { r += [n.phone, n.email ?? ""] }
                t7.rows.append(r)
            } else {
                var r = [u.code, name, t("outstanding", "chưa cử"), "", "", ""]
                if includePersonalData { r += ["", ""] }
                t7.rows.append(r)
            }
        }
        let nominated = nominating.filter { state.nominations[$0.code] != nil }.count
        let sent = seizures.filter(reportSent).count
        let rapidOverdue = seizures.filter { (s: Seizure) -> Bool in
            !reportSent(s) && s.at.adding(seconds: rapidDelay) <= now
        }.count
        let summary = Table(
            key: "summary", title: t("Summary", "Tổng hợp"), header: [t("Measure", "Chỉ tiêu"), t("Value", "Giá trị")],
            rows: [
                [t("Alerts received", "Tin báo tiếp nhận"), String(alerts.count)],
                [t("Seizure cases", "Vụ bắt giữ"), String(seizures.count)],
                [t("Rapid reports sent", "Báo cáo nhanh đã gửi"), String(sent)],
                [t("Rapid reports overdue", "Báo cáo nhanh quá hạn"), String(rapidOverdue)],
                [t("Verification requests open", "Yêu cầu xác minh đang mở"), String(open.count)],
                [
                    t("Verification requests answered", "Yêu cầu xác minh đã trả lời"),
                    String(vs.filter(answeredInPeriod).count),
                ],
                [t("Verification requests overdue", "Yêu cầu xác minh quá hạn"), String(overdue.count)],
                [t("Focal officers nominated", "Cán bộ đầu mối đã cử"), "\(nominated)/\(nominating.count)"],
                [
                    t("Focal officers outstanding", "Đơn vị chưa cử cán bộ đầu mối"),
                    String(nominating.count - nominated),
                ],
            ])
        tables = [summary, t1, t2, t3, t4, t5, t6, t7]
    }

    var texts: ReportTexts { ReportTexts(language) }

    /// Markdown: a heading, the report's particulars (basis, scope, period, cut-off,
    /// generation time), the partial-report notices when the log is damaged or a record's
    /// time is out of range, then one pipe table per section. Every control, DEL, C1 and
    /// bidi character of the text (notes, names, campaign texts) is shown as its visible
    /// marker (`Sanitizer`), to a terminal or a file alike: an escape sequence in a tip
    /// cannot write the reader's clipboard or retitle the window.
    public var markdown: String {
        var out = "# \(title)\n\n"
        for (label, value) in info.dropLast() { out += "- **\(label)**: \(value)\n" }
        if let seq = partialAtSeq { out += "\n**\(Self.partialNotice(seq: seq))**\n" }
        if let seq = timeProblemAtSeq { out += "\n**\(Self.timeProblemNotice(seq: seq))**\n" }
        func cell(_ s: String) -> String {
            s.replacingNewlines.replacing("|", with: "\\|")
        }
        for t in tables {
            out += "\n## \(t.title)\n\n"
            if t.rows.isEmpty {
                out += texts.t("(none)", "(không có)") + "\n"
                continue
            }
            out += "| " + t.header.joined(separator: " | ") + " |\n"
            out += "|" + t.header.map { _ in " --- |" }.joined() + "\n"
            for r in t.rows { out += "| " + r.map(cell).joined(separator: " | ") + " |\n" }
        }
        return Sanitizer.sanitizeKeepingLineFeeds(out)
    }

    /// The particulars and the notices as rows of the two-column table the summary uses.
    var infoTable: Table {
        let x = texts
        var rows = info.map { [$0.label, $0.value] }
        rows.insert([x.t("Report", "Báo cáo"), title], at: 0)
        if let seq = partialAtSeq { rows.append([x.t("Partial", "Chưa đầy đủ"), Self.partialNotice(seq: seq)]) }
        if let seq = timeProblemAtSeq {
            rows.append([x.t("Partial", "Chưa đầy đủ"), Self.timeProblemNotice(seq: seq)])
        }
        return Table(
            key: "report", title: x.t("Report", "Thông tin báo cáo"),
            header: [x.t("Measure", "Chỉ tiêu"), x.t("Value", "Giá trị")], rows: rows)
    }

    /// The tables of the CSV: the particulars first, then every table.
    var csvTables: [Table] { [infoTable] + tables }

    /// CSV as one tidy table (UTF-8 with BOM, CRLF, formula-defused; see `CSVWriter`): the
    /// first column names the table (`Bảng` / `Table`), then the union of every table's
    /// columns in order of first appearance — a column two tables share (`Mã đơn vị`,
    /// `Tang vật`, `Số lượng`…) is one column — so every row has the same width and a
    /// spreadsheet filters on the table and pivots on the rest. The first rows (table
    /// `Thông tin báo cáo` / `Report`) give the report's particulars, its number format
    /// among them, and the partial-report notices. Case quantities are one row per measure,
    /// numbers in the report's language without grouping (`72,5` in Vietnamese: what a
    /// spreadsheet set to Vietnamese reads as a number; `72.5` in English). Every cell is
    /// sanitised as in `markdown` (a line break in a cell shows as "␊"), so the file stays
    /// valid CSV with one record per line.
    public var csv: [UInt8] {
        var columns: [String] = []
        for t in csvTables { for h in t.csvHeader where !columns.contains(h) { columns.append(h) } }
        var w = CSVWriter()
        w.row(([texts.t("Table", "Bảng")] + columns).map(Sanitizer.sanitize))
        for t in csvTables {
            let at = t.csvHeader.map { h in columns.firstIndex(of: h) ?? 0 }
            for r in t.csvRows {
                var cells = [String](repeating: "", count: columns.count)
                for (i, v) in r.enumerated() where i < at.count { cells[at[i]] = v }
                w.row(([t.title] + cells).map(Sanitizer.sanitize))
            }
        }
        return w.bytes
    }

    /// One CSV per table (`--output DIR`), each with its own header and rows, keyed by the
    /// table's stable English key (`summary.csv`, `seizure-cases.csv`…); the first is
    /// `report.csv`, the particulars.
    public var csvFiles: [(name: String, bytes: [UInt8])] {
        csvTables.map { t in
            var w = CSVWriter()
            w.row(t.csvHeader.map(Sanitizer.sanitize))
            for r in t.csvRows { w.row(r.map(Sanitizer.sanitize)) }
            return (t.key + ".csv", w.bytes)
        }
    }
}

/// Exact sum of non-negative decimal strings (`Measure.amount`), up to 9 fraction digits.
struct DecimalSum {
    /// Value × 10^9.
    var scaled: Int64 = 0
    mutating func add(_ amount: String) {
        let parts = amount.split(separator: ".", maxSplits: 1)
        let whole = Int64(parts.first ?? "0") ?? 0
        var frac: Int64 = 0
        if parts.count == 2 {
            let f = String(parts[1].prefix(9))
            frac = (Int64(f) ?? 0) * Int64(pow10(9 - f.count))
        }
        scaled = scaled &+ whole &* 1_000_000_000 &+ frac
    }
    private func pow10(_ n: Int) -> Int {
        var r = 1
        for _ in 0..<n { r *= 10 }
        return r
    }
    /// `"72.5"`, `"50"`.
    var text: String {
        let whole = scaled / 1_000_000_000
        let frac = scaled % 1_000_000_000
        if frac == 0 { return String(whole) }
        var f = String(frac)
        f = String(repeating: "0", count: 9 - f.count) + f
        while f.hasSuffix("0") { f.removeLast() }
        return "\(whole).\(f)"
    }
}
