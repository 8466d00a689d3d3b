import Testing

@testable import TerminalKit

/// Issue 12, item 6: extended grapheme clusters are one cell on screen, of the width the
/// grid reserved, and what reaches ncurses never ends in a lone joiner.
@Suite struct GraphemeTests {
    /// glibc's wcwidth for the scalars used here: emoji 2, regional indicators 1, joiners,
    /// variation selectors and combining marks 0, the rest 1.
    static func wcwidth(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v == 0x200D || (0xFE00...0xFE0F).contains(v) || (0x300...0x36F).contains(v) || v == 0x323 { return 0 }
        if (0x1F1E6...0x1F1FF).contains(v) { return 1 }
        if v >= 0x1F300 { return 2 }
        return 1
    }

    static let family = "👨\u{200D}👩\u{200D}👧"
    static let familyOfFour = "👨\u{200D}👩\u{200D}👧\u{200D}👦"
    static let flag = "🇻🇳"
    static let heart = "❤\u{FE0F}"
    static let thumbsTone = "👍🏽"
    static let decomposed = "e\u{323}\u{302}"  // ệ

    @Test func widths() {
        #expect(TextWidth.of(Character(Self.family)) == 2)
        #expect(TextWidth.of(Character(Self.familyOfFour)) == 2)
        #expect(TextWidth.of(Character(Self.flag)) == 2)
        #expect(TextWidth.of(Character(Self.heart)) == 2)
        #expect(TextWidth.of(Character(Self.thumbsTone)) == 2)
        #expect(TextWidth.of(Character(Self.decomposed)) == 1)
        #expect(TextWidth.of("a\(Self.family)b") == 4)
    }

    /// Each cluster is one cell (plus a continuation for width 2) and the text after it
    /// lands where the widths say.
    @Test func gridCellsPerCluster() {
        for (cluster, width) in [
            (Self.family, 2), (Self.familyOfFour, 2), (Self.flag, 2), (Self.heart, 2), (Self.thumbsTone, 2),
            (Self.decomposed, 1),
        ] {
            var g = Grid(width: 10, height: 1)
            g.put("[" + cluster + "]", x: 0, y: 0)
            #expect(g[0, 0].text == "[")
            #expect(g[1, 0].text == cluster, "\(cluster.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(Int(g[1, 0].width) == width)
            if width == 2 { #expect(g[2, 0].isContinuation) }
            #expect(g[1 + width, 0].text == "]")
            #expect(g.rowText(0).hasPrefix("[" + cluster + "]"))
        }
    }

    @Test func snapshotOfARowOfClusters() {
        var g = Grid(width: 16, height: 1)
        g.put("\(Self.family)|\(Self.flag)|\(Self.heart)|\(Self.decomposed)|", x: 0, y: 0)
        #expect(g.snapshot() == "\(Self.family)|\(Self.flag)|\(Self.heart)|\(Self.decomposed)|     |\n")
    }

    @Test func aLoneJoinerNeverStartsACell() {
        var g = Grid(width: 6, height: 1)
        g.put("\u{200D}ab", x: 0, y: 0)
        #expect(g.rowText(0) == "ab    ")
        g.put("x\u{200D}", x: 0, y: 0)
        // The joiner belongs to the cluster before it (Swift's grapheme rules).
        #expect(g[0, 0].text == "x\u{200D}")
        #expect(g[1, 0].text == "b")
    }

    /// What one ncurses cell is given: the first scalar and the zero-width ones after it,
    /// never a trailing ZWJ.
    @Test func cellScalarsForTheTerminal() {
        func scalars(_ s: String, max: Int = 5) -> String {
            String(String.UnicodeScalarView(TextWidth.cellScalars(s, maxScalars: max, columns: Self.wcwidth)))
        }
        #expect(scalars(Self.family) == "👨")
        #expect(scalars(Self.familyOfFour) == "👨")
        #expect(scalars(Self.flag) == "🇻")
        #expect(scalars(Self.heart) == Self.heart)
        #expect(scalars(Self.thumbsTone) == "👍")
        #expect(scalars(Self.decomposed) == Self.decomposed)
        #expect(scalars("a\u{200D}") == "a")
        #expect(scalars("e\u{301}\u{302}\u{303}", max: 2) == "e\u{301}")
        #expect(scalars("") == "")
        for s in [Self.family, Self.familyOfFour, "x\u{200D}\u{200D}"] {
            #expect(TextWidth.cellScalars(s, maxScalars: 5, columns: Self.wcwidth).last?.value != 0x200D)
        }
    }

    @Test func sanitizeKeepingLineFeeds() {
        #expect(Sanitizer.sanitizeKeepingLineFeeds("a\u{1B}]52;c;x\u{07}\nb\r\n\u{202E}") == "a␛]52;c;x␇\nb␍\n¤")
        #expect(Sanitizer.sanitizeKeepingLineFeeds("plain\ntext") == "plain\ntext")
    }
}

/// The one-column fast path of `Grid.put` and `TextWidth.of(_: String)` (issue 15): the
/// scalars it takes without grapheme breaking must be exactly what the general path
/// would make of them.
@Suite struct OneColumnScalarTests {
    static let ranges: [ClosedRange<UInt32>] = [
        0x20...0x7E, 0xB7...0xB7, 0xC0...0x24F, 0x1E00...0x1EFF, 0x2500...0x257F,
    ]
    static var all: [Unicode.Scalar] { ranges.flatMap { $0 }.compactMap(Unicode.Scalar.init) }

    @Test func everyOneIsOneColumnCleanAndAClusterOfItsOwn() {
        let all = Self.all
        #expect(all.count == 95 + 1 + 400 + 256 + 128)
        for u in all {
            #expect(TextWidth.isOneColumnScalar(u.value), "U+\(String(u.value, radix: 16))")
            #expect(TextWidth.of(Character(u)) == 1, "U+\(String(u.value, radix: 16))")
            #expect(Sanitizer.isClean(String(u)), "U+\(String(u.value, radix: 16))")
        }
        // Each next to every range's ends and a seeded sample of the others: never one cluster.
        let ends = Self.ranges.flatMap { [$0.lowerBound, $0.upperBound] }.compactMap(Unicode.Scalar.init)
        var rng = SystemRandomNumberGenerator()
        for u in all {
            for v in ends + (0..<8).map({ _ in all.randomElement(using: &rng)! }) {
                var s = String(u)
                s.unicodeScalars.append(v)
                #expect(s.count == 2, "U+\(String(u.value, radix: 16)) U+\(String(v.value, radix: 16))")
            }
        }
        // Just outside: a combining mark, NBSP, the soft hyphen, C1 controls are not taken.
        for v: UInt32 in [0x7F, 0x80, 0x9F, 0xA0, 0xAD, 0xBF, 0x250, 0x300, 0x1DFF, 0x1F00, 0x24FF, 0x2580] {
            #expect(!TextWidth.isOneColumnScalar(v))
        }
    }

    @Test func putAndWidthAgreeWithTheGeneralPath() {
        let all = Self.all
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let text = String(
                String.UnicodeScalarView(
                    (0..<Int.random(in: 0...30, using: &rng)).map { _ in
                        all.randomElement(using: &rng)!
                    }))
            let x = Int.random(in: -3...10, using: &rng)
            let maxWidth = Bool.random(using: &rng) ? nil : Int.random(in: 0...25, using: &rng)
            var fast = Grid(width: 24, height: 1)
            var slow = Grid(width: 24, height: 1)
            // A wide character under part of the text: both paths must repair it alike.
            _ = fast.put("象", x: 5, y: 0)
            _ = slow.put("象", x: 5, y: 0)
            let a = fast.put(text, x: x, y: 0, maxWidth: maxWidth)
            let limit = min(24, x + (maxWidth ?? 24))
            let b = x < 24 ? slow.putClusters(text, x: x, y: 0, limit: limit, style: .plain) : 0
            #expect(a == b && fast.rowText(0) == slow.rowText(0), "\(text) at \(x), \(String(describing: maxWidth))")
            #expect(fast == slow, "\(text) at \(x)")
            var cw = 0
            for c in text { cw += TextWidth.of(c) }
            #expect(TextWidth.of(text) == cw)
        }
    }
}
