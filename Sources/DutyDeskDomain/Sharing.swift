// Sharing levels of alerts (TLP 2.0) and who may change them (issue 11, item 4). Routing of
// the records once they leave the desk is in Routing.swift.
import DutyDeskJSON

/// How far an alert may travel once it leaves the desk that received it: the Traffic Light
/// Protocol 2.0 (FIRST, 2022), as issue 11 item 4 maps it onto the campaign network of
/// letter 4237/TCHQ-ĐTCBL. Cases are declared narrowest first; `amber` is the default (an
/// `alert.received` without a `sharing` member is `amber`: old logs read unchanged).
public enum SharingLevel: String, Sendable, Hashable, CaseIterable, Comparable {
    /// `TLP:RED`: never leaves this desk (the server must not even receive its text).
    case red
    /// `TLP:AMBER+STRICT`: the owning unit and Division 1 (Phòng 1, the focal unit, item 6).
    case amberStrict = "amber+strict"
    /// `TLP:AMBER` (the default): the owning unit, Division 1 and the units it is routed to
    /// (an assignment, an escalation).
    case amber
    /// `TLP:GREEN`: every customs desk of the campaign.
    case green
    /// `TLP:CLEAR`: no restriction on disclosure.
    case clear

    /// The level of an alert that names none.
    public static let standard: SharingLevel = .amber

    /// 0 for `red` … 4 for `clear`: the wider the level, the larger.
    public var breadth: Int {
        switch self {
        case .red: 0
        case .amberStrict: 1
        case .amber: 2
        case .green: 3
        case .clear: 4
        }
    }
    /// Narrower (reaches fewer desks) first.
    public static func < (a: SharingLevel, b: SharingLevel) -> Bool { a.breadth < b.breadth }
    /// True when `self` reaches strictly fewer desks than `other` (`red` is the narrowest).
    public func isNarrower(than other: SharingLevel) -> Bool { breadth < other.breadth }
    /// The narrower of two levels.
    public static func narrower(_ a: SharingLevel, _ b: SharingLevel) -> SharingLevel { a < b ? a : b }
    /// The wider of two levels.
    public static func wider(_ a: SharingLevel, _ b: SharingLevel) -> SharingLevel { a < b ? b : a }

    /// The standard TLP 2.0 label, the same in every language: `TLP:RED`, `TLP:AMBER+STRICT`…
    public var label: String { "TLP:" + rawValue.uppercased() }

    /// Who may read the alert, as an officer reads it (the string table of the levels; the
    /// dashboard's choice form and help, `alert show`, the commands' messages).
    public func audience(_ language: Language) -> String {
        let en = language == .en
        switch self {
        case .red: return en ? "this desk only" : "chỉ bàn trực này"
        case .amberStrict: return en ? "the owning unit and Division 1" : "đơn vị chủ trì và Phòng 1"
        case .amber:
            return en
                ? "the owning unit, Division 1 and the units it is sent to"
                : "đơn vị chủ trì, Phòng 1 và đơn vị được chuyển tới"
        case .green: return en ? "every customs desk of the campaign" : "mọi bàn trực hải quan của chiến dịch"
        case .clear: return en ? "no restriction" : "không hạn chế"
        }
    }

    /// `TLP:AMBER (the owning unit, Division 1 and …)`: label and audience.
    public func text(_ language: Language) -> String { "\(label) (\(audience(language)))" }

    /// The level an officer typed: the stored name (`amber+strict`), the TLP label
    /// (`TLP:AMBER+STRICT`) or `amber-strict` / `amber_strict`, in any case, spaces around
    /// ignored; nil for anything else.
    public static func parse(_ typed: String) -> SharingLevel? {
        var s = typed.trimmingSpaces.lowercased()
        if s.hasPrefix("tlp:") { s.removeFirst(4) }
        if s == "amber-strict" || s == "amber_strict" || s == "amberstrict" { s = "amber+strict" }
        return SharingLevel(rawValue: s)
    }

    /// The stored names, narrowest first, for usage messages: `red, amber+strict, amber, green, clear`.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// `alert.sharing_changed`: the alert's sharing level is now `level` (issue 11, item 4). The
/// owning unit may set any level; any other desk only a narrower one. Two changes that did not
/// see each other: the narrower stands (`Conflict.Kind.sharing`).
public struct AlertSharingChanged: Sendable, Hashable {
    public var alertID: String
    public var level: SharingLevel
    public init(alertID: String, level: SharingLevel) {
        self.alertID = alertID
        self.level = level
    }
}

// MARK: - Owners

extension CampaignState {
    /// The campaign unit a desk belongs to: this log's unit for this log's desk code; for
    /// another desk, the campaign unit whose code is the longest prefix of the desk code
    /// (`HQLS2` → `HQLS`); nil when no unit matches (and for `""`, a log without a desk,
    /// unless it is this log).
    ///
    /// Stand-in until the directory of desks (`desk.configured` records other desks' logs
    /// carry in: `CampaignState.unit(ofDesk:)`, issue 11 item 1) is merged: switch this body
    /// to it then.
    func unitOfDesk(_ code: String) -> String? {
        if code == (desk?.desk ?? "") { return desk?.unit }
        // The directory: the unit another desk's own desk.configured names (arrived by sync).
        if let u = unit(ofDesk: code) { return u }
        // A desk not heard of yet: the campaign unit whose code is the longest prefix of its code.
        var best: String?
        for u in campaign.units where code.hasPrefix(u.code) {
            if best.map({ u.code.count > $0.count }) ?? true { best = u.code }
        }
        return best
    }

    /// The unit code of the desk that received `alert` (`AlertRecord.ownerDesk`), or nil.
    public func owningUnit(of alert: AlertRecord) -> String? { unitOfDesk(alert.ownerDesk) }

    /// True when `deskCode` (a desk code, `""` for a log without a desk) belongs to the unit
    /// owning `alert`: the desk that received it, or another desk of the same unit. Only the
    /// owning unit widens a sharing level (issue 11, item 4).
    func isOwningUnit(_ deskCode: String, of alert: AlertRecord) -> Bool {
        if deskCode == alert.ownerDesk { return true }
        guard let mine = unitOfDesk(deskCode), let owner = unitOfDesk(alert.ownerDesk) else { return false }
        return mine == owner
    }

    /// True when this log's desk may widen the sharing level of `alert`.
    public func mayWidenSharing(of alert: AlertRecord) -> Bool { isOwningUnit(desk?.desk ?? "", of: alert) }
}

// MARK: - Snapshot (issue 11, item 4)

extension SharingLevel: SnapshotCoded {
    var snapshotCode: UInt8 {
        switch self {
        case .red: 1
        case .amberStrict: 2
        case .amber: 3
        case .green: 4
        case .clear: 5
        }
    }
    init?(snapshotCode: UInt8) {
        switch snapshotCode {
        case 1: self = .red
        case 2: self = .amberStrict
        case 3: self = .amber
        case 4: self = .green
        case 5: self = .clear
        default: return nil
        }
    }
}

extension CampaignState {
    /// The alerts whose sharing level (received or current) is not `amber` or that another
    /// desk received, in id order: the snapshot's sharing section lists them.
    private var sharingEntries: [AlertRecord] {
        let local = desk?.desk ?? ""
        return alerts.records.filter {
            $0.receivedSharing != .standard || $0.sharing != .standard || $0.ownerDesk != local
        }.sorted { $0.id < $1.id }
    }

    /// The sharing section (body version 4), at the very end of a body: a count, then for
    /// each alert whose levels are not both `amber` or that another desk received (the others
    /// need no entry), its id, the received and current level codes and the owning desk.
    func writeSharingSection(_ w: inout SnapshotWriter) {
        let entries = sharingEntries
        w.uint(UInt64(entries.count))
        for a in entries {
            w.str(a.id)
            w.code(a.receivedSharing)
            w.code(a.sharing)
            w.str(a.ownerDesk)
        }
    }

    /// Reads the sharing section. Every alert without an entry is `amber` and owned by this
    /// log's desk.
    mutating func readSharingSection(_ r: inout SnapshotReader) throws(SnapshotDecodingError) {
        if let code = desk?.desk {
            for i in alerts.records.indices { alerts.records[i].setOwnerDesk(code) }
        }
        for _ in 0..<(try r.count()) {
            let id = try r.str()
            let received = try r.code(SharingLevel.self)
            let current = try r.code(SharingLevel.self)
            let owner = try r.str()
            guard let i = alerts.index(forKey: id) else { throw r.error("sharing of unknown alert \(id)") }
            alerts.records[i].setSharing(received: received, current: current, ownerDesk: owner)
        }
    }

    /// This log's desk was just recorded (`code`): the alerts it received before name it as
    /// their owning desk.
    mutating func ownLocalAlerts(_ code: String) {
        for i in alerts.records.indices where alerts.records[i].ownerDesk.isEmpty {
            alerts.records[i].setOwnerDesk(code)
        }
    }
}
