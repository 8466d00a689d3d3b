// The help overlay (its lines come from the live keymaps, `AppState.helpLines`).
import TerminalKit

extension Renderer {
    func drawHelp(_ g: inout Grid) {
        let r = layout.helpBox
        guard r.height >= 3, r.width >= 6 else { return }
        let lines = s.helpLines(width: r.width - 4)
        let rows = r.height - 2
        let top = min(s.helpScroll, max(0, lines.count - rows))
        let shown = lines[top..<min(lines.count, top + rows)].map { StyledLine($0.text, style: $0.style) }
        let frame = Overlay(title: "\(str.help) — \(str.helpClose)", lines: Array(shown), preferredWidth: r.width - 4)
            .draw(into: &g, in: Rect(x: r.x, y: r.y, width: r.width, height: min(r.height, shown.count + 2)))
        scrollMarker(frame.inset(1), top: top, rows: rows, total: lines.count, &g)
    }
}
