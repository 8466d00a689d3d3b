// The domain bridge, completions: the candidates a form field offers.
import DutyDeskDomain
import TerminalKit

extension AppState {
    func fold(_ s: String) -> String { SearchFold.fold(s) }

    /// Units, partner agencies and officers seen in the log (assign completion).
    var assigneeCandidates: [Completion] {
        var out: [Completion] = []
        for u in config.campaign.units {
            let name = strings.unitName(u)
            out.append(
                Completion(
                    value: u.code, label: "\(u.code) · \(name)", folded: fold("\(u.code) \(u.nameVI) \(u.nameEN)"),
                    assignee: Assignee(kind: .unit, id: u.code)))
        }
        for p in config.campaign.partnerAgencies {
            let name = strings.partnerName(p)
            out.append(
                Completion(
                    value: p.code, label: name, folded: fold("\(p.code) \(p.nameVI) \(p.nameEN)"),
                    assignee: Assignee(kind: .partner, id: p.code)))
        }
        for o in domain.actors.sorted() {
            out.append(Completion(value: o, label: o, folded: fold(o), assignee: Assignee(kind: .officer, id: o)))
        }
        return out
    }

    var partnerCandidates: [Completion] {
        config.campaign.partnerAgencies.map { p in
            Completion(
                value: p.code, label: strings.partnerName(p),
                folded: fold("\(p.code) \(p.nameVI) \(p.nameEN)"))
        }
    }

    /// Every unit of the campaign (a report's submitting unit).
    var unitCandidates: [Completion] {
        config.campaign.units.map { u in
            Completion(
                value: u.code, label: "\(u.code) · \(strings.unitName(u))",
                folded: fold("\(u.code) \(u.nameVI) \(u.nameEN)"))
        }
    }

    var counterpartCandidates: [Completion] {
        ["INTERPOL", "CN", "TH", "LA", "KH", "MY", "ID", "NG", "ZA", "MZ", "CD"].map {
            Completion(value: $0, label: $0, folded: fold($0))
        }
    }
}
