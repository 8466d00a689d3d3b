// One alert as a JSON object for scripts: `dutydesk alert show --json` and `alert list --json`
// (issue 10, item 3). The shape is documented in docs/events.md, "Alerts as JSON".
import DutyDeskJSON

/// Alerts as JSON objects, one per alert (the command line prints one a line, JSON Lines).
/// The domain builds them because they carry stored payloads, which only the domain, the
/// log and the JSON modules read by key (decision 0009).
public enum AlertExport {
    /// The sequence numbers of the records `json(_:records:now:zone:includePersonalData:)`
    /// needs for `alerts`: every event on their timelines. The caller reads those records
    /// in one pass over the log.
    public static func neededSeqs<S: Sequence>(_ alerts: S) -> Set<Int> where S.Element == AlertRecord {
        var seqs = Set<Int>()
        for a in alerts { for e in a.timeline { seqs.insert(e.seq) } }
        return seqs
    }

    /// `a` as one JSON object, members in this order:
    ///
    /// - `id`; `status`: the display status at `now` (`snoozed` while snoozed, else the
    ///   stored status: `received`, `acknowledged`, `assigned`, `escalated`, `closed`);
    ///   `priority`; `sharing`: the sharing level (`red`, `amber+strict`, `amber`, `green`,
    ///   `clear`; issue 11 item 4); `owner_desk`: the desk that received it (`""` for a log
    ///   without a desk); `subject`; `received_at`; `source` ({`kind`, `country`?});
    ///   `unit`: the responsible unit code or null; `owner`: officer id or null;
    ///   `assignee`: {`kind`, `id`} or null; `escalations`: targets in the order reached;
    ///   `snoozed_until`: while snoozed at `now`, else null; `disposition`: as in the
    ///   `alert.closed` payload, or null; `seized_at`: for a seizure, when the goods were
    ///   seized (as entered, else when it was closed; issue 14, item 4), else null;
    ///   `merged_into`: alert id or null; `duplicates`:
    ///   alert ids merged into it; `also_working`: officer ids; `conflicts`: each {`kind`,
    ///   `event`, `standing`}, the last two as {`seq`, `time`, `actor`, `type`}; `proposals`:
    ///   other units' proposals (issue 11, item 5), each {`number`, `event_id`, `desk`,
    ///   `status` (`open`, `accepted`, `declined`, `withdrawn`), `event`, `answer` (or null),
    ///   `reason` (or null)};
    /// - `timeline`: each event on the alert, oldest first, as {`seq`, `time`, `actor`,
    ///   `type`, `values`}: `values` is the stored payload without `schema` (and without
    ///   personal data unless `includePersonalData`, `DomainEvent.redactingPersonalData`),
    ///   null when `records` lacks that seq.
    ///
    /// Every time is RFC 3339 in `zone`'s offset (ICT, +07:00): `time`, `received_at`,
    /// `snoozed_until`, `seized_at`; payload times in `values` are as stored.
    /// - Parameters:
    ///   - records: the stored records by seq (at least `neededSeqs([a])`).
    ///   - now: the instant the display status is computed at.
    ///   - proposals: `CampaignState.proposals(of: a)`.
    public static func json(
        _ a: AlertRecord, records: [Int: RecordedEvent], now: RFC3339Timestamp, zone: CampaignZone,
        includePersonalData: Bool, proposals: [AlertProposal] = []
    ) -> JSON {
        let l = a.lifecycle
        let d = a.details
        func time(_ t: RFC3339Timestamp) -> JSON { .string(zone.local(t).description) }
        func ref(_ e: EventRef) -> JSON {
            .object([
                ("seq", .int(e.seq)), ("time", time(e.at)), ("actor", .string(e.actor)), ("type", .string(e.type)),
            ])
        }
        func values(_ seq: Int) -> JSON {
            guard let r = records[seq] else { return .null }
            let p = r.payload.removing("schema")
            return includePersonalData ? p : DomainEvent.redactingPersonalData(p)
        }
        let timeline: [JSON] = a.timeline.map { e in
            guard case .object(var m) = ref(e) else { return .null }
            m.append(("values", values(e.seq)))
            return .object(m)
        }
        let conflicts: [JSON] = a.conflicts.map { c in
            .object([("kind", .string(c.kind.rawValue)), ("event", ref(c.event)), ("standing", ref(c.standing))])
        }
        return .object([
            ("id", .string(a.id)),
            ("status", .string(a.displayStatus(at: now).rawValue)),
            ("priority", .string(d.priority.rawValue)),
            ("sharing", .string(a.sharing.rawValue)),
            ("owner_desk", .string(a.ownerDesk)),
            ("subject", .string(d.subject)),
            ("received_at", time(d.receivedAt)),
            (
                "source",
                .compactObject([("kind", .string(d.source.kind.rawValue)), ("country", .optional(d.source.country))])
            ),
            ("unit", .optional(d.responsibleUnit)),
            ("owner", .optional(l.owner)),
            ("assignee", l.assignee.map(Codec.encode) ?? .null),
            ("escalations", .array(l.escalations.map { .string($0.rawValue) })),
            ("snoozed_until", a.isSnoozed(at: now) ? l.snoozedUntil.map(time) ?? .null : .null),
            ("disposition", l.disposition.map(Codec.encode) ?? .null),
            ("seized_at", l.seizureInstant.map(time) ?? .null),
            ("merged_into", .optional(l.mergedInto)),
            ("duplicates", .array(a.duplicates.map(JSON.string))),
            ("also_working", .array(a.alsoWorking.map(JSON.string))),
            ("conflicts", .array(conflicts)),
            (
                "proposals",
                .array(
                    proposals.map { p in
                        .object([
                            ("number", .int(p.number)), ("event_id", .string(p.eventID)), ("desk", .string(p.desk)),
                            ("status", .string(p.status.rawValue)), ("event", ref(p.event)),
                            ("answer", p.answer.map(ref) ?? .null), ("reason", .optional(p.reason)),
                        ])
                    })
            ),
            ("timeline", .array(timeline)),
        ])
    }
}
