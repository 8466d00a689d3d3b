// The domain bridge, commands out: a submitted form → a domain command → proposed events.
import DutyDeskDomain
import DutyDeskJSON
import TerminalKit

/// Why a form cannot be sent (shown in the form).
struct FormError: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}

extension AppState {
    /// Proposes `command`: decides it against the projection and returns the append effect,
    /// or shows the domain's refusal. Nothing changes on screen until the append is durable.
    mutating func propose(_ command: Command, label: String) -> (effects: [Effect], error: String?) {
        proposeAll([command], label: label)
    }

    /// Proposes `commands` as one action: each decided against the projection (they act on
    /// different alerts), all their events in one append (one batch: all or none is durable),
    /// or the first refusal and nothing sent. An alert action goes on the undo stack as
    /// `undoLabel` (default `label`) and empties the redo list.
    mutating func proposeAll(
        _ commands: [Command], label: String, undoLabel: String? = nil
    ) -> (effects: [Effect], error: String?) {
        if case .readOnly = logStatus { return ([], strings.readOnlyRefusal) }
        var n = nextEventNumber
        let prefix = config.eventIDPrefix
        var events: [ProposedEvent] = []
        for command in commands {
            let result = decide(
                command, state: domain, actor: config.officer, now: now,
                newID: {
                    defer { n += 1 }
                    return "\(prefix)-\(n)"
                })
            switch result {
            case .failure(let e): return ([], refusalText(e))
            case .success(let e): events += e
            }
        }
        guard !events.isEmpty else { return ([], nil) }
        nextEventNumber = n
        let id = send(events, label: label)
        if commands.allSatisfy(Self.isUndoable) {
            pushUndo(
                UndoEntry(label: undoLabel ?? label, commands: commands, eventIDs: events.map(\.id), requestID: id))
            redoStack.removeAll()
        }
        return ([.append(requestID: id, events: events)], nil)
    }

    /// Lists `events` as a pending action called `label` and returns its request id.
    mutating func send(_ events: [ProposedEvent], label: String) -> Int {
        let id = nextRequestID
        nextRequestID += 1
        let ids = events.flatMap { $0.subjects.alertIDs }
        pending.append(PendingAction(requestID: id, label: label, alertIDs: ids))
        return id
    }

    /// The owning unit of the alert when one of `records` is a proposal the fold kept (this
    /// desk is outside the alert's owning unit; issue 11, item 5), else nil.
    func proposalOwner(_ records: [RecordedEvent]) -> String? {
        for r in records {
            guard let id = r.subjects.alertID, let a = domain.alerts[id],
                domain.proposals(of: a).contains(where: { $0.eventID == r.id })
            else { continue }
            return domain.owningUnit(of: a) ?? a.ownerDesk
        }
        return nil
    }

    /// The domain's refusal in the officer's language; a refusal that asks to "reopen it
    /// first" also names the key that does (`Action.reopen`).
    func refusalText(_ e: DomainError) -> String {
        switch e {
        case .alertClosed, .alertMergedClosed:
            return e.text(language) + strings.reopenHint(Keymaps.keyLabel(of: .reopen, in: Keymaps.alerts))
        default: return e.text(language)
        }
    }

    /// The command a submitted form asks for, or the reason it cannot be sent. `alertID`: the
    /// alert it acts on, for a form filled once for many (`FormTarget.alerts`); default the
    /// form's own target.
    func command(for f: FormState, alertID: String? = nil) -> Result<Command, FormError> {
        let target = alertID ?? f.target.alertID
        let s = strings
        // Required visible fields first, with the field's name in the message.
        for i in f.visibleIndices where f.fields[i].required && f.fields[i].value.isEmpty {
            return .failure(FormError("\(s.field(f.fields[i].key)) \(s.required)"))
        }
        for i in f.visibleIndices where f.fields[i].mustComplete {
            let v = f.fields[i].value
            guard case .list(let all) = f.fields[i].completions else { continue }
            if !all.contains(where: { $0.value == v }) {
                return .failure(FormError("\(s.field(f.fields[i].key)): «\(f.fields[i].editor.text)» \(s.notInList)"))
            }
        }
        func v(_ k: FieldKey) -> String { f.value(k) ?? "" }
        switch f.kind {
        case .assign:
            let raw = v(.assignee)
            let assignee: Assignee
            if let picked = f.accepted(.assignee)?.assignee {
                assignee = picked
            } else if config.campaign.unit(raw) != nil {
                assignee = Assignee(kind: .unit, id: raw)
            } else if config.campaign.partner(raw) != nil {
                assignee = Assignee(kind: .partner, id: raw)
            } else {
                assignee = Assignee(kind: .officer, id: raw)
            }
            return .success(.assign(alertID: target, to: assignee))
        case .escalate:
            guard let t = EscalationTarget(rawValue: v(.escalationTarget)) else {
                return .failure(FormError(s.field(.escalationTarget)))
            }
            let reason = v(.reason)
            return .success(.escalate(alertID: target, to: t, reason: reason.isEmpty ? nil : reason))
        case .close:
            switch DispositionKind(rawValue: v(.disposition)) {
            case .seized?:
                // `12,5` and `12.5` alike; grouped or ambiguous thousands refused (issue 14, item 1).
                let amount: String
                do throws(DecimalInput.Problem) {
                    amount = try DecimalInput.parse(v(.quantity))
                } catch {
                    return .failure(FormError("\(s.field(.quantity)): \(error.text(s.language))"))
                }
                var measures = [Measure(amount: amount, unit: v(.quantityUnit))]
                if !v(.quantity2).isEmpty {
                    do throws(DecimalInput.Problem) {
                        measures.append(Measure(amount: try DecimalInput.parse(v(.quantity2)), unit: v(.quantityUnit2)))
                    } catch {
                        return .failure(FormError("\(s.field(.quantity2)): \(error.text(s.language))"))
                    }
                }
                // The seizure time as entered (the rapid report states it), empty: now.
                var seizedAt: RFC3339Timestamp?
                if !v(.seizedAt).isEmpty {
                    do throws(VietnameseDateError) {
                        seizedAt = try VietnameseDate.parse(
                            v(.seizedAt), offsetSeconds: config.campaign.zone.offsetSeconds)
                    } catch {
                        return .failure(FormError("\(s.field(.seizedAt)): «\(v(.seizedAt))» \(s.notADateTime)"))
                    }
                }
                return .success(
                    .close(
                        alertID: target,
                        disposition: .seized(commodity: v(.commodity), species: [], quantity: measures),
                        seizedAt: seizedAt))
            case .noFinding?:
                return .success(.close(alertID: target, disposition: .noFinding))
            case .falseAlarm?:
                return .success(.close(alertID: target, disposition: .falseAlarm))
            case .referredToPartner?:
                return .success(.close(alertID: target, disposition: .referredToPartner(v(.counterpart))))
            case .duplicateOf?, nil:
                return .failure(FormError(s.field(.disposition)))
            }
        case .snooze:
            let minutes = Int(v(.duration)) ?? 15
            return .success(.snooze(alertID: target, until: now.adding(seconds: minutes * 60)))
        case .note:
            return .success(.addNote(alertID: target, text: v(.text)))
        case .handover:
            return .success(.handOver(note: v(.text)))
        case .merge:
            return .success(.merge(duplicate: target, into: v(.duplicateOf)))
        case .reopen:
            return .success(.reopen(alertID: target, reason: v(.reason)))
        case .share:
            guard let level = SharingLevel(rawValue: v(.sharing)) else { return .failure(FormError(s.field(.sharing))) }
            return .success(.changeSharing(alertID: target, level: level))
        case .answerProposal:
            let accept = v(.answer) == "accept"
            let reason = v(.reason)
            return .success(
                .answerProposal(
                    alertID: target, proposal: v(.proposal), accept: accept,
                    reason: accept || reason.isEmpty ? nil : reason))
        case .openRequest:
            let dir = VerificationDirection(rawValue: v(.direction)) ?? .incoming
            var due: RFC3339Timestamp?
            let daysText = v(.dueDays)
            if !daysText.isEmpty {
                guard let days = Int(daysText), days > 0, days <= 3650 else {
                    return .failure(FormError("\(s.field(.dueDays)): «\(daysText)» \(s.notANumber)"))
                }
                due = now.adding(seconds: days * 86_400)
            }
            return .success(
                .openVerification(direction: dir, counterpart: v(.counterpart), subject: v(.subject), due: due))
        case .reply:
            return .success(.replyVerification(requestID: f.target.requestID, summary: v(.text)))
        case .closeRequest:
            let o = v(.outcome)
            return .success(.closeVerification(requestID: f.target.requestID, outcome: o.isEmpty ? nil : o))
        case .nominate:
            return .success(
                .nominateFocalOfficer(unit: v(.unit), name: v(.name), position: v(.position), phone: v(.phone)))
        case .report:
            // Every option of `dutydesk report submit`: kind, alert, day, unit, reference.
            let unit = v(.unit).isEmpty ? nil : v(.unit)
            let reference = v(.reference).isEmpty ? nil : v(.reference)
            switch ReportKind(rawValue: v(.reportKind)) ?? .final {
            case .rapid:
                return .success(.submitReport(kind: .rapid, unit: unit, alertID: v(.alertID), reference: reference))
            case .daily:
                let typed = v(.reportDay)
                let p = typed.split(separator: "/")
                guard p.count == 3, p[0].count == 2, p[1].count == 2, p[2].count == 4,
                    p.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
                else { return .failure(FormError("\(s.field(.reportDay)): «\(typed)» \(s.notADate)")) }
                return .success(
                    .submitReport(kind: .daily, unit: unit, day: "\(p[2])-\(p[1])-\(p[0])", reference: reference))
            case .final:
                return .success(.submitReport(kind: .final, unit: unit, reference: reference))
            }
        }
    }
}
