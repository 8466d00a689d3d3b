// The words the `dutydesk alert` commands print, in Vietnamese and English (issue 10, item 3).
import DutyDeskDomain

/// Every fixed word the alert commands print: the line each action prints once durable,
/// and the labels of `alert show` and `alert list`. Vietnamese in the field's words of letter
/// 4237/TCHQ-ĐTCBL (tin báo, tiếp nhận, chuyển cấp, Phòng 1, Ban điều phối…), as the
/// dashboard's string table has them; English as the log names things. The language is the
/// officer's (`LogBridge.officerLanguage`: `LC_ALL`, then `LANG`).
struct AlertTexts {
    let language: Language
    init(_ language: Language = LogBridge.officerLanguage) { self.language = language }

    func t(_ en: String, _ vi: String) -> String { language == .en ? en : vi }

    // MARK: what an action did (printed once durable; the alert id first, for scripts)

    func acknowledged(_ id: String, by officer: String) -> String {
        t("\(id) acknowledged by \(officer)", "\(id) đã được \(officer) tiếp nhận")
    }
    func assigned(_ id: String, to a: Assignee) -> String {
        t("\(id) assigned to \(assigneeKind(a.kind)) \(a.id)", "\(id) đã giao cho \(assigneeKind(a.kind)) \(a.id)")
    }
    func escalated(_ id: String, to target: EscalationTarget) -> String {
        t("\(id) escalated to \(self.target(target))", "\(id) đã chuyển cấp tới \(self.target(target))")
    }
    /// English keeps the RFC 3339 instant (scripts read it); Vietnamese writes `dd/MM/yyyy HH:mm`
    /// in the campaign zone (issue 14, item 1).
    func snoozed(_ id: String, until: RFC3339Timestamp, zone: CampaignZone = .ict) -> String {
        t("\(id) snoozed until \(until)", "\(id) tạm hoãn đến \(VietnameseDate.format(until, zone: zone))")
    }
    func noteAdded(_ id: String) -> String { t("\(id) note added", "\(id) đã thêm ghi chú") }
    func closed(_ id: String, _ d: DispositionKind) -> String {
        t("\(id) closed: \(disposition(d))", "\(id) đã đóng: \(disposition(d))")
    }
    func reopened(_ id: String) -> String { t("\(id) reopened", "\(id) đã mở lại") }
    func merged(_ id: String, into: String) -> String {
        t("\(id) merged into \(into) (duplicate)", "\(id) đã gộp vào \(into) (tin trùng)")
    }
    func shared(_ id: String, _ level: SharingLevel) -> String {
        t("\(id) sharing: \(level.text(.en))", "\(id) mức chia sẻ: \(level.text(.vi))")
    }
    /// A lifecycle action a desk outside the owning unit recorded (issue 11, item 5).
    func proposalSent(_ id: String, _ type: String, owner: String) -> String {
        t(
            "\(id) \(eventName(type)): sent to \(owner) as a proposal; nothing changes until \(owner) accepts it",
            "\(id) \(eventName(type)): đã gửi \(owner) dưới dạng đề xuất; chưa thay đổi cho tới khi \(owner) chấp nhận")
    }
    func proposalAccepted(_ id: String, _ n: Int) -> String {
        t("\(id) proposal \(n) accepted", "\(id) đã chấp nhận đề xuất \(n)")
    }
    func proposalDeclined(_ id: String, _ n: Int) -> String {
        t("\(id) proposal \(n) declined", "\(id) đã từ chối đề xuất \(n)")
    }
    func proposalWithdrawn(_ id: String, _ n: Int) -> String {
        t("\(id) proposal \(n) withdrawn", "\(id) đã rút đề xuất \(n)")
    }
    func undone(_ id: String, _ type: String) -> String {
        t("\(id) undone: \(eventName(type))", "\(id) đã hoàn tác: \(eventName(type))")
    }

    // MARK: words

    func status(_ s: AlertStatus) -> String {
        switch s {
        case .received: return t("new", "mới")
        case .acknowledged: return t("acknowledged", "đã tiếp nhận")
        case .assigned: return t("assigned", "đã giao xử lý")
        case .escalated: return t("escalated", "đã chuyển cấp")
        case .snoozed: return t("snoozed", "tạm hoãn")
        case .closed: return t("closed", "đã đóng")
        }
    }
    func priority(_ p: Priority) -> String {
        switch p {
        case .critical: return t("critical", "khẩn cấp")
        case .high: return t("high", "cao")
        case .normal: return t("normal", "thường")
        case .low: return t("low", "thấp")
        }
    }
    func sourceKind(_ k: AlertSourceKind) -> String {
        switch k {
        case .coordinationBoard: return t("Coordination Board", "Ban điều phối")
        case .memberCountry: return t("member country", "nước thành viên")
        case .police: return t("Police", "Công an")
        case .borderGuard: return t("Border Guard", "Bộ đội Biên phòng")
        case .marketManagement: return t("Market Management", "Quản lý thị trường")
        case .customsIntelligence: return t("Customs intelligence", "Thông tin nghiệp vụ hải quan")
        case .publicTip: return t("tip from the public", "tin báo của người dân")
        }
    }
    func locationKind(_ k: LocationKind) -> String {
        switch k {
        case .borderGate: return t("border gate", "cửa khẩu")
        case .port: return t("seaport", "cảng biển")
        case .airport: return t("airport", "sân bay")
        case .other: return t("other", "khác")
        }
    }
    func assigneeKind(_ k: AssigneeKind) -> String {
        switch k {
        case .unit: return t("unit", "đơn vị")
        case .officer: return t("officer", "cán bộ")
        case .partner: return t("partner agency", "cơ quan phối hợp")
        }
    }
    func target(_ e: EscalationTarget) -> String {
        switch e {
        case .division1: return t("Division 1 (ĐTCBL)", "Phòng 1 (ĐTCBL)")
        case .coordinationBoard: return t("Coordination Board", "Ban điều phối")
        }
    }
    func disposition(_ d: DispositionKind) -> String {
        switch d {
        case .seized: return t("seizure", "bắt giữ")
        case .noFinding: return t("no violation found", "không phát hiện vi phạm")
        case .falseAlarm: return t("unfounded", "tin không có cơ sở")
        case .duplicateOf: return t("duplicate", "trùng")
        case .referredToPartner: return t("referred to partner", "chuyển cơ quan khác")
        }
    }
    /// Marks a timeline event taken as a conflict (`Conflict.mark`, shared with the dashboard).
    var conflictMark: String { Conflict.mark(language) }
    /// The rule a conflict was resolved by (`Conflict.Kind.rule`, shared with the dashboard).
    func conflict(_ k: Conflict.Kind) -> String { k.rule(language) }
    /// An event type (`EventType.name`, the table the dashboard shares).
    func eventName(_ type: String) -> String { EventType.name(type, language) }

    // MARK: labels of `alert show` and the columns of `alert list`

    var id: String { "ID" }
    var statusLabel: String { t("Status", "Trạng thái") }
    var priorityLabel: String { t("Priority", "Mức ưu tiên") }
    var subject: String { t("Subject", "Nội dung") }
    var received: String { t("Received", "Nhận lúc") }
    var source: String { t("Source", "Nguồn") }
    var commodity: String { t("Commodity", "Hàng hóa") }
    var species: String { t("Species", "Loài") }
    var quantity: String { t("Quantity", "Số lượng") }
    var persons: String { t("Persons", "Đối tượng") }
    var location: String { t("Location", "Địa điểm") }
    var unit: String { t("Responsible unit", "Đơn vị phụ trách") }
    var unitShort: String { t("Unit", "Đơn vị") }
    var sharing: String { t("Sharing", "Mức chia sẻ") }
    var ownerDesk: String { t("Received by desk", "Bàn trực nhận") }
    /// A sharing level with its audience (`SharingLevel.text`).
    func sharingLevel(_ l: SharingLevel) -> String { l.text(language) }
    var eta: String { "ETA" }
    var owner: String { t("Owner", "Phụ trách") }
    var assignee: String { t("Assigned to", "Giao cho") }
    var escalations: String { t("Escalated to", "Chuyển cấp tới") }
    var escalationReason: String { t("Escalation reason", "Lý do chuyển cấp") }
    /// The actor `system` (the desk's own records) in words.
    var systemActor: String { t("the desk itself (system)", "hệ thống (system)") }
    /// A self-escalation's timeline line (decision 0017).
    func selfEscalated(_ to: EscalationTarget, _ reminders: Int) -> String {
        t(
            "escalated itself to \(target(to)): not acknowledged after \(reminders) reminder\(reminders == 1 ? "" : "s")",
            "tự chuyển cấp tới \(target(to)): chưa tiếp nhận sau \(reminders) lần nhắc")
    }
    var snoozedUntil: String { t("Snoozed until", "Tạm hoãn đến") }
    var dispositionLabel: String { t("Disposition", "Kết quả") }
    var mergedInto: String { t("Duplicate of", "Trùng với") }
    var duplicates: String { t("Duplicates", "Tin trùng") }
    var alsoWorking: String { t("Also working", "Cùng xử lý") }
    var conflicts: String { t("Conflicts", "Xung đột") }
    var proposals: String { t("Proposals", "Đề xuất") }
    /// Marks a timeline event that is another unit's proposal.
    var proposalMark: String { t(" ⟶ proposal", " ⟶ đề xuất") }
    /// What a proposal proposes.
    func proposedAction(_ a: ProposedAction, zone: CampaignZone) -> String {
        switch a {
        case .acknowledge: return eventName(EventType.alertAcknowledged)
        case .assign(let x): return eventName(EventType.alertAssigned) + " " + assigneeKind(x.kind) + " " + x.id
        case .escalate(let e): return eventName(EventType.alertEscalated) + " " + target(e)
        case .snooze(let u):
            return eventName(EventType.alertSnoozed) + " "
                + (language == .vi ? VietnameseDate.format(u, zone: zone) : zone.local(u).description)
        case .close(let d): return eventName(EventType.alertClosed) + ": " + disposition(d.kind)
        case .reopen: return eventName(EventType.alertReopened)
        }
    }
    /// `1. #12 alert.assigned unit HQQN · HQQN officer.qn · open`, then the answer.
    func proposalLine(_ p: AlertProposal, zone: CampaignZone) -> String {
        let desk = p.desk.isEmpty ? "" : p.desk + " "
        var line = "\(p.number). #\(p.event.seq) \(proposedAction(p.action, zone: zone)) · \(desk)\(p.event.actor) · "
        line += p.status.text(language)
        if let a = p.answer { line += " (#\(a.seq) \(a.actor))" }
        if let r = p.reason { line += t(": reason: ", ": lý do: ") + r }
        return line
    }
    var notes: String { t("Notes", "Ghi chú") }
    var noNotes: String { t("No notes.", "Chưa có ghi chú.") }
    var retracted: String { t(" (retracted)", " (đã rút)") }
    var timeline: String { t("Timeline", "Diễn biến") }
    var sourceNotes: String { t("Source notes", "Ghi chú nguồn") }
    func noAlerts(_ filtered: Bool) -> String {
        filtered
            ? t("No alert matches.", "Không có tin báo phù hợp.") : t("No alerts in the log.", "Sổ chưa có tin báo.")
    }
    func count(_ n: Int) -> String { t("\(n) alert(s)", "\(n) tin báo") }
    func conflictLine(_ c: Conflict) -> String {
        t(
            "\(conflict(c.kind)): #\(c.event.seq) \(eventName(c.event.type)) by \(c.event.actor) had not seen #\(c.standing.seq) \(eventName(c.standing.type)) by \(c.standing.actor)",
            "\(conflict(c.kind)): #\(c.event.seq) \(eventName(c.event.type)) của \(c.event.actor) chưa thấy #\(c.standing.seq) \(eventName(c.standing.type)) của \(c.standing.actor)"
        )
    }
}
