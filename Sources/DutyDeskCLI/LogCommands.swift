// `dutydesk verify` and `dutydesk events`, and where the log lives (issue 2, items 5–6).
import ArgumentParser
import DutyDeskLog
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// sysexits(3) codes used by the log commands.
public enum SysExit {
    public static let ok: Int32 = 0
    /// EX_USAGE
    public static let usage: Int32 = 64
    /// EX_DATAERR: the log holds a bad record.
    public static let dataErr: Int32 = 65
    /// EX_NOINPUT: the log file does not exist.
    public static let noInput: Int32 = 66
    /// EX_CANTCREAT: the log or its directory cannot be created.
    public static let cantCreat: Int32 = 73
    /// EX_IOERR: read, write or sync failure.
    public static let ioErr: Int32 = 74

    /// The exit code for a log error.
    public static func code(for error: LogError) -> Int32 {
        switch error {
        case .notFound, .unsafePath: return noInput
        case .cannotCreate: return cantCreat
        case .io, .shortWrite, .syncFailed: return ioErr
        case .badLog, .readOnly, .invalidRecord, .shrank: return dataErr
        }
    }
}

/// `--log PATH`: which log file. Default: `DUTYDESK_LOG`, else
/// `$XDG_DATA_HOME/dutydesk/<campaign-id>.log` (see `LogLocation.resolve`).
public struct LogOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The event log file (default: $DUTYDESK_LOG, else $XDG_DATA_HOME/dutydesk/<campaign>.log).",
            valueName: "path"))
    public var log: String?

    public init() {}

    /// `--log ""` is a usage error (exit 64), not the default log (issue 12, item 10).
    public func validate() throws {
        if let log, log.isEmpty {
            throw ValidationError("--log: the path is empty; give a log file, or leave --log out for the default log")
        }
    }

    /// The campaign whose log is used when neither `--log` nor `DUTYDESK_LOG` is given:
    /// Golden Strike 2021 (letter 4237/TCHQ-ĐTCBL).
    public static let defaultCampaignID = "golden-strike-2021"

    /// The resolved log path for `campaignID`. The first call in a process also warns on
    /// standard error when the log file or its directory is group- or world-writable
    /// (every command resolves the log through here; issue 12, item 8).
    public func resolvedPath(campaignID: String = LogOptions.defaultCampaignID) -> String {
        let path = LogLocation.resolve(explicit: log, environment: currentEnvironment(), campaignID: campaignID)
        LogOptions.warnOnce(path)
        return path
    }

    private static let warned = Mutex<Set<String>>([])

    /// Prints the writable-by-others warnings for `path` once per process.
    static func warnOnce(_ path: String) {
        let first = warned.withLock { $0.insert(path).inserted }
        guard first else { return }
        for w in LogLocation.writableByOthersWarnings(path) { printError("warning: \(w)") }
    }
}

/// The process environment as a dictionary.
func currentEnvironment() -> [String: String] {
    var env: [String: String] = [:]
    var p = environ
    while let entry = p.pointee {
        let s = String(cString: entry)
        if let eq = s.firstIndex(of: "=") { env[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
        p += 1
    }
    return env
}

/// Buffered writes to a file descriptor (stdout), flushed on demand.
struct RawOut {
    let fd: Int32
    var buffer: [UInt8] = []
    init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(1 << 16)
    }
    mutating func add(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }
    mutating func add(_ text: String) { add(Array(text.utf8)) }
    mutating func flush() {
        var done = 0
        while done < buffer.count {
            let r = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
            if r < 0 {
                if errno == EINTR { continue }
                break
            }
            done += r
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

func printError(_ text: String) {
    var o = RawOut(fd: 2)
    o.add("dutydesk: " + text + "\n")
    o.flush()
}

/// `dutydesk verify [--log PATH]`: checks every record's hash, the chain, seq and ts.
/// Exit 0 on a clean log; otherwise 65 and the first line names the first bad record:
/// `seq N at byte O: <reason>` (reasons: hash mismatch, prev mismatch, seq gap, parse
/// error, torn tail, timestamp earlier than the previous record), then explanations.
/// 66 when the file is missing, 74 on a read error.
public struct VerifyCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the event log's hash chain and report the first bad record.")

    @OptionGroup public var logOptions: LogOptions

    public init() {}

    public func run() throws {
        let path = logOptions.resolvedPath()
        let report: VerifyReport
        do { report = try EventLog.verifyFile(path: path) } catch let e as LogError {
            printError(e.description)
            throw ExitCode(SysExit.code(for: e))
        }
        var out = RawOut(fd: 1)
        defer { out.flush() }
        guard let issue = report.issue else {
            let last = report.checkpoint
            out.add("ok: \(report.goodRecords) records, \(last.offset) bytes, chain intact\n")
            if report.goodRecords > 0 {
                out.add("last: seq \(last.nextSeq - 1), hash \(String(decoding: last.lastHash, as: UTF8.self))\n")
            }
            out.add("log: \(path)\n")
            return
        }
        out.add(issue.description + "\n")
        out.add("log: \(path)\n")
        out.add(
            "good records before it: \(report.goodRecords)"
                + (report.goodRecords > 0
                    ? " (seq 1…\(report.goodRecords), bytes 0…\(report.checkpoint.offset - 1))" : "") + "\n")
        if report.checkpoint.offset < issue.offset {
            out.add(
                "not counted: seq \(report.goodRecords + 1)…\(issue.seq - 1) (bytes \(report.checkpoint.offset)…\(issue.offset - 1)) belong to a batch that the bad line interrupts\n"
            )
        }
        out.add("bad line: \(issue.length) bytes at byte \(issue.offset)\n")
        switch issue.reason {
        case .hashMismatch:
            out.add("meaning: the record's bytes changed after it was written (its hash no longer matches)\n")
        case .prevMismatch:
            out.add(
                "meaning: the record does not link to the record before it (a record was removed, inserted or altered)\n"
            )
        case .seqGap: out.add("meaning: records are missing or out of order here\n")
        case .timestampDecreased: out.add("meaning: the time goes backwards; the writer never writes that\n")
        case .parseError: out.add("meaning: the line is not a well-formed record\n")
        case .tornTail:
            out.add(
                "meaning: a write was interrupted (crash or power loss); opening the log for writing quarantines these bytes to \(path).quarantine and appends a log.recovered record\n"
            )
        case .incompleteBatch:
            out.add(
                issue.isLastLine
                    ? "meaning: a multi-record append (an import) was interrupted before all its records were written; none of them count, and opening the log for writing quarantines all of its bytes to \(path).quarantine and appends a log.recovered record\n"
                    : "meaning: a multi-record append is cut short by a record that is not part of it; DutyDesk never writes that (the file was edited)\n"
            )
        case .batchMismatch:
            out.add("meaning: a record's batch marks do not fit its place in the log; DutyDesk never writes that\n")
        }
        if report.linesAfterIssue > 0 {
            out.add(
                "after it: \(report.linesAfterIssue) more line(s), \(report.selfConsistentAfterIssue) of them with a matching own hash; the log stays read-only and nothing is truncated — do not edit the file; keep a copy and report to the Coordination Board (Ban điều phối)\n"
            )
        } else if issue.reason.isCrashDamage && issue.isLastLine {
            out.add(
                "it is at the end of the log: `dutydesk` recovers it on the next write (bytes kept in the quarantine file)\n"
            )
        }
        out.flush()
        throw ExitCode(SysExit.dataErr)
    }
}

/// `dutydesk events [--log PATH] [--since SEQ] [--follow]`: prints stored records, one
/// JSON object a line, byte-for-byte as stored (verified against the chain first).
/// `--since SEQ` prints records with seq greater than SEQ. `--follow` keeps printing new
/// records as they are appended (seen within 250 ms). Exit 65 at a bad record (records
/// before it are printed), 66 when the file is missing, 74 on read errors.
public struct EventsCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Print the stored records, one JSON object per line, exactly as stored.")

    @OptionGroup public var logOptions: LogOptions

    @Option(name: .long, help: ArgumentHelp("Print only records with seq greater than this.", valueName: "seq"))
    public var since: Int = 0

    @Flag(name: .long, help: "Keep printing records as they are appended.")
    public var follow = false

    public init() {}

    public func validate() throws {
        guard since >= 0 else { throw ValidationError("--since must be 0 or a positive seq") }
    }

    public func run() throws {
        let path = logOptions.resolvedPath()
        var out = RawOut(fd: 1)
        do {
            let follower = try LogFollower(path: path, keepRaw: true)
            let since = self.since
            try follower.poll { rec in if rec.seq > since { out.add(rec.raw) } }
            out.flush()
            if !follow {
                let pending = try follower.pendingBytes()
                if pending > 0 {
                    printError(
                        "\(pending) bytes at byte \(follower.checkpoint.offset) are not a complete record or batch (a write in progress, a torn tail or an interrupted import); run `dutydesk verify`"
                    )
                }
                return
            }
            while true {
                follower.wait(milliseconds: 200)
                try follower.poll { rec in if rec.seq > since { out.add(rec.raw) } }
                out.flush()
            }
        } catch let e as LogError {
            out.flush()
            printError(e.description)
            throw ExitCode(SysExit.code(for: e))
        }
    }
}
