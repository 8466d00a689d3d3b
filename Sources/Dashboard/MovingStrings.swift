// The words of moving around (issue 13, item 7): the `:` command line, help's legend of
// markers and its "start here" for the drill. Part of the string table (`Strings`), in a
// file of its own so the table's other parts change apart.
import DutyDeskDomain

extension Strings {
    /// The title of the command line's completion box.
    var promptTitle: String { t("Commands (: · Tab completes · Enter runs)", "Lệnh (: · Tab gợi ý · Enter chạy)") }
    var promptFilterHelp: String {
        t(
            "filter the focused pane (the query of /; nothing clears it)",
            "lọc khung đang chọn (cú pháp như /; để trống để xóa bộ lọc)")
    }
    var promptViewHelp: String {
        t(
            "show a view: alerts, verification, deadlines, units, help, or a filter saved with :save",
            "xem: alerts (tin báo), verification (xác minh), deadlines (thời hạn), units (đơn vị), help (trợ giúp), hoặc bộ lọc đã lưu bằng :save"
        )
    }
    /// The name in words of what `:view` shows for `action` (a pane, the units view, help).
    func promptViewTitle(_ action: Action) -> String {
        switch action {
        case .focusAlerts: alerts
        case .focusVerification: verification
        case .focusDeadlines: deadlines
        case .viewUnits: t("Units", "Đơn vị")
        case .handover: handoverTitle
        default: t("Help", "Trợ giúp")
        }
    }
    func unknownCommand(_ name: String) -> String {
        t("Unknown command :\(name) (:help lists them)", "Không có lệnh :\(name) (:help liệt kê các lệnh)")
    }
    func unknownView(_ name: String) -> String {
        name.isEmpty
            ? t(
                "Which view? :view alerts, verification, deadlines, units or help",
                "Xem gì? :view alerts, verification, deadlines, units hoặc help")
            : t("No view named \(name)", "Không có màn hình \(name)")
    }
    /// Help's section of the `:` commands.
    var commandsHelpTitle: String { t("Commands (:)", "Lệnh (:)") }

    /// Help's "start here": the first steps of the drill (`dutydesk demo`).
    var startHereTitle: String { t("Start here (the drill: dutydesk demo)", "Bắt đầu (diễn tập: dutydesk demo)") }
    var startHere: [String] {
        [
            t(
                "1. The Alerts pane lists the longest-waiting critical alert first; j/k move, Enter opens it.",
                "1. Khung Tin báo xếp tin khẩn chờ lâu nhất lên đầu; j/k để di chuyển, Enter để mở."),
            t(
                "2. a acknowledges a new alert (*): it becomes yours. ! means its acknowledgement time has passed.",
                "2. a để tiếp nhận tin mới (*): tin thuộc phụ trách của bạn. ! là đã quá hạn tiếp nhận."),
            t(
                "3. s assigns, e escalates to Division 1 or the Coordination Board, c closes (a seizure opens a rapid report).",
                "3. s để giao, e để chuyển Phòng 1 hoặc Ban điều phối, c để đóng (bắt giữ mở một báo cáo nhanh)."),
            t(
                "4. Tab or 3: the Deadlines pane; f records a focal-officer nomination, d a report submitted.",
                "4. Tab hoặc 3: khung Thời hạn; f ghi nhận cử cán bộ đầu mối, d ghi nhận đã nộp báo cáo."),
            t(
                "5. u undoes your last action; x hides a banner; : runs any action by name; + zooms a pane.",
                "5. u để hoàn tác; x để ẩn thông báo; : để chạy thao tác theo tên; + để phóng to khung."),
        ]
    }

    /// Help's legend: every marker and symbol of the screens, and what it means.
    var legendTitle: String { t("Markers and symbols", "Ký hiệu") }
    var legend: [(String, String)] {
        [
            ("*", t("new alert, not acknowledged yet", "tin báo mới, chưa tiếp nhận")),
            ("!", t("past its acknowledgement time (status new!)", "quá hạn tiếp nhận (trạng thái mới!)")),
            (
                markSign,
                t("marked: the alert keys act on every marked alert", "đã chọn: phím xử lý áp dụng cho mọi tin đã chọn")
            ),
            (
                "≈A-0007",
                t("possible duplicate of A-0007 (m offers it first)", "có thể trùng với A-0007 (m gợi ý trước)")
            ),
            ("…", t("your action is on its way to the log", "thao tác đang được ghi vào nhật ký")),
            ("●", t("deadline upcoming", "thời hạn sắp tới")),
            ("▲", t("deadline due soon", "thời hạn sắp đến hạn")),
            ("✖", t("deadline overdue; focal officer not nominated", "thời hạn đã quá hạn; chưa cử cán bộ đầu mối")),
            ("✔", t("deadline met; focal officer nominated", "thời hạn đã hoàn thành; đã cử cán bộ đầu mối")),
            ("━┃", t("heavy border: the focused pane", "viền đậm: khung đang chọn")),
            ("↓ 12", t("more rows below (↑ above)", "còn dòng ở dưới (↑ ở trên)")),
        ]
    }
}
