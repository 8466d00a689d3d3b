// `dutydesk alert show ID [--json]` and `dutydesk alert list [filters] [--json]`: read-only
// views of the alerts for officers and scripts (issue 10, item 3).
import ArgumentParser
import DutyDeskConfig
import DutyDeskDomain
import DutyDeskJSON
import DutyDeskLog
import TerminalKit

#if canImport(Glibc)
    import Glibc
#endif

/// The JSON Lines shape, documented in docs/events.md ("Alerts as JSON").
let alertJSONDiscussion = """
    --json prints one JSON object per alert, one a line (JSON Lines): id, status (at \
    now: snoozed while snoozed), priority, sharing (the TLP level), owner_desk, \
    subject, received_at, source, unit, owner, \
    assignee ({kind,id} or null), escalations, snoozed_until, disposition (as in the \
    alert.closed payload, or null), merged_into, duplicates, also_working, conflicts, \
    and timeline (each event: seq, time, actor, type and values, the stored payload \
    without schema). Persons concerned (personal data) are left out unless \
    --include-personal-data. Shape: docs/events.md, "Alerts as JSON".
    """

/// What the read commands share: the log opened for reading as reports do, the clock, the
/// records of the alerts printed, and the printers.
enum AlertReading {
    /// The log's state, opened read-only (`LogBridge.loadForReading`: nothing is written,
    /// no lock is taken for long), with warnings on standard error for a damaged log or a
    /// record whose time is out of range (what follows or that record is not shown).
    /// - Throws: `CLIFailure` 66 when the log is missing, 74 on read errors.
    static func open(_ options: CampaignOptions) throws(CLIFailure) -> (
        log: EventLog, state: CampaignState, campaign: Campaign, path: String
    ) {
        let campaign = try options.loadCampaign()
        let path = options.logPath(for: campaign)
        let (log, state, timeProblem) = try LogBridge.loadForReading(path: path, campaign: campaign)
        if case .badRecord(let issue) = LogDamage(log.state) {
            printWarning(
                "\(path): bad record at seq \(issue.seq) (\(issue.reason)); only seq 1…\(issue.seq - 1) are shown. Run `dutydesk verify --log \(path)`."
            )
        }
        if let t = timeProblem {
            printWarning(
                "\(path): seq \(t.seq): time out of range: \(t.reason); that record is left out. Run `dutydesk verify --log \(path)`."
            )
        }
        return (log, state, campaign, path)
    }

    /// The instant the display status is computed at: the log's one clock — `--now`, else
    /// its drill clock, else real time (decision 0011) — as the dashboard takes it, so that
    /// `show`/`list` and the detail view agree on what is snoozed. The one place the read
    /// commands take the time.
    /// - Throws: `CLIFailure.usage` (64) naming `--now`.
    static func now(_ options: CampaignOptions, _ campaign: Campaign, _ state: CampaignState) throws(CLIFailure)
        -> RFC3339Timestamp
    {
        try options.clock(for: campaign, state: state).now()
    }

    /// The stored records whose seq is in `seqs`, read in one pass over the log from the
    /// lowest of them up to `lastSeq` (records appended since the state was read are not
    /// needed and not read).
    /// - Throws: `CLIFailure` for a read error.
    static func records(_ log: EventLog, seqs: Set<Int>, upTo lastSeq: Int) throws(CLIFailure) -> [Int: RecordedEvent] {
        guard let first = seqs.min() else { return [:] }
        struct Done: Error {}
        var out: [Int: RecordedEvent] = [:]
        out.reserveCapacity(seqs.count)
        do {
            try log.replay(fromSeq: first) { r in
                if r.seq > lastSeq { throw Done() }
                if seqs.contains(r.seq) { out[r.seq] = LogBridge.recorded(r) }
            }
        } catch is Done {} catch let e as LogError { throw .log(e) } catch { throw .software("\(log.path): \(error)") }
        return out
    }

    /// `alerts` as JSON Lines (`AlertExport.json`), their records read in one pass; `state`
    /// (the one they come from) gives their proposals.
    static func jsonLines(
        _ alerts: [AlertRecord], records: [Int: RecordedEvent], now: RFC3339Timestamp, zone: CampaignZone,
        includePersonalData: Bool, state: CampaignState
    ) -> [UInt8] {
        var out: [UInt8] = []
        for a in alerts {
            AlertExport.json(
                a, records: records, now: now, zone: zone, includePersonalData: includePersonalData,
                proposals: state.proposals(of: a)
            )
            .write(to: &out)
            out.append(0x0A)
        }
        return out
    }

    /// Writes JSON Lines to standard output: exactly as built to a file or a pipe; with
    /// every DEL, C1 and bidi character as its marker when standard output is a terminal
    /// (the JSON writer already escapes C0 controls), as `dutydesk events` does.
    /// - Throws: `CLIFailure` 74 when standard output cannot be written.
    static func printJSON(_ bytes: [UInt8]) throws(CLIFailure) {
        var out = RawOut(fd: 1)
        if isatty(1) == 1 {
            for line in bytes.split(separator: 0x0A) {
                out.add(Sanitizer.sanitize(String(decoding: line, as: UTF8.self)) + "\n")
            }
        } else {
            out.add(bytes)
        }
        try out.finish()
    }

    /// The readable block of `alert show`: the alert's fields (label, value), its notes and
    /// its timeline, in the officer's language; untrusted text is made safe by the printer.
    static func showText(
        _ a: AlertRecord, campaign: Campaign, now: RFC3339Timestamp, texts t: AlertTexts, includePersonalData: Bool,
        proposals: [AlertProposal] = []
    ) -> String {
        let d = a.details
        let l = a.lifecycle
        // Vietnamese as officers write it (issue 14, item 1): `01/09/2021 07:40`, `12,5 kg`;
        // English keeps RFC 3339 and the stored decimals, which scripts read.
        let vi = t.language == .vi
        func time(_ x: RFC3339Timestamp) -> String {
            vi ? VietnameseDate.format(x, zone: campaign.zone) : campaign.zone.local(x).description
        }
        func measure(_ m: Measure) -> String { vi ? ReportTexts(.vi).measure(m) : m.text }
        func list(_ xs: [String]) -> String? { xs.isEmpty ? nil : xs.joined(separator: ", ") }
        var disposition: String?
        if let dp = l.disposition {
            switch dp {
            case .seized(let commodity, let species, let quantity):
                disposition =
                    t.disposition(.seized) + ": " + commodity
                    + (quantity.isEmpty ? "" : ", " + quantity.map(measure).joined(separator: " + "))
                    + (species.isEmpty ? "" : " (" + species.map(\.scientificName).joined(separator: ", ") + ")")
            case .duplicateOf(let other): disposition = t.disposition(.duplicateOf) + ": " + other
            case .referredToPartner(let p): disposition = t.disposition(.referredToPartner) + ": " + p
            case .noFinding, .falseAlarm: disposition = t.disposition(dp.kind)
            }
        }
        let pairs: [(String, String?)] = [
            (t.id, a.id),
            (t.statusLabel, t.status(a.displayStatus(at: now))),
            (t.priorityLabel, t.priority(d.priority)),
            (t.sharing, t.sharingLevel(a.sharing)),
            (t.ownerDesk, a.ownerDesk.isEmpty ? nil : a.ownerDesk),
            (t.subject, d.subject),
            (t.received, time(d.receivedAt)),
            (
                t.source,
                t.sourceKind(d.source.kind) + (d.source.country.map { " " + $0 } ?? "")
                    + (d.sourceReference.map { " · " + $0 } ?? "")
            ),
            (t.commodity, d.commodity),
            (
                t.species,
                list(d.species.map { $0.scientificName + ($0.citesAppendix.map { " (CITES \($0))" } ?? "") })
            ),
            (t.quantity, list(d.quantity.map(measure))),
            (
                t.persons,
                includePersonalData
                    ? list(
                        d.persons.map { p in
                            [p.name, p.nationality, p.travelDocument].compactMap { $0 }.joined(separator: " · ")
                        }) : nil
            ),
            (t.location, d.location.map { $0.name + " (" + t.locationKind($0.kind) + ")" }),
            (t.unit, d.responsibleUnit),
            (t.eta, d.eta.map(time)),
            (t.owner, l.owner.map { o in o + (l.acknowledgedAt.map { " · " + time($0) } ?? "") }),
            (t.assignee, l.assignee.map { t.assigneeKind($0.kind) + " " + $0.id }),
            (t.escalations, list(l.escalations.map(t.target))),
            (t.escalationReason, a.escalationReason),
            (t.snoozedUntil, a.isSnoozed(at: now) ? l.snoozedUntil.map(time) : nil),
            (t.dispositionLabel, disposition),
            (t.mergedInto, l.mergedInto),
            (t.duplicates, list(a.duplicates)),
            (t.alsoWorking, list(a.alsoWorking)),
            (t.sourceNotes, d.notes),
        ]
        let shown = pairs.compactMap { p in p.1.map { (p.0, Sanitizer.sanitize($0)) } }
        let width = shown.map { TextWidth.of($0.0) }.max() ?? 0
        var lines = shown.map { TextWidth.fit($0.0, columns: width) + "  " + $0.1 }
        if !a.conflicts.isEmpty {
            lines.append("")
            lines.append(t.conflicts)
            for c in a.conflicts { lines.append("  " + Sanitizer.sanitize(t.conflictLine(c))) }
        }
        if !proposals.isEmpty {
            lines.append("")
            lines.append(t.proposals)
            for p in proposals { lines.append("  " + Sanitizer.sanitize(t.proposalLine(p, zone: campaign.zone))) }
        }
        lines.append("")
        lines.append(t.notes)
        if a.notes.isEmpty { lines.append("  " + t.noNotes) }
        for n in a.notes {
            lines.append(
                "  \(time(n.at)) \(Sanitizer.sanitize(n.actor)): \(Sanitizer.sanitize(n.text))"
                    + (n.retracted ? t.retracted : ""))
        }
        lines.append("")
        lines.append(t.timeline)
        // The events the fold took as a conflict are marked, as in the dashboard's timeline.
        let conflicted = Set(a.conflicts.map(\.event.seq))
        let proposed = Set(proposals.map(\.event.seq))
        for (i, e) in a.timeline.enumerated() {
            let mark =
                (proposed.contains(e.seq) ? t.proposalMark : "") + (conflicted.contains(e.seq) ? t.conflictMark : "")
            if case .selfEscalated(let to, let n)? = a.timelineAction(i) {
                lines.append("  \(time(e.at)) #\(e.seq) \(t.selfEscalated(to, n)) · \(t.systemActor)\(mark)")
                continue
            }
            lines.append(
                "  \(time(e.at)) #\(e.seq) \(t.eventName(e.type)) · \(Sanitizer.sanitize(e.actor))\(mark)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The table of `alert list`: id, priority, status at `now`, owner, responsible unit and
    /// subject, one alert a line under a heading, in the officer's language; columns padded
    /// by display width (Vietnamese marks, wide characters), the subject last and whole.
    static func listText(_ alerts: [AlertRecord], now: RFC3339Timestamp, texts t: AlertTexts, filtered: Bool)
        -> String
    {
        guard !alerts.isEmpty else { return t.noAlerts(filtered) + "\n" }
        let heading = [t.id, t.priorityLabel, t.statusLabel, t.owner, t.unitShort, t.subject]
        var rows: [[String]] = [heading]
        for a in alerts {
            rows.append(
                [
                    a.id, t.priority(a.priority), t.status(a.displayStatus(at: now)), a.lifecycle.owner ?? "—",
                    a.details.responsibleUnit ?? "—", a.details.subject,
                ].map(Sanitizer.sanitize))
        }
        // Owner and unit are capped so one long id does not push every subject off the screen.
        let caps = [Int.max, Int.max, Int.max, 24, 12]
        var widths = [Int](repeating: 0, count: 5)
        for r in rows { for i in 0..<5 { widths[i] = min(caps[i], max(widths[i], TextWidth.of(r[i]))) } }
        var out = ""
        for r in rows {
            out += (0..<5).map { TextWidth.fit(r[$0], columns: widths[$0]) }.joined(separator: "  ") + "  " + r[5]
            out += "\n"
        }
        return out
    }
}

/// `dutydesk alert show ID [--json] [--include-personal-data]`.
public struct AlertShowCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one alert: its fields, notes, conflicts and timeline.",
        discussion: """
            Read-only: the log is opened for reading, as reports do; nothing is written. \
            Without --json a readable block, in Vietnamese when LC_ALL or LANG starts with \
            vi; control characters in the text are shown as visible markers.
            \(alertJSONDiscussion)

            Examples:
              dutydesk alert show A-0042
              dutydesk alert show A-0042 --json | jq .timeline

            Exit codes: 0 shown, 64 bad option, 65 no such alert, 66 no log, 74 read or \
            output error.
            """)
    @Argument(help: ArgumentHelp("The alert.", valueName: "id")) public var alertID: String
    @Flag(name: .long, help: "One JSON object (JSON Lines) instead of the readable block.") public var json = false
    @Flag(name: .customLong("include-personal-data"), help: "Include persons concerned (personal data).") public
        var includePersonalData = false
    @OptionGroup public var campaignOptions: CampaignOptions
    public init() {}

    public func run() throws {
        let (log, state, campaign, _) = try AlertReading.open(campaignOptions)
        // A bare number names this desk's alert (`42` → `HQLS-0042`), as the actions take it.
        let id = state.resolveAlertID(commandLineAlertID(alertID, campaign: campaign))
        guard let a = state.alerts[id] else {
            throw CLIFailure.data(DomainError.noAlert(id).text(LogBridge.officerLanguage))
        }
        let now = try AlertReading.now(campaignOptions, campaign, state)
        if json {
            let records = try AlertReading.records(log, seqs: AlertExport.neededSeqs([a]), upTo: state.lastSeq)
            try AlertReading.printJSON(
                AlertReading.jsonLines(
                    [a], records: records, now: now, zone: campaign.zone, includePersonalData: includePersonalData,
                    state: state))
            return
        }
        var out = RawOut(fd: 1)
        out.say(
            AlertReading.showText(
                a, campaign: campaign, now: now, texts: AlertTexts(), includePersonalData: includePersonalData,
                proposals: state.proposals(of: a)))
        try out.finish()
    }
}

/// `dutydesk alert list [--status S] [--priority P] [--unit CODE] [--json]`.
public struct AlertListCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List alerts, most urgent first, with optional filters.",
        discussion: """
            Read-only: the log is opened for reading, as reports do; nothing is written. \
            Alerts in priority order (critical first), oldest received first within a \
            priority. --status matches the status at now (snoozed while snoozed; the other \
            statuses match alerts that are not snoozed). Without --json a table, in \
            Vietnamese when LC_ALL or LANG starts with vi.
            \(alertJSONDiscussion)

            Examples:
              dutydesk alert list
              dutydesk alert list --status received --priority critical
              dutydesk alert list --unit HQHCM --json | jq -r .id

            Exit codes: 0 listed (also when nothing matches), 64 bad option, 66 no log, \
            74 read or output error.
            """)
    @Option(
        name: .long,
        help: ArgumentHelp("\(AlertStatus.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "status"),
        completion: .list(AlertStatus.allCases.map(\.rawValue))) public var status: String?
    @Option(
        name: .long, help: ArgumentHelp("critical, high, normal or low.", valueName: "p"),
        completion: .list(Priority.allCases.map(\.rawValue))) public var priority: String?
    @Option(
        name: .long, help: ArgumentHelp("Responsible unit code (e.g. HQHCM).", valueName: "code"),
        completion: .list(CampaignLoader.embeddedGoldenStrike2021.units.map(\.code))) public var unit: String?
    @Flag(name: .long, help: "One JSON object per alert, one a line (JSON Lines), instead of the table.") public
        var json = false
    @Flag(name: .customLong("include-personal-data"), help: "Include persons concerned (personal data).") public
        var includePersonalData = false
    @OptionGroup public var campaignOptions: CampaignOptions
    public init() {}

    /// The filter the options ask for (the unit is checked against `campaign`).
    /// - Throws: `CLIFailure.usage` (64) naming the option with a word that is not one of
    ///   its list, or a unit the campaign does not have.
    func filter(campaign: Campaign?) throws(CLIFailure) -> AlertFilter {
        var f = AlertFilter()
        if let status {
            guard let s = AlertStatus(rawValue: status) else {
                let all = AlertStatus.allCases.map(\.rawValue).joined(separator: ", ")
                throw .usage(en: "--status: '\(status)': use \(all)", vi: "--status: «\(status)»: dùng \(all)")
            }
            f.statuses = [s]
        }
        if let priority {
            guard let p = Priority(rawValue: priority) else {
                throw .usage(
                    en: "--priority: '\(priority)': use critical, high, normal or low",
                    vi: "--priority: «\(priority)»: dùng critical, high, normal hoặc low")
            }
            f.priorities = [p]
        }
        if let unit {
            if let campaign, campaign.unit(unit) == nil {
                throw .usage(
                    en: "--unit: '\(unit)' is not a unit of the campaign",
                    vi: "--unit: «\(unit)» không phải đơn vị của chiến dịch")
            }
            f.units = [unit]
        }
        return f
    }

    public func run() throws {
        _ = try filter(campaign: nil)  // fixed words before the campaign and the log are read
        let (log, state, campaign, _) = try AlertReading.open(campaignOptions)
        let f = try filter(campaign: campaign)
        let now = try AlertReading.now(campaignOptions, campaign, state)
        let alerts = state.alerts(matching: f, now: now)
        if json {
            let records = try AlertReading.records(log, seqs: AlertExport.neededSeqs(alerts), upTo: state.lastSeq)
            try AlertReading.printJSON(
                AlertReading.jsonLines(
                    alerts, records: records, now: now, zone: campaign.zone, includePersonalData: includePersonalData,
                    state: state))
            return
        }
        var out = RawOut(fd: 1)
        out.say(
            AlertReading.listText(
                alerts, now: now, texts: AlertTexts(), filtered: status != nil || priority != nil || unit != nil))
        try out.finish()
    }
}
