import DutyDeskJSON
import Foundation
import Testing

@testable import DutyDeskLog

#if canImport(Glibc)
    import Glibc
#endif

/// One tail reader per process (issue 16, item 5): the log's appends and the follower made
/// from it share the verified chain, so no byte is read and hashed twice.
@Suite struct SharedTailTests {
    let other = LogActor(officer: "desk2", process: "other/2", host: "desk-2")

    /// Records another process appended and the follower verified are not handed to the
    /// next append's decider again (nobody reads them twice), yet their ids are known.
    @Test func anAppendDoesNotReReadWhatTheFollowerVerified() throws {
        let dir = TempDir("tail-follow-first")
        defer { dir.cleanup() }
        let path = dir.file("c.log")
        let log = try EventLog.open(path: path)
        let follower = LogFollower(sharing: log)
        let writer = try EventLog.open(path: path)
        try writer.append([alertRecord(1, prefix: "O"), alertRecord(2, prefix: "O")])
        try writer.append(alertRecord(3, prefix: "O"))
        #expect(try follower.poll().map(\.seq) == [1, 2, 3])
        // The follower's reading grew the id index and the chain of the log itself.
        #expect(log.seq(forID: "O-3") == 3)
        #expect(log.lastSeq == 3)
        var handed: [Int] = []
        let stored = try log.append(deciding: { others in
            handed = others.map(\.seq)
            return [alertRecord(4, prefix: "M")]
        })
        #expect(handed.isEmpty, "bytes the follower verified were read again under the lock")
        #expect(stored.map(\.seq) == [4])
        // Our own record reaches the follower from memory, once.
        #expect(try follower.poll().map(\.seq) == [4])
        #expect(try follower.poll().isEmpty)
        // An id the follower saw is an idempotency key for our appends.
        #expect(try log.append(alertRecord(3, prefix: "O")) == nil)
        #expect(try LogFollower(path: path).poll().map(\.seq) == [1, 2, 3, 4])
    }

    /// The other way round: what the append read under the lock is handed to the follower
    /// without another read, together with the appended records, in seq order.
    @Test func theFollowerGetsWhatTheAppendReadFromMemory() throws {
        let dir = TempDir("tail-append-first")
        defer { dir.cleanup() }
        let path = dir.file("c.log")
        let log = try EventLog.open(path: path)
        let follower = LogFollower(sharing: log, keepRaw: true)
        let writer = try EventLog.open(path: path)
        try writer.append([alertRecord(1, prefix: "O"), alertRecord(2, prefix: "O")])
        var handed: [Int] = []
        try log.append(deciding: { others in
            handed = others.map(\.seq)
            return [alertRecord(3, prefix: "M")]
        })
        #expect(handed == [1, 2])
        // Damage record 1 on disk now: a follower that read the bytes again would stop at
        // it; one that hands on what the append verified does not look.
        let intact = readBytes(path)
        var damaged = intact
        damaged[40] ^= 0x01
        let fd = open(path, O_WRONLY)
        damaged.withUnsafeBytes { _ = pwrite(fd, $0.baseAddress, $0.count, 0) }
        close(fd)
        let got = try follower.poll()
        #expect(got.map(\.seq) == [1, 2, 3])
        #expect(got.map { $0.raw }.joined().elementsEqual(intact))
        #expect(follower.checkpoint == log.checkpoint)
    }

    /// A pinned decision sees every record after its seq, whoever read it meanwhile (the
    /// follower) and whoever wrote it (another process, or this log's own earlier append).
    @Test func aPinnedDecisionSeesEveryRecordAfterItsSeq() throws {
        let dir = TempDir("tail-pin")
        defer { dir.cleanup() }
        let path = dir.file("c.log")
        let log = try EventLog.open(path: path)
        try log.append(alertRecord(1, prefix: "M"))
        let follower = LogFollower(sharing: log)
        let writer = try EventLog.open(path: path)
        do {
            let pin = log.pin(after: 1)
            #expect(pin.isComplete)
            try writer.append(alertRecord(2, prefix: "O"))
            #expect(try follower.poll().map(\.seq) == [2])
            try log.append(alertRecord(3, prefix: "M"))
            try writer.append(alertRecord(4, prefix: "O"))
            var handed: [Int] = []
            try log.append(after: pin) { since in
                handed = since.map(\.seq)
                return [alertRecord(5, prefix: "M")]
            }
            #expect(handed == [2, 3, 4])
        }
        // Once the pin is gone, records the follower already took are let go: a pin made
        // now cannot promise them.
        let late = log.pin(after: 1)
        #expect(!late.isComplete)
        #expect(try follower.poll().map(\.seq) == [3, 4, 5])
    }

    /// While this process's own append is between write and fdatasync, the follower does
    /// not hand any of it on (nothing shows as done before it is durable).
    @Test func theFollowerNeverSeesAnAppendBeforeItIsDurable() throws {
        let dir = TempDir("tail-inflight")
        defer { dir.cleanup() }
        let path = dir.file("c.log")
        let log = try EventLog.open(path: path)
        let follower = LogFollower(sharing: log)
        var seenDuringSync: [Int]?
        var sizeDuringSync: Int64 = 0
        log._beforeSync = {
            seenDuringSync = (try? follower.poll())?.map(\.seq)
            var st = stat()
            stat(path, &st)
            sizeDuringSync = Int64(st.st_size)
        }
        try log.append([alertRecord(1, prefix: "M"), alertRecord(2, prefix: "M")])
        #expect(sizeDuringSync > 0, "the bytes were written before the sync")
        #expect(seenDuringSync == [], "the follower handed on an append that was not yet durable")
        log._beforeSync = nil
        #expect(try follower.poll().map(\.seq) == [1, 2])
    }

    /// A torn last line is "being written" to the follower (it waits) and crash damage to
    /// the next append under the lock, which quarantines it through the same tail: the
    /// follower then gets `log.recovered` and the new record, and the file verifies.
    @Test func aTornTailWaitsForTheFollowerAndIsRecoveredByTheAppend() throws {
        let dir = TempDir("tail-torn")
        defer { dir.cleanup() }
        let path = dir.file("c.log")
        _ = try makeLog(path, count: 2)
        let log = try EventLog.open(path: path)
        let follower = LogFollower(sharing: log)
        let fd = open(path, O_WRONLY | O_APPEND)
        let torn = Array(#"{"v":1,"seq":3,"ts":"2021-09"#.utf8)
        torn.withUnsafeBytes { _ = write(fd, $0.baseAddress, $0.count) }
        close(fd)
        #expect(try follower.poll().isEmpty)
        #expect(try follower.pendingBytes() == Int64(torn.count))
        try log.append(alertRecord(9, prefix: "M"))
        guard case .recovered(let info) = log.state else {
            Issue.record("not recovered: \(log.state)")
            return
        }
        #expect(info.length == torn.count)
        #expect(try follower.poll().map(\.type) == ["log.recovered", "alert.received"])
        #expect(try EventLog.verifyFile(path: path).issue == nil)
    }

    /// A bad record after good ones: the follower returns the good ones, then reports the
    /// bad one on the next poll (the records before it are not lost).
    @Test func goodRecordsBeforeABadOneAreReturnedFirst() throws {
        let dir = TempDir("tail-bad")
        defer { dir.cleanup() }
        let path = dir.file("c.log")
        var bytes = try makeLog(path, count: 3)
        let starts = lineStarts(bytes)
        let follower = try LogFollower(path: path, from: .genesis)
        // Flip a byte inside record 2's payload; record 3 follows, so it is a bad record.
        bytes[starts[1] + 60] ^= 0x01
        writeBytes(path, bytes)
        #expect(try follower.poll().map(\.seq) == [1])
        #expect(throws: LogError.self) { try follower.poll() }
    }
}
