#if canImport(Glibc)
import Glibc
#endif

/// Tails a log by byte offset (issue 2, item 4): each `poll()` reads only the bytes after
/// the last complete record, verifies them against the chain, and returns the new records.
/// An unterminated last line is treated as "still being written" and read on a later poll.
///
/// Waiting: `waitDescriptor` is an inotify descriptor (readable when the file changes) for
/// the run loop's `poll(2)`; when it is nil (inotify unavailable), call `poll()` every
/// 100 ms — a single `fstat` when nothing changed. Either way growth is seen within 250 ms.
public final class LogFollower {
    /// The followed file.
    public let path: String
    /// Readable (`POLLIN`) when the file may have changed; nil → stat-poll every 100 ms.
    public private(set) var waitDescriptor: Int32?
    /// Chain state after the last record returned.
    public private(set) var checkpoint: VerifyCheckpoint
    /// Whether returned records carry their stored bytes in `raw`.
    public let keepRaw: Bool
    var fd: Int32
    var watch: Int32 = -1

    /// Opens `path` for following from `checkpoint` (default: the beginning, so the first
    /// `poll()` returns every record). `keepRaw` fills `LogRecord.raw`.
    /// - Throws: `LogError.notFound`, `.io`.
    public init(path: String, from checkpoint: VerifyCheckpoint = .genesis, keepRaw: Bool = true) throws {
        self.path = path
        self.checkpoint = checkpoint
        self.keepRaw = keepRaw
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { throw LogError.notFound(path: path) }
            throw LogError.io(path: path, operation: "open", errno: errno)
        }
        let ifd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if ifd >= 0 {
            watch = inotify_add_watch(ifd, path, UInt32(IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE))
            if watch >= 0 { waitDescriptor = ifd } else { Glibc.close(ifd) }
        }
    }

    deinit {
        Glibc.close(fd)
        if let w = waitDescriptor { Glibc.close(w) }
    }

    /// New good records since the last call (empty, after one `fstat`, when nothing changed).
    /// Drains the inotify descriptor.
    /// - Throws: `LogError.badLog` when new bytes hold a bad record (the follower stays
    ///   before it), `.shrank` when the file lost bytes already returned, `.io`.
    public func poll() throws -> [LogRecord] {
        if let w = waitDescriptor {
            var buf = [UInt8](repeating: 0, count: 4096)
            while read(w, &buf, buf.count) > 0 {}
        }
        let size = try Posix.fstatSize(fd, path: path)
        if size == checkpoint.offset { return [] }
        if size < checkpoint.offset { throw LogError.shrank(path: path, from: checkpoint.offset, to: size) }
        let bytes = try Posix.pread(fd, offset: checkpoint.offset, count: Int(size - checkpoint.offset), path: path)
        var out: [LogRecord] = []
        let o = bytes.withUnsafeBufferPointer { buf in
            LogScanner.scan(buf, bufferOffset: checkpoint.offset, from: checkpoint, decodePayload: true, keepRaw: keepRaw,
                            parallel: buf.count > 1 << 20, partialTailIsPending: true) { out.append($0) }
        }
        checkpoint = o.checkpoint
        if let issue = o.issue { throw LogError.badLog(path: path, issue: issue) }
        return out
    }

    /// Blocks up to `milliseconds` until the file may have changed (inotify), or sleeps
    /// min(`milliseconds`, 100) ms without inotify. Then call `poll()`.
    public func wait(milliseconds: Int32) {
        if let w = waitDescriptor {
            var p = pollfd(fd: w, events: Int16(POLLIN), revents: 0)
            _ = Glibc.poll(&p, 1, milliseconds)
        } else {
            usleep(UInt32(min(milliseconds, 100)) * 1000)
        }
    }
}
