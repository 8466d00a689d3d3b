// Focal-officer nominations in the dashboard (letter 4237, item 9; issue 13, item 6): the
// form offers the units that have not nominated first; replacing a unit's focal officer asks
// first, naming the one replaced; the earlier nominees stay in view (the log keeps them all).
import DutyDeskDomain
import TerminalKit

/// The question before a nomination replaces a unit's focal officer: `y` sends `command`,
/// any other key leaves the form open as it was.
struct NomineeReplacement: Sendable, Equatable {
    /// The nomination the form asks for (the domain accepted it when the question opened).
    var command: Command
    /// The unit's focal officer now, whom it replaces.
    var current: FocalOfficerNomination
    /// The name of the nominee the form gives.
    var newName: String
    /// The action's label (footer, pending list).
    var label: String
}

extension AppState {
    /// The nominating units for the form's unit field: those with no focal officer yet first,
    /// then the nominated ones, each group in the campaign's order.
    var nominatingUnitCandidates: [Completion] {
        let units = config.campaign.nominatingUnits
        let outstanding = units.filter { domain.nominations[$0.code] == nil }
        let nominated = units.filter { domain.nominations[$0.code] != nil }
        return (outstanding + nominated).map { u in
            Completion(
                value: u.code, label: "\(u.code) · \(strings.unitName(u))",
                folded: fold("\(u.code) \(u.nameVI) \(u.nameEN)"))
        }
    }

    /// A submitted nomination for a unit that has a focal officer: the domain's refusal, if
    /// any, in the form (before asking), else the question (`NomineeReplacement`). False when
    /// the unit has none: the nomination is sent at once.
    mutating func askBeforeReplacing(_ f: inout FormState, _ cmd: Command) -> Bool {
        guard case .nominateFocalOfficer(let unit, let name, _, _, _) = cmd, let current = domain.nominations[unit]
        else { return false }
        if case .readOnly = logStatus {
            f.error = strings.readOnlyRefusal
            return true
        }
        if case .failure(let e) = decide(cmd, state: domain, actor: config.officer, now: now, newID: { "" }) {
            f.error = refusalText(e)
            return true
        }
        f.error = nil
        replaceNominee = NomineeReplacement(
            command: cmd, current: current, newName: name.trimmingSpaces, label: actionLabel(f, cmd))
        return true
    }

    /// The key pressed while the replacement question shows: `y` sends the nomination (a
    /// refusal shows in the form, its input kept); anything else cancels, and the form stays
    /// open with what was typed.
    mutating func confirmReplacement(_ r: NomineeReplacement, _ action: Action?) -> [Effect] {
        replaceNominee = nil
        guard action == .confirm else {
            setStatus(strings.nomineeNotReplaced(r.current.unit), role: .warning)
            return []
        }
        let (fx, err) = propose(r.command, label: r.label)
        if let err {
            form?.error = err
            return []
        }
        form = nil
        return fx
    }
}

extension Renderer {
    /// The replacement question: the unit, its focal officer now and when they were
    /// nominated, the one the form gives, and the keys.
    mutating func drawReplaceNominee(_ r: NomineeReplacement, _ g: inout Grid) {
        let c = r.current
        let unit = s.config.campaign.unit(c.unit).map { "\(c.unit) · \(str.unitName($0))" } ?? c.unit
        drawPrompt(
            title: str.replaceNomineeTitle(c.unit),
            text: str.replaceNomineeQuestion(
                unit: unit, current: "\(c.name) (\(c.position), \(c.phone))", nominatedAt: dateTime(c.nominatedAt),
                new: r.newName), &g)
    }

    /// `↳ replaced: Lê Văn B · Đội phó · 0912345678 · 01/09/2021 08:00` for each nomination
    /// `unit`'s current one replaced, newest first (the deadline detail of the nominations).
    func earlierNomineeLines(_ unit: String, indent: String) -> [Line] {
        (s.domain.earlierNominations[unit] ?? []).reversed().map { n in
            (
                indent + str.replacedNominee("\(n.name) · \(n.position) · \(n.phone) · \(dateTime(n.nominatedAt))"),
                Style(.muted)
            )
        }
    }
}

extension Strings {
    /// The replacement question's title.
    func replaceNomineeTitle(_ unit: String) -> String {
        t("Replace the focal officer of \(unit)?", "Thay cán bộ đầu mối của \(unit)?")
    }
    /// "HQHN · Hà Nội … already has a focal officer: Trần Thị Lan (Kiểm soát viên, 0912345678),
    /// nominated 2021-09-01 11:55. Replace them with Lê Văn B? The log keeps both."
    func replaceNomineeQuestion(unit: String, current: String, nominatedAt: String, new: String) -> String {
        t(
            "\(unit) already has a focal officer: \(current), nominated \(nominatedAt). Replace them with \(new)? The log keeps both nominations.",
            "\(unit) đã có cán bộ đầu mối: \(current), cử lúc \(nominatedAt). Thay bằng \(new)? Nhật ký vẫn giữ cả hai lần cử."
        )
    }
    /// The footer after the question was cancelled.
    func nomineeNotReplaced(_ unit: String) -> String {
        t(
            "The focal officer of \(unit) was not replaced; the form is as you left it.",
            "Chưa thay cán bộ đầu mối của \(unit); biểu mẫu vẫn giữ nội dung đã nhập.")
    }
    /// A nominee a later nomination replaced.
    func replacedNominee(_ who: String) -> String { t("↳ replaced: \(who)", "↳ đã thay: \(who)") }
    /// The units view's note of earlier nominees after the current one.
    func earlierNominees(_ n: Int) -> String { t("\(n) earlier", "\(n) người trước") }
}
