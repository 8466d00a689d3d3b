import DutyDeskDomain

// `Language` (en, vi) is the domain's: its refusals are rendered in the same language.

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
    /// The log while the part a warm start took on trust is verified in the background
    /// (issue 15, item 1): `percent` of its bytes checked so far.
    func logVerifying(_ percent: Int) -> String {
        t("log verifying \(percent) %", "nhật ký đang kiểm tra \(percent) %")
    }

    // The header's network state (issue 11, item 3): from the desk's `network.*` records.
    /// The link's state: connected, or offline since `since` (HH:mm in the campaign's zone).
    func netConnected(long: Bool) -> String {
        long ? t("network: connected", "mạng: đã kết nối") : t("connected", "đã kết nối")
    }
    func netOffline(since: String?, long: Bool) -> String {
        let s = since.map { t(" since \($0)", " từ \($0)") } ?? ""
        return long ? t("network: OFFLINE", "mạng: MẤT KẾT NỐI") + s : t("OFFLINE", "MẤT KẾT NỐI") + s
    }
    /// Last push and pull (HH:mm ICT); "–" before the first.
    func netPushPull(push: String, pull: String, long: Bool) -> String {
        long ? t("pushed \(push) · pulled \(pull)", "gửi \(push) · nhận \(pull)") : "↑\(push) ↓\(pull)"
    }
    /// Lag: this desk's own records not yet on the server (network bookkeeping not counted).
    func netUnsent(_ n: Int, long: Bool) -> String {
        long ? t("\(n) not yet sent", "\(n) bản ghi chưa gửi") : t("\(n) unsent", "\(n) chưa gửi")
    }
    /// Records the sync refused (quarantined).
    func netRefused(_ n: Int) -> String { t("\(n) refused", "\(n) bị từ chối") }
    /// The banner of a link that went down, with the reason the sync recorded.
    func offlineBanner(since: String, reason: String?) -> String {
        let why = reason.map { ": " + $0 } ?? ""
        return t(
            "Offline since \(since): records are kept here and sent when the link returns\(why)",
            "Mất kết nối từ \(since): bản ghi được giữ tại bàn và gửi khi có kết nối lại\(why)")
    }
    /// The banner of a record the sync refused (never applied): its desk, its seq there, why.
    func quarantineBanner(desk: String, seq: Int, reason: String) -> String {
        t(
            "Refused record from desk \(desk) #\(seq), not applied: \(reason)",
            "Bản ghi bị từ chối từ bàn \(desk) #\(seq), không áp dụng: \(reason)")
    }

    // Alert table column headings.
    /// The age of an alert: *Đã nhận* (how long since it was received); *Tuổi* is a person's
    /// age (issue 14, item 2).
    var colAge: String { t("Age", "Đã nhận") }
    /// The age heading over the abbreviated ages of a narrow list (`12ph`): 4 columns.
    var colAgeShort: String { t("Age", "Nhận") }
    /// `(15m)` / `(15 phút trước)` after the instant an alert was received.
    func agoNote(_ age: String) -> String { t("(\(age))", "(\(age) trước)") }
    var colPriority: String { t("Prio", "Mức") }
    var colSource: String { t("Source", "Nguồn") }
    var colSubject: String { t("Subject", "Nội dung") }
    var colLocation: String { t("Location", "Địa điểm") }
    var colStatus: String { t("Status", "Trạng thái") }
    var colOwner: String { t("Owner", "Phụ trách") }
    /// The alerts pane's unit column and unit filter (issue 11, item 6).
    var colUnit: String { t("Unit", "Đơn vị") }

    /// The banner of an acknowledged alert nobody touched for `hours` (issue 13, item 1).
    func untouchedBanner(owner: String, hours: Int, _ subject: String) -> String {
        let who = owner.isEmpty ? "" : t(" by \(owner)", " bởi \(owner)")
        return t(
            "acknowledged\(who), nothing recorded for \(hours) h: \(subject)",
            "đã tiếp nhận\(who), \(hours) giờ chưa ghi nhận gì thêm: \(subject)")
    }

    // The help overlay's "about" part (issue 14, item 6).
    var aboutTitle: String { t("About", "Giới thiệu") }
    /// The campaign, its letter and the basis the letter names in its item 1.
    func about(_ c: Campaign) -> String {
        let name = language == .en ? c.name.en : c.name.vi
        return t(
            "DutyDesk, the duty officers' dashboard of the \(name) campaign (letter \(c.letterReference) of the General "
                + "Department of Vietnam Customs). The campaign continues the Prime Minister's Directive "
                + "28/CT-TTg of 17/09/2016 on urgent measures against wildlife crime (the letter's item 1). "
                + "Times are shown in \(c.zone.label) whatever the machine's time zone.",
            "DutyDesk, bảng trực của cán bộ trực ban trong \(name) (công văn \(c.letterReference) của Tổng cục "
                + "Hải quan). Chiến dịch tiếp tục thực hiện Chỉ thị 28/CT-TTg ngày 17/09/2016 của Thủ tướng Chính "
                + "phủ về một số giải pháp cấp bách phòng ngừa, đấu tranh với tội phạm về động vật hoang dã (mục 1 của công văn). "
                + "Giờ hiển thị theo giờ \(c.zone.label), bất kể múi giờ của máy.")
    }

    // The units view (issue 11, item 6).
    /// Its title: the number of units, then what is outstanding (parts that are zero left out).
    func unitsTitle(_ n: Int, withoutFocalOfficer missing: Int, overdue: Int) -> String {
        var out = t("Units (\(n))", "Đơn vị (\(n))")
        if missing > 0 { out += t(" · \(missing) without focal officer", " · \(missing) chưa cử cán bộ đầu mối") }
        if overdue > 0 { out += t(" · \(overdue) rapid reports overdue", " · \(overdue) báo cáo nhanh quá hạn") }
        return out
    }
    var colUnitName: String { t("Name", "Tên đơn vị") }
    var colDesks: String { t("Desks", "Bàn trực") }
    var colLastContact: String { t("Last heard", "Liên lạc cuối") }
    var colFocalOfficer: String { t("Focal officer", "Cán bộ đầu mối") }
    var colRapidReports: String { t("Rapid reports", "Báo cáo nhanh") }
    var colOpenAlerts: String { t("Open", "Tin mở") }
    var thisDesk: String { t("this desk", "bàn này") }
    var notNominated: String { t("not nominated", "chưa cử") }
    func rapidOverdue(_ n: Int) -> String { t("\(n) overdue", "\(n) quá hạn") }
    func rapidDue(_ n: Int) -> String { t("\(n) due", "\(n) chờ nộp") }
    var noUnits: String { t("The campaign file lists no units.", "Tệp chiến dịch không có đơn vị nào.") }
    /// The heading of a sortable column of the Alerts pane, as the pane shows it.
    func sortColumnName(_ c: AlertSortColumn) -> String {
        switch c {
        case .age: colAge
        case .id: idLabel
        case .priority: colPriority
        case .source: colSource
        case .subject: colSubject
        case .location: colLocation
        case .status: colStatus
        case .owner: colOwner
        }
    }
    /// The order in the Alerts pane's title: "by Prio ↓" / "sắp theo Mức ↓" (↓ the greatest first).
    func sortedBy(_ sort: AlertSort) -> String {
        let name = sortColumnName(sort.column) + (sort.descending ? " ↓" : " ↑")
        return t("by " + name, "sắp theo " + name)
    }
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
    /// The help screen's section on the query language of `/` (issue 13, item 3; `SearchQuery`).
    var searchHelpTitle: String { t("Search (/)", "Tìm kiếm (/)") }
    /// Examples of the query language and what they find.
    var searchHelp: [(String, String)] {
        [
            (
                "te te",
                t(
                    "words at word starts, in a row: tê tê, not quốc tế … Tây",
                    "từ ở đầu chữ, liền nhau: tê tê, không phải quốc tế … Tây")
            ),
            (
                "ref:29c",
                t(
                    "reference: source ref., plate, container, flight, travel doc.",
                    "số hiệu: số tham chiếu, biển số, container, chuyến bay, hộ chiếu")
            ),
            (
                "unit:lang",
                t("unit: code or name (Vietnamese or English)", "đơn vị: mã hoặc tên (tiếng Việt hoặc tiếng Anh)")
            ),
            ("loc:\"mong cai\"", t("location; quotes keep words together", "địa điểm; ngoặc kép giữ các từ liền nhau")),
            ("sp:manis", t("species or commodity", "loài hoặc hàng hóa")),
            (
                "status:new prio:crit",
                t("status, priority (either language)", "trạng thái, mức ưu tiên (cả hai thứ tiếng)")
            ),
            ("src:police", t("source", "nguồn tin")),
            ("!status:closed", t("! leaves out what the term finds", "! loại bỏ những gì điều kiện tìm thấy")),
        ]
    }
    /// The Verification requests or Deadlines pane when its filter keeps no row.
    var noRowMatches: String {
        t("Nothing matches the filter. Esc clears it.", "Không có mục nào khớp bộ lọc. Esc để xóa.")
    }

    // Footer / status.
    var pending: String { t("pending…", "đang ghi…") }
    var done: String { t("done", "xong") }
    /// The banner of a read-only log, with the reason the log or its open gave.
    func readOnlyBanner(_ reason: String) -> String {
        t(
            "Log read-only: \(reason). Actions are disabled; run `dutydesk verify`.",
            "Nhật ký chỉ đọc: \(reason). Không thể thao tác; chạy `dutydesk verify`.")
    }
    var readOnlyRefusal: String {
        t("The log is read-only: actions are disabled.", "Nhật ký chỉ đọc: không thể thao tác.")
    }
    var noSelection: String { t("Select an alert first.", "Hãy chọn một tin báo.") }
    var notAvailableHere: String { t("Not available in this pane.", "Không dùng được ở khung này.") }
    var helpClose: String { t("Esc or ? closes", "Esc hoặc ? để đóng") }
    var formHint: String { t("Tab next · Enter save · Esc cancel", "Tab tiếp · Enter lưu · Esc hủy") }
    var required: String { t("is required", "là bắt buộc") }
    var notADateTime: String {
        t(
            "is not a date and time: write dd/MM/yyyy HH:mm (e.g. 01/09/2021 06:30), or leave it empty for now",
            "không phải ngày giờ: viết dd/MM/yyyy HH:mm (vd. 01/09/2021 06:30), hoặc để trống nếu là bây giờ")
    }
    var notANumber: String { t("is not a whole number (e.g. 12)", "không phải là số nguyên (vd. 12)") }
    var notInList: String {
        t("is not in the list; pick a suggestion (Ctrl-N)", "không có trong danh sách; chọn một gợi ý (Ctrl-N)")
    }
    var timeline: String { t("Timeline", "Diễn biến") }
    var conflictsTitle: String { t("Conflicts between desks", "Xung đột giữa các bàn trực") }
    var alsoWorkingLabel: String { t("Also working", "Cùng xử lý") }
    /// Marks a timeline event the fold took as a conflict (`Conflict`).
    var conflictMark: String { Conflict.mark(language) }
    /// How the fold took an event that had not seen another (docs/decisions/0012).
    func conflictRule(_ k: Conflict.Kind) -> String { k.rule(language) }
    /// The second line of a conflict: the earlier event that stands.
    func conflictStands(_ standing: String) -> String { t("stands: \(standing)", "giữ nguyên: \(standing)") }
    // Proposals (issue 11, item 5).
    var proposalsTitle: String { t("Proposals from other units", "Đề xuất của đơn vị khác") }
    var acceptWord: String { t("accept", "chấp nhận") }
    var declineWord: String { t("decline", "từ chối") }
    /// Marks a timeline event that is another unit's proposal.
    var proposalMark: String { t(" ⟶ proposal", " ⟶ đề xuất") }
    /// The alerts pane's marker of an alert with open proposals.
    var proposalMarker: String { "⟶" }
    /// Before the subject of an alert that may duplicate another open one (issue 13, item 4):
    /// "≈A-0007", "≈A-0007+2" when it shares references with three.
    func possibleDuplicateMark(_ ids: [String]) -> String {
        guard let first = ids.first else { return "" }
        return "≈" + first + (ids.count > 1 ? "+\(ids.count - 1)" : "") + " "
    }
    /// The detail view's line naming the open alerts sharing a reference or travel document.
    var possibleDuplicatesLabel: String { t("Possible duplicate of", "Có thể trùng với") }
    func noOpenProposal(_ id: String) -> String {
        t("Alert \(id) has no open proposal.", "Tin báo \(id) không có đề xuất đang chờ.")
    }
    /// After a lifecycle action this desk recorded as a proposal.
    func sentAsProposal(_ owner: String) -> String {
        t(
            "sent to \(owner) as a proposal; nothing changes until \(owner) accepts it",
            "đã gửi \(owner) dưới dạng đề xuất; chưa thay đổi cho tới khi \(owner) chấp nhận")
    }
    /// What a proposal proposes.
    func proposedAction(_ a: ProposedAction) -> String {
        switch a {
        case .acknowledge: return eventName(EventType.alertAcknowledged)
        case .assign(let x):
            return eventName(EventType.alertAssigned) + " " + assigneeKind(x.kind.rawValue) + " " + x.id
        case .escalate(let e): return eventName(EventType.alertEscalated) + " " + escalationTarget(e.rawValue)
        case .snooze: return eventName(EventType.alertSnoozed)
        case .close(let d): return eventName(EventType.alertClosed) + ": " + disposition(d.kind)
        case .reopen: return eventName(EventType.alertReopened)
        }
    }
    /// `1. tiếp nhận · HQLS ls.minh`: a proposal as the answer form lists it.
    func proposalLabel(_ p: AlertProposal) -> String {
        "\(p.number). \(proposedAction(p.action)) · \(p.desk.isEmpty ? "" : p.desk + " ")\(p.event.actor)"
    }
    func proposalStatus(_ st: AlertProposal.Status) -> String { st.text(language) }
    var notes: String { t("Notes", "Ghi chú") }
    var noNotes: String { t("No notes.", "Chưa có ghi chú.") }
    var sourceRule: String { t("Rule", "Căn cứ") }

    // Priorities.
    func priority(_ p: Priority) -> String {
        switch p {
        case .critical: return t("crit", "khẩn")
        case .high: return t("high", "cao")
        case .normal: return t("norm", "thường")
        case .low: return t("low", "thấp")
        }
    }
    func priorityLong(_ p: Priority) -> String {
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

    func verificationState(_ s: VerificationStatus) -> String {
        switch s {
        case .open: return t("open", "đang mở")
        case .answered: return t("replied", "đã trả lời")
        case .closed: return t("closed", "đã đóng")
        }
    }
    func direction(_ d: VerificationDirection) -> String {
        switch d {
        case .incoming: return t("in", "đến")
        case .outgoing: return t("out", "đi")
        }
    }
    func directionLong(_ d: VerificationDirection) -> String {
        switch d {
        case .incoming: return t("incoming", "đến")
        case .outgoing: return t("outgoing", "đi")
        }
    }

    // Banners.
    func newAlertBanner(_ p: Priority, _ subject: String) -> String {
        t("New \(priorityLong(p)) alert: \(subject)", "Tin báo mới mức \(priorityLong(p)): \(subject)")
    }
    func snoozeEndedBanner(_ subject: String) -> String {
        t("Snooze ended: \(subject)", "Hết tạm hoãn: \(subject)")
    }
    func acknowledgementOverdueBanner(_ p: Priority, _ subject: String) -> String {
        t(
            "Not acknowledged in time (\(priorityLong(p))): \(subject)",
            "Quá hạn tiếp nhận (\(priorityLong(p))): \(subject)")
    }
    func deadlineBanner(_ s: DeadlineState, _ label: String) -> String {
        switch s {
        case .overdue: return t("Overdue: \(label)", "Quá hạn: \(label)")
        default: return t("Due soon: \(label)", "Sắp đến hạn: \(label)")
        }
    }
    /// The banner of a dashboard whose clock is behind the log (`ClockBehind`, issue 10).
    func clockBehindBanner(_ b: ClockBehind, zone: CampaignZone) -> String {
        let clock = ClockBehind.localText(b.clock, zone: zone)
        let last = ClockBehind.localText(b.lastRecord, zone: zone)
        return t(
            "The clock (\(clock)) is \(Durations.words(seconds: Int64(b.minutes) * 60, language: .en)) behind the log's last record (\(last)); your actions are stamped with the log's time. Check the machine's clock, or restart with --now.",
            "Đồng hồ (\(clock)) chậm \(Durations.words(seconds: Int64(b.minutes) * 60, language: .vi)) so với bản ghi cuối của nhật ký (\(last)); thao tác của bạn được đóng dấu theo thời gian của nhật ký. Hãy kiểm tra đồng hồ của máy, hoặc mở lại với --now."
        )
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
        case .reopen: return t("Reopen alert", "Mở lại tin báo")
        case .share: return t("Sharing level", "Mức chia sẻ")
        case .answerProposal: return t("Answer proposal", "Trả lời đề xuất")
        case .openRequest: return t("Open verification request", "Mở yêu cầu xác minh")
        case .reply: return t("Record reply", "Ghi nhận trả lời")
        case .closeRequest: return t("Close verification request", "Đóng yêu cầu xác minh")
        case .nominate: return t("Focal-officer nomination", "Cử cán bộ đầu mối")
        case .report: return t("Report submitted", "Đã nộp báo cáo")
        case .handover:
            return t("Shift handover: what the next officer must know", "Bàn giao ca: điều cán bộ ca sau cần biết")
        }
    }

    func field(_ f: FieldKey) -> String {
        switch f {
        case .assignee: return t("Assignee", "Giao cho")
        case .escalationTarget: return t("Escalate to", "Chuyển cấp tới")
        case .reason: return t("Reason", "Lý do")
        case .disposition: return t("Disposition", "Kết quả")
        case .commodity: return t("Commodity", "Tang vật")
        case .quantity: return t("Quantity", "Số lượng")
        // *Đơn vị tính*: the unit of measure; *Đơn vị* alone is the customs unit (issue 14, item 2).
        case .quantityUnit: return t("Unit", "Đơn vị tính")
        case .quantity2: return t("Quantity 2", "Số lượng 2")
        case .quantityUnit2: return t("Unit 2", "Đơn vị tính 2")
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
        case .sharing: return t("Sharing", "Chia sẻ")
        case .proposal: return t("Proposal", "Đề xuất")
        case .answer: return t("Answer", "Trả lời")
        case .reference: return t("Document number", "Số văn bản")
        case .reportDay: return t("Day (dd/MM/yyyy)", "Ngày (dd/MM/yyyy)")
        case .seizedAt: return t("Seized at", "Lúc bắt giữ")
        }
    }

    func disposition(_ d: DispositionKind) -> String {
        switch d {
        case .seized: return t("seizure", "bắt giữ")
        case .noFinding: return t("no violation found", "không phát hiện vi phạm")
        case .referredToPartner: return t("referred to partner", "chuyển cơ quan khác")
        case .falseAlarm: return t("unfounded", "tin không có cơ sở")
        case .duplicateOf: return t("duplicate", "trùng")
        }
    }

    func reportKind(_ k: ReportKind) -> String {
        switch k {
        case .rapid: return t("rapid report", "báo cáo nhanh")
        case .daily: return t("daily results update", "cập nhật kết quả ngày")
        case .final: return t("final results report", "báo cáo kết quả cuối")
        }
    }

    func snooze(_ minutes: Int) -> String {
        minutes < 60 ? t("\(minutes) min", "\(minutes) phút") : t("\(minutes / 60) h", "\(minutes / 60) giờ")
    }

    // Banners and scroll markers.
    /// "+N more" after the last banner shown, with how many of the hidden ones are critical.
    func moreBanners(_ n: Int, critical: Int) -> String {
        critical > 0
            ? t("  (+\(n) more, \(critical) critical)", "  (+\(n) nữa, \(critical) khẩn)")
            : t("  (+\(n) more)", "  (+\(n) nữa)")
    }
    var seen: String { t("seen", "đã xem") }
    func moreBelow(_ n: Int) -> String { t(" ↓ \(n) more ", " ↓ còn \(n) ") }
    func moreAbove(_ n: Int) -> String { t(" ↑ \(n) above ", " ↑ \(n) phía trên ") }
    func moreAboveAndBelow(_ above: Int, _ below: Int) -> String {
        t(" ↑ \(above) above · ↓ \(below) more ", " ↑ \(above) phía trên · ↓ còn \(below) ")
    }
    func overdueCount(_ n: Int) -> String { t(" (\(n) overdue)", " (\(n) quá hạn)") }

    // Names from the campaign definition, in the officer's language.
    func campaignName(_ c: Campaign) -> String { t(c.name.en, c.name.vi) }
    func unitName(_ u: CampaignUnit) -> String { t(u.nameEN, u.nameVI) }
    func partnerName(_ p: PartnerAgency) -> String { t(p.nameEN, p.nameVI) }
    func coordinationBoardName(_ c: Campaign) -> String { t(c.coordinationBoard.en, c.coordinationBoard.vi) }

    // Alert sources: short (alert list, 10 columns at most) and full (detail view).
    func sourceShort(_ s: AlertSource) -> String {
        switch s.kind {
        case .coordinationBoard: return t("Board", "Ban ĐP")
        case .memberCountry: return t("Country ", "Nước ") + (s.country ?? "?")
        case .police: return t("Police", "Công an")
        case .borderGuard: return t("Border Gd", "Biên phòng")
        case .marketManagement: return t("Market Mgt", "QLTT")
        case .customsIntelligence: return t("Customs", "Hải quan")
        case .publicTip: return t("Public", "Người dân")
        }
    }
    func sourceLong(_ s: AlertSource, campaign: Campaign) -> String {
        switch s.kind {
        case .coordinationBoard: return coordinationBoardName(campaign)
        case .memberCountry: return t("Member country ", "Nước thành viên ") + (s.country ?? "?")
        case .police: return t("Police", "Công an")
        case .borderGuard: return t("Border Guard", "Bộ đội Biên phòng")
        case .marketManagement: return t("Market Management", "Quản lý thị trường")
        case .customsIntelligence: return t("Customs intelligence", "Thông tin nghiệp vụ hải quan")
        case .publicTip: return t("Tip from the public", "Tin báo của người dân")
        }
    }

    // Action labels (footer while pending, "done" after).
    var undoLabel: String { t("Undo", "Hoàn tác") }
    /// After a refusal that asks to reopen a closed alert first: the key that does.
    func reopenHint(_ key: String) -> String { t(" (\(key) reopens it)", " (nhấn \(key) để mở lại)") }
    func acknowledgeLabel(_ id: String) -> String { t("Acknowledge", "Tiếp nhận") + " " + id }
    /// A sharing level as the officer reads it: `TLP:AMBER (the owning unit, Division 1 and …)`.
    func sharingLevel(_ l: SharingLevel) -> String { l.text(language) }
    var sharingLabel: String { t("Sharing", "Mức chia sẻ") }
    var ownerDeskLabel: String { t("Received by desk", "Bàn trực nhận") }
    /// The alerts pane's mark of a `TLP:RED` alert (never leaves this desk), before its subject.
    var redMark: String { "TLP:RED " }

    // Detail views: labels.
    var idLabel: String { "ID" }
    var etaLabel: String { "ETA" }
    var pastAcknowledgement: String { t(" — past acknowledgement time", " — quá thời hạn tiếp nhận") }
    var priorityLabel: String { t("Priority", "Mức ưu tiên") }
    var receivedLabel: String { t("Received", "Nhận lúc") }
    var acknowledgeByLabel: String { t("Acknowledge by", "Hạn tiếp nhận") }
    var commodityLabel: String { t("Commodity", "Hàng hóa") }
    var speciesLabel: String { t("Species", "Loài") }
    /// When the goods were seized (as entered, else when the alert was closed).
    var seizedAtLabel: String { t("Seized at", "Thời điểm bắt giữ") }
    var quantityLabel: String { t("Quantity", "Số lượng") }
    var personsLabel: String { t("Persons", "Đối tượng") }
    var conveyanceLabel: String { t("Conveyance", "Phương tiện") }
    var responsibleUnitLabel: String { t("Responsible unit", "Đơn vị phụ trách") }
    var assignedToLabel: String { t("Assigned to", "Giao cho") }
    var escalatedToLabel: String { t("Escalated to", "Chuyển cấp tới") }
    var snoozedUntilLabel: String { t("Snoozed until", "Tạm hoãn đến") }
    var duplicateOfLabel: String { t("Duplicate of", "Trùng với") }
    var duplicatesLabel: String { t("Duplicates", "Tin trùng") }
    /// An alert's detail: the verification requests linked to it, by id.
    var linkedRequestsLabel: String { t("Requests", "Yêu cầu XM") }
    /// A verification request's detail: the alert it is linked to, by id.
    var linkedAlertLabel: String { t("Linked alert", "Tin báo liên quan") }
    var sourceNotesLabel: String { t("Source notes", "Ghi chú nguồn") }
    var retracted: String { t(" (retracted)", " (đã rút)") }
    func duplicateOf(_ id: String) -> String { t("duplicate of ", "trùng với ") + id }
    func cites(_ appendix: String) -> String { " (CITES \(appendix))" }

    // Deadline detail.
    var practiceRule: String {
        t(
            " — configurable default, not text of the letter",
            " — mặc định có thể cấu hình, không phải quy định của công văn")
    }
    func letterRule(_ reference: String) -> String { t(" — letter \(reference)", " — công văn \(reference)") }
    /// A deadline's rule source as the domain gives it (`item 9`, `practice`, `letter`,
    /// `item 8 (delay: practice)`), in the officer's language, with what it means.
    func ruleSource(_ rule: String, letter: String) -> String {
        let suffix = rule.contains("practice") ? practiceRule : letterRule(letter)
        guard language == .vi else { return rule + suffix }
        var words = rule
        for (en, vi) in [
            ("(delay: practice)", "(thời hạn: thông lệ)"), ("practice", "thông lệ"), ("letter", "công văn"),
            ("item ", "mục "),
        ] {
            words = words.replacing(en, with: vi)
        }
        return words + suffix
    }
    func notNominatedYet(_ n: Int) -> String { t("Not nominated yet (\(n)):", "Chưa cử (\(n)):") }
    func nominated(_ n: Int) -> String { t("Nominated (\(n)):", "Đã cử (\(n)):") }
    func nominateHint(_ key: String) -> String {
        t("\(key) records a nomination.", "Nhấn \(key) để ghi nhận cử cán bộ đầu mối.")
    }
    func reportHint(_ key: String) -> String {
        t("\(key) marks the report submitted.", "Nhấn \(key) để đánh dấu đã nộp báo cáo.")
    }
    func rapidReportHint(_ key: String) -> String {
        t("\(key) marks the rapid report submitted.", "Nhấn \(key) để đánh dấu đã nộp báo cáo nhanh.")
    }
    /// An event type on a timeline line (`EventType.name`, the table the commands share).
    func eventName(_ type: String) -> String { EventType.name(type, language) }
    var windowLabel: String { t("Window", "Thời gian") }
    var letterLabel: String { t("Letter", "Công văn") }

    // Verification request detail.
    var referenceLabel: String { t("Reference", "Số hiệu") }
    var routedViaLabel: String { t("Routed via", "Chuyển qua") }
    var caseDateLabel: String { t("Case date", "Ngày vụ việc") }
    var openedLabel: String { t("Opened", "Mở lúc") }
    var answeredLabel: String { t("Answered", "Trả lời lúc") }
    var answerLabel: String { t("Answer", "Nội dung trả lời") }
    var closedLabel: String { t("Closed", "Đóng lúc") }

    func quantityUnit(_ u: String) -> String {
        switch u {
        case "pieces": return t("pieces", "cái")
        case "individuals": return t("individuals", "cá thể")
        case "litres": return t("litres", "lít")
        default: return u
        }
    }

    // Start-up screen and the focal-officer aggregate deadline.
    func readingLog(_ name: String, fromSnapshot: Bool) -> String {
        t("Reading the event log ", "Đang đọc nhật ký ") + name
            + (fromSnapshot ? t(" (from its snapshot)", " (từ bản chụp)") : "")
    }
    func focalOfficersNominated(_ done: Int, of total: Int) -> String {
        t("Focal officers \(done) of \(total) nominated", "Cán bộ đầu mối: đã cử \(done)/\(total)")
    }
}

// Acting on many alerts and the undo stack (issue 13, items 5 and 6; `Bulk.swift`).
extension Strings {
    /// "12 alerts" / "12 tin báo".
    func alertCount(_ n: Int) -> String { t(n == 1 ? "1 alert" : "\(n) alerts", "\(n) tin báo") }
    /// The Alerts pane's title while alerts are marked: "3 marked".
    func markedCount(_ n: Int) -> String { t("\(n) marked", "đã chọn \(n)") }
    /// The mark column's sign of a marked alert (a shape, no colour needed).
    var markSign: String { "✓" }

    /// The verb of a bulk action, before the count: "Acknowledge" 12 alerts.
    func bulkVerb(_ a: BulkAction) -> String {
        switch a {
        case .acknowledge: t("Acknowledge", "Tiếp nhận")
        case .assign: t("Assign", "Giao xử lý")
        case .escalate: t("Escalate", "Chuyển cấp")
        case .snooze: t("Snooze", "Tạm hoãn")
        case .close: t("Close", "Đóng")
        case .note: t("Add a note to", "Thêm ghi chú cho")
        }
    }
    /// A bulk action's name (the confirmation's title, the footer, the undo stack):
    /// "Acknowledge 10 alerts".
    func bulkLabel(_ a: BulkAction, _ n: Int) -> String { bulkVerb(a) + " " + alertCount(n) }

    /// "10 will be acknowledged" / "10 tin sẽ được tiếp nhận".
    func bulkWillBe(_ a: BulkAction, _ n: Int) -> String {
        let en: String
        let vi: String
        switch a {
        case .acknowledge: (en, vi) = ("acknowledged", "tiếp nhận")
        case .assign: (en, vi) = ("assigned", "giao xử lý")
        case .escalate: (en, vi) = ("escalated", "chuyển cấp")
        case .snooze: (en, vi) = ("snoozed", "tạm hoãn")
        case .close: (en, vi) = ("closed", "đóng")
        case .note: return t("\(n) will get the note", "\(n) tin sẽ được thêm ghi chú")
        }
        return t("\(n) will be \(en)", "\(n) tin sẽ được \(vi)")
    }

    /// One group of alerts a bulk action leaves out, with up to three of their ids:
    /// "2 already are (A-0003, A-0007)".
    func bulkSkipped(_ a: BulkAction, _ why: BulkSkip, _ ids: [String], firstText: String) -> String {
        let n = ids.count
        let named =
            ids.prefix(3).joined(separator: ", ") + (n > 3 ? t(" and \(n - 3) more", " và \(n - 3) tin khác") : "")
        let done: String
        switch a {
        case .acknowledge: done = t("acknowledged", "tiếp nhận")
        case .assign: done = t("assigned so", "giao như vậy")
        case .escalate: done = t("escalated there", "chuyển cấp tới đó")
        default: done = t("so", "như vậy")
        }
        switch why {
        case .already:
            return t(
                n == 1 ? "1 already is (\(named))" : "\(n) already are (\(named))",
                "\(n) tin đã được \(done) từ trước (\(named))")
        case .unacknowledged:
            return t(
                n == 1 ? "1 is not acknowledged yet (\(named))" : "\(n) are not acknowledged yet (\(named))",
                "\(n) tin chưa được tiếp nhận (\(named))")
        case .closed:
            return t(n == 1 ? "1 is closed (\(named))" : "\(n) are closed (\(named))", "\(n) tin đã đóng (\(named))")
        case .other:
            return t("\(n) refused (\(named)): \(firstText)", "\(n) tin bị từ chối (\(named)): \(firstText)")
        }
    }

    /// The groups of left-out alerts of `c`, in the order of `BulkSkip`'s cases.
    func bulkSkips(_ c: BulkConfirm) -> [String] {
        [BulkSkip.already, .unacknowledged, .closed, .other].compactMap { why in
            let group = c.skipped.filter { $0.why == why }
            guard let first = group.first else { return nil }
            return bulkSkipped(c.action, why, group.map(\.id), firstText: first.text)
        }
    }

    /// The confirmation's question: "12 alerts marked: 10 will be acknowledged; 2 already
    /// are (A-0003, A-0007)."
    func bulkQuestion(_ c: BulkConfirm) -> String {
        let parts = [bulkWillBe(c.action, c.commands.count)] + bulkSkips(c)
        return t("\(alertCount(c.alertIDs.count)) marked: ", "Đã chọn \(alertCount(c.alertIDs.count)): ")
            + parts.joined(separator: "; ") + "."
    }
    /// The confirmation's keys.
    var confirmHint: String { t("y confirms · any other key cancels", "y để xác nhận · phím khác để hủy") }
    /// Nothing to confirm: every marked alert is left out.
    func bulkNothing(_ c: BulkConfirm) -> String {
        t(
            "\(bulkVerb(c.action)): none of the \(alertCount(c.alertIDs.count)): ",
            "\(bulkVerb(c.action)): không tin nào trong \(alertCount(c.alertIDs.count)): ")
            + bulkSkips(c).joined(separator: "; ")
    }
    var bulkCancelled: String { t("Cancelled: nothing was sent.", "Đã hủy: không ghi gì.") }

    /// The footer's name of an undo: "Undo: Acknowledge 12 alerts".
    func undoneLabel(_ label: String) -> String { t("Undo: ", "Hoàn tác: ") + label }
    /// The footer's name of a redo: "Redo: Acknowledge 12 alerts".
    func redoneLabel(_ label: String) -> String { t("Redo: ", "Làm lại: ") + label }
    /// The last action is still on its way to the log.
    func undoWaiting(_ label: String) -> String {
        t("\(label) is still being written; undo it once it is done.", "\(label) đang được ghi; hãy hoàn tác khi xong.")
    }
    /// An undo the domain refused: the entry is dropped, the next undo reaches the one before.
    func undoRefused(_ label: String, _ why: String) -> String {
        t(
            "Cannot undo \(label): \(why) (u again: the action before it)",
            "Không hoàn tác được \(label): \(why) (nhấn u lần nữa: thao tác trước đó)")
    }
    var nothingToRedo: String { t("Nothing to redo.", "Không có gì để làm lại.") }
    func redoRefused(_ label: String, _ why: String) -> String {
        t("Cannot redo \(label): \(why)", "Không làm lại được \(label): \(why)")
    }
}

extension Strings {
    /// The offer to acknowledge an alert before a form that needs it (issue 13, item 6).
    func acknowledgeFirstQuestion(_ id: String) -> String {
        t(
            "Acknowledge \(id) now (you take ownership), then fill the form?",
            "Tiếp nhận \(id) ngay (bạn nhận phụ trách), rồi điền biểu mẫu?")
    }
}

extension Strings {
    /// A report as the officer calls it, never by an internal key (issue 13, item 6): "Rapid
    /// report on seizure A-0006", "Daily results update 01/09", "Final results report".
    /// `day` is `yyyy-MM-dd`.
    func reportName(_ kind: ReportKind, alertID: String?, day: String?) -> String {
        switch kind {
        case .rapid:
            return t("Rapid report on seizure", "Báo cáo nhanh vụ bắt giữ") + (alertID.map { " " + $0 } ?? "")
        case .daily:
            let parts = (day ?? "").split(separator: "-")
            let dm = parts.count == 3 ? " \(parts[2])/\(parts[1])" : ""
            return t("Daily results update", "Cập nhật kết quả ngày") + dm
        case .final:
            return t("Final results report", "Báo cáo kết quả cuối")
        }
    }
    /// The action's label: "Report submitted: Rapid report on seizure A-0006 · 123/BC-HQHCM".
    func reportSubmittedLabel(_ name: String, reference: String?) -> String {
        t("Report submitted: ", "Đã nộp báo cáo: ") + name + (reference.map { " · " + $0 } ?? "")
    }
    /// A day field that is not dd/MM/yyyy.
    var notADate: String {
        t("is not a date (dd/MM/yyyy, e.g. 01/09/2021)", "không phải ngày (dd/MM/yyyy, vd. 01/09/2021)")
    }
}

// The detail view's timeline lines, with their values (issue 13, item 6).
extension Strings {
    /// "assigned to HQQN by officer.thu" / "giao cho HQQN (officer.thu)".
    /// The Deadlines pane's ETA group (issue 13, item 7).
    func etaGroupLabel(_ n: Int, open: Bool) -> String {
        open
            ? t(
                "▾ ETAs of \(n) alerts (Enter hides them)",
                "▾ Thời gian dự kiến đến của \(n) tin báo (Enter để thu gọn)")
            : t("▸ ETAs of \(n) alerts (Enter shows them)", "▸ Thời gian dự kiến đến của \(n) tin báo (Enter để xem)")
    }
    var etaGroupRule: String { "item 2" }

    // Shift handover (issue 13, item 8; HandoverView.swift).
    var handoverTitle: String { t("Shift handover", "Bàn giao ca") }
    var noHandover: String { t("No shift handover at this desk yet.", "Bàn trực chưa có bàn giao ca nào.") }
    func handoverBanner(_ author: String, at: String, open: Int, key: String) -> String {
        t(
            "Shift handover from \(author) (\(at)): \(open) open item(s) — \(key) to read it",
            "Bàn giao ca của \(author) (\(at)): \(open) việc đang mở — nhấn \(key) để xem")
    }
    func handoverBy(_ author: String, at: String) -> String {
        t("Handed over by \(author) at \(at)", "\(author) bàn giao lúc \(at)")
    }
    var handoverUnread: String { t("Not yet read by the officer taking over", "Cán bộ nhận ca chưa xác nhận đã đọc") }
    func handoverReadBy(_ officer: String, at: String) -> String {
        t("Read by \(officer) at \(at)", "\(officer) đã đọc lúc \(at)")
    }
    var handoverNoteTitle: String { t("Note", "Nội dung bàn giao") }
    var handoverUnacknowledged: String { t("Not yet acknowledged", "Tin báo chưa tiếp nhận") }
    func handoverOwnedBy(_ author: String) -> String {
        t("Acknowledged by \(author)", "Tin báo \(author) đã tiếp nhận")
    }
    var handoverSnoozed: String { t("Snoozed", "Tin báo tạm hoãn") }
    var handoverOverdue: String { t("Deadlines overdue", "Thời hạn đã quá") }
    var handoverNone: String { t("none", "không có") }
    func handoverMore(_ n: Int) -> String { t("… and \(n) more", "… và \(n) mục khác") }
    func handoverDue(_ at: String) -> String { t("due \(at)", "hạn \(at)") }
    func handoverKeys(write: String, read: String) -> String {
        t(
            "\(write): write your handover · \(read): mark this one read · Esc: back",
            "\(write): lập bàn giao ca của bạn · \(read): xác nhận đã đọc · Esc: quay lại")
    }
    var handoverLabel: String { t("Shift handover", "Bàn giao ca") }
    func handoverReadLabel(_ author: String) -> String {
        t("Read the handover of \(author)", "Xác nhận đọc bàn giao ca của \(author)")
    }
    func timelineHandedOver(_ list: String, _ author: String) -> String {
        t("in the shift handover of \(author) (\(list))", "có trong bàn giao ca của \(author) (\(list))")
    }

    func byActor(_ what: String, _ actor: String) -> String { t("\(what) by \(actor)", "\(what) (\(actor))") }
    /// The actor `system` (the desk's own records) in words.
    var systemActor: String { t("the system", "hệ thống") }
    var timelineAcknowledged: String { t("acknowledged", "tiếp nhận") }
    func timelineAssigned(_ to: String) -> String { t("assigned to \(to)", "giao cho \(to)") }
    func timelineEscalated(_ to: String) -> String { t("escalated to \(to)", "chuyển cấp tới \(to)") }
    var escalationReasonLabel: String { t("Escalation reason", "Lý do chuyển cấp") }
    /// The pending label of a self-escalation.
    func selfEscalationLabel(_ id: String) -> String { t("self-escalation of \(id)", "tự chuyển cấp \(id)") }
    /// The banner of a self-escalation: the target, the reminders, the subject.
    func selfEscalatedBanner(_ to: String, _ reminders: Int, _ subject: String) -> String {
        t(
            "escalated itself to \(to) — not acknowledged after \(reminders) reminder\(reminders == 1 ? "" : "s"): \(subject)",
            "đã tự chuyển cấp tới \(to) — chưa tiếp nhận sau \(reminders) lần nhắc: \(subject)")
    }
    /// A self-escalation's timeline line (decision 0017).
    func timelineSelfEscalated(_ to: String, _ reminders: Int) -> String {
        t(
            "escalated itself to \(to): not acknowledged after \(reminders) reminder\(reminders == 1 ? "" : "s")",
            "tự chuyển cấp tới \(to): chưa tiếp nhận sau \(reminders) lần nhắc")
    }
    func timelineSnoozed(_ until: String) -> String { t("snoozed until \(until)", "tạm hoãn đến \(until)") }
    func timelineClosed(_ d: String) -> String { t("closed: \(d)", "đóng: \(d)") }
    func timelineSharing(_ level: String) -> String { t("sharing set to \(level)", "đặt mức chia sẻ \(level)") }
}
