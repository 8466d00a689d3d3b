import DutyDeskDomain
import TerminalKit

/// The modal forms behind the action keys (issue 4, item 3).
public enum FormKind: String, Sendable, Hashable, CaseIterable {
    case assign, escalate, close, snooze, note, merge, reopen, share
    /// Accept or decline a proposal (issue 11, item 5).
    case answerProposal
    case openRequest, reply, closeRequest
    case nominate, report
    /// The shift handover's note (issue 13, item 8).
    case handover
}

/// The fields a form can have.
public enum FieldKey: String, Sendable, Hashable, CaseIterable {
    case assignee, reason, disposition, commodity, quantity, quantityUnit, duration, text, duplicateOf
    case direction, counterpart, subject, dueDays, unit, name, position, phone, reportKind, outcome, alertID
    case sharing
    /// Where an escalation goes (Division 1 or the Coordination Board).
    case escalationTarget
    /// The proposal answered, and the answer (accept or decline).
    case proposal, answer
    /// A submitted report's document number, and the day a daily update is for (dd/MM/yyyy).
    case reference, reportDay
    /// When the goods were seized, `dd/MM/yyyy HH:mm` in the campaign zone (empty: now).
    case seizedAt
    /// A seizure's second measure, optional (counted and weighed: `50` pieces and `72,5` kg).
    case quantity2, quantityUnit2
}

/// One option of a choice field: the value the command needs and the label shown.
struct Choice: Sendable, Equatable {
    var value: String
    var label: String
}

/// One completion candidate: the value the command needs (a unit or partner code, an
/// officer or alert id), the label shown (`HQLS · Lạng Sơn Customs Department`), its folded
/// text for matching, and for assignee candidates the typed assignee it stands for.
struct Completion: Sendable, Equatable {
    var value: String
    var label: String
    var folded: String
    var assignee: Assignee? = nil
}

/// What a form acts on: typed, so no command parses it back out of a string.
public enum FormTarget: Sendable, Hashable {
    case none
    case alert(id: String)
    case request(id: String)
    /// The report form; `day` (`yyyy-MM-dd`, campaign zone) is the day a daily update is for
    /// by default (the form's day field starts with it). The form's title names no day: the
    /// label of the action names the report in words (`Strings.reportName`).
    case report(day: String?)
    /// Every marked alert, in list order: the form is filled once for all (issue 13, item 5).
    case alerts(ids: [String])

    /// The alert id, request id or day it names, "" for none and for many alerts (the
    /// form's title counts those; shown after the form's title).
    public var label: String {
        switch self {
        case .none, .report, .alerts: ""
        case .alert(let id), .request(let id): id
        }
    }
    /// The alert id (alert forms), "" otherwise.
    var alertID: String {
        if case .alert(let id) = self { return id }
        return ""
    }
    /// The request id (request forms), "" otherwise.
    var requestID: String {
        if case .request(let id) = self { return id }
        return ""
    }
}

/// Where a text field's completions come from.
enum CompletionSource: Sendable, Equatable {
    case none
    case list([Completion])
    /// Alert ids of the store (too many to copy: matched when asked).
    case alertIDs
    /// The alert a duplicate is merged into (issue 13, item 4): the possible duplicates
    /// (`DuplicateIndex`) first, then alerts whose id or subject matches what is typed;
    /// never `excluding` (the duplicate itself).
    case mergeTargets(suggested: [String], excluding: String)
}

/// One field of a form: a text field (with optional completion) or a choice.
struct FormField: Sendable, Equatable {
    var key: FieldKey
    var choices: [Choice] = []
    var choice: Int = 0
    var editor = TextField()
    var completions: CompletionSource = .none
    /// Highlighted completion among the current matches.
    var highlighted: Int = 0
    /// The completion the officer accepted; cleared when the text changes.
    var accepted: Completion?
    var required: Bool = true
    /// When the text must be one of the completions (e.g. a unit code).
    var mustComplete: Bool = false
    /// Shown only while another field has this value (seizure details, partner).
    var onlyWhen: (key: FieldKey, value: String)?

    var isChoice: Bool { !choices.isEmpty }

    static func == (a: FormField, b: FormField) -> Bool {
        a.key == b.key && a.choices == b.choices && a.choice == b.choice && a.editor == b.editor
            && a.completions == b.completions && a.highlighted == b.highlighted && a.accepted == b.accepted
            && a.required == b.required && a.mustComplete == b.mustComplete
            && a.onlyWhen?.key == b.onlyWhen?.key && a.onlyWhen?.value == b.onlyWhen?.value
    }

    static func text(
        _ key: FieldKey, required: Bool = true, value: String = "", completions: CompletionSource = .none,
        mustComplete: Bool = false, onlyWhen: (FieldKey, String)? = nil
    ) -> FormField {
        var f = FormField(key: key)
        f.editor = TextField(value)
        f.required = required
        f.completions = completions
        f.mustComplete = mustComplete
        f.onlyWhen = onlyWhen.map { (key: $0.0, value: $0.1) }
        return f
    }

    static func choice(_ key: FieldKey, _ choices: [Choice], selected: Int = 0, onlyWhen: (FieldKey, String)? = nil)
        -> FormField
    {
        var f = FormField(key: key)
        f.choices = choices
        f.choice = min(max(0, selected), max(0, choices.count - 1))
        f.onlyWhen = onlyWhen.map { (key: $0.0, value: $0.1) }
        return f
    }

    /// The raw value: the chosen option, the accepted completion, or the trimmed text.
    var value: String {
        if isChoice { return choices.isEmpty ? "" : choices[choice].value }
        if let a = accepted, a.label == editor.text { return a.value }
        return editor.text.trimmingSpaces
    }
}

/// An open form: what it acts on, its fields, the focused field and the last error.
public struct FormState: Sendable, Equatable {
    public let kind: FormKind
    /// What it acts on (an alert, a request, a report's day).
    public let target: FormTarget
    var fields: [FormField]
    var focus: Int = 0
    /// Why the last submit was refused (validation here or the domain's reason).
    public var error: String?

    init(kind: FormKind, target: FormTarget, fields: [FormField]) {
        self.kind = kind
        self.target = target
        self.fields = fields
        focus = visibleIndices.first ?? 0
    }

    func isVisible(_ i: Int) -> Bool {
        guard i < fields.count else { return false }
        guard let cond = fields[i].onlyWhen else { return true }
        return fields.first { $0.key == cond.key }?.value == cond.value
    }

    var visibleIndices: [Int] { fields.indices.filter(isVisible) }

    /// The completion the officer accepted in a visible field (its text unchanged since).
    func accepted(_ key: FieldKey) -> Completion? {
        guard let i = fields.firstIndex(where: { $0.key == key }), isVisible(i), let a = fields[i].accepted,
            a.label == fields[i].editor.text
        else { return nil }
        return a
    }

    /// The value of a visible field, or nil when the field is hidden or absent.
    func value(_ key: FieldKey) -> String? {
        guard let i = fields.firstIndex(where: { $0.key == key }), isVisible(i) else { return nil }
        return fields[i].value
    }

    mutating func moveFocus(_ delta: Int) {
        let vis = visibleIndices
        guard !vis.isEmpty else { return }
        let pos = vis.firstIndex(of: focus) ?? 0
        focus = vis[(pos + delta + vis.count) % vis.count]
    }
}

/// Completion matching: every word of the typed text must start a word of the candidate,
/// ignoring case and diacritics (the domain's `SearchFold`), so "lang son" finds "Lạng Sơn";
/// a candidate whose value is what was typed comes first.
func completionMatches(_ field: FormField, store: AlertStore, fold: (String) -> String, limit: Int = 6) -> [Completion]
{
    let typed = field.editor.text
    if let a = field.accepted, a.label == typed { return [] }
    let q = fold(typed.trimmingSpaces)
    switch field.completions {
    case .none: return []
    case .list(let all):
        if q.isEmpty { return Array(all.prefix(limit)) }
        let words = q.split(separator: " ")
        var out: [Completion] = []
        // A candidate whose value is exactly what was typed comes first ("HQHN" is Hà Nội,
        // not HQHNN, Hà Nam Ninh, even when the list puts HQHNN before it).
        if let exact = all.first(where: { fold($0.value) == q }) { out.append(exact) }
        for c in all where c != out.first {
            let cw = c.folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            if words.allSatisfy({ w in cw.contains { $0.hasPrefix(w) } }) {
                out.append(c)
                if out.count == limit { break }
            }
        }
        return out
    case .mergeTargets(let suggested, let excluding):
        var ids = suggested.filter { q.isEmpty || idMatches($0, Array(q.utf8)) || store.matches(typed, id: $0) }
        if !q.isEmpty {
            let more = completionMatches(
                FormField(key: field.key, editor: field.editor, completions: .alertIDs), store: store, fold: fold,
                limit: limit + 1
            ).map(\.value)
            for id in more + store.subjectMatches(typed, limit: limit + 1) where !ids.contains(id) { ids.append(id) }
        }
        return ids.filter { $0 != excluding }.prefix(limit).compactMap { id in
            store.item(id: id).map { Completion(value: id, label: id + " · " + $0.subject, folded: fold(id)) }
        }
    case .alertIDs:
        // 100 000 ids: compare bytes without allocating, keep the `limit` smallest matches.
        let qb = Array(q.utf8)
        guard !qb.isEmpty else { return [] }
        var best: [String] = []
        for id in store.ids where idMatches(id, qb) {
            if best.count == limit, let last = best.last, id >= last { continue }
            let at = best.firstIndex { id < $0 } ?? best.count
            best.insert(id, at: at)
            if best.count > limit { best.removeLast() }
        }
        return best.compactMap { id in
            store.item(id: id).map { Completion(value: id, label: id + " · " + $0.subject, folded: fold(id)) }
        }
    }
}

/// True when the id starts or ends with `q` (ASCII case-insensitive): "a-00" and "42"
/// both find "A-0042".
func idMatches(_ id: String, _ q: [UInt8]) -> Bool {
    var id = id
    return id.withUTF8 { b in
        guard b.count >= q.count else { return false }
        @inline(__always) func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }
        var prefix = true
        var suffix = true
        let off = b.count - q.count
        for i in 0..<q.count {
            if prefix, lower(b[i]) != q[i] { prefix = false }
            if suffix, lower(b[off + i]) != q[i] { suffix = false }
            if !prefix && !suffix { return false }
        }
        return true
    }
}
