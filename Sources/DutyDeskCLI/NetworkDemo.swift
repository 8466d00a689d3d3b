// `dutydesk demo --network`: the three-desk drill on one machine (issue 11, item 7) — a
// private PostgreSQL server, Lạng Sơn, Quảng Ninh and Division 1, each desk its own log and
// its own `dutydesk sync` process, the drill feed on the two border desks, and Division 1's
// dashboard in this terminal.
import ArgumentParser
import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog
import DutyDeskNetwork
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The three-desk drill in its directory.
///
/// Layout of the drill directory: `drill.conf` (0600: the marker line, the server's
/// directory, its administrator's password), the server's `dutydesk-pg-XXXXXX/`, one log per
/// desk (`HQLS.log`, `HQQN.log`, `DTCBL-P1.log`, with their keys and network settings beside
/// them), and each sync's output (`HQLS.sync.out` …).
struct NetworkDrill {
    /// The drill's desks: unit code and name for people (letter 4237: the two border
    /// departments of the drill and Division 1, the focal unit).
    static let desks: [(unit: String, name: String)] = [
        ("HQLS", "Cửa khẩu Hữu Nghị"), ("HQQN", "Cửa khẩu Móng Cái"), ("DTCBL-P1", "Phòng 1 – Cục ĐTCBL"),
    ]
    /// The desks that run the drill feed (the border gates).
    static let fedDesks: Set<String> = ["HQLS", "HQQN"]
    /// The desk whose dashboard opens in this terminal.
    static let shownDesk = "DTCBL-P1"
    /// The first line of `drill.conf`.
    static let marker = "dutydesk-network-drill 1"
    /// The server's database.
    static let database = "dutydesk"

    let dir: String
    let campaignArgs: [String]

    /// The drill directory without `--dir`: `$XDG_DATA_HOME/dutydesk/network-drill`, else
    /// `~/.local/share/dutydesk/network-drill`.
    static func defaultDirectory(_ env: [String: String]) -> String {
        if let x = env["XDG_DATA_HOME"], x.hasPrefix("/") { return x + "/dutydesk/network-drill" }
        return (env["HOME"] ?? NSHomeDirectory()) + "/.local/share/dutydesk/network-drill"
    }

    func logPath(_ unit: String) -> String { dir + "/" + unit + ".log" }
    var confPath: String { dir + "/drill.conf" }

    /// What `drill.conf` says: the server's directory (a name inside the drill directory)
    /// and the administrator's password; nil when the file is absent.
    /// - Throws: `CLIFailure` 65 naming the file and line for a file that is not a drill's.
    func readConf() throws(CLIFailure) -> (server: String, password: String)? {
        guard FileManager.default.fileExists(atPath: confPath) else { return nil }
        guard let data = FileManager.default.contents(atPath: confPath) else {
            throw CLIFailure(
                LogBridge.officerLanguage == .vi ? "\(confPath): không đọc được" : "\(confPath): cannot read",
                code: SysExit.ioErr)
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        guard lines.first == Self.marker else {
            throw .data(
                en: "\(confPath), line 1: not a network drill's file (expected \"\(Self.marker)\")",
                vi: "\(confPath), dòng 1: không phải tệp của diễn tập mạng (cần \"\(Self.marker)\")")
        }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let eq = line.firstIndex(of: "=") else { continue }
            fields[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        guard let server = fields["server"], !server.isEmpty, !server.contains("/"), server != "..",
            let password = fields["password"], !password.isEmpty
        else {
            throw .data(
                en: "\(confPath): field server or password missing or malformed",
                vi: "\(confPath): trường server hoặc password thiếu hoặc sai dạng")
        }
        return (server, password)
    }

    /// Writes `drill.conf` (0600) whole, through a temporary file renamed into place.
    func writeConf(server: String, password: String) throws(CLIFailure) {
        let tmp = confPath + ".tmp"
        let text = "\(Self.marker)\nserver=\(server)\npassword=\(password)\n"
        guard
            FileManager.default.createFile(
                atPath: tmp, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]),
            rename(tmp, confPath) == 0
        else { throw CLIFailure("\(confPath): cannot write", code: SysExit.cantCreat) }
    }

    /// The drill's server: a new one in a new drill directory, or the one a continued drill
    /// left (started again on a new port). Returns it and whether the drill is new.
    /// - Throws: `CLIFailure` 73 for a directory that holds other files (not a drill's) or
    ///   cannot be made, 66 for a drill whose server data is gone, 69 PostgreSQL missing or
    ///   failing, 65 a malformed `drill.conf`.
    func openServer() throws(CLIFailure) -> (LocalServer, fresh: Bool) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: dir, isDirectory: &isDir) {
            guard isDir.boolValue else { throw CLIFailure("\(dir): not a directory", code: SysExit.cantCreat) }
        } else {
            do {
                // 0700 (the logs are law-enforcement data); as root 0711, for the server runs as postgres.
                try fm.createDirectory(
                    atPath: dir, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: getuid() == 0 ? 0o711 : 0o700])
            } catch { throw CLIFailure("\(dir): cannot create the drill directory: \(error)", code: SysExit.cantCreat) }
        }
        if let conf = try readConf() {
            let serverDir = dir + "/" + conf.server
            guard fm.fileExists(atPath: serverDir + "/data/PG_VERSION") else {
                throw CLIFailure(
                    "\(dir): a network drill whose server data (\(serverDir)/data) is gone: remove the directory to start a new drill, or choose another with --dir",
                    code: SysExit.noInput)
            }
            do { return (try LocalServer.resume(directory: serverDir, adminPassword: conf.password), false) } catch {
                throw error.failure
            }
        }
        let entries = (try? fm.contentsOfDirectory(atPath: dir)) ?? []
        guard entries.isEmpty else {
            throw CLIFailure(
                "\(dir): not a network drill directory (it has files and no drill.conf): choose an empty or new one with --dir",
                code: SysExit.cantCreat)
        }
        if getuid() == 0, let blocked = Self.closedAncestor(of: dir) {
            throw CLIFailure(
                "\(blocked): the postgres user cannot enter it (the private server runs as postgres when run as root): choose a drill directory under one it can reach with --dir, e.g. /var/tmp/dutydesk-drill",
                code: SysExit.cantCreat)
        }
        let server: LocalServer
        do { server = try LocalServer.start(parent: dir, durable: true) } catch { throw error.failure }
        do {
            try writeConf(server: (server.directory as NSString).lastPathComponent, password: server.adminPassword)
        } catch {
            server.stop()
            throw error
        }
        return (server, true)
    }

    var pidsPath: String { dir + "/sync.pids" }

    /// Records the pids of syncs left running (`--keep-running`), one a line.
    func writePids(_ children: [DrillChild]) {
        let text = children.map { "\($0.pid)\n" }.joined()
        _ = FileManager.default.createFile(
            atPath: pidsPath, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
    }

    /// Stops (SIGTERM, wait) the syncs a `--keep-running` drill left, before a continued
    /// drill starts its own (each log takes one sync). Only processes that are still a
    /// `dutydesk … sync --log` of this directory's logs are signalled.
    func stopLeftSyncs() {
        guard let data = FileManager.default.contents(atPath: pidsPath) else { return }
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let pid = pid_t(line), pid > 1,
                let cmd = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")
            else { continue }
            let args = cmd.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            guard args.contains("sync"), args.contains(where: { $0.hasPrefix(dir + "/") && $0.hasSuffix(".log") })
            else { continue }
            kill(pid, SIGTERM)
            for _ in 0..<200 where kill(pid, 0) == 0 { usleep(50_000) }
        }
        unlink(pidsPath)
    }

    /// The first of `path` and its ancestors that others may not enter (no `x` for others).
    static func closedAncestor(of path: String) -> String? {
        var p = path
        while !p.isEmpty {
            var st = stat()
            if stat(p, &st) == 0, st.st_mode & 0o001 == 0 { return p }
            guard let slash = p.lastIndex(of: "/") else { break }
            p = String(p[..<slash])
        }
        return nil
    }

    /// Runs a dutydesk command in this process, as the command line would (its output
    /// goes to standard output).
    /// - Throws: its failure as a `CLIFailure`, prefixed with what the drill was doing.
    func runCommand(_ args: [String], _ step: String) throws(CLIFailure) {
        do {
            var command = try DutyDeskCommand.parseAsRoot(args + campaignArgs)
            try command.run()
        } catch let e as CLIFailure {
            throw CLIFailure("\(step): \(e.message)", code: e.code)
        } catch {
            throw CLIFailure(
                "\(step): \(DutyDeskCommand.message(for: error))", code: DutyDeskCommand.exitCode(for: error).rawValue)
        }
    }

    /// A new desk's log: the drill clock first (`drill.started`, the same instant as
    /// `dutydesk demo`: `start`, stamped `DemoFeed.historyMinutes` before it), then the desk
    /// (`desk init`, stamped there too) — so the three logs share the drill's days.
    func initDesk(unit: String, name: String, start: CampaignClock, campaign: Campaign, actor: LogActor)
        throws(CLIFailure)
    {
        let path = logPath(unit)
        let drillAt = start.now()
        let before = drillAt.adding(seconds: -DemoFeed.historyMinutes * 60)
        // Whole seconds: `--now` of `desk init` is written from it.
        let stamp = RFC3339Timestamp(
            epochNanoseconds: before.epochNanoseconds - before.epochNanoseconds % 1_000_000_000,
            offsetSeconds: before.offsetSeconds)
        do {
            let (log, loaded) = try LogBridge.load(path: path, campaign: campaign)
            defer { log.close() }
            var state = loaded
            if state.drillClock == nil {
                let real = RFC3339Timestamp(
                    epochNanoseconds: EventLog.systemNanos(), offsetSeconds: campaign.zone.offsetSeconds)
                _ = try LogBridge.decideAndAppend(
                    .startDrill(drillAt: drillAt, realAt: real), log: log, state: &state, actor: actor, now: stamp,
                    newID: { LogBridge.newEventID() })
            }
            if state.desk != nil { return }
        }
        try runCommand(
            ["desk", "init", "--unit", unit, "--name", name, "--log", path, "--now", stamp.description],
            "desk init \(unit)")
    }
}

/// A child process of the drill (a desk's `dutydesk sync`).
struct DrillChild {
    let pid: pid_t
    let label: String

    /// Starts this executable with `args`, standard input from /dev/null, standard output
    /// and error appended to `output`.
    /// - Throws: `CLIFailure` 71 when it cannot be started.
    static func spawn(_ args: [String], output: String, label: String) throws(CLIFailure) -> DrillChild {
        let exe =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let argv = [exe] + args
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, exe, &actions, nil, &cArgs, environ)
        guard rc == 0 else {
            throw CLIFailure("\(label): cannot start \(exe): \(String(cString: strerror(rc)))", code: 71)
        }
        return DrillChild(pid: pid, label: label)
    }

    /// SIGTERM, then waits up to `seconds` for it to exit (SIGKILL after that).
    func stop(seconds: Double = 10) {
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(seconds)
        var status: Int32 = 0
        while Date() < deadline {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid || (r < 0 && errno == ECHILD) { return }
            usleep(50_000)
        }
        kill(pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
}

extension DemoCommand {
    /// `dutydesk demo --network`: sets the drill up (or continues it), starts the syncs and
    /// the feeds, shows Division 1's dashboard, and on its end (q, SIGTERM, SIGINT) stops the
    /// feeds, then the syncs (SIGTERM, wait), then the server — unless `--keep-running` —
    /// keeping the logs.
    /// - Throws: `CLIFailure` with the exit codes of `--help`; `ExitCode` for a signal.
    func runNetworkDrill(campaign: Campaign) throws {
        let env = currentEnvironment()
        let base = dir ?? NetworkDrill.defaultDirectory(env)
        let absolute = base.hasPrefix("/") ? base : FileManager.default.currentDirectoryPath + "/" + base
        let drill = NetworkDrill(
            dir: absolute.count > 1 && absolute.hasSuffix("/") ? String(absolute.dropLast()) : absolute,
            campaignArgs: campaignOptions.campaign.map { ["--campaign", $0] } ?? [])
        guard campaign.unit(NetworkDrill.shownDesk) != nil, campaign.focalUnit == NetworkDrill.shownDesk else {
            throw CLIFailure.config(
                en: "--network: the drill needs a campaign whose focal unit is DTCBL-P1 (Golden Strike 2021)",
                vi: "--network: diễn tập cần một chiến dịch có đơn vị đầu mối DTCBL-P1 (Golden Strike 2021)")
        }
        let officer = try campaignOptions.officerID()
        let actor = LogBridge.actor(officer: officer)
        var out = RawOut(fd: 1)
        drill.stopLeftSyncs()
        let (server, fresh) = try drill.openServer()
        var children: [DrillChild] = []
        var feeds: [DemoFeed] = []
        var handedOver = false
        defer {
            // Whatever happened after the server started: nothing of the drill is left running.
            if !handedOver {
                for f in feeds { f.stopAndWait() }
                for c in children { c.stop() }
                server.stop(keepFiles: true)
            }
        }
        let admin = server.adminURL(database: NetworkDrill.database)
        if fresh {
            do { try blocking { try await server.createDatabase(NetworkDrill.database) } } catch {
                throw networkFailure(error)
            }
        } else {
            // A drill stopped between its server's start and its database's creation.
            _ = try? blocking { try await server.createDatabase(NetworkDrill.database) }
        }
        try drill.runCommand(["network", "setup", "--database", admin.withPassword], "network setup")
        let start = try CampaignClock.parseNow(DemoCommand.defaultStart, offsetSeconds: campaign.zone.offsetSeconds)
        for d in NetworkDrill.desks {
            try drill.initDesk(unit: d.unit, name: d.name, start: start, campaign: campaign, actor: actor)
            // Every start enrols again: the server's port is new, and the password rotates.
            try drill.runCommand(
                ["network", "enrol", "--database", admin.withPassword, "--log", drill.logPath(d.unit)],
                "network enrol \(d.unit)")
        }
        for (i, d) in NetworkDrill.desks.enumerated() where NetworkDrill.fedDesks.contains(d.unit) {
            let path = drill.logPath(d.unit)
            let prepared = try DemoFeed.prepare(
                logPath: path, campaign: campaign, desk: d.unit, explicit: nil, actor: actor)
            let feed = DemoFeed(
                campaign: campaign, seed: seed &+ UInt64(i), gap: gap, clock: prepared.clock, logPath: path,
                state: prepared.state, history: fresh)
            feed.mixedSharing = true
            if fresh { try feed.writeHistory() }
            feeds.append(feed)
        }
        for d in NetworkDrill.desks {
            children.append(
                try DrillChild.spawn(
                    ["sync", "--log", drill.logPath(d.unit), "--interval", "1"] + drill.campaignArgs,
                    output: drill.dir + "/" + d.unit + ".sync.out", label: "dutydesk sync \(d.unit)"))
        }
        let vi = LogBridge.officerLanguage == .vi
        out.say(
            vi
                ? """
                Diễn tập mạng ở \(drill.dir) (\(fresh ? "mới" : "tiếp tục")): máy chủ ở 127.0.0.1:\(server.port), \
                các bàn trực HQLS, HQQN và DTCBL-P1 đang đồng bộ; cửa sổ này là của Phòng 1 (DTCBL-P1).
                Mở các bàn trực khác ở cửa sổ khác:
                  dutydesk --log \(drill.logPath("HQLS"))
                  dutydesk --log \(drill.logPath("HQQN"))

                """
                : """
                Network drill in \(drill.dir) (\(fresh ? "new" : "continued")): server on 127.0.0.1:\(server.port), \
                desks HQLS, HQQN and DTCBL-P1 syncing; this terminal shows Division 1 (DTCBL-P1).
                Open the other desks in other terminals:
                  dutydesk --log \(drill.logPath("HQLS"))
                  dutydesk --log \(drill.logPath("HQQN"))

                """)
        out.flush()
        let shownPath = drill.logPath(NetworkDrill.shownDesk)
        let clock = try DemoFeed.prepare(
            logPath: shownPath, campaign: campaign, desk: NetworkDrill.shownDesk, explicit: nil, actor: actor
        ).clock
        let started = feeds
        let code = try runDashboard(
            campaign: campaign, logPath: shownPath, officer: officer, options: dashboard, clock: clock,
            beforeLoop: { _ in for f in started { f.start() } })
        for f in feeds { f.stopAndWait() }
        if keepRunning {
            handedOver = true
            server.detach()
            drill.writePids(children)
            let syncs = children.map { "\($0.label) pid \($0.pid)" }.joined(separator: ", ")
            out.say(
                vi
                    ? "Diễn tập vẫn chạy: tệp pid của máy chủ \(server.directory)/data/postmaster.pid, các tiến trình đồng bộ \(syncs); dừng chúng bằng kill (SIGTERM), hoặc chạy lại dutydesk demo --network --dir \(drill.dir) rồi thoát.\n"
                    : "The drill keeps running: server pid file \(server.directory)/data/postmaster.pid, syncs \(syncs); stop them with kill (SIGTERM), or run dutydesk demo --network --dir \(drill.dir) again and quit.\n"
            )
        } else {
            for c in children { c.stop() }
            server.stop(keepFiles: true)
            handedOver = true
        }
        let logs = NetworkDrill.desks.map { drill.logPath($0.unit) }.joined(separator: ", ")
        out.say((vi ? "Nhật ký diễn tập: " : "Drill logs: ") + logs + "\n")
        out.flush()
        if code != 0 { throw ExitCode(code) }
        try out.finish()
    }
}
