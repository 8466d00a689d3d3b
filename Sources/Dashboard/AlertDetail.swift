// The lines of an alert's detail view.
import DutyDeskDomain
import TerminalKit

extension Renderer {
    func alertDetailLines(_ id: String) -> [Line] {
        guard let a = s.domain.alerts[id] else { return [(id + " ?", Style(.danger))] }
        let d = a.details
        let l = a.lifecycle
        let item = s.alertItem(a)
        let t = str
        // The verification requests that name this alert (a pass over the requests, which
        // are few; only while this view is open).
        // Open alerts sharing a conveyance or source reference or a travel document (issue 13, item 4).
        let possible = s.duplicates.candidates(of: id)
        let linkedRequests = s.domain.verifications.values.filter { $0.linkedAlert == id }.map(\.id).sorted()
        var status = t.statusLong(item.displayStatus(at: s.now))
        if item.isPastAcknowledgement(at: s.now) {
            status += t.pastAcknowledgement
        }
        var pairs: [(String, String?)] = [
            (t.idLabel, a.id),
            (t.colStatus, status),
            (t.priorityLabel, t.priorityLong(item.priority)),
            (t.sharingLabel, t.sharingLevel(a.sharing)),
            (t.ownerDeskLabel, a.ownerDesk.isEmpty ? nil : a.ownerDesk),
            (t.receivedLabel, dateTime(d.receivedAt) + " " + t.agoNote(age(d.receivedAt))),
            (t.acknowledgeByLabel, l.status == .received ? dateTime(item.acknowledgeBy) : nil),
            (t.colSource, s.sourceLongName(d.source) + (d.sourceReference.map { " · " + $0 } ?? "")),
            (t.colSubject, d.subject),
            (t.commodityLabel, d.commodity),
            (
                t.speciesLabel,
                d.species.isEmpty
                    ? nil
                    : d.species.map { $0.scientificName + ($0.citesAppendix.map(t.cites) ?? "") }.joined(
                        separator: ", ")
            ),
            (t.quantityLabel, d.quantity.isEmpty ? nil : d.quantity.map(measureText).joined(separator: ", ")),
            (
                t.personsLabel,
                d.persons.isEmpty
                    ? nil
                    : d.persons.map { p in
                        [p.name, p.nationality, p.travelDocument].compactMap { $0 }.joined(separator: " · ")
                    }.joined(separator: "; ")
            ),
            (
                t.conveyanceLabel,
                d.conveyance.map { t.conveyanceKind($0.kind.rawValue) + ($0.reference.map { " " + $0 } ?? "") }
            ),
            (t.colLocation, d.location.map { $0.name + " (" + t.locationKind($0.kind.rawValue) + ")" }),
            (
                t.responsibleUnitLabel,
                d.responsibleUnit.map { code in
                    code + (s.config.campaign.unit(code).map { " · " + t.unitName($0) } ?? "")
                }
            ),
            (t.etaLabel, d.eta.map(dateTime)),
            (t.colOwner, l.owner.map { o in o + (l.acknowledgedAt.map { " · " + dateTime($0) } ?? "") }),
            (t.alsoWorkingLabel, a.alsoWorking.isEmpty ? nil : a.alsoWorking.joined(separator: ", ")),
            (
                t.assignedToLabel,
                l.assignee.map { t.assigneeKind($0.kind.rawValue) + " " + s.assigneeName($0) }
            ),
            (
                t.escalatedToLabel,
                l.escalations.isEmpty
                    ? nil : l.escalations.map { t.escalationTarget($0.rawValue) }.joined(separator: ", ")
            ),
            (t.escalationReasonLabel, a.escalationReason),
            (t.snoozedUntilLabel, l.snoozedUntil.flatMap { s.now < $0 ? dateTime($0) : nil }),
            (t.field(.disposition), l.disposition.map(dispositionText)),
            (t.seizedAtLabel, l.seizureInstant.map(dateTime)),
            (t.duplicateOfLabel, l.mergedInto),
            (t.possibleDuplicatesLabel, possible.isEmpty ? nil : possible.joined(separator: ", ")),
            (t.duplicatesLabel, a.duplicates.isEmpty ? nil : a.duplicates.joined(separator: ", ")),
            (t.linkedRequestsLabel, linkedRequests.isEmpty ? nil : linkedRequests.joined(separator: ", ")),
            (t.sourceNotesLabel, d.notes),
        ]
        pairs = pairs.filter { $0.1 != nil }
        var out = fieldLines(pairs)
        out.append(("", Style()))
        out.append((t.notes, Style(.title, bold: true, underline: true)))
        if a.notes.isEmpty { out.append(("  " + t.noNotes, Style(.muted))) }
        // Each note wrapped to the view (continuation lines indented), so that none is cut.
        let width = max(8, layout.body.width - 8)
        for n in a.notes {
            let text =
                "\(dateTime(n.at)) \(Sanitizer.sanitize(n.actor)): \(Sanitizer.sanitize(n.text))"
                + (n.retracted ? t.retracted : "")
            for (i, piece) in TooSmallScreen.wrap(text, width: width).enumerated() {
                out.append(((i == 0 ? "  " : "    ") + piece, Style(n.retracted ? .muted : .text)))
            }
        }
        let proposals = s.domain.proposals(of: a)
        out += proposalLines(proposals, mayAnswer: !s.domain.proposes(on: a))
        out += conflictLines(a.conflicts)
        out += timelineLines(
            a.timeline, conflicts: a.conflicts, proposals: Set(proposals.map(\.event.seq)),
            action: { a.timelineAction($0) }, extra: handoverTimeline(id), width: width)
        return out
    }

    /// Other units' proposals (issue 11, item 5), each with its status and answer; the key that
    /// answers them when this desk owns the alert. Nothing when there are none.
    func proposalLines(_ proposals: [AlertProposal], mayAnswer: Bool) -> [Line] {
        guard !proposals.isEmpty else { return [] }
        var title = str.proposalsTitle
        if mayAnswer, proposals.contains(where: { $0.status == .open }) {
            title += " (" + Keymaps.keyLabel(of: .answerProposal, in: Keymaps.alerts) + ")"
        }
        var out: [Line] = [("", Style()), (title, Style(.warning, bold: true, underline: true))]
        for p in proposals {
            var line = "  " + str.proposalLabel(p) + " · " + dateTime(p.event.at) + " · " + str.proposalStatus(p.status)
            if let a = p.answer { line += " (#\(a.seq) \(a.actor))" }
            out.append((line, Style(p.status == .open ? .warning : .muted)))
            if let r = p.reason { out.append(("    " + str.field(.reason) + ": " + r, Style(.text))) }
        }
        return out
    }

    /// The timeline section: each event on a line, those the fold took as a conflict marked,
    /// and other units' proposals. With `action` (an alert's), each line says what happened
    /// with its values ("assigned to HQQN · Quảng Ninh by officer.thu"; issue 13, item 6).
    /// `extra`: lines of events that are not the item's own (the shift handovers that list
    /// an alert, issue 13, item 8), each placed by its seq. `width`: lines longer than it are
    /// wrapped (continuation lines indented) instead of cut, as notes are.
    func timelineLines(
        _ timeline: [EventRef], conflicts: [Conflict], proposals: Set<Int> = [],
        action: (Int) -> TimelineAction? = { _ in nil }, extra: [(seq: Int, line: Line)] = [],
        width: Int? = nil
    ) -> [Line] {
        var out: [Line] = [("", Style()), (str.timeline, Style(.title, bold: true, underline: true))]
        let conflicted = Set(conflicts.map(\.event.seq))
        var more = extra.sorted { $0.seq < $1.seq }[...]
        for (i, e) in timeline.enumerated() {
            while let x = more.first, x.seq < e.seq {
                out.append(x.line)
                more = more.dropFirst()
            }
            let mark =
                (proposals.contains(e.seq) ? str.proposalMark : "")
                + (conflicted.contains(e.seq) ? str.conflictMark : "")
            let actor = e.actor == CampaignState.systemActor ? str.systemActor : e.actor
            let text =
                "\(dateTime(e.at)) #\(e.seq) "
                + (action(i).flatMap { timelineText($0) }.map { str.byActor($0, actor) }
                    ?? "\(str.eventName(e.type)) · \(actor)") + mark
            let style = Style(mark.isEmpty ? .text : .warning)
            guard let width else {
                out.append(("  " + text, style))
                continue
            }
            for (k, piece) in TooSmallScreen.wrap(text, width: width).enumerated() {
                out.append(((k == 0 ? "  " : "    ") + piece, style))
            }
        }
        out += more.map(\.line)
        return out
    }

    /// What a timeline entry did, with its values; nil where the event's name says it all.
    func timelineText(_ a: TimelineAction) -> String? {
        switch a {
        case .acknowledged: return str.timelineAcknowledged
        case .assigned(let to): return str.timelineAssigned(s.assigneeName(to))
        case .escalated(let t, let reason):
            return str.timelineEscalated(str.escalationTarget(t.rawValue))
                + (reason.map { ": " + str.field(.reason).lowercased() + " " + Sanitizer.sanitize($0) } ?? "")
        case .selfEscalated(let t, let n): return str.timelineSelfEscalated(str.escalationTarget(t.rawValue), n)
        case .snoozed(let until): return str.timelineSnoozed(dateTime(until))
        case .closed(let d): return str.timelineClosed(dispositionText(d))
        case .merged(let into): return str.duplicateOf(into)
        case .sharing(let level): return str.timelineSharing(str.sharingLevel(level))
        case .noted, .reopened, .linked, .undone, .noteRetracted, .proposal, .answer, .withdrawal: return nil
        }
    }

    /// The conflicts the fold resolved, both actors named (issue 10, item 5); nothing when
    /// there are none.
    func conflictLines(_ conflicts: [Conflict]) -> [Line] {
        guard !conflicts.isEmpty else { return [] }
        func event(_ r: EventRef) -> String { "#\(r.seq) \(str.eventName(r.type)) · \(r.actor) · \(dateTime(r.at))" }
        var out: [Line] = [("", Style()), (str.conflictsTitle, Style(.warning, bold: true, underline: true))]
        for c in conflicts {
            out.append(("  " + event(c.event) + ": " + str.conflictRule(c.kind), Style(.warning)))
            out.append(("    " + str.conflictStands(event(c.standing)), Style(.text)))
        }
        return out
    }

    /// `72,5 kg`, `50 cái` (vi) or `72.5 kg`, `50 pieces` (en): the decimal comma and the
    /// unit of measure in the officer's language (issue 14, item 1).
    func measureText(_ m: Measure) -> String {
        DecimalText.written(m.amount, language: lang) + " " + str.quantityUnit(m.unit)
    }

    func dispositionText(_ d: Disposition) -> String {
        switch d {
        case .seized(let commodity, let species, let quantity):
            var s = str.disposition(.seized) + ": " + commodity
            if !quantity.isEmpty { s += ", " + quantity.map(measureText).joined(separator: " + ") }
            if !species.isEmpty { s += " (" + species.map(\.scientificName).joined(separator: ", ") + ")" }
            return s
        case .noFinding: return str.disposition(.noFinding)
        case .falseAlarm: return str.disposition(.falseAlarm)
        case .duplicateOf(let id): return str.duplicateOf(id)
        case .referredToPartner(let p):
            return str.disposition(.referredToPartner) + ": "
                + (s.config.campaign.partner(p).map(str.partnerName) ?? p)
        }
    }
}
