// The footer line: key hints of the live keymaps and the status.
import TerminalKit

extension Renderer {
    func drawFooter(_ g: inout Grid) {
        let r = layout.footer
        guard !r.isEmpty else { return }
        // From the live keymaps (`AppState.activeKeymaps`), "? help" first.
        let hints = s.footerHints
        var status = ""
        var role = Role.text
        if let p = s.pending.last {
            status = "… \(str.pending) \(p.label)"
            role = .warning
        } else if let m = s.status {
            status = m.text
            role = m.role
        }
        StatusLine(hints: hints, status: status).draw(into: &g, r)
        if !status.isEmpty {
            let w = min(r.width, TextWidth.of(Sanitizer.sanitize(status)))
            g.restyle(Rect(x: r.maxX - w, y: r.y, width: w, height: 1)) { $0 = Style(role, bold: true) }
        }
    }
}
