import TerminalKit

/// Where everything goes at a given size (issue 4, items 2 and 5).
///
/// - At least 80×24: header, banners, the three panes, footer. Below 120 columns the panes
///   stack (Alerts on top, then Verification requests, then Deadlines); from 120 columns
///   Alerts take the top and the other two sit side by side below it.
/// - Smaller, or zoomed (`+`): header, banners, a tab bar, and the focused pane alone.
/// - Any size draws without crashing; rectangles shrink to nothing when there is no room.
struct Layout {
    var header: Rect
    var banners: Rect
    var tabBar: Rect?
    /// Box rectangles (borders included) of the panes drawn.
    var panes: [Pane: Rect]
    /// Everything between banners and footer (detail views use it).
    var body: Rect
    var footer: Rect
    var helpBox: Rect
    var formBox: Rect

    static let fullWidth = 80
    static let fullHeight = 24
    /// Banners shown at once; more collapse into the last line.
    static let maxBannerRows = 2

    static func make(_ s: AppState) -> Layout {
        make(width: s.width, height: s.height, banners: s.banners.count, focus: s.focus, zoomed: s.zoomed)
    }

    /// `zoomed`: the focused pane fills the body under the tab bar at any size (`+`; issue 13, item 7).
    static func make(width: Int, height: Int, banners: Int, focus: Pane, zoomed: Bool = false) -> Layout {
        let screen = Rect(x: 0, y: 0, width: width, height: height)
        let (header, rest1) = screen.splitTop(height >= 3 ? 1 : min(1, height))
        let (rest2, footer) = rest1.splitBottom(height >= 4 ? 1 : 0)
        let bannerRows = min(banners, maxBannerRows, max(0, rest2.height - 3))
        let (bannerRect, body) = rest2.splitTop(bannerRows)
        var panes: [Pane: Rect] = [:]
        var tabBar: Rect?
        if width >= fullWidth && height >= fullHeight && !zoomed {
            if width >= 120 {
                let (top, bottom) = body.splitTop(body.height * 3 / 5)
                let (left, right) = bottom.splitLeft(bottom.width / 2)
                panes[.alerts] = top
                panes[.verification] = left
                panes[.deadlines] = right
            } else {
                // 22 body rows at 80×24: alerts 10, verification 5, deadlines 7.
                let vh = max(4, body.height * 5 / 22)
                let dh = max(5, body.height * 7 / 22)
                let (rest, dl) = body.splitBottom(dh)
                let (al, vr) = rest.splitBottom(vh)
                panes[.alerts] = al
                panes[.verification] = vr
                panes[.deadlines] = dl
            }
        } else {
            let (bar, paneRect) = body.splitTop(body.height >= 2 ? 1 : 0)
            tabBar = bar
            panes[focus] = paneRect
        }
        // Help covers the body (a narrow box over the panes reads badly); wide screens keep a margin.
        let hw = width >= 120 ? min(width - 20, 110) : width
        let helpBox = Rect(x: max(0, (width - hw) / 2), y: body.y, width: max(0, hw), height: max(0, body.height))
        let fw = min(72, max(0, width - 4))
        let fh = min(max(0, body.height), 16)
        let formBox = Rect(
            x: max(0, (width - fw) / 2), y: body.y + max(0, (body.height - fh) / 3), width: fw, height: fh)
        return Layout(
            header: header, banners: bannerRect, tabBar: tabBar, panes: panes, body: body, footer: footer,
            helpBox: helpBox, formBox: formBox)
    }

    /// Data rows a pane shows (box minus borders and the column heading).
    func rows(_ p: Pane) -> Int {
        guard let r = panes[p] else { return 1 }
        return max(1, r.height - 3)
    }
}
