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
              dutydesk desk init --unit HQLS         # ids become HQLS-0042 (say "42")
              dutydesk verify                        # check the log's hash chain
            """,
        subcommands: [
            DashboardCommand.self, DemoCommand.self, AlertCommand.self, ImportCommand.self, ReportCommand.self,
            VerificationCommand.self, OfficerCommand.self, HandoverCommand.self, DeskCommand.self, NetworkCommand.self,
            SyncCommand.self,
            VerifyCommand.self,
            EventsCommand.self,
        ],
        defaultSubcommand: DashboardCommand.self)
    public init() {}
}

/// Entry point for the `dutydesk` executable: runs the command and turns a `CLIFailure`
/// into `dutydesk: message` on standard error and its sysexits code.
///
/// Every message goes through one printer (`printError`): controls shown as markers, long
/// lines cut, one `dutydesk: ` prefix (docs/output-safety.md). ArgumentParser's own
/// messages (a bad option repeats what was typed) are made safe the same way. After the
/// command, standard output is flushed and closed and a failure there is an error too:
/// `dutydesk: cannot write standard output: …`, exit 74.
public enum DutyDeskMain {
    public static func run() -> Never {
        var code: Int32 = 0
        do {
            var command = try DutyDeskCommand.parseAsRoot()
            try command.run()
        } catch let failure as CLIFailure {
            printError(failure.message)
            code = failure.code
        } catch {
            code = DutyDeskCommand.exitCode(for: error).rawValue
            let message = DutyDeskCommand.fullMessage(for: error)
            if !message.isEmpty {
                // Help and version go to standard output (exit 0), errors to standard error.
                var o = RawOut(fd: code == 0 ? 1 : 2)
                o.add(TerminalText.safe(message, maxLineBytes: 4000) + "\n")
                if code == 0 {
                    do { try o.finish() } catch {
                        printError(error.message)
                        exit(SysExit.ioErr)
                    }
                } else {
                    o.flush()
                }
            }
        }
        if let failure = finishStandardOutput() {
            printError(failure.message)
            if code == 0 { code = failure.code }
        }
        exit(code)
    }
}
