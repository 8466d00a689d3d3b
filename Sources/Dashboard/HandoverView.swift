// Shift handover on the dashboard (issue 13, item 8): `H` shows the newest handover — its
// note and what was open — with `w` to write one's own and `r` to mark it read. The next
// officer to open the dashboard at the desk meets an unread handover as a banner and this
// view until they mark it read; each alert it lists has it on its timeline.
import DutyDeskDomain
import TerminalKit

extension AppState {
    /// The handover the view shows: the unread one for this officer, else the newest.
    var shownHandover: ShiftHandover? { domain.unreadHandover(for: config.officer) ?? domain.handovers.last }

    /// Keeps the handover banner true to the projection: one banner for the unread handover
    /// another officer wrote (replacing one for an older handover), none once it is read.
    /// At the start (`atStart`) an unread handover also opens the view.
    mutating func refreshHandover(atStart: Bool) {
        let unread = domain.unreadHandover(for: config.officer)
        let before = banners.count
        banners.removeAll {
            if case .handover(let id) = $0.kind { return id != unread?.eventID }
            return false
        }
        if let h = unread, banners.notice(key: "handover:\(h.eventID)") == nil {
            addBanner(
                Notice(
                    key: "handover:\(h.eventID)",
                    text: strings.handoverBanner(
                        h.author, at: Renderer.dateTime(h.at, zone: config.campaign.zone, language),
                        open: h.content.openTotal,
                        key: Keymaps.keyLabel(of: .handover, in: Keymaps.global)),
                    role: .warning, kind: .handover(h.eventID)))
            if atStart, overlay == nil { overlay = .handover(scroll: 0) }
        }
        if banners.count != before { clampAll() }
    }

    /// `w` in the handover view: the note form.
    mutating func openHandoverForm() {
        form = FormState(kind: .handover, target: .none, fields: [.text(.text)])
    }

    /// `r` in the handover view: marks the shown handover read (refused for one's own and
    /// for one already read, with the domain's reason in the footer).
    mutating func readShownHandover() -> [Effect] {
        guard let h = shownHandover else {
            status = FooterMessage(text: strings.noHandover, role: .muted, until: now.adding(seconds: 5))
            return []
        }
        let r = propose(.readHandover(handoverID: h.eventID), label: strings.handoverReadLabel(h.author))
        if let e = r.error { status = FooterMessage(text: e, role: .danger, until: now.adding(seconds: 8)) }
        return r.effects
    }
}

extension Renderer {
    /// The handover view's lines: who and when, read or not, the note, then each list with
    /// the subjects of its alerts (and the ones left out counted), the overdue deadlines,
    /// and the keys.
    func handoverLines() -> [Line] {
        let keys = str.handoverKeys(
            write: Keymaps.keyLabel(of: .writeHandover, in: Keymaps.handover),
            read: Keymaps.keyLabel(of: .readHandover, in: Keymaps.handover))
        guard let h = s.shownHandover else {
            return [(str.noHandover, Style(.muted)), ("", Style()), (keys, Style(.muted))]
        }
        var out: [Line] = [
            (str.handoverBy(h.author, at: dateTime(h.at)), Style(.title, bold: true)),
            (
                h.readBy.map { str.handoverReadBy($0, at: h.readAt.map(dateTime) ?? "") } ?? str.handoverUnread,
                Style(h.readBy == nil ? .warning : .muted, bold: h.readBy == nil)
            ),
            ("", Style()),
            (str.handoverNoteTitle, Style(.title, bold: true, underline: true)),
        ]
        // The note wrapped to the view (the inner box less the indent), so that all of it can be read.
        let width = max(8, layout.body.width - 6)
        for line in h.content.note.split(separator: "\n", omittingEmptySubsequences: false) {
            // An empty line of the note stays an empty line.
            let pieces = TooSmallScreen.wrap(Sanitizer.sanitize(String(line)), width: width)
            for piece in pieces.isEmpty ? [""] : pieces {
                out.append(("  " + piece, Style(.text)))
            }
        }
        let c = h.content
        func list(_ title: String, _ ids: [String], _ total: Int) {
            out.append(("", Style()))
            out.append((title + " (\(total))", Style(.title, bold: true, underline: true)))
            if total == 0 { out.append(("  " + str.handoverNone, Style(.muted))) }
            // Most urgent first (priority, then as listed: oldest received first), each with
            // its priority, its status now and `!` when past its acknowledgement time.
            let items = ids.map { (id: $0, item: s.store.item(id: $0)) }
            let order = items.enumerated().sorted {
                let a = $0.element.item?.priority.rank ?? 9
                let b = $1.element.item?.priority.rank ?? 9
                return a != b ? a < b : $0.offset < $1.offset
            }
            for (_, e) in order {
                let subject = Sanitizer.sanitize(s.domain.alerts[e.id]?.details.subject ?? "")
                guard let it = e.item else {
                    out.append(("  \(e.id)  " + subject, Style(.muted)))
                    continue
                }
                let late = it.isPastAcknowledgement(at: s.now)
                out.append(
                    (
                        (late ? "! " : "  ") + "\(e.id)  " + str.priority(it.priority) + " · " + subject + " · "
                            + str.status(it.displayStatus(at: s.now)),
                        Style(late ? .danger : (it.priority == .critical ? .critical : .text), bold: late)
                    ))
            }
            if total > ids.count { out.append(("  " + str.handoverMore(total - ids.count), Style(.muted))) }
        }
        list(str.handoverUnacknowledged, c.unacknowledged, c.unacknowledgedTotal)
        list(str.handoverOwnedBy(h.author), c.acknowledged, c.acknowledgedTotal)
        list(str.handoverSnoozed, c.snoozed, c.snoozedTotal)
        out.append(("", Style()))
        out.append((str.handoverOverdue + " (\(c.overdueTotal))", Style(.title, bold: true, underline: true)))
        if c.overdueTotal == 0 { out.append(("  " + str.handoverNone, Style(.muted))) }
        for d in c.overdue {
            out.append(
                (
                    "  " + Sanitizer.sanitize(lang == .vi ? d.title.vi : d.title.en) + " · "
                        + str.handoverDue(dateTime(d.due)),
                    Style(.danger)
                ))
        }
        if c.overdueTotal > c.overdue.count {
            out.append(("  " + str.handoverMore(c.overdueTotal - c.overdue.count), Style(.muted)))
        }
        out.append(("", Style()))
        out.append((keys, Style(.muted)))
        return out
    }

    /// The timeline lines of the handovers that list `alertID`, keyed by seq to merge in.
    func handoverTimeline(_ alertID: String) -> [(seq: Int, line: Line)] {
        s.domain.handovers(listing: alertID).map { h in
            let c = h.content
            let which =
                c.unacknowledged.contains(alertID)
                ? str.handoverUnacknowledged
                : c.acknowledged.contains(alertID) ? str.handoverOwnedBy(h.author) : str.handoverSnoozed
            return (h.seq, ("  \(dateTime(h.at)) #\(h.seq) " + str.timelineHandedOver(which, h.author), Style(.text)))
        }
    }
}
