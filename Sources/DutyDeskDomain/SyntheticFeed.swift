import DutyDeskJSON

/// SplitMix64: a small, fast, seeded random number generator (deterministic across
/// platforms; not for cryptography).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A number in `0..<n` (n > 0).
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    /// True with probability `percent`/100.
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    /// A random element of a non-empty array.
    public mutating func pick<T>(_ a: [T]) -> T { a[below(a.count)] }
}

/// A deterministic, pure generator of realistic campaign events for the demo drill feed,
/// tests and benchmarks. Every event it yields was proposed by `decide` against its own
/// projection (`state`), so the sequence is valid under the domain rules: alerts from every
/// source and unit, full lifecycles (acknowledge, assign, escalate, snooze, notes, close —
/// including seizures with counted and weighed quantities — reopen, merge, undo),
/// rapid reports, daily updates, verification requests (some about cases back to 2018)
/// and focal-officer nominations.
///
/// Time starts at `start` and advances by a random gap (1 … 2 × `meanGapSeconds`) per event;
/// all times are written in the campaign zone's offset.
public struct SyntheticFeed {
    public let campaign: Campaign
    /// The projection of everything yielded so far.
    public private(set) var state: CampaignState
    /// The time of the last event.
    public private(set) var now: RFC3339Timestamp
    public private(set) var seq: Int = 0
    public var rng: SeededGenerator
    public let officers: [String]
    public let meanGapSeconds: Int
    let idPrefix: String

    var received = IndexedSet()
    var active = IndexedSet()
    var closed = IndexedSet()
    var awaitingRapid = IndexedSet()
    var openVerifications = IndexedSet()
    var answeredVerifications = IndexedSet()
    var unnominated: [String]
    /// Near-duplicate alerts the feed created: duplicate id → original id.
    var duplicateOf: [String: String] = [:]
    var duplicates = IndexedSet()
    var pending: [RecordedEvent] = []
    var pendingIndex = 0
    var unitCodes: [String]

    /// - Parameters:
    ///   - seed: the same seed gives the same events.
    ///   - start: time of the first event (default: the campaign window start).
    ///   - meanGapSeconds: mean seconds between events (default 30).
    ///   - state: the projection to start from (a log's, e.g. with its desk, whose ids the
    ///     feed then mints); default empty. Its `lastSeq` numbers the feed's first event.
    public init(
        campaign: Campaign, seed: UInt64, start: RFC3339Timestamp? = nil, meanGapSeconds: Int = 30,
        officers: [String] = [
            "officer.lan", "officer.minh", "officer.hoa", "officer.tuan", "officer.thu", "officer.duc",
        ],
        state: CampaignState? = nil
    ) {
        self.campaign = campaign
        self.state = state ?? CampaignState(campaign: campaign)
        self.seq = state?.lastSeq ?? 0
        self.now = campaign.zone.local(start ?? campaign.windowStart)
        self.rng = SeededGenerator(seed: seed)
        self.officers = officers.isEmpty ? ["officer.demo"] : officers
        self.officerSet = Set(self.officers)
        self.meanGapSeconds = max(1, meanGapSeconds)
        self.idPrefix = "S\(seed % 100_000)-"
        self.unnominated = campaign.nominatingUnits.map(\.code)
        self.unitCodes = campaign.units.filter { $0.kind == .provincialDepartment }.map(\.code)
        if unitCodes.isEmpty { unitCodes = campaign.units.map(\.code) }
        // Started from a log's state (a continued drill): what the feed may act on.
        if state != nil {
            for a in self.state.alerts.values { retrack(a.id) }
            for v in self.state.verifications.values where v.timeline.allSatisfy({ officerSet.contains($0.actor) }) {
                if v.status == .open { openVerifications.insert(v.id) }
                if v.status == .answered { answeredVerifications.insert(v.id) }
            }
            unnominated.removeAll { self.state.nominations[$0] != nil }
        }
    }

    /// Why a feed stopped yielding events (`SyntheticFeed.stopReason`).
    public enum Stop: Equatable, Sendable {
        /// The feed's clock (the instant given) left `TimeRules`' window (1900-01-01 up to
        /// 2100-01-01 UTC): `decide` refuses every command there.
        case clockOutsideWindow(RFC3339Timestamp)
        /// `attempts` rounds of commands (each at a later time) were all refused by `decide`.
        case everyAttemptRefused(attempts: Int)

        /// The reason in words, in English: e.g. `the drill clock reached 2100-01-01T00:00:02+07:00,
        /// outside the accepted times (from 1900-01-01 up to 2100-01-01 (UTC))`.
        public var text: String {
            switch self {
            case .clockOutsideWindow(let t):
                return "the drill clock reached \(t), outside the accepted times (\(TimeRules.windowText))"
            case .everyAttemptRefused(let n):
                return "every simulated command of \(n) attempts was refused"
            }
        }

        /// `text` in Vietnamese.
        public var textVI: String {
            switch self {
            case .clockOutsideWindow(let t):
                return "đồng hồ diễn tập đã đến \(t), ngoài khoảng thời gian chấp nhận (\(TimeRules.windowTextVI))"
            case .everyAttemptRefused(let n):
                return "mọi lệnh mô phỏng trong \(n) lần thử đều bị từ chối"
            }
        }
    }

    /// The most rounds `nextEvent()` tries before it gives up (each round moves the clock on
    /// and tries up to nine commands); far more than a feed inside the window ever needs.
    public static let maxRounds = 64

    /// Why the feed stopped, or nil while it yields events. Once set, it stays set.
    public private(set) var stopReason: Stop?

    /// The next event (already applied to `state`), or nil when the feed stopped (see
    /// `stopReason`): its clock left `TimeRules`' window, or `maxRounds` rounds were all
    /// refused. Iterative and bounded: it never recurses, whatever `decide` answers.
    public mutating func nextEvent() -> RecordedEvent? {
        if pendingIndex < pending.count {
            let e = pending[pendingIndex]
            pendingIndex += 1
            return e
        }
        if stopReason != nil { return nil }
        pending.removeAll(keepingCapacity: true)
        pendingIndex = 0
        for _ in 0..<Self.maxRounds {
            now = now.adding(seconds: 1 + rng.below(2 * meanGapSeconds))
            if !TimeRules.isPlausible(now) {
                stopReason = .clockOutsideWindow(now)
                return nil
            }
            if emitOneRound() {
                pendingIndex = 1
                return pending[0]
            }
        }
        stopReason = .everyAttemptRefused(attempts: Self.maxRounds)
        return nil
    }

    /// Up to eight chosen commands, then a fresh alert; true when one was accepted.
    mutating func emitOneRound() -> Bool {
        for _ in 0..<8 {
            let (command, actor) = chooseCommand()
            if emit(command, actor: actor) { return true }
        }
        let actor = rng.pick(officers)
        return emit(.receiveAlert(makeAlert()), actor: actor)
    }

    /// The next event, for callers whose clock stays inside `TimeRules`' window (tests,
    /// benchmarks, fuzz seeds); a feed that stopped (see `nextEvent()`) is a programming
    /// error there and traps. The drill uses `nextEvent()`.
    public mutating func next() -> RecordedEvent {
        guard let e = nextEvent() else {
            preconditionFailure("SyntheticFeed stopped: \(stopReason?.text ?? "")")
        }
        return e
    }

    /// The next `n` events.
    public mutating func next(_ n: Int) -> [RecordedEvent] {
        var out: [RecordedEvent] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(next()) }
        return out
    }

    /// Decides and applies `p` (from `nextProposal()`, so the feed's clock is at `p.at`) as
    /// `nextEvent()` would: the events it yields, or nil when refused. For a writer that
    /// chooses first and applies only what it writes (the drill's history: a proposal past
    /// the drill's start is kept for later, never applied).
    public mutating func accept(_ p: Proposal) -> [RecordedEvent]? {
        let before = pending.count
        guard emit(p.command, actor: p.actor) else { return nil }
        let out = Array(pending[before...])
        pending.removeSubrange(before...)
        pendingIndex = min(pendingIndex, pending.count)
        return out
    }

    /// Decides and applies; returns false when refused, or when a proposed record would
    /// break `TimeRules` (it is then not applied).
    mutating func emit(_ c: Command, actor: String) -> Bool {
        var counter = seq
        let prefix = idPrefix
        let r = decide(
            c, state: state, actor: actor, now: now,
            newID: {
                counter += 1
                return prefix + String(counter)
            })
        guard case .success(let proposed) = r, !proposed.isEmpty else { return false }
        var events: [RecordedEvent] = []
        for (k, p) in proposed.enumerated() {
            let e = RecordedEvent(seq: seq + 1 + k, id: p.id, type: p.type, at: now, actor: actor, payload: p.payload)
            // `decide` may accept a derived time past the window (a verification's `due`,
            // opened + the answer time, in the last days before 2100): every reader would
            // refuse that record, so the feed treats the command as refused.
            if TimeRules.recordProblem(e) != nil { return false }
            events.append(e)
        }
        for e in events {
            seq += 1
            state.apply(e)
            pending.append(e)
            lastActor = actor
            track(e)
        }
        return true
    }

    mutating func track(_ e: RecordedEvent) {
        guard let ev = try? DomainEvent(type: e.type, payload: e.payload) else { return }
        // A request another officer touched is theirs: the feed leaves it alone.
        if !officerSet.contains(e.actor), let r = ev.subjects.requestID {
            openVerifications.remove(r)
            answeredVerifications.remove(r)
            return
        }
        switch ev {
        case .alertReceived(let p): retrack(p.alertID)
        case .alertAcknowledged(let p): retrack(p.alertID)
        case .alertAssigned(let p): retrack(p.alertID)
        case .alertEscalated(let p): retrack(p.alertID)
        case .alertClosed(let p): retrack(p.alertID)
        case .alertReopened(let p): retrack(p.alertID)
        case .alertMerged(let p): retrack(p.duplicateID)
        case .alertActionUndone(let p): retrack(p.alertID)
        case .reportSubmitted(let p): if let a = p.alertID { awaitingRapid.remove(a) }
        case .verificationOpened(let p): openVerifications.insert(p.requestID)
        case .verificationReplied(let p):
            openVerifications.remove(p.requestID)
            answeredVerifications.insert(p.requestID)
        case .verificationClosed(let p):
            openVerifications.remove(p.requestID)
            answeredVerifications.remove(p.requestID)
        case .focalOfficerNominated(let p): unnominated.removeAll { $0 == p.unit }
        default: break
        }
    }

    mutating func retrack(_ id: String) {
        guard let a = state.alerts[id] else { return }
        // Hands off an alert another officer (not the feed's) touched: the feed never acts
        // on it again (the drill's simulated colleagues leave the officer's work alone).
        if !ownedByFeed(a) {
            received.remove(id)
            active.remove(id)
            closed.remove(id)
            duplicates.remove(id)
            awaitingRapid.remove(id)
            return
        }
        if let original = duplicateOf[id] {
            // Mergeable while both are open and the original was not merged away.
            let o = state.alerts[original]
            if a.lifecycle.status != .closed, o?.lifecycle.mergedInto == nil {
                duplicates.insert(id)
            } else {
                duplicates.remove(id)
            }
        }
        received.remove(id)
        active.remove(id)
        closed.remove(id)
        switch a.lifecycle.status {
        case .received: received.insert(id)
        case .closed:
            closed.insert(id)
            if closed.count > 200 { closed.remove(closed.items[0]) }
        default: active.insert(id)
        }
        if state.seizures[id] != nil, state.rapidReports[id] == nil {
            awaitingRapid.insert(id)
        } else {
            awaitingRapid.remove(id)
        }
    }

    mutating func chooseCommand() -> (Command, String) {
        let actor = rng.pick(officers)
        // Daily update after 16:00 on a campaign day, once.
        let c = campaign.zone.civil(now)
        let day = CampaignZone.isoDay(year: c.year, month: c.month, day: c.day)
        if c.hour >= 16, now >= campaign.windowStart, now < campaign.windowEnd, state.dailyReports[day] == nil {
            return (.submitReport(kind: .daily, unit: campaign.focalUnit, day: day, reference: "BC-\(day)"), actor)
        }
        if now >= campaign.windowEnd, state.finalReport == nil, rng.chance(5) {
            return (.submitReport(kind: .final, unit: campaign.focalUnit, reference: "BC-TK-\(campaign.id)"), actor)
        }
        let r = rng.below(1000)
        switch r {
        case ..<260:
            // One alert in twenty is the same tip from another source (a candidate for merge).
            if rng.chance(5), !(active.isEmpty && received.isEmpty) {
                let original = (active.isEmpty ? received : active).random(&rng)
                if var d = state.alerts[original]?.details {
                    let newID = state.nextAlertID
                    let kind = rng.pick(AlertSourceKind.allCases.filter { $0 != d.source.kind })
                    d.source = AlertSource(kind: kind, country: kind == .memberCountry ? rng.pick(Self.countries) : nil)
                    d.sourceReference =
                        kind == .publicTip ? nil : "\(d.source.country ?? "GS")-2021-\(1000 + rng.below(9000))"
                    d.receivedAt = now.adding(seconds: -rng.below(600))
                    d.notes = "Same shipment as reported earlier?"
                    duplicateOf[newID] = original
                    return (.receiveAlert(d, alertID: newID), actor)
                }
            }
            return (.receiveAlert(makeAlert()), actor)
        case ..<460 where !received.isEmpty:
            return (.acknowledge(alertID: received.random(&rng)), actor)
        case ..<540 where !active.isEmpty:
            let id = active.random(&rng)
            let to: Assignee
            switch rng.below(3) {
            case 0: to = Assignee(kind: .unit, id: rng.pick(unitCodes))
            case 1: to = Assignee(kind: .officer, id: rng.pick(officers))
            default:
                to = Assignee(
                    kind: .partner,
                    id: campaign.partnerAgencies.isEmpty ? rng.pick(officers) : rng.pick(campaign.partnerAgencies).code)
            }
            if to.kind == .partner, campaign.partnerAgencies.isEmpty {
                return (.assign(alertID: id, to: Assignee(kind: .officer, id: to.id)), actor)
            }
            return (.assign(alertID: id, to: to), actor)
        case ..<580 where !active.isEmpty:
            return (
                .escalate(
                    alertID: active.random(&rng), to: rng.chance(70) ? .division1 : .coordinationBoard,
                    reason: rng.pick(Self.escalationReasons)), actor
            )
        case ..<640:
            let pool = !active.isEmpty ? active : received
            guard !pool.isEmpty else { return (.receiveAlert(makeAlert()), actor) }
            return (.addNote(alertID: pool.random(&rng), text: rng.pick(Self.noteTexts)), actor)
        case ..<660 where !active.isEmpty:
            return (.snooze(alertID: active.random(&rng), until: now.adding(seconds: 600 + rng.below(7200))), actor)
        case ..<820 where !active.isEmpty:
            let id = active.random(&rng)
            return (.close(alertID: id, disposition: makeDisposition(for: id)), actor)
        case ..<835 where !duplicates.isEmpty:
            let dup = duplicates.random(&rng)
            guard let survivor = duplicateOf[dup] else {
                return (.addNote(alertID: dup, text: "possible duplicate"), actor)
            }
            return (.merge(duplicate: dup, into: survivor), actor)
        case ..<845 where !closed.isEmpty:
            return (.reopen(alertID: closed.random(&rng), reason: "new information from the Coordination Board"), actor)
        case ..<855:
            return (.undo, lastActor ?? actor)
        case ..<910 where !awaitingRapid.isEmpty:
            let id = awaitingRapid.random(&rng)
            return (
                .submitReport(
                    kind: .rapid, unit: state.alerts[id]?.details.responsibleUnit, alertID: id,
                    reference: "BCN-\(id)"), actor
            )
        case ..<940:
            return (makeVerification(), actor)
        case ..<960 where !openVerifications.isEmpty:
            return (
                .replyVerification(requestID: openVerifications.random(&rng), summary: rng.pick(Self.replies)), actor
            )
        case ..<970 where !answeredVerifications.isEmpty:
            return (.closeVerification(requestID: answeredVerifications.random(&rng), outcome: "answered"), actor)
        case ..<1000 where !unnominated.isEmpty:
            let unit = rng.pick(unnominated)
            return (
                .nominateFocalOfficer(
                    unit: unit, name: rng.pick(Self.familyNames) + " " + rng.pick(Self.givenNames),
                    position: rng.pick(["Phó Đội trưởng", "Kiểm soát viên", "Đội trưởng Đội Kiểm soát"]),
                    phone: "09\(rng.below(10))\(100_0000 + rng.below(900_0000))",
                    email: nil), actor
            )
        default:
            return (.receiveAlert(makeAlert()), actor)
        }
    }

    var lastActor: String?

    // MARK: live: deciding under a shared log's lock (issue 10, item 1)

    /// The feed's officers, for `ownedByFeed`.
    let officerSet: Set<String>

    /// True when every event of `a` is by one of the feed's officers.
    func ownedByFeed(_ a: AlertRecord) -> Bool { a.timeline.allSatisfy { officerSet.contains($0.actor) } }

    /// A command the feed would issue next: its actor and the feed's time for it. It was
    /// accepted by `decide` against the feed's projection, but not applied: the drill
    /// decides it again under the log's lock (`mayApply`) and hands the stored records
    /// back with `absorb`.
    public struct Proposal: Sendable {
        public var command: Command
        public var actor: String
        public var at: RFC3339Timestamp
        public init(command: Command, actor: String, at: RFC3339Timestamp) {
            self.command = command
            self.actor = actor
            self.at = at
        }
    }

    /// The next command to propose (see `Proposal`), or nil when the feed stopped
    /// (`stopReason`). Chooses as `nextEvent()` does, without applying.
    public mutating func nextProposal() -> Proposal? {
        if stopReason != nil { return nil }
        for _ in 0..<Self.maxRounds {
            now = now.adding(seconds: 1 + rng.below(2 * meanGapSeconds))
            if !TimeRules.isPlausible(now) {
                stopReason = .clockOutsideWindow(now)
                return nil
            }
            for _ in 0..<8 {
                let (command, actor) = chooseCommand()
                if proposable(command, actor: actor) { return Proposal(command: command, actor: actor, at: now) }
            }
            let actor = rng.pick(officers)
            let command = Command.receiveAlert(makeAlert())
            if proposable(command, actor: actor) { return Proposal(command: command, actor: actor, at: now) }
        }
        stopReason = .everyAttemptRefused(attempts: Self.maxRounds)
        return nil
    }

    func proposable(_ c: Command, actor: String) -> Bool {
        var n = 0
        guard
            case .success(let events) = decide(
                c, state: state, actor: actor, now: now,
                newID: {
                    n += 1
                    return "p\(n)"
                })
        else { return false }
        return mayApply(events, to: state, at: now, actor: actor)
    }

    /// True when the feed may append `events` (decided against `state`, the log's state
    /// under its lock): every alert and request they act on was only ever touched by the
    /// feed's officers (an officer's work is left alone), and every record time is inside
    /// `TimeRules`' window.
    public func mayApply(_ events: [ProposedEvent], to state: CampaignState, at now: RFC3339Timestamp, actor: String)
        -> Bool
    {
        if events.isEmpty { return false }
        for (k, p) in events.enumerated() {
            let e = RecordedEvent(
                seq: state.lastSeq + 1 + k, id: p.id, type: p.type, at: now, actor: actor, payload: p.payload)
            if TimeRules.recordProblem(e) != nil { return false }
            if p.type == EventType.alertReceived { continue }
            for id in [p.subjects.alertID, p.subjects.otherAlertID].compactMap({ $0 }) {
                guard let a = state.alerts[id], ownedByFeed(a) else { return false }
            }
            if let r = p.subjects.requestID, let v = state.verifications[r],
                !v.timeline.allSatisfy({ officerSet.contains($0.actor) })
            {
                return false
            }
        }
        return true
    }

    /// Takes in a record of the shared log (another writer's, or the feed's own once
    /// stored), in log order: the feed's projection is then the log's.
    public mutating func absorb(_ e: RecordedEvent) {
        if e.seq > seq { seq = e.seq }
        state.apply(e)
        if officerSet.contains(e.actor) { lastActor = e.actor }
        track(e)
    }

    mutating func makeDisposition(for id: String) -> Disposition {
        let r = rng.below(100)
        if let original = duplicateOf[id], rng.chance(50) { return .duplicateOf(original) }
        if r < 35, let a = state.alerts[id] {
            let item = Self.commodities.first { $0.name == a.details.commodity } ?? rng.pick(Self.commodities)
            return .seized(
                commodity: item.name,
                species: item.species.map { [Species(scientificName: $0.0, citesAppendix: $0.1)] } ?? [],
                quantity: makeQuantity(item))
        }
        if r < 70 { return .noFinding }
        if r < 85 { return .falseAlarm }
        if let p = campaign.partnerAgencies.isEmpty ? nil : rng.pick(campaign.partnerAgencies) {
            return .referredToPartner(p.code)
        }
        return .noFinding
    }

    mutating func makeQuantity(_ item: Commodity) -> [Measure] {
        let count = item.countRange.lowerBound + rng.below(item.countRange.count)
        var q: [Measure] = []
        if let unit = item.countUnit { q.append(Measure(amount: String(count), unit: unit)) }
        let kg = item.kgPerUnit * Double(count) * (0.8 + Double(rng.below(40)) / 100)
        let tenths = Int((kg * 10).rounded())
        q.append(Measure(amount: "\(tenths / 10).\(tenths % 10)", unit: "kg"))
        return q
    }

    mutating func makeAlert() -> AlertDetails {
        let item = rng.pick(Self.commodities)
        let place = rng.pick(Self.places)
        let kind = rng.pick(AlertSourceKind.allCases)
        let source = AlertSource(kind: kind, country: kind == .memberCountry ? rng.pick(Self.countries) : nil)
        let pr = rng.below(100)
        let priority: Priority = pr < 10 ? .critical : pr < 35 ? .high : pr < 80 ? .normal : .low
        let conveyance: Conveyance
        switch place.kind {
        case .airport:
            conveyance =
                rng.chance(60)
                ? Conveyance(kind: .passengerLuggage, reference: rng.pick(Self.airlines) + String(100 + rng.below(900)))
                : rng.chance(70)
                    ? Conveyance(kind: .aircraft, reference: "AWB 618-\(1000_0000 + rng.below(9000_0000))")
                    : Conveyance(kind: .postal, reference: "EMS EE\(1000_0000 + rng.below(9000_0000))VN")
        case .port:
            conveyance =
                rng.chance(75)
                ? Conveyance(
                    kind: .cargo, reference: rng.pick(Self.containerOwners) + "U\(100_0000 + rng.below(900_0000))")
                : Conveyance(kind: .vessel, reference: rng.pick(Self.vessels))
        case .borderGate, .other:
            conveyance =
                rng.chance(70)
                ? Conveyance(
                    kind: .vehicle,
                    reference:
                        "\(rng.pick(["12C", "14C", "15C", "24H", "74C", "11H"]))-\(100 + rng.below(900)).\(10 + rng.below(90))"
                )
                : Conveyance(kind: .passengerLuggage, reference: nil)
        }
        var persons: [PersonConcerned] = []
        if conveyance.kind == .passengerLuggage {
            persons.append(
                PersonConcerned(
                    name: rng.pick(Self.familyNames) + " " + rng.pick(Self.givenNames),
                    nationality: rng.pick(["VN", "VN", "CN", "NG", "ZA", "TH"]),
                    travelDocument: "passport \(rng.pick(["C", "B", "E"]))\(100_0000 + rng.below(900_0000))"))
        }
        let unit = campaign.unit(place.unit) != nil ? place.unit : rng.pick(unitCodes)
        let received = now.adding(seconds: -rng.below(900))
        let eta: RFC3339Timestamp? = rng.chance(60) ? now.adding(seconds: 3600 + rng.below(48 * 3600)) : nil
        let reportedQty: [Measure] = rng.chance(50) ? makeQuantity(item) : []
        let subjectEN = "\(item.name) \(Self.conveyanceWords[conveyance.kind] ?? "") at \(place.name)"
        return AlertDetails(
            receivedAt: received, source: source,
            sourceReference: kind == .publicTip
                ? nil
                : "\(kind == .memberCountry ? source.country ?? "GS" : "GS")-\(2021)-\(String(1000 + rng.below(9000)))",
            priority: priority, subject: subjectEN, commodity: item.name,
            species: item.species.map { [Species(scientificName: $0.0, citesAppendix: $0.1)] } ?? [],
            quantity: reportedQty, persons: persons, conveyance: conveyance,
            location: AlertLocation(kind: place.kind, name: place.name), responsibleUnit: unit, eta: eta,
            notes: rng.chance(30) ? rng.pick(Self.noteTexts) : nil)
    }

    mutating func makeVerification() -> Command {
        if rng.chance(60) {
            let counterpart = rng.chance(40) ? "INTERPOL" : rng.pick(Self.countries)
            var caseDate: RFC3339Timestamp? = nil
            if rng.chance(40) {
                let year = 2018 + rng.below(4)
                caseDate = campaign.zone.instant(year: year, month: 1 + rng.below(12), day: 1 + rng.below(28))
            }
            return .openVerification(
                direction: .incoming, counterpart: counterpart,
                subject: "Verify \(rng.pick(Self.commodities).name) shipment consigned to a Vietnamese company",
                reference: "\(counterpart)-VR-\(1000 + rng.below(9000))", linkedAlert: nil,
                unit: rng.pick(unitCodes), caseDate: caseDate)
        }
        let linked: String? = active.isEmpty ? nil : active.random(&rng)
        return .openVerification(
            direction: .outgoing, counterpart: rng.pick(Self.countries),
            subject: "Request for consignor details of a shipment under inspection",
            reference: "TCHQ-VR-\(1000 + rng.below(9000))", linkedAlert: linked, unit: rng.pick(unitCodes))
    }

    // MARK: tables

    struct Commodity {
        let name: String
        let species: (String, String)?
        let countUnit: String?
        let countRange: Range<Int>
        let kgPerUnit: Double
    }
    static let commodities: [Commodity] = [
        Commodity(
            name: "ivory", species: ("Loxodonta africana", "I"), countUnit: "pieces", countRange: 5..<300,
            kgPerUnit: 2.5),
        Commodity(
            name: "rhino horn", species: ("Ceratotherium simum", "I"), countUnit: "pieces", countRange: 2..<60,
            kgPerUnit: 1.4),
        Commodity(
            name: "pangolin scales", species: ("Manis gigantea", "I"), countUnit: "bags", countRange: 5..<200,
            kgPerUnit: 25),
        Commodity(
            name: "tiger bone", species: ("Panthera tigris", "I"), countUnit: "pieces", countRange: 5..<80,
            kgPerUnit: 0.6),
        Commodity(
            name: "live turtles", species: ("Cuora galbinifrons", "I"), countUnit: "individuals", countRange: 10..<400,
            kgPerUnit: 0.5),
        Commodity(
            name: "agarwood", species: ("Aquilaria crassna", "II"), countUnit: nil, countRange: 20..<800, kgPerUnit: 1),
        Commodity(
            name: "rosewood", species: ("Dalbergia cochinchinensis", "II"), countUnit: "logs", countRange: 10..<300,
            kgPerUnit: 45),
        Commodity(
            name: "live birds", species: ("Psittacus erithacus", "I"), countUnit: "individuals", countRange: 5..<120,
            kgPerUnit: 0.4),
        Commodity(
            name: "shark fins", species: ("Sphyrna lewini", "II"), countUnit: nil, countRange: 50..<900, kgPerUnit: 1),
        Commodity(
            name: "bear bile", species: ("Ursus thibetanus", "I"), countUnit: "vials", countRange: 10..<500,
            kgPerUnit: 0.05),
        Commodity(
            name: "wildlife products, unidentified", species: nil, countUnit: "packages", countRange: 1..<40,
            kgPerUnit: 8),
    ]
    struct Place {
        let name: String
        let kind: LocationKind
        let unit: String
    }
    static let places: [Place] = [
        Place(name: "Sân bay quốc tế Nội Bài", kind: .airport, unit: "HQHN"),
        Place(name: "Sân bay quốc tế Tân Sơn Nhất", kind: .airport, unit: "HQHCM"),
        Place(name: "Sân bay quốc tế Đà Nẵng", kind: .airport, unit: "HQDNG"),
        Place(name: "Cảng Cát Lái", kind: .port, unit: "HQHCM"),
        Place(name: "Cảng Hải Phòng", kind: .port, unit: "HQHP"),
        Place(name: "Cảng Cái Mép", kind: .port, unit: "HQVT"),
        Place(name: "Cảng Tiên Sa", kind: .port, unit: "HQDNG"),
        Place(name: "Cửa khẩu quốc tế Móng Cái", kind: .borderGate, unit: "HQQN"),
        Place(name: "Cửa khẩu quốc tế Hữu Nghị", kind: .borderGate, unit: "HQLS"),
        Place(name: "Cửa khẩu quốc tế Lao Bảo", kind: .borderGate, unit: "HQQT"),
        Place(name: "Cửa khẩu quốc tế Cầu Treo", kind: .borderGate, unit: "HQHT"),
        Place(name: "Cửa khẩu quốc tế Mộc Bài", kind: .borderGate, unit: "HQTN"),
        Place(name: "Cửa khẩu quốc tế Lào Cai", kind: .borderGate, unit: "HQLC"),
        Place(name: "Cửa khẩu quốc tế Tịnh Biên", kind: .borderGate, unit: "HQAG"),
        Place(name: "Cửa khẩu quốc tế Bờ Y", kind: .borderGate, unit: "HQGLKT"),
        Place(name: "Cửa khẩu quốc tế Nậm Cắn", kind: .borderGate, unit: "HQNA"),
    ]
    static let countries = [
        "ZA", "NG", "MZ", "AO", "CD", "KE", "TZ", "UG", "TH", "MY", "LA", "KH", "CN", "ID", "AE", "US",
    ]
    static let airlines = ["VN", "QR", "EK", "ET", "TG", "CZ", "VJ"]
    static let containerOwners = ["MSK", "MSC", "CMA", "OOL", "HLC", "EGL"]
    static let vessels = ["MV Cape Orchid", "MV Hai An Mind", "MV Lotus Star", "MV Pacific Jade"]
    static let conveyanceWords: [ConveyanceKind: String] = [
        .cargo: "in container", .vehicle: "in a truck", .passengerLuggage: "in passenger luggage",
        .postal: "in a parcel",
        .vessel: "on a vessel", .aircraft: "in air cargo",
    ]
    static let familyNames = [
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    ]
    static let givenNames = [
        "Văn Hùng", "Thị Lan", "Minh Đức", "Thu Hà", "Quốc Tuấn", "Ngọc Ánh", "Đức Thắng", "Thị Hoa",
    ]
    static let noteTexts = [
        "Đã liên hệ Đội Kiểm soát tại cửa khẩu", "Checked the manifest; consignee unknown",
        "Soi chiếu container, nghi vấn",
        "Passenger list received from the airline", "Phối hợp với Công an cửa khẩu", "Waiting for the X-ray image",
    ]
    static let escalationReasons = [
        "Transnational network suspected", "Cần phối hợp quốc tế", "Large quantity reported",
    ]
    static let replies = [
        "Consignee is a registered trading company; no prior offences", "Đã xác minh: doanh nghiệp không tồn tại",
        "Shipment records attached; case under investigation",
    ]
}

/// A set with O(1) insert, remove and random pick (array + index map).
struct IndexedSet {
    private(set) var items: [String] = []
    private var index: [String: Int] = [:]
    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }
    mutating func insert(_ s: String) {
        guard index[s] == nil else { return }
        index[s] = items.count
        items.append(s)
    }
    mutating func remove(_ s: String) {
        guard let i = index.removeValue(forKey: s) else { return }
        let last = items.removeLast()
        if i < items.count {
            items[i] = last
            index[last] = i
        }
    }
    func random(_ rng: inout SeededGenerator) -> String { items[rng.below(items.count)] }
}
