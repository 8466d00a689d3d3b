// `dutydesk desk init|show`: the desk a log belongs to (issue 10, item 1; decision 0011).
// The seed of the network's `desk init/enrol` (issue 11): small, and room for more.
import ArgumentParser
import DutyDeskDomain
import DutyDeskJSON

/// `dutydesk desk …`: which desk the log belongs to; its code prefixes the ids it mints.
public struct DeskCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "desk",
        abstract: "Record or show the desk the log belongs to (its code prefixes alert and request ids).",
        discussion: """
            A log belongs to one desk of a campaign unit. With a desk, new alerts are \
            numbered HQLS-0042 and requests HQLS-V0007 (ids stay unique when the logs of \
            different desks meet); without one, A-0042 and V-0007 as before. Commands \
            that take an id also take the bare number (42 for HQLS-0042).

            Examples:
              dutydesk desk init --unit HQLS
              dutydesk desk init --unit HQLS --desk HQLS2
              dutydesk desk show
            """,
        subcommands: [Init.self, Show.self])
    public init() {}

    /// `dutydesk desk init --unit CODE [--desk CODE]`: records `desk.configured`.
    public struct Init: ScriptCommand {
        public static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Record the desk the log belongs to, and print its code.",
            discussion: """
                Exit codes: 0 recorded (desk code printed), 64 bad desk code or option, \
                65 the log already has a desk or the unit is unknown, 73/74 log error.
                """)
        @Option(name: .long, help: ArgumentHelp("The campaign unit of the desk, e.g. HQLS.", valueName: "code"))
        public var unit: String
        @Option(
            name: .long,
            help: ArgumentHelp(
                "The desk code (default: the unit code; e.g. HQLS2 for a unit's second desk): A-Z, 0-9 and -, 2 to 16 characters.",
                valueName: "code"))
        public var desk: String?
        @OptionGroup public var campaignOptions: CampaignOptions
        public init() {}

        /// The desk code is checked before the campaign is read.
        /// - Throws: `CLIFailure.usage` (64) naming `--desk` (or `--unit` when it is the code).
        func checkOptions() throws(CLIFailure) {
            let code = desk ?? unit
            if !DeskCode.isValid(code) {
                throw .usage("\(desk == nil ? "--unit" : "--desk"): \(DomainError.badDeskCode(code).text(.en))")
            }
        }

        /// `desk.configured`.
        func domainCommand(campaign: Campaign, now: RFC3339Timestamp) -> Command {
            .configureDesk(unit: unit, desk: desk)
        }

        /// The desk code.
        func printedLine(storedID: String?) -> String { desk ?? unit }
    }

    /// `dutydesk desk show`: the desk and the drill clock of the log.
    public struct Show: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print the desk the log belongs to (and its drill clock, if it is a drill).",
            discussion: """
                Prints `desk HQLS2 (unit HQLS)`, or `no desk: ids are A-nnnn and V-nnnn`; \
                a drill log adds its clock. Exit codes: 0, 66 no log, 74 I/O error.
                """)
        @OptionGroup public var campaignOptions: CampaignOptions
        public init() {}

        public func run() throws {
            let campaign = try campaignOptions.loadCampaign()
            let (_, state, _) = try LogBridge.loadForReading(
                path: campaignOptions.logPath(for: campaign), campaign: campaign)
            var lines: [String] = []
            if let d = state.desk {
                lines.append(
                    "desk \(d.desk) (unit \(d.unit)): new ids \(state.nextAlertID), \(state.nextRequestID)")
            } else {
                lines.append(
                    "no desk: new ids \(state.nextAlertID), \(state.nextRequestID) (dutydesk desk init --unit CODE)")
            }
            if let c = state.drillClock {
                let clock = try campaignOptions.clock(for: campaign, state: state)
                lines.append("drill clock: \(c.drillAt) at real \(c.realAt); now \(clock.now())")
            }
            var out = RawOut(fd: 1)
            out.say(lines.joined(separator: "\n") + "\n")
            try out.finish()
        }
    }
}
