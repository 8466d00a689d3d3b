/// Terminal column widths of text, per grapheme cluster (what the officer sees as one
/// character).
///
/// Rules (after Unicode UAX #11 and the practice of wcwidth(3) in current terminals):
/// - a cluster whose first scalar is East Asian Wide or Fullwidth, or that is presented
///   as emoji (emoji presentation by default, or followed by VS16 U+FE0F), is 2 columns;
/// - combining marks, variation selectors and ZWJ inside a cluster add nothing, so
///   Vietnamese "ệ" is 1 column whether precomposed (U+1EC7) or decomposed
///   (e + U+0323 + U+0302);
/// - a cluster made only of zero-width scalars is 0 columns;
/// - everything else is 1 column. Control characters never reach the width function:
///   `Sanitizer` replaces them with visible markers first.
public enum TextWidth {
    /// Columns taken by one grapheme cluster: 0, 1 or 2.
    public static func of(_ c: Character) -> Int {
        let scalars = c.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.value < 0x7F { return first.value < 0x20 ? 0 : 1 }  // ASCII fast path
        var sawVS16 = false
        var allZero = true
        for s in scalars {
            if s.value == 0xFE0F { sawVS16 = true }
            if !isZeroWidth(s) { allZero = false }
        }
        if allZero { return 0 }
        if isWide(first.value) { return 2 }
        if first.properties.isEmojiPresentation { return 2 }
        if sawVS16 && first.properties.isEmoji { return 2 }
        // Regional indicator pairs (flags) are shown 2 wide.
        if (0x1F1E6...0x1F1FF).contains(first.value) { return 2 }
        return 1
    }

    /// Columns taken by a string: the sum over its grapheme clusters. ASCII text (the bulk
    /// of every table) is measured from its UTF-8 bytes without grapheme breaking: each
    /// printable byte is one column, each control byte none, as `of(_: Character)` says.
    public static func of(_ s: String) -> Int {
        if let w = asciiWidth(s) { return w }
        if let w = oneColumnScalarsWidth(s) { return w }
        var w = 0
        for c in s { w += of(c) }
        return w
    }

    /// The width of `s` when it is all ASCII below DEL (U+007F), else nil.
    @inline(__always)
    static func asciiWidth(_ s: String) -> Int? {
        var s = s
        return s.withUTF8 { bytes -> Int? in
            var w = 0
            for b in bytes {
                if b >= 0x7F { return nil }
                if b >= 0x20 { w += 1 }
            }
            return w
        }
    }

    /// The width of `s` when every scalar is `isOneColumnScalar` (one column each), else nil.
    @inline(__always)
    static func oneColumnScalarsWidth(_ s: String) -> Int? {
        var w = 0
        for u in s.unicodeScalars {
            guard isOneColumnScalar(u.value) else { return nil }
            w += 1
        }
        return w
    }

    /// True for the scalars that are always a grapheme cluster of their own between two
    /// such scalars, one column wide, and drawn as they are (`Sanitizer` replaces none):
    /// printable ASCII, the Latin-1 letters (U+00C0…U+024F with Latin Extended-A and -B),
    /// the middle dot U+00B7, Latin Extended Additional U+1E00…U+1EFF (precomposed
    /// Vietnamese: "ệ" U+1EC7) and box drawing U+2500…U+257F. None is a mark, a format
    /// character or East Asian Wide; `Grid.put` and `of(_: String)` need no grapheme
    /// breaking for text made only of them (pinned for every one by a test).
    @inline(__always)
    public static func isOneColumnScalar(_ v: UInt32) -> Bool {
        (v >= 0x20 && v < 0x7F) || (v >= 0xC0 && v <= 0x24F) || v == 0xB7 || (v >= 0x1E00 && v <= 0x1EFF)
            || (v >= 0x2500 && v <= 0x257F)
    }

    /// True for scalars that take no column of their own: combining marks (Mn, Me),
    /// format characters such as ZWJ/ZWNJ, variation selectors, and Hangul medial/final jamo.
    public static func isZeroWidth(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v == 0x200B || v == 0x200C || v == 0x200D || v == 0x2060 || v == 0xFEFF { return true }
        if (0xFE00...0xFE0F).contains(v) || (0xE0100...0xE01EF).contains(v) { return true }
        if (0x1160...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v) { return true }
        if (0x1F3FB...0x1F3FF).contains(v) { return true }  // skin-tone modifiers join the emoji before them
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return true
        case .format: return v != 0x00AD
        default: return false
        }
    }

    /// East Asian Wide (W) and Fullwidth (F) ranges, plus the emoji blocks that
    /// terminals draw two columns wide.
    public static func isWide(_ v: UInt32) -> Bool {
        if v < 0x1100 { return false }
        for r in wideRanges where r.contains(v) { return true }
        return false
    }

    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0...0x23F0, 0x23F3...0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693, 0x26A1...0x26A1,
        0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE, 0x26D4...0x26D4, 0x26EA...0x26EA,
        0x26F2...0x26F3, 0x26F5...0x26F5, 0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B,
        0x2728...0x2728, 0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755, 0x2757...0x2757, 0x2795...0x2797,
        0x27B0...0x27B0, 0x27BF...0x27BF, 0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x16FE0...0x16FE4, 0x17000...0x187F7, 0x18800...0x18CD5, 0x1AFF0...0x1B2FF,
        0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251,
        0x1F260...0x1F265, 0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C, 0x1F37E...0x1F393,
        0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4...0x1F3F4, 0x1F3F8...0x1F43E,
        0x1F440...0x1F440, 0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567,
        0x1F57A...0x1F57A, 0x1F595...0x1F596, 0x1F5A4...0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5,
        0x1F6CC...0x1F6CC, 0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7, 0x1F6DC...0x1F6DF, 0x1F6EB...0x1F6EC,
        0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB, 0x1F7F0...0x1F7F0, 0x1F90C...0x1F93A, 0x1F93C...0x1F945,
        0x1F947...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// The longest prefix of `s` that fits in `columns`, never cutting a wide cluster in
    /// half, and its width. When `ellipsis` is true and `s` does not fit, the last column
    /// becomes "…".
    public static func truncate(_ s: String, toColumns columns: Int, ellipsis: Bool = true) -> (String, Int) {
        guard columns > 0 else { return ("", 0) }
        let total = of(s)
        if total <= columns { return (s, total) }
        let budget = ellipsis ? columns - 1 : columns
        var out = ""
        var w = 0
        for c in s {
            let cw = of(c)
            if w + cw > budget { break }
            out.append(c)
            w += cw
        }
        if ellipsis {
            out.append("…")
            w += 1
        }
        return (out, w)
    }

    /// `s` truncated or padded with spaces to exactly `columns` columns.
    public static func fit(_ s: String, columns: Int, alignRight: Bool = false) -> String {
        let (t, w) = truncate(s, toColumns: columns)
        let pad = String(repeating: " ", count: max(0, columns - w))
        return alignRight ? pad + t : t + pad
    }

    /// The scalars of one grapheme cluster (a `Cell`'s text) that a cell-based terminal
    /// library such as ncurses can hold in one cell: the first scalar, then the scalars
    /// after it that take no column (`columns(s) == 0`: combining marks, variation
    /// selectors), at most `maxScalars` in all, and never ending in a joiner (ZWJ
    /// U+200D). ncurses keeps only such scalars (setcchar stops at the first spacing
    /// one), so an emoji ZWJ sequence such as "👨‍👩‍👧" is drawn as its first emoji, in the
    /// two columns the grid reserved — never as "👨" + a lone ZWJ that the terminal would
    /// join with whatever is drawn next. `columns` is the terminal's wcwidth(3); a
    /// negative answer counts as spacing.
    public static func cellScalars(
        _ text: String, maxScalars: Int, columns: (Unicode.Scalar) -> Int
    ) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        for s in text.unicodeScalars {
            if out.count == max(1, maxScalars) { break }
            if !out.isEmpty && columns(s) != 0 { break }
            out.append(s)
        }
        while out.count > 1, let last = out.last, last.value == 0x200D { out.removeLast() }
        return out
    }
}
