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
    /// - Throws: `LogError.notFound`, `.unsafePath` (a symlink, FIFO, socket or directory
    ///   at `path`), `.io`.
    public init(path: String, from checkpoint: VerifyCheckpoint = .genesis, keepRaw: Bool = true) throws {
        self.path = path
        self.checkpoint = checkpoint
        self.keepRaw = keepRaw
        fd = try Posix.openRegular(path, O_RDONLY)
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
    /// Drains the inotify descriptor. Collects everything in memory; for a large backlog
    /// use `poll(_:)`.
    /// - Throws: see `poll(_:)`.
    public func poll() throws -> [LogRecord] {
        var out: [LogRecord] = []
        try poll { out.append($0) }
        return out
    }

    /// Hands each new good record to `body`, reading at most 16 MiB at a time, until the
    /// end of the file as it was at the call. Returns the number of records.
    /// - Throws: `LogError.badLog` when new bytes hold a bad record (the follower stays
    ///   before it), `.shrank` when the file lost bytes already returned, `.io`, or what
    ///   `body` throws.
    @discardableResult
    public func poll(_ body: (LogRecord) throws -> Void) throws -> Int {
        if let w = waitDescriptor {
            var buf = [UInt8](repeating: 0, count: 4096)
            while read(w, &buf, buf.count) > 0 {}
        }
        let size = try Posix.fstatSize(fd, path: path)
        if size == checkpoint.offset { return 0 }
        if size < checkpoint.offset { throw LogError.shrank(path: path, from: checkpoint.offset, to: size) }
        var total = 0
        var chunk = 16 << 20
        while checkpoint.offset < size {
            let want = Int(min(Int64(chunk), size - checkpoint.offset))
            let bytes = try Posix.pread(fd, offset: checkpoint.offset, count: want, path: path)
            if bytes.isEmpty { break }
            let before = checkpoint.offset
            let o = try bytes.withUnsafeBufferPointer { buf in
                try LogScanner.scan(
                    buf, bufferOffset: checkpoint.offset, from: checkpoint, decodePayload: true, keepRaw: keepRaw,
                    parallel: buf.count > 1 << 20, partialTailIsPending: true, body: body)
            }
            checkpoint = o.checkpoint
            total += o.records
            if let issue = o.issue { throw LogError.badLog(path: path, issue: issue) }
            if checkpoint.offset == before {
                // No complete line in this window: either the rest is still being written,
                // or a line is longer than the window.
                if Int64(want) == size - before { break }
                chunk *= 2
            }
        }
        return total
    }

    /// Bytes after the last complete record (a write in progress, or a torn tail).
    public func pendingBytes() throws -> Int64 { try Posix.fstatSize(fd, path: path) - checkpoint.offset }

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
