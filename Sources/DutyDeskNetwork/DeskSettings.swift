// A desk's connection settings, beside its log (`<log>.network`, mode 0600), written by
// `dutydesk network enrol` and read by `dutydesk sync` (issue 11, item 2; docs/network.md).
import DutyDeskJSON
import Foundation

/// What a desk needs to reach the campaign server as itself.
///
/// File: one JSON object, `{"schema":1,"desk":"HQLS","database":"postgres://dd_…:PASSWORD@host:port/db"}`
/// and a newline; mode 0600, never a symbolic link. The password is the desk role's own,
/// generated at enrolment; nobody types it.
public struct DeskSettings: Sendable, Equatable {
    /// The desk code the role belongs to.
    public var desk: String
    /// The desk role's URL, with its password.
    public var database: DatabaseURL

    public init(desk: String, database: DatabaseURL) {
        self.desk = desk
        self.database = database
    }

    /// `<log>.network`.
    public static func path(forLog log: String) -> String { log + ".network" }

    /// Reads the settings of the desk whose log is `log`.
    /// - Returns: nil when there is no file (the desk is not enrolled).
    /// - Throws: `NetworkError.badSettings` for a symlink or non-regular file, a mode open
    ///   to group or others, a file over 64 KiB, or content that is not the shape above.
    public static func load(forLog log: String) throws(NetworkError) -> DeskSettings? {
        let path = path(forLog: log)
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            if errno == ELOOP { throw .badSettings(path: path, reason: "is a symbolic link; refused") }
            throw .badSettings(path: path, reason: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .badSettings(path: path, reason: "cannot stat") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw .badSettings(path: path, reason: "is not a regular file") }
        guard st.st_mode & 0o077 == 0 else {
            throw .badSettings(
                path: path,
                reason:
                    "holds a password and is readable or writable by others (mode \(String(st.st_mode & 0o777, radix: 8))); chmod 600 it"
            )
        }
        guard st.st_size <= 65536 else { throw .badSettings(path: path, reason: "is over 64 KiB") }
        var bytes = [UInt8](repeating: 0, count: Int(st.st_size))
        let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n == bytes.count else { throw .badSettings(path: path, reason: "short read") }
        let json: JSON
        do { json = try JSON.parse(bytes) } catch { throw .badSettings(path: path, reason: "not JSON: \(error)") }
        guard let desk = json["desk"]?.stringValue, let db = json["database"]?.stringValue else {
            throw .badSettings(path: path, reason: "needs string members \"desk\" and \"database\"")
        }
        let url: DatabaseURL
        do { url = try DatabaseURL(parsing: db) } catch {
            throw .badSettings(path: path, reason: "member \"database\": \(error.text)")
        }
        return DeskSettings(desk: desk, database: url)
    }

    /// Writes the settings atomically (a 0600 temporary file, fsynced, renamed over the old
    /// one, the directory fsynced), so a crash leaves the old settings or the new ones.
    /// - Throws: `NetworkError.local` naming the path and the system's reason.
    public func save(forLog log: String) throws(NetworkError) {
        let path = Self.path(forLog: log)
        let tmp = path + ".tmp-\(getpid())"
        var out: [UInt8] = []
        JSON.object([("schema", .int(1)), ("desk", .string(desk)), ("database", .string(database.withPassword))])
            .write(to: &out)
        out.append(0x0A)
        unlink(tmp)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .local("\(tmp): cannot create: \(String(cString: strerror(errno)))") }
        let n = out.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard n == out.count, synced else {
            unlink(tmp)
            throw .local("\(tmp): cannot write: \(String(cString: strerror(errno)))")
        }
        guard rename(tmp, path) == 0 else {
            unlink(tmp)
            throw .local("\(path): cannot rename into place: \(String(cString: strerror(errno)))")
        }
        let dir = (path as NSString).deletingLastPathComponent
        let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            fsync(dfd)
            close(dfd)
        }
    }
}
