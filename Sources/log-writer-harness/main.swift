// A writer process for the log fault harness (Tests/DutyDeskLogTests/FaultHarnessTests.swift).
//
// Usage: log-writer-harness LOG WRITER-ID COUNT MODE
//   MODE single: COUNT appends of one record each
//   MODE batch:  COUNT records appended in batches of 50
//   MODE torn:   like single, but each write is split in two with a 2 ms pause
//                (LogFaultHooks.splitWrites) so a kill -9 can tear a record
// Output (unbuffered write(2) calls, so a killed writer's output is exactly what happened):
//   before every write:       "W <offset> <hex of the bytes>\n"
//   after each append returns: "A <seq> <id> <offset> <hash>\n" per acknowledged record Event ids are "<WRITER-ID>-<n>" with n = 1…COUNT; the payload
// carries writer and n plus Vietnamese alert text so records are realistic in size.
// Exit: 0 done, 64 usage, 74 append error (message on stderr).
import DutyDeskJSON
import DutyDeskLog

#if canImport(Glibc)
    import Glibc
#endif

/// Writes all of `text` to descriptor `fd` (unbuffered, so nothing is lost to a kill).
func say(_ fd: Int32, _ text: String) {
    var bytes = Array(text.utf8)
    var done = 0
    while done < bytes.count {
        let r = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
        if r <= 0 {
            if errno == EINTR { continue }
            exit(74)
        }
        done += r
    }
}

let args = CommandLine.arguments
guard args.count == 5, let count = Int(args[3]), ["single", "batch", "torn"].contains(args[4]) else {
    say(2, "usage: log-writer-harness LOG WRITER-ID COUNT single|batch|torn\n")
    exit(64)
}
let path = args[1]
let writer = args[2]
let mode = args[4]

func record(_ n: Int) -> NewRecord {
    NewRecord(
        type: "alert.received", id: "\(writer)-\(n)",
        payload: .object([
            ("schema", .int(1)), ("writer", .string(writer)), ("n", .int(n)),
            ("summary", .string("Tin báo: vận chuyển ngà voi qua cửa khẩu Móng Cái, lần \(n)")),
            ("unit", .string("Cục Điều tra chống buôn lậu")),
        ]), actor: LogActor(officer: "harness", process: "log-writer-harness/\(getpid())", host: "test"))
}

EventLog._faultHooks.splitWrites = mode == "torn"
EventLog._faultHooks.beforeWrite = { offset, bytes in
    var line = Array("W \(offset) ".utf8)
    line.reserveCapacity(line.count + bytes.count * 2 + 1)
    Hex.append(bytes, to: &line)
    line.append(0x0A)
    say(1, String(decoding: line, as: UTF8.self))
}

do {
    let log = try EventLog.open(path: path, mode: .readWrite)
    var n = 1
    while n <= count {
        let k = mode == "batch" ? min(50, count - n + 1) : 1
        let written = try log.append((n..<(n + k)).map(record))
        say(1, written.map { "A \($0.seq) \($0.id) \($0.offset) \($0.hash)\n" }.joined())
        n += k
    }
    exit(0)
} catch {
    say(2, "log-writer-harness: \(error)\n")
    exit(74)
}
