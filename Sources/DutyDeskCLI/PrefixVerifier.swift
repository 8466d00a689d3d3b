// The background half of a warm start (issue 15, item 1; decision 0018): the part of the
// log the start took on trust is verified on a thread of its own, at the lowest priority,
// while the officer works.
import DutyDeskDomain
import DutyDeskLog
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Verifies `log.unverifiedPrefix` (`EventLog.verifyUnverifiedPrefix`) on a thread of its
/// own at nice 19, so the dashboard's thread and other processes come first. The run loop
/// reads `status` once a second: the percent for the header, then the end — verified, a
/// bad record (the dashboard turns read-only, the banner naming its seq, as at a cold
/// start) or a read failure (the same).
final class PrefixVerifier: Sendable {
    /// Where the verification is.
    enum Status: Sendable, Equatable {
        /// `done` of `total` bytes checked.
        case running(done: Int64, total: Int64)
        /// The whole prefix is good; the log is as verified as after a full open.
        case verified
        /// The first bad record found there; appends are refused from now on.
        case failed(VerifyIssue)
        /// The file could not be read (the error's text, in the officer's language).
        case unreadable(String)

        /// Whole percent while running, nil once ended.
        var percent: Int? {
            guard case .running(let done, let total) = self else { return nil }
            return total > 0 ? Int(done * 100 / total) : 0
        }
    }

    private let state: Mutex<Status>
    /// The log, used from the verifying thread only through its thread-safe members
    /// (`unverifiedPrefix`, `verifyUnverifiedPrefix`).
    nonisolated(unsafe) private let log: EventLog

    /// The language of a read failure's text.
    private let language: Language

    /// Starts verifying when the log has an unverified prefix; returns nil otherwise.
    init?(log: EventLog, language: Language) {
        guard let cp = log.unverifiedPrefix else { return nil }
        self.log = log
        self.language = language
        state = Mutex(.running(done: 0, total: cp.offset))
        let thread = Thread { [self] in self.run() }
        thread.name = "dutydesk-verify"
        thread.start()
    }

    /// The latest status. Any thread.
    var status: Status { state.withLock { $0 } }

    private func run() {
        // Linux: the nice value is per thread, and `who` 0 is the calling thread only
        // (setpriority(2), NOTES), so the dashboard's own threads keep theirs.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
        let end: Status
        do {
            if let issue = try log.verifyUnverifiedPrefix(progress: { done, total in
                state.withLock { $0 = .running(done: done, total: total) }
            }) {
                end = .failed(issue)
            } else {
                end = .verified
            }
        } catch let e as LogError {
            end = .unreadable(e.text(language))
        } catch {
            end = .unreadable("\(error)")
        }
        state.withLock { $0 = end }
    }
}
