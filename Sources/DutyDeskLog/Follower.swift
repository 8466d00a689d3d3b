#if canImport(Glibc)
    import Glibc
#endif

/// Tails a log by byte offset (issue 2, item 4): each `poll()` reads only the bytes after
/// the last verified record, verifies them against the chain, and returns the new records.
/// An unterminated last line, or an incomplete batch at the end, is treated as "still being
/// written" and read on a later poll.
///
/// A follower made with `init(sharing:)` reads through the log's `LogTail` (issue 16,
/// item 5): bytes the log's appends already verified under the lock are not read again —
/// their records, and this process's own appended records, are handed on from memory —
/// and bytes the follower verifies first are not read again by the next append. One
/// follower per log.
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
    public var checkpoint: VerifyCheckpoint { tail.locked { tail.delivered } }
    /// Whether returned records carry their stored bytes in `raw`.
    public let keepRaw: Bool
    let tail: LogTail
    var watch: Int32 = -1
    /// A bad record found after good ones in the same poll: thrown by the next poll, so
    /// the good records are returned first.
    var deferredIssue: LogError?

    /// Opens `path` for following from `checkpoint` (default: the beginning, so the first
    /// `poll()` returns every record). `keepRaw` fills `LogRecord.raw`. The follower reads
    /// through a tail of its own (a process that does not append, e.g. `events --follow`).
    /// - Throws: `LogError.notFound`, `.unsafePath` (a symlink, FIFO, socket or directory
    ///   at `path`), `.io`.
    public init(path: String, from checkpoint: VerifyCheckpoint = .genesis, keepRaw: Bool = true) throws {
        self.path = path
        self.keepRaw = keepRaw
        let fd = try Posix.openRegular(path, O_RDONLY)
        if fd < 0 {
            if errno == ENOENT { throw LogError.notFound(path: path) }
            throw LogError.io(path: path, operation: "open", errno: errno)
        }
        tail = LogTail(path: path, fd: fd, chain: checkpoint)
        tail.hasFollower = true
        tail.keepRaw = keepRaw
        startWatching()
    }

    /// Follows `log` from its current checkpoint through the log's own tail, so this
    /// process reads every appended byte once (see the type's notes).
    public init(sharing log: EventLog, keepRaw: Bool = false) {
        path = log.path
        self.keepRaw = keepRaw
        tail = log.tail
        tail.locked {
            tail.hasFollower = true
            tail.keepRaw = keepRaw
            tail.delivered = tail.chain
        }
        startWatching()
    }

    private func startWatching() {
        let ifd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if ifd >= 0 {
            watch = inotify_add_watch(ifd, path, UInt32(IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE))
            if watch >= 0 { waitDescriptor = ifd } else { Glibc.close(ifd) }
        }
    }

    deinit {
        if let w = waitDescriptor { Glibc.close(w) }
        tail.locked {
            tail.hasFollower = false
            tail.trim()
        }
    }

    /// New good records since the last call (empty, after one `fstat`, when nothing changed).
    /// Drains the inotify descriptor. Collects everything in memory; for a large backlog
    /// use `poll(_:)`.
    /// - Throws: see `poll(_:)`; when a bad record follows good ones, the good ones are
    ///   returned and the next call throws.
    public func poll() throws -> [LogRecord] {
        var out: [LogRecord] = []
        do { try poll { out.append($0) } } catch let e as LogError {
            if out.isEmpty { throw e }
            deferredIssue = e
        }
        return out
    }

    /// Hands each new good record to `body`, reading at most 16 MiB at a time, until the
    /// end of the file as it was at the call (or the start of this process's own append
    /// in flight). Returns the number of records. `body` runs with the tail locked: it must
    /// not call into the log or the follower.
    /// - Throws: `LogError.badLog` when new bytes hold a bad record (the follower stays
    ///   before it), `.shrank` when the file lost bytes already returned, `.io`, or what
    ///   `body` throws.
    @discardableResult
    public func poll(_ body: (LogRecord) throws -> Void) throws -> Int {
        if let e = deferredIssue {
            deferredIssue = nil
            throw e
        }
        if let w = waitDescriptor {
            var buf = [UInt8](repeating: 0, count: 4096)
            while read(w, &buf, buf.count) > 0 {}
        }
        let tail = self.tail
        let path = self.path
        return try tail.locked {
            // What the log's appends read or wrote since the last poll, from memory.
            var total = 0
            for r in tail.takeForFollower() {
                total += 1
                try body(r)
            }
            // Then the bytes nobody verified yet, handed on as they are read (a batch whole).
            let o = try tail.advance(underFileLock: false, decodePayload: true) { _ in
                for r in tail.takeForFollower() {
                    total += 1
                    try body(r)
                }
            }
            if let issue = o.issue { throw LogError.badLog(path: path, issue: issue) }
            return total
        }
    }

    /// Bytes after the last verified record (a write in progress, or a torn tail).
    public func pendingBytes() throws -> Int64 {
        try tail.locked { try Posix.fstatSize(tail.fd, path: path) - tail.chain.offset }
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
