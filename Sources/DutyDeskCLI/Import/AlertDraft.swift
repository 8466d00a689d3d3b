// Alert fields as text (from `alert add` options or an import row) → domain `AlertDetails`.
import DutyDeskDomain
import DutyDeskJSON

/// The alert fields an officer or an import file gives as text, named as the `alert add`
/// options in snake_case (docs/import-format.md). `AlertDraft.fields` is their canonical order.
public enum AlertDraft {
    /// Canonical field order (also the order hashed for import idempotency; `sharing`, added
    /// last by issue 11, is hashed only when given, so rows of older files keep their ids).
    public static let fields = [
        "received", "source", "source_detail", "subject", "priority", "reference", "commodity",
        "species", "quantity", "quantity_unit", "conveyance", "conveyance_ref", "location",
        "unit", "eta", "notes", "sharing",
    ]

    /// The fields by position in `fields` (same order), so a row's values are read by index.
    enum Field: Int, CaseIterable {
        case received, source, sourceDetail, subject, priority, reference, commodity, species, quantity, quantityUnit,
            conveyance, conveyanceRef, location, unit, eta, notes, sharing
        /// The field's name in `fields`.
        var name: String { AlertDraft.fields[rawValue] }
    }

    /// A problem with one field: `field` is a name from `fields`; `reason` in English and
    /// `reasonVI` in Vietnamese (issue 14, item 2), each naming the value as given.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var field: String
        public var reason: String
        public var reasonVI: String
        public init(field: String, en: String, vi: String) {
            self.field = field
            self.reason = en
            self.reasonVI = vi
        }
        /// The reason in `language`.
        public func reason(_ language: Language) -> String { language == .vi ? reasonVI : reason }
        /// `field: reason` in `language`, as the commands print it after `file:line: `.
        public func text(_ language: Language) -> String { "\(field): \(reason(language))" }
        public var description: String { text(.en) }
    }

    /// Every problem of one set of fields.
    public struct Problems: Error, Sendable, Equatable { public var list: [Problem] }

    /// Parses a time as officers and files write it, in the campaign zone:
    /// RFC 3339 with an offset (`2021-09-01T08:00:00+07:00`, `…Z`), an ISO date
    /// (`2021-09-01`, midnight in the zone), or `dd/MM/yyyy [HH:mm[:ss]]` (Vietnamese order).
    /// - Returns: the instant, or the reason it cannot be read.
    public static func parseTime(_ text: String, zone: CampaignZone) -> Result<RFC3339Timestamp, Problem> {
        let t = text.trimmingSpaces
        switch RFC3339Timestamp.read(t) {
        case .success(let ts): return .success(ts)
        case .failure(.outOfRange):
            return .failure(outOfRange(t))
        case .failure(.notRFC3339): break
        }
        if t.utf8.count == 10 {
            let b = Array(t.utf8)
            if b[4] == 0x2D, b[7] == 0x2D, let y = Int(t.prefix(4)), let m = Int(t.dropFirst(5).prefix(2)),
                let d = Int(t.suffix(2))
            {
                guard (1...12).contains(m), d >= 1, d <= RFC3339Timestamp.daysInMonth(year: y, month: m) else {
                    return .failure(Problem(field: "", en: "\(t) is not a date", vi: "«\(t)» không phải ngày có thật"))
                }
                guard let t = zone.checkedInstant(year: y, month: m, day: d) else {
                    return .failure(outOfRange(t))
                }
                return .success(t)
            }
        }
        if t.utf8.contains(0x2F) {
            if let ts = vietnameseDateTime(t, offsetSeconds: zone.offsetSeconds) { return .success(ts) }
            do throws(VietnameseDateError) {
                return .success(try VietnameseDate.parse(t, offsetSeconds: zone.offsetSeconds))
            } catch {
                return .failure(
                    Problem(
                        field: "", en: error.reason, vi: error.reasonVI))
            }
        }
        return .failure(
            Problem(
                field: "",
                en:
                    "'\(t)' is not a time: use RFC 3339 (2021-09-01T08:00:00+07:00), an ISO date (2021-09-01) or dd/MM/yyyy HH:mm",
                vi:
                    "«\(t)» không phải thời điểm: viết dd/MM/yyyy HH:mm (giờ của chiến dịch), yyyy-MM-dd hoặc RFC 3339 có múi giờ (2021-09-01T08:00:00+07:00)"
            ))
    }

    static func outOfRange(_ t: String) -> Problem {
        Problem(
            field: "", en: "\(t) is \(RFC3339Timestamp.ReadError.outOfRange)",
            vi: "«\(t)» nằm ngoài khoảng thời gian đọc được")
    }

    /// "did you mean border_guard (Biên phòng), police (Công an)?": the nearest codes of
    /// `table` to `text` with their Vietnamese name (each entry's second name).
    static func nearest<T: RawRepresentable>(_ text: String, _ table: [(T, [String])]) -> String
    where T.RawValue == String {
        let near = InputNames.suggestions(for: text, among: table)
        let shown = near.map { v -> String in
            let names = table.first { $0.0 == v }?.1 ?? []
            return names.count > 1 ? "\(v.rawValue) (\(names[1]))" : v.rawValue
        }
        return "did you mean \(shown.joined(separator: ", "))?"
    }

    /// The Vietnamese `nearest`: "có phải «Biên phòng», «Công an»? Dùng một trong: «Ban điều
    /// phối», …" — the Vietnamese names only (each entry's second name), never a code.
    static func nearestVI<T: Equatable>(_ text: String, _ table: [(T, [String])]) -> String {
        let near = InputNames.suggestions(for: text, among: table)
        func name(_ entry: (T, [String])) -> String { "«\(entry.1.count > 1 ? entry.1[1] : entry.1[0])»" }
        let shown = near.compactMap { v in table.first { $0.0 == v }.map(name) }
        return "có phải \(shown.joined(separator: ", "))? Dùng một trong: \(table.map(name).joined(separator: ", "))"
    }

    /// The common shapes `d/M/yyyy`, `dd/MM/yyyy HH:mm` and `dd/MM/yyyy HH:mm:ss` (ASCII
    /// digits, one space) read from the bytes, giving what `VietnameseDate.parse` gives;
    /// nil for any other shape or an impossible date or time (the caller then asks
    /// `VietnameseDate.parse`, which explains the problem).
    static func vietnameseDateTime(_ t: String, offsetSeconds: Int32) -> RFC3339Timestamp? {
        var b = t.utf8[...]
        func number(maxDigits: Int, exactly: Bool) -> Int? {
            var v = 0
            var k = 0
            while k < maxDigits, let c = b.first, c >= 0x30, c <= 0x39 {
                v = v * 10 + Int(c - 0x30)
                k += 1
                b = b.dropFirst()
            }
            return k == 0 || (exactly && k != maxDigits) ? nil : v
        }
        func skip(_ c: UInt8) -> Bool {
            if b.first == c {
                b = b.dropFirst()
                return true
            }
            return false
        }
        guard let day = number(maxDigits: 2, exactly: false), skip(0x2F),
            let month = number(maxDigits: 2, exactly: false), skip(0x2F),
            let year = number(maxDigits: 4, exactly: true), (1...12).contains(month), day >= 1,
            day <= RFC3339Timestamp.daysInMonth(year: year, month: month)
        else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        if !b.isEmpty {
            guard skip(0x20), let h = number(maxDigits: 2, exactly: true), skip(0x3A),
                let m = number(maxDigits: 2, exactly: true),
                h <= 23, m <= 59
            else { return nil }
            hour = h
            minute = m
            if !b.isEmpty {
                guard skip(0x3A), let s = number(maxDigits: 2, exactly: true), s <= 59 else { return nil }
                second = s
            }
            guard b.isEmpty else { return nil }
        }
        let days = Int64(RFC3339Timestamp.daysFromCivil(year: year, month: month, day: day))
        return RFC3339Timestamp.fromLocal(
            days: days, secondOfDay: Int64(hour * 3600 + minute * 60 + second), nanos: 0,
            offsetSeconds: offsetSeconds)
    }

    /// Species as written in a `species` value or option: names separated by `;`, each
    /// optionally followed by its CITES appendix in brackets (`Manis javanica (I)`); empty
    /// names are dropped. Shared by `alert add`, `import` and `alert close --species`.
    static func species(_ s: String) -> [Species] {
        var species: [Species] = []
        // Species names are ASCII as a rule: split those by byte (the same parts as by character).
        let parts =
            s.utf8.allSatisfy({ $0 < 0x80 })
            ? s.utf8.split(separator: 0x3B).map { String(Substring($0)) }
            : s.split(separator: ";").map(String.init)
        for part in parts {
            var name = part.trimmingSpaces
            var app: String?
            if name.hasSuffix(")"), let open = name.lastIndex(of: "(") {
                let inner = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
                    .trimmingSpaces
                if ["I", "II", "III"].contains(inner) {
                    app = inner
                    name = String(name[..<open]).trimmingSpaces
                }
            }
            if !name.isEmpty { species.append(Species(scientificName: name, citesAppendix: app)) }
        }
        return species
    }

    /// The location kind named by a `KIND:` prefix (`airport:Nội Bài`), else guessed from
    /// the usual words (sân bay/airport, cảng/port, cửa khẩu/border gate), else `other`.
    static func location(_ text: String) -> AlertLocation {
        // (No ':' byte means no ':' character: skip the grapheme search.)
        if text.utf8.contains(0x3A), let colon = text.firstIndex(of: ":"),
            let k = LocationKind(rawValue: String(text[..<colon]).trimmingSpaces)
        {
            return AlertLocation(kind: k, name: String(text[text.index(after: colon)...]).trimmingSpaces)
        }
        var f: [UInt8] = []
        f.reserveCapacity(text.utf8.count)
        SearchFold.fold(text, into: &f)
        let kind: LocationKind
        if f.contains(bytes: "san bay") || f.contains(bytes: "airport") {
            kind = .airport
        } else if f.contains(bytes: "cua khau") || f.contains(bytes: "border gate") {
            kind = .borderGate
        } else if f.contains(bytes: "cang") || f.contains(bytes: "port") {
            kind = .port
        } else {
            kind = .other
        }
        return AlertLocation(kind: kind, name: text)
    }

    /// Builds the details from field values (absent or empty = not given).
    /// Defaults: `received` = `now`; `priority` = normal. Rules checked here (so every
    /// problem names its field): subject required; source one of `AlertSourceKind`
    /// (`member_country` needs `source_detail` = ISO 3166-1 alpha-2 code, letter item 5);
    /// priority critical|high|normal|low; quantity a non-negative decimal (`DecimalInput`) given with
    /// `quantity_unit`; conveyance one of `ConveyanceKind`; unit a campaign unit code;
    /// times as in `parseTime`. `species` may list several names separated by `;`, each
    /// optionally followed by its CITES appendix in parentheses: `Manis javanica (I)`.
    /// For sources other than `member_country`, `source_detail` is kept in the notes
    /// (`Source: …`), as the domain records only the kind.
    /// - Returns: the details, or every problem found.
    public static func build(_ v: [String: String], campaign: Campaign, now: RFC3339Timestamp) -> Result<
        AlertDetails, Problems
    > {
        build(values: fields.map { v[$0] }, campaign: campaign, now: now)
    }

    /// The sharing level of the fields (`sharing`, issue 11 item 4): `SharingLevel.parse` of the
    /// value, `amber` when not given or empty.
    /// - Returns: the level, or the problem (`sharing: 'x' is not a sharing level; use red, …`).
    public static func sharing(_ v: [String: String]) -> Result<SharingLevel, Problem> {
        sharing(values: fields.map { v[$0] })
    }

    /// `sharing(_:)` with the values in `fields` order (nil = not given).
    static func sharing(values v: [String?]) -> Result<SharingLevel, Problem> {
        let i = Field.sharing.rawValue
        guard i < v.count, let s = v[i]?.trimmingSpaces, !s.isEmpty else { return .success(.standard) }
        guard let l = SharingLevel.parse(s) else {
            return .failure(
                Problem(
                    field: Field.sharing.name,
                    en: "'\(s)' is not a sharing level; use \(SharingLevel.names) (TLP 2.0)",
                    vi: "«\(s)» không phải mức chia sẻ; dùng \(SharingLevel.names) (TLP 2.0)"))
        }
        return .success(l)
    }

    /// `build(_:campaign:now:)` with the values given in `fields` order (nil = not given),
    /// as `ImportMapping.Compiled.values` makes them.
    static func build(values v: [String?], campaign: Campaign, now: RFC3339Timestamp) -> Result<AlertDetails, Problems>
    {
        var problems: [Problem] = []
        func value(_ f: Field) -> String? {
            guard let s = v[f.rawValue]?.trimmingSpaces, !s.isEmpty else { return nil }
            return s
        }
        func time(_ f: Field) -> RFC3339Timestamp? {
            guard let s = value(f) else { return nil }
            switch parseTime(s, zone: campaign.zone) {
            case .success(let t):
                // Checked here against the window of every time (TimeRules), so the message names the field.
                if let p = TimeRules.problem(t, field: nil) {
                    problems.append(
                        Problem(
                            field: f.name, en: p,
                            vi: DomainError.timeOutsideWindow(field: f.name, time: t).text(.vi)))
                    return nil
                }
                return t
            case .failure(let p):
                problems.append(Problem(field: f.name, en: p.reason, vi: p.reasonVI))
                return nil
            }
        }
        let received = time(.received) ?? now
        var notes: [String] = []
        var source = AlertSource(kind: .publicTip)
        if let s = value(.source) {
            if let k = InputNames.source(s) {
                source.kind = k
                if k == .memberCountry {
                    if let c = value(.sourceDetail), c.utf8.count == 2, c.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) {
                        source.country = c
                    } else {
                        problems.append(
                            Problem(
                                field: "source_detail",
                                en:
                                    "a member_country source needs a two-letter country code (e.g. TH)\(value(.sourceDetail).map { ", got '\($0)'" } ?? "")",
                                vi:
                                    "tin báo của nước thành viên cần mã nước hai chữ cái in hoa (vd. TH)\(value(.sourceDetail).map { ", nhận được «\($0)»" } ?? "")"
                            ))
                    }
                } else if let d = value(.sourceDetail) {
                    notes.append("Nguồn tin: \(d)")
                }
            } else {
                problems.append(
                    Problem(
                        field: "source",
                        en:
                            "'\(s)' is not a source; \(Self.nearest(s, InputNames.sources)); codes: \(AlertSourceKind.allCases.map(\.rawValue).joined(separator: ", "))",
                        vi: "«\(s)» không phải nguồn tin; \(Self.nearestVI(s, InputNames.sources))"
                    ))
            }
        } else {
            problems.append(
                Problem(
                    field: "source",
                    en: "missing; use one of \(AlertSourceKind.allCases.map(\.rawValue).joined(separator: ", "))",
                    vi:
                        "thiếu nguồn tin; dùng một trong: \(InputNames.sources.map { "«\($0.1[1])»" }.joined(separator: ", "))"
                ))
        }
        let subject = value(.subject)
        if subject == nil { problems.append(Problem(field: "subject", en: "missing", vi: "thiếu nội dung tin báo")) }
        var priority = Priority.normal
        if let p = value(.priority) {
            if let pr = InputNames.priority(p) {
                priority = pr
            } else {
                problems.append(
                    Problem(
                        field: "priority",
                        en:
                            "'\(p)' is not a priority; \(Self.nearest(p, InputNames.priorities)); codes: critical, high, normal, low",
                        vi: "«\(p)» không phải mức ưu tiên; \(Self.nearestVI(p, InputNames.priorities))"
                    ))
            }
        }
        let species = value(.species).map(Self.species) ?? []
        var quantity: [Measure] = []
        switch (value(.quantity), value(.quantityUnit)) {
        case (let q?, let u?):
            // `12,5` and `12.5` alike; grouped or ambiguous thousands refused (issue 14, item 1).
            do throws(DecimalInput.Problem) {
                quantity.append(Measure(amount: try DecimalInput.parse(q), unit: u))
            } catch {
                problems.append(Problem(field: "quantity", en: error.text(.en), vi: error.text(.vi)))
            }
        case (_?, nil):
            problems.append(
                Problem(
                    field: "quantity_unit", en: "missing; a quantity needs its unit of measure (pieces, kg, …)",
                    vi: "thiếu đơn vị tính; số lượng cần đơn vị tính (chiếc, kg, …)")
            )
        case (nil, _?):
            problems.append(
                Problem(
                    field: "quantity", en: "missing; a unit of measure was given without a quantity",
                    vi: "thiếu số lượng; có đơn vị tính mà không có số lượng"))
        case (nil, nil): break
        }
        var conveyance: Conveyance?
        if let c = value(.conveyance) {
            if let k = InputNames.conveyance(c) {
                conveyance = Conveyance(kind: k, reference: value(.conveyanceRef))
            } else {
                problems.append(
                    Problem(
                        field: "conveyance",
                        en:
                            "'\(c)' is not a conveyance; \(Self.nearest(c, InputNames.conveyances)); codes: \(ConveyanceKind.allCases.map(\.rawValue).joined(separator: ", "))",
                        vi: "«\(c)» không phải loại phương tiện, hàng hóa; \(Self.nearestVI(c, InputNames.conveyances))"
                    ))
            }
        } else if let r = value(.conveyanceRef) {
            notes.append("Số hiệu phương tiện: \(r)")
        }
        var unit = value(.unit)
        if let u = unit {
            if let code = InputNames.unit(u, in: campaign) {
                unit = code
            } else {
                let near = InputNames.suggestions(
                    for: u, among: campaign.units.map { ($0, InputNames.names(of: $0)) })
                problems.append(
                    Problem(
                        field: "unit",
                        en:
                            "unknown unit '\(u)'; did you mean \(near.map { "\($0.code) (\($0.nameVI))" }.joined(separator: ", "))?",
                        vi:
                            "không có đơn vị «\(u)»; có phải \(near.map { "\($0.code) (\($0.nameVI))" }.joined(separator: ", "))?"
                    ))
            }
        }
        let eta = time(.eta)
        if let eta, eta < received {
            problems.append(
                Problem(
                    field: "eta",
                    en:
                        "\(campaign.zone.local(eta)) is before the tip was received (\(campaign.zone.local(received))); an ETA cannot precede its tip",
                    vi:
                        "thời gian dự kiến đến \(VietnameseDate.format(eta, zone: campaign.zone)) trước lúc nhận tin báo (\(VietnameseDate.format(received, zone: campaign.zone)))"
                ))
        }
        if let s = subject, let c = firstLineBreak(in: s) {
            problems.append(
                Problem(
                    field: "subject",
                    en: "contains a line break (\(c)); a subject is one line (put details in notes)",
                    vi: "có ký tự xuống dòng (\(c)); nội dung tin báo viết trên một dòng (chi tiết ghi vào ghi chú)"))
        }
        if let n = value(.notes) { notes.insert(n, at: 0) }
        guard problems.isEmpty, let subject else { return .failure(Problems(list: problems)) }
        return .success(
            AlertDetails(
                receivedAt: received, source: source, sourceReference: value(.reference), priority: priority,
                subject: subject, commodity: value(.commodity), species: species, quantity: quantity,
                conveyance: conveyance, location: value(.location).map(location), responsibleUnit: unit, eta: eta,
                notes: notes.isEmpty ? nil : notes.joined(separator: "\n")))
    }
}

extension Array where Element == UInt8 {
    /// Whether the bytes contain `needle`'s UTF-8 bytes as a run.
    func contains(bytes needle: StaticString) -> Bool {
        let m = needle.utf8CodeUnitCount
        guard m > 0, m <= count else { return m == 0 }
        let p = needle.utf8Start
        return withUnsafeBufferPointer { b in
            var i = 0
            while i + m <= b.count {
                if b[i] == p[0] {
                    var k = 1
                    while k < m, b[i + k] == p[k] { k += 1 }
                    if k == m { return true }
                }
                i += 1
            }
            return false
        }
    }
}
