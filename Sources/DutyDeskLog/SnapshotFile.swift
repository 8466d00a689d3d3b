import Crypto
import DutyDeskJSON
import Foundation

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
///     dutydesk-snapshot 3\n
///     {"kind":"projection","next_seq":N,"offset":O,"last_hash":"<64 hex>","last_ts_ns":T}\n
///     <body>
///     \n{"body_bytes":B,"body_sha256":"<64 hex>","mac":"<64 hex>"}\n
///
/// `mac` authenticates the file as one this desk wrote (issue 15, item 1): HMAC-SHA256,
/// keyed by the log's snapshot key (`LogSnapshotKey`, `<log>.snapshot-key`), of the first
/// two lines (magic and header, each with its `\n`), then `body_sha256` and `\n`, then
/// `body_bytes` in decimal. A snapshot without it, or made with another key, is refused.
///
/// The body's length and SHA-256 come last so the body can be written as it is produced
/// (a 1M-event projection is ~130 MB: the writer never holds it whole in memory). Written
/// atomically (a temporary file in the same directory, `fdatasync`, `rename`, directory
/// `fsync`), mode 0600, so a reader never sees half a snapshot.
public enum LogSnapshotFile {
    /// Where the snapshot of `logPath` lives: `<log>.snapshot`.
    public static func path(forLog logPath: String) -> String { logPath + ".snapshot" }

    static let magic = Array("dutydesk-snapshot 3\n".utf8)

    /// Why a snapshot file was refused (the caller then folds the whole log).
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Reads the snapshot at `path` into memory, checks its header, length, SHA-256 and
    /// MAC (made with `key`), then hands the body to `decode`. Returns nil when there is no
    /// snapshot.
    /// - Throws: `Refusal` for a file that is unreadable, not a regular file (a symbolic
    ///   link is never followed, a FIFO never opened blocking), of another format or
    ///   kind, of another size than its header and trailer say (checked before the file
    ///   is read whole), truncated or damaged, not made with `key` (or `key` is nil), or
    ///   that `decode`
    ///   refused (its error's description).
    public static func read<T>(
        path: String, kind: String, key: LogSnapshotKey?,
        decode: (_ body: UnsafeBufferPointer<UInt8>) throws -> T
    )
        throws(Refusal) -> (checkpoint: VerifyCheckpoint, value: T)?
    {
        func refuse(_ r: String) -> Refusal { Refusal(path: path, reason: r) }
        // Never through a symbolic link, never blocking on a FIFO (issue 12, item 8).
        let fd: Int32
        do { fd = try Posix.openRegular(path, O_RDONLY) } catch let e as LogError {
            if case .unsafePath(_, let kind) = e { throw refuse(kind.reason) }
            throw refuse("\(e)")
        } catch { throw refuse("\(error)") }
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw refuse("cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let size: Int
        do { size = Int(try Posix.fstatSize(fd, path: path)) } catch { throw refuse("cannot stat: \(error)") }
        guard size > magic.count else { throw refuse("not a dutydesk snapshot (too short)") }
        // Before reading it whole: the header and the trailer must say exactly this size
        // (issue 12, item 4: a 2 GB junk file costs two small reads, not 2 GB and seconds).
        try checkSize(fd: fd, size: size, refuse: refuse)
        // Read into memory of our own, then check and decode those bytes: a mapping would
        // see the file changed in place after the SHA-256 check (and fault with SIGBUS if it
        // were cut short meanwhile). The bytes are freed before the rows are built, so they
        // do not raise the start-up's peak.
        let bytes: [UInt8]
        do { bytes = try Posix.pread(fd, offset: 0, count: size, path: path) } catch { throw refuse("\(error)") }
        guard bytes.count == size else { throw refuse("changed while read (\(bytes.count) of \(size) bytes)") }
        guard let key else { throw refuse("not authenticated: the log has no snapshot key (\(path)-key)") }
        return try bytes.withUnsafeBufferPointer { (all) throws(Refusal) in
            try check(all, refuse: refuse, kind: kind, key: key, decode: decode)
        }
    }

    /// Refuses a snapshot whose size differs from what its first line, header line and
    /// trailer line add up to (magic + header + body_bytes + trailer), reading only the
    /// first and last few kilobytes.
    static func checkSize(fd: Int32, size: Int, refuse: (String) -> Refusal) throws(Refusal) {
        let headWindow = 64 << 10
        let head: [UInt8]
        let tail: [UInt8]
        do {
            head = try Posix.pread(fd, offset: 0, count: min(size, headWindow), path: "")
            let t = min(size, 4096)
            tail = try Posix.pread(fd, offset: Int64(size - t), count: t, path: "")
        } catch { throw refuse("cannot read: \(error)") }
        guard head.starts(with: magic) else { throw refuse("not a dutydesk snapshot (or another format version)") }
        guard let nl = head[magic.count...].firstIndex(of: 0x0A) else {
            throw refuse("header line not terminated in its first \(headWindow) bytes")
        }
        guard tail.last == 0x0A, tail.count >= 2 else { throw refuse("cut short (no trailer)") }
        var t = tail.count - 2
        while t >= 0, tail[t] != 0x0A { t -= 1 }
        guard t >= 0 else { throw refuse("cut short (no trailer in the last \(tail.count) bytes)") }
        let trailer: JSON
        do {
            trailer = try tail.withUnsafeBufferPointer {
                try JSON.parse(UnsafeBufferPointer(rebasing: $0[(t + 1)..<(tail.count - 1)]))
            }
        } catch { throw refuse("cut short (trailer: \(error))") }
        guard let body = trailer["body_bytes"]?.intValue, body >= 0, body <= size else {
            throw refuse("cut short (trailer without a valid body_bytes)")
        }
        let trailerLine = tail.count - t  // from the "\n" before the trailer to its final "\n"
        let expected = (nl + 1) + body + trailerLine
        guard expected == size else {
            throw refuse("the file is \(size) bytes, its header and trailer say \(expected)")
        }
    }

    private static func check<T>(
        _ all: UnsafeBufferPointer<UInt8>, refuse: (String) -> Refusal, kind: String, key: LogSnapshotKey,
        decode: (_ body: UnsafeBufferPointer<UInt8>) throws -> T
    )
        throws(Refusal) -> (checkpoint: VerifyCheckpoint, value: T)?
    {
        guard all.starts(with: magic) else { throw refuse("not a dutydesk snapshot (or another format version)") }
        guard let nl = all[magic.count...].firstIndex(of: 0x0A) else { throw refuse("header line not terminated") }
        let header: JSON
        do { header = try JSON.parse(UnsafeBufferPointer(rebasing: all[magic.count..<nl])) } catch {
            throw refuse("header: \(error)")
        }
        guard header["kind"]?.stringValue == kind else {
            throw refuse("kind \(header["kind"]?.stringValue ?? "missing"), expected \(kind)")
        }
        guard let nextSeq = header["next_seq"]?.intValue, nextSeq >= 1,
            let offset = header["offset"]?.intValue, offset >= 0,
            let hash = header["last_hash"]?.stringValue, hash.utf8.count == 64, hash.utf8.allSatisfy(isLowerHex)
        else { throw refuse("header: missing or bad next_seq, offset or last_hash") }
        let lastTS = header["last_ts_ns"]?.intValue.map(Int64.init)
        // The trailer: the last line, after the body and a newline.
        guard all.last == 0x0A, all.count >= nl + 3 else { throw refuse("cut short (no trailer)") }
        var t = all.count - 2
        while t > nl, all[t] != 0x0A { t -= 1 }
        guard t > nl else { throw refuse("cut short (no trailer)") }
        let trailer: JSON
        do { trailer = try JSON.parse(UnsafeBufferPointer(rebasing: all[(t + 1)..<(all.count - 1)])) } catch {
            throw refuse("cut short (trailer: \(error))")
        }
        guard let count = trailer["body_bytes"]?.intValue, let sum = trailer["body_sha256"]?.stringValue
        else { throw refuse("cut short (trailer without body_bytes and body_sha256)") }
        let body = UnsafeBufferPointer(rebasing: all[(nl + 1)..<t])
        guard body.count == count else { throw refuse("body is \(body.count) bytes, trailer says \(count)") }
        // Hash in 8 MB steps, dropping each step from memory once hashed.
        var h = SHA256()
        var done = 0
        while done < body.count {
            let n = min(8 << 20, body.count - done)
            h.update(bufferPointer: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: body[done..<done + n])))
            done += n
        }
        guard hex(h.finalize()) == sum else { throw refuse("body does not match its SHA-256") }
        guard let mac = trailer["mac"]?.stringValue else {
            throw refuse("not authenticated (no mac): not written by this desk")
        }
        guard key.mac(head: UnsafeBufferPointer(rebasing: all[0...nl]), bodySHA256: sum, bodyBytes: count) == mac
        else { throw refuse("not authenticated: its mac was not made with this log's snapshot key") }
        let value: T
        do {
            value = try decode(body)
        } catch { throw refuse("\(error)") }
        return (
            VerifyCheckpoint(
                nextSeq: nextSeq, lastHash: Array(hash.utf8), lastTimestampNanos: lastTS, offset: Int64(offset)),
            value
        )
    }

    /// Writes a snapshot covering the log up to `checkpoint` (exclusive `nextSeq`),
    /// replacing any previous one atomically. `body` produces the body in pieces, in
    /// order, through the function it is given; the trailer's MAC is made with `key`.
    /// - Throws: `LogError.io` / `.syncFailed`, or what `body` throws; nothing is replaced then.
    public static func write(
        path: String, kind: String, checkpoint: VerifyCheckpoint, key: LogSnapshotKey,
        body: ((UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Void
    ) throws {
        var header: [(String, JSON)] = [
            ("kind", .string(kind)), ("next_seq", .number(String(checkpoint.nextSeq))),
            ("offset", .number(String(checkpoint.offset))),
            ("last_hash", .string(String(decoding: checkpoint.lastHash, as: UTF8.self))),
        ]
        if let t = checkpoint.lastTimestampNanos { header.append(("last_ts_ns", .number(String(t)))) }
        let tmp = "\(path).tmp.\(getpid())"
        // A fresh file of our own: never through a link or FIFO planted at the name.
        unlink(tmp)
        let fd = try Posix.openRegular(tmp, O_WRONLY | O_CREAT | O_EXCL, mode: 0o600)
        guard fd >= 0 else { throw LogError.io(path: tmp, operation: "create", errno: errno) }
        var isOpen = true
        func put(_ p: UnsafeBufferPointer<UInt8>) throws {
            var done = 0
            guard let base = p.baseAddress else { return }
            while done < p.count {
                let n = Glibc.write(fd, base + done, p.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw LogError.io(path: tmp, operation: "write", errno: errno)
                }
                done += n
            }
        }
        do {
            let head = magic + JSON.object(header).compactBytes + [0x0A]
            try head.withUnsafeBufferPointer { try put($0) }
            var h = SHA256()
            var count = 0
            try body { piece in
                h.update(bufferPointer: UnsafeRawBufferPointer(piece))
                count += piece.count
                try put(piece)
            }
            let sum = hex(h.finalize())
            let mac = head.withUnsafeBufferPointer { key.mac(head: $0, bodySHA256: sum, bodyBytes: count) }
            let trailer: JSON = .object([
                ("body_bytes", .number(String(count))), ("body_sha256", .string(sum)), ("mac", .string(mac)),
            ])
            try ([0x0A] + trailer.compactBytes + [0x0A]).withUnsafeBufferPointer { try put($0) }
            try Posix.dataSync(fd, path: tmp)
            close(fd)
            isOpen = false
            guard rename(tmp, path) == 0 else { throw LogError.io(path: path, operation: "rename", errno: errno) }
            try Posix.syncDirectory(of: path)
        } catch {
            if isOpen { close(fd) }
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

    static func isLowerHex(_ b: UInt8) -> Bool { Hex.isLowerDigit(b) }

    static func hex(_ d: SHA256.Digest) -> String { String(decoding: RecordCodec.hexBytes(d), as: UTF8.self) }
}

/// The key that authenticates a log's projection snapshots as this desk's own (issue 15,
/// item 1): 32 random bytes in `<log>.snapshot-key`, one line
/// `dutydesk-snapshot-key-v1 <standard base64>\n`, mode 0600, made (`KeyFile.create`)
/// by the first snapshot written beside the log and never replaced. Whoever cannot read
/// it cannot make a snapshot the dashboard accepts without verifying the whole log.
public struct LogSnapshotKey: Sendable {
    let raw: [UInt8]

    /// The first word of the key file.
    public static let fileTag = "dutydesk-snapshot-key-v1"

    /// The key file of the log at `forLog`: the log's path + `.snapshot-key`.
    public static func path(forLog log: String) -> String { log + ".snapshot-key" }

    /// The key beside the log, nil when there is none.
    /// - Throws: `DeskKeyError.unsafe` (a link, not a regular file, mode not 0600),
    ///   `.malformed` (not one `dutydesk-snapshot-key-v1 <base64 of 32 bytes>` line:
    ///   `KeyFile.key`), `.io`.
    public static func load(forLog log: String) throws -> LogSnapshotKey? {
        let path = path(forLog: log)
        guard let bytes = try KeyFile.read(path: path, what: "the key of the log's snapshots") else { return nil }
        let raw = try KeyFile.key(bytes, tag: fileTag, path: path, what: "32 bytes")
        return LogSnapshotKey(raw: raw)
    }

    /// The key beside the log, made first when there is none (two processes making it at
    /// once: the one that lost the `O_EXCL` race reads the winner's).
    /// - Throws: as `load(forLog:)`, or `DeskKeyError.cannotCreate` / `.io` from the making.
    public static func loadOrCreate(forLog log: String) throws -> LogSnapshotKey {
        if let k = try load(forLog: log) { return k }
        let key = SymmetricKey(size: .bits256)
        let raw = key.withUnsafeBytes { Array($0) }
        do {
            try KeyFile.create(path: path(forLog: log), line: fileTag + " " + Data(raw).base64EncodedString() + "\n")
        } catch DeskKeyError.exists {
            if let k = try load(forLog: log) { return k }
        }
        return LogSnapshotKey(raw: raw)
    }

    /// A key of the given bytes (tests).
    public init(raw: [UInt8]) { self.raw = raw }

    /// HMAC-SHA256 of `head`, then `bodySHA256` and `\n`, then `bodyBytes` in decimal, as
    /// 64 lower-case hex (the snapshot trailer's `mac`).
    func mac(head: UnsafeBufferPointer<UInt8>, bodySHA256: String, bodyBytes: Int) -> String {
        var h = HMAC<SHA256>(key: SymmetricKey(data: raw))
        h.update(data: UnsafeRawBufferPointer(head))
        h.update(data: Array((bodySHA256 + "\n" + String(bodyBytes)).utf8))
        var out: [UInt8] = []
        h.finalize().withUnsafeBytes { Hex.append($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }
}
