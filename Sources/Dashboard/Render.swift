import DutyDeskDomain
import DutyDeskJSON
import TerminalKit

/// Where the runner should show the terminal's text cursor (a form field or the filter
/// line being edited), in cells from the top-left; nil to hide it.
public struct CursorPosition: Sendable, Equatable {
    public var x: Int
    public var y: Int
}

/// Draws the whole screen for `state` into `grid` (normally `state.width` ×
/// `state.height`; any other size is drawn as far as it goes). Pure: same state, same
/// cells. Only the visible rows of each list are laid out. Returns where the text
/// cursor belongs (for `TerminalBackend.setCursor`), or nil.
@discardableResult
public func render(_ state: AppState, into grid: inout Grid) -> CursorPosition? {
    if TooSmallScreen.applies(width: grid.width, height: grid.height) {
        TooSmallScreen.draw(state.strings, into: &grid)
        return nil
    }
    var r = Renderer(
        s: state,
        layout: Layout.make(
            width: grid.width, height: grid.height,
            banners: state.banners.count, focus: state.focus, zoomed: state.zoomed))
    r.draw(&grid)
    return r.cursor
}

/// A new grid of the state's size with the screen drawn in it.
public func view(_ state: AppState) -> Grid {
    var g = Grid(width: state.width, height: state.height)
    render(state, into: &g)
    return g
}

/// Draws one frame of `s` into a grid at `layout`. Each view is an extension in a file of
/// its own (as ratatui keeps one widget per file): `HeaderView`, `BannersView`,
/// `FooterView`, `AlertsPane`, `RequestsPane`, `DeadlinesPane`, `DetailOverlay` with
/// `AlertDetail`, `DeadlineDetail` and `RequestDetail`, `HelpView` and `FormView`;
/// `PaneBox` and `RenderTime` hold what they share.
struct Renderer {
    let s: AppState
    let layout: Layout
    var cursor: CursorPosition?
    var str: Strings { s.strings }
    var lang: Language { s.language }

    mutating func draw(_ g: inout Grid) {
        g.fill(g.bounds)
        drawHeader(&g)
        drawBanners(&g)
        if let ov = s.overlay {
            drawOverlay(ov, &g)
        } else {
            if let bar = layout.tabBar {
                TabBar(
                    titles: ["1 " + str.alerts, "2 " + str.verificationShort, "3 " + str.deadlines],
                    selected: s.focus.rawValue
                ).draw(into: &g, bar)
            }
            for (p, rect) in layout.panes.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                switch p {
                case .alerts: drawAlerts(rect, &g)
                case .verification: drawRequests(rect, &g)
                case .deadlines: drawDeadlines(rect, &g)
                }
            }
        }
        if let p = s.prompt { drawPrompt(p, &g) } else { drawFooter(&g) }
        if s.helpVisible { drawHelp(&g) }
        if let f = s.form { drawForm(f, &g) }
        if let c = s.confirm { drawConfirm(c, &g) }
        if let o = s.acknowledgeFirst { drawAcknowledgeFirst(o, &g) }
        if let r = s.replaceNominee { drawReplaceNominee(r, &g) }
    }
}
