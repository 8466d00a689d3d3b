// A private PostgreSQL server on this machine, for the test suite and the three-desk drill
// (`dutydesk demo --network`; issue 11, item 7). Nothing depends on a system service: the
// server is initialised into a directory of its own, listens on a free loopback port, and
// is stopped at the end. PostgreSQL refuses to run as root, so as root it runs as the
// `postgres` user that Debian's package creates.
import Foundation

/// A private PostgreSQL server.
///
/// Layout under `directory`: `data/` (the cluster), `server.log`, the socket. The
/// administrator is `dutydesk_admin` with a generated password; TCP logins use
/// SCRAM-SHA-256 (`pg_hba.conf`), like a real deployment.
public final class LocalServer: @unchecked Sendable {
    /// Where the cluster lives.
    public let directory: String
    /// The loopback port it listens on.
    public let port: Int
    /// The administrator's password.
    public let adminPassword: String
    let runAs: String?
    let bin: String
    private var running = true

    /// The administrator's URL for `database`.
    public func adminURL(database: String = "postgres") -> DatabaseURL {
        DatabaseURL(
            user: "dutydesk_admin", password: adminPassword, host: "127.0.0.1", port: port, database: database,
            tls: .disable)
    }

    /// Initialises and starts a server in a new directory under `parent` (default: the
    /// system's temporary directory), waiting until it accepts connections.
    /// - Parameter durable: false turns `fsync` off (tests: the machine does not crash under them).
    /// - Throws: `NetworkError.unavailable` naming what is missing (PostgreSQL not installed:
    ///   `.ci/setup` installs it) or the failing step with the end of its output.
    public static func start(parent: String? = nil, durable: Bool = true) throws(NetworkError) -> LocalServer {
        guard let bin = findBinaries() else {
            throw .unavailable(
                "PostgreSQL's initdb and pg_ctl were not found (PATH, /usr/lib/postgresql/*/bin): install Debian's postgresql package (.ci/setup does)"
            )
        }
        let runAs: String? = getuid() == 0 ? "postgres" : nil
        let base = (parent ?? NSTemporaryDirectory()).trimmingSuffix("/")
        let template = "\(base)/dutydesk-pg-XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else { throw .unavailable("cannot create a directory under \(base)") }
        let dir = String(cString: made)
        let password = randomToken(24)
        let fm = FileManager.default
        let pwfile = dir + "/admin.pw"
        fm.createFile(atPath: pwfile, contents: Data(password.utf8), attributes: [.posixPermissions: 0o600])
        if let user = runAs {
            guard let pw = getpwnam(user) else {
                throw .unavailable(
                    "running as root, the private server needs the \(user) user (Debian's postgresql package creates it)"
                )
            }
            chmod(dir, 0o700)
            chown(dir, pw.pointee.pw_uid, pw.pointee.pw_gid)
            chown(pwfile, pw.pointee.pw_uid, pw.pointee.pw_gid)
        }
        let port = freePort()
        try run(
            bin + "/initdb",
            [
                "-D", dir + "/data", "-U", "dutydesk_admin", "--pwfile=\(pwfile)", "--auth-local=trust",
                "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
            ],
            as: runAs, step: "initdb")
        unlink(pwfile)
        try startCluster(dir, port: port, durable: durable, runAs: runAs, bin: bin)
        return LocalServer(directory: dir, port: port, adminPassword: password, runAs: runAs, bin: bin)
    }

    /// Starts again, on a new free loopback port, the durable server whose directory
    /// `start` made (`directory`, holding `data/`), with its administrator's password (the
    /// three-desk drill continued, `dutydesk demo --network`). A server still running there
    /// (left by `--keep-running`) is stopped first (fast shutdown).
    /// - Throws: `NetworkError.unavailable` naming what is missing or the failing step.
    public static func resume(directory: String, adminPassword: String) throws(NetworkError) -> LocalServer {
        guard let bin = findBinaries() else {
            throw .unavailable(
                "PostgreSQL's initdb and pg_ctl were not found (PATH, /usr/lib/postgresql/*/bin): install Debian's postgresql package (.ci/setup does)"
            )
        }
        guard FileManager.default.fileExists(atPath: directory + "/data/PG_VERSION") else {
            throw .unavailable("\(directory)/data: no PostgreSQL cluster there")
        }
        let runAs: String? = getuid() == 0 ? "postgres" : nil
        // `pg_ctl status` exits 0 while a server runs on the cluster.
        if (try? run(bin + "/pg_ctl", ["-D", directory + "/data", "status"], as: runAs, step: "status")) != nil {
            try run(bin + "/pg_ctl", ["-D", directory + "/data", "-m", "fast", "-w", "stop"], as: runAs, step: "stop")
        }
        let port = freePort()
        try startCluster(directory, port: port, durable: true, runAs: runAs, bin: bin)
        return LocalServer(directory: directory, port: port, adminPassword: adminPassword, runAs: runAs, bin: bin)
    }

    /// `pg_ctl start` of the cluster in `dir/data` on `port`, waiting until it accepts connections.
    static func startCluster(_ dir: String, port: Int, durable: Bool, runAs: String?, bin: String) throws(NetworkError)
    {
        var options =
            "-c listen_addresses=127.0.0.1 -p \(port) -c unix_socket_directories=\(dir) -c max_connections=200"
        if !durable { options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off" }
        try run(
            bin + "/pg_ctl",
            ["-D", dir + "/data", "-l", dir + "/server.log", "-o", options, "-w", "-t", "60", "start"],
            as: runAs, step: "pg_ctl start")
    }

    /// Leaves the server running past this object (`demo --network --keep-running`): `stop`
    /// and `deinit` no longer stop it.
    public func detach() { running = false }

    init(directory: String, port: Int, adminPassword: String, runAs: String?, bin: String) {
        self.directory = directory
        self.port = port
        self.adminPassword = adminPassword
        self.runAs = runAs
        self.bin = bin
    }

    /// Stops the server (fast shutdown) and, unless `keepFiles`, removes its directory.
    public func stop(keepFiles: Bool = false) {
        guard running else { return }
        running = false
        try? Self.run(
            bin + "/pg_ctl", ["-D", directory + "/data", "-m", "fast", "-w", "stop"], as: runAs, step: "stop")
        if !keepFiles { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Restarts the server (a fast shutdown: every connection is cut), on the same port.
    public func restart() throws(NetworkError) {
        try Self.run(
            bin + "/pg_ctl", ["-D", directory + "/data", "-m", "fast", "-w", "-t", "60", "restart"], as: runAs,
            step: "pg_ctl restart")
    }

    /// Creates database `name` (owned by the administrator).
    public func createDatabase(_ name: String) async throws(NetworkError) {
        let c = try await ServerConnection.connect(adminURL())
        do {
            try await c.execute("CREATE DATABASE \"\(name.replacingOccurrences(of: "\"", with: ""))\"")
        } catch {
            await c.close()
            throw error
        }
        await c.close()
    }

    deinit { stop() }

    // MARK: Helpers

    /// The directory holding PostgreSQL's `initdb` and `pg_ctl` (PATH first, then the
    /// newest `/usr/lib/postgresql/N/bin`), nil when PostgreSQL is not installed.
    public static func findBinaries() -> String? {
        let fm = FileManager.default
        var dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        if let versions = try? fm.contentsOfDirectory(atPath: "/usr/lib/postgresql") {
            let sorted = versions.compactMap { Int($0) }.sorted(by: >)
            dirs.append(contentsOf: sorted.map { "/usr/lib/postgresql/\($0)/bin" })
        }
        return dirs.first { fm.isExecutableFile(atPath: $0 + "/initdb") && fm.isExecutableFile(atPath: $0 + "/pg_ctl") }
    }

    /// Runs `path` (as `user` through runuser when given) with its output to a file, and
    /// waits for it. posix_spawn and waitpid, not Foundation's Process: the server that
    /// `pg_ctl start` leaves running must not hold a pipe of ours, and Process's exit
    /// monitoring was seen to miss the exit of runuser.
    static func run(_ path: String, _ args: [String], as user: String?, step: String) throws(NetworkError) {
        // As another user, from `/`: the postgres user may not enter our working directory.
        let argv =
            (user.map { ["/usr/sbin/runuser", "-u", $0, "--", "/bin/sh", "-c", "cd / && exec \"$0\" \"$@\"", path] }
                ?? [path]) + args
        let outPath = NSTemporaryDirectory() + "/dutydesk-pg-step-\(getpid())-\(randomToken(6)).out"
        defer { unlink(outPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var env = ProcessInfo.processInfo.environment
        env["LC_ALL"] = "C.UTF-8"
        let envStrings = env.map { "\($0.key)=\($0.value)" }
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var cEnv: [UnsafeMutablePointer<CChar>?] = envStrings.map { strdup($0) } + [nil]
        defer {
            for p in cArgs { free(p) }
            for p in cEnv { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, &cArgs, &cEnv)
        guard rc == 0 else { throw .unavailable("\(step): cannot run \(argv[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = (status & 0x7f) == 0
        let code = (status >> 8) & 0xff
        if !exited || code != 0 {
            let data = FileManager.default.contents(atPath: outPath) ?? Data()
            let text = String(decoding: data.suffix(600), as: UTF8.self)
            throw .unavailable("\(step) failed (status \(status)): \(text)")
        }
    }

    /// A loopback port nothing listens on now (the kernel's choice for port 0).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) }
        }
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}

/// `n` random characters of `[A-Za-z0-9_-]` from the system's generator (passwords).
public func randomToken(_ n: Int) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    var g = SystemRandomNumberGenerator()
    return String((0..<n).map { _ in alphabet[Int(g.next(upperBound: UInt64(alphabet.count)))] })
}

extension String {
    fileprivate func trimmingSuffix(_ s: String) -> String { hasSuffix(s) && count > 1 ? String(dropLast()) : self }
}
