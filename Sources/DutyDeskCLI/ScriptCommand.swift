// What the script commands share (`dutydesk alert add`, `verification open|reply|close`,
// `officer nominate`, `report submit`; issue 5, item 1): one `run()`.
import ArgumentParser
import DutyDeskDomain
import DutyDeskJSON

#if canImport(Glibc)
    import Glibc
#endif

/// A command that records one domain command for a script. The command supplies only
/// what is its own: the options as a domain `Command` (`domainCommand(campaign:now:)`),
/// and optionally a check of its fixed-word options and the line it prints. Its `run()`
/// is this protocol's, the same for all of them: read the campaign, check the options and
/// the officer id, open the log, take the log's one clock in the campaign's offset (ICT,
/// +07:00: `--now`, else the log's drill clock, else real time; decision 0011), decide and
/// append under the log's lock, then print one line once the event is durable (after
/// `fdatasync`). A clock more than a minute behind the log's last record is said on
/// standard error (`LogBridge.decideAndAppend`).
///
/// Exit codes (through `CLIFailure`): 64 a bad option or officer id, 65 refused (the
/// domain's reason, in the officer's language) or a damaged log, 66/78 the campaign file,
/// 73/74 the log, 74 standard output.
protocol ScriptCommand: ParsableCommand {
    /// `--campaign`, `--log` and `--officer`.
    var campaignOptions: CampaignOptions { get }

    /// True for a command that acts on something the log must already hold (an alert, a
    /// request): on a log path that does not exist it fails with 66 and creates nothing,
    /// instead of creating an empty log and then finding no alert. Default: false.
    static var actsOnExistingLog: Bool { get }

    /// Checks the options that need no campaign (a word from a fixed list) before the
    /// campaign file is read. Default: nothing to check.
    /// - Throws: `CLIFailure.usage` (64) naming the option.
    func checkOptions() throws(CLIFailure)

    /// The domain command the options ask for; `now` is the instant of the action, in the
    /// campaign's offset (the default of every time option).
    /// - Throws: `CLIFailure.usage` (64) naming the option.
    func domainCommand(campaign: Campaign, now: RFC3339Timestamp) throws(CLIFailure) -> Command

    /// The line printed once the event is durable, without its line feed. `storedID` is the
    /// alert or request the first stored event is about, else that event's id; nil when
    /// nothing was stored (every event id already in the log). Default: `storedID`, or an
    /// empty line.
    func printedLine(storedID: String?) -> String

    /// The line printed once the events are durable, from the stored records (empty when
    /// nothing was stored). Default: `printedLine(storedID:)` of the first record's alert
    /// or request, else its event id.
    func printedLine(stored: [RecordedEvent]) -> String

    /// `printedLine(stored:)` with the state after the records (a proposal says so, issue 11
    /// item 5). Default: `printedLine(stored:)`.
    func printedLine(stored: [RecordedEvent], state: CampaignState) -> String
}

extension ScriptCommand {
    static var actsOnExistingLog: Bool { false }

    func checkOptions() throws(CLIFailure) {}

    func printedLine(storedID: String?) -> String { storedID ?? "" }

    func printedLine(stored: [RecordedEvent]) -> String {
        guard let first = stored.first else { return printedLine(storedID: nil) }
        let subjects = first.subjects
        return printedLine(storedID: subjects.alertID ?? subjects.requestID ?? first.id)
    }

    func printedLine(stored: [RecordedEvent], state: CampaignState) -> String { printedLine(stored: stored) }

    /// `text` as the value of `table` it names: the code or any of its names in either
    /// language, case and diacritics aside (`InputNames`; issue 14, item 3).
    /// - Throws: `CLIFailure.usage` (64) naming `option` and the nearest values, in the
    ///   officer's language, when `text` names none.
    func word<T: RawRepresentable>(
        _ text: String, option: String, what: (en: String, vi: String), among table: [(T, [String])]
    )
        throws(CLIFailure) -> T
    where T.RawValue == String, T: Equatable {
        if let v = T(rawValue: text) ?? InputNames.value(text, in: table) { return v }
        throw .usage(
            en:
                "\(option): '\(text)' is not \(what.en); \(AlertDraft.nearest(text, table)); codes: \(table.map(\.0.rawValue).joined(separator: ", "))",
            vi: "\(option): «\(text)» không phải \(what.vi); \(AlertDraft.nearestVI(text, table))")
    }

    /// Records the command: the one `run()` of every script command (see `ScriptCommand`).
    /// - Throws: `CLIFailure` with its sysexits code; nothing is appended after a failure.
    public func run() throws {
        try checkOptions()
        let campaign = try campaignOptions.loadCampaign()
        let (stored, state) = try performStoredState(campaign: campaign)
        var out = RawOut(fd: 1)
        let line = printedLine(stored: stored, state: state)
        out.say(line + "\n")
        do { try out.finish() } catch {
            // The record is durable already: say so, so that nobody records it twice.
            guard !stored.isEmpty else { throw error }
            let vi = LogBridge.officerLanguage == .vi
            throw CLIFailure(
                error.message
                    + (vi
                        ? "; bản ghi ĐÃ được lưu (\(line)); đừng ghi lại"
                        : "; the record WAS stored (\(line)); do not record it again"),
                code: error.code)
        }
    }

    /// Opens the log, takes its clock, decides and appends the command; returns the stored
    /// records as the domain sees them (empty when none was stored).
    /// - Throws: `CLIFailure` (64 a bad officer id, 65 refused with the domain's reason; log failures).
    func performStored(campaign: Campaign) throws(CLIFailure) -> [RecordedEvent] {
        try performStoredState(campaign: campaign).0
    }

    /// `performStored`, with the state after the stored records.
    func performStoredState(campaign: Campaign) throws(CLIFailure) -> ([RecordedEvent], CampaignState) {
        // The officer id and --now first: bad ones are refused before the log is opened.
        let actor = LogBridge.actor(officer: try campaignOptions.officerID())
        let explicit = try campaignOptions.explicitClock(for: campaign)
        let path = campaignOptions.logPath(for: campaign)
        // A log that does not exist yet has no drill clock: the options are checked before
        // it is created, so a bad one leaves no file behind. An existing log is read first,
        // for its clock (decision 0011).
        var early: Command?
        if access(path, F_OK) != 0 {
            let clock = CampaignClock.resolve(
                explicit: explicit, drill: nil, offsetSeconds: campaign.zone.offsetSeconds)
            early = try domainCommand(campaign: campaign, now: clock.now())
            if Self.actsOnExistingLog {
                throw .noInput("\(path): no such log file (check --log or DUTYDESK_LOG); nothing was recorded")
            }
        }
        let (log, loaded) = try LogBridge.load(path: path, campaign: campaign)
        try CampaignClock.refuseAheadOfDrill(explicit, drill: loaded.drillClock, zone: campaign.zone)
        var state = loaded
        let clock = CampaignClock.resolve(
            explicit: explicit, drill: loaded.drillClock, offsetSeconds: campaign.zone.offsetSeconds)
        let now = clock.now()
        let command: Command
        if let early { command = early } else { command = try domainCommand(campaign: campaign, now: now) }
        let stored = try LogBridge.decideAndAppend(
            command, log: log, state: &state, actor: actor,
            now: now, newID: { LogBridge.newEventID() })
        return (stored.map(LogBridge.recorded), state)
    }
}
