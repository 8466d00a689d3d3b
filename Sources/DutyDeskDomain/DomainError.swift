import DutyDeskJSON

/// The language of the words the officer reads (the dashboard's string tables, the domain's
/// refusals). Text that comes from the log (subjects, notes, names) is shown as written.
/// Vietnamese is the product's first language.
public enum Language: String, Sendable, Hashable, CaseIterable {
    case en, vi

    /// The language a `LANG`-style locale string selects: `vi_*` (e.g. `vi_VN.UTF-8`)
    /// gives Vietnamese, anything else (including nil) English (issue 4, item 1).
    public static func fromLocale(_ lang: String?) -> Language {
        guard let lang, lang.lowercased().hasPrefix("vi") else { return .en }
        return .vi
    }
}

/// Why the domain refuses a command (`decide`) or a stored payload (`DomainEvent(type:payload:)`).
/// A value, not a sentence: the dashboard and the commands render it in the officer's
/// language with `text(_:)` (Vietnamese in the field's words of letter 4237/TCHQ-ĐTCBL, see
/// the directive's table; English), and tests compare reasons, not text.
///
/// To add a refusal: add a case here (with the values the sentence names), its English and
/// Vietnamese sentence in `text(_:)` (the switch is exhaustive, so the build asks for both),
/// and throw it from `Decider` with `throw .theCase(…)`.
public enum DomainError: Error, Sendable, Hashable, CustomStringConvertible {
    // Alerts.
    /// No alert has this id.
    case noAlert(String)
    /// An alert id was given but is empty.
    case emptyAlertID
    /// `receiveAlert` named an id already used.
    case alertExists(String)
    /// The alert is closed; reopen it first.
    case alertClosed(String)
    /// The alert was closed as a duplicate of `into`; reopen it first.
    case alertMergedClosed(String, into: String)
    /// The alert is still new: acknowledge it `before` the action.
    case notAcknowledged(String, before: AlertAction)
    /// Someone (`by`, nil when unknown) already acknowledged the alert.
    case alreadyAcknowledged(String, by: String?)
    case alreadyAssigned(String, to: Assignee)
    case alreadyEscalated(String, to: EscalationTarget)
    /// A self-escalation (decision 0017) decided by an actor other than `system`.
    case selfEscalationBySystemOnly
    /// A self-escalation where the campaign sets none (`attention.escalate_after_reminders`).
    case selfEscalationOff
    /// A self-escalation of the alert before its instant (`at`, in the campaign zone).
    case selfEscalationNotDue(String, at: RFC3339Timestamp)
    /// A self-escalation by a desk outside the alert's owning unit (`owner`).
    case selfEscalationOutsideUnit(String, owner: String)
    /// The snooze end (an instant in the campaign zone) is not after now.
    case snoozeNotInFuture(until: RFC3339Timestamp)
    /// Reopening an alert that is not closed (its status).
    case notClosed(String, status: AlertStatus)
    case mergeIntoItself(String)
    /// The survivor of a merge was itself merged into `into`: merge into that one.
    case survivorMerged(String, into: String)
    case duplicateOfItself(String)
    /// A required text is empty (or only spaces).
    case empty(RequiredText)
    /// A `member_country` source without a two-letter country code.
    case countryCodeNeeded
    /// A quantity amount that is not a non-negative decimal (as written).
    case badQuantity(String)
    /// A CITES appendix other than I, II or III, with the species it was given for.
    case badCitesAppendix(String, species: String)
    /// An instant outside `TimeRules`' window (1900-01-01 up to 2100-01-01 UTC) for `field`.
    case timeOutsideWindow(field: String, time: RFC3339Timestamp)
    /// The acting officer id holds a control character (its `U+XXXX` name).
    case officerIDControl(String)
    /// An alert subject holds a line break (its `U+XXXX` name): a subject is one line.
    case subjectLineBreak(String)
    /// The ETA is before the tip was received (both in the campaign zone).
    case etaBeforeReceipt(eta: RFC3339Timestamp, received: RFC3339Timestamp)
    case personWithoutName
    case unknownUnit(String)
    case unknownPartner(String)
    case seizureNeedsCommodity
    case seizureNeedsQuantity
    /// A seizure instant was given for a close that is not a seizure.
    case seizureTimeWithoutSeizure
    /// The seizure instant entered (in the campaign zone) is after now.
    case seizureInFuture(at: RFC3339Timestamp)
    // Undo.
    /// The actor has no alert action to undo.
    case nothingToUndo(actor: String)
    case noteAlreadyRetracted(alertID: String)
    /// The alert changed since the actor's `yourAction` (an event type); `lastChange` is
    /// the event type and actor of the latest change, when known.
    case undoOutdated(alertID: String, yourAction: String, lastChange: Change?)
    /// An undo named `alertID`, but the actor's last action (`yourAction`, an event type)
    /// was on `lastOn`: nothing is undone (`Command.undoOn`).
    case lastActionElsewhere(alertID: String, lastOn: String, yourAction: String)
    // Verification requests.
    case noRequest(String)
    case requestExists(String)
    case linkedAlertMissing(String)
    /// The due instant is not after the opening instant (both in the campaign zone).
    case dueNotAfterOpening(due: RFC3339Timestamp, opened: RFC3339Timestamp)
    case requestNotOpen(String, status: VerificationStatus)
    case requestAlreadyClosed(String)
    // Focal officers and reports (letter items 6, 8 and 9).
    /// Only provincial Customs Departments nominate focal officers (item 9).
    case notProvincialDepartment(String)
    /// A focal officer's phone number that is not a Vietnamese mobile or landline number
    /// as written (`PhoneNumber`): the text as typed when it is short and printable, else nil.
    case badPhone(String?)
    case rapidReportNeedsAlert
    case noSeizureToReport(alertID: String)
    /// A day (`yyyy-MM-dd`) outside the campaign window.
    case notCampaignDay(String)
    // Desks (issue 10; Desk.swift).
    /// The log already belongs to the desk named.
    case deskAlreadyConfigured(String)
    /// A desk code that is not 2–16 characters of A–Z, 0–9 and `-` (the code given).
    case badDeskCode(String)
    /// A desk key for a log without a desk (`desk.keyed` needs `desk.configured` first).
    case deskNotConfigured
    /// The log's desk (named) already has a key.
    case deskAlreadyKeyed(String)
    /// The desk code (named) is another desk's, whose records this log holds.
    case deskCodeTaken(String)
    // Sharing levels (issue 11, item 4; Sharing.swift).
    /// The alert already has this sharing level.
    case sharingUnchanged(String, level: SharingLevel)
    /// A desk outside the owning unit (`owner`, a unit code, or the owning desk's code when no
    /// unit is known) tried to widen the alert's level `from` → `to`: only narrower.
    case sharingWidenedByOther(String, from: SharingLevel, to: SharingLevel, owner: String)
    // Proposals (issue 11, item 5; Proposals.swift).
    /// The alert (first) has no proposal numbered or identified as typed (second).
    case noProposal(String, String)
    /// Only the owning unit (`owner`, a unit code or the owning desk's) answers proposals.
    case notOwningUnit(String, owner: String)
    /// The proposal `number` on the alert is no longer open.
    case proposalNotOpen(String, number: Int, status: AlertProposal.Status)
    /// The proposal `number` on the alert is desk `desk`'s: only it withdraws it.
    case notYourProposal(String, number: Int, desk: String)
    // Shift handovers (issue 13, item 8; Handover.swift).
    /// No handover has this event id.
    case noHandover(String)
    /// The handover was already marked read by the officer named.
    case handoverAlreadyRead(String, by: String)
    /// The actor wrote this handover: the next officer marks it read.
    case ownHandover(String)
    /// A handover note longer than `limit` characters (`ShiftHandedOver.noteLimit`).
    case handoverNoteTooLong(limit: Int)
    // Stored payloads.
    /// A stored payload of event type `type` (with a sub-part, e.g. `alert.received species`)
    /// that cannot be decoded; `field` nil for the payload as a whole.
    case badPayload(type: String, field: String?, PayloadProblem)

    /// The alert actions that need an acknowledged alert.
    public enum AlertAction: String, Sendable, Hashable, CaseIterable {
        case assign, escalate, snooze, close
    }

    /// Texts a command must not leave empty.
    public enum RequiredText: String, Sendable, Hashable, CaseIterable {
        case alertSubject, note, reopenReason, counterpart, subject, replySummary
        case focalOfficerName, position, phone, officerID
        /// A decline's reason, when one is given (issue 11, item 5).
        case declineReason
        /// The note of a shift handover (issue 13, item 8).
        case handoverNote
    }

    /// What is wrong with a stored payload's field.
    public enum PayloadProblem: Sendable, Hashable {
        case notAnObject
        case missingOrWrongType
        case missing
        case notAString
        case notAnArray
        /// Not an RFC 3339 timestamp with offset (the text found).
        case notATimestamp(String)
        /// An RFC 3339 time beyond what 64-bit nanoseconds hold (before 1677 or after 2262).
        case timeNotRepresentable(String)
        /// A time outside `TimeRules`' window (the text found).
        case timeOutsideWindow(String)
        case unknownValue(String)
        /// A quantity amount that is not a non-negative decimal.
        case badAmount(String)
        case badPriority
        case unknownEscalationTarget
    }

    /// An event as `undoOutdated` names it: its type (e.g. `alert.closed`) and actor.
    public struct Change: Sendable, Hashable {
        public var type: String
        public var actor: String
        public init(type: String, actor: String) {
            self.type = type
            self.actor = actor
        }
    }

    /// English text, e.g. `alert A-0042 is closed; reopen it first` (logs, skip reasons).
    public var description: String { text(.en) }

    /// The refusal in `language`: English as the project always wrote it, Vietnamese in
    /// the field's words (tin báo, yêu cầu xác minh, cán bộ đầu mối, Phòng 1, Ban điều phối…).
    /// Instants are shown as RFC 3339 with the campaign zone's offset.
    public func text(_ language: Language) -> String {
        let en = language == .en
        func t(_ e: String, _ v: String) -> String { en ? e : v }
        switch self {
        case .noAlert(let id): return t("no alert \(id)", "không có tin báo \(id)")
        case .emptyAlertID: return t("alert id is empty", "mã tin báo để trống")
        case .alertExists(let id): return t("alert \(id) already exists", "tin báo \(id) đã có")
        case .alertClosed(let id):
            return t("alert \(id) is closed; reopen it first", "tin báo \(id) đã đóng; hãy mở lại trước")
        case .alertMergedClosed(let id, let m):
            return t(
                "alert \(id) was closed as a duplicate of \(m); reopen it first",
                "tin báo \(id) đã đóng do trùng với \(m); hãy mở lại trước")
        case .notAcknowledged(let id, let action):
            return t(
                "alert \(id) is not acknowledged; acknowledge it before you \(action.en) it",
                "tin báo \(id) chưa được tiếp nhận; hãy tiếp nhận trước khi \(action.vi)")
        case .alreadyAcknowledged(let id, let by):
            return t(
                "alert \(id) is already acknowledged by \(by ?? "another officer")",
                "tin báo \(id) đã được \(by ?? "cán bộ khác") tiếp nhận")
        case .alreadyAssigned(let id, let to):
            return t(
                "alert \(id) is already assigned to \(Self.assigneeKindEN(to.kind)) \(to.id)",
                "tin báo \(id) đã được giao cho \(Self.assigneeKindVI(to.kind)) \(to.id)")
        case .alreadyEscalated(let id, let target):
            return t(
                "alert \(id) is already escalated to \(Self.targetEN(target))",
                "tin báo \(id) đã được chuyển cấp tới \(Self.targetVI(target))")
        case .selfEscalationBySystemOnly:
            return t(
                "only the desk itself (actor system) escalates an alert for unanswered reminders",
                "chỉ chính bàn trực (tác nhân system) tự chuyển cấp tin báo quá số lần nhắc")
        case .selfEscalationOff:
            return t(
                "the campaign sets no self-escalation (attention.escalate_after_reminders)",
                "chiến dịch không đặt tự chuyển cấp (attention.escalate_after_reminders)")
        case .selfEscalationNotDue(let id, let at):
            return t(
                "alert \(id) is not due to escalate itself before \(at)",
                "tin báo \(id) chưa đến lúc tự chuyển cấp (từ \(VietnameseDate.asEntered(at)))")
        case .selfEscalationOutsideUnit(let id, let owner):
            return t(
                "only a desk of the owning unit \(owner) escalates alert \(id) by itself",
                "chỉ bàn trực của đơn vị chủ trì \(owner) tự chuyển cấp tin báo \(id)")
        case .snoozeNotInFuture(let until):
            return t(
                "snooze end \(until) is not in the future",
                "thời điểm hết tạm hoãn \(VietnameseDate.asEntered(until)) không ở tương lai")
        case .notClosed(let id, let status):
            return t(
                "alert \(id) is not closed (it is \(Self.statusEN(status)))",
                "tin báo \(id) chưa đóng (đang ở trạng thái \(Self.statusVI(status)))")
        case .mergeIntoItself(let id):
            return t("alert \(id) cannot be merged into itself", "không thể gộp tin báo \(id) vào chính nó")
        case .survivorMerged(let id, let m):
            return t(
                "alert \(id) was itself merged into \(m); merge into \(m)",
                "tin báo \(id) đã được gộp vào \(m); hãy gộp vào \(m)")
        case .duplicateOfItself(let id):
            return t("alert \(id) cannot be a duplicate of itself", "tin báo \(id) không thể trùng với chính nó")
        case .empty(let what): return t("\(what.en) is empty", "\(what.vi) để trống")
        case .countryCodeNeeded:
            return t(
                "a tip from a member country needs its two-letter country code (e.g. TH)",
                "nguồn nước thành viên cần mã nước hai chữ cái (vd. TH)")
        case .badQuantity(let amount):
            return t(
                "quantity \"\(amount)\" is not a non-negative decimal",
                "số lượng \"\(amount)\" không phải số thập phân không âm")
        case .badCitesAppendix(let app, let species):
            return t(
                "CITES appendix \"\(app)\" of \(species) must be I, II or III",
                "phụ lục CITES \"\(app)\" của \(species) phải là I, II hoặc III")
        case .personWithoutName: return t("a person concerned has no name", "một đối tượng liên quan chưa có họ tên")
        case .unknownUnit(let u): return t("unknown unit \(u)", "không có đơn vị \(u)")
        case .unknownPartner(let p): return t("unknown partner agency \(p)", "không có cơ quan phối hợp \(p)")
        case .seizureNeedsCommodity:
            return t("a seizure needs the commodity seized", "bắt giữ cần ghi tang vật bị thu giữ")
        case .seizureNeedsQuantity:
            return t(
                "a seizure needs the quantity seized (e.g. 50 pieces, 72 kg)",
                "bắt giữ cần ghi số lượng thu giữ (vd. 50 cái, 72 kg)")
        case .seizureTimeWithoutSeizure:
            return t(
                "a seizure time is given only when closing as a seizure",
                "thời điểm bắt giữ chỉ ghi khi đóng tin báo với kết quả bắt giữ")
        case .seizureInFuture(let at):
            return t(
                "the seizure time \(at) is after now: enter when the goods were seized",
                "thời điểm bắt giữ \(VietnameseDate.asEntered(at)) chưa tới: ghi lúc hàng bị bắt giữ")
        case .nothingToUndo(let actor):
            return t("nothing to undo for \(actor)", "\(actor) không có thao tác nào để hoàn tác")
        case .noteAlreadyRetracted(let id):
            return t("the note on alert \(id) is already retracted", "ghi chú trên tin báo \(id) đã được rút")
        case .undoOutdated(let id, let yours, let last):
            let by = last.map { t(" (\($0.type) by \($0.actor))", " (\($0.type) của \($0.actor))") } ?? ""
            return t(
                "alert \(id) changed since your \(yours)\(by); undo is no longer possible",
                "tin báo \(id) đã thay đổi sau thao tác \(yours) của bạn\(by); không thể hoàn tác nữa")
        case .lastActionElsewhere(let id, let lastOn, let yours):
            return t(
                "your last action (\(yours)) was on alert \(lastOn), not on \(id); nothing was undone",
                "thao tác gần nhất của bạn (\(yours)) là trên tin báo \(lastOn), không phải \(id); chưa hoàn tác gì")
        case .noRequest(let id): return t("no verification request \(id)", "không có yêu cầu xác minh \(id)")
        case .requestExists(let id):
            return t("verification request \(id) already exists", "yêu cầu xác minh \(id) đã có")
        case .linkedAlertMissing(let id):
            return t("linked alert \(id) does not exist", "tin báo liên quan \(id) không tồn tại")
        case .dueNotAfterOpening(let due, let opened):
            return t(
                "due \(due) is not after opening \(opened)",
                "hạn \(VietnameseDate.asEntered(due)) không sau thời điểm mở \(VietnameseDate.asEntered(opened))")
        case .requestNotOpen(let id, let status):
            return t(
                "verification request \(id) is \(status == .answered ? "answered" : "closed"), not open",
                "yêu cầu xác minh \(id) \(Self.requestStatusVI(status)), không còn mở")
        case .requestAlreadyClosed(let id):
            return t("verification request \(id) is already closed", "yêu cầu xác minh \(id) đã đóng")
        case .notProvincialDepartment(let u):
            return t(
                "unit \(u) is not a provincial Customs Department; only those nominate focal officers (item 9)",
                "đơn vị \(u) không phải Cục Hải quan tỉnh, thành phố; chỉ các Cục này cử cán bộ đầu mối (mục 9)")
        case .badPhone(let typed):
            let p = DomainError.RequiredText.phone
            let fieldEN = typed.map { "\(p.en) \"\($0)\"" } ?? p.en
            let fieldVI = typed.map { "\(p.vi) \"\($0)\"" } ?? p.vi
            return t(
                "\(fieldEN) is not a Vietnamese phone number: a mobile is 10 digits starting 03, 05, 07, 08 or 09 (0912 345 678) or +84 and 9 digits (+84 912 345 678); a landline is 11 digits starting 02 (024 3826 5555) or +84 and 10 digits (+84 24 3826 5555); spaces, dots and dashes may separate the digits",
                "\(fieldVI) không đúng dạng số điện thoại Việt Nam: số di động gồm 10 chữ số bắt đầu bằng 03, 05, 07, 08 hoặc 09 (0912 345 678) hoặc +84 và 9 chữ số (+84 912 345 678); số cố định gồm 11 chữ số bắt đầu bằng 02 (024 3826 5555) hoặc +84 và 10 chữ số (+84 24 3826 5555); các chữ số có thể cách nhau bằng dấu cách, dấu chấm hoặc dấu gạch ngang"
            )
        case .rapidReportNeedsAlert:
            return t("a rapid report names the alert of the seizure", "báo cáo nhanh phải ghi tin báo của vụ bắt giữ")
        case .noSeizureToReport(let id):
            return t(
                "alert \(id) has no recorded seizure to report", "tin báo \(id) chưa ghi nhận vụ bắt giữ nào để báo cáo"
            )
        case .noHandover(let id): return t("no shift handover \(id)", "không có bàn giao ca \(id)")
        case .handoverAlreadyRead(let id, let by):
            return t(
                "shift handover \(id) was already marked read by \(by)",
                "bàn giao ca \(id) đã được \(by) xác nhận đã đọc")
        case .handoverNoteTooLong(let limit):
            return t(
                "the handover note is longer than \(limit) characters; keep it to what the next officer must know",
                "nội dung bàn giao ca dài quá \(limit) ký tự; chỉ ghi những điều cán bộ ca sau cần biết")
        case .ownHandover(let id):
            return t(
                "shift handover \(id) is your own; the officer taking over marks it read",
                "bàn giao ca \(id) do chính bạn lập; cán bộ nhận ca xác nhận đã đọc")
        case .notCampaignDay(let d): return t("\(d) is not a campaign day", "\(d) không phải ngày của chiến dịch")
        case .deskAlreadyConfigured(let d):
            return t(
                "the log already belongs to desk \(d); a log has one desk",
                "nhật ký đã thuộc bàn trực \(d); mỗi nhật ký chỉ có một bàn trực")
        case .badDeskCode(let c):
            return t(
                "desk code \"\(c)\" must be 2 to 16 characters of A-Z, 0-9 and -",
                "mã bàn trực \"\(c)\" phải gồm 2 đến 16 ký tự A-Z, 0-9 và -")
        case .deskNotConfigured:
            return t(
                "the log has no desk yet; record its desk first (dutydesk desk init --unit CODE)",
                "nhật ký chưa có bàn trực; hãy ghi bàn trực trước (dutydesk desk init --unit MÃ)")
        case .deskCodeTaken(let d):
            return t(
                "desk code \(d) is another desk's: its records are in this log; choose another code (--desk)",
                "mã bàn trực \(d) là của một bàn trực khác: bản ghi của bàn đó đã có trong nhật ký này; hãy chọn mã khác (--desk)"
            )
        case .deskAlreadyKeyed(let d):
            return t(
                "desk \(d) of this log already has a key; a desk's key is never replaced",
                "bàn trực \(d) của nhật ký đã có khóa; khóa của bàn trực không bao giờ bị thay")
        case .sharingUnchanged(let id, let level):
            return t(
                "alert \(id) is already shared at \(level.label)", "tin báo \(id) đã ở mức chia sẻ \(level.label)")
        case .sharingWidenedByOther(let id, let from, let to, let owner):
            return t(
                "only the owning unit \(owner) may widen the sharing of alert \(id) (\(from.label) to \(to.label)); this desk may only narrow it",
                "chỉ đơn vị chủ trì \(owner) được mở rộng mức chia sẻ của tin báo \(id) (\(from.label) sang \(to.label)); bàn trực này chỉ được thu hẹp"
            )
        case .noProposal(let id, let typed):
            return t(
                "alert \(id) has no proposal \(typed); `dutydesk alert show \(id)` lists them",
                "tin báo \(id) không có đề xuất \(typed); `dutydesk alert show \(id)` liệt kê các đề xuất")
        case .notOwningUnit(let id, let owner):
            return t(
                "only the owning unit \(owner) answers proposals on alert \(id)",
                "chỉ đơn vị chủ trì \(owner) trả lời đề xuất về tin báo \(id)")
        case .proposalNotOpen(let id, let n, let status):
            return t(
                "proposal \(n) on alert \(id) is no longer open: \(status.text(.en))",
                "đề xuất \(n) về tin báo \(id) không còn chờ: \(status.text(.vi))")
        case .notYourProposal(let id, let n, let d):
            return t(
                "proposal \(n) on alert \(id) is desk \(d)'s: only that desk withdraws it",
                "đề xuất \(n) về tin báo \(id) là của bàn trực \(d): chỉ bàn trực đó được rút")
        case .timeOutsideWindow(let field, let time):
            return en
                ? TimeRules.problem(time, field: field) ?? "\(field) \(time) is outside the accepted times"
                : "\(field) \(VietnameseDate.asEntered(time)) nằm ngoài khoảng thời gian chấp nhận (\(TimeRules.windowTextVI))"
        case .officerIDControl(let c):
            return t("officer id contains a control character (\(c))", "mã cán bộ chứa ký tự điều khiển (\(c))")
        case .subjectLineBreak(let c):
            return t(
                "alert subject contains a line break (\(c)); a subject is one line",
                "tiêu đề tin báo có ký tự xuống dòng (\(c)); tiêu đề chỉ được một dòng")
        case .etaBeforeReceipt(let eta, let received):
            return t(
                "eta \(eta) is before the tip was received (\(received))",
                "thời gian dự kiến đến \(VietnameseDate.asEntered(eta)) sớm hơn lúc nhận tin báo (\(VietnameseDate.asEntered(received)))"
            )
        case .badPayload(let type, let field, let problem):
            return Self.payloadText(type: type, field: field, problem, en: en)
        }
    }

    static func payloadText(type: String, field: String?, _ p: PayloadProblem, en: Bool) -> String {
        func t(_ e: String, _ v: String) -> String { en ? e : v }
        let f = field ?? ""
        switch p {
        case .notAnObject:
            return t("\(type): payload is not a JSON object", "\(type): nội dung không phải đối tượng JSON")
        case .missingOrWrongType:
            return t(
                "\(type): field \"\(f)\" is missing or has the wrong type",
                "\(type): trường \"\(f)\" thiếu hoặc sai kiểu")
        case .missing:
            if f == "amount" {
                return t("\(type): quantity field \"amount\" is missing", "\(type): thiếu trường số lượng \"amount\"")
            }
            return t("\(type): field \"\(f)\" is missing", "\(type): thiếu trường \"\(f)\"")
        case .notAString:
            return t("\(type): field \"\(f)\" is not a string", "\(type): trường \"\(f)\" không phải chuỗi")
        case .notAnArray:
            return t("\(type): field \"\(f)\" is not an array", "\(type): trường \"\(f)\" không phải mảng")
        case .timeNotRepresentable(let s):
            return t(
                "\(type): field \"\(f)\" \(s) is outside what the program can represent",
                "\(type): trường \"\(f)\" \(s) nằm ngoài khoảng thời gian chương trình biểu diễn được")
        case .timeOutsideWindow(let s):
            return t(
                "\(type): field \"\(f)\": \(s) is outside the accepted times (\(TimeRules.windowText))",
                "\(type): trường \"\(f)\": \(s) nằm ngoài khoảng thời gian chấp nhận (\(TimeRules.windowTextVI))")
        case .notATimestamp(let s):
            return t(
                "\(type): field \"\(f)\" is not an RFC 3339 timestamp with offset: \(s)",
                "\(type): trường \"\(f)\" không phải thời điểm RFC 3339 có múi giờ: \(s)")
        case .unknownValue(let s):
            return t(
                "\(type): field \"\(f)\" has unknown value \"\(s)\"", "\(type): trường \"\(f)\" có giá trị lạ \"\(s)\"")
        case .badAmount(let s):
            return t(
                "\(type): quantity amount \"\(s)\" is not a non-negative decimal",
                "\(type): số lượng \"\(s)\" không phải số thập phân không âm")
        case .badPriority:
            return t(
                "\(type): field \"priority\" must be critical, high, normal or low",
                "\(type): trường \"priority\" phải là critical, high, normal hoặc low")
        case .unknownEscalationTarget:
            return t(
                "\(type): restored escalations holds an unknown target",
                "\(type): danh sách chuyển cấp khôi phục có nơi nhận lạ")
        }
    }

    static func assigneeKindVI(_ k: AssigneeKind) -> String {
        switch k {
        case .unit: "đơn vị"
        case .officer: "cán bộ"
        case .partner: "cơ quan phối hợp"
        }
    }
    // English words for the codes a refusal names (issue 14, item 2: no internal code
    // reaches an officer in either language).
    static func assigneeKindEN(_ k: AssigneeKind) -> String {
        switch k {
        case .unit: "unit"
        case .officer: "officer"
        case .partner: "partner agency"
        }
    }
    static func targetEN(_ t: EscalationTarget) -> String {
        switch t {
        case .division1: "Division 1 (Anti-Smuggling Investigation Department)"
        case .coordinationBoard: "the Coordination Board"
        }
    }
    static func statusEN(_ s: AlertStatus) -> String {
        switch s {
        case .received: "new"
        case .acknowledged: "acknowledged"
        case .assigned: "assigned"
        case .escalated: "escalated"
        case .snoozed: "snoozed"
        case .closed: "closed"
        }
    }
    static func targetVI(_ t: EscalationTarget) -> String {
        switch t {
        case .division1: "Phòng 1 (ĐTCBL)"
        case .coordinationBoard: "Ban điều phối"
        }
    }
    static func statusVI(_ s: AlertStatus) -> String {
        switch s {
        case .received: "mới nhận"
        case .acknowledged: "đã tiếp nhận"
        case .assigned: "đã giao xử lý"
        case .escalated: "đã chuyển cấp"
        case .snoozed: "tạm hoãn"
        case .closed: "đã đóng"
        }
    }
    static func requestStatusVI(_ s: VerificationStatus) -> String {
        switch s {
        case .open: "đang mở"
        case .answered: "đã được trả lời"
        case .closed: "đã đóng"
        }
    }
}

extension DomainError.AlertAction {
    var en: String { rawValue }
    var vi: String {
        switch self {
        case .assign: "giao xử lý"
        case .escalate: "chuyển cấp"
        case .snooze: "tạm hoãn"
        case .close: "đóng"
        }
    }
}

extension DomainError.RequiredText {
    var en: String {
        switch self {
        case .alertSubject: "alert subject"
        case .note: "note"
        case .reopenReason: "reason for reopening"
        case .counterpart: "counterpart"
        case .subject: "subject"
        case .replySummary: "reply summary"
        case .focalOfficerName: "focal officer name"
        case .position: "position"
        case .phone: "phone number"
        case .officerID: "officer id"
        case .declineReason: "reason for declining"
        case .handoverNote: "handover note"
        }
    }
    var vi: String {
        switch self {
        case .alertSubject: "nội dung tin báo"
        case .note: "ghi chú"
        case .reopenReason: "lý do mở lại"
        case .counterpart: "đối tác"
        case .subject: "nội dung"
        case .replySummary: "tóm tắt trả lời"
        case .focalOfficerName: "họ tên cán bộ đầu mối"
        case .position: "chức vụ"
        case .phone: "số điện thoại"
        case .officerID: "mã cán bộ"
        case .declineReason: "lý do từ chối"
        case .handoverNote: "nội dung bàn giao ca"
        }
    }
}
