// The alert filter's query, compiled against the words the dashboard knows (issue 13, item 3).
import DutyDeskDomain

/// The words of the alerts' enumerated fields, kept once instead of in every alert's search
/// text: unit codes with their Vietnamese and English names (the campaign's unit list),
/// statuses, priorities and sources in both languages. A query term is looked up here once
/// per query (`AlertQuery`), and an alert then matches it through its `AlertFacets`.
/// A prefixed term (`status:`, `prio:`, `src:`) reads every word of its field, long names
/// included; a bare word only the short words a row shows (in either language), so that
/// `phong` does not find every alert of *Bộ đội Biên phòng*. Units are searched by code and
/// names either way (issue 13, item 3).
struct SearchVocabulary: Sendable {
    /// Field-marked folded text (`SearchText`) of each entry.
    var units: [(code: String, text: [UInt8])] = []
    /// The place of each unit code in `units` (the first 255 units; `AlertFacets` keeps it + 1).
    var unitIndex: [String: Int] = [:]
    var statuses: [(AlertRowStatus, [UInt8])]
    var priorities: [(Priority, [UInt8])]
    var sources: [(AlertSourceKind, [UInt8])]
    /// The short words of each status, priority and source (for bare words), same order.
    var shortStatuses: [[UInt8]]
    var shortPriorities: [[UInt8]]
    var shortSources: [[UInt8]]
    /// The word-start bits (`HaystackTable.startBit`) of each short status, priority and
    /// source text and of each unit's text, same order: what a bare one-letter word can
    /// match of an alert besides its search text (`AlertFacets.starts`).
    var shortStatusStarts: [UInt64] = []
    var shortPriorityStarts: [UInt64] = []
    var shortSourceStarts: [UInt64] = []
    var unitStarts: [UInt64] = []

    /// Statuses, priorities and sources from both string tables; units from `campaign` (none without one).
    init(campaign: Campaign? = nil) {
        let en = Strings(.en)
        let vi = Strings(.vi)
        func text(_ field: SearchField, _ parts: [String]) -> [UInt8] {
            var t = SearchText()
            for p in parts { t.add(field, p) }
            return t.bytes
        }
        statuses = AlertRowStatus.allCases.map { s in
            (s, text(.status, [s.rawValue, en.status(s), en.statusLong(s), vi.status(s), vi.statusLong(s)]))
        }
        shortStatuses = AlertRowStatus.allCases.map { s in text(.status, [s.rawValue, en.status(s), vi.status(s)]) }
        priorities = Priority.allCases.map { p in
            (p, text(.priority, [p.rawValue, en.priority(p), vi.priority(p), vi.priorityLong(p)]))
        }
        shortPriorities = Priority.allCases.map { p in text(.priority, [p.rawValue, en.priority(p), vi.priority(p)]) }
        shortSources = AlertSourceKind.allCases.map { k in
            let s = AlertSource(kind: k, country: "")
            return text(.source, [en.sourceShort(s), vi.sourceShort(s)])
        }
        sources = AlertSourceKind.allCases.map { k in
            let s = AlertSource(kind: k, country: "")
            var parts = [k.rawValue, en.sourceShort(s), vi.sourceShort(s)]
            if let c = campaign {
                parts += [en.sourceLong(s, campaign: c), vi.sourceLong(s, campaign: c)]
            }
            return (k, text(.source, parts))
        }
        units = campaign?.units.prefix(255).map { u in (u.code, text(.unit, [u.code, u.nameVI, u.nameEN])) } ?? []
        for (i, u) in units.enumerated() { unitIndex[u.code] = i }
        shortStatusStarts = shortStatuses.map { HaystackTable.signatures($0).0 }
        shortPriorityStarts = shortPriorities.map { HaystackTable.signatures($0).0 }
        shortSourceStarts = shortSources.map { HaystackTable.signatures($0).0 }
        unitStarts = units.map { HaystackTable.signatures($0.text).0 }
    }
}

/// What an alert's enumerated fields are, compactly, for `AlertQuery` (one per slot of
/// `AlertStore`): bits of its status, priority and source kind, and the places of its
/// owning and responsible units in the vocabulary (+ 1; 0 for none or a unit it lacks).
struct AlertFacets: Sendable, Equatable {
    var status: UInt8
    var priority: UInt8
    var source: UInt8
    var unit: UInt8
    var responsible: UInt8
    /// The word-start bits of the short words of its status, priority and source and of its
    /// units' texts (`SearchVocabulary`): with the search text's own (`HaystackTable`), a
    /// bare one-letter word holds exactly when its letter's bit is in either (a–z, 0–9).
    var starts: UInt64 = 0

    init(_ a: AlertItem, _ v: SearchVocabulary) {
        unit = v.unitIndex[a.unit].map { UInt8($0 + 1) } ?? 0
        responsible = a.responsibleUnit.flatMap { v.unitIndex[$0] }.map { UInt8($0 + 1) } ?? 0
        let statusIndex = AlertRowStatus.allCases.firstIndex(of: a.status) ?? 0
        status = 1 << UInt8(statusIndex)
        priority = 1 << UInt8(a.priority.rank)
        let sourceIndex = a.sourceKind.flatMap { k in AlertSourceKind.allCases.firstIndex(of: k) }
        source = sourceIndex.map { 1 << UInt8($0) } ?? 0
        func at(_ xs: [UInt64], _ i: Int?) -> UInt64 { i.flatMap { xs.indices.contains($0) ? xs[$0] : nil } ?? 0 }
        starts =
            at(v.shortStatusStarts, statusIndex) | at(v.shortPriorityStarts, a.priority.rank)
            | at(v.shortSourceStarts, sourceIndex) | at(v.unitStarts, unit == 0 ? nil : Int(unit) - 1)
            | at(v.unitStarts, responsible == 0 ? nil : Int(responsible) - 1)
    }
}

/// A `SearchQuery` ready to test alerts: each term with the statuses, priorities, sources
/// and units whose words it matches (for a bare term, all four; for `status:` etc. its
/// own). A term holds for an alert when its phrase is in the alert's search text, or the
/// alert's status, priority, source or unit is among those matched; negated terms invert.
struct AlertQuery {
    struct Term {
        var term: SearchQuery.Term
        var statuses: UInt8 = 0
        var priorities: UInt8 = 0
        var sources: UInt8 = 0
        /// Bits (by `SearchVocabulary.unitIndex` + 1) of the units whose code or names the phrase matches.
        var units = SIMD4<UInt64>(repeating: 0)
        /// True when the phrase must be looked for in the search text (not for `status:`
        /// and `prio:`, which live only in the vocabulary).
        var searchesText: Bool
        /// The bits a search text must have to hold the phrase (`exact`: they decide alone,
        /// a bare one-letter word), so most texts are ruled out without being read.
        var signature = HaystackTable.Signature()
        /// The word whose start the index is asked for (`HaystackTable.wordStarts`): the
        /// first of two bytes or more; nil when every word is one byte.
        var indexedWord: [UInt8]? { term.words.first { $0.count >= 2 } }
        /// True when the index's list for `indexedWord`, `length` bytes long, decides the
        /// text alone: one word, that long, in any field.
        func indexDecides(length: Int) -> Bool {
            term.field == nil && term.words.count == 1 && term.words[0].count == length
        }
        var isKeyed: Bool { statuses | priorities | sources != 0 || units != SIMD4(repeating: 0) }
        /// The letter or digit of a bare one-letter word (no field, one word of one byte
        /// a–z or 0–9), which the slot's word-start bits decide alone
        /// (`AlertFacets.starts`); nil for any other term.
        var bareLetter: UInt8? {
            guard term.field == nil, term.words.count == 1, term.words[0].count == 1,
                HaystackTable.isExactStart(term.words[0][0])
            else { return nil }
            return term.words[0][0]
        }
    }

    var terms: [Term]
    /// The bits the search texts must have (`HaystackTable.Signature`), from the positive
    /// terms that only the text can satisfy.
    var signature: HaystackTable.Signature

    init(_ q: SearchQuery, vocabulary v: SearchVocabulary) {
        terms = q.terms.map { t in
            let f = t.field
            var c = Term(term: t, searchesText: f != .status && f != .priority)
            c.signature.add(t.words)
            if f != nil || t.words.count > 1 { c.signature.exact = false }
            func hit(_ text: [UInt8]) -> Bool {
                text.withUnsafeBufferPointer { SearchQuery.found(t.words, field: nil, in: $0) }
            }
            if f == .status {
                for (i, e) in v.statuses.enumerated() where hit(e.1) { c.statuses |= 1 << UInt8(i) }
            }
            if f == .priority {
                for (p, text) in v.priorities where hit(text) { c.priorities |= 1 << UInt8(p.rank) }
            }
            if f == .source {
                for (i, e) in v.sources.enumerated() where hit(e.1) { c.sources |= 1 << UInt8(i) }
            }
            if f == nil {
                for (i, e) in v.shortStatuses.enumerated() where hit(e) { c.statuses |= 1 << UInt8(i) }
                for (i, e) in v.shortPriorities.enumerated() where hit(e) { c.priorities |= 1 << UInt8(i) }
                for (i, e) in v.shortSources.enumerated() where hit(e) { c.sources |= 1 << UInt8(i) }
            }
            if f == nil || f == .unit {
                for (i, e) in v.units.enumerated() where hit(e.text) { c.units |= HaystackTable.bit(UInt64(i + 1)) }
            }
            return c
        }
        var need = HaystackTable.Signature()
        for t in terms where !t.term.negated && t.searchesText && !t.isKeyed { need.add(t.term.words) }
        // Negated or keyed terms, a field or a phrase (its words in a row) need the text
        // read (or the facets) to decide.
        if terms.contains(where: {
            $0.term.negated || $0.isKeyed || $0.term.field != nil || !$0.searchesText || $0.term.words.count > 1
        }) {
            need.exact = false
        }
        signature = need
    }

    /// True when term `t` holds for the alert with search text `hay` (signatures `starts`
    /// and `pairs`, `HaystackTable`) and facets `f`. `listed`: the word-start index lists
    /// the slot under `t.indexedWord` (or was not asked); `decided`: that settles the text
    /// (`indexDecides`). A few bit tests unless the text must be read (O(text length));
    /// `pairs` and `hay` are read only when needed (each is memory a pass over every alert
    /// would otherwise stream through).
    @inline(__always)
    static func holds(
        _ t: borrowing Term, _ hay: @autoclosure () -> UnsafeBufferPointer<UInt8>, starts: UInt64,
        pairs: @autoclosure () -> SIMD4<UInt64>, _ f: AlertFacets, listed: Bool = true, decided: Bool = false
    ) -> Bool {
        // The facets first (a few bit tests), then the text (unless its signatures or the
        // index rule the phrase out), then the units (two bit tests).
        var hit = t.statuses & f.status != 0 || t.priorities & f.priority != 0 || t.sources & f.source != 0
        if !hit, t.searchesText, listed, starts & t.signature.starts == t.signature.starts {
            if t.signature.exact || decided {
                hit = true
            } else if pairs() & t.signature.pairs == t.signature.pairs {
                hit = SearchQuery.found(t.term.words, field: t.term.field, in: hay())
            }
        }
        if !hit, t.units != SIMD4(repeating: 0) {
            hit = (f.unit != 0 && has(t.units, f.unit)) || (f.responsible != 0 && has(t.units, f.responsible))
        }
        return hit != t.term.negated
    }

    /// True when bit `i` of `bits` is set (as `HaystackTable.bit` sets it). Scalar: building
    /// the vector of one bit to mask with stalled on reading it back, per alert.
    @inline(__always) static func has(_ bits: SIMD4<UInt64>, _ i: UInt8) -> Bool {
        bits[Int(i >> 6)] >> UInt64(i & 63) & 1 != 0
    }
}

extension AlertItem {
    /// `text` with control characters (below U+0020) as spaces, so that untrusted text never
    /// forges a field marker of the search text. Returns `text` itself when it has none.
    static func withoutControls(_ text: String) -> String {
        guard text.utf8.contains(where: SearchField.isMarker) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 ? " " : $0 }))
    }

    /// `searchExtra` of alert `a`: its references (source reference, conveyance reference,
    /// travel documents), species (scientific names) and commodity, notes (the tip's and the
    /// officers', retracted ones left out) and the source's country, each after its field's
    /// marker (`SearchField`).
    static func searchExtra(_ a: AlertRecord) -> String {
        var out = ""
        func add(_ f: SearchField, _ s: String?) {
            guard let s, !s.isEmpty else { return }
            out.unicodeScalars.append(Unicode.Scalar(f.rawValue))
            out += withoutControls(s)
        }
        let d = a.details
        add(.reference, d.sourceReference)
        add(.reference, d.conveyance?.reference)
        for p in d.persons { add(.reference, p.travelDocument) }
        for sp in d.species { add(.species, sp.scientificName) }
        add(.species, d.commodity)
        add(.source, d.source.country)
        add(.other, d.notes)
        for n in a.notes where !n.retracted { add(.other, n.text) }
        return out
    }
}
