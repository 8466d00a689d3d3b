// The form over the panes: fields, completions, the error and the hint.
import DutyDeskDomain
import TerminalKit

extension Renderer {
    mutating func drawForm(_ f: FormState, _ g: inout Grid) {
        let body = layout.body
        let hasCompletion = f.visibleIndices.contains { i in
            if case .none = f.fields[i].completions { return false }
            return true
        }
        // A refusal is wrapped onto up to 3 lines, never cut: it says what to write instead.
        let errorLines = f.error.map { TooSmallScreen.wrap("✖ " + $0, width: max(1, layout.formBox.width - 4)) } ?? []
        let shownError = Array(errorLines.prefix(3))
        let h = min(body.height, 2 + f.visibleIndices.count + (hasCompletion ? 5 : 0) + 1 + max(1, shownError.count))
        let r = Rect(
            x: layout.formBox.x, y: body.y + max(0, (body.height - h) / 3), width: layout.formBox.width, height: h)
        guard !r.isEmpty else { return }
        g.fill(r)
        let inner = box(r, title: s.formLabel(f), focused: true, &g)
        guard inner.height > 0, inner.width > 4 else { return }
        let vis = f.visibleIndices
        let lw = min(inner.width / 2, (vis.map { TextWidth.of(str.field(f.fields[$0].key)) }.max() ?? 0) + 3)
        let vx = inner.x + 1 + lw
        let vw = max(1, inner.maxX - 1 - vx)
        var y = inner.y
        let bottomReserved = min(1 + max(1, shownError.count), inner.height - 1)
        for i in vis {
            guard y < inner.maxY - bottomReserved else { break }
            let field = f.fields[i]
            let focused = i == f.focus
            let label = str.field(field.key) + (field.required && !field.isChoice ? "*" : "")
            g.put(
                TextWidth.fit(label, columns: lw), x: inner.x + 1, y: y,
                style: Style(focused ? .accent : .text, bold: focused))
            if field.isChoice {
                let text = "‹ " + field.choices[field.choice].label + " ›"
                let w = g.put(text, x: vx, y: y, maxWidth: vw, style: Style(.text, bold: focused, reverse: focused))
                if focused, vw > w + 12 {
                    g.put(
                        " \(field.choice + 1)/\(field.choices.count) ←/→", x: vx + w, y: y, maxWidth: vw - w,
                        style: Style(.muted))
                }
            } else {
                let cx = field.editor.draw(
                    into: &g, Rect(x: vx, y: y, width: vw, height: 1), style: Style(.text, underline: true))
                if focused {
                    cursor = CursorPosition(x: cx, y: y)
                    g.restyle(Rect(x: cx, y: y, width: 1, height: 1)) { $0.reverse = true }
                }
            }
            y += 1
            if focused, !field.isChoice {
                let matches = completionMatches(field, store: s.store, fold: s.fold, limit: 5)
                for (k, m) in matches.enumerated() {
                    guard y < inner.maxY - bottomReserved else { break }
                    let hl = k == min(field.highlighted, matches.count - 1)
                    g.put(
                        (hl ? "▸ " : "  ") + m.label, x: vx, y: y, maxWidth: vw,
                        style: Style(hl ? .selection : .muted, bold: hl, reverse: hl))
                    y += 1
                }
            }
        }
        if !shownError.isEmpty, inner.height >= 3 {
            let top = max(inner.y, inner.maxY - 1 - shownError.count)
            for (k, line) in shownError.enumerated() where top + k < inner.maxY - 1 {
                g.put(line, x: inner.x + 1, y: top + k, maxWidth: inner.width - 2, style: Style(.danger, bold: true))
            }
        }
        g.put(str.formHint, x: inner.x + 1, y: inner.maxY - 1, maxWidth: inner.width - 2, style: Style(.muted))
    }
}
