/// The language of the dashboard's own words (pane titles, states, hints). Text that
/// comes from the log (subjects, notes, names) is shown as written.
public enum Language: String, Sendable, Hashable, CaseIterable {
    case en, vi

    /// The language a `LANG`-style locale string selects: `vi_*` (e.g. `vi_VN.UTF-8`)
    /// gives Vietnamese, anything else (including nil) English (issue 4, item 1).
    public static func fromLocale(_ lang: String?) -> Language {
        guard let lang, lang.lowercased().hasPrefix("vi") else { return .en }
        return .vi
    }
}

/// Every fixed word of the dashboard in English and Vietnamese. Vietnamese uses the
/// field's terms from letter 4237/TCHQ-ĐTCBL (tin báo, yêu cầu xác minh, cán bộ đầu mối…).
public struct Strings: Sendable {
    public let language: Language
    public init(_ language: Language) { self.language = language }

    @inline(__always) func t(_ en: String, _ vi: String) -> String { language == .en ? en : vi }

    // Pane titles (issue 4, item 2).
    public var alerts: String { t("Alerts", "Tin báo") }
    public var verification: String { t("Verification requests", "Yêu cầu xác minh") }
    public var verificationShort: String { t("Verification", "Xác minh") }
    public var deadlines: String { t("Deadlines", "Thời hạn") }
    public var detail: String { t("Alert", "Tin báo") }
    public var help: String { t("Keys", "Phím tắt") }
    public var filter: String { t("Filter", "Lọc") }

    // Header.
    func day(_ n: Int, of total: Int) -> String { t("Day \(n) of \(total)", "Ngày \(n)/\(total)") }
    func startsIn(_ countdown: String) -> String { t("starts in \(countdown)", "bắt đầu sau \(countdown)") }
    var ended: String { t("campaign ended", "đã kết thúc") }
    var logOK: String { t("log ok", "nhật ký ổn") }
    var logReadOnly: String { t("log READ-ONLY", "nhật ký CHỈ ĐỌC") }
    var logRecovered: String { t("log recovered", "nhật ký đã phục hồi") }

    // Alert table column headings.
    var colAge: String { t("Age", "Tuổi") }
    var colPriority: String { t("Prio", "Mức") }
    var colSource: String { t("Source", "Nguồn") }
    var colSubject: String { t("Subject", "Nội dung") }
    var colLocation: String { t("Location", "Địa điểm") }
    var colStatus: String { t("Status", "Trạng thái") }
    var colOwner: String { t("Owner", "Phụ trách") }
    var colDue: String { t("Due", "Hạn") }
    var colCounterpart: String { t("Counterpart", "Đối tác") }
    var colDirection: String { t("Dir", "Chiều") }
    var colState: String { t("State", "Tình trạng") }
    var colConcerns: String { t("Deadline", "Thời hạn") }
    var colCountdown: String { t("Countdown", "Còn lại") }

    // Empty lists.
    var noAlerts: String {
        t("No alerts yet. New alerts appear here as they are logged.", "Chưa có tin báo. Tin báo mới sẽ hiện ở đây.")
    }
    var noMatches: String {
        t("No alert matches the filter. Esc clears it.", "Không có tin báo khớp bộ lọc. Esc để xóa.")
    }
    var noRequests: String { t("No verification requests. o opens one.", "Chưa có yêu cầu xác minh. Nhấn o để mở.") }
    var noDeadlines: String { t("No deadlines.", "Không có thời hạn.") }

    // Footer / status.
    var pending: String { t("pending…", "đang ghi…") }
    var done: String { t("done", "xong") }
    var readOnlyRefusal: String {
        t("The log is read-only: actions are disabled.", "Nhật ký chỉ đọc: không thể thao tác.")
    }
    var noSelection: String { t("Select an alert first.", "Hãy chọn một tin báo.") }
    var notAvailableHere: String { t("Not available in this pane.", "Không dùng được ở khung này.") }
    var helpClose: String { t("Esc or ? closes", "Esc hoặc ? để đóng") }
    var formHint: String { t("Tab next · Enter save · Esc cancel", "Tab tiếp · Enter lưu · Esc hủy") }
    var required: String { t("is required", "là bắt buộc") }
    var notANumber: String { t("is not a number (e.g. 12 or 7.5)", "không phải là số (vd. 12 hoặc 7.5)") }
    var notInList: String {
        t("is not in the list; pick a suggestion (Ctrl-N)", "không có trong danh sách; chọn một gợi ý (Ctrl-N)")
    }
    var timeline: String { t("Timeline", "Diễn biến") }
    var notes: String { t("Notes", "Ghi chú") }
    var noNotes: String { t("No notes.", "Chưa có ghi chú.") }
    var sourceRule: String { t("Rule", "Căn cứ") }

    // Priorities.
    func priority(_ p: PriorityLevel) -> String {
        switch p {
        case .critical: return t("crit", "khẩn")
        case .high: return t("high", "cao")
        case .normal: return t("norm", "thường")
        case .low: return t("low", "thấp")
        }
    }
    func priorityLong(_ p: PriorityLevel) -> String {
        switch p {
        case .critical: return t("critical", "khẩn cấp")
        case .high: return t("high", "cao")
        case .normal: return t("normal", "thường")
        case .low: return t("low", "thấp")
        }
    }

    // Alert statuses.
    func status(_ s: AlertRowStatus) -> String {
        switch s {
        case .new: return t("new", "mới")
        case .acknowledged: return t("ack'd", "đã nhận")
        case .assigned: return t("assigned", "đã giao")
        case .escalated: return t("escalated", "chuyển cấp")
        case .snoozed: return t("snoozed", "tạm hoãn")
        case .closed: return t("closed", "đã đóng")
        case .merged: return t("duplicate", "trùng")
        }
    }

    /// Status in full (detail view).
    func statusLong(_ s: AlertRowStatus) -> String {
        switch s {
        case .new: return t("new (not acknowledged)", "mới (chưa tiếp nhận)")
        case .acknowledged: return t("acknowledged", "đã tiếp nhận")
        case .assigned: return t("assigned", "đã giao xử lý")
        case .escalated: return t("escalated", "đã chuyển cấp")
        case .snoozed: return t("snoozed", "tạm hoãn")
        case .closed: return t("closed", "đã đóng")
        case .merged: return t("closed as duplicate", "đóng do trùng")
        }
    }

    func locationKind(_ raw: String) -> String {
        switch raw {
        case "border_gate": return t("border gate", "cửa khẩu")
        case "port": return t("seaport", "cảng biển")
        case "airport": return t("airport", "sân bay")
        default: return t("other", "khác")
        }
    }

    func conveyanceKind(_ raw: String) -> String {
        switch raw {
        case "cargo": return t("cargo", "hàng hóa")
        case "vehicle": return t("vehicle", "phương tiện")
        case "passenger_luggage": return t("passenger luggage", "hành lý")
        case "postal": return t("post", "bưu phẩm")
        case "vessel": return t("vessel", "tàu thuyền")
        case "aircraft": return t("aircraft", "tàu bay")
        default: return raw
        }
    }

    func escalationTarget(_ raw: String) -> String {
        switch raw {
        case "division_1": return t("Division 1 (ĐTCBL)", "Phòng 1 (ĐTCBL)")
        case "coordination_board": return t("Coordination Board", "Ban điều phối")
        default: return raw
        }
    }

    func assigneeKind(_ raw: String) -> String {
        switch raw {
        case "unit": return t("unit", "đơn vị")
        case "officer": return t("officer", "cán bộ")
        case "partner": return t("partner agency", "cơ quan phối hợp")
        default: return raw
        }
    }

    // Deadline states: a word and a symbol, so they stay readable without colour.
    func deadlineWord(_ s: DeadlineState) -> String {
        switch s {
        case .upcoming: return t("upcoming", "sắp tới")
        case .dueSoon: return t("due soon", "sắp đến hạn")
        case .overdue: return t("overdue", "quá hạn")
        case .met: return t("met", "đã xong")
        }
    }

    func verificationState(_ s: RequestState) -> String {
        switch s {
        case .open: return t("open", "đang mở")
        case .replied: return t("replied", "đã trả lời")
        case .closed: return t("closed", "đã đóng")
        }
    }
    func direction(_ d: RequestDirection) -> String {
        switch d {
        case .incoming: return t("in", "đến")
        case .outgoing: return t("out", "đi")
        }
    }
    func directionLong(_ d: RequestDirection) -> String {
        switch d {
        case .incoming: return t("incoming", "đến")
        case .outgoing: return t("outgoing", "đi")
        }
    }

    // Banners.
    func newAlertBanner(_ p: PriorityLevel, _ subject: String) -> String {
        t("New \(priorityLong(p)) alert: \(subject)", "Tin báo mới mức \(priorityLong(p)): \(subject)")
    }
    func deadlineBanner(_ s: DeadlineState, _ label: String) -> String {
        switch s {
        case .overdue: return t("Overdue: \(label)", "Quá hạn: \(label)")
        default: return t("Due soon: \(label)", "Sắp đến hạn: \(label)")
        }
    }
    func appendFailedBanner(_ what: String, _ message: String) -> String {
        t("Not saved — \(what): \(message)", "Chưa ghi được — \(what): \(message)")
    }

    // Form titles and labels.
    func formTitle(_ k: FormKind) -> String {
        switch k {
        case .assign: return t("Assign", "Giao xử lý")
        case .escalate: return t("Escalate", "Chuyển cấp")
        case .close: return t("Close alert", "Đóng tin báo")
        case .snooze: return t("Snooze", "Tạm hoãn")
        case .note: return t("Add note", "Thêm ghi chú")
        case .merge: return t("Mark as duplicate", "Đánh dấu trùng")
        case .openRequest: return t("Open verification request", "Mở yêu cầu xác minh")
        case .reply: return t("Record reply", "Ghi nhận trả lời")
        case .closeRequest: return t("Close verification request", "Đóng yêu cầu xác minh")
        case .nominate: return t("Focal-officer nomination", "Cử cán bộ đầu mối")
        case .report: return t("Report submitted", "Đã nộp báo cáo")
        }
    }

    func field(_ f: FieldKey) -> String {
        switch f {
        case .assignee: return t("Assignee", "Giao cho")
        case .reason: return t("Reason", "Lý do")
        case .disposition: return t("Disposition", "Kết quả")
        case .commodity: return t("Commodity", "Tang vật")
        case .quantity: return t("Quantity", "Số lượng")
        case .quantityUnit: return t("Unit", "Đơn vị")
        case .duration: return t("For", "Trong")
        case .text: return t("Text", "Nội dung")
        case .duplicateOf: return t("Duplicate of", "Trùng với")
        case .direction: return t("Direction", "Chiều")
        case .counterpart: return t("Counterpart", "Đối tác")
        case .subject: return t("Subject", "Nội dung")
        case .dueDays: return t("Due in days", "Hạn (ngày)")
        case .unit: return t("Unit", "Đơn vị")
        case .name: return t("Name", "Họ tên")
        case .position: return t("Position", "Chức vụ")
        case .phone: return t("Phone", "Điện thoại")
        case .reportKind: return t("Report", "Báo cáo")
        case .outcome: return t("Outcome", "Kết quả")
        case .alertID: return t("Alert", "Tin báo")
        }
    }

    func disposition(_ d: DispositionChoice) -> String {
        switch d {
        case .seizure: return t("seizure", "bắt giữ")
        case .noViolation: return t("no violation found", "không phát hiện vi phạm")
        case .referred: return t("referred to partner", "chuyển cơ quan khác")
        case .falseAlarm: return t("unfounded", "tin không có cơ sở")
        }
    }

    func reportKind(_ k: ReportChoice) -> String {
        switch k {
        case .rapid: return t("rapid report", "báo cáo nhanh")
        case .dailyUpdate: return t("daily results update", "cập nhật kết quả ngày")
        case .finalReport: return t("final results report", "báo cáo kết quả cuối")
        }
    }

    func snooze(_ minutes: Int) -> String {
        minutes < 60 ? t("\(minutes) min", "\(minutes) phút") : t("\(minutes / 60) h", "\(minutes / 60) giờ")
    }
}
