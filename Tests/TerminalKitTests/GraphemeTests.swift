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
