// `dutydesk alert ack|assign|escalate|snooze|note|close|reopen|merge|undo|share|accept|decline|withdraw`: every action of the
// dashboard's alert keys on the command line (issue 10, item 3). Each is a `ScriptCommand`:
// one `run()` decides under the log's lock and prints what it did once the event is durable.
import ArgumentParser
import DutyDeskConfig
import DutyDeskDomain
import DutyDeskJSON

/// An alert id as the officer typed it on the command line: the one place the alert commands
/// read one. A bare number (`42`, this desk's `HQLS-0042`; issue 10, item 1) is resolved
/// against the log's state — by `decide` for the actions (`CampaignState.resolvingIDs`), by
/// `alert show` through `CampaignState.resolveAlertID`.
func commandLineAlertID(_ typed: String, campaign: Campaign) -> String { typed }

/// The exit codes every alert action lists in its help.
let alertActionExitCodes = """
    Exit codes: 0 recorded (the alert id and what was done on standard output), \
    64 bad option, 65 refused (the domain's reason on standard error, in Vietnamese \
    when LC_ALL or LANG starts with vi), 73/74 log error.
    """

/// An alert action: prints the alert id and what was done, from the stored event.
protocol AlertActionCommand: ScriptCommand {}

extension AlertActionCommand {
    /// An action names an alert: the log must exist (66 otherwise, and no log is created).
    static var actsOnExistingLog: Bool { true }
}

extension AlertActionCommand {
    /// `printedLine(stored:)`, or, for a lifecycle action the fold kept as a proposal (this desk
    /// is not of the alert's owning unit; issue 11, item 5), that it was sent to the owner:
    /// `HQLS-0042 alert.acknowledged: sent to HQLS as a proposal; …`.
    /// An answer or a withdrawal names the proposal by its number on the alert.
    func printedLine(stored: [RecordedEvent], state: CampaignState) -> String {
        guard let e = stored.first, let id = e.subjects.alertID, let a = state.alerts[id] else {
            return printedLine(stored: stored)
        }
        let t = AlertTexts()
        let proposals = state.proposals(of: a)
        if proposals.contains(where: { $0.eventID == e.id }) {
            return t.proposalSent(id, e.type, owner: state.owningUnit(of: a) ?? a.ownerDesk)
        }
        func number(_ eventID: String) -> Int { proposals.first { $0.eventID == eventID }?.number ?? 0 }
        switch try? DomainEvent(e) {
        case .alertProposalAnswered(let p)?:
            return p.accepted
                ? t.proposalAccepted(id, number(p.proposal)) : t.proposalDeclined(id, number(p.proposal))
        case .alertProposalWithdrawn(let p)?: return t.proposalWithdrawn(id, number(p.proposal))
        default: return printedLine(stored: stored)
        }
    }

    /// `A-0042 acknowledged by officer.lan`, `A-0042 đã chuyển cấp tới Phòng 1 (ĐTCBL)`…: the
    /// alert first (for scripts), then what the stored event did, in the officer's language.
    func printedLine(stored: [RecordedEvent]) -> String {
        guard let e = stored.first else { return "" }
        let t = AlertTexts()
        guard let event = try? DomainEvent(e) else { return e.id }
        switch event {
        case .alertAcknowledged(let p): return t.acknowledged(p.alertID, by: e.actor)
        case .alertAssigned(let p): return t.assigned(p.alertID, to: p.assignee)
        case .alertEscalated(let p): return t.escalated(p.alertID, to: p.target)
        case .alertSnoozed(let p): return t.snoozed(p.alertID, until: p.until)
        case .alertNoteAdded(let p): return t.noteAdded(p.alertID)
        case .alertClosed(let p): return t.closed(p.alertID, p.disposition.kind)
        case .alertReopened(let p): return t.reopened(p.alertID)
        case .alertMerged(let p): return t.merged(p.duplicateID, into: p.alertID)
        case .alertActionUndone(let p): return t.undone(p.alertID, p.undoneType)
        case .alertSharingChanged(let p): return t.shared(p.alertID, p.level)
        default: return e.subjects.alertID ?? e.id
        }
    }
}

/// The proposal argument and refusals the proposal commands share (issue 11, item 5).
let proposalDiscussion = """
    PROPOSAL is the proposal's number on the alert, as `dutydesk alert show ID` lists them \
    (1, #1 or P1: the same on every desk), or its event id. Another unit's desk acting on \
    an alert (acknowledge, assign, escalate, snooze, close, reopen) records a proposal: it \
    changes nothing until the owning unit accepts it. Refused (65): no such proposal, one no \
    longer open, and an answer from a desk outside the owning unit.
    """

/// `dutydesk alert accept ID PROPOSAL`: the owning unit applies another unit's proposal.
public struct AlertAcceptCommand: AlertActionCommand {
    public static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: "Accept another unit's proposal on an alert you own: its action is applied as yours.",
        discussion: """
            Records alert.proposal_answered (accepted): the proposed action is applied as \
            this desk's own, and the proposal is marked accepted on every desk. \
            \(proposalDiscussion)

            Examples:
              dutydesk alert accept HQLS-0042 1

            \(alertActionExitCodes)
            """)
    @Argument(help: ArgumentHelp("The alert.", valueName: "id")) public var alertID: String
    @Argument(help: ArgumentHelp("The proposal (its number, or its event id).", valueName: "proposal")) public
        var proposal: String
    @OptionGroup public var campaignOptions: CampaignOptions
    public init() {}

    /// `alert.proposal_answered`, accepted.
    func domainCommand(campaign: Campaign, now: RFC3339Timestamp) -> Command {
        .answerProposal(alertID: commandLineAlertID(alertID, campaign: campaign), proposal: proposal, accept: true)
    }
}

/// `dutydesk alert decline ID PROPOSAL [--reason TEXT]`: the owning unit refuses a proposal.
public struct AlertDeclineCommand: AlertActionCommand {
    public static let configuration = CommandConfiguration(
        commandName: "decline",
        abstract: "Decline another unit's proposal on an alert you own, with an optional reason.",
        discussion: """
            Records alert.proposal_answered (declined, with the reason): the alert does not \
            change; the proposal stays on the timeline, marked declined on every desk. \
            \(proposalDiscussion) A blank --reason is refused (65).

            Examples:
              dutydesk alert decline HQLS-0042 1 --reason "đã có cán bộ xử lý"

            \(alertActionExitCodes)
            """)
    @Argument(help: ArgumentHelp("The alert.", valueName: "id")) public var alertID: String
    @Argument(help: ArgumentHelp("The proposal (its number, or its event id).", valueName: "proposal")) public
        var proposal: String
    @Option(name: .long, help: ArgumentHelp("Why it is declined.", valueName: "text")) public var reason: String?
    @OptionGroup public var campaignOptions: CampaignOptions
    public init() {}

    /// `alert.proposal_answered`, declined.
    func domainCommand(campaign: Campaign, now: RFC3339Timestamp) -> Command {
        .answerProposal(
            alertID: commandLineAlertID(alertID, campaign: campaign), proposal: proposal, accept: false, reason: reason)
    }
}

/// `dutydesk alert withdraw ID PROPOSAL`: the proposing desk withdraws its own proposal.
public struct AlertWithdrawCommand: AlertActionCommand {
    public static let configuration = CommandConfiguration(
        commandName: "withdraw",
        abstract: "Withdraw a proposal this desk made on another unit's alert.",
        discussion: """
            Records alert.proposal_withdrawn, a tombstone: the proposal stays on the \
            timeline, marked withdrawn on every desk. Only the desk that made it withdraws \
            it (65 otherwise), and only while it is open. \(proposalDiscussion)

            Examples:
              dutydesk alert withdraw HQLS-0042 1

            \(alertActionExitCodes)
            """)
    @Argument(help: ArgumentHelp("The alert.", valueName: "id")) public var alertID: String
    @Argument(help: ArgumentHelp("The proposal (its number, or its event id).", valueName: "proposal")) public
        var proposal: String
    @OptionGroup public var campaignOptions: CampaignOptions
    public init() {}

    /// `alert.proposal_withdrawn`.
    func domainCommand(campaign: Campaign, now: RFC3339Timestamp) -> Command {
        .withdrawProposal(alertID: commandLineAlertID(alertID, campaign: campaign), proposal: proposal)
    }
}

/// `dutydesk alert ack ID`: take ownership of a new alert.
public struct AlertAckCommand: AlertActionCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Acknowledge an alert: you take ownership of it.",
        discussion: """
            Acknowledging means ownership: an alert already acknowledged by another \
            officer is refused (65, naming its owner); taking it over is an explicit \
            `dutydesk alert assign ID --to officer:YOU`.

            Examples:
              dutydesk alert ack A-0042
              dutydesk alert ack A-0042 --officer hq.hcm.duty1

            \(alertActionExitCodes)
            """)
    @Argument(help: ArgumentHelp("The alert.", valueName: "id")) public var alertID: String
    @OptionGroup public var campaignOptions: CampaignOptions
    public init() {}

    /// `alert.acknowledged`.
    func domainCommand(campaign: Campaign, now: RFC3339Timestamp) -> Command {
        .acknowledge(alertID: commandLineAlertID(alertID, campaign: campaign))
    }
}

/// `dutydesk alert assign ID --to unit:CODE|officer:ID|partner:CODE`.
public struct AlertAssignCommand: AlertActionCommand {
    public static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Assign an acknowledged alert to a unit, an officer or a partner agency.",
        discussion: """
            --to is KIND:ID, KIND one of unit (a campaign unit code), officer (an officer \
            id) or partner (a partner agency code, joint operation, letter item 3). \
            Assigning to an officer is also how an alert changes hands.

            Examples:
              dutydesk alert assign A-0042 --to unit:HQHCM
              dutydesk alert assign A-0042 --to officer:hq.hcm.duty2
              dutydesk alert assign A-0042 --to partner:border_guard

            \(alertActionExitCodes)
            """)
    @Argument(help: ArgumentHelp("The alert.", valueName: "id")) public var alertID: String
    @Option(
        name: .long, help: ArgumentHelp("unit:CODE, officer:ID or partner:CODE.", valueName: "kind:id"),
        completion: .list(AlertAssignCommand.completions)) public var to: String
    @OptionGroup public var campaignOptions: CampaignOptions
    public init() {}

    /// Shell completions of `--to`: `officer:`, then `unit:CODE` and `partner:CODE` of the
    /// embedded Golden Strike 2021 campaign.
    static var completions: [String] {
        let c = CampaignLoader.embeddedGoldenStrike2021
        return ["officer:"] + c.units.map { "unit:" + $0.code } + c.partnerAgencies.map { "partner:" + $0.code }
    }

    /// `--to` as the domain's assignee.
    /// - Throws: `CLIFailure.usage` (64) when it is not KIND:ID with a known kind and an id.
    func assignee() throws(CLIFailure) -> Assignee {
        let kinds = AssigneeKind.allCases.map(\.rawValue).joined(separator: ", ")
        guard let colon = to.firstIndex(of: ":"), let kind = AssigneeKind(rawValue: String(to[..<colon])) else {
            throw .usage(
                en: "--to: '\(to)' is not KIND:ID; KIND is one of \(kinds) (e.g. unit:HQHCM)",
                vi: "--to: «\(to)» không có dạng LOẠI:MÃ; LOẠI là một trong \(kinds) (vd. unit:HQHCM)")
        }
        let id = String(to[to.index(after: colon)...])
        if id.trimmingSpaces.isEmpty {
            throw .usage(
                en: "--to: '\(to)' names no \(kind.rawValue) after the colon",
                vi: "--to: «\(to)» thiếu mã sau dấu hai chấm")
        }
        return Assignee(kind: kind, id: id)
    }

    func checkOptions() throws(CLIFailure) { _ = try assignee() }

    /// `alert.assigned`.
    func domainCommand(campaign: Campaign, now: RFC3339Timestamp) throws(CLIFailure) -> Command {
        .assign(alertID: commandLineAlertID(alertID, campaign: campaign), to: try assignee())
    }
}

/// `dutydesk alert escalate ID --to division_1|coordination_board --reason TEXT`.
public struct AlertEscalateCommand: AlertActionCommand {
    public static let configuration = CommandConfiguration(
        commandName: "escalate",
        abstract: "Escalate an acknowledged alert to Division 1 or the Coordination Board.",
        discussion: """
            Targets: division_1 (Phòng 1, ĐTCBL: the campaign's focal unit, letter item 6) \
            and coordination_board (Ban điều phối, item 5); each target once.

            Examples:
              dutydesk alert escalate A-0042 --to division_1 --reason "Nghi đường dây"
              dutydesk alert escalate A-0042 --to coordination_board \\
                --reason "Cần phối hợp Công an"

            \(alertActionExitCodes)
            """)
    @Argument(help: ArgumentHelp("The alert.", valueName: "id")) public var alertID: String
    @Option(
        name: .long, help: ArgumentHelp("division_1 or coordination_board.", valueName: "target"),
        completion: .list(EscalationTarget.allCases.map(\.rawValue))) public var to: String
    @Option(name: .long, help: ArgumentHelp("Why it is escalated.", valueName: "text")) public var reason: String
    @OptionGroup public var campaignOptions: CampaignOptions
    public init() {}

    /// `--to` as the domain's target.
    /// - Throws: `CLIFailure.usage` (64) when it is neither target.
    func target() throws(CLIFailure) -> EscalationTarget {
        try word(
            to, option: "--to", what: ("an escalation target", "nơi chuyển cấp"), among: InputNames.escalationTargets)
    }

    func checkOptions() throws(CLIFailure) {
        _ = try target()
        if reason.trimmingSpaces.isEmpty {
            throw .usage(en: "--reason: the reason is empty", vi: "--reason: chưa ghi lý do")
        }
    }

    /// `alert.escalated`.
    func domainCommand(campaign: Campaign, now: RFC3339Timestamp) throws(CLIFailure) -> Command {
        .escalate(alertID: commandLineAlertID(alertID, campaign: campaign), to: try target(), reason: reason)
    }
}

/// `dutydesk alert snooze ID --for DURATION | --until TIME`.
public struct AlertSnoozeCommand: AlertActionCommand {
    public static let configuration = CommandConfiguration(
        commandName: "snooze",
        abstract: "Put an acknowledged alert aside; it returns to the queue by itself.",
        discussion: """
            Exactly one of --for (a duration as in campaign files: 90s, 15m, 1h, 1h30m, \
            2d) and --until (RFC 3339, an ISO date, or dd/MM/yyyy HH:mm in the campaign's \
            zone, ICT, UTC+7). The end must be in the future (else 65).

            Examples:
              dutydesk alert snooze A-0042 --for 1h30m
              dutydesk alert snooze A-0042 --until "01/09/2021 14:00"

            \(alertActionExitCodes)
            """)
    @Argument(help: ArgumentHelp("The alert.", valueName: "id")) public var alertID: String
    @Option(name: .customLong("for"), help: ArgumentHelp("How long: 90s, 15m, 1h30m, 2d.", valueName: "duration"))
    public var duration: String?
    @Option(name: .long, help: ArgumentHelp("Until when.", valueName: "time")) public var until: String?
    @OptionGroup public var campaignOptions: CampaignOptions
    public init() {}

    /// `--for` in seconds, nil when not given.
    /// - Throws: `CLIFailure.usage` (64) naming the option: both or neither given, or a
    ///   duration that is not positive (`CampaignLoader.parseDuration`, the campaign files' reader).
    func seconds() throws(CLIFailure) -> Int? {
        switch (duration, until) {
        case (nil, nil):
            throw .usage(
                en: "give --for DURATION (e.g. 1h30m) or --until TIME",
                vi: "cần --for THỜI_LƯỢNG (vd. 1h30m) hoặc --until THỜI_ĐIỂM")
        case (.some, .some):
            throw .usage(
                en: "--for and --until: give one of them, not both",
                vi: "--for và --until: chỉ dùng một trong hai")
        case (nil, .some): return nil
        case (let d?, nil):
            guard let s = CampaignLoader.parseDuration(d.trimmingSpaces), s > 0 else {
                throw .usage(
                    en: "--for: '\(d)' is not a positive duration of at most 3660 days (e.g. 90s, 15m, 1h30m, 2d)",
                    vi: "--for: «\(d)» không phải thời lượng dương tối đa 3660 ngày (vd. 90s, 15m, 1h30m, 2d)")
            }
            return s
        }
    }

    func checkOptions() throws(CLIFailure) { _ = try seconds() }

    /// `alert.snoozed` until now + `--for`, or `--until` read in the campaign's zone.
    /// - Throws: `CLIFailure.usage` (64) naming the option that is not a time or is outside
    ///   `TimeRules`' window.
    func domainCommand(campaign: Campaign, now: RFC3339Timestamp) throws(CLIFailure) -> Command {
        let id = commandLineAlertID(alertID, campaign: campaign)
        if let s = try seconds() { return .snooze(alertID: id, until: now.adding(seconds: s)) }
        switch AlertDraft.parseTime(until ?? "", zone: campaign.zone) {
        case .success(let t):
            if let p = TimeRules.problem(t, field: nil) { throw .timeOption("--until", t, p) }
            return .snooze(alertID: id, until: campaign.zone.local(t))
        case .failure(let p): throw .unreadableTime("--until", p)
        }
    }
}

/// `dutydesk alert note ID --text TEXT`.
public struct AlertNoteCommand: AlertActionCommand {
    public static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Add a note to an alert (in any status, closed included).",
        discussion: """
            Examples:
              dutydesk alert note A-0042 --text "Đã liên hệ Đội Kiểm soát tại cửa khẩu"

            \(alertActionExitCodes)
            """)
    @Argument(help: ArgumentHelp("The alert.", valueName: "id")) public var alertID: String
    @Option(name: .long, help: ArgumentHelp("The note (not empty).", valueName: "text")) public var text: String
    @OptionGroup public var campaignOptions: CampaignOptions
    public init() {}

    /// `alert.note_added`.
    func domainCommand(campaign: Campaign, now: RFC3339Timestamp) -> Command {
        .addNote(alertID: commandLineAlertID(alertID, campaign: campaign), text: text)
    }
}

/// `dutydesk alert close ID --disposition KIND [seizure details] [--duplicate-of ID] [--partner CODE]`.
public struct AlertCloseCommand: AlertActionCommand {
    public static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Close an acknowledged alert with a disposition.",
        discussion: """
            Dispositions: seized (bắt giữ: --commodity and at least one --quantity with its \
            --quantity-unit, as the dashboard's close form asks; --species optional), \
            no_finding, false_alarm, duplicate_of (--duplicate-of ID), \
            referred_to_partner (--partner CODE). A seizure opens the rapid-report \
            deadline (item 8), counted from --seized-at (when the goods were seized: RFC 3339, \
            an ISO date, or dd/MM/yyyy HH:mm in the campaign's zone; not after now), or from \
            now when it is not given; the rapid report states that time. --quantity and --quantity-unit repeat in pairs, in order: \
            "50 pieces" and "72 kg" are two measures of one seizure.

            Examples:
              dutydesk alert close A-0042 --disposition seized --commodity "sừng tê giác" \\
                --quantity 50 --quantity-unit pieces --quantity 72 --quantity-unit kg \\
                --species "Ceratotherium simum (I)" --seized-at "01/09/2021 06:30"
              dutydesk alert close A-0042 --disposition no_finding
              dutydesk alert close A-0043 --disposition duplicate_of --duplicate-of A-0042
              dutydesk alert close A-0044 --disposition referred_to_partner \\
                --partner border_guard

            \(alertActionExitCodes)
            """)
    @Argument(help: ArgumentHelp("The alert.", valueName: "id")) public var alertID: String
    @Option(
        name: .long,
        help: ArgumentHelp("\(DispositionKind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "kind"),
        completion: .list(DispositionKind.allCases.map(\.rawValue))) public var disposition: String
    @Option(name: .long, help: ArgumentHelp("Commodity seized (seized).", valueName: "text")) public var commodity:
        String?
    // `.unconditional`: `--quantity -5` is the value -5 (refused as negative), not a missing value.
    @Option(
        name: .long, parsing: .unconditionalSingleValue,
        help: ArgumentHelp("Amount seized: 12,5 or 12.5, no thousands separator; repeatable (seized).", valueName: "n"))
    public var quantity: [String] = []
    @Option(
        name: .customLong("quantity-unit"),
        help: ArgumentHelp("Unit of each --quantity (pieces, kg, individuals, …); repeatable.", valueName: "u"))
    public var quantityUnit: [String] = []
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Scientific name, optionally with CITES appendix: \"Manis javanica (I)\"; repeatable.",
            valueName: "name"))
    public var species: [String] = []
    @Option(
        name: .customLong("duplicate-of"),
        help: ArgumentHelp("The alert it duplicates (duplicate_of).", valueName: "id"))
    public var duplicateOf: String?
    @Option(
        name: .customLong("seized-at"),
        help: ArgumentHelp("When the goods were seized (seized; default now).", valueName: "time"))
    public var seizedAt: String?
    @Option(
        name: .long, help: ArgumentHelp("Partner agency code (referred_to_partner).", valueName: "code"),
        completion: .list(CampaignLoader.embeddedGoldenStrike2021.partnerAgencies.map(\.code)))
    public var partner: String?
    @OptionGroup public var campaignOptions: CampaignOptions
    public init() {}

    /// `--disposition` as the domain's kind.
    /// - Throws: `CLIFailure.usage` (64) when it is none of them.
    func kind() throws(CLIFailure) -> DispositionKind {
        try word(
            disposition, option: "--disposition", what: ("a disposition", "kết quả xử lý"),
            among: InputNames.dispositions)
    }

    /// The disposition's kind, and that every option given belongs to it and every option
    /// it needs (but a seizure's details, which the domain checks) is given.
    /// - Throws: `CLIFailure.usage` (64) naming the option.
    func checkOptions() throws(CLIFailure) {
        let k = try kind()
        func only(_ given: Bool, _ option: String, for needed: DispositionKind) throws(CLIFailure) {
            if given && k != needed {
                throw .usage(
                    en: "\(option): only with --disposition \(needed.rawValue)",
                    vi: "\(option): chỉ dùng với --disposition \(needed.rawValue)")
            }
        }
        try only(commodity != nil, "--commodity", for: .seized)
        try only(!quantity.isEmpty, "--quantity", for: .seized)
        try only(!quantityUnit.isEmpty, "--quantity-unit", for: .seized)
        try only(!species.isEmpty, "--species", for: .seized)
        try only(seizedAt != nil, "--seized-at", for: .seized)
        try only(duplicateOf != nil, "--duplicate-of", for: .duplicateOf)
        try only(partner != nil, "--partner", for: .referredToPartner)
        if quantity.count != quantityUnit.count {
            throw .usage(
                en:
                    "--quantity and --quantity-unit come in pairs: \(quantity.count) --quantity, \(quantityUnit.count) --quantity-unit",
                vi:
                    "--quantity và --quantity-unit đi theo cặp: \(quantity.count) --quantity, \(quantityUnit.count) --quantity-unit"
            )
        }
        if k == .duplicateOf && duplicateOf == nil {
            throw .usage(
                en: "--duplicate-of: needed with duplicate_of", vi: "--duplicate-of: cần khi kết quả là duplicate_of")
        }
        if k == .referredToPartner && partner == nil {
            throw .usage(
                en: "--partner: needed with referred_to_partner",
                vi: "--partner: cần khi kết quả là referred_to_partner")
        }
    }

    /// `alert.closed`. A seizure's commodity and measures are checked by the domain
    /// (`DomainError.seizureNeedsCommodity`, `.seizureNeedsQuantity`, `.badQuantity`: 65),
    /// the rules the dashboard's close form goes through too.
    func domainCommand(campaign: Campaign, now: RFC3339Timestamp) throws(CLIFailure) -> Command {
        let id = commandLineAlertID(alertID, campaign: campaign)
        let d: Disposition
        switch try kind() {
        case .seized:
            // `12,5` and `12.5` alike; grouped or ambiguous thousands refused (issue 14, item 1).
            var measures: [Measure] = []
            for (amount, unit) in zip(quantity, quantityUnit) {
                do throws(DecimalInput.Problem) {
                    measures.append(Measure(amount: try DecimalInput.parse(amount), unit: unit.trimmingSpaces))
                } catch {
                    throw .usage("--quantity: " + error.text(LogBridge.officerLanguage))
                }
            }
            d = .seized(
                commodity: commodity ?? "", species: species.flatMap(AlertDraft.species), quantity: measures)
            if let text = seizedAt {
                // As entered, with its offset; the domain refuses one after now.
                switch AlertDraft.parseTime(text, zone: campaign.zone) {
                case .success(let at):
                    if let p = TimeRules.problem(at, field: nil) { throw .timeOption("--seized-at", at, p) }
                    return .close(alertID: id, disposition: d, seizedAt: at)
                case .failure(let p): throw .unreadableTime("--seized-at", p)
                }
            }
        case .noFinding: d = .noFinding
        case .falseAlarm: d = .falseAlarm
        case .duplicateOf: d = .duplicateOf(commandLineAlertID(duplicateOf ?? "", campaign: campaign))
        case .referredToPartner: d = .referredToPartner(partner ?? "")
        }
        return .close(alertID: id, disposition: d)
    }
}

/// `dutydesk alert reopen ID --reason TEXT`.
public struct AlertReopenCommand: AlertActionCommand {
    public static let configuration = CommandConfiguration(
        commandName: "reopen",
        abstract: "Reopen a closed alert; you own it again.",
        discussion: """
            The disposition (and a seizure's rapid-report deadline) is cleared, and a \
            duplicate is unlinked from the alert it was merged into. In the dashboard: \
            the r key on a closed alert.

            Examples:
              dutydesk alert reopen A-0042 --reason "Hãng bay gửi danh sách hành khách mới"

            \(alertActionExitCodes)
            """)
    @Argument(help: ArgumentHelp("The closed alert.", valueName: "id")) public var alertID: String
    @Option(name: .long, help: ArgumentHelp("Why it is reopened (not empty).", valueName: "text")) public var reason:
        String
    @OptionGroup public var campaignOptions: CampaignOptions
    public init() {}

    /// `alert.reopened`.
    func domainCommand(campaign: Campaign, now: RFC3339Timestamp) -> Command {
        .reopen(alertID: commandLineAlertID(alertID, campaign: campaign), reason: reason)
    }
}

/// `dutydesk alert merge ID --into ID`.
public struct AlertMergeCommand: AlertActionCommand {
    public static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Close an alert as a duplicate of another and link them.",
        discussion: """
            The first alert (still open) is closed as duplicate_of the one named by --into, \
            which lists it among its duplicates.

            Examples:
              dutydesk alert merge A-0043 --into A-0042

            \(alertActionExitCodes)
            """)
    @Argument(help: ArgumentHelp("The duplicate (open).", valueName: "id")) public var alertID: String
    @Option(name: .long, help: ArgumentHelp("The alert it duplicates (the survivor).", valueName: "id")) public
        var into: String
    @OptionGroup public var campaignOptions: CampaignOptions
    public init() {}

    /// `alert.merged`.
    func domainCommand(campaign: Campaign, now: RFC3339Timestamp) -> Command {
        .merge(
            duplicate: commandLineAlertID(alertID, campaign: campaign),
            into: commandLineAlertID(into, campaign: campaign))
    }
}

/// `dutydesk alert undo [ID]`: your own last alert action, as the dashboard's `u` key.
public struct AlertUndoCommand: AlertActionCommand {
    public static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Undo your own last alert action (as the dashboard's u key).",
        discussion: """
            Undo appends a compensating event (alert.action_undone); nothing is erased. It \
            is your (--officer's) last action, on whichever alert it was. With an alert id, \
            the undo is refused (65) unless your last action was on that alert (for a \
            merge: the duplicate or the survivor); the refusal names the alert it was on. \
            Refused too when someone changed the alert since your action.

            Examples:
              dutydesk alert undo
              dutydesk alert undo A-0042

            \(alertActionExitCodes)
            """)
    @Argument(help: ArgumentHelp("The alert your last action must have been on.", valueName: "id")) public
        var alertID: String?
    @OptionGroup public var campaignOptions: CampaignOptions
    public init() {}

    /// `alert.action_undone` of the officer's last action (on `ID` when given).
    func domainCommand(campaign: Campaign, now: RFC3339Timestamp) -> Command {
        guard let alertID else { return .undo }
        return .undoOn(alertID: commandLineAlertID(alertID, campaign: campaign))
    }
}

/// `dutydesk alert share ID LEVEL`: set the alert's sharing level (TLP 2.0; issue 11, item 4).
public struct AlertShareCommand: AlertActionCommand {
    public static let configuration = CommandConfiguration(
        commandName: "share",
        abstract: "Set an alert's sharing level (TLP 2.0): red, amber+strict, amber, green or clear.",
        discussion: """
            Levels, narrowest first: red (this desk only: never leaves it), amber+strict \
            (the owning unit and Division 1), amber (the default: also the units it is \
            sent to), green (every customs desk of the campaign), clear (no restriction). \
            TLP:RED and the like are accepted. The owning unit (the unit of the desk that \
            received the alert) may set any level; any other desk only a narrower one \
            (65 otherwise, naming the owning unit). Closed alerts too: the level is about \
            the record. The same level again is refused (65).

            Examples:
              dutydesk alert share A-0042 red
              dutydesk alert share HQLS-0042 amber+strict

            \(alertActionExitCodes)
            """)
    @Argument(help: ArgumentHelp("The alert.", valueName: "id")) public var alertID: String
    @Argument(
        help: ArgumentHelp("The level: \(SharingLevel.names).", valueName: "level"),
        completion: .list(SharingLevel.allCases.map(\.rawValue))) public var level: String
    @OptionGroup public var campaignOptions: CampaignOptions
    public init() {}

    /// `LEVEL` as the domain's level.
    /// - Throws: `CLIFailure.usage` (64) for a word that is no level.
    func sharingLevel() throws(CLIFailure) -> SharingLevel {
        guard let l = SharingLevel.parse(level) else {
            throw .usage(
                en: "'\(level)' is not a sharing level; use \(SharingLevel.names) (TLP 2.0)",
                vi: "«\(level)» không phải mức chia sẻ; dùng \(SharingLevel.names) (TLP 2.0)")
        }
        return l
    }

    func checkOptions() throws(CLIFailure) { _ = try sharingLevel() }

    /// `alert.sharing_changed`.
    func domainCommand(campaign: Campaign, now: RFC3339Timestamp) throws(CLIFailure) -> Command {
        .changeSharing(alertID: commandLineAlertID(alertID, campaign: campaign), level: try sharingLevel())
    }
}
