// What every pane and overlay draws around itself: the box and the scroll marker.
import TerminalKit

extension Renderer {
    /// A pane's box: heavy lines when focused, light otherwise (readable without colour).
    @discardableResult
    func box(_ r: Rect, title: String, focused: Bool, _ g: inout Grid) -> Rect {
        Box(title: title, focused: focused).draw(into: &g, r)
    }

    /// "↓ 123 more" on the bottom border when rows are hidden below (or "↑ n above").
    func scrollMarker(_ inner: Rect, top: Int, rows: Int, total: Int, _ g: inout Grid) {
        let below = total - top - rows
        let text: String
        // Rows hidden above are always said: a critical alert scrolled off the top must not
        // go unnoticed (found in a drill shift).
        if below > 0, top > 0 {
            text = str.moreAboveAndBelow(top, below)
        } else if below > 0 {
            text = str.moreBelow(below)
        } else if top > 0 {
            text = str.moreAbove(top)
        } else {
            return
        }
        let w = TextWidth.of(text)
        if inner.width > w + 4, inner.maxY < layout.footer.y || layout.footer.isEmpty {
            g.put(text, x: inner.maxX - w - 1, y: inner.maxY, style: Style(.muted))
        }
    }
}
