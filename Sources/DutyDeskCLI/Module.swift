import ArgumentParser
/// Entry point for the `dutydesk` executable.
public enum DutyDeskMain {
    public static func run() { print("dutydesk") }
}
