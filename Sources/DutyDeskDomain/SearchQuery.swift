// The officer's search language (issue 13, item 3): words at word starts, consecutive
// words as a phrase, field prefixes and `!` negation, over text folded by `SearchFold`.

/// A field of a searchable text (`SearchText`): each field's text is preceded in the
/// folded bytes by its marker byte (the raw value, a control character that never occurs
/// in stored text), so a phrase never runs from one field into the next and a prefixed
/// term (`ref:29c`) looks only inside its field.
public enum SearchField: UInt8, Sendable, Hashable, CaseIterable {
    /// The alert or request id (`HQLS-0042`).
    case id = 1
    case subject
    /// References: the source's reference, the conveyance reference (plate, container,
    /// flight, vessel) and travel documents. Prefix `ref:`.
    case reference
    /// The location (border gate, port, airport). Prefix `loc:`.
    case location
    /// The owning and the responsible unit: code and names in Vietnamese and English. Prefix `unit:`.
    case unit
    /// Species (scientific names) and the commodity. Prefix `sp:`.
    case species
    /// The status, in English and Vietnamese. Prefix `status:`.
    case status
    /// The priority, in English and Vietnamese. Prefix `prio:`.
    case priority
    /// The source (partner agency, Coordination Board, country). Prefix `src:`.
    case source
    /// Everything else searched without a prefix: owner, notes, counterpart, labels.
    case other

    /// The prefix an officer types for the field (without the colon), nil for fields only
    /// searched without a prefix.
    public var prefix: String? {
        switch self {
        case .reference: "ref"
        case .location: "loc"
        case .unit: "unit"
        case .species: "sp"
        case .status: "status"
        case .priority: "prio"
        case .source: "src"
        case .id, .subject, .other: nil
        }
    }

    /// The field a typed prefix names (`"ref"` → `.reference`), nil for an unknown one.
    public init?(prefix: some StringProtocol) {
        guard let f = SearchField.allCases.first(where: { $0.prefix.map { $0 == prefix } ?? false }) else {
            return nil
        }
        self = f
    }

    /// True for a byte that marks the start of a field in folded search text (any byte
    /// below 0x20: marker bytes, and the control characters `SearchText` turns into them).
    @inline(__always) public static func isMarker(_ b: UInt8) -> Bool { b < 0x20 }
}

/// Builds the folded, field-marked bytes a `SearchQuery` reads: `add(_:_:)` appends a
/// field's marker and its folded text. Control characters in the text become spaces, so
/// untrusted text cannot forge a field.
public struct SearchText: Sendable {
    /// The bytes built so far (UTF-8 of folded text, field markers below 0x20).
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// Appends `text` (folded here) as a value of `field`; nothing for nil or empty text.
    public mutating func add(_ field: SearchField, _ text: String?) {
        guard let text, !text.isEmpty else { return }
        bytes.append(field.rawValue)
        let from = bytes.count
        SearchFold.fold(text, into: &bytes)
        for i in from..<bytes.count where SearchField.isMarker(bytes[i]) { bytes[i] = 0x20 }
    }

    /// Appends `folded` (already folded, already free of control characters) as a value of `field`.
    public mutating func addFolded(_ field: SearchField, _ folded: [UInt8]) {
        guard !folded.isEmpty else { return }
        bytes.append(field.rawValue)
        bytes.append(contentsOf: folded)
    }
}

/// A parsed search (issue 13, item 3), as the dashboard's `/` line takes it:
/// - words match at word starts, ignoring case, diacritics and normalisation
///   (`SearchFold`): `ho` finds *Hổ* and *horn*, not *phòng*;
/// - consecutive bare words form a phrase and must match consecutive words of one field
///   (`te te` finds *tê tê*, not *quốc tế … Tây*); punctuation between them does not matter;
/// - `"…"` quotes a phrase for a prefix or a negation (`loc:"móng cái"`); an unclosed
///   quote runs to the end;
/// - a known field prefix narrows one word or quoted phrase to its field (`ref:`, `unit:`,
///   `loc:`, `sp:`, `status:`, `prio:`, `src:`, see `SearchField`); an unknown one is
///   searched as words (`12:30` is the phrase `12 30`);
/// - `!` before a term negates it (`!status:closed`, `!"quoc te"`);
/// - every term must hold (AND). A term with no words (`ref:` or `!` being typed) is
///   ignored, so an empty query matches everything.
public struct SearchQuery: Sendable, Hashable {
    /// One condition: a phrase (folded words, at least one), in a field or any, maybe negated.
    public struct Term: Sendable, Hashable {
        /// The words, folded, each matched as a word prefix of consecutive words.
        public var words: [[UInt8]]
        /// The field it is limited to; nil for every field.
        public var field: SearchField?
        public var negated: Bool

        public init(words: [[UInt8]], field: SearchField? = nil, negated: Bool = false) {
            self.words = words
            self.field = field
            self.negated = negated
        }

        /// True when every text this term's phrase is found in also holds `other`'s phrase
        /// (ignoring negation): the same field or `other` in any field, at least as many
        /// words, each word extending `other`'s word at the same place.
        func phraseImplies(_ other: Term) -> Bool {
            guard other.field == nil || other.field == field, words.count >= other.words.count else { return false }
            for (w, o) in zip(words, other.words) where !w.starts(with: o) { return false }
            return true
        }

        /// True when every text this term holds in also holds `other`.
        public func implies(_ other: Term) -> Bool {
            switch (negated, other.negated) {
            case (false, false): return phraseImplies(other)
            // Not finding `self`'s phrase implies not finding `other`'s when `other`'s implies `self`'s.
            case (true, true): return other.phraseImplies(self)
            default: return false
            }
        }
    }

    /// The terms, in the order typed.
    public var terms: [Term]

    public init(terms: [Term]) { self.terms = terms }

    /// Parses `raw` (folded here).
    public init(_ raw: String) { self.init(folded: Array(SearchFold.fold(raw).utf8)) }

    /// Parses a query already folded with `SearchFold` (UTF-8 bytes).
    public init(folded q: [UInt8]) {
        var terms: [Term] = []
        var bare: [[UInt8]] = []
        func flushBare() {
            if !bare.isEmpty { terms.append(Term(words: bare)) }
            bare = []
        }
        let n = q.count
        var i = 0
        while i < n {
            let c = q[i]
            if c == 0x20 || SearchField.isMarker(c) {
                i += 1
                continue
            }
            // One whitespace-separated chunk: [!][prefix:]("phrase"|word…).
            var negated = false
            if c == 0x21 {
                negated = true
                i += 1
            }
            var field: SearchField?
            var j = i
            while j < n, SearchFold.isWordByte(q[j]) { j += 1 }
            if j < n, q[j] == 0x3A, j > i, let f = SearchField(prefix: String(decoding: q[i..<j], as: UTF8.self)) {
                field = f
                i = j + 1
            }
            let quoted = i < n && q[i] == 0x22
            if quoted { i += 1 }
            let from = i
            if quoted {
                while i < n, q[i] != 0x22 { i += 1 }
            } else {
                while i < n, q[i] != 0x20 { i += 1 }
            }
            let words = SearchQuery.words(q[from..<i])
            if quoted, i < n { i += 1 }
            if !negated, field == nil, !quoted {
                bare += words
                continue
            }
            flushBare()
            if !words.isEmpty { terms.append(Term(words: words, field: field, negated: negated)) }
        }
        flushBare()
        self.terms = terms
    }

    /// The word-byte runs of `s`.
    static func words(_ s: ArraySlice<UInt8>) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var cur: [UInt8] = []
        for b in s {
            if SearchFold.isWordByte(b) {
                cur.append(b)
            } else if !cur.isEmpty {
                out.append(cur)
                cur = []
            }
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    /// True when the query has no term: it matches everything.
    public var isEmpty: Bool { terms.isEmpty }

    /// True when everything this query matches is matched by `broader` too: every term of
    /// `broader` is implied by one of this query's terms. Typing more of a word, more words
    /// of a phrase or another term narrows; a longer negated word does not. The dashboard
    /// then filters `broader`'s result instead of every alert.
    public func narrows(_ broader: SearchQuery) -> Bool {
        broader.terms.allSatisfy { t in terms.contains { $0.implies(t) } }
    }

    /// True when `text` (built by `SearchText`) holds every term.
    public func matches(_ text: [UInt8]) -> Bool {
        text.withUnsafeBufferPointer { h in terms.allSatisfy { SearchQuery.holds($0, in: h) } }
    }

    /// True when `term` holds in `h`: its phrase is found (or, negated, not found).
    public static func holds(_ term: Term, in h: UnsafeBufferPointer<UInt8>) -> Bool {
        found(term.words, field: term.field, in: h) != term.negated
    }

    /// True when the phrase `words` starts at a word of `h` inside `field` (any field when
    /// nil), each word a prefix of consecutive words of the same field. Text before the
    /// first marker counts as `.other`. A scan without allocation that skips 8 bytes at a
    /// time to the next byte equal to the phrase's first (or, for a field, to a marker):
    /// O(n / 8) plus the candidate places.
    public static func found(_ words: [[UInt8]], field: SearchField?, in h: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = words.first, !first.isEmpty else { return true }
        guard let base = h.baseAddress else { return false }
        let n = h.count
        let f0 = first[0]
        var current = SearchField.other.rawValue
        let want = field?.rawValue
        // Bytes of 8 at a time: a byte equal to f0 zeroes its byte of `x ^ pattern`, and
        // (y - 0x01…) & ~y & 0x80… flags the lowest zero byte exactly (flags above it may
        // be false, so only the lowest is taken); the same with 0x20… flags bytes below 0x20.
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let pattern = ones &* UInt64(f0)
        var i = 0
        while i < n {
            if i + 8 <= n {
                let x = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                let y = x ^ pattern
                var hits = (y &- ones) & ~y & highs
                if want != nil { hits |= (x &- ones &* 0x20) & ~x & highs }
                if hits == 0 {
                    i += 8
                    continue
                }
                i += hits.trailingZeroBitCount >> 3
            }
            let b = h[i]
            if SearchField.isMarker(b) {
                current = b
                i += 1
                continue
            }
            if b == f0, i == 0 || !SearchFold.isWordByte(h[i - 1]), want == nil || want == current,
                phraseAt(i, words, h)
            {
                return true
            }
            i += 1
        }
        return false
    }

    /// True when `words` match at word start `at` and the words after it, in one field.
    static func phraseAt(_ at: Int, _ words: [[UInt8]], _ h: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = h.count
        var i = at
        for (k, w) in words.enumerated() {
            if k > 0 {
                // To the next word of the same field.
                while i < n, !SearchFold.isWordByte(h[i]) {
                    if SearchField.isMarker(h[i]) { return false }
                    i += 1
                }
            }
            let m = w.count
            guard i + m <= n else { return false }
            for j in 0..<m where h[i + j] != w[j] { return false }
            i += m
            // To the end of this word.
            while i < n, SearchFold.isWordByte(h[i]) { i += 1 }
        }
        return true
    }
}
