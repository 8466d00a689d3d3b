// The header line: campaign, day, clock, officer, the log's state, the desk's network state.
import DutyDeskDomain
import TerminalKit

extension Renderer {
    var logLabel: String {
        switch s.logStatus {
        case .ok: return s.verifyingPercent.map { str.logVerifying($0) } ?? str.logOK
        case .readOnly: return str.logReadOnly
        case .recovered: return str.logRecovered
        }
    }

    func drawHeader(_ g: inout Grid) {
        let r = layout.header
        guard !r.isEmpty else { return }
        let hs = Style(.header, reverse: true)
        g.fill(r, style: hs)
        let c = s.config.campaign
        var dayText: String
        if s.now < c.windowStart {
            dayText = str.startsIn(s.countdownText(to: c.windowStart))
        } else if s.now >= c.windowEnd {
            dayText = str.ended
        } else {
            let days = c.campaignDays
            let today = zone.civil(s.now)
            let n =
                (days.firstIndex { $0.year == today.year && $0.month == today.month && $0.day == today.day } ?? 0) + 1
            dayText = str.day(n, of: days.count)
        }
        let full = str.campaignName(c)
        // "Chiến dịch Golden Strike 2021 (Đợt cao điểm …)": the part before the parenthesis.
        let name = full.split(separator: "(", maxSplits: 1).first.map { String($0).trimmingSpaces } ?? full
        let logWidth = TextWidth.of(logLabel) + 1
        let variants = [
            " \(name) · \(dayText) · \(clock(s.now)) \(zoneLabel) · \(s.config.officer) · ",
            " \(name) · \(dayText) · \(clock(s.now)) \(zone.name) · \(s.config.officer) · ",
            " \(c.name.en) · \(dayText) · \(clock(s.now)) \(zone.name) · \(s.config.officer) · ",
            " \(dayText) · \(clock(s.now)) \(zone.name) · \(s.config.officer) · ",
            " \(clock(s.now)) \(zone.name) · \(s.config.officer) · ",
        ]
        // With a network segment (a desk that synced): the pairs in order of what they
        // leave out (the sum of the two variants' indexes), more network detail first.
        let nets = networkSegments
        var pairs: [(left: String, net: String)] = []
        for sum in 0..<(variants.count + nets.count) {
            for n in nets.indices where sum - n >= 0 && sum - n < variants.count {
                pairs.append((variants[sum - n], nets[n]))
            }
        }
        pairs += variants.map { (left: $0, net: "") }
        let pick =
            pairs.first { TextWidth.of($0.left) + logWidth + TextWidth.of($0.net) <= r.width }
            ?? (variants[variants.count - 1], "")
        let left = pick.left
        var x = g.put(left, x: r.x, y: r.y, maxWidth: r.width, style: Style(.header, bold: true, reverse: true))
        var logStyle = hs
        switch s.logStatus {
        case .ok: break
        case .readOnly: logStyle = Style(.danger, bold: true, reverse: true)
        case .recovered: logStyle = Style(.warning, bold: true, reverse: true)
        }
        x += g.put(logLabel, x: r.x + x, y: r.y, maxWidth: max(0, r.width - x), style: logStyle)
        if !pick.net.isEmpty {
            x += g.put(pick.net, x: r.x + x, y: r.y, maxWidth: max(0, r.width - x), style: networkStyle)
        }
        if !s.pending.isEmpty, r.width - x > 14 {
            g.put(
                " · " + str.pending, x: r.x + x, y: r.y, maxWidth: r.width - x,
                style: Style(.warning, bold: true, reverse: true))
        }
    }
}
