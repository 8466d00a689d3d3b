// The units view (issue 11, item 6): every unit of the campaign as this desk knows it, for
// Division 1 above all — its desks, when it was last heard from, its focal officer (letter
// 4237, item 9), the rapid reports its seizures call for (item 8) and its open alerts.
import DutyDeskDomain
import DutyDeskJSON
import TerminalKit

extension Renderer {
    /// A desk of another unit not heard from for this long shows its last contact in the
    /// warning colour (an hour: a link down over a shift change is worth a call).
    static let staleContactSeconds: Int64 = 3600

    func drawUnits(selected: Int, top: Int, _ g: inout Grid) {
        let units = s.domain.unitSummaries(at: s.now)
        let withoutFocal = units.filter { $0.nominates && $0.focalOfficer == nil }.count
        let overdue = units.reduce(0) { $0 + $1.rapidReportsOverdue }
        let inner = box(
            layout.body, title: str.unitsTitle(units.count, withoutFocalOfficer: withoutFocal, overdue: overdue),
            focused: true, &g)
        guard inner.height > 0, inner.width > 0 else { return }
        let shown = units.dropFirst(top).prefix(max(0, inner.height - 1))
        let codeW = min(12, max(TextWidth.of(str.colUnit), shown.map { TextWidth.of($0.unit.code) }.max() ?? 4))
        let desksW = min(
            max(TextWidth.of(str.colDesks), shown.map { TextWidth.of(deskList($0)) }.max() ?? 4),
            max(4, inner.width / 6))
        let contactW = max(TextWidth.of(str.colLastContact), 6)
        let focalW = min(
            max(TextWidth.of(str.colFocalOfficer), shown.map { TextWidth.of(focalCell($0)) }.max() ?? 4),
            max(6, inner.width / 5))
        let rapidW = max(TextWidth.of(str.colRapidReports), shown.map { TextWidth.of(rapidCell($0)) }.max() ?? 0)
        let openW = max(TextWidth.of(str.colOpenAlerts), 4)
        let table = TableView(columns: [
            TableColumn(str.colUnit, width: .fixed(codeW)),
            TableColumn(str.colUnitName, width: .flexible(min: 4, weight: 1)),
            TableColumn(str.colDesks, width: .fixed(desksW)),
            TableColumn(str.colLastContact, width: .fixed(contactW), alignment: .right),
            TableColumn(str.colFocalOfficer, width: .fixed(focalW)),
            TableColumn(str.colRapidReports, width: .fixed(rapidW)),
            TableColumn(str.colOpenAlerts, width: .fixed(openW), alignment: .right),
        ])
        let first = table.draw(into: &g, inner, rowCount: units.count, selected: selected, offset: top) { i in
            let u = units[i]
            let quiet = u.desks.isEmpty && u.alertsOpen == 0 && u.rapidReportsDue + u.rapidReportsOverdue == 0
            let missingFocal = u.nominates && u.focalOfficer == nil
            return TableRow(
                [
                    u.unit.code, lang == .vi ? u.unit.nameVI : u.unit.nameEN, deskList(u), contactCell(u),
                    focalCell(u), rapidCell(u), u.alertsOpen > 0 ? String(u.alertsOpen) : "",
                ],
                style: Style(quiet && !missingFocal ? .muted : .text),
                cellStyles: [
                    u.isThisUnit ? Style(.accent, bold: true) : nil, nil, nil, contactStyle(u),
                    missingFocal ? Style(.warning, bold: true) : nil,
                    u.rapidReportsOverdue > 0 ? Style(.danger, bold: true) : nil, nil,
                ])
        }
        if units.isEmpty, inner.height > 1 {
            g.put(str.noUnits, x: inner.x + 1, y: inner.y + 1, maxWidth: inner.width - 1, style: Style(.muted))
        }
        scrollMarker(inner, top: first, rows: max(1, inner.height - 1), total: units.count, &g)
    }

    /// The unit's desk codes, this log's own marked `*`; `–` for none.
    func deskList(_ u: UnitSummary) -> String {
        u.desks.isEmpty ? "–" : u.desks.map { $0.isThisDesk ? $0.code + "*" : $0.code }.joined(separator: " ")
    }

    /// How long since another desk of the unit was heard from (`12m`); "this desk" when the
    /// only desk is this log's; `–` when none was heard from.
    func contactCell(_ u: UnitSummary) -> String {
        if let t = u.lastContact { return age(t) }
        return u.desks.contains(where: \.isThisDesk) ? str.thisDesk : "–"
    }

    func contactStyle(_ u: UnitSummary) -> Style? {
        guard let t = u.lastContact else { return nil }
        let stale = s.now.epochNanoseconds - t.epochNanoseconds > Self.staleContactSeconds * 1_000_000_000
        return stale ? Style(.warning) : nil
    }

    /// `✔ name` of the nominated focal officer (`✔ name · 1 earlier` when it replaced
    /// others; the nominations' deadline detail names them), `✖ not nominated`, empty for a
    /// unit that nominates none (not a provincial department).
    func focalCell(_ u: UnitSummary) -> String {
        if let f = u.focalOfficer {
            let earlier = s.domain.earlierNominations[u.unit.code]?.count ?? 0
            return "✔ " + f.name + (earlier > 0 ? " · " + str.earlierNominees(earlier) : "")
        }
        return u.nominates ? "✖ " + str.notNominated : ""
    }

    /// `1 overdue, 2 due` (rapid reports not submitted), empty when none is awaited.
    func rapidCell(_ u: UnitSummary) -> String {
        var parts: [String] = []
        if u.rapidReportsOverdue > 0 { parts.append(str.rapidOverdue(u.rapidReportsOverdue)) }
        if u.rapidReportsDue > 0 { parts.append(str.rapidDue(u.rapidReportsDue)) }
        return parts.joined(separator: ", ")
    }
}
