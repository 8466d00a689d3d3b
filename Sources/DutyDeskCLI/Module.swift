import ArgumentParser

/// The `dutydesk` root command. Temporary root registering the log subcommands; the lead
/// merges it with the dashboard and the other subcommands.
public struct DutyDeskCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dutydesk",
        abstract: "Duty dashboard for the Golden Strike campaign (letter 4237/TCHQ-ĐTCBL).",
        subcommands: [VerifyCommand.self, EventsCommand.self])
    public init() {}
}

/// Entry point for the `dutydesk` executable.
public enum DutyDeskMain {
    public static func run() { DutyDeskCommand.main() }
}
