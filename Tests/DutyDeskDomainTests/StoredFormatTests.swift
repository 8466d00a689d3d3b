import DutyDeskJSON
import Foundation
import Testing

@testable import DutyDeskDomain

// Stored formats pinned (issue 16, item 2; decision 0009): the snapshot codes of every
// enum against a table written here, and the checked-in golden log and snapshot body of
// `Tests/Golden/` decoded, folded and compared byte for byte with the golden projection
// dump. Swift compares strings by canonical equivalence ("Ngà" in NFC == in NFD), so
// every text comparison here is on UTF-8 bytes.

/// The golden files (never written by a test; see Tests/Golden/README.md).
enum Golden {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden")
    static let log = "golden-strike-2021.log"
    static let body = "golden-strike-2021.snapshot-body"
    static let projection = "golden-strike-2021.projection.txt"

    static func bytes(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: dir.appendingPathComponent(name)))
    }

    /// The log's lines (bytes, without the newline) and their events, read with the JSON
    /// module: the domain does not read the log format itself (DutyDeskCLITests reads
    /// the same file through the log reader, hash chain included).
    /// The same log as written before events carried seen marks (issue 10): logs of that
    /// format must still fold as they did.
    static let beforeSeen = "golden-strike-2021.before-seen.log"

    static func records(_ file: String = log) throws -> [(line: [UInt8], event: RecordedEvent)] {
        try bytes(file).split(separator: 0x0A).map { line in
            let j = try JSON.parse(String(decoding: line, as: UTF8.self))
            guard let seq = j["seq"]?.intValue, let id = j["id"]?.stringValue, let type = j["type"]?.stringValue,
                let at = j["ts"]?.stringValue.flatMap(RFC3339Timestamp.parse),
                let actor = j["actor"]?["officer"]?.stringValue, let payload = j["payload"]
            else { throw GoldenError(description: "bad golden record: \(String(decoding: line, as: UTF8.self))") }
            // A record another desk wrote (issue 11): its origin desk and seq, as the log bridge reads them.
            let origin = j["origin"].flatMap { o -> EventOrigin? in
                guard let d = o["desk"]?.stringValue, let s = o["seq"]?.intValue else { return nil }
                return EventOrigin(desk: d, seq: s)
            }
            return (
                Array(line),
                RecordedEvent(seq: seq, id: id, type: type, at: at, actor: actor, payload: payload, origin: origin)
            )
        }
    }
}

struct GoldenError: Error, CustomStringConvertible { var description: String }

/// A text dump of every field of a projection, in a fixed order (dictionaries and sets
/// sorted), texts as their raw UTF-8. Written once into the golden projection file.
func projectionDump(_ s: CampaignState) -> String {
    var out = ""
    func line(_ t: String) { out += t + "\n" }
    func q(_ t: String?) -> String { t.map { "«\($0)»" } ?? "-" }
    func ts(_ t: RFC3339Timestamp?) -> String { t.map { "\($0)" } ?? "-" }
    func species(_ sp: [Species]) -> String {
        sp.map { "\(q($0.scientificName)) CITES \(q($0.citesAppendix))" }.joined(separator: "; ")
    }
    func measures(_ m: [Measure]) -> String { m.map { "\($0.amount) \(q($0.unit))" }.joined(separator: "; ") }
    func disposition(_ d: Disposition?) -> String {
        switch d {
        case nil: return "-"
        case .seized(let c, let sp, let m)?: return "seized \(q(c)) species [\(species(sp))] quantity [\(measures(m))]"
        case .noFinding?: return "no_finding"
        case .falseAlarm?: return "false_alarm"
        case .duplicateOf(let id)?: return "duplicate_of \(id)"
        case .referredToPartner(let p)?: return "referred_to_partner \(q(p))"
        }
    }
    func lifecycle(_ l: AlertLifecycle) -> String {
        "status \(l.status.rawValue) owner \(q(l.owner)) acknowledged \(ts(l.acknowledgedAt))"
            + " assignee \(l.assignee.map { "\($0.kind.rawValue):\(q($0.id))" } ?? "-")"
            + " escalations [\(l.escalations.map(\.rawValue).joined(separator: ","))]"
            + " snoozed_until \(ts(l.snoozedUntil)) disposition \(disposition(l.disposition))"
            + " closed \(ts(l.closedAt)) seized \(ts(l.seizedAt)) merged_into \(q(l.mergedInto))"
    }
    func refs(_ r: [EventRef]) -> String {
        r.map { "\($0.seq) \($0.type) \(q($0.actor)) \(ts($0.at))" }.joined(separator: " | ")
    }
    line("campaign \(s.campaign.id) last_seq \(s.lastSeq) applied \(s.appliedCount) unknown \(s.unknownCount)")
    line("skipped \(s.skippedCount) last_skip \(q(s.lastSkipReason))")
    line("max_alert \(s.maxAlertNumber) max_verification \(s.maxVerificationNumber)")
    line(
        "desk \(s.desk.map { "\($0.desk) unit \($0.unit)" } ?? "-") desk_alert \(s.deskAlertNumber) desk_request \(s.deskRequestNumber) drill \(s.drillClock.map { "\($0.drillAt) real \($0.realAt)" } ?? "-")"
    )
    // The desk's name and key, and the directory of desks (issue 11).
    line(
        "desk_name \(q(s.desk?.name)) desk_key \(q(s.desk?.publicKey)) directory "
            + s.directory.keys.sorted().map { code in
                let e = s.directory[code]
                return "\(code) unit \(q(e?.unit)) name \(q(e?.name)) key \(q(e?.publicKey))"
            }.joined(separator: " | "))
    // When each other desk was last heard from (issue 11, item 6).
    line(
        "last_contact "
            + s.lastContact.sorted { $0.key < $1.key }.map { "\($0.key) \(ts($0.value))" }.joined(separator: ", "))
    line("actors \(s.actors.sorted().map(q).joined(separator: " "))")
    line("counts " + AlertStatus.allCases.map { "\($0.rawValue) \(s.count(of: $0))" }.joined(separator: ", "))
    line("awaiting_acknowledgement \(s.awaitingAcknowledgement.sorted().joined(separator: " "))")
    line("open_with_eta \(s.openWithETA.sorted().joined(separator: " "))")
    line(
        "seizures " + s.seizures.sorted { $0.key < $1.key }.map { "\($0.key) \(ts($0.value))" }.joined(separator: ", "))
    for (rank, bucket) in s.alertIDsByPriority.enumerated() {
        line("priority \(rank): \(bucket.joined(separator: " "))")
    }
    for id in s.sortedAlertIDs {
        guard let a = s.alerts[id] else { continue }
        let d = a.details
        line("alert \(a.id)")
        line("  received \(ts(d.receivedAt)) source \(d.source.kind.rawValue) \(q(d.source.country))")
        line("  source_reference \(q(d.sourceReference)) priority \(d.priority.rawValue)")
        line("  sharing \(a.sharing.rawValue) received \(a.receivedSharing.rawValue) owner_desk \(q(a.ownerDesk))")
        line("  subject \(q(d.subject))")
        line("  commodity \(q(d.commodity))")
        line("  species [\(species(d.species))]")
        line("  quantity [\(measures(d.quantity))]")
        for p in d.persons {
            line("  person \(q(p.name)) nationality \(q(p.nationality)) document \(q(p.travelDocument))")
        }
        line("  conveyance \(d.conveyance.map { "\($0.kind.rawValue) \(q($0.reference))" } ?? "-")")
        line("  location \(d.location.map { "\($0.kind.rawValue) \(q($0.name))" } ?? "-")")
        line("  responsible_unit \(q(d.responsibleUnit)) eta \(ts(d.eta))")
        line("  notes \(q(d.notes))")
        line("  lifecycle \(lifecycle(a.lifecycle))")
        line("  last_lifecycle_event_hash \(a.lastLifecycleIDHash.map { String($0, radix: 16) } ?? "-")")
        line("  also_working [\(a.alsoWorking.joined(separator: " "))]")
        for c in a.conflicts { line("  conflict \(c.kind.rawValue) \(refs([c.event])) standing \(refs([c.standing]))") }
        for p in s.proposals(of: a) {
            line(
                "  proposal \(p.number) \(p.eventID) \(q(p.desk)) \(p.status.rawValue) \(refs([p.event]))"
                    + " answer \(p.answer.map { refs([$0]) } ?? "-") reason \(q(p.reason))")
        }
        for n in a.notes {
            line("  note \(n.eventID) \(q(n.actor)) \(ts(n.at)) \(q(n.text))\(n.retracted ? " retracted" : "")")
        }
        line("  duplicates [\(a.duplicates.joined(separator: " "))]")
        line("  timeline \(refs(a.timeline))")
    }
    for v in s.verifications.values.sorted(by: { $0.id < $1.id }) {
        line("request \(v.id) \(v.direction.rawValue) \(q(v.counterpart)) status \(v.status.rawValue)")
        line("  subject \(q(v.subject)) reference \(q(v.reference)) linked \(q(v.linkedAlert))")
        line("  unit \(q(v.unit)) routed_via \(q(v.routedVia)) case_date \(ts(v.caseDate))")
        line("  opened \(ts(v.openedAt)) due \(ts(v.dueAt)) answered \(ts(v.answeredAt)) \(q(v.answerSummary))")
        line("  closed \(ts(v.closedAt)) \(q(v.closeOutcome))")
        line("  timeline \(refs(v.timeline))")
        for c in v.conflicts { line("  conflict \(c.kind.rawValue) \(refs([c.event])) standing \(refs([c.standing]))") }
    }
    for n in s.nominations.values.sorted(by: { $0.unit < $1.unit }) {
        line(
            "nomination \(n.unit) \(q(n.name)) \(q(n.position)) \(q(n.phone)) \(q(n.email)) \(ts(n.nominatedAt)) \(n.eventID)"
        )
        for e in s.earlierNominations[n.unit] ?? [] {
            line(
                "  earlier \(q(e.name)) \(q(e.position)) \(q(e.phone)) \(q(e.email)) \(ts(e.nominatedAt)) \(e.eventID)")
        }
    }
    for r in s.reports {
        line(
            "report \(r.eventID) \(r.kind.rawValue) unit \(q(r.unit)) alert \(q(r.alertID)) day \(q(r.day))"
                + " reference \(q(r.reference)) \(ts(r.submittedAt)) \(q(r.actor))")
    }
    line(
        "rapid_reports "
            + s.rapidReports.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.eventID)" }.joined(separator: ", "))
    line(
        "daily_reports "
            + s.dailyReports.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.eventID)" }.joined(separator: ", "))
    line("final_report \(q(s.finalReport?.eventID))")
    for (officer, a) in s.lastActions.sorted(by: { $0.key < $1.key }) {
        line(
            "last_action \(q(officer)) \(a.eventID) \(a.type) \(a.alertID) survivor \(q(a.survivorID))"
                + " before \(lifecycle(a.before))")
    }
    for h in s.handovers {
        let c = h.content
        line(
            "handover \(h.eventID) #\(h.seq) \(ts(h.at)) \(q(h.author)) note \(q(c.note)) as_of \(c.asOfSeq)"
                + " read \(q(h.readBy)) \(ts(h.readAt))")
        line("  unacknowledged \(c.unacknowledged.joined(separator: ",")) of \(c.unacknowledgedTotal)")
        line("  acknowledged \(c.acknowledged.joined(separator: ",")) of \(c.acknowledgedTotal)")
        line("  snoozed \(c.snoozed.joined(separator: ",")) of \(c.snoozedTotal)")
        for d in c.overdue { line("  overdue \(d.id) \(q(d.title.en)) \(q(d.title.vi)) \(ts(d.due))") }
        line("  overdue_total \(c.overdueTotal)")
    }
    return out
}

/// Whether `s` holds a combining mark (text in NFD, or not normalised at all).
func hasCombiningMark(_ s: String) -> Bool { s.unicodeScalars.contains { (0x0300...0x036F).contains($0.value) } }
/// Whether `s` holds a precomposed Vietnamese letter (Latin Extended Additional, e.g. `ừ`).
func hasPrecomposedVietnamese(_ s: String) -> Bool {
    s.unicodeScalars.contains { (0x1EA0...0x1EF9).contains($0.value) }
}

@Suite struct SnapshotCodeTests {
    /// Each case's code is the one this table gives, each code names one case, every case
    /// has one, and no other number decodes (0 never does).
    func check<E: SnapshotCoded & CaseIterable & Hashable>(
        _: E.Type, _ pairs: KeyValuePairs<E, UInt8>, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let table = pairs.map { ($0.key, $0.value) }
        #expect(Set(table.map(\.0)) == Set(E.allCases), "a case without a code", sourceLocation: sourceLocation)
        #expect(Set(table.map(\.1)).count == table.count, "two cases with one code", sourceLocation: sourceLocation)
        for (c, code) in table {
            #expect(c.snapshotCode == code, "\(c)", sourceLocation: sourceLocation)
            #expect(E(snapshotCode: code) == c, "\(code)", sourceLocation: sourceLocation)
        }
        for code in 0...255 where !table.contains(where: { $0.1 == code }) {
            #expect(E(snapshotCode: UInt8(code)) == nil, "\(code)", sourceLocation: sourceLocation)
        }
    }

    @Test func everyStoredEnumHasTheCodeOfTheTable() {
        check(
            AlertStatus.self,
            [
                .received: 1, .acknowledged: 2, .assigned: 3, .escalated: 4, .snoozed: 5,
                .closed: 6,
            ])
        check(Priority.self, [.critical: 1, .high: 2, .normal: 3, .low: 4])
        check(
            AlertSourceKind.self,
            [
                .coordinationBoard: 1, .memberCountry: 2, .police: 3, .borderGuard: 4,
                .marketManagement: 5, .customsIntelligence: 6, .publicTip: 7,
            ])
        check(
            ConveyanceKind.self,
            [
                .cargo: 1, .vehicle: 2, .passengerLuggage: 3, .postal: 4, .vessel: 5,
                .aircraft: 6,
            ])
        check(LocationKind.self, [.borderGate: 1, .port: 2, .airport: 3, .other: 4])
        check(AssigneeKind.self, [.unit: 1, .officer: 2, .partner: 3])
        check(EscalationTarget.self, [.division1: 1, .coordinationBoard: 2])
        check(VerificationDirection.self, [.incoming: 1, .outgoing: 2])
        check(VerificationStatus.self, [.open: 1, .answered: 2, .closed: 3])
        check(ReportKind.self, [.rapid: 1, .daily: 2, .final: 3])
        check(SharingLevel.self, [.red: 1, .amberStrict: 2, .amber: 3, .green: 4, .clear: 5])
        check(
            Conflict.Kind.self,
            [
                .alsoWorking: 1, .afterClose: 2, .assignment: 3, .snooze: 4, .undoOutdated: 5, .secondAnswer: 6,
                .alreadyReopened: 7, .sharing: 8, .proposalAnswered: 9,
            ])
        check(
            DispositionKind.self,
            [
                .seized: 1, .noFinding: 2, .falseAlarm: 3, .duplicateOf: 4,
                .referredToPartner: 5,
            ])
    }

    /// Codes are what the body holds, not positions: an alert's priority and status are
    /// found at the bytes the table says.
    @Test func theBodyHoldsTheCodeNotThePosition() throws {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails(.critical)))
        let body = h.state.snapshotBody()
        let state = try CampaignState(snapshotBody: body, campaign: testCampaign)
        #expect(state == h.state)
        // version 10, and the alert's priority written as 1 (critical), never 0.
        #expect(body.first == 10)
        var w = SnapshotWriter()
        w.code(Priority.critical)
        w.code(AlertStatus.received)
        #expect(w.out == [1, 1])
    }

    @Test func aBodyOfAnotherVersionIsRefused() throws {
        var h = Harness()
        h.ok(.receiveAlert(sampleDetails(.high)))
        var body = h.state.snapshotBody()
        #expect(body.first == UInt8(CampaignState.snapshotFormatVersion))
        for old: UInt8 in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11] {
            body[0] = old
            do {
                _ = try CampaignState(snapshotBody: body, campaign: testCampaign)
                Issue.record("a body of version \(old) was read")
            } catch {
                #expect(error.reason == "format version \(old), expected 10")
            }
        }
    }
}

@Suite struct GoldenFormatTests {
    /// Each record's payload decodes, and encoding the typed event again gives the very
    /// bytes stored: the payload format of every type is pinned both ways.
    @Test func everyGoldenPayloadDecodesAndEncodesToTheStoredBytes() throws {
        let records = try Golden.records()
        #expect(records.count > 40)
        #expect(Set(records.map(\.event.type)).isSuperset(of: EventType.all))
        var unknown = 0
        for (line, e) in records {
            let event = try DomainEvent(e)
            if case .unknown = event {
                unknown += 1
                continue
            }
            // With the seen mark decide writes last (decision 0012), when the record has one.
            let payload = ProposedEvent(event, id: e.id, seen: SeenMark(payload: e.payload)).payload
            let encoded = Array(("\"payload\":" + payload.compactString + ",\"prev\":").utf8)
            // A record another desk wrote has its origin between payload and prev (issue 11).
            let copied = Array(("\"payload\":" + payload.compactString + ",\"origin\":").utf8)
            #expect(
                contains(line, encoded) || contains(line, copied),
                "seq \(e.seq) \(e.type): the encoder no longer writes the stored payload")
        }
        #expect(unknown == 1)
    }

    /// The golden log holds every member docs/events.md lists for each type (and no
    /// other), every member of the nested shapes, and every disposition kind.
    @Test func theGoldenLogHoldsEveryPayloadMember() throws {
        let records = try Golden.records()
        var seen: [String: Set<String>] = [:]
        var nested: [String: Set<String>] = [:]
        var dispositions = Set<String>()
        func members(_ j: JSON?) -> [String] { j?.objectValue?.map(\.0) ?? [] }
        func collectDisposition(_ d: JSON?) {
            guard let d else { return }
            nested["disposition", default: []].formUnion(members(d))
            if let k = d["kind"]?.stringValue { dispositions.insert(k) }
            for s in d["species"]?.arrayValue ?? [] { nested["species", default: []].formUnion(members(s)) }
            for m in d["quantity"]?.arrayValue ?? [] { nested["measure", default: []].formUnion(members(m)) }
        }
        for (_, e) in records where EventType.all.contains(e.type) {
            seen[e.type, default: []].formUnion(members(e.payload))
            let p = e.payload
            for s in p["species"]?.arrayValue ?? [] { nested["species", default: []].formUnion(members(s)) }
            for m in p["quantity"]?.arrayValue ?? [] { nested["measure", default: []].formUnion(members(m)) }
            for x in p["persons"]?.arrayValue ?? [] { nested["persons", default: []].formUnion(members(x)) }
            for k in ["source", "conveyance", "location", "assignee"] {
                if let o = p[k] { nested[k, default: []].formUnion(members(o)) }
            }
            collectDisposition(p["disposition"])
            if let r = p["restored"] {
                nested["lifecycle", default: []].formUnion(members(r))
                collectDisposition(r["disposition"])
                if let a = r["assignee"] { nested["assignee", default: []].formUnion(members(a)) }
            }
        }
        let documented = try documentedMembers()
        #expect(Set(documented.keys) == Set(EventType.all))
        // `seen` is in every event on an alert or a request but the creating ones (docs/events.md,
        // general rules; decision 0012).
        let marked = Set(
            EventType.all.filter { $0.hasPrefix("alert.") || $0.hasPrefix("verification.") }
        ).subtracting([EventType.alertReceived, EventType.verificationOpened])
        for type in EventType.all {
            let general: Set<String> = marked.contains(type) ? ["schema", "seen"] : ["schema"]
            #expect(seen[type] == documented[type].map { $0.union(general) }, "\(type)")
        }
        #expect(nested["source"] == ["kind", "country"])
        #expect(nested["species"] == ["scientific_name", "cites_appendix"])
        #expect(nested["measure"] == ["amount", "unit"])
        #expect(nested["persons"] == ["name", "nationality", "travel_document"])
        #expect(nested["conveyance"] == ["kind", "reference"])
        #expect(nested["location"] == ["kind", "name"])
        #expect(nested["assignee"] == ["kind", "id"])
        #expect(nested["disposition"] == ["kind", "commodity", "species", "quantity", "alert_id", "partner"])
        #expect(
            nested["lifecycle"]
                == [
                    "status", "owner", "acknowledged_at", "assignee", "escalations", "snoozed_until", "disposition",
                    "closed_at", "seized_at", "merged_into",
                ])
        #expect(dispositions == Set(DispositionKind.allCases.map(\.rawValue)))
    }

    /// The members docs/events.md lists per event type (first column of each type's table).
    func documentedMembers() throws -> [String: Set<String>] {
        let doc = Golden.dir.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/events.md")
        let text = try String(contentsOf: doc, encoding: .utf8)
        var out: [String: Set<String>] = [:]
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                let name = String(line.dropFirst(3))
                current = EventType.all.contains(name) ? name : nil
                continue
            }
            guard let current, line.hasPrefix("| `") else { continue }
            let cell = line.dropFirst(3).prefix { $0 != "`" }
            out[current, default: []].insert(String(cell))
        }
        return out
    }

    /// Texts keep their exact bytes: NFC stays NFC, NFD stays NFD, from the log through the
    /// fold and through the snapshot body.
    @Test func vietnameseTextKeepsItsNormalisationForm() throws {
        let records = try Golden.records()
        let state = CampaignState.fold(records.map(\.event), campaign: testCampaign)
        let fromBody = try CampaignState(snapshotBody: try Golden.bytes(Golden.body), campaign: testCampaign)
        for s in [state, fromBody] {
            let nfc = try #require(s.alerts["A-0001"]?.details.subject)
            #expect(hasPrecomposedVietnamese(nfc) && !hasCombiningMark(nfc))
            let nfd = try #require(s.alerts["A-0002"]?.details.subject)
            #expect(hasCombiningMark(nfd) && !hasPrecomposedVietnamese(nfd))
            #expect(Array(nfd.utf8) != Array(nfd.precomposedStringWithCanonicalMapping.utf8))
            #expect(nfd == nfd.precomposedStringWithCanonicalMapping, "Swift's == ignores the form: compare bytes")
            let note = try #require(s.alerts["A-0001"]?.notes.first?.text)
            #expect(hasCombiningMark(note))
            #expect(hasCombiningMark(s.nominations["HQHCM"]?.name ?? ""))
            #expect(hasPrecomposedVietnamese(s.nominations["HQHN"]?.name ?? ""))
        }
    }

    /// The golden log folds to the golden projection, and writes the golden snapshot body
    /// byte for byte; the golden body reads back to the same projection.
    /// A log written before seen marks (the same commands as the golden log) folds to the
    /// same projection: old records count as having seen everything before them.
    /// (The golden log's records after those, issue 11's sharing levels, came later: the
    /// old log folds as the golden log's first records do.)
    @Test func aLogWithoutSeenMarksFoldsToTheSameProjection() throws {
        let old = try Golden.records(Golden.beforeSeen)
        #expect(old.allSatisfy { SeenMark(payload: $0.event.payload) == nil })
        let state = CampaignState.fold(old.map(\.event), campaign: testCampaign)
        let golden = try Golden.records().prefix(old.count)
        #expect(golden.allSatisfy { !$0.event.type.contains("sharing") && $0.event.payload["sharing"] == nil })
        let expected = Array(
            projectionDump(CampaignState.fold(golden.map(\.event), campaign: testCampaign)).utf8)
        let dump = Array(projectionDump(state).utf8)
        #expect(dump == expected, "\(Golden.beforeSeen) folds differently\n\(diff(dump, expected))")
    }

    @Test func theGoldenLogAndBodyGiveTheGoldenProjection() throws {
        let records = try Golden.records()
        let state = CampaignState.fold(records.map(\.event), campaign: testCampaign)
        let expected = try Golden.bytes(Golden.projection)
        let dump = Array(projectionDump(state).utf8)
        #expect(
            dump == expected, "the fold of the golden log differs from \(Golden.projection)\n\(diff(dump, expected))")
        let body = try Golden.bytes(Golden.body)
        #expect(state.snapshotBody() == body, "the snapshot writer no longer writes \(Golden.body)")
        let read = try CampaignState(snapshotBody: body, campaign: testCampaign)
        let readDump = Array(projectionDump(read).utf8)
        #expect(
            readDump == expected, "\(Golden.body) no longer reads as \(Golden.projection)\n\(diff(readDump, expected))")
        #expect(read == state)
        // Spot checks written out here, in case the dump and the code drift together.
        #expect(state.lastSeq == records.count)
        #expect(state.unknownCount == 1 && state.skippedCount == 0)
        #expect(state.alerts["A-0001"]?.lifecycle.status == .closed)
        #expect(state.alerts["A-0001"]?.details.priority == .critical)
        #expect(state.alerts["A-0003"]?.lifecycle.mergedInto == "A-0002")
        #expect(state.alerts["A-0002"]?.duplicates == ["A-0003"])
        #expect(state.alerts["A-0004"]?.lifecycle.status == .acknowledged)
        #expect(state.alerts["A-0005"]?.lifecycle.status == .received)
        #expect(state.alerts["A-0006"]?.notes.first?.retracted == true)
        #expect(state.alerts["A-0009"]?.lifecycle.status == .received)
        #expect(state.verifications["V-0001"]?.status == .closed)
        #expect(state.verifications["V-0002"]?.routedVia == "DTCBL-P1")
        #expect(state.verifications["V-0004"]?.status == .answered)
        #expect(state.rapidReports["A-0001"] != nil && state.dailyReports["2021-09-01"] != nil)
        #expect(state.finalReport != nil)
        #expect(state.alerts["HQHN-0002"]?.receivedSharing == .amberStrict)
        #expect(state.alerts["HQHN-0002"]?.sharing == .red)
        // Proposals (issue 11, item 5): HQLS's two, the first declined, the second withdrawn.
        let hn1 = try #require(state.alerts["HQHN-0001"])
        #expect(state.proposals(of: hn1).map(\.status) == [.declined, .withdrawn])
        #expect(hn1.lifecycle.status == .received)
    }

    /// Every event of the golden log says what it changed (`checkChanges`, StateChangeTests.swift).
    @Test func theGoldenLogsChangesNameWhatMoved() throws {
        let events = try Golden.records().map(\.event)
        let changes = checkChanges(events, now: ts("2021-09-01T12:00:00+07:00"))
        #expect(changes.filter { $0.outcome == .unknownType }.count == 1)
        #expect(
            changes.compactMap(\.createdAlertID) == (1...9).map { alertID(number: $0) } + ["HQHN-0001", "HQHN-0002"])
    }

    /// Writes the golden snapshot body and projection dump of the golden log into
    /// `$DUTYDESK_GOLDEN_OUT` (only when set; never into Tests/Golden itself).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["DUTYDESK_GOLDEN_OUT"] != nil))
    func goldenGenerator() throws {
        let out = URL(fileURLWithPath: ProcessInfo.processInfo.environment["DUTYDESK_GOLDEN_OUT"] ?? "/nonexistent")
        let state = CampaignState.fold(try Golden.records().map(\.event), campaign: testCampaign)
        try Data(state.snapshotBody()).write(to: out.appendingPathComponent(Golden.body))
        try Data(projectionDump(state).utf8).write(to: out.appendingPathComponent(Golden.projection))
    }
}

func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard needle.count <= haystack.count else { return false }
    for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
        if Array(haystack[i..<(i + needle.count)]) == needle { return true }
    }
    return false
}

/// The first line where two dumps differ, for the failure message.
func diff(_ a: [UInt8], _ b: [UInt8]) -> String {
    let la = a.split(separator: 0x0A, omittingEmptySubsequences: false)
    let lb = b.split(separator: 0x0A, omittingEmptySubsequences: false)
    for i in 0..<max(la.count, lb.count) {
        let x = i < la.count ? Array(la[i]) : []
        let y = i < lb.count ? Array(lb[i]) : []
        if x != y {
            return
                "line \(i + 1):\n  now:    \(String(decoding: x, as: UTF8.self))\n  golden: \(String(decoding: y, as: UTF8.self))"
        }
    }
    return "same lines"
}
