// The rapid report on a seizure (báo cáo nhanh, letter 4237 item 8) as Markdown.
import DutyDeskDomain
import DutyDeskJSON
import TerminalKit

/// Report languages.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case vi, en
}

/// Builds the rapid report for one seizure: what, where, when, quantity, conveyance, unit,
/// handling and who. Times are shown in the campaign zone (ICT, UTC+7) as dd/MM/yyyy HH:mm.
/// Persons concerned (personal data) are left out unless `includePersonalData`.
/// Every control, DEL, C1 and bidi character of the text (notes, subjects, names) is shown
/// as its visible marker (`Sanitizer`), to a terminal or a file alike (issue 12, item 6).
public enum RapidReport {
    /// - Throws: `CLIFailure.data` when the alert does not exist or was not closed as seized
    ///   (the domain's `seizures` index).
    public static func markdown(
        alertID: String, state: CampaignState, language: ReportLanguage,
        includePersonalData: Bool = false
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
        let d = a.details
        let vi = language == .vi
        func t(_ en: String, _ v: String) -> String { vi ? v : en }
        func time(_ x: RFC3339Timestamp) -> String { VietnameseDate.format(x, zone: c.zone) + " ICT" }
        func unitName(_ code: String?) -> String {
            guard let code else { return "—" }
            guard let u = c.unit(code) else { return code }
            return "\(vi ? u.nameVI : u.nameEN) (\(code))"
        }
        let allSpecies = species.isEmpty ? d.species : species
        var lines: [String] = []
        lines.append("# " + t("Rapid report on seizure \(alertID)", "Báo cáo nhanh vụ bắt giữ \(alertID)"))
        lines.append("")
        lines.append(
            t(
                "Campaign: \(c.name.en) (letter \(c.letterReference), item 8)",
                "Chiến dịch: \(c.name.vi) (công văn \(c.letterReference), mục 8)"))
        lines.append("")
        func row(_ en: String, _ v: String, _ value: String) {
            lines.append("- **\(t(en, v))**: \(value.isEmpty ? "—" : value)")
        }
        row(
            "What", "Tang vật",
            commodity
                + (allSpecies.isEmpty
                    ? ""
                    : " — "
                        + allSpecies.map { s in s.scientificName + (s.citesAppendix.map { " (CITES \($0))" } ?? "") }
                        .joined(separator: ", ")))
        row("Quantity", "Số lượng", quantity.map(\.text).joined(separator: ", "))
        row("Where", "Địa điểm", d.location.map { "\($0.name) (\($0.kind.rawValue))" } ?? "")
        row("When seized", "Thời gian bắt giữ", time(seizedAt))
        row("Alert received", "Thời gian nhận tin báo", time(d.receivedAt))
        row(
            "Source", "Nguồn tin",
            d.source.kind.rawValue + (d.source.country.map { " (\($0))" } ?? "")
                + (d.sourceReference.map { ", ref. \($0)" } ?? ""))
        row(
            "Conveyance", "Phương tiện",
            d.conveyance.map { $0.kind.rawValue + ($0.reference.map { " \($0)" } ?? "") } ?? "")
        row("Responsible unit", "Đơn vị chủ trì", unitName(d.responsibleUnit))
        var handling: [String] = []
        if let asg = a.lifecycle.assignee {
            handling.append(
                t("assigned to", "giao cho") + " \(asg.kind.rawValue) \(asg.kind == .unit ? unitName(asg.id) : asg.id)")
        }
        for e in a.lifecycle.escalations {
            handling.append(
                t("escalated to", "báo cáo lên") + " "
                    + (e == .division1 ? t("Division 1", "Phòng 1") : t("the Coordination Board", "Ban điều phối")))
        }
        if let r = state.rapidReports[alertID] {
            handling.append(t("rapid report submitted", "đã gửi báo cáo nhanh") + " " + time(r.submittedAt))
        }
        row("Handling", "Xử lý", handling.joined(separator: "; "))
        row("Officer", "Cán bộ", a.lifecycle.owner ?? "")
        if includePersonalData && !d.persons.isEmpty {
            row(
                "Persons concerned", "Đối tượng",
                d.persons.map { p in
                    p.name + (p.nationality.map { ", \($0)" } ?? "") + (p.travelDocument.map { ", \($0)" } ?? "")
                }.joined(separator: "; "))
        }
        let notes = a.notes.filter { !$0.retracted }
        if !notes.isEmpty || d.notes != nil {
            lines.append("")
            lines.append("## " + t("Notes", "Ghi chú"))
            if let n = d.notes { lines.append("- " + n.replacingNewlines) }
            for n in notes { lines.append("- \(time(n.at)) \(n.actor): \(n.text.replacingNewlines)") }
        }
        lines.append("")
        return Sanitizer.sanitizeKeepingLineFeeds(lines.joined(separator: "\n"))
    }
}

extension String {
    /// Line breaks as spaces (one Markdown list item per value).
    var replacingNewlines: String { String(map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 }) }
}
