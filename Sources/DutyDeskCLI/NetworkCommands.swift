// `dutydesk network setup|enrol|status` and `dutydesk sync` (issue 11, items 2 and 3;
// decision 0013; docs/network.md): the campaign server and the process that carries this
// desk's records to it and other desks' records from it.
import ArgumentParser
import Dispatch
import DutyDeskDomain
import DutyDeskLog
import DutyDeskNetwork

#if canImport(Glibc)
    import Glibc
#endif

/// Runs async network work from a synchronous command, and waits for it.
func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    guard let result = box.result else { throw CLIFailure.software("internal: no result") }
    return try result.get()
}

/// Where `blocking` leaves the task's result for the waiting thread.
final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

extension NetworkError {
    /// The sysexits code of a network failure: 69 server unavailable or refusing, 65 a
    /// record refused (a fork), 78 bad settings, 64 a bad URL, 74 a local file.
    var exitCode: Int32 {
        switch self {
        case .badURL: return SysExit.usage
        case .badSettings: return 78
        case .unavailable, .server: return 69
        case .refused: return SysExit.dataErr
        case .local: return SysExit.ioErr
        }
    }
    var failure: CLIFailure { CLIFailure(text(LogBridge.officerLanguage), code: exitCode) }
}

/// Any error of the network commands as a `CLIFailure`.
func networkFailure(_ error: any Error) -> CLIFailure {
    if let f = error as? CLIFailure { return f }
    if let n = error as? NetworkError { return n.failure }
    if let l = error as? LogError { return .log(l) }
    return .software("\(error)")
}

/// `dutydesk network …`: the campaign server.
public struct NetworkCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: "Set up the campaign's PostgreSQL server, enrol a desk, show the desk's network state.",
        discussion: """
            Desks share their records through one PostgreSQL server (docs/network.md). An \
            administrator sets the server up once and enrols each desk once; each desk then \
            runs `dutydesk sync`. The local log stays the desk's source of truth: a desk \
            whose link is down keeps working and catches up when it returns.

            Examples:
              dutydesk network setup --database postgres://admin:PASSWORD@db.example:5432/dutydesk
              dutydesk desk init --unit HQLS --name "Cửa khẩu Hữu Nghị" --log hqls.log
              dutydesk network enrol --database postgres://admin:PASSWORD@db.example:5432/dutydesk --log hqls.log
              dutydesk sync --log hqls.log
              dutydesk network status --log hqls.log
            """,
        subcommands: [Setup.self, Enrol.self, Status.self])
    public init() {}

    /// `dutydesk network setup --database URL`.
    public struct Setup: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "setup",
            abstract: "Create or migrate the campaign's schema on the server (idempotent).",
            discussion: """
                Run as the database's owner. Creates the schema (versioned), the row-level \
                security policies and the desks' group role, and records the campaign and its \
                focal unit (Division 1). A second run changes nothing. Exit codes: 0 done, 64 bad \
                URL, 65 the server carries another campaign or a newer schema, 69 unavailable.
                """)
        @Option(name: .long, help: ArgumentHelp("The administrator's postgres:// URL.", valueName: "url"))
        public var database: String
        @OptionGroup public var campaignOptions: CampaignOptions
        public init() {}

        public func run() throws {
            let url: DatabaseURL
            do { url = try DatabaseURL(parsing: database) } catch { throw error.failure }
            let campaign = try campaignOptions.loadCampaign()
            let (id, focal) = (campaign.id, campaign.focalUnit)
            do {
                let (from, to) = try blocking {
                    try await ServerConnection.with(url) { c in try await c.setUp(campaignID: id, focalUnit: focal) }
                }
                var out = RawOut(fd: 1)
                let vi = LogBridge.officerLanguage == .vi
                let said =
                    switch (from == to, vi) {
                    case (true, false): "schema at version \(to): nothing to do (campaign \(id), focal unit \(focal))\n"
                    case (false, false):
                        "schema migrated from version \(from) to \(to) (campaign \(id), focal unit \(focal))\n"
                    case (true, true):
                        "lược đồ đã ở phiên bản \(to): không cần làm gì (chiến dịch \(id), đơn vị đầu mối \(focal))\n"
                    case (false, true):
                        "đã nâng lược đồ từ phiên bản \(from) lên \(to) (chiến dịch \(id), đơn vị đầu mối \(focal))\n"
                    }
                out.say(said)
                try out.finish()
            } catch { throw networkFailure(error) }
        }
    }

    /// `dutydesk network enrol --database ADMIN_URL --log PATH`.
    public struct Enrol: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "enrol",
            abstract: "Register this desk on the server: its own role and password, its unit and public key.",
            discussion: """
                The log must have a desk identity with a key (dutydesk desk init). Creates the \
                desk's PostgreSQL role with a generated password (stored as a SCRAM-SHA-256 \
                verifier), records its unit and public key, and writes the desk's own \
                connection settings beside its log (<log>.network, mode 0600). Enrolling again \
                rotates the password. Exit codes: 0, 64 bad URL, 65 refused (another key or \
                unit; --replace-key to re-key on purpose), 69 unavailable, 78 no desk or key.
                """)
        @Option(name: .long, help: ArgumentHelp("The administrator's postgres:// URL.", valueName: "url"))
        public var database: String
        @Flag(name: .long, help: "Replace the public key the server holds for this desk (a desk whose key was lost).")
        public var replaceKey = false
        @Option(
            name: .long,
            help: ArgumentHelp(
                "The host and port desks use to reach the server, when not the administrator's (host:port).",
                valueName: "host:port"))
        public var deskAddress: String?
        @OptionGroup public var campaignOptions: CampaignOptions
        public init() {}

        public func run() throws {
            var url: DatabaseURL
            do { url = try DatabaseURL(parsing: database) } catch { throw error.failure }
            let campaign = try campaignOptions.loadCampaign()
            let path = campaignOptions.logPath(for: campaign)
            let (_, state, _) = try LogBridge.loadForReading(path: path, campaign: campaign)
            guard let desk = state.desk else {
                throw CLIFailure.noDesk(path)
            }
            let key: DeskKey
            do {
                guard let k = try DeskKey.load(forLog: path) else {
                    throw CLIFailure.noDeskKey(path)
                }
                key = k
            } catch let e as CLIFailure { throw e } catch { throw CLIFailure.config("\(error)") }
            guard desk.publicKey == key.publicKeyBase64 else {
                throw CLIFailure.config(
                    en:
                        "\(DeskKey.path(forLog: path)): the key is not the one the log recorded; run dutydesk desk init to record it",
                    vi:
                        "\(DeskKey.path(forLog: path)): khóa không phải khóa nhật ký đã ghi; chạy dutydesk desk init để ghi nhận nó"
                )
            }
            let password = randomToken(32)
            let (code, unit, name, publicKey) = (desk.desk, desk.unit, desk.name, key.publicKeyBase64)
            let replace = replaceKey
            let admin = url
            do {
                try blocking {
                    try await ServerConnection.with(admin) { c in
                        try await c.enrol(
                            desk: code, unit: unit, name: name, publicKey: publicKey, password: password,
                            replacingKey: replace)
                    }
                }
            } catch { throw networkFailure(error) }
            url.user = ServerConnection.roleName(forDesk: code, database: url.database)
            url.password = password
            if let deskAddress {
                let parts = deskAddress.split(separator: ":")
                guard parts.count == 2, let port = Int(parts[1]), (1...65535).contains(port) else {
                    throw CLIFailure.usage(
                        en: "--desk-address: give host:port, e.g. db.example:5432",
                        vi: "--desk-address: viết máy:cổng, vd. db.example:5432")
                }
                url.host = String(parts[0])
                url.port = port
            }
            do { try DeskSettings(desk: code, database: url).save(forLog: path) } catch { throw error.failure }
            var out = RawOut(fd: 1)
            out.say(
                LogBridge.officerLanguage == .vi
                    ? "bàn trực \(code) (đơn vị \(unit)) đã đăng ký với vai trò \(url.user); cấu hình ở \(DeskSettings.path(forLog: path)) (quyền 0600). Bắt đầu đồng bộ: dutydesk sync --log \(path)\n"
                    : "desk \(code) (unit \(unit)) enrolled as role \(url.user); its settings are in \(DeskSettings.path(forLog: path)) (mode 0600). Start its sync: dutydesk sync --log \(path)\n"
            )
            try out.finish()
        }
    }

    /// `dutydesk network status --log PATH`: the desk's network state, from its log.
    public struct Status: ParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "status",
            abstract:
                "Print the desk's network state as its log records it (link, last push and pull, refused records).",
            discussion: "Reads only the log; never contacts the server. Exit codes: 0, 66 no log, 74 I/O error.")
        @OptionGroup public var campaignOptions: CampaignOptions
        public init() {}

        public func run() throws {
            let campaign = try campaignOptions.loadCampaign()
            let path = campaignOptions.logPath(for: campaign)
            let (_, state, _) = try LogBridge.loadForReading(path: path, campaign: campaign)
            let settings = try? DeskSettings.load(forLog: path)
            var out = RawOut(fd: 1)
            for line in NetworkTexts.statusLines(
                state, settings: settings ?? nil, zone: campaign.zone, language: LogBridge.officerLanguage)
            {
                out.say(line + "\n")
            }
            try out.finish()
        }
    }
}

/// The words of the network commands.
enum NetworkTexts {
    /// `network status`'s lines in `language` (times `dd/MM/yyyy HH:mm` in the campaign's zone).
    static func statusLines(
        _ s: CampaignState, settings: DeskSettings?, zone: CampaignZone, language: Language = .en
    ) -> [String] {
        let vi = language == .vi
        func w(_ en: String, _ v: String) -> String { vi ? v : en }
        func t(_ x: RFC3339Timestamp?) -> String {
            x.map { VietnameseDate.format($0, zone: zone) + w(" ICT", " (giờ Việt Nam)") } ?? w("never", "chưa lần nào")
        }
        let n = s.network
        var lines: [String] = []
        lines.append(
            w("desk: ", "bàn trực: ")
                + (s.desk.map { "\($0.desk) (" + w("unit ", "đơn vị ") + "\($0.unit))" }
                    ?? w("none (dutydesk desk init)", "chưa có (dutydesk desk init)")))
        lines.append(
            w("enrolled: ", "đã đăng ký: ")
                + (settings.map { w("yes, as ", "có, với ") + "\($0.database)" }
                    ?? w("no (dutydesk network enrol)", "chưa (dutydesk network enrol)")))
        switch n.linkUp {
        case nil: lines.append(w("link: never synced", "kết nối: chưa đồng bộ lần nào"))
        case true?: lines.append(w("link: connected", "kết nối: đang kết nối"))
        case false?:
            lines.append(
                w("link: offline since ", "kết nối: mất kết nối từ ") + t(n.offlineSince)
                    + (n.downReason.map { " (\($0))" } ?? ""))
        }
        lines.append(
            w("last push: ", "lần gửi cuối: ") + t(n.lastPush)
                + w(
                    " (records up to seq \(n.pushedThrough) are on the server)",
                    " (các bản ghi đến số \(n.pushedThrough) đã có trên máy chủ)"))
        lines.append(
            w("last pull: ", "lần nhận cuối: ") + t(n.lastPull)
                + w(
                    " (\(n.pulledRecords) records of other desks, cursor \(n.pullCursor))",
                    " (\(n.pulledRecords) bản ghi của các bàn trực khác, con trỏ \(n.pullCursor))"))
        lines.append(w("desks known: ", "các bàn trực đã biết: ") + s.directory.keys.sorted().joined(separator: ", "))
        if !n.quarantined.isEmpty {
            lines.append(w("refused records: ", "bản ghi bị từ chối: ") + "\(n.quarantined.count)")
            for q in n.quarantined.suffix(10) {
                lines.append("  \(q.desk) " + w("seq ", "bản ghi số ") + "\(q.seq): \(q.reason)")
            }
        }
        return lines
    }
}

/// Set by SIGTERM and SIGINT: `sync` finishes its round and exits 0.
nonisolated(unsafe) private var syncStopRequested: sig_atomic_t = 0

/// `dutydesk sync --log PATH [--once]`.
public struct SyncCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Carry this desk's records to the campaign server and other desks' records from it.",
        discussion: """
            Pushes this desk's records that are not on the server (signed with the desk's key, \
            routed by their sharing level) and pulls the records of other desks it may read, \
            appending them to the log with their origin and signature after checking both; a \
            record that fails is kept apart and shown (network.quarantined), never applied. \
            Without --once it runs until SIGTERM or SIGINT, woken by the server (LISTEN/NOTIFY), \
            by this log growing, or by a timer; when the link drops it records that, keeps \
            retrying, and catches up when it returns. With --once it pushes and pulls until \
            caught up and exits. Exit codes: 0, 65 this log forked, 69 server unavailable \
            (--once), 75 another sync runs on this log, 78 not enrolled or no desk key.

            Examples:
              dutydesk sync --log hqls.log
              dutydesk sync --log hqls.log --once
            """)
    @Flag(name: .long, help: "Push and pull until caught up, then exit.")
    public var once = false
    @Option(
        name: .long,
        help: ArgumentHelp("Seconds between rounds when nothing wakes the sync (default 5).", valueName: "seconds"))
    public var interval: Double = 5
    @OptionGroup public var campaignOptions: CampaignOptions
    public init() {}

    public func validate() throws {
        guard interval >= 0.05, interval <= 3600 else { throw ValidationError("--interval: from 0.05 to 3600 seconds") }
    }

    public func run() throws {
        let campaign = try campaignOptions.loadCampaign()
        let path = campaignOptions.logPath(for: campaign)
        let lock = try Self.exclusiveSyncLock(path)
        defer { close(lock) }
        let sync = try DeskSync(
            path: path, campaign: campaign, explicitClock: try campaignOptions.explicitClock(for: campaign))
        if once {
            let round: SyncRound
            do {
                round = try blocking { try await sync.once() }
            } catch {
                if let n = error as? NetworkError, n.exitCode == 69 { try? sync.recordLink(up: false, reason: n.text) }
                throw networkFailure(error)
            }
            var out = RawOut(fd: 1)
            out.say(
                LogBridge.officerLanguage == .vi
                    ? "đã gửi \(round.pushed), đã nhận \(round.pulled), từ chối \(round.quarantined)\n"
                    : "pushed \(round.pushed), pulled \(round.pulled), refused \(round.quarantined)\n")
            try out.finish()
            return
        }
        // A launcher may have blocked these (a test runner's threads do): the sync must hear them.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGTERM)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        signal(SIGTERM) { _ in syncStopRequested = 1 }
        signal(SIGINT) { _ in syncStopRequested = 1 }
        signal(SIGPIPE, SIG_IGN)
        let seconds = interval
        do { try blocking { try await sync.runUntilStopped(interval: seconds) { syncStopRequested != 0 } } } catch {
            throw networkFailure(error)
        }
    }

    /// One sync per log: `<log>.sync.lock`, flock'd for the process's life.
    /// - Throws: 75 when another sync holds it, 73 when it cannot be created.
    static func exclusiveSyncLock(_ path: String) throws(CLIFailure) -> Int32 {
        let lockPath = path + ".sync.lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw CLIFailure("\(lockPath): cannot open: \(String(cString: strerror(errno)))", code: SysExit.cantCreat)
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw CLIFailure("\(path): another dutydesk sync is running on this log", code: 75)
        }
        return fd
    }
}
