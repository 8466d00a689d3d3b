import DutyDeskJSON

// Division 1's units view (issue 11, item 6): for each unit of the campaign, what this log
// knows of it — its desks and when each was last heard from, whether it nominated its
// focal officer (letter 4237, item 9), the rapid reports its seizures call for (item 8) and
// its open alerts. Computed from the projection on demand: O(alerts + units + desks).

/// One desk of a unit as this log knows it (`UnitSummary.desks`).
public struct UnitDesk: Sendable, Equatable {
    /// Desk code, e.g. `HQLS` or `HQLS2`.
    public var code: String
    /// The desk's name for people (`desk init --name`), when it has one.
    public var name: String?
    /// Time (`ts`, with the writing desk's offset) of the newest record of this desk that
    /// this log holds; nil for this log's own desk and for a desk known only by name.
    public var lastRecordAt: RFC3339Timestamp?
    /// True for this log's own desk.
    public var isThisDesk: Bool
}

/// A campaign unit as this log sees it (`CampaignState.unitSummaries(at:)`).
public struct UnitSummary: Sendable, Equatable {
    /// The unit: its code, Vietnamese and English names, kind.
    public var unit: CampaignUnit
    /// Its desks known to this log (the directory of desks, this log's own included), by code.
    public var desks: [UnitDesk]
    /// The newest `lastRecordAt` of its desks: when another desk of the unit was last heard
    /// from; nil when none was.
    public var lastContact: RFC3339Timestamp?
    /// True when the unit must nominate a focal officer (a provincial department, item 9).
    public var nominates: Bool
    /// Its current focal-officer nomination, nil when none was recorded.
    public var focalOfficer: FocalOfficerNomination?
    /// Rapid reports not yet submitted for seizures on alerts the unit owns, not yet late
    /// at the instant asked about (item 8).
    public var rapidReportsDue: Int
    /// The same, past their due instant.
    public var rapidReportsOverdue: Int
    /// Alerts the unit owns that are not closed.
    public var alertsOpen: Int
    /// True when this log's own desk belongs to the unit.
    public var isThisUnit: Bool
}

extension CampaignState {
    /// Every unit of the campaign in the campaign file's order, then any unit a desk of the
    /// directory names that the campaign does not list (by code; its names are its code).
    /// The rows of `unitSummaries(at:)`, cheap to count: O(units + desks).
    public var knownUnits: [CampaignUnit] {
        var units = campaign.units
        let listed = Set(units.map(\.code))
        var extra = Set(directory.values.map(\.unit))
        if let d = desk { extra.insert(d.unit) }
        for code in extra.subtracting(listed).sorted() {
            units.append(CampaignUnit(code: code, nameVI: code, nameEN: code, kind: .department))
        }
        return units
    }

    /// `knownUnits`, each with what this log
    /// knows of it (`UnitSummary`). Rapid reports are judged due or overdue at `now`; an
    /// alert's unit is its owning unit (`owningUnit(of:)`: its desk's unit). A provincial
    /// desk sees only what was routed to it, so its figures for other units are partial.
    public func unitSummaries(at now: RFC3339Timestamp) -> [UnitSummary] {
        var open: [String: Int] = [:]
        var due: [String: Int] = [:]
        var overdue: [String: Int] = [:]
        var unitOfOwner: [String: String?] = [:]
        func unitOf(_ a: AlertRecord) -> String? {
            if let u = unitOfOwner[a.ownerDesk] { return u }
            let u = owningUnit(of: a)
            unitOfOwner[a.ownerDesk] = u
            return u
        }
        let delay = campaign.deadlines.rapidReportAfterSeizureSeconds
        for a in alerts.records {
            guard let u = unitOf(a) else { continue }
            if a.status != .closed { open[u, default: 0] += 1 }
            if let at = seizures[a.id], rapidReports[a.id] == nil {
                if now > at.adding(seconds: delay) {
                    overdue[u, default: 0] += 1
                } else {
                    due[u, default: 0] += 1
                }
            }
        }
        var desksOf: [String: [UnitDesk]] = [:]
        let mine = desk?.desk
        for (code, entry) in directory {
            desksOf[entry.unit, default: []].append(
                UnitDesk(
                    code: code, name: entry.name, lastRecordAt: code == mine ? nil : lastContact[code],
                    isThisDesk: code == mine))
        }
        if let d = desk, directory[d.desk] == nil {
            desksOf[d.unit, default: []].append(
                UnitDesk(code: d.desk, name: d.name, lastRecordAt: nil, isThisDesk: true))
        }
        let units = knownUnits
        let nominating = Set(campaign.nominatingUnits.map(\.code))
        return units.map { u in
            let desks = (desksOf[u.code] ?? []).sorted { $0.code < $1.code }
            return UnitSummary(
                unit: u, desks: desks, lastContact: desks.compactMap(\.lastRecordAt).max(),
                nominates: nominating.contains(u.code), focalOfficer: nominations[u.code],
                rapidReportsDue: due[u.code] ?? 0, rapidReportsOverdue: overdue[u.code] ?? 0,
                alertsOpen: open[u.code] ?? 0, isThisUnit: desk?.unit == u.code)
        }
    }

    /// Notes that desk `code` (not this log's) wrote a record at `at` (`lastContact`).
    mutating func noteContact(_ code: String, _ at: RFC3339Timestamp) {
        if let t = lastContact[code], !(at > t) { return }
        lastContact[code] = at
    }
}

// MARK: - Snapshot (version 7)

extension CampaignState {
    /// The last contact of each other desk (count; each by desk code in byte order: code,
    /// instant). Written after the network section.
    func writeContactSection(_ w: inout SnapshotWriter) {
        w.uint(UInt64(lastContact.count))
        for code in lastContact.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            guard let t = lastContact[code] else { continue }
            w.str(code)
            w.ts(t)
        }
    }

    mutating func readContactSection(_ r: inout SnapshotReader) throws(SnapshotDecodingError) {
        for _ in 0..<(try r.count()) {
            let code = try r.str()
            guard DeskCode.isValid(code), lastContact[code] == nil else {
                throw r.error("bad or repeated desk \(code) in last contacts")
            }
            lastContact[code] = try r.ts()
        }
    }
}
