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
