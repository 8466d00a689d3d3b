// Lengths of time in the officer's words (issue 14, item 1): one rule for the screen and
// the reports, so an alert's age reads the same in the list, the detail and a report.

/// Durations written as an officer writes them.
///
/// Whole seconds, truncated; a negative length is shown by its size. The Vietnamese
/// forms use the words of the field (`giây`, `phút`, `giờ`, `ngày`), never the English
/// single-letter units.
public enum Durations {
    /// How long ago something was received, to the largest whole unit:
    /// `45s`, `12m`, `3h`, `2d` in English; `45 giây`, `12 phút`, `3 giờ`, `2 ngày` in
    /// Vietnamese. At most 7 columns in either language below 100 days.
    ///
    /// `compact` (a list too narrow for words) keeps Vietnamese within 4 columns below
    /// 100 days with the abbreviations officers write by hand: `45s`, `12ph`, `3g`, `2ng`.
    public static func age(seconds: Int64, language: Language, compact: Bool = false) -> String {
        let s = seconds < 0 ? -seconds : seconds
        let vi = language == .vi
        if vi && compact {
            if s < 60 { return "\(s)s" }
            if s < 3600 { return "\(s / 60)ph" }
            if s < 86_400 { return "\(s / 3600)g" }
            return "\(s / 86_400)ng"
        }
        if s < 60 { return vi ? "\(s) giây" : "\(s)s" }
        if s < 3600 { return vi ? "\(s / 60) phút" : "\(s / 60)m" }
        if s < 86_400 { return vi ? "\(s / 3600) giờ" : "\(s / 3600)h" }
        return vi ? "\(s / 86_400) ngày" : "\(s / 86_400)d"
    }

    /// A duration in words for reports and details: `15 phút` / `15 min` under an hour,
    /// `03:00:00` under a day, `2 ngày 03:00:00` / `2 d 03:00:00` beyond.
    public static func words(seconds: Int64, language: Language) -> String {
        let a = seconds < 0 ? -seconds : seconds
        let vi = language == .vi
        if a < 3600 { return vi ? "\(a / 60) phút" : "\(a / 60) min" }
        return Countdown.duration(seconds: a, dayUnit: vi ? " ngày" : " d")
    }
}
