import DutyDeskDomain
import DutyDeskJSON
import Testing

@testable import Dashboard

/// The Alerts pane's filter with its word index (`HaystackTable`) finds exactly what a
/// plain word-prefix scan of every alert finds, as the query grows, shrinks and jumps.
@Suite struct AlertFilterIndexTests {
    @Test func indexedFilterEqualsAPlainScan() {
        var rng = SeededGenerator(seed: 7)
        let words = [
            "vảy", "tê", "tê", "ngà", "voi", "穿山甲", "鳞片", "🐘", "ivory", "i", "in", "hổ", "horn", "phòng", "29c",
            "123.45", "lô", "a-0042", "x", "xy", "móng", "cái", "nội", "bài", "đà", "nẵng",
        ]
        var store = AlertStore(fold: { SearchFold.fold($0) })
        // The campaign's units too: a bare letter also matches a unit's code and names.
        store.vocabulary = SearchVocabulary(campaign: campaign)
        var items: [AlertItem] = []
        for i in 0..<5000 {  // above 4096: the scan in slot order
            let subject = (0..<(1 + rng.below(6))).map { _ in rng.pick(words) }.joined(
                separator: rng.chance(80) ? " " : ",")
            let a = AlertItem(
                id: "A-\(i)", receivedAt: ict("2021-09-01T08:00:00").adding(seconds: i),
                priority: rng.pick(Priority.allCases),
                source: rng.pick(["Board", "Police", "Customs"]), subject: subject,
                location: rng.pick(["Móng Cái", "Nội Bài", ""]),
                status: rng.pick(AlertRowStatus.allCases), acknowledgeBy: ict("2021-09-01T09:00:00"))
            var u = a
            u.unit = rng.pick(["HQHN", "HQLS", "DTCBL-P1", ""])
            u.responsibleUnit = rng.chance(30) ? rng.pick(["HQQN", "HQHCM"]) : nil
            items.append(u)
        }
        store.upsertMany(items)
        // Replace texts (> 1 MiB of them) until the text buffer is compacted, and stop
        // there: the slots not replaced since must be found at their new places.
        let padding = String(repeating: "tàu cá ", count: 20)
        var replaced = 0
        while store.searchTextCompactions == 0 {
            var a = items[replaced % items.count]
            a.location = padding + "\(replaced)"
            store.upsert(a)
            replaced += 1
        }
        #expect(replaced % items.count != 0)
        let queries = [
            "i", "iv", "ivo", "i", "", "t", "te", "te t", "te te", "te te l", "x", "xy", "1", "12", "123 45", "穿", "穿山",
            "🐘", "h", "ho", "hor", "ho", "d", "da n", "a-0042", "b", "bo", "z", "  m ", "m c", "noi,bai", "te", "te !",
            "te !n", "te !ng", "te !n", "te !", "status:", "status:n", "status:ne", "prio:c", "prio:cr", "!prio:cr",
            "loc:", "loc:m", "loc:\"mong c", "loc:\"mong cai\" te", "src:po", "src:pol", "!src:pol te", "vay te te",
            "v", "vo", "voi", "voi n", "p",
            "ph", "pho", "phon", "!pho", "!ph", "29", "29c", "12", "123", "a-00", "ng", "nga", "ngà v",
            // One bare letter, plain and negated: the slot's word-start bits decide alone.
            "!t", "!x", "!1", "n", "a", "c", "!c", "y",
        ]
        for (n, q) in queries.enumerated() {
            // Change some alerts between queries: the index must follow assignments.
            if n % 4 == 3 {
                for _ in 0..<20 {
                    var a = items[rng.below(items.count)]
                    a.subject = rng.pick(words) + " " + rng.pick(words)
                    items[Int(a.id.dropFirst(2))!] = a
                    store.upsert(a)
                }
            }
            store.setQuery(q)
            let parsed = SearchQuery(q)
            let compiled = AlertQuery(parsed, vocabulary: store.vocabulary)
            let expected =
                parsed.isEmpty
                ? []
                : (0..<store.order.count).map { store.order[$0] }.filter { k in
                    // The plain scan: every term on the alert's whole search text, then its words.
                    let a = store.items[Int(k.slot)]
                    var hay = Array(SearchFold.fold(AlertStore.searchText(a)).utf8)
                    // No signatures: every bit set, so the text is always read.
                    let all = SIMD4<UInt64>(repeating: .max)
                    return compiled.terms.allSatisfy { t in
                        var t = t
                        t.signature.exact = false
                        return hay.withUnsafeMutableBufferPointer { h in
                            AlertQuery.holds(
                                t, UnsafeBufferPointer(h), starts: .max, pairs: all, AlertFacets(a, store.vocabulary))
                        }
                    }
                }.map { store.items[Int($0.slot)].id }
            let got = parsed.isEmpty ? [] : (0..<store.visibleCount).map { store.visible($0).id }
            let same = got == expected
            #expect(
                same,
                "query «\(q)»: \(got.count) found, \(expected.count) expected, first difference at \(zip(got, expected).enumerated().first { $0.element.0 != $0.element.1 }.map { String($0.offset) } ?? "the end")"
            )
            if !parsed.isEmpty { #expect(store.visibleCount > 0 || expected.isEmpty) }
        }
    }

    @Test func signaturesRuleOutAlertsWithoutTheWords() {
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        var bits = Set<[UInt64]>()
        for a in letters {
            for b in letters {
                let v = HaystackTable.pairBit(a, b)
                #expect(v[0].nonzeroBitCount + v[1].nonzeroBitCount + v[2].nonzeroBitCount + v[3].nonzeroBitCount == 1)
                bits.insert([v[0], v[1], v[2], v[3]])
            }
        }
        #expect(bits.count == 256, "the first two bytes of words spread over all 256 bits")
        let hay = Array(SearchFold.fold("Ngà voi, ivory 穿山甲").utf8)
        let (starts, pairs) = HaystackTable.signatures(hay)
        for q in ["ng", "voi", "iv", "穿", "n v i"] {
            let need = HaystackTable.Signature(query: Array(q.utf8))
            #expect(starts & need.starts == need.starts && (pairs & need.pairs) == need.pairs, "«\(q)» may match")
        }
        #expect(HaystackTable.Signature(query: Array("x".utf8)).starts & starts == 0)
        #expect(HaystackTable.Signature(query: Array("v i".utf8)).exact)
        #expect(!HaystackTable.Signature(query: Array("vo".utf8)).exact)
        let ga = HaystackTable.Signature(query: Array("ga".utf8))
        #expect((pairs & ga.pairs) != ga.pairs || starts & ga.starts != ga.starts, "no word starts with «ga»")
    }

    /// The word-start index lists exactly the slots a plain scan finds a word starting with
    /// the listed bytes in, after random appends and replacements (a property test).
    @Test func wordStartIndexEqualsAPlainScan() {
        var rng = SeededGenerator(seed: 11)
        let pool = [
            "ivory", "iv", "i", "pangolin", "pan", "pa", "noi", "bai", "29c", "29", "2", "a-0042", "穿山甲", "🐘", "tê",
            "ngà", "voi", "vảy", "x", "xy", "xyz", "phòng", "phong", "hổ", "horn",
        ].map { Array(SearchFold.fold($0).utf8) }
        func text() -> [UInt8] {
            var t: [UInt8] = []
            for _ in 0..<rng.below(8) {
                if rng.chance(20) { t.append(UInt8(1 + rng.below(10))) }  // a field marker
                t += rng.pick(pool)
                t.append(rng.pick(Array(" ,.-:".utf8)))
            }
            return t
        }
        var table = HaystackTable()
        var texts: [[UInt8]] = []
        for round in 0..<6 {
            for _ in 0..<300 {
                if texts.isEmpty || rng.chance(60) {
                    texts.append(text())
                    table.append(texts[texts.count - 1])
                } else {
                    let slot = rng.below(texts.count)
                    texts[slot] = text()
                    table[slot] = texts[slot]
                }
            }
            // The index is asked for query words (runs of word bytes), never across a separator.
            let words = (pool + [Array("iva".utf8), Array("zz".utf8), Array("2a".utf8)]).flatMap {
                SearchFold.queryTokens(String(decoding: $0, as: UTF8.self))
            }
            for w in words {
                guard let (slots, length) = table.wordStarts(w) else {
                    #expect(w.count < 2)
                    continue
                }
                let prefix = Array(w.prefix(length))
                let expected = texts.indices.filter { i in
                    texts[i].withUnsafeBufferPointer { SearchQuery.found([prefix], field: nil, in: $0) }
                }.map(Int32.init)
                #expect(slots == expected, "round \(round), «\(String(decoding: w, as: UTF8.self))» (\(length) bytes)")
            }
        }
    }
}
