// Scratch files for the targets that read through the file system.
import DutyDeskLog

#if canImport(Glibc)
    import Glibc
#endif

/// Scratch directories and files of the fuzz targets (on tmpfs when there is one).
public enum FuzzFiles {
    /// The actor of the records and imports the targets make.
    public static let actor = LogActor(officer: "fuzz", process: "fuzz/1", host: "fuzz")

    /// A new private directory `dutydesk-fuzz-<name>-<pid>-XXXXXX`; removed at exit, or by
    /// a later run when the process ended without running its exit handlers (a test
    /// runner's quick exit, a crash).
    public static func directory(_ name: String) -> String {
        let base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        Cleanup.removeAbandoned(in: base)
        var template = Array("\(base)/dutydesk-fuzz-\(name)-\(getpid())-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { b in b.baseAddress.flatMap { mkdtemp($0) } }
        let path =
            made != nil
            ? String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            : "\(base)/dutydesk-fuzz-\(name)-\(getpid())"
        if made == nil { mkdir(path, 0o700) }
        Cleanup.shared.add(path)
        return path
    }

    /// Writes `bytes` to `path` (created or truncated, mode 0600). Returns false on an error.
    @discardableResult
    public static func write(_ path: String, _ bytes: [UInt8]) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress.map { $0 + done }, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            done += n
        }
        return true
    }

    /// The bytes of `path`, or nil.
    public static func read(_ path: String) -> [UInt8]? { LEMISRows.readAll(path) }
}

/// Removes the scratch directories when the process exits.
final class Cleanup: @unchecked Sendable {
    static let shared = Cleanup()
    private var lock = pthread_mutex_t()
    private var paths: [String] = []
    private init() {
        pthread_mutex_init(&lock, nil)
        atexit { Cleanup.shared.removeAll() }
    }
    func add(_ p: String) {
        pthread_mutex_lock(&lock)
        paths.append(p)
        pthread_mutex_unlock(&lock)
    }
    func removeAll() {
        pthread_mutex_lock(&lock)
        let all = paths
        paths = []
        pthread_mutex_unlock(&lock)
        for p in all { removeTree(p) }
    }
    /// Removes `dutydesk-fuzz-<name>-<pid>-XXXXXX` directories of processes that are gone.
    static func removeAbandoned(in base: String) {
        guard let d = opendir(base) else { return }
        var gone: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard name.hasPrefix("dutydesk-fuzz-") else { continue }
            let parts = name.split(separator: "-")
            guard parts.count >= 5, let pid = Int32(parts[parts.count - 2]), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { gone.append(base + "/" + name) }
        }
        closedir(d)
        for g in gone { shared.removeTree(g) }
    }

    private func removeTree(_ path: String) {
        guard let d = opendir(path) else {
            unlink(path)
            return
        }
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let child = path + "/" + name
            var st = stat()
            if lstat(child, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR { removeTree(child) } else { unlink(child) }
        }
        closedir(d)
        rmdir(path)
    }
}
