import Foundation

/// A thin driver for the real `dutydesk` binary inside tmux: start a detached session
/// of a given size, type keys, read the screen, and poll for text with a deadline
/// instead of sleeping.
struct TmuxSession {
    let name: String
    let socket: String
    /// The tmux server's pid, so `kill()` can make sure it is gone.
    var serverPID: pid_t = 0

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// True when tmux is installed (`.ci/setup` installs it).
    static var available: Bool { (try? run(["tmux", "-V"]).status) == 0 }

    /// Starts `bash --norc --noprofile` in a detached session of `width`×`height` with
    /// `environment` added, in its own tmux server socket so tests never touch the
    /// user's sessions.
    init(width: Int, height: Int, environment: [String: String]) throws {
        name = "dd\(getpid())x\(Int.random(in: 0..<1_000_000))"
        socket = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).sock").path
        var args = [
            "tmux", "-S", socket, "-f", "/dev/null", "new-session", "-d", "-s", name,
            "-x", String(width), "-y", String(height),
        ]
        for (k, v) in environment.sorted(by: { $0.key < $1.key }) { args += ["-e", "\(k)=\(v)"] }
        args += ["bash --norc --noprofile"]
        let r = try Self.run(args)
        guard r.status == 0 else { throw Failure(description: "tmux new-session failed: \(r.output)") }
        _ = try? tmux(["set-option", "-t", name, "status", "off"])
        serverPID =
            pid_t(try tmux(["display-message", "-p", "#{pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let r = try Self.run(["tmux", "-S", socket] + args)
        guard r.status == 0 else {
            throw Failure(description: "tmux \(args.joined(separator: " ")) failed: \(r.output)")
        }
        return r.output
    }

    /// Types a shell command line and presses Enter.
    func typeLine(_ line: String) throws {
        try tmux(["send-keys", "-t", name, "-l", line])
        try tmux(["send-keys", "-t", name, "Enter"])
    }

    /// Sends tmux key names (`Enter`, `Escape`, `C-c`, `a`, `Down`).
    func send(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

    /// Sends literal text (UTF-8), key by key as a terminal would.
    func sendLiteral(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }

    /// The visible screen as text, one line per row.
    func capture() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

    /// A tmux format value for the pane, e.g. `#{alternate_on}` or `#{cursor_flag}`.
    func paneValue(_ format: String) throws -> String {
        try tmux(["display-message", "-p", "-t", name, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", String(width), "-y", String(height)])
    }

    /// Polls the screen every 50 ms until `predicate` holds, or throws after `timeout`
    /// seconds with the last screen in the message.
    @discardableResult
    func waitForScreen(timeout: Double = 30, _ what: String, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        repeat {
            last = (try? capture()) ?? ""
            if predicate(last) { return last }
            usleep(50_000)
        } while Date() < deadline
        throw Failure(description: "timed out after \(timeout)s waiting for \(what); screen:\n\(last)")
    }

    /// Waits until the screen contains `text`.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 30) throws -> String {
        try waitForScreen(timeout: timeout, "'\(text)'") { $0.contains(text) }
    }

    /// Ends the session's tmux server. `kill-server` alone answered 0 here yet left the
    /// server running, so the server is also sent SIGTERM and, if still there, SIGKILL.
    func kill() {
        _ = try? Self.run(["tmux", "-S", socket, "kill-server"])
        if serverPID > 0 {
            Glibc.kill(serverPID, SIGTERM)
            for _ in 0..<20 where Glibc.kill(serverPID, 0) == 0 { usleep(10_000) }
            if Glibc.kill(serverPID, 0) == 0 { Glibc.kill(serverPID, SIGKILL) }
        }
        try? FileManager.default.removeItem(atPath: socket)
    }

    /// Runs a command to completion; returns its exit status and combined output.
    static func run(_ args: [String], environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
        // posix_spawn + waitpid rather than Foundation's Process, whose reaping of a child
        // that leaves a daemon behind (tmux new-session) hung here. Output goes to a file,
        // not a pipe: the tmux server inherits the child's descriptors.
        let out = "/tmp/dd-run-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(out) }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let cArgs = args.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup($0) } + [nil]
        defer {
            for a in cArgs { free(a) }
            for e in cEnv { free(e) }
        }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, args[0], &actions, nil, cArgs, cEnv)
        guard rc == 0 else { throw Failure(description: "cannot run \(args[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let data = FileManager.default.contents(atPath: out) ?? Data()
        return (code, String(decoding: data, as: UTF8.self))
    }
}

/// Where the built executables are: beside the test bundle (SwiftPM puts products and
/// the test bundle in the same directory, whatever the scratch path).
enum Products {
    static var directory: URL {
        let exe = URL(
            fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                ?? CommandLine.arguments[0])
        var dir = exe.deletingLastPathComponent()
        // On Linux the bundle is `DutyDeskPackageTests.xctest` (an executable file);
        // elsewhere it may be a directory bundle.
        while dir.path != "/" && dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
        return dir
    }

    /// The path of a built executable, or a failure that says how to build it.
    static func path(_ name: String) throws -> String {
        let p = directory.appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: p) else {
            throw TmuxSession.Failure(description: "\(name) not found at \(p); run `swift build --build-tests` first")
        }
        return p
    }
}

/// A fresh temporary directory for one end-to-end test and the path of its campaign log
/// inside it (the log itself is created by the dashboard or the test).
func makeEndToEndLogDirectory() throws -> (dir: URL, log: String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dutydesk-e2e-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return (dir, dir.appendingPathComponent("campaign.log").path)
}
