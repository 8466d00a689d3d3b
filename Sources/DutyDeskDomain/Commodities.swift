// Commodities of wildlife seizures under one name whatever language they were written in
// (issue 14, item 5: "Ngà voi" and "ivory" are one row of the results Division 1 consolidates).

/// A commodity as reports count it: a known commodity of the campaign's trade (ivory, rhino
/// horn, pangolin scales…) with its Vietnamese and English names, or a commodity written
/// as entered that no table entry knows.
public struct CommodityName: Sendable, Hashable {
    /// Stable key: the known commodity's English name, or the folded text (`SearchFold`)
    /// of an unknown one, so `Vảy tê tê` and `vay te te` count together too.
    public let key: String
    /// Name in Vietnamese (the field's words) and English; for an unknown commodity both are
    /// the text as first entered, trimmed.
    public let vi: String
    public let en: String
    /// True when the commodity is in `CommodityName.known`.
    public let isKnown: Bool

    /// The name in `language`.
    public func name(_ language: Language) -> String { language == .vi ? vi : en }

    /// The commodities wildlife reports name, with the words officers and tips use for
    /// them (folded: case, diacritics and normalisation do not matter). Every commodity of
    /// the synthetic feed is here; the list is the reports' vocabulary, not a rule of the
    /// letter.
    public static let known: [(vi: String, en: String, synonyms: [String])] = [
        ("ngà voi", "ivory", ["nga voi", "ivory", "elephant ivory", "ngà", "sản phẩm ngà voi", "ivory products"]),
        ("sừng tê giác", "rhino horn", ["sung te giac", "rhino horn", "rhinoceros horn", "rhino horns"]),
        ("vảy tê tê", "pangolin scales", ["vay te te", "pangolin scales", "pangolin scale", "vẩy tê tê"]),
        ("tê tê", "pangolins", ["te te", "pangolin", "pangolins", "tê tê sống", "live pangolins"]),
        ("xương hổ", "tiger bone", ["xuong ho", "tiger bone", "tiger bones", "cốt hổ"]),
        ("rùa sống", "live turtles", ["rua song", "live turtles", "turtles", "rùa", "live turtle"]),
        ("trầm hương", "agarwood", ["tram huong", "agarwood", "gỗ trầm", "aloeswood"]),
        ("gỗ trắc", "rosewood", ["go trac", "rosewood", "gỗ hồng sắc", "siamese rosewood"]),
        ("chim sống", "live birds", ["chim song", "live birds", "birds", "chim"]),
        ("vây cá mập", "shark fins", ["vay ca map", "shark fins", "shark fin"]),
        ("mật gấu", "bear bile", ["mat gau", "bear bile"]),
        (
            "sản phẩm động vật hoang dã chưa xác định", "wildlife products, unidentified",
            ["wildlife products, unidentified", "wildlife products", "unidentified wildlife products"]
        ),
    ]

    /// The commodity `text` names: the known commodity one of whose names or synonyms folds
    /// to the same text, else `text` itself (trimmed) under its folded key.
    public init(_ text: String) {
        let folded = Self.normalizedKey(text)
        if let i = Self.index[folded] {
            let k = Self.known[i]
            key = k.en
            vi = k.vi
            en = k.en
            isKnown = true
        } else {
            key = folded
            let t = text.trimmingSpaces
            vi = t
            en = t
            isKnown = false
        }
    }

    /// Folded text with runs of spaces as one and no trailing punctuation.
    static func normalizedKey(_ text: String) -> String {
        let f = SearchFold.fold(text)
        let words = f.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        var out = words.joined(separator: " ")
        while let last = out.last, last == "." || last == ";" { out.removeLast() }
        return out
    }

    static let index: [String: Int] = {
        var m: [String: Int] = [:]
        for (i, k) in known.enumerated() {
            for name in [k.vi, k.en] + k.synonyms { m[normalizedKey(name)] = i }
        }
        return m
    }()
}
