// `dutydesk verification open|reply|close` and `dutydesk officer nominate`: the dashboard's
// actions for scripts (issue 5, item 1). Each prints the affected id once the event is durable.
import ArgumentParser
import DutyDeskDomain
import DutyDeskJSON

/// `dutydesk verification …`: verification requests (yêu cầu xác minh, letter item 6).
public struct VerificationCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "verification",
        abstract: "Open, answer and close verification requests.",
        discussion: """
            Examples:
              dutydesk verification open --direction incoming \\
                --counterpart "INTERPOL NCB Bangkok" --subject "Xác minh lô 2019" \\
                --reference IP-2021-88 --due "15/09/2021 17:00"
              dutydesk verification reply V-0001 --summary "Đã xác minh"
              dutydesk verification close V-0001 --outcome confirmed
            Exit codes: 0 recorded (id printed), 64 bad option, 65 refused, \
            73/74 log error.
            """,
        subcommands: [Open.self, Reply.self, Close.self])
    public init() {}

    public struct Open: ScriptCommand {
        public static let configuration = CommandConfiguration(
            commandName: "open", abstract: "Open a verification request and print its id (V-nnnn).")
        @Option(
            name: .long, help: "incoming (from INTERPOL or a member country) or outgoing (routed via Division 1).",
            completion: .list(VerificationDirection.allCases.map(\.rawValue))) public var direction: String
        @Option(name: .long, help: ArgumentHelp("The other party.", valueName: "text")) public var counterpart: String
        @Option(name: .long, help: ArgumentHelp("What is to be verified.", valueName: "text")) public var subject:
            String
        @Option(name: .long, help: ArgumentHelp("Their reference.", valueName: "ref")) public var reference: String?
        @Option(name: .long, help: ArgumentHelp("Linked alert id.", valueName: "id")) public var alert: String?
        @Option(name: .long, help: ArgumentHelp("Unit code handling it.", valueName: "code")) public var unit: String?
        @Option(name: .customLong("case-date"), help: ArgumentHelp("Date of the case concerned.", valueName: "time"))
        public var caseDate: String?
        @Option(
            name: .long, help: ArgumentHelp("When the request was received or sent (default: now).", valueName: "time"))
        public var opened: String?
        @Option(
            name: .long,
            help: ArgumentHelp("Answer due (default: the campaign's answer time after opening).", valueName: "time"))
        public var due: String?
        @OptionGroup public var campaignOptions: CampaignOptions
        public init() {}
        /// `--direction` as the domain's direction.
        /// - Throws: `CLIFailure.usage` (64) when it is not incoming or outgoing.
        func verificationDirection() throws(CLIFailure) -> VerificationDirection {
            try word(
                direction, option: "--direction", what: ("a direction", "chiều xác minh"), among: InputNames.directions)
        }

        /// The direction is checked before the campaign is read.
        func checkOptions() throws(CLIFailure) { _ = try verificationDirection() }

        /// `verification.opened`; the time options are read in the campaign's zone.
        /// - Throws: `CLIFailure.usage` naming the time option that is not a time or outside
        ///   `TimeRules`' window.
        func domainCommand(campaign: Campaign, now: RFC3339Timestamp) throws(CLIFailure) -> Command {
            func time(_ s: String?, _ option: String) throws(CLIFailure) -> RFC3339Timestamp? {
                guard let s else { return nil }
                switch AlertDraft.parseTime(s, zone: campaign.zone) {
                case .success(let t):
                    if let p = TimeRules.problem(t, field: nil) { throw .timeOption("--\(option)", t, p) }
                    return t
                case .failure(let p): throw .usage(en: "--\(option): \(p.reason)", vi: "--\(option): \(p.reasonVI)")
                }
            }
            return .openVerification(
                direction: try verificationDirection(), counterpart: counterpart, subject: subject,
                reference: reference, linkedAlert: alert, unit: unit, caseDate: try time(caseDate, "case-date"),
                openedAt: try time(opened, "opened"), due: try time(due, "due"))
        }
    }

    public struct Reply: ScriptCommand {
        public static let configuration = CommandConfiguration(
            commandName: "reply", abstract: "Record the answer to a verification request.")
        @Argument(help: ArgumentHelp("Request id.", valueName: "id")) public var requestID: String
        @Option(name: .long, help: ArgumentHelp("What the answer says.", valueName: "text")) public var summary: String
        @OptionGroup public var campaignOptions: CampaignOptions
        public init() {}
        /// `verification.answered`.
        func domainCommand(campaign: Campaign, now: RFC3339Timestamp) -> Command {
            .replyVerification(requestID: requestID, summary: summary)
        }
    }

    public struct Close: ScriptCommand {
        public static let configuration = CommandConfiguration(
            commandName: "close", abstract: "Close a verification request.")
        @Argument(help: ArgumentHelp("Request id.", valueName: "id")) public var requestID: String
        @Option(name: .long, help: ArgumentHelp("Outcome, free text.", valueName: "text")) public var outcome: String?
        @OptionGroup public var campaignOptions: CampaignOptions
        public init() {}
        /// `verification.closed`.
        func domainCommand(campaign: Campaign, now: RFC3339Timestamp) -> Command {
            .closeVerification(requestID: requestID, outcome: outcome)
        }
    }
}

/// `dutydesk officer nominate`: a provincial department's focal officer (cán bộ đầu mối, item 9).
public struct OfficerCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "officer",
        abstract: "Record focal officers (cán bộ đầu mối, item 9).",
        subcommands: [Nominate.self])
    public init() {}

    public struct Nominate: ScriptCommand {
        public static let configuration = CommandConfiguration(
            commandName: "nominate",
            abstract: "Record a unit's focal officer (a later nomination replaces it).",
            discussion: """
                The phone number is a Vietnamese mobile (0912 345 678, +84 912 345 678) or \
                landline (024 3826 5555, +84 24 3826 5555) number; spaces, dots and dashes \
                may separate the digits. It is stored as 10 or 11 digits starting 0. The \
                phone number is personal data: reports leave it out unless \
                --include-personal-data. Replacing a unit's focal officer prints a second \
                line naming the one replaced; the log keeps every nomination.

                Example:
                  dutydesk officer nominate --unit HQQN --name "Nguyễn Văn A" \\
                    --position "Đội trưởng" --phone 0912345678
                Exit codes: 0 recorded (unit printed), 64 bad option, 65 refused \
                (e.g. not a provincial department, a phone number of another form), \
                73/74 log error.
                """)
        @Option(name: .long, help: ArgumentHelp("Provincial Customs Department code.", valueName: "code")) public
            var unit: String
        @Option(name: .long, help: ArgumentHelp("Full name.", valueName: "text")) public var name: String
        @Option(name: .long, help: ArgumentHelp("Position.", valueName: "text")) public var position: String
        @Option(name: .long, help: ArgumentHelp("Phone number (personal data).", valueName: "text")) public var phone:
            String
        @Option(name: .long, help: ArgumentHelp("E-mail.", valueName: "text")) public var email: String?
        @OptionGroup public var campaignOptions: CampaignOptions
        public init() {}
        /// `officer.nominated`.
        func domainCommand(campaign: Campaign, now: RFC3339Timestamp) -> Command {
            .nominateFocalOfficer(unit: unit, name: name, position: position, phone: phone, email: email)
        }

        /// The unit, whatever was stored (a nomination has no id of its own).
        func printedLine(storedID: String?) -> String { unit }

        /// The unit; when the nomination replaced the unit's focal officer, a second line
        /// naming who was replaced and when they were nominated (the log keeps both).
        func printedLine(stored: [RecordedEvent], state: CampaignState) -> String {
            guard !stored.isEmpty, let replaced = state.earlierNominations[unit]?.last,
                state.nominations[unit]?.eventID == stored.last?.id
            else { return unit }
            return unit + "\n" + Self.replacedLine(replaced, zone: state.campaign.zone)
        }

        /// `replaced: Nguyễn Văn A (Đội trưởng), nominated 01/09/2021 08:00`, in the officer's language.
        static func replacedLine(_ n: FocalOfficerNomination, zone: CampaignZone) -> String {
            let at = VietnameseDate.format(n.nominatedAt, zone: zone)
            return localized(
                en: "replaced: \(n.name) (\(n.position)), nominated \(at)",
                vi: "thay cán bộ đầu mối: \(n.name) (\(n.position)), cử lúc \(at)")
        }
    }
}

/// `en` or `vi`, whichever is the officer's language (`LogBridge.officerLanguage`).
func localized(en: String, vi: String) -> String { LogBridge.officerLanguage == .vi ? vi : en }
