import DutyDeskJSON
import DutyDeskLog
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Runs `exe args…` with a deadline: a command that hangs (e.g. opening a FIFO) is killed
/// after `seconds` and reported as exit code -1. Returns (code, stdout, stderr).
func runBounded(
    _ exe: String, _ args: [String], in dir: TempDir, environment: [String: String]? = nil, seconds: Int = 30
) -> (Int32, String, String) {
    let tag = UInt32.random(in: 0...UInt32.max)
    let out = dir.file("run-\(tag).out")
    let err = dir.file("run-\(tag).err")
    let pid = spawn(exe, args, stdout: out, stderr: err, environment: environment)
    var status: Int32 = 0
    var code: Int32 = -1
    for _ in 0..<(seconds * 100) {
        let r = waitpid(pid, &status, WNOHANG)
        if r == pid {
            code = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
            break
        }
        usleep(10_000)
    }
    if code == -1 {
        kill(pid, SIGKILL)
        waitExit(pid)
    }
    let o = String(decoding: readBytes(out), as: UTF8.self)
    let e = String(decoding: readBytes(err), as: UTF8.self)
    unlink(out)
    unlink(err)
    return (code, o, e)
}

/// A Unix-domain socket bound at `path` (a socket file); returns its descriptor.
func bindSocket(at path: String) -> Int32 {
    let s = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    var addr = sockaddr_un()
    addr.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &addr.sun_path) { raw in
        for (i, b) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = b }
    }
    let r = withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    precondition(r == 0, "bind failed")
    return s
}

/// Issue 12, item 8: the log's path is no attack surface.
@Suite("Log path safety")
struct PathSafetyTests {
    /// The key the snapshots of these tests are made and read with.
    static let testKey = LogSnapshotKey(raw: Array(repeating: 7, count: 32))

    /// A symlink at the log path is refused: nothing is read through it, the target's
    /// torn tail is not quarantined and the target is not rewritten.
    @Test func aSymlinkAtTheLogPathIsRefused() throws {
        let dir = TempDir("symlink")
        defer { dir.cleanup() }
        let target = dir.file("evidence.log")
        let bytes = try makeLog(target, count: 3)
        let torn = bytes + Array("{\"v\":1,\"seq\":4,".utf8)
        writeBytes(target, torn)
        let link = dir.file("link.log")
        #expect(symlink(target, link) == 0)
        for mode in [EventLog.Mode.readWrite, .readOnly] {
            do {
                _ = try EventLog.open(path: link, mode: mode)
                Issue.record("\(mode): a symlink was opened")
            } catch let LogError.unsafePath(path, kind) {
                #expect(path == link && kind == .symbolicLink && kind.reason.contains("symbolic link"))
            }
        }
        #expect(throws: LogError.self) { try EventLog.verifyFile(path: link) }
        #expect(throws: LogError.self) { try LogFollower(path: link) }
        #expect(readBytes(target) == torn)
        #expect(access(link + ".quarantine", F_OK) != 0 && access(target + ".quarantine", F_OK) != 0)
        // A dangling link is refused too (not created through).
        let dangling = dir.file("dangling.log")
        #expect(symlink(dir.file("elsewhere.log"), dangling) == 0)
        #expect(throws: LogError.self) { try EventLog.open(path: dangling) }
        #expect(access(dir.file("elsewhere.log"), F_OK) != 0)
        // Through the commands: exit 66, the message names the path.
        let dutydesk = try builtExecutable("dutydesk")
        for args in [
            ["verify"], ["events"], ["report", "results"],
            ["alert", "add", "--source", "police", "--subject", "Tin báo"],
        ] {
            let (code, _, err) = runBounded(dutydesk, args + ["--log", link], in: dir)
            #expect(code == 66, "\(args): exit \(code): \(err)")
            #expect(err.contains(link) && err.contains("symbolic link"), "\(args): \(err)")
        }
        #expect(readBytes(target) == torn)
    }

    /// A FIFO, a socket or a directory at the log path is refused at once (never a
    /// blocking open), by every command, with exit 66 and the path named.
    @Test func aFIFOSocketOrDirectoryIsRefusedWithoutBlocking() throws {
        let dir = TempDir("fifo")
        defer { dir.cleanup() }
        let fifo = dir.file("fifo.log")
        #expect(mkfifo(fifo, 0o600) == 0)
        let sock = dir.file("sock.log")
        let s = bindSocket(at: sock)
        defer { close(s) }
        let directory = dir.file("dir.log")
        #expect(mkdir(directory, 0o700) == 0)
        for (path, what) in [(fifo, "FIFO"), (sock, "socket"), (directory, "directory")] {
            for mode in [EventLog.Mode.readWrite, .readOnly] {
                #expect(throws: LogError.self, "\(what) \(mode)") { try EventLog.open(path: path, mode: mode) }
            }
            #expect(throws: LogError.self) { try LogFollower(path: path) }
            let dutydesk = try builtExecutable("dutydesk")
            for args in [["verify"], ["events"], ["events", "--follow"], ["report", "results"]] {
                let (code, _, err) = runBounded(dutydesk, args + ["--log", path], in: dir, seconds: 20)
                #expect(code == 66, "\(what) \(args): exit \(code) (-1 = hung): \(err)")
                #expect(err.contains(path) && err.contains(what), "\(what) \(args): \(err)")
            }
        }
        // The snapshot path too.
        let log = dir.file("s.log")
        _ = try makeLog(log, count: 2)
        #expect(mkfifo(LogSnapshotFile.path(forLog: log), 0o600) == 0)
        do {
            _ = try LogSnapshotFile.read(path: LogSnapshotFile.path(forLog: log), kind: "projection", key: Self.testKey)
            { _ in 0 }
            Issue.record("a FIFO was read as a snapshot")
        } catch { #expect(error.reason.contains("FIFO")) }
    }

    /// A symlink at the snapshot path is never read through, and writing a snapshot
    /// replaces the link (and never writes through one planted at the temporary name).
    @Test func snapshotsNeverGoThroughSymlinks() throws {
        let dir = TempDir("snaplink")
        defer { dir.cleanup() }
        let victim = dir.file("victim")
        writeBytes(victim, Array("keep me\n".utf8))
        let snap = dir.file("x.log.snapshot")
        #expect(symlink(victim, snap) == 0)
        do {
            _ = try LogSnapshotFile.read(path: snap, kind: "projection", key: Self.testKey) { _ in 0 }
            Issue.record("read through a symlink")
        } catch { #expect(error.reason.contains("symbolic link")) }
        #expect(symlink(victim, "\(snap).tmp.\(getpid())") == 0)
        try LogSnapshotFile.write(path: snap, kind: "projection", checkpoint: .genesis, key: Self.testKey) { put in
            try Array("body".utf8).withUnsafeBufferPointer { try put($0) }
        }
        #expect(readBytes(victim) == Array("keep me\n".utf8))
        var st = stat()
        #expect(lstat(snap, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG)
        let read = try LogSnapshotFile.read(path: snap, kind: "projection", key: Self.testKey) { body in Array(body) }
        #expect(read?.value == Array("body".utf8))
    }

    /// Issue 12, item 4: a snapshot larger than its header and trailer say is refused from
    /// its size, without being read whole (a 2 GB sparse file: costs no disk).
    @Test func anOversizedSnapshotIsRefusedWithoutReadingIt() throws {
        let dir = TempDir("bigsnap")
        defer { dir.cleanup() }
        let snap = dir.file("x.log.snapshot")
        try LogSnapshotFile.write(path: snap, kind: "projection", checkpoint: .genesis, key: Self.testKey) { put in
            try Array("body".utf8).withUnsafeBufferPointer { try put($0) }
        }
        let good = readBytes(snap)
        let trailerStart = try #require(good.dropLast().lastIndex(of: 0x0A))
        let trailer = Array(good[trailerStart...])
        // The same header and trailer around 2 GB of zeros.
        let size: Int64 = 2 << 30
        let fd = open(snap, O_WRONLY | O_TRUNC)
        #expect(fd >= 0)
        _ = good.withUnsafeBytes { write(fd, $0.baseAddress, trailerStart) }
        #expect(ftruncate(fd, off_t(size - Int64(trailer.count))) == 0)
        _ = trailer.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(size - Int64(trailer.count))) }
        close(fd)
        var decoded = false
        do {
            _ = try LogSnapshotFile.read(path: snap, kind: "projection", key: Self.testKey) { _ in decoded = true }
            Issue.record("a 2 GB snapshot was accepted")
        } catch {
            #expect(error.reason == "the file is \(size) bytes, its header and trailer say \(good.count)")
        }
        #expect(!decoded)
        // Junk from the first byte is refused on its first bytes.
        let junk = open(snap, O_WRONLY | O_TRUNC)
        #expect(ftruncate(junk, off_t(size)) == 0)
        close(junk)
        do {
            _ = try LogSnapshotFile.read(path: snap, kind: "projection", key: Self.testKey) { _ in 0 }
            Issue.record("junk accepted")
        } catch { #expect(error.reason.hasPrefix("not a dutydesk snapshot")) }
    }

    /// Every command warns when the log or its directory is writable by other users.
    @Test func everyCommandWarnsAboutAWritableLogOrDirectory() throws {
        let dir = TempDir("perms")
        defer { dir.cleanup() }
        let sub = dir.file("desk")
        #expect(mkdir(sub, 0o700) == 0)
        let path = sub + "/w.log"
        _ = try makeLog(path, count: 2)
        let dutydesk = try builtExecutable("dutydesk")
        let (quiet, _, none) = runBounded(dutydesk, ["verify", "--log", path], in: dir)
        #expect(quiet == 0 && !none.contains("writable"), "\(none)")
        #expect(chmod(path, 0o664) == 0)
        #expect(chmod(sub, 0o777) == 0)
        for args in [["verify"], ["events"], ["report", "results"]] {
            let (code, _, err) = runBounded(dutydesk, args + ["--log", path], in: dir)
            #expect(code == 0, "\(args): \(err)")
            #expect(err.contains("log file \(path) is group-writable (mode 664)"), "\(args): \(err)")
            #expect(err.contains("directory \(sub) of the log is world-writable (mode 777)"), "\(args): \(err)")
        }
    }

    /// Issue 12, item 10: `--log ""` is a usage error, not the default log.
    @Test func anEmptyLogPathIsAUsageError() throws {
        let dir = TempDir("emptylog")
        defer { dir.cleanup() }
        let dutydesk = try builtExecutable("dutydesk")
        let env = ["HOME": dir.path, "PATH": "/usr/bin:/bin"]
        for args in [["verify"], ["events"], ["report", "results"]] {
            let (code, _, err) = runBounded(dutydesk, args + ["--log", ""], in: dir, environment: env)
            #expect(code == 64, "\(args): \(err)")
            #expect(err.contains("--log"), "\(args): \(err)")
        }
        #expect(access(dir.file(".local/share/dutydesk"), F_OK) != 0)
    }

    /// Campaign ids that are not a safe file name are refused at load (exit 78, field `id`):
    /// `.` and `..` no longer share `campaign.log`, `a/b` is no path.
    @Test func unsafeCampaignIDsAreRefused() throws {
        for bad in ["", ".", "..", "a/b", "../x", ".hidden", "a\u{1B}]0;x", "a b", String(repeating: "x", count: 101)] {
            #expect(LogLocation.unsafeFileNameReason(bad) != nil, "\(bad.debugDescription)")
        }
        for good in ["golden-strike-2021", "example_thunder.2022", "A1"] {
            #expect(LogLocation.unsafeFileNameReason(good) == nil)
        }
        #expect(LogLocation.unsafeFileNameReason("a\u{7}")?.contains("U+0007") == true)
        let dir = TempDir("campid")
        defer { dir.cleanup() }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let yaml = String(
            decoding: readBytes(packageRoot.appendingPathComponent("docs/campaigns/example-thunder-2022.yaml").path),
            as: UTF8.self)
        #expect(yaml.contains("\nid: example-thunder-2022\n"))
        let dutydesk = try builtExecutable("dutydesk")
        for bad in ["'..'", "'.'", "'a/b'"] {
            let file = dir.file("c.yaml")
            writeBytes(
                file, Array(yaml.replacingOccurrences(of: "\nid: example-thunder-2022\n", with: "\nid: \(bad)\n").utf8))
            let (code, _, err) = runBounded(
                dutydesk, ["report", "results", "--campaign", file], in: dir,
                environment: ["HOME": dir.path, "PATH": "/usr/bin:/bin"])
            #expect(code == 78, "\(bad): \(err)")
            #expect(err.contains("\(file): id: the campaign id"), "\(bad): \(err)")
        }
        #expect(access(dir.file(".local/share/dutydesk/campaign.log"), F_OK) != 0)
    }

    /// A read-only log (a read-only file system here; tests run as root, where mode 0400
    /// does not stop writes) is read by every reading command; writing commands refuse
    /// with exit 74 and a message naming the log.
    @Test(
        "Read-only file system",
        .enabled(if: TmpfsMount.available, "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN)"))
    func aReadOnlyLogIsReadAndWritesAreRefused() throws {
        let fs = try #require(TmpfsMount(size: 1 << 20))
        defer { fs.unmount() }
        let path = fs.path + "/ro.log"
        _ = try makeLog(path, count: 3)
        #expect(fs.remountReadOnly())
        let before = readBytes(path)
        do {
            _ = try EventLog.open(path: path, mode: .readWrite)
            Issue.record("opened a read-only log for writing")
        } catch let LogError.io(p, op, code) {
            #expect(p == path && op == "open" && code == EROFS)
        }
        let ro = try EventLog.open(path: path, mode: .readOnly)
        #expect(ro.state == .ok && ro.lastSeq == 3)
        let dir = TempDir("rocli")
        defer { dir.cleanup() }
        let dutydesk = try builtExecutable("dutydesk")
        let (v, out, _) = runBounded(dutydesk, ["verify", "--log", path], in: dir)
        #expect(v == 0 && out.hasPrefix("ok: 3 records"))
        let (r, _, rerr) = runBounded(dutydesk, ["report", "results", "--log", path], in: dir)
        #expect(r == 0, "\(rerr)")
        let (a, _, aerr) = runBounded(
            dutydesk,
            ["alert", "add", "--log", path, "--source", "police", "--subject", "Tin báo"], in: dir)
        #expect(a == 74, "\(aerr)")
        #expect(aerr.contains(path) && aerr.contains("Read-only file system"), "\(aerr)")
        #expect(readBytes(path) == before)
    }
}
