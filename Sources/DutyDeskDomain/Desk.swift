// Desks, their ids and the drill clock (issue 10, items 1 and 2; decision 0011): the log
// belongs to a desk (`desk.configured`), which prefixes the alert and request ids it mints,
// and a drill log records its clock (`drill.started`).
import DutyDeskJSON

// MARK: - Payloads

/// `desk.configured`: the log belongs to the desk `desk` of the campaign unit `unit`.
/// The first one in a log wins (a later different one is skipped by the fold). One that
/// carries an `origin` (another desk's, copied in by sync) never configures this log's
/// desk: it enters the directory of desks (`CampaignState.directory`).
public struct DeskConfigured: Sendable, Hashable {
    /// A campaign unit code, e.g. `HQLS`.
    public var unit: String
    /// The desk code (`DeskCode.isValid`): the unit code, or e.g. `HQLS2` for a unit's second desk.
    public var desk: String
    /// The desk's name for people (payload `name`, optional), e.g. `Cửa khẩu Hữu Nghị`.
    public var name: String?
    /// The desk's Ed25519 public key, standard base64 of its 32 raw bytes (payload
    /// `public_key`, optional: absent in logs configured before desk keys, issue 11).
    public var publicKey: String?
    public init(unit: String, desk: String, name: String? = nil, publicKey: String? = nil) {
        self.unit = unit
        self.desk = desk
        self.name = name
        self.publicKey = publicKey
    }
}

/// `desk.keyed`: the log's desk, configured before desk keys, now has the Ed25519 key
/// whose public key is `publicKey` (standard base64 of its 32 raw bytes): `dutydesk desk
/// init` upgrading a log in place (issue 11). The first key of a desk wins; a later
/// different one is skipped by the fold. Carrying an `origin`, it keys that desk in the
/// directory (`CampaignState.directory`), never this log's desk.
public struct DeskKeyed: Sendable, Hashable {
    public var publicKey: String
    public init(publicKey: String) { self.publicKey = publicKey }
}

/// A desk of the campaign network as a log knows it (`CampaignState.directory`): from its
/// `desk.configured` and `desk.keyed`.
public struct DeskEntry: Sendable, Hashable {
    /// The campaign unit code, e.g. `HQLS`.
    public var unit: String
    /// The desk's name for people, when it gave one.
    public var name: String?
    /// Its Ed25519 public key (standard base64 of 32 bytes), nil before it had one.
    public var publicKey: String?
    public init(unit: String, name: String? = nil, publicKey: String? = nil) {
        self.unit = unit
        self.name = name
        self.publicKey = publicKey
    }
}

/// `drill.started`: the log is a drill whose clock read `drillAt` at the real instant
/// `realAt`; every command on the log follows it (drill instant + real time elapsed since)
/// unless given `--now`. A later one restarts the clock.
public struct DrillStarted: Sendable, Hashable {
    /// The drill instant at the start (campaign offset, e.g. `2021-09-01T07:45:00+07:00`).
    public var drillAt: RFC3339Timestamp
    /// The real instant the drill started at.
    public var realAt: RFC3339Timestamp
    public init(drillAt: RFC3339Timestamp, realAt: RFC3339Timestamp) {
        self.drillAt = drillAt
        self.realAt = realAt
    }

    /// The drill instant at the real instant `realNow`: `drillAt` + (`realNow` − `realAt`),
    /// in `drillAt`'s offset.
    public func drillInstant(atReal realNow: RFC3339Timestamp) -> RFC3339Timestamp {
        RFC3339Timestamp(
            epochNanoseconds: drillAt.epochNanoseconds + (realNow.epochNanoseconds - realAt.epochNanoseconds),
            offsetSeconds: drillAt.offsetSeconds)
    }
}

// MARK: - Desk codes

/// Desk codes: `[A-Z0-9]` and `-`, 2–16 characters (decision 0011), e.g. `HQLS`, `HQLS2`,
/// `DTCBL-P1`. They prefix the ids a desk mints, so that ids stay unique when the logs of
/// different desks meet (the network issue).
public enum DeskCode {
    /// True when `code` is 2–16 characters of `A-Z`, `0-9` and `-`.
    public static func isValid(_ code: String) -> Bool {
        let u = code.utf8
        return (2...16).contains(u.count)
            && u.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }

    /// The number of `id` when it is `prefix` followed by ASCII digits only (`HQLS-0042` with
    /// `HQLS-` → 42); nil otherwise (no sign, no spaces, nothing after the digits).
    public static func number(_ id: String, prefix: String) -> Int? {
        guard id.hasPrefix(prefix) else { return nil }
        let digits = id.utf8.dropFirst(prefix.utf8.count)
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return nil
        }
        return Int(String(decoding: digits, as: UTF8.self))
    }

    /// `prefix` and `n` zero-padded to four digits (`HQLS-` and 42 → `HQLS-0042`).
    static func format(_ prefix: String, _ n: Int) -> String { Decider.format(prefix, n) }
}

// MARK: - Ids of this log's desk

extension CampaignState {
    /// The prefix of the alert ids this log mints: `<DESK>-` with a desk, else `A-`.
    public var alertIDPrefix: String { desk.map { $0.desk + "-" } ?? "A-" }
    /// The prefix of the request ids this log mints: `<DESK>-V` with a desk, else `V-`.
    public var requestIDPrefix: String { desk.map { $0.desk + "-V" } ?? "V-" }

    /// The highest number of an alert id with `alertIDPrefix` in the log (0 before any).
    /// Ids of other desks never move it.
    public var highestAlertNumber: Int { desk == nil ? maxAlertNumber : deskAlertNumber }
    /// The highest number of a request id with `requestIDPrefix` in the log (0 before any).
    public var highestRequestNumber: Int { desk == nil ? maxVerificationNumber : deskRequestNumber }

    /// The alert id numbered `number` for this log's desk: `HQLS-0042`, or `A-0042` without a desk.
    public func alertID(number: Int) -> String { DeskCode.format(alertIDPrefix, number) }
    /// The request id numbered `number` for this log's desk: `HQLS-V0007`, or `V-0007` without a desk.
    public func requestID(number: Int) -> String { DeskCode.format(requestIDPrefix, number) }

    /// The id `decide` gives the next alert: `highestAlertNumber + 1` for this desk.
    public var nextAlertID: String { alertID(number: highestAlertNumber + 1) }
    /// The id `decide` gives the next verification request.
    public var nextRequestID: String { requestID(number: highestRequestNumber + 1) }

    /// The alert id an officer typed, resolved against the state: an id the log holds as
    /// typed stays as is; a bare number (`42`, `0042`) is this desk's alert with that number
    /// (`HQLS-0042`, or `A-0042` without a desk), so an officer can say the id on the phone.
    /// Anything else is returned unchanged (and refused by `decide` as unknown).
    public func resolveAlertID(_ typed: String) -> String {
        if alerts.index(forKey: typed) != nil { return typed }
        guard let n = DeskCode.number(typed, prefix: "") else { return typed }
        return alertID(number: n)
    }

    /// The request id an officer typed, resolved as `resolveAlertID`: `7`, `0007` or `V7`
    /// are this desk's request 7 (`HQLS-V0007`, or `V-0007` without a desk).
    public func resolveRequestID(_ typed: String) -> String {
        if verifications[typed] != nil { return typed }
        let n = DeskCode.number(typed, prefix: "") ?? DeskCode.number(typed, prefix: "V")
        guard let n else { return typed }
        return requestID(number: n)
    }

    // MARK: fold of the desk's events

    /// The campaign unit of the desk `code` (this log's own or another in the directory),
    /// nil for a desk the log does not know.
    public func unit(ofDesk code: String) -> String? { directory[code]?.unit }

    /// The campaign unit of the desk that made alert or request id `id` (`HQLS-0042`,
    /// `HQLS-V0007`, `DTCBL-P1-0003`: the desk code is what precedes the last `-`), nil when
    /// the log does not know that desk.
    public func unit(ofID id: String) -> String? {
        guard let dash = id.lastIndex(of: "-") else { return nil }
        return unit(ofDesk: String(id[..<dash]))
    }

    /// The public key (standard base64 of 32 bytes) of the desk `code`, nil when the log
    /// knows no key for it.
    public func publicKey(ofDesk code: String) -> String? { directory[code]?.publicKey }

    /// `desk.configured`. Another desk's (with an `origin`) enters the directory: the
    /// first for a desk code wins, and one whose desk is not its origin's, or names this
    /// log's own desk, is skipped. This log's own: the first wins; a later different one
    /// is skipped (the same one again changes nothing). Counts the alerts and requests
    /// already held with the desk's prefixes.
    mutating func applyDeskConfigured(_ p: DeskConfigured, origin: EventOrigin?) -> Bool {
        if let o = origin {
            guard o.desk == p.desk else {
                skip("desk.configured of desk \(p.desk) copied from desk \(o.desk)")
                return false
            }
            guard p.desk != desk?.desk else {
                skip("desk.configured of desk \(p.desk) from another log: it is this log's own desk")
                return false
            }
            if directory[p.desk] != nil { return true }
            directory[p.desk] = DeskEntry(unit: p.unit, name: p.name, publicKey: p.publicKey)
            return true
        }
        if let d = desk {
            if d.unit != p.unit || d.desk != p.desk {
                skip("desk.configured \(p.desk) for a log of desk \(d.desk)")
                return false
            }
            return true
        }
        desk = DeskConfiguration(unit: p.unit, desk: p.desk, name: p.name, publicKey: p.publicKey)
        directory[p.desk] = DeskEntry(unit: p.unit, name: p.name, publicKey: p.publicKey)
        // Seen marks key this log's own events by its code from now on (decision 0012).
        setLocalDesk(p.desk)
        let a = alertIDPrefix
        let v = requestIDPrefix
        deskAlertNumber = alerts.values.reduce(0) { max($0, DeskCode.number($1.id, prefix: a) ?? 0) }
        deskRequestNumber = verifications.keys.reduce(0) { max($0, DeskCode.number($1, prefix: v) ?? 0) }
        return true
    }

    /// `desk.keyed`: keys this log's desk (no `origin`) or the origin's desk in the
    /// directory. Skipped for a desk not configured yet, and for a desk that already has
    /// a different key (the first key wins; the same one again changes nothing).
    mutating func applyDeskKeyed(_ p: DeskKeyed, origin: EventOrigin?) -> Bool {
        guard let code = origin?.desk ?? desk?.desk, var entry = directory[code] else {
            skip("desk.keyed for a desk not configured in this log")
            return false
        }
        if origin != nil, code == desk?.desk {
            skip("desk.keyed of desk \(code) from another log: it is this log's own desk")
            return false
        }
        if let k = entry.publicKey {
            if k != p.publicKey {
                skip("desk.keyed: desk \(code) already has a key")
                return false
            }
            return true
        }
        entry.publicKey = p.publicKey
        directory[code] = entry
        if origin == nil { desk?.publicKey = p.publicKey }
        return true
    }

    /// Keeps `deskAlertNumber` for a received alert.
    mutating func countDeskAlert(_ id: String) {
        guard desk != nil, let n = DeskCode.number(id, prefix: alertIDPrefix), n > deskAlertNumber else { return }
        deskAlertNumber = n
    }

    /// Keeps `deskRequestNumber` for an opened request.
    mutating func countDeskRequest(_ id: String) {
        guard desk != nil, let n = DeskCode.number(id, prefix: requestIDPrefix), n > deskRequestNumber else { return }
        deskRequestNumber = n
    }
}

/// The desk a log belongs to (`desk.configured`, and `desk.keyed` for its key).
public struct DeskConfiguration: Sendable, Hashable {
    /// The campaign unit code, e.g. `HQLS`.
    public var unit: String
    /// The desk code, e.g. `HQLS` or `HQLS2`.
    public var desk: String
    /// The desk's name for people (e.g. `Cửa khẩu Hữu Nghị`), when given.
    public var name: String?
    /// The desk's Ed25519 public key, standard base64 of 32 bytes; nil for a desk
    /// configured before desk keys and not upgraded (`dutydesk desk init`).
    public var publicKey: String?
    public init(unit: String, desk: String, name: String? = nil, publicKey: String? = nil) {
        self.unit = unit
        self.desk = desk
        self.name = name
        self.publicKey = publicKey
    }
}

// MARK: - Typed ids in commands

extension CampaignState {
    /// `command` with every alert and request id it names resolved by `resolveAlertID` /
    /// `resolveRequestID` (bare numbers become this desk's ids). `decide` calls it first, so
    /// every command, from any writer, accepts `42` for `HQLS-0042`.
    public func resolvingIDs(in command: Command) -> Command {
        func a(_ id: String) -> String { resolveAlertID(id) }
        switch command {
        case .acknowledge(let id): return .acknowledge(alertID: a(id))
        case .assign(let id, let to): return .assign(alertID: a(id), to: to)
        case .escalate(let id, let to, let reason): return .escalate(alertID: a(id), to: to, reason: reason)
        case .selfEscalate(let id): return .selfEscalate(alertID: a(id))
        case .snooze(let id, let until): return .snooze(alertID: a(id), until: until)
        case .addNote(let id, let text): return .addNote(alertID: a(id), text: text)
        case .close(let id, let disposition, let seizedAt):
            if case .duplicateOf(let other) = disposition {
                return .close(alertID: a(id), disposition: .duplicateOf(a(other)), seizedAt: seizedAt)
            }
            return .close(alertID: a(id), disposition: disposition, seizedAt: seizedAt)
        case .reopen(let id, let reason): return .reopen(alertID: a(id), reason: reason)
        case .merge(let dup, let into): return .merge(duplicate: a(dup), into: a(into))
        case .openVerification(
            let direction, let counterpart, let subject, let reference, let linkedAlert, let unit, let caseDate,
            let openedAt, let due, let requestID):
            return .openVerification(
                direction: direction, counterpart: counterpart, subject: subject, reference: reference,
                linkedAlert: linkedAlert.map(a), unit: unit, caseDate: caseDate, openedAt: openedAt, due: due,
                requestID: requestID)
        case .replyVerification(let id, let summary):
            return .replyVerification(requestID: resolveRequestID(id), summary: summary)
        case .closeVerification(let id, let outcome):
            return .closeVerification(requestID: resolveRequestID(id), outcome: outcome)
        case .submitReport(let kind, let unit, let alertID, let day, let reference):
            return .submitReport(kind: kind, unit: unit, alertID: alertID.map(a), day: day, reference: reference)
        case .undoOn(let id): return .undoOn(alertID: a(id))
        case .changeSharing(let id, let level): return .changeSharing(alertID: a(id), level: level)
        case .answerProposal(let id, let proposal, let accept, let reason):
            return .answerProposal(alertID: a(id), proposal: proposal, accept: accept, reason: reason)
        case .withdrawProposal(let id, let proposal): return .withdrawProposal(alertID: a(id), proposal: proposal)
        case .receiveAlert, .undo, .nominateFocalOfficer, .configureDesk, .keyDesk, .startDrill, .handOver,
            .readHandover:
            return command
        }
    }
}

// MARK: - A writer's clock behind the log

/// A writer whose clock is more than a minute behind the log's last record (a wrong
/// machine clock): the log stamps the record with the last record's time (`ts` never goes
/// backwards), and the writer says so (issue 10, item 2; decision 0011).
public struct ClockBehind: Sendable, Hashable {
    /// The writer's clock.
    public var clock: RFC3339Timestamp
    /// The time of the log's last record.
    public var lastRecord: RFC3339Timestamp

    /// How far behind a clock may be before it is said: one minute.
    public static let toleranceNanoseconds: Int64 = 60_000_000_000

    /// The finding when `clock` is more than `toleranceNanoseconds` before `lastRecordNanos`.
    public static func check(clock: RFC3339Timestamp, lastRecordNanos: Int64?) -> ClockBehind? {
        guard let last = lastRecordNanos, last - clock.epochNanoseconds > toleranceNanoseconds else { return nil }
        return ClockBehind(clock: clock, lastRecord: RFC3339Timestamp(epochNanoseconds: last, offsetSeconds: 0))
    }

    /// `t` as `dd/MM/yyyy HH:mm` and the zone's name, in `zone` (`01/09/2021 08:03 ICT`).
    public static func localText(_ t: RFC3339Timestamp, zone: CampaignZone) -> String {
        let c = zone.civil(t)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(c.day))/\(two(c.month))/\(c.year) \(two(c.hour)):\(two(c.minute)) \(zone.name)"
    }

    /// Minutes behind, to the nearest minute (at least 1).
    public var minutes: Int64 {
        max(1, (lastRecord.epochNanoseconds - clock.epochNanoseconds + 30_000_000_000) / 60_000_000_000)
    }

    /// The warning in `language`, instants as `dd/MM/yyyy HH:mm` in `zone`, e.g. `the clock
    /// (01/09/2021 08:00 ICT) is 3 min behind the log's last record (01/09/2021 08:03 ICT);
    /// the record is stamped with the log's time. Check the machine's clock, or give --now.`
    public func text(_ language: Language, zone: CampaignZone) -> String {
        func local(_ t: RFC3339Timestamp) -> String { Self.localText(t, zone: zone) }
        switch language {
        case .en:
            return
                "the clock (\(local(clock))) is \(Durations.words(seconds: Int64(minutes) * 60, language: .en)) behind the log's last record (\(local(lastRecord))); the record is stamped with the log's time. Check the machine's clock, or give --now."
        case .vi:
            return
                "đồng hồ (\(local(clock))) chậm \(Durations.words(seconds: Int64(minutes) * 60, language: .vi)) so với bản ghi cuối của nhật ký (\(local(lastRecord))); bản ghi được đóng dấu theo thời gian của nhật ký. Hãy kiểm tra đồng hồ của máy, hoặc dùng --now."
        }
    }
}
