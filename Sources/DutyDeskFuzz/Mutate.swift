// Inputs for the fuzz targets: hostile values and byte-level mutations of valid inputs.
import DutyDeskDomain

extension SeededGenerator {
    /// A number in `lo...hi`.
    mutating func between(_ lo: Int, _ hi: Int) -> Int { lo + below(hi - lo + 1) }
    /// A random byte.
    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
    /// A length that is usually small and now and then large, at most `max`.
    mutating func length(max: Int) -> Int {
        switch below(10) {
        case 0..<6: return below(min(max, 16) + 1)
        case 6..<9: return below(min(max, 512) + 1)
        default: return below(max + 1)
        }
    }
}

/// Values a hostile or careless sender puts in a field.
public enum Hostile {
    /// Byte strings: control bytes, terminal escapes, NUL, BOMs, bidi controls, invalid
    /// UTF-8, line ends of every kind, quotes and separators, huge numbers, JSON escapes.
    public static let chunks: [[UInt8]] = [
        [0x00], [0x07], [0x08], [0x1B], [0x7F], [0x0D], [0x0A], [0x0D, 0x0A], [0x0A, 0x0D], [0x09], [0x0C],
        Array("\u{1B}[2J\u{1B}[H".utf8),  // clear the screen
        Array("\u{1B}]0;pwned\u{07}".utf8),  // window title
        Array("\u{1B}]52;c;aGVsbG8=\u{07}".utf8),  // clipboard (OSC 52)
        Array("\u{1B}P+q544e\u{1B}\\".utf8),  // DCS
        [0xC2, 0x9B], [0xC2, 0x85], [0x9B], [0x85],  // C1 CSI and NEL, encoded and raw
        [0xEF, 0xBB, 0xBF], [0xFE, 0xFF], [0xFF, 0xFE],  // BOMs
        Array("\u{202E}gnp.exe\u{202C}".utf8), Array("\u{2066}\u{2069}".utf8), Array("\u{200F}".utf8),
        [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF8, 0x88],
        Array("👨‍👩‍👧".utf8), Array("e\u{301}\u{301}\u{301}".utf8), Array("\u{200D}".utf8),
        Array("Cửa khẩu Móng Cái".utf8), Array("tê tê".utf8),
        Array("\"".utf8), Array("\"\"".utf8), Array(",".utf8), Array(",,,".utf8), Array("\",\"".utf8),
        Array("NA".utf8), Array("\"NA\"".utf8),
        Array("99999999999999999999999999999999".utf8), Array("-9223372036854775809".utf8),
        Array("18446744073709551616".utf8), Array("1e999999".utf8), Array("-0".utf8), Array("NaN".utf8),
        Array("0x1F".utf8), Array("1.0e-400".utf8), Array("99999999999999999999d".utf8),
        Array("\\u0000".utf8), Array("\\ud800".utf8), Array("\\udc00\\ud800".utf8), Array("\\".utf8),
        Array("{".utf8), Array("}".utf8), Array("[".utf8), Array("]".utf8), Array(":".utf8),
        Array("{\"a\":".utf8), Array("null".utf8), Array("true".utf8),
        Array("9999-12-31T23:59:59Z".utf8), Array("0000-01-01T00:00:00Z".utf8),
        Array("1677-09-21T00:12:43Z".utf8), Array("2262-04-11T23:47:16Z".utf8), Array("1700-01-01T00:00:00Z".utf8),
        Array("31/12/9999 23:59".utf8), Array("01/01/0001".utf8), Array("29/02/2021".utf8),
        Array("2021-09-01T08:00:00+07:00".utf8), Array("05/09/2021 08:30".utf8),
    ]

    /// One hostile value: a chunk, a long run of one, or a very long field.
    public static func value(_ rng: inout SeededGenerator, maxBytes: Int) -> [UInt8] {
        switch rng.below(10) {
        case 0..<7: return rng.pick(chunks)
        case 7, 8:
            let c = rng.pick(chunks)
            let times = rng.length(max: max(1, maxBytes / max(1, c.count) / 4))
            return Array([[UInt8]](repeating: c, count: max(1, times)).joined())
        default:
            // A very long field of ordinary text.
            return [UInt8](repeating: rng.pick(Array("xX 9é".utf8)), count: rng.length(max: maxBytes / 2))
        }
    }

    /// Random bytes drawn mostly from `alphabet` (the input's structural bytes), sometimes any byte.
    public static func bytes(_ rng: inout SeededGenerator, count: Int, alphabet: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(rng.chance(80) ? rng.pick(alphabet) : rng.byte()) }
        return out
    }
}

/// Byte-level mutations of a valid input, kept under a size bound.
public enum Mutate {
    /// Applies 1…`maxSteps` random mutations to `input` (never growing it past `maxBytes`).
    public static func bytes(_ input: [UInt8], _ rng: inout SeededGenerator, maxSteps: Int = 6, maxBytes: Int)
        -> [UInt8]
    {
        var b = input
        for _ in 0..<rng.between(1, maxSteps) { step(&b, &rng, maxBytes: maxBytes) }
        if b.count > maxBytes { b.removeSubrange(maxBytes...) }
        return b
    }

    /// One mutation: a bit flip, a byte set to a hostile value, a hostile chunk inserted,
    /// a range deleted or duplicated, a truncation, a garbage tail, line ends changed.
    public static func step(_ b: inout [UInt8], _ rng: inout SeededGenerator, maxBytes: Int) {
        let room = max(0, maxBytes - b.count)
        switch rng.below(12) {
        case 0, 1:
            guard !b.isEmpty else { return }
            b[rng.below(b.count)] ^= UInt8(1 << rng.below(8))
        case 2:
            guard !b.isEmpty else { return }
            b[rng.below(b.count)] = rng.pick([0x00, 0x0A, 0x0D, 0x22, 0x2C, 0x5C, 0x7B, 0x7D, 0x1B, 0xFF, 0x80, 0x20])
        case 3, 4:
            let v = Hostile.value(&rng, maxBytes: max(1, room))
            guard v.count <= room else { return }
            b.insert(contentsOf: v, at: rng.below(b.count + 1))
        case 5:
            guard !b.isEmpty else { return }
            let s = rng.below(b.count)
            b.removeSubrange(s..<min(b.count, s + rng.length(max: 64) + 1))
        case 6:
            guard !b.isEmpty else { return }
            let s = rng.below(b.count)
            let e = min(b.count, s + rng.length(max: 256) + 1)
            guard e - s <= room else { return }
            b.insert(contentsOf: b[s..<e], at: rng.below(b.count + 1))
        case 7:
            guard !b.isEmpty else { return }
            b.removeSubrange(rng.below(b.count)...)
        case 8:
            let tail = Hostile.bytes(
                &rng, count: min(room, rng.length(max: 128)), alphabet: Array("{}\",:\n\r 0a".utf8))
            b += tail
        case 9:
            // Line ends: every LF made CR (a classic Mac file) or CRLF.
            if rng.chance(50) {
                for i in b.indices where b[i] == 0x0A { b[i] = 0x0D }
            } else {
                var out: [UInt8] = []
                out.reserveCapacity(b.count + b.count / 16)
                for c in b {
                    if c == 0x0A { out.append(0x0D) }
                    out.append(c)
                }
                if out.count <= maxBytes { b = out }
            }
        case 10:
            // A BOM at the start of a line.
            let lines = b.indices.filter { b[$0] == 0x0A }
            let at = lines.isEmpty ? 0 : rng.pick(lines) + 1
            if room >= 3 { b.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: at) }
        default:
            // Swap two lines.
            var lines = b.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            guard lines.count > 2 else { return }
            lines.swapAt(rng.below(lines.count), rng.below(lines.count))
            b = Array(lines.joined(separator: [0x0A]))
        }
    }
}

/// The year guard of `FuzzConfig.skipOutOfRangeYears`: whether `bytes` hold a number a
/// time parser may read as a year outside 1900–2200 (a run of 3 or 4 digits followed by
/// `-` or preceded by `/`, or the digits at the start of a time; not a fraction of a second).
public func holdsOutOfRangeYear<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
    let b = Array(bytes)
    var i = 0
    while i < b.count {
        guard b[i] >= 0x30 && b[i] <= 0x39 else {
            i += 1
            continue
        }
        var j = i
        var v = 0
        while j < b.count, b[j] >= 0x30, b[j] <= 0x39 {
            if j - i < 6 { v = v * 10 + Int(b[j] - 0x30) }
            j += 1
        }
        let n = j - i
        let dash = j < b.count && b[j] == 0x2D
        let slash = i > 0 && b[i - 1] == 0x2F
        let fraction = i > 0 && b[i - 1] == 0x2E
        if (3...4).contains(n), !fraction, dash || slash || i == 0, !(1900...2200).contains(v) { return true }
        if n >= 5, dash || slash { return true }
        i = j
    }
    return false
}
