import DutyDeskDomain
import DutyDeskJSON
import TerminalKit

/// Applies one message to the state and returns the side effects the runner must
/// perform, in order (Elm/bubbletea style). Pure: no clock, no I/O.
///
/// - `.key`: dispatched through the keymap of the context (help, form, filter line,
///   detail view, focused pane), then the list keys, then the global table.
/// - `.tick`: moves the displayed clock; deadlines turning due soon or overdue raise
///   their alarm once and leave a banner; a snooze that ran out and an acknowledgement
///   time passed (then every `DashboardConfig.ackReminderSeconds`) do too (`Attention.swift`).
/// - `.recordsAppended`: applied in seq order, already-applied seqs ignored; new
///   critical/high alerts raise their alarm once and leave a banner; banners about alerts
///   the records acted on clear.
/// - `.appendSucceeded` / `.appendFailed`: settle a pending action. Only durable
///   records change what is shown; a failure shows a banner and changes nothing.
public func update(_ state: inout AppState, _ msg: Msg) -> [Effect] {
    state.handle(msg)
}

extension AppState {
    mutating func handle(_ msg: Msg) -> [Effect] {
        if viewsStale { finishReplay() }
        switch msg {
        case .key(let k):
            return handleKey(k)
        case .tick(let t):
            now = t
            if let s = status, t >= s.until { status = nil }
            // A gap in seq that outlives a whole tick will not fill: apply what is held.
            var fx: [Effect] = []
            if !held.isEmpty {
                if gapSeenAtTick { fx = applyRecords([], alarms: true, throughGaps: true) }
                gapSeenAtTick = held.isEmpty ? false : true
            } else {
                gapSeenAtTick = false
            }
            return fx + attentionTick() + refreshDeadlines(alarms: true)
        case .recordsAppended(let records):
            let fx = applyRecords(records, alarms: true)
            return fx + refreshDeadlines(alarms: true)
        case .appendSucceeded(let id, let records):
            // The desk's own actions (a self-escalation) say nothing in the footer: their
            // banner says it, and the officer's own results stay in view.
            let label = pending.first { $0.requestID == id && !$0.bySystem }?.label
            pending.removeAll { $0.requestID == id }
            let fx = applyRecords(records, alarms: true)
            if let label {
                if let owner = proposalOwner(records) {
                    setStatus("\(label): \(strings.sentAsProposal(owner))", role: .warning)
                } else {
                    setStatus("\(label): \(strings.done)", role: .ok)
                }
            }
            return fx + refreshDeadlines(alarms: true)
        case .clockBehind(let b):
            addBanner(
                Notice(
                    key: "clock-behind", text: strings.clockBehindBanner(b, zone: config.campaign.zone), role: .warning)
            )
            return []
        case .appendFailed(let id, let message):
            let action = pending.first { $0.requestID == id }
            let label = action?.label ?? "#\(id)"
            pending.removeAll { $0.requestID == id }
            if action?.bySystem == true {
                // The desk's own action, refused under the lock because another process of
                // the desk wrote it first (or the log failed, which the officer's own actions
                // report): nothing to tell; the next reminder decides it again if still due.
                return []
            }
            dropUndo(requestID: id)
            addBanner(Notice(key: "failed:\(id)", text: strings.appendFailedBanner(label, message), role: .danger))
            return []
        case .savedFiltersRead(let path, let read):
            takeSavedFilters(path: path, read)
            return []
        case .filterSaved(let name, let result):
            takeFilterSaved(name, result)
            return []
        case .resize(let w, let h):
            width = max(0, w)
            height = max(0, h)
            clampAll()
            return []
        case .logStatus(let s):
            logStatus = s
            // Why the log is read-only stays in view (the seq and field of a bad record, or
            // the open failure), not only the header's one word (issue 12, item 4 and 8).
            if case .readOnly(let reason) = s {
                addBanner(Notice(key: "log:read-only", text: strings.readOnlyBanner(reason), role: .danger))
            }
            return []
        case .verifying(let percent):
            verifyingPercent = percent.map { min(99, max(0, $0)) }
            return []
        }
    }

    mutating func setStatus(_ text: String, role: Role) {
        status = FooterMessage(text: text, role: role, until: now.adding(seconds: 8))
    }

    // MARK: keys

    /// Dispatches a key through the live keymaps (`activeKeymaps`, the same tables the
    /// footer and help show): help, form and filter line handle their own actions and
    /// typing; everything else is an action of the screen.
    mutating func handleKey(_ key: Key) -> [Effect] {
        if case .resize = key { return [] }
        let action = action(for: key)
        if let r = replaceNominee { return confirmReplacement(r, action) }
        if confirm != nil || acknowledgeFirst != nil { return confirmKey(action) }
        if helpVisible { return helpKey(action) }
        if form != nil { return formKey(key, action) }
        if prompt != nil { return promptKey(key, action) }
        if filterEditing { return filterKey(key, action) }
        if let action { return perform(action) }
        return []
    }

    mutating func helpKey(_ action: Action?) -> [Effect] {
        guard let a = action else { return [] }
        let page = max(1, Layout.make(self).body.height - 4)
        switch a {
        case .closeHelp:
            helpVisible = false
            helpScroll = 0
        case .down: helpScroll += 1
        case .up: helpScroll = max(0, helpScroll - 1)
        case .pageDown: helpScroll += page
        case .pageUp: helpScroll = max(0, helpScroll - page)
        default: break
        }
        helpScroll = min(helpScroll, max(0, helpLines(width: Layout.make(self).helpBox.width - 2).count - 1))
        return []
    }

    mutating func filterKey(_ key: Key, _ action: Action?) -> [Effect] {
        switch action {
        case .keepFilter?:
            filterEditing = false
            return []
        case .clearFilter?:
            clearFilter()
            return []
        default: break
        }
        var field = paneFilter(focus)
        let before = field.text
        if edit(&field, action, key), field.text != before { setPaneFilter(focus, field) }
        return []
    }

    /// The unit filter (issue 11, item 6): the list narrows to the selected alert's owning
    /// unit; when it is narrowed already, back to every unit. The selection follows its alert.
    mutating func toggleUnitFilter() {
        let id = selectedAlertID
        if store.unit != nil {
            store.setUnit(nil)
        } else if let i = currentAlertID().flatMap({ store.item(id: $0) }) {
            store.setUnit(i.unit)
        } else {
            setStatus(strings.noSelection, role: .warning)
            return
        }
        if let id { follow(alertID: id) }
        clampAll()
    }

    /// The units view's `.open`: the alerts pane filtered to row `i`'s unit (`U` clears it).
    mutating func showAlerts(ofUnit i: Int) {
        let units = domain.knownUnits
        guard i < units.count else { return }
        let id = selectedAlertID
        overlay = nil
        focus = .alerts
        store.setUnit(units[i].code)
        if let id { follow(alertID: id) }
        clampAll()
    }

    /// Row or scroll position `i` moved by a list key (`j`/`k`, page keys, first and last
    /// row), kept in `0…last`.
    static func stepped(_ i: Int, _ action: Action, page: Int, last: Int) -> Int {
        var to = i
        switch action {
        case .down: to += 1
        case .up: to -= 1
        case .pageDown: to += page
        case .pageUp: to -= page
        case .top: to = 0
        case .bottom: to = last
        default: break
        }
        return max(0, min(to, last))
    }

    /// Moves the units view's selection, keeping it in the rows the body shows.
    mutating func moveInUnits(_ action: Action, selected: Int, top: Int) {
        let n = domain.knownUnits.count
        guard n > 0 else { return }
        // The body's box (2 rows) and the table's header (1 row).
        let rows = max(1, Layout.make(self).body.height - 3)
        let i = Self.stepped(selected, action, page: rows, last: n - 1)
        var t = top
        if i < t { t = i }
        if i >= t + rows { t = i - rows + 1 }
        overlay = .units(selected: i, scroll: max(0, t))
    }

    /// Clears the focused pane's filter; the Alerts pane keeps the selected alert selected.
    mutating func clearFilter() {
        filterEditing = false
        switch focus {
        case .alerts:
            guard !filter.isEmpty else { return }
            filter = TextField()
            store.setQuery("")
            if let id = selectedAlertID { follow(alertID: id) }
        case .verification:
            guard !requestFilter.isEmpty else { return }
            requestFilter = TextField()
            refilterRequests()
        case .deadlines:
            guard !deadlineFilter.isEmpty else { return }
            deadlineFilter = TextField()
            refilterDeadlines()
        }
        clampAll()
    }

    mutating func formKey(_ key: Key, _ action: Action?) -> [Effect] {
        guard var f = form else { return [] }
        let i = f.focus
        let isText = !f.fields[i].isChoice
        if isText, action.map(\.isTextEditing) ?? true {
            let before = f.fields[i].editor.text
            if edit(&f.fields[i].editor, action, key) {
                if f.fields[i].editor.text != before {
                    f.fields[i].accepted = nil
                    f.fields[i].highlighted = 0
                    f.error = nil
                }
            }
            form = f
            return []
        }
        guard let action else { return [] }
        switch action {
        case .cancel:
            form = nil
            return []
        case .nextChoice, .previousChoice:
            let n = f.fields[i].choices.count
            if n > 0 { f.fields[i].choice = (f.fields[i].choice + (action == .nextChoice ? 1 : n - 1)) % n }
            f.error = nil
        case .nextCompletion, .previousCompletion:
            let n = completionMatches(f.fields[i], store: store, fold: fold).count
            if n > 0 {
                f.fields[i].highlighted = (f.fields[i].highlighted + (action == .nextCompletion ? 1 : n - 1)) % n
            }
        case .nextField:
            acceptCompletion(&f.fields[i])
            f.moveFocus(1)
        case .previousField:
            f.moveFocus(-1)
        case .submit:
            if isText { acceptCompletion(&f.fields[i]) }
            if case .alerts(let ids) = f.target, let bulk = BulkAction(f.kind) {
                return submitBulk(f, bulk, ids)
            }
            switch command(for: f) {
            case .failure(let reason):
                f.error = reason.message
            case .success(let cmd):
                // Replacing a unit's focal officer asks first (issue 13, item 6).
                if askBeforeReplacing(&f, cmd) { break }
                let (fx, err) = propose(cmd, label: actionLabel(f, cmd))
                if let err {
                    f.error = err
                } else {
                    form = nil
                    return fx
                }
            }
        default:
            break
        }
        form = f
        return []
    }

    /// A form filled once for many alerts: its command for each, then the confirmation. A
    /// reason that holds for all (a required field, or the domain refusing every alert) stays
    /// in the form with what was typed.
    mutating func submitBulk(_ f: FormState, _ bulk: BulkAction, _ ids: [String]) -> [Effect] {
        var f = f
        var commands: [String: Command] = [:]
        for id in ids {
            switch command(for: f, alertID: id) {
            case .failure(let reason):
                f.error = reason.message
                form = f
                return []
            case .success(let c): commands[id] = c
            }
        }
        if let why = prepareBulk(bulk, ids, { commands[$0] ?? .acknowledge(alertID: $0) }) {
            f.error = why
            form = f
            return []
        }
        form = nil
        return []
    }

    /// Takes the highlighted completion when the officer typed something that is not yet
    /// an accepted completion.
    func acceptCompletion(_ field: inout FormField) {
        guard !field.isChoice, field.accepted == nil, !field.editor.isEmpty else { return }
        let m = completionMatches(field, store: store, fold: fold)
        guard !m.isEmpty else { return }
        let c = m[min(field.highlighted, m.count - 1)]
        field.editor.setText(c.label)
        field.accepted = c
        field.highlighted = 0
    }

    /// What the footer and the undo stack call a submitted form's action: the form's title,
    /// or for a report the report in words with its document number.
    func actionLabel(_ f: FormState, _ cmd: Command) -> String {
        if case .submitReport(let kind, _, let alertID, let day, let reference) = cmd {
            let d = kind == .daily ? (day ?? config.campaign.zone.day(now)) : nil
            return strings.reportSubmittedLabel(
                strings.reportName(kind, alertID: alertID, day: d), reference: reference)
        }
        if case .handOver = cmd { return strings.handoverLabel }
        return formLabel(f)
    }

    /// `yyyy-MM-dd` as officers write it, `dd/MM/yyyy` (the text unchanged when not a day).
    static func ddMMyyyy(_ day: String) -> String {
        let p = day.split(separator: "-")
        return p.count == 3 ? "\(p[2])/\(p[1])/\(p[0])" : day
    }

    func formLabel(_ f: FormState) -> String {
        let title = strings.formTitle(f.kind)
        if case .alerts(let ids) = f.target { return "\(title) · \(strings.alertCount(ids.count))" }
        return f.target.label.isEmpty ? title : "\(title) \(f.target.label)"
    }

    // MARK: actions

    mutating func perform(_ action: Action) -> [Effect] {
        let s = strings
        switch action {
        case .quit:
            return [.quit]
        case .help:
            helpVisible = true
            helpScroll = 0
        case .nextPane:
            focus = Pane.allCases[(focus.rawValue + 1) % Pane.allCases.count]
            overlay = nil
        case .previousPane:
            focus = Pane.allCases[(focus.rawValue + Pane.allCases.count - 1) % Pane.allCases.count]
            overlay = nil
        case .focusAlerts:
            focus = .alerts
            overlay = nil
        case .focusVerification:
            focus = .verification
            overlay = nil
        case .focusDeadlines:
            focus = .deadlines
            overlay = nil
        case .viewUnits:
            overlay = .units(selected: 0, scroll: 0)
        case .handover:
            overlay = .handover(scroll: 0)
        case .writeHandover:
            openHandoverForm()
        case .readHandover:
            return readShownHandover()
        case .commandLine:
            prompt = CommandPrompt()
        case .zoom:
            zoomed.toggle()
            clampAll()
        case .filter:
            overlay = nil
            filterEditing = true
        case .dismissBanner:
            if !banners.isEmpty {
                banners.removeFirst()
                clampAll()
            }
        case .dismissAllBanners:
            if !banners.isEmpty {
                banners.removeAll()
                clampAll()
            }
        case .down, .up, .top, .bottom, .pageDown, .pageUp:
            move(action)
        case .open:
            if case .units(let i, _)? = overlay {
                showAlerts(ofUnit: i)
                return []
            }
            switch focus {
            case .alerts: if let id = currentAlertID() { overlay = .alertDetail(id: id, scroll: 0) }
            case .verification: if let r = selectedRequest { overlay = .requestDetail(id: r.id, scroll: 0) }
            case .deadlines:
                if isETAGroupRow(selected[.deadlines] ?? 0) {
                    toggleETAGroup()
                } else if let d = selectedDeadline {
                    overlay = .deadlineDetail(key: d.key, scroll: 0)
                }
            }
        case .sortLeft, .sortRight, .reverseSort:
            changeSort(action)
        case .filterUnit:
            toggleUnitFilter()
        case .back:
            if overlay != nil {
                overlay = nil
            } else if !paneFilter(focus).isEmpty {
                clearFilter()
            } else if store.unit != nil {
                toggleUnitFilter()
            } else if !marked.isEmpty {
                marked.removeAll()
            }
        case .undo:
            return undoLast()
        case .redo:
            return redoLast()
        case .mark:
            toggleMark()
        case .markAll:
            markAllShown()
        case .clearMarks:
            marked.removeAll()
        case let a where actsOnMarks && BulkAction(a) != nil:
            // Alerts are marked: the key acts on all of them (issue 13, item 5).
            if let b = BulkAction(a) { startBulk(b) }
        case .acknowledge:
            guard let id = alertTarget() else { return [] }
            return run(.acknowledge(alertID: id), label: s.acknowledgeLabel(id))
        case .assign, .escalate, .close, .snooze, .note, .merge, .share:
            guard let id = alertTarget() else { return [] }
            if refuseBeforeForm(action, id) { return [] }
            openAlertForm(action, target: .alert(id: id))
        case .answerProposal:
            guard let id = alertTarget() else { return [] }
            openProposalForm(id)
        case .reopen:
            guard let id = alertTarget() else { return [] }
            // Only a closed alert reopens (the domain's rule, `Decider`): say so at once rather
            // than ask for a reason the domain will refuse.
            if let a = domain.alerts[id], a.lifecycle.status != .closed {
                setStatus(DomainError.notClosed(id, status: a.lifecycle.status).text(language), role: .danger)
                return []
            }
            form = FormState(kind: .reopen, target: .alert(id: id), fields: [.text(.reason)])
        case .openRequest:
            form = FormState(
                kind: .openRequest, target: .none,
                fields: [
                    .choice(
                        .direction,
                        VerificationDirection.allCases.map { Choice(value: $0.rawValue, label: s.directionLong($0)) }),
                    .text(.counterpart, completions: .list(counterpartCandidates)),
                    .text(.subject),
                    .text(.dueDays, required: false),
                ])
        case .reply, .closeRequest:
            guard focus == .verification, let r = selectedRequest else {
                setStatus(s.notAvailableHere, role: .warning)
                return []
            }
            form =
                action == .reply
                ? FormState(kind: .reply, target: .request(id: r.id), fields: [.text(.text)])
                : FormState(kind: .closeRequest, target: .request(id: r.id), fields: [.text(.outcome, required: false)])
        case .nominate:
            var unit = ""
            if let d = selectedDeadline, d.key.hasPrefix("focal_officer_nomination:") {
                unit = String(d.key.split(separator: ":").last ?? "")
            }
            var f = FormState(
                kind: .nominate, target: .none,
                fields: [
                    .text(.unit, value: unit, completions: .list(nominatingUnitCandidates), mustComplete: true),
                    .text(.name), .text(.position), .text(.phone),
                ])
            if !unit.isEmpty, let c = nominatingUnitCandidates.first(where: { $0.value == unit }) {
                f.fields[0].editor.setText(c.label)
                f.fields[0].accepted = c
                f.focus = 1
            }
            form = f
        case .reportSubmitted:
            var kind = ReportKind.daily
            var day: String?
            var alert = ""
            if let d = selectedDeadline {
                switch d.subject {
                case .rapidReport(let a):
                    kind = .rapid
                    alert = a
                case .report(let k, let dd):
                    kind = k
                    day = dd
                default: break
                }
            }
            if kind == .daily, day == nil { day = config.campaign.zone.day(now) }
            let kinds = ReportKind.allCases
            form = FormState(
                kind: .report, target: .report(day: kind == .daily ? day : nil),
                fields: [
                    .choice(
                        .reportKind, kinds.map { Choice(value: $0.rawValue, label: s.reportKind($0)) },
                        selected: kinds.firstIndex(of: kind) ?? 0),
                    .text(
                        .alertID, value: alert, completions: .alertIDs,
                        onlyWhen: (.reportKind, ReportKind.rapid.rawValue)),
                    .text(
                        .reportDay, value: Self.ddMMyyyy(day ?? config.campaign.zone.day(now)),
                        onlyWhen: (.reportKind, ReportKind.daily.rawValue)),
                    .text(.unit, required: false, completions: .list(unitCandidates)),
                    .text(.reference, required: false),
                ])
        default:
            break
        }
        return []
    }

    /// Proposes a command outside a form; a refusal shows in the footer.
    mutating func run(_ command: Command, label: String) -> [Effect] {
        let (fx, err) = propose(command, label: label)
        if let err { setStatus(err, role: .danger) }
        return fx
    }

    /// The alert the alert keys act on: the detail view's, or the selected row's.
    mutating func alertTarget() -> String? {
        if case .alertDetail(let id, _)? = overlay { return id }
        guard focus == .alerts else {
            setStatus(strings.notAvailableHere, role: .warning)
            return nil
        }
        guard let id = currentAlertID() else {
            setStatus(strings.noSelection, role: .warning)
            return nil
        }
        return id
    }

    /// The answer form: the alert's open proposals, accept or decline, a decline's reason
    /// (optional). Said at once when there is none, or when this desk does not own the alert.
    mutating func openProposalForm(_ id: String) {
        guard let a = domain.alerts[id] else { return }
        let open = domain.proposals(of: a).filter { $0.status == .open }
        if open.isEmpty {
            setStatus(strings.noOpenProposal(id), role: .warning)
            return
        }
        if domain.proposes(on: a) {
            setStatus(
                DomainError.notOwningUnit(id, owner: domain.owningUnit(of: a) ?? a.ownerDesk).text(language),
                role: .danger)
            return
        }
        let s = strings
        form = FormState(
            kind: .answerProposal, target: .alert(id: id),
            fields: [
                .choice(.proposal, open.map { Choice(value: String($0.number), label: s.proposalLabel($0)) }),
                .choice(
                    .answer,
                    [Choice(value: "accept", label: s.acceptWord), Choice(value: "decline", label: s.declineWord)]),
                .text(.reason, required: false),
            ])
    }

    /// Opens the form of `action` for `target`: one alert, or every marked alert
    /// (`FormTarget.alerts`, filled once for all).
    mutating func openAlertForm(_ action: Action, target: FormTarget) {
        let s = strings
        let id = target.alertID
        switch action {
        case .assign:
            form = FormState(
                kind: .assign, target: target,
                fields: [.text(.assignee, completions: .list(assigneeCandidates))])
        case .escalate:
            form = FormState(
                kind: .escalate, target: target,
                fields: [
                    .choice(
                        .escalationTarget,
                        [
                            Choice(
                                value: EscalationTarget.division1.rawValue,
                                label: s.escalationTarget(EscalationTarget.division1.rawValue)),
                            Choice(
                                value: EscalationTarget.coordinationBoard.rawValue,
                                label: s.escalationTarget(EscalationTarget.coordinationBoard.rawValue)),
                        ]),
                    .text(.reason, required: false),
                ])
        case .close:
            let seizure = DispositionKind.seized.rawValue
            form = FormState(
                kind: .close, target: target,
                fields: [
                    .choice(
                        .disposition,
                        closeFormDispositions.map { Choice(value: $0.rawValue, label: s.disposition($0)) }),
                    .text(.commodity, onlyWhen: (.disposition, seizure)),
                    .text(.quantity, onlyWhen: (.disposition, seizure)),
                    .choice(
                        .quantityUnit,
                        ["kg", "pieces", "individuals", "g", "m3", "litres"].map {
                            Choice(value: $0, label: s.quantityUnit($0))
                        }, onlyWhen: (.disposition, seizure)),
                    // Goods are often both counted and weighed (issue 13, item 6: every measure).
                    .text(.quantity2, required: false, onlyWhen: (.disposition, seizure)),
                    .choice(
                        .quantityUnit2,
                        ["pieces", "kg", "individuals", "g", "m3", "litres"].map {
                            Choice(value: $0, label: s.quantityUnit($0))
                        }, onlyWhen: (.disposition, seizure)),
                    .text(.seizedAt, required: false, onlyWhen: (.disposition, seizure)),
                    .text(
                        .counterpart, completions: .list(partnerCandidates), mustComplete: true,
                        onlyWhen: (.disposition, DispositionKind.referredToPartner.rawValue)),
                ])
        case .snooze:
            form = FormState(
                kind: .snooze, target: target,
                fields: [
                    .choice(.duration, [15, 60, 240].map { Choice(value: String($0), label: s.snooze($0)) })
                ])
        case .note:
            form = FormState(kind: .note, target: target, fields: [.text(.text)])
        case .merge:
            form = FormState(
                kind: .merge, target: target,
                fields: [
                    .text(
                        .duplicateOf,
                        completions: .mergeTargets(
                            suggested: id.isEmpty ? [] : duplicates.candidates(of: id), excluding: id))
                ])
        case .share:
            // Every level, the current one selected; a desk outside the owning unit may only
            // narrow it, which the domain says if it tries otherwise (issue 11, item 4).
            let levels = SharingLevel.allCases
            let current = domain.alerts[id]?.sharing ?? .standard
            form = FormState(
                kind: .share, target: target,
                fields: [
                    .choice(
                        .sharing, levels.map { Choice(value: $0.rawValue, label: s.sharingLevel($0)) },
                        selected: levels.firstIndex(of: current) ?? 0)
                ])
        default:
            break
        }
    }

    // MARK: selection

    func rowCount(_ p: Pane) -> Int {
        switch p {
        case .alerts: return store.visibleCount
        case .verification: return requests.count
        case .deadlines: return shownDeadlineCount
        }
    }

    var selectedRequest: VerificationItem? {
        let i = selected[.verification] ?? 0
        return i < requests.count ? requests[i] : nil
    }

    var selectedDeadline: DeadlineItem? {
        let i = selected[.deadlines] ?? 0
        return i < shownDeadlineCount ? shownDeadline(i) : nil
    }

    func currentAlertID() -> String? {
        let i = selected[.alerts] ?? 0
        return i < store.visibleCount ? store.visible(i).id : nil
    }

    mutating func move(_ action: Action) {
        if case .units(let i, let top)? = overlay {
            moveInUnits(action, selected: i, top: top)
            return
        }
        if let ov = overlay {
            let sc: Int
            switch ov {
            case .alertDetail(_, let s), .deadlineDetail(_, let s), .requestDetail(_, let s), .handover(let s): sc = s
            case .units: return
            }
            let to = Self.stepped(sc, action, page: max(1, Layout.make(self).body.height - 3), last: 10_000)
            switch ov {
            case .alertDetail(let id, _): overlay = .alertDetail(id: id, scroll: to)
            case .deadlineDetail(let k, _): overlay = .deadlineDetail(key: k, scroll: to)
            case .requestDetail(let id, _): overlay = .requestDetail(id: id, scroll: to)
            case .handover: overlay = .handover(scroll: to)
            case .units: break
            }
            return
        }
        let p = focus
        let n = rowCount(p)
        guard n > 0 else { return }
        selected[p] = Self.stepped(selected[p] ?? 0, action, page: max(1, Layout.make(self).rows(p)), last: n - 1)
        if p == .alerts { selectedAlertID = currentAlertID() }
        clamp(p)
    }

    /// `<` / `>` move the sort to the column left or right of the current one (staying at
    /// the ends), in its starting direction (`AlertSort.initial`); `I` reverses it. The
    /// selection stays on the same alert. One sort of the list (`AlertStore.setSort`).
    mutating func changeSort(_ action: Action) {
        var sort = store.sort
        let columns = AlertSortColumn.allCases
        switch action {
        case .reverseSort:
            sort.descending.toggle()
        default:
            let i = sort.column.rawValue + (action == .sortLeft ? -1 : 1)
            guard columns.indices.contains(i) else { return }
            sort = AlertSort.initial(columns[i])
        }
        let keep = currentAlertID()
        store.setSort(sort)
        if let keep { follow(alertID: keep) }
        clamp(.alerts)
        selectedAlertID = currentAlertID()
    }

    /// Puts the selection back on `alertID` after rows moved (or keeps the row index).
    mutating func follow(alertID: String) {
        if let r = store.row(of: alertID) { selected[.alerts] = r }
    }

    mutating func clampAll() {
        for p in Pane.allCases { clamp(p) }
    }

    /// Keeps the selection inside the rows and the scroll around the selection.
    mutating func clamp(_ p: Pane) {
        let n = rowCount(p)
        var i = min(selected[p] ?? 0, max(0, n - 1))
        if i < 0 { i = 0 }
        selected[p] = i
        let rows = max(1, Layout.make(self).rows(p))
        var top = scroll[p] ?? 0
        if i < top { top = i }
        if i >= top + rows { top = i - rows + 1 }
        top = max(0, min(top, max(0, n - rows)))
        scroll[p] = top
    }
}
