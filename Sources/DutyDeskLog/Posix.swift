#if canImport(Glibc)
    import Glibc
#endif

/// `strerror` text with the errno number, e.g. `No space left on device (errno 28)`.
func errnoText(_ e: Int32) -> String { "\(String(cString: strerror(e))) (errno \(e))" }

/// Small wrappers over the system calls the log protocol uses. All retry on EINTR only
/// where a retry cannot duplicate data (never around `write`).
enum Posix {
    static func fstatSize(_ fd: Int32, path: String) throws -> Int64 {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw LogError.io(path: path, operation: "fstat", errno: errno) }
        return Int64(st.st_size)
    }

    /// Opens the file at `path` the safe way for a log, quarantine or snapshot (issue 12,
    /// item 8): never follows a symbolic link at `path` (`O_NOFOLLOW`), never blocks on a
    /// FIFO (`O_NONBLOCK`, then `fstat`), and refuses anything but a regular file.
    /// Returns -1 with `errno` set when `open` fails for another reason (e.g. `ENOENT`).
    /// - Throws: `LogError.unsafePath` naming the path and what is there instead.
    static func openRegular(_ path: String, _ flags: Int32, mode: mode_t = 0o600) throws -> Int32 {
        let fd = Glibc.open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode)
        if fd < 0 {
            let e = errno
            // ELOOP: a symlink; EISDIR: a directory opened for writing; ENXIO: a socket
            // (or a FIFO opened write-only without a reader). Name what is there.
            if e == ELOOP || e == EISDIR || e == ENXIO || e == EOPNOTSUPP, let what = nonRegularKind(path) {
                throw LogError.unsafePath(path: path, kind: what)
            }
            errno = e
            return -1
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let e = errno
            Glibc.close(fd)
            throw LogError.io(path: path, operation: "fstat", errno: e)
        }
        if (st.st_mode & S_IFMT) != S_IFREG {
            Glibc.close(fd)
            throw LogError.unsafePath(path: path, kind: kind(st.st_mode))
        }
        // Regular files ignore O_NONBLOCK for reads and writes; clear it anyway.
        let fl = fcntl(fd, F_GETFL)
        if fl >= 0 { _ = fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) }
        return fd
    }

    /// What is at `path` when it is not a regular file (from `lstat`), nil otherwise.
    static func nonRegularKind(_ path: String) -> PathKind? {
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) != S_IFREG else { return nil }
        return kind(st.st_mode)
    }

    /// The kind of a file that is not regular, from its `st_mode`.
    static func kind(_ mode: mode_t) -> PathKind {
        switch mode & S_IFMT {
        case S_IFLNK: return .symbolicLink
        case S_IFIFO: return .fifo
        case S_IFSOCK: return .socket
        case S_IFDIR: return .directory
        case S_IFCHR, S_IFBLK: return .device
        default: return .other
        }
    }

    /// Warnings for a log file, or its directory, that other users may write (group- or
    /// world-writable): they could alter, remove or replace records. Nothing when the
    /// file or directory does not exist. Symbolic links are not followed.
    static func writableByOthersWarnings(_ path: String) -> [String] {
        var out: [String] = []
        var st = stat()
        if lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_mode & 0o022 != 0 {
            out.append(
                "log file \(path) is \(st.st_mode & 0o002 != 0 ? "world" : "group")-writable (mode \(String(st.st_mode & 0o777, radix: 8))): other users can alter or remove records; run chmod 600 on it"
            )
        }
        let dir = parentDirectory(path)
        if stat(dir, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, st.st_mode & 0o022 != 0 {
            out.append(
                "directory \(dir) of the log is \(st.st_mode & 0o002 != 0 ? "world" : "group")-writable (mode \(String(st.st_mode & 0o7777, radix: 8))): other users can replace the log or plant files beside it; keep the log in a directory of mode 700"
            )
        }
        return out
    }

    static func lock(_ fd: Int32, exclusive: Bool, path: String) throws {
        while flock(fd, exclusive ? LOCK_EX : LOCK_SH) != 0 {
            if errno == EINTR { continue }
            throw LogError.io(path: path, operation: "flock", errno: errno)
        }
    }

    static func unlock(_ fd: Int32) { _ = flock(fd, LOCK_UN) }

    /// Reads `count` bytes at `offset` (loops over short reads).
    static func pread(_ fd: Int32, offset: Int64, count: Int, path: String) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        try out.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            while done < count {
                let r = Glibc.pread(fd, base + done, count - done, off_t(offset) + off_t(done))
                if r < 0 {
                    if errno == EINTR { continue }
                    throw LogError.io(path: path, operation: "read", errno: errno)
                }
                if r == 0 { break }
                done += r
            }
        }
        if done < count { out.removeLast(count - done) }
        return out
    }

    /// One `write` call of all bytes; a short or failed write is an error (no retry).
    static func writeOnce(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, offset: Int64, path: String) throws {
        let r = Glibc.write(fd, bytes.baseAddress, bytes.count)
        if r < 0 { throw LogError.io(path: path, operation: "write", errno: errno) }
        if r != bytes.count { throw LogError.shortWrite(path: path, offset: offset, expected: bytes.count, written: r) }
    }

    static func dataSync(_ fd: Int32, path: String) throws {
        if fdatasync(fd) != 0 { throw LogError.syncFailed(path: path, errno: errno) }
    }

    /// fsync of the directory holding `path` (after creating a file in it).
    static func syncDirectory(of path: String) throws {
        let dir = parentDirectory(path)
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dfd >= 0 else { throw LogError.io(path: dir, operation: "open directory", errno: errno) }
        defer { close(dfd) }
        if fsync(dfd) != 0 { throw LogError.syncFailed(path: dir, errno: errno) }
    }

    static func parentDirectory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let d = String(path[..<slash])
        return d.isEmpty ? "/" : d
    }

    /// Creates `dir` and missing parents with mode 0700. Returns true if `dir` was created.
    @discardableResult
    static func makeDirectories(_ dir: String) throws -> Bool {
        var st = stat()
        if stat(dir, &st) == 0 { return false }
        let parent = parentDirectory(dir)
        if parent != dir { try makeDirectories(parent) }
        if mkdir(dir, 0o700) != 0 && errno != EEXIST { throw LogError.cannotCreate(path: dir, errno: errno) }
        _ = chmod(dir, 0o700)
        try? syncDirectory(of: dir)
        return true
    }

    /// A warning when `path` is on a network or FUSE file system, where `flock` may not
    /// exclude writers on other machines (issue 2, item 5). Nil on local file systems.
    static func networkFileSystemWarning(_ path: String) -> String? {
        // The mount holding the file: the longest mount point in /proc/self/mounts that
        // prefixes the resolved path. (statfs's f_type is not exported to Swift's Glibc.)
        guard let resolved = realpath(path, nil) else { return nil }
        let full = String(cString: resolved)
        free(resolved)
        guard let f = fopen("/proc/self/mounts", "r") else { return nil }
        defer { fclose(f) }
        var best: (Int, String) = (-1, "")
        var line: UnsafeMutablePointer<CChar>?
        var cap = 0
        defer { free(line) }
        while getline(&line, &cap, f) > 0, let l = line {
            let fields = String(cString: l).split(separator: " ")
            guard fields.count >= 3 else { continue }
            let mp = String(fields[1]).replacingOctalEscapes()
            let matches = mp == "/" || full == mp || full.hasPrefix(mp + "/")
            if matches && mp.utf8.count > best.0 { best = (mp.utf8.count, String(fields[2])) }
        }
        let fsType = best.1
        if isNetworkFileSystem(fsType) {
            return
                "\(path) is on a \(fsType) file system: locks may not exclude writers on other machines; keep one desk per log file or move the log to a local disk"
        }
        return nil
    }

    /// True for file-system types (as in /proc/self/mounts) where `flock` may not exclude
    /// writers on other machines: NFS, SMB/CIFS, AFS, Ceph, 9P, GlusterFS, Lustre, GFS2,
    /// OCFS2, WebDAV, and FUSE mounts such as sshfs.
    static func isNetworkFileSystem(_ fsType: String) -> Bool {
        let network: Set<String> = [
            "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "ceph", "9p", "glusterfs", "lustre",
            "gfs2", "ocfs2", "davfs", "fuse", "fuseblk",
        ]
        return network.contains(fsType) || fsType.hasPrefix("fuse.")
    }

    /// A warning when `path` grants permissions to group or others beyond `expected`.
    static func permissionWarning(_ path: String, expected: mode_t, what: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        let mode = st.st_mode & 0o777
        if mode & 0o077 != 0 {
            return
                "\(what) \(path) has mode \(String(mode, radix: 8)); expected \(String(expected, radix: 8)) (records are law-enforcement data)"
        }
        return nil
    }

    static func hostName() -> String {
        var buf = [CChar](repeating: 0, count: 256)
        guard gethostname(&buf, 255) == 0 else { return "unknown-host" }
        return String(cString: buf)
    }
}

extension LogActor {
    /// This machine's name for the `host` field of every record this process writes
    /// (`gethostname`), or `unknown-host` when it cannot be read: the one rule for the log's
    /// own records and the commands' alike.
    public static var localHost: String { Posix.hostName() }
}

extension String {
    /// Undoes the `\040`-style escapes of /proc/self/mounts.
    func replacingOctalEscapes() -> String {
        guard contains("\\") else { return self }
        var out = [UInt8]()
        let b = Array(utf8)
        var i = 0
        while i < b.count {
            if b[i] == 0x5C, i + 3 < b.count,
                let v = UInt8(String(decoding: b[(i + 1)...(i + 3)], as: UTF8.self), radix: 8)
            {
                out.append(v)
                i += 4
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
