// Input in the officer's words (issue 14, item 3): the names officers type for a source, a
// priority, a conveyance or a unit, in Vietnamese or English, with or without diacritics,
// in any case, mapped to the domain's codes. Pure: a table and a fold (`SearchFold`).

/// Reads the values officers type (import cells, `alert add` options) as the domain's codes:
/// the code itself (`border_guard`), its English name (`Border Guard`) or its Vietnamese
/// names from the field (`Biên phòng`, `Bộ đội biên phòng`), compared after folding case,
/// diacritics and Unicode normalisation form and treating `_`, `-` and runs of spaces alike.
/// An unknown value gets the nearest names as suggestions (`suggestions(for:among:)`).
/// The tables are documented in docs/import-format.md, "Names officers type".
public enum InputNames {
    // Each table: the value, then its names — the code first, the Vietnamese name the
    // product shows second (suggestions quote it), then other names in either language.

    /// Names of each alert source kind.
    public static let sources: [(AlertSourceKind, [String])] = [
        (.coordinationBoard, ["coordination_board", "Ban điều phối", "Coordination Board", "Board", "Ban ĐP"]),
        (
            .memberCountry,
            ["member_country", "Nước thành viên", "Member country", "country", "nước", "quốc gia thành viên"]
        ),
        (.police, ["police", "Công an", "CA"]),
        (.borderGuard, ["border_guard", "Biên phòng", "Border Guard", "Bộ đội biên phòng", "BĐBP"]),
        (.marketManagement, ["market_management", "Quản lý thị trường", "Market Management", "QLTT"]),
        (
            .customsIntelligence,
            [
                "customs_intelligence", "Hải quan", "Customs intelligence", "customs", "Thông tin nghiệp vụ hải quan",
                "nghiệp vụ hải quan",
            ]
        ),
        (
            .publicTip,
            ["public_tip", "Người dân", "Tip from the public", "public", "Tin báo của người dân", "quần chúng"]
        ),
    ]

    /// Names of each priority.
    public static let priorities: [(Priority, [String])] = [
        (.critical, ["critical", "khẩn cấp", "crit", "khẩn", "rất khẩn"]),
        (.high, ["high", "cao"]),
        (.normal, ["normal", "thường", "norm", "bình thường"]),
        (.low, ["low", "thấp"]),
    ]

    /// Names of each conveyance kind.
    public static let conveyances: [(ConveyanceKind, [String])] = [
        (.cargo, ["cargo", "hàng hóa", "hàng"]),
        (.vehicle, ["vehicle", "phương tiện", "truck", "xe", "xe tải", "ô tô"]),
        (.passengerLuggage, ["passenger_luggage", "hành lý", "passenger luggage", "luggage", "hành lý hành khách"]),
        (.postal, ["postal", "bưu phẩm", "post", "parcel", "bưu kiện", "bưu chính"]),
        (.vessel, ["vessel", "tàu thuyền", "ship", "tàu biển", "tàu"]),
        (.aircraft, ["aircraft", "tàu bay", "flight", "máy bay", "chuyến bay"]),
    ]

    /// Names of each disposition (`alert close --disposition`).
    public static let dispositions: [(DispositionKind, [String])] = [
        (.seized, ["seized", "bắt giữ", "seizure", "thu giữ", "bắt"]),
        (
            .noFinding,
            ["no_finding", "không phát hiện vi phạm", "no violation found", "không vi phạm", "không phát hiện"]
        ),
        (.falseAlarm, ["false_alarm", "tin không có cơ sở", "unfounded", "không có cơ sở", "tin sai", "false alarm"]),
        (.duplicateOf, ["duplicate_of", "trùng", "duplicate", "tin trùng", "trùng tin"]),
        (
            .referredToPartner,
            [
                "referred_to_partner", "chuyển cơ quan khác", "referred to partner", "chuyển", "chuyển đối tác",
                "referred",
            ]
        ),
    ]

    /// Names of each escalation target (`alert escalate --to`).
    public static let escalationTargets: [(EscalationTarget, [String])] = [
        (.division1, ["division_1", "Phòng 1", "Division 1", "P1", "Phòng 1 Cục ĐTCBL", "division1"]),
        (.coordinationBoard, ["coordination_board", "Ban điều phối", "Coordination Board", "Ban ĐP", "board"]),
    ]

    /// Names of each report kind (`report submitted KIND`).
    public static let reportKinds: [(ReportKind, [String])] = [
        (.rapid, ["rapid", "báo cáo nhanh", "rapid report", "nhanh"]),
        (.daily, ["daily", "cập nhật hằng ngày", "daily update", "hằng ngày", "hàng ngày", "ngày"]),
        (.final, ["final", "báo cáo tổng kết", "final report", "tổng kết", "cuối"]),
    ]

    /// Names of each verification direction (`verification open --direction`).
    public static let directions: [(VerificationDirection, [String])] = [
        (.incoming, ["incoming", "đến", "từ nước ngoài", "nhận", "in"]),
        (.outgoing, ["outgoing", "đi", "ra nước ngoài", "gửi", "out"]),
    ]

    /// The value of `table` one of whose names is `text` (folded as `key`), or nil. For the
    /// short tables above: a scan, no index.
    public static func value<T>(_ text: String, in table: [(T, [String])]) -> T? {
        let k = key(text)
        guard !k.isEmpty else { return nil }
        return table.first { $0.1.contains { key($0) == k } }?.0
    }

    /// The folded form two names are compared in: case, diacritics and normalisation form
    /// folded (`SearchFold`), `_` and `-` read as spaces, runs of spaces as one, trimmed.
    public static func key(_ text: String) -> String {
        var out: [UInt8] = []
        var space = false
        for b in SearchFold.fold(text).utf8 {
            if b == 0x20 || b == 0x5F || b == 0x2D || b == 0x09 {
                space = !out.isEmpty
                continue
            }
            if space {
                out.append(0x20)
                space = false
            }
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `table` by folded name (`key`), built once: an import asks once per row and field.
    /// A name two values share is the first one's.
    static func index<T>(_ table: [(T, [String])]) -> [String: T] {
        var out: [String: T] = [:]
        for (value, names) in table {
            for n in names where out[key(n)] == nil { out[key(n)] = value }
        }
        return out
    }
    static let sourceIndex = index(sources)
    static let priorityIndex = index(priorities)
    static let conveyanceIndex = index(conveyances)

    public static func source(_ text: String) -> AlertSourceKind? {
        AlertSourceKind(rawValue: text) ?? sourceIndex[key(text)]
    }
    public static func priority(_ text: String) -> Priority? { Priority(rawValue: text) ?? priorityIndex[key(text)] }
    public static func conveyance(_ text: String) -> ConveyanceKind? {
        ConveyanceKind(rawValue: text) ?? conveyanceIndex[key(text)]
    }

    /// The names a unit is known by: its code, its Vietnamese and English names, and the
    /// place alone as officers say it (`Cục Hải quan tỉnh Quảng Ninh` → `Quảng Ninh`, also
    /// `HQ Quảng Ninh` and `Hải quan Quảng Ninh`; `Quang Ninh Customs Department` →
    /// `Quang Ninh`).
    public static func names(of u: CampaignUnit) -> [String] {
        var out = [u.code, u.nameVI, u.nameEN]
        let vi = key(u.nameVI)
        for prefix in ["cuc hai quan tinh ", "cuc hai quan thanh pho ", "cuc hai quan "] where vi.hasPrefix(prefix) {
            let place = String(vi.dropFirst(prefix.count))
            out += [place, "hq " + place, "hai quan " + place, "cuc hai quan " + place]
            break
        }
        let en = key(u.nameEN)
        for suffix in [" customs department", " customs"] where en.hasSuffix(suffix) {
            let place = String(en.dropLast(suffix.count))
            out += [place, place + " customs"]
            break
        }
        return out
    }

    /// The code of the campaign unit one of whose names (`names(of:)`) is `text`, or nil.
    /// A name two units share (none in Golden Strike 2021) resolves to none.
    public static func unit(_ text: String, in campaign: Campaign) -> String? {
        // The code itself, as most files give it: no folding of every unit's names.
        if campaign.unit(text) != nil { return text }
        let k = key(text)
        guard !k.isEmpty else { return nil }
        let hits = campaign.units.filter { u in names(of: u).contains { key($0) == k } }
        return hits.count == 1 ? hits[0].code : nil
    }

    /// Up to `limit` values of `candidates` whose names come nearest `text` (edit distance
    /// between folded names, the closest name of each value; ties in table order), for a
    /// message such as "did you mean border_guard (Biên phòng)?".
    public static func suggestions<T>(for text: String, among candidates: [(T, [String])], limit: Int = 3) -> [T] {
        let k = key(text)
        let scored = candidates.enumerated().map { i, c -> (Int, Int, T) in
            let best = c.1.map { distance(k, key($0)) }.min() ?? Int.max
            return (best, i, c.0)
        }
        return scored.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.prefix(limit).map(\.2)
    }

    /// Levenshtein distance over UTF-8 bytes of folded (ASCII-range) names.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }
}
