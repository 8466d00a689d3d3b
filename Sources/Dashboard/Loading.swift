import DutyDeskDomain
import TerminalKit

/// What the screen shows while the log is read at start-up (a 1M-event log takes
/// seconds): the campaign, the log's file name and how far the reading is.
public struct LoadingProgress: Sendable, Equatable {
    /// Bytes of the log read so far, and its size, in bytes.
    public var done: Int64
    public var total: Int64
    /// True once the projection snapshot was read (only the log's tail is folded).
    public var fromSnapshot: Bool
    public init(done: Int64, total: Int64, fromSnapshot: Bool) {
        self.done = done
        self.total = total
        self.fromSnapshot = fromSnapshot
    }
    /// Whole percent read, 0…100.
    public var percent: Int { total <= 0 ? 100 : Int(min(100, max(0, done * 100 / total))) }
}

/// Draws the start-up screen into `grid` (cleared first): the campaign's name, the log's
/// file name (sanitized), a bar and the percentage, centred. Pure; the runner presents it.
public func renderLoading(
    _ progress: LoadingProgress, campaignName: String, logName: String, language: Language,
    into grid: inout Grid
) {
    grid.fill(Rect(x: 0, y: 0, width: grid.width, height: grid.height))
    guard grid.width > 0, grid.height > 0 else { return }
    let str = Strings(language)
    let title = "DutyDesk · " + Sanitizer.sanitize(campaignName)
    let what = str.readingLog(Sanitizer.sanitize(logName), fromSnapshot: progress.fromSnapshot)
    let barWidth = max(0, min(50, grid.width - 8))
    let filled = barWidth * progress.percent / 100
    let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled)
    let pct = "\(progress.percent) %"
    let lines: [(String, Style)] = [
        (title, Style(.title, bold: true)), (what, Style(.text)), (bar + " " + pct, Style(.accent)),
    ]
    let top = max(0, (grid.height - lines.count * 2 + 1) / 2)
    for (i, (text, style)) in lines.enumerated() {
        let y = top + i * 2
        guard y < grid.height else { break }
        let w = min(TextWidth.of(text), grid.width)
        _ = grid.put(text, x: max(0, (grid.width - w) / 2), y: y, maxWidth: grid.width, style: style)
    }
}
