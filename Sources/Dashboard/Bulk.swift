// Acting on many alerts (issue 13, item 5) and the undo stack with redo (item 6): marks, the
// one confirmation of a bulk action, and the officer's own actions kept to undo and redo.
import DutyDeskDomain
import TerminalKit

/// The alert actions that act on every marked alert (issue 13, item 5).
enum BulkAction: Sendable, Hashable, CaseIterable {
    case acknowledge, assign, escalate, snooze, close, note

    init?(_ a: Action) {
        switch a {
        case .acknowledge: self = .acknowledge
        case .assign: self = .assign
        case .escalate: self = .escalate
        case .snooze: self = .snooze
        case .close: self = .close
        case .note: self = .note
        default: return nil
        }
    }

    /// The form a bulk action asks its values in (none for an acknowledgement).
    init?(_ k: FormKind) {
        switch k {
        case .assign: self = .assign
        case .escalate: self = .escalate
        case .snooze: self = .snooze
        case .close: self = .close
        case .note: self = .note
        default: return nil
        }
    }
}

/// Why a bulk action leaves an alert out, as the confirmation counts them.
enum BulkSkip: Sendable, Hashable {
    /// Already so (acknowledged, assigned to the same, escalated to the same).
    case already
    /// Not acknowledged yet (assign, escalate, snooze and close need it first).
    case unacknowledged
    /// Closed (or merged into another alert).
    case closed
    /// Any other refusal of the domain (its text is shown).
    case other

    init(_ e: DomainError) {
        switch e {
        case .alreadyAcknowledged, .alreadyAssigned, .alreadyEscalated: self = .already
        case .notAcknowledged: self = .unacknowledged
        case .alertClosed, .alertMergedClosed: self = .closed
        default: self = .other
        }
    }
}

/// The one confirmation of a bulk action: what `y` sends, and what it says (issue 13, item 5).
struct BulkConfirm: Sendable, Equatable {
    var action: BulkAction
    /// The marked alerts, in list order.
    var alertIDs: [String]
    /// The commands the domain accepted, one per alert, in list order (what `y` sends).
    var commands: [Command]
    /// The alerts left out and why, in list order, with the domain's refusal.
    var skipped: [(id: String, why: BulkSkip, text: String)]

    static func == (a: BulkConfirm, b: BulkConfirm) -> Bool {
        a.action == b.action && a.alertIDs == b.alertIDs && a.commands == b.commands
            && a.skipped.map(\.id) == b.skipped.map(\.id)
    }
}

/// One of the officer's own actions from this dashboard, as the undo stack keeps it (issue 13,
/// item 6): what it was called, the commands that made it (redo decides them again) and the
/// ids of its events (undo compensates each).
struct UndoEntry: Sendable, Equatable {
    var label: String
    var commands: [Command]
    var eventIDs: [String]
    /// The append that carries it (an entry whose append failed is dropped).
    var requestID: Int
}

extension AppState {
    /// How many of the officer's actions undo keeps (older ones drop off the bottom).
    static let undoDepth = 50

    /// True when `command` is an alert action the domain's undo compensates.
    static func isUndoable(_ command: Command) -> Bool {
        switch command {
        case .acknowledge, .assign, .escalate, .snooze, .addNote, .close, .reopen, .merge: true
        default: false
        }
    }

    // MARK: marks

    /// Space: marks or unmarks the selected row and moves to the next one.
    mutating func toggleMark() {
        guard focus == .alerts, overlay == nil else { return }
        guard let id = currentAlertID() else {
            setStatus(strings.noSelection, role: .warning)
            return
        }
        if marked.remove(id) == nil { marked.insert(id) }
        move(.down)
    }

    /// `*`: marks every alert the list shows (after the filter and the unit filter).
    mutating func markAllShown() {
        guard focus == .alerts else { return }
        for i in 0..<store.visibleCount { marked.insert(store.visible(i).id) }
    }

    /// The marked alerts in list order (marked alerts the filter hides come after, by id).
    var markedInListOrder: [String] {
        var rows: [(Int, String)] = []
        var hidden: [String] = []
        for id in marked {
            if let r = store.row(of: id) { rows.append((r, id)) } else { hidden.append(id) }
        }
        return rows.sorted { $0.0 < $1.0 }.map(\.1) + hidden.sorted()
    }

    /// True when an alert key acts on the marked alerts: the Alerts list (not a detail view)
    /// with at least one alert marked.
    var actsOnMarks: Bool { !marked.isEmpty && overlay == nil && focus == .alerts }

    // MARK: bulk actions

    /// An alert key with alerts marked: an acknowledgement goes straight to the confirmation,
    /// the others open their form once for every marked alert.
    mutating func startBulk(_ action: BulkAction) {
        let ids = markedInListOrder
        switch action {
        case .acknowledge:
            prepareBulk(.acknowledge, ids) { .acknowledge(alertID: $0) }
        case .assign: openAlertForm(.assign, target: .alerts(ids: ids))
        case .escalate: openAlertForm(.escalate, target: .alerts(ids: ids))
        case .snooze: openAlertForm(.snooze, target: .alerts(ids: ids))
        case .close: openAlertForm(.close, target: .alerts(ids: ids))
        case .note: openAlertForm(.note, target: .alerts(ids: ids))
        }
    }

    /// Decides `make(id)` for each of `ids` against the projection and opens the confirmation
    /// with what the domain accepts and what it refuses (counted and named in it). Returns the
    /// refusal text when it accepts none (nothing to confirm; said in the footer or the form).
    @discardableResult
    mutating func prepareBulk(_ action: BulkAction, _ ids: [String], _ make: (String) -> Command) -> String? {
        var commands: [Command] = []
        var skipped: [(id: String, why: BulkSkip, text: String)] = []
        for id in ids {
            let c = make(id)
            switch decide(c, state: domain, actor: config.officer, now: now, newID: { "" }) {
            case .success: commands.append(c)
            case .failure(let e): skipped.append((id, BulkSkip(e), refusalText(e)))
            }
        }
        let c = BulkConfirm(action: action, alertIDs: ids, commands: commands, skipped: skipped)
        if commands.isEmpty {
            let text = strings.bulkNothing(c)
            setStatus(text, role: .danger)
            return text
        }
        confirm = c
        return nil
    }

    /// The key pressed while the confirmation shows: `y` sends every accepted command as one
    /// append (one event per alert, one batch: a crash cannot keep half of it), anything else
    /// cancels. The marks are cleared once sent.
    mutating func confirmKey(_ action: Action?) -> [Effect] {
        if let offer = acknowledgeFirst {
            acknowledgeFirst = nil
            guard action == .confirm else {
                setStatus(strings.bulkCancelled, role: .warning)
                return []
            }
            let fx = run(.acknowledge(alertID: offer.alertID), label: strings.acknowledgeLabel(offer.alertID))
            if !fx.isEmpty { openAlertForm(offer.then, target: .alert(id: offer.alertID)) }
            return fx
        }
        guard let c = confirm else { return [] }
        confirm = nil
        guard action == .confirm else {
            setStatus(strings.bulkCancelled, role: .warning)
            return []
        }
        let (fx, err) = proposeAll(c.commands, label: strings.bulkLabel(c.action, c.commands.count))
        if let err {
            setStatus(err, role: .danger)
            return []
        }
        marked.removeAll()
        return fx
    }

    // MARK: undo and redo

    /// `u`: undoes the officer's last action from this dashboard, all of it (every event of a
    /// bulk action, in one append), and names it ("Undo: Acknowledge 12 alerts"). With nothing
    /// on the stack (an action of an earlier session, or of the command line), the domain's
    /// undo of the officer's last action in the log. A refused undo drops the entry, so the
    /// next `u` reaches the action before it; the footer says so.
    mutating func undoLast() -> [Effect] {
        guard let entry = undoStack.last else { return run(.undo, label: strings.undoLabel) }
        if pending.contains(where: { $0.requestID == entry.requestID }) {
            setStatus(strings.undoWaiting(entry.label), role: .warning)
            return []
        }
        var actions: [LastAction] = []
        for id in entry.eventIDs.reversed() {
            if let l = domain.lastActions[config.officer], l.eventID == id {
                actions.append(l)
            } else if let l = undoPoints[id] {
                actions.append(l)
            } else {
                undoStack.removeLast()
                setStatus(
                    strings.undoRefused(entry.label, DomainError.nothingToUndo(actor: config.officer).text(language)),
                    role: .danger)
                return []
            }
        }
        if case .readOnly = logStatus {
            setStatus(strings.readOnlyRefusal, role: .danger)
            return []
        }
        var n = nextEventNumber
        let prefix = config.eventIDPrefix
        let result = decideUndo(
            of: actions, state: domain, actor: config.officer, now: now,
            newID: {
                defer { n += 1 }
                return "\(prefix)-\(n)"
            })
        undoStack.removeLast()
        switch result {
        case .failure(let e):
            setStatus(strings.undoRefused(entry.label, refusalText(e)), role: .danger)
            return []
        case .success(let events):
            nextEventNumber = n
            let id = send(events, label: strings.undoneLabel(entry.label))
            redoStack.append(entry)
            for e in entry.eventIDs { undoPoints[e] = nil }
            return [.append(requestID: id, events: events)]
        }
    }

    /// `Ctrl-R`: does again the action the last undo undid (its commands decided afresh), and
    /// puts it back on the undo stack. Any other action empties the redo list.
    mutating func redoLast() -> [Effect] {
        guard let entry = redoStack.last else {
            setStatus(strings.nothingToRedo, role: .warning)
            return []
        }
        redoStack.removeLast()
        let keep = redoStack
        let (fx, err) = proposeAll(entry.commands, label: strings.redoneLabel(entry.label), undoLabel: entry.label)
        redoStack = keep
        if let err { setStatus(strings.redoRefused(entry.label, err), role: .danger) }
        return fx
    }

    /// Keeps the event ids of `entry` to capture their undo points as they are applied.
    mutating func pushUndo(_ entry: UndoEntry) {
        undoStack.append(entry)
        awaitingUndoPoints.formUnion(entry.eventIDs)
        if undoStack.count > Self.undoDepth {
            let old = undoStack.removeFirst()
            for e in old.eventIDs {
                undoPoints[e] = nil
                awaitingUndoPoints.remove(e)
            }
        }
    }

    /// After record `r` was applied: the officer's undo point of an event the undo stack
    /// waits for (`CampaignState.lastActions` holds only the last one; a bulk action has many).
    mutating func captureUndoPoint(_ r: RecordedEvent) {
        guard awaitingUndoPoints.remove(r.id) != nil, r.actor == config.officer,
            let l = domain.lastActions[r.actor], l.eventID == r.id
        else { return }
        undoPoints[r.id] = l
    }

    /// An append that failed takes its undo entry with it.
    mutating func dropUndo(requestID: Int) {
        undoStack.removeAll { $0.requestID == requestID }
    }
}

/// The offer to acknowledge an alert before the form of an action that needs it (issue 13,
/// item 6): `y` acknowledges it and opens the form, any other key cancels.
struct AcknowledgeFirst: Sendable, Equatable {
    var alertID: String
    /// The action whose form opens once acknowledged (assign, escalate, close, snooze).
    var then: Action
    /// The domain's refusal the offer stands for (`DomainError.notAcknowledged`).
    var reason: DomainError
}

extension AppState {
    /// A refusal known before the form of `action` opens on alert `id` (one that no value
    /// of the form changes), asked of the domain's `decide` with a stand-in command: a closed
    /// alert is refused in the footer at once; an unacknowledged one, where the action needs
    /// an acknowledgement, gets the offer to acknowledge it first. True when the form must not
    /// open now.
    mutating func refuseBeforeForm(_ action: Action, _ id: String) -> Bool {
        let probe: Command
        switch action {
        case .assign: probe = .assign(alertID: id, to: Assignee(kind: .officer, id: config.officer))
        case .escalate: probe = .escalate(alertID: id, to: .division1)
        case .close: probe = .close(alertID: id, disposition: .noFinding)
        case .snooze: probe = .snooze(alertID: id, until: now.adding(seconds: 3600))
        case .note: probe = .addNote(alertID: id, text: "-")
        default: return false
        }
        guard case .failure(let e) = decide(probe, state: domain, actor: config.officer, now: now, newID: { "" })
        else { return false }
        switch e {
        case .notAcknowledged:
            acknowledgeFirst = AcknowledgeFirst(alertID: id, then: action, reason: e)
            return true
        case .alertClosed, .alertMergedClosed, .noAlert:
            setStatus(refusalText(e), role: .danger)
            return true
        default:
            // Refusals that depend on the form's values are the form's to show.
            return false
        }
    }
}

extension Renderer {
    /// The offer to acknowledge an alert first: the domain's reason and the question.
    mutating func drawAcknowledgeFirst(_ o: AcknowledgeFirst, _ g: inout Grid) {
        let why = o.reason.text(lang)
        drawPrompt(
            title: str.formTitle(formKind(o.then)) + " " + o.alertID,
            text: Sanitizer.sanitize(why) + ". " + str.acknowledgeFirstQuestion(o.alertID), &g)
    }

    func formKind(_ a: Action) -> FormKind {
        switch a {
        case .escalate: .escalate
        case .close: .close
        case .snooze: .snooze
        default: .assign
        }
    }

    /// A question box over the panes: the text wrapped, then the keys (`y`, anything else).
    mutating func drawPrompt(title: String, text: String, _ g: inout Grid) {
        let body = layout.body
        let w = layout.formBox.width
        let lines = TooSmallScreen.wrap(text, width: max(1, w - 4))
        let h = min(body.height, lines.count + 4)
        let r = Rect(x: layout.formBox.x, y: body.y + max(0, (body.height - h) / 3), width: w, height: h)
        guard !r.isEmpty else { return }
        g.fill(r)
        let inner = box(r, title: title, focused: true, &g)
        guard inner.height > 0, inner.width > 2 else { return }
        for (i, line) in lines.enumerated() where inner.y + i < inner.maxY - 1 {
            g.put(line, x: inner.x + 1, y: inner.y + i, maxWidth: inner.width - 2, style: Style(.text))
        }
        g.put(
            str.confirmHint, x: inner.x + 1, y: inner.maxY - 1, maxWidth: inner.width - 2,
            style: Style(.accent, bold: true))
    }

    /// The confirmation of a bulk action: the question (how many, what will be done, what is
    /// left out and why, the alerts named) and the keys.
    mutating func drawConfirm(_ c: BulkConfirm, _ g: inout Grid) {
        drawPrompt(
            title: str.bulkLabel(c.action, c.commands.count), text: Sanitizer.sanitize(str.bulkQuestion(c)), &g)
    }
}
