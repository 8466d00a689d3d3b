import DutyDeskDomain
import DutyDeskJSON

/// The alert list behind the Alerts pane: every alert once, a sorted index kept up to date
/// one alert at a time, and an incremental filter (word prefixes, diacritics ignored).
///
/// Order (issue 4, item 2): open alerts before closed/merged ones, then priority
/// (critical first), then receipt time (oldest waiting first), then arrival order.
/// Changing one alert costs a binary search plus one array move, never a re-sort; a
/// filter query that extends the previous one filters the previous result only (scale
/// issue: 100k alerts, ≤ 2 ms per keypress).
struct AlertStore: Sendable {
    /// Sort key of one alert; `slot` indexes `items`.
    struct Key: Comparable, Sendable, Hashable {
        var done: Bool
        var rank: UInt8
        var time: Int64
        var slot: Int32
        static func < (a: Key, b: Key) -> Bool {
            if a.done != b.done { return !a.done }
            if a.rank != b.rank { return a.rank < b.rank }
            if a.time != b.time { return a.time < b.time }
            return a.slot < b.slot
        }
    }

    private(set) var items: [AlertItem] = []
    private var slotOf: [String: Int32] = [:]
    /// Folded search text of each slot (UTF-8 bytes; see `fold`), with a word index.
    private var haystacks = HaystackTable()
    /// How many times the search texts were compacted (see `HaystackTable`).
    var searchTextCompactions: Int { haystacks.compactions }
    /// Keys of all alerts in display order.
    private(set) var order: [Key] = []
    /// The folding used for search; the domain's diacritic-insensitive fold.
    let fold: @Sendable (String) -> String

    /// The folded query, empty when no filter is active.
    private(set) var query: [UInt8] = []
    /// Keys matching `query`, in display order (only meaningful when `query` is not empty).
    private var matches: [Key] = []

    init(fold: @escaping @Sendable (String) -> String) { self.fold = fold }

    var count: Int { items.count }
    var isFiltered: Bool { !query.isEmpty }
    /// Number of rows the pane shows.
    var visibleCount: Int { query.isEmpty ? order.count : matches.count }

    /// The alert shown at row `i` of the pane.
    func visible(_ i: Int) -> AlertItem { items[Int((query.isEmpty ? order : matches)[i].slot)] }

    func item(id: String) -> AlertItem? { slotOf[id].map { items[Int($0)] } }

    /// Every alert id, in no particular order (for completion of "duplicate of").
    var ids: Dictionary<String, Int32>.Keys { slotOf.keys }

    /// Row of `id` in the pane (after filtering), or nil when it is not shown.
    func row(of id: String) -> Int? {
        guard let slot = slotOf[id] else { return nil }
        let k = key(of: items[Int(slot)], slot: slot)
        let list = query.isEmpty ? order : matches
        let i = lowerBound(list, k)
        return i < list.count && list[i] == k ? i : nil
    }

    /// Inserts or replaces an alert, keeping the order and the filter result current.
    mutating func upsert(_ item: AlertItem) {
        trail = []
        if let slot = slotOf[item.id] {
            let old = key(of: items[Int(slot)], slot: slot)
            let new = key(of: item, slot: slot)
            let textChanged = searchText(items[Int(slot)]) != searchText(item)
            items[Int(slot)] = item
            if textChanged { haystacks[Int(slot)] = Array(fold(searchText(item)).utf8) }
            if old != new {
                remove(old, from: &order)
                insert(new, into: &order)
            }
            if !query.isEmpty {
                remove(old, from: &matches)
                if Self.contains(haystacks[Int(slot)], query) { insert(new, into: &matches) }
            }
        } else {
            let slot = Int32(items.count)
            items.append(item)
            slotOf[item.id] = slot
            haystacks.append(Array(fold(searchText(item)).utf8))
            let k = key(of: item, slot: slot)
            insert(k, into: &order)
            if !query.isEmpty, Self.contains(haystacks[Int(slot)], query) { insert(k, into: &matches) }
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
                items[Int(slot)] = a
                haystacks[Int(slot)] = Array(fold(searchText(a)).utf8)
            } else {
                slotOf[a.id] = Int32(items.count)
                items.append(a)
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
        slotOf = Dictionary(minimumCapacity: all.count)
        haystacks = HaystackTable()
        haystacks.reserveCapacity(all.count)
        for (i, a) in all.enumerated() {
            slotOf[a.id] = Int32(i)
            haystacks.append(Array(fold(searchText(a)).utf8))
        }
        resort()
    }

    /// Rebuilds the order (one sort) and the filter result from `items` and `haystacks`.
    private mutating func resort() {
        order = items.indices.map { key(of: items[$0], slot: Int32($0)) }
        order.sort()
        if !query.isEmpty {
            matches = filtered(order, query)
        }
    }

    /// Earlier results of the queries the current one extends, shortest first, so that
    /// Backspace returns to a result already computed. Dropped when alerts change.
    private var trail: [(query: [UInt8], matches: [Key])] = []

    /// Sets the filter text. A query that extends the previous one narrows the previous
    /// matches, checking only the words it added or extended; going back to a shorter query
    /// reuses its earlier result; any other query scans every alert once.
    mutating func setQuery(_ raw: String) {
        let q = Array(fold(raw.trimmingSpaces).utf8)
        if q == query { return }
        if q.isEmpty {
            query = []
            matches = []
            trail = []
            return
        }
        if !query.isEmpty { trail.append((query, matches)) }
        while let last = trail.last, !(q.count >= last.query.count && q.starts(with: last.query)) { trail.removeLast() }
        if let last = trail.last, last.query == q {
            trail.removeLast()
            query = q
            matches = last.matches
            return
        }
        query = q
        if let last = trail.last {
            // Every alert in the previous result already has the previous query's words; only
            // its last word (which may have grown) and the words after it need checking.
            matches = filtered(last.matches, Array(q[Self.settledPrefix(of: last.query, in: q)...]))
        } else {
            matches = filtered(order, q)
        }
    }

    /// How many bytes at the start of `extended` (a query that starts with `previous`) hold
    /// words of `previous` that `extended` leaves whole: all of `previous` when a separator
    /// follows it (or it ends with one), else up to the start of its last word, which
    /// `extended` may have made longer.
    static func settledPrefix(of previous: [UInt8], in extended: [UInt8]) -> Int {
        var i = previous.count
        if let last = previous.last, !isWordByte(last) { return i }
        if extended.count > i, !isWordByte(extended[i]) { return i }
        while i > 0, isWordByte(previous[i - 1]) { i -= 1 }
        return i
    }

    /// The keys of `source` whose haystack matches `q`, in the same order. The word index
    /// rules out most alerts without reading their text (and answers one-letter words
    /// alone); the others are checked with `contains`.
    private func filtered(_ source: [Key], _ q: [UInt8]) -> [Key] {
        let need = HaystackTable.Signature(query: q)
        let checkPairs = need.pairs != SIMD4(repeating: 0)
        return haystacks.withStorage { text, start, length, starts, pairs in
            q.withUnsafeBufferPointer { qp in
                func matches(_ slot: Int) -> Bool {
                    guard starts[slot] & need.starts == need.starts else { return false }
                    if checkPairs, (pairs[slot] & need.pairs) != need.pairs { return false }
                    if need.exact { return true }
                    let from = start[slot]
                    return Self.contains(UnsafeBufferPointer(rebasing: text[from..<from + Int(length[slot])]), qp)
                }
                if need.exact || source.count < 4096 { return source.filter { matches(Int($0.slot)) } }
                // Many texts to read: read them in slot order (the order they were stored
                // in, so mostly one pass through memory instead of a jump per alert), then
                // keep the source's order.
                let words = (start.count + 63) >> 6
                var wanted = [UInt64](repeating: 0, count: words)
                for k in source { wanted[Int(k.slot) >> 6] |= 1 << UInt64(k.slot & 63) }
                var keep = [UInt64](repeating: 0, count: words)
                for w in 0..<words {
                    var bits = wanted[w]
                    while bits != 0 {
                        let b = bits.trailingZeroBitCount
                        bits &= bits - 1
                        if matches(w << 6 | b) { keep[w] |= 1 << UInt64(b) }
                    }
                }
                return source.filter { keep[Int($0.slot) >> 6] & (1 << UInt64($0.slot & 63)) != 0 }
            }
        }
    }

    private func key(of a: AlertItem, slot: Int32) -> Key {
        Key(done: a.status.isDone, rank: UInt8(a.priority.rank), time: a.receivedAt.epochNanoseconds, slot: slot)
    }

    /// What the filter searches: id, source, subject, location, status, owner.
    private func searchText(_ a: AlertItem) -> String {
        a.id + "\u{1F}" + a.source + "\u{1F}" + a.subject + "\u{1F}" + a.location + "\u{1F}" + a.priority.rawValue
            + "\u{1F}" + a.status.rawValue + "\u{1F}" + a.owner
    }

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

    /// Word-prefix search, as the domain's `SearchFold.matches`: every word of the folded
    /// query must start some word of the folded text ("ho" finds "hổ" and "horn", not
    /// "phòng"). A longer query never matches more, so narrowing stays correct.
    static func contains(_ hay: [UInt8], _ query: [UInt8]) -> Bool {
        hay.withUnsafeBufferPointer { hp in query.withUnsafeBufferPointer { qp in contains(hp, qp) } }
    }

    /// `contains` over buffers (the filter's scan reads the texts in place).
    static func contains(_ hp: UnsafeBufferPointer<UInt8>, _ qp: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = qp.count
        while i < n {
            while i < n, !isWordByte(qp[i]) { i += 1 }
            let start = i
            while i < n, isWordByte(qp[i]) { i += 1 }
            if i > start, !hasWordPrefix(hp, qp, start, i - start) { return false }
        }
        return true
    }

    /// True when the token `q[start..<start+len]` starts a word of `h`.
    static func hasWordPrefix(
        _ h: UnsafeBufferPointer<UInt8>, _ q: UnsafeBufferPointer<UInt8>, _ start: Int, _ len: Int
    ) -> Bool {
        let hc = h.count
        if len > hc { return false }
        let first = q[start]
        var i = 0
        let last = hc - len
        while i <= last {
            if h[i] == first, i == 0 || !isWordByte(h[i - 1]) {
                var j = 1
                while j < len, h[i + j] == q[start + j] { j += 1 }
                if j == len { return true }
            }
            i += 1
        }
        return false
    }
}

/// The folded search texts of the alert slots, one after another in one buffer (a scan
/// reads them in place: no array per alert to chase and retain), with two signatures per
/// slot that let a query rule an alert out without reading its text:
/// - `starts`: one bit per first byte of a word (digits and a–z have a bit each; other
///   bytes share the rest), so "has a word starting with `x`" is exact for a–z and 0–9;
/// - `pairs`: 256 bits, one per hashed first two bytes and one per hashed first three
///   bytes of a word (sparse enough that the second and third letters of a query rule out
///   most alerts that share its first letters).
/// A query needs the bits of each of its words (`Signature`); an alert lacking one cannot
/// match. The signatures follow every assignment and append, so the store's code reads
/// and writes this table like the array of byte arrays it replaces. A replaced text is
/// appended and the old bytes left unused until they outweigh the live ones by half;
/// then the buffer is rewritten in slot order.
struct HaystackTable: Sendable {
    private var text: [UInt8] = []
    private var start: [Int] = []
    private var length: [Int32] = []
    /// Bytes of `text` no slot uses any more.
    private var unused = 0
    /// How many times `text` was rewritten without its unused bytes.
    private(set) var compactions = 0
    private var starts: [UInt64] = []
    private var pairs: [SIMD4<UInt64>] = []

    var count: Int { start.count }

    subscript(slot: Int) -> [UInt8] {
        get { Array(text[start[slot]..<start[slot] + Int(length[slot])]) }
        set {
            unused += Int(length[slot])
            start[slot] = text.count
            length[slot] = Int32(newValue.count)
            text.append(contentsOf: newValue)
            (starts[slot], pairs[slot]) = Self.signatures(newValue)
            if unused > 1 << 20, unused * 2 > text.count { compact() }
        }
    }

    /// Room for `n` slots (their texts grow as appended).
    mutating func reserveCapacity(_ n: Int) {
        start.reserveCapacity(n)
        length.reserveCapacity(n)
        starts.reserveCapacity(n)
        pairs.reserveCapacity(n)
    }

    mutating func append(_ newText: [UInt8]) {
        start.append(text.count)
        length.append(Int32(newText.count))
        text.append(contentsOf: newText)
        let (s, p) = Self.signatures(newText)
        starts.append(s)
        pairs.append(p)
    }

    /// Rewrites `text` with the live texts only, in slot order.
    private mutating func compact() {
        var packed: [UInt8] = []
        packed.reserveCapacity(text.count - unused)
        for slot in start.indices {
            let from = start[slot]
            start[slot] = packed.count
            packed.append(contentsOf: text[from..<from + Int(length[slot])])
        }
        text = packed
        unused = 0
        compactions += 1
    }

    /// Calls `body` with the text buffer, each slot's start and length in it, and the
    /// signatures of every slot.
    func withStorage<R>(
        _ body: (
            UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int32>,
            UnsafeBufferPointer<UInt64>, UnsafeBufferPointer<SIMD4<UInt64>>
        ) -> R
    ) -> R {
        text.withUnsafeBufferPointer { t in
            start.withUnsafeBufferPointer { st in
                length.withUnsafeBufferPointer { l in
                    starts.withUnsafeBufferPointer { s in pairs.withUnsafeBufferPointer { p in body(t, st, l, s, p) } }
                }
            }
        }
    }

    /// The bit of a word's first byte: 0–9 for digits, 10–35 for a–z (exact), 36–63 shared by the rest.
    @inline(__always) static func startBit(_ b: UInt8) -> UInt64 {
        switch b {
        case 0x30...0x39: return 1 << UInt64(b - 0x30)
        case 0x61...0x7A: return 1 << UInt64(b - 0x61 + 10)
        default: return 1 << UInt64(36 + Int(b) % 28)
        }
    }

    @inline(__always) static func isExactStart(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A)
    }

    /// The bit (of 256) of a word's first two bytes (hashed).
    @inline(__always) static func pairBit(_ a: UInt8, _ b: UInt8) -> SIMD4<UInt64> {
        bit(((UInt64(a) << 8 | UInt64(b)) &* 0x9E37_79B9_7F4A_7C15) >> 56)
    }

    /// The bit (of 256) of a word's first three bytes (hashed differently from pairs).
    @inline(__always) static func tripleBit(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> SIMD4<UInt64> {
        bit(((UInt64(a) << 16 | UInt64(b) << 8 | UInt64(c)) &* 0xC2B2_AE3D_27D4_EB4F) >> 56)
    }

    @inline(__always) static func bit(_ h: UInt64) -> SIMD4<UInt64> {
        var v = SIMD4<UInt64>(repeating: 0)
        v[Int(h >> 6)] = 1 << (h & 63)
        return v
    }

    static func signatures(_ text: [UInt8]) -> (UInt64, SIMD4<UInt64>) {
        var s: UInt64 = 0
        var p = SIMD4<UInt64>(repeating: 0)
        var previousIsWord = false
        let n = text.count
        for i in 0..<n {
            let b = text[i]
            let isWord = AlertStore.isWordByte(b)
            if isWord, !previousIsWord {
                s |= startBit(b)
                if i + 1 < n, AlertStore.isWordByte(text[i + 1]) {
                    p |= pairBit(b, text[i + 1])
                    if i + 2 < n, AlertStore.isWordByte(text[i + 2]) { p |= tripleBit(b, text[i + 1], text[i + 2]) }
                }
            }
            previousIsWord = isWord
        }
        return (s, p)
    }

    /// What a folded query needs of a slot's signatures: every word's first byte, and the
    /// first two and three bytes of longer words. `exact` when the signatures decide alone
    /// (every word one digit or letter a–z long).
    struct Signature {
        var starts: UInt64 = 0
        var pairs = SIMD4<UInt64>(repeating: 0)
        var exact = true

        init(query q: [UInt8]) {
            var i = 0
            let n = q.count
            while i < n {
                while i < n, !AlertStore.isWordByte(q[i]) { i += 1 }
                let start = i
                while i < n, AlertStore.isWordByte(q[i]) { i += 1 }
                guard i > start else { continue }
                starts |= HaystackTable.startBit(q[start])
                if i - start >= 2 { pairs |= HaystackTable.pairBit(q[start], q[start + 1]) }
                if i - start >= 3 { pairs |= HaystackTable.tripleBit(q[start], q[start + 1], q[start + 2]) }
                if i - start > 1 || !HaystackTable.isExactStart(q[start]) { exact = false }
            }
        }
    }
}
