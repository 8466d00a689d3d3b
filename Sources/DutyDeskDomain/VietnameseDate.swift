import DutyDeskJSON

/// A Vietnamese date that cannot be read, e.g.
/// `31/09/2021 is not a date: September 2021 has 30 days`.
public struct VietnameseDateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text as given.
    public let text: String
    /// Why, in English and in Vietnamese (issue 14, item 2).
    public let reason: String
    public let reasonVI: String
    public var description: String { reason }
    /// The reason in `language`.
    public func text(_ language: Language) -> String { language == .vi ? reasonVI : reason }
}

/// Dates as Vietnamese officers write them: `dd/MM/yyyy`, optionally followed by a time
/// `HH:mm` or `HH:mm:ss` (24-hour). `05/09/2021` is 5 September 2021. Day and month may
/// have one digit (`5/9/2021`); the year has four.
public enum VietnameseDate {
    static let monthsEN = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ]

    /// Parses `text` as a local date-time at `offsetSeconds` from UTC (default ICT, +25200).
    /// A date without a time is midnight at the start of that day. Total: any text gives
    /// an instant or an error, never a trap (years outside 1677–2262, which the type cannot
    /// hold, are an error; whether a year is plausible is for the caller, `TimeRules`).
    /// - Throws: `VietnameseDateError` naming the impossible date or the bad shape.
    public static func parse(_ text: String, offsetSeconds: Int32 = CampaignZone.ict.offsetSeconds)
        throws(VietnameseDateError) -> RFC3339Timestamp
    {
        let t = text.trimmingSpaces
        func bad(_ r: String, _ vi: String) -> VietnameseDateError {
            VietnameseDateError(text: text, reason: r, reasonVI: vi)
        }
        let halves = t.split(separator: " ", omittingEmptySubsequences: true)
        guard halves.count == 1 || halves.count == 2 else {
            throw bad(
                "expected dd/MM/yyyy or dd/MM/yyyy HH:mm, got \"\(text)\"",
                "«\(text)» không phải ngày giờ: viết dd/MM/yyyy hoặc dd/MM/yyyy HH:mm")
        }
        let dateParts = halves[0].split(separator: "/", omittingEmptySubsequences: false)
        guard dateParts.count == 3, (1...2).contains(dateParts[0].count), (1...2).contains(dateParts[1].count),
            dateParts[2].count == 4, dateParts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let day = Int(dateParts[0]), let month = Int(dateParts[1]), let year = Int(dateParts[2])
        else {
            let got = halves.first.map(String.init) ?? text
            throw bad(
                "expected dd/MM/yyyy (e.g. 05/09/2021), got \"\(got)\"",
                "«\(got)» không phải ngày: viết dd/MM/yyyy (vd. 05/09/2021)")
        }
        guard (1...12).contains(month) else {
            throw bad(
                "\(halves[0]) is not a date: there is no month \(month)",
                "\(halves[0]) không phải ngày: không có tháng \(month)")
        }
        let dim = RFC3339Timestamp.daysInMonth(year: year, month: month)
        guard day >= 1, day <= dim else {
            throw bad(
                "\(halves[0]) is not a date: \(monthsEN[month - 1]) \(year) has \(dim) days",
                "\(halves[0]) không phải ngày: tháng \(month)/\(year) có \(dim) ngày")
        }
        var hour = 0
        var minute = 0
        var second = 0
        if halves.count == 2 {
            let tp = halves[1].split(separator: ":", omittingEmptySubsequences: false)
            guard tp.count == 2 || tp.count == 3,
                tp.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
                let h = Int(tp[0]), let m = Int(tp[1])
            else {
                throw bad(
                    "expected a time HH:mm after the date, got \"\(halves[1])\"",
                    "sau ngày cần giờ dạng HH:mm, nhận được «\(halves[1])»")
            }
            let s = tp.count == 3 ? Int(tp[2]) ?? 99 : 0
            guard h <= 23, m <= 59, s <= 59 else {
                throw bad("\(halves[1]) is not a time of day", "\(halves[1]) không phải giờ trong ngày")
            }
            hour = h
            minute = m
            second = s
        }
        let days = Int64(RFC3339Timestamp.daysFromCivil(year: year, month: month, day: day))
        guard
            let t = RFC3339Timestamp.fromLocal(
                days: days, secondOfDay: Int64(hour * 3600 + minute * 60 + second), nanos: 0,
                offsetSeconds: offsetSeconds)
        else {
            throw bad(
                "\(halves[0]) is outside the dates DutyDesk can represent (1677 to 2262)",
                "\(halves[0]) nằm ngoài khoảng ngày DutyDesk ghi được (1677 đến 2262)")
        }
        return t
    }

    /// `dd/MM/yyyy` of `t` in `zone`.
    public static func formatDate(_ t: RFC3339Timestamp, zone: CampaignZone = .ict) -> String {
        let c = zone.civil(t)
        return "\(p2(c.day))/\(p2(c.month))/\(c.year)"
    }
    /// `dd/MM/yyyy HH:mm` of `t` in `zone`.
    public static func format(_ t: RFC3339Timestamp, zone: CampaignZone = .ict) -> String {
        let c = zone.civil(t)
        return "\(p2(c.day))/\(p2(c.month))/\(c.year) \(p2(c.hour)):\(p2(c.minute))"
    }
    /// `dd/MM/yyyy HH:mm` of `t` at its own offset (the zone it was entered or localised
    /// in: a refusal names the instant as the officer gave it, never in ISO form).
    public static func asEntered(_ t: RFC3339Timestamp) -> String {
        format(t, zone: CampaignZone(name: "", offsetSeconds: t.offsetSeconds))
    }
    static func p2(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
}
