// The campaign results summary for Division 1 (letter 4237, item 6: daily updates and the final report).
import DutyDeskDomain
import DutyDeskJSON
import TerminalKit

/// The campaign results summary: alerts by source and outcome; seizures by commodity and
/// species with quantities summed per unit of measure; per responsible unit; verification
/// requests open, answered and overdue; focal officers nominated and outstanding (item 9).
/// Officers' phone numbers and e-mails (personal data) appear only with `includePersonalData`.
public struct ResultsReport: Sendable {
    /// A table: title, header and rows of text cells.
    public struct Table: Sendable, Equatable {
        public var title: String
        public var header: [String]
        public var rows: [[String]]
    }
    public var title: String
    public var generatedAt: RFC3339Timestamp
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

    /// Builds the summary from `state` at `now` (overdue = open and due before `now`). With
    /// `unit` (issue 11, item 6: Division 1's log holds every unit's records), only that unit's:
    /// alerts it owns (received by one of its desks) or is responsible for, requests its desks
    /// opened or that name it, its focal officer.
    public init(state: CampaignState, now: RFC3339Timestamp, includePersonalData: Bool, unit: String? = nil) {
        let c = state.campaign
        title =
            "Golden Strike results / Kết quả chuyên án — \(c.name.en) (\(c.letterReference))"
            + (unit.map { " — \($0)" } ?? "")
        generatedAt = c.zone.local(now)
        let alerts = state.alerts.values.filter { a in
            guard let unit else { return true }
            return state.owningUnit(of: a) == unit || a.details.responsibleUnit == unit
        }.sorted { $0.id < $1.id }

        // Alerts by source and outcome.
        func outcome(_ a: AlertRecord) -> String {
            if a.lifecycle.status == .closed, let d = a.lifecycle.disposition { return d.kind.rawValue }
            return "open"
        }
        let outcomes = ["open"] + DispositionKind.allCases.map(\.rawValue)
        var bySource: [String: [String: Int]] = [:]
        for a in alerts { bySource[a.details.source.kind.rawValue, default: [:]][outcome(a), default: 0] += 1 }
        var t1 = Table(
            title: "Alerts by source and outcome / Tin báo theo nguồn và kết quả",
            header: ["source"] + outcomes + ["total"], rows: [])
        for s in AlertSourceKind.allCases.map(\.rawValue) {
            guard let m = bySource[s] else { continue }
            t1.rows.append([s] + outcomes.map { String(m[$0] ?? 0) } + [String(m.values.reduce(0, +))])
        }
        t1.rows.append(
            ["total"] + outcomes.map { o in String(alerts.filter { outcome($0) == o }.count) } + [String(alerts.count)])

        // Seizures by commodity and species, quantities summed per unit of measure.
        struct Key: Hashable { var commodity, species, unit: String }
        var sums: [Key: DecimalSum] = [:]
        var counts: [Key: Set<String>] = [:]
        for a in alerts {
            guard state.seizures[a.id] != nil,
                case .seized(let commodity, let species, let quantity)? = a.lifecycle.disposition
            else { continue }
            let sp = (species.isEmpty ? a.details.species : species).map(\.scientificName).joined(separator: "; ")
            for m in quantity {
                let k = Key(commodity: commodity, species: sp, unit: m.unit)
                sums[k, default: DecimalSum()].add(m.amount)
                counts[k, default: []].insert(a.id)
            }
        }
        var t2 = Table(
            title: "Seizures by commodity and species / Bắt giữ theo tang vật và loài",
            header: ["commodity", "species", "quantity", "unit", "seizures"], rows: [])
        for k in sums.keys.sorted(by: { ($0.commodity, $0.species, $0.unit) < ($1.commodity, $1.species, $1.unit) }) {
            guard let sum = sums[k], let seizures = counts[k] else { continue }
            t2.rows.append([k.commodity, k.species, sum.text, k.unit, String(seizures.count)])
        }

        // Per responsible unit.
        var t3 = Table(
            title: "By responsible unit / Theo đơn vị chủ trì",
            header: ["unit", "name", "alerts", "open", "seizures", "rapid reports"], rows: [])
        var unitCodes = c.units.map(\.code).filter { code in alerts.contains { $0.details.responsibleUnit == code } }
        if alerts.contains(where: { $0.details.responsibleUnit == nil }) { unitCodes.append("") }
        for code in unitCodes {
            let mine = alerts.filter { ($0.details.responsibleUnit ?? "") == code }
            t3.rows.append([
                code.isEmpty ? "—" : code, code.isEmpty ? "(no unit)" : (c.unit(code)?.nameVI ?? code),
                String(mine.count),
                String(mine.filter { $0.lifecycle.status != .closed }.count),
                String(mine.filter { state.seizures[$0.id] != nil }.count),
                String(mine.filter { state.rapidReports[$0.id] != nil }.count),
            ])
        }

        // Verification requests.
        let vs = state.verifications.values.filter { v in
            guard let unit else { return true }
            return state.unit(ofID: v.id) == unit || v.unit == unit
        }.sorted { $0.id < $1.id }
        let overdue = vs.filter { $0.status == .open && $0.dueAt < now }
        var t4 = Table(
            title: "Verification requests / Yêu cầu xác minh",
            header: ["direction", "open", "answered", "closed", "overdue"], rows: [])
        for d in VerificationDirection.allCases {
            let m = vs.filter { $0.direction == d }
            t4.rows.append([
                d.rawValue, String(m.filter { $0.status == .open }.count),
                String(m.filter { $0.status == .answered }.count),
                String(m.filter { $0.status == .closed }.count), String(overdue.filter { $0.direction == d }.count),
            ])
        }
        var t5 = Table(
            title: "Overdue verification requests / Yêu cầu xác minh quá hạn",
            header: ["id", "direction", "counterpart", "subject", "due"], rows: [])
        for v in overdue {
            t5.rows.append([
                v.id, v.direction.rawValue, v.counterpart, v.subject, VietnameseDate.format(v.dueAt, zone: c.zone),
            ])
        }

        // Focal officers (item 9).
        var header6 = ["unit", "name", "status", "focal officer", "position", "nominated"]
        if includePersonalData { header6 += ["phone", "email"] }
        var t6 = Table(title: "Focal officers / Cán bộ đầu mối (item 9)", header: header6, rows: [])
        let nominating = c.nominatingUnits.filter { u in unit.map { u.code == $0 } ?? true }
        for u in nominating {
            if let n = state.nominations[u.code] {
                var r = [
                    u.code, u.nameVI, "nominated", n.name, n.position,
                    VietnameseDate.format(n.nominatedAt, zone: c.zone),
                ]
                if includePersonalData { r += [n.phone, n.email ?? ""] }
                t6.rows.append(r)
            } else {
                var r = [u.code, u.nameVI, "outstanding", "", "", ""]
                if includePersonalData { r += ["", ""] }
                t6.rows.append(r)
            }
        }
        let nominated = nominating.filter { state.nominations[$0.code] != nil }.count
        let summary = Table(
            title: "Summary / Tổng hợp", header: ["measure", "value"],
            rows: [
                ["alerts", String(alerts.count)], ["seizures", String(state.seizures.count)],
                ["rapid reports submitted", String(state.rapidReports.count)],
                ["verification requests open", String(vs.filter { $0.status == .open }.count)],
                ["verification requests answered", String(vs.filter { $0.status == .answered }.count)],
                ["verification requests overdue", String(overdue.count)],
                ["focal officers nominated", "\(nominated) of \(nominating.count)"],
                ["focal officers outstanding", String(nominating.count - nominated)],
            ])
        tables = [summary, t1, t2, t3, t4, t5, t6]
    }

    /// Markdown: a heading, the generation time, the partial-report notices when the log is
    /// damaged or a record's time is out of range, then one pipe table per section. Every control, DEL, C1 and bidi character
    /// of the text (notes, names, campaign texts) is shown as its visible marker
    /// (`Sanitizer`), to a terminal or a file alike: an escape sequence in a tip cannot
    /// write the reader's clipboard or retitle the window.
    public var markdown: String {
        var out = "# \(title)\n\nGenerated / Lập lúc: \(VietnameseDate.format(generatedAt)) ICT\n"
        if let seq = partialAtSeq { out += "\n**\(Self.partialNotice(seq: seq))**\n" }
        if let seq = timeProblemAtSeq { out += "\n**\(Self.timeProblemNotice(seq: seq))**\n" }
        func cell(_ s: String) -> String {
            s.replacingNewlines.replacing("|", with: "\\|")
        }
        for t in tables {
            out += "\n## \(t.title)\n\n"
            if t.rows.isEmpty {
                out += "(none / không có)\n"
                continue
            }
            out += "| " + t.header.joined(separator: " | ") + " |\n"
            out += "|" + t.header.map { _ in " --- |" }.joined() + "\n"
            for r in t.rows { out += "| " + r.map(cell).joined(separator: " | ") + " |\n" }
        }
        return Sanitizer.sanitizeKeepingLineFeeds(out)
    }

    /// CSV (UTF-8 with BOM, CRLF, formula-defused; see `CSVWriter`): one block per table,
    /// a `section` column naming it, blank line between blocks; a `partial` row after the
    /// first for each partial-report notice. Every cell is sanitised as in `markdown` (a line break
    /// in a cell shows as "␊"), so the file stays valid CSV with one record per line.
    public var csv: [UInt8] {
        var w = CSVWriter()
        func row(_ cells: [String]) { w.row(cells.map(Sanitizer.sanitize)) }
        row(["section", "generated", VietnameseDate.format(generatedAt) + " ICT"])
        if let seq = partialAtSeq { row(["section", "partial", Self.partialNotice(seq: seq)]) }
        if let seq = timeProblemAtSeq { row(["section", "partial", Self.timeProblemNotice(seq: seq)]) }
        for t in tables {
            row([])
            row(["section"] + t.header)
            for r in t.rows { row([t.title] + r) }
        }
        return w.bytes
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
