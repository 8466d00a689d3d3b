// A writer process for the log fault harness (Tests/DutyDeskLogTests/FaultHarnessTests.swift).
//
// Usage: log-writer-harness LOG WRITER-ID COUNT MODE
//   MODE single: COUNT appends of one record each
//   MODE batch:  COUNT records appended in batches of 50
//   MODE torn:   like single, but each write is split in two with a 2 ms pause
//                (LogFaultHooks.splitWrites) so a kill -9 can tear a record
//   MODE tear:   like torn, but the pause after the first half is 60 s: killed there
//                (the test waits until the half is in the log), the writer always
//                leaves a torn tail for the next one to recover
//   MODE bigbatch: one batch of COUNT records of ~8 KB each (multi-megabyte for COUNT
//                ≥ 250), written as one write — an import (issue 12, item 1)
//   MODE bigtorn:  like bigbatch, written in two halves with a 3 ms pause between
// Output (unbuffered write(2) calls, so a killed writer's output is exactly what happened):
//   before every write:       "W <offset> <hex of the bytes>\n"
//                             (big modes: "B <offset> <byte count>\n", no bytes)
//   after each append returns: "A <seq> <id> <offset> <hash>\n" per acknowledged record
//                             (big modes: "A <first seq> <last seq> <count>\n" for the batch)
// Event ids are "<WRITER-ID>-<n>" with n = 1…COUNT; the payload carries writer and n plus
// Vietnamese alert text so records are realistic in size.
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
        let r = bytes.withUnsafeMutableBytes { p in p.baseAddress.map { write(fd, $0 + done, p.count - done) } ?? 0 }
        if r <= 0 {
            if errno == EINTR { continue }
            exit(74)
        }
        done += r
    }
}

let args = CommandLine.arguments
let modes = ["single", "batch", "torn", "tear", "bigbatch", "bigtorn"]
guard args.count == 5, let count = Int(args[3]), count >= 1, modes.contains(args[4]) else {
    say(2, "usage: log-writer-harness LOG WRITER-ID COUNT single|batch|torn|tear|bigbatch|bigtorn\n")
    exit(64)
}
let path = args[1]
let writer = args[2]
let mode = args[4]
let big = mode.hasPrefix("big")
/// ~8 KB of Vietnamese text, so a big-mode record is ~8 KB (few records, many bytes).
let filler = String(repeating: "Ghi chú hiện trường: kiểm tra container hàng đông lạnh. ", count: 140)

func record(_ n: Int) -> NewRecord {
    NewRecord(
        type: "alert.received", id: "\(writer)-\(n)",
        payload: .object(
            [
                ("schema", .int(1)), ("writer", .string(writer)), ("n", .int(n)),
                ("summary", .string("Tin báo: vận chuyển ngà voi qua cửa khẩu Móng Cái, lần \(n)")),
                ("unit", .string("Cục Điều tra chống buôn lậu")),
            ] + (big ? [("notes", .string(filler))] : [])),
        actor: LogActor(officer: "harness", process: "log-writer-harness/\(getpid())", host: "test"))
}

EventLog._faultHooks.splitWrites = mode == "torn" || mode == "tear" || mode == "bigtorn"
if mode == "bigtorn" { EventLog._faultHooks.splitPauseMicroseconds = 3000 }
if mode == "tear" { EventLog._faultHooks.splitPauseMicroseconds = 60_000_000 }
EventLog._faultHooks.beforeWrite = { offset, bytes in
    if big {
        say(1, "B \(offset) \(bytes.count)\n")
        return
    }
    var line = Array("W \(offset) ".utf8)
    line.reserveCapacity(line.count + bytes.count * 2 + 1)
    Hex.append(bytes, to: &line)
    line.append(0x0A)
    say(1, String(decoding: line, as: UTF8.self))
}

do {
    let log = try EventLog.open(path: path, mode: .readWrite)
    if big {
        let written = try log.append((1...count).map(record))
        if let f = written.first, let l = written.last { say(1, "A \(f.seq) \(l.seq) \(written.count)\n") }
        exit(0)
    }
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
