// The lines of a deadline's detail view.
import DutyDeskDomain
import TerminalKit

extension Renderer {
    func deadlineDetailLines(_ key: String) -> [Line] {
        guard let d = s.deadlineItem(key: key) else { return [(key + " ?", Style(.danger))] }
        var pairs: [(String, String?)] = [
            (str.colConcerns, d.label(lang)),
            (str.colDue, dateTime(d.due) + " " + zone.name),
            (
                str.colState,
                d.state.symbol + " " + str.deadlineWord(d.state) + (d.countdown.isEmpty ? "" : " · " + d.countdown)
            ),
            (
                str.sourceRule,
                str.ruleSource(d.rule, letter: s.config.campaign.letterReference)
            ),
        ]
        var out: [Line] = []
        switch d.subject {
        case .focalOfficers:
            out = fieldLines(pairs)
            out.append(("", Style()))
            let missing = s.unitsWithoutFocalOfficer
            out.append(
                (
                    str.notNominatedYet(missing.count),
                    Style(.title, bold: true, underline: true)
                ))
            for u in missing { out.append(("  ✖ \(u.code) · \(str.unitName(u))", Style(.warning))) }
            let done = s.config.campaign.nominatingUnits.compactMap { u in s.domain.nominations[u.code].map { (u, $0) }
            }
            if !done.isEmpty {
                out.append(("", Style()))
                out.append(
                    (
                        str.nominated(done.count),
                        Style(.title, bold: true, underline: true)
                    ))
                for (u, n) in done {
                    out.append(
                        (
                            "  ✔ \(u.code) · \(n.name) · \(n.position) · \(n.phone) · \(dateTime(n.nominatedAt))",
                            Style(.ok)
                        ))
                    out += earlierNomineeLines(u.code, indent: "      ")
                }
            }
            out.append(("", Style()))
            out.append((str.nominateHint(Keymaps.keyLabel(of: .nominate, in: Keymaps.deadlines)), Style(.muted)))
            return out
        case .rapidReport(let id), .alert(let id):
            if let a = s.domain.alerts[id] { pairs.append((str.alerts, "\(id) · \(a.details.subject)")) }
        case .verification(let id):
            if let v = s.domain.verifications[id] {
                pairs.append((str.verification, "\(id) · \(v.counterpart) · \(v.subject)"))
            }
        case .report(let k, let day):
            pairs.append(
                (str.field(.reportKind), str.reportKind(k) + (day.map { " · " + AppState.ddMMyyyy($0) } ?? "")))
        case .etaGroup:
            break
        case .campaignEnd:
            let c = s.config.campaign
            pairs.append(
                (str.windowLabel, dateTime(c.windowStart) + " → " + dateTime(c.windowEnd) + " " + zone.name)
            )
            pairs.append((str.letterLabel, c.letterReference))
        }
        out = fieldLines(pairs)
        if case .report = d.subject {
            out += [
                ("", Style()),
                (str.reportHint(Keymaps.keyLabel(of: .reportSubmitted, in: Keymaps.deadlines)), Style(.muted)),
            ]
        }
        if case .rapidReport = d.subject {
            out += [
                ("", Style()),
                (str.rapidReportHint(Keymaps.keyLabel(of: .reportSubmitted, in: Keymaps.deadlines)), Style(.muted)),
            ]
        }
        return out
    }
}
