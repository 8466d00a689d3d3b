// The rapid report on a seizure (báo cáo nhanh, letter 4237 item 8) as the official report
// Division 1 files (issue 14, item 4), in Markdown.
import DutyDeskDomain
import DutyDeskJSON
import TerminalKit

/// Report languages.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case vi, en
}

/// Builds the rapid report for one seizure as an official report to Division 1: the
/// national heading, the reporting unit, the document number and the place and date line,
/// the addressee (*Kính gửi: Phòng 1 – Cục Điều tra chống buôn lậu*), the legal basis
/// (letter 4237/TCHQ-ĐTCBL item 8, Directive 28/CT-TTg), the case in prose (what, where,
/// when, how it was found, conveyance; persons concerned only with `includePersonalData`),
/// the goods seized with every measure, handling so far, proposals, the officer and unit,
/// and the recipients (*Nơi nhận*). Times are in the campaign zone (ICT, UTC+7),
/// `dd/MM/yyyy HH:mm`; numbers in the language (`72,5` in Vietnamese). Every control, DEL,
/// C1 and bidi character of the text (notes, subjects, names) is shown as its visible
/// marker (`Sanitizer`), to a terminal or a file alike (issue 12, item 6).
public enum RapidReport {
    /// What the document carries besides the log: its number, place and date, who reports
    /// for which unit, and the proposals.
    public struct Heading: Sendable {
        /// The document number (`12/BC-HQLS`); nil: the number of the recorded submission
        /// of this rapid report if it has one, else the report is marked a draft
        /// (`DỰ THẢO`) with a blank number.
        public var number: String?
        /// The place of the date line (`Lạng Sơn`); nil: the reporting unit's seat, from
        /// its name.
        public var place: String?
        /// The document date; nil: the time the seizure was recorded.
        public var date: RFC3339Timestamp?
        /// The reporting unit's code; nil: the alert's responsible unit (the unit that made
        /// the seizure), else the unit owning the alert (the desk that received it).
        public var unit: String?
        /// The officer signing the report (the command's `--officer`); nil: the alert's owner.
        public var officer: String?
        /// Proposals (*đề xuất, kiến nghị*), one paragraph each; empty: the standard proposal.
        public var proposals: [String]
        public var includePersonalData: Bool
        public init(
            number: String? = nil, place: String? = nil, date: RFC3339Timestamp? = nil, unit: String? = nil,
            officer: String? = nil, proposals: [String] = [], includePersonalData: Bool = false
        ) {
            self.number = number
            self.place = place
            self.date = date
            self.unit = unit
            self.officer = officer
            self.proposals = proposals
            self.includePersonalData = includePersonalData
        }
    }

    /// The report with the default heading (draft number, the seizure's date).
    /// - Throws: as `markdown(alertID:state:language:heading:)`.
    public static func markdown(
        alertID: String, state: CampaignState, language: ReportLanguage, includePersonalData: Bool = false
    ) throws(CLIFailure) -> String {
        try markdown(
            alertID: alertID, state: state, language: language,
            heading: Heading(includePersonalData: includePersonalData))
    }

    /// The seat of a unit for the date line: `Lạng Sơn` for *Cục Hải quan tỉnh Lạng Sơn*,
    /// `TP. Hồ Chí Minh` for *Cục Hải quan Thành phố Hồ Chí Minh*, `Hà Nội` for ĐTCBL and
    /// its divisions (in English the same from the English names); nil for a unit whose
    /// name does not say it.
    static func seat(of u: CampaignUnit, in c: Campaign, vi: Bool) -> String? {
        if u.kind != .provincialDepartment {
            if u.code.hasPrefix("DTCBL") { return vi ? "Hà Nội" : "Hanoi" }
            return nil
        }
        if vi {
            for (prefix, shown) in [
                ("Cục Hải quan Thành phố ", "TP. "), ("Cục Hải quan thành phố ", ""), ("Cục Hải quan tỉnh ", ""),
            ] where u.nameVI.hasPrefix(prefix) {
                return shown + u.nameVI.dropFirst(prefix.count)
            }
            return nil
        }
        let suffix = " Customs Department"
        return u.nameEN.hasSuffix(suffix) ? String(u.nameEN.dropLast(suffix.count)) : nil
    }

    /// - Throws: `CLIFailure.data` when the alert does not exist or was not closed as seized
    ///   (the domain's `seizures` index).
    public static func markdown(
        alertID: String, state: CampaignState, language: ReportLanguage, heading h: Heading
    ) throws(CLIFailure) -> String {
        guard let a = state.alerts[alertID] else { throw .data("no alert \(alertID)") }
        guard let seizedAt = state.seizures[alertID],
            case .seized(let commodity, let species, let quantity)? = a.lifecycle.disposition
        else {
            throw .data(
                "alert \(alertID) is not a seizure (it is \(a.lifecycle.status.rawValue)\(a.lifecycle.disposition.map { ", \($0.kind.rawValue)" } ?? "")); a rapid report needs an alert closed as seized"
            )
        }
        let c = state.campaign
        let z = c.zone
        let d = a.details
        let x = ReportTexts(language)
        let vi = x.vi
        func t(_ en: String, _ v: String) -> String { x.t(en, v) }
        let unitCode = h.unit ?? d.responsibleUnit ?? state.owningUnit(of: a)
        let unit = unitCode.flatMap { c.unit($0) }
        let unitName = unit.map { vi ? $0.nameVI : $0.nameEN } ?? unitCode ?? t("(reporting unit)", "(đơn vị báo cáo)")
        let parentName: String = {
            if let p = unit?.parent, let pu = c.unit(p) { return vi ? pu.nameVI : pu.nameEN }
            return t("General Department of Vietnam Customs", "Tổng cục Hải quan")
        }()
        let submitted = state.rapidReports[alertID]
        let number = h.number ?? submitted?.reference
        let isDraft = number == nil
        let numberText = number ?? "……/BC-\(unitCode ?? "…")"
        let place = h.place ?? unit.flatMap { seat(of: $0, in: c, vi: vi) } ?? "……"
        let date = h.date ?? seizedAt
        let goods = CommodityName(commodity)
        let allSpecies = species.isEmpty ? d.species : species
        let officer = h.officer ?? a.lifecycle.owner ?? ""
        func cell(_ s: String) -> String { s.replacingNewlines.replacing("|", with: "\\|") }

        var lines: [String] = []
        if isDraft {
            lines.append(
                t(
                    "**DRAFT** — no document number yet (give it with `--number`).",
                    "**DỰ THẢO** — chưa có số văn bản (ghi số bằng `--number`)."))
            lines.append("")
        }
        // The heading: the unit and the number on the left, the national motto and the
        // place and date on the right, as Vietnamese administrative documents lay it out.
        lines.append(
            "| \(cell(parentName.uppercased())) | "
                + t("SOCIALIST REPUBLIC OF VIET NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") + " |")
        lines.append("|:---:|:---:|")
        lines.append(
            "| **\(cell(unitName.uppercased()))** | **"
                + t("Independence – Freedom – Happiness", "Độc lập – Tự do – Hạnh phúc") + "** |")
        lines.append(
            "| \(t("No.", "Số")): \(cell(numberText)) | *\(cell(place)), \(x.documentDate(date, z))* |")
        lines.append("")
        lines.append("# " + t("RAPID REPORT", "BÁO CÁO NHANH"))
        lines.append("")
        let placeName = d.location.map(\.name)
        lines.append(
            "**"
                + t(
                    "On the seizure of \(goods.en)\(placeName.map { " at \($0)" } ?? "") (alert \(alertID))",
                    "Về vụ bắt giữ \(goods.vi)\(placeName.map { " tại \($0)" } ?? "") (tin báo \(alertID))")
                + "**")
        lines.append("")
        let division1 = c.unit(c.focalUnit)
        let toVI =
            c.focalUnit == "DTCBL-P1" ? "Phòng 1 – Cục Điều tra chống buôn lậu" : division1?.nameVI ?? c.focalUnit
        let toEN = division1?.nameEN ?? c.focalUnit
        lines.append(t("To: \(toEN).", "Kính gửi: \(toVI)."))
        lines.append("")
        // The letter of the embedded campaign is dated; another campaign's letter is named only.
        let letterDate = c.letterReference == "4237/TCHQ-ĐTCBL" ? " ngày 30/08/2021" : ""
        let letterDateEN = c.letterReference == "4237/TCHQ-ĐTCBL" ? " of 30/08/2021" : ""
        lines.append(
            t(
                "Pursuant to official letter No. \(c.letterReference)\(letterDateEN) of the General Department of Vietnam Customs on the \(c.name.en) campaign, item 8 on the rapid reporting regime, and to the Prime Minister's Directive No. 28/CT-TTg of 17/09/2016 on urgent measures against wildlife crime, \(unitName) reports the following case:",
                "Thực hiện Công văn số \(c.letterReference)\(letterDate) của Tổng cục Hải quan về \(c.name.vi), mục 8 về chế độ báo cáo nhanh, và Chỉ thị số 28/CT-TTg ngày 17/09/2016 của Thủ tướng Chính phủ về một số giải pháp cấp bách phòng ngừa, đấu tranh với tội phạm về động vật hoang dã, \(unitName) báo cáo nhanh vụ việc như sau:"
            ))
        lines.append("")

        // 1. The case.
        lines.append("## " + t("1. The case", "1. Diễn biến vụ việc"))
        lines.append("")
        let speciesText = allSpecies.map(x.species).joined(separator: ", ")
        let what =
            (vi ? goods.vi : goods.en) + (speciesText.isEmpty ? "" : t(" of the species ", ", loài ") + speciesText)
        let whereText = d.location.map(x.place) ?? t("a place not recorded", "địa điểm chưa ghi nhận")
        let by = x.unitName(d.responsibleUnit ?? unitCode, c)
        var conveyance = ""
        if let cv = d.conveyance {
            conveyance =
                t(", carried as ", ", vận chuyển theo hình thức ") + x.conveyance(cv.kind)
                + (cv.reference.map { t(" (reference \($0))", " (số hiệu \($0))") } ?? "")
        }
        lines.append(
            t(
                "At \(x.atTime(seizedAt, z)) ICT, at \(whereText), \(by) found and seized \(what)\(conveyance).",
                "Hồi \(x.atTime(seizedAt, z)) (giờ Việt Nam), tại \(whereText), \(by) đã phát hiện, bắt giữ \(what)\(conveyance)."
            ))
        lines.append("")
        let source =
            x.alert.sourceKind(d.source.kind) + (d.source.country.map { " (\($0))" } ?? "")
            + (d.sourceReference.map { t(", reference \($0)", ", số \($0)") } ?? "")
        lines.append(
            t(
                "The case was found on a tip from \(source), received at \(x.atTime(d.receivedAt, z)): “\(d.subject.replacingNewlines)”.",
                "Vụ việc được phát hiện từ tin báo của \(source), tiếp nhận hồi \(x.atTime(d.receivedAt, z)): “\(d.subject.replacingNewlines)”."
            ))
        lines.append("")
        if !d.persons.isEmpty {
            if h.includePersonalData {
                lines.append(t("Persons concerned:", "Đối tượng liên quan:"))
                lines.append("")
                for p in d.persons {
                    let nat = p.nationality.map { t(", nationality \($0)", ", quốc tịch \($0)") } ?? ""
                    let doc = p.travelDocument.map { t(", travel document \($0)", ", giấy tờ \($0)") } ?? ""
                    lines.append("- " + (p.name + nat + doc).replacingNewlines)
                }
            } else {
                lines.append(
                    t(
                        "Persons concerned: \(x.count(d.persons.count)) (personal data left out of this copy).",
                        "Đối tượng liên quan: \(x.count(d.persons.count)) người (thông tin cá nhân không đưa vào bản này)."
                    ))
            }
            lines.append("")
        }

        // 2. Goods seized: every measure.
        lines.append("## " + t("2. Goods seized", "2. Tang vật bắt giữ"))
        lines.append("")
        lines.append(
            "| "
                + [
                    t("No.", "STT"), t("Goods", "Tang vật"), t("Species", "Loài"), t("Quantity", "Số lượng"),
                    t("Unit", "Đơn vị tính"),
                ].joined(separator: " | ") + " |")
        lines.append("| ---: | --- | --- | ---: | --- |")
        for (i, m) in quantity.enumerated() {
            lines.append(
                "| \(i + 1) | \(cell(goods.name(x.domainLanguage))) | \(cell(speciesText.isEmpty ? "—" : speciesText)) | \(x.number(m.amount)) | \(cell(x.measureUnit(m.unit))) |"
            )
        }
        if !goods.isKnown || SearchFold.fold(commodity) != SearchFold.fold(goods.name(x.domainLanguage)) {
            lines.append("")
            lines.append(t("Goods as recorded: ", "Tang vật theo ghi nhận: ") + commodity.replacingNewlines + ".")
        }
        lines.append("")

        // 3. Handling so far.
        lines.append("## " + t("3. Handling so far", "3. Kết quả xử lý ban đầu"))
        lines.append("")
        // The steps and the notes, in the order of their times.
        var steps: [(at: RFC3339Timestamp, text: String)] = []
        for e in a.timeline {
            guard let what = handlingStep(e.type, a, x, c) else { continue }
            steps.append((e.at, "- \(x.atTime(e.at, z)): \(what) (\(e.actor.replacingNewlines))."))
        }
        for n in a.notes where !n.retracted {
            steps.append(
                (n.at, "- \(x.atTime(n.at, z)): \(t("note", "ghi chú")) (\(n.actor)): \(n.text.replacingNewlines)"))
        }
        let ordered = steps.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
        for step in ordered { lines.append(step.element.text) }
        if let n = d.notes { lines.append("- " + t("Source notes: ", "Ghi chú của nguồn tin: ") + n.replacingNewlines) }
        if let r = submitted {
            lines.append(
                "- "
                    + t(
                        "Rapid report recorded as sent at \(x.atTime(r.submittedAt, z))",
                        "Báo cáo nhanh đã ghi nhận gửi hồi \(x.atTime(r.submittedAt, z))")
                    + (r.reference.map { t(", No. \($0)", ", số \($0)") } ?? "") + ".")
        }
        lines.append("")

        // 4. Proposals.
        lines.append("## " + t("4. Proposals", "4. Đề xuất, kiến nghị"))
        lines.append("")
        let proposals =
            h.proposals.isEmpty
            ? [
                t(
                    "\(unitName) continues to verify the origin of the goods and the persons concerned and handles the case under the law; it asks Division 1 to consolidate the case into the campaign's results and to inform the Coordination Board where needed.",
                    "\(unitName) tiếp tục xác minh làm rõ nguồn gốc tang vật, đối tượng liên quan và xử lý vụ việc theo quy định của pháp luật; đề nghị Phòng 1 tổng hợp vào kết quả chiến dịch và thông báo Ban điều phối khi cần thiết."
                )
            ] : h.proposals
        for p in proposals { lines.append(p.replacingNewlines + "\n") }
        lines.append(
            t("Officer handling the case: ", "Cán bộ thụ lý: ") + (a.lifecycle.owner ?? "—") + ", "
                + x.unitName(unitCode, c) + ".")
        lines.append("")

        // Recipients and signature.
        lines.append(
            "| " + t("**Recipients:**", "**Nơi nhận:**") + " | **" + t("REPORTING OFFICER", "NGƯỜI BÁO CÁO") + "** |")
        lines.append("|:---|:---:|")
        lines.append(
            "| - " + t("As above;", "Như trên;") + " | *" + t("(signature, full name)", "(Ký, ghi rõ họ tên)") + "* |")
        lines.append("| - " + t("Head of the unit (to report);", "Lãnh đạo đơn vị (để báo cáo);") + " | |")
        lines.append("| - " + t("Filed: records.", "Lưu: VT.") + " | \(cell(officer)) |")
        lines.append("")
        return Sanitizer.sanitizeKeepingLineFeeds(lines.joined(separator: "\n"))
    }

    /// One line of the handling so far for an event on the alert's timeline, in words; nil
    /// for events that are not steps of the handling (sharing, proposals, network).
    static func handlingStep(_ type: String, _ a: AlertRecord, _ x: ReportTexts, _ c: Campaign) -> String? {
        let l = a.lifecycle
        switch type {
        case EventType.alertReceived: return x.t("tip received", "nhận tin báo")
        case EventType.alertAcknowledged: return x.t("acknowledged", "tiếp nhận xử lý")
        case EventType.alertAssigned:
            guard let asg = l.assignee else { return x.t("assigned", "giao xử lý") }
            let who: String
            switch asg.kind {
            case .unit: who = x.unitName(asg.id, c)
            case .partner: who = c.partner(asg.id).map { x.vi ? $0.nameVI : $0.nameEN } ?? asg.id
            case .officer: who = x.alert.assigneeKind(.officer) + " " + asg.id
            }
            return x.t("assigned to ", "giao cho ") + who
        case EventType.alertEscalated:
            let to = l.escalations.map { x.alert.target($0) }.joined(separator: ", ")
            return x.t("escalated", "chuyển cấp") + (to.isEmpty ? "" : x.t(" to ", " tới ") + to)
        case EventType.alertSnoozed: return x.t("put on hold", "tạm hoãn")
        case EventType.alertClosed: return x.t("closed as a seizure", "kết thúc xử lý tin báo: bắt giữ")
        case EventType.alertReopened: return x.t("reopened", "mở lại")
        case EventType.alertMerged: return x.t("a duplicate tip merged", "gộp tin báo trùng")
        case EventType.alertActionUndone: return x.t("an action undone", "hoàn tác một thao tác")
        default: return nil
        }
    }
}

extension String {
    /// Line breaks as spaces (one Markdown list item per value).
    var replacingNewlines: String { String(map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 }) }
}
