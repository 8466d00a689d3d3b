import ArgumentParser

#if canImport(Glibc)
    import Glibc
#endif

/// The `dutydesk` root command. With no subcommand it opens the dashboard.
public struct DutyDeskCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dutydesk",
        abstract:
            "Duty dashboard for customs officers on standby in the Golden Strike campaign (letter 4237/TCHQ-ĐTCBL).",
        discussion: """
            Alerts, verification requests and campaign deadlines in live panes, backed
            by an append-only, hash-chained event log that several processes can write
            at once. With no subcommand, opens the dashboard.

            Examples:
              dutydesk demo                          # the Golden Strike 2021 drill
              dutydesk --now 2021-09-01T08:00:00+07:00
              dutydesk alert add --source police --subject "Ngà voi" --priority high
              dutydesk verify                        # check the log's hash chain
            """,
        subcommands: [
            DashboardCommand.self, DemoCommand.self, AlertCommand.self, ImportCommand.self, ReportCommand.self,
            VerificationCommand.self, OfficerCommand.self, VerifyCommand.self, EventsCommand.self,
        ],
        defaultSubcommand: DashboardCommand.self)
    public init() {}
}

/// Entry point for the `dutydesk` executable: runs the command and turns a `CLIFailure`
/// into `dutydesk: message` on standard error and its sysexits code.
public enum DutyDeskMain {
    public static func run() -> Never {
        do {
            var command = try DutyDeskCommand.parseAsRoot()
            try command.run()
            exit(0)
        } catch let failure as CLIFailure {
            printError(failure.message)
            exit(failure.code)
        } catch {
            DutyDeskCommand.exit(withError: error)
        }
    }
}
