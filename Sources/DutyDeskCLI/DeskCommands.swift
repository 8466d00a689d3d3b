// `dutydesk desk init|show`: the desk a log belongs to (issue 10, item 1; decision 0011).
// The seed of the network's `desk init/enrol` (issue 11): small, and room for more.
import ArgumentParser
import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog

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
              dutydesk desk init --unit HQLS --name "Cửa khẩu Hữu Nghị"
              dutydesk desk init --unit HQLS --desk HQLS2
              dutydesk desk show
            """,
        subcommands: [Init.self, Show.self])
    public init() {}

    /// `dutydesk desk init --unit CODE [--desk CODE] [--name TEXT]`: creates the desk key
    /// beside the log (`<log>.key`, 0600; `DeskKey`) and records `desk.configured` with the
    /// key's public half; on a log that has a desk but no key yet (configured before desk
    /// keys), creates the key and records `desk.keyed` (the upgrade in place, issue 11).
    public struct Init: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Record the desk the log belongs to, create its signing key, and print its code.",
            discussion: """
                The desk's Ed25519 key is created beside the log (LOG.key, mode 600) and its \
                public key recorded with the desk. On a log whose desk was recorded before \
                desk keys, the same command (same unit) creates the key and records it \
                (desk.keyed): the log is upgraded in place. A key file left by an \
                interrupted run is used, never replaced.

                Exit codes: 0 recorded (desk code printed), 64 bad desk code, name or option, \
                65 the log already has a desk (and a key), the unit is unknown, or the key \
                file is unsafe (a link, readable by others) or malformed, 73/74 log or key \
                file error.
                """)
        @Option(name: .long, help: ArgumentHelp("The campaign unit of the desk, e.g. HQLS.", valueName: "code"))
        public var unit: String
        @Option(
            name: .long,
            help: ArgumentHelp(
                "The desk code (default: the unit code; e.g. HQLS2 for a unit's second desk): A-Z, 0-9 and -, 2 to 16 characters.",
                valueName: "code"))
        public var desk: String?
        @Option(
            name: .long,
            help: ArgumentHelp(
                "The desk's name for people, e.g. \"Cửa khẩu Hữu Nghị\" (1 to 100 characters, no control characters).",
                valueName: "text"))
        public var name: String?
        @OptionGroup public var campaignOptions: CampaignOptions
        public init() {}

        /// The desk code and the name are checked before the campaign is read.
        /// - Throws: `CLIFailure.usage` (64) naming `--desk` (or `--unit` when it is the code) or `--name`.
        func checkOptions() throws(CLIFailure) {
            let code = desk ?? unit
            if !DeskCode.isValid(code) {
                let option = desk == nil ? "--unit" : "--desk"
                throw .usage(
                    en: "\(option): \(DomainError.badDeskCode(code).text(.en))",
                    vi: "\(option): \(DomainError.badDeskCode(code).text(.vi))")
            }
            if let n = name {
                if n.isEmpty || n.count > 100 {
                    throw .usage(
                        en: "--name: the desk's name must be 1 to 100 characters",
                        vi: "--name: tên bàn trực phải dài từ 1 đến 100 ký tự")
                }
                if let c = n.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
                    let u = "U+\(Hex.padded(c.value, width: 4).uppercased())"
                    throw .usage(
                        en: "--name: the desk's name contains the control character \(u)",
                        vi: "--name: tên bàn trực có ký tự điều khiển \(u)")
                }
            }
        }

        /// The command for `state`: `desk.keyed` when the log's desk is this one and has no
        /// key yet, else `desk.configured` (refused by `decide` when the log has a desk).
        func command(state: CampaignState, publicKey: String) -> Command {
            if let d = state.desk, d.publicKey == nil, d.unit == unit, desk == nil || desk == d.desk {
                return .keyDesk(publicKey: publicKey)
            }
            return .configureDesk(unit: unit, desk: desk, name: name, publicKey: publicKey)
        }

        /// Checks the options, opens the log, decides against it (nothing is created for a
        /// refused command), loads or creates the key, then decides and appends under the
        /// lock; prints the desk code once the record is durable.
        /// - Throws: `CLIFailure` with its sysexits code.
        public func run() throws {
            try checkOptions()
            let campaign = try campaignOptions.loadCampaign()
            let actor = LogBridge.actor(officer: try campaignOptions.officerID())
            let explicit = try campaignOptions.explicitClock(for: campaign)
            let path = campaignOptions.logPath(for: campaign)
            let (log, loaded) = try LogBridge.load(path: path, campaign: campaign)
            defer { log.close() }
            try CampaignClock.refuseAheadOfDrill(explicit, drill: loaded.drillClock, zone: campaign.zone)
            let clock = CampaignClock.resolve(
                explicit: explicit, drill: loaded.drillClock, offsetSeconds: campaign.zone.offsetSeconds)
            let now = clock.now()
            // A refusal first, before a key file is made for nothing.
            let existing = try Self.existingKey(forLog: path)
            let trial = command(state: loaded, publicKey: existing?.publicKeyBase64 ?? "")
            if case .failure(let e) = decide(trial, state: loaded, actor: actor.officer, now: now, newID: { "" }) {
                throw CLIFailure.data(LogBridge.refusalText(e, LogBridge.officerLanguage))
            }
            let key = try existing ?? Self.createKey(forLog: path)
            var state = loaded
            let stored = try LogBridge.decideAndAppend(
                command(state: state, publicKey: key.publicKeyBase64), log: log, state: &state, actor: actor,
                now: now, newID: { LogBridge.newEventID() })
            var out = RawOut(fd: 1)
            out.say((state.desk?.desk ?? desk ?? unit) + "\n")
            do { try out.finish() } catch {
                guard !stored.isEmpty else { throw error }
                throw CLIFailure(error.message + "; the desk WAS recorded; do not record it again", code: error.code)
            }
        }

        /// The key beside the log (one an interrupted run left is reused), nil when none.
        /// - Throws: `CLIFailure` (65 unsafe or malformed, 74 read error) naming the file.
        static func existingKey(forLog path: String) throws(CLIFailure) -> DeskKey? {
            do { return try DeskKey.load(forLog: path) } catch { throw failure(error) }
        }

        /// A new key beside the log; one another `desk init` made meanwhile is loaded.
        /// - Throws: `CLIFailure` (65, 73, 74) naming the file.
        static func createKey(forLog path: String) throws(CLIFailure) -> DeskKey {
            do { return try DeskKey.create(forLog: path) } catch DeskKeyError.exists {
                if let k = try existingKey(forLog: path) { return k }
                throw .data(
                    en: "\(DeskKey.path(forLog: path)): the desk key vanished while it was being made",
                    vi: "\(DeskKey.path(forLog: path)): khóa của bàn trực biến mất trong lúc đang tạo")
            } catch { throw failure(error) }
        }

        static func failure(_ error: any Error) -> CLIFailure {
            guard let e = error as? DeskKeyError else { return .software("\(error)") }
            switch e {
            case .exists, .unsafe, .malformed: return .data(e.description)
            case .cannotCreate: return CLIFailure(e.description, code: SysExit.cantCreat)
            case .io: return CLIFailure(e.description, code: SysExit.ioErr)
            }
        }
    }

    /// `dutydesk desk show`: the desk and the drill clock of the log.
    public struct Show: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print the desk the log belongs to (and its drill clock, if it is a drill).",
            discussion: """
                Prints `desk HQLS2 (unit HQLS): new ids …`, its name, its key's fingerprint \
                (the first 16 hex digits of SHA-256 of the public key) and how many desks \
                the log knows (its own and those sync copied in), or `no desk: …`; a drill \
                log adds its clock. Exit codes: 0, 66 no log, 74 I/O error.
                """)
        @OptionGroup public var campaignOptions: CampaignOptions
        public init() {}

        public func run() throws {
            let campaign = try campaignOptions.loadCampaign()
            let path = campaignOptions.logPath(for: campaign)
            let (_, state, _) = try LogBridge.loadForReading(path: path, campaign: campaign)
            var lines: [String] = []
            let vi = LogBridge.officerLanguage == .vi
            func w(_ en: String, _ v: String) -> String { vi ? v : en }
            if let d = state.desk {
                lines.append(
                    w(
                        "desk \(d.desk) (unit \(d.unit)): new ids ",
                        "bàn trực \(d.desk) (đơn vị \(d.unit)): số hiệu mới ")
                        + "\(state.nextAlertID), \(state.nextRequestID)")
                if let n = d.name { lines.append(w("name: ", "tên: ") + n) }
                if let k = d.publicKey {
                    lines.append(
                        w("key: ", "khóa: ")
                            + (DeskKey.fingerprint(publicKeyBase64: k)
                                ?? w("not a public key", "không phải khóa công khai"))
                            + w(" (SHA-256, first 16 hex)", " (SHA-256, 16 chữ số hex đầu)"))
                    if let problem = Self.keyFileProblem(path: path, recorded: k) { lines.append(problem) }
                } else {
                    lines.append(
                        w(
                            "key: none (dutydesk desk init --unit \(d.unit) creates it)",
                            "khóa: chưa có (dutydesk desk init --unit \(d.unit) sẽ tạo)"))
                }
                let n = state.directory.count
                lines.append(w("directory: \(n) desk\(n == 1 ? "" : "s")", "danh bạ: \(n) bàn trực"))
            } else {
                lines.append(
                    w("no desk: new ids ", "chưa có bàn trực: số hiệu mới ")
                        + "\(state.nextAlertID), \(state.nextRequestID) (dutydesk desk init --unit "
                        + w("CODE)", "MÃ)"))
            }
            if let c = state.drillClock {
                let clock = try campaignOptions.clock(for: campaign, state: state)
                lines.append(
                    vi
                        ? "đồng hồ diễn tập: \(VietnameseDate.format(c.drillAt, zone: campaign.zone)) lúc giờ thật \(VietnameseDate.format(c.realAt, zone: campaign.zone)); bây giờ \(VietnameseDate.format(clock.now(), zone: campaign.zone))"
                        : "drill clock: \(c.drillAt) at real \(c.realAt); now \(clock.now())")
            }
            var out = RawOut(fd: 1)
            out.say(lines.joined(separator: "\n") + "\n")
            try out.finish()
        }

        /// A line saying what is wrong with the key file beside the log at `path`, whose
        /// desk recorded the public key `recorded`: missing, refused (`DeskKeyError`), or
        /// holding another key (records it signs would not verify); nil when it matches.
        static func keyFileProblem(path: String, recorded: String) -> String? {
            let file = DeskKey.path(forLog: path)
            let vi = LogBridge.officerLanguage == .vi
            do {
                guard let key = try DeskKey.load(forLog: path) else {
                    return vi
                        ? "tệp khóa: thiếu \(file): bàn trực này không ký được các bản ghi của mình"
                        : "key file: \(file) is missing: this desk cannot sign its records"
                }
                if key.publicKeyBase64 == recorded { return nil }
                let fp = DeskKey.fingerprint(publicKeyBase64: key.publicKeyBase64) ?? "?"
                return vi
                    ? "tệp khóa: \(file) chứa một khóa khác (\(fp)): các bản ghi ký bằng nó sẽ không kiểm chứng được"
                    : "key file: \(file) holds another key (\(fp)): records it signs would not verify"
            } catch { return (vi ? "tệp khóa: " : "key file: ") + "\(error)" }
        }
    }
}
