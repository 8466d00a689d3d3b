/// A conflict the fold met and resolved: an event whose decider had not seen an earlier event
/// on the same alert or request that it conflicts with (two desks, or a desk working on a stale
/// view). The fold applies one documented, deterministic rule and keeps both events visible:
/// nothing is dropped (issue 10, item 5; docs/decisions/0012-seen-and-conflicts.md).
public struct Conflict: Sendable, Hashable {
    /// Which rule applied.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// An acknowledgement of an alert someone else already owned: the first owner keeps
        /// ownership; the later officer is listed as also working on it.
        case alsoWorking = "also_working"
        /// An action on an alert or request closed by an event its decider had not seen: the
        /// action is kept as a note and does not reopen or change it.
        case afterClose = "after_close"
        /// An assignment that had not seen another one: the first assignment stands.
        case assignment
        /// A snooze that had not seen another snooze: the earlier return time stands.
        case snooze
        /// An undo whose action had been followed by a change its decider had not seen: the
        /// undo is not applied (it would drop that change).
        case undoOutdated = "undo_outdated"
        /// A reopen of an alert that another reopen, which its decider had not seen, had
        /// already reopened: the first reopen stands.
        case alreadyReopened = "already_reopened"
        /// A second answer to a verification request that had not seen the first: the first
        /// answer stands; the second is kept in the timeline.
        case secondAnswer = "second_answer"
        /// Two sharing-level changes that did not see each other: the narrower level stands,
        /// so a narrowing is never undone by a widening made without seeing it (issue 11, item 4).
        case sharing
        /// An answer to a proposal, or its withdrawal, that had not seen an earlier answer or
        /// withdrawal of it: the first stands (issue 11, item 5).
        case proposalAnswered = "proposal_answered"
    }
    public var kind: Kind
    /// Marks a timeline event taken as a conflict, in `language`.
    public static func mark(_ language: Language) -> String { language == .vi ? " ⚠ xung đột" : " ⚠ conflict" }
    /// The event that had not seen `standing`; it was taken as `kind` says.
    public var event: EventRef
    /// The earlier event it had not seen, which stands.
    public var standing: EventRef
    public init(kind: Kind, event: EventRef, standing: EventRef) {
        self.kind = kind
        self.event = event
        self.standing = standing
    }
}

extension Conflict.Kind {
    /// How the fold took an event that had not seen another, as an officer reads it (the one
    /// table the dashboard and the commands share; docs/decisions/0012).
    public func rule(_ language: Language) -> String {
        func t(_ en: String, _ vi: String) -> String { language == .vi ? vi : en }
        return switch self {
        case .alsoWorking:
            t(
                "acknowledged after the owner without seeing it: also working",
                "tiếp nhận sau chủ trì mà không biết: cùng xử lý")
        case .afterClose:
            t(
                "acted after a close it had not seen: kept as a note",
                "thao tác sau khi đóng mà không biết: giữ như ghi chú")
        case .assignment:
            t(
                "assigned without seeing the first assignment: the first stands",
                "giao xử lý mà không biết lần giao đầu: giữ lần đầu")
        case .snooze:
            t(
                "snoozed without seeing the other snooze: the earlier end stands",
                "tạm hoãn mà không biết lần hoãn kia: giữ hạn sớm hơn")
        case .undoOutdated:
            t("undo not applied: a change it had not seen came after", "không hoàn tác: có thay đổi sau mà không biết")
        case .secondAnswer:
            t(
                "answered without seeing the first answer: the first stands",
                "trả lời mà không biết lần trả lời đầu: giữ lần đầu")
        case .alreadyReopened:
            t(
                "reopened without seeing the first reopen: the first stands",
                "mở lại mà không biết lần mở lại đầu: giữ lần đầu")
        case .sharing:
            t(
                "sharing level changed without seeing the other change: the narrower level stands",
                "đổi mức chia sẻ mà không biết lần đổi kia: giữ mức hẹp hơn")
        case .proposalAnswered:
            t(
                "answered or withdrew a proposal without seeing the first answer: the first stands",
                "trả lời hoặc rút đề xuất mà không biết lần trả lời đầu: giữ lần đầu")
        }
    }
}
