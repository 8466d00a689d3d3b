import Crypto
import DutyDeskJSON
#if canImport(Glibc)
import Glibc
#endif

/// A derived cache kept beside the log: opaque bytes (a projection snapshot) tagged with
/// the checkpoint of the last record they cover (issue 6, item 3). It may be deleted at
/// any time; a reader must check the checkpoint against the log (`EventLog.open`'s
/// replay sees the record at `checkpoint.nextSeq - 1`) and ignore a snapshot that does
/// not match. The file is untrusted input: a damaged one is refused with a reason.
///
/// Layout (`docs/log-format.md`, "Projection snapshot"):
///
///     dutydesk-snapshot 1\n
///     {"kind":"projection","next_seq":N,"offset":O,"last_hash":"<64 hex>","last_ts_ns":T,"body_bytes":B,"body_sha256":"<64 hex>"}\n
///     <B bytes of body>
///
/// Written atomically (a temporary file in the same directory, `fdatasync`, `rename`,
/// directory `fsync`), mode 0600, so a reader never sees half a snapshot.
public enum LogSnapshotFile {
    /// Where the snapshot of `logPath` lives: `<log>.snapshot`.
    public static func path(forLog logPath: String) -> String { logPath + ".snapshot" }

    static let magic = Array("dutydesk-snapshot 1\n".utf8)

    /// A snapshot read back: the checkpoint it covers and its body.
    public struct Contents: Sendable {
        public var kind: String
        public var checkpoint: VerifyCheckpoint
        public var body: [UInt8]
    }

    /// Why a snapshot file was refused (the caller then folds the whole log).
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Reads the snapshot at `path`. Returns nil when there is none.
    /// - Throws: `Refusal` for a file that is unreadable, of another format or kind,
    ///   truncated, or whose body does not match its SHA-256.
    public static func read(path: String, kind: String) throws(Refusal) -> Contents? {
        func refuse(_ r: String) -> Refusal { Refusal(path: path, reason: r) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw refuse("cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let bytes: [UInt8]
        do {
            let size = try Posix.fstatSize(fd, path: path)
            bytes = try Posix.pread(fd, offset: 0, count: Int(size), path: path)
        } catch { throw refuse("\(error)") }
        guard bytes.starts(with: magic) else { throw refuse("not a dutydesk snapshot (or another format version)") }
        guard let nl = bytes[magic.count...].firstIndex(of: 0x0A) else { throw refuse("header line not terminated") }
        let header: JSON
        do { header = try JSON.parse(bytes[magic.count..<nl]) } catch { throw refuse("header: \(error)") }
        guard header["kind"]?.stringValue == kind else { throw refuse("kind \(header["kind"]?.stringValue ?? "missing"), expected \(kind)") }
        guard let nextSeq = header["next_seq"]?.intValue, nextSeq >= 1,
              let offset = header["offset"]?.intValue, offset >= 0,
              let hash = header["last_hash"]?.stringValue, hash.utf8.count == 64, hash.utf8.allSatisfy(isLowerHex),
              let count = header["body_bytes"]?.intValue, count >= 0,
              let sum = header["body_sha256"]?.stringValue
        else { throw refuse("header: missing or bad next_seq, offset, last_hash, body_bytes or body_sha256") }
        let lastTS = header["last_ts_ns"]?.intValue.map(Int64.init)
        let body = Array(bytes[(nl + 1)...])
        guard body.count == count else { throw refuse("body is \(body.count) bytes, header says \(count)") }
        guard hex(SHA256.hash(data: body)) == sum else { throw refuse("body does not match its SHA-256") }
        return Contents(kind: kind,
                        checkpoint: VerifyCheckpoint(nextSeq: nextSeq, lastHash: Array(hash.utf8), lastTimestampNanos: lastTS,
                                                     offset: Int64(offset)),
                        body: body)
    }

    /// Writes a snapshot covering the log up to `checkpoint` (exclusive `nextSeq`),
    /// replacing any previous one atomically.
    /// - Throws: `LogError.io` / `.syncFailed` / `.shortWrite`; nothing is replaced then.
    public static func write(path: String, kind: String, checkpoint: VerifyCheckpoint, body: [UInt8]) throws {
        var header: [(String, JSON)] = [
            ("kind", .string(kind)), ("next_seq", .number(String(checkpoint.nextSeq))),
            ("offset", .number(String(checkpoint.offset))),
            ("last_hash", .string(String(decoding: checkpoint.lastHash, as: UTF8.self))),
        ]
        if let t = checkpoint.lastTimestampNanos { header.append(("last_ts_ns", .number(String(t)))) }
        header += [("body_bytes", .number(String(body.count))), ("body_sha256", .string(hex(SHA256.hash(data: body))))]
        var bytes = magic
        bytes += JSON.object(header).compactBytes
        bytes.append(0x0A)
        bytes += body
        let tmp = "\(path).tmp.\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw LogError.io(path: tmp, operation: "create", errno: errno) }
        var open = true
        do {
            var done = 0
            while done < bytes.count {
                let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw LogError.io(path: tmp, operation: "write", errno: errno)
                }
                done += n
            }
            try Posix.dataSync(fd, path: tmp)
            close(fd)
            open = false
            guard rename(tmp, path) == 0 else { throw LogError.io(path: path, operation: "rename", errno: errno) }
            try Posix.syncDirectory(of: path)
        } catch {
            if open { close(fd) }
            unlink(tmp)
            throw error
        }
    }

    /// Removes `<path>.tmp.<pid>` files left by writers that were killed mid-write (their
    /// process no longer exists). Returns how many were removed.
    @discardableResult
    public static func removeAbandonedTemporaries(path: String) -> Int {
        let dir = Posix.parentDirectory(path)
        let base = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        let prefix = base + ".tmp."
        guard let d = opendir(dir) else { return 0 }
        defer { closedir(d) }
        var removed = 0
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard name.hasPrefix(prefix), let pid = Int32(name.dropFirst(prefix.count)), pid > 0 else { continue }
            if pid == getpid() { continue }
            if kill(pid, 0) != 0 && errno == ESRCH, unlink(dir + "/" + name) == 0 { removed += 1 }
        }
        return removed
    }

    static func isLowerHex(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) }

    static func hex(_ d: SHA256.Digest) -> String { String(decoding: RecordCodec.hexBytes(d), as: UTF8.self) }
}
