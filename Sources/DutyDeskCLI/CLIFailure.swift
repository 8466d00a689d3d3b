// How a command fails: one message and a sysexits(3) code.
import DutyDeskDomain
import DutyDeskLog

/// A failure a command reports to the officer: one message on standard error,
/// prefixed `dutydesk: `, and a sysexits(3) exit code. Nothing half-written: commands
/// throw this before they append, or after an append that did not happen.
public struct CLIFailure: Error, CustomStringConvertible {
    public var message: String
    public var code: Int32
    public init(_ message: String, code: Int32) {
        self.message = message
        self.code = code
    }
    public var description: String { message }

    /// EX_USAGE (64): a bad option value.
    public static func usage(_ m: String) -> CLIFailure { CLIFailure(m, code: SysExit.usage) }
    /// EX_DATAERR (65): bad input data.
    public static func data(_ m: String) -> CLIFailure { CLIFailure(m, code: SysExit.dataErr) }
    /// EX_NOINPUT (66): an input file is missing or unreadable.
    public static func noInput(_ m: String) -> CLIFailure { CLIFailure(m, code: SysExit.noInput) }
    /// EX_SOFTWARE (70): an internal error.
    public static func software(_ m: String) -> CLIFailure { CLIFailure(m, code: 70) }
    /// EX_CONFIG (78): a configuration problem (campaign or theme file).
    public static func config(_ m: String) -> CLIFailure { CLIFailure(m, code: 78) }

    /// The failure for a log error, with its sysexits code, in the officer's language
    /// (`LogBridge.officerLanguage`).
    public static func log(_ e: LogError) -> CLIFailure {
        CLIFailure(e.text(LogBridge.officerLanguage), code: SysExit.code(for: e))
    }

    /// EX_USAGE (64) said in the officer's language: `vi` under `LANG=vi_*`, else `en`
    /// (issue 14, item 2).
    public static func usage(en: String, vi: String) -> CLIFailure { usage(LogBridge.officerLanguage == .vi ? vi : en) }
    /// EX_USAGE (64) for a time option outside `TimeRules`' window: `problem` (English) or
    /// the domain's Vietnamese sentence.
    static func timeOption(_ option: String, _ t: RFC3339Timestamp, _ problem: String) -> CLIFailure {
        usage(
            en: "\(option): \(problem)",
            vi: DomainError.timeOutsideWindow(field: option, time: t).text(.vi))
    }
    /// EX_USAGE (64) for a time option that is no time: `problem` (from
    /// `AlertDraft.parseTime`) in the officer's language.
    static func unreadableTime(_ option: String, _ problem: AlertDraft.Problem) -> CLIFailure {
        usage(en: "\(option): \(problem.reason)", vi: "\(option): \(problem.reasonVI)")
    }
    /// EX_CONFIG (78): the log at `path` has no desk yet (network enrol, sync).
    static func noDesk(_ path: String) -> CLIFailure {
        config(
            en: "\(path): the log has no desk: run dutydesk desk init --unit CODE first",
            vi: "\(path): nhật ký chưa có bàn trực: chạy dutydesk desk init --unit MÃ trước")
    }
    /// EX_CONFIG (78): the desk of the log at `path` has no key file.
    static func noDeskKey(_ path: String) -> CLIFailure {
        config(
            en: "\(DeskKey.path(forLog: path)): no desk key: run dutydesk desk init first",
            vi: "\(DeskKey.path(forLog: path)): chưa có khóa của bàn trực: chạy dutydesk desk init trước")
    }
    /// EX_DATAERR (65) said in the officer's language.
    public static func data(en: String, vi: String) -> CLIFailure { data(LogBridge.officerLanguage == .vi ? vi : en) }
    /// EX_CONFIG (78) said in the officer's language.
    public static func config(en: String, vi: String) -> CLIFailure {
        config(LogBridge.officerLanguage == .vi ? vi : en)
    }
}

/// sysexits(3) codes used by the log commands.
public enum SysExit {
    public static let ok: Int32 = 0
    /// EX_USAGE
    public static let usage: Int32 = 64
    /// EX_DATAERR: the log holds a bad record.
    public static let dataErr: Int32 = 65
    /// EX_NOINPUT: the log file does not exist.
    public static let noInput: Int32 = 66
    /// EX_CANTCREAT: the log or its directory cannot be created.
    public static let cantCreat: Int32 = 73
    /// EX_IOERR: read, write or sync failure.
    public static let ioErr: Int32 = 74

    /// The exit code for a log error.
    public static func code(for error: LogError) -> Int32 {
        switch error {
        case .notFound, .unsafePath: return noInput
        case .cannotCreate: return cantCreat
        case .io, .shortWrite, .syncFailed: return ioErr
        case .badLog, .readOnly, .invalidRecord, .shrank: return dataErr
        }
    }
}
