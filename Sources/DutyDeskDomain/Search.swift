import DutyDeskJSON

/// Folding of text for search: case, diacritics and Unicode normalisation form do not
/// matter. Precomposed (NFC), decomposed (NFD) and the mixed form that Windows-1258 text
/// decodes to (a precomposed base such as `ê` followed by a combining tone mark U+0301)
/// all fold to the same text; `đ`/`Đ` fold to `d`. Pure stdlib, no Foundation.
///
/// Rule: each Unicode scalar is mapped as follows — combining diacritical marks
/// (U+0300–U+036F) are dropped; Latin letters with diacritics in U+00C0–U+024F and
/// U+1E00–U+1EFF map to their lower-case ASCII base letter (table derived from the
/// Unicode canonical decompositions; `đ`, `Đ` and `Ð` map to `d`); ASCII is lower-cased;
/// any other scalar is lower-cased with its Unicode lowercase mapping.
public enum SearchFold {
    /// The folded form of `s` (lower-case ASCII letters wherever Vietnamese letters were).
    public static func fold(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        fold(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the folded UTF-8 bytes of `s` to `out` (see `fold(_:)`).
    public static func fold(_ s: String, into out: inout [UInt8]) {
        var text = s
        text.withUTF8 { foldUTF8($0, into: &out) }
    }

    /// Decodes UTF-8 by hand (the input is valid: it comes from a `String`) and maps each scalar.
    static func foldUTF8(_ b: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var i = 0
        let n = b.count
        while i < n {
            let c0 = b[i]
            if c0 < 0x80 {
                out.append(c0 >= 65 && c0 <= 90 ? c0 + 32 : c0)
                i += 1
                continue
            }
            var v: UInt32
            let len: Int
            if c0 < 0xE0 {
                v = UInt32(c0 & 0x1F)
                len = 2
            } else if c0 < 0xF0 {
                v = UInt32(c0 & 0x0F)
                len = 3
            } else {
                v = UInt32(c0 & 0x07)
                len = 4
            }
            guard i + len <= n else { return }
            for k in 1..<len { v = (v << 6) | UInt32(b[i + k] & 0x3F) }
            let start = i
            i += len
            if v >= 0x300 && v <= 0x36F { continue }
            if v >= 0xC0 && v <= 0x24F, latin1[Int(v - 0xC0)] != 0 {
                out.append(latin1[Int(v - 0xC0)])
                continue
            }
            if v >= 0x1E00 && v <= 0x1EFF, latinExtendedAdditional[Int(v - 0x1E00)] != 0 {
                out.append(latinExtendedAdditional[Int(v - 0x1E00)])
                continue
            }
            guard let u = Unicode.Scalar(v) else {
                out.append(contentsOf: b[start..<i])
                continue
            }
            for l in u.properties.lowercaseMapping.unicodeScalars where !(l.value >= 0x300 && l.value <= 0x36F) {
                if let bytes = UTF8.encode(l) { out.append(contentsOf: bytes) }
            }
        }
    }

    /// Words of folded text: maximal runs of word bytes (ASCII letters and digits, and any
    /// non-ASCII character); everything else separates words.
    public static func tokens(_ folded: String) -> [Substring] {
        folded.split(whereSeparator: { c in c.isASCII && !(c.isLetter || c.isNumber) })
    }

    /// The words of a folded query as UTF-8 bytes, for `matches(tokens:in:)`.
    public static func queryTokens(_ foldedQuery: String) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var cur: [UInt8] = []
        for b in foldedQuery.utf8 {
            if isWordByte(b) {
                cur.append(b)
            } else if !cur.isEmpty {
                out.append(cur)
                cur = []
            }
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    /// True when every word of the query is a prefix of some word of `folded`
    /// (`"ho chi"` matches `"ho chi minh"`; word order is free). An empty query matches.
    /// `foldedQuery` must already be folded.
    public static func matches(foldedQuery: String, in folded: String) -> Bool {
        matches(tokens: queryTokens(foldedQuery), in: folded)
    }

    /// As `matches(foldedQuery:in:)` with the query already split by `queryTokens`.
    /// A byte scan without allocation: cheap enough to run over 100k alerts per keystroke.
    public static func matches(tokens: [[UInt8]], in folded: String) -> Bool {
        if tokens.isEmpty { return true }
        var text = folded
        return text.withUTF8 { h in
            for t in tokens where !containsWordPrefix(h, t) { return false }
            return true
        }
    }

    /// True for bytes of words in folded text: ASCII letters and digits, and any byte of a non-ASCII scalar.
    @inline(__always) public static func isWordByte(_ b: UInt8) -> Bool {
        b >= 0x80 || (b >= 48 && b <= 57) || (b >= 97 && b <= 122) || (b >= 65 && b <= 90)
    }

    static func containsWordPrefix(_ h: UnsafeBufferPointer<UInt8>, _ t: [UInt8]) -> Bool {
        let n = h.count
        let m = t.count
        guard m > 0, m <= n else { return m == 0 }
        let first = t[0]
        var i = 0
        while i <= n - m {
            if h[i] == first, i == 0 || !isWordByte(h[i - 1]) {
                var k = 1
                while k < m, h[i + k] == t[k] { k += 1 }
                if k == m { return true }
            }
            i += 1
        }
        return false
    }

    // Base letters (ASCII code, 0 = none) of U+00C0…U+024F.
    static let latin1: [UInt8] = [
        97, 97, 97, 97, 97, 97, 0, 99, 101, 101, 101, 101, 105, 105, 105, 105,
        100, 110, 111, 111, 111, 111, 111, 0, 0, 117, 117, 117, 117, 121, 0, 0,
        97, 97, 97, 97, 97, 97, 0, 99, 101, 101, 101, 101, 105, 105, 105, 105,
        100, 110, 111, 111, 111, 111, 111, 0, 0, 117, 117, 117, 117, 121, 0, 121,
        97, 97, 97, 97, 97, 97, 99, 99, 99, 99, 99, 99, 99, 99, 100, 100,
        100, 100, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 103, 103, 103, 103,
        103, 103, 103, 103, 104, 104, 0, 0, 105, 105, 105, 105, 105, 105, 105, 105,
        105, 0, 0, 0, 106, 106, 107, 107, 0, 108, 108, 108, 108, 108, 108, 0,
        0, 0, 0, 110, 110, 110, 110, 110, 110, 0, 0, 0, 111, 111, 111, 111,
        111, 111, 0, 0, 114, 114, 114, 114, 114, 114, 115, 115, 115, 115, 115, 115,
        115, 115, 116, 116, 116, 116, 0, 0, 117, 117, 117, 117, 117, 117, 117, 117,
        117, 117, 117, 117, 119, 119, 121, 121, 121, 122, 122, 122, 122, 122, 122, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        111, 111, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 117,
        117, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 97, 97, 105,
        105, 111, 111, 117, 117, 117, 117, 117, 117, 117, 117, 117, 117, 0, 97, 97,
        97, 97, 0, 0, 0, 0, 103, 103, 107, 107, 111, 111, 111, 111, 0, 0,
        106, 0, 0, 0, 103, 103, 0, 0, 110, 110, 97, 97, 0, 0, 0, 0,
        97, 97, 97, 97, 101, 101, 101, 101, 105, 105, 105, 105, 111, 111, 111, 111,
        114, 114, 114, 114, 117, 117, 117, 117, 115, 115, 116, 116, 0, 0, 104, 104,
        0, 0, 0, 0, 0, 0, 97, 97, 101, 101, 111, 111, 111, 111, 111, 111,
        111, 111, 121, 121, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ]
    // Base letters (ASCII code, 0 = none) of U+1E00…U+1EFF.
    static let latinExtendedAdditional: [UInt8] = [
        97, 97, 98, 98, 98, 98, 98, 98, 99, 99, 100, 100, 100, 100, 100, 100,
        100, 100, 100, 100, 101, 101, 101, 101, 101, 101, 101, 101, 101, 101, 102, 102,
        103, 103, 104, 104, 104, 104, 104, 104, 104, 104, 104, 104, 105, 105, 105, 105,
        107, 107, 107, 107, 107, 107, 108, 108, 108, 108, 108, 108, 108, 108, 109, 109,
        109, 109, 109, 109, 110, 110, 110, 110, 110, 110, 110, 110, 111, 111, 111, 111,
        111, 111, 111, 111, 112, 112, 112, 112, 114, 114, 114, 114, 114, 114, 114, 114,
        115, 115, 115, 115, 115, 115, 115, 115, 115, 115, 116, 116, 116, 116, 116, 116,
        116, 116, 117, 117, 117, 117, 117, 117, 117, 117, 117, 117, 118, 118, 118, 118,
        119, 119, 119, 119, 119, 119, 119, 119, 119, 119, 120, 120, 120, 120, 121, 121,
        122, 122, 122, 122, 122, 122, 104, 116, 119, 121, 0, 0, 0, 0, 0, 0,
        97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97, 97,
        97, 97, 97, 97, 97, 97, 97, 97, 101, 101, 101, 101, 101, 101, 101, 101,
        101, 101, 101, 101, 101, 101, 101, 101, 105, 105, 105, 105, 111, 111, 111, 111,
        111, 111, 111, 111, 111, 111, 111, 111, 111, 111, 111, 111, 111, 111, 111, 111,
        111, 111, 111, 111, 117, 117, 117, 117, 117, 117, 117, 117, 117, 117, 117, 117,
        117, 117, 121, 121, 121, 121, 121, 121, 121, 121, 0, 0, 0, 0, 0, 0,
    ]
}

/// A filter over alerts, as the dashboard's search box and filter keys build it.
/// Empty sets mean "any". All given criteria must hold.
public struct AlertFilter: Sendable, Hashable {
    /// Free text (folded on assignment): every word must be a prefix of a word of the alert.
    public var query: String {
        didSet {
            foldedQuery = SearchFold.fold(query)
            queryTokens = SearchFold.queryTokens(foldedQuery)
        }
    }
    /// `query` folded with `SearchFold.fold`.
    public private(set) var foldedQuery: String
    private var queryTokens: [[UInt8]]
    /// Statuses to keep; `.snoozed` matches alerts snoozed at `now`, other statuses match
    /// the stored status of alerts that are not snoozed at `now`.
    public var statuses: Set<AlertStatus>
    public var priorities: Set<Priority>
    public var sources: Set<AlertSourceKind>
    /// Responsible unit codes.
    public var units: Set<String>

    public init(
        query: String = "", statuses: Set<AlertStatus> = [], priorities: Set<Priority> = [],
        sources: Set<AlertSourceKind> = [], units: Set<String> = []
    ) {
        self.query = query
        self.foldedQuery = SearchFold.fold(query)
        self.queryTokens = SearchFold.queryTokens(foldedQuery)
        self.statuses = statuses
        self.priorities = priorities
        self.sources = sources
        self.units = units
    }

    /// True when `alert` passes every criterion, reading statuses as stored (a `.snoozed`
    /// criterion never matches: use `matches(_:now:)` when the clock is known).
    public func matches(_ alert: AlertRecord) -> Bool {
        matches(alert, now: RFC3339Timestamp(epochNanoseconds: .max, offsetSeconds: 0))
    }

    /// True when `alert` passes every criterion at instant `now` (for snooze).
    public func matches(_ alert: AlertRecord, now: RFC3339Timestamp) -> Bool {
        if !priorities.isEmpty, !priorities.contains(alert.details.priority) { return false }
        if !sources.isEmpty, !sources.contains(alert.details.source.kind) { return false }
        if !units.isEmpty {
            guard let u = alert.details.responsibleUnit, units.contains(u) else { return false }
        }
        if !statuses.isEmpty, !statuses.contains(alert.displayStatus(at: now)) { return false }
        return queryTokens.isEmpty || SearchFold.matches(tokens: queryTokens, in: alert.searchKey)
    }
}
