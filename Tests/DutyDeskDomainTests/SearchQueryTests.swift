import Testing

@testable import DutyDeskDomain

/// The officer's search language (issue 13, item 3): word starts, phrases of consecutive
/// words, field prefixes, negation, on folded text.
@Suite struct SearchQueryTests {
    /// A field-marked text of (field, text) pairs.
    static func text(_ fields: [(SearchField, String)]) -> [UInt8] {
        var t = SearchText()
        for (f, s) in fields { t.add(f, s) }
        return t.bytes
    }

    static let pangolin = text([
        (.id, "HQLS-0042"), (.subject, "Vảy tê tê trong container"), (.location, "Cảng Hải Phòng"),
        (.reference, "TGHU 123456-7"), (.reference, "29C-123.45"), (.species, "Manis javanica"),
        (.species, "vảy tê tê"), (.unit, "HQHP"), (.unit, "Cục Hải quan thành phố Hải Phòng"),
        (.status, "new"), (.status, "mới"), (.priority, "high"), (.priority, "cao"), (.source, "Police"),
    ])
    static let airport = text([
        (.id, "HQHN-0007"), (.subject, "Sừng tê giác, hành lý xách tay"),
        (.location, "Sân bay quốc tế Nội Bài"), (.other, "chuyển tiếp từ Tây Ninh"),
        (.status, "closed"), (.priority, "normal"), (.source, "Border Gd"),
    ])
    // "quốc tế … Tây": every word starting with "te" is somewhere, but never two in a row.
    static let quocTe = text([(.subject, "Hàng quốc tế Tây Ninh"), (.location, "Sân bay quốc tế Tân Sơn Nhất")])

    func finds(_ q: String, _ t: [UInt8]) -> Bool { SearchQuery(q).matches(t) }

    @Test func consecutiveWordsMatchConsecutiveWords() {
        #expect(finds("te te", Self.pangolin))
        #expect(!finds("te te", Self.quocTe), "«te te» must not find «quốc tế … Tây»")
        #expect(!finds("te te", Self.airport))
        #expect(finds("quoc te", Self.quocTe))
        #expect(finds("vay te te", Self.pangolin))
        #expect(!finds("te vay", Self.pangolin), "order matters inside a phrase")
        // Punctuation between words does not break a phrase; a field boundary does.
        #expect(finds("giac hanh", Self.airport))
        #expect(!finds("container cang", Self.pangolin), "subject and location are different fields")
        // Word starts only: "ho" is not inside "phong".
        #expect(!finds("ong", Self.pangolin))
        #expect(finds("pho", Self.pangolin))
    }

    @Test func decomposedAndMixedInputFoldsTheSame() {
        let nfd = "te\u{302}\u{301} te\u{302}\u{301}"  // tế tế, decomposed
        let mixed = "t\u{EA}\u{301} t\u{EA}"  // ê + combining acute, then ê
        #expect(finds(nfd, Self.pangolin))
        #expect(finds(mixed, Self.pangolin))
        #expect(finds("TÊ TÊ", Self.pangolin))
        let decomposedText = Self.text([(.subject, "Va\u{309}y te\u{302} te\u{302}")])
        #expect(finds("vảy tê", decomposedText))
        #expect(finds("đa nang", Self.text([(.location, "Đà Nẵng")])))
    }

    @Test func fieldPrefixesNarrowToTheirField() {
        #expect(finds("ref:29c", Self.pangolin))
        #expect(finds("ref:tghu", Self.pangolin))
        #expect(!finds("ref:hqls", Self.pangolin), "the id is not a reference")
        #expect(finds("loc:hai phong", Self.pangolin), "a prefix takes one word; the rest is searched everywhere")
        #expect(finds("loc:\"cang hai\"", Self.pangolin))
        #expect(!finds("loc:\"hai quan\"", Self.pangolin), "«hải quan» is in the unit's name, not the location")
        #expect(finds("unit:\"hai quan\"", Self.pangolin))
        #expect(finds("unit:hqhp", Self.pangolin))
        #expect(finds("sp:manis", Self.pangolin))
        #expect(!finds("sp:container", Self.pangolin))
        #expect(finds("status:new", Self.pangolin) && finds("status:moi", Self.pangolin))
        #expect(!finds("status:new", Self.airport))
        #expect(finds("prio:hi", Self.pangolin) && finds("prio:cao", Self.pangolin))
        #expect(finds("src:police", Self.pangolin) && !finds("src:police", Self.airport))
        #expect(finds("SRC:Border", Self.airport), "prefixes fold too")
        // An unknown prefix is plain words: "12:30" is the phrase "12 30".
        #expect(finds("123:45", Self.pangolin))
        #expect(!finds("x:tê", Self.pangolin))
    }

    @Test func bangNegatesATerm() {
        #expect(!finds("!status:closed", Self.airport))
        #expect(finds("!status:closed", Self.pangolin))
        #expect(finds("te !giac", Self.pangolin))
        #expect(!finds("te !giac", Self.airport))
        #expect(!finds("!\"quoc te\"", Self.quocTe))
        #expect(finds("!\"quoc tan\"", Self.quocTe))
        #expect(finds("!", Self.airport) && finds("ref:", Self.airport), "a term being typed is ignored")
    }

    @Test func parsesTermsAsTyped() {
        let q = SearchQuery("te te !status:closed loc:\"mong cai\" sp:manis 12:30")
        #expect(
            q.terms == [
                .init(words: [Array("te".utf8), Array("te".utf8)]),
                .init(words: [Array("closed".utf8)], field: .status, negated: true),
                .init(words: [Array("mong".utf8), Array("cai".utf8)], field: .location),
                .init(words: [Array("manis".utf8)], field: .species),
                .init(words: [Array("12".utf8), Array("30".utf8)]),
            ])
        #expect(SearchQuery("  ").isEmpty && SearchQuery("!").isEmpty && SearchQuery("unit:").isEmpty)
        #expect(SearchQuery("loc:\"mong cai").terms.first?.words.count == 2, "an unclosed quote runs to the end")
    }

    /// What the dashboard's incremental filter relies on: a query that narrows another
    /// never matches more.
    @Test func narrowingIsSound() {
        let pairs: [(String, String, Bool)] = [
            ("te", "te te", true), ("te t", "te te", true), ("t", "te", true), ("te", "tet", true),
            ("te te", "te", false), ("tete", "te te", false), ("ref", "ref:", false), ("ref", "ref:29", false),
            ("!t", "!te", false), ("!te", "!t", true), ("te", "loc:te", true), ("loc:te", "te", false),
            ("te", "te !x", true), ("te !x", "te", false), ("te", "x te", false), ("prio:h", "prio:hi", true),
        ]
        let texts = [Self.pangolin, Self.airport, Self.quocTe]
        for (broad, narrow, expected) in pairs {
            let b = SearchQuery(broad)
            let n = SearchQuery(narrow)
            #expect(n.narrows(b) == expected, "«\(narrow)» narrows «\(broad)»")
            if n.narrows(b) {
                for t in texts where n.matches(t) { #expect(b.matches(t), "«\(narrow)» ⊆ «\(broad)»") }
            }
        }
    }

    @Test func controlCharactersInTextCannotForgeAField() {
        let forged = Self.text([(.subject, "x\u{3}29c")])  // 0x03 is the reference marker
        #expect(!finds("ref:29c", forged))
        #expect(finds("x 29c", forged))
    }

    /// `found` (which skips 8 bytes at a time) answers as a byte-by-byte scan does, on random
    /// field-marked texts and phrases, at every alignment and near the ends (a property test).
    @Test func foundEqualsAByteByByteScan() {
        var rng = SeededGenerator(seed: 5)
        let pool = ["te", "tê", "t", "x", "xy", "29c", "穿山甲", "a", "aa", "ng", "nga"].map {
            Array(SearchFold.fold($0).utf8)
        }
        func slow(_ words: [[UInt8]], _ field: SearchField?, _ h: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let first = words.first, !first.isEmpty else { return true }
            var current = SearchField.other.rawValue
            for i in 0..<h.count {
                if SearchField.isMarker(h[i]) {
                    current = h[i]
                    continue
                }
                if h[i] == first[0], i == 0 || !SearchFold.isWordByte(h[i - 1]),
                    field == nil || field?.rawValue == current, SearchQuery.phraseAt(i, words, h)
                {
                    return true
                }
            }
            return false
        }
        for _ in 0..<20_000 {
            var text: [UInt8] = []
            for _ in 0..<rng.below(7) {
                if rng.chance(30) { text.append(rng.pick(SearchField.allCases).rawValue) }
                text += rng.pick(pool)
                text.append(rng.pick(Array(" ,-".utf8)))
            }
            if rng.chance(50), !text.isEmpty { text.removeLast() }
            let words = (0..<(1 + rng.below(2))).map { _ in Array(rng.pick(pool).prefix(1 + rng.below(3))) }
            let field = rng.chance(50) ? nil : rng.pick(SearchField.allCases)
            text.withUnsafeBufferPointer { h in
                #expect(SearchQuery.found(words, field: field, in: h) == slow(words, field, h), "\(text) \(words)")
            }
        }
    }
}
