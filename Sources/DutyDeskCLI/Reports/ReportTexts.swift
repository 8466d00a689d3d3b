// The words, numbers, dates and durations of the reports, in Vietnamese and English
// (issue 14, items 1, 4 and 5): official correspondence to Division 1 prints no internal code.
import DutyDeskDomain

/// Every fixed word the rapid and results reports print, and how they write numbers, dates
/// and durations. Vietnamese in the field's words of letter 4237/TCHQ-ĐTCBL (tin báo, bắt
/// giữ, vụ việc, yêu cầu xác minh, báo cáo nhanh, cán bộ đầu mối, Ban điều phối, Phòng 1);
/// numbers with the decimal comma and `.` grouping (`1.234,5`), dates `dd/MM/yyyy`, times
/// `HH:mm` in the campaign zone (ICT). English: `1,234.5`, the same dates and times.
struct ReportTexts: Sendable {
    let language: ReportLanguage
    init(_ language: ReportLanguage) { self.language = language }

    var vi: Bool { language == .vi }
    func t(_ en: String, _ v: String) -> String { vi ? v : en }
    /// The domain's language for shared tables (`AlertTexts`, `CommodityName`).
    var domainLanguage: Language { vi ? .vi : .en }

    // MARK: numbers

    /// A non-negative decimal text (`Measure.amount`, `"1234.50"`) as written in the
    /// language: `1.234,50` (vi) or `1,234.50` (en) with `grouping`, `1234,50` / `1234.50`
    /// without (CSV cells). Text that is not a plain decimal is returned as is.
    func number(_ decimal: String, grouping: Bool = true) -> String {
        DecimalText.written(decimal, language: domainLanguage, grouping: grouping)
    }
    /// An integer as written in the language (`12.345` / `12,345`).
    func count(_ n: Int) -> String { number(String(n)) }

    // MARK: dates, times and durations

    static let monthsEN = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    func p2(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }

    /// `dd/MM/yyyy HH:mm` in `zone`.
    func dateTime(_ x: RFC3339Timestamp, _ zone: CampaignZone) -> String { VietnameseDate.format(x, zone: zone) }
    /// `dd/MM/yyyy` in `zone`.
    func date(_ x: RFC3339Timestamp, _ zone: CampaignZone) -> String { VietnameseDate.formatDate(x, zone: zone) }
    /// `HH:mm ngày dd/MM/yyyy` (vi) or `HH:mm on dd/MM/yyyy` (en): the time of an event in prose.
    func atTime(_ x: RFC3339Timestamp, _ zone: CampaignZone) -> String {
        let c = zone.civil(x)
        let hm = "\(p2(c.hour)):\(p2(c.minute))"
        return t("\(hm) on \(date(x, zone))", "\(hm) ngày \(date(x, zone))")
    }
    /// The date line of an official document: `ngày 05 tháng 9 năm 2021` (day below 10 and
    /// months 1–2 with a leading zero, as Vietnamese administrative documents write them)
    /// or `5 September 2021`.
    func documentDate(_ x: RFC3339Timestamp, _ zone: CampaignZone) -> String {
        let c = zone.civil(x)
        if vi {
            let m = c.month < 3 ? p2(c.month) : String(c.month)
            return "ngày \(p2(c.day)) tháng \(m) năm \(c.year)"
        }
        return "\(c.day) \(Self.monthsEN[c.month - 1]) \(c.year)"
    }
    /// A duration in words: `15 phút` / `15 min` under an hour, `03:00:00` under a day,
    /// `2 ngày 03:00:00` / `2 d 03:00:00` beyond. Negative durations are shown by their size.
    func duration(seconds s: Int64) -> String { Durations.words(seconds: s, language: domainLanguage) }

    // MARK: words of the domain

    var alert: AlertTexts { AlertTexts(domainLanguage) }

    /// A conveyance kind (letter item 2: goods, means of transport, passengers' luggage).
    func conveyance(_ k: ConveyanceKind) -> String {
        switch k {
        case .cargo: return t("cargo", "hàng hóa xuất nhập khẩu")
        case .vehicle: return t("vehicle", "phương tiện vận tải đường bộ")
        case .passengerLuggage: return t("passenger luggage", "hành lý của hành khách")
        case .postal: return t("post and parcels", "bưu phẩm, bưu kiện")
        case .vessel: return t("vessel", "tàu thuyền")
        case .aircraft: return t("aircraft", "tàu bay")
        }
    }
    /// A unit of measure as entered (`kg`, `pieces`, `individuals`…) in the language's words;
    /// a unit no entry knows is kept as entered.
    func measureUnit(_ u: String) -> String {
        switch SearchFold.fold(u) {
        case "kg", "kgs", "kilogram", "kilograms": return "kg"
        case "g", "gram", "grams": return "g"
        case "t", "tonne", "tonnes", "ton", "tons", "tan": return t("tonnes", "tấn")
        case "m3", "m³", "cubic metres", "cubic meters": return "m³"
        case "l", "litre", "litres", "liter", "liters", "lit": return t("litres", "lít")
        case "pieces", "piece", "pcs", "chiec", "cai": return t("pieces", "chiếc")
        case "individuals", "individual", "heads", "ca the", "con": return t("individuals", "cá thể")
        case "bags", "bag", "bao", "tui": return t("bags", "bao")
        case "logs", "log", "khuc", "long": return t("logs", "lóng")
        case "vials", "vial", "lo": return t("vials", "lọ")
        case "packages", "package", "kien", "goi": return t("packages", "kiện")
        case "boxes", "box", "hop", "thung": return t("boxes", "thùng")
        default: return u
        }
    }
    /// One measure: `72,5 kg`, `50 chiếc`.
    func measure(_ m: Measure, grouping: Bool = true) -> String {
        number(m.amount, grouping: grouping) + " " + measureUnit(m.unit)
    }
    /// Species with its CITES appendix: `Loxodonta africana (Phụ lục I CITES)`.
    func species(_ s: Species) -> String {
        s.scientificName + (s.citesAppendix.map { t(" (CITES Appendix \($0))", " (Phụ lục \($0) CITES)") } ?? "")
    }
    /// Where, in words: `Cảng Cát Lái (cảng biển)`.
    /// `Cát Lái (cảng)`: the place and its kind, unless its name already says it
    /// (`Cửa khẩu quốc tế Hữu Nghị`, not `… (cửa khẩu)`), diacritics and case aside.
    func place(_ l: AlertLocation) -> String {
        let kind = alert.locationKind(l.kind)
        return InputNames.key(l.name).contains(InputNames.key(kind)) ? l.name : "\(l.name) (\(kind))"
    }
    /// A verification request's direction.
    func direction(_ d: VerificationDirection) -> String {
        switch d {
        case .incoming: return t("incoming (from abroad)", "đến (nước ngoài yêu cầu)")
        case .outgoing: return t("outgoing (via Division 1)", "đi (qua Phòng 1)")
        }
    }
    /// An alert's outcome: open, or its disposition.
    func outcome(_ d: DispositionKind?) -> String {
        guard let d else { return t("open", "đang xử lý") }
        return alert.disposition(d)
    }

    /// `s` with its first letter upper-case (a column heading from a word of the domain).
    func capitalized(_ s: String) -> String {
        guard let f = s.first else { return s }
        return f.uppercased() + s.dropFirst()
    }

    // MARK: names

    /// The unit name in the language, with its code: `Cục Hải quan tỉnh Lạng Sơn (HQLS)`.
    func unitName(_ code: String?, _ c: Campaign) -> String {
        guard let code, !code.isEmpty else { return t("(no unit)", "(chưa xác định đơn vị)") }
        guard let u = c.unit(code) else { return code }
        return "\(vi ? u.nameVI : u.nameEN) (\(code))"
    }
    /// The unit name alone in the language.
    func unitPlainName(_ code: String, _ c: Campaign) -> String {
        guard let u = c.unit(code) else { return code }
        return vi ? u.nameVI : u.nameEN
    }
}
