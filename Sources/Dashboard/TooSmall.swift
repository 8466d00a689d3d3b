// The screen below the dashboard's minimum size (issue 12, item 7).
import TerminalKit

/// Below `minimumWidth` × `minimumHeight` the panes cannot show a single row of an alert
/// table, so the dashboard draws only one plain line, "terminal too small: W×H, need at
/// least w×h" (Vietnamese under `--lang vi`), wrapped at spaces to the width there is.
/// Keys still work (`q` quits); when the window grows the next frame is the dashboard again.
public enum TooSmallScreen {
    /// Fewest columns the dashboard draws its panes in (the tab layout of `Layout`).
    public static let minimumWidth = 40
    /// Fewest rows: header, tab bar, a pane of three rows with its borders, footer.
    public static let minimumHeight = 10

    /// True when a `width` × `height` screen is below the minimum.
    public static func applies(width: Int, height: Int) -> Bool {
        width < minimumWidth || height < minimumHeight
    }

    /// Draws the message into `grid` (all of it cleared first).
    static func draw(_ strings: Strings, into grid: inout Grid) {
        grid.fill(grid.bounds)
        let text = strings.terminalTooSmall(
            width: grid.width, height: grid.height, minimumWidth: minimumWidth, minimumHeight: minimumHeight)
        for (y, line) in wrap(text, width: grid.width).prefix(grid.height).enumerated() {
            grid.put(line, x: 0, y: y, style: Style(.warning, bold: true))
        }
    }

    /// `text` broken at spaces into lines of at most `width` columns, a word wider than a
    /// line broken where it reaches the edge (so no part of it is lost); none for empty text.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for word in text.split(separator: " ") {
            let w = TextWidth.of(String(word))
            if lineWidth > 0, lineWidth + 1 + w > width {
                lines.append(line)
                (line, lineWidth) = ("", 0)
            }
            if lineWidth > 0 {
                line += " "
                lineWidth += 1
            }
            if w <= width - lineWidth {
                line += word
                lineWidth += w
                continue
            }
            for ch in word {
                let cw = TextWidth.of(String(ch))
                if lineWidth > 0, lineWidth + cw > width {
                    lines.append(line)
                    (line, lineWidth) = ("", 0)
                }
                line.append(ch)
                lineWidth += cw
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}

extension Strings {
    /// "terminal too small: 20×5, need at least 40×10" (`TooSmallScreen`).
    func terminalTooSmall(width: Int, height: Int, minimumWidth: Int, minimumHeight: Int) -> String {
        t(
            "terminal too small: \(width)×\(height), need at least \(minimumWidth)×\(minimumHeight)",
            "cửa sổ terminal quá nhỏ: \(width)×\(height), cần ít nhất \(minimumWidth)×\(minimumHeight)")
    }
}
