// Instants and ages as the views show them, in the campaign's zone (ICT, UTC+7).
import DutyDeskDomain
import DutyDeskJSON
import TerminalKit

extension Renderer {
    var zone: CampaignZone { s.config.campaign.zone }

    func clock(_ t: RFC3339Timestamp) -> String {
        let c = zone.civil(t)
        return "\(p2(c.hour)):\(p2(c.minute)):\(p2(c.second))"
    }

    /// An instant in the campaign's zone as the officer writes it: `dd/MM/yyyy HH:mm` in
    /// Vietnamese (issue 14, item 1), `yyyy-MM-dd HH:mm` in English.
    func dateTime(_ t: RFC3339Timestamp) -> String { Self.dateTime(t, zone: zone, lang) }

    /// `dateTime(_:)` for text made outside a drawing (a banner's).
    static func dateTime(_ t: RFC3339Timestamp, zone: CampaignZone, _ lang: Language) -> String {
        if lang == .vi { return VietnameseDate.format(t, zone: zone) }
        let c = zone.civil(t)
        func p2(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
        return "\(c.year)-\(p2(c.month))-\(p2(c.day)) \(p2(c.hour)):\(p2(c.minute))"
    }

    func p2(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }

    var zoneLabel: String { zone.label }

    /// Age of something received at `t`, in the officer's language: `45s`, `12m`, `3h`,
    /// `2d`; `45 giây`, `12 phút`, `3 giờ`, `2 ngày` (issue 14, item 1).
    /// `compact`: the abbreviations of a narrow list (`12ph`, `3g`), see `Durations.age`.
    func age(_ t: RFC3339Timestamp, compact: Bool = false) -> String {
        Durations.age(
            seconds: max(0, (s.now.epochNanoseconds - t.epochNanoseconds) / 1_000_000_000), language: lang,
            compact: compact)
    }
}

extension CampaignZone {
    /// The zone as the header and help name it: `ICT (UTC+7)`, `IST (UTC+5:30)`.
    var label: String {
        let o = Int(offsetSeconds)
        let a = abs(o)
        let m = a % 3600 / 60
        return "\(name) (UTC\(o < 0 ? "-" : "+")\(a / 3600)\(m == 0 ? "" : m < 10 ? ":0\(m)" : ":\(m)"))"
    }
}
