// The detail view over the panes (alert, deadline or request) and its field lines.
import DutyDeskDomain
import TerminalKit

extension Renderer {
    typealias Line = (text: String, style: Style)

    func drawOverlay(_ ov: DetailView, _ g: inout Grid) {
        let title: String
        let lines: [Line]
        let scroll: Int
        switch ov {
        case .alertDetail(let id, let sc):
            title = "\(str.detail) \(id)"
            lines = alertDetailLines(id)
            scroll = sc
        case .deadlineDetail(let key, let sc):
            title = str.deadlines
            lines = deadlineDetailLines(key)
            scroll = sc
        case .requestDetail(let id, let sc):
            title = "\(str.verification) \(id)"
            lines = requestDetailLines(id)
            scroll = sc
        case .units(let selected, let top):
            drawUnits(selected: selected, top: top, &g)
            return
        case .handover(let sc):
            title = str.handoverTitle
            lines = handoverLines()
            scroll = sc
        }
        let inner = box(layout.body, title: title, focused: true, &g)
        guard inner.height > 0 else { return }
        let top = min(scroll, max(0, lines.count - inner.height))
        for i in 0..<inner.height {
            guard top + i < lines.count else { break }
            let l = lines[top + i]
            g.put(l.text, x: inner.x + 1, y: inner.y + i, maxWidth: max(0, inner.width - 2), style: l.style)
        }
        scrollMarker(inner, top: top, rows: inner.height, total: lines.count, &g)
    }

    func fieldLines(_ pairs: [(String, String?)]) -> [Line] {
        let present = pairs.compactMap { p in p.1.flatMap { $0.isEmpty ? nil : (p.0, $0) } }
        let lw = (present.map { TextWidth.of($0.0) }.max() ?? 0) + 2
        return present.map { (TextWidth.fit($0.0 + ":", columns: lw) + Sanitizer.sanitize($0.1), Style(.text)) }
    }
}
