import Dispatch
import DutyDeskDomain
import DutyDeskJSON

/// The alert list behind the Alerts pane: every alert once, a sorted index kept up to date
/// one alert at a time, and an incremental filter (word prefixes, diacritics ignored).
///
/// Order (issue 4, item 2; issue 13, item 1): open alerts before closed/merged ones, then
/// priority (critical first), then the band inside the priority group (`AlertItem.band(at:)`:
/// snooze just ended, active, snoozed), then receipt time (oldest waiting first), then
/// arrival order. The band depends on the clock: each slot keeps the key it was filed
/// under, and the dashboard re-files an alert (`upsert`) when its snooze ends.
/// Another sort column (`sort`, issue 13 item 2) comes after open-before-closed and
/// before that default order, which breaks its ties.
/// Changing one alert costs a binary search plus one array move, never a re-sort; a
/// filter query that extends the previous one filters the previous result only (scale
/// issue: 100k alerts, ≤ 2 ms per keypress). Changing the sort costs one sort of every
/// alert (O(n log n), the text columns folded once each), never anything per frame.
struct AlertStore: Sendable {
    /// Sort key of one alert; `slot` indexes `items`. `primary` and `text` carry the sort
    /// column (`AlertSort`): `primary` already in the order wanted, `text` (folded) read
    /// backwards when `flip` is set. Both are 0 / empty under the default sort by priority,
    /// which the rank alone gives. The fields are laid out widest first (40 bytes a key).
    struct Key: Comparable, Sendable, Hashable {
        var time: Int64
        var primary: Int64 = 0
        var text: String = ""
        var slot: Int32
        var done: Bool
        var flip = false
        var rank: UInt8
        var band: UInt8 = 0
        static func < (a: Key, b: Key) -> Bool {
            if a.done != b.done { return !a.done }
            if a.primary != b.primary { return a.primary < b.primary }
            if a.text != b.text { return (a.text < b.text) != a.flip }
            if a.rank != b.rank { return a.rank < b.rank }
            if a.band != b.band { return a.band < b.band }
            if a.time != b.time { return a.time < b.time }
            return a.slot < b.slot
        }
    }

    private(set) var items: [AlertItem] = []
    /// The key each slot is filed under in `order` (computed at `clock` when filed).
    private var keys: [Key] = []
    /// The instant the bands of newly filed alerts are computed at (the dashboard's clock).
    var clock = RFC3339Timestamp.earliestRepresentable
    private var slotOf: [String: Int32] = [:]
    /// Folded search text of each slot (UTF-8 bytes; see `fold`), with a word index.
    /// The search texts; read through `haystacks`, which first takes a table still being
    /// built by `replaceAll` on another core (`HaystackBuild`).
    private var haystackTable = HaystackTable()
    private var haystackBuild: HaystackBuild?
    private var haystacks: HaystackTable {
        get { haystackBuild?.table ?? haystackTable }
        _modify {
            if let b = haystackBuild {
                haystackTable = b.table
                haystackBuild = nil
            }
            yield &haystackTable
        }
    }
    /// How many times the search texts were compacted (see `HaystackTable`).
    var searchTextCompactions: Int { haystacks.compactions }
    /// Keys of all alerts in display order.
    private(set) var order: [Key] = [] {
        didSet { orderSlotsCache = nil }
    }
    /// `order`'s slots (`orderSlots()`), kept from one filter from the whole list to the
    /// next until the order changes (0.4 MB at 100k alerts; reading the keys is 4 MB).
    private var orderSlotsCache: [Int32]?
    /// The folding used for search; the domain's diacritic-insensitive fold.
    let fold: @Sendable (String) -> String

    /// The folded query as typed, empty when no filter is active.
    private(set) var query: [UInt8] = []
    /// `query` parsed (`SearchQuery`: phrases, field prefixes, negation).
    private(set) var parsed = SearchQuery(terms: [])
    /// `parsed` compiled against `vocabulary`.
    private var compiled = AlertQuery(SearchQuery(terms: []), vocabulary: SearchVocabulary())
    /// The words of units, statuses, priorities and sources (`AlertQuery` looks terms up
    /// in it); the dashboard sets the campaign's units at start.
    var vocabulary = SearchVocabulary() {
        didSet { facets = items.map { AlertFacets($0, vocabulary) } }
    }
    /// The status, priority and source bits of each slot.
    private var facets: [AlertFacets] = []
    /// The owning unit the list is narrowed to (issue 11, item 6: `AlertItem.unit`), nil for all.
    private(set) var unit: String?
    /// Slots matching `query` and `unit`, in display order (their keys in `keys`; only
    /// meaningful when `isNarrowed`, empty otherwise). Slots rather than keys: 4 bytes a row
    /// instead of 40, and nothing to retain or release per row when a filter result is
    /// built, kept for Backspace or dropped (100k rows: 0.4 MB).
    private var matches: [Int32] = []
    /// How many alerts each owning unit has (`AlertItem.unit`): the unit column shows once
    /// the list holds alerts of more than one unit.
    private(set) var unitCounts: [String: Int] = [:]

    /// The column the list is sorted by and its direction; the default is priority, critical first.
    private(set) var sort = AlertSort.standard

    init(fold: @escaping @Sendable (String) -> String) { self.fold = fold }

    /// Sorts the list by `newSort`: one sort of every alert and of the filter result
    /// (O(n log n); the text columns fold each alert's text once), nothing when it is the
    /// current sort. The filter stays; the results kept for Backspace are dropped.
    mutating func setSort(_ newSort: AlertSort) {
        guard newSort != sort else { return }
        sort = newSort
        trail = []
        // Every alert is filed again under its key for the new sort (`keys` is what later
        // changes look their old place up by).
        keys = items.indices.map { key(of: items[$0], slot: Int32($0)) }
        order = keys.sorted()
        if isNarrowed { matches.sort { keys[Int($0)] < keys[Int($1)] } }
    }

    var count: Int { items.count }
    /// A text filter is typed (it may have no complete term yet, as `ref:`).
    var isFiltered: Bool { !query.isEmpty }
    /// A text filter with a term or a unit filter is active: the pane shows `matches`.
    var isNarrowed: Bool { !parsed.isEmpty || unit != nil }
    /// Number of rows the pane shows.
    var visibleCount: Int { isNarrowed ? matches.count : order.count }

    /// The alert shown at row `i` of the pane.
    func visible(_ i: Int) -> AlertItem { items[Int(isNarrowed ? matches[i] : order[i].slot)] }

    /// Narrows the list to the alerts of `unit` (nil: every unit), keeping the text filter.
    /// One pass over the alerts shown (O(n)).
    mutating func setUnit(_ newUnit: String?) {
        guard newUnit != unit else { return }
        unit = newUnit
        trail = []
        matches = narrowedResult()
    }

    /// The slots of the whole list that pass the text filter (`compiled`) and the unit
    /// filter, in display order; empty when nothing narrows the list. O(n).
    private mutating func narrowedResult() -> [Int32] {
        if !parsed.isEmpty { return narrowed(filtered(cachedOrderSlots(), compiled, whole: true)) }
        guard unit != nil else { return [] }
        return narrowed(cachedOrderSlots())
    }

    /// The slot of every row of `order`, in display order (one read a row, no copy of a key:
    /// a key path or a lazy map copied each 40-byte key). O(n), 4 bytes a row.
    private func orderSlots() -> [Int32] {
        order.withUnsafeBufferPointer { keys in
            [Int32](unsafeUninitializedCapacity: keys.count) { out, n in
                for i in keys.indices { out[i] = keys[i].slot }
                n = keys.count
            }
        }
    }

    /// `orderSlots()`, computed once after the order changed (`orderSlotsCache`).
    private mutating func cachedOrderSlots() -> [Int32] {
        if let cached = orderSlotsCache { return cached }
        let slots = orderSlots()
        orderSlotsCache = slots
        return slots
    }

    /// `source` without the alerts of other units than `unit`.
    private func narrowed(_ source: [Int32]) -> [Int32] {
        guard let u = unit else { return source }
        return source.filter { items[Int($0)].unit == u }
    }

    /// True when slot `slot` passes the text filter and the unit filter.
    private func passes(_ slot: Int) -> Bool {
        (parsed.isEmpty || !filtered(CollectionOfOne(Int32(slot)), compiled).isEmpty)
            && (unit == nil || items[slot].unit == unit)
    }

    private mutating func count(unit u: String, _ delta: Int) {
        let n = (unitCounts[u] ?? 0) + delta
        unitCounts[u] = n > 0 ? n : nil
    }

    func item(id: String) -> AlertItem? { slotOf[id].map { items[Int($0)] } }

    /// Every alert id, in no particular order (for completion of "duplicate of").
    var ids: Dictionary<String, Int32>.Keys { slotOf.keys }

    /// Row of `id` in the pane (after filtering), or nil when it is not shown.
    func row(of id: String) -> Int? {
        guard let slot = slotOf[id] else { return nil }
        let k = keys[Int(slot)]
        if isNarrowed {
            let i = matchIndex(k)
            return i < matches.count && matches[i] == slot ? i : nil
        }
        let i = lowerBound(order, k)
        return i < order.count && order[i] == k ? i : nil
    }

    /// Where a slot filed under `k` is or goes in `matches` (a binary search through `keys`,
    /// which must hold the keys `matches` was sorted by).
    private func matchIndex(_ k: Key) -> Int { matches.partitionPoint { !(keys[Int($0)] < k) } }

    /// Inserts or replaces an alert, keeping the order and the filter result current.
    mutating func upsert(_ item: AlertItem) {
        trail = []
        if let slot = slotOf[item.id] {
            let old = keys[Int(slot)]
            let new = key(of: item, slot: slot)
            if isNarrowed {
                // Out of the result while `keys` still holds the key it is sorted under.
                let i = matchIndex(old)
                if i < matches.count, matches[i] == slot { matches.remove(at: i) }
            }
            keys[Int(slot)] = new
            let textChanged = searchText(items[Int(slot)]) != searchText(item)
            if items[Int(slot)].unit != item.unit {
                count(unit: items[Int(slot)].unit, -1)
                count(unit: item.unit, 1)
            }
            items[Int(slot)] = item
            facets[Int(slot)] = AlertFacets(item, vocabulary)
            if textChanged { haystacks[Int(slot)] = Array(fold(searchText(item)).utf8) }
            if old != new {
                remove(old, from: &order)
                insert(new, into: &order)
            }
            if isNarrowed, passes(Int(slot)) { matches.insert(slot, at: matchIndex(new)) }
        } else {
            let slot = Int32(items.count)
            items.append(item)
            facets.append(AlertFacets(item, vocabulary))
            count(unit: item.unit, 1)
            slotOf[item.id] = slot
            haystacks.append(Array(fold(searchText(item)).utf8))
            let k = key(of: item, slot: slot)
            keys.append(k)
            insert(k, into: &order)
            if isNarrowed, passes(Int(slot)) { matches.insert(slot, at: matchIndex(k)) }
        }
    }

    /// Inserts or replaces many alerts at once (the log read at start, a large import):
    /// one full sort instead of an array move per alert.
    mutating func upsertMany(_ batch: [AlertItem]) {
        trail = []
        if batch.count < 256 {
            for a in batch { upsert(a) }
            return
        }
        for a in batch {
            if let slot = slotOf[a.id] {
                count(unit: items[Int(slot)].unit, -1)
                count(unit: a.unit, 1)
                items[Int(slot)] = a
                facets[Int(slot)] = AlertFacets(a, vocabulary)
                haystacks[Int(slot)] = Array(fold(searchText(a)).utf8)
            } else {
                count(unit: a.unit, 1)
                slotOf[a.id] = Int32(items.count)
                items.append(a)
                facets.append(AlertFacets(a, vocabulary))
                haystacks.append(Array(fold(searchText(a)).utf8))
            }
        }
        resort()
    }

    /// Replaces every alert (the rows built once after the start-up replay): one pass to
    /// fold the search texts and one sort. O(n log n) for n alerts; keeps the filter.
    mutating func replaceAll(_ all: [AlertItem]) {
        trail = []
        items = all
        facets = all.map { AlertFacets($0, vocabulary) }
        slotOf = Dictionary(minimumCapacity: all.count)
        unitCounts = [:]
        // The search texts (folding and indexing them is two thirds of this function) are
        // built on another core, in the background of the first frame: only a filter, or a
        // change of an alert, waits for them (issue 15, item 1).
        haystackBuild = HaystackBuild(all, fold: fold)
        haystackTable = HaystackTable()
        for (i, a) in all.enumerated() {
            count(unit: a.unit, 1)
            slotOf[a.id] = Int32(i)
        }
        resort()
    }

    /// Rebuilds the order (one sort) and the filter result from `items` and `haystacks`.
    private mutating func resort() {
        keys = items.indices.map { key(of: items[$0], slot: Int32($0)) }
        order = keys.sorted()
        matches = narrowedResult()
    }

    /// Earlier results, newest last, each of a query the next one narrows
    /// (`SearchQuery.narrows`), so that Backspace returns to a result already computed and
    /// a longer query filters a shorter one's result. Dropped when alerts change.
    private var trail: [(query: SearchQuery, matches: [Int32])] = []

    /// Sets the filter text (the query language of `SearchQuery`). A query that narrows the
    /// previous one filters the previous matches, checking only the terms it added or
    /// changed; going back to an earlier query reuses its result; any other query scans
    /// every alert once.
    mutating func setQuery(_ raw: String) {
        let q = Array(fold(raw.trimmingSpaces).utf8)
        if q == query { return }
        query = q
        let p = SearchQuery(folded: q)
        if p == parsed { return }
        if !parsed.isEmpty {
            trail.append((parsed, matches))
            if trail.count > 64 { trail.removeFirst() }
        }
        parsed = p
        compiled = AlertQuery(p, vocabulary: vocabulary)
        if p.isEmpty {
            trail = []
            matches = narrowedResult()
            return
        }
        while let last = trail.last, !p.narrows(last.query) { trail.removeLast() }
        if let last = trail.last, last.query == p {
            trail.removeLast()
            matches = last.matches
            return
        }
        if let last = trail.last {
            // Every alert in the earlier result holds its terms: only the others need checking.
            var rest = p
            rest.terms.removeAll { last.query.terms.contains($0) }
            matches = filtered(last.matches, AlertQuery(rest, vocabulary: vocabulary))
        } else {
            matches = narrowedResult()
        }
    }

    /// The slots of `source` whose alert holds every term of `q`, in the same order. The
    /// word index rules out most alerts without reading their text (and answers one-letter
    /// words alone); the word-start index (`HaystackTable.slots(startingWith:_:)`) rules out
    /// more and answers two-letter words alone; the others are checked term by term.
    /// `whole`: `source` holds every slot (no need to note which). O(source + the index
    /// lists asked for + the texts read).
    private func filtered<C: Collection<Int32>>(_ source: C, _ q: AlertQuery, whole: Bool = false) -> [Int32] {
        // A query of one bare letter (the first key of most filters): one AND per slot.
        if q.terms.count == 1, let letter = q.terms[0].bareLetter {
            let bit = HaystackTable.startBit(letter)
            let negated = q.terms[0].term.negated
            return haystacks.withStorage { _, _, _, starts, _ in
                facets.withUnsafeBufferPointer { f in
                    source.filter { ((starts[Int($0)] | f[Int($0)].starts) & bit != 0) != negated }
                }
            }
        }
        let need = q.signature
        let checkPairs = need.pairs != SIMD4(repeating: 0)
        let terms = q.terms
        let words = (haystacks.count + 63) >> 6
        let (listedAt, decides, listed) = listedSlots(terms, sources: need.exact ? 0 : source.count)
        return haystacks.withStorage { text, start, length, starts, pairs in
            facets.withUnsafeBufferPointer { facets in
                terms.withUnsafeBufferPointer { terms in
                    listed.withUnsafeBufferPointer { listed in
                        func matches(_ slot: Int) -> Bool {
                            guard starts[slot] & need.starts == need.starts else { return false }
                            if checkPairs, (pairs[slot] & need.pairs) != need.pairs { return false }
                            if need.exact { return true }
                            let f = facets[slot]
                            for i in 0..<terms.count {
                                var isListed = true
                                if listedAt[i] >= 0 {
                                    isListed = listed[listedAt[i] + slot >> 6] >> UInt64(slot & 63) & 1 != 0
                                }
                                let decided = isListed && listedAt[i] >= 0 && decides[i]
                                if !AlertQuery.holds(
                                    terms[i],
                                    UnsafeBufferPointer(rebasing: text[start[slot]..<start[slot] + Int(length[slot])]),
                                    starts: starts[slot], pairs: pairs[slot], f, listed: isListed, decided: decided)
                                {
                                    return false
                                }
                            }
                            return true
                        }
                        if source.count < 4096 { return source.filter { matches(Int($0)) } }
                        // Many alerts to test: test them in slot order (the order their texts and
                        // signatures were stored in: one pass through memory instead of a jump or
                        // five per alert), then keep the source's order.
                        var wanted = [UInt64](repeating: whole ? .max : 0, count: words)
                        if whole {
                            if haystacks.count & 63 != 0 { wanted[words - 1] = (1 << UInt64(haystacks.count & 63)) - 1 }
                        } else {
                            for s in source { wanted[Int(s) >> 6] |= 1 << UInt64(s & 63) }
                        }
                        var keep = [UInt64](repeating: 0, count: words)
                        for w in 0..<words {
                            var bits = wanted[w]
                            while bits != 0 {
                                let b = bits.trailingZeroBitCount
                                bits &= bits - 1
                                if matches(w << 6 | b) { keep[w] |= 1 << UInt64(b) }
                            }
                        }
                        return source.filter { keep[Int($0) >> 6] & (1 << UInt64($0 & 63)) != 0 }
                    }
                }
            }
        }
    }

    /// For each term of `terms`, where its bitset of the slots the word-start index lists
    /// (`HaystackTable.wordStarts` of `AlertQuery.Term.indexedWord`) starts in the bits
    /// (-1: none asked) and whether that list decides the term's text (`indexDecides`); one
    /// bit a slot. Only worth building for many sources: each costs its list and n / 8 bytes.
    private func listedSlots(_ terms: [AlertQuery.Term], sources: Int) -> (at: [Int], decides: [Bool], bits: [UInt64]) {
        var at = [Int](repeating: -1, count: terms.count)
        var decides = [Bool](repeating: false, count: terms.count)
        var bits: [UInt64] = []
        guard sources >= 64 else { return (at, decides, bits) }
        let words = (haystacks.count + 63) >> 6
        for (i, t) in terms.enumerated() where t.searchesText {
            guard let w = t.indexedWord, let (slots, length) = haystacks.wordStarts(w) else { continue }
            at[i] = bits.count
            decides[i] = t.indexDecides(length: length)
            bits.append(contentsOf: repeatElement(0, count: words))
            for s in slots { bits[at[i] + Int(s) >> 6] |= 1 << UInt64(s & 63) }
        }
        return (at, decides, bits)
    }

    /// The first `limit` alerts in display order whose subject holds every word of `raw`
    /// (bare words read as subject words; prefixes and `!` as in the filter): merge
    /// completion (issue 13, item 4). One scan of the list; the filter is not changed.
    func subjectMatches(_ raw: String, limit: Int) -> [String] {
        var q = SearchQuery(folded: Array(fold(raw).utf8))
        guard !q.isEmpty else { return [] }
        for i in q.terms.indices where q.terms[i].field == nil { q.terms[i].field = .subject }
        return filtered(orderSlots(), AlertQuery(q, vocabulary: vocabulary)).prefix(limit).map {
            items[Int($0)].id
        }
    }

    /// True when alert `id`'s subject holds every word of `raw` (as `subjectMatches`).
    func matches(_ raw: String, id: String) -> Bool {
        guard let slot = slotOf[id] else { return false }
        var q = SearchQuery(folded: Array(fold(raw).utf8))
        for i in q.terms.indices where q.terms[i].field == nil { q.terms[i].field = .subject }
        return !filtered(CollectionOfOne(slot), AlertQuery(q, vocabulary: vocabulary)).isEmpty
    }

    private func key(of a: AlertItem, slot: Int32) -> Key {
        var k = Key(
            time: a.receivedAt.epochNanoseconds, slot: slot, done: a.status.isDone, rank: UInt8(a.priority.rank),
            band: a.band(at: clock).rawValue)
        let down = sort.descending
        switch sort.column {
        case .priority:
            // Descending is critical first (rank 0), the default, which the rank gives alone.
            if !down { k.primary = -Int64(k.rank) }
        case .age:
            // Descending is the oldest (the greatest age) first.
            k.primary = down ? k.time : -k.time
        case .status:
            let i = Int64(AlertRowStatus.allCases.firstIndex(of: a.status) ?? 0)
            k.primary = down ? -i : i
        case .id, .source, .subject, .location, .owner:
            k.flip = down
            switch sort.column {
            case .id: k.text = a.id
            case .source: k.text = fold(a.source)
            case .subject: k.text = fold(a.subject)
            case .location: k.text = fold(a.location)
            default: k.text = fold(a.owner)
            }
        }
        return k
    }

    /// What the filter reads of an alert, field-marked as `SearchText` marks it (folded by
    /// `fold` in one call): id, subject, location, source as shown, owner, the owning and responsible unit
    /// codes, then `searchExtra` (references, species, commodity, notes, source country).
    /// Status, priority, source kind and unit names are not here: `AlertQuery` matches
    /// them through the vocabulary and the slot's facets.
    static func searchText(_ a: AlertItem) -> String {
        func m(_ f: SearchField) -> String { String(Unicode.Scalar(f.rawValue)) }
        var s = m(.id) + AlertItem.withoutControls(a.id) + m(.subject) + AlertItem.withoutControls(a.subject)
        if !a.location.isEmpty { s += m(.location) + AlertItem.withoutControls(a.location) }
        if !a.source.isEmpty { s += m(.source) + AlertItem.withoutControls(a.source) }
        if !a.owner.isEmpty { s += m(.other) + AlertItem.withoutControls(a.owner) }
        if !a.unit.isEmpty { s += m(.unit) + AlertItem.withoutControls(a.unit) }
        if let r = a.responsibleUnit, !r.isEmpty, r != a.unit { s += m(.unit) + AlertItem.withoutControls(r) }
        return s + a.searchExtra
    }

    private func searchText(_ a: AlertItem) -> String { Self.searchText(a) }

    private func lowerBound(_ list: [Key], _ k: Key) -> Int { list.partitionPoint { !($0 < k) } }

    private func insert(_ k: Key, into list: inout [Key]) { list.insert(k, at: lowerBound(list, k)) }

    private func remove(_ k: Key, from list: inout [Key]) {
        let i = lowerBound(list, k)
        if i < list.count, list[i] == k { list.remove(at: i) }
    }

    /// True for bytes that belong to a word: ASCII letters and digits, and every byte of
    /// a non-ASCII scalar (folded text keeps only CJK, emoji and the like there).
    @inline(__always) static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b >= 0x80
    }
}

/// A column the Alerts pane can sort by, in the order the pane shows them (`<` and `>`
/// move along it).
public enum AlertSortColumn: Int, Sendable, Hashable, CaseIterable {
    case age, id, priority, source, subject, location, status, owner
}

/// How the Alerts pane is sorted (issue 13, item 2): a column and a direction. Descending
/// means the greatest value first: the highest priority, the oldest alert (the greatest
/// age), Z before A, the last status of the lifecycle (`AlertRowStatus` order) first. Open
/// alerts stay before closed and merged ones whatever the sort; ties keep the default order.
public struct AlertSort: Sendable, Hashable {
    public var column: AlertSortColumn
    public var descending: Bool

    public init(column: AlertSortColumn, descending: Bool) {
        self.column = column
        self.descending = descending
    }

    /// The default: priority, critical first, then the oldest waiting (issue 4, item 2).
    public static let standard = AlertSort(column: .priority, descending: true)

    /// The direction a column starts in when the sort moves to it: the most urgent first
    /// (highest priority, oldest), text from A to Z, status in lifecycle order.
    public static func initial(_ c: AlertSortColumn) -> AlertSort {
        AlertSort(column: c, descending: c == .priority || c == .age)
    }
}

/// The search texts of every alert, built on a worker thread by `AlertStore.replaceAll`
/// (the start-up's rows), so the first frame does not wait for them. `table` waits for the
/// build; the result is the table `replaceAll` built in place before, byte for byte.
final class HaystackBuild: @unchecked Sendable {
    private let group = DispatchGroup()
    /// Written by the worker before the group is left, read only after `group.wait()`.
    private var built = HaystackTable()

    /// Starts building the folded (`fold`) search texts of `all`, slot by slot.
    init(_ all: [AlertItem], fold: @escaping @Sendable (String) -> String) {
        DispatchQueue.global(qos: .userInitiated).async(group: group) { [self] in
            var h = HaystackTable()
            h.reserveCapacity(all.count)
            for a in all { h.append(Array(fold(AlertStore.searchText(a)).utf8)) }
            built = h
        }
    }

    /// The table, once built (waits for the worker the first time).
    var table: HaystackTable {
        group.wait()
        return built
    }
}
