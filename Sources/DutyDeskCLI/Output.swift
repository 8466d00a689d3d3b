// Everything the commands write to standard output and standard error (issue 12, items 2, 6, 10).
import TerminalKit

#if canImport(Glibc)
    import Glibc
#endif

/// Text made safe for a terminal before it is printed: messages, warnings and the
/// human-readable output of every command.
///
/// - Every control, DEL, C1 and bidi character becomes its visible marker
///   (`Sanitizer.sanitize`: ESC shows as "␛", so an OSC 52 in a cell cannot write the
///   clipboard nor retitle the window). Only LF is kept: it separates the lines of a
///   message (one problem a line).
/// - A line longer than `maxLineBytes` bytes of UTF-8 is cut at a character boundary and
///   ends with `… (N bytes cut)`: a 10 MB bad cell is not echoed whole.
public enum TerminalText {
    /// The longest line printed whole, in bytes of UTF-8 (before markers).
    public static let maxLineBytes = 1000

    /// `text` with every line sanitised and cut (see the type's documentation).
    public static func safe(_ text: String, maxLineBytes: Int = TerminalText.maxLineBytes) -> String {
        if text.utf8.count <= maxLineBytes && Sanitizer.isClean(text) { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { safeLine($0, maxLineBytes: maxLineBytes) }.joined(separator: "\n")
    }

    /// One line (no LF in it), sanitised and cut to `maxLineBytes`.
    static func safeLine(_ line: Substring, maxLineBytes: Int) -> String {
        let total = line.utf8.count
        guard total > maxLineBytes else { return Sanitizer.sanitize(String(line)) }
        var kept = 0
        var end = line.startIndex
        for c in line {
            let n = c.utf8.count
            if kept + n > maxLineBytes { break }
            kept += n
            end = line.index(after: end)
        }
        return Sanitizer.sanitize(String(line[..<end])) + "… (\(total - kept) bytes cut)"
    }

    /// `text` without any leading `dutydesk: ` (one is added by the printer; a message that
    /// already carried one printed `dutydesk: dutydesk: …`, issue 12 item 10).
    static func withoutProgramPrefix(_ text: String) -> Substring {
        var s = Substring(text)
        while s.hasPrefix("dutydesk: ") { s = s.dropFirst("dutydesk: ".count) }
        return s
    }
}

/// Buffered, checked writes to a file descriptor (standard output or a file).
///
/// A failed write is remembered, later writes are dropped, and `finish()` throws it as
/// EX_IOERR (74) naming `target` ("standard output" or the path): `report results >
/// /dev/full` fails instead of exiting 0 (issue 12, item 2).
struct RawOut {
    let fd: Int32
    /// What the descriptor is, for the message: "standard output", "standard error" or a path.
    let target: String
    var buffer: [UInt8] = []
    /// The errno of the first failed write, nil while every write succeeded.
    private(set) var failedErrno: Int32?

    init(fd: Int32, target: String? = nil) {
        self.fd = fd
        self.target = target ?? (fd == 1 ? "standard output" : fd == 2 ? "standard error" : "fd \(fd)")
        buffer.reserveCapacity(1 << 16)
    }

    /// Queues `bytes` exactly as they are (records of `events`, reports already sanitised).
    mutating func add(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Queues `text` exactly as it is.
    mutating func add(_ text: String) { add(Array(text.utf8)) }

    /// Queues human-readable text, made safe for a terminal (`TerminalText.safe`).
    mutating func say(_ text: String) { add(TerminalText.safe(text)) }

    /// Writes what is queued; a failure is remembered (see `finish`).
    mutating func flush() {
        defer { buffer.removeAll(keepingCapacity: true) }
        guard failedErrno == nil else { return }
        var done = 0
        while done < buffer.count {
            let r = buffer.withUnsafeBytes { p -> Int in
                guard let base = p.baseAddress else { return 0 }
                return write(fd, base + done, p.count - done)
            }
            if r < 0 {
                if errno == EINTR { continue }
                failedErrno = errno
                return
            }
            if r == 0 {
                failedErrno = EIO
                return
            }
            done += r
        }
    }

    /// The failure to report for a failed write, nil when every write succeeded.
    var failure: CLIFailure? {
        failedErrno.map { CLIFailure("cannot write \(target): \(String(cString: strerror($0)))", code: SysExit.ioErr) }
    }

    /// Writes what is queued.
    /// - Throws: `CLIFailure` EX_IOERR (74) naming the target when any write failed.
    mutating func finish() throws(CLIFailure) {
        flush()
        if let failure { throw failure }
    }
}

/// Prints `dutydesk: <text>` on standard error, made safe for a terminal
/// (`TerminalText.safe`) and with any `dutydesk: ` the text already starts with dropped.
/// A failure to write standard error cannot be reported and is ignored.
func printError(_ text: String) {
    var o = RawOut(fd: 2)
    o.add("dutydesk: " + TerminalText.safe(String(TerminalText.withoutProgramPrefix(text))) + "\n")
    o.flush()
}

/// Prints `dutydesk: warning: <text>` on standard error, like `printError`.
func printWarning(_ text: String) { printError("warning: " + text) }

/// Flushes the C library's standard output (what `print` and ArgumentParser wrote) and
/// closes descriptor 1, so a late write error (a full disk, `/dev/full`) is seen.
/// - Returns: the failure to report, nil when standard output is fine (or was closed).
func finishStandardOutput() -> CLIFailure? {
    var failed: Int32?
    errno = 0
    if fflush(nil) != 0 { failed = errno == 0 ? EIO : errno }  // every C stream, so stdout too
    if failed == nil, close(1) != 0, errno != EBADF, errno != EINTR { failed = errno }
    return failed.map {
        CLIFailure("cannot write standard output: \(String(cString: strerror($0)))", code: SysExit.ioErr)
    }
}
