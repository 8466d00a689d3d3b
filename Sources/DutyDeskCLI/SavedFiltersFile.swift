// The saved filters file (issue 13, item 7): `$XDG_CONFIG_HOME/dutydesk/filters.json`, else
// `~/.config/dutydesk/filters.json`. Read at the dashboard's start and again before each
// save; written atomically (a temporary file in the same directory, fsync, rename, fsync of
// the directory). A file that is not a saved filters file is never written over.
import Dashboard

#if canImport(Glibc)
    import Glibc
#endif

/// Where the saved filters live, and their reading and writing (the dashboard module only
/// turns bytes into `SavedFilters` and back).
enum SavedFiltersFile {
    /// `$XDG_CONFIG_HOME/dutydesk/filters.json` when XDG_CONFIG_HOME is an absolute path,
    /// else `$HOME/.config/dutydesk/filters.json` (HOME from the environment, else the
    /// password database).
    static func path(environment: [String: String]) -> String {
        if let x = environment["XDG_CONFIG_HOME"], x.hasPrefix("/") { return join(x, "dutydesk/filters.json") }
        var home = environment["HOME"] ?? ""
        if home.isEmpty, let pw = getpwuid(getuid()), let dir = pw.pointee.pw_dir { home = String(cString: dir) }
        if home.isEmpty { home = "." }
        return join(home, ".config/dutydesk/filters.json")
    }

    static func join(_ a: String, _ b: String) -> String { a.hasSuffix("/") ? a + b : a + "/" + b }

    static func errnoText(_ e: Int32) -> String { "\(String(cString: strerror(e))) (errno \(e))" }

    /// The file's filters; a missing file is none.
    /// - Returns: `.failure` for a file that cannot be read or is not a saved filters file.
    static func read(_ path: String) -> Result<SavedFilters, SavedFiltersProblem> {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        if fd < 0 {
            let e = errno
            return e == ENOENT ? .success(SavedFilters()) : .failure(.unreadable(errnoText(e)))
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(.unreadable(errnoText(errno))) }
        guard (st.st_mode & S_IFMT) == S_IFREG else { return .failure(.unreadable("not a regular file")) }
        guard Int(st.st_size) <= SavedFilters.maxFileBytes else { return .failure(.tooLarge) }
        var bytes: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(errnoText(errno)))
            }
            if n == 0 { break }
            bytes += buf[0..<n]
            if bytes.count > SavedFilters.maxFileBytes { return .failure(.tooLarge) }
        }
        return SavedFilters.decode(bytes)
    }

    /// Saves `filter` as `name`: reads the file again (another dashboard of the same user may
    /// have saved since), sets the name and writes the whole file atomically.
    /// - Returns: the filters as written, or why nothing was written (a damaged file is left as it is).
    static func save(_ name: String, _ filter: SavedFilter, path: String) -> Result<SavedFilters, SavedFiltersProblem> {
        let current: SavedFilters
        switch read(path) {
        case .success(let f): current = f
        case .failure(let p): return .failure(p)
        }
        let next = current.setting(name, filter)
        if let problem = write(next.encoded(), to: path) { return .failure(problem) }
        return .success(next)
    }

    /// Writes `bytes` to `path` atomically: the directory made (0700) if missing, a
    /// temporary file (0600) beside it written and synced, renamed over `path`, the directory
    /// synced. Nil when done; the problem otherwise (the temporary file removed, `path` as it was).
    static func write(_ bytes: [UInt8], to path: String) -> SavedFiltersProblem? {
        let dir = parentDirectory(path)
        if let p = makeDirectories(dir) { return p }
        let tmp = "\(path).tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { return .unwritable(errnoText(errno)) }
        var failure: Int32?
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                failure = errno
                break
            }
            off += n
        }
        if failure == nil, fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == nil { failure = errno }
        if failure == nil, rename(tmp, path) != 0 { failure = errno }
        if let e = failure {
            unlink(tmp)
            return .unwritable(errnoText(e))
        }
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            _ = fsync(dfd)
            close(dfd)
        }
        return nil
    }

    static func parentDirectory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let d = String(path[..<slash])
        return d.isEmpty ? "/" : d
    }

    /// Creates `dir` and its missing parents, mode 0700.
    static func makeDirectories(_ dir: String) -> SavedFiltersProblem? {
        var st = stat()
        if stat(dir, &st) == 0 { return nil }
        let parent = parentDirectory(dir)
        if parent != dir, let p = makeDirectories(parent) { return p }
        if mkdir(dir, 0o700) != 0 && errno != EEXIST { return .unwritable("\(dir): \(errnoText(errno))") }
        return nil
    }
}
