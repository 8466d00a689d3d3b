// The word index of the alert filter: the folded search texts with their signatures.

/// The folded search texts of the alert slots, one after another in one buffer (a scan
/// reads them in place: no array per alert to chase and retain), with two signatures per
/// slot that let a query rule an alert out without reading its text:
/// - `starts`: one bit per first byte of a word (digits and a–z have a bit each; other
///   bytes share the rest), so "has a word starting with `x`" is exact for a–z and 0–9;
/// - `pairs`: 256 bits, one per hashed first two bytes and one per hashed first three
///   bytes of a word (sparse enough that the second and third letters of a query rule out
///   most alerts that share its first letters).
/// A query needs the bits of each of its words (`Signature`); an alert lacking one cannot
/// match. Besides, an inverted index (`wordStarts(_:)`) lists, for the first two bytes of
/// any word and for the first three letters or digits of any word, the slots whose text has
/// such a word, so that a query's word of two or three bytes is answered, and a longer one
/// narrowed, without reading text.
/// The signatures and the index follow every assignment and append, so the store's code reads
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
    /// For each word start (`startKeys`: the first two bytes of a word, or its first three
    /// when they are a–z or 0–9), the slots whose text has one, ascending, each once.
    /// 65,536 + 46,656 lists (0.9 MB of empty ones); 4 bytes per distinct word start of each
    /// text.
    private var lists = [[Int32]](repeating: [], count: 1 << 16 + 36 * 36 * 36)

    var count: Int { start.count }

    /// The slots (ascending) whose text has a word starting with the first three bytes of
    /// `word` (when they are a–z or 0–9) or else its first two, and how many bytes of `word`
    /// that is (3 or 2); nil for a word of one byte (`starts` answers it). Exact, a lookup.
    func wordStarts(_ word: [UInt8]) -> (slots: [Int32], length: Int)? {
        guard word.count >= 2 else { return nil }
        if word.count >= 3, let k = Self.tripleKey(word[0], word[1], word[2]) { return (lists[k], 3) }
        return (lists[Int(word[0]) << 8 | Int(word[1])], 2)
    }

    /// The list of the first three bytes of a word, nil unless each is a–z or 0–9.
    @inline(__always) static func tripleKey(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int? {
        @inline(__always) func digit(_ x: UInt8) -> Int? {
            switch x {
            case 0x30...0x39: Int(x - 0x30)
            case 0x61...0x7A: Int(x - 0x61 + 10)
            default: nil
            }
        }
        guard let x = digit(a), let y = digit(b), let z = digit(c) else { return nil }
        return 1 << 16 + (x * 36 + y) * 36 + z
    }

    subscript(slot: Int) -> [UInt8] {
        get { Array(text[start[slot]..<start[slot] + Int(length[slot])]) }
        set {
            // The index changes only for the word starts the old and new texts do not share.
            let old = Self.startKeys(text[start[slot]..<start[slot] + Int(length[slot])])
            let new = Self.startKeys(newValue[...])
            let s = Int32(slot)
            for k in old where new.binarySearch(k) == nil {
                if let i = lists[k].binarySearch(s) { lists[k].remove(at: i) }
            }
            for k in new where old.binarySearch(k) == nil {
                let i = lists[k].partitionPoint { $0 >= s }
                lists[k].insert(s, at: i)
            }
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
        // The new slot is the greatest: appending keeps each list ascending.
        let slot = Int32(start.count - 1)
        for k in Self.startKeys(newText[...]) { lists[k].append(slot) }
    }

    /// The lists (of `lists`) of the word starts of `text`, ascending, each once: for each
    /// word of two bytes or more `a << 8 | b`, and `tripleKey` of its first three bytes when
    /// they are letters or digits. One pass and a sort of the starts found.
    static func startKeys(_ text: ArraySlice<UInt8>) -> [Int] {
        var keys: [Int] = []
        var previousIsWord = false
        var i = text.startIndex
        let end = text.endIndex
        while i < end {
            let isWord = AlertStore.isWordByte(text[i])
            if isWord, !previousIsWord, i + 1 < end, AlertStore.isWordByte(text[i + 1]) {
                keys.append(Int(text[i]) << 8 | Int(text[i + 1]))
                if i + 2 < end, let k = tripleKey(text[i], text[i + 1], text[i + 2]) { keys.append(k) }
            }
            previousIsWord = isWord
            i += 1
        }
        keys.sort()
        var unique = 0
        for k in keys where unique == 0 || keys[unique - 1] != k {
            keys[unique] = k
            unique += 1
        }
        keys.removeLast(keys.count - unique)
        return keys
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

        /// Needs nothing (every slot passes), exact.
        init() {}

        /// Also needs the bits of `words` (a query's words, folded).
        mutating func add(_ words: [[UInt8]]) {
            for w in words where !w.isEmpty {
                starts |= HaystackTable.startBit(w[0])
                if w.count >= 2 { pairs |= HaystackTable.pairBit(w[0], w[1]) }
                if w.count >= 3 { pairs |= HaystackTable.tripleBit(w[0], w[1], w[2]) }
                if w.count > 1 || !HaystackTable.isExactStart(w[0]) { exact = false }
            }
        }

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

extension Array where Element: Comparable {
    /// The index of `x` in this ascending array, nil when it is not there (a binary search).
    func binarySearch(_ x: Element) -> Int? {
        let i = partitionPoint { $0 >= x }
        return i < count && self[i] == x ? i : nil
    }
}
