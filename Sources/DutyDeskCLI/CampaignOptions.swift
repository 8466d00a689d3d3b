// The options every campaign command shares: the campaign, the log and the officer.
import ArgumentParser
import DutyDeskConfig
import DutyDeskDomain
import DutyDeskLog
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `--campaign FILE`, `--log PATH` and `--officer ID`, shared by the dashboard and every
/// command that reads or writes the campaign's log.
public struct CampaignOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Campaign definition file (YAML, docs/campaign-format.md). Default: the embedded Golden Strike 2021 campaign.",
            valueName: "file"))
    public var campaign: String?

    @OptionGroup public var logOptions: LogOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Officer id recorded as the actor of every action (default: your login name).", valueName: "id"))
    public var officer: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Start the clock at this instant and let it run on: RFC 3339 with an offset, or dd/MM/yyyy HH:mm[:ss] in the campaign's zone (ICT). Default: the log's drill clock, if it has one, else real time.",
            valueName: "time"))
    public var now: String?

    public init() {}

    /// `--now` parsed (`CampaignClock.parseNow`), nil when not given; the clock of a command
    /// is `clock(for:)` once the log is read.
    /// - Throws: `CLIFailure.usage` (64) naming `--now`.
    public func explicitClock(for campaign: Campaign) throws(CLIFailure) -> CampaignClock? {
        guard now != nil else { return nil }
        return try CampaignClock.parseNow(now, offsetSeconds: campaign.zone.offsetSeconds)
    }

    /// The one clock of a command on a log whose projection is `state` (decision 0011):
    /// `--now`, else the log's drill clock, else real time (`CampaignClock.resolve`).
    /// - Throws: `CLIFailure.usage` (64) naming `--now`.
    public func clock(for campaign: Campaign, state: CampaignState?) throws(CLIFailure) -> CampaignClock {
        CampaignClock.resolve(
            explicit: try explicitClock(for: campaign), drill: state?.drillClock,
            offsetSeconds: campaign.zone.offsetSeconds)
    }

    /// The campaign: `--campaign FILE` or the embedded Golden Strike 2021.
    /// - Throws: `CLIFailure` (EX_NOINPUT for a missing file, EX_CONFIG for a bad one),
    ///   with the file, line and field from the campaign loader; EX_CONFIG (78) naming the
    ///   field `id` when the campaign id is not a safe file name (it names the log file;
    ///   `LogLocation.unsafeFileNameReason`, issue 12, item 8).
    public func loadCampaign() throws(CLIFailure) -> Campaign {
        guard let path = campaign else { return CampaignLoader.embeddedGoldenStrike2021 }
        guard access(path, R_OK) == 0 else {
            throw .noInput("cannot read campaign file \(path): \(String(cString: strerror(errno)))")
        }
        let loaded: Campaign
        do { loaded = try CampaignLoader.load(path: path) } catch { throw .config(error.description) }
        if let why = LogLocation.unsafeFileNameReason(loaded.id) {
            throw .config("\(path): id: the campaign id \(why) (it names the campaign's log file)")
        }
        return loaded
    }

    /// The log path for `campaign`: `--log`, else `DUTYDESK_LOG`, else the XDG default.
    public func logPath(for campaign: Campaign) -> String { logOptions.resolvedPath(campaignID: campaign.id) }

    /// The officer id: `--officer`, else `DUTYDESK_OFFICER`, else the login name, else `officer`.
    /// An id given by `--officer` or `DUTYDESK_OFFICER` must be non-empty and one line
    /// (no line break or other control character), and not `system` (the log's own actor):
    /// it is recorded as the actor of every record.
    /// - Throws: `CLIFailure.usage` (64) naming the option or the variable.
    public func officerID() throws(CLIFailure) -> String {
        func checked(_ o: String, _ name: String) throws(CLIFailure) -> String {
            if o.trimmingSpaces.isEmpty {
                throw .usage(en: "\(name): the officer id is empty", vi: "\(name): mã cán bộ để trống")
            }
            if let c = firstControlCharacter(in: o) {
                throw .usage(
                    en: "\(name): the officer id contains a line break or control character (\(c))",
                    vi: "\(name): mã cán bộ chứa dấu xuống dòng hoặc ký tự điều khiển (\(c))")
            }
            // `system` is the log's own actor (recovery records): an officer cannot be it.
            if o == "system" {
                throw .usage(
                    en: "\(name): 'system' is the log's own actor, not an officer id",
                    vi: "\(name): 'system' là tác nhân của chính nhật ký, không phải mã cán bộ")
            }
            return o
        }
        if let o = officer { return try checked(o, "--officer") }
        let env = currentEnvironment()
        if let o = env["DUTYDESK_OFFICER"], !o.isEmpty { return try checked(o, "DUTYDESK_OFFICER") }
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return env["USER"] ?? "officer"
    }
}

/// `--log PATH`: which log file. Default: `DUTYDESK_LOG`, else
/// `$XDG_DATA_HOME/dutydesk/<campaign-id>.log` (see `LogLocation.resolve`).
public struct LogOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The event log file (default: $DUTYDESK_LOG, else $XDG_DATA_HOME/dutydesk/<campaign>.log).",
            valueName: "path"))
    public var log: String?

    @OptionGroup public var language: LanguageOption

    public init() {}

    /// `--log ""` is a usage error (exit 64), not the default log (issue 12, item 10).
    public func validate() throws {
        if let log, log.isEmpty {
            throw ValidationError("--log: the path is empty; give a log file, or leave --log out for the default log")
        }
    }

    /// The campaign whose log is used when neither `--log` nor `DUTYDESK_LOG` is given:
    /// Golden Strike 2021 (letter 4237/TCHQ-ĐTCBL).
    public static let defaultCampaignID = "golden-strike-2021"

    /// The resolved log path for `campaignID`. The first call in a process also warns on
    /// standard error when the log file or its directory is group- or world-writable
    /// (every command resolves the log through here; issue 12, item 8).
    public func resolvedPath(campaignID: String = LogOptions.defaultCampaignID) -> String {
        let path = LogLocation.resolve(explicit: log, environment: currentEnvironment(), campaignID: campaignID)
        LogOptions.warnOnce(path)
        return path
    }

    private static let warned = Mutex<Set<String>>([])

    /// Prints the writable-by-others warnings for `path` once per process.
    static func warnOnce(_ path: String) {
        let first = warned.withLock { $0.insert(path).inserted }
        guard first else { return }
        for w in LogLocation.writableByOthersWarnings(path) { printError("warning: \(w)") }
    }
}

/// `--lang en|vi`, shared by every command through `LogOptions`: the language of the
/// command's messages, of the dashboard and of reports (issue 14, item 2). Without it,
/// messages and the dashboard follow `LC_ALL`/`LANG` (`LogBridge.officerLanguage`) and
/// reports are written in Vietnamese.
public struct LanguageOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Language of messages, the dashboard and reports: vi or en (default: vi when LANG starts with vi_, else en; reports: vi).",
            valueName: "vi|en"))
    public var lang: String?

    public init() {}

    /// The language `--lang` names, nil when not given.
    /// - Throws: `ValidationError` (exit 64) for any other value, in the locale's language.
    public var chosen: Language? {
        get throws {
            switch lang {
            case nil: return nil
            case "vi", "VI", "vi_VN": return .vi
            case "en", "EN": return .en
            case let other?:
                throw ValidationError(
                    LogBridge.officerLanguage == .vi
                        ? "--lang: «\(other)» không phải ngôn ngữ; dùng vi hoặc en"
                        : "--lang: '\(other)' is not a language; use vi or en")
            }
        }
    }

    /// Checks the value and makes it the process's message language, so that every message
    /// of this command, even one said before the command reads its options, is in it.
    public func validate() throws {
        if let l = try chosen { LogBridge.chooseLanguage(l) }
    }
}

/// The process environment as a dictionary.
func currentEnvironment() -> [String: String] {
    var env: [String: String] = [:]
    var p = environ
    while let entry = p.pointee {
        let s = String(cString: entry)
        if let eq = s.firstIndex(of: "=") { env[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
        p += 1
    }
    return env
}
