// The banners under the header: alarms the officer has not seen yet.
import TerminalKit

extension Renderer {
    func drawBanners(_ g: inout Grid) {
        let r = layout.banners
        guard !r.isEmpty else { return }
        let shown = s.banners.prefix(r.height)
        let more = s.banners.count - shown.count
        for (i, b) in shown.enumerated() {
            let row = Rect(x: r.x, y: r.y + i, width: r.width, height: 1)
            var text = "! " + b.text
            if i == shown.count - 1, more > 0 {
                text += str.moreBanners(more, critical: s.banners.criticalAfter(shown.count))
            }
            let tail = i == 0 ? "  x: " + str.seen + " " : ""
            let tw = r.width > TextWidth.of(tail) + 10 ? TextWidth.of(tail) : 0
            Banner(text, role: b.role).draw(into: &g, Rect(x: row.x, y: row.y, width: row.width - tw, height: 1))
            if tw > 0 { g.put(tail, x: row.maxX - tw, y: row.y, style: Style(b.role, bold: true)) }
            // Reverse video too, so a banner stands out on monochrome terminals.
            g.restyle(row) { $0.reverse = true }
        }
    }
}
