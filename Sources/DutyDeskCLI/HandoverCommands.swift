// `dutydesk handover [write] --note TEXT | show | read ID`: the shift handover (issue 13,
// item 8) on the command line — the same events the dashboard's handover view writes.
import ArgumentParser
import DutyDeskDomain
import DutyDeskJSON

/// `dutydesk handover`: end a shift with a note and the list of what is open; show the
/// newest handover; mark one read.
public struct HandoverCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "handover",
        abstract: "Shift handover: a note and what is open, for the officer taking over (bàn giao ca).",
        subcommands: [Write.self, Show.self, Read.self],
        defaultSubcommand: Write.self)
    public init() {}

    /// `dutydesk handover [write] --note TEXT`: records `shift.handed_over`.
    public struct Write: ScriptCommand {
        public static let configuration = CommandConfiguration(
            commandName: "write",
            abstract: "End your shift: record a note and the list of what is open.",
            discussion: """
                The record lists the open alerts nobody has acknowledged, the open alerts \
                you own, the snoozed alerts and the campaign deadlines past due (at most \
                200 of each, with their totals). The next officer to open the dashboard at \
                this desk sees it until they mark it read. It stays on this desk: sync \
                never sends it.

                Examples:
                  dutydesk handover --note "HQLS-0007: chờ Biên phòng xác nhận biển số"
                  dutydesk handover show
                Exit codes: 0 recorded (the summary printed), 64 bad option, 65 refused \
                (an empty note), 73/74 log error.
                """)
        @Option(name: .long, help: ArgumentHelp("What the next officer must know.", valueName: "text")) public
            var note: String
        @OptionGroup public var campaignOptions: CampaignOptions
        public init() {}
        /// A handover written to a log nobody opens is lost: a mistyped `--log` fails (66)
        /// instead of creating a new log.
        static var actsOnExistingLog: Bool { true }

        func domainCommand(campaign: Campaign, now: RFC3339Timestamp) -> Command { .handOver(note: note) }

        /// `handover HQLS-x-12 recorded: 3 unacknowledged, 2 yours, 1 snoozed, 4 deadlines overdue`.
        func printedLine(stored: [RecordedEvent]) -> String {
            guard let r = stored.first, case .shiftHandedOver(let h)? = try? DomainEvent(r) else { return "" }
            return HandoverTexts(language: LogBridge.officerLanguage).recorded(r.id, h)
        }
    }

    /// `dutydesk handover show`: the newest handover, whole.
    public struct Show: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print the newest shift handover: its note, its lists, who read it.",
            discussion: "Exit codes: 0 (also when there is none: `no handover yet`), 66 no log, 74 I/O error.")
        @OptionGroup public var campaignOptions: CampaignOptions
        public init() {}

        public func run() throws {
            let campaign = try campaignOptions.loadCampaign()
            let path = campaignOptions.logPath(for: campaign)
            let (_, state, _) = try LogBridge.loadForReading(path: path, campaign: campaign)
            let x = HandoverTexts(language: LogBridge.officerLanguage, zone: campaign.zone)
            var out = RawOut(fd: 1)
            if let h = state.handovers.last {
                out.say(x.whole(h, state: state).joined(separator: "\n") + "\n")
            } else {
                out.say(x.none + "\n")
            }
            try out.finish()
        }
    }

    /// `dutydesk handover read ID`: records `shift.handover_read`.
    public struct Read: ScriptCommand {
        public static let configuration = CommandConfiguration(
            commandName: "read",
            abstract: "Mark a shift handover read (you are taking over).",
            discussion: """
                ID is the handover's event id, as `dutydesk handover show` prints it. \
                Exit codes: 0 recorded, 65 refused (no such handover, already read, your own), \
                66 no log, 73/74 log error.
                """)
        @Argument(help: ArgumentHelp("The handover's id.", valueName: "id")) public var handoverID: String
        @OptionGroup public var campaignOptions: CampaignOptions
        public init() {}
        static var actsOnExistingLog: Bool { true }

        func domainCommand(campaign: Campaign, now: RFC3339Timestamp) -> Command {
            .readHandover(handoverID: handoverID)
        }

        func printedLine(storedID: String?) -> String {
            LogBridge.officerLanguage == .vi
                ? "đã xác nhận đọc bàn giao ca \(handoverID)" : "handover \(handoverID) marked read"
        }
    }
}

/// The handover's words on the command line, in the officer's language.
struct HandoverTexts {
    var language: Language
    var zone: CampaignZone = .ict
    func t(_ en: String, _ vi: String) -> String { language == .vi ? vi : en }

    /// An instant in the campaign zone: `01/09/2021 08:00` (vi), `01/09/2021 08:00 ICT` (en).
    func time(_ at: RFC3339Timestamp) -> String {
        language == .vi ? VietnameseDate.format(at, zone: zone) : ClockBehind.localText(at, zone: zone)
    }

    var none: String { t("no handover yet", "chưa có bàn giao ca") }

    /// The counts, in one phrase; the author's own alerts as "yours" when `author` is nil.
    func counts(_ h: ShiftHandedOver, author: String? = nil) -> String {
        let mine = author.map { t("owned by \($0)", "do \($0) tiếp nhận") } ?? t("yours", "của bạn")
        return t(
            "\(h.unacknowledgedTotal) unacknowledged, \(h.acknowledgedTotal) \(mine), \(h.snoozedTotal) snoozed, \(h.overdueTotal) deadline(s) overdue",
            "\(h.unacknowledgedTotal) tin chưa tiếp nhận, \(h.acknowledgedTotal) tin \(mine), \(h.snoozedTotal) tin tạm hoãn, \(h.overdueTotal) thời hạn quá hạn"
        )
    }

    func recorded(_ id: String, _ h: ShiftHandedOver) -> String {
        t("handover \(id) recorded: ", "đã ghi bàn giao ca \(id): ") + counts(h)
    }

    /// Every line of `h`: who and when, whether read, the note, each list (ids with subjects).
    func whole(_ h: ShiftHandover, state: CampaignState) -> [String] {
        var lines = [
            t("handover ", "bàn giao ca ") + h.eventID,
            t("by: ", "người bàn giao: ") + h.author + t(", at ", ", lúc ") + time(h.at),
            t("read: ", "đã đọc: ")
                + (h.readBy.map { $0 + t(", at ", ", lúc ") + (h.readAt.map(time) ?? "") } ?? t("not yet", "chưa")),
            t("note:", "nội dung:"),
        ]
        // Long note lines in pieces of at most 900 bytes: all of the note is printed, and no
        // line reaches the terminal output's cut (`TerminalText.maxLineBytes`, docs/output-safety.md).
        for line in h.content.note.split(separator: "\n", omittingEmptySubsequences: false) {
            var piece = ""
            for ch in line {
                if piece.utf8.count + ch.utf8.count > 900 {
                    lines.append("  " + piece)
                    piece = ""
                }
                piece.append(ch)
            }
            lines.append("  " + piece)
        }
        lines.append(t("open: ", "đang mở: ") + counts(h.content, author: h.author))
        func list(_ title: String, _ ids: [String], _ total: Int) {
            guard total > 0 else { return }
            lines.append(title + " (\(total))")
            for id in ids { lines.append("  \(id)  " + (state.alerts[id]?.details.subject ?? "")) }
            if total > ids.count {
                lines.append(t("  … and \(total - ids.count) more", "  … và \(total - ids.count) tin khác"))
            }
        }
        let c = h.content
        list(t("unacknowledged", "chưa tiếp nhận"), c.unacknowledged, c.unacknowledgedTotal)
        list(t("acknowledged by \(h.author)", "\(h.author) đã tiếp nhận"), c.acknowledged, c.acknowledgedTotal)
        list(t("snoozed", "tạm hoãn"), c.snoozed, c.snoozedTotal)
        if c.overdueTotal > 0 {
            lines.append(t("deadlines overdue", "thời hạn quá hạn") + " (\(c.overdueTotal))")
            for d in c.overdue {
                lines.append("  " + (language == .vi ? d.title.vi : d.title.en) + t(", due ", ", hạn ") + time(d.due))
            }
            if c.overdueTotal > c.overdue.count {
                lines.append(
                    t(
                        "  … and \(c.overdueTotal - c.overdue.count) more",
                        "  … và \(c.overdueTotal - c.overdue.count) thời hạn khác"))
            }
        }
        return lines
    }
}
